// Pure formatting and list helpers of the Run details webview (no DOM).
import type {
  ArtifactEntryView,
  RunStatusView,
  UiStringKey,
  UiStrings,
} from '../../src/views/runDetails/protocol';

// One date and duration format with the Runs view's hover (src/views/shared/time.ts).
export { formatDuration, formatTimestamp, runDuration } from '../../src/views/shared/time';

export function formatBytes(size: number): string {
  if (!Number.isFinite(size) || size < 0) return '';
  if (size < 1024) return `${size} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

const STATUS: Record<RunStatusView, { icon: string; label: UiStringKey }> = {
  RUNNING: { icon: 'codicon-loading codicon-modifier-spin', label: 'running' },
  SCHEDULED: { icon: 'codicon-clock', label: 'scheduled' },
  FINISHED: { icon: 'codicon-pass', label: 'finished' },
  FAILED: { icon: 'codicon-error', label: 'failed' },
  KILLED: { icon: 'codicon-circle-slash', label: 'killed' },
  MODIFIED: { icon: 'codicon-edit', label: 'workspaceModified' },
  UNMODIFIED: { icon: 'codicon-git-commit', label: 'workspaceUnmodified' },
};

export function statusIcon(status: RunStatusView): string {
  return STATUS[status]?.icon ?? 'codicon-question';
}

export function statusLabel(status: RunStatusView, strings: UiStrings): string {
  const entry = STATUS[status];
  return entry ? strings[entry.label] : String(status);
}

/** Rows whose cells contain `query` (case-insensitive); all rows for an empty query. */
export function filterRows<T>(rows: readonly T[], query: string, cells: (row: T) => readonly string[]): T[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [...rows];
  return rows.filter((row) => cells(row).some((cell) => cell.toLowerCase().includes(needle)));
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Natural order by key (`layer_2` before `layer_10`), ties by code point. */
export function sortByKey<T>(rows: readonly T[], key: (row: T) => string, descending: boolean): T[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return sign * (collator.compare(ka, kb) || (ka < kb ? -1 : ka > kb ? 1 : 0));
  });
}

export interface ArtifactNode {
  name: string;
  path: string;
  isDir: boolean;
  size: number;
  children: ArtifactNode[];
}

/** Nests a flat `/`-separated listing; missing parent folders are synthesized. */
export function buildArtifactTree(entries: readonly ArtifactEntryView[]): ArtifactNode[] {
  const roots: ArtifactNode[] = [];
  const byPath = new Map<string, ArtifactNode>();
  const folder = (dirPath: string): ArtifactNode[] => {
    if (dirPath === '') return roots;
    const existing = byPath.get(dirPath);
    if (existing) return existing.children;
    const cut = dirPath.lastIndexOf('/');
    const node: ArtifactNode = {
      name: dirPath.slice(cut + 1),
      path: dirPath,
      isDir: true,
      size: 0,
      children: [],
    };
    byPath.set(dirPath, node);
    folder(cut < 0 ? '' : dirPath.slice(0, cut)).push(node);
    return node.children;
  };
  for (const entry of entries) {
    if (entry.isDir) {
      folder(entry.path);
      continue;
    }
    const cut = entry.path.lastIndexOf('/');
    const node: ArtifactNode = { ...entry, name: entry.path.slice(cut + 1), children: [] };
    folder(cut < 0 ? '' : entry.path.slice(0, cut)).push(node);
  }
  return roots;
}

export function fillPlaceholder(template: string, value: string): string {
  return template.split('{0}').join(value);
}

/** `{0}`, `{1}` … replaced by `values` in one pass (a value that contains `{1}` stays as it is). */
export function fillPlaceholders(template: string, ...values: string[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => values[Number(index)] ?? whole);
}

/**
 * The last update of a stale run from a snapshot's `stale` field, checked (a positive finite epoch
 * time, nothing else in the object); null for a run that is not stale or a malformed value.
 */
export function readStale(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const keys = Object.keys(raw);
  if (keys.length !== 1 || keys[0] !== 'lastUpdate') return null;
  const { lastUpdate } = raw as { lastUpdate: unknown };
  return typeof lastUpdate === 'number' && Number.isFinite(lastUpdate) && lastUpdate > 0 ? lastUpdate : null;
}
