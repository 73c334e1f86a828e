import assert from 'node:assert/strict';
import * as path from 'node:path';
import test from 'node:test';
import { parseRunFilter, type RunFilter } from '../../src/core/query/filter';
import { readFileStore } from '../../src/core/sources/mlflow/fileStore';
import type { StoreSnapshot } from '../../src/core/model';
import {
  buildRunTree,
  problemChildren,
  sourceChildren,
  type RunNode,
} from '../../src/views/runs/runTreeModel';

const STORE = path.join(__dirname, '..', 'fixtures', 'mlflow', 'filestore', 'mlruns');

function filter(text: string): RunFilter {
  const parsed = parseRunFilter(text);
  assert.ok(parsed.ok);
  return parsed.filter;
}

const names = (nodes: RunNode[]): (string | null)[] => nodes.map((n) => n.run.name);

test('store → experiment → run → child runs, deleted hidden by default', async () => {
  const { snapshot } = await readFileStore(STORE);
  const [source] = buildRunTree([snapshot], {
    sort: { kind: 'name' },
    descending: false,
    showDeleted: false,
  });
  const experiments = source.experiments.map((e) => e.experiment.name);
  assert.ok(experiments.includes('fixture-nested'));
  assert.ok(!experiments.includes('fixture-deleted'));
  const nested = source.experiments.find((e) => e.experiment.name === 'fixture-nested')!;
  assert.deepEqual(names(nested.runs), ['parent']);
  assert.deepEqual(names(nested.runs[0].children), ['child-a', 'child-b']);
  assert.deepEqual(names(nested.runs[0].children[1].children), ['grandchild']);
  const basics = source.experiments.find((e) => e.experiment.name === 'fixture-basics')!;
  assert.ok(!names(basics.runs).includes('deleted-run'));
});

test('showing deleted runs brings back deleted runs and experiments', async () => {
  const { snapshot } = await readFileStore(STORE);
  const [source] = buildRunTree([snapshot], { sort: { kind: 'name' }, descending: false, showDeleted: true });
  assert.ok(source.experiments.some((e) => e.experiment.name === 'fixture-deleted'));
  const basics = source.experiments.find((e) => e.experiment.name === 'fixture-basics')!;
  assert.ok(names(basics.runs).includes('deleted-run'));
});

test('a filter keeps matching runs and the ancestors of matching children', async () => {
  const { snapshot } = await readFileStore(STORE);
  const options = { sort: { kind: 'name' as const }, descending: false, showDeleted: false };
  const [byText] = buildRunTree([snapshot], { ...options, filter: filter('tuned') });
  assert.deepEqual(
    byText.experiments.map((e) => [e.experiment.name, names(e.runs)]),
    [['fixture-basics', ['tuned']]],
  );
  assert.equal(byText.shownRuns, 1);
  const [byChild] = buildRunTree([snapshot], { ...options, filter: filter("name = 'grandchild'") });
  const nested = byChild.experiments[0];
  assert.deepEqual(names(nested.runs), ['parent']);
  assert.equal(nested.runs[0].matches, false);
  assert.deepEqual(names(nested.runs[0].children[0].children), ['grandchild']);
  const [byMetric] = buildRunTree([snapshot], { ...options, filter: filter('metrics.rmse < 0.5') });
  assert.deepEqual(names(byMetric.experiments[0].runs), ['tuned']);
});

test('problems come first under their store, open when the store shows nothing else', async () => {
  const { snapshot } = await readFileStore(STORE);
  const bad = { path: path.join(STORE, '1', 'meta.yaml'), reason: 'unreadable experiment meta.yaml: x' };
  const failed: StoreSnapshot = {
    source: 'mlflow-sqlite',
    store: '/w/mlflow.db',
    experiments: [],
    runs: [],
    problems: [
      { path: '/w/mlflow.db', reason: 'cannot open database: empty file (0 bytes), not an SQLite database' },
    ],
  };
  const options = { sort: { kind: 'name' as const }, descending: false, showDeleted: false };
  const [withRuns, broken] = buildRunTree([{ ...snapshot, problems: [bad] }, failed], options);
  const [first, ...rest] = sourceChildren(withRuns);
  assert.ok(first.kind === 'problems' && !first.expanded, 'collapsed above the experiments');
  assert.deepEqual(problemChildren(first), [{ kind: 'problem', problem: bad }]);
  assert.ok(rest.length > 0 && rest.every((n) => n.kind === 'experiment'));
  const [only, ...none] = sourceChildren(broken);
  assert.ok(only.kind === 'problems' && only.expanded, 'open: the reason is all the store shows');
  assert.deepEqual(problemChildren(only)[0].problem, failed.problems[0]);
  assert.deepEqual(none, []);
  assert.deepEqual(sourceChildren(buildRunTree([snapshot], options)[0])[0].kind, 'experiment');
});
