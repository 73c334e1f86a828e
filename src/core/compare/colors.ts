// Run colours for every compare chart. Runs take the palette's colours in the order the panel
// lists them, so that the first runs get the colours that are easiest to tell apart; a run keeps
// its colour while the panel lives (runs added later take the free ones). Past the palette, line
// dashes tell runs apart. A hash of the run's identity only breaks ties once every style is used.

/**
 * Eight colours chosen from Okabe & Ito's and Paul Tol's colour-blind-safe palettes: each pair
 * stays at least 10 CIEDE2000 apart for normal vision and for simulated (Machado 2009) protanopia,
 * deuteranopia and tritanopia, the first three about 20 (unit-tested), and each has a contrast
 * of at least 2:1 with white and 2.5:1 with VS Code's dark editor background.
 */
export const RUN_PALETTE: readonly string[] = [
  '#0072b2', // blue (Okabe–Ito)
  '#e69f00', // orange (Okabe–Ito)
  '#56b4e9', // sky blue (Okabe–Ito)
  '#aa3377', // purple (Tol bright)
  '#009e73', // bluish green (Okabe–Ito)
  '#cc79a7', // reddish purple (Okabe–Ito)
  '#117733', // green (Tol muted)
  '#ee6677', // red (Tol bright)
];

/** Line dashes, combined with the colours: style s has colour s mod 8 and dash s div 8 (solid first). */
export const DASH_PATTERNS: readonly (readonly number[])[] = [[], [6, 3], [2, 2], [8, 3, 2, 3]];

/** Distinct (colour, dash) styles before a hash has to pick one. */
export const STYLE_COUNT = RUN_PALETTE.length * DASH_PATTERNS.length;

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

export interface RunStyle {
  color: string;
  /** Index into DASH_PATTERNS. */
  dash: number;
}

function identityKey(run: RunIdentity): string {
  return `${run.store}\u0000${run.id}`;
}

export function styleOf(slot: number): RunStyle {
  const index = ((slot % STYLE_COUNT) + STYLE_COUNT) % STYLE_COUNT;
  return {
    color: RUN_PALETTE[index % RUN_PALETTE.length]!,
    dash: Math.floor(index / RUN_PALETTE.length),
  };
}

/**
 * Styles of one panel's runs. Keeps each run's slot for as long as the assigner lives (one per
 * panel), so a run's colour does not change when runs are added, removed or reordered.
 */
export class RunStyleAssigner {
  private readonly slots = new Map<string, number>();

  assign(runs: readonly RunIdentity[]): RunStyle[] {
    const keys = runs.map(identityKey);
    const taken = new Set<number>();
    const slotOf = new Array<number | undefined>(runs.length);
    // Runs seen before keep their slot (the first of two that claim one keeps it).
    keys.forEach((key, i) => {
      const slot = this.slots.get(key);
      if (slot !== undefined && !taken.has(slot)) {
        taken.add(slot);
        slotOf[i] = slot;
      }
    });
    const remembered = new Set(this.slots.values());
    keys.forEach((key, i) => {
      if (slotOf[i] !== undefined) return;
      const slot = this.freeSlot(taken, remembered, key);
      taken.add(slot);
      this.slots.set(key, slot);
      slotOf[i] = slot;
    });
    return slotOf.map((slot) => styleOf(slot ?? 0));
  }

  /** The first slot no shown run uses, preferring one no earlier run had; the hash once all are used. */
  private freeSlot(taken: ReadonlySet<number>, remembered: ReadonlySet<number>, key: string): number {
    let fallback: number | undefined;
    for (let slot = 0; slot < STYLE_COUNT; slot++) {
      if (taken.has(slot)) continue;
      if (!remembered.has(slot)) return slot;
      fallback ??= slot;
    }
    return fallback ?? fnv1a(key) % STYLE_COUNT;
  }
}

/** Styles of `runs` in a fresh panel. */
export function assignRunStyles(runs: readonly RunIdentity[]): RunStyle[] {
  return new RunStyleAssigner().assign(runs);
}
