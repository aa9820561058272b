// Weight gate: what a phone downloads to show a page the first time — its
// HTML plus every stylesheet and script it references, each gzipped as a
// static host would serve it — stays under a budget. Images are left out:
// they load lazily and are the editors' choice, not the theme's.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { resolveUrl } from "./site.mjs";

/** 50 KB, in bytes (decimal kilobytes, as browsers' network panels count). */
export const WEIGHT_LIMIT = 50_000;

/**
 * @returns {{ failures: Failure[], pages: { url, html, assets, total }[] }}
 *   pages sorted heaviest first (gzipped bytes); failures with gate "weight", rule over-budget
 */
export function checkWeight(site, { limit = WEIGHT_LIMIT } = {}) {
  const assetSizes = new Map();
  const gzSize = (file) => {
    if (!assetSizes.has(file)) assetSizes.set(file, gzipped(readFileSync(join(site.dir, file))));
    return assetSizes.get(file);
  };
  const pages = site.pages.map((page) => {
    const html = gzipped(readFileSync(join(site.dir, page.file)));
    const assets = new Set();
    for (const ref of page.refs) {
      if (!loadsOnFirstView(ref)) continue;
      const target = resolveUrl(site, page.url, ref.value, { ownOrigin: true });
      if (target.kind === "internal" && target.file) assets.add(target.file);
    }
    let total = html;
    for (const file of assets) total += gzSize(file);
    return { url: page.url, html, assets: [...assets].sort(), total };
  });
  pages.sort((a, b) => b.total - a.total || a.url.localeCompare(b.url));
  const failures = pages
    .filter((p) => p.total > limit)
    .map((p) => ({
      gate: "weight",
      page: p.url,
      rule: "over-budget",
      message: `${kb(p.total)} gzipped on first load, over the ${kb(limit)} budget (HTML ${kb(p.html)})`,
      element: p.assets.length ? `with ${p.assets.join(", ")}` : "HTML alone",
    }));
  return { failures, pages };
}

// Stylesheets and scripts block or accompany the first render; images,
// icons and links do not count towards this budget.
function loadsOnFirstView(ref) {
  if (ref.tag === "script" && ref.attr === "src") return true;
  if (ref.tag === "link" && ref.rel.includes("stylesheet")) return true;
  if (ref.tag === "link" && ref.rel.includes("modulepreload")) return true;
  return false;
}

// zlib's default level 6, the one Apache and most CDNs compress text with;
// pre-compressed files at level 9 come out a few percent smaller.
function gzipped(buffer) {
  return gzipSync(buffer).length;
}

export function kb(bytes) {
  return `${(bytes / 1000).toFixed(1)} KB`;
}
