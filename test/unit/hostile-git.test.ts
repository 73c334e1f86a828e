// A repository's .git/config names programs Git runs (a promisor remote's uploadpack, ssh commands,
// fsmonitor, hooks, pagers, external diffs). Reading the repository — the CLI's `runs`, and the
// core readers the extension uses — must never run any of them.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  findGitExecutable,
  hardenedGitCommand,
  hardenedGitEnv,
  setGitWorkspaceTrust,
  GitRefusedError,
} from '../../src/core/git/hardenedGit';
import { readDvcRepo } from '../../src/core/index/dvcStores';
import { readDvcExperiments } from '../../src/core/sources/dvcExperiments/experiments';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURE = path.join(ROOT, 'test/fixtures/dvc-exp/repo.tar.gz');
/** tsx by its path: the CLI runs with the hostile repository as its working folder. */
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
/** An experiment of the fixture whose params.yaml blob no other commit shares. */
const NAMED_EXP = 'refs/exps/78/0735f500ee1837fb8d3e5bc7fd8212ed8b307d/named-exp';
const posixOnly = process.platform === 'win32' ? 'shell scripts stand in for programs' : false;

const scratches: string[] = [];
after(() => {
  for (const dir of scratches) fs.rmSync(dir, { recursive: true, force: true });
});

interface Hostile {
  repo: string;
  marker: string;
  /** `touch <marker>`: the command each hostile setting runs. */
  touch: string;
}

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
}

/** A fresh copy of the DVC experiments fixture; `marker` must never appear. */
function hostileRepo(): Hostile {
  const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-hostile-git-')));
  scratches.push(scratch);
  execFileSync('tar', ['-xzf', FIXTURE, '-C', scratch]);
  const marker = path.join(scratch, 'pwned');
  return { repo: path.join(scratch, 'repo'), marker, touch: `touch '${marker}'` };
}

/** Makes the repository a partial clone whose promisor remote is `url`, with one blob missing. */
function partialClone(repo: string, url: string, remote: Record<string, string> = {}): void {
  git(repo, 'config', 'core.repositoryformatversion', '1');
  git(repo, 'config', 'extensions.partialClone', 'origin');
  git(repo, 'config', 'remote.origin.url', url);
  git(repo, 'config', 'remote.origin.promisor', 'true');
  for (const [key, value] of Object.entries(remote)) git(repo, 'config', key, value);
  const blob = git(repo, 'rev-parse', `${NAMED_EXP}:params.yaml`);
  fs.rmSync(path.join(repo, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
}

/** Every other program a .git/config can name, each touching the marker. */
function configureEverything({ repo, touch }: Hostile): void {
  git(repo, 'config', 'core.fsmonitor', `${touch}; false`);
  git(repo, 'config', 'core.pager', `${touch}; cat`);
  git(repo, 'config', 'pager.cat-file', 'true');
  git(repo, 'config', 'pager.ls-files', 'true');
  git(repo, 'config', 'diff.external', `${touch}; false`);
  git(repo, 'config', 'core.sshCommand', `${touch}; false`);
  git(repo, 'config', 'protocol.file.allow', 'always');
  git(repo, 'config', 'protocol.ext.allow', 'always');
  for (const hook of ['post-checkout', 'post-index-change', 'reference-transaction', 'pre-auto-gc']) {
    const file = path.join(repo, '.git', 'hooks', hook);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `#!/bin/sh\n${touch}\n`, { mode: 0o755 });
  }
}

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-cache-'));
  scratches.push(cache);
  return spawnSync(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...env, MLOPS_LENS_INDEX_CACHE: cache },
  });
}

function assertNotRun(marker: string): void {
  assert.equal(fs.existsSync(marker), false, 'a program named by the repository ran');
}

