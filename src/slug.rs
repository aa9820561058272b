//! ASCII slugs for record ids and heading anchors.
//!
//! Two readings of Chinese: [`record_id`] reads a name word by word with a
//! dictionary of phrases (`pinyin-converter`), so polyphones come out as a
//! person says them (重庆路 → chongqinglu, 长乐 → changle, 银行 →
//! yinhang); it is what `yizhan new`, `import table` and the hints for
//! non-ASCII file names use. The dictionary takes most of a second to load,
//! so [`slugify`], which a build calls for every heading anchor and news
//! tag, reads character by character instead (first reading of each
//! character) and keeps those addresses as they always were.
//!
//! Record names in the directory are mostly Chinese, but ids end up in URLs
//! and file names, so they must match `[a-z0-9][a-z0-9-]*`. A name is read as
//! a sequence of *atoms*: toneless pinyin syllables (first reading of
//! polyphones, from the `pinyin` crate, with one listed exception) and runs
//! of ASCII letters and digits, full-width ones folded to ASCII. Everything
//! else (spaces, punctuation, ·, other scripts, accented Latin letters)
//! separates atoms into *segments*, which are joined with `-`.
//!
//! Consecutive Chinese syllables stay glued together ("青柠" → "qingning") so
//! a slug reads like a romanised word rather than a row of syllables, while a
//! switch between Chinese and ASCII starts a new segment ("3号楼" →
//! "3-haolou") so digits and Latin words stay recognisable. Keeping atoms and
//! segments apart until the end is what lets the length cap fall on a `-`
//! first and on a syllable boundary second, never inside a syllable unless a
//! single ASCII word is longer than the cap.

use pinyin::ToPinyin;

/// Longest slug [`slugify`] returns, in bytes (all output is ASCII).
pub(crate) const MAX_SLUG_LEN: usize = 60;

/// Slug used when a name contains nothing that can be romanised.
const FALLBACK_SLUG: &str = "record";

/// Turns a (usually Chinese) name into an ASCII slug valid per [`is_valid_id`].
///
/// Returns `"record"` when nothing in the name can be romanised; callers that
/// need to tell that case apart use [`try_slugify`].
pub(crate) fn slugify(name: &str) -> String {
    try_slugify(name).unwrap_or_else(|| FALLBACK_SLUG.to_owned())
}

/// Like [`slugify`], but `None` when the name yields no letters or digits at all.
pub(crate) fn try_slugify(name: &str) -> Option<String> {
    let pieces = name.chars().map(fold_fullwidth).map(classify);
    let slug = join_capped(&segments(pieces), MAX_SLUG_LEN);
    (!slug.is_empty()).then_some(slug)
}

/// The id for a record named `name`: like [`slugify`], with Chinese read
/// word by word so that polyphones take the reading of the word they are
/// in ("record" when nothing can be romanised).
pub(crate) fn record_id(name: &str) -> String {
    let chars: Vec<char> = name.chars().map(fold_fullwidth).collect();
    let mut pieces = Vec::with_capacity(chars.len());
    let mut rest = chars.as_slice();
    while let Some(&c) = rest.first() {
        let run = rest.iter().take_while(|c| is_han(**c)).count();
        if run == 0 {
            pieces.push(classify(c));
            rest = &rest[1..];
            continue;
        }
        let (han, tail) = rest.split_at(run);
        pieces.extend(phrase_readings(han));
        rest = tail;
    }
    let slug = join_capped(&segments(pieces.into_iter()), MAX_SLUG_LEN);
    if slug.is_empty() {
        FALLBACK_SLUG.to_owned()
    } else {
        slug
    }
}

fn is_han(c: char) -> bool {
    !c.is_ascii() && c.to_pinyin().is_some()
}

