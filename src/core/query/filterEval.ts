// Evaluates a parsed filter against a run, following MLflow's search_runs rules: a run
// lacking the key matches no comparison (not even != or NOT IN), and a NaN metric
// matches only !=.

import type { Run } from '../model';
import type { CompareOp, FilterField, RunFilter } from './filterAst';
import { CASE_FOLDED_ATTRIBUTES, fieldValue } from './filterFields';
import { parseNumeric } from './numbers';

export function runMatches(filter: RunFilter, run: Run): boolean {
  switch (filter.kind) {
    case 'and':
      return filter.items.every((item) => runMatches(item, run));
    case 'or':
      return filter.items.some((item) => runMatches(item, run));
    case 'not':
      return !runMatches(filter.item, run);
    case 'text':
      return textMatches(filter.term, run);
    case 'compare':
      return compareMatches(filter.field, filter.op, filter.value, run);
    case 'in':
      return inMatches(filter.field, filter.values, filter.negated, run);
  }
}

function textMatches(term: string, run: Run): boolean {
  const needle = term.toLowerCase();
  const has = (value: string): boolean => value.toLowerCase().includes(needle);
  return (
    has(run.name ?? '') ||
    has(run.id) ||
    has(run.experimentName) ||
    Object.values(run.params).some(has) ||
    Object.values(run.tags).some(has)
  );
}

function caseFolded(field: FilterField): boolean {
  return field.kind === 'attribute' && CASE_FOLDED_ATTRIBUTES.has(field.key);
}

function compareMatches(field: FilterField, op: CompareOp, expected: string, run: Run): boolean {
  const actual = fieldValue(field, run);
  if (actual === undefined) return false;
  if (typeof actual === 'number') return compareNumbers(actual, op, parseNumeric(expected) ?? NaN);
  if (caseFolded(field)) return compareStrings(actual.toLowerCase(), op, expected.toLowerCase());
  return compareStrings(actual, op, expected);
}

function inMatches(field: FilterField, values: readonly string[], negated: boolean, run: Run): boolean {
  const actual = fieldValue(field, run);
  if (actual === undefined) return false;
  if (typeof actual === 'number' && Number.isNaN(actual)) return negated;
  const found = values.some((value) => compareMatches(field, '=', value, run));
  return negated ? !found : found;
}

function compareNumbers(actual: number, op: CompareOp, expected: number): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return op === '!=';
  return compareOrdered(actual, op, expected);
}

/** Numbers compare as numbers when both sides spell one ("0.5" = "0.50"), else as strings. */
function compareStrings(actual: string, op: CompareOp, expected: string): boolean {
  switch (op) {
    case 'LIKE':
    case 'ILIKE':
      return likePattern(expected, op === 'ILIKE').test(actual);
    case 'NOT LIKE':
    case 'NOT ILIKE':
      return !likePattern(expected, op === 'NOT ILIKE').test(actual);
  }
  const a = parseNumeric(actual);
  const b = parseNumeric(expected);
  if (a !== undefined && b !== undefined) return compareNumbers(a, op, b);
  return compareOrdered(actual, op, expected);
}

function compareOrdered<T extends number | string>(actual: T, op: CompareOp, expected: T): boolean {
  switch (op) {
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
    default:
      // LIKE is handled on strings before this and refused by the parser on numbers.
      return false;
  }
}

const likeCache = new Map<string, RegExp>();

/** SQL LIKE: `%` is any run of characters, `_` any one character, the rest is literal. */
function likePattern(pattern: string, ignoreCase: boolean): RegExp {
  const cacheKey = `${ignoreCase ? 'i' : 'c'}${pattern}`;
  const cached = likeCache.get(cacheKey);
  if (cached) return cached;
  let source = '';
  for (const c of pattern) {
    if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`, ignoreCase ? 'isu' : 'su');
  if (likeCache.size >= 256) likeCache.clear();
  likeCache.set(cacheKey, regex);
  return regex;
}
