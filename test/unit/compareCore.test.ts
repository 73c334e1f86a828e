import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { alignSeries, timeOrigin } from '../../src/core/compare/align';
import { buildAxes, defaultPcpAxes, numericParam } from '../../src/core/compare/axes';
import { bestIndexes, guessDirection, metricDirection, nameParts } from '../../src/core/compare/best';
import {
  assignRunStyles,
  DASH_PATTERNS,
  fnv1a,
  RUN_PALETTE,
  RunStyleAssigner,
  STYLE_COUNT,
} from '../../src/core/compare/colors';
import { deltaE2000, DEFICIENCIES, minimumDistance } from '../../src/core/compare/colorVision';
import { csvField, markdownCell, safeFileName, toCsv, toMarkdown } from '../../src/core/compare/export';
import { clampSmoothing, emaSmooth } from '../../src/core/compare/smoothing';
import { buildCompareRows, filterRows, metricText, valuesDiffer } from '../../src/core/compare/table';
import type { MetricPoint, Run } from '../../src/core/model';
import { makeRun } from './helpers/runs';

/** A run whose id and name are `id`. */
const run = (id: string, overrides: Partial<Run> = {}): Run => makeRun({ id, name: id, ...overrides });

const point = (step: number, value: number, timestamp = 1000 + step): MetricPoint => ({
  step,
  value,
  timestamp,
});

describe('run colours', () => {
  const runs = (n: number, prefix = 'r') =>
    Array.from({ length: n }, (_, i) => ({ store: '/w/mlruns', id: `${prefix}${i}` }));
  const styleKey = (s: { color: string; dash: number }) => `${s.color}/${s.dash}`;

  it('FNV-1a matches the reference values', () => {
    assert.equal(fnv1a(''), 0x811c9dc5);
    assert.equal(fnv1a('a'), 0xe40c292c);
    assert.equal(fnv1a('foobar'), 0xbf9cf968);
  });

  it('gives the runs of one panel distinct colours, in order, up to the palette size (issue 11)', () => {
    // Before: a hash of (store, id) chose among 20 colours, so two runs of five collided (one dashed),
    // and DVC's `master` and `workspace` of one repo were both green.
    const dvc = [
      { store: '/repo', id: 'master' },
      { store: '/repo', id: 'workspace' },
    ];
    const [a, b] = assignRunStyles(dvc);
    assert.notEqual(a!.color, b!.color);
    for (let n = 1; n <= RUN_PALETTE.length; n++) {
      const styles = assignRunStyles(runs(n, `p${n}-`));
      assert.deepEqual(
        styles.map((s) => s.color),
        RUN_PALETTE.slice(0, n),
        `${n} runs take the first ${n} colours`,
      );
      assert.ok(
        styles.every((s) => s.dash === 0),
        'solid lines while colours suffice',
      );
    }
    const many = assignRunStyles(runs(STYLE_COUNT));
    assert.equal(new Set(many.map(styleKey)).size, STYLE_COUNT, 'then colour and dash stay unique');
  });

  it('keeps a run’s colour while the panel lives, whatever is added, removed or reordered', () => {
    const assigner = new RunStyleAssigner();
    const [r0, r1, r2, r3] = runs(4);
    const first = assigner.assign([r0!, r1!, r2!]);
    const reordered = assigner.assign([r2!, r0!, r1!]);
    assert.deepEqual(reordered.map(styleKey), [first[2]!, first[0]!, first[1]!].map(styleKey));
    const withNew = assigner.assign([r0!, r2!, r3!]);
    assert.equal(styleKey(withNew[0]!), styleKey(first[0]!));
    assert.equal(styleKey(withNew[1]!), styleKey(first[2]!));
    assert.notEqual(withNew[2]!.color, first[1]!.color, 'a new run does not take a removed run’s colour');
    assert.equal(new Set(withNew.map((s) => s.color)).size, 3);
    const back = assigner.assign([r0!, r1!, r2!, r3!]);
    assert.equal(styleKey(back[1]!), styleKey(first[1]!), 'a run shown again gets its colour back');
  });

  it('falls back to a hash only when every colour and dash is taken', () => {
    const all = runs(STYLE_COUNT + 3);
    const styles = assignRunStyles(all);
    assert.ok(styles.every((s) => RUN_PALETTE.includes(s.color) && s.dash < DASH_PATTERNS.length));
  });

  it('keeps the palette distinguishable for common colour-vision deficiencies', () => {
    // CIEDE2000 checked against Sharma, Wu & Dalal's test data (pairs 1 and 17).
    assert.equal(deltaE2000([50, 2.6772, -79.7751], [50, 0, -82.7485]).toFixed(4), '2.0425');
    assert.equal(deltaE2000([50, 2.5, 0], [73, 25, -18]).toFixed(4), '27.1492');
    for (const deficiency of DEFICIENCIES) {
      const all = minimumDistance(RUN_PALETTE, deficiency);
      const firstThree = minimumDistance(RUN_PALETTE.slice(0, 3), deficiency);
      assert.ok(all >= 10, `${deficiency}: every pair ≥ 10 ΔE00 (got ${all.toFixed(1)})`);
      assert.ok(
        firstThree >= 19.5,
        `${deficiency}: the first three ≥ 19.5 ΔE00 (got ${firstThree.toFixed(1)})`,
      );
    }
    // The simulation is not the identity: red and green collapse for a deuteranope.
    assert.ok(minimumDistance(['#e15759', '#59a14f'], 'deuteranopia') < 5);
  });
});
describe('EMA smoothing (TensorBoard)', () => {
  it('is debiased: the first value is kept, later ones move towards the data', () => {
    const out = emaSmooth([1, 2, 3], 0.5);
    assert.equal(out[0], 1);
    // last = 0.5*0.5 + 0.5*2 = 1.25; debias 1 - 0.25 = 0.75
    assert.ok(Math.abs(out[1]! - 1.25 / 0.75) < 1e-12);
    // last = 1.25*0.5 + 1.5 = 2.125; debias 1 - 0.125
    assert.ok(Math.abs(out[2]! - 2.125 / 0.875) < 1e-12);
  });

  it('weight 0 returns the data; NaN and infinities pass through without entering the average', () => {
    assert.deepEqual([...emaSmooth([1, 5, 2], 0)], [1, 5, 2]);
    const out = emaSmooth([1, NaN, Infinity, 1], 0.9);
    assert.ok(Number.isNaN(out[1]!));
    assert.equal(out[2], Infinity);
    assert.ok(Math.abs(out[3]! - 1) < 1e-12, 'two finite 1s average to 1');
  });

  it('leaves a constant series flat, and clamps the weight', () => {
    assert.deepEqual([...emaSmooth([0.3, 0.3, 0.3], 0.99)], [0.3, 0.3, 0.3]);
    assert.equal(clampSmoothing(1), 0.999);
    assert.equal(clampSmoothing(-1), 0);
    assert.equal(clampSmoothing(NaN), 0);
    assert.equal(emaSmooth([], 0.5).length, 0);
  });
});

