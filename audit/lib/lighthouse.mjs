// Lighthouse gate: each page, with Lighthouse's default (mobile) settings —
// a mid-range phone on a slow 4G link, simulated — scores at least the
// minimum in performance, accessibility, best practices and SEO. A failure
// lists the audits that cost points, with the elements they name.
//
// Performance is timed, so it varies with what else the machine is doing:
// a page that scores below the minimum is run again, up to RUNS times in
// all, and judged by the run with the median performance score (the
// practice Lighthouse's own docs recommend against variance). The other
// categories do not depend on timing and are taken from that same run.

import lighthouse from "lighthouse";
import { shorten } from "./html.mjs";

export const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
export const MIN_SCORE = 95;
export const RUNS = 3;

/**
 * Runs Lighthouse on `pages` ({ path, skipAudits? }) one after another in the
 * Chromium listening on `port`.
 * @returns {Promise<{ failures: Failure[], scores: { path, scores: {category: number} }[] }>}
 */
export async function checkLighthouse({ port, origin, pages, min = MIN_SCORE }) {
  const failures = [];
  const scores = [];
  for (const { path, skipAudits = [] } of pages) {
    const lhr = await medianRun(() => runOnce({ port, url: origin + path, skipAudits }), min);
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
          message: "",
          element: lostPoints(lhr, category).join("; ") || "no single audit failed",
        });
      }
    }
    scores.push({ path, scores: row });
  }
  return { failures, scores };
}

async function runOnce({ port, url, skipAudits }) {
  const result = await lighthouse(url, {
    port,
    logLevel: "error",
    output: "json",
    onlyCategories: CATEGORIES,
    skipAudits,
  });
  return result.lhr;
}

const performanceOf = (lhr) => lhr.categories.performance?.score ?? -1;

// One run when performance reaches `min`; otherwise up to RUNS runs, and the
// one whose performance score is the median.
async function medianRun(run, min) {
  const first = await run();
  if (first.runtimeError || performanceOf(first) * 100 >= min) return first;
  const runs = [first];
  while (runs.length < RUNS) runs.push(await run());
  runs.sort((a, b) => performanceOf(a) - performanceOf(b));
  return runs[Math.floor(runs.length / 2)];
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
