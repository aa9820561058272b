// axe-core and Lighthouse in headless Chromium, on the fixtures served
// over HTTP. One Chromium and one server per site for all tests.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { checkAccessibility } from "../lib/axe.mjs";
import { launchChromium } from "../lib/browser.mjs";
import { checkLighthouse, DEFAULT_MULTIPLIER, MIN_SCORE, runOnce } from "../lib/lighthouse.mjs";
import { serve } from "../lib/server.mjs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CLEAN, FAULTY, verdicts, writeSite } from "../fixtures/sites.mjs";

let chrome;
let faulty;
let clean;
before(async () => {
  chrome = await launchChromium();
  faulty = await serve(FAULTY);
  clean = await serve(CLEAN);
});
after(async () => {
  await chrome?.close();
  await faulty?.close();
  await clean?.close();
});

test("axe: the unlabeled input is reported on the faulty page, by selector", async () => {
  const failures = await checkAccessibility({
    wsEndpoint: chrome.wsEndpoint,
    origin: faulty.url,
    paths: ["/", "/ok/"],
  });
  const label = failures.filter((f) => f.rule === "label");
  assert.equal(label.length, 1, verdicts(failures).join("\n"));
  assert.equal(label[0].page, "/");
  assert.equal(label[0].element, 'input <input type="text" name="q">');
  assert.ok(
    failures.every((f) => f.page === "/"),
    verdicts(failures).join("\n"),
  );
});

test("axe: a clean page has no violations", async () => {
  assert.deepEqual(await checkAccessibility({ wsEndpoint: chrome.wsEndpoint, origin: clean.url, paths: ["/"] }), []);
});

test("lighthouse: the faulty page loses accessibility points for the unlabeled input; the clean one passes", async () => {
  const faultyRun = await checkLighthouse({ port: chrome.port, origin: faulty.url, pages: [{ path: "/" }] });
  const a11y = faultyRun.failures.filter((f) => f.rule.startsWith("accessibility "));
  assert.equal(a11y.length, 1, verdicts(faultyRun.failures).join("\n"));
  assert.ok(faultyRun.scores[0].scores.accessibility < MIN_SCORE);
  assert.match(a11y[0].element, /label "Form elements do not have associated labels": body > main > form > input/);

  const cleanRun = await checkLighthouse({ port: chrome.port, origin: clean.url, pages: [{ path: "/" }] });
  assert.deepEqual(cleanRun.failures, []);
  for (const score of Object.values(cleanRun.scores[0].scores)) assert.ok(score >= MIN_SCORE);
});

test("lighthouse: a page whose own script blocks the main thread fails performance on every run", async () => {
  // The clean page, with a script that keeps the main thread for two
  // seconds: no run can be free of it, so judging by the best run must
  // still fail the page, and name Total Blocking Time.
  const clean = (file) => readFileSync(join(CLEAN, file), "utf8");
  const blocking = "<script>const end = performance.now() + 2000; while (performance.now() < end) {}</script>";
  const site = writeSite({
    "index.html": clean("index.html").replace("</body>", `${blocking}</body>`),
    "style.css": clean("style.css"),
    "dot.svg": clean("dot.svg"),
  });
  const server = await serve(site.dir);
  try {
    const { failures } = await checkLighthouse({ port: chrome.port, origin: server.url, pages: [{ path: "/" }], runs: 2 });
    assert.deepEqual(verdicts(failures).map((v) => v.replace(/\d+ < /, "N < ")), ["lighthouse / performance N < 95"]);
    assert.match(failures[0].element, /total-blocking-time "Total Blocking Time"/);
  } finally {
    await server.close();
    site.remove();
  }
});

test("lighthouse: a run with a calibrated CPU factor keeps the rest of the mobile preset", async () => {
  const url = `${clean.url}/`;
  const plain = await runOnce({ port: chrome.port, url, skipAudits: [], cpuSlowdownMultiplier: DEFAULT_MULTIPLIER });
  const calibrated = await runOnce({ port: chrome.port, url, skipAudits: [], cpuSlowdownMultiplier: 1.5 });
  assert.equal(plain.configSettings.throttling.cpuSlowdownMultiplier, DEFAULT_MULTIPLIER);
  assert.equal(calibrated.configSettings.throttling.cpuSlowdownMultiplier, 1.5);
  assert.deepEqual(
    { ...calibrated.configSettings.throttling, cpuSlowdownMultiplier: DEFAULT_MULTIPLIER },
    plain.configSettings.throttling,
  );
  assert.equal(calibrated.configSettings.formFactor, "mobile");
  assert.ok(calibrated.environment.benchmarkIndex > 0);
});
