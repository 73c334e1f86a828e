// Durations and dates as the Runs view's hover and the Run details page both show them: one format,
// shared by the extension host and the webview (pure code, no VS Code, no DOM).
// Dates are local `YYYY-MM-DD HH:MM:SS`: unambiguous in every language (6/5/2024 is not), and the
// same in the extension host and in a webview, whose locales can differ.

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Local time as `YYYY-MM-DD HH:MM:SS`; an em dash when unknown. */
export function formatTimestamp(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '—';
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `850ms`, `12.3s`, `4m 05s`, `2h 03m`, `2d 18h 02m`; an em dash when unknown or negative. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)}s`;
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (minutes < 60) return `${minutes}m ${pad(seconds % 60)}s`;
  if (hours < 24) return `${hours}h ${pad(minutes % 60)}m`;
  return `${days}d ${pad(hours % 24)}h ${pad(minutes % 60)}m`;
}

/** Milliseconds from start to end, or to `now` while running; null when unknown. */
export function runDuration(
  start: number | null,
  end: number | null,
  running: boolean,
  now: number,
): number | null {
  if (start === null) return null;
  if (end !== null) return end - start;
  return running ? now - start : null;
}
