//! The built-in theme's scripts and style sheets as published: without
//! indentation, blank lines and the comments that stand on lines of their
//! own. Many hosts send them uncompressed, where every byte counts (a
//! search page's scripts were 28 KB as written, 22 KB so).
//!
//! Line by line, and only where that cannot change what a line means: a
//! file whose code has a backtick (a template literal may span lines) or
//! a line ending in a backslash (a string continued on the next line) is
//! published as written. Comments after code on a line stay, and so do
//! line breaks (a script may rely on them to end a statement).

/// `text` compacted when `path` is a script or a style sheet that can be
/// (see above); None to publish it as written.
pub(crate) fn compact(path: &str, text: &[u8]) -> Option<Vec<u8>> {
    let script = path.ends_with(".js");
    if !script && !path.ends_with(".css") {
        return None;
    }
    let text = std::str::from_utf8(text).ok()?;
    let mut out = String::with_capacity(text.len());
    let mut in_comment = false;
    for line in text.lines() {
        let mut code = line.trim();
        if in_comment {
            let Some(end) = code.find("*/") else {
                continue;
            };
            in_comment = false;
            code = code[end + 2..].trim_start();
        }
        // Comments opening the line, one after the other.
        loop {
            if let Some(rest) = code.strip_prefix("/*") {
                match rest.find("*/") {
                    Some(end) => code = rest[end + 2..].trim_start(),
                    None => {
                        in_comment = true;
                        code = "";
                    }
                }
            } else if script && code.starts_with("//") {
                code = "";
            } else {
                break;
            }
        }
        if code.is_empty() {
            continue;
        }
        if code.contains('`') || code.ends_with('\\') {
            return None;
        }
        out.push_str(code);
        out.push('\n');
    }
    if in_comment {
        return None;
    }
    Some(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::compact;

    fn text(path: &str, source: &str) -> Option<String> {
        compact(path, source.as_bytes()).map(|b| String::from_utf8(b).expect("UTF-8"))
    }

    #[test]
    fn comments_on_their_own_lines_and_indentation_go() {
        let js = "/* A script.\n   Two lines. */\n(() => {\n  'use strict';\n\n  // a note\n  const a = 1; /* kept */\n  /* one */ /* two */ const b = a / 2;\n  const re = /\\/*x/;\n})();\n";
        assert_eq!(
            text("a.js", js).as_deref(),
            Some("(() => {\n'use strict';\nconst a = 1; /* kept */\nconst b = a / 2;\nconst re = /\\/*x/;\n})();\n")
        );
        let css = "/* Colours */\n:root {\n  --accent: #b00;\n}\n// not a comment in CSS\n";
        assert_eq!(
            text("style.css", css).as_deref(),
            Some(":root {\n--accent: #b00;\n}\n// not a comment in CSS\n")
        );
    }

    #[test]
    fn what_lines_cannot_show_safely_is_left_as_written() {
        assert_eq!(text("a.js", "const s = `\n  two\n`;\n"), None);
        assert_eq!(text("a.js", "const s = 'a\\\n  b';\n"), None);
        assert_eq!(text("a.js", "/* never closed\nx();\n"), None);
        assert_eq!(text("a.svg", "  <svg/>\n"), None);
        assert_eq!(text("a.js", "x();\n"), Some("x();\n".into()));
    }

    #[test]
    fn the_themes_own_scripts_and_styles_are_compacted() {
        for name in [
            "search.js",
            "search-page.js",
            "search-inflate.js",
            "share.js",
            "style.css",
            "poster.css",
        ] {
            let path = format!(
                "{}/themes/default/static/{name}",
                env!("CARGO_MANIFEST_DIR")
            );
            let source = std::fs::read(&path).expect("a theme file");
            let out = compact(name, &source).unwrap_or_else(|| panic!("{name} left as written"));
            assert!(
                out.len() < source.len() * 97 / 100,
                "{name}: {} of {}",
                out.len(),
                source.len()
            );
        }
    }
}
