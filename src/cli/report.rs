//! What the commands print: builds, exports, `check --stale`, the
//! watcher's lines and problems in GitHub's annotation format.

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::build::{BuildOptions, BuildReport};
use crate::diagnostics::{render_human, summary, visible, Diagnostic, Sources};
use crate::engine;
use crate::load::SiteDirs;
use crate::serve::Reporter;

/// `::error file=content/a.md,line=3,col=7,title=yizhan check::unknown organization`:
/// a workflow command, with the characters it reserves escaped.
pub(super) fn github_annotation(d: &Diagnostic) -> String {
    let level = if d.is_error() { "error" } else { "warning" };
    let property = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
            .replace(':', "%3A")
            .replace(',', "%2C")
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push('\n');
        message.push_str(help);
    }
    let message = visible(&message)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    format!(
        "::{level} file={},line={},col={},title=yizhan check::{message}",
        property(&visible(&d.file)),
        d.line,
        d.column
    )
}

/// `check --stale`: the records that may be out of date, oldest first.
pub(super) fn print_stale(root: &std::path::Path) -> anyhow::Result<ExitCode> {
    let loaded = engine::check(&SiteDirs::new(root), None);
    let Some(site) = loaded.site else {
        let diags = loaded.diagnostics.into_sorted();
        print_human(&diags, &loaded.sources);
        eprintln!("{}", t!("stale-fix-first", summary = summary(&diags)));
        return Ok(ExitCode::FAILURE);
    };
    let stale = crate::model::stale_records(&site);
    for (day, file, name) in &stale {
        println!(
            "{day}  {}  {}",
            visible(&file.display().to_string()),
            visible(name)
        );
    }
    eprintln!(
        "{}",
        t!(
            "stale-count",
            count = stale.len(),
            months = site.config.stale_after_months
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// Prints a build's report; returns whether the site was written.
pub(super) fn print_build(
    opts: &BuildOptions,
    report: &BuildReport,
    started: std::time::Instant,
) -> bool {
    let Some(note) = problems(
        Doing::Build,
        &report.diagnostics,
        &report.sources,
        report.built,
        &opts.output_dir(),
    ) else {
        return false;
    };
    let dir = opts.output_dir().display().to_string();
    let millis = started.elapsed().as_millis();
    let line = if report.stats.full {
        t!(
            "built",
            pages = report.pages,
            files = report.files,
            dir = dir,
            millis = millis,
            note = note
        )
    } else {
        t!(
            "built-changes",
            rendered = report.stats.pages_rendered,
            pages = report.pages,
            files = report.stats.files_changed,
            dir = dir,
            millis = millis,
            note = note
        )
    };
    println!("{line}");
    true
}

/// What wrote a folder, for the line that says it failed.
#[derive(Clone, Copy)]
pub(super) enum Doing {
    Build,
    Export,
}

/// Prints the problems of a build or an export (`what`) into `dir`, and
/// says when it failed. Returns None when it failed, else the summary of
/// its warnings for the line that says what was written (empty if none).
pub(super) fn problems(
    what: Doing,
    diagnostics: &crate::diagnostics::Diagnostics,
    sources: &Sources,
    written: bool,
    dir: &std::path::Path,
) -> Option<String> {
    let diags = diagnostics.clone().into_sorted();
    print_human(&diags, sources);
    if !written {
        let what = match what {
            Doing::Build => "build",
            Doing::Export => "export",
        };
        eprintln!(
            "{}",
            t!(
                "write-failed",
                what = what,
                summary = summary(&diags),
                dir = dir.display().to_string()
            )
        );
        return None;
    }
    Some(if diags.is_empty() {
        String::new()
    } else {
        t!("written-with-warnings", summary = summary(&diags))
    })
}

/// Prints what the watcher does, as `build` and `check` would.
pub(super) struct TerminalReporter;

impl Reporter for TerminalReporter {
    fn rebuilt(&self, pages: usize, millis: u128, warnings: &str) {
        eprint!("{warnings}");
        eprintln!("{}", t!("rendered", pages = pages, millis = millis));
    }

    fn failed(&self, text: &str, summary: &str) {
        eprint!("{text}");
        eprintln!("{}", t!("serve-failed", summary = summary));
    }
}

pub(super) fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("{}", t!("no-browser", url = url));
    }
}

pub(super) fn print_human(diags: &[Diagnostic], sources: &Sources) {
    if diags.is_empty() {
        return;
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    eprint!("{}", render_human(diags, sources, color));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Position;

    #[test]
    fn an_annotation_shows_control_characters_from_content_and_escapes_its_own() {
        let d = Diagnostic::warning(
            std::path::Path::new("content/a\u{1b}.md"),
            Position::new(4, 1, 1),
            msg!("unknown-field", name = "\u{1b}]0;x\u{7}\n::error::%"),
        );
        let line = github_annotation(&d);
        assert!(!line.contains(['\u{1b}', '\u{7}', '\n']), "{line}");
        assert!(
            line.starts_with("::warning file=content/a␛.md,line=4,col=1,"),
            "{line}"
        );
        assert!(line.contains("␛]0;x␇%0A::error::%25"), "{line}");
    }
}