describe('series alignment', () => {
  const points = [point(2, 0.2, 5000), point(0, 1, 3000), point(1, 0.5, 4000), point(1, 0.4, 4500)];

  it('sorts by step, keeping several values of one step in timestamp order', () => {
    const a = alignSeries(points, 'step', 0);
    assert.deepEqual([...a.x], [0, 1, 1, 2]);
    assert.deepEqual([...a.y], [1, 0.5, 0.4, 0.2]);
    assert.deepEqual([...a.step], [0, 1, 1, 2]);
  });

  it('puts wall time in epoch ms and relative time in seconds since the origin', () => {
    assert.deepEqual([...alignSeries(points, 'wallTime', 0).x], [3000, 4000, 4500, 5000]);
    const relative = alignSeries(points, 'relativeTime', 3000);
    assert.deepEqual([...relative.x], [0, 1, 1.5, 2]);
    assert.deepEqual([...relative.step], [0, 1, 1, 2]);
  });

  it('keeps NaN values (gaps) and drops points that cannot be placed', () => {
    const a = alignSeries([point(0, NaN), point(NaN, 1), point(1, 2)], 'step', 0);
    assert.deepEqual([...a.x], [0, 1]);
    assert.ok(Number.isNaN(a.y[0]!));
  });

  it('starts the relative clock at the earliest value of any history, else the start time', () => {
    assert.equal(timeOrigin([[point(0, 1, 900)], [point(0, 1, 700)]], 1000), 700);
    assert.equal(timeOrigin([], 1234), 1234);
    assert.equal(timeOrigin([], null), 0);
  });
});

