//! Command help in the chosen language.
//!
//! clap takes its texts from the doc comments of [`super::Cli`], which
//! are English; before parsing, every command's `about` and every
//! argument's `help` are replaced with the catalogue's words (`cli-build`,
//! `cli-build--base-url`), and in Chinese clap's own headings and flags
//! too. A test checks that the English catalogue says what the doc
//! comments say, so the two cannot drift apart.

use clap::{Arg, ArgAction, ArgMatches, Command, CommandFactory};

use crate::i18n::{lookup, Lang};

/// The command line of [`super::Cli`], its help in `lang`.
pub(super) fn command(lang: Lang) -> Command {
    let cmd = localize(super::Cli::command(), "cli", lang);
    match lang {
        Lang::English => cmd,
        Lang::Zh => chinese_usage(
            cmd.disable_version_flag(true).arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help(words(lang, "cli-version-flag").unwrap_or_default())
                    .help_heading(words(lang, "cli-options").unwrap_or_default()),
            ),
        ),
    }
}

/// Every command's usage line as clap makes it, with the `[OPTIONS]`
/// clap writes itself said in Chinese (its other placeholders are the
/// arguments' value names, already Chinese).
fn chinese_usage(cmd: Command) -> Command {
    let mut built = cmd.clone();
    built.build();
    with_usage(cmd, &built)
}

/// `cmd` and its subcommands with the usage of `built`, the same
/// command built.
fn with_usage(mut cmd: Command, built: &Command) -> Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        if let Some(sub) = built.find_subcommand(&name) {
            cmd = cmd.mut_subcommand(&name, |s| with_usage(s, sub));
        }
    }
    let usage = built.clone().render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
    let options = format!("[{}]", words(Lang::Zh, "cli-options").unwrap_or_default());
    cmd.override_usage(usage.replace("[OPTIONS]", &options))
}

/// A mistake on the command line said in Chinese (clap says it in
/// English), for the usual mistakes; None for the others.
pub(super) fn chinese_error(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |kind| e.get(kind).map(ToString::to_string);
    let what = match e.kind() {
        ErrorKind::UnknownArgument => t!("cli-error-argument", arg = get(ContextKind::InvalidArg)?),
        ErrorKind::InvalidSubcommand => {
            t!(
                "cli-error-command",
                command = get(ContextKind::InvalidSubcommand)?
            )
        }
        ErrorKind::InvalidValue => {
            let choices = match e.get(ContextKind::ValidValue) {
                Some(ContextValue::Strings(v)) => v.join("、"),
                _ => String::new(),
            };
            t!(
                "cli-error-value",
                arg = get(ContextKind::InvalidArg)?,
                value = get(ContextKind::InvalidValue)?,
                has_choices = if choices.is_empty() { "no" } else { "yes" },
                choices = choices
            )
        }
        ErrorKind::MissingRequiredArgument => {
            t!("cli-error-missing", args = get(ContextKind::InvalidArg)?)
        }
        _ => return None,
    };
    let mut out = format!("{}: {what}", t!("label-error"));
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .find_map(|kind| match e.get(kind)? {
            ContextValue::Strings(v) => Some(v.join("`、`")),
            other => Some(other.to_string()),
        });
    if let Some(s) = suggested {
        out.push_str(&format!(
            "\n\n  {}: {}",
            t!("label-help"),
            t!("did-you-mean", id = s)
        ));
    }
    if let Some(usage) = get(ContextKind::Usage) {
        let usage = usage.replacen("Usage: ", &t!("cli-usage"), 1);
        out.push_str(&format!("\n\n{usage}"));
    }
    out.push_str(&format!("\n\n{}", t!("cli-error-more")));
    Some(out)
}

/// `yizhan help [COMMAND]…` when clap's own `help` command is replaced
/// by one in Chinese: shows the help of the command named, as `--help`
/// does, and exits.
pub(super) fn answer_help_command(lang: Lang, args: &[std::ffi::OsString], matches: &ArgMatches) {
    let mut path: Vec<String> = Vec::new();
    let mut at = matches;
    while let Some((name, sub)) = at.subcommand() {
        if name == "help" {
            let named = sub
                .get_many::<String>("command")
                .into_iter()
                .flatten()
                .cloned();
            path.extend(named);
            let program = args.first().cloned().unwrap_or_else(|| "yizhan".into());
            let again = std::iter::once(program)
                .chain(path.into_iter().map(Into::into))
                .chain(std::iter::once("--help".into()));
            command(lang).get_matches_from(again);
            return;
        }
        path.push(name.to_string());
        at = sub;
    }
}

