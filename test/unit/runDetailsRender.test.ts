import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  UI_STRING_KEYS,
  type HostMessage,
  type UiStrings,
  type WebviewMessage,
} from '../../src/views/runDetails/protocol';
import type { Actions } from '../../webview/runDetails/dom';
import {
  DURATION_ID,
  renderMissing,
  renderSnapshot,
  STALE_ID,
  type Snapshot,
} from '../../webview/runDetails/render';
import { createUiState } from '../../webview/runDetails/tables';
import { EVIL_NAME, EVIL_VALUE, FakeElement, fakeDocument, markedStrings } from './helpers/fakeDom';

const strings: UiStrings = markedStrings(UI_STRING_KEYS);

function snapshot(
  overrides: Partial<Snapshot['run']> = {},
  artifacts?: Snapshot['artifacts'],
  stale: Snapshot['stale'] = null,
): Snapshot {
  return {
    type: 'snapshot',
    run: {
      store: '/p/mlruns',
      id: 'r1',
      name: EVIL_NAME,
      status: 'FAILED',
      deleted: false,
      experimentId: '7',
      experimentName: EVIL_NAME,
      startTime: 0,
      endTime: 65_000,
      artifactUri: null,
      params: [
        { key: 'b', value: EVIL_VALUE },
        { key: 'a', value: '1' },
        ...Array.from({ length: 8 }, (_, i) => ({ key: `layer_${i + 2}`, value: String(i) })),
      ],
      metrics: [{ key: 'loss', value: 'NaN', step: 3, timestamp: null }],
      tags: [{ key: 'team', value: EVIL_VALUE }],
      systemTags: [{ key: 'mlflow.note.content', value: EVIL_VALUE }],
      datasets: [{ name: EVIL_NAME, digest: 'd', sourceType: 'local', source: EVIL_VALUE, context: null }],
      ...overrides,
    },
    parent: { store: '/p/mlruns', id: 'p1', name: EVIL_NAME, status: 'FINISHED' },
    children: [{ store: '/p/mlruns', id: 'c1', name: 'child', status: 'RUNNING' }],
    artifacts: artifacts ?? {
      kind: 'local',
      root: '/p/mlruns/7/r1/artifacts',
      entries: [
        { path: 'model', size: 0, isDir: true },
        { path: 'model/MLmodel', size: 10, isDir: false },
        { path: EVIL_NAME, size: 2048, isDir: false },
      ],
      truncated: true,
    },
    stale,
    strings,
  };
}

function renderPage(snap: Snapshot = snapshot()) {
  const posted: WebviewMessage[] = [];
  const announced: string[] = [];
  const actions: Actions = { post: (m) => posted.push(m), announce: (t) => announced.push(t) };
  const root = new FakeElement('main');
  const ui = createUiState();
  root.append(...(renderSnapshot(fakeDocument, snap, ui, actions, 100_000) as unknown as FakeElement[]));
  const all = [...root.walk()];
  return { root, all, posted, announced, ui };
}

const byText = (all: FakeElement[], tag: string, text: string) =>
  all.filter((e) => e.tagName === tag && e.textContent.includes(text));

