//! Reading one cell's text as a value of a record field: lists, yes/no,
//! dates, coordinates, money, an organization's kind. Each returns the
//! value or why the text cannot be one, in words an editor can act on.

use chrono::NaiveDate;
use serde_yaml::{Mapping, Value};

/// Items of a list cell: `a、b`, `a，b`, `a; b`, one per line.
pub(crate) fn list(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', ';', '；', '\n', '|', '／'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// 是/否 and the ways a spreadsheet says them.
pub(crate) fn yes_no(text: &str) -> Result<bool, String> {
    match text.trim().to_lowercase().as_str() {
        "是" | "有" | "y" | "yes" | "true" | "1" | "√" | "✓" | "✔" | "对" | "已登记" | "已注册"
        | "免费" => Ok(true),
        "否" | "无" | "n" | "no" | "false" | "0" | "×" | "✗" | "✘" | "不" | "未登记" | "未注册"
        | "收费" => Ok(false),
        _ => Err(format!("`{text}` is neither 是 nor 否")),
    }
}

/// A date as `YYYY-MM-DD`, from `2024-08-06`, `2024/8/6`, `2024.8.6` or
/// `2024年8月6日`.
pub(crate) fn date(text: &str) -> Result<String, String> {
    let t = text.trim();
    let cleaned: String = t
        .chars()
        .map(|c| match c {
            '年' | '月' | '/' | '.' => '-',
            '日' | '号' => ' ',
            c => c,
        })
        .collect();
    let cleaned = cleaned.split_whitespace().next().unwrap_or_default();
    let parts: Vec<&str> = cleaned.split('-').collect();
    if let [y, m, d] = parts.as_slice() {
        if let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                return Ok(date.format("%Y-%m-%d").to_string());
            }
        }
    }
    Err(t!("cell-not-date", text = t))
}

