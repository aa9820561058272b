// The quality audit. Builds the sample site and a generated 1,000-
// organization corpus, judges both with the static gates (Nu HTML checker,
// links, weight, self-containment) and the sample's page kinds with the
// browser gates (axe-core, Lighthouse), prints every failure and a summary
// line, writes AUDIT.md, and exits 1 when anything failed.
//
//   node audit/run.mjs                      build both and audit them
//   node audit/run.mjs --site DIR [--site DIR …] [--base-url URL]
//                                           audit output folders as they are
//   --orgs N        corpus size (default 1000)
//   --report FILE   where to write the report (default AUDIT.md at the repository root;
//                   with --site, none unless given)
//   --yizhan FILE   build with this yizhan binary instead of a release build made
//                   first (CI passes the one `cargo test` built: the output is the
//                   same, and the audit judges pages, not the build's speed); not with --site

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { checkAccessibility } from "./lib/axe.mjs";
import { launchChromium } from "./lib/browser.mjs";
import { checkExternal } from "./lib/external.mjs";
import { COPY_KINDS, pickPages } from "./lib/kinds.mjs";
import { checkLighthouse } from "./lib/lighthouse.mjs";
import { checkLinks } from "./lib/links.mjs";
import { formatFailure, GATES, renderReport, summaryLine } from "./lib/report.mjs";
import { serve } from "./lib/server.mjs";
import { basePathOf, loadSite } from "./lib/site.mjs";
import { checkHtml } from "./lib/vnu.mjs";
import { checkWeight } from "./lib/weight.mjs";

const AUDIT_DIR = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(AUDIT_DIR, "..");
const GEN_CORPUS = resolve(REPO, "../shared/bench/gen_corpus.py");

// Pages that ask search engines not to index them on purpose: Lighthouse's
// is-crawlable audit would count that against their SEO score.
const NOINDEX_ON_PURPOSE = {
  404: "the not-found page carries noindex on purpose: hosts may serve it at /404.html with status 200",
  poster: "posters are for printing and repeat their record's page: noindex on purpose",
  "poster batch": "posters are for printing and repeat their record's page: noindex on purpose",
  "poster index": "the poster index is a tool for staff who print posters: noindex on purpose",
};

async function main() {
  const { values } = parseArgs({
    options: {
      site: { type: "string", multiple: true },
      "base-url": { type: "string", default: "/" },
      orgs: { type: "string", default: "1000" },
      report: { type: "string" },
      yizhan: { type: "string" },
    },
  });
  if (values.site && values.yizhan) {
    throw new Error("--yizhan builds the sample and the corpus; with --site nothing is built: give one or the other");
  }
  const cleanup = [];
  try {
    const targets = values.site
      ? values.site.map((dir, i) => ({
          name: `site ${i + 1} (${dir})`,
          dir: resolve(dir),
          baseUrl: values["base-url"],
          browse: true,
        }))
      : buildTargets(Number(values.orgs), values.yizhan, cleanup);
    const reportPath = values.report ?? (values.site ? null : join(REPO, "AUDIT.md"));

    const builds = [];
    for (const target of targets) builds.push(await auditBuild(target));

    const failures = builds.flatMap((b) => b.failures);
    for (const f of failures) console.log(formatFailure(f));
    if (reportPath) {
      writeFileSync(reportPath, renderReport({ builds, tools: toolVersions(), command: "audit/run" }));
      console.error(`wrote ${reportPath}`);
    }
    console.log(summaryLine(failures));
    return failures.length === 0 ? 0 : 1;
  } finally {
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
  }
}

// Builds the sample into public/ and the corpus into a temporary folder
// (../shared is read-only in CI).
function buildTargets(orgs, given, cleanup) {
  let yizhan = given && resolve(given);
  if (!yizhan) {
    step("cargo build --release", () => sh("cargo", ["build", "--release", "--locked"], REPO));
    yizhan = join(REPO, "target/release/yizhan");
  } else if (!existsSync(yizhan)) {
    throw new Error(`no yizhan binary at ${yizhan}`);
  }
  step("build the sample site", () => sh(yizhan, ["build"], REPO));
  const corpus = mkdtempSync(join(tmpdir(), "yizhan-audit-corpus-"));
  cleanup.push(corpus);
  step(`generate and build a ${orgs}-organization corpus`, () => {
    // The corpus is in three languages (zh-Hans, zh-Hant, en): every copy
    // is judged with the pages it copies.
    sh("python3", [GEN_CORPUS, "--orgs", String(orgs), "--out", corpus, "--format", "yizhan"], REPO);
    sh(yizhan, ["--root", corpus, "build"], REPO);
  });
  return [
    { name: "sample", dir: join(REPO, "public"), baseUrl: baseUrlOf(REPO), browse: true },
    {
      name: `corpus, ${orgs.toLocaleString("en")} organizations`,
      dir: join(corpus, "public"),
      baseUrl: baseUrlOf(corpus),
      // The sample is in one language: the copies' pages are judged here.
      browse: COPY_KINDS,
    },
  ];
}

