// DVC rows as runs (issue 11): the workspace's metrics carry no timestamp (nothing rather than
// 1970-01-01), the workspace is MODIFIED or UNMODIFIED (never "finished"), and a baseline commit is
// labelled by its short sha and subject (its group already shows the branch name DVC gives it).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Run } from '../../src/core/model';
import { decodeRun, encodeRun } from '../../src/core/runJson';
import { readDvcExperiments } from '../../src/core/sources/dvcExperiments/experiments';
import { parseCommit } from '../../src/core/sources/dvcExperiments/gitObjects';
import { dvcSnapshot } from '../../src/core/sources/dvcExperiments/runs';
import { toRunView } from '../../src/views/runDetails/snapshot';
import { formatTimestamp, statusIcon, statusLabel } from '../../webview/runDetails/format';
import type { UiStrings } from '../../src/views/runDetails/protocol';

const FIXTURES = path.resolve(__dirname, '../fixtures');
let scratch = '';

before(() => {
  scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-dvc-rows-')));
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function extract(tarball: string, top: string, into: string): string {
  const dir = path.join(scratch, into);
  fs.mkdirSync(dir);
  execFileSync('tar', ['-xzf', path.join(FIXTURES, tarball), '-C', dir]);
  return path.join(dir, top);
}

function git(repo: string, ...args: string[]): string {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: os.devNull, GIT_CONFIG_NOSYSTEM: '1' };
  return execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' });
}

async function runsOf(repo: string): Promise<Run[]> {
  const { rows, workspaceRunning } = await readDvcExperiments(repo);
  return dvcSnapshot(repo, rows, workspaceRunning).runs;
}

describe('DVC workspace row: no metric timestamps', () => {
  it('carries none, shows none, and writes null in JSON (was 0: 1970-01-01)', async () => {
    const repo = extract('dvc-yolo/repo.tar.gz', 'yolo', 'timestamps');
    const [workspace, head] = await runsOf(repo);
    assert.equal(workspace.id, 'workspace');
    const points = Object.values(workspace.metrics);
    assert.ok(points.length > 10);
    for (const point of points) assert.equal(point.timestamp, undefined);
    // A commit's values carry the commit's time.
    for (const point of Object.values(head.metrics)) assert.equal(point.timestamp, head.startTime);
    for (const metric of toRunView(workspace).metrics) {
      assert.equal(metric.timestamp, null, metric.key);
      assert.equal(formatTimestamp(metric.timestamp), '—');
    }
    const decoded = decodeRun(encodeRun(workspace));
    assert.equal(JSON.parse(encodeRun(workspace)).metricSteps['metrics.mAP_0.5'][1], null);
    assert.deepEqual(decoded.metrics, workspace.metrics);
  });
});

describe('DVC workspace row: its status', () => {
  it('is MODIFIED when Git sees a tracked file changed (hyp.yaml), UNMODIFIED once it is HEAD again', async () => {
    const repo = extract('dvc-yolo/repo.tar.gz', 'yolo', 'status');
    assert.equal((await runsOf(repo))[0].status, 'MODIFIED');
    git(repo, 'checkout', '-q', '--', 'hyp.yaml');
    assert.equal((await runsOf(repo))[0].status, 'UNMODIFIED');
  });

  it('is MODIFIED when only a metrics file Git ignores changed', async () => {
    const repo = extract('dvc-exp/repo.tar.gz', 'repo', 'ignored');
    git(repo, 'checkout', '-q', '--', 'params.yaml');
    assert.equal((await runsOf(repo))[0].status, 'UNMODIFIED');
    const summary = path.join(repo, 'eval', 'summary.json');
    assert.equal(git(repo, 'check-ignore', 'eval/summary.json').trim(), 'eval/summary.json');
    const values = JSON.parse(fs.readFileSync(summary, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(summary, JSON.stringify({ ...values, extra: 1 }));
    assert.equal((await runsOf(repo))[0].status, 'MODIFIED');
  });

  it('is labelled as the workspace in run details, not as finished', () => {
    const strings = {
      workspaceModified: 'Workspace, modified',
      workspaceUnmodified: 'Workspace, unmodified',
    };
    assert.equal(statusLabel('MODIFIED', strings as UiStrings), 'Workspace, modified');
    assert.equal(statusLabel('UNMODIFIED', strings as UiStrings), 'Workspace, unmodified');
    assert.notEqual(statusIcon('MODIFIED'), statusIcon('FINISHED'));
  });
});

describe('DVC baseline rows: short commit and subject', () => {
  it('labels the branch tip by its commit, not again by the branch name', async () => {
    const repo = extract('dvc-yolo/repo.tar.gz', 'yolo', 'labels');
    const runs = await runsOf(repo);
    const baselines = runs.filter((r) => r.tags['dvc.type'] === 'baseline');
    assert.equal(baselines.length, 2);
    for (const run of baselines) {
      const subject = git(repo, 'log', '-1', '--format=%s', run.id).trim();
      assert.equal(run.name, `${run.id.slice(0, 7)} ${subject}`);
      assert.equal(run.tags['dvc.subject'], subject);
    }
    const tip = baselines[0];
    assert.equal(tip.experimentName, 'master', 'the group keeps the name DVC shows');
    assert.equal(tip.tags['dvc.name'], 'master');
    assert.notEqual(tip.name, 'master');
    assert.equal(runs.find((r) => r.tags['dvc.type'] === 'experiment')?.name, 'high-lr');
  });

  it('reads the subject from the commit object (first non-empty line of the message)', () => {
    const text = 'tree 1\nparent 2\ncommitter A <a@b> 1700000000 +0000\n\n\nFix the loss\n\nBody\n';
    assert.equal(parseCommit('c', text).subject, 'Fix the loss');
    assert.equal(parseCommit('c', 'tree 1\n').subject, '');
  });
});
