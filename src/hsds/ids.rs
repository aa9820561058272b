//! Stable HSDS identifiers.
//!
//! HSDS wants a UUID for every object. Each one is a name-based UUID
//! (version 5) of the site's address, the object's type and the record's
//! id, so the same record gets the same UUID in every build, and two
//! directories that both have a record `xiaocao` still get different ones.
//! Objects that are parts of a record (a phone, an address, a schedule)
//! add what they are and their position to the record's name.

use uuid::Uuid;

/// The namespace of every yizhan HSDS UUID: the version-5 UUID of
/// `https://yizhan.org/hsds` in the URL namespace.
fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://yizhan.org/hsds")
}

/// Makes the UUIDs of one site.
#[derive(Clone, Debug)]
pub(crate) struct Ids {
    site: Uuid,
}

impl Ids {
    /// `base_url` tells directories apart (the site's own address).
    pub(crate) fn new(base_url: &str) -> Ids {
        Ids {
            site: Uuid::new_v5(&namespace(), base_url.trim_end_matches('/').as_bytes()),
        }
    }

    /// The UUID of an object named `name` of type `kind`, e.g.
    /// (`organization`, `xiaocao`) or (`phone`, `organization/xiaocao/1`).
    pub(crate) fn of(&self, kind: &str, name: &str) -> String {
        let mut key = String::with_capacity(kind.len() + 1 + name.len());
        key.push_str(kind);
        key.push(':');
        key.push_str(name);
        Uuid::new_v5(&self.site, key.as_bytes())
            .hyphenated()
            .to_string()
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
    }
}
