/* The service worker of a yizhan site: after a first visit, the pages
   visited and the search files fetched keep working offline. A page comes
   from the network first, and from the cache when the network fails (or
   has not answered in a few seconds); every other file of the site comes
   from the cache first, as this build published it. VERSION is a hash of
   every other file of the build, so a new build is a new worker: it takes
   over at once, keeps the pages visited and drops the old build's files. */
const VERSION = '%VERSION%';
const SHELL = %SHELL%;
const SCOPE = new URL(self.registration.scope).pathname;
const PREFIX = 'yizhan ' + SCOPE + ' ';
const CACHE = PREFIX + VERSION;
const SLOW = 4000;

const isPage = (res) => !!res && res.ok && /^text\/html/.test(res.headers.get('content-type') || '');
const bare = (url) => url.split(/[?#]/)[0];

/* The first worker stores of the shell only what the page that
   registered it has just loaded, from the browser's cache (no more bytes
   over the network on a first visit: the rest is stored when a page
   fetches it); a new build's worker fetches the whole shell anew. */
const JUST = 600000;
const justLoaded = (u) => fetch(new Request(u, { cache: 'only-if-cached', mode: 'same-origin' }))
  .then((res) => (res.ok && Date.now() - Date.parse(res.headers.get('date')) < JUST ? res : null));

self.addEventListener('install', (e) => {
  e.waitUntil((async () => {
    const first = !(await caches.keys()).some((name) => name.startsWith(PREFIX));
    const c = await caches.open(CACHE);
    await Promise.all(SHELL.map((u) => (first
      ? justLoaded(u).then((res) => res && c.put(u, res))
      : c.add(new Request(u, { cache: 'no-cache' }))).catch(() => {})));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (e) => {
  e.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const name of await caches.keys()) {
      if (!name.startsWith(PREFIX) || name === CACHE) continue;
      const old = await caches.open(name);
      for (const req of await old.keys()) {
        const res = await old.match(req);
        if (isPage(res) && !(await cache.match(req))) await cache.put(req, res);
      }
      await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

const cached = (url) => caches.open(CACHE).then((c) => c.match(bare(url)));

async function page(e) {
  const net = fetch(e.request);
  e.waitUntil(net.then((res) => {
    if (!isPage(res)) return;
    const copy = res.clone();
    return caches.open(CACHE).then((c) => c.put(bare(e.request.url), copy));
  }).catch(() => {}));
  const slow = new Promise((ok) => setTimeout(ok, SLOW))
    .then(() => cached(e.request.url)).then((hit) => hit || net);
  try {
    return await Promise.race([net, slow]);
  } catch (err) {
    return (await cached(e.request.url)) || Response.error();
  }
}

async function file(e) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(e.request);
  if (hit) return hit;
  const res = await fetch(e.request, { cache: 'no-cache' });
  if (res.status === 200) e.waitUntil(cache.put(e.request, res.clone()));
  return res;
}

self.addEventListener('fetch', (e) => {
  const r = e.request;
  const url = new URL(r.url);
  if (r.method !== 'GET' || url.origin !== location.origin || !url.pathname.startsWith(SCOPE)) return;
  if (r.mode === 'navigate') e.respondWith(page(e));
  else if (!r.headers.has('range')) e.respondWith(file(e));
});
