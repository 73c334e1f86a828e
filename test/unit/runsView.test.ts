// The Runs view's rules without VS Code: runs of the same name told apart, the sort key's value as
// the description, stale RUNNING runs, one date and duration format with Run details, empty stores,
// the hover's order, and which commands the palette offers when.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RunIndex } from '../../src/core/index/runIndex';
import type { SourceKind, StoreSnapshot } from '../../src/core/model';
import { parseRunFilter } from '../../src/core/query/filter';
import { isStale, lastUpdate, staleAfter } from '../../src/core/query/stale';
import { readFileStore } from '../../src/core/sources/mlflow/fileStore';
import * as sharedTime from '../../src/views/shared/time';
import { cappedEntries, runTiming, sortValueText, twinText } from '../../src/views/runs/format';
import {
  buildRunTree,
  isEmptySource,
  nameTwins,
  type RunNode,
  type RunTreeOptions,
} from '../../src/views/runs/runTreeModel';
import * as webviewFormat from '../../webview/runDetails/format';
import { makeRun } from './helpers/runs';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'runs-view');
const TWINS_STORE = path.join(FIXTURES, 'twins', 'mlruns');
const EMPTY_STORE = path.join(FIXTURES, 'empty', 'mlruns');
/** generate.py's BASE: 2024-06-01 00:00 UTC. */
const BASE = 1717200000000;
const HOUR = 3_600_000;
const OPTIONS: RunTreeOptions = { sort: { kind: 'startTime' }, descending: true, showDeleted: false };

async function snapshot(store: string): Promise<StoreSnapshot> {
  return (await readFileStore(store)).snapshot;
}

function runNodes(nodes: readonly RunNode[]): RunNode[] {
  return nodes.flatMap((n) => [n, ...runNodes(n.children)]);
}

describe('runs with the same name', () => {
  it('are told apart by start time, or by id when the start times are equal too', async () => {
    const [source] = buildRunTree([await snapshot(TWINS_STORE)], OPTIONS);
    const twins = source.experiments.find((e) => e.experiment.name === 'fixture-twins')!;
    const nodes = runNodes(twins.runs);
    const repeated = nodes.filter((n) => n.run.name === 'larger_layer_take2');
    assert.equal(repeated.length, 3);
    assert.deepEqual(
      repeated.map((n) => n.twin),
      ['time', 'time', 'time'],
    );
    const texts = repeated.map((n) => twinText(n.run, n.twin!));
    assert.equal(new Set(texts).size, 3, `distinct descriptions: ${texts.join(' | ')}`);
    for (const text of texts) assert.match(text, /^2024-0[56]-\d{2} \d{2}:\d{2}:\d{2}$/);
    const sameStart = nodes.filter((n) => n.run.name === 'same-start');
    assert.deepEqual(
      sameStart.map((n) => n.twin),
      ['id', 'id'],
    );
    const ids = sameStart.map((n) => twinText(n.run, 'id'));
    assert.deepEqual(
      ids,
      sameStart.map((n) => n.run.id.slice(0, 8)),
    );
    assert.notEqual(ids[0], ids[1]);
  });

  it('leaves runs with a name of their own alone', () => {
    const twins = nameTwins([
      makeRun({ id: 'a', name: 'x' }),
      makeRun({ id: 'b', name: 'y' }),
      makeRun({ id: 'c', name: null }),
      makeRun({ id: 'd', name: null }),
    ]);
    assert.equal(twins.size, 0);
  });

  it('uses the id for runs of one name without a start time', () => {
    const twins = nameTwins([
      makeRun({ id: 'a', name: 'x', startTime: null }),
      makeRun({ id: 'b', name: 'x', startTime: 5 }),
    ]);
    assert.equal(twins.get('a'), 'id');
    assert.equal(twins.get('b'), 'time');
  });
});

describe('the sort key in the description', () => {
  const run = makeRun({
    metrics: {
      val_prc: { value: 0.7412, step: 2, timestamp: 1 },
      loss: { value: 0.3, step: 2, timestamp: 1 },
    },
    params: { layers: '4', long: 'x'.repeat(100) },
  });

  it("shows the sorted metric's value, not the key metric", () => {
    assert.equal(sortValueText(run, { kind: 'metric', key: 'val_prc' }), 'val_prc 0.7412');
  });

  it('shows a param, shortened when long, and a dash when the run has none', () => {
    assert.equal(sortValueText(run, { kind: 'param', key: 'layers' }), 'layers 4');
    assert.equal(sortValueText(run, { kind: 'param', key: 'long' })!.length, 'long '.length + 40);
    assert.equal(sortValueText(run, { kind: 'metric', key: 'f1' }), 'f1 —');
  });

  it('adds nothing for start time, name or status', () => {
    for (const kind of ['startTime', 'name', 'status'] as const)
      assert.equal(sortValueText(run, { kind }), undefined);
  });
});

