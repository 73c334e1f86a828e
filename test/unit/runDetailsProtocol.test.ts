import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Run } from '../../src/core/model';
import {
  UI_STRING_KEYS,
  parseRunDetailsMessage,
  parseRunDetailsState,
  type UiStrings,
} from '../../src/views/runDetails/protocol';
import { buildSnapshot, formatMetricValue, toRunView } from '../../src/views/runDetails/snapshot';
import { makeRun } from './helpers/runs';

/** A run of a project's store, started and ended at real-looking times. */
function projectRun(overrides: Partial<Run> = {}): Run {
  return makeRun({
    store: '/project/mlruns',
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_060_000,
    ...overrides,
  });
}

const strings = Object.fromEntries(UI_STRING_KEYS.map((k) => [k, k])) as UiStrings;

describe('parseRunDetailsMessage', () => {
  it('accepts every well-formed message', () => {
    const valid = [
      { type: 'ready' },
      { type: 'revealArtifacts' },
      { type: 'openRun', store: '/p/mlruns', id: 'abc' },
      { type: 'openArtifact', path: 'model/MLmodel' },
      { type: 'copy', text: 'abc' },
      { type: 'copy', text: '' },
    ];
    for (const message of valid) assert.deepEqual(parseRunDetailsMessage(message), message);
  });

  it('rejects non-objects and unknown types', () => {
    for (const raw of [
      undefined,
      null,
      'ready',
      42,
      [],
      [{ type: 'ready' }],
      {},
      { type: 'READY' },
      { type: 'eval' },
    ]) {
      assert.equal(parseRunDetailsMessage(raw), undefined, JSON.stringify(raw));
    }
  });

  it('rejects extra fields', () => {
    const junk = [
      { type: 'ready', extra: 1 },
      { type: 'revealArtifacts', path: '/' },
      { type: 'openRun', store: 's', id: 'i', command: 'x' },
      { type: 'openArtifact', path: 'a.txt', root: '/' },
      { type: 'copy', text: 'a', html: '<b>' },
    ];
    for (const raw of junk) assert.equal(parseRunDetailsMessage(raw), undefined, JSON.stringify(raw));
  });
});

describe('parseRunDetailsMessage field checks', () => {
  it('rejects wrong or missing field types', () => {
    const wrong = [
      { type: 'openRun', store: 's' },
      { type: 'openRun', store: 's', id: 1 },
      { type: 'openRun', store: '', id: 'i' },
      { type: 'openRun', store: ['s'], id: 'i' },
      { type: 'openArtifact', path: 7 },
      { type: 'openArtifact', path: { toString: () => 'a' } },
      { type: 'copy', text: null },
      { type: 'copy', text: 'x'.repeat(100_001) },
    ];
    for (const raw of wrong) assert.equal(parseRunDetailsMessage(raw), undefined, JSON.stringify(raw));
  });

  it('rejects artifact paths that escape the root or are absolute', () => {
    for (const path of [
      '../secret',
      'a/../../b',
      '..',
      '/etc/passwd',
      'C:\\Windows\\win.ini',
      'C:/x',
      'a\\..\\b',
      './a',
    ]) {
      assert.equal(parseRunDetailsMessage({ type: 'openArtifact', path }), undefined, path);
    }
  });

  it('ignores inherited fields (no prototype tricks)', () => {
    const proto = { store: 's', id: 'i' };
    const raw: unknown = Object.assign(Object.create(proto), { type: 'openRun' });
    assert.equal(parseRunDetailsMessage(raw), undefined);
  });
});

describe('parseRunDetailsState', () => {
  it('accepts {store, id} and rejects anything else', () => {
    assert.deepEqual(parseRunDetailsState({ store: 's', id: 'i' }), { store: 's', id: 'i' });
    for (const raw of [undefined, null, {}, { store: 's' }, { store: 1, id: 'i' }, { store: '', id: '' }]) {
      assert.equal(parseRunDetailsState(raw), undefined, JSON.stringify(raw));
    }
  });
});

