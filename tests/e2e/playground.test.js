// Browser tests of the playground in a real headless Chromium: controls, the pipeline graph and its
// actions, the data grid, charts, the SQL worksheet, the pipeline editor, DDL export, the event log,
// persistence across reloads and shared scenario links. The built dist/ is served under a sub-path.
// Screenshots of each main view go to screenshots/, so anyone can regenerate them.
//
//   trunk build --release && npm ci --prefix tests/e2e && node --test tests/e2e/playground.test.js

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { openSite, SCREENSHOTS, waitState, watchProblems } from './browser.js';

const BASE = '/workshop/snowglobe/';
const SILVER = 'ECOMM_CDC.PUBLIC.ORDERS_DERIVED';
const BRONZE = 'ECOMM_CDC.PUBLIC.RAW_ORDERS';

let site;
let origin;
let browser;

before(async () => {
  site = await openSite(BASE);
  ({ origin, browser } = site);
});

after(() => site?.close());

/** A fresh browser profile (a new machine, as far as the page can tell) with one page. */
async function newMachine(options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    acceptDownloads: true,
    ...options,
  });
  const page = await context.newPage();
  return { context, page, problems: watchProblems(page) };
}

const waitReady = (page, timeout) => waitState(page, 'ready', timeout);

async function open(page, hash) {
  await page.goto(`${origin}${BASE}${hash}`);
  await waitReady(page);
}

const text = (page, selector) => page.textContent(selector).then((t) => t.trim());
const num = async (page, selector) => Number(await text(page, selector));

/** Runs SQL in the worksheet and returns the result grid's header and rows. */
async function runSql(page, sql) {
  if ((await page.getAttribute('#tab-worksheet', 'aria-selected')) !== 'true') {
    await page.click('#tab-worksheet');
  }
  await page.fill('#worksheet-sql', sql);
  await page.focus('#worksheet-sql');
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector('#worksheet-summary:not(:empty), #worksheet-error');
  return page.$eval('#worksheet-result', (t) => ({
    header: [...t.querySelectorAll('thead th')].map((th) => th.textContent.trim()),
    rows: [...t.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.cells].map((td) => td.textContent.trim()),
    ),
  }));
}

