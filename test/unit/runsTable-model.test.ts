// The Runs Table's model: scope, filter, default columns, sort and cells.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { syntheticTableRuns } from '../../bench/runsTable/data';
import type { Run } from '../../src/core/model';
import { parseRunFilter, type RunFilter } from '../../src/core/query/filter';
import {
  cellText,
  columnVaries,
  defaultColumnIds,
  formatDurationMs,
  formatNumber,
  MAX_DEFAULT_VARYING,
  parseColumnId,
} from '../../src/views/runsTable/columns';
import {
  availableColumnIds,
  buildTableModel,
  DEFAULT_SORT,
  EMPTY_FILTER,
  nextFilterState,
  scopeRuns,
  sortTableRuns,
  type TableInput,
} from '../../src/views/runsTable/model';
import { buildTableSnapshot } from '../../src/views/runsTable/snapshot';
import { makeRun } from './helpers/runs';

const metric = (value: number) => ({ step: 0, timestamp: 0, value });

function filterOf(text: string): RunFilter {
  const parsed = parseRunFilter(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.filter;
}

function input(runs: readonly Run[], overrides: Partial<TableInput> = {}): TableInput {
  return {
    runs,
    scope: {},
    filter: undefined,
    chosenColumns: null,
    sort: null,
    isStarred: () => false,
    isChecked: () => false,
    attributeLabel: (id) => `label(${id})`,
    storeLabel: (store) => `store(${store})`,
    now: 10_000,
    ...overrides,
  };
}

const context = (now: number) => ({ now, storeLabel: (store: string) => `store(${store})` });

const names = (runs: readonly Run[]): (string | null)[] => runs.map((r) => r.name);

describe('Runs Table columns', () => {
  const runs = [
    makeRun({
      id: 'a',
      name: 'a',
      params: { lr: '0.1', seed: '1' },
      metrics: { loss: metric(0.5), acc: metric(1) },
    }),
    makeRun({
      id: 'b',
      name: 'b',
      params: { lr: '0.2', seed: '1' },
      metrics: { loss: metric(0.4), acc: metric(1) },
    }),
    makeRun({
      id: 'c',
      name: 'c',
      params: { seed: '1', extra: 'x' },
      metrics: { loss: metric(0.3), acc: metric(1) },
    }),
  ];

  it('shows status, start and duration, then the metrics and params that vary (metrics first)', () => {
    assert.deepEqual(defaultColumnIds(runs), [
      'attr:status',
      'attr:start',
      'attr:duration',
      'metric:loss',
      'param:lr',
      'param:extra',
    ]);
  });

  it("puts the keys most runs hold first, so a sweep parent's own metrics do not hide its children's", () => {
    const parent = makeRun({
      id: 'p',
      metrics: { best_val_accuracy: metric(0.9), best_val_loss: metric(0.1) },
    });
    const children = [0.7, 0.8, 0.9].map((acc, i) =>
      makeRun({ id: `c${i}`, params: { lr: String(i) }, metrics: { val_accuracy: metric(acc) } }),
    );
    assert.deepEqual(defaultColumnIds([parent, ...children]).slice(3), [
      'metric:val_accuracy',
      'metric:best_val_accuracy',
      'metric:best_val_loss',
      'param:lr',
    ]);
  });

  it('adds the experiment and the store when the rows come from several', () => {
    const mixed = [
      makeRun({ id: '1', store: '/a', experimentId: '1' }),
      makeRun({ id: '2', store: '/a', experimentId: '2' }),
    ];
    assert.deepEqual(defaultColumnIds(mixed), [
      'attr:status',
      'attr:start',
      'attr:duration',
      'attr:experiment',
    ]);
    const stores = [makeRun({ id: '1', store: '/a' }), makeRun({ id: '2', store: '/b' })];
    assert.deepEqual(defaultColumnIds(stores).slice(3), ['attr:experiment', 'attr:store']);
    assert.equal(cellText(stores[1], 'attr:store', context(0)), 'store(/b)');
  });

  it('counts a key that some rows lack as varying, and NaN as equal to NaN', () => {
    assert.equal(columnVaries(runs, 'param:extra'), true);
    assert.equal(columnVaries(runs, 'param:seed'), false);
    const nan = [makeRun({ metrics: { m: metric(NaN) } }), makeRun({ id: 'x', metrics: { m: metric(NaN) } })];
    assert.equal(columnVaries(nan, 'metric:m'), false);
  });

  it('shows every key for a single run (nothing can vary) and caps the default set', () => {
    assert.deepEqual(defaultColumnIds([runs[0]]).slice(3), [
      'metric:acc',
      'metric:loss',
      'param:lr',
      'param:seed',
    ]);
    const wide = syntheticTableRuns(3).map((run, i) => ({
      ...run,
      params: Object.fromEntries(Array.from({ length: 80 }, (_, k) => [`p${k}`, String(i * k)])),
    }));
    assert.equal(defaultColumnIds(wide).filter((id) => !id.startsWith('attr:')).length, MAX_DEFAULT_VARYING);
  });

  it('knows its column ids and rejects others', () => {
    assert.deepEqual(parseColumnId('metric:val/loss'), { kind: 'metric', key: 'val/loss' });
    assert.deepEqual(parseColumnId('param:a:b'), { kind: 'param', key: 'a:b' });
    assert.equal(parseColumnId('attr:nope'), undefined);
    assert.equal(parseColumnId('tag:x'), undefined);
    assert.equal(parseColumnId('metric:'), undefined);
  });

  it('formats cells: numbers, missing values, long params, durations', () => {
    assert.equal(formatNumber(0.123456789), '0.123457');
    assert.equal(formatNumber(42), '42');
    assert.equal(formatNumber(1e-7), '1e-7');
    assert.equal(formatNumber(NaN), 'NaN');
    assert.equal(cellText(runs[2], 'param:lr', context(0)), null);
    const long = makeRun({ params: { p: 'x'.repeat(500) } });
    assert.equal(cellText(long, 'param:p', context(0))?.length, 201);
    assert.equal(formatDurationMs(3_725_000), '1h 02m');
    assert.equal(formatDurationMs(3 * 86_400_000 + 4 * 3_600_000), '3d 04h');
    const running = makeRun({ status: 'RUNNING', startTime: 0, endTime: null });
    assert.equal(cellText(running, 'attr:duration', context(65_000)), '1m 05s');
    assert.equal(
      cellText(makeRun({ status: 'FAILED', endTime: null }), 'attr:duration', context(65_000)),
      null,
    );
  });

  it('offers the attributes, then the metrics and params of the runs in scope', () => {
    assert.deepEqual(availableColumnIds(runs), [
      'attr:status',
      'attr:start',
      'attr:duration',
      'attr:experiment',
      'attr:store',
      'metric:acc',
      'metric:loss',
      'param:extra',
      'param:lr',
      'param:seed',
    ]);
  });
});

describe('Runs Table sorting', () => {
  const runs = [
    makeRun({
      id: '1',
      name: 'run-10',
      params: { lr: '0.01' },
      metrics: { loss: metric(0.3) },
      startTime: 3,
    }),
    makeRun({ id: '2', name: 'run-2', params: { lr: '1e-3' }, startTime: 1, endTime: 9 }),
    makeRun({ id: '3', name: 'run-1', params: { lr: '0.1' }, metrics: { loss: metric(0.1) }, startTime: 2 }),
    makeRun({ id: '4', name: 'run-3', metrics: { loss: metric(NaN) }, startTime: 4, endTime: 4 }),
  ];

  it('sorts metrics numerically with missing values last in both directions', () => {
    const up = sortTableRuns(runs, { column: 'metric:loss', descending: false }, 0);
    assert.deepEqual(names(up), ['run-1', 'run-10', 'run-3', 'run-2']);
    const down = sortTableRuns(runs, { column: 'metric:loss', descending: true }, 0);
    assert.deepEqual(names(down), ['run-10', 'run-1', 'run-3', 'run-2']);
  });

  it('sorts numeric params as numbers (1e-3 < 0.01 < 0.1), missing last', () => {
    const up = sortTableRuns(runs, { column: 'param:lr', descending: false }, 0);
    assert.deepEqual(names(up), ['run-2', 'run-10', 'run-1', 'run-3']);
  });

  it('sorts names naturally, and duration and experiment too', () => {
    assert.deepEqual(names(sortTableRuns(runs, { column: 'attr:name', descending: false }, 0)), [
      'run-1',
      'run-2',
      'run-3',
      'run-10',
    ]);
    // Durations: run-1 1998 ms, run-10 1997 ms, run-2 8 ms, run-3 0 ms.
    const byDuration = sortTableRuns(runs, { column: 'attr:duration', descending: true }, 0);
    assert.deepEqual(names(byDuration), ['run-1', 'run-10', 'run-2', 'run-3']);
    const experiments = [
      makeRun({ id: 'x', experimentName: 'exp-10' }),
      makeRun({ id: 'y', experimentName: 'exp-9' }),
    ];
    assert.deepEqual(
      sortTableRuns(experiments, { column: 'attr:experiment', descending: false }, 0).map((r) => r.id),
      ['y', 'x'],
    );
  });

  it('keeps the order for no sort or an unknown column', () => {
    assert.deepEqual(names(sortTableRuns(runs, null, 0)), names(runs));
    assert.deepEqual(names(sortTableRuns(runs, { column: 'tag:x', descending: true }, 0)), names(runs));
  });
});

describe('Runs Table model', () => {
  const runs = [
    makeRun({ store: '/a', experimentId: '1', id: '1', name: 'cnn-small', metrics: { rmse: metric(0.9) } }),
    makeRun({ store: '/a', experimentId: '2', id: '2', name: 'cnn-large', metrics: { rmse: metric(0.7) } }),
    makeRun({ store: '/b', experimentId: '1', id: '3', name: 'tree', metrics: { rmse: metric(0.5) } }),
    makeRun({ store: '/a', experimentId: '1', id: '4', name: 'gone', lifecycle: 'deleted' }),
  ];

  it('lists the active runs of a store, of one experiment, or of every store', () => {
    assert.deepEqual(names(scopeRuns(runs, {})), ['cnn-small', 'cnn-large', 'tree']);
    assert.deepEqual(names(scopeRuns(runs, { store: '/a' })), ['cnn-small', 'cnn-large']);
    assert.deepEqual(names(scopeRuns(runs, { store: '/a', experimentId: '1' })), ['cnn-small']);
  });

  it('applies the Runs view filter language, and counts the runs in scope before it', () => {
    const model = buildTableModel(input(runs, { filter: filterOf('cnn and metrics.rmse < 0.8') }));
    assert.deepEqual(
      model.rows.map((r) => r.name),
      ['cnn-large'],
    );
    assert.equal(model.totalRuns, 3);
  });

  it('keeps the last filter that parsed when the new text does not, and says why', () => {
    const applied = nextFilterState(EMPTY_FILTER, '  metrics.rmse < 0.8 ');
    assert.equal(applied.text, 'metrics.rmse < 0.8');
    assert.equal(applied.error, null);
    const broken = nextFilterState(applied, 'metrics.rmse <');
    assert.equal(broken.text, 'metrics.rmse < 0.8');
    assert.equal(broken.filter, applied.filter);
    assert.ok(broken.error && broken.error.length > 0);
    const model = buildTableModel(input(runs, { filter: broken.filter }));
    assert.deepEqual(
      model.rows.map((r) => r.name),
      ['cnn-large', 'tree'],
    );
    assert.deepEqual(nextFilterState(broken, '   '), EMPTY_FILTER);
  });

  it('builds rows with marks, store indexes and one cell per column', () => {
    const model = buildTableModel(
      input(runs, {
        sort: { column: 'metric:rmse', descending: false },
        chosenColumns: ['metric:rmse', 'attr:name', 'bogus', 'metric:rmse', 'attr:experiment'],
        isStarred: (run) => run.id === '3',
        isChecked: (run) => run.id !== '3',
      }),
    );
    assert.deepEqual(
      model.columns.map((c) => [c.id, c.label, c.numeric]),
      [
        ['metric:rmse', 'rmse', true],
        ['attr:experiment', 'label(attr:experiment)', false],
      ],
    );
    assert.equal(model.defaultColumns, false);
    assert.deepEqual(model.stores, ['/b', '/a']);
    assert.deepEqual(model.rows[0], {
      store: 0,
      id: '3',
      name: 'tree',
      starred: true,
      checked: false,
      cells: ['0.5', 'exp'],
    });
    assert.equal(model.rows[2]?.store, 1);
  });

  it('names unnamed runs by their id', () => {
    const model = buildTableModel(input([makeRun({ name: null, id: 'deadbeef' })]));
    assert.equal(model.rows[0]?.name, 'deadbeef');
  });

  it('builds a snapshot of 10,000 runs (default columns, sorted by start)', (t) => {
    const many = syntheticTableRuns(10_000);
    const started = performance.now();
    const snapshot = buildTableSnapshot({
      ...input(many, { sort: DEFAULT_SORT }),
      scopeLabel: 'All',
      filterText: '',
      filterError: null,
      widths: {},
      checkedCount: 0,
      indexing: false,
    });
    const elapsed = performance.now() - started;
    assert.equal(snapshot.rows.length, 10_000);
    assert.equal(snapshot.rows[0]?.name, 'run-9999', 'newest first');
    // param_0..4 and metric_0 are the same in every run: not in the default set.
    assert.ok(!snapshot.columns.some((c) => c.id === 'param_0' || c.id === 'metric:metric_0'));
    // status, start, duration, experiment (10 of them), 9 varying metrics, 15 varying params.
    assert.equal(snapshot.columns.length, 3 + 1 + 9 + 15);
    assert.equal(snapshot.columns[3]?.id, 'attr:experiment');
    t.diagnostic(`10,000-run snapshot built in ${elapsed.toFixed(0)} ms`);
    // Generous: the machine running the tests may be loaded (bench/runsTable measures properly).
    assert.ok(elapsed < 5_000, `snapshot took ${elapsed.toFixed(0)} ms`);
  });
});
