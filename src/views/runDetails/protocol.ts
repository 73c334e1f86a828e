// Messages of the Run details webview, both directions. Shared with webview/runDetails (types only).
import { isSafeRelativeArtifactPath } from '../../core/artifacts';

export type RunStatusView =
  'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED' | 'MODIFIED' | 'UNMODIFIED';

export interface RunRef {
  store: string;
  id: string;
  name: string;
  status: RunStatusView;
}

export interface KeyValue {
  key: string;
  value: string;
}

export interface MetricView {
  key: string;
  /** Preformatted: full precision, or `NaN`, `Infinity`, `-Infinity`. */
  value: string;
  step: number | null;
  /** Epoch milliseconds. */
  timestamp: number | null;
}

export interface DatasetView {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  context: string | null;
}

/** JSON-safe view of a run: no NaN or infinities, no functions, no undefined. */
export interface RunView {
  store: string;
  id: string;
  name: string;
  status: RunStatusView;
  deleted: boolean;
  experimentId: string;
  experimentName: string;
  /** Epoch milliseconds. */
  startTime: number | null;
  endTime: number | null;
  artifactUri: string | null;
  params: KeyValue[];
  metrics: MetricView[];
  /** User tags (not `mlflow.*`), sorted by key. */
  tags: KeyValue[];
  /** `mlflow.*` tags, sorted by key. */
  systemTags: KeyValue[];
  datasets: DatasetView[];
}

export interface ArtifactEntryView {
  path: string;
  size: number;
  isDir: boolean;
}

export type ArtifactsView =
  | { kind: 'local'; root: string; entries: ArtifactEntryView[]; truncated: boolean }
  | { kind: 'remote'; uri: string }
  | { kind: 'none'; checked?: string[] }
  | { kind: 'error'; reason: string };

/** Localized user-visible strings, translated on the host with `vscode.l10n.t`. */
export const UI_STRING_KEYS = [
  'experiment',
  'runId',
  'started',
  'duration',
  'parent',
  'children',
  'copy',
  'copied',
  'params',
  'metrics',
  'tags',
  'systemTags',
  'datasets',
  'artifacts',
  'key',
  'value',
  'step',
  'timestamp',
  'name',
  'digest',
  'source',
  'context',
  'filter',
  'sortByKey',
  'empty',
  'noMatch',
  'revealInOS',
  'artifactsNone',
  'artifactsRemote',
  'artifactsError',
  'artifactsTruncated',
  'deleted',
  'running',
  'scheduled',
  'finished',
  'failed',
  'killed',
  'workspaceModified',
  'workspaceUnmodified',
  'artifactsChecked',
] as const;

export type UiStringKey = (typeof UI_STRING_KEYS)[number];
export type UiStrings = Record<UiStringKey, string>;

export type HostMessage =
  | {
      type: 'snapshot';
      run: RunView;
      parent: RunRef | null;
      children: RunRef[];
      artifacts: ArtifactsView;
      strings: UiStrings;
    }
  | { type: 'missing'; store: string; id: string; message: string };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'openRun'; store: string; id: string }
  | { type: 'openArtifact'; path: string }
  | { type: 'revealArtifacts' }
  | { type: 'copy'; text: string };

/** What the webview keeps with `setState`, restored by the panel serializer. */
export interface RunDetailsState {
  store: string;
  id: string;
}

const MAX_TEXT = 100_000;

function isRecord(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

function hasExactKeys(raw: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(raw);
  return own.length === keys.length && keys.every((key) => Object.prototype.hasOwnProperty.call(raw, key));
}

function isText(value: unknown, allowEmpty = false): value is string {
  return typeof value === 'string' && value.length <= MAX_TEXT && (allowEmpty || value.length > 0);
}

/** Validates a message from the (untrusted) webview. Unknown types, extra fields and wrong types are rejected. */
export function parseRunDetailsMessage(raw: unknown): WebviewMessage | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
      return hasExactKeys(raw, ['type']) ? { type: 'ready' } : undefined;
    case 'revealArtifacts':
      return hasExactKeys(raw, ['type']) ? { type: 'revealArtifacts' } : undefined;
    case 'openRun':
      if (!hasExactKeys(raw, ['type', 'store', 'id']) || !isText(raw.store) || !isText(raw.id))
        return undefined;
      return { type: 'openRun', store: raw.store, id: raw.id };
    case 'openArtifact':
      if (!hasExactKeys(raw, ['type', 'path']) || !isText(raw.path)) return undefined;
      return isSafeRelativeArtifactPath(raw.path) ? { type: 'openArtifact', path: raw.path } : undefined;
    case 'copy':
      if (!hasExactKeys(raw, ['type', 'text']) || !isText(raw.text, true)) return undefined;
      return { type: 'copy', text: raw.text };
    default:
      return undefined;
  }
}

/** Validates the webview state handed back to the serializer after a reload. */
export function parseRunDetailsState(raw: unknown): RunDetailsState | undefined {
  if (!isRecord(raw) || !isText(raw.store) || !isText(raw.id)) return undefined;
  return { store: raw.store, id: raw.id };
}