fn words(lang: Lang, id: &str) -> Option<String> {
    lookup(lang, id, None, &crate::i18n::args(&[]))
}

/// clap's usage line and headings in Chinese.
fn chinese_frame(cmd: Command) -> Command {
    let lang = Lang::Zh;
    cmd.help_template(format!(
        "{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
        words(lang, "cli-usage").unwrap_or_default()
    ))
    .subcommand_help_heading(words(lang, "cli-commands").unwrap_or_default())
    .subcommand_value_name(words(lang, "cli-command-name").unwrap_or_default())
    .disable_help_flag(true)
    .disable_help_subcommand(true)
}

/// `-h, --help` in Chinese.
fn help_flag() -> Arg {
    Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help(words(Lang::Zh, "cli-help-flag").unwrap_or_default())
        .help_heading(words(Lang::Zh, "cli-options").unwrap_or_default())
}

/// An argument's heading, value name, default and choices said in
/// Chinese (clap says them in English); `id` is its catalogue id.
fn in_chinese(a: Arg, id: &str) -> Arg {
    let lang = Lang::Zh;
    let heading = if a.is_positional() {
        "cli-arguments"
    } else {
        "cli-options"
    };
    let mut help = a.get_help().map(ToString::to_string).unwrap_or_default();
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && a.get_action().takes_values() {
        help.push_str(&t!("cli-default", value = defaults.join("、")));
    }
    let choices: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !choices.is_empty() && a.get_action().takes_values() {
        help.push_str(&t!("cli-choices", values = choices.join("、")));
    }
    let takes_values = a.get_action().takes_values();
    let long_help = described_values(&a, id).map(|values| {
        let mut long = a.get_help().map(ToString::to_string).unwrap_or_default();
        long.push_str(&format!("\n\n{}\n{values}", t!("cli-values")));
        if !defaults.is_empty() && takes_values {
            long.push_str(&format!(
                "\n\n{}",
                t!("cli-default", value = defaults.join("、"))
            ));
        }
        long
    });
    let value_name = words(lang, &format!("cli-value-{}", a.get_id()))
        .filter(|_| takes_values && a.get_value_names().is_none_or(|n| n.len() <= 1));
    let mut a = a
        .help(help)
        .hide_default_value(takes_values)
        .hide_possible_values(takes_values)
        .help_heading(words(lang, heading).unwrap_or_default());
    if let Some(long) = long_help {
        a = a.long_help(long);
    }
    if let Some(name) = value_name {
        a = a.value_name(name);
    }
    a
}

/// The catalogue id of the description of `value`, a choice of the
/// argument whose id is `arg_id`.
fn value_id(arg_id: &str, value: &str) -> String {
    format!("{arg_id}-{value}")
}

/// The choices of an argument one per line, each with its description
/// from the catalogue; None when no choice has one.
fn described_values(a: &Arg, id: &str) -> Option<String> {
    let values: Vec<_> = a
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    if !values.iter().any(|v| v.get_help().is_some()) {
        return None;
    }
    let lines: Vec<String> = values
        .iter()
        .map(|v| {
            let name = v.get_name();
            match words(Lang::Zh, &value_id(id, name)).filter(|_| v.get_help().is_some()) {
                Some(description) => format!("- {name}：{description}"),
                None => format!("- {name}"),
            }
        })
        .collect();
    Some(lines.join("\n"))
}

/// The catalogue id of an argument of the command at `path`.
pub(super) fn arg_id(path: &str, arg: &str) -> String {
    format!("{path}--{}", arg.replace('_', "-"))
}

/// Arguments clap adds itself, not in the doc comments.
fn is_builtin(arg: &Arg) -> bool {
    matches!(arg.get_id().as_str(), "help" | "version")
}

