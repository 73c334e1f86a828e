// Every Git process MLOps Lens starts comes from here. A repository's own `.git/config` is written
// by whoever made the repository, and Git runs programs it names (a promisor remote's uploadpack
// when an object is missing, core.fsmonitor, hooks, pagers, ssh commands, external diffs), so Git
// is started so that none of them can run: by an absolute path, with a cleaned environment, with
// configuration given on the command line (which outranks the repository's) and only for the few
// read-only commands the readers need.
import { spawn, execFile, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Reading objects and refs: never touches the index or the working tree. */
const OBJECT_COMMANDS = new Set(['cat-file', 'for-each-ref', 'symbolic-ref', 'rev-parse']);
/** Reads the index and the working tree, where Git's configurable helpers (fsmonitor…) live. */
const WORK_TREE_COMMANDS = new Set(['ls-files']);

/**
 * `-c` outranks every configuration file. protocol.allow=never alone is not enough: a repository's
 * `protocol.file.allow=always` outranks it, hence GIT_ALLOW_PROTOCOL in the environment as well.
 */
export const HARDENING_ARGS: readonly string[] = [
  '--no-pager',
  '-c',
  'protocol.allow=never',
  '-c',
  'core.fsmonitor=false',
  '-c',
  `core.hooksPath=${os.devNull}`,
];

const RUN_TIMEOUT_MS = 120_000;

/** Raised instead of starting Git when the command may not run (unknown, or untrusted workspace). */
export class GitRefusedError extends Error {}

let workspaceTrusted = true;

/**
 * In an untrusted workspace (VS Code's Restricted Mode) only OBJECT_COMMANDS run: reading the
 * working tree through Git is left to a plain directory walk. The CLI is trusted (its user chose
 * to run it); the hardening applies either way.
 */
export function setGitWorkspaceTrust(trusted: boolean): void {
  workspaceTrusted = trusted;
}

export function gitCommandAllowed(command: string, trusted = workspaceTrusted): boolean {
  return OBJECT_COMMANDS.has(command) || (trusted && WORK_TREE_COMMANDS.has(command));
}

/**
 * The user's environment without any GIT_* variable (GIT_DIR, GIT_CONFIG_PARAMETERS,
 * GIT_EXTERNAL_DIFF, GIT_ALLOW_PROTOCOL… would change which repository is read or what runs),
 * plus the settings that keep Git from fetching, prompting or paging.
 */
export function hardenedGitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) if (!/^GIT_/i.test(key)) env[key] = value;
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    // Git ≥ 2.44: a missing object of a partial clone is not fetched from the promisor remote.
    GIT_NO_LAZY_FETCH: '1',
    // An allow-list naming no transport Git has: every fetch fails before it starts a program.
    GIT_ALLOW_PROTOCOL: 'none',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
  };
}

/** path.relative compares case-insensitively on Windows. */
function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

function isExecutableFile(file: string, windows: boolean): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (!windows) fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function pathEntries(env: NodeJS.ProcessEnv): string[] {
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH');
  return (key ? (env[key] ?? '') : '').split(path.delimiter);
}

/** Where Git for Windows installs itself, for a PATH without it. */
function windowsInstallPlaces(env: NodeJS.ProcessEnv): string[] {
  return [env.ProgramFiles, env['ProgramFiles(x86)'], env.LOCALAPPDATA && `${env.LOCALAPPDATA}\\Programs`]
    .filter((dir): dir is string => typeof dir === 'string' && dir !== '')
    .map((dir) => path.join(dir, 'Git', 'cmd'));
}

/**
 * The absolute path of `git`: the first on PATH whose folder is absolute and not inside `repoRoot`.
 * A relative PATH entry ('', '.') would be resolved against the repository, and Windows would
 * otherwise try a `git.exe` in the working folder first.
 */
export function findGitExecutable(
  repoRoot: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const windows = platform === 'win32';
  const name = windows ? 'git.exe' : 'git';
  const root = path.resolve(repoRoot);
  const places = [...pathEntries(env), ...(windows ? windowsInstallPlaces(env) : [])];
  for (const dir of places) {
    if (!dir || !path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, name);
    if (isInside(candidate, root)) continue;
    if (isExecutableFile(candidate, windows)) return candidate;
  }
  return undefined;
}

const found = new Map<string, string | undefined>();

function gitExecutable(repoRoot: string): string {
  const key = `${pathEntries(process.env).join(path.delimiter)}\0${repoRoot}`;
  if (!found.has(key)) found.set(key, findGitExecutable(repoRoot));
  const git = found.get(key);
  if (!git) throw new GitRefusedError('git was not found on PATH');
  return git;
}

/** The executable and full argument list for `git <args>` in `cwd`, or a GitRefusedError. */
export function hardenedGitCommand(args: readonly string[], cwd: string): { file: string; args: string[] } {
  const command = args[0] ?? '';
  if (!gitCommandAllowed(command)) {
    throw new GitRefusedError(
      workspaceTrusted || !WORK_TREE_COMMANDS.has(command)
        ? `git ${command} is not one of the commands MLOps Lens runs`
        : `git ${command} does not run in an untrusted workspace`,
    );
  }
  return { file: gitExecutable(cwd), args: [...HARDENING_ARGS, ...args] };
}

/** A long-lived Git process (e.g. `cat-file --batch`); its stderr is drained and dropped. */
export function spawnGit(args: readonly string[], cwd: string): ChildProcessWithoutNullStreams {
  const command = hardenedGitCommand(args, cwd);
  const child = spawn(command.file, command.args, {
    cwd,
    env: hardenedGitEnv(),
    stdio: 'pipe',
    shell: false,
    windowsHide: true,
  });
  child.stderr.resume();
  return child;
}

/** Runs `git <args>` in `cwd` to the end; its standard output, or a rejection. */
export function runGit(args: readonly string[], cwd: string, maxBuffer = 64 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let command: { file: string; args: string[] };
    try {
      command = hardenedGitCommand(args, cwd);
    } catch (error) {
      reject(error as Error);
      return;
    }
    execFile(
      command.file,
      command.args,
      {
        cwd,
        env: hardenedGitEnv(),
        maxBuffer,
        // A configuration file can include a FIFO (include.path): a read must not wait forever.
        timeout: RUN_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        shell: false,
        windowsHide: true,
        encoding: 'utf8',
      },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}
