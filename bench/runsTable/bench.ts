// Benchmark: the Runs Table on 10,000 synthetic runs. Times the host's snapshot (scope, filter,
// default columns, sort), then, in Chromium with the real webview bundle, HTML shell and CSP, the
// time from the snapshot's arrival to the first painted frame, how many rows are in the DOM
// (virtualized: only those in view), and a scroll to the middle.
//
// Usage: node --import tsx bench/runsTable/bench.ts [--runs 10000] [--reps 5]
//          [--chromium /usr/bin/chromium] [--out test-output/bench/runsTable.json] [--screenshot FILE]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { Run } from '../../src/core/model';
import { buildRunsTableHtml } from '../../src/views/runsTable/html';
import { DEFAULT_SORT } from '../../src/views/runsTable/model';
import { UI_STRING_KEYS, type TableSnapshot, type UiStrings } from '../../src/views/runsTable/protocol';
import { buildTableSnapshot } from '../../src/views/runsTable/snapshot';
import { installStubApi, REPO, startPageServer } from '../compare/page';
import { syntheticTableRuns } from './data';

const STRINGS = Object.fromEntries(UI_STRING_KEYS.map((key) => [key, key])) as UiStrings;

function parseArgs(argv: string[]) {
  const o = {
    runs: 10_000,
    reps: 5,
    chromium: '/usr/bin/chromium',
    out: join(REPO, 'test-output', 'bench', 'runsTable.json'),
    screenshot: '',
  };
  for (let i = 0; i < argv.length; i++) {
    const value = (): string => argv[++i] ?? '';
    const a = argv[i];
    if (a === '--runs') o.runs = Number(value());
    else if (a === '--reps') o.reps = Number(value());
    else if (a === '--chromium') o.chromium = value();
    else if (a === '--out') o.out = value();
    else if (a === '--screenshot') o.screenshot = value();
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

export function benchSnapshot(runs: readonly Run[]): TableSnapshot {
  return buildTableSnapshot({
    runs,
    scope: {},
    scopeLabel: 'All stores',
    filter: undefined,
    filterText: '',
    filterError: null,
    chosenColumns: null,
    sort: DEFAULT_SORT,
    widths: {},
    isStarred: (run) => run.name === 'run-3',
    isChecked: (run) => run.name === 'run-2',
    attributeLabel: (id) => id.slice(5),
    storeLabel: (store) => store,
    now: 1_800_000_000_000,
    checkedCount: 1,
    indexing: false,
  });
}

export function pageHtml(origin: string): string {
  return buildRunsTableHtml({
    nonce: 'YmVuY2htYXJrLW5vbmNlLTAy',
    cspSource: origin,
    scriptUri: `${origin}/dist/webview/runsTable.js`,
    styleUris: [
      `${origin}/theme.css`,
      `${origin}/dist/codicon.css`,
      `${origin}/media/panel.css`,
      `${origin}/media/runsTable.css`,
    ],
    title: 'Runs Table',
    loadingText: 'Loading…',
    strings: STRINGS,
    lang: 'en',
  });
}

interface PaintResult {
  firstPaintMs: number;
  postToPaintMs: number;
  domRows: number;
  scrollPaintMs: number;
  domRowsAfterScroll: number;
  errors: string[];
}

async function measureOnce(
  browser: Browser,
  url: string,
  json: string,
  screenshot: string,
): Promise<PaintResult> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await installStubApi(page);
  await page.goto(url);
  await page.waitForFunction(() =>
    (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'),
  );
  await page.evaluate((text) => {
    (window as unknown as { __snapshot: unknown }).__snapshot = JSON.parse(text);
  }, json);
  // Strings, not functions: tsx would wrap a function's inner names in a helper the page lacks.
  const postToPaintMs = (await page.evaluate(`new Promise((resolve) => {
    const started = performance.now();
    window.postMessage(window.__snapshot, '*');
    const root = document.getElementById('root');
    const wait = () => {
      if (root.hasAttribute('data-first-paint-ms')) resolve(performance.now() - started);
      else requestAnimationFrame(wait);
    };
    requestAnimationFrame(wait);
  })`)) as number;
  const firstPaintMs = Number(await page.locator('#root').getAttribute('data-first-paint-ms'));
  const domRows = await page.locator('.grid-row').count();
  const scrollPaintMs = (await page.evaluate(`new Promise((resolve) => {
    const scroller = document.querySelector('.grid-scroller');
    const started = performance.now();
    scroller.scrollTop = scroller.scrollHeight / 2;
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - started)));
  })`)) as number;
  const domRowsAfterScroll = await page.locator('.grid-row').count();
  if (screenshot) await page.screenshot({ path: screenshot });
  await context.close();
  return { firstPaintMs, postToPaintMs, domRows, scrollPaintMs, domRowsAfterScroll, errors };
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const hostTimes: number[] = [];
  const runs = syntheticTableRuns(o.runs);
  let snapshot = benchSnapshot(runs);
  for (let i = 0; i < o.reps; i++) {
    const started = performance.now();
    snapshot = benchSnapshot(runs);
    hostTimes.push(performance.now() - started);
  }
  const json = JSON.stringify(snapshot);
  const server = await startPageServer(pageHtml);
  const browser = await chromium.launch({ executablePath: o.chromium, args: ['--no-sandbox'] });
  const results: PaintResult[] = [];
  try {
    for (let i = 0; i < o.reps; i++)
      results.push(await measureOnce(browser, server.url, json, i === 0 ? o.screenshot : ''));
  } finally {
    await browser.close();
    await server.close();
  }
  const summary = {
    runs: o.runs,
    columns: snapshot.columns.length + 1,
    snapshotBytes: json.length,
    hostSnapshotMs: median(hostTimes),
    firstPaintMs: median(results.map((r) => r.firstPaintMs)),
    postToPaintMs: median(results.map((r) => r.postToPaintMs)),
    scrollPaintMs: median(results.map((r) => r.scrollPaintMs)),
    domRows: results[0]?.domRows,
    domRowsAfterScroll: results[0]?.domRowsAfterScroll,
    errors: results.flatMap((r) => r.errors),
  };
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, JSON.stringify(summary, null, 2));
  console.log(JSON.stringify(summary, null, 2));
  if (summary.errors.length > 0) process.exitCode = 1;
}

if (require.main === module) void main();
