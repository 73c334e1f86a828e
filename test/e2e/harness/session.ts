// A code-server session: the real VS Code workbench served on 127.0.0.1 and driven by Debian's
// Chromium through playwright-core. Its workbench helpers come from Workbench (views, quick input,
// editors); this file owns the lifecycle: start, screenshots and logs, close.
// Nothing here downloads anything; the only network traffic is to the loopback code-server.
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { E2EConfig } from './config';
import { Workbench } from './editors';
import { spawnCodeServer, stopCodeServer, waitForServer, type ServerOptions } from './server';

export interface StartOptions extends ServerOptions {
  /** Folder to open in the workbench. */
  workspace: string;
  /** Temp parent for user data etc.; a new one is made when omitted. */
  tempDir?: string;
  viewport?: { width: number; height: number };
  /** Time allowed for code-server to answer and the workbench to render. */
  startTimeoutMs?: number;
}

const CHROMIUM_ARGS = [
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
];

export class CodeServerSession extends Workbench {
  private logLines: string[] = [];
  private closed = false;
  private server: ChildProcess | undefined;
  private port = 0;
  private browser: Browser | undefined;
  private pageOrUndefined: Page | undefined;

  private constructor(
    readonly config: E2EConfig,
    readonly workspace: string,
    readonly tempDir: string,
  ) {
    super();
  }

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
    mkdirSync(config.outputDir, { recursive: true });
    const session = new CodeServerSession(config, options.workspace, tempDir);
    const { server, port } = await spawnCodeServer(config, tempDir, options, (text) => {
      session.logLines.push(text);
      if (config.verbose) process.stderr.write(`[code-server] ${text}`);
    });
    session.server = server;
    session.port = port;
    try {
      await waitForServer(server, port, startTimeoutMs);
      await session.openBrowser(
        options.viewport ?? { width: 1400, height: 900 },
        startTimeoutMs,
        options.locale ?? 'en-US',
      );
    } catch (error) {
      await session.close().catch(() => undefined);
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\n--- code-server log ---\n${session.log}`,
      );
    }
    return session;
  }

  private async openBrowser(
    viewport: { width: number; height: number },
    timeoutMs: number,
    locale: string,
  ): Promise<void> {
    this.browser = await chromium.launch({
      executablePath: this.config.chromium,
      args: CHROMIUM_ARGS,
      timeout: timeoutMs,
    });
    const context = await this.browser.newContext({ viewport, locale, timezoneId: 'UTC' });
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

  /** The lines the browser logged as errors so far ([browser] console errors, [page error]s). */
  browserErrors(): string[] {
    return this.log
      .split('\n')
      .filter((line) => line.startsWith('[browser]') || line.startsWith('[page error]'));
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

  /** Closes the browser and kills code-server's process group; safe to call more than once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.browser?.close();
    } catch {
      // the browser may already be gone
    }
    if (this.server) await stopCodeServer(this.server);
    if (!this.config.keepTemp) rmSync(this.tempDir, { recursive: true, force: true });
  }
}
