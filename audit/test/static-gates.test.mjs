// The gates that read the output files: links, self-containment, weight.

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { checkExternal } from "../lib/external.mjs";
import { checkLinks } from "../lib/links.mjs";
import { loadSite } from "../lib/site.mjs";
import { checkWeight, WEIGHT_LIMIT } from "../lib/weight.mjs";
import { CLEAN, FAULTY, page, verdicts, writeSite } from "../fixtures/sites.mjs";

test("links: the missing page and the missing id are reported on the faulty page, nothing else", () => {
  const failures = checkLinks(loadSite(FAULTY));
  assert.deepEqual(verdicts(failures), ["links / broken-fragment", "links / broken-link"]);
  const broken = failures.find((f) => f.rule === "broken-link");
  assert.match(broken.element, /<a href="\/missing\/">/);
  assert.match(broken.element, /line 25/);
  assert.match(failures.find((f) => f.rule === "broken-fragment").message, /no id "nowhere" on \/ok\//);
});

test("links: a clean site has none broken", () => {
  assert.deepEqual(checkLinks(loadSite(CLEAN)), []);
});

test("links: base_url's path prefixes every root-relative link, and CSS url()s must exist", () => {
  const site = writeSite({
    "index.html": page('<a href="/sub/a/">in</a> <a href="/a/">outside the prefix</a> <a href="a">relative</a>'),
    "a/index.html": page('<p id="x">a</p><a href="../#nope">up</a>', '<link rel="stylesheet" href="/sub/a.css">'),
    "a.css": 'b { background: url("missing.png") } i { fill: url(#gradient) } u { background: url(/sub/a.css) }',
  });
  try {
    const failures = checkLinks(loadSite(site.dir, { baseUrl: "https://example.org/sub/" }));
    assert.deepEqual(verdicts(failures), [
      "links /sub/ invalid-url",
      "links /sub/a.css broken-link",
      "links /sub/a/ broken-fragment",
    ]);
    assert.match(failures.find((f) => f.rule === "broken-link").element, /url\("missing.png"\) \(line 1\)/);
  } finally {
    site.remove();
  }
});

test("links: the theme's canonical URL must exist, while records' links to the same host are left alone", () => {
  const site = writeSite({
    "index.html": page(
      '<a href="https://example.org/elsewhere/">a website on the same host</a>',
      '<link rel="canonical" href="https://example.org/gone/">',
    ),
  });
  try {
    const failures = checkLinks(loadSite(site.dir, { baseUrl: "https://example.org/" }));
    assert.deepEqual(verdicts(failures), ["links / broken-link"]);
    assert.match(failures[0].element, /rel="canonical"/);
  } finally {
    site.remove();
  }
});

test("external: the outside script and the outside font are reported; map links and comments are not", () => {
  const failures = checkExternal(loadSite(FAULTY));
  assert.deepEqual(verdicts(failures), ["external / external-request", "external /style.css external-request"]);
  assert.match(failures[0].message, /https:\/\/cdn\.example\.com\/widget\.js/);
  assert.match(failures[0].element, /html > head > script <script src="https:\/\/cdn.example.com\/widget.js" defer>/);
  assert.match(failures[1].element, /url\("https:\/\/fonts.example.com\/css2\?family=Noto\+Sans"\) \(line 2\)/);
  assert.deepEqual(checkExternal(loadSite(CLEAN)), []);
});

test("external: srcset, icons, protocol-relative URLs and inline styles count; canonical links do not", () => {
  const site = writeSite({
    "index.html": page(
      '<img alt="" src="/a.png" srcset="/a.png 1x, https://img.example.com/a@2x.png 2x">' +
        '<p style="background: url(//cdn.example.com/bg.png)">x</p><style>@import "https://x.example.com/a.css";</style>',
      '<link rel="icon" href="https://cdn.example.com/i.svg"><link rel="canonical" href="https://example.org/">',
    ),
  });
  try {
    const failures = checkExternal(loadSite(site.dir, { baseUrl: "https://example.org/" }));
    assert.deepEqual(failures.map((f) => f.message).sort(), [
      "img srcset loads https://img.example.com/a@2x.png",
      "inline CSS loads http://cdn.example.com/bg.png",
      "inline CSS loads https://x.example.com/a.css",
      "link href loads https://cdn.example.com/i.svg",
    ]);
  } finally {
    site.remove();
  }
});

test("weight: a page whose stylesheet pushes it over the budget is reported with the stylesheet", () => {
  // Random bytes barely compress: 60 KB of them, as base64, stay over 50 KB gzipped.
  const site = writeSite({
    "index.html": page("<p>light</p>"),
    "heavy/index.html": page("<p>heavy</p>", '<link rel="stylesheet" href="/heavy.css">'),
    "heavy.css": `/* ${randomBytes(60_000).toString("base64")} */`,
  });
  try {
    const { failures, pages } = checkWeight(loadSite(site.dir));
    assert.deepEqual(verdicts(failures), ["weight /heavy/ over-budget"]);
    assert.match(failures[0].element, /heavy\.css/);
    assert.ok(pages[0].total > WEIGHT_LIMIT && pages[0].url === "/heavy/");
  } finally {
    site.remove();
  }
});

test("weight: the faulty page counts its stylesheet and stays within budget", () => {
  const { failures, pages } = checkWeight(loadSite(FAULTY));
  assert.deepEqual(failures, []);
  const home = pages.find((p) => p.url === "/");
  assert.deepEqual(home.assets, ["style.css"]);
  assert.ok(home.total > home.html);
});
