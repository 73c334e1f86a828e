// The Artifacts section: a folder tree of the local listing, or why there is none.
import type { ArtifactsView, UiStrings } from '../../src/views/runDetails/protocol';
import { h, icon, iconButton, type Child } from '../shared/dom';
import { copyButton, type Actions } from './dom';
import { buildArtifactTree, fillPlaceholder, formatBytes, type ArtifactNode } from './format';
import type { UiState } from './tables';

/** Folders start open in small listings and closed in large ones. */
const OPEN_BY_DEFAULT_LIMIT = 50;

function fileNode(doc: Document, node: ArtifactNode, actions: Actions): HTMLElement {
  return h(
    doc,
    'button',
    {
      class: 'artifact-file',
      attrs: { type: 'button', title: node.path, 'data-focus-key': `artifact:${node.path}` },
      on: { click: () => actions.post({ type: 'openArtifact', path: node.path }) },
    },
    icon(doc, 'codicon-file'),
    h(doc, 'span', { class: 'artifact-name', text: node.name }),
    h(doc, 'span', { class: 'artifact-size', text: formatBytes(node.size) }),
  );
}

function folderNode(doc: Document, node: ArtifactNode, ctx: TreeContext): HTMLElement {
  const key = `dir:${node.path}`;
  const open = ctx.openByDefault !== ctx.ui.toggled.has(key);
  const details = h(doc, 'details', {
    on: {
      toggle: () => {
        if (details.hasAttribute('open') !== ctx.openByDefault) ctx.ui.toggled.add(key);
        else ctx.ui.toggled.delete(key);
      },
    },
  });
  if (open) details.setAttribute('open', '');
  const summary = h(
    doc,
    'summary',
    { attrs: { title: node.path, 'data-focus-key': `artifact:${node.path}` } },
    icon(doc, 'codicon-folder'),
    h(doc, 'span', { class: 'artifact-name', text: node.name }),
  );
  details.append(summary, treeList(doc, node.children, ctx));
  return details;
}

interface TreeContext {
  ui: UiState;
  actions: Actions;
  openByDefault: boolean;
}

function treeList(doc: Document, nodes: readonly ArtifactNode[], ctx: TreeContext): HTMLElement {
  const items = nodes.map((node) =>
    h(doc, 'li', {}, node.isDir ? folderNode(doc, node, ctx) : fileNode(doc, node, ctx.actions)),
  );
  return h(doc, 'ul', { class: 'artifact-tree' }, ...items);
}

function localArtifacts(
  doc: Document,
  view: Extract<ArtifactsView, { kind: 'local' }>,
  ui: UiState,
  strings: UiStrings,
  actions: Actions,
): Child[] {
  const toolbar = h(
    doc,
    'div',
    { class: 'artifact-root' },
    h(doc, 'code', { text: view.root }),
    copyButton(doc, view.root, strings, actions, 'copy:artifact-root'),
    iconButton(
      doc,
      'codicon-folder-opened',
      strings.revealInOS,
      () => actions.post({ type: 'revealArtifacts' }),
      {
        attrs: { 'data-focus-key': 'reveal' },
      },
    ),
  );
  const ctx: TreeContext = { ui, actions, openByDefault: view.entries.length <= OPEN_BY_DEFAULT_LIMIT };
  const tree =
    view.entries.length === 0
      ? h(doc, 'p', { class: 'empty', text: strings.empty })
      : treeList(doc, buildArtifactTree(view.entries), ctx);
  const note = view.truncated
    ? h(doc, 'p', {
        class: 'note',
        text: fillPlaceholder(strings.artifactsTruncated, String(view.entries.length)),
      })
    : null;
  return [toolbar, tree, note];
}

export function renderArtifacts(
  doc: Document,
  view: ArtifactsView,
  ui: UiState,
  strings: UiStrings,
  actions: Actions,
): Child[] {
  switch (view.kind) {
    case 'local':
      return localArtifacts(doc, view, ui, strings, actions);
    case 'remote':
      return [
        h(doc, 'p', { class: 'note', text: strings.artifactsRemote }),
        h(
          doc,
          'div',
          { class: 'artifact-root' },
          h(doc, 'code', { text: view.uri }),
          copyButton(doc, view.uri, strings, actions, 'copy:artifact-uri'),
        ),
      ];
    case 'error':
      return [
        h(doc, 'p', { class: 'error' }, icon(doc, 'codicon-warning'), ' ', strings.artifactsError),
        h(doc, 'pre', { class: 'reason', text: view.reason }),
      ];
    default:
      return [
        h(doc, 'p', { class: 'empty', text: strings.artifactsNone }),
        ...checkedPaths(doc, view.checked ?? [], strings),
      ];
  }
}

/** Where the host looked for the artifacts, so a user can tell a moved store from a run without any. */
function checkedPaths(doc: Document, checked: readonly string[], strings: UiStrings): Child[] {
  if (checked.length === 0) return [];
  return [
    h(doc, 'p', { class: 'note', text: strings.artifactsChecked }),
    h(
      doc,
      'ul',
      { class: 'artifact-checked' },
      ...checked.map((p) => h(doc, 'li', {}, h(doc, 'code', { text: p }))),
    ),
  ];
}