async function node(page, name) {
  return page.$eval(`#dag g[data-name=${name}]`, (g) => ({ ...g.dataset }));
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

test('the generator fills bronze and the dynamic tables keep within their target lag', async () => {
  const { context, page, problems } = await newMachine();
  try {
    await open(page, '#seed=3&speed=600&start=2026-03-01T08:00:00');
    let refreshed = 0;
    for (let i = 0; i < 12; i++) {
      await page.waitForTimeout(500);
      const [silver, gold] = [await node(page, 'orders_derived'), await node(page, 'orders_aggregated')];
      for (const dt of [silver, gold]) {
        if (dt.lag !== undefined) {
          refreshed++;
          assert.ok(Number(dt.lag) <= Number(dt.target), `within lag: ${JSON.stringify(dt)}`);
        }
      }
    }
    assert.ok(refreshed > 0);
    assert.ok((await num(page, '#bronze-count')) > 50, 'bronze fills up');
    assert.equal((await node(page, 'orders_derived')).target, '60');
    assert.equal((await node(page, 'orders_aggregated')).target, '300');
    assert.equal(await page.$$eval('#dag .node.behind', (n) => n.length), 0);
    // The engine runs in one dedicated worker, not on the page's main thread.
    assert.deepEqual(page.workers().map((w) => new URL(w.url()).pathname), [`${BASE}worker.js`]);
    await shot(page, 'overview');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('when the engine worker cannot load, the page says so', async () => {
  const { context, page } = await newMachine();
  try {
    await context.route('**/worker.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto(`${origin}${BASE}#seed=1`);
    const status = await page.waitForSelector('#status[data-state=error]');
    assert.match(await status.textContent(), /The engine stopped \(its script could not be loaded\)\. Reload the page/);
  } finally {
    await context.close();
  }
});

test('switching tabs while the engine is answering leaves no error behind', async () => {
  const { context, page, problems } = await newMachine();
  try {
    await open(page, '#seed=6&speed=600');
    // Each tab asks the worker for something (a grid page, the DDL); closing it before the reply
    // arrives must drop the reply quietly.
    for (let i = 0; i < 25; i++) {
      for (const tab of ['data', 'export', 'pipeline', 'data', 'worksheet']) await page.click(`#tab-${tab}`);
    }
    await page.click('#tab-data');
    await page.waitForSelector('#grid tbody tr');
    await page.waitForTimeout(500);
    assert.equal(await page.getAttribute('#status', 'data-state'), 'ready');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('controls pause the clock, change speed and rate, and the log filters', async () => {
  const { context, page, problems } = await newMachine();
  try {
    await open(page, '#seed=5&speed=60');
    await page.click('#play');
    await page.waitForSelector('#play[aria-pressed=false]');
    const clock = await text(page, '#clock');
    const events = await num(page, '#event-count');
    await page.waitForTimeout(800);
    assert.equal(await text(page, '#clock'), clock, 'a paused clock stands still');
    assert.equal(await num(page, '#event-count'), events);
    await page.selectOption('#rate', '100');
    await page.selectOption('#speed', '10');
    await page.click('#play');
    await page.waitForFunction((n) => Number(document.querySelector('#event-count').textContent) > n + 200, events, { timeout: 20_000 });
    assert.match(await text(page, '#run-info'), /speed 10×/);
    // The log filter hides INSERT lines and finds text.
    await page.uncheck('.log-filters input[data-kind=insert]');
    const kinds = await page.$$eval('#event-log li', (lis) => lis.map((li) => li.className));
    assert.ok(kinds.length > 0 && !kinds.includes('insert'), kinds.join(','));
    await page.check('.log-filters input[data-kind=insert]');
    await page.fill('#log-filter', 'update');
    const lines = await page.$$eval('#event-log li', (lis) => lis.map((li) => li.textContent));
    assert.ok(lines.length > 0 && lines.every((l) => l.toLowerCase().includes('update')), lines.join('\n'));
    assert.equal(await page.$('#log-empty'), null);
    // A filter nothing matches says so.
    await page.fill('#log-filter', 'no line holds this');
    await page.waitForSelector('#log-empty');
    assert.equal(await text(page, '#log-empty'), 'No line matches the filters.');
    await page.fill('#log-filter', '');
    await page.waitForSelector('#log-empty', { state: 'detached' });
  } finally {
    await context.close();
  }
});

test('a node opens its details; Refresh adds a history row; Suspend and Resume', async () => {
  const { context, page, problems } = await newMachine();
  try {
    await open(page, '#seed=8&speed=300');
    await page.waitForFunction(() => document.querySelector('#dag g[data-name=orders_derived]')?.dataset.lag !== undefined);
    await page.click('#play'); // pause, so only the button refreshes
    await page.click('#dag g[data-name=orders_derived]');
    await page.waitForSelector('#details #refresh-history tbody tr');
    assert.match(await text(page, '#details .ddl'), /CREATE OR REPLACE DYNAMIC TABLE ECOMM_CDC\.PUBLIC\.ORDERS_DERIVED/);
    assert.match(await text(page, '#details table.columns'), /ORDER_ID/);
    const facts = await text(page, '#details-facts');
    assert.match(facts, /Target lag\s*1 minute/);
    assert.match(facts, /Refresh mode\s*ADAPTIVE/);
    assert.match(facts, /Maintained by\s*projection operator/);
    assert.match(facts, /Scheduling state\s*ACTIVE/);
    const before = await page.$$eval('#refresh-history tbody tr', (r) => r.length);
    await page.click('#action-refresh');
    await page.waitForFunction((n) => document.querySelectorAll('#refresh-history tbody tr').length === n + 1, before);
    const newest = await page.$eval('#refresh-history tbody tr', (tr) => [...tr.cells].map((c) => c.textContent));
    assert.equal(newest[2], 'SUCCEEDED');
    assert.equal(newest[3], 'MANUAL');
    // Only the action that applies is enabled: an active table can be suspended, not resumed.
    await page.waitForSelector('#action-suspend:not([disabled])');
    assert.ok(await page.isDisabled('#action-resume'), 'Resume is enabled on an active table');
    await page.click('#action-suspend');
    await page.waitForSelector('#dag g[data-name=orders_derived][data-suspended=true]');
    await page.waitForSelector('#action-suspend[disabled]');
    assert.ok(await page.isEnabled('#action-resume'), 'Resume is disabled on a suspended table');
    const rows = await runSql(page, "SHOW DYNAMIC TABLES LIKE 'ORDERS_DERIVED'");
    assert.ok(rows.rows[0].includes('SUSPENDED'), JSON.stringify(rows));
    await page.click('#dag g[data-name=orders_derived]');
    await page.click('#action-resume');
    await page.waitForSelector('#dag g[data-name=orders_derived][data-suspended=false]');
    // Keyboard: a node is reachable and opens with Enter.
    await page.focus('#dag g[data-name=orders_aggregated]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#details-title')?.textContent.includes('ORDERS_AGGREGATED'));
    await shot(page, 'details');
    assert.deepEqual(
      await page.$$eval('#details table.columns thead th', (ths) => ths.map((th) => th.textContent)),
      ['Name', 'Type', 'Nullable'],
    );
    // Escape closes the details.
    await page.keyboard.press('Escape');
    await page.waitForSelector('#details', { state: 'detached' });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the grid pages and sorts any object and highlights changed rows', async () => {
  const { context, page, problems } = await newMachine();
  try {
    await open(page, '#seed=9&speed=600&rate=20');
    await page.waitForFunction(() => Number(document.querySelector('#bronze-count').textContent) > 200);
    await page.click('#play');
    await page.waitForSelector('#grid tbody tr');
    const total = await num(page, '#grid-total');
    assert.equal(total, await num(page, '#bronze-count'));
    assert.equal(await page.$$eval('#grid tbody tr', (r) => r.length), 50);
    const amountIndex = await page.$$eval('#grid thead th', (ths) => ths.findIndex((th) => th.textContent.startsWith('AMOUNT')));
    await page.click(`#grid thead th:nth-child(${amountIndex + 1}) button`);
    await page.waitForSelector(`#grid thead th:nth-child(${amountIndex + 1})[aria-sort=ascending]`);
    const amounts = await page.$$eval('#grid tbody tr', (trs, i) => trs.map((tr) => Number(tr.cells[i].textContent)), amountIndex);
    assert.deepEqual(amounts, [...amounts].sort((a, b) => a - b));
    const [smallest] = (await runSql(page, 'SELECT MIN(amount) AS m FROM raw_orders')).rows[0];
    assert.equal(amounts[0], Number(smallest));
    await page.click('#tab-data');
    await page.click('#grid-next');
    await page.waitForFunction(() => document.querySelector('#grid-range').textContent.startsWith('rows 51–'));
    await page.selectOption('#grid-object', SILVER);
    await page.waitForFunction((s) => document.querySelector('#grid-total').textContent === s, String(await num(page, '#silver-count')));
    // Rows that a refresh brings in are highlighted.
    await page.click('#play');
    await page.waitForSelector('#grid tbody tr.changed', { timeout: 20_000 });
    await shot(page, 'tables');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('new grid rows and log lines go in front without moving the ones that stay', async () => {
  const { context, page, problems } = await newMachine();
  try {
    await open(page, '#seed=9&speed=1&rate=5');
    await page.waitForFunction(() => document.querySelectorAll('#grid tbody tr').length >= 10);
    // A moved element is taken out of its list and put back: it is still in the page when the
    // observer sees it removed. Rows and lines that stay must not move; new ones are inserted.
    await page.evaluate(() => {
      window.__lists = { moved: 0, rows: 0, lines: 0 };
      const watch = (selector, counter) =>
        new MutationObserver((records) => {
          for (const r of records) {
            window.__lists[counter] += r.addedNodes.length;
            for (const n of r.removedNodes) if (n.isConnected) window.__lists.moved += 1;
          }
        }).observe(document.querySelector(selector), { childList: true });
      watch('#grid tbody', 'rows');
      watch('#event-log', 'lines');
    });
    await page.waitForFunction(() => window.__lists.rows >= 5 && window.__lists.lines >= 20, null, { timeout: 30_000 });
    const lists = await page.evaluate(() => window.__lists);
    assert.equal(lists.moved, 0, JSON.stringify(lists));
    // The page kept up to date shows what a page read from scratch shows.
    await page.click('#play');
    await page.waitForSelector('#play[aria-pressed=false]');
    await page.waitForTimeout(1500); // the last read (at most one a second) is in
    const rows = () => [...document.querySelectorAll('#grid tbody tr')].map((tr) => tr.textContent);
    const kept = await page.evaluate(rows);
    await page.selectOption('#grid-object', SILVER);
    await page.waitForFunction((s) => document.querySelector('#grid-total').textContent === s, String(await num(page, '#silver-count')));
    await page.selectOption('#grid-object', BRONZE);
    const same = await page
      .waitForFunction((want) => JSON.stringify([...document.querySelectorAll('#grid tbody tr')].map((tr) => tr.textContent)) === want, JSON.stringify(kept), { timeout: 10_000 })
      .then(() => true, () => false);
    assert.ok(same, `rows kept up to date:\n${kept.join('\n')}\nrows read again:\n${(await page.evaluate(rows)).join('\n')}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a view that is slow to read over a large table is re-read on request', async () => {
  const { context, page, problems } = await newMachine();
  try {
    await page.goto(`${origin}${BASE}#seed=7&profile=classic&speed=1&rate=100&preload=30000`);
    await waitReady(page, 300_000);
    await page.selectOption('#grid-object', 'ECOMM_CDC.PUBLIC.CDC_MONITORING');
    await page.waitForSelector('#grid-on-request');
    assert.match(await text(page, '#grid-on-request'), /^Reading this page took \d+ ms, so it is not re-read on every change: rows as of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\./);
    const count = () => page.$$eval('#grid tbody tr', (trs) => trs.reduce((n, tr) => n + Number(tr.cells[2].textContent), 0));
    const first = await count();
    assert.ok(first >= 30_000, `the view counts ${first} events`);
    // The generator goes on; the grid keeps its rows until asked.
    await page.waitForFunction((n) => Number(document.querySelector('#bronze-count').textContent) > n + 200, first);
    assert.equal(await count(), first);
    await page.click('#grid-reread');
    await page.waitForFunction(
      (n) => [...document.querySelectorAll('#grid tbody tr')].reduce((s, tr) => s + Number(tr.cells[2].textContent), 0) > n + 200,
      first,
    );
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the worksheet runs queries, shows errors with their position, keeps history, downloads CSV', async () => {
  const { context, page, problems } = await newMachine();
  try {
    await open(page, '#seed=12&speed=600');
    await page.waitForFunction(() => Number(document.querySelector('#gold-count').textContent) > 0);
    await page.click('#play');
    const bronze = await num(page, '#bronze-count');
    const count = await runSql(page, 'SELECT COUNT(*) AS n FROM raw_orders');
    assert.deepEqual(count, { header: ['N'], rows: [[String(bronze)]] });
    const history = await runSql(page, "SELECT name, state, refresh_trigger FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'ORDERS_AGGREGATED')) ORDER BY data_timestamp");
    assert.deepEqual(history.header, ['NAME', 'STATE', 'REFRESH_TRIGGER']);
    assert.ok(history.rows.length > 0 && history.rows.every((r) => r[0] === 'ORDERS_AGGREGATED'));
    const download = page.waitForEvent('download');
    await page.click('#worksheet-csv');
    const csv = await readFile(await (await download).path(), 'utf8');
    assert.equal(csv.trim().split(/\r?\n/).length, history.rows.length + 1);
    assert.match(csv, /^NAME,STATE,REFRESH_TRIGGER/);
    await runSql(page, 'SELECT COUNT(*) FROM raw_orders;\nSELEC * FROM raw_orders');
    assert.match(await text(page, '#worksheet-error'), /001003 \(42000\): SQL compilation error:\s+syntax error line 2 at position 0 unexpected 'SELEC'/);
    // The caret goes where the error is.
    assert.deepEqual(
      await page.$eval('#worksheet-sql', (t) => [t.selectionStart, t.selectionEnd, document.activeElement === t]),
      [33, 34, true],
    );
    await runSql(page, 'SELECT * FROM no_such_table');
    assert.match(await text(page, '#worksheet-error'), /002003 \(42S02\): SQL compilation error: error line 1 at position 14\s+Object '(ECOMM_CDC\.PUBLIC\.)?NO_SUCH_TABLE' does not exist or not authorized/);
    const past = await page.$$eval('#worksheet-history li', (lis) => lis.map((li) => li.textContent));
    assert.equal(past.length, 4);
    assert.match(past[0], /no_such_table/);
    await page.click('#worksheet-history li:nth-child(4) button');
    assert.equal(await page.inputValue('#worksheet-sql'), 'SELECT COUNT(*) AS n FROM raw_orders');
    const moved = await runSql(page, "SELECT DATEADD(month, 1, '2024-01-31'::date) AS d, DATEADD(hour, -2, '2026-01-01 01:00:00'::timestamp) AS t");
    assert.deepEqual(moved, { header: ['D', 'T'], rows: [['2024-02-29', '2025-12-31 23:00:00.000']] });
    const liked = await runSql(
      page,
      "SELECT 'line 1\nline 2' LIKE 'line%2' AS nl, '10% off' LIKE '10!%%' ESCAPE '!' AS esc, 'École' ILIKE 'éc%' AS i, NULL LIKE 'x' AS n",
    );
    assert.deepEqual(liked, { header: ['NL', 'ESC', 'I', 'N'], rows: [['TRUE', 'TRUE', 'TRUE', 'NULL']] });
    // Large results show their first 500 rows; the CSV has them all.
    await page.click('#play');
    await page.waitForFunction(() => Number(document.querySelector('#bronze-count').textContent) > 600, null, { timeout: 30_000 });
    await page.click('#play');
    const all = await num(page, '#bronze-count');
    await runSql(page, 'SELECT * FROM raw_orders');
    assert.equal(await page.$$eval('#worksheet-result tbody tr', (r) => r.length), 500);
    assert.match(await text(page, '#worksheet-summary'), new RegExp(`^${all} row\\(s\\); showing the first 500`));
    await shot(page, 'worksheet');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the exported DDL file holds the pipeline and a feeder, ready for Snowflake', async () => {
  const { context, page, problems } = await newMachine();
  try {
    await open(page, '#seed=1&speed=60');
    await page.click('#tab-export');
    const download = page.waitForEvent('download');
    await page.click('#export-download');
    const file = await download;
    assert.equal(file.suggestedFilename(), 'snowglobe_pipeline.sql');
    const ddl = await readFile(await file.path(), 'utf8');
    assert.equal(ddl, await page.textContent('#export-ddl'));
    for (const expected of [
      /CREATE OR REPLACE TABLE ECOMM_CDC\.PUBLIC\.RAW_ORDERS/,
      /CREATE OR REPLACE DYNAMIC TABLE ECOMM_CDC\.PUBLIC\.ORDERS_DERIVED\s+TARGET_LAG = '1 minute'/,
      /CREATE OR REPLACE DYNAMIC TABLE ECOMM_CDC\.PUBLIC\.ORDERS_AGGREGATED\s+TARGET_LAG = '5 minutes'/,
      /CREATE OR REPLACE VIEW ECOMM_CDC\.PUBLIC\.CDC_MONITORING/,
      /CREATE OR REPLACE TASK ECOMM_CDC\.PUBLIC\.REFRESH_GOLD_LAYER/,
      /CREATE OR REPLACE PROCEDURE ECOMM_CDC\.PUBLIC\.FEED_RAW_ORDERS\(iterations INTEGER\)/,
      /LANGUAGE SQL/,
      /SCHEDULE = '1 MINUTE'/,
      /ALTER TASK ECOMM_CDC\.PUBLIC\.FEED_RAW_ORDERS_TASK RESUME;/,
    ]) {
      assert.match(ddl, expected);
    }
    await shot(page, 'export');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the pipeline editor rejects a bad script untouched and runs a good one', async () => {
  const { context, page, problems } = await newMachine();
  try {
    await open(page, '#seed=2&speed=60');
    await page.click('#tab-pipeline');
    const original = await page.inputValue('#pipeline-sql');
    assert.match(original, /CREATE OR REPLACE DYNAMIC TABLE orders_derived/);
    const nodes = await page.$$eval('#dag .node', (n) => n.length);
    await page.fill('#pipeline-sql', `${original}\nCREATE DYNAMIC TABLE broken TARGET_LAG = '1 minute' WAREHOUSE = w AS SELECT nope FROM missing;`);
    await page.click('#pipeline-apply');
    assert.match(await text(page, '#pipeline-error'), /MISSING' does not exist/);
    assert.equal(await page.$$eval('#dag .node', (n) => n.length), nodes, 'the running pipeline is untouched');
    await page.fill('#pipeline-sql', [
      'CREATE DATABASE shop;',
      'CREATE TABLE raw_orders (order_id STRING, customer_id STRING, order_date TIMESTAMP, status STRING, amount NUMBER(10,2), product_id STRING, quantity INT);',
      "CREATE DYNAMIC TABLE by_status TARGET_LAG = '1 minute' WAREHOUSE = wh AS SELECT status, COUNT(*) AS orders, SUM(amount) AS revenue FROM raw_orders GROUP BY status;",
    ].join('\n'));
    await page.click('#pipeline-apply');
    await page.waitForSelector('#dag g[data-name=by_status]');
    assert.equal(await page.$$eval('#dag .node', (n) => n.length), 2);
    await page.waitForFunction(() => Number(document.querySelector('#dag g[data-name=by_status]').dataset.rows) > 0, null, { timeout: 30_000 });
    assert.match(await text(page, '#run-info'), /pipeline edited/);
    // The seed pipeline's objects the new script does not create are gone.
    assert.match(await text(page, '#pipeline-applied'), /Dropped|dropped/);
    await shot(page, 'pipeline-editor');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('an applied edit keeps the data: a new lag in place, a new query reinitializes silver alone', async () => {
  const { context, page, problems } = await newMachine();
  try {
    await open(page, '#seed=4&speed=600&start=2026-03-01T08:00:00');
    // Some refreshes of silver first.
    await page.waitForFunction(() => Number(document.querySelector('#dag g[data-name=orders_derived]')?.dataset.rows) > 3, null, { timeout: 60_000 });
    await page.click('#play'); // pause: the counts below stay put
    await page.waitForSelector('#play[aria-pressed=false]');
    const bronze = Number(await page.getAttribute('#dag g[data-name=raw_orders]', 'data-rows'));
    const events = await num(page, '#event-count');
    const history = async () => (await runSql(page, "SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'ORDERS_DERIVED'))")).rows[0][0];
    const refreshes = Number(await history());
    assert.ok(bronze > 0 && refreshes > 0, `${bronze} rows, ${refreshes} refreshes`);

    await page.click('#tab-pipeline');
    const original = await page.inputValue('#pipeline-sql');
    const lagged = original.replace("TARGET_LAG = '1 minute'", "TARGET_LAG = '3 minutes'");
    assert.notEqual(lagged, original);
    await page.fill('#pipeline-sql', lagged);
    await page.click('#pipeline-apply');
    assert.match(await text(page, '#pipeline-applied'), /ORDERS_DERIVED \(TARGET_LAG 1 minute → 3 minutes\)/);
    assert.equal(Number(await page.getAttribute('#dag g[data-name=raw_orders]', 'data-rows')), bronze, "bronze's rows are kept");
    assert.equal(await num(page, '#event-count'), events, 'the session goes on');
    await page.waitForFunction(() => document.querySelector('#dag g[data-name=orders_derived]')?.dataset.target === '180');
    assert.equal(Number(await history()), refreshes, 'the refresh history is kept, nothing reinitialized');
    const shown = await runSql(page, "SHOW DYNAMIC TABLES LIKE 'ORDERS_DERIVED'");
    assert.equal(shown.rows[0][shown.header.indexOf('target_lag')], '3 minutes');

    // A new column in silver's query: silver is reinitialized, bronze keeps its rows.
    await page.click('#tab-pipeline');
    await page.fill('#pipeline-sql', lagged.replace('quantity,\n    -- Derived', 'quantity,\n    amount * quantity AS line_total,\n    -- Derived'));
    await page.click('#pipeline-apply');
    assert.match(await text(page, '#pipeline-applied'), /[Rr]einitialized ORDERS_DERIVED/);
    assert.equal(Number(await page.getAttribute('#dag g[data-name=raw_orders]', 'data-rows')), bronze);
    const last = await runSql(page, "SELECT refresh_action FROM TABLE(INFORMATION_SCHEMA.DYNAMIC_TABLE_REFRESH_HISTORY(NAME => 'ORDERS_DERIVED')) ORDER BY refresh_start_time DESC LIMIT 1");
    assert.equal(last.rows[0][0], 'REINITIALIZE');
    const columns = await runSql(page, 'SELECT line_total FROM orders_derived LIMIT 1');
    assert.deepEqual(columns.header, ['LINE_TOTAL']);
    assert.equal(Number(await history()), refreshes + 1);
    await page.click('#tab-pipeline');
    await shot(page, 'pipeline-applied');
    // The applied edits are part of the saved session: a reload replays them.
    await page.reload();
    await waitReady(page, 120_000);
    await page.waitForFunction(() => document.querySelector('#dag g[data-name=orders_derived]')?.dataset.target === '180');
    assert.deepEqual((await runSql(page, 'SELECT line_total FROM orders_derived LIMIT 1')).header, ['LINE_TOTAL']);
    await page.click('#tab-pipeline');
    assert.match(await page.inputValue('#pipeline-sql'), /amount \* quantity AS line_total/);
    // The share link opens the pipeline as it is now; Start over begins from it.
    await page.click('#share');
    const link = await page.inputValue('#share-link');
    assert.match(link, /variant=custom/);
    assert.match(decodeURIComponent(link.replace(/\+/g, ' ')), /amount \* quantity AS line_total/);
    await page.click('#reset');
    await page.waitForFunction(() => /Custom SQL/.test(document.querySelector('#run-info')?.textContent));
    await waitReady(page, 120_000);
    assert.deepEqual((await runSql(page, 'SELECT line_total FROM orders_derived LIMIT 1')).header, ['LINE_TOTAL']);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a pipeline of QUALIFY dedup, window and set-operation dynamic tables runs from the editor', async () => {
  const { context, page, problems } = await newMachine();
  try {
    await open(page, '#seed=6&speed=600');
    await page.click('#tab-pipeline');
    await page.fill('#pipeline-sql', [
      'CREATE DATABASE shop;',
      'CREATE TABLE raw_orders (order_id STRING, customer_id STRING, order_date TIMESTAMP, status STRING, amount NUMBER(10,2), product_id STRING, quantity INT);',
      "CREATE DYNAMIC TABLE latest_per_customer TARGET_LAG = '1 minute' WAREHOUSE = wh AS",
      '  SELECT customer_id, order_id, status, amount FROM raw_orders',
      '  QUALIFY ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY order_date DESC, order_id) = 1;',
      "CREATE DYNAMIC TABLE ranked TARGET_LAG = DOWNSTREAM WAREHOUSE = wh AS",
      '  SELECT customer_id, amount, RANK() OVER (ORDER BY amount DESC) AS amount_rank FROM latest_per_customer;',
      "CREATE DYNAMIC TABLE extremes TARGET_LAG = '1 minute' WAREHOUSE = wh AS",
      "  SELECT 'top' AS side, customer_id FROM ranked WHERE amount_rank <= 3",
      "  UNION ALL SELECT 'bottom', customer_id FROM ranked QUALIFY ROW_NUMBER() OVER (ORDER BY amount_rank DESC, customer_id) <= 3;",
    ].join('\n'));
    await page.click('#pipeline-apply');
    await page.waitForSelector('#dag g[data-name=extremes]');
    await page.waitForFunction(() => Number(document.querySelector('#dag g[data-name=latest_per_customer]').dataset.rows) > 5, null, { timeout: 30_000 });
    // The dedup holds one row per customer.
    const latest = await runSql(page, 'SELECT COUNT(*), COUNT(DISTINCT customer_id) FROM latest_per_customer');
    assert.equal(latest.rows[0][0], latest.rows[0][1], JSON.stringify(latest));
    const extremes = await runSql(page, "SELECT side, COUNT(*) FROM extremes GROUP BY side ORDER BY side");
    assert.deepEqual(extremes.rows.map((r) => r[0]), ['bottom', 'top'], JSON.stringify(extremes));
    // A ROW_NUMBER dedup is in Snowflake's incremental matrix: AUTO resolves to ADAPTIVE.
    const mode = await runSql(page, "SHOW DYNAMIC TABLES LIKE 'LATEST_PER_CUSTOMER'");
    const column = (name) => mode.rows[0][mode.header.indexOf(name)];
    assert.deepEqual([column('refresh_mode'), column('refresh_mode_reason')], ['ADAPTIVE', 'NULL'], JSON.stringify(mode));
    await page.click('#tab-data');
    await page.selectOption('#grid-object', 'SHOP.PUBLIC.LATEST_PER_CUSTOMER');
    await page.waitForSelector('#grid tbody tr');
    assert.deepEqual(
      await page.$$eval('#grid thead th', (ths) => ths.map((th) => th.textContent.replace(/[▲▼↕]/g, '').trim())),
      ['CUSTOMER_ID', 'ORDER_ID', 'STATUS', 'AMOUNT'],
    );
    await shot(page, 'pipeline-windows');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a QUALIFY + VARIANT pipeline runs from the editor and its JSON shows in the grid', async () => {
  const { context, page, problems } = await newMachine();
  try {
    await open(page, '#seed=7&speed=600');
    await page.click('#tab-pipeline');
    await page.fill('#pipeline-sql', [
      'CREATE DATABASE shop;',
      'CREATE TABLE raw_orders (order_id STRING, customer_id STRING, order_date TIMESTAMP, status STRING, amount NUMBER(10,2), product_id STRING, quantity INT);',
      "CREATE DYNAMIC TABLE order_docs TARGET_LAG = '1 minute' WAREHOUSE = wh AS",
      "  SELECT order_id, order_date, PARSE_JSON(TO_JSON(OBJECT_CONSTRUCT('customer', customer_id, 'status', status,",
      "    'lines', ARRAY_CONSTRUCT(OBJECT_CONSTRUCT('product', product_id, 'qty', quantity, 'amount', amount))))) AS doc",
      '  FROM raw_orders;',
      'CREATE DYNAMIC TABLE latest_docs TARGET_LAG = DOWNSTREAM WAREHOUSE = wh AS',
      '  SELECT order_id, doc:status::string AS status, doc FROM order_docs',
      '  QUALIFY ROW_NUMBER() OVER (PARTITION BY doc:customer ORDER BY order_date DESC, order_id) = 1;',
      "CREATE DYNAMIC TABLE order_lines TARGET_LAG = '1 minute' WAREHOUSE = wh AS",
      '  SELECT d.order_id, l.value:product::string AS product, l.value:qty::number AS qty',
      '  FROM latest_docs d, LATERAL FLATTEN(input => d.doc:lines) l;',
    ].join('\n'));
    await page.click('#pipeline-apply');
    await page.waitForSelector('#dag g[data-name=order_lines]');
    await page.waitForFunction(() => Number(document.querySelector('#dag g[data-name=order_lines]').dataset.rows) > 5, null, { timeout: 30_000 });
    // One latest document per customer, one line per document, and the paths read the JSON back.
    const latest = await runSql(page, 'SELECT COUNT(*), COUNT(DISTINCT doc:customer::string), MIN(TYPEOF(doc)) FROM latest_docs');
    assert.equal(latest.rows[0][0], latest.rows[0][1], JSON.stringify(latest));
    assert.equal(latest.rows[0][2], 'OBJECT', JSON.stringify(latest));
    // latest_docs (DOWNSTREAM) refreshes with order_lines, so both are at one data timestamp.
    const lines = await runSql(page, 'SELECT (SELECT COUNT(*) FROM order_lines), (SELECT COUNT(*) FROM latest_docs), (SELECT COUNT(*) FROM order_lines WHERE product IS NULL OR qty IS NULL)');
    assert.equal(lines.rows[0][0], lines.rows[0][1], JSON.stringify(lines));
    assert.equal(lines.rows[0][2], '0', JSON.stringify(lines));
    await page.click('#tab-data');
    await page.selectOption('#grid-object', 'SHOP.PUBLIC.LATEST_DOCS');
    await page.waitForSelector('#grid tbody tr');
    assert.deepEqual(
      await page.$$eval('#grid thead th', (ths) => ths.map((th) => th.textContent.replace(/[▲▼↕]/g, '').trim())),
      ['ORDER_ID', 'STATUS', 'DOC'],
    );
    const doc = await page.$eval('#grid tbody tr td:nth-child(3)', (td) => td.textContent.trim());
    assert.match(doc, /^\{"customer":"[^"]+","lines":\[\{"amount":[0-9.]+,"product":"[^"]+","qty":[0-9]+\}\],"status":"[A-Z]+"\}$/);
    await shot(page, 'pipeline-variant');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('charts draw crisp on a high-DPI screen', async () => {
  const { context, page, problems } = await newMachine({ deviceScaleFactor: 2 });
  try {
    await open(page, '#seed=4&speed=600');
    await page.waitForFunction(() => Number(document.querySelector('#gold-count').textContent) > 0);
    await page.waitForTimeout(2_500);
    await page.click('#tab-charts');
    await page.waitForTimeout(1_200);
    for (const id of ['chart-revenue', 'chart-orders', 'chart-events', 'chart-lag', 'chart-durations']) {
      const c = await page.$eval(`#${id}`, (canvas) => {
        const ctx = canvas.getContext('2d');
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let inked = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) inked++;
        return { width: canvas.width, css: canvas.clientWidth, inked, label: canvas.getAttribute('aria-label') };
      });
      assert.equal(c.width, c.css * 2, `${id} backing store follows devicePixelRatio`);
      assert.ok(c.inked > 1000, `${id} has a drawing: ${JSON.stringify(c)}`);
    }
    assert.match(await page.getAttribute('#chart-revenue', 'aria-label'), /months, revenue/);
    await shot(page, 'charts');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a reload restores the session, Start over begins a new one', async () => {
  const { context, page, problems } = await newMachine();
  try {
    await open(page, '#seed=21&speed=600');
    await page.waitForFunction(() => Number(document.querySelector('#event-count').textContent) > 100);
    await runSql(page, 'CREATE TABLE notes (id INT, body STRING)');
    await runSql(page, "INSERT INTO notes VALUES (1, 'kept across reloads')");
    await page.click('#dag g[data-name=orders_derived]');
    await page.click('#action-suspend');
    await page.click('#play');
    await page.waitForTimeout(300);
    const saved = {
      clock: await text(page, '#clock'),
      events: await text(page, '#event-count'),
      bronze: await text(page, '#bronze-count'),
      silver: await text(page, '#silver-count'),
      gold: await text(page, '#gold-count'),
    };
    await page.waitForTimeout(2_500); // the session is saved at most every 2 s
    await page.reload();
    await waitReady(page);
    const restored = {
      clock: await text(page, '#clock'),
      events: await text(page, '#event-count'),
      bronze: await text(page, '#bronze-count'),
      silver: await text(page, '#silver-count'),
      gold: await text(page, '#gold-count'),
    };
    assert.deepEqual(restored, saved);
    assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false', 'still paused');
    assert.equal((await node(page, 'orders_derived')).suspended, 'true');
    assert.deepEqual((await runSql(page, 'SELECT body FROM notes')).rows, [['kept across reloads']]);
    await page.fill('#seed', '99');
    await page.click('#reset');
    await page.waitForFunction(() => document.querySelector('#run-info').textContent.includes('seed 99'));
    assert.equal(await text(page, '#event-count'), '0');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a shared link opens the same scenario on another machine', async () => {
  const first = await newMachine();
  const second = await newMachine();
  try {
    await open(first.page, '#seed=5&speed=60');
    await first.page.selectOption('#variant', 'ecomm');
    await first.page.fill('#seed', '4242');
    await first.page.selectOption('#profile', 'classic');
    await first.page.click('#reset');
    await first.page.waitForFunction(() => document.querySelector('#run-info').textContent.includes('seed 4242'));
    await first.page.selectOption('#rate', '5');
    await first.page.click('#share');
    const link = await first.page.inputValue('#share-link');
    assert.match(link, /#variant=ecomm&seed=4242&profile=classic&rate=5&speed=60&start=/);
    await second.page.goto(link);
    await waitReady(second.page);
    const info = await text(second.page, '#run-info');
    assert.match(info, /Ecomm: DOWNSTREAM lags/);
    assert.match(info, /seed 4242 · profile classic/);
    assert.equal(await second.page.inputValue('#rate'), '5');
    assert.ok(await second.page.$('#dag g[data-name=orders_aggregated]'));
    // A custom pipeline travels in the link too.
    await first.page.click('#tab-pipeline');
    await first.page.fill('#pipeline-sql', "CREATE DATABASE d; CREATE TABLE raw_orders (order_id STRING, customer_id STRING, order_date TIMESTAMP, status STRING, amount NUMBER(10,2), product_id STRING, quantity INT);\nCREATE VIEW big AS SELECT * FROM raw_orders WHERE amount > 200;");
    await first.page.click('#pipeline-apply');
    await first.page.waitForSelector('#dag g[data-name=big]');
    await first.page.click('#share');
    const custom = await first.page.inputValue('#share-link');
    await second.context.close();
    const third = await newMachine();
    await third.page.goto(custom);
    await waitReady(third.page);
    await third.page.waitForSelector('#dag g[data-name=big]');
    assert.match(await text(third.page, '#run-info'), /Custom SQL/);
    await third.page.waitForFunction(() => Number(document.querySelector('#bronze-count').textContent) > 0);
    await shot(third.page, 'shared-link');
    assert.deepEqual([...first.problems, ...second.problems, ...third.problems], []);
    await third.context.close();
  } finally {
    await first.context.close();
    await second.context.close();
  }
});
