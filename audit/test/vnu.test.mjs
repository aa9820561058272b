// The Nu HTML checker gate, through the real vnu.jar.

import assert from "node:assert/strict";
import { test } from "node:test";
import { checkHtml } from "../lib/vnu.mjs";
import { CLEAN, FAULTY, page, verdicts, writeSite } from "../fixtures/sites.mjs";

test("vnu: the div inside a ul is reported on the faulty page, with its line", async () => {
  const failures = await checkHtml(FAULTY);
  assert.equal(failures.length, 1, verdicts(failures).join("\n"));
  const [fault] = failures;
  assert.equal(fault.page, "/");
  assert.match(fault.rule, /Element “div” not allowed as child of element “ul”/);
  assert.match(fault.element, /^<div> \(line 22, column 1\)/);
});

test("vnu: a clean site has no errors", async () => {
  assert.deepEqual(await checkHtml(CLEAN), []);
});

test("vnu: pages are named by their URL under base_url's path", async () => {
  const site = writeSite({ "a/b/index.html": page("<blink>old</blink>") });
  try {
    const failures = await checkHtml(site.dir, { basePath: "/sub/" });
    assert.ok(failures.length > 0);
    assert.ok(
      failures.every((f) => f.page === "/sub/a/b/"),
      verdicts(failures).join("\n"),
    );
  } finally {
    site.remove();
  }
});
