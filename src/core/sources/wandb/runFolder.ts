// One W&B run folder (`run-<time>-<id>` or `offline-run-<time>-<id>`) as a Run: the log
// (`run-<id>.wandb`) first, then the files W&B writes for synced runs (`files/config.yaml`,
// `files/wandb-summary.json`, `files/wandb-metadata.json`), which are what W&B shows when present.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Problem, Run, RunStatus, TypedValue } from '../../model';
import { runValueFields, type TypedMetric } from '../dvc/values/runValues';
import { emptyRunLog, readRunLog, type RunLogState } from './runLog';
import { flatten, isObject, parseValueJson, type JsonObject } from './values';

export const RUN_FOLDER = /^(?:offline-)?run-\d{8}_\d{6}-([A-Za-z0-9_-]+)$/;

export interface WandbRunState {
  dir: string;
  /** The log's path, or null when the folder has none. */
  log: string | null;
  state: RunLogState;
}

export function logFileOf(dir: string): string | null {
  const id = RUN_FOLDER.exec(path.basename(dir))?.[1];
  if (!id) return null;
  const file = path.join(dir, `run-${id}.wandb`);
  return fs.existsSync(file) ? file : null;
}

/** Reads (or reads on) one run folder's log. */
export function readRunFolder(dir: string, previous: WandbRunState | undefined): WandbRunState {
  const log = logFileOf(dir);
  if (!log) return { dir, log: null, state: emptyRunLog() };
  try {
    const state = readRunLog(log, previous?.log === log ? previous.state : undefined);
    return { dir, log, state };
  } catch (error) {
    const state = emptyRunLog();
    state.problems.push({ path: log, reason: `cannot read: ${(error as Error).message}` });
    return { dir, log, state };
  }
}

function readJsonFile(file: string, problems: Problem[]): JsonObject | undefined {
  try {
    const value = parseValueJson(fs.readFileSync(file, 'utf8'));
    if (isObject(value)) return value;
    problems.push({ path: file, reason: 'not a JSON object' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      problems.push({ path: file, reason: `cannot read: ${(error as Error).message}` });
  }
  return undefined;
}

/** config.yaml: `key: {desc, value}` per top-level key; the `value` wrapper is removed. */
function readConfigYaml(file: string, problems: Problem[]): JsonObject | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      problems.push({ path: file, reason: `cannot read: ${(error as Error).message}` });
    return undefined;
  }
  try {
    const parsed = parseYaml(text) as TypedValue;
    if (!isObject(parsed)) return undefined;
    const config: JsonObject = {};
    for (const [key, wrapped] of Object.entries(parsed)) {
      // The file's own format version, not a config value (those are all {desc, value} wrapped).
      if (key === 'wandb_version' && !isObject(wrapped)) continue;
      config[key] = isObject(wrapped) && 'value' in wrapped ? wrapped.value : wrapped;
    }
    return config;
  } catch (error) {
    problems.push({ path: file, reason: `not valid YAML: ${(error as Error).message}` });
    return undefined;
  }
}

/** W&B's run state: finished, crashed (non-zero exit) or still running (no exit record yet). */
export function wandbState(state: RunLogState): 'running' | 'finished' | 'crashed' {
  if (!state.exit) return 'running';
  return state.exit.exitCode === 0 ? 'finished' : 'crashed';
}

const STATUS: Record<ReturnType<typeof wandbState>, RunStatus> = {
  running: 'RUNNING',
  finished: 'FINISHED',
  crashed: 'FAILED',
};

/** The user's config: W&B's own `_wandb` entry hidden, nested keys joined with "." as W&B shows them. */
function configParams(config: JsonObject): Record<string, TypedValue> {
  const visible: JsonObject = { ...config };
  delete visible._wandb;
  return Object.fromEntries(flatten(visible, '.'));
}

export function wandbRun(store: string, folder: WandbRunState): { run: Run; problems: Problem[] } {
  const { state, dir } = folder;
  const problems = [...state.problems];
  if (!folder.log) problems.push({ path: dir, reason: 'no run-<id>.wandb log in this W&B run folder' });
  const files = path.join(dir, 'files');
  const config = readConfigYaml(path.join(files, 'config.yaml'), problems) ?? state.config;
  const summary = readJsonFile(path.join(files, 'wandb-summary.json'), problems) ?? state.summary;
  const metadata = readJsonFile(path.join(files, 'wandb-metadata.json'), problems) ?? {};
  const info = state.run;
  const id = info?.runId || RUN_FOLDER.exec(path.basename(dir))?.[1] || path.basename(dir);
  const project = info?.project || 'uncategorized';
  const metrics: Record<string, TypedMetric> = {};
  const summaryStep = typeof summary._step === 'number' ? summary._step : 0;
  for (const [key, value] of flatten(summary, '/')) {
    if (key.startsWith('_')) continue;
    const last = state.lastPoints[key];
    metrics[key] = { value, step: last?.step ?? summaryStep, timestamp: last?.timestamp };
  }
  const startTime = info?.startTime ?? state.environment.startedAt ?? null;
  const endTime = endTimeOf(state, startTime);
  const run: Run = {
    source: 'wandb',
    store,
    experimentId: project,
    experimentName: project,
    id,
    name: info?.displayName || null,
    status: STATUS[wandbState(state)],
    lifecycle: 'active',
    parentId: null,
    startTime,
    endTime,
    ...runValueFields(configParams(config), metrics),
    tags: runTags(state, metadata),
    artifactUri: null,
    runDir: dir,
    datasets: [],
    outputModelIds: [],
  };
  return { run, problems };
}

function endTimeOf(state: RunLogState, startTime: number | null): number | null {
  if (!state.exit) return null;
  if (startTime !== null && state.exit.runtime > 0) return startTime + state.exit.runtime * 1000;
  return state.lastTimestamp;
}

/** Tags, notes, group, job type, state and the machine the run ran on, as `wandb.*` tags. */
function runTags(state: RunLogState, metadata: JsonObject): Record<string, string> {
  const info = state.run;
  const env = state.environment;
  const text = (value: TypedValue | undefined): string | undefined =>
    typeof value === 'string' && value !== '' ? value : undefined;
  const git = isObject(metadata.git) ? metadata.git : {};
  const args = Array.isArray(metadata.args) ? metadata.args.map(String) : env.args;
  const tags: Record<string, string | undefined> = {
    'wandb.state': wandbState(state),
    'wandb.tags': info && info.tags.length > 0 ? info.tags.join(', ') : undefined,
    'wandb.notes': info?.notes || undefined,
    'wandb.group': info?.group || undefined,
    'wandb.job_type': info?.jobType || undefined,
    'wandb.entity': info?.entity || undefined,
    'wandb.sweep_id': info?.sweepId || undefined,
    'wandb.host': text(metadata.host) ?? env.host ?? (info?.host || undefined),
    'wandb.program': text(metadata.program) ?? env.program,
    'wandb.args': args ? JSON.stringify(args) : undefined,
    'wandb.python': text(metadata.python) ?? env.python,
    'wandb.os': text(metadata.os) ?? env.os,
    'wandb.git.commit': text(git.commit) ?? env.gitCommit ?? (info?.gitCommit || undefined),
    'wandb.git.remote': text(git.remote) ?? env.gitRemote ?? (info?.gitRemote || undefined),
    'wandb.exit_code': state.exit ? String(state.exit.exitCode) : undefined,
  };
  return Object.fromEntries(Object.entries(tags).filter((e): e is [string, string] => e[1] !== undefined));
}
