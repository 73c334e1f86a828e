// The process a launch task starts (bundled as dist/launchWrapper.js, run by the extension host's
// own Node): it runs the launch's commands without a shell, then writes their exit code and
// standard error to the result file and exits with the same code. It never imports vscode.
import { renameSync, writeFileSync } from 'node:fs';
import { decodeSpec, SPEC_VARIABLE, type LaunchResult } from '../core/launch/launchProcess';
import { runLaunch } from '../core/launch/runLaunch';

async function main(): Promise<number> {
  const spec = decodeSpec(process.env[SPEC_VARIABLE]);
  if (!spec) {
    process.stderr.write(
      `MLOps Lens: this launch has no readable ${SPEC_VARIABLE}; run it again from VS Code.\n`,
    );
    return 2;
  }
  // The terminal may be gone (task terminated) while output is still being copied.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  const result = await runLaunch(spec, {
    write: (text) => process.stdout.write(text),
    stderr: (chunk) => process.stderr.write(chunk),
    stdio: ['inherit', 'inherit'],
    env: process.env,
    host: {
      platform: process.platform,
      shell: process.platform === 'win32' ? process.env.ComSpec : process.env.SHELL,
    },
  });
  writeResult(spec.resultFile, result);
  return result.exitCode;
}

/** Written whole (temporary file, then rename) so the extension never reads half a result. */
function writeResult(file: string, result: LaunchResult): void {
  try {
    writeFileSync(`${file}.tmp`, JSON.stringify(result));
    renameSync(`${file}.tmp`, file);
  } catch (error) {
    process.stderr.write(`MLOps Lens: could not write ${file}: ${String(error)}\n`);
  }
}

void main().then((code) => process.exit(code));
