//! A card's summary of a body: its plain text shortened to a number of
//! characters, cut where a sentence or, in Western text, a word ends.

/// Shortens plain text to at most `max_chars` characters, "…" included.
///
/// Text that fits is returned trimmed but otherwise unchanged. Otherwise the
/// cut prefers the end of a sentence (`。！？` anywhere, `.!?` before
/// whitespace), then, for Western text, a space; either must keep at least
/// half the budget, or a hard cut at a character boundary is used instead.
pub(crate) fn excerpt(plain: &str, max_chars: usize) -> String {
    let text = plain.trim();
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let Some(budget) = max_chars.checked_sub(1) else {
        return String::new();
    };
    let head = char_prefix(text, budget);
    let min_len = budget / 2;
    let cut = sentence_cut(text, head.len())
        .filter(|&end| text[..end].chars().count() >= min_len)
        .or_else(|| word_cut(head).filter(|&end| head[..end].chars().count() >= min_len))
        .unwrap_or(head.len());
    let kept = text[..cut].trim_end_matches(|c: char| c.is_whitespace() || DANGLING.contains(&c));
    format!("{kept}…")
}

/// Punctuation that reads wrong right before "…".
const DANGLING: &[char] = &['，', '、', '；', '：', ',', ';', ':', '（', '(', '“', '《'];

/// Closing marks that belong to the sentence they follow: `他说：“好。”`.
const CLOSERS: &[char] = &['”', '’', '」', '』', '）', ')', '》', '"', '\''];

/// The longest prefix of `s` with at most `n` characters.
fn char_prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((idx, _)) => &s[..idx],
        None => s,
    }
}

/// Byte end of the last sentence that ends within `text[..limit]`. `text`
/// is the whole string, so a `.` at the limit can still be checked against
/// the character after it ("3.5" is not a sentence end).
fn sentence_cut(text: &str, limit: usize) -> Option<usize> {
    let mut best = None;
    let mut chars = text.char_indices().peekable();
    while let Some((idx, c)) = chars.next() {
        if idx >= limit {
            break;
        }
        let ends = match c {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' => chars
                .peek()
                .is_none_or(|&(_, next)| next.is_whitespace() || CLOSERS.contains(&next)),
            _ => false,
        };
        if ends {
            let mut end = idx + c.len_utf8();
            while let Some(&(i, next)) = chars.peek() {
                if !CLOSERS.contains(&next) || i + next.len_utf8() > limit {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
            best = Some(end);
        }
    }
    best
}

/// Byte index of the last whitespace in `head`, to avoid cutting a word.
fn word_cut(head: &str) -> Option<usize> {
    head.rfind(char::is_whitespace).filter(|&i| i > 0)
}
