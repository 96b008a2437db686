// End-to-end tests of the page in a real Chromium: the built `dist/` is served under a sub-path
// (proving its URLs are relative), and the page must agree with the native CLI exactly.
//
//   trunk build --release && cargo build --release -p snowglobe-cli
//   npm ci --prefix tests/e2e && node --test tests/e2e/
//
// Environment: CHROMIUM (default /usr/bin/chromium), SNOWGLOBE_BIN (default target/release/snowglobe).
// Screenshots of the page go to screenshots/ (full page), so anyone can regenerate them.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { openSite, SCREENSHOTS, waitState, watchProblems } from './browser.js';
import { ROOT } from './serve.js';

const BASE = '/snowglobe/';
const SNOWGLOBE_BIN = path.resolve(ROOT, process.env.SNOWGLOBE_BIN || 'target/release/snowglobe');
const GOLD_QUERY =
  'SELECT * FROM orders_aggregated ORDER BY order_year, order_month, value_segment';

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) into rows of fields. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The CLI's answer to `query` after the same deterministic run as the page's. */
async function cliQuery(query) {
  const { stdout } = await promisify(execFile)(
    SNOWGLOBE_BIN,
    [
      'run',
      'sql/ecomm_cdc.sql',
      '--seed', '7',
      '--events', '300',
      '--start', '2026-01-15 09:00:00',
      '--advance', '600s',
      '--query', query,
      '--format', 'csv',
    ],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
  );
  const [header, ...rows] = parseCsv(stdout);
  return { header, rows };
}

/** A table's header and cells as the page shows them; a NULL cell reads '' as in the CLI's CSV. */
function readTable(page, selector) {
  return page.$eval(selector, (table) => ({
    header: [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim()),
    rows: [...table.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.cells].map((td) => (td.classList.contains('null') ? '' : td.textContent.trim())),
    ),
  }));
}

let site;
let origin;
let browser;

before(async () => {
  site = await openSite(BASE);
  ({ origin, browser } = site);
});

after(() => site?.close());

/** A fresh page that records console errors, uncaught exceptions and failed requests. */
async function openPage(hash) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const problems = watchProblems(page, { requests: true });
  await page.goto(`${origin}${BASE}${hash}`);
  return { context, page, problems };
}

const waitReady = (page, timeout) => waitState(page, 'ready', timeout);

test('a deterministic run ends in exactly the state of the CLI', async () => {
  const { context, page, problems } = await openPage(
    '#seed=7&events=300&start=2026-01-15T09:00:00&advance=600',
  );
  try {
    await waitReady(page, 120_000);
    const [expected, count] = await Promise.all([
      cliQuery(GOLD_QUERY),
      cliQuery('SELECT COUNT(*) AS n FROM raw_orders'),
    ]);
    assert.ok(expected.rows.length > 0, 'the CLI returned gold rows');
    await page.selectOption('#grid-object', 'ECOMM_CDC.PUBLIC.ORDERS_AGGREGATED');
    await page.waitForFunction(
      (n) => document.querySelectorAll('#grid tbody tr').length === n,
      expected.rows.length,
    );
    const gold = await readTable(page, '#grid');
    assert.deepEqual(gold.header, expected.header);
    // The grid shows storage order; the CLI's query sorts: compare as sorted lists.
    const sorted = (rows) => rows.map((r) => JSON.stringify(r)).sort();
    assert.deepEqual(sorted(gold.rows), sorted(expected.rows));
    assert.equal(await page.textContent('#grid-total'), String(expected.rows.length));
    assert.equal(await page.textContent('#event-count'), '300');
    assert.equal(await page.textContent('#bronze-count'), count.rows[0][0]);
    // The run is over: the clock no longer moves.
    const clock = await page.textContent('#clock');
    assert.match(clock, /^2026-01-15 \d\d:\d\d:\d\d$/);
    await page.waitForTimeout(1_000);
    assert.equal(await page.textContent('#clock'), clock);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'deterministic.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a live run feeds bronze, refreshes silver and gold, and logs events', async () => {
  const { context, page, problems } = await openPage('#seed=11&speed=600');
  try {
    await waitReady(page, 60_000);
    await page.waitForFunction(
      () =>
        Number(document.querySelector('#gold-count').textContent) > 0 &&
        Number(document.querySelector('#silver-count').textContent) > 0 &&
        document.querySelectorAll('#grid tbody tr').length > 0 &&
        document.querySelectorAll('#event-log li').length > 0,
      null,
      { timeout: 60_000 },
    );
    const first = await page.textContent('#clock');
    assert.match(first, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    await page.waitForFunction(
      (before) => document.querySelector('#clock').textContent !== before,
      first,
      { timeout: 10_000 },
    );
    assert.ok((await page.textContent('#clock')) > first, 'the virtual clock moves forward');
    const log = await page.$$eval('#event-log li', (lis) => lis.map((li) => li.textContent));
    assert.ok(log.length <= 200, 'the log keeps at most 200 lines');
    assert.ok(log.some((l) => l.includes('[CDC EVENT - INSERT]')), 'the log shows CDC events');
    assert.ok(log.some((l) => l.includes('[REFRESH')), 'the log shows refreshes');
    const gold = await page.$eval('#dag g[data-name=orders_aggregated]', (g) => g.dataset);
    assert.ok(Number(gold.rows) > 0, 'the gold node shows its rows');
    assert.ok(Number(gold.lag) <= Number(gold.target), `gold is within its lag: ${JSON.stringify(gold)}`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'live.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
