import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import * as esbuild from 'esbuild';

const ROOT = path.join(__dirname, '..', '..');

test('dist/cli.js runs the CLI bundle with a V8 code cache it makes on first use', async () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-launcher-'));
  await esbuild.build({
    entryPoints: { cli: 'src/cli/launcher.ts', cliMain: 'src/cli/main.ts' },
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outdir: outDir,
    logLevel: 'error',
  });
  const codeCache = path.join(outDir, 'code-cache');
  const run = (args: string[]) =>
    spawnSync(process.execPath, [path.join(outDir, 'cli.js'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, MLOPS_LENS_CODE_CACHE: codeCache, MLOPS_LENS_INDEX_CACHE: outDir },
    });
  const version = (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;

  fs.mkdirSync(codeCache);
  fs.writeFileSync(path.join(codeCache, 'cliMain-1-2-v0.0.0-x64-runs.bin'), 'an older build');
  const first = run(['--version']);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stdout, `${version}\n`);
  const [cacheName, ...others] = fs.readdirSync(codeCache);
  assert.deepEqual(others, [], 'caches of other builds are removed');
  assert.match(cacheName, /^cliMain-\d+-\d+-v[\d.]+-\w+-other\.bin$/);
  const cacheFile = path.join(codeCache, cacheName);
  const written = fs.statSync(cacheFile).mtimeMs;

  // With the cache: same behaviour (exit codes and streams), and the cache is not rewritten.
  const usage = run(['runs', '--bogus']);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /unknown option '--bogus'/);
  const listed = run(['runs', '--json', path.join(ROOT, 'test', 'fixtures', 'mlflow', 'filestore')]);
  assert.equal(listed.status, 0, listed.stderr);
  assert.ok((JSON.parse(listed.stdout) as unknown[]).length > 0);
  assert.equal(fs.statSync(cacheFile).mtimeMs, written);

  // A cache V8 rejects (another build, damage) is replaced, never trusted.
  fs.writeFileSync(cacheFile, 'garbage');
  assert.equal(run(['--version']).stdout, `${version}\n`);
  assert.notEqual(fs.readFileSync(cacheFile, 'utf8'), 'garbage');

  // An unwritable cache folder only costs speed.
  const blocked = spawnSync(process.execPath, [path.join(outDir, 'cli.js'), '--version'], {
    encoding: 'utf8',
    env: { ...process.env, MLOPS_LENS_CODE_CACHE: path.join(cacheFile, 'not-a-folder') },
  });
  assert.equal(blocked.status, 0, blocked.stderr);
  assert.equal(blocked.stdout, `${version}\n`);
});
