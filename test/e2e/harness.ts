// End-to-end harness: runs the real VS Code workbench (code-server) on 127.0.0.1, drives it with
// Debian's Chromium through playwright-core, and offers small helpers to read and act on views.
// Nothing here downloads anything; the only network traffic is to the loopback code-server.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** What scripts/e2e.sh hands the tests through the environment. */
export interface E2EConfig {
  /** Path of the code-server binary (scripts/code-server.sh prints it). */
  codeServer: string;
  /** An --extensions-dir into which the packaged extension was installed (may be empty for a plain run). */
  extensionsDir: string;
  /** Chromium binary; Debian's by default. */
  chromium: string;
  /** Where screenshots and logs go. */
  outputDir: string;
  /** Keep temp folders (workspace, user data) after the run, for debugging. */
  keepTemp: boolean;
  /** Echo code-server's output to stderr as it comes. */
  verbose: boolean;
}

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Reads the configuration from the environment; undefined when the e2e prerequisites are not given. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): E2EConfig | undefined {
  const codeServer = env.MLOPS_LENS_E2E_CODE_SERVER;
  const extensionsDir = env.MLOPS_LENS_E2E_EXTENSIONS_DIR;
  if (!codeServer || !extensionsDir) return undefined;
  return {
    codeServer,
    extensionsDir,
    chromium: env.MLOPS_LENS_E2E_CHROMIUM || '/usr/bin/chromium',
    outputDir: resolve(REPO_ROOT, env.MLOPS_LENS_E2E_OUTPUT || 'test-output/e2e'),
    keepTemp: env.MLOPS_LENS_E2E_KEEP === '1',
    verbose: env.MLOPS_LENS_E2E_VERBOSE === '1',
  };
}

export const SKIP_REASON =
  'e2e prerequisites missing (MLOPS_LENS_E2E_CODE_SERVER, MLOPS_LENS_E2E_EXTENSIONS_DIR): run scripts/e2e.sh';

// ---------------------------------------------------------------------------------------------
// Waiting

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Describes what was awaited, for the timeout error. */
  what: string;
}