describe('a hostile .git/config runs nothing', { skip: posixOnly }, () => {
  it("a partial clone's promisor uploadpack does not run: mlops-lens runs", () => {
    const hostile = hostileRepo();
    partialClone(hostile.repo, path.join(hostile.repo, '..', 'nowhere'), {
      'remote.origin.uploadpack': `${hostile.touch}; git-upload-pack`,
    });
    const result = cli(['runs', '.'], hostile.repo);
    assertNotRun(hostile.marker);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /named-exp/);
  });

  it('not even with protocol.file.allow=always in the repository: the core reader', async () => {
    const hostile = hostileRepo();
    partialClone(hostile.repo, path.join(hostile.repo, '..', 'nowhere'), {
      'remote.origin.uploadpack': `${hostile.touch}; git-upload-pack`,
      'protocol.file.allow': 'always',
    });
    const entry = await readDvcRepo(hostile.repo, undefined, 20);
    assertNotRun(hostile.marker);
    assert.ok(entry.rows.some((row) => row.name === 'named-exp'));
  });

  it('an ssh promisor remote does not start core.sshCommand', async () => {
    const hostile = hostileRepo();
    partialClone(hostile.repo, 'ssh://example.invalid/repo.git', {
      'core.sshCommand': `${hostile.touch}; false`,
      'protocol.ssh.allow': 'always',
    });
    await readDvcExperiments(hostile.repo);
    assertNotRun(hostile.marker);
  });

  it('an ext:: promisor remote does not run its command', async () => {
    const hostile = hostileRepo();
    partialClone(hostile.repo, `ext::sh -c touch% ${hostile.marker}`, { 'protocol.ext.allow': 'always' });
    await readDvcExperiments(hostile.repo);
    assertNotRun(hostile.marker);
  });

  it('core.fsmonitor does not run when Git lists the working tree', async () => {
    const hostile = hostileRepo();
    git(hostile.repo, 'config', 'core.fsmonitor', `${hostile.touch}; false`);
    const { rows } = await readDvcExperiments(hostile.repo);
    assertNotRun(hostile.marker);
    assert.equal(rows[0]?.kind, 'workspace');
  });

  it('fsmonitor, pager, diff.external, sshCommand, hooks and a promisor remote at once: runs, history, stages', () => {
    const hostile = hostileRepo();
    configureEverything(hostile);
    partialClone(hostile.repo, path.join(hostile.repo, '..', 'nowhere'), {
      'remote.origin.uploadpack': `${hostile.touch}; git-upload-pack`,
    });
    const runs = cli(['runs', '--json', '.'], hostile.repo);
    assert.equal(runs.status, 0, runs.stderr);
    const runId = (JSON.parse(runs.stdout) as { id: string; name: string }[]).find(
      (r) => r.name === 'named-exp',
    )?.id;
    assert.ok(runId);
    assert.equal(cli(['history', runId, 'eval.score', '.'], hostile.repo).status, 0);
    assert.equal(cli(['stages', '.'], hostile.repo).status, 0);
    assertNotRun(hostile.marker);
  });

  it('a git program in the repository folder is never started, even with . on PATH', () => {
    const hostile = hostileRepo();
    fs.writeFileSync(path.join(hostile.repo, 'git'), `#!/bin/sh\n${hostile.touch}\n`, { mode: 0o755 });
    const result = cli(['runs', '.'], hostile.repo, {
      ...process.env,
      PATH: `.${path.delimiter}${process.env.PATH ?? ''}`,
    });
    assertNotRun(hostile.marker);
    assert.match(result.stdout, /named-exp/);
  });
});

