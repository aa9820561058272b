//! A site written by an attacker: the script-injection payloads of
//! `tests/fixtures/hostile/xss.txt` in every text field of every kind of
//! record and of `site.yaml` and `areas.yaml`, in Markdown bodies, and in
//! the names that go into the JSON-LD, the search index, the feed and the
//! printable posters. The site still builds: the tests check what its
//! pages, feed and data files make of it.
//!
//! Each payload is an alias (and a tag) on its own; the text fields hold
//! the payloads joined a few at a time, in as many records of each kind as
//! it takes to carry all of them within a value's 2,000 characters.

use crate::common::TestSite;

const FIXTURE: &str = include_str!("../fixtures/hostile/xss.txt");

/// Characters that are not markup but break documents that do not expect
/// them: controls, the JavaScript line separators, a byte-order mark,
/// non-characters and a right-to-left override.
pub(crate) const ODD: &str = "a\u{1}b\u{8}c\u{b}d\u{c}e\u{1b}f\u{7f}g\u{85}h\u{2028}i\u{2029}j\u{feff}k\u{fffe}l\u{ffff}m\u{202e}n";

/// Every payload of the fixture, with `\t` as a tab, and the odd
/// characters.
pub(crate) fn payloads() -> Vec<String> {
    FIXTURE
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.replace("\\t", "\t"))
        .chain([ODD.to_string()])
        .collect()
}

