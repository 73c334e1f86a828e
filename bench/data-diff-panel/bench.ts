// Benchmark: the Data Diff panel on a 1,000,000-row table. Writes two versions of a CSV (an id key,
// numbers, a category, a text; rows removed, added and edited between them), computes the diff with
// the real engine (diffTables, timed, as the worker does), then in Chromium with the real webview
// bundle, HTML shell and CSP posts the summary and answers the webview's page requests from the
// computed TableDiff, as the host does. Measures the first paint: from the summary's arrival to the
// first frame showing real rows (the webview's data-first-paint-ms), and from the host's post; then a
// scroll to the middle and to the end (rows painted after the pages come), and the changed-only toggle.
//
// Usage: node --import tsx bench/data-diff-panel/bench.ts [--rows 1000000] [--reps 3]
//          [--chromium /usr/bin/chromium] [--out test-output/bench/data-diff-panel.json] [--screenshot FILE]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { diffTables } from '../../src/core/data/table';
import type { RowPageRequest, TableDiff } from '../../src/core/data/table/types';
import { buildDataDiffHtml } from '../../src/views/dataDiff/html';
import {
  PAGE_ROWS,
  UI_STRING_KEYS,
  type SummaryMessage,
  type UiStrings,
} from '../../src/views/dataDiff/protocol';
import { installStubApi, REPO, startPageServer } from '../compare/page';

const STRINGS = Object.fromEntries(UI_STRING_KEYS.map((key) => [key, key])) as UiStrings;

