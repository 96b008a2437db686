// Headless Chromium for the browser tests and tests/perf/measure.mjs: one launch with the same
// flags everywhere, the built site served beside it, a record of what went wrong on a page, and the
// wait for the page's status.

import assert from 'node:assert/strict';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { DIST, ROOT, serveDist } from './serve.js';

/** Where the browser tests save their screenshots. */
export const SCREENSHOTS = path.join(ROOT, 'screenshots');

/** Launches Debian's Chromium (or $CHROMIUM) headless, with no background network of its own. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Serves the built dist/ at `base` (options as serveDist's) and launches Chromium, with screenshots/
 * ready. Resolves to `{ server, origin, browser, close }`; `close()` ends both.
 */
export async function openSite(base, options) {
  await stat(path.join(DIST, 'index.html')).catch(() => {
    throw new Error('dist/index.html is missing: run `trunk build --release` first');
  });
  await mkdir(SCREENSHOTS, { recursive: true });
  const server = await serveDist(base, options);
  const browser = await launchChromium().catch(async (e) => {
    await new Promise((resolve) => server.close(resolve));
    throw e;
  });
  return {
    server,
    browser,
    origin: `http://127.0.0.1:${server.address().port}`,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Records a page's uncaught exceptions and console errors (those `ignore` does not match) in the
 * returned array; with `requests`, also failed requests and HTTP errors (statuses in `allow` aside).
 */
export function watchProblems(page, { requests = false, ignore = null, allow = [] } = {}) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !ignore?.test(m.text())) problems.push(`console error: ${m.text()}`);
  });
  if (requests) {
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    page.on('response', (r) => {
      if (r.status() >= 400 && !allow.includes(r.status())) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
  }
  return problems;
}

/** Waits until #status leaves `starting` and checks it reached `state`, or fails with its message. */
export async function waitState(page, state = 'ready', timeout = 60_000) {
  const status = await page.waitForSelector('#status[data-state=ready], #status[data-state=error]', { timeout });
  assert.equal(await status.getAttribute('data-state'), state, `the page reported: ${await status.textContent()}`);
}
