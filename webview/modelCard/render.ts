// Renders a model card (built by the host) as sections of tables. User data only ever becomes text.
import type { ModelCard } from '../../src/views/modelCard/card';
import type { InputExampleView } from '../../src/views/modelCard/inputExample';
import type { SpecRow } from '../../src/views/modelCard/signature';
import type { UiStrings, WebviewMessage } from '../../src/views/modelCard/protocol';
import { h, iconButton, type Child } from '../shared/dom';

type Post = (message: WebviewMessage) => void;

function table(doc: Document, headers: string[], rows: Child[][], label: string): HTMLElement {
  return h(
    doc,
    'table',
    { class: 'card-table', attrs: { 'aria-label': label } },
    h(
      doc,
      'thead',
      {},
      h(doc, 'tr', {}, ...headers.map((t) => h(doc, 'th', { text: t, attrs: { scope: 'col' } }))),
    ),
    h(doc, 'tbody', {}, ...rows.map((cells) => h(doc, 'tr', {}, ...cells.map((c) => h(doc, 'td', {}, c))))),
  );
}

function section(doc: Document, id: string, title: string, ...children: Child[]): HTMLElement {
  return h(
    doc,
    'details',
    { class: 'card-section', attrs: { open: '', 'data-section': id } },
    h(doc, 'summary', {}, h(doc, 'h2', { text: title })),
    ...children,
  );
}

