//! Folding: the one normalization applied alike to indexed text (here, at
//! build time) and to queries (in the browser), so that equal meaning gives
//! equal characters.
//!
//! [`Folder::fold`] is, in order: Unicode NFKC (full-width letters and digits become
//! ASCII, compatibility ideographs become unified ones), lower case, then a
//! character-by-character Traditional → Simplified map. The browser does the
//! same with `s.normalize("NFKC").toLowerCase()` and the map shipped in
//! `search/fold.bin`, so the map must be *per character*: OpenCC's phrase tables
//! (乾隆 keeps 乾) cannot be replayed in the browser, so they are not used
//! here either. The map step keeps every character in its place, so the
//! normalized and the folded name line up for pinyin.
//!
//! The full map comes from OpenCC's Traditional, Taiwan and Hong Kong
//! tables (`t2s`, `tw2s`, `hk2s`), so variants such as 裡/裏 → 里 and
//! 臺 → 台 fold to the same character, followed to a fixed point so that
//! folding is idempotent. Deriving it means converting every CJK character
//! through the three tables (some 800 million instructions, a core's
//! tenth of a second at every start), so it is derived by a test instead
//! and kept in `map.txt` beside this file, which the test compares with
//! what the tables give (run it with `UPDATE_GOLDEN=1` to write the file
//! again after an update of `ferrous-opencc`). The browser gets
//! only the entries whose Simplified side occurs in the site's own indexed
//! text ([`Folder::browser_map`]): a query character whose folded form occurs
//! nowhere in the index cannot match anything whatever it folds to.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use icu_normalizer::ComposingNormalizerBorrowed;

/// Following a chain (裡 → 裏 → 里) never takes more steps than this.
const MAX_CHAIN: usize = 4;

/// The range of the dense lookup table: the common CJK blocks, where
/// almost every character of Chinese text falls.
const DENSE: (u32, u32) = (0x3400, 0x9FFF);

/// The Traditional → Simplified character map and the folding built on it.
#[derive(Clone, Debug)]
pub(crate) struct Folder {
    map: HashMap<char, char>,
    /// The map over [`DENSE`] as a table, for speed: folding is done for
    /// every character the site indexes.
    dense: Vec<char>,
    /// No key is below this code point, so most ASCII skips the lookup.
    lowest_key: u32,
}

impl Folder {
    /// The full character map, from `map.txt`.
    pub(crate) fn new() -> anyhow::Result<Folder> {
        Ok(Folder::from_pairs(parse_map(MAP)?))
    }

    /// A folder from explicit pairs, followed to a fixed point; entries whose
    /// key would not survive NFKC and lower-casing are dropped, since a query
    /// never reaches the map with them.
    pub(crate) fn from_pairs(pairs: impl IntoIterator<Item = (char, char)>) -> Folder {
        let raw: HashMap<char, char> = pairs.into_iter().filter(|(a, b)| a != b).collect();
        let map: HashMap<char, char> = raw
            .keys()
            .filter(|&&k| prefold(&k.to_string()) == k.to_string())
            .map(|&k| (k, follow(&raw, k)))
            .filter(|(k, v)| k != v)
            .collect();
        let dense = (DENSE.0..=DENSE.1)
            .filter_map(char::from_u32)
            .map(|c| map.get(&c).copied().unwrap_or(c))
            .collect();
        let lowest_key = map.keys().map(|&k| u32::from(k)).min().unwrap_or(u32::MAX);
        Folder {
            map,
            dense,
            lowest_key,
        }
    }

    /// Folds text for indexing or matching: NFKC, lower case, then the
    /// character map.
    pub(crate) fn fold(&self, text: &str) -> String {
        prefold(text).chars().map(|c| self.fold_char(c)).collect()
    }

    /// The map applied to one already NFKC-normalized, lower-cased character.
    pub(crate) fn fold_char(&self, c: char) -> char {
        let code = u32::from(c);
        if code < self.lowest_key {
            return c;
        }
        let dense = code
            .checked_sub(DENSE.0)
            .and_then(|i| self.dense.get(usize::try_from(i).ok()?));
        match dense {
            Some(&folded) => folded,
            None => self.map.get(&c).copied().unwrap_or(c),
        }
    }

    /// The map entries the browser needs: those whose folded character is in
    /// `targets` (the characters of the folded indexed text), sorted by key.
    pub(crate) fn browser_map(&self, targets: &BTreeSet<char>) -> BTreeMap<char, char> {
        self.map
            .iter()
            .filter(|(_, v)| targets.contains(v))
            .map(|(&k, &v)| (k, v))
            .collect()
    }

    /// Number of characters the full map changes.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }
}

/// NFKC then lower case, exactly what the browser's
/// `normalize("NFKC").toLowerCase()` does.
pub(crate) fn prefold(text: &str) -> String {
    if let Some(quick) = quick_prefold(text) {
        return quick;
    }
    ComposingNormalizerBorrowed::new_nfkc()
        .normalize(text)
        .to_lowercase()
}

/// [`prefold`] for text made only of characters whose NFKC form is known
/// here (ASCII, common ideographs, CJK and full-width punctuation), which is
/// nearly all Chinese text. None of them composes with a neighbour, so
/// mapping each alone equals normalizing the whole. `None` otherwise.
fn quick_prefold(text: &str) -> Option<String> {
    text.chars()
        .map(|c| quick_nfkc(c).map(|q| q.to_ascii_lowercase()))
        .collect()
}

