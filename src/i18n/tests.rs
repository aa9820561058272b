use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast;

use super::*;

/// Every message and attribute of a catalogue, with the variables its
/// words use: `("unknown-reference", "help") -> {"id"}`.
fn entries(lang: Lang) -> BTreeMap<(String, String), BTreeSet<String>> {
    let resource = fluent_syntax::parser::parse(lang.source())
        .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", lang.tag()));
    let mut out = BTreeMap::new();
    for entry in resource.body {
        let (id, value, attributes) = match &entry {
            ast::Entry::Message(m) => (m.id.name.to_string(), m.value.as_ref(), &m.attributes),
            ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
            _ => continue,
        };
        if let Some(value) = value {
            out.insert((id.clone(), String::new()), variables(value));
        }
        for attr in attributes {
            out.insert(
                (id.clone(), attr.id.name.to_string()),
                variables(&attr.value),
            );
        }
    }
    out
}

fn variables(pattern: &ast::Pattern<&str>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    collect(pattern, &mut found);
    found
}

fn collect(pattern: &ast::Pattern<&str>, found: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, found);
        }
    }
}

fn expression_vars(expression: &ast::Expression<&str>, found: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Inline(inline) => inline_vars(inline, found),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, found);
            for variant in variants {
                collect(&variant.value, found);
            }
        }
    }
}

fn inline_vars(inline: &ast::InlineExpression<&str>, found: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            found.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, found),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for arg in &arguments.positional {
                inline_vars(arg, found);
            }
        }
        _ => {}
    }
}

#[test]
fn both_catalogues_have_the_same_messages_with_the_same_variables() {
    let zh = entries(Lang::Zh);
    let en = entries(Lang::English);
    assert!(en.len() > 10, "{} entries", en.len());
    for (key, vars) in &en {
        match zh.get(key) {
            None => panic!("{key:?} is in en.ftl but not zh-Hans.ftl"),
            Some(z) => assert_eq!(z, vars, "{key:?} uses other variables in zh-Hans.ftl"),
        }
    }
    for key in zh.keys() {
        assert!(
            en.contains_key(key),
            "{key:?} is in zh-Hans.ftl but not en.ftl"
        );
    }
}

#[test]
fn both_catalogues_parse_into_bundles() {
    for lang in Lang::ALL {
        let _ = bundle(lang);
    }
}

/// Every use of the `t!` and `msg!` macros in the source: the file, the
/// message id and the names of the arguments given.
fn uses() -> Vec<(String, String, BTreeSet<String>)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.expect("walk src");
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("read");
        for mac in ["t!(\"", "msg!(\""] {
            for (at, _) in text.match_indices(mac) {
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let open = at + mac.len() - 2;
                let (id, names) = macro_arguments(&text[open..]);
                found.push((entry.path().display().to_string(), id, names));
            }
        }
    }
    found
}

/// `"id", a = x, b = f(y, z))` → ("id", {a, b}): the top-level
/// arguments up to the closing parenthesis, strings skipped.
fn macro_arguments(text: &str) -> (String, BTreeSet<String>) {
    let mut depth = 0;
    let mut parts = vec![String::new()];
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                parts.last_mut().expect("part").push(c);
                while let Some(s) = chars.next() {
                    parts.last_mut().expect("part").push(s);
                    match s {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                continue;
            }
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        if depth >= 1 && !(depth == 1 && c == '(') {
            parts.last_mut().expect("part").push(c);
        }
    }
    let id = parts[0].trim().trim_matches('"').to_string();
    let names = parts[1..]
        .iter()
        .filter_map(|p| p.split_once(" = ").map(|(n, _)| n.trim().to_string()))
        .collect();
    (id, names)
}

/// The variables a message uses in its words and attributes, through the
/// terms it names too.
fn message_variables(
    entries: &BTreeMap<(String, String), BTreeSet<String>>,
    id: &str,
) -> BTreeSet<String> {
    entries
        .iter()
        .filter(|((m, _), _)| m == id)
        .flat_map(|(_, vars)| vars.iter().cloned())
        .collect()
}

fn ids_used() -> BTreeSet<String> {
    uses().into_iter().map(|(_, id, _)| id).collect()
}

