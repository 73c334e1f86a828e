// Maps the core run model to the JSON-safe views the Run details webview renders. Pure.
import type { ArtifactListing } from '../../core/artifacts';
import type { MetricPoint, Run } from '../../core/model';
import { isStale, lastUpdate } from '../../core/query/stale';
import type {
  ArtifactsView,
  HostMessage,
  KeyValue,
  MetricView,
  RunRef,
  RunView,
  StaleView,
  UiStrings,
} from './protocol';

function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Full-precision text for a metric value; NaN and infinities spelled as MLflow spells them in JSON. */
export function formatMetricValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return String(value);
}

function sortedPairs(record: Record<string, string>, keep: (key: string) => boolean): KeyValue[] {
  return Object.keys(record)
    .filter(keep)
    .sort(compareKeys)
    .map((key) => ({ key, value: String(record[key]) }));
}

function metricView(key: string, point: MetricPoint): MetricView {
  return {
    key,
    value: formatMetricValue(point.value),
    step: finiteOrNull(point.step),
    timestamp: finiteOrNull(point.timestamp),
  };
}

const isSystemTag = (key: string): boolean => key.startsWith('mlflow.');

export function toRunView(run: Run): RunView {
  return {
    store: run.store,
    id: run.id,
    name: run.name ?? '',
    status: run.status,
    deleted: run.lifecycle === 'deleted',
    experimentId: run.experimentId,
    experimentName: run.experimentName,
    startTime: finiteOrNull(run.startTime),
    endTime: finiteOrNull(run.endTime),
    artifactUri: run.artifactUri,
    params: sortedPairs(run.params, () => true),
    metrics: Object.keys(run.metrics)
      .sort(compareKeys)
      .map((key) => metricView(key, run.metrics[key])),
    tags: sortedPairs(run.tags, (key) => !isSystemTag(key)),
    systemTags: sortedPairs(run.tags, isSystemTag),
    datasets: run.datasets.map((d) => ({
      name: d.name,
      digest: d.digest,
      sourceType: d.sourceType,
      source: d.source,
      context: d.context,
    })),
  };
}

export function toRunRef(run: Run): RunRef {
  return { store: run.store, id: run.id, name: run.name ?? '', status: run.status };
}

export function toArtifactsView(listing: ArtifactListing): ArtifactsView {
  return listing;
}

export interface SnapshotInput {
  run: Run;
  parent: Run | undefined;
  children: Run[];
  artifacts: ArtifactListing;
  strings: UiStrings;
  /** The `mlopsLens.runs.staleAfterHours` setting (0: never stale). */
  staleHours: number;
  now: number;
}

/** The run's stale state at `now`, as the Runs view decides it; null when it is not stale. */
export function staleView(run: Run, now: number, staleHours: number): StaleView | null {
  if (!isStale(run, now, staleHours)) return null;
  const last = lastUpdate(run);
  return last === null ? null : { lastUpdate: last };
}

export function buildSnapshot(input: SnapshotInput): HostMessage {
  const children = [...input.children].sort(
    (a, b) => (a.startTime ?? 0) - (b.startTime ?? 0) || compareKeys(a.name ?? '', b.name ?? ''),
  );
  return {
    type: 'snapshot',
    run: toRunView(input.run),
    parent: input.parent ? toRunRef(input.parent) : null,
    children: children.map(toRunRef),
    artifacts: toArtifactsView(input.artifacts),
    stale: staleView(input.run, input.now, input.staleHours),
    strings: input.strings,
  };
}
