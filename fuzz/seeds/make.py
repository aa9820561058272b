"""Writes the seed inputs of every fuzz target into fuzz/corpus/<target>/,
from the sample site in content/, the fixtures in tests/fixtures/ and a
few hand-written inputs. Run from the repository root; `cargo fuzz cmin`
then keeps the ones that add coverage."""

import hashlib
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "fuzz" / "corpus"

# Index of the file each front matter input is read as (src/fuzzing.rs).
RECORD_FILES = {
    ("venues", ".md"): 0, ("venues", ".yaml"): 1, ("organizations", ".md"): 2,
    ("brands", ".yaml"): 3, ("services", ".md"): 4, ("news", ".md"): 5,
    ("pages", ".md"): 6, ("organizations", ".yml"): 7, ("organizations", ".yaml"): 7,
    ("brands", ".md"): 3, ("services", ".yaml"): 4, ("venues", ".yml"): 1,
}
HSDS_FILES = ["organizations.json", "locations.csv", "services.json", "schedules.csv",
              "organizations.csv", "service_at_locations.csv", "phones.csv", "service.json",
              "schedules.json", "data/locations.json"]


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main():
    for f in sorted((ROOT / "content").rglob("*")):
        if f.suffix not in (".md", ".yaml", ".yml") or len(f.parts) < 2:
            continue
        coll = f.relative_to(ROOT / "content").parts[0]
        pick = RECORD_FILES.get((coll, f.suffix))
        if pick is None:
            continue
        text = f.read_bytes()
        put("front_matter", bytes([pick]) + text)
        if f.suffix == ".md":
            body = text.split(b"\n---\n", 1)[-1]
            put("markdown", b"\0" + body)
        for m in re.finditer(rb'^hours: "?([^"\n]*)"?$', text, re.M):
            put("hours", m.group(1))
    tricky_yaml = [
        "---\nname: &a [*a]\n---\n",
        "---\na: &a [x,x,x,x]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\nd: [*c,*c,*c,*c]\n---\n",
        "---\n" + "[" * 200 + "]" * 200 + "\n---\n",
        "---\n" + "- " * 300 + "x\n---\n",
        "---\nname: 小草\nhours: Mo-Fr 09:00-17:00\nclosed:\n  - from: 2026-12-05\n---\n正文",
        "---\r\nname: a\r\n---\r\nbody",
        "---\nname: a\n",
        "---\nname: [\n---\n# 标题\n",
        "name: !!binary aGVsbG8=\nstats: {a: .nan, b: !!float 1e400}\n",
        "? [a, b]\n: c\nname: {x: y}\n",
        "---\n---\n",
        "\ufeff---\nname: a\n---\n",
        "name: a\n...\n---\nname: b\n",
        "%YAML 1.2\n---\nname: a\n",
        "name: 'a\n  b'\ncontact:\n  phone: 0931-1234567\n",
    ]
    for i, y in enumerate(tricky_yaml):
        put("front_matter", bytes([i % 8]) + y.encode())
    for h in ["Mo-Fr 09:00-17:00; PH off", "24/7", "Mo-Fr 08:30-12:00,14:30-18:00; Sa 09:00-12:00",
              "Jan-Mar Mo 10:00-12:00", "week 1-53/2 Fr 09:00-12:00", "sunrise-sunset",
              "Mo[1,-1] 10:00-12:00", "2026 Dec 24-26 off", "Fr-Sa 20:00-02:00", "Mo-Fr 09:00+",
              "easter +2 days off", "Mo 25:00-26:00", "  Mo-Fr 09:00-17:00  ", "Mo-Fr 09:00-17:00 \"预约\"",
              "SH off; PH 10:00-12:00", "00:00-24:00", "Mo-Fr 09:00-17:00 || \"电话咨询\""]:
        put("hours", h)
    for w in ["周一至周五 9:00-17:00", "工作日 8:30-12:00，14:30-18:00", "每天 9:00-21:00", "每天",
              "周二至周日 9:00-17:00，周一闭馆", "周一闭馆；每天9:00-17:00",
              "周一至周六 9:00-18:00；节假日休息", "周一至周五 9-17点，法定节假日除外",
              "周一至周五 上午9点-12点 下午2点半-5点半", "周六 晚上7点到9点",
              "周五、周六 20:00-次日2:00", "周一、周三、周五 18:30-21:00", "周六日 9:00-12:00",
              "周末 10:00-16:00", "星期一到星期五 ９：００－１７：００", "礼拜天 全天"]:
        put("hours_words", w)
    for md in ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
               "[a](javascript:alert(1))", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
               "<iframe src=//x></iframe><svg><script>1</script></svg>",
               "# 标题\n## 标题\n###### 六\n\n正文\n换行", "<style>x</style><object data=x>",
               "| a | b |\n|---|---|\n| 1 | 2 |\n", "> 引用\n\n- [ ] 任务\n\n[^1]\n\n[^1]: 注",
               "<details><summary>x</summary>y</details>", "<!-- c --><SCRIPT SRC=x></SCRIPT>",
               "```html\n<script>\n```", "<math><mi xlink:href=\"javascript:1\">x</mi></math>"]:
        put("markdown", b"\0" + md.encode())
        put("markdown", b"\1" + md.encode())
    imp = ROOT / "tests" / "fixtures" / "import"
    for f in sorted(imp.glob("*.txt")):
        put("article", f.read_bytes())
    put("article", "标题\n\n作者：某某\n来源：某报\n2026-12-04\n\n正文第一段。\n\n责任编辑：某\n")
    for f in sorted((imp / "table").iterdir()):
        if f.suffix == ".csv":
            put("table", b"\0" + f.read_bytes())
        elif f.suffix in (".xlsx", ".xls", ".ods"):
            put("table", b"\1" + f.read_bytes())
    put("table", b"\0\xc3\xfb\xb3\xc6,\xb5\xe7\xbb\xb0\n\xd0\xa1\xb2\xdd,0931\n")
    put("table", "\0名称;坐标;开放;费用\n小草;36.06,103.83;是;免费\n\"a\"\"b\";;否;10元\n")
    for d in ("hsds-3.0", "hsds-3.1-csv"):
        for f in sorted((ROOT / "tests" / "fixtures" / d).iterdir()):
            stem = f.stem
            for i, name in enumerate(HSDS_FILES):
                base = name.rsplit("/", 1)[-1]
                if base.split(".")[0].rstrip("s") == stem.rstrip("s") and base.endswith(f.suffix):
                    put("hsds", bytes([i]) + f.read_bytes())
    parts = []
    for i, name in enumerate(HSDS_FILES):
        p = ROOT / "tests" / "fixtures" / "hsds-3.1-csv" / name.rsplit("/", 1)[-1]
        if p.exists():
            parts.append(bytes([i]) + p.read_bytes())
    put("hsds", b"\0".join(parts))
    for p in ["/", "/index.html", "/organizations/x/", "/%E5%B0%8F%E8%8D%89/", "/../etc/passwd",
              "/%2e%2e/%2e%2e/etc/passwd", "/a/..%2f..%2fb", "//etc/passwd", "/a%5c..%5cb",
              "/%", "/%zz", "/%c0%ae%c0%ae/", "/a/./b", "/sw.js", "/C:%5cwindows", "/a%00b"]:
        put("serve_path", p)


main()
