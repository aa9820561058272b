//! Cleaning one line of text copied from a news site: pronunciation
//! annotations left by script converters (`國(guó)`, even inside words:
//! `責(zé)編`) are removed, and characters the copy lost or garbled (a `?`
//! where a character was, runs such as `?yàn)榫蜆I(yè)`) are replaced by the
//! substitution mark `〓` and reported with their column, so a person can
//! fix them; nothing garbled is kept silently.

pub use crate::content::LOST;

/// A garbled run found on a line: 1-based character column and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Garbled {
    pub column: usize,
    pub text: String,
}

/// Letters of toned pinyin as converters write it.
fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿêếềẽ".contains(c)
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}')
}

/// Length (in chars) of a `(pinyin)` group starting at `i`, if there is one.
fn annotation_len(chars: &[char], i: usize) -> Option<usize> {
    if chars.get(i) != Some(&'(') {
        return None;
    }
    let letters = chars[i + 1..]
        .iter()
        .take_while(|c| is_pinyin_letter(**c))
        .count();
    (letters > 0 && chars.get(i + 1 + letters) == Some(&')')).then_some(letters + 2)
}

/// Length of a garbled run starting at a `?`: the `?` itself, plus the
/// converter debris after it up to the last telltale character within a
/// short window: `?qǐng)?bào)`, `?yàn)榫蜆I(yè)`, `?!拔覀冞€`, `?!?/p>`.
fn garbled_len(chars: &[char], start: usize) -> usize {
    const WINDOW: usize = 12;
    let mut end = start + 1;
    let mut i = start + 1;
    while i < chars.len() && i < start + WINDOW {
        let c = chars[i];
        if c.is_whitespace() || is_wide_punctuation(c) {
            break;
        }
        let stray_annotation = c == ')' && is_pinyin_letter(chars[i - 1]);
        if is_debris(c) || stray_annotation {
            end = i + 1;
        }
        i += 1;
    }
    end - start
}

/// Characters that do not occur in clean Chinese prose but do in text
/// decoded with the wrong encoding or cut out of HTML.
fn is_debris(c: char) -> bool {
    c.is_ascii_uppercase() || "?\u{FFFD}€{}|\\^`~<>/".contains(c)
}

fn is_wide_punctuation(c: char) -> bool {
    "，。、；：！？“”‘’（）《》—…".contains(c)
}

/// Half-width `,` `:` `;` right after Chinese text are copy artefacts; the
/// full-width forms are what Chinese typesetting expects.
fn widen_punctuation(prev: Option<char>, c: char) -> char {
    let after_han = prev.is_some_and(|p| is_han(p) || "”’）》".contains(p));
    match c {
        ',' if after_han => '，',
        ':' if after_han => '：',
        ';' if after_han => '；',
        _ => c,
    }
}

/// Cleans a line; returns the text and the garbled runs it replaced.
pub(super) fn clean_line(line: &str) -> (String, Vec<Garbled>) {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut garbled = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '?' || c == '\u{FFFD}' {
            let len = garbled_len(&chars, i);
            garbled.push(Garbled {
                column: i + 1,
                text: chars[i..i + len].iter().collect(),
            });
            out.push(LOST);
            i += len;
            continue;
        }
        out.push(widen_punctuation(out.chars().next_back(), c));
        i += 1;
        if is_han(c) {
            if let Some(len) = annotation_len(&chars, i) {
                i += len;
            }
        }
    }
    (out, garbled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_are_removed_even_inside_words() {
        assert_eq!(clean_line("中國(guó)工會(huì)新聞").0, "中國工會新聞");
        assert_eq!(clean_line("(責(zé)編：劉瓊)").0, "(責編：劉瓊)");
        // Latin text in brackets is not an annotation.
        assert_eq!(clean_line("手工DIY(diy)活动").0, "手工DIY(diy)活动");
    }

    #[test]
    fn lost_and_garbled_characters_are_marked_and_reported() {
        let (text, g) = clean_line("2024年08月06日13:45  來源:工人日?qǐng)?bào)");
        assert_eq!(text, "2024年08月06日13:45  來源：工人日〓");
        assert_eq!(
            g,
            vec![Garbled {
                column: 25,
                text: "?qǐng)?bào)".into()
            }]
        );
        let (text, g) = clean_line("因?yàn)榫蜆I(yè)和家庭接連遭遇挫折");
        assert_eq!(text, "因〓和家庭接連遭遇挫折");
        assert_eq!(g[0].text, "?yàn)榫蜆I(yè)");
        assert_eq!(g[0].column, 2);
        let (text, g) = clean_line("(責(zé)編：劉瓊、張?)");
        assert_eq!(text, "(責編：劉瓊、張〓)");
        assert_eq!((g[0].column, g[0].text.as_str()), (13, "?"));
        let (text, g) = clean_line("觸動?!拔覀冞€邀請(qǐng)了醫生,提供");
        assert_eq!(text, "觸動〓邀請了醫生，提供");
        assert_eq!(g[0].text, "?!拔覀冞€");
        let (text, _) = clean_line("一亮?!背顷P(guān)區總工會");
        assert_eq!(text, "一亮〓區總工會");
        let (text, g) = clean_line("張?chǎng)?");
        assert_eq!((text.as_str(), g.len()), ("張〓", 1));
        let (text, _) = clean_line("轄區(qū)?!?/p>");
        assert_eq!(text, "轄區〓");
    }
}
