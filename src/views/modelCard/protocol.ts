// Messages of the Model card webview, both directions, and its saved state. Shared with
// webview/modelCard (types only). Whatever the webview posts is validated here (it is untrusted).
import type { ModelCard, ModelCardRef } from './card';

export type HostMessage = { type: 'card'; card: ModelCard };

export type WebviewMessage =
  { type: 'ready' } | { type: 'copyUri'; uri: string } | { type: 'openRun' } | { type: 'revealFolder' };

/** What the webview keeps with setState so that the serializer reopens the same card. */
export interface ModelCardState {
  ref: ModelCardRef;
}

/** The keys of the webview's localised strings (the host puts them in the page). */
export const STRING_KEYS = [
  'loading',
  'copyUri',
  'copied',
  'openRun',
  'revealFolder',
  'overview',
  'kindVersion',
  'kindLogged',
  'kindArtifact',
  'folder',
  'mlflowVersion',
  'created',
  'modelId',
  'description',
  'tags',
  'flavors',
  'flavor',
  'libraryVersion',
  'settings',
  'signature',
  'inputs',
  'outputs',
  'params',
  'name',
  'type',
  'shape',
  'required',
  'yes',
  'no',
  'other',
  'noSignature',
  'inputExample',
  'noInputExample',
  'exampleRaw',
  'rowsOmitted',
  'environment',
  'noEnvironment',
  'truncated',
  'files',
  'size',
  'totalSize',
  'recordedSize',
  'sourceRun',
  'runParams',
  'runMetrics',
  'key',
  'value',
  'versions',
  'version',
  'aliases',
  'stage',
  'status',
  'problems',
  'none',
  'notFound',
  'noFolder',
  'runDeleted',
  'runMissing',
  'runNotIndexed',
] as const;

export type StringKey = (typeof STRING_KEYS)[number];
export type UiStrings = Record<StringKey, string>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

export function parseModelCardMessage(raw: unknown): WebviewMessage | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
    case 'openRun':
    case 'revealFolder':
      return { type: raw.type };
    case 'copyUri':
      return isText(raw.uri) && raw.uri.length < 4096 ? { type: 'copyUri', uri: raw.uri } : undefined;
    default:
      return undefined;
  }
}

export function parseModelCardRef(raw: unknown): ModelCardRef | undefined {
  if (!isRecord(raw) || !isText(raw.store)) return undefined;
  const store = raw.store;
  if (raw.kind === 'version' && isText(raw.name) && isText(raw.version))
    return { kind: 'version', store, name: raw.name, version: raw.version };
  if (raw.kind === 'logged' && isText(raw.modelId)) return { kind: 'logged', store, modelId: raw.modelId };
  if (raw.kind === 'artifact' && isText(raw.runId) && typeof raw.artifactPath === 'string')
    return { kind: 'artifact', store, runId: raw.runId, artifactPath: raw.artifactPath };
  return undefined;
}

export function parseModelCardState(raw: unknown): ModelCardState | undefined {
  const ref = isRecord(raw) ? parseModelCardRef(raw.ref) : undefined;
  return ref && { ref };
}
