// The page's "Snowflake (via proxy)" mode end to end: `snowglobe serve` stands in for a Snowflake
// account (SQL API v2, token auth, its clock at 60x so a 1-minute target lag passes in a second),
// `snowglobe proxy` serves the built page and forwards to it with an access token, and the page,
// opened from the URL the proxy prints, switches to the account, applies the seed's ECOMM_CDC
// pipeline into a fresh schema, feeds it, shows its graph, histories, rows and charts, runs the
// worksheet, compares the account with its own engine, stops and cleans up, and goes back to its
// own session. Every request the page makes must go to the proxy, and the token must never reach
// the DOM.
//
//   trunk build --release && cargo build -p snowglobe-cli
//   SNOWGLOBE_BIN=target/debug/snowglobe node --test tests/e2e/proxy.test.js
//
// Environment: CHROMIUM (default /usr/bin/chromium), SNOWGLOBE_BIN (default target/release/snowglobe).
// Screenshots go to screenshots/proxy-*.png.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { launchChromium, SCREENSHOTS, watchProblems } from './browser.js';
import { DIST, ROOT, serveDist } from './serve.js';

const SNOWGLOBE_BIN = path.resolve(ROOT, process.env.SNOWGLOBE_BIN || 'target/release/snowglobe');
const ACCOUNT_TOKEN = 'stand-in-account-token';
const ACCESS_TOKEN = 'page-access-token-4f9c';
const SCHEMA = `E2E_${Date.now()}`;

let dir;
let children = [];
let proxyUrl;
let serveUrl;
let browser;

/** Starts a snowglobe command and resolves with the first stdout line matching `pattern`. */
function start(args, pattern) {
  return new Promise((resolve, reject) => {
    const child = spawn(SNOWGLOBE_BIN, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start: ${out}${err}`)), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited with ${code}: ${out}${err}`));
    });
  });
}

/** A statement sent straight to the stand-in (not through the page), for checks. */
async function standIn(statement) {
  const response = await fetch(`${serveUrl}/api/v2/statements`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${ACCOUNT_TOKEN}`,
      'X-Snowflake-Authorization-Token-Type': 'PROGRAMMATIC_ACCESS_TOKEN',
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    body: JSON.stringify({ statement }),
  });
  const body = await response.json();
  assert.equal(response.status, 200, `${statement}: ${JSON.stringify(body)}`);
  return body.data;
}

before(async () => {
  await stat(path.join(DIST, 'index.html')).catch(() => {
    throw new Error('dist/index.html is missing: run `trunk build --release` first');
  });
  // The binary must have the proxy: a missing command is a failure, never a skip.
  const { stdout } = await promisify(execFile)(SNOWGLOBE_BIN, ['proxy', '--help']).catch((e) => {
    throw new Error(`${SNOWGLOBE_BIN} has no working 'proxy' command: ${e.message}`);
  });
  assert.match(stdout, /--site/);
  await mkdir(SCREENSHOTS, { recursive: true });
  dir = await mkdtemp(path.join(os.tmpdir(), 'snowglobe-proxy-'));
  await writeFile(path.join(dir, 'account-token.txt'), `${ACCOUNT_TOKEN}\n`);
  await writeFile(path.join(dir, 'access-token.txt'), `${ACCESS_TOKEN}\n`);
  const [, servePort] = await start(
    ['serve', '--port', '0', '--token-file', path.join(dir, 'account-token.txt'), '--speed', '60', '--quiet'],
    /listening on http:\/\/127\.0\.0\.1:(\d+)/,
  );
  serveUrl = `http://127.0.0.1:${servePort}`;
  const [, url] = await start(
    [
      'proxy',
      '--url', serveUrl,
      '--token-file', path.join(dir, 'account-token.txt'),
      '--token-type', 'pat',
      '--warehouse', 'COMPUTE_WH',
      '--access-token-file', path.join(dir, 'access-token.txt'),
      '--port', '0',
      '--site', DIST,
      '--quiet',
    ],
    /listening on (http:\/\/\S+)/,
  );
  proxyUrl = url;
  assert.ok(proxyUrl.includes(`?token=${ACCESS_TOKEN}`), `the proxy prints its URL with the token: ${proxyUrl}`);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  for (const child of children) child.kill();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function shot(page, name) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `proxy-${name}.png`), fullPage: true });
}

