// Measures the built page (dist/) in headless Chromium and prints a table:
//   1. the compressed size of its wasm + JS (gzip -9 and brotli q11, computed here, and the
//      precompressed .gz/.br copies when the build has them), and the bytes Chromium downloads
//      from a host that serves those copies;
//   2. the time from navigation to the pipeline visibly running: #status[data-state=ready], then
//      #event-count > 0 (median of --runs fresh browser contexts);
//   3. main-thread long tasks (PerformanceObserver 'longtask'), the longest gap between animation
//      frames and the long animation frames (script and style+layout time) while a live run with a
//      large bronze table goes on for --seconds (by default 330: at speed 1 that covers five
//      refreshes of the 1-minute silver table and one of the 5-minute gold).
//
//   make measure          (builds dist/ if it is missing, then runs this)
//   node tests/perf/measure.mjs [--runs 3] [--seconds 330]
//                              [--load-hash '#seed=7&profile=classic&speed=1&rate=100&preload=100000']
//                              [--tab charts] [--grid ECOMM_CDC.PUBLIC.CDC_MONITORING]
//   --tab opens a tab (data, charts, worksheet, pipeline, export) and --grid picks the data grid's
//   object before the window, to measure the page while that view follows the pipeline.
//   4. the pace of a live run (--pace-hash, default speed=600&rate=100, for --pace-seconds): the
//      speed achieved against the speed asked, CDC events applied per second, what the page says
//      when it cannot keep up, and main-thread long tasks meanwhile;
//   5. the benchmark's workload in the engine worker (#bench=--bench-sizes): seed-mix events per
//      second and the incremental refresh of silver + gold after 1,000 events, beside the same
//      workload run natively by --native (a `snowglobe` binary: `snowglobe bench tab <sizes>`).
//   --only pace,bench runs only those parts (size,startup,load,pace,bench).
//
// Figures are reported, not judged: the exit code is non-zero only when something fails (no dist/,
// the page reports an error, a timeout). Environment: CHROMIUM (default /usr/bin/chromium).

import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
// playwright-core is installed for the browser tests (tests/e2e/node_modules), where browser.js finds it.
import { launchChromium, watchProblems } from '../e2e/browser.js';
import { DIST, serveDist } from '../e2e/serve.js';

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '330' },
    'start-hash': { type: 'string', default: '#seed=7' },
    'load-hash': { type: 'string', default: '#seed=7&profile=classic&speed=1&rate=100&preload=100000' },
    tab: { type: 'string', default: 'data' },
    grid: { type: 'string' },
    'pace-hash': { type: 'string', default: '#seed=7&speed=600&rate=100' },
    'pace-seconds': { type: 'string', default: '60' },
    'bench-sizes': { type: 'string', default: '100000,1000000' },
    native: { type: 'string' },
    only: { type: 'string', default: 'size,startup,load,pace,bench' },
  },
});
const ONLY = new Set(opts.only.split(','));
const RUNS = Number(opts.runs);
const SECONDS = Number(opts.seconds);
const BASE = '/snowglobe/';

const kb = (n) => (n == null ? '-' : `${(n / 1024).toFixed(0)} KiB`);
const mb = (n) => (n == null ? '-' : `${(n / 1e6).toFixed(3)} MB`);
const ms = (n) => (n == null ? '-' : `${Math.round(n)} ms`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Raw, gzip -9 and brotli q11 sizes of the app's wasm and JS (not the service worker). */
async function sizes() {
  const files = (await readdir(DIST)).filter((f) => /\.(wasm|js)$/.test(f) && f !== 'sw.js');
  if (!files.some((f) => f.endsWith('.wasm'))) throw new Error('dist/ has no .wasm');
  const total = { raw: 0, gzip: 0, brotli: 0, gz: 0, br: 0 };
  let precompressed = true;
  const rows = [];
  for (const f of files) {
    const body = await readFile(path.join(DIST, f));
    const gzip = zlib.gzipSync(body, { level: 9 }).length;
    const brotli = zlib.brotliCompressSync(body, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }).length;
    const on = async (suffix) => (await stat(path.join(DIST, f + suffix)).catch(() => null))?.size;
    const gz = await on('.gz');
    const br = await on('.br');
    if (gz == null || br == null) precompressed = false;
    rows.push({ f, raw: body.length, gzip, brotli });
    total.raw += body.length;
    total.gzip += gzip;
    total.brotli += brotli;
    total.gz += gz || 0;
    total.br += br || 0;
  }
  if (!precompressed) total.gz = total.br = null;
  return { rows, total };
}

