// Git objects read through one long-lived `git cat-file --batch` process: commits, trees and blobs
// of many revisions without a process per file. Trees and blobs are cached by object id (they are
// immutable), so experiments that share most of their files cost little more than one revision.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawnGit } from '../../git/hardenedGit';

export interface GitObject {
  oid: string;
  type: string;
  content: Buffer;
}

export interface TreeEntry {
  name: string;
  oid: string;
  kind: 'tree' | 'blob' | 'commit' | 'link';
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  /** Committer time, ms since the epoch. */
  time: number;
  /** The message's first line. */
  subject: string;
}

interface Pending {
  resolve: (object: GitObject | null) => void;
  reject: (error: Error) => void;
}

/** Closes the process after this long without requests (a refresh keeps it busy). */
const IDLE_MS = 2000;
const TREE_CACHE_LIMIT = 20000;

export class GitObjects {
  private process: ChildProcessWithoutNullStreams | null = null;
  private pending: Pending[] = [];
  private outgoing: string[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly trees = new Map<string, TreeEntry[]>();
  private readonly commits = new Map<string, CommitInfo>();

  constructor(private readonly repoRoot: string) {}

  /** An object by id or by `<rev>:<path>`; null when Git has no such object. */
  object(spec: string): Promise<GitObject | null> {
    if (/[\r\n]/.test(spec)) return Promise.resolve(null);
    let child: ChildProcessWithoutNullStreams;
    try {
      child = this.start();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    this.touch();
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.outgoing.push(spec);
      // Requests made in the same turn go to Git in one write (one system call, not one each).
      if (this.outgoing.length === 1) queueMicrotask(() => this.flush(child));
    });
  }

  private flush(child: ChildProcessWithoutNullStreams): void {
    const specs = this.outgoing;
    this.outgoing = [];
    if (specs.length > 0 && this.process === child) child.stdin.write(`${specs.join('\n')}\n`);
  }

  async commit(rev: string): Promise<CommitInfo | null> {
    const cached = this.commits.get(rev);
    if (cached) return cached;
    const object = await this.object(rev);
    if (!object || object.type !== 'commit') return null;
    const info = parseCommit(object.oid, object.content.toString('utf8'));
    this.commits.set(rev, info);
    this.commits.set(object.oid, info);
    return info;
  }

  async tree(oid: string): Promise<TreeEntry[]> {
    const cached = this.trees.get(oid);
    if (cached) return cached;
    const object = await this.object(oid);
    const entries = object?.type === 'tree' ? parseTree(object.content, oid.length / 2) : [];
    if (this.trees.size >= TREE_CACHE_LIMIT) this.trees.clear();
    this.trees.set(oid, entries);
    return entries;
  }

  close(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const child = this.process;
    this.process = null;
    if (child) {
      child.stdin.end();
      child.kill();
    }
    this.outgoing = [];
    this.failPending(new Error('git cat-file was closed'));
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.process) return this.process;
    const child = spawnGit(['cat-file', '--batch'], this.repoRoot);
    child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    // A process closed for idleness exits after its successor may have started: only the current
    // process's end fails the requests waiting (they were sent to it, not to the old one).
    child.on('error', (error) => {
      if (this.process === child) this.failPending(error);
    });
    child.on('exit', () => {
      if (this.process !== child) return;
      this.process = null;
      this.failPending(new Error(`git cat-file --batch ended in ${this.repoRoot}`));
    });
    child.stdin.on('error', () => undefined);
    this.process = child;
    return child;
  }

  private touch(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.close(), IDLE_MS);
    this.idleTimer.unref();
  }

  private failPending(error: Error): void {
    const pending = this.pending;
    this.pending = [];
    this.buffer = Buffer.alloc(0);
    for (const request of pending) request.reject(error);
  }

  /** Replies come in request order: `<oid> <type> <size>\n<content>\n` or `<spec> missing\n`. */
  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const newline = this.buffer.indexOf(10);
      if (newline === -1 || this.pending.length === 0) return;
      const header = this.buffer.subarray(0, newline).toString('utf8');
      const match = /^([0-9a-f]+) (\S+) (\d+)$/.exec(header);
      if (!match) {
        this.buffer = this.buffer.subarray(newline + 1);
        this.pending.shift()?.resolve(null);
        continue;
      }
      const size = Number(match[3]);
      if (this.buffer.length < newline + 1 + size + 1) return;
      const content = Buffer.from(this.buffer.subarray(newline + 1, newline + 1 + size));
      this.buffer = this.buffer.subarray(newline + 1 + size + 1);
      this.pending.shift()?.resolve({ oid: match[1], type: match[2], content });
    }
  }
}

export function parseCommit(sha: string, text: string): CommitInfo {
  const headerEnd = text.indexOf('\n\n');
  const lines = (headerEnd === -1 ? text : text.slice(0, headerEnd)).split('\n');
  let tree = '';
  const parents: string[] = [];
  let time = 0;
  for (const line of lines) {
    if (line.startsWith('tree ')) tree = line.slice(5);
    else if (line.startsWith('parent ')) parents.push(line.slice(7));
    else if (line.startsWith('committer ')) time = Number(/ (\d+) [+-]\d{4}$/.exec(line)?.[1] ?? 0) * 1000;
  }
  const message = headerEnd === -1 ? '' : text.slice(headerEnd + 2);
  const subject = message.split('\n').find((line) => line.trim() !== '') ?? '';
  return { sha, tree, parents, time, subject: subject.trim() };
}

/** Binary tree entries: `<octal mode> <name>\0<raw oid>`. */
export function parseTree(content: Buffer, oidBytes: number): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let offset = 0;
  while (offset < content.length) {
    const space = content.indexOf(32, offset);
    const nul = content.indexOf(0, space);
    if (space === -1 || nul === -1 || nul + 1 + oidBytes > content.length) break;
    const mode = content.subarray(offset, space).toString('ascii');
    const name = content.subarray(space + 1, nul).toString('utf8');
    const oid = content.subarray(nul + 1, nul + 1 + oidBytes).toString('hex');
    entries.push({ name, oid, kind: kindOfMode(mode) });
    offset = nul + 1 + oidBytes;
  }
  return entries;
}

function kindOfMode(mode: string): TreeEntry['kind'] {
  if (mode === '40000' || mode === '040000') return 'tree';
  if (mode === '160000') return 'commit';
  if (mode === '120000') return 'link';
  return 'blob';
}
