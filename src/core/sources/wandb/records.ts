// The few Record messages of W&B's protobuf schema (wandb/proto/wandb_internal.proto) a run view
// needs, decoded from the wire format; every other field and record type is skipped.
import { fieldText, forEachField, LENGTH_DELIMITED, type Field } from './protobuf';
import { parseValueJson } from './values';
import type { TypedValue } from '../../model';

export interface ValueItem {
  /** `nested_key` when set, else `[key]`. */
  path: string[];
  value: TypedValue;
}

export interface RunInfo {
  runId: string;
  entity: string;
  project: string;
  displayName: string;
  group: string;
  jobType: string;
  notes: string;
  tags: string[];
  host: string;
  sweepId: string;
  /** ms since the epoch; null when not recorded. */
  startTime: number | null;
  gitRemote: string;
  gitCommit: string;
  config: { update: ValueItem[]; remove: string[][] };
}

export interface Environment {
  os?: string;
  python?: string;
  program?: string;
  args?: string[];
  codePath?: string;
  root?: string;
  host?: string;
  executable?: string;
  username?: string;
  gitCommit?: string;
  gitRemote?: string;
  startedAt?: number;
}

export type DecodedRecord =
  | { type: 'history'; items: ValueItem[]; step: number | null }
  | { type: 'summary' | 'config'; update: ValueItem[]; remove: string[][] }
  | { type: 'run'; run: RunInfo }
  | { type: 'exit'; exitCode: number; runtime: number }
  | { type: 'environment'; environment: Environment }
  | { type: 'other' };

const RECORD = { history: 2, summary: 3, config: 5, run: 17, exit: 18, environment: 26 };

/** Decodes one record (only a history one when `historyOnly`); throws ProtobufError on a malformed message. */
export function decodeRecord(bytes: Uint8Array, historyOnly = false): DecodedRecord {
  let decoded: DecodedRecord = { type: 'other' };
  forEachField(bytes, (f) => {
    if (f.wireType !== LENGTH_DELIMITED) return;
    if (f.number === RECORD.history) decoded = decodeHistory(bytes, f);
    else if (historyOnly) return;
    else if (f.number === RECORD.summary) decoded = { type: 'summary', ...decodeUpdates(bytes, f) };
    else if (f.number === RECORD.config) decoded = { type: 'config', ...decodeUpdates(bytes, f) };
    else if (f.number === RECORD.run) decoded = { type: 'run', run: decodeRun(bytes, f) };
    else if (f.number === RECORD.exit) decoded = decodeExit(bytes, f);
    else if (f.number === RECORD.environment)
      decoded = { type: 'environment', environment: decodeEnvironment(bytes, f) };
  });
  return decoded;
}

/** HistoryItem / SummaryItem / ConfigItem: key 1, nested_key 2, value_json 16. */
function decodeItem(bytes: Uint8Array, message: Field): ValueItem {
  let key = '';
  const nested: string[] = [];
  let json = 'null';
  forEachField(
    bytes,
    (f) => {
      if (f.wireType !== LENGTH_DELIMITED) return;
      if (f.number === 1) key = fieldText(bytes, f);
      else if (f.number === 2) nested.push(fieldText(bytes, f));
      else if (f.number === 16) json = fieldText(bytes, f);
    },
    message.start,
    message.end,
  );
  return { path: nested.length > 0 ? nested : [key], value: parseValueJson(json) };
}

function decodeHistory(bytes: Uint8Array, message: Field): DecodedRecord {
  const items: ValueItem[] = [];
  let step: number | null = null;
  forEachField(
    bytes,
    (f) => {
      if (f.number === 1 && f.wireType === LENGTH_DELIMITED) items.push(decodeItem(bytes, f));
      else if (f.number === 2 && f.wireType === LENGTH_DELIMITED) {
        step = 0;
        forEachField(bytes, (s) => void (s.number === 1 && (step = s.varint)), f.start, f.end);
      }
    },
    message.start,
    message.end,
  );
  return { type: 'history', items, step };
}

