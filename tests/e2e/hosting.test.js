// Static hosting: the built `dist/` served from a deep sub-path installs its service worker, and
// after one visit the page runs again with the network switched off. No request may leave the
// local server.
//
//   trunk build --release && node --test tests/e2e/hosting.test.js
//
// Environment: CHROMIUM (default /usr/bin/chromium). The offline page's screenshot goes to
// screenshots/offline.png.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { openSite, SCREENSHOTS, waitState, watchProblems } from './browser.js';
import { DIST } from './serve.js';

const BASE = '/deep/path/snowglobe/';

let site;
let origin;
let browser;
let served = 0;

before(async () => {
  // Serve the precompressed copies when the build has them, as a host configured for them would.
  const precompressed = (await readdir(DIST)).some((f) => f.endsWith('.br'));
  site = await openSite(BASE, { precompressed });
  site.server.on('request', () => served++);
  ({ origin, browser } = site);
});

after(() => site?.close());

const waitReady = (page, timeout) => waitState(page, 'ready', timeout);

/** Waits until the page has applied at least one generator event. */
async function waitEvents(page, timeout) {
  await page.waitForFunction(
    () => Number((document.querySelector('#event-count')?.textContent || '').replace(/\D/g, '')) > 0,
    null,
    { timeout },
  );
}

test('from a sub-path, the page installs its service worker and runs again offline', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  const problems = watchProblems(page);
  try {
    await page.goto(`${origin}${BASE}#seed=5&speed=600`);
    await waitReady(page, 120_000);
    await waitEvents(page, 30_000);

    // The worker is installed at the page's directory and controls the page.
    const scope = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) =>
          navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
        );
      }
      return registration.scope;
    });
    assert.equal(scope, `${origin}${BASE}`);
    // Install has cached the page and every asset it references, the engine worker's script too.
    await page.waitForFunction(
      async () => {
        const names = await caches.keys();
        const urls = [];
        for (const name of names) {
          for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
        }
        return (
          urls.some((u) => u.endsWith('.wasm')) &&
          urls.some((u) => u.endsWith('.js')) &&
          urls.some((u) => u.endsWith('/worker.js'))
        );
      },
      null,
      { timeout: 30_000, polling: 250 },
    );

    // No network at all: the reload is served from the cache and the pipeline runs again.
    await context.setOffline(true);
    const before = served;
    await page.reload();
    await waitReady(page, 120_000);
    await waitEvents(page, 30_000);
    assert.equal(await page.evaluate(() => navigator.onLine), false);
    assert.ok(
      await page.evaluate(() => navigator.serviceWorker.controller !== null),
      'the reloaded page is controlled by the service worker',
    );
    assert.equal(served - before, 0, 'the offline reload reached the server');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'offline.png'), fullPage: true });

    const outside = requests.filter((u) => !u.startsWith(`${origin}${BASE}`) && !/^(data|blob):/.test(u));
    assert.deepEqual(outside, [], 'every request stays on the local server, under the sub-path');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the built page has no live-reload client and opens no WebSocket', async () => {
  // `trunk serve` (make serve) injects a client that reconnects to its server every few seconds; a
  // release build copied to a static host must carry nothing of it.
  for (const f of (await readdir(DIST)).filter((f) => /\.(html|js)$/.test(f))) {
    const text = await readFile(path.join(DIST, f), 'utf8');
    assert.doesNotMatch(text, /__trunk_address__|__TRUNK_ADDRESS__|new WebSocket/, `${f} carries a live-reload client`);
  }
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const sockets = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  try {
    await page.goto(`${origin}${BASE}#seed=5&speed=600`);
    await waitReady(page, 120_000);
    await waitEvents(page, 30_000);
    // Trunk's client retries every five seconds: wait longer than one retry.
    await page.waitForTimeout(6_000);
    assert.deepEqual(sockets, [], 'the page opened a WebSocket');
  } finally {
    await context.close();
  }
});
