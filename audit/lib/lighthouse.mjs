// Lighthouse gate: each page, with Lighthouse's default (mobile) settings —
// a mid-range phone on a slow 4G link, simulated — scores at least the
// minimum in performance, accessibility, best practices and SEO. A failure
// lists the audits that cost points, with the elements they name.
//
// Performance is timed, so it varies with the machine and with what else it
// is doing. Lighthouse plays the phone by multiplying the page's own tasks
// as this machine ran them by four, a factor meant for a desktop of a
// benchmark index near 1,500; on a slower or busier machine the same page
// would score lower. That noise only ever adds time, never takes it away.
// So a page that scores below the minimum is run again, up to RUNS times in
// all, and judged by its best run; each run again has its CPU factor
// calibrated with Lighthouse's own table from the benchmark index the run
// before measured (never above four), so that a slow machine plays the
// same phone rather than a slower one. A page whose own work is too slow
// fails every run; one that only met a slow or busy machine passes. The
// other categories do not depend on timing and are taken from that same
// run. The report names every page judged with another factor than four.

import lighthouse from "lighthouse";
import { shorten } from "./html.mjs";

export const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
export const MIN_SCORE = 95;
export const RUNS = 5;
/** Lighthouse's default CPU slowdown for its mobile preset. */
export const DEFAULT_MULTIPLIER = 4;
/**
 * The least CPU factor a calibration gives: a machine measured at half
 * the phone's own speed or slower is judged as that, so that a benchmark
 * taken during a stall cannot take a page's own work out of its score.
 */
export const MIN_MULTIPLIER = 0.5;

/**
 * Runs Lighthouse on `pages` ({ path, skipAudits? }) one after another in the
 * Chromium listening on `port`.
 * @returns {Promise<{ failures: Failure[], scores: { path, scores: {category: number} }[] }>}
 */
export async function checkLighthouse({ port, origin, pages, min = MIN_SCORE, runs = RUNS }) {
  const failures = [];
  const scores = [];
  for (const { path, skipAudits = [] } of pages) {
    const lhr = await bestRun(
      (cpuSlowdownMultiplier) => runOnce({ port, url: origin + path, skipAudits, cpuSlowdownMultiplier }),
      min,
      runs,
    );
    if (lhr.runtimeError) {
      failures.push({
        gate: "lighthouse",
        page: path,
        rule: lhr.runtimeError.code,
        message: lhr.runtimeError.message,
        element: "",
      });
    }
    const row = {};
    for (const id of CATEGORIES) {
      const category = lhr.categories[id];
      const score = category.score === null ? null : Math.round(category.score * 100);
      row[id] = score;
      if (score === null || score < min) {
        failures.push({
          gate: "lighthouse",
          page: path,
          rule: `${id} ${score ?? "n/a"} < ${min}`,
          message: id === "performance" ? describeCpu(cpuOf(lhr)) : "",
          element: lostPoints(lhr, category).join("; ") || "no single audit failed",
        });
      }
    }
    scores.push({ path, scores: row, cpu: cpuOf(lhr) });
  }
  return { failures, scores };
}

/** One Lighthouse run of `url` with the given CPU factor; its result. */
export async function runOnce({ port, url, skipAudits, cpuSlowdownMultiplier }) {
  // Settings from flags are merged into Lighthouse's defaults: the network
  // throttling and the rest of the mobile preset stay as they are.
  const result = await lighthouse(url, {
    port,
    logLevel: "error",
    output: "json",
    onlyCategories: CATEGORIES,
    skipAudits,
    throttling: { cpuSlowdownMultiplier },
  });
  return result.lhr;
}

/** The CPU factor a run was judged with and the machine's benchmark index then. */
function cpuOf(lhr) {
  return {
    multiplier: lhr.configSettings?.throttling?.cpuSlowdownMultiplier ?? DEFAULT_MULTIPLIER,
    benchmarkIndex: lhr.environment?.benchmarkIndex ?? null,
  };
}

/** `at 2.4× CPU slowdown (benchmark index 1010)` */
export function describeCpu({ multiplier, benchmarkIndex }) {
  const index = benchmarkIndex === null ? "unknown" : Math.round(benchmarkIndex);
  return `at ${multiplier}× CPU slowdown (benchmark index ${index})`;
}

/**
 * The CPU slowdown that makes a machine of `benchmarkIndex` play the phone
 * Lighthouse's default of four plays on its reference desktop (index ~1,533):
 * Lighthouse's own calibration table (docs/throttling.md, "Calibrating
 * multipliers"), in proportion below its last row (index 150, 1×), never
 * below MIN_MULTIPLIER and never above the default.
 */
export function calibratedMultiplier(benchmarkIndex) {
  if (!Number.isFinite(benchmarkIndex) || benchmarkIndex <= 0) return DEFAULT_MULTIPLIER;
  const bi = benchmarkIndex;
  let m;
  if (bi >= 1300) m = 3 + (bi - 1300) / 233;
  else if (bi >= 800) m = 2 + (bi - 800) / 500;
  else if (bi >= 150) m = 1 + (bi - 150) / 650;
  else m = bi / 150;
  // Two decimals: the report shows it, and the run is repeatable with it.
  return Math.min(DEFAULT_MULTIPLIER, Math.max(MIN_MULTIPLIER, Math.round(m * 100) / 100));
}

const performanceOf = (lhr) => lhr.categories.performance?.score ?? -1;
const reaches = (lhr, min) => Math.round(performanceOf(lhr) * 100) >= min;

/**
 * Calls `run(cpuSlowdownMultiplier)` (which resolves to a Lighthouse result)
 * until one result's performance reaches `min`, at most `runs` times, and
 * returns the first that does, else the one with the best performance. The
 * first run has the default factor, each later one the factor calibrated
 * from the benchmark index of the run before. A run that ended in an error
 * is returned at once: it is not a matter of timing.
 */
export async function bestRun(run, min, runs = RUNS) {
  let best = null;
  let multiplier = DEFAULT_MULTIPLIER;
  for (let i = 0; i < runs; i++) {
    const lhr = await run(multiplier);
    if (lhr.runtimeError || reaches(lhr, min)) return lhr;
    if (best === null || performanceOf(lhr) > performanceOf(best)) best = lhr;
    multiplier = calibratedMultiplier(lhr.environment?.benchmarkIndex);
  }
  return best;
}

// The weighted audits of a category that did not pass, each with the first
// few elements it points at.
function lostPoints(lhr, category) {
  return category.auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit.score !== null && audit.score < 1)
    .map((audit) => {
      const nodes = (audit.details?.items || [])
        .map((item) => item.node || (item.source?.type === "node" ? item.source : null))
        .filter(Boolean)
        .slice(0, 3)
        .map((node) => `${node.selector} ${shorten(node.snippet || "", 80)}`);
      const value = audit.displayValue ? ` (${audit.displayValue})` : "";
      return `${audit.id} "${audit.title}"${value}${nodes.length ? `: ${nodes.join(", ")}` : ""}`;
    });
}