async function auditBuild({ name, dir, baseUrl, browse }) {
  if (!existsSync(dir)) throw new Error(`no such folder: ${dir}`);
  console.error(`== ${name}: ${dir}`);
  // The checker runs in its own JVM while Node does the static gates; it is
  // awaited before the browser gates so it cannot slow Lighthouse's timings.
  const started = Date.now();
  const vnu = checkHtml(dir, { basePath: basePathOf(baseUrl) }).then((failures) => {
    console.error(`   vnu: ${seconds(started)}`);
    return failures;
  });
  const site = loadSite(dir, { baseUrl });
  const links = checkLinks(site);
  const external = checkExternal(site);
  const weight = checkWeight(site);
  console.error(`   links, external, weight: ${seconds(started)}`);
  const failures = [...(await vnu), ...links, ...external, ...weight.failures];

  let browsed = null;
  let lighthouse = null;
  if (browse) {
    browsed = pickPages(site)
      .filter((p) => browse === true || browse.includes(p.kind))
      .map((p) =>
        NOINDEX_ON_PURPOSE[p.kind] ? { ...p, skipAudits: ["is-crawlable"], why: NOINDEX_ON_PURPOSE[p.kind] } : p,
      );
    const browser = await runBrowserGates(dir, browsed);
    failures.push(...browser.failures);
    lighthouse = browser.scores.map((s, i) => ({ ...s, kind: browsed[i].kind }));
  }
  return {
    name,
    pages: site.pages.length,
    failures: sortFailures(failures),
    weights: weight.pages,
    browsed,
    lighthouse,
  };
}

async function runBrowserGates(dir, pages) {
  const server = await serve(dir);
  const chrome = await launchChromium();
  try {
    let started = Date.now();
    const axe = await checkAccessibility({
      wsEndpoint: chrome.wsEndpoint,
      origin: server.url,
      paths: pages.map((p) => p.path),
    });
    console.error(`   axe: ${pages.length} pages in ${seconds(started)}`);
    started = Date.now();
    const lh = await checkLighthouse({ port: chrome.port, origin: server.url, pages });
    console.error(`   lighthouse: ${pages.length} pages in ${seconds(started)}`);
    return { failures: [...axe, ...lh.failures], scores: lh.scores };
  } finally {
    try {
      await chrome.close();
    } finally {
      await server.close();
    }
  }
}

// Gate order first, then page, so related failures sit together.
function sortFailures(failures) {
  return failures
    .map((f, i) => ({ f, i }))
    .sort((a, b) => GATES.indexOf(a.f.gate) - GATES.indexOf(b.f.gate) || a.f.page.localeCompare(b.f.page) || a.i - b.i)
    .map(({ f }) => f);
}

function baseUrlOf(root) {
  const yaml = readFileSync(join(root, "content/site.yaml"), "utf8");
  const match = yaml.match(/^base_url:\s*["']?([^"'\s#]+)/m);
  return match ? match[1] : "/";
}

function toolVersions() {
  const { dependencies } = JSON.parse(readFileSync(join(AUDIT_DIR, "package.json"), "utf8"));
  return [
    `Nu HTML checker (vnu-jar ${dependencies["vnu-jar"]})`,
    `axe-core ${dependencies["axe-core"]}`,
    `Lighthouse ${dependencies.lighthouse}`,
    "headless Chromium (Debian's package)",
  ].join(", ");
}

function step(label, fn) {
  const started = Date.now();
  console.error(`== ${label}`);
  fn();
  console.error(`   ${seconds(started)}`);
}

function sh(cmd, args, cwd) {
  // Build output goes to stderr so stdout carries only the verdicts.
  const result = spawnSync(cmd, args, { cwd, stdio: ["ignore", 2, 2] });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${result.status}`);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error.stack || error);
    // Ended here: a server or browser the error left open would keep the
    // process waiting for ever.
    process.exit(2);
  },
);