/**
 * Polls `probe` until it returns a value other than undefined/false/null, and returns that value.
 * Errors thrown by the probe count as "not yet"; the last one is reported on timeout.
 */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  { timeoutMs, intervalMs = 100, what }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = undefined;
  let lastError: unknown = undefined;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      last = value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail =
        lastError instanceof Error ? `last error: ${lastError.message}` : `last value: ${String(last)}`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (${detail})`);
    }
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// ---------------------------------------------------------------------------------------------
// Processes and files

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

/** Copies the committed fixtures into a fresh temp folder; tests may change the copy freely. */
export function copyFixtures(source: string, parent: string, name: string): string {
  const target = join(parent, name);
  cpSync(source, target, { recursive: true });
  return target;
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

// ---------------------------------------------------------------------------------------------
// Tree rows

export interface TreeRow {
  /** Position among the rendered rows of the view (top to bottom). */
  index: number;
  label: string;
  description: string;
  /** aria-level: 1 for top-level nodes. */
  level: number;
  /** true/false for collapsible rows, undefined for leaves. */
  expanded: boolean | undefined;
  ariaLabel: string;
  /** The row's hover title, when VS Code put one in the DOM. */
  title: string;
}

/** The path of each row: labels of its ancestors and its own, derived from aria-level. */
export function rowPaths(rows: readonly TreeRow[]): string[][] {
  const stack: string[] = [];
  return rows.map((row) => {
    stack.length = Math.max(0, row.level - 1);
    stack.push(row.label);
    return [...stack];
  });
}

/** The row at `path` (labels from the top level down), if rendered. */
export function findRow(rows: readonly TreeRow[], path: readonly string[]): TreeRow | undefined {
  const paths = rowPaths(rows);
  const i = paths.findIndex((p) => p.length === path.length && p.every((label, k) => label === path[k]));
  return i < 0 ? undefined : rows[i];
}

/** The direct children of the row at `path` (all top-level rows for an empty path). */
export function childRows(rows: readonly TreeRow[], path: readonly string[]): TreeRow[] {
  const paths = rowPaths(rows);
  return rows.filter((_, i) => {
    const p = paths[i]!;
    return p.length === path.length + 1 && path.every((label, k) => label === p[k]);
  });
}

/** A compact text rendering of rows, for messages and logs. */
export function formatRows(rows: readonly TreeRow[]): string {
  return rows
    .map((r) => {
      const twist = r.expanded === undefined ? ' ' : r.expanded ? 'v' : '>';
      return `${'  '.repeat(r.level - 1)}${twist} ${r.label}${r.description ? `  — ${r.description}` : ''}`;
    })
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// The session

export interface StartOptions {
  /** Folder to open in the workbench. */
  workspace: string;
  /** Temp parent for user data etc.; a new one is made when omitted. */
  tempDir?: string;
  /** Extra user settings on top of USER_SETTINGS. */
  settings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
  /** Time allowed for code-server to answer and the workbench to render. */
  startTimeoutMs?: number;
  /** Extra environment for code-server and its extension host (not PATH: code-server takes the login shell's). */
  env?: Record<string, string>;
  /** Leave workspace trust on (no --disable-workspace-trust): the folder opens in Restricted Mode. */
  workspaceTrust?: boolean;
}

export class CodeServerSession {
  private logLines: string[] = [];
  private closed = false;

  private constructor(
    readonly config: E2EConfig,
    readonly port: number,
    readonly workspace: string,
    readonly tempDir: string,
    private readonly server: ChildProcess,
    private browser: Browser | undefined,
    private pageOrUndefined: Page | undefined,
  ) {}

  get page(): Page {
    if (!this.pageOrUndefined) throw new Error('no page');
    return this.pageOrUndefined;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(this.workspace)}`;
  }

  /** code-server's output so far. */
  get log(): string {
    return this.logLines.join('');
  }

  static async start(config: E2EConfig, options: StartOptions): Promise<CodeServerSession> {
    const startTimeoutMs = options.startTimeoutMs ?? 90_000;
    const tempDir = options.tempDir ?? mkdtempSync(join(tmpdir(), 'mlops-lens-e2e-'));
    const userDataDir = join(tempDir, 'user-data');
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    mkdirSync(config.outputDir, { recursive: true });
    writeFileSync(
      join(userDataDir, 'User', 'settings.json'),
      JSON.stringify(
        {
          ...USER_SETTINGS,
          ...(options.workspaceTrust ? { 'security.workspace.trust.enabled': true } : {}),
          ...options.settings,
        },
        null,
        2,
      ),
    );
    const port = await freePort();
    const configFile = join(tempDir, 'code-server.yaml');
    writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    const args = [
      '--config',
      configFile,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      config.extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--locale',
      'en',
    ];
    const server = spawn(config.codeServer, args, {
      cwd: tempDir,
      env: { ...codeServerEnv(), ...options.env },
      detached: true, // own process group, so the extension host goes down with it
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (server.pid === undefined) throw new Error(`could not start ${config.codeServer}`);
    liveGroups.add(server.pid);
    const session = new CodeServerSession(
      config,
      port,
      options.workspace,
      tempDir,
      server,
      undefined,
      undefined,
    );
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      session.logLines.push(text);
      if (config.verbose) process.stderr.write(`[code-server] ${text}`);
    };
    server.stdout?.on('data', onData);
    server.stderr?.on('data', onData);
    try {
      await session.waitForServer(startTimeoutMs);
      await session.openBrowser(options.viewport ?? { width: 1400, height: 900 }, startTimeoutMs);
    } catch (error) {
      await session.close().catch(() => undefined);
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\n--- code-server log ---\n${session.log}`,
      );
    }
    return session;
  }

  private async waitForServer(timeoutMs: number): Promise<void> {
    let exited: string | undefined;
    this.server.once('exit', (code, signal) => {
      exited = `code-server exited (code ${code}, signal ${signal})`;
    });
    await waitUntil(
      async () => {
        if (exited) throw new Error(exited);
        const response = await fetch(`http://127.0.0.1:${this.port}/healthz`).catch(() => undefined);
        return response?.ok === true;
      },
      { timeoutMs, intervalMs: 250, what: `code-server on 127.0.0.1:${this.port}` },
    ).catch((error: unknown) => {
      throw exited ? new Error(exited) : error;
    });
  }

  private async openBrowser(viewport: { width: number; height: number }, timeoutMs: number): Promise<void> {
    this.browser = await chromium.launch({
      executablePath: this.config.chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-default-apps',
        '--disable-features=Translate,MediaRouter,OptimizationHints',
        // Only the loopback server resolves: nothing reaches out.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ],
      timeout: timeoutMs,
    });
    const context = await this.browser.newContext({ viewport, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    this.pageOrUndefined = page;
    page.on('console', (message) => {
      if (message.type() === 'error') this.logLines.push(`[browser] ${message.text()}\n`);
    });
    page.on('pageerror', (error) => this.logLines.push(`[page error] ${error.message}\n`));
    await page.goto(this.url, { timeout: timeoutMs });
    await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
    // The workbench is usable once the activity bar and the status bar are rendered.
    await page.waitForSelector('.activitybar .action-item', { timeout: timeoutMs });
    await page.waitForSelector('.statusbar', { timeout: timeoutMs });
  }

  /** Writes a PNG of the whole window to <outputDir>/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    const path = join(this.config.outputDir, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /** Copies the workbench's logs (extension host, window, server) to <outputDir>/logs. */
  saveUserLogs(): string {
    const target = join(this.config.outputDir, 'logs');
    const source = join(this.tempDir, 'user-data', 'logs');
    if (existsSync(source)) cpSync(source, target, { recursive: true });
    return target;
  }

  /** Saves code-server's log next to the screenshots. */
  saveLog(name = 'code-server.log'): string {
    const path = join(this.config.outputDir, name);
    mkdirSync(this.config.outputDir, { recursive: true });
    writeFileSync(path, this.log);
    return path;
  }

  // --- views ----------------------------------------------------------------------------------

  /** The activity-bar entry of a view container, by its title (e.g. "MLOps", "Explorer"). */
  activityBarItem(title: string): Locator {
    const item = '.activitybar .action-item a.action-label';
    return this.page.locator(`${item}[aria-label="${title}"], ${item}[aria-label^="${title} ("]`);
  }

  /** Shows a view container in the side bar (does not toggle it away when it is already shown). */
  async openViewContainer(title: string, timeoutMs = 20_000): Promise<void> {
    const item = this.activityBarItem(title);
    try {
      await item.first().waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      const seen = await this.page
        .locator('.activitybar .action-item a.action-label')
        .evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
      throw new Error(
        `no view container "${title}" in the activity bar after ${timeoutMs} ms; items: ${JSON.stringify(seen)}`,
      );
    }
    const checked = await item.first().evaluate((el) => {
      const li = el.closest('.action-item');
      return li?.classList.contains('checked') === true || el.getAttribute('aria-expanded') === 'true';
    });
    if (!checked) await item.first().click();
    await waitUntil(
      () => item.first().evaluate((el) => el.closest('.action-item')?.classList.contains('checked') === true),
      { timeoutMs, what: `view container "${title}" to be shown` },
    );
  }

  /** Drags the side bar's edge so that it is about `width` pixels wide (for readable screenshots). */
  async resizeSideBar(width: number): Promise<void> {
    const sideBar = await this.page.locator('.part.sidebar').boundingBox();
    if (!sideBar) return;
    const y = sideBar.y + sideBar.height / 2;
    const x = sideBar.x + sideBar.width - 1;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(sideBar.x + width, y, { steps: 5 });
    await this.page.mouse.up();
    await this.page.mouse.move(0, 0);
  }

  /** The pane of a view in the side bar (or panel), by the view's title. */
  viewPane(viewTitle: string): Locator {
    return this.page.locator('.pane').filter({
      has: this.page.locator('.pane-header h3.title', {
        hasText: new RegExp(`^\\s*${escapeRegExp(viewTitle)}\\s*$`, 'i'),
      }),
    });
  }

  /** Expands a view's section when it is collapsed inside its container. */
  async ensureViewExpanded(viewTitle: string, timeoutMs = 10_000): Promise<void> {
    const pane = this.viewPane(viewTitle).first();
    await pane.waitFor({ state: 'attached', timeout: timeoutMs });
    const header = pane.locator('.pane-header').first();
    const expanded = await header.getAttribute('aria-expanded');
    if (expanded === 'false' && (await header.isVisible())) await header.click();
  }

  /** The rendered rows of a tree view (only what is scrolled into view is in the DOM). */
  async treeRows(viewTitle: string): Promise<TreeRow[]> {
    const pane = this.viewPane(viewTitle).first();
    // No named helpers inside: the callback runs in the page, where tsx's __name shim is missing.
    const rows = await pane.locator('.pane-body .monaco-list-row').evaluateAll((elements) =>
      elements.map((el) => {
        const expandedAttr = el.getAttribute('aria-expanded');
        return {
          index: Number(el.getAttribute('data-index') ?? '0'),
          label: el.querySelector('.label-name')?.textContent?.trim() ?? '',
          description: el.querySelector('.label-description')?.textContent?.trim() ?? '',
          level: Number(el.getAttribute('aria-level') ?? '1'),
          expanded: expandedAttr === null ? undefined : expandedAttr === 'true',
          ariaLabel: el.getAttribute('aria-label') ?? '',
          title: el.querySelector('[title]')?.getAttribute('title') ?? '',
        };
      }),
    );
    return rows.sort((a, b) => a.index - b.index);
  }

  /** Waits until the rows of a view satisfy `check`, and returns them. */
  async waitForRows(
    viewTitle: string,
    check: (rows: TreeRow[]) => boolean,
    what: string,
    timeoutMs = 15_000,
  ): Promise<TreeRow[]> {
    let last: TreeRow[] = [];
    try {
      return await waitUntil(
        async () => {
          last = await this.treeRows(viewTitle);
          return check(last) ? last : undefined;
        },
        { timeoutMs, intervalMs: 150, what },
      );
    } catch (error) {
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\nrows of "${viewTitle}":\n${formatRows(last)}`,
      );
    }
  }

  /** The DOM row of the tree item at `path` (labels from the top level down). */
  private async rowLocator(viewTitle: string, path: readonly string[], timeoutMs: number): Promise<Locator> {
    const rows = await this.waitForRows(
      viewTitle,
      (r) => findRow(r, path) !== undefined,
      `row ${path.join(' › ')}`,
      timeoutMs,
    );
    const row = findRow(rows, path)!;
    return this.viewPane(viewTitle).first().locator(`.pane-body .monaco-list-row[data-index="${row.index}"]`);
  }

  /** Expands the tree item at `path` (no-op if it is already expanded) and waits for its children. */
  async expandRow(viewTitle: string, path: readonly string[], timeoutMs = 15_000): Promise<TreeRow[]> {
    const row = await this.rowLocator(viewTitle, path, timeoutMs);
    if ((await row.getAttribute('aria-expanded')) === 'false')
      await row.locator('.monaco-tl-twistie').click();
    return this.waitForRows(
      viewTitle,
      (rows) => findRow(rows, path)?.expanded === true && childRows(rows, path).length > 0,
      `children of ${path.join(' › ')}`,
      timeoutMs,
    );
  }

  /** Collapses the tree item at `path` (no-op if it is already collapsed). */
  async collapseRow(viewTitle: string, path: readonly string[], timeoutMs = 15_000): Promise<TreeRow[]> {
    const row = await this.rowLocator(viewTitle, path, timeoutMs);
    if ((await row.getAttribute('aria-expanded')) === 'true') await row.locator('.monaco-tl-twistie').click();
    return this.waitForRows(
      viewTitle,
      (rows) => findRow(rows, path)?.expanded === false,
      `${path.join(' › ')} collapsed`,
      timeoutMs,
    );
  }

  /** Runs the view's "Collapse All" title action (from the pane header, or the side bar title when merged). */
  async collapseAll(viewTitle: string, timeoutMs = 10_000): Promise<void> {
    const inPane = this.viewPane(viewTitle)
      .first()
      .locator('.pane-header .actions a.action-label[aria-label="Collapse All"]');
    const inTitle = this.page.locator(
      '.part.sidebar > .composite.title a.action-label[aria-label="Collapse All"]',
    );
    await this.viewPane(viewTitle).first().hover(); // pane actions show only while hovered
    const button = (await inPane.isVisible().catch(() => false)) ? inPane : inTitle;
    await button.first().click({ timeout: timeoutMs });
    await this.waitForRows(
      viewTitle,
      (rows) => rows.every((r) => r.level === 1 && r.expanded !== true),
      'all rows collapsed',
      timeoutMs,
    );
  }

  /** The message a tree view shows above its rows (e.g. the active filter), or '' when none. */
  async viewMessage(viewTitle: string): Promise<string> {
    const message = this.viewPane(viewTitle).first().locator('.pane-body .message:not(.hide)');
    if ((await message.count()) === 0 || !(await message.first().isVisible())) return '';
    return (await message.first().innerText()).trim();
  }

  /** Hovers a tree item and returns the text of the hover that VS Code shows for it. */
  async hoverRow(viewTitle: string, path: readonly string[], timeoutMs = 10_000): Promise<string> {
    const row = await this.rowLocator(viewTitle, path, timeoutMs);
    await this.page.mouse.move(0, 0);
    await row.locator('.monaco-icon-label').first().hover();
    const hover = this.page.locator('.workbench-hover, .monaco-hover').filter({ hasText: /\S/ }).last();
    await hover.waitFor({ state: 'visible', timeout: timeoutMs });
    const text = (await hover.innerText()).trim();
    await this.page.mouse.move(0, 0);
    return text;
  }

  // --- commands and quick input -----------------------------------------------------------------

  /** The quick input widget (command palette, input boxes, quick picks). */
  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Opens the command palette with F1, types `title`, and runs the entry whose label is `title`. */
  async runCommand(title: string, timeoutMs = 15_000): Promise<void> {
    await this.dismissQuickInput();
    await this.focusWorkbench();
    await this.page.keyboard.press('F1');
    const input = this.quickInput.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.fill(`>${title}`);
    const entry = this.quickInput.locator('.quick-input-list .monaco-list-row').filter({
      has: this.page.locator('.label-name', {
        hasText: new RegExp(`^\\s*${escapeRegExp(title.trim())}\\s*$`, 'i'),
      }),
    });
    try {
      await entry.first().waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      const seen = await this.quickInput
        .locator('.quick-input-list .monaco-list-row .label-name')
        .allInnerTexts();
      throw new Error(`command "${title}" not in the command palette; entries: ${JSON.stringify(seen)}`);
    }
    await entry.first().click();
  }

  /** Types into the open input box (e.g. one that a command opened) and confirms with Enter. */
  async typeInInputBox(text: string, options: { submit?: boolean; timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const input = this.quickInput.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.fill(text);
    if (options.submit ?? true) {
      await input.press('Enter');
      await this.quickInput.waitFor({ state: 'hidden', timeout: timeoutMs });
    }
  }

  /** The prompt / placeholder of the open input box. */
  async inputBoxPrompt(timeoutMs = 10_000): Promise<{ placeholder: string; message: string }> {
    const input = this.quickInput.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    return {
      placeholder: (await input.getAttribute('placeholder')) ?? '',
      message: (
        (await this.quickInput
          .locator('.quick-input-message')
          .first()
          .textContent()
          .catch(() => '')) ?? ''
      ).trim(),
    };
  }

  /** Closes an open quick input, if any. */
  async dismissQuickInput(): Promise<void> {
    if (await this.quickInput.isVisible().catch(() => false)) {
      await this.page.keyboard.press('Escape');
      await this.quickInput.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    }
  }

  /** Gives keyboard focus to the workbench (not to an input or hover). */
  async focusWorkbench(): Promise<void> {
    await this.page.bringToFront();
    const active = await this.page.evaluate(() => document.activeElement?.tagName ?? '');
    if (active === '' || active === 'BODY') {
      await this.page
        .locator('.statusbar')
        .click({ position: { x: 2, y: 2 } })
        .catch(() => undefined);
    }
  }

  /** Texts of the notification toasts currently shown. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
  }

  // --- shutdown -------------------------------------------------------------------------------

  /** Closes the browser and kills code-server's process group; safe to call more than once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.browser?.close();
    } catch {
      // the browser may already be gone
    }
    const pid = this.server.pid;
    if (pid !== undefined) {
      const exited = new Promise<void>((r) => {
        if (this.server.exitCode !== null || this.server.signalCode !== null) r();
        else this.server.once('exit', () => r());
      });
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      // Stragglers in the group (extension host, file watchers): make sure they are gone too.
      killGroup(pid, 'SIGKILL');
      liveGroups.delete(pid);
    }
    if (!this.config.keepTemp) rmSync(this.tempDir, { recursive: true, force: true });
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// MLflow file store helpers (for the copied workspace only)

/** The folder of the run named `runName` in a file store (`mlruns/<exp>/<run>`), found through meta.yaml. */
export function findFileStoreRun(mlruns: string, runName: string): string {
  for (const exp of readdirSync(mlruns, { withFileTypes: true })) {
    if (!exp.isDirectory() || exp.name === '.trash' || exp.name === 'models') continue;
    for (const run of readdirSync(join(mlruns, exp.name), { withFileTypes: true })) {
      if (!run.isDirectory()) continue;
      const dir = join(mlruns, exp.name, run.name);
      const meta = join(dir, 'meta.yaml');
      if (!existsSync(meta)) continue;
      const text = readFileSync(meta, 'utf8');
      const nameLine = /^run_name:\s*(.*)$/m
        .exec(text)?.[1]
        ?.trim()
        .replace(/^['"]|['"]$/g, '');
      const tag = join(dir, 'tags', 'mlflow.runName');
      const tagName = existsSync(tag) ? readFileSync(tag, 'utf8').trim() : undefined;
      if (nameLine === runName || tagName === runName) return dir;
    }
  }
  throw new Error(`run "${runName}" not found under ${mlruns}`);
}
