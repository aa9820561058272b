//! Where readers report a record that is wrong (`feedback:` in `site.yaml`):
//! an email address, a web address or a phone number, read once with the
//! settings, and the link each record page makes of it with the record's
//! id, name and page filled in.
//!
//! - email: `mailto:` with the subject and body written;
//! - web address: `{id}`, `{name}` and `{url}` in it are replaced
//!   (percent-encoded); without any of them `record`, `name` and `url`
//!   are added to its query string;
//! - mobile number: `sms:` with the message written; other numbers: `tel:`
//!   (the page then shows the record's id to say on the phone).

use serde::Serialize;

use crate::urls::percent_encode;

/// Where reports go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "to", rename_all = "lowercase")]
pub enum Feedback {
    Email(String),
    Url(String),
    /// The number as written, and its `tel:` address or `sms:` number.
    Phone {
        text: String,
        dial: String,
        mobile: bool,
    },
}

/// What a report is about.
pub(crate) struct About<'a> {
    /// `venues/xiaocao-zhan`.
    pub id: &'a str,
    pub name: &'a str,
    /// The page's absolute URL.
    pub url: &'a str,
}

/// Reads `feedback:`; None when it is none of the three.
pub(crate) fn parse(text: &str) -> Option<Feedback> {
    let t = text.trim();
    if let Some(addr) = t.strip_prefix("mailto:") {
        return is_email(addr).then(|| Feedback::Email(addr.to_string()));
    }
    if t.starts_with("https://") || t.starts_with("http://") {
        let rest = t.split_once("://").map_or("", |(_, r)| r);
        let ok = !rest.is_empty()
            && !rest.starts_with('/')
            && !t
                .chars()
                .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>');
        return ok.then(|| Feedback::Url(t.to_string()));
    }
    if t.contains('@') {
        return is_email(t).then(|| Feedback::Email(t.to_string()));
    }
    let phone = crate::phone::parse(t).ok()?;
    Some(Feedback::Phone {
        text: t.to_string(),
        mobile: phone.kind == crate::phone::Kind::Mobile && phone.ext.is_none(),
        dial: phone.tel(),
    })
}

fn is_email(t: &str) -> bool {
    let Some((user, host)) = t.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !host.contains('@')
        && !t
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '?' | '&' | '/'))
}

impl Feedback {
    /// The link of one record's report. `subject` and `body` are the
    /// message's words (in the site's language), for email and text
    /// messages.
    pub(crate) fn href(&self, about: &About<'_>, subject: &str, body: &str) -> String {
        match self {
            Feedback::Email(addr) => format!(
                "mailto:{addr}?subject={}&body={}",
                percent_encode(subject),
                percent_encode(body)
            ),
            Feedback::Url(url) => fill(url, about),
            Feedback::Phone { dial, mobile, .. } if *mobile => {
                let number = dial.trim_start_matches("tel:");
                format!("sms:{number}?body={}", percent_encode(body))
            }
            Feedback::Phone { dial, .. } => dial.clone(),
        }
    }

    /// Whether the reader has to say which record they mean (a call).
    pub(crate) fn needs_id(&self) -> bool {
        matches!(self, Feedback::Phone { mobile: false, .. })
    }
}

const PLACES: [&str; 3] = ["{id}", "{name}", "{url}"];

fn fill(url: &str, about: &About<'_>) -> String {
    if PLACES.iter().any(|p| url.contains(p)) {
        return url
            .replace("{id}", &percent_encode(about.id))
            .replace("{name}", &percent_encode(about.name))
            .replace("{url}", &percent_encode(about.url));
    }
    let (base, fragment) = url
        .split_once('#')
        .map_or((url, None), |(b, f)| (b, Some(f)));
    let join = if base.contains('?') {
        if base.ends_with('?') || base.ends_with('&') {
            ""
        } else {
            "&"
        }
    } else {
        "?"
    };
    let mut out = format!(
        "{base}{join}record={}&name={}&url={}",
        percent_encode(about.id),
        percent_encode(about.name),
        percent_encode(about.url)
    );
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ABOUT: About<'static> = About {
        id: "venues/xiaocao",
        name: "小草 & 驿站",
        url: "https://example.org/venues/xiaocao/",
    };

    #[test]
    fn emails_carry_subject_and_body() {
        let f = parse(" jiucuo@example.org ").expect("an email");
        assert_eq!(f, Feedback::Email("jiucuo@example.org".into()));
        assert_eq!(parse("mailto:jiucuo@example.org"), Some(f.clone()));
        assert_eq!(
            f.href(&ABOUT, "信息有误", "a b"),
            "mailto:jiucuo@example.org?subject=%E4%BF%A1%E6%81%AF%E6%9C%89%E8%AF%AF&body=a%20b"
        );
        assert!(!f.needs_id());
        for bad in [
            "a@b",
            "@example.org",
            "a@@example.org",
            "a b@example.org",
            "a@.org",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn web_addresses_get_the_record_filled_in() {
        let f = parse("https://example.org/form?id={id}&n={name}").expect("a URL");
        assert_eq!(
            f.href(&ABOUT, "", ""),
            "https://example.org/form?id=venues%2Fxiaocao&n=%E5%B0%8F%E8%8D%89%20%26%20%E9%A9%BF%E7%AB%99"
        );
        let plain = parse("https://example.org/form#top").expect("a URL");
        assert_eq!(
            plain.href(&ABOUT, "", ""),
            "https://example.org/form?record=venues%2Fxiaocao&name=%E5%B0%8F%E8%8D%89%20%26%20%E9%A9%BF%E7%AB%99&url=https%3A%2F%2Fexample.org%2Fvenues%2Fxiaocao%2F#top"
        );
        let query = parse("https://example.org/f?lang=zh").expect("a URL");
        assert!(query
            .href(&ABOUT, "", "")
            .starts_with("https://example.org/f?lang=zh&record=venues%2Fxiaocao&"));
        for bad in ["https://", "http:///x", "https://a b", "ftp://example.org"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn mobiles_get_a_text_message_and_landlines_a_call() {
        let m = parse("138 0931 0000").expect("a mobile");
        assert_eq!(
            m.href(&ABOUT, "", "有误"),
            "sms:13809310000?body=%E6%9C%89%E8%AF%AF"
        );
        assert!(!m.needs_id());
        let l = parse("0931-8123456").expect("a landline");
        assert_eq!(l.href(&ABOUT, "", "有误"), "tel:0931-8123456");
        assert!(l.needs_id());
        assert_eq!(parse("请来电"), None);
    }
}
