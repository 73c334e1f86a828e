// Benchmark: time from a Compare Runs snapshot of 100 runs x 10,000 points to the first painted
// chart, in Chromium, with the real webview bundle, HTML shell and CSP (target: under 300 ms).
// Also times a live update (one run gains a point) applied to the open panel.
//
// Usage: node --import tsx bench/compare/bench.ts [--runs 100] [--points 10000] [--reps 5]
//          [--chromium /usr/bin/chromium] [--out test-output/bench/compare.json] [--screenshot FILE]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HistoryEntry } from '../../src/core/compare/historyCache';
import type { MetricPoint } from '../../src/core/model';
import type { HostMessage } from '../../src/views/compare/protocol';
import { buildSnapshot } from '../../src/views/compare/snapshot';
import { historyId, syntheticRuns } from './data';
import { installStubApi, loadSnapshot, postSnapshot, REPO, startPageServer } from './page';

const TARGET_MS = 300;

function parseArgs(argv: string[]) {
  const o = {
    runs: 100,
    points: 10_000,
    reps: 5,
    chromium: '/usr/bin/chromium',
    out: join(REPO, 'test-output', 'bench', 'compare.json'),
    screenshot: '',
  };
  for (let i = 0; i < argv.length; i++) {
    const value = (): string => argv[++i] ?? '';
    const a = argv[i];
    if (a === '--runs') o.runs = Number(value());
    else if (a === '--points') o.points = Number(value());
    else if (a === '--reps') o.reps = Number(value());
    else if (a === '--chromium') o.chromium = value();
    else if (a === '--out') o.out = value();
    else if (a === '--screenshot') o.screenshot = value();
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

function snapshots(
  runCount: number,
  points: number,
): { first: HostMessage; live: HostMessage; seriesPoints: number } {
  const { runs, histories } = syntheticRuns(runCount, points);
  const versions = new Map<string, number>();
  const history = (run: (typeof runs)[number], key: string): HistoryEntry | undefined => {
    const pts = histories.get(historyId(run, key));
    return pts
      ? { points: pts, problems: [], version: versions.get(historyId(run, key)) ?? 1, token: '' }
      : undefined;
  };
  const sent = new Map<string, string>();
  const options = { xAxis: 'step' as const, smoothing: 0, directions: {} };
  const input = { runs, requested: runs, missingRuns: 0, indexing: false, history, options, sent };
  const first = buildSnapshot(input);
  // Live: the first run logs one more point; only its series is sent again.
  const run = runs[0]!;
  const loss = histories.get(historyId(run, 'loss'))!;
  const point: MetricPoint = {
    step: loss.length,
    timestamp: (loss[loss.length - 1]!.timestamp ?? 0) + 250,
    value: 0.1,
  };
  loss.push(point);
  run.metrics.loss = point;
  versions.set(historyId(run, 'loss'), 2);
  const live = buildSnapshot(input);
  return { first, live, seriesPoints: runCount * points };
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
}

/**
 * Milliseconds the page's main thread was busy (top-level tasks) from the snapshot to the painted
 * chart: the work the page did, whatever else the machine was doing meanwhile.
 */
function mainThreadBusy(trace: { traceEvents: TraceEvent[] }): number {
  const events = trace.traceEvents;
  const start = events.find((e) => e.name === 'compare:snapshot');
  const end = events.find((e) => e.name === 'compare:first-chart-painted');
  if (!start || !end) return NaN;
  return events
    .filter((e) => e.tid === start.tid && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask')
    .map((e) => Math.min(e.ts + (e.dur ?? 0), end.ts) - Math.max(e.ts, start.ts))
    .filter((overlap) => overlap > 0)
    .reduce((sum, overlap) => sum + overlap / 1000, 0);
}

/**
 * Whether this process (and the Chromium it starts) runs with real-time priority (scripts/bench.sh
 * asks for it when allowed), so that other load on the machine does not distort the timing.
 */
function schedulingPolicy(): string {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    const policy = Number(fields[38]); // field 41 of proc(5), counted from field 3
    return policy === 1 || policy === 2 ? 'real-time' : 'normal';
  } catch {
    return 'unknown';
  }
}

/** CPU seconds used so far by all renderer processes (independent of how busy the machine is). */
async function rendererCpu(browser: Browser): Promise<number> {
  const session = await browser.newBrowserCDPSession();
  const info = (await session.send('SystemInfo.getProcessInfo')) as {
    processInfo: { type: string; cpuTime: number }[];
  };
  await session.detach();
  return info.processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + p.cpuTime, 0);
}

async function measureOnce(
  browser: Browser,
  url: string,
  first: HostMessage,
  live: HostMessage,
  screenshot: string,
) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page: Page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('requestfailed', (r) => errors.push(`${r.url()}: ${r.failure()?.errorText ?? 'failed'}`));
  await installStubApi(page);
  await page.goto(url);
  await page.waitForFunction(() =>
    (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'),
  );
  await loadSnapshot(page, first);
  const cpuBefore = await rendererCpu(browser);
  await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] });
  await postSnapshot(page);
  await page.waitForSelector('body[data-first-chart-ms]', { timeout: 60_000 });
  const mainThreadMs = mainThreadBusy(JSON.parse((await browser.stopTracing()).toString()));
  const cpuMs = ((await rendererCpu(browser)) - cpuBefore) * 1000;
  const times = await page.evaluate(() => {
    const painted = performance.getEntriesByName('compare:first-chart-painted').at(-1)?.startTime ?? NaN;
    const posted = performance.getEntriesByName('bench:post').at(-1)?.startTime ?? NaN;
    return {
      postToPaint: painted - posted,
      snapshotToPaint:
        performance.getEntriesByName('compare:snapshot-to-first-chart').at(-1)?.duration ?? NaN,
      render: performance.getEntriesByName('compare:render').at(-1)?.duration ?? NaN,
    };
  });
  if (screenshot) await page.screenshot({ path: screenshot });
  await loadSnapshot(page, live);
  const before = await page.evaluate(() => performance.getEntriesByName('compare:render').length);
  await postSnapshot(page);
  await page.waitForFunction((n) => performance.getEntriesByName('compare:render').length > n, before);
  const update = await page.evaluate(
    () => performance.getEntriesByName('compare:render').at(-1)?.duration ?? NaN,
  );
  const counted = await page
    .locator('.chart-card[data-metric="loss"] li[data-points]')
    .first()
    .getAttribute('data-points');
  await context.close();
  return { ...times, cpuMs, mainThreadMs, update, counted: Number(counted), errors };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const { first, live, seriesPoints } = snapshots(o.runs, o.points);
  const server = await startPageServer();
  const browser = await chromium.launch({
    executablePath: o.chromium,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const results = [];
  try {
    for (let rep = 0; rep < o.reps; rep++) {
      const shot = rep === 0 ? o.screenshot : '';
      results.push(await measureOnce(browser, server.url, first, live, shot));
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const errors = [...new Set(results.flatMap((r) => r.errors))];
  const summary = {
    runs: o.runs,
    pointsPerRun: o.points,
    totalPoints: seriesPoints,
    reps: o.reps,
    medianPostToFirstPaintMs: median(results.map((r) => r.postToPaint)),
    medianSnapshotToFirstPaintMs: median(results.map((r) => r.snapshotToPaint)),
    medianFirstRenderMs: median(results.map((r) => r.render)),
    medianRendererCpuToFirstPaintMs: median(results.map((r) => r.cpuMs)),
    medianMainThreadBusyToFirstPaintMs: median(results.map((r) => r.mainThreadMs)),
    medianLiveUpdateRenderMs: median(results.map((r) => r.update)),
    liveUpdateApplied: results.every((r) => r.counted === o.points + 1),
    targetMs: TARGET_MS,
    scheduling: schedulingPolicy(),
    loadAverage: loadavg()[0],
    samples: results.map(({ errors: _e, ...r }) => r),
    errors,
  };
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, JSON.stringify(summary, null, 2));
  const ms = (v: number): string => `${v.toFixed(1)} ms`;
  console.log(
    `Compare Runs webview, ${o.runs} runs x ${o.points} points (${seriesPoints.toLocaleString('en')} points), Chromium, median of ${o.reps}:`,
  );
  console.log(
    `  snapshot posted -> first chart painted   ${ms(summary.medianPostToFirstPaintMs)}  (target < ${TARGET_MS} ms)`,
  );
  console.log(`  snapshot received -> first chart painted ${ms(summary.medianSnapshotToFirstPaintMs)}`);
  console.log(`  page main thread busy until painted      ${ms(summary.medianMainThreadBusyToFirstPaintMs)}`);
  console.log(
    `  renderer CPU time (all threads)          ${ms(summary.medianRendererCpuToFirstPaintMs)}  (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs, ${summary.scheduling} scheduling)`,
  );
  console.log(
    `  live update (one run +1 point), render   ${ms(summary.medianLiveUpdateRenderMs)}${summary.liveUpdateApplied ? '' : '  (NOT APPLIED)'}`,
  );
  if (errors.length > 0) console.log(`  page errors: ${errors.join(' | ')}`);
  console.log(`  details: ${o.out}`);
  if (errors.length > 0 || !summary.liveUpdateApplied) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
