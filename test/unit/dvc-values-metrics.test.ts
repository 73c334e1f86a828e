import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  flattenMetrics,
  metricNumber,
  parseMetricsFile,
  parseNumberCell,
  readMetricsData,
  splitRows,
} from '../../src/core/sources/dvc/values/metricsFile';

describe('parseMetricsFile', () => {
  it('keeps numbers, strings and booleans; drops lists, nulls and mappings left empty', () => {
    const text =
      '{"acc": 0.9, "name": "cnn", "ok": true, "hist": [1, 2], "none": null, "nested": {"a": 1, "e": {"x": []}}}';
    assert.deepEqual(parseMetricsFile(text, 'metrics.json'), {
      values: { acc: 0.9, name: 'cnn', ok: true, nested: { a: 1 } },
      problems: [],
    });
  });

  it('reads YAML and TOML metrics and nested DVCLive summaries with bare NaN', () => {
    assert.deepEqual(parseMetricsFile('train:\n  loss: 0.5\nstep: 3\n', 'm.yaml').values, {
      train: { loss: 0.5 },
      step: 3,
    });
    assert.deepEqual(parseMetricsFile('[eval]\nauc = 0.75\n', 'm.toml').values, { eval: { auc: 0.75 } });
    const dvclive = parseMetricsFile(
      '{\n    "train": {\n        "loss": NaN\n    },\n    "step": 1\n}',
      'metrics.json',
    );
    assert.ok(Number.isNaN((dvclive.values.train as { loss: number }).loss));
  });

  it('reads a one-value file as that value, which is no mapping of metrics (DVC shows no column)', () => {
    assert.deepEqual(readMetricsData('0.93\n', 'eval/auc.txt'), { data: 0.93 });
    const { values, problems } = parseMetricsFile('0.93\n', 'eval/auc.txt');
    assert.deepEqual(values, {});
    assert.match(problems[0].reason, /holds one value, not a mapping/);
    // `… or {}`: what Python counts as false reads as no metrics at all.
    assert.deepEqual(readMetricsData('0\n', 'zero.txt'), { data: {} });
    assert.deepEqual(readMetricsData('', 'empty.yaml'), { data: {} });
    assert.ok('error' in readMetricsData('', 'empty.json'));
  });

  it('reads CSV and TSV as YAML, as DVC 3 does: a YOLOv5 results.csv is one folded string', () => {
    const csv =
      '               epoch,      train/box_loss, metrics/mAP_0.5:0.95\n' +
      '                   0,             0.11034,              0.00244\n';
    assert.deepEqual(readMetricsData(csv, 'runs/results.csv'), {
      data: 'epoch,      train/box_loss, metrics/mAP_0.5:0.95 0,             0.11034,              0.00244',
    });
    const parsed = parseMetricsFile(csv, 'runs/results.csv');
    assert.deepEqual(parsed.values, {});
    assert.equal(parsed.problems[0].path, 'runs/results.csv');
    assert.match(parsed.problems[0].reason, /read as YAML .* holds one string, not a mapping/);
    // A table whose cells look like YAML keys does not parse at all.
    assert.ok('error' in readMetricsData('a: b: c\n', 'm.tsv'));
  });

  it('reports unparsable files with the path and the reason', () => {
    const { values, problems } = parseMetricsFile('{"acc": ', '/r/metrics.json');
    assert.deepEqual(values, {});
    assert.equal(problems[0].path, '/r/metrics.json');
    assert.match(problems[0].reason, /JSON file structure is corrupted/);
  });
});

describe('metric helpers', () => {
  it('flattens with dots and converts to numbers for charts', () => {
    assert.deepEqual(flattenMetrics({ train: { loss: 0.5, tag: 'x' }, ok: false }), {
      'train.loss': 0.5,
      'train.tag': 'x',
      ok: false,
    });
    assert.equal(metricNumber(0.5), 0.5);
    assert.equal(metricNumber(true), 1);
    assert.equal(metricNumber('x'), null);
    assert.equal(metricNumber(undefined), null);
  });

  it("parses cells like Python's float() and splits quoted rows", () => {
    assert.equal(parseNumberCell(' 1e-3 '), 0.001);
    assert.equal(parseNumberCell('-inf'), -Infinity);
    assert.equal(parseNumberCell('1_000'), 1000);
    assert.equal(parseNumberCell('.5'), 0.5);
    assert.equal(parseNumberCell('1.2.3'), '1.2.3');
    assert.deepEqual(splitRows('a,"x ""q"" \ny"\n1,2', ','), [
      ['a', 'x "q" \ny'],
      ['1', '2'],
    ]);
  });
});
