// Typed params and metrics (DVC, DVCLive) → the Run fields: strings for `params` (Python's str(),
// what MLflow would have logged), MetricPoints for numeric metrics, and the typed values beside.
import type { MetricPoint, Run, TypedValue } from '../../../model';
import { parseNumberCell } from './metricsFile';
import { formatParamValue } from './paramsFile';

export interface TypedMetric {
  value: TypedValue;
  step: number;
  /** Undefined when nothing recorded when the value was written (a DVC workspace file). */
  timestamp?: number;
}

export function runValueFields(
  params: Record<string, TypedValue>,
  metrics: Record<string, TypedMetric>,
): Pick<Run, 'params' | 'paramValues' | 'metrics' | 'metricValues'> {
  const paramStrings: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) paramStrings[key] = formatParamValue(value);
  const points: Record<string, MetricPoint> = {};
  const metricValues: Record<string, TypedValue> = {};
  for (const [key, { value, step, timestamp }] of Object.entries(metrics)) {
    metricValues[key] = value;
    const numeric = chartValue(value);
    if (numeric !== null)
      points[key] = timestamp === undefined ? { step, value: numeric } : { step, timestamp, value: numeric };
  }
  return { params: paramStrings, paramValues: { ...params }, metrics: points, metricValues };
}

/**
 * A metric as a number: booleans as 1/0, and DVCLive's "nan"/"inf"/"-inf" strings (it writes
 * non-finite values to its summary as text) as the numbers they stand for. Other text is no number.
 */
export function chartValue(value: TypedValue): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return Number(value);
  if (typeof value === 'string' && /^[+-]?(nan|inf|infinity)$/i.test(value.trim())) {
    const parsed = parseNumberCell(value);
    return typeof parsed === 'number' ? parsed : null;
  }
  return null;
}
