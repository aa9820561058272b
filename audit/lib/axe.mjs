// Accessibility gate: axe-core runs inside headless Chromium on each page,
// with all of its default rules (WCAG 2.x A/AA and best practices). Pages
// are checked at a phone's viewport and a desktop one, since the theme's
// layout — and so contrast, overlap and target sizes — differs between them.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { shorten } from "./html.mjs";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export const VIEWPORTS = {
  phone: { width: 360, height: 740 },
  desktop: { width: 1280, height: 800 },
};

/**
 * Runs axe on `paths` (URL paths such as "/news/") of the site served at
 * `origin`, in the Chromium listening at `wsEndpoint`.
 * @returns {Promise<Failure[]>} gate "axe"; rule is axe's rule id
 */
export async function checkAccessibility({ wsEndpoint, origin, paths }) {
  const browser = await chromium.connectOverCDP(wsEndpoint);
  const failures = [];
  const seen = new Set();
  try {
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      for (const path of paths) {
        for (const violation of await runAxe(page, origin + path)) {
          for (const node of violation.nodes) {
            const element = `${node.target.join(" ")} ${shorten(node.html)}`;
            // The same fault seen at both sizes is reported once.
            const key = `${path}\n${violation.id}\n${element}`;
            if (seen.has(key)) continue;
            seen.add(key);
            failures.push({
              gate: "axe",
              page: path,
              rule: violation.id,
              message: `${violation.help} (${violation.impact}, ${name} ${viewport.width}px)`,
              element,
            });
          }
        }
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return failures;
}

async function runAxe(page, url) {
  const response = await page.goto(url, { waitUntil: "load" });
  if (!response) throw new Error(`no response for ${url}`);
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const results = await axe.run(document, { resultTypes: ["violations"] });
    return results.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map(({ target, html }) => ({ target: target.map(String), html })),
    }));
  });
}
