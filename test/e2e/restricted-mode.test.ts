// Restricted Mode in a real VS Code (code-server + Chromium, workspace trust on, the folder not
// trusted): a DVC repo (test/fixtures/dvc-exp/repo.tar.gz) whose .git/config names programs —
// a partial clone's promisor remote with an uploadpack command and one blob missing, fsmonitor,
// a pager, diff.external, core.sshCommand, hooks — is read by the Runs view, and none of them
// runs. Its .vscode/settings.json names an MLflow store outside the folder, which Restricted Mode
// ignores (mlopsLens.mlflow.storeLocations is a restricted setting).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT, SKIP_REASON, configFromEnv } from './harness/config';
import { makeTempDir } from './harness/fixtures';
import { CONTAINER, RUNS_VIEW as VIEW } from './harness/mlops';
import { useCodeServer } from './harness/suite';
import { childRows, findRow, formatRows, type TreeRow } from './harness/trees';

const config = configFromEnv();
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'dvc-exp', 'repo.tar.gz');
const MLFLOW_STORE = join(REPO_ROOT, 'test', 'fixtures', 'mlflow', 'filestore-v2', 'mlruns');
const NAMED_EXP = 'refs/exps/78/0735f500ee1837fb8d3e5bc7fd8212ed8b307d/named-exp';

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
}

/** Every program the repository's Git configuration names touches `marker`. */
function makeHostile(repo: string, marker: string): void {
  const touch = `touch '${marker}'`;
  const settings: Record<string, string> = {
    'core.repositoryformatversion': '1',
    'extensions.partialClone': 'origin',
    'remote.origin.url': join(repo, '..', 'nowhere'),
    'remote.origin.promisor': 'true',
    'remote.origin.uploadpack': `${touch}; git-upload-pack`,
    'protocol.file.allow': 'always',
    'core.fsmonitor': `${touch}; false`,
    'core.pager': `${touch}; cat`,
    'diff.external': `${touch}; false`,
    'core.sshCommand': `${touch}; false`,
  };
  for (const [key, value] of Object.entries(settings)) git(repo, 'config', key, value);
  for (const hook of ['post-checkout', 'post-index-change', 'reference-transaction']) {
    writeFileSync(join(repo, '.git', 'hooks', hook), `#!/bin/sh\n${touch}\n`, { mode: 0o755 });
  }
  const blob = git(repo, 'rev-parse', `${NAMED_EXP}:params.yaml`);
  rmSync(join(repo, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
}

const dvcSource = (rows: readonly TreeRow[]): TreeRow | undefined =>
  rows.find((r) => r.level === 1 && /DVC experiments/.test(r.description));

describe(
  'Restricted Mode: a hostile repository (code-server)',
  { skip: config ? false : SKIP_REASON },
  () => {
    let marker = '';
    let outsideStore = '';
    const { vs, step } = useCodeServer(config, {
      shotPrefix: 'restricted-',
      logName: 'restricted-code-server.log',
      saveUserLogs: true,
      prepare: () => {
        const temp = makeTempDir();
        marker = join(temp, 'pwned');
        execFileSync('tar', ['-xzf', FIXTURE, '-C', temp]);
        const workspace = join(temp, 'repo');
        makeHostile(workspace, marker);
        outsideStore = join(temp, 'outside', 'mlruns');
        cpSync(MLFLOW_STORE, outsideStore, { recursive: true });
        mkdirSync(join(workspace, '.vscode'));
        writeFileSync(
          join(workspace, '.vscode', 'settings.json'),
          JSON.stringify({ 'mlopsLens.mlflow.storeLocations': [outsideStore] }),
        );
        return { workspace, tempDir: temp, workspaceTrust: true };
      },
    });

    test(
      'the Runs view reads the DVC experiments; nothing the repository names runs',
      { timeout: 120_000 },
      async (t) => {
        await step(t, '01-runs', async () => {
          await vs().openViewContainer(CONTAINER);
          await vs().resizeSideBar(520);
          await vs().ensureViewExpanded(VIEW);
          const rows = await vs().waitForRows(
            VIEW,
            (r) => /\d+ runs?/.test(dvcSource(r)?.description ?? ''),
            'the DVC experiments source with its runs',
            60_000,
          );
          t.diagnostic(`rows:\n${formatRows(rows)}`);
          const source = dvcSource(rows)!;
          // named-exp's params.yaml blob is the missing one: reading it is what would fetch.
          // The baseline row is labelled by its short commit and subject (as issue 11 asks).
          const namedExpUnderMain = (r: TreeRow[]): boolean => {
            const baseline = childRows(r, [source.label, 'main']).find((row) =>
              /^[0-9a-f]{7} /.test(row.label),
            );
            return (
              baseline !== undefined &&
              findRow(r, [source.label, 'main', baseline.label, 'named-exp']) !== undefined
            );
          };
          await vs().waitForRows(VIEW, namedExpUnderMain, 'named-exp under main');
          assert.equal(existsSync(marker), false, 'a program named by .git/config ran');
          assert.equal(
            rows.some((r) => r.level === 1 && /MLflow/.test(r.description)),
            false,
            `the workspace's storeLocations (${outsideStore}) is ignored in Restricted Mode`,
          );
          // The title or the status bar says so (the banner is turned off in the test settings).
          const restricted = await vs().page.evaluate(() =>
            `${document.title} ${document.body.innerText}`.includes('Restricted Mode'),
          );
          assert.ok(restricted, 'the folder is open in Restricted Mode');
        });
      },
    );
  },
);
