// A static host for the browser gates: serves an output folder on
// 127.0.0.1 at a free port the way common static hosts do — folder URLs
// get their index.html, missing paths the site's 404.html with status 404,
// text gzipped when the browser accepts it (unless `compress: false`, as
// object stores and CDNs serve files unless configured otherwise). Pages
// are judged over HTTP, not file://, because that is how visitors (and
// Lighthouse's rules) see them.

import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { gzipSync } from "node:zlib";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};
const COMPRESSIBLE = /^(text\/|application\/(json|xml)|image\/svg)/;

/**
 * Starts serving `dir`; resolves to { url: "http://127.0.0.1:PORT", close() }.
 * Options: `compress` (default true) gzips text for browsers that accept it;
 * `onSent(path, bytes)` is told the body bytes of every response.
 */
export function serve(dir, { compress = true, onSent = null } = {}) {
  const server = createServer((req, res) => {
    const { status, file } = locate(dir, req.url);
    if (!file) {
      res.writeHead(status, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const type = TYPES[extname(file)] || "application/octet-stream";
    let body = readFileSync(file);
    const headers = { "content-type": type, "cache-control": "max-age=3600" };
    if (compress && COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
      body = gzipSync(body);
      headers["content-encoding"] = "gzip";
    }
    headers["content-length"] = body.length;
    res.writeHead(status, headers);
    res.end(req.method === "HEAD" ? undefined : body);
    if (onSent && req.method !== "HEAD") onSent(new URL(req.url, "http://x").pathname, body.length);
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolvePromise({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

function locate(dir, rawUrl) {
  let path;
  try {
    path = decodeURIComponent(new URL(rawUrl, "http://x").pathname);
  } catch {
    return { status: 400, file: null };
  }
  const full = normalize(join(dir, path));
  // Never serve outside the folder, whatever the URL says.
  if (full !== normalize(dir) && !full.startsWith(normalize(dir) + sep)) return { status: 403, file: null };
  const candidates = path.endsWith("/") ? [join(full, "index.html")] : [full, join(full, "index.html")];
  for (const candidate of candidates) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return { status: 200, file: candidate };
  }
  const notFound = join(dir, "404.html");
  return existsSync(notFound) ? { status: 404, file: notFound } : { status: 404, file: null };
}
