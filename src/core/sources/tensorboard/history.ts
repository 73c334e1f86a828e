// A TensorBoard run's scalar histories from its event files, read only when a chart asks. The last
// few files read are remembered; a file that grew is read on from its last complete record.
import type { MetricPoint, Problem } from '../../model';
import { emptyScan, scanEventFile, scanProblems, type ScanState } from './eventFile';
import type { DecodedEvent } from './events';

interface FileHistories extends ScanState {
  series: Map<string, MetricPoint[]>;
}

const REMEMBERED = 8;
const memo = new Map<string, FileHistories>();

function fresh(from: FileHistories | undefined): FileHistories {
  if (!from) return { ...emptyScan(), series: new Map() };
  const series = new Map([...from.series].map(([tag, points]) => [tag, [...points]]));
  return { ...from, plugins: { ...from.plugins }, recordProblems: [...from.recordProblems], series };
}

function addPoints(state: FileHistories, event: DecodedEvent): void {
  const timestamp = event.wallTime * 1000;
  for (const { tag, value } of event.scalars) {
    let points = state.series.get(tag);
    if (!points) state.series.set(tag, (points = []));
    points.push({ step: event.step, timestamp, value });
  }
}

/** Every scalar history of one event file, by tag. */
export function fileHistories(file: string): FileHistories {
  const known = memo.get(file);
  const read = scanEventFile(file, known, fresh, addPoints);
  memo.delete(file);
  memo.set(file, read);
  while (memo.size > REMEMBERED) memo.delete(memo.keys().next().value as string);
  return read;
}

/** A tag's points across a run's event files, in the files' order (TensorBoard reads them by name). */
export function tensorboardMetricHistory(
  files: readonly string[],
  tag: string,
): { points: MetricPoint[]; problems: Problem[] } {
  const points: MetricPoint[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    try {
      const histories = fileHistories(file);
      points.push(...(histories.series.get(tag) ?? []));
      problems.push(...scanProblems(histories));
    } catch (error) {
      problems.push({ path: file, reason: `cannot read history: ${(error as Error).message}` });
    }
  }
  return { points, problems };
}