describe('stale runs', () => {
  it('marks the fixture run left RUNNING as stale, from its last metric', async () => {
    const store = await snapshot(TWINS_STORE);
    const run = store.runs.find((r) => r.name === 'abandoned-training')!;
    assert.equal(run.status, 'RUNNING');
    assert.equal(lastUpdate(run), BASE + 72 * HOUR);
    assert.equal(isStale(run, Date.now()), true);
    assert.equal(isStale(run, BASE + 90 * HOUR), false, '18 h after the last metric: not yet');
    assert.equal(isStale(run, BASE + 97 * HOUR), true, '25 h after the last metric');
    assert.equal(isStale(run, BASE + 97 * HOUR, 48), false, 'a longer threshold');
    assert.equal(isStale(run, Date.now(), 0), false, '0 turns the rule off');
    const timing = runTiming(run, BASE + 96 * HOUR + 2 * 60_000, 24);
    assert.equal(timing.kind, 'stale');
    assert.ok(timing.kind === 'stale');
    assert.equal(timing.idle, '1d 00h 02m');
    assert.equal(timing.lastUpdate, sharedTime.formatTimestamp(BASE + 72 * HOUR));
  });

  it('never calls finished runs, fresh runs or runs without any time stale', () => {
    const now = BASE + 1000 * HOUR;
    assert.equal(isStale(makeRun({ status: 'FINISHED', startTime: BASE }), now), false);
    assert.equal(isStale(makeRun({ status: 'RUNNING', startTime: now - HOUR, endTime: null }), now), false);
    assert.equal(isStale(makeRun({ status: 'RUNNING', startTime: null, endTime: null }), now), false);
    // A metric logged without a timestamp (0) does not count as an update.
    const run = makeRun({
      status: 'RUNNING',
      startTime: BASE,
      endTime: null,
      metrics: { loss: { value: 1, step: 0, timestamp: 0 } },
    });
    assert.equal(lastUpdate(run), BASE);
  });

  it('says when a live run turns stale if it writes nothing more (Run details switches then)', () => {
    const live = makeRun({ status: 'RUNNING', startTime: BASE, endTime: null });
    assert.equal(staleAfter(live, 24), BASE + 24 * HOUR);
    assert.equal(isStale(live, BASE + 24 * HOUR), false, 'at the threshold: not yet');
    assert.equal(isStale(live, BASE + 24 * HOUR + 1), true);
    assert.equal(staleAfter(live, 0), null, 'rule off');
    assert.equal(staleAfter(makeRun({ status: 'FINISHED', startTime: BASE }), 24), null);
    assert.equal(staleAfter(makeRun({ status: 'RUNNING', startTime: null, endTime: null }), 24), null);
  });

  it('gives running and finished runs their duration', () => {
    const running = makeRun({ status: 'RUNNING', startTime: BASE, endTime: null });
    assert.deepEqual(runTiming(running, BASE + 66 * HOUR + 2 * 60_000, 0), {
      kind: 'running',
      started: sharedTime.formatTimestamp(BASE),
      duration: '2d 18h 02m',
    });
    const finished = makeRun({ startTime: BASE, endTime: BASE + 65_000 });
    assert.equal(runTiming(finished, BASE + 1000 * HOUR, 24).kind, 'finished');
  });
});

describe('one date and duration format for the hover and Run details', () => {
  it('is the same function in the tree and the webview', () => {
    assert.equal(webviewFormat.formatDuration, sharedTime.formatDuration);
    assert.equal(webviewFormat.formatTimestamp, sharedTime.formatTimestamp);
  });

  it('writes days, hours and minutes, and unambiguous local dates', () => {
    assert.equal(sharedTime.formatDuration((66 * 60 + 2) * 60_000), '2d 18h 02m');
    assert.equal(sharedTime.formatDuration(20558 * HOUR + 16 * 60_000), '856d 14h 16m');
    assert.equal(sharedTime.formatDuration(3 * 60_000 + 5_000), '3m 05s');
    assert.match(sharedTime.formatTimestamp(BASE), /^2024-0[56]-\d{2} \d{2}:00:00$/);
  });
});

describe('the hover', () => {
  it('caps a long list with the number left out', () => {
    const entries = Array.from({ length: 30 }, (_, i): [string, string] => [
      `p${String(i).padStart(2, '0')}`,
      'v',
    ]);
    const { shown, more } = cappedEntries(entries, 15);
    assert.equal(shown.length, 15);
    assert.equal(more, 15);
    assert.equal(shown[0][0], 'p00');
    assert.equal(cappedEntries(entries.slice(0, 3), 15).more, 0);
  });

  it('lists metrics before params', () => {
    const source = readFileSync(
      path.join(__dirname, '..', '..', 'src', 'views', 'runs', 'runTooltip.ts'),
      'utf8',
    );
    const metrics = source.indexOf("vscode.l10n.t('Metrics')");
    const params = source.indexOf("vscode.l10n.t('Params')");
    assert.ok(metrics > 0 && params > metrics, 'the Metrics section is built before the Params section');
  });
});