/// The syllables of a run of Chinese characters, read as words. The run is
/// first cut around the characters that end a place ([`PLACE_ENDS`]); each
/// part is then cut into dictionary words both from the left and from the
/// right (longest word first), and the cut with fewer words wins, then the
/// one with fewer single characters, then the one from the right. Cutting
/// from the left alone reads 重庆路长乐社区 as 重庆 路长 乐社 区 (lè read
/// yuè, as in 乐社); the place cut and the right give 重庆 路 | 长乐 社区.
fn phrase_readings(run: &[char]) -> Vec<Piece> {
    let mut pieces = Vec::with_capacity(run.len());
    let mut start = 0;
    for (i, c) in run.iter().enumerate() {
        if PLACE_ENDS.contains(c) && i - start >= 2 {
            pieces.extend(word_readings(&run[start..i], start == 0));
            pieces.extend(word_readings(&run[i..=i], false));
            start = i + 1;
        }
    }
    pieces.extend(word_readings(&run[start..], start == 0));
    pieces
}

/// Characters that end a place or a building in a name (路, 街, 楼, 区…):
/// a name is first cut around one that follows at least two characters, so
/// that the words before it are read on their own (长江路 is 长江 路, not
/// 长 江路; 银行街 is 银行 街).
const PLACE_ENDS: &[char] = &[
    '路', '街', '巷', '楼', '区', '县', '镇', '乡', '村', '市', '省', '站', '馆', '室', '厅', '园',
    '局', '院', '宫', '坊', '桥', '湾', '滩', '坪', '堡',
];

/// Words whose reading in Lanzhou is not the dictionary's: 什字 (a
/// crossroads, as in 西关什字) is shízì.
const WORD_OVERRIDES: &[(&str, &[&str])] = &[("什字", &["shi", "zi"])];

/// The readings of one part of a run, read as words. `first`: the part
/// starts the name, where a character alone is most often a surname
/// (曾家巷 zēng, 解家 xiè) and takes the dictionary's reading; elsewhere a
/// character alone takes its usual one (区 qū, which the dictionary alone
/// reads as the surname ōu).
fn word_readings(run: &[char], first: bool) -> Vec<Piece> {
    let text: String = run.iter().collect();
    if let Some((word, readings)) = WORD_OVERRIDES.iter().find(|(w, _)| text.contains(w)) {
        let at = text[..text.find(word).unwrap_or(0)].chars().count();
        let len = word.chars().count();
        let mut pieces = word_readings(&run[..at], first);
        pieces.extend(readings.iter().map(|r| Piece::Syllable((*r).to_string())));
        pieces.extend(word_readings(&run[at + len..], false));
        return pieces;
    }
    if run.is_empty() {
        return Vec::new();
    }
    let forward = cut(run, true);
    let backward = cut(run, false);
    let singles = |cuts: &[usize]| cuts.windows(2).filter(|w| w[1] - w[0] == 1).count();
    let cuts = if (forward.len(), singles(&forward)) < (backward.len(), singles(&backward)) {
        forward
    } else {
        backward
    };
    let mut pieces = Vec::with_capacity(run.len());
    for w in cuts.windows(2) {
        let word = &run[w[0]..w[1]];
        if let ([c], false) = (word, first && w[0] == 0) {
            pieces.push(classify(*c));
            continue;
        }
        let text: String = word.iter().collect();
        let result = phrase_pinyin::Converter::new(&text)
            .without_tone()
            .convert();
        let syllables: Vec<String> = result
            .iter()
            .flat_map(|r| r.split_whitespace().map(ascii_syllable).collect::<Vec<_>>())
            .collect();
        if syllables.len() == word.len() && syllables.iter().all(|s| !s.is_empty()) {
            pieces.extend(syllables.into_iter().map(Piece::Syllable));
        } else {
            pieces.extend(word.iter().map(|&c| classify(c)));
        }
    }
    pieces
}

/// Longest dictionary word tried when cutting a run.
const LONGEST_WORD: usize = 6;

