// Search budgets in desktop headless Chromium, over built sites served the
// way static hosts serve them (gzip on the wire; audit/lib/server.mjs):
//
//   node bench/search.mjs NAME=DIR [NAME=DIR …]
//
// For each site it reports: the search JS gzipped; the index on disk; the
// bytes fetched from a cold cache until the first result of a typed query
// (JS and index files, gzipped as sent); the bytes a cold query fetches,
// over a set of queries; and keystroke-to-results times while typing those
// queries letter by letter, first with files fetched as needed from the
// local server, then again with them cached. Prints Markdown tables.
// Uses the audit's Chromium launcher and playwright-core (npm ci --prefix audit).

import { createRequire } from "node:module";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

import { launchChromium } from "../audit/lib/browser.mjs";
import { serve } from "../audit/lib/server.mjs";

const require = createRequire(new URL("../audit/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const QUERIES = ["心理", "托管", "亲子活动", "职工驿站", "兰州", "書屋", "xinli", "qn", "带娃", "城关 托管", "爱心驿站"];
const FIRST = "心理";

const gz = (file) => gzipSync(readFileSync(file), { level: 6 }).length;
const kb = (n) => (n / 1024).toFixed(1) + " KB";
const ms = (n) => n.toFixed(1) + " ms";
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Paths (from the site root) of the JS and index files a page fetched. */
function track(page) {
  const paths = [];
  page.on("requestfinished", (req) => {
    const path = decodeURIComponent(new URL(req.url()).pathname);
    if (/\.(js|json)$/.test(path)) paths.push(path);
  });
  return paths;
}

const bytesOf = (dir, paths) => [...new Set(paths)].reduce((sum, p) => sum + gz(join(dir, p)), 0);

/** Types a query letter by letter; per keystroke, ms from the input event to the new results in the DOM. */
async function typeTimed(page, query) {
  return page.evaluate(async (q) => {
    const input = document.getElementById("search-q");
    const summary = document.getElementById("search-summary");
    const times = [];
    const chars = Array.from(q);
    for (let i = 1; i <= chars.length; i++) {
      const done = new Promise((resolve) => {
        const seen = new MutationObserver(() => {
          seen.disconnect();
          resolve(performance.now());
        });
        seen.observe(summary, { childList: true, characterData: true, subtree: true });
      });
      input.value = chars.slice(0, i).join("");
      const t0 = performance.now();
      input.dispatchEvent(new Event("input"));
      times.push((await done) - t0);
    }
    return times;
  }, query);
}

async function open(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const paths = track(page);
  await page.goto(url);
  await page.waitForFunction(() => window.yizhan && document.querySelector("[name=c]").options.length > 1);
  return { context, page, paths };
}

async function measure(browser, name, dir) {
  const server = await serve(dir);
  const url = server.url + "/search/";
  const js = gz(join(dir, "search.js")) + gz(join(dir, "search-page.js"));
  const index = walk(join(dir, "search"))
    .filter((p) => p.endsWith(".json"));
  const indexRaw = index.reduce((s, p) => s + statSync(p).size, 0);
  const indexGz = index.reduce((s, p) => s + gz(p), 0);

  // First result: a fresh visitor opens the search page and types FIRST.
  let first;
  {
    const { context, page, paths } = await open(browser, url);
    await page.type("#search-q", FIRST);
    await page.waitForSelector("#search-results li");
    first = bytesOf(dir, paths);
    await context.close();
  }

  // Per cold query: a shared link opened with an empty cache.
  const perQuery = [];
  const indexOnly = [];
  for (const q of QUERIES) {
    const { context, page, paths } = await open(browser, url + "?q=" + encodeURIComponent(q));
    await page.waitForFunction(() => document.getElementById("search-summary").textContent !== "");
    perQuery.push(bytesOf(dir, paths));
    indexOnly.push(bytesOf(dir, paths.filter((p) => p.startsWith("/search/") && !/head|fold/.test(p))));
    await context.close();
  }

  // Keystrokes: one visitor types every query, then types them all again.
  const cold = [];
  const warm = [];
  {
    const { context, page } = await open(browser, url);
    for (const q of QUERIES) cold.push(...(await typeTimed(page, q)));
    for (const q of QUERIES) warm.push(...(await typeTimed(page, q)));
    await context.close();
  }
  await server.close();
  return { name, js, files: index.length, indexRaw, indexGz, first, perQuery, indexOnly, cold, warm };
}

async function main() {
  const sites = process.argv.slice(2).map((arg) => {
    const [name, dir] = arg.split("=");
    return { name, dir };
  });
  const chrome = await launchChromium();
  const browser = await chromium.connectOverCDP(chrome.wsEndpoint);
  const rows = [];
  try {
    for (const s of sites) rows.push(await measure(browser, s.name, s.dir));
  } finally {
    await browser.close().catch(() => {});
    // Chromium may still be writing its profile while it is removed.
    await chrome.close().catch(() => {});
  }
  console.log(`Queries: ${QUERIES.join(", ")}; first result: ${FIRST}.\n`);
  console.log("| site | search JS (gz) | index files | index raw | index gz | first result (JS + index, gz) | per cold query median / max (gz) | of which terms + rows, median / max |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${kb(r.js)} | ${r.files} | ${kb(r.indexRaw)} | ${kb(r.indexGz)} | ${kb(r.first)} | ` +
        `${kb(median(r.perQuery))} / ${kb(Math.max(...r.perQuery))} | ${kb(median(r.indexOnly))} / ${kb(Math.max(...r.indexOnly))} |`,
    );
  }
  console.log("\n| site | keystrokes | fetching as needed: median / p95 / max | cached: median / p95 / max |");
  console.log("|---|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${r.cold.length} | ${ms(median(r.cold))} / ${ms(pct(r.cold, 0.95))} / ${ms(Math.max(...r.cold))} | ` +
        `${ms(median(r.warm))} / ${ms(pct(r.warm, 0.95))} / ${ms(Math.max(...r.warm))} |`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
