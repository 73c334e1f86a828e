/** "1h 02m", "3m 05s", "12s": the time between start and end (or now, while running). */
export function formatDuration(start: number, end: number | null, now: number): string {
  const seconds = Math.max(0, Math.round(((end ?? now) - start) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}
