// Messages and saved state of the Data Image panel (two versions of an image, or the added and
// removed images of a folder comparison). Shared with webview/dataImage (types only). Every message
// and saved state that comes back from the webview is validated here: the webview is untrusted.

/** One image: a label ("v1 · 7.0 KB") and where the webview loads it (a webview resource URI). */
export interface ImageRef {
  label: string;
  src: string;
}

export type ImageView =
  | { kind: 'pair'; title: string; left: ImageRef; right: ImageRef }
  | { kind: 'grid'; title: string; added: ImageRef[]; removed: ImageRef[] };

export type CompareMode = 'side' | 'swipe' | 'onion';

export interface HostMessage {
  type: 'show';
  view: ImageView;
  /** Kept by the webview in its state for the serializer; opaque to it. */
  restore?: unknown;
}

export type WebviewMessage = { type: 'ready' };

/** What the webview keeps with setState: the mode and slider, and the host's own restore key. */
export interface ImagePanelState {
  mode: CompareMode;
  /** 0–100: the swipe line or the onion skin's opacity. */
  position: number;
  /** Opaque to the webview: what the host needs to show the same images after a reload. */
  restore?: unknown;
}

export const UI_STRING_KEYS = [
  'sideBySide',
  'swipe',
  'onionSkin',
  'slider',
  'added',
  'removed',
  'none',
  'loadFailed',
] as const;
export type UiStrings = Record<(typeof UI_STRING_KEYS)[number], string>;

const MODES: readonly CompareMode[] = ['side', 'swipe', 'onion'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  return isRecord(raw) && raw.type === 'ready' ? { type: 'ready' } : undefined;
}

export function parseImagePanelState(raw: unknown): ImagePanelState {
  const state: ImagePanelState = { mode: 'side', position: 50 };
  if (!isRecord(raw)) return state;
  if (typeof raw.mode === 'string' && (MODES as readonly string[]).includes(raw.mode)) {
    state.mode = raw.mode as CompareMode;
  }
  if (typeof raw.position === 'number' && Number.isFinite(raw.position)) {
    state.position = Math.min(100, Math.max(0, raw.position));
  }
  if (raw.restore !== undefined) state.restore = raw.restore;
  return state;
}

function parseRef(raw: unknown): ImageRef | undefined {
  if (!isRecord(raw) || typeof raw.label !== 'string' || typeof raw.src !== 'string') return undefined;
  return { label: raw.label, src: raw.src };
}

/** The host's message as the webview reads it (a bad one shows nothing rather than break). */
export function parseHostMessage(raw: unknown): HostMessage | undefined {
  if (!isRecord(raw) || raw.type !== 'show' || !isRecord(raw.view)) return undefined;
  const view = raw.view;
  const title = typeof view.title === 'string' ? view.title : '';
  if (view.kind === 'pair') {
    const left = parseRef(view.left);
    const right = parseRef(view.right);
    return left && right
      ? { type: 'show', view: { kind: 'pair', title, left, right }, restore: raw.restore }
      : undefined;
  }
  if (view.kind === 'grid' && Array.isArray(view.added) && Array.isArray(view.removed)) {
    const refs = (list: unknown[]) => list.map(parseRef).filter((r): r is ImageRef => r !== undefined);
    const grid: ImageView = { kind: 'grid', title, added: refs(view.added), removed: refs(view.removed) };
    return { type: 'show', view: grid, restore: raw.restore };
  }
  return undefined;
}

/** Image files the panel shows (by extension; the bytes are checked by the browser's decoder). */
export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif']);

export function isImageKey(key: string): boolean {
  const dot = key.lastIndexOf('.');
  return dot > key.lastIndexOf('/') && IMAGE_EXTENSIONS.has(key.slice(dot).toLowerCase());
}

const SIGNATURES: [string, (head: Uint8Array) => boolean][] = [
  ['png', (h) => h[0] === 0x89 && h[1] === 0x50 && h[2] === 0x4e && h[3] === 0x47],
  ['jpeg', (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff],
  ['gif', (h) => h[0] === 0x47 && h[1] === 0x49 && h[2] === 0x46 && h[3] === 0x38],
  [
    'webp',
    (h) =>
      h[0] === 0x52 &&
      h[1] === 0x49 &&
      h[2] === 0x46 &&
      h[3] === 0x46 &&
      h[8] === 0x57 &&
      h[9] === 0x45 &&
      h[10] === 0x42 &&
      h[11] === 0x50,
  ],
];

/** Whether the first bytes are those of a PNG, JPEG, GIF or WebP (a binary named .png is not). */
export function hasImageSignature(head: Uint8Array | null): boolean {
  return head !== null && head.length >= 12 && SIGNATURES.some(([, test]) => test(head));
}
