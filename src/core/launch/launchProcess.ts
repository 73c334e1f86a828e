// How a launch starts its processes: never through the user's shell for a tool and its arguments
// (each argument reaches the program exactly as planned, whatever the shell), through a shell only
// for a stage's own `cmd` text (the way DVC runs it). The launch wrapper (a small Node process the
// VS Code task starts) runs these commands in order, teeing their standard error to a result file
// the extension reads when the task ends.
import * as path from 'node:path';
import type { PlannedCommand } from './plans';
import { msvcrtQuote } from './shellQuote';

/** What the launch wrapper runs, passed to it in an environment variable. */
export interface LaunchSpec {
  /** Names the run; the result file is `<resultDir>/<id>.json`. */
  id: string;
  cwd: string;
  commands: PlannedCommand[];
  /** Printed first, as the terminal's heading (the command line for the user's shell). */
  heading: string;
  resultFile: string;
  /** Environment variables the task added only for the wrapper, removed before the commands run. */
  unset: string[];
}

/** What the wrapper leaves in the result file. */
export interface LaunchResult {
  exitCode: number;
  /** The launch's standard error (the start of it, and its end when it was long). */
  stderr: string;
  /** A launch that could not start a command (not found, refused), in a sentence. */
  problem?: string;
}

export const SPEC_VARIABLE = 'MLOPS_LENS_LAUNCH_SPEC';

export function encodeSpec(spec: LaunchSpec): string {
  return Buffer.from(JSON.stringify(spec), 'utf8').toString('base64');
}

export function decodeSpec(text: string | undefined): LaunchSpec | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as Partial<LaunchSpec>;
    const ok =
      typeof value.id === 'string' &&
      typeof value.cwd === 'string' &&
      typeof value.heading === 'string' &&
      typeof value.resultFile === 'string' &&
      Array.isArray(value.commands) &&
      Array.isArray(value.unset);
    return ok ? (value as LaunchSpec) : undefined;
  } catch {
    return undefined;
  }
}

/** One process to spawn: `file` with `args`, no shell in between unless `file` is one. */
export interface SpawnCommand {
  file: string;
  args: string[];
  /** Windows: the args are one command line already quoted for cmd.exe (node must not re-quote). */
  verbatim: boolean;
}

export type SpawnPlan = { ok: true; command: SpawnCommand } | { ok: false; problem: string };

export interface SpawnHost {
  platform: NodeJS.Platform;
  /** $SHELL on Unix (DVC runs a stage's cmd with it), %ComSpec% on Windows. */
  shell: string | undefined;
}

/** How to start one planned command on `host`, or why it must not be started. */
export function spawnCommand(command: PlannedCommand, host: SpawnHost): SpawnPlan {
  if ('shellText' in command) return { ok: true, command: shellCommand(command.shellText, host) };
  const bad = [command.program, ...command.args].find((a) => a.includes('\0'));
  if (bad !== undefined) return { ok: false, problem: 'an argument holds a NUL character' };
  if (host.platform === 'win32' && isBatchFile(command.program)) {
    return batchCommand(command.program, command.args, host);
  }
  return { ok: true, command: { file: command.program, args: [...command.args], verbatim: false } };
}

/** The way DVC runs a stage's cmd: $SHELL (without its startup files) or /bin/sh; cmd.exe on Windows. */
function shellCommand(text: string, host: SpawnHost): SpawnCommand {
  if (host.platform === 'win32') {
    const comspec = host.shell || 'cmd.exe';
    return { file: comspec, args: ['/d', '/s', '/c', `"${text}"`], verbatim: true };
  }
  const shell = host.shell || '/bin/sh';
  const name = path.posix.basename(shell).toLowerCase();
  const options = name === 'zsh' ? ['--no-rcs'] : name === 'bash' ? ['--noprofile', '--norc'] : [];
  return { file: shell, args: [...options, '-c', text], verbatim: false };
}

/** Windows runs a .bat or .cmd through cmd.exe, which parses the arguments again ("BatBadBut"). */
export function isBatchFile(program: string): boolean {
  return /\.(?:bat|cmd)[. ]*$/i.test(program);
}

/**
 * Characters cmd.exe expands or re-parses even inside double quotes (variables, delayed expansion,
 * quotes ending the quoting, carets under delayed expansion, line breaks): refused for batch files.
 */
const BATCH_UNSAFE = /["%!^\r\n\0]/;
/** Arguments left bare on a batch file's command line; others are double-quoted. */
const BATCH_BARE = /^[A-Za-z0-9_\-+./:\\@]+$/;

function batchCommand(program: string, args: readonly string[], host: SpawnHost): SpawnPlan {
  const unsafe = args.find((a) => BATCH_UNSAFE.test(a));
  if (unsafe !== undefined || program.includes('"')) {
    return {
      ok: false,
      problem: `${path.win32.basename(program)} is a batch file, and cmd.exe would re-read the argument ${JSON.stringify(unsafe ?? program)} (it holds " % ! ^ or a line break)`,
    };
  }
  const quoted = args.map((a) => (BATCH_BARE.test(a) ? a : msvcrtQuote(a)));
  const line = [`"${program}"`, ...quoted].join(' ');
  return {
    ok: true,
    command: { file: host.shell || 'cmd.exe', args: ['/d', '/s', '/c', `"${line}"`], verbatim: true },
  };
}

/** Keeps the start of a long standard error and its end, where tools print their final error. */
export class StderrCapture {
  private head = '';
  private tail = '';
  private truncated = false;

  constructor(
    private readonly headLimit = 256 * 1024,
    private readonly tailLimit = 32 * 1024,
  ) {}

  add(chunk: string): void {
    if (!this.truncated && this.head.length + chunk.length <= this.headLimit) {
      this.head += chunk;
      return;
    }
    if (!this.truncated) {
      const room = this.headLimit - this.head.length;
      this.head += chunk.slice(0, room);
      chunk = chunk.slice(room);
      this.truncated = true;
    }
    this.tail = (this.tail + chunk).slice(-this.tailLimit);
  }

  text(): string {
    return this.truncated ? `${this.head}\n…\n${this.tail}` : this.head;
  }
}

/** Why `commands` cannot be started on `host` (the first problem), or undefined when they can. */
export function commandsProblem(commands: readonly PlannedCommand[], host: SpawnHost): string | undefined {
  for (const command of commands) {
    const plan = spawnCommand(command, host);
    if (!plan.ok) return plan.problem;
  }
  return undefined;
}
