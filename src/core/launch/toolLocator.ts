// Finds the `dvc` / `mlflow` executables a launch should use: first in the selected Python
// environment (the one the Python extension or `python.defaultInterpreterPath` names), then on PATH.
import * as path from 'node:path';

/** Where a Python environment was named, in the order they are consulted. */
export type InterpreterSource = 'python-extension' | 'setting';

export interface Interpreter {
  /** A python executable or an environment folder (conda environments may be given as folders). */
  path: string;
  source: InterpreterSource;
}

export interface ToolLocation {
  /** Absolute path of the executable. */
  executable: string;
  /** The folder to put first on PATH so that stage commands (`python …`) use the same environment. */
  binDir: string | undefined;
  source: InterpreterSource | 'path';
}

export interface LocatorHost {
  platform: NodeJS.Platform;
  /** PATH of the extension host. */
  envPath: string;
  /** PATHEXT on Windows (".COM;.EXE;.BAT;.CMD" when unset). */
  pathExt?: string;
  /** True when `file` exists and can be executed (a regular file). */
  isExecutable(file: string): Promise<boolean>;
  /** True when `dir` is a folder. */
  isDirectory(dir: string): Promise<boolean>;
}

/** The folders where an environment keeps its console scripts, most likely first. */
export async function environmentBinDirs(interpreter: string, host: LocatorHost): Promise<string[]> {
  const p = pathFor(host.platform);
  if (await host.isDirectory(interpreter)) {
    return host.platform === 'win32'
      ? [p.join(interpreter, 'Scripts'), interpreter, p.join(interpreter, 'bin')]
      : [p.join(interpreter, 'bin'), interpreter];
  }
  const dir = p.dirname(interpreter);
  // On Windows, conda keeps python.exe at the root of the environment and scripts in Scripts\.
  return host.platform === 'win32' ? [dir, p.join(dir, 'Scripts')] : [dir];
}

/** The file names an executable called `tool` may have on this platform. */
export function executableNames(tool: string, platform: NodeJS.Platform, pathExt?: string): string[] {
  if (platform !== 'win32') return [tool];
  const extensions = (pathExt || '.COM;.EXE;.BAT;.CMD')
    .split(';')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '');
  return extensions.map((e) => `${tool}${e}`);
}

/**
 * Looks for `tool` in each interpreter's environment (in order), then on PATH. Returns undefined
 * when it is nowhere: the caller then explains what is missing and offers an alternative.
 */
export async function locateTool(
  tool: string,
  interpreters: readonly Interpreter[],
  host: LocatorHost,
): Promise<ToolLocation | undefined> {
  const names = executableNames(tool, host.platform, host.pathExt);
  for (const interpreter of interpreters) {
    for (const dir of await environmentBinDirs(interpreter.path, host)) {
      const found = await firstExecutable(dir, names, host);
      if (found) return { executable: found, binDir: dir, source: interpreter.source };
    }
  }
  const p = pathFor(host.platform);
  for (const dir of host.envPath.split(p.delimiter)) {
    if (dir === '' || !p.isAbsolute(dir)) continue;
    const found = await firstExecutable(dir, names, host);
    if (found) return { executable: found, binDir: undefined, source: 'path' };
  }
  return undefined;
}

/** PATH with `binDir` first, so that commands the tool starts find the environment's python. */
export function pathWithBinDir(
  envPath: string,
  binDir: string | undefined,
  platform: NodeJS.Platform,
): string {
  if (!binDir) return envPath;
  const delimiter = pathFor(platform).delimiter;
  const rest = envPath.split(delimiter).filter((d) => d !== '' && d !== binDir);
  return [binDir, ...rest].join(delimiter);
}

/** Expands `${workspaceFolder}`, `${userHome}` and a leading `~` in a `python.defaultInterpreterPath`. */
export function expandInterpreterSetting(
  value: string,
  workspaceFolder: string | undefined,
  home: string | undefined,
): string | undefined {
  let result = value.trim();
  if (result === '' || result === 'python' || result === 'python3') return undefined;
  if (result.includes('${workspaceFolder}')) {
    if (!workspaceFolder) return undefined;
    result = result.split('${workspaceFolder}').join(workspaceFolder);
  }
  if (home)
    result = result
      .split('${userHome}')
      .join(home)
      .replace(/^~(?=$|[\\/])/, home);
  if (/\$\{[^}]*\}/.test(result)) return undefined;
  if (!path.isAbsolute(result) && !path.win32.isAbsolute(result)) {
    return workspaceFolder ? path.resolve(workspaceFolder, result) : undefined;
  }
  return result;
}

async function firstExecutable(
  dir: string,
  names: readonly string[],
  host: LocatorHost,
): Promise<string | undefined> {
  const p = pathFor(host.platform);
  for (const name of names) {
    const candidate = p.join(dir, name);
    if (await host.isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function pathFor(platform: NodeJS.Platform): typeof path.posix {
  return platform === 'win32' ? path.win32 : path.posix;
}