/// Payloads in Markdown's own syntax: links, images and autolinks to
/// script URLs, and attributes smuggled through link titles.
const MARKDOWN: &str = r#"
[click](javascript:alert(1))
[click](JaVaScRiPt:alert(1))
[click](javascript&#58;alert(1))
[click](%6Aavascript:alert(1))
[click](<javascript:alert(1)>)
[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[click](vbscript:msgbox(1))
[click](https://example.org/ "title\" onmouseover=\"alert(1)")
![x](javascript:alert(1))
![x" onerror="alert(1)](https://example.org/x.png)
<javascript:alert(1)>
[ref][evil]

[evil]: javascript:window.__pwned=1

`<script>alert(1)</script>`

```html
<script>alert(1)</script>
```

<div onclick="alert(1)">**bold** <img src=x onerror=alert(1)></div>

| a | <img src=x onerror=alert(1)> |
|---|---|
| <script>alert(1)</script> | [x](javascript:alert(1)) |
"#;

/// The payloads as groups whose joined text fits in a value.
pub(crate) fn groups() -> Vec<String> {
    let mut groups = vec![String::new()];
    for p in payloads() {
        let last = groups.last_mut().expect("one group");
        if !last.is_empty() && last.chars().count() + p.chars().count() > 1_500 {
            groups.push(String::new());
        }
        let last = groups.last_mut().expect("one group");
        if !last.is_empty() {
            last.push(' ');
        }
        last.push_str(&p);
    }
    groups
}

/// A YAML double-quoted string holding `text` exactly: JSON's escapes,
/// and `\u` escapes for what YAML does not allow written as it is.
pub(crate) fn q(text: &str) -> String {
    let json = serde_json::to_string(text).expect("a string is JSON");
    json.chars()
        .map(|c| match c {
            '\u{7f}'..='\u{9f}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                format!("\\u{:04X}", u32::from(c))
            }
            c => c.to_string(),
        })
        .collect()
}

fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items.iter().map(|i| q(i)).collect::<Vec<_>>().join(", ")
    )
}

/// A Markdown body: the group as a paragraph, every payload on its own
/// line (raw HTML the sanitizer must clean), and Markdown's own tricks.
fn body(group: &str) -> String {
    let mut text = format!("\n{group}\n\n## {group}\n\n");
    for p in payloads() {
        text.push_str(&p);
        text.push_str("\n\n");
    }
    text.push_str(MARKDOWN);
    text
}

/// The text fields of a contact, the website a real URL carrying a payload.
fn contact(group: &str) -> String {
    format!(
        "contact:\n  phone: {g}\n  email: {g}\n  wechat: {g}\n  website: {w}\n",
        g = q(group),
        w = q(&format!("https://example.org/?q={group}"))
    )
}

/// The hostile site, ready to check, build or serve.
pub(crate) fn site() -> TestSite {
    let site = TestSite::empty();
    let payloads = payloads();
    let groups = groups();
    let g0 = &groups[0];

    let mut site_yaml = format!(
        "title: {}\ndescription: {}\nbase_url: https://example.org/\ntimezone: Asia/Shanghai\n",
        q(g0),
        q(g0)
    );
    site_yaml.push_str("categories:\n");
    for (i, g) in groups.iter().enumerate() {
        site_yaml.push_str(&format!(
            "  c{i}: {{ name: {}, description: {} }}\n",
            q(g),
            q(g)
        ));
    }
    site_yaml.push_str("audiences:\n");
    for (i, g) in groups.iter().enumerate() {
        site_yaml.push_str(&format!(
            "  a{i}: {{ name: {}, description: {} }}\n",
            q(g),
            q(g)
        ));
    }
    site_yaml.push_str("synonyms:\n");
    // A key is on one line (YAML reads U+2028 as a line break).
    for (i, p) in payloads.iter().filter(|p| **p != ODD).enumerate() {
        site_yaml.push_str(&format!("  {}: [{}, 甲{i}]\n", q(p), q(p)));
    }
    site.write("content/site.yaml", &site_yaml);

    let mut areas = String::from("- id: d\n  name: 城关区\n  kind: district\n  children:\n");
    for (i, g) in groups.iter().enumerate() {
        areas.push_str(&format!(
            "    - {{ id: s{i}, name: {}, kind: street }}\n",
            q(g)
        ));
    }
    site.write("content/areas.yaml", &areas);

    let stats: String = payloads
        .iter()
        .filter(|p| **p != ODD)
        .enumerate()
        .map(|(n, p)| format!("  {}: {n}\n", q(p)))
        .collect();
    for (i, g) in groups.iter().enumerate() {
        let c = format!("categories: [c{i}]\n");
        site.write(
            &format!("content/organizations/o{i}.md"),
            &format!(
                "---\nname: {n}\nshort_name: {g}\naliases: {a}\nkind: union\nareas_served: [d/s{i}]\n\
                 stats:\n{stats}{contact}{c}updated: 2026-01-01\n---\n{body}",
                n = q(&format!("{g} 机构{i}")),
                g = q(g),
                a = list(&payloads),
                contact = contact(g),
                body = body(g)
            ),
        );
        site.write(
            &format!("content/organizations/y{i}.yaml"),
            &format!(
                "name: {n}\nkind: union\ndescription: {d}\n",
                n = q(&format!("{g} 组织{i}")),
                d = q(&body(g))
            ),
        );
        site.write(
            &format!("content/venues/v{i}.md"),
            &format!(
                "---\nname: {n}\naliases: {a}\narea: d/s{i}\naddress: {g}\n\
                 location: {{ lat: 36.06, lon: 103.83 }}\nhours: \"Mo-Su 00:00-24:00\"\noperator: o{i}\n\
                 accessibility: [wheelchair, {g}]\n{contact}{c}updated: 2026-01-01\n---\n{body}",
                n = q(&format!("{g} 驿站{i}")),
                a = list(&payloads),
                g = q(g),
                contact = contact(g),
                body = body(g)
            ),
        );
        site.write(
            &format!("content/brands/b{i}.md"),
            &format!(
                "---\nname: {n}\nshort_name: {g}\naliases: {a}\noperators: [o{i}]\nvenues: [v{i}]\n\
                 started: 2020\n{c}{contact}updated: 2026-01-01\n---\n{body}",
                n = q(&format!("{g} 品牌{i}")),
                g = q(g),
                a = list(&payloads),
                contact = contact(g),
                body = body(g)
            ),
        );
        site.write(
            &format!("content/services/s{i}.md"),
            &format!(
                "---\nname: {n}\naliases: {a}\norganization: o{i}\nbrand: b{i}\nvenues: [v{i}]\n\
                 online: true\n{c}audiences: [a{i}]\ncost: {{ amount: 10, currency: {g}, note: {g} }}\n\
                 eligibility: {g}\nschedule: \"Mo-Su 08:00-20:00\"\n\
                 apply: {{ phone: {g}, url: {u}, note: {g} }}\nupdated: 2026-01-01\n---\n{body}",
                n = q(&format!("{g} 服务{i}")),
                a = list(&payloads),
                g = q(g),
                u = q(&format!("https://example.org/apply?{g}")),
                body = body(g)
            ),
        );
        site.write(
            &format!("content/news/n{i}.md"),
            &format!(
                "---\ntitle: {g}\nkicker: {g}\nsubtitle: {g}\nauthor: {g}\ndate: 2026-0{m}-01 09:00\n\
                 source: {g}\nsource_url: {u}\neditors: [{g}, {g}]\nmentions: [o{i}, v{i}, b{i}, s{i}]\n\
                 tags: {t}\ndescription: {g}\n---\n{body}",
                m = i % 9 + 1,
                g = q(g),
                u = q(&format!("https://example.org/news?{g}")),
                t = list(&payloads),
                body = body(g)
            ),
        );
        site.write(
            &format!("content/pages/p{i}.md"),
            &format!(
                "---\ntitle: {g}\ndescription: {g}\nweight: {i}\n---\n{body}",
                g = q(g),
                body = body(g)
            ),
        );
    }
    site
}
