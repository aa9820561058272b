// The kinds of page the default theme renders, and which page stands for
// each kind in the browser gates (axe and Lighthouse are too slow to run on
// every page). Every template of the theme has a kind here. The largest
// page of a kind is taken: it fills the most of its template, so it has
// the most to get wrong.

const SECTIONS = "search|organizations|venues|brands|services|categories|audiences|areas|news|posters";
// A record's printable poster (`venues/ID/poster/`) is a kind of its own,
// not a page of its record's kind.
const NOT_POSTER = "(?!.*\\/poster\\/index\\.html$)";

export const PAGE_KINDS = [
  ["home", /^index\.html$/],
  ["search", /^search\/index\.html$/],
  ["organization", /^organizations\/.+\/index\.html$/],
  ["venue", new RegExp(`^venues\\/${NOT_POSTER}.+\\/index\\.html$`)],
  ["brand", new RegExp(`^brands\\/${NOT_POSTER}.+\\/index\\.html$`)],
  ["service", new RegExp(`^services\\/${NOT_POSTER}.+\\/index\\.html$`)],
  ["category", /^categories\/.+\/index\.html$/],
  ["area", /^areas\/.+\/index\.html$/],
  ["news article", /^news\/(?!tags\/|page\/)[^/]+\/index\.html$/],
  ["news index", /^news\/index\.html$/],
  ["news tag", /^news\/tags\/[^/]+\/index\.html$/],
  ["news tag index", /^news\/tags\/index\.html$/],
  ["404", /^404\.html$/],
  ["collection index", /^(organizations|venues|brands|services)\/index\.html$/],
  ["term index", /^(categories|audiences)\/index\.html$/],
  ["area index", /^areas\/index\.html$/],
  ["poster", /^(venues|services|brands)\/[^/]+\/poster\/index\.html$/],
  ["poster batch", /^posters\/.+\/index\.html$/],
  ["poster index", /^posters\/index\.html$/],
  ["free page", new RegExp(`^(?!(${SECTIONS})/)[^/]+/index\\.html$`)],
  // A site in several languages (`languages:`): a record page of each copy.
  ["Traditional copy", /^zh-hant\/services\/[^/]+\/index\.html$/],
  ["English copy", /^en\/services\/[^/]+\/index\.html$/],
];

/** The kinds only a site in several languages has. */
export const COPY_KINDS = ["Traditional copy", "English copy"];

/** One { kind, path } per kind present in the site, in PAGE_KINDS order. */
export function pickPages(site) {
  const picked = [];
  for (const [kind, pattern] of PAGE_KINDS) {
    const candidates = site.pages.filter((p) => pattern.test(p.file));
    if (candidates.length === 0) continue;
    // Ties go to the first in path order, so the pick is stable.
    const largest = candidates.reduce((best, p) => (p.bytes > best.bytes ? p : best));
    picked.push({ kind, path: largest.url });
  }
  return picked;
}
