// What the audit tells people: one block per failure on the console (page,
// rule, element — enough to find and fix it), a closing summary line, and
// AUDIT.md. AUDIT.md is meant to be committed, so it holds nothing that
// changes between runs of the same tree except Lighthouse's scores (and
// the calibrated CPU slowdowns noted beside them).

import { CATEGORIES, DEFAULT_MULTIPLIER, describeCpu, MIN_SCORE } from "./lighthouse.mjs";
import { kb, WEIGHT_LIMIT } from "./weight.mjs";

export const GATES = ["vnu", "links", "axe", "lighthouse", "weight", "external"];

const GATE_RULES = {
  vnu: "W3C Nu HTML checker: no errors",
  links: "every internal href/src/action and #fragment resolves",
  axe: "axe-core in Chromium: no violations",
  lighthouse: `Lighthouse (mobile): every category ≥ ${MIN_SCORE}`,
  weight: `HTML + CSS + JS ≤ ${kb(WEIGHT_LIMIT)} gzipped per page`,
  external: "no request to another host",
};

const MAX_LISTED = 200;

/** `[gate] page  rule: message` and, indented, the element. */
export function formatFailure(f) {
  const message = f.message ? `: ${f.message}` : "";
  const element = f.element ? `\n      at ${f.element}` : "";
  return `✗ [${f.gate}] ${f.page}  ${f.rule}${message}${element}`;
}

export function countByGate(failures) {
  const counts = Object.fromEntries(GATES.map((g) => [g, 0]));
  for (const f of failures) counts[f.gate] = (counts[f.gate] || 0) + 1;
  return counts;
}

/** `audit: 0 failures (vnu 0, links 0, axe 0, lighthouse 0, weight 0, external 0)` */
export function summaryLine(failures) {
  const counts = countByGate(failures);
  const parts = GATES.map((g) => `${g} ${counts[g]}`).join(", ");
  const noun = failures.length === 1 ? "failure" : "failures";
  return `audit: ${failures.length} ${noun} (${parts})`;
}

/**
 * AUDIT.md for `builds`: [{ name, pages, failures, weights, browsed, lighthouse }]
 * where `browsed` is null when the browser gates did not run on that build.
 */
export function renderReport({ builds, tools, command }) {
  const all = builds.flatMap((b) => b.failures);
  const out = [];
  out.push("# Quality audit", "");
  out.push(
    `Written by \`${command}\` (see the README, "Quality audit"). Everything here`,
    "except the Lighthouse scores (and any CPU slowdown noted with them) is the same on every run of the same tree.",
    "",
    `Tools: ${tools}.`,
    "",
    `**${summaryLine(all)}**`,
    "",
  );

  out.push("## Gates", "");
  out.push(`| gate | rule | ${builds.map((b) => `${b.name} (${b.pages.toLocaleString("en")} pages)`).join(" | ")} |`);
  out.push(`|---|---|${builds.map(() => "---:").join("|")}|`);
  for (const gate of GATES) {
    const cells = builds.map((b) => {
      const ran = !["axe", "lighthouse"].includes(gate) || b.browsed;
      return ran ? String(countByGate(b.failures)[gate]) : "not run";
    });
    out.push(`| ${gate} | ${GATE_RULES[gate]} | ${cells.join(" | ")} |`);
  }
  out.push(
    "",
    "The static gates read every page; axe and Lighthouse load one page of each kind " +
      "(of the corpus, a record page of each copy in another language: the sample has none).",
    "",
  );

  for (const build of builds.filter((b) => b.lighthouse)) {
    out.push(`## Lighthouse scores, ${build.name}`, "");
    out.push(
      "Mobile preset (simulated slow 4G, 4× CPU slowdown unless noted below). " +
        "Scores vary by a point or two between runs.",
      "",
    );
    out.push(`| page | kind | ${CATEGORIES.map(categoryTitle).join(" | ")} |`);
    out.push(`|---|---|${CATEGORIES.map(() => "---:").join("|")}|`);
    for (const { path, kind, scores } of build.lighthouse) {
      out.push(`| \`${path}\` | ${kind} | ${CATEGORIES.map((c) => scores[c] ?? "n/a").join(" | ")} |`);
    }
    const notes = build.browsed.filter((p) => p.skipAudits?.length);
    const calibrated = build.lighthouse.filter((p) => p.cpu && p.cpu.multiplier !== DEFAULT_MULTIPLIER);
    if (notes.length || calibrated.length) {
      out.push("");
      for (const p of notes) out.push(`- \`${p.path}\`: ${p.skipAudits.join(", ")} not run — ${p.why}`);
      for (const p of calibrated) {
        out.push(
          `- \`${p.path}\`: judged ${describeCpu(p.cpu)}: the default run scored lower on this ` +
            "machine, so its CPU factor was calibrated to play the same phone",
        );
      }
    }
    out.push("");
  }

  out.push("## Heaviest pages", "");
  out.push("HTML plus the stylesheets and scripts it loads, each gzipped (zlib level 6); images aside.", "");
  for (const build of builds) {
    out.push(`### ${build.name}`, "");
    out.push("| page | HTML | with CSS + JS |", "|---|---:|---:|");
    for (const p of build.weights.slice(0, 10)) {
      out.push(`| \`${p.url}\` | ${kb(p.html)} | ${kb(p.total)} |`);
    }
    out.push("");
  }

  out.push("## Failures", "");
  if (all.length === 0) {
    out.push("None.");
  } else {
    for (const build of builds.filter((b) => b.failures.length)) {
      out.push(`### ${build.name}`, "");
      for (const f of build.failures.slice(0, MAX_LISTED)) {
        const message = f.message ? `: ${escapeCell(f.message)}` : "";
        out.push(`- [${f.gate}] \`${f.page}\` ${escapeCell(f.rule)}${message} — ${escapeCell(f.element)}`);
      }
      if (build.failures.length > MAX_LISTED) {
        out.push(`- … and ${build.failures.length - MAX_LISTED} more (run the audit to see them all)`);
      }
      out.push("");
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}

function categoryTitle(id) {
  return { performance: "performance", accessibility: "accessibility", "best-practices": "best practices", seo: "SEO" }[
    id
  ];
}

// Keep element snippets from turning into Markdown or HTML.
function escapeCell(text) {
  return String(text).replace(/[<>`|*_[\]]/g, (c) => `\\${c}`);
}
