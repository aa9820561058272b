// The static host the browser gates load pages from.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { serve } from "../lib/server.mjs";
import { page, writeSite } from "../fixtures/sites.mjs";

let site;
let server;
before(async () => {
  site = writeSite({
    "index.html": page("home"),
    "a b/index.html": page("folder with a space"),
    "404.html": page("not found"),
    "style.css": "b{}",
  });
  server = await serve(site.dir);
});
after(async () => {
  await server.close();
  site.remove();
});

test("server: folders serve their index.html, with or without the slash", async () => {
  for (const path of ["/", "/a%20b/", "/a%20b"]) {
    const res = await fetch(server.url + path);
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get("content-type"), /^text\/html/);
  }
  assert.match(await (await fetch(`${server.url}/a%20b/`)).text(), /folder with a space/);
});

test("server: a missing path gets the site's 404 page with status 404", async () => {
  const res = await fetch(`${server.url}/nope/`);
  assert.equal(res.status, 404);
  assert.match(await res.text(), /not found/);
});

test("server: text is gzipped for browsers that accept it", async () => {
  const res = await fetch(`${server.url}/style.css`, { headers: { "accept-encoding": "gzip" } });
  assert.equal(res.headers.get("content-encoding"), "gzip");
  assert.equal(await res.text(), "b{}");
});

test("server: nothing outside the folder is served", async () => {
  const res = await fetch(`${server.url}/%2e%2e/%2e%2e/etc/passwd`);
  assert.notEqual(res.status, 200);
});