describe('how Git is started', () => {
  it('drops GIT_* variables and sets the hardening ones', () => {
    const env = hardenedGitEnv({
      PATH: '/usr/bin',
      GIT_DIR: '/elsewhere',
      GIT_CONFIG_PARAMETERS: "'core.pager'='x'",
      GIT_ALLOW_PROTOCOL: 'file:ext',
      git_external_diff: 'x',
    });
    assert.equal(env.PATH, '/usr/bin');
    assert.equal(env.GIT_DIR, undefined);
    assert.equal(env.GIT_CONFIG_PARAMETERS, undefined);
    assert.equal(env.git_external_diff, undefined);
    assert.equal(env.GIT_ALLOW_PROTOCOL, 'none');
    assert.equal(env.GIT_NO_LAZY_FETCH, '1');
    assert.equal(env.GIT_CONFIG_NOSYSTEM, '1');
    assert.equal(env.GIT_TERMINAL_PROMPT, '0');
  });

  it('runs only read-only commands, by an absolute path, with the hardening options first', () => {
    const { file, args } = hardenedGitCommand(['cat-file', '--batch'], ROOT);
    assert.ok(path.isAbsolute(file));
    assert.deepEqual(args.slice(-2), ['cat-file', '--batch']);
    for (const option of ['protocol.allow=never', 'core.fsmonitor=false', `core.hooksPath=${os.devNull}`])
      assert.ok(args.includes(option), option);
    for (const command of ['fetch', 'diff', 'log', 'status', 'checkout', 'show', '-c'])
      assert.throws(() => hardenedGitCommand([command], ROOT), GitRefusedError, command);
  });

  it('never picks a git from a relative PATH entry or inside the repository', { skip: posixOnly }, () => {
    const hostile = hostileRepo();
    const inside = path.join(hostile.repo, 'bin');
    fs.mkdirSync(inside);
    fs.writeFileSync(path.join(inside, 'git'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(hostile.repo, 'git'), '#!/bin/sh\n', { mode: 0o755 });
    const PATH = ['.', '', 'bin', inside, process.env.PATH ?? ''].join(path.delimiter);
    const found = findGitExecutable(hostile.repo, { PATH });
    assert.ok(found && path.isAbsolute(found) && !found.startsWith(hostile.repo), found);
    assert.equal(findGitExecutable(hostile.repo, { PATH: ['.', inside].join(path.delimiter) }), undefined);
  });

  it(
    'in an untrusted workspace only object and ref commands run (no ls-files)',
    { skip: posixOnly },
    async () => {
      const hostile = hostileRepo();
      const bin = path.join(hostile.repo, '..', 'bin');
      const log = path.join(hostile.repo, '..', 'git.log');
      const realGit = findGitExecutable(hostile.repo);
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "$@" >> '${log}'\nexec '${realGit}' "$@"\n`, {
        mode: 0o755,
      });
      const savedPath = process.env.PATH;
      process.env.PATH = `${bin}${path.delimiter}${savedPath ?? ''}`;
      try {
        setGitWorkspaceTrust(false);
        const { rows } = await readDvcExperiments(hostile.repo);
        assert.ok(rows.some((row) => row.name === 'named-exp'));
        const commands = fs.readFileSync(log, 'utf8');
        assert.match(commands, /cat-file --batch/);
        assert.doesNotMatch(commands, /ls-files/);
        assert.throws(() => hardenedGitCommand(['ls-files'], hostile.repo), GitRefusedError);
        setGitWorkspaceTrust(true);
        await readDvcExperiments(hostile.repo);
        assert.match(fs.readFileSync(log, 'utf8'), /ls-files/);
      } finally {
        setGitWorkspaceTrust(true);
        process.env.PATH = savedPath;
      }
    },
  );
});

describe('Restricted Mode settings', () => {
  it('every setting naming paths or commands ignores the workspace value in Restricted Mode', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      capabilities: { untrustedWorkspaces: { restrictedConfigurations?: string[] } };
      contributes: { configuration: { properties: Record<string, { type: string }> } };
    };
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [];
    // Text settings that name neither a path nor a command (checked one by one).
    const harmless = new Set(['mlopsLens.runs.keyMetric']);
    for (const [name, setting] of Object.entries(manifest.contributes.configuration.properties)) {
      if (setting.type === 'string' || setting.type === 'array')
        assert.equal(restricted.includes(name) || harmless.has(name), true, name);
    }
    assert.ok(restricted.includes('mlopsLens.mlflow.storeLocations'));
  });
});
