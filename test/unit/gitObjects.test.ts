// GitObjects keeps one `git cat-file --batch` process and closes it when idle. A process closed
// while the extension is busy (a long parse) exits after the next request has started a new one;
// its exit must not fail the requests sent to its successor.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { GitObjects } from '../../src/core/sources/dvcExperiments/gitObjects';

const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-gitobjects-'));
after(() => fs.rmSync(repo, { recursive: true, force: true }));

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();
}

git('init', '-q');
fs.writeFileSync(path.join(repo, 'dvc.yaml'), 'stages: {}\n');
git('add', 'dvc.yaml');
git('commit', '-qm', 'one');

test('a request right after the idle process was closed is answered by the new process', async () => {
  const objects = new GitObjects(repo);
  try {
    const first = await objects.object('HEAD:dvc.yaml');
    assert.equal(first?.content.toString('utf8'), 'stages: {}\n');
    for (let round = 0; round < 5; round++) {
      objects.close();
      const again = await objects.object('HEAD:dvc.yaml');
      assert.equal(again?.type, 'blob', `round ${round}`);
    }
  } finally {
    objects.close();
  }
});