const note = (doc: Document, text: string, cls = 'card-note'): HTMLElement =>
  h(doc, 'p', { class: cls, text });

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} ${units[0]}` : `${value.toFixed(1)} ${units[unit]}`;
}

function keyValues(doc: Document, s: UiStrings, entries: [string, string][], label: string): HTMLElement {
  if (entries.length === 0) return note(doc, s.none);
  return table(
    doc,
    [s.key, s.value],
    entries.map(([k, v]) => [k, v]),
    label,
  );
}

function header(doc: Document, card: ModelCard, s: UiStrings, post: Post): HTMLElement {
  const kind = { version: s.kindVersion, logged: s.kindLogged, artifact: s.kindArtifact }[card.kind];
  const actions: Child[] = card.uris.map((uri) =>
    h(
      doc,
      'span',
      { class: 'uri' },
      h(doc, 'code', { text: uri }),
      iconButton(doc, 'codicon-copy', `${s.copyUri}: ${uri}`, () => post({ type: 'copyUri', uri }), {
        iconOnly: true,
        attrs: { 'data-action': 'copy-uri' },
      }),
    ),
  );
  if (card.run && card.run.state === 'present')
    actions.push(iconButton(doc, 'codicon-go-to-file', s.openRun, () => post({ type: 'openRun' })));
  if (card.folder)
    actions.push(
      iconButton(doc, 'codicon-folder-opened', s.revealFolder, () => post({ type: 'revealFolder' })),
    );
  return h(
    doc,
    'header',
    { class: 'card-header' },
    h(doc, 'h1', { text: card.title }),
    h(doc, 'p', { class: 'card-kind', text: kind }),
    h(doc, 'div', { class: 'card-actions' }, ...actions),
  );
}

function notices(doc: Document, card: ModelCard, s: UiStrings): Child {
  const lines = [...card.notices.map((n) => s[n]), ...card.problems.map((p) => `${p.path}: ${p.reason}`)];
  if (lines.length === 0) return null;
  return h(
    doc,
    'div',
    { class: 'card-problems', attrs: { role: 'alert' } },
    h(doc, 'h2', { text: s.problems }),
    h(doc, 'ul', {}, ...lines.map((l) => h(doc, 'li', { text: l }))),
  );
}

function overview(doc: Document, card: ModelCard, s: UiStrings): HTMLElement {
  const f = card.facts;
  const rows: [string, string | null][] = [
    [s.description, f.description],
    [s.modelId, f.modelId],
    [s.mlflowVersion, f.mlflowVersion],
    [s.created, f.created],
    [s.folder, card.folder],
  ];
  const shown = rows.filter((r): r is [string, string] => r[1] !== null && r[1] !== '');
  return section(
    doc,
    'overview',
    s.overview,
    keyValues(doc, s, shown, s.overview),
    f.tags.length > 0 ? h(doc, 'h3', { text: s.tags }) : null,
    f.tags.length > 0 ? keyValues(doc, s, f.tags, s.tags) : null,
  );
}

function flavors(doc: Document, card: ModelCard, s: UiStrings): HTMLElement {
  const rows = card.flavors.map((f) => [
    f.name,
    f.libraryVersion ?? '',
    f.settings.map(([k, v]) => `${k}: ${v}`).join('\n'),
  ]);
  return section(
    doc,
    'flavors',
    s.flavors,
    rows.length > 0
      ? table(doc, [s.flavor, s.libraryVersion, s.settings], rows, s.flavors)
      : note(doc, s.none),
  );
}

function specTable(doc: Document, s: UiStrings, title: string, rows: SpecRow[] | null): Child[] {
  if (!rows) return [];
  const cells = rows.map((r) => [
    r.name,
    r.type,
    r.shape,
    r.required === null ? '' : r.required ? s.yes : s.no,
    r.extra,
  ]);
  return [
    h(doc, 'h3', { text: title }),
    table(doc, [s.name, s.type, s.shape, s.required, s.other], cells, title),
  ];
}

function signature(doc: Document, card: ModelCard, s: UiStrings): HTMLElement {
  const sig = card.signature;
  return section(
    doc,
    'signature',
    s.signature,
    ...(sig
      ? [
          ...specTable(doc, s, s.inputs, sig.inputs),
          ...specTable(doc, s, s.outputs, sig.outputs),
          ...specTable(doc, s, s.params, sig.params),
        ]
      : [note(doc, s.noSignature)]),
  );
}

function inputExample(doc: Document, view: InputExampleView, s: UiStrings): HTMLElement {
  const body: Child[] = [];
  if (view.kind === 'none') body.push(note(doc, s.noInputExample));
  else if (view.kind === 'raw') {
    body.push(note(doc, s.exampleRaw.replace('{0}', view.reason)));
    body.push(h(doc, 'pre', { class: 'card-pre', text: view.text }));
    if (view.truncated) body.push(note(doc, s.truncated));
  } else {
    body.push(table(doc, view.table.columns, view.table.rows, s.inputExample));
    if (view.table.omittedRows > 0)
      body.push(note(doc, s.rowsOmitted.replace('{0}', String(view.table.omittedRows))));
  }
  return section(doc, 'example', s.inputExample, ...body);
}

function environment(doc: Document, card: ModelCard, s: UiStrings): HTMLElement {
  if (card.environment.length === 0)
    return section(doc, 'environment', s.environment, note(doc, s.noEnvironment));
  return section(
    doc,
    'environment',
    s.environment,
    ...card.environment.flatMap((file) => [
      h(doc, 'h3', { text: file.file }),
      h(doc, 'pre', { class: 'card-pre', text: file.text }),
      file.truncated ? note(doc, s.truncated) : null,
    ]),
  );
}

function files(doc: Document, card: ModelCard, s: UiStrings): HTMLElement {
  const sizes = [`${s.totalSize}: ${formatBytes(card.totalSize)}`];
  if (card.modelSizeBytes !== null) sizes.push(`${s.recordedSize}: ${formatBytes(card.modelSizeBytes)}`);
  return section(
    doc,
    'files',
    s.files,
    note(doc, sizes.join(' · ')),
    card.files.length > 0
      ? table(
          doc,
          [s.name, s.size],
          card.files.map((f) => [f.path, formatBytes(f.size)]),
          s.files,
        )
      : note(doc, s.none),
  );
}

function run(doc: Document, card: ModelCard, s: UiStrings): Child {
  const r = card.run;
  if (!r) return null;
  const title = `${s.sourceRun}: ${r.name ? `${r.name} (${r.id})` : r.id}`;
  return section(
    doc,
    'run',
    title,
    h(doc, 'h3', { text: s.runMetrics }),
    keyValues(
      doc,
      s,
      r.metrics.map(([k, v]) => [k, String(v)]),
      s.runMetrics,
    ),
    h(doc, 'h3', { text: s.runParams }),
    keyValues(doc, s, r.params, s.runParams),
  );
}

function versions(doc: Document, card: ModelCard, s: UiStrings): Child {
  if (card.versions.length === 0) return null;
  const rows = card.versions.map((v) => [
    v.current ? h(doc, 'strong', { text: `v${v.version}` }) : `v${v.version}`,
    v.aliases.map((a) => `@${a}`).join(' '),
    v.stage,
    v.status,
    v.created === null ? '' : new Date(v.created).toLocaleString(),
  ]);
  return section(
    doc,
    'versions',
    s.versions,
    table(doc, [s.version, s.aliases, s.stage, s.status, s.created], rows, s.versions),
  );
}

export function renderCard(doc: Document, card: ModelCard, s: UiStrings, post: Post): HTMLElement {
  return h(
    doc,
    'div',
    { class: 'model-card' },
    header(doc, card, s, post),
    notices(doc, card, s),
    overview(doc, card, s),
    flavors(doc, card, s),
    signature(doc, card, s),
    inputExample(doc, card.inputExample, s),
    environment(doc, card, s),
    files(doc, card, s),
    run(doc, card, s),
    versions(doc, card, s),
  );
}