function parseArgs(argv: string[]) {
  const o = {
    rows: 1_000_000,
    reps: 3,
    chromium: '/usr/bin/chromium',
    out: join(REPO, 'test-output', 'bench', 'data-diff-panel.json'),
    screenshot: '',
  };
  for (let i = 0; i < argv.length; i++) {
    const value = (): string => argv[++i] ?? '';
    const a = argv[i];
    if (a === '--rows') o.rows = Number(value());
    else if (a === '--reps') o.reps = Number(value());
    else if (a === '--chromium') o.chromium = value();
    else if (a === '--out') o.out = value();
    else if (a === '--screenshot') o.screenshot = value();
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

/** A deterministic pseudo-random stream (mulberry32). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CITIES = ['Lisbon', 'Madrid', 'Paris', 'Berlin', 'Rome', 'Vienna', 'Prague', 'Oslo'];

async function writeTables(dir: string, rows: number): Promise<{ a: string; b: string }> {
  const files = { a: join(dir, 'a.csv'), b: join(dir, 'b.csv') };
  const a = createWriteStream(files.a);
  const b = createWriteStream(files.b);
  a.write('id,amount,score,city,note\n');
  b.write('id,amount,score,city,note\n');
  const rng = random(42);
  let bufA = '';
  let bufB = '';
  for (let i = 0; i < rows; i++) {
    const line = `${i},${(rng() * 1000).toFixed(2)},${(rng() * 10 - 5).toFixed(4)},${CITIES[i % 8]},n${i % 977}\n`;
    bufA += line;
    const roll = rng();
    // 1% removed, 2% edited (amount shifted up: a drift), the rest kept.
    if (roll < 0.01) continue;
    if (roll < 0.03)
      bufB += line.replace(
        /^(\d+),([\d.]+)/,
        (_m, id: string, v: string) => `${id},${(Number(v) * 1.5).toFixed(2)}`,
      );
    else bufB += line;
    if (bufA.length > 1 << 20) {
      a.write(bufA);
      b.write(bufB);
      bufA = bufB = '';
    }
  }
  for (let i = 0; i < rows / 100; i++) bufB += `${rows + i},${(rng() * 1000).toFixed(2)},0.5,Madrid,new\n`;
  a.write(bufA);
  b.write(bufB);
  await Promise.all([new Promise((r) => a.end(r)), new Promise((r) => b.end(r))]);
  return files;
}

export function pageHtml(origin: string): string {
  return buildDataDiffHtml({
    nonce: 'YmVuY2htYXJrLW5vbmNlLTAz',
    cspSource: origin,
    scriptUri: `${origin}/dist/webview/dataDiff.js`,
    styleUris: [
      `${origin}/theme.css`,
      `${origin}/dist/codicon.css`,
      `${origin}/media/panel.css`,
      `${origin}/media/dataDiff.css`,
    ],
    title: 'Data Diff',
    loadingText: 'Loading…',
    strings: STRINGS,
    lang: 'en',
  });
}

interface PaintResult {
  firstPaintMs: number;
  postToPaintMs: number;
  domRows: number;
  scrollMiddleMs: number;
  scrollEndMs: number;
  changedOnlyMs: number;
  domRowsAfterScroll: number;
  errors: string[];
}

/** The host's side of the page requests: a page cut from the computed diff, posted back. */
async function serveRows(page: Page, diff: TableDiff, generation: number): Promise<void> {
  await page.exposeFunction('__hostPage', (request: RowPageRequest & { generation: number }) => ({
    type: 'page',
    generation,
    changedOnly: request.changedOnly,
    page: diff.page({ offset: request.offset, count: request.count, changedOnly: request.changedOnly }),
  }));
  await page.addInitScript(`
    const post = window.acquireVsCodeApi;
    window.acquireVsCodeApi = function () {
      const api = post();
      return { ...api, postMessage: function (m) {
        api.postMessage(m);
        if (m.type === 'page') window.__hostPage(m).then((reply) => window.postMessage(reply, '*'));
      } };
    };`);
}

/**
 * Waits until the grid shows other rows than before `action`, all real (no placeholder while their
 * page is on its way); returns the milliseconds.
 */
const timedRows = (action: string): string => `new Promise((resolve) => {
  const before = Array.from(document.querySelectorAll('.diff-row')).map((r) => r.textContent).join('|');
  const started = performance.now();
  ${action}
  const wait = () => {
    const rows = Array.from(document.querySelectorAll('.diff-row'));
    const now = rows.map((r) => r.textContent).join('|');
    const loading = document.querySelectorAll('.diff-row.loading');
    if (rows.length > 0 && loading.length === 0 && now !== before) resolve(performance.now() - started);
    else requestAnimationFrame(wait);
  };
  requestAnimationFrame(wait);
})`;

async function measureOnce(
  browser: Browser,
  url: string,
  message: SummaryMessage,
  diff: TableDiff,
  screenshot: string,
): Promise<PaintResult> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await installStubApi(page);
  await serveRows(page, diff, message.generation);
  await page.goto(url);
  await page.waitForFunction(() =>
    (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'),
  );
  await page.evaluate((text) => {
    (window as unknown as { __summary: unknown }).__summary = JSON.parse(text);
  }, JSON.stringify(message));
  // Strings, not functions: tsx would wrap a function's inner names in a helper the page lacks.
  const postToPaintMs = (await page.evaluate(`new Promise((resolve) => {
    const started = performance.now();
    window.postMessage(window.__summary, '*');
    const root = document.getElementById('root');
    const wait = () => {
      if (root.hasAttribute('data-first-paint-ms')) resolve(performance.now() - started);
      else requestAnimationFrame(wait);
    };
    requestAnimationFrame(wait);
  })`)) as number;
  const firstPaintMs = Number(await page.locator('#root').getAttribute('data-first-paint-ms'));
  const domRows = await page.locator('.diff-row').count();
  const scrollMiddleMs = (await page.evaluate(
    timedRows(`const g = document.querySelector('.diff-grid'); g.scrollTop = g.scrollHeight / 2;`),
  )) as number;
  const scrollEndMs = (await page.evaluate(
    timedRows(`const g = document.querySelector('.diff-grid'); g.scrollTop = g.scrollHeight;`),
  )) as number;
  const domRowsAfterScroll = await page.locator('.diff-row').count();
  if (screenshot) await page.screenshot({ path: screenshot });
  const changedOnlyMs = (await page.evaluate(
    timedRows(
      `const c = document.getElementById('changed-only'); c.checked = true; c.dispatchEvent(new Event('change'));`,
    ),
  )) as number;
  await context.close();
  return {
    firstPaintMs,
    postToPaintMs,
    domRows,
    scrollMiddleMs,
    scrollEndMs,
    changedOnlyMs,
    domRowsAfterScroll,
    errors,
  };
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'mlops-lens-data-diff-panel-'));
  try {
    const files = await writeTables(dir, o.rows);
    const started = performance.now();
    const diff = await diffTables(
      { label: 'A', file: files.a, name: 'big.csv' },
      { label: 'B', file: files.b, name: 'big.csv' },
    );
    const computeMs = performance.now() - started;
    const summary = diff.summary;
    const message: SummaryMessage = {
      type: 'summary',
      title: 'big.csv (A ↔ B)',
      generation: 1,
      summary,
      keyCandidates: summary.b.columns.map((c) => c.name),
      choice: { kind: 'auto' },
      restore: {
        a: { label: 'A', file: files.a, name: 'big.csv' },
        b: { label: 'B', file: files.b, name: 'big.csv' },
        source: null,
        choice: { kind: 'auto' },
      },
      computeMs: Math.round(computeMs),
      firstPages: {
        all: diff.page({ offset: 0, count: PAGE_ROWS, changedOnly: false }),
        changed: diff.page({ offset: 0, count: PAGE_ROWS, changedOnly: true }),
      },
    };
    const pageStarted = performance.now();
    diff.page({ offset: Math.floor(o.rows / 2), count: 200, changedOnly: false });
    const hostPageMs = performance.now() - pageStarted;
    const server = await startPageServer(pageHtml);
    const browser = await chromium.launch({ executablePath: o.chromium, args: ['--no-sandbox'] });
    const results: PaintResult[] = [];
    try {
      for (let i = 0; i < o.reps; i++)
        results.push(await measureOnce(browser, server.url, message, diff, i === 0 ? o.screenshot : ''));
    } finally {
      await browser.close();
      await server.close();
    }
    const out = {
      rows: o.rows,
      summaryRows: summary.rows,
      summaryBytes: JSON.stringify(message).length,
      engineComputeMs: Math.round(computeMs),
      hostPageMs,
      firstPaintMs: median(results.map((r) => r.firstPaintMs)),
      postToPaintMs: median(results.map((r) => r.postToPaintMs)),
      scrollMiddleMs: median(results.map((r) => r.scrollMiddleMs)),
      scrollEndMs: median(results.map((r) => r.scrollEndMs)),
      changedOnlyMs: median(results.map((r) => r.changedOnlyMs)),
      domRows: results[0]?.domRows,
      domRowsAfterScroll: results[0]?.domRowsAfterScroll,
      errors: results.flatMap((r) => r.errors),
    };
    mkdirSync(dirname(o.out), { recursive: true });
    writeFileSync(o.out, JSON.stringify(out, null, 2));
    console.log(JSON.stringify(out, null, 2));
    if (out.errors.length > 0) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void main();
