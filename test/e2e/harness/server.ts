// The code-server process: its user settings, command line and environment, starting it on a free
// loopback port, waiting until it answers, and taking its whole process group down again.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { E2EConfig } from './config';
import { waitUntil } from './wait';

/** User settings that make a fresh workbench quiet and deterministic. */
export const USER_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.reduceMotion': 'on',
  'workbench.list.smoothScrolling': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.editor.enablePreview': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'workbench.commandPalette.experimental.suggestCommands': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'npm.autoDetect': 'off',
  'files.hotExit': 'off',
  'files.watcherExclude': {},
  'editor.accessibilitySupport': 'off',
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
  'accessibility.signalOptions.volume': 0,
};

/** How to run code-server for one session. */
export interface ServerOptions {
  /** Extra user settings on top of USER_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and its extension host (not PATH: code-server takes the login shell's). */
  env?: Record<string, string>;
  /** Leave workspace trust on (no --disable-workspace-trust): the folder opens in Restricted Mode. */
  workspaceTrust?: boolean;
  /**
   * VS Code's display language (code-server --locale), `en` by default. Another language gets a stub
   * language pack (see registerStubLanguagePack): VS Code's own UI stays English, extensions get the
   * locale as vscode.env.language and load their package.nls.<locale>.json and bundle.l10n.<locale>.json.
   */
  locale?: string;
}

/** A free TCP port on 127.0.0.1 (asks the OS for one, then releases it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('no port'));
        return;
      }
      server.close(() => resolvePort(address.port));
    });
  });
}

/** Process groups to kill if node exits while a session is still up (crash, Ctrl-C). */
const liveGroups = new Set<number>();
function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
process.on('exit', () => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
    process.exit(130);
  });
}

/** Environment for code-server: no leaked VS Code IPC hooks, ports or passwords from the caller. */
function codeServerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VSCODE_') || key.startsWith('ELECTRON_')) continue;
    if (['PORT', 'PASSWORD', 'HASHED_PASSWORD', 'GITHUB_TOKEN', 'CODE_SERVER_CONFIG'].includes(key)) continue;
    env[key] = value;
  }
  // An empty gallery turns the marketplace off: no lookups beyond the loopback server.
  env.EXTENSIONS_GALLERY = '{}';
  return env;
}

/** Writes <tempDir>/user-data/User/settings.json and returns the user data folder. */
function writeUserData(tempDir: string, options: ServerOptions): string {
  const userDataDir = join(tempDir, 'user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  const settings = {
    ...USER_SETTINGS,
    ...(options.workspaceTrust ? { 'security.workspace.trust.enabled': true } : {}),
    ...options.settings,
  };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  if (options.locale && !options.locale.startsWith('en'))
    registerStubLanguagePack(userDataDir, options.locale);
  return userDataDir;
}

/**
 * code-server switches the workbench's language (and so vscode.env.language, which extensions read)
 * only when a language pack for it is registered in <user-data>/languagepacks.json; with none,
 * `--locale es` silently stays English. The marketplace is unreachable here, so this registers a
 * stub pack whose translations of VS Code itself are empty: VS Code's own UI stays English (each
 * missing message falls back to it), while extensions get `es` and load their Spanish files.
 */
function registerStubLanguagePack(userDataDir: string, locale: string): void {
  const packDir = join(userDataDir, `stub-language-pack-${locale}`);
  mkdirSync(packDir, { recursive: true });
  const translations = join(packDir, 'main.i18n.json');
  writeFileSync(translations, JSON.stringify({ contents: {} }));
  const packs = {
    [locale]: {
      hash: `stub-${locale}`,
      extensions: [
        { extensionIdentifier: { id: `mlops-lens-e2e.stub-language-pack-${locale}` }, version: '0.0.0' },
      ],
      translations: { vscode: translations },
      label: locale,
    },
  };
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify(packs));
}

/**
 * Starts code-server on a free loopback port with its own user data under `tempDir`, in a process
 * group of its own (so that the extension host goes down with it). Output goes to `onOutput`.
 */
export async function spawnCodeServer(
  config: E2EConfig,
  tempDir: string,
  options: ServerOptions,
  onOutput: (text: string) => void,
): Promise<{ server: ChildProcess; port: number }> {
  const userDataDir = writeUserData(tempDir, options);
  const port = await freePort();
  const configFile = join(tempDir, 'code-server.yaml');
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    ...['--config', configFile, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`],
    ...['--user-data-dir', userDataDir, '--extensions-dir', config.extensionsDir],
    ...['--disable-telemetry', '--disable-update-check'],
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    ...['--disable-getting-started-override', '--ignore-last-opened', '--locale', options.locale ?? 'en'],
  ];
  const server = spawn(config.codeServer, args, {
    cwd: tempDir,
    env: { ...codeServerEnv(), ...options.env },
    detached: true, // own process group, so the extension host goes down with it
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (server.pid === undefined) throw new Error(`could not start ${config.codeServer}`);
  liveGroups.add(server.pid);
  const onData = (chunk: Buffer): void => onOutput(chunk.toString());
  server.stdout?.on('data', onData);
  server.stderr?.on('data', onData);
  return { server, port };
}

/** Waits until code-server answers its health check, or fails at once when it exits. */
export async function waitForServer(server: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  let exited: string | undefined;
  server.once('exit', (code, signal) => {
    exited = `code-server exited (code ${code}, signal ${signal})`;
  });
  await waitUntil(
    async () => {
      if (exited) throw new Error(exited);
      const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      return response?.ok === true;
    },
    { timeoutMs, intervalMs: 250, what: `code-server on 127.0.0.1:${port}` },
  ).catch((error: unknown) => {
    throw exited ? new Error(exited) : error;
  });
}

/** Stops code-server (SIGTERM, SIGKILL after 5 s) and whatever is left of its process group. */
export async function stopCodeServer(server: ChildProcess): Promise<void> {
  const pid = server.pid;
  if (pid === undefined) return;
  const exited = new Promise<void>((r) => {
    if (server.exitCode !== null || server.signalCode !== null) r();
    else server.once('exit', () => r());
  });
  killGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  // Stragglers in the group (extension host, file watchers): make sure they are gone too.
  killGroup(pid, 'SIGKILL');
  liveGroups.delete(pid);
}
