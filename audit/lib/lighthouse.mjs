// Lighthouse gate: each page, with Lighthouse's default (mobile) settings —
// a mid-range phone on a slow 4G link, simulated — scores at least the
// minimum in performance, accessibility, best practices and SEO. A failure
// lists the audits that cost points, with the elements they name.

import lighthouse from "lighthouse";
import { shorten } from "./html.mjs";

export const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
export const MIN_SCORE = 95;

/**
 * Runs Lighthouse on `pages` ({ path, skipAudits? }) one after another in the
 * Chromium listening on `port`.
 * @returns {Promise<{ failures: Failure[], scores: { path, scores: {category: number} }[] }>}
 */
export async function checkLighthouse({ port, origin, pages, min = MIN_SCORE }) {
  const failures = [];
  const scores = [];
  for (const { path, skipAudits = [] } of pages) {
    const result = await lighthouse(origin + path, {
      port,
      logLevel: "error",
      output: "json",
      onlyCategories: CATEGORIES,
      skipAudits,
    });
    const { lhr } = result;
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
