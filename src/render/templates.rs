//! The Tera side of a theme: the filters templates may use, loading the
//! template set, and turning Tera's errors into diagnostics that name the
//! template file, line and column.
//!
//! Tera stops at the first syntax error of a batch and reports other
//! problems (unknown filters, missing includes) as one joined message, so
//! each template is parsed on its own first and joined messages are split
//! back into one diagnostic per problem.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::i18n::Msg;
use tera::{ErrorKind, Kwargs, State, Tera, TeraResult};

use crate::diagnostics::{Diagnostic, Position};

use super::wording::{format_date_text, DateStyle};

fn new_tera() -> Tera {
    let mut tera = Tera::new();
    tera.register_filter("date_zh", date_zh_filter);
    tera
}

/// `{{ x | date_zh }}` → "2024年8月6日"; `date_zh(time=true)` adds "10:30";
/// `date_zh(lang=site.language)` writes an English page's dates in
/// English ("6 Aug 2024").
fn date_zh_filter(value: &str, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let with_time = kwargs.get::<bool>("time")?.unwrap_or(false);
    let style = kwargs
        .get::<&str>("lang")?
        .map_or(DateStyle::Chinese, DateStyle::of);
    Ok(format_date_text(value, with_time, style).into_owned())
}

pub(super) fn build_tera(
    templates: &[(String, &str)],
    origins: &BTreeMap<String, &Path>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Tera> {
    let before = diags.len();
    // Parse each template on its own first, so every file with a syntax
    // error is reported, not only the first one Tera meets.
    for (name, text) in templates {
        if let Err(e) = Tera::new().add_raw_template(name, text) {
            if let ErrorKind::SyntaxError(report) = e.kind() {
                let origin = origin_of(origins, report.filename());
                diags.push(Diagnostic::error(
                    &origin,
                    span_position(report.span()),
                    msg!("template-error", detail = report.message()),
                ));
            }
        }
    }
    if diags.len() > before {
        return None;
    }
    let mut tera = new_tera();
    match tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), *t))) {
        Ok(()) => Some(tera),
        Err(e) => {
            diags.extend(template_error_diagnostics(&e, origins));
            None
        }
    }
}

fn origin_of(origins: &BTreeMap<String, &Path>, template: &str) -> PathBuf {
    origins.get(template).map_or_else(
        || PathBuf::from("themes").join(template),
        |p| p.to_path_buf(),
    )
}

fn span_position(span: &tera::Span) -> Position {
    let len = if span.end_line == span.start_line {
        span.end_col.saturating_sub(span.start_col)
    } else {
        1
    };
    Position::new(span.start_line, span.start_col + 1, len)
}

/// Turns a template-set error into diagnostics on the files concerned.
fn template_error_diagnostics(
    e: &tera::Error,
    origins: &BTreeMap<String, &Path>,
) -> Vec<Diagnostic> {
    let at_start = |tpl: &str, message: Msg| {
        Diagnostic::error(&origin_of(origins, tpl), Position::new(1, 1, 1), message)
    };
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            vec![Diagnostic::error(
                &origin_of(origins, r.filename()),
                span_position(r.span()),
                msg!("template-error", detail = r.message()),
            )]
        }
        ErrorKind::MissingParent { current, parent } => vec![at_start(
            current,
            msg!(
                "template-missing-parent",
                current = current,
                parent = parent
            ),
        )],
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => vec![at_start(
            tpl,
            msg!(
                "template-extend-cycle",
                chain = inheritance_chain.join(" → ")
            ),
        )],
        ErrorKind::CircularInclude { tpl, include_chain } => vec![at_start(
            tpl,
            msg!("template-include-cycle", chain = include_chain.join(" → ")),
        )],
        ErrorKind::Msg(text) => {
            let found = parse_reports(text, origins);
            if found.is_empty() {
                vec![Diagnostic::error(
                    Path::new("themes"),
                    Position::default(),
                    msg!("template-error", detail = text),
                )]
            } else {
                found
            }
        }
        other => vec![Diagnostic::error(
            Path::new("themes"),
            Position::default(),
            msg!("template-error", detail = other.to_string()),
        )],
    }
}

/// Tera joins several problems into one message of reports shaped like
/// `error: MESSAGE` / ` --> NAME:LINE:COL`; each becomes a diagnostic.
fn parse_reports(text: &str, origins: &BTreeMap<String, &Path>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
        } else if let Some(loc) = line.trim_start().strip_prefix("--> ") {
            let Some(m) = message.take() else { continue };
            let mut parts = loc.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.parse::<usize>().ok());
            let line_no = parts.next().and_then(|l| l.parse::<usize>().ok());
            let name = parts.next();
            if let (Some(col), Some(line_no), Some(name)) = (col, line_no, name) {
                out.push(Diagnostic::error(
                    &origin_of(origins, name),
                    Position::new(line_no, col, 1),
                    msg!("template-error", detail = m),
                ));
            }
        }
    }
    out
}