/** SummaryRecord / ConfigRecord: update 1, remove 2. */
function decodeUpdates(bytes: Uint8Array, message: Field): { update: ValueItem[]; remove: string[][] } {
  const update: ValueItem[] = [];
  const remove: string[][] = [];
  forEachField(
    bytes,
    (f) => {
      if (f.wireType !== LENGTH_DELIMITED) return;
      if (f.number === 1) update.push(decodeItem(bytes, f));
      else if (f.number === 2) remove.push(decodeItem(bytes, f).path);
    },
    message.start,
    message.end,
  );
  return { update, remove };
}

function decodeTimestamp(bytes: Uint8Array, message: Field): number {
  let seconds = 0;
  let nanos = 0;
  forEachField(
    bytes,
    (f) => {
      if (f.number === 1) seconds = f.varint;
      else if (f.number === 2) nanos = f.int32;
    },
    message.start,
    message.end,
  );
  return seconds * 1000 + Math.floor(nanos / 1e6);
}

function decodeGit(bytes: Uint8Array, message: Field): { remote: string; commit: string } {
  const git = { remote: '', commit: '' };
  forEachField(
    bytes,
    (f) => {
      if (f.number === 1) git.remote = fieldText(bytes, f);
      else if (f.number === 2) git.commit = fieldText(bytes, f);
    },
    message.start,
    message.end,
  );
  return git;
}

const RUN_TEXT: Record<number, keyof RunInfo> = {
  1: 'runId',
  2: 'entity',
  3: 'project',
  6: 'group',
  7: 'jobType',
  8: 'displayName',
  9: 'notes',
  12: 'sweepId',
  13: 'host',
};

function decodeRun(bytes: Uint8Array, message: Field): RunInfo {
  const run: RunInfo = {
    ...{ runId: '', entity: '', project: '', displayName: '', group: '', jobType: '', notes: '' },
    ...{ tags: [], host: '', sweepId: '', startTime: null, gitRemote: '', gitCommit: '' },
    config: { update: [], remove: [] },
  };
  const text = run as unknown as Record<string, string>;
  forEachField(
    bytes,
    (f) => {
      if (f.wireType !== LENGTH_DELIMITED) return;
      const name = RUN_TEXT[f.number];
      if (name) text[name] = fieldText(bytes, f);
      else if (f.number === 4) run.config = decodeUpdates(bytes, f);
      else if (f.number === 10) run.tags.push(fieldText(bytes, f));
      else if (f.number === 17) run.startTime = decodeTimestamp(bytes, f);
      else if (f.number === 21) {
        const git = decodeGit(bytes, f);
        run.gitRemote = git.remote;
        run.gitCommit = git.commit;
      }
    },
    message.start,
    message.end,
  );
  return run;
}

function decodeExit(bytes: Uint8Array, message: Field): DecodedRecord {
  let exitCode = 0;
  let runtime = 0;
  forEachField(
    bytes,
    (f) => {
      if (f.number === 1) exitCode = f.int32;
      else if (f.number === 2) runtime = f.int32;
    },
    message.start,
    message.end,
  );
  return { type: 'exit', exitCode, runtime };
}

const ENVIRONMENT_TEXT: Record<number, keyof Environment> = {
  1: 'os',
  2: 'python',
  6: 'program',
  7: 'codePath',
  11: 'root',
  12: 'host',
  13: 'username',
  14: 'executable',
};

function decodeEnvironment(bytes: Uint8Array, message: Field): Environment {
  const environment: Environment = {};
  const text = environment as Record<string, string | string[] | number>;
  forEachField(
    bytes,
    (f) => {
      if (f.wireType !== LENGTH_DELIMITED) return;
      const name = ENVIRONMENT_TEXT[f.number];
      if (name) text[name] = fieldText(bytes, f);
      else if (f.number === 5) (environment.args ??= []).push(fieldText(bytes, f));
      else if (f.number === 3) environment.startedAt = decodeTimestamp(bytes, f);
      else if (f.number === 9) {
        const git = decodeGit(bytes, f);
        environment.gitCommit = git.commit || undefined;
        environment.gitRemote = git.remote || undefined;
      }
    },
    message.start,
    message.end,
  );
  return environment;
}
