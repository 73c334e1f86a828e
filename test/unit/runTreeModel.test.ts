import assert from 'node:assert/strict';
import * as path from 'node:path';
import test from 'node:test';
import { parseRunFilter, type RunFilter } from '../../src/core/query/filter';
import { readFileStore } from '../../src/core/sources/mlflow/fileStore';
import { buildRunTree, type RunNode } from '../../src/views/runs/runTreeModel';

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
