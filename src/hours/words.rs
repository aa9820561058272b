//! Opening hours as people type them in a spreadsheet ("周一至周五
//! 9:00-17:00，节假日休息") turned into `opening_hours` syntax
//! (`Mo-Fr 09:00-17:00; PH off`).
//!
//! The text is read as a row of tokens (days, times, range marks, "closed"
//! words, time-of-day words such as 下午) and grouped into rules: a day
//! that follows a time starts a new rule. Days closed (周一闭馆, 节假日休息)
//! are written after the open rules, since in `opening_hours` a later rule
//! wins and in Chinese such a phrase is always the exception. Anything the
//! reader does not know (dates, 其余时间, 预约) is refused with the part it
//! stopped at, so the caller can keep the text and say why: nothing is
//! guessed.

use std::fmt::Write as _;

/// Why a text could not be read as opening hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotHours {
    pub reason: String,
}

impl std::fmt::Display for NotHours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

fn refuse<T>(reason: impl Into<String>) -> Result<T, NotHours> {
    Err(NotHours {
        reason: reason.into(),
    })
}

const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    /// 0 = Monday … 6 = Sunday.
    Day(u8),
    /// Several days at once (工作日, 周末, 每天).
    Days(u8, u8),
    Holidays,
    /// Minutes from midnight, and whether the time said its minutes or
    /// "点" (a bare number may be a day count or a range end).
    Time(u16),
    /// A time-of-day word: how many hours to add to a time below 12.
    Period(u16),
    Range,
    Closed,
    AllDay,
    /// `;`, `。` or a line break: a new rule.
    Break,
}

/// Reads `text` as opening hours.
pub(crate) fn from_words(text: &str) -> Result<String, NotHours> {
    let tokens = tokenize(text)?;
    let rules = group(&tokens)?;
    let out = write(&rules)?;
    match super::parse(&out) {
        Ok(_) => Ok(out),
        Err(e) => refuse(t!("schedule-invalid", text = out, why = e.message)),
    }
}

fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '–' | '—' | '―' | '〜' | '−' => '-',
        _ => c,
    }
}

fn weekday(c: char) -> Option<u8> {
    Some(match c {
        '一' | '1' => 0,
        '二' | '2' => 1,
        '三' | '3' => 2,
        '四' | '4' => 3,
        '五' | '5' => 4,
        '六' | '6' => 5,
        '日' | '天' | '七' | '7' => 6,
        _ => return None,
    })
}

/// Words and what they stand for, longest first where one starts another.
const WORDS: &[(&str, Token)] = &[
    ("法定节假日", Token::Holidays),
    ("国家法定节假日", Token::Holidays),
    ("节假日", Token::Holidays),
    ("公众假期", Token::Holidays),
    ("节日", Token::Holidays),
    ("假日", Token::Holidays),
    ("工作日", Token::Days(0, 4)),
    ("双休日", Token::Days(5, 6)),
    ("周末", Token::Days(5, 6)),
    ("每天", Token::Days(0, 6)),
    ("每日", Token::Days(0, 6)),
    ("天天", Token::Days(0, 6)),
    ("全周", Token::Days(0, 6)),
    ("全年无休", Token::Days(0, 6)),
    ("24小时", Token::AllDay),
    ("二十四小时", Token::AllDay),
    ("全天候", Token::AllDay),
    ("全天", Token::AllDay),
    ("不开放", Token::Closed),
    ("停止服务", Token::Closed),
    ("暂停服务", Token::Closed),
    ("休息", Token::Closed),
    ("闭馆", Token::Closed),
    ("休馆", Token::Closed),
    ("关闭", Token::Closed),
    ("除外", Token::Closed),
    ("休", Token::Closed),
    ("上午", Token::Period(0)),
    ("早上", Token::Period(0)),
    ("早晨", Token::Period(0)),
    ("清晨", Token::Period(0)),
    ("凌晨", Token::Period(0)),
    ("早", Token::Period(0)),
    ("中午", Token::Period(0)),
    ("下午", Token::Period(12)),
    ("傍晚", Token::Period(12)),
    ("晚上", Token::Period(12)),
    ("夜间", Token::Period(12)),
    ("晚间", Token::Period(12)),
    ("晚", Token::Period(12)),
    ("次日", Token::Period(0)),
    ("至", Token::Range),
    ("到", Token::Range),
    ("-", Token::Range),
    ("~", Token::Range),
];

