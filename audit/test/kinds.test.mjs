// Which page stands for each kind in the browser gates.

import assert from "node:assert/strict";
import { test } from "node:test";
import { COPY_KINDS, pickPages } from "../lib/kinds.mjs";

const site = (files) => ({ pages: files.map(([file, bytes]) => ({ file, bytes, url: `/${file.replace(/index\.html$/, "")}` })) });

test("kinds: the largest record page of each copy in another language is picked, and only copies give those kinds", () => {
  const picked = pickPages(
    site([
      ["services/a/index.html", 10],
      ["zh-hant/services/a/index.html", 10],
      ["zh-hant/services/b/index.html", 30],
      ["zh-hant/services/b/poster/index.html", 99],
      ["en/services/a/index.html", 20],
    ]),
  );
  const kind = (k) => picked.find((p) => p.kind === k)?.path;
  assert.equal(kind("service"), "/services/a/");
  assert.equal(kind("Traditional copy"), "/zh-hant/services/b/");
  assert.equal(kind("English copy"), "/en/services/a/");
  const oneLanguage = pickPages(site([["services/a/index.html", 10]])).map((p) => p.kind);
  assert.deepEqual(oneLanguage.filter((k) => COPY_KINDS.includes(k)), []);
});
