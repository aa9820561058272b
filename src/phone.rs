//! Phone numbers as editors write them, read as numbers a phone can dial.
//!
//! Recognised: mobile numbers (`138 0931 0000`, 11 digits from 13 to 19),
//! landlines with their area code (`0931-8123456`, `(0931) 812 3456`),
//! 400 and 800 numbers, short service numbers (`12345`, `12351`, `110`,
//! `95588`), and numbers in international form (`+86 931 812 3456`); each
//! may end in an extension (`转 12`, `分机 12`, `ext. 12`, `x12`). The
//! `tel:` address is made from the digits (RFC 3966; an extension becomes
//! `;ext=12`). Anything else is refused with where it goes wrong, so
//! `check` can warn at the right column.

/// What kind of number it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Mobile,
    Landline,
    /// 400 and 800 numbers.
    Hotline,
    /// 3 to 5 digits: 110, 12345, 95588.
    Service,
    International,
}

/// A number read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Phone {
    pub kind: Kind,
    /// The digits to dial, with `-` after a landline's area code and a
    /// leading `+` in international form.
    pub dial: String,
    pub ext: Option<String>,
}

impl Phone {
    /// The `tel:` address.
    pub(crate) fn tel(&self) -> String {
        match &self.ext {
            Some(ext) => format!("tel:{};ext={ext}", self.dial),
            None => format!("tel:{}", self.dial),
        }
    }
}

/// Why a text is not a number, and the character (0-based, in chars)
/// where the problem starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NotPhone {
    pub at: usize,
    pub reason: String,
}

/// Words that start an extension.
const EXTENSION: &[&str] = &["转", "分机", "ext.", "ext", "x", "X", "#"];

/// Reads one number.
pub(crate) fn parse(text: &str) -> Result<Phone, NotPhone> {
    let chars: Vec<char> = text.chars().map(fold).collect();
    let mut digits = String::new();
    let mut plus = false;
    let mut ext = None;
    let mut i = 0;
    // Where the area code ends, when brackets or a `-` show it.
    let mut area_end = None;
    while i < chars.len() {
        let c = chars[i];
        let rest: String = chars[i..].iter().collect();
        if c.is_ascii_digit() {
            digits.push(c);
        } else if c == '+' && digits.is_empty() && !plus {
            plus = true;
        } else if matches!(c, ' ' | '-' | '.' | '(' | ')') {
            if matches!(c, '-' | ')') && area_end.is_none() && digits.starts_with('0') {
                area_end = Some(digits.len());
            }
        } else if let Some(word) = EXTENSION.iter().find(|w| rest.starts_with(**w)) {
            let tail: String = rest[word.len()..].trim().to_string();
            if !digits.is_empty()
                && !tail.is_empty()
                && tail.chars().all(|c| c.is_ascii_digit())
                && tail.len() <= 6
            {
                ext = Some(tail);
                break;
            }
            return Err(NotPhone {
                at: i,
                reason: t!("phone-extension"),
            });
        } else {
            return Err(NotPhone {
                at: i,
                reason: t!("phone-character", char = c),
            });
        }
        i += 1;
    }
    let kind_and_dial = classify(&digits, plus, area_end);
    match kind_and_dial {
        Some((kind, dial)) => Ok(Phone { kind, dial, ext }),
        None => Err(NotPhone {
            at: 0,
            reason: describe(&digits, plus),
        }),
    }
}

/// Full-width digits and signs as their ASCII forms.
fn fold(c: char) -> char {
    match c {
        '０'..='９' | '＋' | '－' | '（' | '）' | '．' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '\u{3000}' => ' ',
        '—' | '–' | '−' => '-',
        c => c,
    }
}

fn classify(digits: &str, plus: bool, area_end: Option<usize>) -> Option<(Kind, String)> {
    let from_china = match (plus, digits) {
        (true, d) => d.strip_prefix("86"),
        (false, d) => d
            .strip_prefix("0086")
            .or_else(|| d.strip_prefix("86").filter(|r| is_mobile(r))),
    };
    if let Some(rest) = from_china {
        // +86 931 8123456 is 0931-8123456 dialled from abroad.
        if is_mobile(rest) {
            return Some((Kind::Mobile, format!("+86{rest}")));
        }
        let (_, landline) = domestic(&format!("0{rest}"), None)?;
        let (area, local) = landline.split_once('-')?;
        return Some((Kind::Landline, format!("+86-{}-{local}", &area[1..])));
    }
    if plus {
        return (8..=15)
            .contains(&digits.len())
            .then(|| (Kind::International, format!("+{digits}")));
    }
    domestic(digits, area_end)
}

