// Run colours for every compare chart. A run's colour comes from a hash of its identity, so it is
// the same in every panel and every session, whichever other runs are shown beside it.

/**
 * Tableau 20: ten hues, each dark and light, designed to be told apart and readable on dark and
 * light backgrounds. Runs that land on the same colour inside one panel get dashed lines.
 */
export const RUN_PALETTE: readonly string[] = [
  '#4e79a7',
  '#a0cbe8',
  '#f28e2b',
  '#ffbe7d',
  '#59a14f',
  '#8cd17d',
  '#b6992d',
  '#f1ce63',
  '#499894',
  '#86bcb6',
  '#e15759',
  '#ff9d9a',
  '#79706e',
  '#bab0ac',
  '#d37295',
  '#fabfd2',
  '#b07aa1',
  '#d4a6c8',
  '#9d7660',
  '#d7b5a6',
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
