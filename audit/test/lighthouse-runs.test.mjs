// How the Lighthouse gate picks the run a page is judged by.

import assert from "node:assert/strict";
import { test } from "node:test";
import { bestRun } from "../lib/lighthouse.mjs";

// A stand-in for Lighthouse that returns the given performance scores in
// turn (null: a run that ended in an error), counting its calls.
function scripted(scores) {
  const run = async () => {
    const score = scores[run.calls++];
    if (score === null) return { runtimeError: { code: "ERRORED" }, categories: { performance: { score: null } } };
    return { categories: { performance: { score } }, n: run.calls };
  };
  run.calls = 0;
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
