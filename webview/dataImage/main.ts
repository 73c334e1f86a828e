// Entry of the Data Image webview (browser): two versions of an image side by side, as a swipe or
// as an onion skin (the slider moves the line or sets the opacity), or a grid of the images a
// folder comparison added and removed. The mode and slider survive reloads (setState).
import {
  parseHostMessage,
  parseImagePanelState,
  UI_STRING_KEYS,
  type CompareMode,
  type ImagePanelState,
  type ImageRef,
  type ImageView,
  type UiStrings,
  type WebviewMessage,
} from '../../src/views/dataImage/protocol';
import { parseStrings } from '../shared/strings';
import type { VsCodeApi } from '../shared/vscodeApi';

declare function acquireVsCodeApi(): VsCodeApi<WebviewMessage, ImagePanelState>;

const api = acquireVsCodeApi();
const root = document.getElementById('root') ?? document.body;
const strings: UiStrings = parseStrings(root.getAttribute('data-strings'), UI_STRING_KEYS);
let state = parseImagePanelState(api.getState());
let view: ImageView | undefined;

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function image(ref: ImageRef, className: string): HTMLImageElement {
  const img = element('img', className);
  img.src = ref.src;
  img.alt = ref.label;
  img.addEventListener('error', () => {
    img.replaceWith(element('p', 'image-error', `${ref.label}: ${strings.loadFailed}`));
  });
  return img;
}

function figure(ref: ImageRef): HTMLElement {
  const box = element('figure', 'image-figure');
  box.append(image(ref, 'image'), element('figcaption', 'image-caption', ref.label));
  return box;
}

function save(change: Partial<ImagePanelState>): void {
  state = { ...state, ...change };
  api.setState(state);
}

function applyPosition(stage: HTMLElement): void {
  const top = stage.querySelector<HTMLElement>('.image-top');
  if (!top) return;
  if (state.mode === 'swipe') {
    top.style.clipPath = `inset(0 ${100 - state.position}% 0 0)`;
    top.style.opacity = '1';
  } else {
    top.style.clipPath = 'none';
    top.style.opacity = String(state.position / 100);
  }
}

function toolbar(onChange: () => void): HTMLElement {
  const bar = element('div', 'image-toolbar');
  const modes: [CompareMode, string][] = [
    ['side', strings.sideBySide],
    ['swipe', strings.swipe],
    ['onion', strings.onionSkin],
  ];
  for (const [mode, label] of modes) {
    const button = element('button', 'mode-button', label);
    button.type = 'button';
    button.dataset.mode = mode;
    button.setAttribute('aria-pressed', String(state.mode === mode));
    button.addEventListener('click', () => {
      save({ mode });
      onChange();
    });
    bar.append(button);
  }
  if (state.mode !== 'side') {
    const slider = element('input', 'image-slider');
    slider.type = 'range';
    slider.min = '0';
    slider.max = '100';
    slider.value = String(state.position);
    slider.setAttribute('aria-label', strings.slider);
    slider.addEventListener('input', () => {
      save({ position: Number(slider.value) });
      const stage = document.querySelector<HTMLElement>('.image-stage');
      if (stage) applyPosition(stage);
    });
    bar.append(slider);
  }
  return bar;
}

function renderPair(pair: Extract<ImageView, { kind: 'pair' }>): void {
  const rerender = () => renderPair(pair);
  root.replaceChildren(element('h1', 'image-title', pair.title), toolbar(rerender));
  if (state.mode === 'side') {
    const row = element('div', 'image-side-by-side');
    row.append(figure(pair.left), figure(pair.right));
    root.append(row);
    return;
  }
  const stage = element('div', 'image-stage');
  stage.append(image(pair.left, 'image image-bottom'), image(pair.right, 'image image-top'));
  const captions = element('div', 'image-captions');
  captions.append(
    element('span', 'image-caption', pair.left.label),
    element('span', 'image-caption', pair.right.label),
  );
  const overlay = element('div', 'image-overlay');
  overlay.append(stage, captions);
  root.append(overlay);
  applyPosition(stage);
}

function gridSection(title: string, refs: ImageRef[], className: string): HTMLElement {
  const section = element('section', `image-grid-section ${className}`);
  section.append(element('h2', 'image-grid-title', `${title} (${refs.length})`));
  const grid = element('div', 'image-grid');
  for (const ref of refs) grid.append(figure(ref));
  if (refs.length === 0) grid.append(element('p', 'image-none', strings.none));
  section.append(grid);
  return section;
}

function render(): void {
  if (!view) return;
  if (view.kind === 'pair') {
    renderPair(view);
    return;
  }
  root.replaceChildren(
    element('h1', 'image-title', view.title),
    gridSection(strings.added, view.added, 'added'),
    gridSection(strings.removed, view.removed, 'removed'),
  );
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (!message) return;
  view = message.view;
  save({ restore: message.restore });
  render();
});
api.postMessage({ type: 'ready' });