/// Characters that only join or space things out.
fn is_filler(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '、' | '和' | '及' | ':' | '(' | ')' | '【' | '】')
}

/// Words that say nothing about when (开放时间：…).
const IGNORED: &[&str] = &[
    "开放时间",
    "营业时间",
    "服务时间",
    "开放",
    "营业",
    "时间",
    "均",
    "每",
];

fn tokenize(text: &str) -> Result<Vec<Token>, NotHours> {
    let chars: Vec<char> = text.chars().map(fold).collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let rest: String = chars[i..].iter().collect();
        if matches!(c, ';' | '。' | '\n' | '\r' | '；') {
            tokens.push(Token::Break);
            i += 1;
            continue;
        }
        // 周一, 星期一, 礼拜一, and a bare day right after one (周六日).
        let prefix = ["周", "星期", "礼拜"]
            .iter()
            .find(|p| rest.starts_with(*p))
            .map(|p| p.chars().count());
        if let Some(n) = prefix {
            match chars.get(i + n).copied().and_then(weekday) {
                Some(d) => {
                    tokens.push(Token::Day(d));
                    i += n + 1;
                    continue;
                }
                None if rest.starts_with("周末") => {}
                None => return refuse(t!("schedule-bad-day", text = head(&rest))),
            }
        }
        if matches!(tokens.last(), Some(Token::Day(_)) | Some(Token::Range)) && !c.is_ascii_digit()
        {
            if let Some(d) = weekday(c) {
                let after_day = matches!(tokens.last(), Some(Token::Day(_)))
                    || matches!(tokens.iter().rev().nth(1), Some(Token::Day(_)));
                if after_day {
                    tokens.push(Token::Day(d));
                    i += 1;
                    continue;
                }
            }
        }
        if let Some((word, token)) = WORDS.iter().find(|(w, _)| rest.starts_with(w)) {
            tokens.push(*token);
            i += word.chars().count();
            continue;
        }
        if let Some(word) = IGNORED.iter().find(|w| rest.starts_with(**w)) {
            i += word.chars().count();
            continue;
        }
        if c.is_ascii_digit() {
            let (minutes, used) = time(&chars[i..])?;
            tokens.push(Token::Time(minutes));
            i += used;
            continue;
        }
        if is_filler(c) {
            i += 1;
            continue;
        }
        return refuse(t!("words-unreadable", text = head(&rest)));
    }
    Ok(tokens)
}

/// Up to eight characters of `rest`, to quote in a message.
fn head(rest: &str) -> String {
    rest.chars().take(8).collect()
}

