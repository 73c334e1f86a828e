#!/usr/bin/env node
// `mlops-lens` entry (dist/cli.js): runs the CLI bundle (dist/cliMain.js) with a V8 code cache, as
// Node 22's module.enableCompileCache() would. Compiling the bundle is a fifth of a warm `runs`
// call; the cache is made on this machine (it depends on the V8 build) and kept beside the index
// cache, keyed by the bundle's size and mtime and the Node version.
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

type CommonJsBody = (
  exports: unknown,
  require: NodeJS.Require,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

const bundle = path.join(__dirname, 'cliMain.js');

function codeCacheFile(): string {
  const stat = fs.statSync(bundle);
  const dir =
    process.env.MLOPS_LENS_CODE_CACHE || path.join(os.homedir(), '.cache', 'mlops-lens', 'code-cache');
  const key = `${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.version}-${process.arch}`;
  return path.join(dir, `cliMain-${key}.bin`);
}

function readOptional(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Written once the command ran, so that the functions it compiled are in the cache too. */
function saveCodeCache(script: vm.Script, file: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, script.createCachedData());
    fs.renameSync(temporary, file);
  } catch {
    // Without a cache the CLI only starts a little slower.
  }
}

function start(): void {
  // A hashbang is valid only at the very start of a script; the wrapper goes before it.
  const source = fs.readFileSync(bundle, 'utf8').replace(/^#!/, '//');
  const cacheFile = codeCacheFile();
  const cachedData = readOptional(cacheFile);
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  if (cachedData === undefined || script.cachedDataRejected)
    process.once('exit', () => saveCodeCache(script, cacheFile));
  const body = script.runInThisContext() as CommonJsBody;
  const module = { exports: {} };
  body.call(module.exports, module.exports, require, module, bundle, __dirname);
}

start();
