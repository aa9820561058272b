// The audit command end to end: it prints each failure with page, rule and
// element, closes with the summary line, and its exit code is the verdict.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { CLEAN, FAULTY } from "../fixtures/sites.mjs";

const RUN = join(dirname(fileURLToPath(import.meta.url)), "..", "run.mjs");

function audit(site, report) {
  const result = spawnSync(process.execPath, [RUN, "--site", site, ...(report ? ["--report", report] : [])], {
    encoding: "utf8",
  });
  const lines = result.stdout.trimEnd().split("\n");
  return { code: result.status, lines, summary: lines.at(-1), stderr: result.stderr };
}

test("run: the faulty site fails every gate it has a fault for, and the report lists them", () => {
  const dir = mkdtempSync(join(tmpdir(), "yizhan-audit-report-"));
  try {
    const { code, lines, summary, stderr } = audit(FAULTY, join(dir, "AUDIT.md"));
    assert.equal(code, 1, stderr);
    for (const gate of ["vnu", "links", "axe", "lighthouse", "external"]) {
      assert.match(summary, new RegExp(`\\b${gate} [1-9]`), summary);
    }
    assert.match(summary, /weight 0/);
    assert.ok(
      lines.includes('✗ [links] /  broken-link: href="/missing/" matches no file of the output'),
      lines.join("\n"),
    );
    assert.ok(lines.includes('      at input <input type="text" name="q">'), lines.join("\n"));
    const report = readFileSync(join(dir, "AUDIT.md"), "utf8");
    assert.match(
      report,
      /^- \[external\] `\/` external-request: script src loads https:\/\/cdn.example.com\/widget.js/m,
    );
    assert.match(report, new RegExp(summary.replace(/[()]/g, "\\$&")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("run: the clean site passes with exit code 0", () => {
  const { code, summary, stderr } = audit(CLEAN);
  assert.equal(code, 0, stderr);
  assert.equal(summary, "audit: 0 failures (vnu 0, links 0, axe 0, lighthouse 0, weight 0, external 0)");
});

test("run: --yizhan with no binary there stops before building anything, naming the path", () => {
  const missing = join(tmpdir(), "yizhan-audit-no-such-dir", "yizhan");
  const result = spawnSync(process.execPath, [RUN, "--yizhan", missing], { encoding: "utf8" });
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, new RegExp(`no yizhan binary at ${missing.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  assert.doesNotMatch(result.stderr, /cargo build|build the sample site/);
});

test("run: --yizhan with --site is refused, since nothing is built then", () => {
  const result = spawnSync(process.execPath, [RUN, "--site", CLEAN, "--yizhan", "target/debug/yizhan"], {
    encoding: "utf8",
  });
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /with --site nothing is built/);
  assert.doesNotMatch(result.stdout, /^audit:/m);
});