fn quick_nfkc(c: char) -> Option<char> {
    match u32::from(c) {
        0x00..=0x7F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF => Some(c),
        // Full-width ASCII: NFKC maps each to its ASCII form.
        full @ 0xFF01..=0xFF5E => char::from_u32(full - 0xFEE0),
        0x3000 => Some(' '),
        // 、。〈〉《》「」『』【】〔〕〖〗〘〙〚〛〜〝〞〟 and ·–—‘’“”: no decomposition.
        0x3001 | 0x3002 | 0x3008..=0x3011 | 0x3014..=0x301F => Some(c),
        0xB7 | 0x2013 | 0x2014 | 0x2018 | 0x2019 | 0x201C | 0x201D => Some(c),
        _ => None,
    }
}

/// The map, one `key value` pair of characters a line, sorted by key;
/// lines starting with `#` say where it comes from.
const MAP: &str = include_str!("map.txt");

/// The pairs of `map.txt`; a line that is not two characters apart is an
/// error naming it (the file is made by a test, never by hand).
fn parse_map(text: &str) -> anyhow::Result<Vec<(char, char)>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.is_empty())
        .map(|(n, line)| {
            let mut chars = line.chars();
            match (chars.next(), chars.next(), chars.next(), chars.next()) {
                (Some(k), Some(' '), Some(v), None) => Ok((k, v)),
                _ => anyhow::bail!("fold/map.txt:{}: not a pair of characters: {line:?}", n + 1),
            }
        })
        .collect()
}

fn follow(map: &HashMap<char, char>, start: char) -> char {
    let mut c = start;
    for _ in 0..MAX_CHAIN {
        match map.get(&c) {
            Some(&next) if next != c => c = next,
            _ => break,
        }
    }
    c
}

/// The folder of this process, read from `map.txt` on first use and
/// shared by every build, every `serve` rebuild and the news linker. A caller that comes while another derives
/// it waits for that one. The tables are compiled in, so a failure would
/// be the same each time: it is kept too.
pub(crate) fn shared() -> anyhow::Result<&'static Folder> {
    static FOLDER: std::sync::OnceLock<Result<Folder, String>> = std::sync::OnceLock::new();
    FOLDER
        .get_or_init(|| Folder::new().map_err(|e| format!("{e:#}")))
        .as_ref()
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Starts reading the [`shared`] folder on the thread pool while a build
/// reads the site: the stories' linker and the search index, which need
/// it, then find it made, or wait for it to be.
pub(crate) fn prepare() {
    rayon::spawn(|| {
        // A failure is reported by the caller that needs the folder.
        let _ = shared();
    });
}

#[cfg(test)]
mod derive;

/// One folder shared by the tests of the search modules.
#[cfg(test)]
pub(crate) fn test_folder() -> &'static Folder {
    shared().expect("fold/map.txt reads")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> &'static Folder {
        test_folder()
    }

    #[test]
    fn traditional_and_variants_fold_to_simplified() {
        let f = folder();
        assert_eq!(f.fold("臺灣"), "台湾");
        assert_eq!(f.fold("台湾"), "台湾");
        assert_eq!(f.fold("裡"), "里");
        assert_eq!(f.fold("裏"), "里");
        assert_eq!(f.fold("服務時間為每周三晚上"), "服务时间为每周三晚上");
        assert_eq!(f.fold("職工驛站"), "职工驿站");
    }

    #[test]
    fn width_and_case_fold() {
        let f = folder();
        assert_eq!(f.fold("ｘｉａｏｃａｏ"), "xiaocao");
        assert_eq!(f.fold("XiaoCao ＤＩＹ"), "xiaocao diy");
        assert_eq!(f.fold("２０２４年"), "2024年");
        assert_eq!(f.fold("\u{3000}"), " ");
    }

    #[test]
    fn quick_path_equals_nfkc() {
        let sample: String = (0x20u32..0x7F)
            .chain(0xFF01..=0xFF5E)
            .chain([0x3000, 0x3001, 0x3002, 0xB7, 0x2014, 0x201C, 0x201D])
            .chain(0x3008..=0x3011)
            .chain(0x3014..=0x301F)
            .chain([0x4E00, 0x9FA5, 0x3400])
            .filter_map(char::from_u32)
            .collect();
        let full = ComposingNormalizerBorrowed::new_nfkc()
            .normalize(&sample)
            .to_lowercase();
        assert_eq!(quick_prefold(&sample), Some(full));
        assert_eq!(quick_prefold("café…"), None);
        assert_eq!(prefold("…"), "...");
        assert_eq!(prefold("Ａ\u{301}"), "á");
    }

    #[test]
    fn folding_is_idempotent_and_keeps_length() {
        let f = folder();
        for text in ["臺灣裡的職工書屋", "乾隆年間", "髮型設計"] {
            let once = f.fold(text);
            assert_eq!(f.fold(&once), once, "{text}");
            assert_eq!(once.chars().count(), text.chars().count(), "{text}");
        }
    }

    #[test]
    fn full_map_is_large_and_browser_map_is_filtered() {
        let f = folder();
        assert!(f.len() > 2_500, "{}", f.len());
        let targets: BTreeSet<char> = "台里".chars().collect();
        let shipped = f.browser_map(&targets);
        assert_eq!(shipped.get(&'臺'), Some(&'台'));
        assert_eq!(shipped.get(&'裡'), Some(&'里'));
        assert_eq!(shipped.get(&'裏'), Some(&'里'));
        assert!(shipped.values().all(|v| targets.contains(v)));
        assert!(!shipped.contains_key(&'灣'));
    }

    #[test]
    fn explicit_pairs_follow_chains() {
        let f = Folder::from_pairs([('甲', '乙'), ('乙', '丙'), ('Ａ', 'a')]);
        assert_eq!(f.fold_char('甲'), '丙');
        assert_eq!(f.fold_char('乙'), '丙');
        // A full-width key never reaches the map: NFKC has already changed it.
        assert_eq!(f.fold_char('Ａ'), 'Ａ');
    }
}
