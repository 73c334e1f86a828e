// Which part of a run a filter key names, and how to read that value from a run.

import type { Run } from '../model';
import { FilterSyntaxError, type AttributeName, type FilterField } from './filterAst';
import type { Token } from './filterLexer';

const PREFIXES: Record<string, FilterField['kind']> = {
  metrics: 'metric',
  metric: 'metric',
  m: 'metric',
  params: 'param',
  param: 'param',
  p: 'param',
  tags: 'tag',
  tag: 'tag',
  t: 'tag',
  attributes: 'attribute',
  attribute: 'attribute',
  attr: 'attribute',
};

/** Accepted spellings (lower case) of each attribute, MLflow's first. */
const ATTRIBUTE_ALIASES: Record<string, AttributeName> = {
  status: 'status',
  run_name: 'name',
  name: 'name',
  runname: 'name',
  run_id: 'id',
  id: 'id',
  runid: 'id',
  experiment_id: 'experimentId',
  experimentid: 'experimentId',
  experiment_name: 'experimentName',
  experimentname: 'experimentName',
  experiment: 'experimentName',
  start_time: 'startTime',
  starttime: 'startTime',
  created: 'startTime',
  end_time: 'endTime',
  endtime: 'endTime',
  duration: 'duration',
  lifecycle_stage: 'lifecycle',
  lifecycle: 'lifecycle',
  user_id: 'user',
  user: 'user',
  artifact_uri: 'artifactUri',
  parent_id: 'parentId',
  parent: 'parentId',
};

const KNOWN_ATTRIBUTES =
  'status, run_name, run_id, experiment_id, experiment_name, start_time, end_time, duration, ' +
  'lifecycle_stage, user_id, artifact_uri, parent_id';

/** Attributes whose values are numbers (milliseconds). */
export const NUMERIC_ATTRIBUTES: ReadonlySet<AttributeName> = new Set(['startTime', 'endTime', 'duration']);
/** Attributes compared case-insensitively (`status = finished`). */
export const CASE_FOLDED_ATTRIBUTES: ReadonlySet<AttributeName> = new Set(['status', 'lifecycle']);

/** The field a word token names; throws a FilterSyntaxError pointing into the token. */
export function resolveField(token: Token): FilterField {
  const word = token.text;
  const dot = word.indexOf('.');
  if (token.quotedKey === undefined && dot < 0) {
    const attribute = own(ATTRIBUTE_ALIASES, word.toLowerCase());
    if (attribute !== undefined) return { kind: 'attribute', key: attribute };
    throw new FilterSyntaxError(
      `unknown field '${word}': write metrics.${word}, params.${word} or tags.${word}, or quote text to search for it`,
      token.pos,
    );
  }
  const prefix = word.slice(0, dot).toLowerCase();
  const kind = own(PREFIXES, prefix);
  if (kind === undefined) {
    throw new FilterSyntaxError(
      `unknown prefix '${word.slice(0, dot)}.': use metrics., params., tags. or attributes.`,
      token.pos,
    );
  }
  // `metrics.a."b c"` names the key `a.b c`.
  const key = word.slice(dot + 1) + (token.quotedKey ?? '');
  if (key === '') {
    throw new FilterSyntaxError(`expected a key after '${word.slice(0, dot + 1)}'`, token.pos + dot + 1);
  }
  if (kind !== 'attribute') return { kind, key };
  const attribute = own(ATTRIBUTE_ALIASES, key.toLowerCase());
  if (attribute === undefined) {
    throw new FilterSyntaxError(
      `unknown attribute '${key}': known are ${KNOWN_ATTRIBUTES}`,
      token.pos + dot + 1,
    );
  }
  return { kind: 'attribute', key: attribute };
}

function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The run's value for a field, or undefined when the run lacks it. */
export function fieldValue(field: FilterField, run: Run): string | number | undefined {
  switch (field.kind) {
    case 'metric':
      return own(run.metrics, field.key)?.value;
    case 'param':
      return own(run.params, field.key);
    case 'tag':
      return own(run.tags, field.key);
    case 'attribute':
      return attributeValue(field.key, run);
  }
}

function attributeValue(name: AttributeName, run: Run): string | number | undefined {
  switch (name) {
    case 'status':
      return run.status;
    case 'name':
      return run.name ?? '';
    case 'id':
      return run.id;
    case 'experimentId':
      return run.experimentId;
    case 'experimentName':
      return run.experimentName;
    case 'startTime':
      return run.startTime ?? undefined;
    case 'endTime':
      return run.endTime ?? undefined;
    case 'duration':
      return run.startTime !== null && run.endTime !== null ? run.endTime - run.startTime : undefined;
    case 'lifecycle':
      return run.lifecycle;
    case 'user':
      return own(run.tags, 'mlflow.user');
    case 'artifactUri':
      return run.artifactUri ?? undefined;
    case 'parentId':
      return run.parentId ?? undefined;
  }
}
