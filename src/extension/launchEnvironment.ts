// Where launches find their tools and which shell runs them: the Python environment selected in
// the Python extension (when installed), else `python.defaultInterpreterPath`, else PATH.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { shellKindOf, type ShellKind } from '../core/launch/shellQuote';
import {
  expandInterpreterSetting,
  locateTool,
  type Interpreter,
  type LocatorHost,
  type ToolLocation,
} from '../core/launch/toolLocator';

const PYTHON_EXTENSION = 'ms-python.python';

/** The part of the Python extension's API we use (its `environments` object). */
interface PythonEnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
  resolveEnvironment(environment: { path: string } | string): Thenable<unknown>;
}

/** Found tools are reused for a short while (the task provider asks once per stage). */
const FOUND_TTL_MS = 10_000;

export class LaunchEnvironment {
  private readonly found = new Map<string, { location: ToolLocation; at: number }>();

  /** Whether the Python extension can be asked for the selected environment. */
  static hasPythonExtension(): boolean {
    return vscode.extensions.getExtension(PYTHON_EXTENSION) !== undefined;
  }

  /** The interpreters to look in, most specific first, for the folder holding `resource`. */
  async interpreters(resource: vscode.Uri | undefined): Promise<Interpreter[]> {
    const interpreters: Interpreter[] = [];
    const selected = await selectedInterpreter(resource);
    if (selected) interpreters.push({ path: selected, source: 'python-extension' });
    const folder = resource
      ? vscode.workspace.getWorkspaceFolder(resource)
      : vscode.workspace.workspaceFolders?.[0];
    const setting = vscode.workspace
      .getConfiguration('python', resource)
      .get<string>('defaultInterpreterPath', '');
    const expanded = expandInterpreterSetting(setting, folder?.uri.fsPath, os.homedir());
    if (expanded && expanded !== selected) interpreters.push({ path: expanded, source: 'setting' });
    return interpreters;
  }

  /** Finds `tool` (dvc, mlflow, make) for a launch in the folder of `resource`. */
  async locate(tool: string, resource: vscode.Uri | undefined): Promise<ToolLocation | undefined> {
    const folder = resource ? vscode.workspace.getWorkspaceFolder(resource)?.uri.fsPath : undefined;
    const cacheKey = `${tool}\u0000${folder ?? ''}`;
    const cached = this.found.get(cacheKey);
    if (cached && Date.now() - cached.at < FOUND_TTL_MS) return cached.location;
    const interpreters = tool === 'make' ? [] : await this.interpreters(resource);
    const location = await locateTool(tool, interpreters, nodeLocatorHost());
    // Only what was found is kept: a tool installed a moment ago must be found on the next try.
    if (location) this.found.set(cacheKey, { location, at: Date.now() });
    else this.found.delete(cacheKey);
    return location;
  }

  /** Where `locate` looks, for messages: each interpreter with where it was named, then PATH. */
  async searchedPlaces(resource: vscode.Uri | undefined): Promise<string> {
    const places = (await this.interpreters(resource)).map((i) =>
      i.source === 'setting'
        ? vscode.l10n.t('{0} (python.defaultInterpreterPath)', i.path)
        : vscode.l10n.t('{0} (selected in the Python extension)', i.path),
    );
    return [...places, 'PATH'].join(', ');
  }

  /** The quoting family of the shell that runs tasks (automation profile, else the default shell). */
  shellKind(): ShellKind {
    const platformKey =
      process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'osx' : 'linux';
    const profile = vscode.workspace
      .getConfiguration('terminal.integrated')
      .get<{ path?: unknown }>(`automationProfile.${platformKey}`);
    const profilePath = typeof profile?.path === 'string' ? profile.path : undefined;
    return shellKindOf(profilePath ?? vscode.env.shell, process.platform);
  }
}

/** The python executable of the environment selected in the Python extension, when there is one. */
async function selectedInterpreter(resource: vscode.Uri | undefined): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<unknown>(PYTHON_EXTENSION);
  if (!extension) return undefined;
  try {
    const exports = extension.isActive ? extension.exports : await extension.activate();
    const api = environmentsApi(exports);
    if (!api) return undefined;
    const active = api.getActiveEnvironmentPath(resource);
    const resolved = await api.resolveEnvironment(active);
    return executablePath(resolved) ?? active.path;
  } catch {
    // A failing Python extension must not stop a launch: the setting and PATH still work.
    return undefined;
  }
}

function environmentsApi(exports: unknown): PythonEnvironmentsApi | undefined {
  if (!isRecord(exports) || !isRecord(exports.environments)) return undefined;
  const environments = exports.environments;
  if (typeof environments.getActiveEnvironmentPath !== 'function') return undefined;
  if (typeof environments.resolveEnvironment !== 'function') return undefined;
  return environments as unknown as PythonEnvironmentsApi;
}

/** `resolved.executable.uri.fsPath` of a resolved environment, checked field by field. */
function executablePath(resolved: unknown): string | undefined {
  if (!isRecord(resolved) || !isRecord(resolved.executable)) return undefined;
  const uri = resolved.executable.uri;
  return isRecord(uri) && typeof uri.fsPath === 'string' ? uri.fsPath : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function nodeLocatorHost(): LocatorHost {
  return {
    platform: process.platform,
    envPath: process.env.PATH ?? process.env.Path ?? '',
    pathExt: process.env.PATHEXT,
    isExecutable: async (file) => {
      try {
        if (!(await stat(file)).isFile()) return false;
        if (process.platform !== 'win32') await access(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
    isDirectory: (dir) =>
      stat(dir).then(
        (s) => s.isDirectory(),
        () => false,
      ),
  };
}
