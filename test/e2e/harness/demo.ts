// The demo workspace (scripts/demo-workspace.sh) for the demo e2e test and the README screenshots:
// building it (once; cached), a temp copy to work in, the live training run, and the Runs view and
// Compare Runs helpers both use.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { REPO_ROOT } from './config';
import { RUNS_VIEW } from './mlops';
import type { CodeServerSession } from './session';
import { waitUntil } from './wait';

/** The projects of the demo workspace and the labels the views give them. */
export const DEMO = {
  sweepStore: 'wine-sweep/mlflow.db',
  fileStore: 'wine-sweep/mlruns',
  experiment: 'wine-sweep',
  sweepParent: 'mlp-sweep',
  liveRun: 'mlp-live-training',
  dvcProject: 'cancer-pipeline',
  dvcYaml: 'cancer-pipeline/dvc.yaml',
  staleStage: 'evaluate',
  /**
   * Three sweep runs with different learning rates: three distinct curves. The last configurations
   * of the sweep, so the first rows under the parent (newest first) and rendered without scrolling.
   */
  compared: ['mlp-64x16-lr0.001-a0.0001', 'mlp-64x16-lr0.01-a0.0001', 'mlp-64x16-lr0.1-a0.0001'],
} as const;

/**
 * The demo workspace's folder: $MLOPS_LENS_DEMO_WORKSPACE when set, else built (or reused from the
 * cache) by scripts/demo-workspace.sh, whose progress lines go to stderr.
 */
export function demoWorkspace(): string {
  const given = process.env.MLOPS_LENS_DEMO_WORKSPACE;
  if (given) return given;
  const out = execFileSync('bash', [join(REPO_ROOT, 'scripts', 'demo-workspace.sh')], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.trim().split('\n').at(-1) ?? '';
}

/** Copies the demo workspace to <parent>/projects: tests and the live run change the copy only. */
export function copyDemoWorkspace(source: string, parent: string): string {
  const target = join(parent, 'projects');
  cpSync(source, target, { recursive: true, verbatimSymlinks: true });
  return target;
}

/**
 * Starts scripts/demo/live_run.py on the copy's sweep store: one epoch a second for `seconds`.
 * Returns the process; stop it with SIGTERM (it then ends its run as KILLED).
 */
export function startLiveRun(workspace: string, seconds: number, interval = 1): ChildProcess {
  const venv = execFileSync('bash', [join(REPO_ROOT, 'scripts', 'python-env.sh')], {
    encoding: 'utf8',
  }).trim();
  const script = join(REPO_ROOT, 'scripts', 'demo', 'live_run.py');
  return spawn(
    join(venv, 'bin', 'python'),
    [script, '--seconds', String(seconds), '--interval', String(interval)],
    {
      env: {
        ...process.env,
        PYTHONPATH: join(workspace, 'wine-sweep', 'src'),
        MLFLOW_DISABLE_TELEMETRY: 'true',
        DO_NOT_TRACK: 'true',
      },
      stdio: 'ignore',
    },
  );
}

/** The tick box of the Runs view row at `path` (its ancestors are expanded first). */
export async function runCheckbox(vs: CodeServerSession, path: readonly string[]): Promise<Locator> {
  return (await vs.revealRow(RUNS_VIEW, path)).locator('.custom-view-tree-node-item-checkbox');
}

/** Ticks or unticks the run at `path` in the Runs view. */
export async function setRunChecked(
  vs: CodeServerSession,
  path: readonly string[],
  checked: boolean,
): Promise<void> {
  const box = await runCheckbox(vs, path);
  const state = async (): Promise<boolean> => (await box.getAttribute('aria-checked')) === 'true';
  if ((await state()) !== checked) await box.click();
  await waitUntil(async () => (await state()) === checked, {
    timeoutMs: 5_000,
    what: `${path.at(-1)} to be ${checked ? 'ticked' : 'unticked'}`,
  });
}

/** Waits until the Compare Runs legend lists exactly `names` (any order); returns the panel. */
export async function waitForCompareLegend(
  vs: CodeServerSession,
  names: readonly string[],
  timeoutMs = 30_000,
): Promise<FrameLocator> {
  const want = [...names].sort();
  let seen: string[] = [];
  await waitUntil(
    async () => {
      seen = (await vs.shownWebview().locator('ul.run-legend .run-name').allTextContents()).sort();
      return JSON.stringify(seen) === JSON.stringify(want);
    },
    { timeoutMs, intervalMs: 200, what: `the compare legend to list ${JSON.stringify(want)}` },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; legend: ${JSON.stringify(seen)}`);
  });
  return vs.shownWebview();
}

/**
 * Ticks the runs at `paths` until Compare Runs lists `legend`. While a live run logs, the Runs view
 * re-renders every second and a tick landing at that moment can be lost, so it ticks again.
 */
export async function tickUntilCompared(
  vs: CodeServerSession,
  paths: readonly (readonly string[])[],
  legend: readonly string[],
  timeoutMs = 60_000,
): Promise<FrameLocator> {
  return waitUntil(
    async () => {
      for (const path of paths) await setRunChecked(vs, path, true);
      return waitForCompareLegend(vs, legend, 5_000).catch(() => undefined);
    },
    { timeoutMs, what: `${legend.join(', ')} ticked and in the compare legend` },
  );
}

export interface SeriesSummary {
  run: string;
  points: number;
  text: string;
}

/** The text summary of one chart card: each run's number of points and its last value. */
export async function chartSeries(frame: FrameLocator, metric: string): Promise<SeriesSummary[]> {
  const items = frame.locator(`section.chart-card[data-metric="${metric}"] ul.series-summary li`);
  const all = await items.evaluateAll((lis) =>
    lis.map((li) => [li.textContent ?? '', li.getAttribute('data-points') ?? '']),
  );
  return all.map(([text = '', points = '']) => ({
    run: text.slice(0, text.indexOf(':')),
    points: Number(points),
    text,
  }));
}
