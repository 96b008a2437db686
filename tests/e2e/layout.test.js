// Browser tests of the page on the screens it is used on, and of what it says about itself: phone,
// tablet, small and large laptop layouts (a screenshot of each, the viewport as the user sees it),
// the speed actually achieved against the speed asked, a broken share link that recovers, and charts
// that cover a whole long session.
//
//   trunk build --release && npm ci --prefix tests/e2e && node --test tests/e2e/layout.test.js

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openSite, SCREENSHOTS, waitState, watchProblems } from './browser.js';

const BASE = '/workshop/snowglobe/';

let site;
let origin;
let browser;

before(async () => {
  site = await openSite(BASE);
  ({ origin, browser } = site);
});

after(() => site?.close());

async function machine(width, height, options = {}) {
  const context = await browser.newContext({ viewport: { width, height }, ...options });
  const page = await context.newPage();
  return { context, page, problems: watchProblems(page) };
}

async function waitEvents(page) {
  await page.waitForFunction(() => Number(document.querySelector('#event-count')?.textContent.replace(/\D/g, '')) > 0);
}

const SCREENS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 768, height: 1024 },
  { name: 'laptop', width: 1280, height: 720 },
  { name: 'desktop', width: 1440, height: 900 },
];

for (const screen of SCREENS) {
  test(`at ${screen.width}×${screen.height} (${screen.name}) nothing scrolls sideways and every graph node is in view`, async () => {
    const { context, page, problems } = await machine(screen.width, screen.height);
    try {
      await page.goto(`${origin}${BASE}#seed=3&speed=60`);
      await waitState(page, 'ready');
      await waitEvents(page);
      await page.waitForSelector('#dag g[data-name=orders_aggregated]');
      const layout = await page.evaluate(() => {
        const tabs = [...document.querySelectorAll('[role=tab]')].map((t) => t.getBoundingClientRect());
        return {
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
          nodes: [...document.querySelectorAll('#dag g.node')].map((g) => {
            const r = g.getBoundingClientRect();
            return { name: g.dataset.name, left: r.left, right: r.right };
          }),
          tabTops: [...new Set(tabs.map((r) => Math.round(r.top)))],
          tabsBottom: Math.max(...tabs.map((r) => r.bottom)),
        };
      });
      assert.ok(layout.scrollWidth <= layout.innerWidth, `the page is ${layout.scrollWidth} px wide in ${layout.innerWidth}`);
      assert.ok(layout.nodes.length >= 5, JSON.stringify(layout.nodes));
      for (const n of layout.nodes) {
        assert.ok(n.left >= 0 && n.right <= layout.innerWidth, `${n.name} is out of view: ${n.left}..${n.right}`);
      }
      assert.equal(layout.tabTops.length, 1, `the tabs wrap onto ${layout.tabTops.length} rows`);
      // Every chart fits its card.
      await page.click('#tab-charts');
      await page.waitForSelector('#chart-events');
      const charts = await page.$$eval('.chart canvas', (cs) =>
        cs.map((c) => ({ id: c.id, right: c.getBoundingClientRect().right, card: c.closest('.workspace').getBoundingClientRect().right })),
      );
      for (const c of charts) assert.ok(c.right <= c.card, `${c.id} overflows its card: ${c.right} > ${c.card}`);
      await page.click('#tab-data');
      if (screen.name === 'laptop') {
        // The tabs and the start of their content are visible without scrolling.
        assert.ok(layout.tabsBottom + 80 <= screen.height, `the tabs end at ${layout.tabsBottom} px of ${screen.height}`);
      }
      await page.screenshot({ path: path.join(SCREENSHOTS, `layout-${screen.name}.png`) });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

test('at 360 px the page still fits, and a worksheet result is scrolled into view', async () => {
  const { context, page, problems } = await machine(360, 740);
  try {
    await page.goto(`${origin}${BASE}#seed=3&speed=60`);
    await waitState(page, 'ready');
    const width = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(width[0] <= width[1], `the page is ${width[0]} px wide in ${width[1]}`);
    await page.click('#tab-worksheet');
    await page.fill('#worksheet-sql', 'SELECT order_id, amount FROM raw_orders LIMIT 5');
    await page.click('#worksheet-run');
    await page.waitForSelector('#worksheet-summary:not(:empty)');
    await page.waitForFunction(() => {
      const r = document.querySelector('#worksheet-result').getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight;
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'layout-phone-worksheet.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the header shows the speed achieved, and says why when the device cannot keep up', async () => {
  const { context, page, problems } = await machine(1440, 900);
  try {
    // 5,000× at 1,000 iterations a virtual second asks for millions of events a second.
    await page.goto(`${origin}${BASE}#seed=7&speed=5000&rate=1000`);
    await waitState(page, 'ready');
    await page.waitForSelector('#speed-achieved.behind', { timeout: 30_000 });
    const shown = await page.textContent('#speed-achieved');
    const match = shown.match(/^([\d.]+)× of 5000×$/);
    assert.ok(match, shown);
    assert.ok(Number(match[1]) < 4500, shown);
    const note = await page.textContent('#pace-note');
    assert.match(note, /instead of the 5000× asked: this device applies about [\d,]+ CDC events a second/);
    // The status banner claims no speed that is not happening.
    assert.doesNotMatch(await page.textContent('#status'), /5000× real time\./);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'pace-behind.png') });

    // A speed the device keeps up with shows as asked, with no note.
    await page.selectOption('#rate', '20');
    await page.selectOption('#speed', '60');
    await page.waitForFunction(() => document.querySelector('#speed-achieved')?.textContent === '60×', null, { timeout: 30_000 });
    assert.equal(await page.$('#pace-note'), null);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a broken share link offers the default scenario and the editor still shows the pipeline', async () => {
  const { context, page } = await machine(1440, 900);
  try {
    await page.goto(`${origin}${BASE}#speed=abc`);
    await waitState(page, 'error');
    assert.match(await page.textContent('#status'), /Invalid 'speed' in the URL: 'abc'/);
    assert.equal(await page.textContent('#speed-achieved'), '–', 'no speed is claimed while nothing runs');
    await page.click('#tab-pipeline');
    assert.match(await page.inputValue('#pipeline-sql'), /CREATE OR REPLACE DYNAMIC TABLE orders_derived/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'broken-link.png') });
    await page.click('#start-default');
    await page.waitForSelector('#status[data-state=ready]', { timeout: 60_000 });
    await waitEvents(page);
    assert.equal(await page.evaluate(() => location.hash), '');
    assert.equal(await page.$('#start-default'), null);
  } finally {
    await context.close();
  }
});

test('charts of a 120-minute run start at minute 0 for every dynamic table', async () => {
  const { context, page, problems } = await machine(1440, 900);
  try {
    // 200 events, then two hours of refreshes, on the deterministic clock.
    await page.goto(`${origin}${BASE}#seed=5&events=200&advance=7200&start=2026-03-01T08:00:00`);
    await waitState(page, 'ready', 120_000);
    await page.click('#tab-charts');
    await page.waitForFunction(() => document.querySelector('#chart-lag')?.dataset.starts?.includes('ORDERS_AGGREGATED'));
    for (const id of ['chart-lag', 'chart-durations']) {
      const starts = await page.getAttribute(`#${id}`, 'data-starts');
      const series = Object.fromEntries(starts.split(' ').map((s) => s.split('=')));
      assert.deepEqual(Object.keys(series).sort(), ['ORDERS_AGGREGATED', 'ORDERS_DERIVED'], starts);
      for (const [name, first] of Object.entries(series)) {
        assert.ok(Number(first) <= 1.5, `${id}: ${name} starts at minute ${first}`);
      }
    }
    const bars = await page.getAttribute('#chart-events', 'data-starts');
    const [, count, width] = bars.match(/bars=(\d+) minutes-per-bar=(\d+)/);
    assert.ok(Number(count) * Number(width) >= 15, bars);
    await page.locator('.charts').screenshot({ path: path.join(SCREENSHOTS, 'charts-120-minutes.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
