// DVC's model registry: GTO's tag grammar and the registry state its tags make (gto/constants.py
// `tag_re`, gto/base.py), on Git repositories made here with annotated tags named as GTO names them.
// test/fidelity/gto.test.ts compares with the real GTO.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  artifactState,
  parseGtoTagName,
  readDvcModelRegistry,
  type GtoTag,
} from '../../src/core/models/dvcRegistry';

const scratches: string[] = [];
after(() => {
  for (const dir of scratches) fs.rmSync(dir, { recursive: true, force: true });
});

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_CONFIG_NOSYSTEM: '1',
};

function git(repo: string, args: string[], time?: number): string {
  const env = time === undefined ? GIT_ENV : { ...GIT_ENV, GIT_COMMITTER_DATE: `${time} +0000` };
  return execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' }).trim();
}

describe('GTO tag names', () => {
  it('reads registrations, deregistrations, assignments, unassignments and deprecations', () => {
    assert.deepEqual(parseGtoTagName('model@v1.2.0'), {
      tag: 'model@v1.2.0',
      artifact: 'model',
      kind: 'register',
      version: 'v1.2.0',
    });
    assert.equal(parseGtoTagName('model@v1.2.0!')?.kind, 'deregister');
    assert.deepEqual(parseGtoTagName('model#prod#3'), {
      tag: 'model#prod#3',
      artifact: 'model',
      kind: 'assign',
      stage: 'prod',
    });
    assert.equal(parseGtoTagName('model#prod!#4')?.kind, 'unassign');
    assert.equal(parseGtoTagName('model@deprecated#5')?.kind, 'deprecate');
    assert.equal(parseGtoTagName('models=nested@v0.1.0-rc.1+build.5')?.artifact, 'models:nested');
  });

  it('skips what GTO skips', () => {
    for (const tag of [
      'model@1.2.0',
      'model@v1.2',
      'model#',
      '-model@v1.0.0',
      'model@v01.0.0',
      'v1.0.0',
      'model#prod#x',
    ])
      assert.equal(parseGtoTagName(tag), undefined, tag);
  });
});

describe('GTO registry state', () => {
  const tag = (name: string, commit: string, time: number): GtoTag => ({
    ...(parseGtoTagName(name) as Omit<GtoTag, 'commit' | 'time' | 'author'>),
    commit,
    time,
    author: 'test',
  });

  it('a stage belongs to the highest version assigned to it; unassigning and deregistering remove it', () => {
    const state = artifactState([
      tag('m@v1.0.0', 'c1', 1),
      tag('m@v1.10.0', 'c3', 3),
      tag('m@v1.2.0', 'c2', 2),
      tag('m#prod#1', 'c1', 4),
      tag('m#prod#2', 'c2', 5),
      tag('m#staging#3', 'c3', 6),
      tag('m#staging!#4', 'c3', 7),
      tag('m#dev#5', 'c3', 8),
      tag('m@v1.10.0!', 'c3', 9),
    ]);
    assert.deepEqual(state.stages, { prod: 'v1.2.0' });
    assert.deepEqual(
      state.versions.map((v) => [v.version, v.stages, v.deprecated]),
      [
        ['v1.10.0', [], true],
        ['v1.2.0', ['prod'], false],
        ['v1.0.0', [], false],
      ],
    );
    assert.equal(state.deprecated, false);
  });

  it('a deprecation counts until a later event', () => {
    assert.equal(artifactState([tag('m@v1.0.0', 'c1', 1), tag('m@deprecated#1', 'c1', 2)]).deprecated, true);
    assert.equal(
      artifactState([tag('m@v1.0.0', 'c1', 1), tag('m@deprecated#1', 'c1', 2), tag('m@v1.1.0', 'c2', 3)])
        .deprecated,
      false,
    );
  });
});

describe('readDvcModelRegistry', () => {
  it('joins dvc.yaml artifacts with the annotated tags; other tags are reported, not read', async () => {
    const repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-gto-')));
    scratches.push(repo);
    git(repo, ['init', '-q', '-b', 'main']);
    fs.writeFileSync(
      path.join(repo, 'dvc.yaml'),
      'artifacts:\n  churn:\n    type: model\n    path: models/churn.pkl\n    desc: Churn model\n    labels: [tabular]\n    meta: {framework: sklearn}\n',
    );
    git(repo, ['add', 'dvc.yaml']);
    git(repo, ['commit', '-qm', 'one'], 1_700_000_000);
    git(repo, ['tag', '-a', 'churn@v1.0.0', '-m', 'Registering churn version v1.0.0'], 1_700_000_010);
    git(repo, ['tag', '-a', 'churn#prod#1', '-m', 'Assigning stage prod'], 1_700_000_020);
    git(repo, ['tag', 'churn@v9.9.9']); // lightweight: GTO ignores it
    git(repo, ['tag', '-a', 'churn@1.0', '-m', 'not GTO'], 1_700_000_030);
    const before = git(repo, ['for-each-ref']);
    const { dvcArtifacts, problems } = await readDvcModelRegistry(repo);
    assert.equal(dvcArtifacts.length, 1);
    const [churn] = dvcArtifacts;
    assert.equal(churn?.type, 'model');
    assert.equal(churn?.description, 'Churn model');
    assert.deepEqual(churn?.labels, ['tabular']);
    assert.deepEqual(churn?.meta, { framework: 'sklearn' });
    assert.deepEqual(churn?.stages, { prod: 'v1.0.0' });
    assert.deepEqual(
      churn?.versions.map((v) => v.version),
      ['v1.0.0'],
    );
    assert.match(problems.map((p) => p.reason).join('\n'), /'churn@v9\.9\.9' is a lightweight tag/);
    assert.match(problems.map((p) => p.reason).join('\n'), /'churn@1\.0' is not a GTO tag/);
    assert.equal(git(repo, ['for-each-ref']), before, 'nothing written');
  });
});
