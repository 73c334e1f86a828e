import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  buildArtifactTree,
  filterRows,
  formatBytes,
  formatDuration,
  formatTimestamp,
  fillPlaceholders,
  readStale,
  runDuration,
  sortByKey,
} from '../../webview/runDetails/format';

describe('Run details formatting', () => {
  it('formats durations', () => {
    assert.equal(formatDuration(null), '—');
    assert.equal(formatDuration(-5), '—');
    assert.equal(formatDuration(Number.NaN), '—');
    assert.equal(formatDuration(850), '850ms');
    assert.equal(formatDuration(12_345), '12.3s');
    assert.equal(formatDuration(65_000), '1m 05s');
    assert.equal(formatDuration(2 * 3_600_000 + 3 * 60_000), '2h 03m');
    assert.equal(formatDuration(3 * 86_400_000 + 4 * 3_600_000), '3d 04h 00m');
  });

  it('computes the duration of finished, running and unknown runs', () => {
    assert.equal(runDuration(1000, 3000, false, 99_999), 2000);
    assert.equal(runDuration(1000, null, true, 5000), 4000);
    assert.equal(runDuration(1000, null, false, 5000), null);
    assert.equal(runDuration(null, 3000, false, 5000), null);
  });

  it('formats timestamps as local date and time', () => {
    assert.equal(formatTimestamp(null), '—');
    assert.equal(formatTimestamp(Number.POSITIVE_INFINITY), '—');
    assert.match(formatTimestamp(1_700_000_000_000), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });
});

describe('Run details lists', () => {
  it('formats sizes', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(2048), '2.0 KB');
    assert.equal(formatBytes(50 * 1024 * 1024), '50 MB');
    assert.equal(formatBytes(-1), '');
  });

  it('sorts keys naturally and filters case-insensitively', () => {
    const rows = ['layer_10', 'layer_2', 'B', 'a'];
    assert.deepEqual(
      sortByKey(rows, (r) => r, false),
      ['a', 'B', 'layer_2', 'layer_10'],
    );
    assert.deepEqual(
      sortByKey(rows, (r) => r, true),
      ['layer_10', 'layer_2', 'B', 'a'],
    );
    assert.deepEqual(
      filterRows(rows, ' LAYER ', (r) => [r]),
      ['layer_10', 'layer_2'],
    );
    assert.deepEqual(
      filterRows(rows, '', (r) => [r]),
      rows,
    );
  });

  it('nests a flat artifact listing, synthesizing missing folders', () => {
    const tree = buildArtifactTree([
      { path: 'a.txt', size: 1, isDir: false },
      { path: 'model', size: 0, isDir: true },
      { path: 'model/MLmodel', size: 2, isDir: false },
      { path: 'deep/er/file', size: 3, isDir: false },
    ]);
    assert.deepEqual(
      tree.map((n) => [n.name, n.isDir, n.children.length]),
      [
        ['a.txt', false, 0],
        ['model', true, 1],
        ['deep', true, 1],
      ],
    );
    assert.equal(tree[2]?.children[0]?.children[0]?.path, 'deep/er/file');
  });

  it('reads the stale field of a snapshot only when it is well formed', () => {
    assert.equal(readStale({ lastUpdate: 1_717_588_800_000 }), 1_717_588_800_000);
    for (const bad of [
      null,
      undefined,
      'x',
      [],
      {},
      { lastUpdate: '1' },
      { lastUpdate: Number.NaN },
      { lastUpdate: Infinity },
      { lastUpdate: 0 },
      { lastUpdate: -1 },
      { lastUpdate: 1, more: true },
      Object.create({ lastUpdate: 1 }),
    ]) {
      assert.equal(readStale(bad), null, String(JSON.stringify(bad)));
    }
  });

  it('fills numbered placeholders in one pass, in any order', () => {
    assert.equal(fillPlaceholders('{1} before {0}', 'a', 'b'), 'b before a');
    assert.equal(fillPlaceholders('{0} / {1}', '{1}', 'x'), '{1} / x', 'a value is not filled again');
    assert.equal(fillPlaceholders('{0} {2}', 'a'), 'a {2}', 'a missing value leaves its placeholder');
  });
});