describe('Run details rendering', () => {
  it('keeps hostile names and values inert text', () => {
    const { root, all } = renderPage();
    assert.ok(!all.some((e) => e.tagName === 'img' || e.tagName === 'script'), 'no element from user data');
    const html = root.serialize();
    assert.ok(!html.includes('<img'), 'serialized text is escaped');
    assert.ok(!html.includes('<script'), 'serialized text is escaped');
    assert.ok(html.includes('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
    const name = all.find((e) => e.className === 'run-name');
    assert.equal(name?.textContent, EVIL_NAME);
    const cells = all.filter((e) => e.tagName === 'td' && e.textContent === EVIL_VALUE);
    assert.ok(cells.length >= 2, 'param and tag values rendered verbatim as text');
  });

  it('renders the header: status, experiment, id with copy, duration, parent and children', () => {
    const { all, posted, announced } = renderPage();
    const text = all[0]?.textContent ?? '';
    for (const part of ['«failed»', '«experiment»', 'r1', '1m 05s', '«parent»', '«children»', 'child']) {
      assert.ok(text.includes(part), part);
    }
    assert.ok(all.some((e) => e.className.includes('codicon-error')));
    const copy = all.find((e) => e.getAttribute('data-focus-key') === 'copy:id');
    copy?.fire('click');
    assert.deepEqual(posted, [{ type: 'copy', text: 'r1' }]);
    assert.deepEqual(announced, ['«copied»']);
    byText(all, 'button', 'child')[0]?.fire('click');
    assert.deepEqual(posted.at(-1), { type: 'openRun', store: '/p/mlruns', id: 'c1' });
    all.find((e) => e.getAttribute('data-focus-key') === 'run:p1')?.fire('click');
    assert.deepEqual(posted.at(-1), { type: 'openRun', store: '/p/mlruns', id: 'p1' });
  });

  it('shows a stale run as stale since its last update, with no ticking duration', () => {
    const lastUpdate = new Date(2024, 5, 5, 12, 0, 0).getTime();
    const now = lastUpdate + (3 * 24 + 2) * 3_600_000 + 5 * 60_000;
    const staleStrings = { ...strings, staleSince: 'Stale: no update since {0} ({1} ago); ended?' };
    const snap = {
      ...snapshot({ status: 'RUNNING', endTime: null }, undefined, { lastUpdate }),
      strings: staleStrings,
    };
    const root = new FakeElement('main');
    const actions: Actions = { post: () => undefined, announce: () => undefined };
    root.append(
      ...(renderSnapshot(fakeDocument, snap, createUiState(), actions, now) as unknown as FakeElement[]),
    );
    const all = [...root.walk()];
    const note = all.find((e) => e.getAttribute('id') === STALE_ID);
    assert.equal(note?.textContent, 'Stale: no update since 2024-06-05 12:00:00 (3d 02h 05m ago); ended?');
    assert.ok(byText(all, 'span', '«running» · «stale»').length > 0, 'the status says stale');
    const status = all.find((e) => e.tagName === 'p' && e.className.includes('status-stale'));
    const icons = status ? [...status.walk()].map((e) => e.className).join(' ') : '';
    assert.match(icons, /codicon-debug-disconnect/, 'the tree’s stale icon');
    assert.doesNotMatch(icons, /codicon-modifier-spin/, 'no spinner');
    assert.ok(
      !all.some((e) => e.getAttribute('id') === DURATION_ID),
      'no duration that grows with the clock',
    );
    assert.ok(!all.some((e) => e.textContent === '«duration»'));
  });

  it('keeps a live run’s ticking duration, and ignores a malformed stale field', () => {
    for (const stale of [null, { lastUpdate: Number.NaN }, { lastUpdate: -5 }, { lastUpdate: 1, extra: 2 }]) {
      const snap = snapshot({ status: 'RUNNING', endTime: null }, undefined, stale as Snapshot['stale']);
      const { all } = renderPage(snap);
      assert.equal(all.find((e) => e.getAttribute('id') === DURATION_ID)?.textContent, '1m 40s');
      assert.ok(!all.some((e) => e.getAttribute('id') === STALE_ID), JSON.stringify(stale));
    }
    const finished = renderPage(snapshot({}, undefined, { lastUpdate: 5 })).all;
    assert.ok(!finished.some((e) => e.getAttribute('id') === STALE_ID), 'only a RUNNING run is stale');
  });

  it('filters and sorts the params table', () => {
    const { all, ui } = renderPage();
    const table = all.find((e) => e.className === 'kv kv-params');
    assert.ok(table);
    const keys = () =>
      [...table.walk()].filter((e) => e.className === 'key' && e.tagName === 'td').map((e) => e.textContent);
    assert.deepEqual(keys().slice(0, 4), ['a', 'b', 'layer_2', 'layer_3']);
    const sort = [...table.walk()].find((e) => e.className === 'sort');
    sort?.fire('click');
    assert.deepEqual(keys().slice(0, 2), ['layer_9', 'layer_8']);
    assert.equal([...table.walk()].find((e) => e.tagName === 'th')?.getAttribute('aria-sort'), 'descending');
    const input = all.find((e) => e.getAttribute('data-focus-key') === 'filter:params');
    assert.ok(input);
    input.value = 'ALERT';
    input.fire('input');
    assert.deepEqual(keys(), ['b']);
    assert.equal(ui.filters.get('params'), 'ALERT');
    input.value = 'no such thing';
    input.fire('input');
    assert.deepEqual(keys(), []);
    assert.ok(table.textContent.includes('«noMatch»'));
  });
});

describe('Run details sections', () => {
  it('groups mlflow.* tags apart, collapsed', () => {
    const { all } = renderPage();
    const system = all.find((e) => e.className === 'system-tags');
    assert.equal(system?.tagName, 'details');
    assert.equal(system?.hasAttribute('open'), false);
    assert.ok(system?.textContent.includes('mlflow.note.content'));
    assert.ok(all.some((e) => e.className === 'description' && e.textContent === EVIL_VALUE));
  });

  it('lists local artifacts as a tree whose files open on click', () => {
    const { all, posted } = renderPage();
    const files = all.filter((e) => e.className === 'artifact-file');
    assert.equal(files.length, 2);
    files.find((f) => f.getAttribute('title') === EVIL_NAME)?.fire('click');
    assert.deepEqual(posted.at(-1), { type: 'openArtifact', path: EVIL_NAME });
    const folder = all.find((e) => e.tagName === 'details' && e.textContent.startsWith('model'));
    assert.ok(folder?.hasAttribute('open'));
    assert.ok(all.some((e) => e.textContent === '2.0 KB'));
    all.find((e) => e.getAttribute('data-focus-key') === 'reveal')?.fire('click');
    assert.deepEqual(posted.at(-1), { type: 'revealArtifacts' });
    assert.ok(all.some((e) => e.className === 'note' && e.textContent === '«artifactsTruncated»'));
  });

  it('explains remote, missing and unreadable artifacts', () => {
    const remote = renderPage(snapshot({}, { kind: 'remote', uri: 's3://b/<x>' }));
    assert.ok(remote.all.some((e) => e.textContent === '«artifactsRemote»'));
    assert.ok(remote.all.some((e) => e.tagName === 'code' && e.textContent === 's3://b/<x>'));
    const none = renderPage(snapshot({}, { kind: 'none' }));
    assert.ok(none.all.some((e) => e.textContent === '«artifactsNone»'));
    assert.ok(!none.all.some((e) => e.textContent === '«artifactsChecked»'), 'nothing looked in: no list');
    // Issue 11: say where the artifacts were looked for.
    const checked = renderPage(
      snapshot({}, { kind: 'none', checked: ['/p/mlruns/1/r1/artifacts', EVIL_NAME] }),
    );
    assert.ok(checked.all.some((e) => e.textContent === '«artifactsChecked»'));
    const listed = checked.all.filter((e) => e.tagName === 'code').map((e) => e.textContent);
    assert.deepEqual(listed.slice(-2), ['/p/mlruns/1/r1/artifacts', EVIL_NAME]);
    const error = renderPage(snapshot({}, { kind: 'error', reason: EVIL_VALUE }));
    assert.ok(error.all.some((e) => e.tagName === 'pre' && e.textContent === EVIL_VALUE));
  });

  it('shows a clear message when the run is gone', () => {
    const message: Extract<HostMessage, { type: 'missing' }> = {
      type: 'missing',
      store: 's',
      id: 'i',
      message: EVIL_NAME,
    };
    const [node] = renderMissing(fakeDocument, message) as unknown as FakeElement[];
    assert.equal(node?.getAttribute('role'), 'alert');
    assert.equal(node?.textContent, EVIL_NAME);
  });
});

describe('webview sources', () => {
  const dir = path.join(__dirname, '../../webview/runDetails');
  const sharedDir = path.join(__dirname, '../../webview/shared');
  const sources = (folder: string) => readdirSync(folder).filter((f) => f.endsWith('.ts'));
  const files = sources(dir);
  const importsOf = (folder: string, file: string) => [
    ...readFileSync(path.join(folder, file), 'utf8').matchAll(/^import\s[\s\S]*?from '([^']+)';/gm),
  ];
  it('never parse strings as HTML', () => {
    assert.ok(files.includes('main.ts'));
    assert.ok(sources(sharedDir).includes('dom.ts'));
    for (const folder of [dir, sharedDir]) {
      for (const file of sources(folder)) {
        const source = readFileSync(path.join(folder, file), 'utf8');
        assert.doesNotMatch(
          source,
          /innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment|\beval\(|new Function/,
          file,
        );
      }
    }
  });
  it('import only protocol types from outside the webview folder', () => {
    for (const file of files) {
      const imports = importsOf(dir, file);
      assert.ok(imports.length > 0);
      for (const [statement, specifier] of imports) {
        if (/^\.(\.\/shared(\/charts)?)?\/[a-zA-Z]+$/.test(specifier ?? '')) continue;
        assert.equal(specifier, '../../src/views/runDetails/protocol', `${file}: ${statement}`);
        assert.match(statement, /^import type /, `${file}: ${statement}`);
      }
    }
  });
  it('share only code that needs no panel: webview/shared imports nothing outside its folder', () => {
    for (const file of sources(sharedDir)) {
      for (const [statement, specifier] of importsOf(sharedDir, file)) {
        assert.match(specifier ?? '', /^\.\/[a-zA-Z]+$/, `shared/${file}: ${statement}`);
      }
    }
  });
});
