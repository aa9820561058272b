//! Reading the cleaned lines of a copied article in newspaper order.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

use super::clean::{clean_line, LOST};
use super::{Imported, Problem};

/// Longest line still read as a section heading (in characters).
const HEADING_MAX: usize = 20;

struct Line {
    number: usize,
    text: String,
}

pub(super) fn read(text: &str) -> Imported {
    let mut imported = Imported::default();
    let lines = clean_lines(text, &mut imported.problems);
    let mut rest = lines.iter().peekable();
    let a = &mut imported.article;

    // The head: everything up to the date line.
    let mut found_date = false;
    while let Some(line) = rest.peek() {
        let t = line.text.as_str();
        if a.title.is_empty() && is_breadcrumb(t) {
            imported
                .dropped
                .push(t!("article-breadcrumb", line = line.number, text = t));
        } else if let Some((date, source)) = parse_date_line(t) {
            a.date = Some(date);
            a.source = source;
            found_date = true;
            rest.next();
            break;
        } else if a.title.is_empty() && a.kicker.is_empty() && is_kicker(t) {
            a.kicker = t.trim_end_matches(['—', '-', ' ']).to_string();
        } else if a.title.is_empty() {
            a.title = t.to_string();
        } else if a.subtitle.is_empty() && a.author.is_empty() && t.starts_with('—') {
            a.subtitle = t.trim_start_matches(['—', '-', ' ']).to_string();
        } else if a.author.is_empty() && t.chars().count() <= HEADING_MAX {
            a.author = t.to_string();
        } else {
            // A long line before any date: the body has started.
            break;
        }
        rest.next();
    }
    if !found_date {
        imported.problems.push(Problem {
            line: 1,
            column: 1,
            message: t!("article-no-date"),
        });
    }
    if a.title.is_empty() {
        imported.problems.push(Problem {
            line: 1,
            column: 1,
            message: t!("article-no-title"),
        });
    }

    for line in rest {
        let t = line.text.as_str();
        if let Some(editors) = parse_editors(t) {
            a.editors = editors;
            imported
                .dropped
                .push(t!("article-editors", line = line.number, text = t));
        } else if t.matches(['|', '｜']).count() >= 3 {
            let names = t
                .split(['|', '｜'])
                .filter(|s| !s.trim().is_empty())
                .count();
            imported
                .dropped
                .push(t!("article-place-names", line = line.number, count = names));
        } else if is_heading(t) {
            a.blocks.push(format!("## {t}"));
        } else {
            a.blocks.push(t.to_string());
        }
    }
    imported
}

fn clean_lines(text: &str, problems: &mut Vec<Problem>) -> Vec<Line> {
    let mut lines = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let (cleaned, garbled) = clean_line(raw.trim_end());
        for g in garbled {
            problems.push(Problem {
                line: i + 1,
                column: g.column,
                message: t!("article-garbled", text = g.text, mark = LOST),
            });
        }
        let t = cleaned.trim();
        if !t.is_empty() {
            lines.push(Line {
                number: i + 1,
                text: t.to_string(),
            });
        }
    }
    lines
}

fn is_breadcrumb(t: &str) -> bool {
    t.contains(">>") || t.contains("＞＞") || t.contains('»')
}

fn is_kicker(t: &str) -> bool {
    t.ends_with("——") || t.ends_with("--")
}

/// Short, with no sentence-ending punctuation: a section heading.
fn is_heading(t: &str) -> bool {
    let n = t.chars().count();
    n > 0
        && n <= HEADING_MAX
        && !t.contains(['。', '！', '？', '；'])
        && !t.ends_with(['：', ':', '…', '，', ','])
}

/// `(责编：刘琼、张鑫)` → the names.
fn parse_editors(t: &str) -> Option<Vec<String>> {
    let inner = t
        .trim_start_matches(['(', '（'])
        .trim_end_matches([')', '）']);
    let names = ["责编", "責編", "责任编辑", "責任編輯"]
        .iter()
        .find_map(|k| inner.strip_prefix(k))?
        .trim_start_matches([':', '：', ' ']);
    Some(
        names
            .split(['、', ',', '，', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

/// `2024年08月06日13:45  来源：工人日报` → date (China time) and source.
fn parse_date_line(t: &str) -> Option<(DateTime<FixedOffset>, String)> {
    let (year, rest) = t.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let (day, rest) = rest.split_once('日')?;
    let date = NaiveDate::from_ymd_opt(
        year.trim().parse().ok()?,
        month.trim().parse().ok()?,
        day.trim().parse().ok()?,
    )?;
    let rest = rest.trim_start();
    let time_text: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let (h, m) = time_text.split_once(':').unwrap_or(("0", "0"));
    let time = date.and_hms_opt(h.parse().unwrap_or(0), m.parse().unwrap_or(0), 0)?;
    let china = FixedOffset::east_opt(8 * 3600)?;
    let when = china.from_local_datetime(&time).single()?;
    let source = ["来源", "來源"]
        .iter()
        .find_map(|k| rest.split_once(k))
        .map(|(_, s)| s.trim_start_matches([':', '：', ' ']).trim().to_string())
        .unwrap_or_default();
    Some((when, source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines_give_time_and_source() {
        let (d, s) = parse_date_line("2024年08月06日13:45  来源：工人日报").expect("date");
        assert_eq!(d.to_rfc3339(), "2024-08-06T13:45:00+08:00");
        assert_eq!(s, "工人日报");
        let (d, s) = parse_date_line("2023年1月2日").expect("date only");
        assert_eq!(d.to_rfc3339(), "2023-01-02T00:00:00+08:00");
        assert_eq!(s, "");
        assert!(parse_date_line("今年3月，小草找到了她").is_none());
    }

    #[test]
    fn made_up_article_with_every_junk_pattern() {
        let text = "首页>>新闻\n\n市总工会开展服务——\n\n职工驿站开张了\n\n——家门口的服务\n\n李明\n\n2025年3月1日09:30 来源：兰州日报\n\n第一段话。\n\n小标题\n\n第二段话，很长很长。\n\n（责编：王芳、赵?）\n甲县| 乙市| 丙县| 丁市|\n";
        let imp = read(text);
        let a = &imp.article;
        assert_eq!(a.kicker, "市总工会开展服务");
        assert_eq!(a.title, "职工驿站开张了");
        assert_eq!(a.subtitle, "家门口的服务");
        assert_eq!(a.author, "李明");
        assert_eq!(a.source, "兰州日报");
        assert_eq!(a.editors, vec!["王芳", "赵〓"]);
        assert_eq!(
            a.blocks,
            vec!["第一段话。", "## 小标题", "第二段话，很长很长。"]
        );
        assert_eq!(imp.dropped.len(), 3, "{:?}", imp.dropped);
        assert_eq!(imp.problems.len(), 1);
        assert_eq!((imp.problems[0].line, imp.problems[0].column), (19, 9));
    }

    #[test]
    fn a_text_without_date_says_so() {
        let imp =
            read("标题\n\n这是一段很长的正文，没有日期行，也没有来源。这是一段很长的正文。\n");
        assert_eq!(imp.article.title, "标题");
        assert_eq!(imp.article.blocks.len(), 1);
        assert!(imp
            .problems
            .iter()
            .any(|p| p.message.contains("no date line")));
    }
}
