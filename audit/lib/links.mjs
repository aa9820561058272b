// Links gate: every internal href/src/action resolves to a file of the
// output and every #fragment to an id on the target page. Outside URLs are
// not fetched (the build machine has no network, and they are not ours to
// keep alive); mailto:, tel: and data: URLs are not links to check.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cssUrls } from "./css.mjs";
import { resolveUrl, urlOf } from "./site.mjs";

/** @returns {Failure[]} with gate "links" and rules broken-link, broken-fragment, invalid-url */
export function checkLinks(site) {
  const failures = [];
  const report = (page, problem, element) => failures.push({ gate: "links", page, ...problem, element });
  for (const page of site.pages) {
    for (const ref of page.refs) {
      const problem = problemWith(site, page, ref);
      if (problem) report(page.url, problem, `${ref.selector} ${ref.snippet} (line ${ref.line})`);
    }
    for (const style of page.styles) {
      for (const use of cssUrls(style.css)) {
        const problem = cssProblem(site, page.url, use.value);
        if (problem) report(page.url, problem, `${style.selector} ${use.snippet} (line ${style.line})`);
      }
    }
  }
  // Stylesheets name backgrounds, fonts and imports that must exist too.
  for (const file of site.files) {
    if (!file.endsWith(".css")) continue;
    const url = urlOf(file, site.basePath);
    for (const use of cssUrls(readFileSync(join(site.dir, file), "utf8"))) {
      const problem = cssProblem(site, url, use.value);
      if (problem) report(url, problem, `${use.snippet} (line ${use.line})`);
    }
  }
  return failures;
}

function cssProblem(site, baseUrl, value) {
  // url(#id) points into an SVG of the same document, not at a file.
  if (value.startsWith("#")) return null;
  const target = resolveUrl(site, baseUrl, value);
  if (target.kind === "invalid") return { rule: "invalid-url", message: `url(${value}): ${target.reason}` };
  if (target.kind === "internal" && target.file === null) {
    return { rule: "broken-link", message: `url(${value}) matches no file of the output` };
  }
  return null;
}

function problemWith(site, page, ref) {
  // Absolute URLs on the site's own host are held to the output only in
  // <link> (canonical, alternate): the theme writes those. In <a> they come
  // from records — an organization's website may share the host.
  const target = resolveUrl(site, page.url, ref.value, { ownOrigin: ref.tag === "link" });
  if (target.kind === "invalid") {
    return { rule: "invalid-url", message: `${ref.attr}="${ref.value}": ${target.reason}` };
  }
  if (target.kind !== "internal") return null;
  if (target.file === null) {
    return { rule: "broken-link", message: `${ref.attr}="${ref.value}" matches no file of the output` };
  }
  if (target.fragment === null || isTopOfPage(target.fragment)) return null;
  const targetPage = site.pageByFile.get(target.file);
  if (targetPage && !targetPage.ids.has(target.fragment)) {
    return {
      rule: "broken-fragment",
      message: `${ref.attr}="${ref.value}": no id "${target.fragment}" on ${targetPage.url}`,
    };
  }
  return null;
}

// HTML scrolls to the top for "#top" even without such an id.
function isTopOfPage(fragment) {
  return fragment === "" || fragment.toLowerCase() === "top";
}
