/* No offline use here (`offline: false` in site.yaml, or `yizhan serve`):
   this worker takes the place of one published before, deletes its caches
   and unregisters, so pages come from the network again. */
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => {
  const prefix = 'yizhan ' + new URL(self.registration.scope).pathname + ' ';
  e.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => caches.delete(n))))
    .then(() => self.registration.unregister()));
});
