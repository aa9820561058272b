// Reads one HTML page into the facts the static gates need: every URL it
// names (with the element that names it), every id a fragment may point to,
// and its inline CSS. Pages are scanned one at a time and the tree dropped,
// so a 5,000-page corpus fits in memory.

import { parse } from "parse5";

// Attributes that hold one URL, by element. `href` on <a>/<area>/<link>,
// `action` on <form>: navigation or fetch targets that must resolve.
const URL_ATTRIBUTES = {
  a: ["href"],
  area: ["href"],
  link: ["href"],
  form: ["action"],
  img: ["src"],
  script: ["src"],
  iframe: ["src"],
  embed: ["src"],
  source: ["src"],
  track: ["src"],
  audio: ["src"],
  video: ["src", "poster"],
  input: ["src"],
  object: ["data"],
  // Inline SVG: <use>/<image> fetch what they point at.
  use: ["href"],
  image: ["href"],
};

const SNIPPET_LENGTH = 160;

/**
 * Scans an HTML document.
 * @returns {{ ids: Set<string>, refs: Ref[], styles: InlineStyle[] }}
 *   Ref: { tag, attr, value, rel, line, selector, snippet }
 *   InlineStyle: { css, line, selector, snippet } for <style> and style=""
 */
export function scanHtml(html) {
  const doc = parse(html, { sourceCodeLocationInfo: true });
  const result = { ids: new Set(), refs: [], styles: [] };
  walk(doc, [], html, result);
  return result;
}

function walk(node, path, html, result) {
  const children = node.content ? node.content.childNodes : node.childNodes;
  if (!children) return;
  const seen = {};
  for (const child of children) {
    if (!child.tagName) continue;
    seen[child.tagName] = (seen[child.tagName] || 0) + 1;
    const step = { tag: child.tagName, nth: seen[child.tagName], attrs: attrMap(child) };
    const here = [...path, step];
    visit(child, here, html, result);
    walk(child, here, html, result);
  }
}

function visit(el, path, html, result) {
  const attrs = path[path.length - 1].attrs;
  const where = () => ({
    line: el.sourceCodeLocation?.startLine ?? 0,
    selector: selectorFor(path),
    snippet: startTag(el, html),
  });
  if (attrs.id !== undefined) result.ids.add(attrs.id);
  // Legacy fragment targets: <a name="x"> still scrolls browsers to #x.
  if (el.tagName === "a" && attrs.name !== undefined) result.ids.add(attrs.name);

  for (const attr of URL_ATTRIBUTES[el.tagName] || []) {
    if (attrs[attr] === undefined) continue;
    result.refs.push({ tag: el.tagName, attr, value: attrs[attr].trim(), rel: relOf(attrs), ...where() });
  }
  if (attrs.srcset !== undefined && (el.tagName === "img" || el.tagName === "source")) {
    for (const value of parseSrcset(attrs.srcset)) {
      result.refs.push({ tag: el.tagName, attr: "srcset", value, rel: [], ...where() });
    }
  }
  if (el.tagName === "style") {
    const css = el.childNodes.map((n) => n.value || "").join("");
    result.styles.push({ css, ...where() });
  }
  if (attrs.style !== undefined) result.styles.push({ css: attrs.style, ...where() });
}

function attrMap(el) {
  const map = {};
  for (const { name, value } of el.attrs) map[name] = value;
  return map;
}

function relOf(attrs) {
  return (attrs.rel || "").toLowerCase().split(/\s+/).filter(Boolean);
}

// Candidates are "URL [descriptor]" separated by commas; a URL may itself
// contain commas only when it is not followed by whitespace, which is rare
// enough in generated output to split on ", ".
function parseSrcset(srcset) {
  return srcset
    .split(/,\s+/)
    .map((candidate) => candidate.trim().split(/\s+/)[0])
    .filter(Boolean);
}

/** A selector that finds the element again: from the nearest id, else from <html>. */
export function selectorFor(path) {
  const parts = [];
  for (let i = path.length - 1; i >= 0; i--) {
    const { tag, nth, attrs } = path[i];
    if (attrs.id && /^[A-Za-z][\w-]*$/.test(attrs.id)) {
      parts.unshift(`${tag}#${attrs.id}`);
      break;
    }
    parts.unshift(nth > 1 ? `${tag}:nth-of-type(${nth})` : tag);
  }
  return parts.join(" > ");
}

function startTag(el, html) {
  const loc = el.sourceCodeLocation?.startTag ?? el.sourceCodeLocation;
  if (!loc) return `<${el.tagName}>`;
  return shorten(html.slice(loc.startOffset, loc.endOffset));
}

export function shorten(text, length = SNIPPET_LENGTH) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
