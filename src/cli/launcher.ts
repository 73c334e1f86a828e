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

const COMMANDS = new Set(['runs', 'history', 'stages', 'scaffold']);

/**
 * One cache per command: V8 stores the functions compiled when the cache is made, and each
 * command compiles its own (the cache is made after the command ran).
 */
function codeCacheFile(): { file: string; key: string } {
  const stat = fs.statSync(bundle);
  const dir =
    process.env.MLOPS_LENS_CODE_CACHE || path.join(os.homedir(), '.cache', 'mlops-lens', 'code-cache');
  const command = COMMANDS.has(process.argv[2]) ? process.argv[2] : 'other';
  const key = `${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.version}-${process.arch}`;
  return { file: path.join(dir, `cliMain-${key}-${command}.bin`), key };
}

function readOptional(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Written once the command ran, so that the functions it compiled are in the cache too. Caches of
 * other builds or Node versions are removed: they would never be read again.
 */
function saveCodeCache(script: vm.Script, file: string, key: string): void {
  try {
    const dir = path.dirname(file);
    fs.mkdirSync(dir, { recursive: true });
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith('cliMain-') && !name.startsWith(`cliMain-${key}-`))
        fs.rmSync(path.join(dir, name), { force: true });
    }
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
  const { file: cacheFile, key } = codeCacheFile();
  const cachedData = readOptional(cacheFile);
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  if (cachedData === undefined || script.cachedDataRejected)
    process.once('exit', () => saveCodeCache(script, cacheFile, key));
  const body = script.runInThisContext() as CommonJsBody;
  const module = { exports: {} };
  body.call(module.exports, module.exports, require, module, bundle, __dirname);
}

start();
