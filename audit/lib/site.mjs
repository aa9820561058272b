// A built site as the static gates see it: every file under the output
// folder, every HTML page scanned once, and the rule that turns a URL written
// in a page into a file of the output (or marks it as going elsewhere).

import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { scanHtml } from "./html.mjs";

// Stands in for the site's own origin while resolving relative URLs; the
// `.invalid` top-level domain can never be a real host.
const LOCAL_ORIGIN = "http://site.invalid";

/**
 * Loads the output folder `dir`. `baseUrl` is the site's base_url: URLs
 * under it (canonical links, say) are checked as internal, and its path is
 * the prefix every root-relative link carries.
 */
export function loadSite(dir, { baseUrl = "/" } = {}) {
  const base = new URL(baseUrl, LOCAL_ORIGIN);
  const basePath = basePathOf(baseUrl);
  const files = listFiles(dir);
  const pages = files
    .filter((f) => f.endsWith(".html"))
    .map((file) => {
      const html = readFileSync(join(dir, file), "utf8");
      return { file, url: urlOf(file, basePath), bytes: Buffer.byteLength(html), ...scanHtml(html) };
    });
  return {
    dir,
    basePath,
    origin: base.origin === LOCAL_ORIGIN ? null : base.origin,
    files: new Set(files),
    pages,
    pageByFile: new Map(pages.map((p) => [p.file, p])),
  };
}

/** The path every root-relative link of the site starts with: "/" or "/sub/". */
export function basePathOf(baseUrl) {
  const { pathname } = new URL(baseUrl, LOCAL_ORIGIN);
  return pathname.endsWith("/") ? pathname : `${pathname}/`;
}

/** Every file under `dir`, as sorted '/'-separated paths relative to it. */
export function listFiles(dir) {
  const out = [];
  const visit = (rel) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile()) out.push(path);
    }
  };
  visit("");
  return out.sort();
}

/** The URL path a page is served at: `a/b/index.html` → `/a/b/`. */
export function urlOf(file, basePath = "/") {
  return basePath + file.replace(/(^|\/)index\.html$/, "$1");
}

/**
 * Classifies `value` as written on the page at `pageUrl`:
 *   { kind: "skip" }                         mailto:, tel:, data:, javascript:, empty
 *   { kind: "external", url }                another host (or this origin outside base_url's path)
 *   { kind: "internal", file, fragment }     a file of the output (file is null when none matches)
 *   { kind: "invalid", reason }              cannot be decoded or lies outside the base path
 * With `ownOrigin`, absolute URLs under base_url count as internal too.
 */
export function resolveUrl(site, pageUrl, value, { ownOrigin = false } = {}) {
  if (value === "") return { kind: "skip" };
  let url;
  try {
    url = new URL(value, LOCAL_ORIGIN + pageUrl);
  } catch {
    return { kind: "invalid", reason: "not a valid URL" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { kind: "skip" };
  }
  const local = url.origin === LOCAL_ORIGIN || (ownOrigin && url.origin === site.origin);
  if (!local) return { kind: "external", url: url.href };
  if (!url.pathname.startsWith(site.basePath)) {
    return url.origin === LOCAL_ORIGIN
      ? { kind: "invalid", reason: `outside the base path ${site.basePath}` }
      : { kind: "external", url: url.href };
  }
  let path;
  let fragment = null;
  try {
    path = decodeURIComponent(url.pathname.slice(site.basePath.length));
    if (url.hash.length > 1) fragment = decodeURIComponent(url.hash.slice(1));
  } catch {
    return { kind: "invalid", reason: "malformed percent-encoding" };
  }
  return { kind: "internal", file: fileFor(site, path), fragment };
}

// What a static host serves for a path: the file itself, or a folder's
// index.html (with or without the trailing slash, which hosts redirect).
function fileFor(site, path) {
  const clean = posix.normalize(`/${path}`).slice(1);
  if (clean === "" || clean.endsWith("/")) {
    const index = `${clean}index.html`;
    return site.files.has(index) ? index : null;
  }
  if (site.files.has(clean)) return clean;
  const index = `${clean}/index.html`;
  return site.files.has(index) ? index : null;
}
