// Headless Chromium for the browser tests and tests/perf/measure.mjs: one launch with the same
// flags everywhere, a record of what went wrong on a page, and the wait for the page's status.

import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

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
