// Hostile input for the inline providers' core: a script mid-typing that does not tokenize, a file
// too large to scan, runs with NaN and missing values, and DVC files that do not parse or have the
// wrong shapes. Each gives an answer (empty, or what can be said), never an exception.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeChange, dataChange } from '../../src/core/inline/code/dataChange';
import { scanDvcFile } from '../../src/core/inline/code/dvcPaths';
import { TrainingCache } from '../../src/core/inline/code/trainingCache';
import {
  hintText,
  MAX_SCANNED_CHARS,
  scanTrainingSource,
  valuesForCalls,
} from '../../src/core/inline/code/trainingCode';
import { KeyTable } from '../../src/core/inline/code/trainingValues';
import { sparklineSvg } from '../../src/core/inline/sparkline';
import { formatMetricValue } from '../../src/core/query/keyMetric';
import { makeRun } from './helpers/runs';

const format = (v: number | string) => (typeof v === 'number' ? formatMetricValue(v) : v);

describe('hostile training code', () => {
  it('a script mid-typing (an unterminated string) has no calls and an error, and the cache answers empty', async () => {
    const text = 'import mlflow\nmlflow.log_metric("rmse", 1.0)\nmlflow.log_metric("val_\n';
    const scan = scanTrainingSource(text);
    assert.deepEqual(scan.calls, []);
    assert.ok(scan.error, 'the tokenizer error is kept');
    const cache = new TrainingCache({ runs: () => [makeRun({ metrics: { rmse: { step: 0, value: 1 } } })] });
    assert.deepEqual(
      await cache.callValues({ uri: 'u', version: 1, folder: '', text: () => text }, { runCount: 5 }),
      [],
    );
  });

  it('an unclosed bracket mid-typing does not throw either', () => {
    const scan = scanTrainingSource('import mlflow\nmlflow.log_metrics({"rmse": 1,\n');
    assert.ok(Array.isArray(scan.calls));
  });

  it('a 5 MB file is skipped, not scanned, and logged once however many versions are asked for', async () => {
    const line = 'mlflow.log_metric("rmse", 1.0)  # padding padding padding padding padding padding\n';
    const text = `import mlflow\n${line.repeat(Math.ceil((5 * 1024 * 1024) / line.length))}`;
    assert.ok(text.length > MAX_SCANNED_CHARS);
    const logged: string[] = [];
    let scanned = 0;
    const cache = new TrainingCache({
      runs: () => [makeRun({ metrics: { rmse: { step: 0, value: 1 } } })],
      scan: () => {
        scanned++;
        return Promise.resolve({ calls: [] });
      },
      onSkipped: (uri, chars) => logged.push(`${uri} ${chars}`),
    });
    const started = performance.now();
    for (const version of [1, 2, 3]) {
      const doc = { uri: 'file:///big.py', version, folder: '', text: () => text };
      assert.equal((await cache.scan(doc)).skipped, 'too large');
      assert.deepEqual(await cache.callValues(doc, { runCount: 5 }), []);
    }
    assert.ok(performance.now() - started < 500, 'skipping costs nothing like a scan');
    assert.deepEqual(logged, [`file:///big.py ${text.length}`]);
    assert.equal(scanned, 0, 'the scanner never saw it');
  });

  it('runs with NaN, infinite and missing values: shown as they are, left out of min, max and best', () => {
    const runs = [
      makeRun({ id: 'a', name: 'nan', startTime: 3, metrics: { rmse: { step: 0, value: NaN } } }),
      makeRun({ id: 'b', name: 'inf', startTime: 2, metrics: { rmse: { step: 0, value: Infinity } } }),
      makeRun({ id: 'c', name: 'none', startTime: 1, metrics: {} }),
      makeRun({ id: 'd', name: 'ok', startTime: null, metrics: { rmse: { step: 0, value: 0.5 } } }),
      makeRun({ id: 'e', name: null, startTime: 0, metricValues: { rmse: 'n/a', acc: 0.9 }, metrics: {} }),
    ];
    const table = new KeyTable(runs);
    const summary = table.summary('metric', 'rmse', 10);
    assert.deepEqual(
      summary.values.map((v) => v.run.id),
      ['a', 'b', 'd'],
      'runs without a start time come last',
    );
    assert.equal(summary.best?.run.id, 'd');
    assert.equal(summary.min?.run.id, 'd');
    assert.equal(summary.max?.run.id, 'd');
    const values = valuesForCalls(
      scanTrainingSource('import mlflow\nmlflow.log_metric("rmse", 1)\nmlflow.log_metric("acc", 1)').calls,
      table,
      { runCount: 10 },
    );
    assert.equal(hintText(values[0], format), 'NaN · nan');
    assert.equal(
      hintText(values[1], format),
      '0.9 · e',
      'a DVC typed metric counts; a run without a name shows its id',
    );
    assert.equal(sparklineSvg([NaN, NaN, Infinity]), undefined);
  });

  it('an empty f-string prefix (f"{name}") stands for no key, not for every key', () => {
    const table = new KeyTable([makeRun({ metrics: { rmse: { step: 0, value: 1 } } })]);
    const scan = scanTrainingSource('import mlflow\nmlflow.log_metric(f"{name}", 1)');
    assert.deepEqual(valuesForCalls(scan.calls, table, { runCount: 5 }), []);
  });
});

