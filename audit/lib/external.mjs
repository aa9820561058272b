// Self-contained gate: loading a page must not make the browser ask another
// host for anything — no CDN script, outside font or tracking pixel. Only
// what a browser fetches on its own counts: src, srcset, poster, <object
// data>, <link> hrefs whose rel fetches, and CSS url()/@import. A plain
// <a href="https://…"> to a map or a website is navigation and is allowed.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cssUrls } from "./css.mjs";
import { resolveUrl, urlOf } from "./site.mjs";

// rel values for which the browser requests the href by itself.
const FETCHING_RELS = new Set([
  "stylesheet",
  "icon",
  "apple-touch-icon",
  "apple-touch-icon-precomposed",
  "mask-icon",
  "manifest",
  "preload",
  "modulepreload",
  "prefetch",
  "preconnect",
  "dns-prefetch",
  "prerender",
]);

/** @returns {Failure[]} with gate "external" and rule external-request */
export function checkExternal(site) {
  const failures = [];
  const report = (page, what, value, element) => {
    const target = resolveUrl(site, page, value, { ownOrigin: true });
    if (target.kind === "external") {
      failures.push({
        gate: "external",
        page,
        rule: "external-request",
        message: `${what} loads ${target.url}`,
        element,
      });
    }
  };
  for (const page of site.pages) {
    for (const ref of page.refs) {
      if (isRequest(ref)) {
        report(page.url, `${ref.tag} ${ref.attr}`, ref.value, `${ref.selector} ${ref.snippet} (line ${ref.line})`);
      }
    }
    for (const style of page.styles) {
      for (const { value, snippet } of cssUrls(style.css)) {
        report(page.url, "inline CSS", value, `${style.selector} ${snippet} (line ${style.line})`);
      }
    }
  }
  for (const file of site.files) {
    if (!file.endsWith(".css")) continue;
    const css = readFileSync(join(site.dir, file), "utf8");
    for (const { value, snippet, line } of cssUrls(css)) {
      report(urlOf(file, site.basePath), "stylesheet", value, `${snippet} (line ${line})`);
    }
  }
  return failures;
}

function isRequest(ref) {
  if (ref.tag === "a" || ref.tag === "area" || ref.tag === "form") return false;
  if (ref.tag === "link") return ref.rel.some((rel) => FETCHING_RELS.has(rel));
  return true;
}
