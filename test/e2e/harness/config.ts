// What scripts/e2e.sh hands the end-to-end tests through the environment.
import { resolve } from 'node:path';

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

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

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