describe('best values', () => {
  it('splits names into words', () => {
    assert.deepEqual(nameParts('val_loss'), ['val', 'loss']);
    assert.deepEqual(nameParts('trainLoss/epoch'), ['train', 'loss', 'epoch']);
  });

  it('minimises losses, errors and friends; maximises the rest', () => {
    for (const key of [
      'loss',
      'val_loss',
      'rmse',
      'mae',
      'mse',
      'perplexity',
      'error_rate',
      'trainloss',
      'eval/wer',
    ])
      assert.equal(guessDirection(key), 'min', key);
    for (const key of ['accuracy', 'r2', 'f1', 'auc', 'mean_score', 'precision', 'glossary_coverage'])
      assert.equal(guessDirection(key), 'max', key);
    assert.equal(guessDirection('neg_mean_squared_error'), 'max', "scikit-learn's negated scorers");
  });

  it('minimises cross-entropy, hinge, false positives/negatives, divergences, times and sizes (issue 11)', () => {
    // Each of these starred the worst run before: the star must land on the smallest value.
    const minimised = [
      'binary_crossentropy',
      'val_binary_crossentropy',
      'categorical_cross_entropy',
      'fn',
      'fp',
      'val_fn',
      'val_fp',
      'test_fp',
      'train/fn',
      'eval.false_positives',
      'false_negatives',
      'miss_rate',
      'log_loss',
      'hinge',
      'squared_hinge',
      'kl_divergence',
      'js_divergence',
      'val_perplexity',
      'p95_latency_ms',
      'epoch_duration',
      'model_size_mb',
      'train_err',
      'top1_err_rate',
      'val/errors',
    ];
    for (const key of minimised) assert.equal(guessDirection(key), 'min', key);
    for (const key of ['tp', 'val_tn', 'true_positives', 'fps_ratio_score', 'entropy_bonus', 'recall'])
      assert.equal(guessDirection(key), 'max', key);
    const values = [0.31, 0.12, 0.5];
    assert.deepEqual(bestIndexes(values, guessDirection('val_binary_crossentropy')), [1]);
    assert.deepEqual(bestIndexes([4, 9, 2], guessDirection('val_fp')), [2]);
  });

  it('lets the user override the guess per metric', () => {
    assert.equal(metricDirection('loss', { loss: 'max' }), 'max');
    assert.equal(metricDirection('loss', { accuracy: 'min' }), 'min');
    assert.equal(metricDirection('constructor', {}), 'max', 'no prototype lookups');
  });

  it('marks every tied best, ignores missing and non-finite values, needs two values', () => {
    assert.deepEqual(bestIndexes([0.5, 0.2, null, 0.2, NaN], 'min'), [1, 3]);
    assert.deepEqual(bestIndexes([0.5, Infinity, 0.7], 'max'), [2]);
    assert.deepEqual(bestIndexes([0.5, null], 'max'), []);
    assert.deepEqual(bestIndexes([], 'min'), []);
  });
});

describe('comparison table', () => {
  const runs = [
    run('a', {
      params: { alpha: '0.5', seed: '1' },
      metrics: { rmse: point(4, 0.9), r2: point(4, 0.7) },
      tags: { team: 'x', 'mlflow.runName': 'a' },
    }),
    run('b', { params: { alpha: '0.1', seed: '1' }, metrics: { rmse: point(4, 0.6) }, tags: { team: 'x' } }),
  ];

  it('lists params, metrics and tags with one cell per run', () => {
    const rows = buildCompareRows(runs);
    assert.deepEqual(
      rows.map((r) => `${r.section}:${r.key}`),
      ['param:alpha', 'param:seed', 'metric:r2', 'metric:rmse', 'tag:team'],
    );
    const r2 = rows.find((r) => r.key === 'r2')!;
    assert.deepEqual(r2.cells, ['0.7', null]);
    assert.equal(r2.differs, true, 'a missing value is a difference');
    const rmse = rows.find((r) => r.key === 'rmse')!;
    assert.equal(rmse.direction, 'min');
    assert.deepEqual(rmse.best, [1]);
    assert.deepEqual(buildCompareRows(runs, { rmse: 'max' }).find((r) => r.key === 'rmse')!.best, [0]);
  });

  it('"only differences" hides rows where every run agrees', () => {
    const shown = filterRows(buildCompareRows(runs), true).map((r) => r.key);
    assert.deepEqual(shown, ['alpha', 'r2', 'rmse']);
    assert.equal(filterRows(buildCompareRows(runs), false).length, 5);
  });

  it('compares values exactly, and a lone run differs from nothing', () => {
    assert.equal(valuesDiffer(['0.1', '0.10']), true);
    assert.equal(valuesDiffer(['x', 'x', 'x']), false);
    assert.equal(valuesDiffer([null, null]), false);
    assert.equal(valuesDiffer([null, 'x']), true);
    assert.equal(valuesDiffer(['x']), false);
    assert.equal(metricText(NaN), 'NaN');
    assert.equal(metricText(-Infinity), '-Infinity');
  });
});

