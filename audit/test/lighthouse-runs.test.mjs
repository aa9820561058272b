// How the Lighthouse gate picks the run a page is judged by.

import assert from "node:assert/strict";
import { test } from "node:test";
import { bestRun, calibratedMultiplier, DEFAULT_MULTIPLIER } from "../lib/lighthouse.mjs";
import { renderReport } from "../lib/report.mjs";

// A stand-in for Lighthouse that returns the given performance scores in
// turn (null: a run that ended in an error), each run measuring the
// benchmark index given for it (1,600 when none is), counting its calls and
// keeping the CPU factor each was asked for.
function scripted(scores, indexes = []) {
  const run = async (multiplier) => {
    run.multipliers.push(multiplier);
    const score = scores[run.calls++];
    if (score === null) return { runtimeError: { code: "ERRORED" }, categories: { performance: { score: null } } };
    const benchmarkIndex = indexes[run.calls - 1] ?? 1600;
    return { categories: { performance: { score } }, environment: { benchmarkIndex }, n: run.calls };
  };
  run.calls = 0;
  run.multipliers = [];
  return run;
}

test("lighthouse runs: a page that passes once is run once", async () => {
  const run = scripted([0.99, 0.5]);
  assert.equal((await bestRun(run, 95, 5)).n, 1);
  assert.equal(run.calls, 1);
});

test("lighthouse runs: a page slowed by a busy machine is run again until a run passes", async () => {
  const run = scripted([0.85, 0.9, 0.96, 0.5]);
  const lhr = await bestRun(run, 95, 5);
  assert.equal(lhr.n, 3);
  assert.equal(run.calls, 3);
});

test("lighthouse runs: a score that rounds to the minimum passes, as the report shows it", async () => {
  const run = scripted([0.945, 0.2]);
  assert.equal((await bestRun(run, 95, 5)).n, 1);
});

test("lighthouse runs: a page that never passes is judged by its best run, after every run", async () => {
  const run = scripted([0.4, 0.7, 0.6]);
  const lhr = await bestRun(run, 95, 3);
  assert.equal(run.calls, 3);
  assert.equal(lhr.categories.performance.score, 0.7);
});

test("lighthouse runs: a run that ended in an error is not run again", async () => {
  const run = scripted([null, 0.99]);
  assert.equal((await bestRun(run, 95, 5)).runtimeError.code, "ERRORED");
  assert.equal(run.calls, 1);
});

test("lighthouse runs: the first run has Lighthouse's default CPU factor", async () => {
  const run = scripted([0.99], [300]);
  await bestRun(run, 95, 5);
  assert.deepEqual(run.multipliers, [DEFAULT_MULTIPLIER]);
});

test("lighthouse runs: a run again after a slow machine's run has its CPU factor calibrated from that run", async () => {
  const run = scripted([0.7, 0.8, 0.97], [900, 500, 2000]);
  const lhr = await bestRun(run, 95, 5);
  assert.equal(lhr.n, 3);
  assert.deepEqual(run.multipliers, [4, calibratedMultiplier(900), calibratedMultiplier(500)]);
  assert.ok(run.multipliers[1] < run.multipliers[0] && run.multipliers[2] < run.multipliers[1]);
});

test("lighthouse runs: a fast machine's run again keeps the default factor", async () => {
  const run = scripted([0.7, 0.7, 0.7], [2500, 1600, 1533]);
  await bestRun(run, 95, 3);
  assert.deepEqual(run.multipliers, [4, 4, 4]);
});

test("lighthouse runs: the calibration follows Lighthouse's table", () => {
  const cases = [
    [1533, 4],
    [1300, 3],
    [1050, 2.5],
    [800, 2],
    [475, 1.5],
    [150, 1],
    [75, 0.5],
    [30, 0.5],
    [0.1, 0.5],
    [3000, 4],
    [Number.NaN, 4],
    [0, 4],
  ];
  for (const [index, multiplier] of cases) {
    assert.equal(calibratedMultiplier(index), multiplier, `benchmark index ${index}`);
  }
});

test("lighthouse runs: the report names each page judged with a calibrated CPU factor, and only those", () => {
  const scores = { performance: 97, accessibility: 100, "best-practices": 100, seo: 100 };
  const build = {
    name: "sample",
    pages: 2,
    failures: [],
    weights: [],
    browsed: [
      { path: "/", kind: "home" },
      { path: "/help/", kind: "help" },
    ],
    lighthouse: [
      { path: "/", kind: "home", scores, cpu: { multiplier: DEFAULT_MULTIPLIER, benchmarkIndex: 1800 } },
      { path: "/help/", kind: "help", scores, cpu: { multiplier: 2.2, benchmarkIndex: 900.4 } },
    ],
  };
  const report = renderReport({ builds: [build], tools: "t", command: "audit/run" });
  const notes = report.split("\n").filter((line) => line.includes("CPU slowdown (benchmark index"));
  assert.deepEqual(notes.length, 1, report);
  assert.match(notes[0], /^- `\/help\/`: judged at 2\.2× CPU slowdown \(benchmark index 900\)/);
});
