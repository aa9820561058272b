//! A Markdown record's front matter: the YAML between its `---` lines,
//! and the body after them.

pub(super) struct Split<'a> {
    pub yaml_start: usize,
    pub yaml_end: usize,
    pub line_offset: usize,
    pub body: Option<&'a str>,
    /// The front matter has no closing `---` line.
    pub unclosed: bool,
}

/// Splits `---\nYAML\n---\nbody`. Returns None when there is no opening line.
pub(super) fn split_front_matter(text: &str) -> Option<Split<'_>> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_end + 1;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            let body_start = offset + line.len();
            return Some(Split {
                yaml_start,
                yaml_end: offset,
                line_offset: 1,
                body: Some(&text[body_start..]),
                unclosed: false,
            });
        }
        offset += line.len();
    }
    // No closing line: everything is YAML, and there is no body.
    Some(Split {
        yaml_start,
        yaml_end: text.len(),
        line_offset: 1,
        body: Some(""),
        unclosed: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split_front_matter("---\nname: a\n---\n\nbody\n").expect("split");
        assert_eq!(s.body, Some("\nbody\n"));
        assert_eq!(s.yaml_start, 4);
        assert_eq!(s.yaml_end, 12);
        assert!(split_front_matter("name: a\n").is_none());
        let crlf = split_front_matter("---\r\nname: a\r\n---\r\nbody").expect("crlf");
        assert_eq!(crlf.body, Some("body"));
    }
}