#[test]
fn every_use_gives_the_variables_its_message_needs() {
    let en = entries(Lang::English);
    let found = uses();
    assert!(found.len() > 100, "{} uses found", found.len());
    let wrong: Vec<String> = found
        .into_iter()
        .filter_map(|(file, id, names)| {
            let needed = message_variables(&en, &id);
            (names != needed).then(|| format!("{file}: `{id}` given {names:?}, uses {needed:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_message_the_source_uses_is_in_the_catalogue() {
    let en = entries(Lang::English);
    let used = ids_used();
    assert!(used.len() > 10, "{} ids found", used.len());
    for id in &used {
        assert!(
            en.contains_key(&(id.clone(), String::new())),
            "`{id}` is used in src/ but not in locales/en.ftl"
        );
    }
}

#[test]
fn the_same_message_reads_in_either_language() {
    let args = args(&[("errors", 2usize.to_arg()), ("warnings", 1usize.to_arg())]);
    assert_eq!(
        text_in(Lang::English, "summary", &args),
        "2 errors, 1 warning"
    );
    let zh = text_in(Lang::Zh, "summary", &args);
    assert!(zh.contains('2') && zh.contains("错误"), "{zh}");
    assert!(!zh.contains('\u{2068}'), "no isolation marks: {zh:?}");
}

#[test]
fn one_and_many_read_differently_in_both_languages() {
    let stale = |lang, count: usize| {
        let args = args(&[
            ("count", count.to_arg()),
            ("day", "2024-01-02".to_arg()),
            ("months", 12usize.to_arg()),
            ("name", "甲站".to_arg()),
        ]);
        text_in(lang, "stale-record", &args)
    };
    assert!(stale(Lang::Zh, 1).starts_with("上次核实是在 2024-01-02"));
    assert!(stale(Lang::Zh, 3).starts_with("有 3 条记录"));
    assert!(stale(Lang::English, 1).starts_with("last verified 2024-01-02"));
    assert!(stale(Lang::English, 3).starts_with("3 records"));
}

#[test]
fn a_help_is_an_attribute_of_its_message() {
    let args = args(&[("field", "name".to_arg()), ("example", "小草".to_arg())]);
    let help = lookup(Lang::Zh, "missing-field", Some("help"), &args).expect("help");
    assert!(help.contains("name: 小草"), "{help}");
    assert_eq!(
        lookup(Lang::Zh, "missing-field", Some("nothing"), &args),
        None
    );
}

#[test]
fn the_flag_wins_then_the_site_then_the_locale() {
    use Lang::*;
    assert_eq!(choose(Some(English), Some(Zh), Some(Zh)), English);
    assert_eq!(choose(None, Some(Zh), Some(English)), Zh);
    assert_eq!(choose(None, Some(English), Some(Zh)), English);
    assert_eq!(choose(None, None, Some(Zh)), Zh);
    assert_eq!(choose(None, None, None), English);
}

#[test]
fn locales_and_tags_read_as_languages() {
    let env = |vars: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(
        from_locale(&env(&[("LANG", "zh_CN.UTF-8")])),
        Some(Lang::Zh)
    );
    assert_eq!(
        from_locale(&env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")])),
        Some(Lang::English)
    );
    assert_eq!(from_locale(&env(&[("LANG", "C")])), None);
    assert_eq!(from_locale(&env(&[])), None);
    assert_eq!(Lang::from_tag("zh-Hans"), Lang::Zh);
    assert_eq!(Lang::from_tag("en"), Lang::English);
}

#[test]
fn the_command_line_and_the_site_folder_choose() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("content")).expect("mkdir");
    std::fs::write(dir.path().join("content/site.yaml"), "title: 站\n").expect("write");
    let root = dir.path().to_string_lossy().into_owned();
    let argv = |words: &[&str]| words.iter().map(Into::into).collect::<Vec<_>>();
    let english_locale = |name: &str| (name == "LANG").then(|| "en_US.UTF-8".to_string());
    let no_env = |_: &str| None;
    // A site that names no language is Chinese, whatever the locale.
    let args = argv(&["yizhan", "--root", &root, "check"]);
    assert_eq!(from_args(&args, &english_locale), Lang::Zh);
    let args = argv(&["yizhan", "check", "--lang=en", &format!("--root={root}")]);
    assert_eq!(from_args(&args, &no_env), Lang::English);
    let yizhan_lang = |name: &str| (name == "YIZHAN_LANG").then(|| "en".to_string());
    let args = argv(&["yizhan", "--root", &root, "check"]);
    assert_eq!(from_args(&args, &yizhan_lang), Lang::English);
    std::fs::write(dir.path().join("content/site.yaml"), "language: en\n").expect("write");
    let chinese_locale = |name: &str| (name == "LC_ALL").then(|| "zh_CN.UTF-8".to_string());
    assert_eq!(from_args(&args, &chinese_locale), Lang::English);
    // No site: the locale.
    let args = argv(&["yizhan", "--root", "/nonexistent-site", "check"]);
    assert_eq!(from_args(&args, &chinese_locale), Lang::Zh);
}