/// A time at the start of `chars`: `9:00`, `9点`, `9点半`, `9时30分`,
/// `09.30`, `9`; minutes from midnight and characters used.
fn time(chars: &[char]) -> Result<(u16, usize), NotHours> {
    let digits = |from: usize| {
        chars[from..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let number = |from: usize, n: usize| -> u16 {
        chars[from..from + n].iter().fold(0u16, |acc, c| {
            acc.saturating_mul(10)
                .saturating_add(c.to_digit(10).unwrap_or(0) as u16)
        })
    };
    let n = digits(0);
    let hour = number(0, n);
    let mut used = n;
    let mut minute = 0;
    match chars.get(used) {
        Some(':') | Some('.') if chars.get(used + 1).is_some_and(char::is_ascii_digit) => {
            let m = digits(used + 1);
            minute = number(used + 1, m);
            used += 1 + m;
        }
        Some('点') | Some('时') => {
            used += 1;
            match chars.get(used) {
                Some('半') => {
                    minute = 30;
                    used += 1;
                }
                Some('整') => used += 1,
                Some(c) if c.is_ascii_digit() => {
                    let m = digits(used);
                    minute = number(used, m);
                    used += m;
                    if chars.get(used) == Some(&'分') {
                        used += 1;
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
    if hour > 24 || minute > 59 || (hour == 24 && minute > 0) || n > 2 {
        let text: String = chars[..used.max(1)].iter().collect();
        return refuse(t!("schedule-bad-time", text = text));
    }
    Ok((hour * 60 + minute, used))
}

#[derive(Debug, Default)]
struct Rule {
    days: Vec<Token>,
    times: Vec<(u16, u16)>,
    closed: bool,
}

impl Rule {
    fn is_empty(&self) -> bool {
        self.days.is_empty() && self.times.is_empty() && !self.closed
    }
}

fn group(tokens: &[Token]) -> Result<Vec<Rule>, NotHours> {
    let mut rules = vec![Rule::default()];
    let mut period = 0;
    let mut pending: Option<u16> = None;
    let mut i = 0;
    while i < tokens.len() {
        let rule = rules.last_mut().expect("never empty");
        match tokens[i] {
            Token::Break => {
                if let Some(t) = pending.take() {
                    return refuse(t!("words-no-end", time = clock(t)));
                }
                rules.push(Rule::default());
                period = 0;
            }
            Token::Day(_) | Token::Days(..) | Token::Holidays => {
                if !rule.times.is_empty() || rule.closed {
                    rules.push(Rule::default());
                    period = 0;
                }
                let rule = rules.last_mut().expect("never empty");
                let day = tokens[i];
                if let (Some(Token::Range), Some(Token::Day(to))) =
                    (tokens.get(i + 1), tokens.get(i + 2))
                {
                    let Token::Day(from) = day else {
                        return refuse(t!("words-span-start"));
                    };
                    rule.days.push(Token::Days(from, *to));
                    i += 3;
                    continue;
                }
                rule.days.push(day);
            }
            Token::Period(p) => period = p,
            Token::Time(t) => {
                let t = if t < 12 * 60 { t + period * 60 } else { t };
                match pending.take() {
                    None if tokens.get(i + 1) == Some(&Token::Range) => {
                        pending = Some(t);
                        i += 1;
                    }
                    None => return refuse(t!("words-no-end", time = clock(t))),
                    Some(from) => {
                        // 下午2点-5点: the end of a span in the afternoon is too.
                        let to = if t <= from && t + 12 * 60 > from && t < 12 * 60 {
                            t + 12 * 60
                        } else {
                            t
                        };
                        rule.times.push((from, to));
                    }
                }
            }
            Token::AllDay if rule.times.contains(&(0, 24 * 60)) => {}
            Token::AllDay => rule.times.push((0, 24 * 60)),
            Token::Closed => rule.closed = true,
            Token::Range => return refuse(t!("words-lone-range")),
        }
        i += 1;
    }
    if let Some(t) = pending {
        return refuse(t!("words-no-end", time = clock(t)));
    }
    rules.retain(|r| !r.is_empty());
    Ok(rules)
}

fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn write(rules: &[Rule]) -> Result<String, NotHours> {
    if rules.is_empty() {
        return refuse(t!("words-empty"));
    }
    let mut open = Vec::new();
    let mut closed = Vec::new();
    for rule in rules {
        let days = day_selector(&rule.days);
        if rule.closed {
            if !rule.times.is_empty() {
                return refuse(t!("words-closed-with-hours"));
            }
            if days.is_empty() {
                return refuse(t!("words-closed-no-days"));
            }
            closed.push(format!("{days} off"));
            continue;
        }
        if rule.times.is_empty() {
            if rule.days.iter().all(|d| *d == Token::Days(0, 6)) {
                open.push("24/7".to_string());
                continue;
            }
            return refuse(t!(
                "words-no-hours",
                has_days = if days.is_empty() { "no" } else { "yes" },
                days = days
            ));
        }
        let mut spans = String::new();
        for (n, (from, to)) in rule.times.iter().enumerate() {
            if n > 0 {
                spans.push(',');
            }
            let to = if *to == 0 { 24 * 60 } else { *to };
            let _ = write!(spans, "{}-{}", clock(*from), clock(to));
        }
        if spans == "00:00-24:00" && (days.is_empty() || days == "Mo-Su") {
            open.push("24/7".to_string());
        } else if days.is_empty() || days == "Mo-Su" {
            open.push(spans);
        } else {
            open.push(format!("{days} {spans}"));
        }
    }
    open.extend(closed);
    Ok(open.join("; "))
}

/// `Mo-Fr`, `Sa,Su`, `Mo,We,Fr`, `PH`, `Sa,Su,PH`.
fn day_selector(days: &[Token]) -> String {
    let mut week = [false; 7];
    let mut holidays = false;
    for d in days {
        match *d {
            Token::Day(d) => week[usize::from(d)] = true,
            Token::Days(from, to) if from <= to => {
                week[usize::from(from)..=usize::from(to)].fill(true)
            }
            // 周五至周一: round the end of the week.
            Token::Days(from, to) => {
                week[usize::from(from)..].fill(true);
                week[..=usize::from(to)].fill(true);
            }
            Token::Holidays => holidays = true,
            _ => {}
        }
    }
    let mut parts = Vec::new();
    let mut d = 0;
    while d < 7 {
        if !week[d] {
            d += 1;
            continue;
        }
        let start = d;
        while d + 1 < 7 && week[d + 1] {
            d += 1;
        }
        match d - start {
            0 => parts.push(DAYS[start].to_string()),
            1 => parts.push(format!("{},{}", DAYS[start], DAYS[d])),
            _ => parts.push(format!("{}-{}", DAYS[start], DAYS[d])),
        }
        d += 1;
    }
    if holidays {
        parts.push("PH".into());
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> String {
        from_words(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn weekdays_and_a_span() {
        assert_eq!(ok("周一至周五 9:00-17:00"), "Mo-Fr 09:00-17:00");
        assert_eq!(ok("星期一到星期五 9：00—17：00"), "Mo-Fr 09:00-17:00");
        assert_eq!(
            ok("工作日 8:30-12:00，14:30-18:00"),
            "Mo-Fr 08:30-12:00,14:30-18:00"
        );
    }

    #[test]
    fn every_day_and_all_day() {
        assert_eq!(ok("每天 9:00-21:00"), "09:00-21:00");
        assert_eq!(ok("全天24小时"), "24/7");
        assert_eq!(ok("每天"), "24/7");
        assert_eq!(ok("9:00-17:00"), "09:00-17:00");
    }

    #[test]
    fn closed_days_go_last() {
        assert_eq!(
            ok("周二至周日 9:00-17:00，周一闭馆"),
            "Tu-Su 09:00-17:00; Mo off"
        );
        assert_eq!(ok("周一闭馆；每天9:00-17:00"), "09:00-17:00; Mo off");
        assert_eq!(
            ok("周一至周六 9:00-18:00；节假日休息"),
            "Mo-Sa 09:00-18:00; PH off"
        );
        assert_eq!(
            ok("周一至周五 9-17点，法定节假日除外"),
            "Mo-Fr 09:00-17:00; PH off"
        );
    }

    #[test]
    fn afternoon_and_evening_words() {
        assert_eq!(
            ok("周一至周五 上午9点-12点 下午2点半-5点半"),
            "Mo-Fr 09:00-12:00,14:30-17:30"
        );
        assert_eq!(ok("周六 晚上7点到9点"), "Sa 19:00-21:00");
        assert_eq!(ok("每周六下午2点-4点"), "Sa 14:00-16:00");
        assert_eq!(ok("下午2:00-5:00"), "14:00-17:00");
        assert_eq!(ok("周五、周六 20:00-次日2:00"), "Fr,Sa 20:00-02:00");
    }

    #[test]
    fn day_lists() {
        assert_eq!(ok("周一、周三、周五 18:30-21:00"), "Mo,We,Fr 18:30-21:00");
        assert_eq!(ok("周六日 9:00-12:00"), "Sa,Su 09:00-12:00");
        assert_eq!(ok("周末 10:00-16:00"), "Sa,Su 10:00-16:00");
        assert_eq!(
            ok("周一至周五 9:00-17:00；周六 9:00-12:00"),
            "Mo-Fr 09:00-17:00; Sa 09:00-12:00"
        );
    }

    #[test]
    fn what_cannot_be_read_is_refused_with_the_reason() {
        for (text, part) in [
            ("7月1日至8月31日 9:00-17:00", "月"),
            ("周一至周五 9:00", "no end"),
            ("周一至周五", "no hours"),
            ("需提前预约", "预约"),
            ("周八 9:00-10:00", "周八"),
            ("25:00-26:00", "25:00"),
            ("休息", "which days"),
        ] {
            let e = from_words(text).expect_err(text);
            assert!(e.reason.contains(part), "{text}: {}", e.reason);
        }
    }
}