describe('hostile DVC files', () => {
  it('a dvc.yaml that does not parse gives an error and no paths', () => {
    const scan = scanDvcFile('stages:\n  train:\n    deps: [data.csv\n    outs:\n  - : :\n', 'dvc.yaml', '');
    assert.ok(scan.error);
    assert.deepEqual(scan.paths, []);
    assert.deepEqual(scan.stages, []);
  });

  it('wrong shapes are skipped: stages a list, deps a string, outs with maps, numbers and templates', () => {
    assert.deepEqual(scanDvcFile('stages: [a, b]\n', 'dvc.yaml', '').paths, []);
    assert.deepEqual(scanDvcFile('- 1\n- 2\n', 'dvc.lock', '').paths, []);
    const text = [
      'stages:',
      '  train:',
      '    deps: data.csv',
      '    outs:',
      '    - model.pkl:',
      '        cache: false',
      '    - ${item}/out',
      '    - 42',
      '    - {a: 1, b: 2}',
      '    - ../../outside',
      '    - /abs/path',
      '  7: {}',
      '  broken: 3',
    ].join('\n');
    const scan = scanDvcFile(text, 'dvc.yaml', 'sub');
    assert.deepEqual(
      scan.paths.map((p) => p.key),
      ['sub/model.pkl', 'sub/42'],
    );
    assert.deepEqual(
      scan.stages.map((s) => s.name),
      ['train', '7'],
    );
  });

  it('duplicate keys and a binary-looking file do not throw', () => {
    assert.doesNotThrow(() => scanDvcFile('outs:\n- path: a\nouts:\n- path: b\n', '.dvc', ''));
    assert.doesNotThrow(() => scanDvcFile('\u0000\u0001\u0002', 'dvc.lock', ''));
  });

  it('a change with a hash missing on both sides, or a manifest missing from the cache, is still described', () => {
    assert.equal(
      describeChange(dataChange('/nowhere', { hash: null, isDir: false }, undefined)),
      'unchanged',
    );
    const dir = (value: string, size: number) => ({
      hash: { name: 'md5', value: `${value}.dir` },
      isDir: true,
      size,
    });
    const change = dataChange('/nowhere', dir('a'.repeat(32), 2048), dir('b'.repeat(32), 1024));
    assert.equal(change.files, undefined);
    assert.equal(describeChange(change), 'content changed; 1.0 KB → 2.0 KB');
  });
});