describe('stores without runs', () => {
  it('stay, collapsed, by default; hideEmptyStores leaves them out', async () => {
    const stores = [await snapshot(TWINS_STORE), await snapshot(EMPTY_STORE)];
    const shown = buildRunTree(stores, OPTIONS);
    assert.equal(shown.length, 2);
    const empty = shown.find((s) => s.snapshot.store === EMPTY_STORE)!;
    assert.equal(empty.totalRuns, 0);
    assert.equal(isEmptySource(empty), true);
    assert.equal(isEmptySource(shown.find((s) => s.snapshot.store === TWINS_STORE)!), false);
    const hidden = buildRunTree(stores, { ...OPTIONS, hideEmptyStores: true });
    assert.deepEqual(
      hidden.map((s) => s.snapshot.store),
      [TWINS_STORE],
    );
  });

  it('with a filter, stores with no matching run are left out', async () => {
    const parsed = parseRunFilter('abandoned');
    assert.ok(parsed.ok);
    const mlflow = await snapshot(path.join(__dirname, '..', 'fixtures', 'mlflow', 'filestore', 'mlruns'));
    const stores = [await snapshot(TWINS_STORE), await snapshot(EMPTY_STORE), mlflow];
    const shown = buildRunTree(stores, { ...OPTIONS, filter: parsed.filter });
    assert.deepEqual(
      shown.map((s) => s.snapshot.store),
      [TWINS_STORE],
    );
    assert.equal(shown[0].shownRuns, 1);
  });

  it('keeps a store whose files could not be read, so that the reason stays in sight', async () => {
    const broken: StoreSnapshot = {
      source: 'mlflow-file',
      store: '/w/broken/mlruns',
      experiments: [],
      runs: [],
      problems: [{ path: '/w/broken/mlruns/1/meta.yaml', reason: 'bad YAML' }],
    };
    assert.equal(buildRunTree([broken], { ...OPTIONS, hideEmptyStores: true }).length, 1);
  });
});

describe('loading message', () => {
  it('learns which kinds of store it reads before it reads them', async () => {
    const seen: SourceKind[][] = [];
    const index = new RunIndex({
      roots: [path.join(FIXTURES, 'twins')],
      onDiscovered: (stores) => seen.push(stores.map((s) => s.kind)),
    });
    await index.refresh();
    assert.deepEqual(seen, [['mlflow-file']]);
  });
});

describe('command palette', () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    contributes: {
      commands: { command: string }[];
      menus: { commandPalette: { command: string; when: string }[] };
    };
  };
  const when = new Map(pkg.contributes.menus.commandPalette.map((e) => [e.command, e.when]));

  it('says for every command when the palette offers it', () => {
    const missing = pkg.contributes.commands.map((c) => c.command).filter((c) => !when.has(c));
    assert.deepEqual(missing, []);
  });

  it('offers only one of Show and Hide Deleted Runs', () => {
    assert.match(when.get('mlopsLens.showDeletedRuns')!, /!mlopsLens\.showDeleted\b/);
    assert.match(when.get('mlopsLens.hideDeletedRuns')!, /(^|&& )mlopsLens\.showDeleted$/);
  });

  it('hides commands that only make sense on a tree item or a CodeLens', () => {
    for (const id of [
      'mlopsLens.showRunDetails',
      'mlopsLens.compareSelectedRuns',
      'mlopsLens.runStageItem',
      'mlopsLens.openPipelinePath',
      'mlopsLens.showStageStatus',
      'mlopsLens.compareDataWithWorkspace',
      'mlopsLens.dataShowMore',
    ])
      assert.equal(when.get(id), 'false', id);
  });

  it('hides commands that run workspace code while the workspace is not trusted', () => {
    for (const id of [
      'mlopsLens.runPipelineStage',
      'mlopsLens.runExperimentWithParams',
      'mlopsLens.runStage',
      'mlopsLens.runUpToHere',
      'mlopsLens.runEntryPoint',
      'mlopsLens.runMakeTarget',
    ])
      assert.match(when.get(id)!, /\bisWorkspaceTrusted\b/, id);
  });

  it('offers run commands only once there are runs, and selection commands only with a selection', () => {
    for (const id of [
      'mlopsLens.sortRuns',
      'mlopsLens.filterRuns',
      'mlopsLens.openRun',
      'mlopsLens.compareRuns',
    ])
      assert.match(when.get(id)!, /mlopsLens\.storeCount > 0/, id);
    for (const id of ['mlopsLens.clearRunSelection', 'mlopsLens.compareCheckedRuns'])
      assert.equal(when.get(id), 'mlopsLens.hasCheckedRuns', id);
  });
});
