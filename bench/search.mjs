// Search budgets in desktop headless Chromium, over built sites served the
// way static hosts serve them (audit/lib/server.mjs): once gzipping text on
// the wire, once serving every file as it is on disk, as object stores and
// CDNs do unless configured otherwise.
//
//   node bench/search.mjs NAME=DIR [NAME=DIR …]
//
// For each site it reports: the search JS gzipped; the index on disk; the
// bytes sent until the first result of a typed query; the bytes a cold
// query costs (a shared link opened with an empty cache: page, scripts and
// index files, counted as the server sent them), over a set of queries,
// with each server; and keystroke-to-results times while typing those
// queries letter by letter, first with files fetched as needed from the
// local server, then again with them cached. Prints Markdown tables; with
// SEARCH_FILES=1 also the files each cold query fetched.
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

/** Where a served path's bytes count: the page (HTML, CSS, icons), scripts, or the index. */
const kindOf = (path) => (path.startsWith("/search/") && !path.endsWith("/") && !path.endsWith(".html") ? "index" : path.endsWith(".js") ? "scripts" : "page");

/** Serves `dir`; `take()` returns the [path, bytes] sent since the last call. */
async function counting(dir, compress) {
  let sent = [];
  const server = await serve(dir, { compress, onSent: (path, bytes) => sent.push([decodeURIComponent(path), bytes]) });
  const take = () => {
    const out = sent;
    sent = [];
    return out;
  };
  return { ...server, take };
}

/** Bytes sent, by kind, with the total. */
function split(sent) {
  const out = { page: 0, scripts: 0, index: 0, total: 0 };
  for (const [path, bytes] of sent) {
    out[kindOf(path)] += bytes;
    out.total += bytes;
  }
  return out;
}

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
  await page.goto(url);
  await page.waitForFunction(() => window.yizhan && document.querySelector("[name=c]").options.length > 1);
  return { context, page };
}

/** Cold queries: for each, a shared link opened with an empty cache; bytes as `server` sent them. */
async function coldQueries(browser, server, name) {
  const out = [];
  for (const q of QUERIES) {
    const { context, page } = await open(browser, server.url + "/search/?q=" + encodeURIComponent(q));
    await page.waitForFunction(() => document.getElementById("search-summary").textContent !== "");
    await page.waitForLoadState("networkidle");
    const sent = server.take();
    if (process.env.SEARCH_FILES) {
      console.error(`${name} ${q}: ` + sent.map(([p, b]) => `${p} ${b}`).join(", "));
    }
    out.push(split(sent));
    await context.close();
  }
  return out;
}

async function measure(browser, name, dir) {
  const js = gz(join(dir, "search.js")) + gz(join(dir, "search-page.js"));
  const index = walk(join(dir, "search")).filter((p) => !p.endsWith(".html"));
  const indexRaw = index.reduce((s, p) => s + statSync(p).size, 0);

  const gzipped = await counting(dir, true);
  const plain = await counting(dir, false);

  // First result: a fresh visitor opens the search page and types FIRST.
  let first;
  {
    const { context, page } = await open(browser, gzipped.url + "/search/");
    await page.type("#search-q", FIRST);
    await page.waitForSelector("#search-results li");
    await page.waitForLoadState("networkidle");
    first = split(gzipped.take());
    await context.close();
  }

  const coldGzip = await coldQueries(browser, gzipped, name + " (gzip)");
  const coldPlain = await coldQueries(browser, plain, name + " (plain)");

  // Keystrokes: one visitor types every query, then types them all again.
  const cold = [];
  const warm = [];
  {
    const { context, page } = await open(browser, gzipped.url + "/search/");
    for (const q of QUERIES) cold.push(...(await typeTimed(page, q)));
    for (const q of QUERIES) warm.push(...(await typeTimed(page, q)));
    await context.close();
  }
  await gzipped.close();
  await plain.close();
  return { name, js, files: index.length, indexRaw, first, coldGzip, coldPlain, cold, warm };
}

/** "median / max" of one kind over the cold queries. */
const spread = (rows, kind) => {
  const xs = rows.map((r) => r[kind]);
  return `${kb(median(xs))} / ${kb(Math.max(...xs))}`;
};

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
  console.log("| site | search JS (gz) | index files | index on disk (stored gzipped) | first result, gzip server: total (scripts + index) |");
  console.log("|---|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${kb(r.js)} | ${r.files} | ${kb(r.indexRaw)} | ` +
        `${kb(r.first.total)} (${kb(r.first.scripts + r.first.index)}) |`,
    );
  }
  console.log("\nA cold query, bytes as served, median / max over the queries:\n");
  console.log("| site | server | total | page (HTML, CSS, icon) | scripts | index |");
  console.log("|---|---|---:|---:|---:|---:|");
  for (const r of rows) {
    for (const [server, cold] of [["uncompressed", r.coldPlain], ["gzip", r.coldGzip]]) {
      console.log(
        `| ${r.name} | ${server} | ${spread(cold, "total")} | ${spread(cold, "page")} | ` +
          `${spread(cold, "scripts")} | ${spread(cold, "index")} |`,
      );
    }
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
