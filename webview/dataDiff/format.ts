// Number and text formatting of the Data Diff panel: pure, unit-tested.
import type { ColumnProfile, SchemaChange } from '../../src/views/dataDiff/protocol';
import type { UiStrings } from '../../src/views/dataDiff/protocol';

/** Fills "{0}", "{1}"… of a localized template. */
export function fill(template: string, ...values: (string | number)[]): string {
  return template.replace(/\{(\d)\}/g, (match, digit: string) => {
    const value = values[Number(digit)];
    return value === undefined ? match : String(value);
  });
}

/** An integer with thousands separators ("1,000,000"); locale-independent for tests. */
export function formatCount(value: number): string {
  const text = String(Math.round(Math.abs(value)));
  const grouped = text.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return value < 0 ? `-${grouped}` : grouped;
}

/** A statistic: up to 4 significant decimals, exponent for the very large or small; "—" when absent. */
export function formatStat(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return formatCount(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e9 || abs < 1e-4)) return value.toExponential(3);
  return String(Number(value.toPrecision(6)));
}

/** B − A with its sign ("+3", "-0.25"), "" when equal or not comparable. */
export function formatDelta(a: number | null | undefined, b: number | null | undefined): string {
  if (a === null || a === undefined || b === null || b === undefined) return '';
  if (!Number.isFinite(a) || !Number.isFinite(b)) return '';
  const delta = b - a;
  if (delta === 0) return '';
  const text = formatStat(Number(delta.toPrecision(12)));
  return delta > 0 ? `+${text}` : text;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function describeSchemaChange(change: SchemaChange, strings: UiStrings): string {
  switch (change.kind) {
    case 'added':
      return fill(strings.schemaAdded, change.column, change.type);
    case 'removed':
      return fill(strings.schemaRemoved, change.column, change.type);
    case 'renamed':
      return fill(strings.schemaRenamed, change.from, change.to);
    case 'retyped':
      return fill(strings.schemaRetyped, change.column, change.from, change.to);
  }
}

export type StatKey = 'count' | 'nulls' | 'distinct' | 'mean' | 'std' | 'min' | 'q25' | 'q50' | 'q75' | 'max';

const NUMBER_STATS: readonly StatKey[] = [
  'count',
  'nulls',
  'distinct',
  'mean',
  'std',
  'min',
  'q25',
  'q50',
  'q75',
  'max',
];
const CATEGORY_STATS: readonly StatKey[] = ['count', 'nulls', 'distinct'];

/** The statistics a profile table shows: all of a number's, the counts of a category's. */
export function statKeys(a: ColumnProfile | null, b: ColumnProfile | null): readonly StatKey[] {
  return a?.kind === 'number' || b?.kind === 'number' ? NUMBER_STATS : CATEGORY_STATS;
}

export function statOf(profile: ColumnProfile | null, key: StatKey): number | null {
  if (!profile) return null;
  if (profile.kind === 'category' && !CATEGORY_STATS.includes(key)) return null;
  return (profile as unknown as Record<StatKey, number | null>)[key] ?? null;
}

export function statLabel(key: StatKey, strings: UiStrings): string {
  const labels: Record<StatKey, string> = {
    count: strings.statCount,
    nulls: strings.statNulls,
    distinct: strings.statDistinct,
    mean: strings.statMean,
    std: strings.statStd,
    min: strings.statMin,
    q25: strings.statQ25,
    q50: strings.statQ50,
    q75: strings.statQ75,
    max: strings.statMax,
  };
  return labels[key];
}
