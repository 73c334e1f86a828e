// One code-server session shared by all tests of a suite file (start-up is slow): started before the
// first test, its log saved and the session closed after the last, and steps that screenshot themselves.
import assert from 'node:assert/strict';
import { after, before, type TestContext } from 'node:test';
import type { E2EConfig } from './config';
import { CodeServerSession, type StartOptions } from './session';

export interface SuiteOptions {
  /** Screenshots are saved as <shotPrefix><step name>.png (or …-failed.png when the step throws). */
  shotPrefix: string;
  /** File name of code-server's log, saved after the last test (default code-server.log). */
  logName?: string;
  /** Also save the workbench's own logs (extension host, window) after the last test. */
  saveUserLogs?: boolean;
  /** Why later tests cannot go on before markReady() was called (see ready()). */
  notReady?: string;
  /** Makes the workspace (in a temp folder) and says how to start code-server on it. */
  prepare: (config: E2EConfig) => StartOptions;
}

export interface Suite {
  /** The session; throws when it did not start. */
  vs: () => CodeServerSession;
  /** The session, once a test called markReady(): later tests fail fast instead of timing out. */
  ready: () => CodeServerSession;
  markReady: () => void;
  /** Messages of every JavaScript dialog (alert, confirm, prompt) any frame of any session opened. */
  dialogs: string[];
  /** Runs a test step, then screenshots it; on failure, screenshots and notifications go to the test's diagnostics. */
  step: (t: TestContext, name: string, body: () => Promise<void>) => Promise<void>;
  /** Closes the session and starts another one (e.g. with other settings) for the tests that follow. */
  restart: (options: StartOptions) => Promise<CodeServerSession>;
}

/** Registers the before/after hooks of a suite that shares one session; call it inside describe(). */
export function useCodeServer(config: E2EConfig | undefined, options: SuiteOptions): Suite {
  let session: CodeServerSession | undefined;
  let isReady = false;
  const dialogs: string[] = [];

  const vs = (): CodeServerSession => {
    if (!session) throw new Error('code-server session did not start');
    return session;
  };
  const ready = (): CodeServerSession => {
    if (!isReady) throw new Error(options.notReady ?? 'the first test did not get ready (see its failure)');
    return vs();
  };
  const start = async (startOptions: StartOptions): Promise<CodeServerSession> => {
    assert.ok(config);
    session = await CodeServerSession.start(config, startOptions);
    session.collectDialogs(dialogs);
    return session;
  };
  const restart = async (startOptions: StartOptions): Promise<CodeServerSession> => {
    await vs().close();
    session = undefined;
    return start(startOptions);
  };

  const step = screenshotSteps(options.shotPrefix, () => session, vs);

  before(
    async () => {
      assert.ok(config);
      const startOptions = options.prepare(config);
      const started = Date.now();
      await start(startOptions);
      process.stderr.write(`# code-server workbench up in ${Date.now() - started} ms\n`);
    },
    { timeout: 120_000 },
  );

  after(async () => {
    if (!session) return;
    session.saveLog(options.logName);
    if (options.saveUserLogs) session.saveUserLogs();
    await session.close();
  });

  const markReady = (): void => {
    isReady = true;
  };
  return { vs, ready, markReady, dialogs, step, restart };
}

/** A step runner that screenshots each step as <shotPrefix><name>.png (<name>-failed.png when it throws). */
function screenshotSteps(
  shotPrefix: string,
  session: () => CodeServerSession | undefined,
  vs: () => CodeServerSession,
): Suite['step'] {
  return async (t, name, body) => {
    const shot = `${shotPrefix}${name}`;
    try {
      await body();
    } catch (error) {
      const failedShot = await session()
        ?.screenshot(`${shot}-failed`)
        .catch(() => undefined);
      if (failedShot) t.diagnostic(`screenshot: ${failedShot}`);
      const notes = await session()
        ?.notifications()
        .catch(() => []);
      if (notes && notes.length > 0) t.diagnostic(`notifications: ${JSON.stringify(notes)}`);
      throw error;
    }
    t.diagnostic(`screenshot: ${await vs().screenshot(shot)}`);
  };
}