// Recorded in the page from navigation start: first ready status, first event, long tasks, frames.
function probe() {
  const m = (window.__measure = { ready: null, firstEvent: null, longtasks: [], frames: null, loafs: [] });
  const events = () => Number((document.querySelector('#event-count')?.textContent || '').replace(/\D/g, ''));
  const check = () => {
    if (m.ready == null && document.querySelector('#status[data-state=ready]')) m.ready = performance.now();
    if (m.ready != null && m.firstEvent == null && events() > 0) m.firstEvent = performance.now();
    if (document.querySelector('#status[data-state=error]')) m.error = document.querySelector('#status').textContent;
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) m.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  // Long animation frames (over 50 ms) say where a long task's time went: scripts or rendering.
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      m.loafs.push({
        start: e.startTime,
        duration: e.duration,
        script: e.scripts.reduce((sum, s) => sum + s.duration, 0),
        rendering: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
      });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
  // Gaps between animation frames, once asked for (m.frames = []): the longest one bounds how long
  // the page could not paint or react.
  let last = null;
  const frame = (t) => {
    if (m.frames) {
      if (last != null) m.frames.push(t - last);
      last = t;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

async function open(browser, origin, hash) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.addInitScript(probe);
  await page.goto(`${origin}${BASE}${hash}`);
  return { context, page, problems };
}

/** Waits for the page's first event; throws on the page's error state or on a timeout. */
async function waitRunning(page, problems, timeout) {
  await page.waitForFunction(() => window.__measure?.firstEvent != null || window.__measure?.error, null, {
    timeout,
    polling: 100,
  });
  const m = await page.evaluate(() => window.__measure);
  if (m.error) throw new Error(`the page reported: ${m.error}`);
  if (problems.length) throw new Error(problems.join('\n'));
  return m;
}

/**
 * The bytes of wasm and JS Chromium downloads when the host serves the precompressed copies (what
 * it asks for: br before gzip), summed over distinct URLs; null without precompressed copies.
 */
async function transferred(browser, precompressed) {
  if (!precompressed) return null;
  const server = await serveDist(BASE, { precompressed: true });
  const origin = `http://127.0.0.1:${server.address().port}`;
  const { context, page, problems } = await open(browser, origin, opts['start-hash']);
  try {
    await waitRunning(page, problems, 120_000);
    return await page.evaluate(() => {
      const sizes = new Map();
      for (const e of performance.getEntriesByType('resource')) {
        const file = new URL(e.name).pathname;
        if (/\.(wasm|js)$/.test(file) && !file.endsWith('/sw.js')) sizes.set(file, e.encodedBodySize);
      }
      return [...sizes.values()].reduce((a, b) => a + b, 0);
    });
  } finally {
    await context.close();
    server.close();
  }
}

/** The live run's pace over --pace-seconds: virtual seconds per wall second, events per second. */
async function pace(browser, origin) {
  const { context, page, problems } = await open(browser, origin, opts['pace-hash']);
  try {
    await waitRunning(page, problems, 120_000);
    // The first seconds include the pipeline's start; the window starts after them.
    await page.waitForTimeout(5_000);
    const read = () =>
      page.evaluate(() => ({
        clock: Date.parse(document.querySelector('#clock').getAttribute('datetime') + 'Z'),
        events: Number(document.querySelector('#event-count').textContent.replace(/\D/g, '')),
        shown: document.querySelector('#speed-achieved')?.textContent,
        note: document.querySelector('#pace-note')?.textContent || null,
        now: performance.now(),
      }));
    const from = await read();
    await page.waitForTimeout(Number(opts['pace-seconds']) * 1000);
    const to = await read();
    const all = await page.evaluate(() => window.__measure);
    if (all.error) throw new Error(`the page reported: ${all.error}`);
    if (problems.length) throw new Error(problems.join('\n'));
    const tasks = all.longtasks.filter((t) => t.start >= from.now && t.start < to.now);
    const wall = to.now - from.now;
    return {
      achieved: (to.clock - from.clock) / wall,
      eventsPerSecond: ((to.events - from.events) * 1000) / wall,
      shown: to.shown,
      note: to.note,
      longTasks: tasks.length,
      maxTask: Math.max(0, ...tasks.map((t) => t.duration)),
      loafs: all.loafs
        .filter((f) => f.start >= from.now && f.start < to.now)
        .map((f) => `${Math.round(f.duration)} (script ${Math.round(f.script)}, style+layout ${Math.round(f.rendering)})`),
    };
  } finally {
    await context.close();
  }
}

/** The benchmark's workload in the worker, and natively when --native names a binary. */
async function bench(browser, origin) {
  const sizes = opts['bench-sizes'];
  const { context, page, problems } = await open(browser, origin, `#bench=${sizes}`);
  let tab;
  try {
    const count = sizes.split(',').length;
    await page.waitForFunction(
      (n) => document.querySelectorAll('#bench-report tbody tr').length === n || document.querySelector('#status[data-state=error]'),
      count,
      { timeout: 1_800_000, polling: 1000 },
    );
    if (problems.length) throw new Error(problems.join('\n'));
    tab = await page.evaluate(() =>
      [...document.querySelectorAll('#bench-report tbody tr')].map((r) => ({
        rows: Number(r.dataset.rows),
        eventsPerSecond: Number(r.dataset.eventsPerS),
        refreshMs: Number(r.dataset.refreshMs),
      })),
    );
  } finally {
    await context.close();
  }
  let native = null;
  if (opts.native) {
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync(opts.native, ['bench', 'tab', sizes], { encoding: 'utf8', maxBuffer: 1 << 20 });
    native = out.trim().split('\n').map((l) => JSON.parse(l));
  }
  return tab.map((t) => ({ ...t, native: native?.find((n) => n.rows === t.rows) }));
}

async function main() {
  await stat(path.join(DIST, 'index.html')).catch(() => {
    throw new Error('dist/index.html is missing: run `trunk build --release` (or `make measure`)');
  });
  const size = await sizes();
  const server = await serveDist(BASE);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  try {
    // Start-up: fresh contexts (nothing cached, no service worker yet), as on a first visit.
    const download = ONLY.has('startup') ? await transferred(browser, size.total.br != null) : null;
    const starts = [];
    for (let i = 0; ONLY.has('startup') && i < RUNS; i++) {
      const { context, page, problems } = await open(browser, origin, opts['start-hash']);
      try {
        starts.push(await waitRunning(page, problems, 120_000));
      } finally {
        await context.close();
      }
    }

    // Under load: a big bronze table and a steady event rate, observed for SECONDS.
    let load = null;
    if (ONLY.has('load')) {
    const { context, page, problems } = await open(browser, origin, opts['load-hash']);
    try {
      const m = await waitRunning(page, problems, 600_000);
      await page.click(`#tab-${opts.tab}`);
      if (opts.grid) {
        await page.selectOption('#grid-object', opts.grid);
        await page.waitForFunction(
          (g) => document.querySelector('#grid-object').value === g && document.querySelector('#grid tbody tr'),
          opts.grid,
        );
      }
      const read = () =>
        page.evaluate(() => ({
          events: Number(document.querySelector('#event-count').textContent.replace(/\D/g, '')),
          bronze: Number((document.querySelector('#bronze-count')?.textContent || '').replace(/\D/g, '')),
          now: performance.now(),
        }));
      await page.evaluate(() => (window.__measure.frames = []));
      const from = await read();
      await page.waitForTimeout(SECONDS * 1000);
      const to = await read();
      const all = await page.evaluate(() => window.__measure);
      if (all.error) throw new Error(`the page reported: ${all.error}`);
      if (problems.length) throw new Error(problems.join('\n'));
      const window_ = all.longtasks.filter((t) => t.start >= from.now && t.start < to.now);
      const startup = all.longtasks.filter((t) => t.start < from.now);
      load = {
        ready: m.ready,
        firstEvent: m.firstEvent,
        bronze: to.bronze,
        eventsPerSecond: ((to.events - from.events) * 1000) / (to.now - from.now),
        count: window_.length,
        busy: window_.reduce((s, t) => s + t.duration, 0),
        max: Math.max(0, ...window_.map((t) => t.duration)),
        durations: window_.map((t) => Math.round(t.duration)),
        startupMax: Math.max(0, ...startup.map((t) => t.duration)),
        maxFrameGap: Math.max(0, ...all.frames),
        loafs: all.loafs
          .filter((f) => f.start >= from.now && f.start < to.now)
          .map((f) => `${Math.round(f.duration)} (script ${Math.round(f.script)}, style+layout ${Math.round(f.rendering)})`),
        frames: all.frames.length,
      };
    } finally {
      await context.close();
    }
    }

    const paced = ONLY.has('pace') ? await pace(browser, origin) : null;
    const benched = ONLY.has('bench') ? await bench(browser, origin) : [];
    const rows = [
      ['wasm + JS, raw', mb(size.total.raw)],
      ['wasm + JS, gzip -9', mb(size.total.gzip)],
      ['wasm + JS, brotli q11', mb(size.total.brotli)],
      ['  precompressed .gz / .br in dist', size.total.gz == null ? 'none' : `${mb(size.total.gz)} / ${mb(size.total.br)}`],
      ['  downloaded by Chromium from a host serving them', download == null ? '-' : mb(download)],
      ...size.rows.map((r) => [`  ${r.f}`, `${kb(r.raw)} raw, ${kb(r.gzip)} gzip, ${kb(r.brotli)} br`]),
      ...(starts.length ? [
      [`start-up ${opts['start-hash']} (median of ${RUNS})`, ''],
      ['  navigation -> status ready', ms(median(starts.map((s) => s.ready)))],
      ['  navigation -> first event', ms(median(starts.map((s) => s.firstEvent)))],
      ] : []),
      ...(load ? [
      [`under load ${opts['load-hash']}, tab ${opts.tab}${opts.grid ? `, grid ${opts.grid}` : ''}`, ''],
      ['  navigation -> status ready', ms(load.ready)],
      ['  navigation -> first event', ms(load.firstEvent)],
      ['  longest task before the window', ms(load.startupMax)],
      ['  bronze rows at the end', String(load.bronze)],
      [`  events/s applied over ${SECONDS} s`, load.eventsPerSecond.toFixed(1)],
      ['  long tasks (>50 ms) in the window', String(load.count)],
      ['  long-task time in the window', `${ms(load.busy)} (${((load.busy / (SECONDS * 1000)) * 100).toFixed(1)}%)`],
      ['  longest task in the window', load.count ? ms(load.max) : '< 50 ms'],
      ['  each long task (ms)', load.durations.join(', ') || '-'],
      ['  longest gap between frames', `${ms(load.maxFrameGap)} (${load.frames} frames)`],
      ['  long animation frames (ms)', load.loafs.join(', ') || '-'],
      ] : []),
      ...(paced
        ? [
            [`live pace ${opts['pace-hash']} over ${opts['pace-seconds']} s`, ''],
            ['  speed achieved (virtual s per wall s)', `${paced.achieved.toFixed(1)}x`],
            ['  header shows', paced.shown],
            ['  events/s applied', paced.eventsPerSecond.toFixed(0)],
            ['  the page says', paced.note || '(keeps up: no note)'],
            ['  long tasks (>50 ms) / longest', `${paced.longTasks} / ${paced.longTasks ? ms(paced.maxTask) : '< 50 ms'}`],
            ['  long animation frames (ms)', paced.loafs.join(', ') || '-'],
          ]
        : []),
      ...(benched.length ? [['workload (#bench): tab worker vs native', 'events/s | refresh silver+gold (ms)']] : []),
      ...benched.map((b) => [
        `  ${b.rows} bronze rows`,
        `tab ${b.eventsPerSecond.toFixed(0)} | ${b.refreshMs.toFixed(1)}` +
          (b.native
            ? `   native ${b.native.events_per_s.toFixed(0)} | ${b.native.refresh_ms.toFixed(1)}   native/tab ${(b.native.events_per_s / b.eventsPerSecond).toFixed(1)}x | ${(b.refreshMs / b.native.refresh_ms).toFixed(1)}x`
            : ''),
      ]),
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log(`Snowglobe measurements (${new Date().toISOString()}, Chromium ${browser.version()})`);
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => {
  console.error(`measure: ${e.stack || e}`);
  process.exit(1);
});