/// Where maximum matching cuts `run`: the boundaries, `0` and `run.len()`
/// included.
fn cut(run: &[char], from_left: bool) -> Vec<usize> {
    let is_word = |w: &[char]| {
        let text: String = w.iter().collect();
        phrase_pinyin::Converter::new(&text)
            .raw_words()
            .convert()
            .words()
            .len()
            == 1
    };
    let n = run.len();
    let mut cuts = vec![if from_left { 0 } else { n }];
    let mut at = cuts[0];
    while (from_left && at < n) || (!from_left && at > 0) {
        let room = if from_left { n - at } else { at };
        let len = (2..=room.min(LONGEST_WORD))
            .rev()
            .find(|&len| {
                let w = if from_left {
                    &run[at..at + len]
                } else {
                    &run[at - len..at]
                };
                is_word(w)
            })
            .unwrap_or(1);
        at = if from_left { at + len } else { at - len };
        cuts.push(at);
    }
    if !from_left {
        cuts.reverse();
    }
    cuts
}

/// Whether `s` is a valid record id: `[a-z0-9][a-z0-9-]*`.
pub(crate) fn is_valid_id(s: &str) -> bool {
    let mut bytes = s.bytes();
    let first_ok = bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    first_ok && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// What one input character contributes to the slug.
enum Piece {
    Ascii(char),
    Syllable(String),
    Separator,
}

/// A segment is a run of atoms that will be written without separators.
type Segment = Vec<String>;

fn segments(pieces: impl Iterator<Item = Piece>) -> Vec<Segment> {
    let mut segments: Vec<Segment> = Vec::new();
    // Whether the previous character was ASCII (`Some(true)`), Chinese
    // (`Some(false)`) or a separator (`None`): a new segment starts whenever
    // this changes.
    let mut previous: Option<bool> = None;
    for piece in pieces {
        let (is_ascii, atom) = match piece {
            Piece::Separator => {
                previous = None;
                continue;
            }
            Piece::Ascii(c) => (true, c.to_string()),
            Piece::Syllable(s) => (false, s),
        };
        match segments.last_mut() {
            Some(segment) if previous == Some(is_ascii) => push_atom(segment, is_ascii, atom),
            _ => segments.push(vec![atom]),
        }
        previous = Some(is_ascii);
    }
    segments
}

/// ASCII characters extend the current ASCII atom; each Chinese syllable is
/// an atom of its own so the cap can fall between syllables.
fn push_atom(segment: &mut Segment, is_ascii: bool, atom: String) {
    match segment.last_mut() {
        Some(last) if is_ascii => last.push_str(&atom),
        _ => segment.push(atom),
    }
}

fn classify(c: char) -> Piece {
    if c.is_ascii_alphanumeric() {
        return Piece::Ascii(c.to_ascii_lowercase());
    }
    if let Some(&(_, syllable)) = READING_OVERRIDES.iter().find(|(ch, _)| *ch == c) {
        return Piece::Syllable(syllable.to_owned());
    }
    match c.to_pinyin().map(|p| ascii_syllable(p.plain())) {
        Some(syllable) if !syllable.is_empty() => Piece::Syllable(syllable),
        _ => Piece::Separator,
    }
}

/// Polyphones whose first reading in the pinyin data is a rare one. The data
/// lists 伽 as "gā, jiā, qié", but in names it is almost always jiā (瑜伽
/// yoga), so "first reading" would give "yuga". Kept deliberately short:
/// anything added here changes existing ids.
const READING_OVERRIDES: &[(char, &str)] = &[('伽', "jia")];

/// Pinyin's plain style still carries `ü` and `ê`; URLs conventionally spell
/// them `v` and `e` (as in "lvse" for 绿色).
pub(crate) fn ascii_syllable(plain: &str) -> String {
    plain
        .chars()
        .filter_map(|c| match c {
            'ü' => Some('v'),
            'ê' => Some('e'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// Chinese input methods often produce full-width letters and digits
/// ("２０２４", "Ａ座"); they mean the same as their ASCII forms.
fn fold_fullwidth(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

/// Joins segments with `-`, dropping whole trailing segments to stay within
/// `cap`; only when even the first segment is too long is it cut by atoms,
/// and only a single over-long atom is cut mid-way.
fn join_capped(segments: &[Segment], cap: usize) -> String {
    let mut out = String::new();
    for segment in segments {
        let sep = usize::from(!out.is_empty());
        let len: usize = segment.iter().map(String::len).sum();
        if out.len() + sep + len <= cap {
            if sep == 1 {
                out.push('-');
            }
            out.extend(segment.iter().map(String::as_str));
        } else if out.is_empty() {
            out = first_atoms_capped(segment, cap);
            break;
        } else {
            break;
        }
    }
    out
}

fn first_atoms_capped(segment: &Segment, cap: usize) -> String {
    let mut out = String::new();
    for atom in segment {
        if out.len() + atom.len() <= cap {
            out.push_str(atom);
        } else {
            if out.is_empty() {
                // Atoms are ASCII, so the cut always lands on a char boundary.
                out.push_str(atom.get(..cap).unwrap_or(atom));
            }
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_become_glued_pinyin() {
        assert_eq!(slugify("时间管理训练营"), "shijianguanlixunlianying");
        assert_eq!(slugify("青柠职工驿站"), "qingningzhigongyizhan");
    }

    #[test]
    fn punctuation_runs_become_one_hyphen() {
        assert_eq!(slugify("百合之约·国风宠爱"), "baihezhiyue-guofengchongai");
        assert_eq!(
            slugify("兰州（城关区）——服务站！"),
            "lanzhou-chengguanqu-fuwuzhan"
        );
        assert_eq!(slugify("a  ,, b"), "a-b");
    }

    #[test]
    fn ascii_is_lowercased_and_kept() {
        assert_eq!(slugify("Yoga 瑜伽 2024"), "yoga-yujia-2024");
        assert_eq!(slugify("K12"), "k12");
    }

    #[test]
    fn chinese_and_ascii_touching_start_new_segment() {
        assert_eq!(slugify("3号楼"), "3-haolou");
        assert_eq!(slugify("A座B区"), "a-zuo-b-qu");
    }

    #[test]
    fn full_width_alphanumerics_fold_to_ascii() {
        assert_eq!(slugify("２０２４年Ａ班"), "2024-nian-a-ban");
    }

    #[test]
    fn polyphones_take_the_first_reading_unless_overridden() {
        // 长 is listed "zhǎng, cháng"; 行 "xíng, háng".
        assert_eq!(slugify("长者服务"), "zhangzhefuwu");
        assert_eq!(slugify("银行"), "yinxing");
        assert_eq!(slugify("瑜伽"), "yujia");
    }

    #[test]
    fn u_umlaut_is_spelled_v() {
        assert_eq!(slugify("绿色"), "lvse");
    }

    #[test]
    fn no_leading_or_trailing_hyphen() {
        assert_eq!(slugify("  【兰州】  "), "lanzhou");
        assert_eq!(slugify("--abc--"), "abc");
    }

    #[test]
    fn nothing_romanisable_falls_back() {
        assert_eq!(slugify(""), "record");
        assert_eq!(slugify("！？·…"), "record");
        assert_eq!(slugify("é"), "record");
        assert_eq!(try_slugify("——"), None);
        assert_eq!(try_slugify("2024").as_deref(), Some("2024"));
    }

    #[test]
    fn cap_prefers_hyphen_boundary() {
        let name = format!("{} {}", "a".repeat(40), "b".repeat(30));
        assert_eq!(slugify(&name), "a".repeat(40));
        let name = format!("{} {} {}", "a".repeat(29), "b".repeat(30), "c");
        assert_eq!(
            slugify(&name),
            format!("{}-{}", "a".repeat(29), "b".repeat(30))
        );
        assert_eq!(slugify(&name).len(), 60);
    }

    #[test]
    fn cap_falls_between_syllables_inside_a_long_chinese_run() {
        // 20 syllables of "zhuang" (6 letters each) = 120 letters.
        let name = "壮".repeat(20);
        assert_eq!(slugify(&name), "zhuang".repeat(10));
    }

    #[test]
    fn cap_cuts_a_single_overlong_word() {
        let name = "x".repeat(100);
        assert_eq!(slugify(&name), "x".repeat(60));
    }

    #[test]
    fn slugs_are_always_valid_ids() {
        let names = [
            "时间管理训练营",
            "Yoga 瑜伽 2024",
            "!!!",
            "—— 兰州 ——",
            "２０２４",
            "ǅemal 北京",
            &"长".repeat(50),
        ];
        for name in names {
            let slug = slugify(name);
            assert!(is_valid_id(&slug), "{name:?} -> {slug:?}");
            assert!(slug.len() <= MAX_SLUG_LEN, "{name:?} -> {slug:?}");
        }
    }

    #[test]
    fn record_ids_read_polyphones_by_word() {
        // Names of places and organizations with a polyphone, as they are
        // said; the character-by-character reading is wrong for each of
        // the first 30.
        let names = [
            ("重庆路社区", "chongqinglushequ"),
            ("长乐", "changle"),
            ("兰州银行", "lanzhouyinhang"),
            ("银行街", "yinhangjie"),
            ("长安区", "changanqu"),
            ("长沙", "changsha"),
            ("长春", "changchun"),
            ("长城", "changcheng"),
            ("长江路", "changjianglu"),
            ("长庆社区", "changqingshequ"),
            ("重阳节", "chongyangjie"),
            ("重建", "chongjian"),
            ("重新", "chongxin"),
            ("音乐厅", "yinyueting"),
            ("乐器培训", "yueqipeixun"),
            ("会计培训班", "kuaijipeixunban"),
            ("单县", "shanxian"),
            ("六安", "luan"),
            ("蚌埠", "bengbu"),
            ("厦门", "xiamen"),
            ("调解委员会", "tiaojieweiyuanhui"),
            ("空调", "kongtiao"),
            ("曾家巷", "zengjiaxiang"),
            ("行业工会", "hangyegonghui"),
            ("着陆", "zhuolu"),
            ("都市", "dushi"),
            ("人参", "renshen"),
            ("解家", "xiejia"),
            ("西关什字", "xiguanshizi"),
            (
                "重庆路长乐社会工作服务中心",
                "chongqingluchangleshehuigongzuofuwuzhongxin",
            ),
            // and where the first reading of each character is right
            ("藏书楼", "cangshulou"),
            ("七里河区职工书画协会", "qilihequzhigongshuhuaxiehui"),
            ("长者食堂", "zhangzheshitang"),
            ("行政服务中心", "xingzhengfuwuzhongxin"),
            ("重工业", "zhonggongye"),
            ("朝阳社区", "chaoyangshequ"),
            ("调研", "diaoyan"),
            ("少年宫", "shaoniangong"),
            ("乐山", "leshan"),
            ("盐场堡", "yanchangbao"),
        ];
        let wrong: Vec<String> = names
            .iter()
            .filter(|(name, want)| record_id(name) != *want)
            .map(|(name, want)| format!("{name}: {} (want {want})", record_id(name)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
        let by_character: Vec<&str> = names[..30]
            .iter()
            .filter(|(n, want)| slugify(n) == *want)
            .map(|(n, _)| *n)
            .collect();
        assert!(
            by_character.is_empty(),
            "read right by character: {by_character:?}"
        );
    }

    #[test]
    fn record_ids_keep_the_rest_of_the_slug_rules() {
        assert_eq!(record_id("Yoga 瑜伽 2024"), "yoga-yujia-2024");
        assert_eq!(record_id("3号楼（A座）"), "3-haolou-a-zuo");
        assert_eq!(record_id("绿色"), "lvse");
        assert_eq!(record_id("！？"), "record");
        let long = record_id(&"长乐".repeat(40));
        assert!(is_valid_id(&long) && long.len() <= MAX_SLUG_LEN, "{long}");
    }

    #[test]
    fn valid_id_rule() {
        assert!(is_valid_id("a"));
        assert!(is_valid_id("0-a-"));
        assert!(is_valid_id("qingning-2024"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("-a"));
        assert!(!is_valid_id("Abc"));
        assert!(!is_valid_id("a_b"));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id("青柠"));
    }
}
