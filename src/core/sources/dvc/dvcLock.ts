// dvc.lock: `schema: '2.0'` (stages under `stages:`) and the schema-less DVC 1.0 form (stage names
// at the top level). Entries keep how they were hashed: `hash: md5` means DVC 3's plain md5; no
// `hash` key means DVC 2's md5-dos2unix (dvc/output.py `_compute_hash_info_from_meta`).
import { parse } from 'yaml';
import { fastParseYaml } from './fastYaml';
import type { Problem } from '../../model';

export type HashName = 'md5' | 'md5-dos2unix' | string;

/** One dependency or output as recorded in dvc.lock or a .dvc file. */
export interface LockEntry {
  /** The path as written in dvc.yaml (relative to the stage's wdir). */
  path: string;
  /** How the checksum was computed: "md5" (DVC 3), "md5-dos2unix" (DVC 2, no `hash` key), or "etag"/"checksum" (remote). */
  hashName: HashName;
  /** The checksum (`md5`, `etag` or `checksum` key); a directory's ends in ".dir". */
  checksum?: string;
  size?: number;
  nfiles?: number;
  isexec?: boolean;
}

export interface LockStage {
  /** The command DVC ran (a list when dvc.yaml gave a list). */
  cmd: string | string[];
  deps: LockEntry[];
  outs: LockEntry[];
  /** params file (as written in dvc.yaml) → key → value. Whole-file tracking stores the whole content. */
  params: Record<string, Record<string, unknown>>;
}

export interface DvcLock {
  /** '2.0', or '1.0' for the schema-less form DVC 1.x wrote. */
  schema: '1.0' | '2.0';
  stages: Record<string, LockStage>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A dvc.lock / .dvc entry ({path, md5|etag|checksum, hash?, size?, nfiles?}); undefined without a path. */
export function lockEntryFrom(raw: unknown): LockEntry | undefined {
  if (!isRecord(raw) || typeof raw.path !== 'string') return undefined;
  const entry: LockEntry = { path: raw.path, hashName: 'md5-dos2unix' };
  if (typeof raw.hash === 'string') {
    entry.hashName = raw.hash;
    if (typeof raw[raw.hash] === 'string') entry.checksum = raw[raw.hash] as string;
  } else if (typeof raw.md5 === 'string') {
    entry.checksum = raw.md5;
  } else if (typeof raw.etag === 'string' || typeof raw.checksum === 'string') {
    entry.hashName = typeof raw.etag === 'string' ? 'etag' : 'checksum';
    entry.checksum = (raw.etag ?? raw.checksum) as string;
  }
  if (typeof raw.size === 'number') entry.size = raw.size;
  if (typeof raw.nfiles === 'number') entry.nfiles = raw.nfiles;
  if (typeof raw.isexec === 'boolean') entry.isexec = raw.isexec;
  return entry;
}

function entries(raw: unknown): LockEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.map(lockEntryFrom).filter((e): e is LockEntry => e !== undefined);
}

function lockStage(raw: unknown): LockStage | undefined {
  if (!isRecord(raw)) return undefined;
  const cmd = raw.cmd;
  const params: Record<string, Record<string, unknown>> = {};
  if (isRecord(raw.params)) {
    for (const [file, values] of Object.entries(raw.params)) if (isRecord(values)) params[file] = values;
  }
  return {
    cmd: Array.isArray(cmd) ? cmd.map(String) : typeof cmd === 'string' ? cmd : '',
    deps: entries(raw.deps),
    outs: entries(raw.outs),
    params,
  };
}

export interface ParsedLock {
  lock?: DvcLock;
  problems: Problem[];
}

export function parseDvcLock(text: string, file: string): ParsedLock {
  let data: unknown;
  try {
    // Lock files are machine-written block YAML: the fast reader takes them (large ones in milliseconds).
    const fast = fastParseYaml(text, true);
    data = fast ? fast.value : parse(text, { merge: true });
  } catch (error) {
    return { problems: [{ path: file, reason: `invalid YAML: ${(error as Error).message.split('\n')[0]}` }] };
  }
  if (data === null || data === undefined) return { lock: { schema: '2.0', stages: {} }, problems: [] };
  if (!isRecord(data)) return { problems: [{ path: file, reason: 'dvc.lock must be a mapping' }] };
  const problems: Problem[] = [];
  const versioned = 'schema' in data;
  if (versioned && String(data.schema) !== '2.0') {
    return { problems: [{ path: file, reason: `unsupported lock file schema '${String(data.schema)}'` }] };
  }
  const rawStages = versioned ? (isRecord(data.stages) ? data.stages : {}) : data;
  const stages: Record<string, LockStage> = {};
  for (const [name, raw] of Object.entries(rawStages)) {
    const stage = lockStage(raw);
    if (stage) stages[name] = stage;
    else problems.push({ path: file, reason: `lock entry '${name}' is not a mapping` });
  }
  return { lock: { schema: versioned ? '2.0' : '1.0', stages }, problems };
}
