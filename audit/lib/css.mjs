// The URLs a piece of CSS makes the browser fetch, for the gates that
// follow them (links) or forbid them (external). A tokenizer would be
// exact; these patterns cover what stylesheets written by hand contain.

import { shorten } from "./html.mjs";

/** Every URL a piece of CSS fetches: url(...) and @import "...". */
export function cssUrls(css) {
  // Blank out comments but keep offsets, so line numbers stay right.
  const text = css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "));
  const found = [];
  const patterns = [/url\(\s*(["']?)([^"')]*?)\1\s*\)/gi, /@import\s+(["'])([^"']*)\1/gi];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      found.push({
        value: match[2].trim(),
        snippet: shorten(match[0], 120),
        line: text.slice(0, match.index).split("\n").length,
        offset: match.index,
      });
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}
