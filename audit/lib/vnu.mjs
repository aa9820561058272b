// HTML gate: the W3C Nu HTML checker (vnu.jar, from npm's vnu-jar) judges
// every page. One JVM per folder: vnu walks directories itself, and starting
// Java per page would cost more than the checking.

import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { shorten } from "./html.mjs";
import { urlOf } from "./site.mjs";

const VNU_JAR = String(createRequire(import.meta.url)("vnu-jar"));

/**
 * Checks every .html file under `dir` (or the single file `dir`).
 * @returns {Promise<Failure[]>} gate "vnu"; rule is the checker's message
 */
export async function checkHtml(dir, { basePath = "/" } = {}) {
  const root = resolve(dir);
  const args = ["-jar", VNU_JAR, "--skip-non-html", "--errors-only", "--format", "json", root];
  const { code, stdout, stderr } = await run("java", args);
  let report;
  try {
    // vnu writes its JSON report to stderr.
    report = JSON.parse(stderr);
  } catch {
    throw new Error(`vnu exited ${code} without a JSON report:\n${stderr}${stdout}`);
  }
  return report.messages
    .filter((m) => m.type === "error" || m.type === "non-document-error")
    .map((m) => {
      const file = m.url ? relative(root, fileURLToPath(m.url)).split("\\").join("/") : "";
      return {
        gate: "vnu",
        page: file ? urlOf(file, basePath) : root,
        rule: m.message,
        message: "",
        element: elementOf(m),
      };
    });
}

// vnu marks the offending markup inside a window of source around it.
function elementOf(m) {
  const where = `line ${m.lastLine ?? "?"}, column ${m.firstColumn ?? m.lastColumn ?? "?"}`;
  if (!m.extract) return where;
  const hilite = m.extract.substr(m.hiliteStart ?? 0, m.hiliteLength ?? m.extract.length);
  return `${shorten(hilite)} (${where}) in “${shorten(m.extract)}”`;
}

function run(cmd, args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    child.on("error", reject);
    child.on("close", (code) =>
      resolvePromise({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }),
    );
  });
}