fn localize(mut cmd: Command, path: &str, lang: Lang) -> Command {
    if let Some(about) = words(lang, path) {
        cmd = cmd.about(about).long_about(None);
    }
    let args: Vec<String> = cmd
        .get_arguments()
        .filter(|a| !is_builtin(a))
        .map(|a| a.get_id().to_string())
        .collect();
    for id in args {
        let catalogue_id = arg_id(path, &id);
        let help = words(lang, &catalogue_id);
        cmd = cmd.mut_arg(&id, |mut a| {
            if let Some(help) = help {
                a = a.help(help).long_help(None);
            }
            if lang == Lang::Zh {
                a = in_chinese(a, &catalogue_id);
            }
            a
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let has_subcommands = !subs.is_empty();
    for name in subs {
        let sub_path = format!("{path}-{name}");
        cmd = cmd.mut_subcommand(&name, |s| localize(s, &sub_path, lang));
    }
    if lang == Lang::Zh && has_subcommands {
        cmd = cmd.subcommand(
            chinese_frame(Command::new("help"))
                .about(words(lang, "cli-help-command").unwrap_or_default())
                .arg(
                    Arg::new("command")
                        .num_args(0..)
                        .help_heading(words(lang, "cli-arguments").unwrap_or_default())
                        .value_name(words(lang, "cli-command-name").unwrap_or_default()),
                )
                .arg(help_flag()),
        );
    }
    if lang == Lang::Zh {
        cmd = chinese_frame(cmd).arg(help_flag());
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (catalogue id, English text) of every command and argument, from
    /// the doc comments.
    fn texts(cmd: &Command, path: &str, out: &mut Vec<(String, String)>) {
        if let Some(about) = cmd.get_about() {
            out.push((path.to_string(), about.to_string()));
        }
        for a in cmd.get_arguments().filter(|a| !is_builtin(a)) {
            let id = arg_id(path, a.get_id().as_str());
            if let Some(help) = a.get_help() {
                out.push((id.clone(), help.to_string()));
            }
            for v in a.get_possible_values() {
                if let Some(help) = v.get_help() {
                    out.push((value_id(&id, v.get_name()), help.to_string()));
                }
            }
        }
        for s in cmd.get_subcommands() {
            texts(s, &format!("{path}-{}", s.get_name()), out);
        }
    }

    #[test]
    fn the_english_help_is_the_doc_comments() {
        let mut found = Vec::new();
        texts(&super::super::Cli::command(), "cli", &mut found);
        assert!(found.len() > 30, "{} texts", found.len());
        for (id, text) in found {
            let catalogue = words(Lang::English, &id)
                .unwrap_or_else(|| panic!("no `{id}` in locales/en-cli.ftl for: {text}"));
            assert_eq!(catalogue, text, "`{id}` in locales/en-cli.ftl");
        }
    }

    #[test]
    fn the_command_line_is_sound_in_either_language() {
        for lang in Lang::ALL {
            command(lang).debug_assert();
        }
    }

    #[test]
    fn the_chinese_help_is_chinese() {
        let mut cmd = command(Lang::Zh);
        let help = cmd.render_help().to_string();
        assert!(help.contains("用法："), "{help}");
        assert!(help.contains("检查内容"), "{help}");
        assert!(!help.contains("Print help"), "{help}");
        let mut build = command(Lang::Zh);
        let build = build
            .find_subcommand_mut("build")
            .expect("build")
            .render_long_help()
            .to_string();
        assert!(build.contains("输出文件夹"), "{build}");
    }

    /// Every command's help in Chinese, `yizhan` first.
    fn all_help(cmd: &mut Command, out: &mut Vec<String>) {
        out.push(cmd.render_long_help().to_string());
        for sub in cmd.get_subcommands_mut() {
            all_help(sub, out);
        }
    }

    #[test]
    fn chinese_usage_lines_have_no_english_placeholders() {
        let mut cmd = command(Lang::Zh);
        cmd.build();
        let mut helps = Vec::new();
        all_help(&mut cmd, &mut helps);
        assert!(helps.len() > 10, "{} commands", helps.len());
        for help in &helps {
            for english in ["[OPTIONS]", "<COMMAND>", "<FILE>", "<ROOT>", "Usage:"] {
                assert!(!help.contains(english), "{english} in {help}");
            }
        }
        assert!(
            helps[0].contains("用法：yizhan [选项] <命令>"),
            "{}",
            helps[0]
        );
        let table = helps
            .iter()
            .find(|h| h.contains("yizhan import table"))
            .expect("import table");
        assert!(table.contains("[选项] <文件>"), "{table}");
    }
}