/// A season `2024-07-01至2024-08-31` as `{ from, to }`.
pub(crate) fn season(text: &str) -> Result<Value, String> {
    let t = text.trim();
    let parts: Vec<&str> = t
        .split(['至', '到', '~', '～', '—', '–'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let (from, to) = match parts.as_slice() {
        [from, to] => (date(from)?, date(to)?),
        _ => {
            // `2024-07-01-2024-08-31`: split in the middle hyphen.
            let dashes: Vec<usize> = t.match_indices('-').map(|(i, _)| i).collect();
            match dashes.get(dashes.len() / 2) {
                Some(&i) if dashes.len() % 2 == 1 => (date(&t[..i])?, date(&t[i + 1..])?),
                _ => return Err(t!("cell-not-two-dates", text = t)),
            }
        }
    };
    if from > to {
        return Err(t!("cell-season-backwards", from = from, to = to));
    }
    let mut m = Mapping::new();
    m.insert("from".into(), from.into());
    m.insert("to".into(), to.into());
    Ok(Value::Mapping(m))
}

/// Two numbers, in either order (`103.82,36.06` or `36.06 103.82`): the
/// one that can only be a longitude in China is taken as the longitude.
pub(crate) fn coordinates(text: &str) -> Result<(f64, f64), String> {
    let numbers: Vec<f64> = text
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter(|s| !s.is_empty())
        .map(|s| finite(s).ok_or_else(|| t!("cell-not-number", text = s)))
        .collect::<Result<_, _>>()?;
    let [a, b] = numbers.as_slice() else {
        return Err(t!("cell-not-coordinates", text = text));
    };
    let (lat, lon) = if a.abs() <= 90.0 && b.abs() > 90.0 {
        (*a, *b)
    } else if b.abs() <= 90.0 && a.abs() > 90.0 {
        (*b, *a)
    } else if a.abs() <= 90.0 && b.abs() <= 90.0 {
        // Both could be latitudes (outside China's longitudes): take them
        // in the order 经纬度 says, longitude first.
        (*b, *a)
    } else {
        return Err(t!("cell-no-latitude", text = text));
    };
    Ok((lat, lon))
}

/// A plain number (`120`, `120平方米`, `120㎡`).
pub(crate) fn number(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let digits: String = t
        .trim_end_matches(['㎡', '米', '元', '²'])
        .trim_end_matches("平方")
        .trim_end_matches("平米")
        .trim_end_matches(['m', 'M'])
        .trim()
        .to_string();
    finite(&digits).ok_or_else(|| t!("cell-not-number", text = t))
}

/// A number as written, if it is one a cell can mean: `inf`, `NaN` and
/// digits past what a float holds (which parse as infinite) are not.
fn finite(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// `free`, or `{ amount, currency, note }` from `免费`, `20元/次`, `0`.
pub(crate) fn cost(text: &str) -> Value {
    let t = text.trim();
    if matches!(t, "免费" | "无" | "不收费" | "0" | "0元" | "free") {
        return "free".into();
    }
    let amount: String = t
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let mut m = Mapping::new();
    if let Ok(a) = amount.parse::<f64>() {
        m.insert("amount".into(), crate::import::number_value(a));
        m.insert("currency".into(), "CNY".into());
    }
    m.insert("note".into(), t.into());
    Value::Mapping(m)
}

/// An organization's kind from the words people use.
pub(crate) fn org_kind(text: &str) -> Result<&'static str, String> {
    let t = text.trim();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    Ok(if let Some(k) = crate::model::OrgKind::parse(t) {
        k.as_str()
    } else if has(&["工会"]) {
        "union"
    } else if has(&[
        "社会组织",
        "社会团体",
        "社团",
        "民办非企业",
        "民非",
        "基金会",
        "社工",
        "协会",
        "志愿",
    ]) {
        "social-organization"
    } else if has(&["社区", "居委会", "村委会"]) {
        "community"
    } else if has(&["政府", "机关", "事业单位", "街道办", "党群"]) {
        "government"
    } else if has(&["企业", "公司"]) {
        "enterprise"
    } else if has(&["其他", "其它"]) {
        "other"
    } else {
        return Err(t!("cell-not-organization-kind", text = t));
    })
}

/// A venue's accessibility, the listed words in their field values.
pub(crate) fn accessibility(text: &str) -> Vec<String> {
    list(text)
        .into_iter()
        .map(|item| {
            let known = [
                ("卫生间", "accessible-toilet"),
                ("厕所", "accessible-toilet"),
                ("电梯", "elevator"),
                ("轮椅", "wheelchair"),
                ("坡道", "wheelchair"),
                ("无障碍通道", "wheelchair"),
                ("盲文", "braille"),
                ("助听", "hearing-loop"),
            ];
            known
                .iter()
                .find(|(w, _)| item.contains(w))
                .map(|(_, v)| v.to_string())
                .unwrap_or(item)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_on_the_separators_people_type() {
        assert_eq!(
            list("女职工、青年职工，农民工;家长"),
            ["女职工", "青年职工", "农民工", "家长"]
        );
        assert!(list(" ").is_empty());
    }

    #[test]
    fn dates_in_the_usual_forms() {
        assert_eq!(date("2024/8/6").as_deref(), Ok("2024-08-06"));
        assert_eq!(date("2024年8月6日").as_deref(), Ok("2024-08-06"));
        assert_eq!(date("2024.08.06").as_deref(), Ok("2024-08-06"));
        assert_eq!(date("2024-08-06 00:00").as_deref(), Ok("2024-08-06"));
        assert!(date("2024-02-30").is_err());
        assert!(date("去年").is_err());
    }

    #[test]
    fn seasons_are_two_dates_in_order() {
        let v = season("2024-07-01至2024-08-31").expect("season");
        assert_eq!(v["from"], Value::from("2024-07-01"));
        assert_eq!(v["to"], Value::from("2024-08-31"));
        assert!(season("2024-07-01-2024-08-31").is_ok());
        assert!(season("2024-09-01至2024-08-31")
            .expect_err("refused")
            .contains("before"));
    }

    #[test]
    fn numbers_a_cell_can_mean() {
        assert_eq!(number("120平方米"), Ok(120.0));
        assert_eq!(number(" 2015 "), Ok(2015.0));
        for text in ["inf", "NaN", "-infinity", &"9".repeat(400)] {
            assert!(number(text).is_err(), "{text}");
        }
    }

    #[test]
    fn coordinates_in_either_order() {
        assert_eq!(coordinates("103.8236,36.0612"), Ok((36.0612, 103.8236)));
        assert_eq!(coordinates("36.0612, 103.8236"), Ok((36.0612, 103.8236)));
        assert_eq!(coordinates("103.8236 36.0612"), Ok((36.0612, 103.8236)));
        assert!(coordinates("36.06").is_err());
        assert!(coordinates("200,300").is_err());
        // Digits past what a float holds parse as infinite: not a place.
        let huge = "9".repeat(400);
        assert!(coordinates(&format!("36.06,{huge}")).is_err());
        assert!(coordinates(&format!("{huge},36.06")).is_err());
    }

    #[test]
    fn costs_and_kinds() {
        assert_eq!(cost("免费"), Value::from("free"));
        let paid = cost("20元/次");
        assert_eq!(paid["amount"], Value::from(20));
        assert_eq!(paid["note"], Value::from("20元/次"));
        assert_eq!(org_kind("社会组织"), Ok("social-organization"));
        assert_eq!(org_kind("区总工会"), Ok("union"));
        assert_eq!(org_kind("union"), Ok("union"));
        assert!(org_kind("学校").is_err());
        assert_eq!(yes_no("√"), Ok(true));
        assert!(yes_no("也许").is_err());
    }
}
