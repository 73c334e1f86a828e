// Run colours for every compare chart. A run's colour comes from a hash of its identity, so it is
// the same in every panel and every session, whichever other runs are shown beside it.

/**
 * 24 hues that stay readable on dark and light editor backgrounds (Tableau 10, D3's category 10
 * without its grey, and a few more), ordered so that neighbours differ.
 */
export const RUN_PALETTE: readonly string[] = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#ff9da7',
  '#9c755f',
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#17becf',
  '#bcbd22',
  '#e377c2',
  '#8c564b',
  '#a0cbe8',
  '#ffbe7d',
  '#8cd17d',
  '#86bcb6',
  '#d37295',
  '#fabfd2',
];

/** Dash patterns for runs whose colours collide inside one panel (solid first). */
export const DASH_PATTERNS: readonly (readonly number[])[] = [[], [6, 3], [2, 2], [8, 3, 2, 3]];

/** 32-bit FNV-1a over the UTF-16 code units of `text`: tiny, stable across platforms and releases. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export interface RunIdentity {
  store: string;
  id: string;
}

export function runColorIndex(run: RunIdentity): number {
  return fnv1a(`${run.store}\u0000${run.id}`) % RUN_PALETTE.length;
}

export function runColor(run: RunIdentity): string {
  return RUN_PALETTE[runColorIndex(run)] ?? RUN_PALETTE[0]!;
}

export interface RunStyle {
  color: string;
  /** Index into DASH_PATTERNS: 0 (solid) unless an earlier run of the panel has the same colour. */
  dash: number;
}

/**
 * Colours for the runs of one panel. The colour never depends on the other runs; only when two runs
 * share a colour does the later one (by store, then id, so independent of the order shown) get a dash.
 */
export function assignRunStyles(runs: readonly RunIdentity[]): RunStyle[] {
  const order = runs
    .map((run, index) => ({ run, index }))
    .sort((a, b) => compareText(a.run.store, b.run.store) || compareText(a.run.id, b.run.id));
  const seen = new Map<number, number>();
  const styles: RunStyle[] = new Array<RunStyle>(runs.length);
  for (const { run, index } of order) {
    const colorIndex = runColorIndex(run);
    const earlier = seen.get(colorIndex) ?? 0;
    seen.set(colorIndex, earlier + 1);
    styles[index] = { color: runColor(run), dash: earlier % DASH_PATTERNS.length };
  }
  return styles;
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
