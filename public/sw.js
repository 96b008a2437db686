// Snowglobe's service worker: after one visit the page runs with no network at all.
//
// - The page (a navigation, i.e. index.html) is network-first: a new build is picked up as soon as
//   the network answers, and the cached copy is served only when it does not.
// - Everything else the page loads from its own directory (trunk's hashed .wasm, .js, .css and icon)
//   is cache-first: a hashed name never changes content, so a cached copy is never stale. The one
//   file without a hash, the engine worker's script, is network-first like the page.
// - Each time a fresh index.html arrives, the assets it references are cached and every other entry
//   is deleted, so the cache holds exactly one build; on activation, caches of older versions of this
//   worker for the same scope are deleted.
//
// - Requests to a proxy's API (`api/…`, `snowglobe/…`, when the page is served by `snowglobe proxy`)
//   are never cached or answered from the cache: they go to the network as they are.
//
// Everything is relative to the worker's own scope (the directory sw.js is served from), so the
// site works from any sub-path, and several copies on one origin do not touch each other's caches.

const VERSION = 'v1';
const PREFIX = 'snowglobe:';
const SCOPE = self.registration.scope; // e.g. https://example.org/some/path/snowglobe/
const CACHE = `${PREFIX}${VERSION}:${SCOPE}`;
const INDEX = new URL('./', SCOPE).href;
/** A proxy's API under the scope: statements and results, and the proxy's description. */
const API = [new URL('./api/', SCOPE).href, new URL('./snowglobe/', SCOPE).href];

/** The same-scope URLs an index.html references: href=, src=, and './…' strings of the bootstrap. */
function assetsOf(html) {
  const urls = new Set();
  const pattern = /(?:href|src)\s*=\s*["']([^"'#?\s]+)["']|["'](\.{1,2}\/[^"'#?\s]+)["']/g;
  for (const m of html.matchAll(pattern)) {
    const ref = m[1] || m[2];
    let url;
    try {
      url = new URL(ref, INDEX);
    } catch {
      continue;
    }
    if (url.href.startsWith(SCOPE) && url.href !== INDEX && !url.pathname.endsWith('/sw.js')) {
      urls.add(url.href);
    }
  }
  return [...urls];
}

/** Stores `index` as the page and makes the cache hold exactly its assets. */
async function adopt(index) {
  const cache = await caches.open(CACHE);
  const html = await index.clone().text();
  const assets = assetsOf(html);
  // One at a time, each body stored before the next request. The old build's entries go only once
  // all of the new one is stored, so a failed fetch leaves the old build usable.
  for (const url of assets) {
    if (isHashed(url) && (await cache.match(url))) continue;
    const response = await fetch(url, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    await cache.put(url, response);
  }
  await cache.put(INDEX, index);
  const keep = new Set([INDEX, ...assets]);
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const index = await fetch(INDEX, { cache: 'no-cache' });
      if (index.ok) await adopt(index);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name.endsWith(`:${SCOPE}`) && name !== CACHE) {
          await caches.delete(name);
        }
      }
      await self.clients.claim();
    })(),
  );
});

/** Whether a navigation asks for the page itself (the scope's directory or its index.html). */
function isIndex(url) {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  return u.href === INDEX || u.href === `${INDEX}index.html`;
}

/** The page: the network's when it answers (and its build is adopted), else the cached one. */
async function page(event) {
  try {
    const response = await fetch(event.request);
    const type = response.headers.get('Content-Type') || '';
    if (response.ok && type.startsWith('text/html') && !response.redirected) {
      event.waitUntil(adopt(response.clone()).catch(() => {}));
    }
    return response;
  } catch (error) {
    const cached = await caches.match(INDEX, { cacheName: CACHE });
    if (cached) return cached;
    throw error;
  }
}

/** Whether an asset's name carries trunk's content hash (`name-0123abcd….ext`). */
function isHashed(url) {
  return /-[0-9a-f]{8,}(_bg)?\.[a-z0-9]+$/.test(new URL(url).pathname);
}

/** A hashed asset: the cached copy, else the network's (then cached). */
async function asset(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

/** An asset without a hash in its name (the engine worker's script): the network's when it
 * answers (then cached), else the cached copy. */
async function unhashed(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request, { cache: 'no-cache' });
    if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE)) return;
  if (API.some((prefix) => request.url.startsWith(prefix))) return;
  if (request.mode === 'navigate') {
    if (isIndex(request.url)) event.respondWith(page(event));
  } else if (!new URL(request.url).pathname.endsWith('/sw.js')) {
    event.respondWith(isHashed(request.url) ? asset(request) : unhashed(request));
  }
});