describe('run snapshot', () => {
  it('formats metric values as JSON-safe text', () => {
    assert.equal(formatMetricValue(Number.NaN), 'NaN');
    assert.equal(formatMetricValue(Infinity), 'Infinity');
    assert.equal(formatMetricValue(-Infinity), '-Infinity');
    assert.equal(formatMetricValue(0.1 + 0.2), '0.30000000000000004');
    assert.equal(formatMetricValue(-0.5), '-0.5');
  });

  it('survives a JSON round trip unchanged, splits system tags and sorts', () => {
    const run = projectRun({
      params: { lr: '0.1', alpha: '1' },
      metrics: {
        loss: { step: 3, timestamp: 5, value: Number.NaN },
        acc: { step: 1, timestamp: 2, value: Infinity },
        odd: { step: Number.NaN, timestamp: Infinity, value: 1 },
      },
      tags: { team: 'a', 'mlflow.runName': 'run', 'mlflow.note.content': 'hello', mlflowish: 'x' },
      datasets: [{ name: 'd', digest: '1', sourceType: 'local', source: '/d', context: null }],
    });
    const view = toRunView(run);
    assert.deepEqual(JSON.parse(JSON.stringify(view)), view);
    assert.deepEqual(view.params, [
      { key: 'alpha', value: '1' },
      { key: 'lr', value: '0.1' },
    ]);
    assert.deepEqual(view.metrics, [
      { key: 'acc', value: 'Infinity', step: 1, timestamp: 2 },
      { key: 'loss', value: 'NaN', step: 3, timestamp: 5 },
      { key: 'odd', value: '1', step: null, timestamp: null },
    ]);
    assert.deepEqual(
      view.tags.map((t) => t.key),
      ['mlflowish', 'team'],
    );
    assert.deepEqual(
      view.systemTags.map((t) => t.key),
      ['mlflow.note.content', 'mlflow.runName'],
    );
  });
});

describe('snapshot', () => {
  it('builds a snapshot with parent and children refs', () => {
    const parent = projectRun({ id: 'p', name: 'parent' });
    const late = projectRun({ id: 'c2', name: 'b', startTime: 2, status: 'RUNNING' });
    const early = projectRun({ id: 'c1', name: 'a', startTime: 1 });
    const snap = buildSnapshot({
      run: projectRun({ parentId: 'p' }),
      parent,
      children: [late, early],
      artifacts: { kind: 'none' },
      strings,
      staleHours: 24,
      now: 10_000,
    });
    assert.equal(snap.type, 'snapshot');
    if (snap.type !== 'snapshot') return;
    assert.deepEqual(snap.parent, { store: '/project/mlruns', id: 'p', name: 'parent', status: 'FINISHED' });
    assert.deepEqual(
      snap.children.map((c) => c.id),
      ['c1', 'c2'],
    );
    assert.deepEqual(JSON.parse(JSON.stringify(snap)), snap);
    assert.equal(snap.stale, null);
  });

  it('marks a RUNNING run stale, with its last update, as the Runs view does', () => {
    const hour = 3_600_000;
    const lastMetric = Date.UTC(2024, 5, 5, 12);
    const run = projectRun({
      status: 'RUNNING',
      startTime: lastMetric - 5 * hour,
      endTime: null,
      metrics: { loss: { value: 0.5, step: 3, timestamp: lastMetric } },
    });
    const snapAt = (now: number, staleHours = 24) =>
      buildSnapshot({
        run,
        parent: undefined,
        children: [],
        artifacts: { kind: 'none' },
        strings,
        staleHours,
        now,
      });
    const stale = snapAt(lastMetric + 25 * hour);
    assert.ok(stale.type === 'snapshot');
    assert.deepEqual(stale.stale, { lastUpdate: lastMetric });
    assert.deepEqual(JSON.parse(JSON.stringify(stale)), stale);
    const fresh = snapAt(lastMetric + 23 * hour);
    assert.ok(fresh.type === 'snapshot' && fresh.stale === null, 'younger than the setting');
    const off = snapAt(lastMetric + 25 * hour, 0);
    assert.ok(off.type === 'snapshot' && off.stale === null, '0 turns the rule off');
    const done = buildSnapshot({
      run: { ...run, status: 'FINISHED', endTime: lastMetric },
      parent: undefined,
      children: [],
      artifacts: { kind: 'none' },
      strings,
      staleHours: 24,
      now: lastMetric + 1000 * hour,
    });
    assert.ok(done.type === 'snapshot' && done.stale === null, 'a finished run is never stale');
  });
});