/// 11 digits from 13 to 19.
fn is_mobile(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

fn domestic(digits: &str, area_end: Option<usize>) -> Option<(Kind, String)> {
    let n = digits.len();
    if is_mobile(digits) {
        return Some((Kind::Mobile, digits.to_string()));
    }
    if n == 10 && (digits.starts_with("400") || digits.starts_with("800")) {
        return Some((Kind::Hotline, digits.to_string()));
    }
    if (3..=5).contains(&n) && (digits.starts_with('1') || digits.starts_with('9')) {
        return Some((Kind::Service, digits.to_string()));
    }
    if digits.starts_with('0') && (10..=12).contains(&n) {
        // 010 and 02x are three digits with the 0; the others four.
        let area = match area_end {
            Some(a) if (3..=4).contains(&a) => a,
            _ if digits.starts_with("01") || digits.starts_with("02") => 3,
            _ => 4,
        };
        let local = &digits[area..];
        if (7..=8).contains(&local.len()) {
            return Some((Kind::Landline, format!("{}-{local}", &digits[..area])));
        }
    }
    None
}

fn describe(digits: &str, plus: bool) -> String {
    let n = digits.len();
    if n == 0 {
        t!("phone-no-digits")
    } else if !plus && (7..=8).contains(&n) && !digits.starts_with('0') {
        t!("phone-area-code")
    } else if digits.starts_with('1') && n != 11 && n > 5 {
        t!("phone-mobile-length", count = n)
    } else {
        t!("phone-digits", count = n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tel(text: &str) -> String {
        parse(text)
            .unwrap_or_else(|e| panic!("{text}: {}", e.reason))
            .tel()
    }

    #[test]
    fn the_numbers_editors_write_dial() {
        assert_eq!(tel("0931-8000201"), "tel:0931-8000201");
        assert_eq!(tel("(0931) 800 0201"), "tel:0931-8000201");
        assert_eq!(tel("09318000201"), "tel:0931-8000201");
        assert_eq!(tel("010-12345678"), "tel:010-12345678");
        assert_eq!(tel("138 0931 0000"), "tel:13809310000");
        assert_eq!(tel("１３８０９３１００００"), "tel:13809310000");
        assert_eq!(tel("400-123-4567"), "tel:4001234567");
        assert_eq!(tel("12351"), "tel:12351");
        assert_eq!(tel("12345"), "tel:12345");
        assert_eq!(tel("+86 138 0931 0000"), "tel:+8613809310000");
        assert_eq!(tel("+86 931 800 0201"), "tel:+86-931-8000201");
        assert_eq!(tel("+44 20 7946 0000"), "tel:+442079460000");
    }

    #[test]
    fn extensions_follow_rfc_3966() {
        assert_eq!(tel("138 0931 0000 转 12"), "tel:13809310000;ext=12");
        assert_eq!(tel("0931-8000201转12"), "tel:0931-8000201;ext=12");
        assert_eq!(tel("0931-8000201 分机 305"), "tel:0931-8000201;ext=305");
        assert_eq!(tel("0931-8000201 ext. 12"), "tel:0931-8000201;ext=12");
        assert_eq!(
            parse("0931-8000201 转 12").map(|p| p.kind),
            Ok(Kind::Landline)
        );
    }

    #[test]
    fn anything_else_is_refused_with_where() {
        let e = parse("8000201").expect_err("no area code");
        assert!(e.reason.contains("area code"), "{}", e.reason);
        let e = parse("1380931000").expect_err("10 digits");
        assert!(e.reason.contains("11 digits"), "{}", e.reason);
        let e = parse("0931-800020l").expect_err("a letter l");
        assert_eq!(e.at, 11);
        let e = parse("0931-8000201 转").expect_err("no extension");
        assert_eq!(e.at, 13);
        assert!(parse("电话").is_err());
    }
}
