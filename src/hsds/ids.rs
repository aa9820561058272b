//! Stable HSDS identifiers.
//!
//! HSDS wants a UUID for every object. Each one is a name-based UUID
//! (version 5) of the site's address, the object's type and the record's
//! id, so the same record gets the same UUID in every build, and two
//! directories that both have a record `xiaocao` still get different ones.
//! Objects that are parts of a record (a phone, an address, a schedule)
//! add what they are and their position to the record's name.

use sha1::{Digest, Sha1};
use uuid::Uuid;

/// The namespace of every yizhan HSDS UUID: the version-5 UUID of
/// `https://yizhan.org/hsds` in the URL namespace.
fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://yizhan.org/hsds")
}

/// Makes the UUIDs of one site.
#[derive(Clone)]
pub(crate) struct Ids {
    /// The hash with the site's UUID in it, the start of every one of
    /// its names (a version-5 UUID is the SHA-1 of its namespace and
    /// name). `sha1` uses the processor's SHA instructions where it has
    /// them; an open-data build makes some 400,000 UUIDs at 10,000
    /// organizations.
    site: Sha1,
}

impl Ids {
    /// `base_url` tells directories apart (the site's own address).
    pub(crate) fn new(base_url: &str) -> Ids {
        let site = Uuid::new_v5(&namespace(), base_url.trim_end_matches('/').as_bytes());
        Ids {
            site: Sha1::new_with_prefix(site.as_bytes()),
        }
    }

    /// The UUID of an object named `name` of type `kind`, e.g.
    /// (`organization`, `xiaocao`) or (`phone`, `organization/xiaocao/1`):
    /// the version-5 UUID of `kind:name` in the site's namespace.
    pub(crate) fn of(&self, kind: &str, name: &str) -> String {
        self.of_name(kind, &[name.as_bytes()])
    }

    /// The UUID of a part of a record named `owner/part`
    /// (`service/chahua/gansu/lanzhou`): [`Ids::of`] that name, without
    /// making it (an open-data build names some 200,000 parts at 10,000
    /// organizations).
    pub(crate) fn of_part(&self, kind: &str, owner: &str, part: &str) -> String {
        self.of_name(kind, &[owner.as_bytes(), b"/", part.as_bytes()])
    }

    /// The UUID of the `n`th part of a record, named `owner/n`
    /// (`organization/xiaocao/1`).
    pub(crate) fn of_nth(&self, kind: &str, owner: &str, n: usize) -> String {
        self.of_part(kind, owner, itoa::Buffer::new().format(n))
    }

    /// The UUID of `kind` and the name made of `pieces` one after another.
    fn of_name(&self, kind: &str, pieces: &[&[u8]]) -> String {
        let mut hash = self.site.clone();
        hash.update(kind.as_bytes());
        hash.update(b":");
        for piece in pieces {
            hash.update(piece);
        }
        let digest = hash.finalize();
        let mut bytes = [0; 16];
        bytes.copy_from_slice(&digest[..16]);
        let uuid = uuid::Builder::from_sha1_bytes(bytes).into_uuid();
        uuid.hyphenated()
            .encode_lower(&mut Uuid::encode_buffer())
            .to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_keeps_its_uuid_and_sites_and_kinds_differ() {
        let a = Ids::new("https://a.org/");
        assert_eq!(
            a.of("organization", "xiaocao"),
            a.of("organization", "xiaocao")
        );
        assert_eq!(
            a.of("organization", "xiaocao"),
            Ids::new("https://a.org").of("organization", "xiaocao")
        );
        assert_ne!(a.of("organization", "xiaocao"), a.of("location", "xiaocao"));
        assert_ne!(
            a.of("organization", "xiaocao"),
            Ids::new("https://b.org/").of("organization", "xiaocao")
        );
        let u = a.of("service", "chahua");
        let parsed = Uuid::parse_str(&u).expect("a UUID");
        assert_eq!(parsed.get_version_num(), 5);
        // The version-5 UUID of the name in the site's namespace.
        let site = Uuid::new_v5(&namespace(), b"https://a.org");
        assert_eq!(u, Uuid::new_v5(&site, b"service:chahua").to_string());
        // Published identifiers never change from one release to the next.
        assert_eq!(u, "e60ca95f-3d6a-5aff-b954-797fad9c3795");
        // A part's UUID is the UUID of its whole name.
        assert_eq!(
            a.of_nth("phone", "organization/xiaocao", 12),
            a.of("phone", "organization/xiaocao/12")
        );
        assert_eq!(
            a.of_part("service_area", "service/chahua", "gansu/lanzhou"),
            a.of("service_area", "service/chahua/gansu/lanzhou")
        );
        assert_ne!(
            a.of_nth("phone", "organization/xiaocao", 1),
            a.of_nth("phone", "organization/xiaocao", 2)
        );
    }
}
