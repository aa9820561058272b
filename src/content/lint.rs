//! What a record's text may not keep, whatever its fields: a character an
//! import lost (〓), the placeholder `yizhan new` wrote, and raw HTML the
//! sanitizer would remove without a word, or nests too deep to sanitize.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Position};
use crate::markdown::MarkdownOptions;

use super::{LOST, PLACEHOLDER};

/// What a record's text must not hold: characters an import lost (〓),
/// and raw HTML the sanitizer would remove without a word.
pub(super) fn lint(
    file: &Path,
    text: &str,
    body: Option<&str>,
    opts: MarkdownOptions,
    diags: &mut Vec<Diagnostic>,
) {
    let lost: Vec<usize> = text.match_indices(LOST).map(|(i, _)| i).collect();
    if let Some(&first) = lost.first() {
        diags.push(Diagnostic::error(
            file,
            Position::from_offset(text, first, LOST.len_utf8()),
            msg!("lost-character", mark = LOST, more = lost.len() - 1),
        ));
    }
    let yaml_end = body.map_or(text.len(), |b| text.len() - b.len());
    let mut at = 0;
    for line in text[..yaml_end].split_inclusive('\n') {
        // Only a value that is the placeholder alone (`area: 待填写`,
        // `operators: [待填写]`, `- 待填写`), not text that mentions it.
        let before_comment = line.split('#').next().unwrap_or_default();
        let value = before_comment
            .split_once(": ")
            .map_or(
                before_comment.trim_start().strip_prefix("- ").unwrap_or(""),
                |(_, v)| v,
            )
            .trim()
            .trim_matches(['[', ']']);
        let found = (value == PLACEHOLDER)
            .then(|| before_comment.find(PLACEHOLDER))
            .flatten();
        if let Some(i) = found {
            let field = line
                .split(':')
                .next()
                .unwrap_or_default()
                .trim()
                .trim_start_matches("- ");
            diags.push(Diagnostic::error(
                file,
                Position::from_offset(text, at + i, PLACEHOLDER.len()),
                msg!("placeholder-left", field = field, placeholder = PLACEHOLDER),
            ));
        }
        at += line.len();
    }
    let Some(body) = body.filter(|_| !opts.unsafe_html) else {
        return;
    };
    let start = text.len() - body.len();
    if let Some(offset) = crate::markdown::too_deep(body) {
        // Neither sanitized nor looked into further: that is the point.
        diags.push(Diagnostic::error(
            file,
            Position::from_offset(text, start + offset, 1),
            msg!("markdown-too-deep", limit = crate::markdown::MAX_DEPTH),
        ));
        return;
    }
    for (offset, what) in crate::markdown::removed_html(body) {
        diags.push(Diagnostic::warning(
            file,
            Position::from_offset(text, start + offset, 1),
            msg!("html-removed", what = what),
        ));
    }
}
