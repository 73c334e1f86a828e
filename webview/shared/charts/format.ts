// Number and time formatting for axes, tooltips and table cells.
import type { XAxisMode } from '../../../src/views/charts/protocol';

/** Short text of a metric value: up to 6 significant digits; NaN and infinities spelled out. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return value.toExponential(4).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(6)));
}

/** `45s`, `1m 05s`, `2h 03m`, `1d 04h`; fractions of a second below ten seconds. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const sign = seconds < 0 ? '-' : '';
  const s = Math.abs(seconds);
  if (s < 10) return `${sign}${Number(s.toPrecision(3))}s`;
  if (s < 60) return `${sign}${Math.round(s)}s`;
  const pad = (n: number): string => String(Math.floor(n)).padStart(2, '0');
  if (s < 3600) return `${sign}${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  if (s < 86400) return `${sign}${Math.floor(s / 3600)}h ${pad((s % 3600) / 60)}m`;
  return `${sign}${Math.floor(s / 86400)}d ${pad((s % 86400) / 3600)}h`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Local wall-clock time; the date is added when the axis spans more than a day. */
export function formatWallTime(epochMs: number, spanMs: number): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return String(epochMs);
  const time = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  if (spanMs <= 86_400_000) return time;
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${time.slice(0, 5)}`;
}

export function formatX(mode: XAxisMode, value: number, spanMs = 0): string {
  switch (mode) {
    case 'step':
      return formatValue(value);
    case 'wallTime':
      return formatWallTime(value, spanMs);
    case 'relativeTime':
      return formatDuration(value);
  }
}

/** True when `name` contains every word of `filter` (case-insensitive); an empty filter matches all. */
export function matchesFilter(name: string, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const lower = name.toLowerCase();
  return words.every((word) => lower.includes(word));
}

/** Fills `text` ({0}-style) with `value`. */
export function format(text: string, value: string | number): string {
  return text.replace('{0}', String(value));
}