/** Waits for the Snowflake panel's outcome message and returns it; fails on an error message. */
async function outcome(page, pattern, timeout = 60_000) {
  await page.waitForFunction(
    (source) => new RegExp(source).test(document.querySelector('#remote-message')?.textContent || ''),
    pattern.source,
    { timeout },
  ).catch(async (e) => {
    const text = await page.textContent('#snowflake-panel').catch(() => '');
    throw new Error(`${e.message}\npanel: ${text}`);
  });
  const ok = await page.$eval('#remote-message', (p) => p.classList.contains('ok'));
  const text = await page.textContent('#remote-message');
  assert.ok(ok, `the operation reports success: ${text}`);
  return text;
}

/** The data attributes of a graph node. */
function node(page, name) {
  return page.$eval(`#dag g[data-name=${name}]`, (g) => ({ ...g.dataset }));
}

test('the page drives a Snowflake account through the proxy, and only the proxy', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  // The worksheet's deliberate SQL error comes back as HTTP 422, which the browser also logs.
  const problems = watchProblems(page, { requests: true, ignore: /status of 422/, allow: [422] });
  try {
    await page.goto(proxyUrl);
    await page.waitForSelector('#status[data-state=ready]', { timeout: 120_000 });
    // The proxy answered /snowglobe/proxy: the switch is offered.
    await page.waitForSelector('#backend-switch', { timeout: 30_000 });
    const localClock = await page.textContent('#clock');
    await page.check('#backend-snowflake');
    await page.waitForSelector('#account-banner');
    await page.waitForSelector('#snowflake-panel');
    assert.match(await page.textContent('#banner-warehouse'), /COMPUTE_WH/);
    assert.match(await page.textContent('#speed-note'), /does not apply to a real account/);
    assert.ok(await page.isDisabled('#speed'), 'the clock speed is off on the account');
    await shot(page, 'switch');

    // Apply the seed's pipeline into a fresh schema.
    await page.fill('#remote-schema', SCHEMA);
    await page.selectOption('#remote-pipeline', 'ecomm_cdc');
    await page.click('#remote-apply');
    await outcome(page, /^Applied \d+ statements/);
    const statements = await page.$$eval('#apply-statements li', (lis) => lis.map((li) => li.className));
    assert.ok(statements.length >= 8, `each statement is listed: ${statements}`);
    assert.ok(statements.every((c) => c === 'ok-line'), `every statement succeeded: ${statements}`);
    assert.match(await page.textContent('#banner-schema'), new RegExp(`SNOWGLOBE\\.${SCHEMA}`));
    const tables = await standIn(`SHOW DYNAMIC TABLES IN SCHEMA SNOWGLOBE.${SCHEMA}`);
    assert.equal(tables.length, 2, 'the account has silver and gold');
    await shot(page, 'applied');

    // Feed 1,000 events now.
    await page.fill('#feed-now-count', '1000');
    await page.click('#feed-now');
    await outcome(page, /^Fed 1000 events/);
    assert.equal(await page.textContent('#event-count'), '1000');
    const [[bronze]] = await standIn(`SELECT COUNT(*) FROM SNOWGLOBE.${SCHEMA}.RAW_ORDERS`);
    assert.ok(Number(bronze) > 500, `the events reached the account's bronze table: ${bronze}`);

    // The graph: bronze, silver and gold (with rows once they refreshed), the view and the task.
    await page.waitForFunction(
      () => ['raw_orders', 'orders_derived', 'orders_aggregated', 'cdc_monitoring', 'refresh_gold_layer']
        .every((n) => document.querySelector(`#dag g[data-name=${n}]`)),
      null,
      { timeout: 30_000 },
    );
    await page.waitForFunction(
      (n) =>
        Number(document.querySelector('#dag g[data-name=orders_aggregated]')?.dataset.rows) > 0 &&
        document.querySelector('#dag g[data-name=raw_orders]')?.dataset.rows === n,
      bronze,
      { timeout: 60_000 },
    );
    const silver = await node(page, 'orders_derived');
    assert.equal(silver.target, '60', `silver's target lag: ${JSON.stringify(silver)}`);
    assert.equal(await page.textContent('#bronze-count'), bronze);
    await page.click('#dag g[data-name=orders_derived]');
    await page.waitForSelector('#details #refresh-history tbody tr', { timeout: 30_000 });
    const history = await page.$$eval('#refresh-history tbody tr', (rows) => rows.map((r) => r.textContent));
    assert.ok(history.some((r) => r.includes('SUCCEEDED')), `silver's refresh history: ${history}`);
    assert.match(await page.textContent('#details .ddl'), /DYNAMIC TABLE/i);
    const log = await page.$$eval('#event-log li', (lis) => lis.map((li) => li.textContent));
    assert.ok(log.some((l) => l.includes('[REFRESH')), 'the log shows the account\'s refreshes');
    assert.ok(log.some((l) => l.includes('[FEED] ')), 'the log shows what was sent');
    await shot(page, 'graph');

    // The worksheet: a result, then an error with Snowflake's code.
    await page.click('#tab-worksheet');
    await page.fill('#worksheet-sql', 'SELECT COUNT(*) AS n FROM raw_orders;\nSELECT status, COUNT(*) AS n FROM raw_orders GROUP BY status ORDER BY status');
    await page.click('#worksheet-run');
    await page.waitForFunction(() => /2 statements ran/.test(document.querySelector('#worksheet-summary')?.textContent || ''));
    const statuses = await page.$$eval('#worksheet-result tbody tr', (rows) => rows.map((r) => r.cells[0].textContent));
    assert.ok(statuses.includes('PENDING') || statuses.includes('SHIPPED'), `the last result shows: ${statuses}`);
    await page.fill('#worksheet-sql', 'SELECT nope FROM raw_orders');
    await page.click('#worksheet-run');
    await page.waitForSelector('#worksheet-error');
    const error = await page.textContent('#worksheet-error');
    assert.match(error, /^000904 \(42000\): .*invalid identifier 'NOPE'/s);
    await shot(page, 'worksheet-error');

    // Page through bronze.
    await page.click('#tab-data');
    await page.selectOption('#grid-object', `SNOWGLOBE.${SCHEMA}.RAW_ORDERS`);
    await page.waitForFunction(() => document.querySelectorAll('#grid tbody tr').length === 50, null, { timeout: 30_000 });
    const firstPage = await page.$eval('#grid tbody tr', (tr) => tr.textContent);
    await page.click('#grid-next');
    await page.waitForFunction(() => /^rows 51–100 of/.test(document.querySelector('#grid-range').textContent));
    await page.waitForFunction(
      (before) => document.querySelector('#grid tbody tr')?.textContent !== before,
      firstPage,
    );
    assert.equal(await page.textContent('#grid-total'), bronze);
    await shot(page, 'grid');

    // The charts: gold's revenue by month, silver's lag.
    await page.click('#tab-charts');
    await page.waitForSelector('#chart-revenue:not(.empty)', { timeout: 30_000 });
    await page.waitForSelector('#chart-lag:not(.empty)', { timeout: 30_000 });
    await page.waitForTimeout(800);
    for (const id of ['chart-revenue', 'chart-lag']) {
      const inked = await page.$eval(`#${id}`, (canvas) => {
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) n++;
        return n;
      });
      assert.ok(inked > 1000, `${id} has a drawing (${inked} inked pixels)`);
    }
    assert.match(await page.getAttribute('#chart-revenue', 'aria-label'), /months, revenue/);
    await shot(page, 'charts');

    // Compare: the same events to the tab's engine and the account agree row for row.
    await page.fill('#compare-events', '300');
    await page.fill('#compare-seed', '7');
    await page.click('#compare-run');
    await page.waitForSelector('#compare-result', { timeout: 120_000 });
    const agree = await page.getAttribute('#compare-result', 'data-agree');
    const verdicts = await page.$$eval('#compare-result li', (lis) => lis.map((li) => li.textContent));
    assert.equal(agree, 'true', `the tab and the account agree: ${verdicts.join(' / ')}`);
    assert.ok(verdicts.some((v) => v.startsWith('ORDERS_DERIVED') && /agree: \d+ rows/.test(v)), verdicts.join(' / '));
    assert.ok(verdicts.some((v) => v.startsWith('ORDERS_AGGREGATED')), verdicts.join(' / '));
    await outcome(page, /agree row for row/);
    await shot(page, 'compare');

    // Stop: the dynamic tables are suspended on the account.
    await page.click('#remote-stop');
    await outcome(page, /^Stopped/);
    await page.waitForFunction(
      () => document.querySelector('#dag g[data-name=orders_derived]')?.dataset.suspended === 'true',
      null,
      { timeout: 30_000 },
    );
    const states = await standIn(`SHOW DYNAMIC TABLES IN SCHEMA SNOWGLOBE.${SCHEMA}`);
    assert.ok(states.length === 2, 'both dynamic tables are still there');

    // Clean up lists what it drops, then drops it.
    await page.click('#remote-cleanup');
    await page.waitForSelector('#cleanup-confirm');
    const drops = await page.$$eval('#cleanup-drops li', (lis) => lis.map((li) => li.textContent));
    assert.ok(drops.length > 0 && drops.every((d) => d.startsWith('DROP ')), `the drops are listed: ${drops}`);
    await shot(page, 'cleanup-confirm');
    await page.click('#cleanup-yes');
    await outcome(page, /^Cleaned up/);
    const left = await standIn("SHOW DATABASES LIKE 'SNOWGLOBE'");
    const schemas = left.length ? await standIn(`SHOW SCHEMAS LIKE '${SCHEMA}' IN DATABASE SNOWGLOBE`) : [];
    assert.equal(schemas.length, 0, 'the schema is gone from the account');

    // The token never reached the DOM.
    const html = await page.content();
    assert.ok(!html.includes(ACCESS_TOKEN), 'the access token is not in the DOM');
    assert.ok(!html.includes(ACCOUNT_TOKEN), 'the account token is not in the page');

    // Back to the tab: its own session, as it was.
    await page.check('#backend-tab');
    await page.waitForSelector('#account-banner', { state: 'detached' });
    await page.waitForSelector('#status[data-state=ready]');
    const clock = await page.textContent('#clock');
    assert.ok(clock >= localClock, `the tab's clock comes back where it was: ${localClock} → ${clock}`);
    assert.ok(!(await page.isDisabled('#speed')), 'the clock speed is back');
    await page.waitForFunction(() => document.querySelector('#dag g[data-name=orders_aggregated]')?.dataset.id?.startsWith('ECOMM_CDC.'));
    await shot(page, 'back-to-tab');

    // Every request went to the proxy.
    const origin = new URL(proxyUrl).origin;
    const elsewhere = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'));
    assert.deepEqual(elsewhere, [], 'no request left for another host');
    assert.ok(requests.some((u) => u.startsWith(`${origin}/api/v2/statements`)), 'statements went through the proxy');
    // The service worker keeps the page's build, never the account's results or the proxy's answers.
    const cached = await page.evaluate(async () => {
      const urls = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      }
      return urls;
    });
    assert.ok(cached.length > 0, 'the service worker cached the build');
    assert.deepEqual(cached.filter((u) => /\/(api|snowglobe)\//.test(new URL(u).pathname)), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a page on a static host, or without the proxy\'s token, offers no backend switch', async () => {
  const server = await serveDist('/static/');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    for (const url of [
      `http://127.0.0.1:${server.address().port}/static/`,
      // The proxy serves its page to anyone but answers nothing else without the token.
      `${new URL(proxyUrl).origin}/`,
    ]) {
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForSelector('#status[data-state=ready]', { timeout: 120_000 });
      await page.waitForTimeout(1_500);
      assert.equal(await page.$('#backend-switch'), null, `no switch at ${url}`);
      assert.equal(await page.$('#account-banner'), null);
      await page.close();
    }
  } finally {
    await context.close();
    await new Promise((resolve) => server.close(resolve));
  }
});