describe('CSV and Markdown', () => {
  const rows = buildCompareRows([
    run('r1', { name: 'a,"b"', params: { note: 'line1\nline2', formula: '=1+1', neg: '-0.5' } }),
    run('r2', {
      name: '<img src=x onerror=alert(1)>',
      params: { note: 'a|b', formula: '@SUM(A1)', neg: '-0.5' },
    }),
  ]);
  const columns = [
    { name: 'a,"b"', id: 'r1' },
    { name: '<img src=x onerror=alert(1)>', id: 'r2' },
  ];

  it('quotes CSV fields that need it and defuses formulas, but not negative numbers', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,"b"'), '"a,""b"""');
    assert.equal(csvField('x\ny'), '"x\ny"');
    assert.equal(csvField(' padded'), '" padded"');
    assert.equal(csvField('=1+1'), "'=1+1");
    assert.equal(csvField('-0.5'), '-0.5');
    assert.equal(csvField('-1e-3'), '-1e-3');
    const csv = toCsv(columns, rows);
    assert.equal(
      csv,
      [
        'key,"a,""b""",<img src=x onerror=alert(1)>',
        'run_id,r1,r2',
        "params.formula,'=1+1,'@SUM(A1)",
        'params.neg,-0.5,-0.5',
        'params.note,"line1\nline2",a|b',
        '',
      ].join('\r\n'),
    );
  });

  it('escapes Markdown cells: pipes, markup and HTML are text; line breaks become <br>', () => {
    assert.equal(markdownCell('a|b'), 'a\\|b');
    assert.equal(markdownCell('<img src=x onerror=alert(1)>'), '\\<img src=x onerror=alert\\(1\\)\\>');
    assert.equal(markdownCell('*bold* _it_ `code` [l](u)'), '\\*bold\\* \\_it\\_ \\`code\\` \\[l\\]\\(u\\)');
    assert.equal(markdownCell('line1\nline2'), 'line1<br>line2');
    const md = toMarkdown(columns, rows).split('\n');
    assert.equal(md[0], '| key | a,"b" | \\<img src=x onerror=alert\\(1\\)\\> |');
    assert.equal(md[1], '| --- | --- | --- |');
    assert.equal(md[2], '| run\\_id | r1 | r2 |');
    assert.ok(md.every((line) => line === '' || (line.startsWith('|') && line.endsWith('|'))));
  });

  it('makes safe default file names', () => {
    assert.equal(safeFileName('eval/loss', 'png'), 'eval_loss.png');
    assert.equal(safeFileName('../..', 'csv'), 'export.csv');
    assert.equal(safeFileName('a\u0000b:c', 'png'), 'a_b_c.png');
  });
});

describe('scatter and parallel coordinates axes', () => {
  const runs = [
    run('a', { params: { lr: '0.1', opt: 'adam' }, metrics: { loss: point(0, 0.5), acc: point(0, NaN) } }),
    run('b', { params: { lr: '0.01', opt: 'sgd' }, metrics: { loss: point(0, 0.4) } }),
    run('c', { params: { lr: '0.01' }, metrics: { loss: point(0, 0.4) } }),
  ];

  it('reads numeric params as numbers and others as categories', () => {
    assert.equal(numericParam('1e-3'), 0.001);
    assert.equal(numericParam('adam'), undefined);
    assert.equal(numericParam(''), undefined);
    const axes = buildAxes(runs);
    assert.deepEqual(
      axes.map((a) => a.id),
      ['param:lr', 'param:opt', 'metric:acc', 'metric:loss'],
    );
    assert.deepEqual(axes[0]!.values, [0.1, 0.01, 0.01]);
    assert.deepEqual(axes[1]!.categories, ['adam', 'sgd']);
    assert.deepEqual(axes[1]!.values, [0, 1, null]);
    assert.deepEqual(axes[2]!.values, [null, null, null], 'NaN is no coordinate');
  });

  it('starts the parallel coordinates with the axes that vary', () => {
    assert.deepEqual(defaultPcpAxes(buildAxes(runs)), ['param:lr', 'param:opt', 'metric:loss']);
    assert.deepEqual(defaultPcpAxes(buildAxes(runs), 1), ['param:lr']);
  });
});
