// Run filters: a superset of MLflow's search_runs filter syntax with free-text terms.
//
//   cnn "batch norm"                       free text: every term in name, id, experiment,
//                                          or a param or tag value (case-insensitive)
//   metrics.rmse < 0.8 and params.alpha = 0.5
//   m.`val/loss` <= 0.1 or (tags.team != "x" and not status = FAILED)
//   name ILIKE '%cnn%'   status IN ('FINISHED', 'KILLED')   start_time > '2024-01-31'
//
// Prefixes: metrics./metric./m., params./param./p., tags./tag./t., attributes./attr.
// (attributes may also be written bare). Keywords are case-insensitive; AND binds tighter
// than OR, and adjacent terms are ANDed.

import { FilterSyntaxError, type RunFilterParseResult } from './filterAst';
import { parseFilterText } from './filterParser';

export type { AttributeName, CompareOp, FilterField, RunFilter, RunFilterParseResult } from './filterAst';
export { runMatches } from './filterEval';

/** Parses filter text. Whitespace-only text gives a filter that matches every run. */
export function parseRunFilter(text: string): RunFilterParseResult {
  try {
    return { ok: true, filter: parseFilterText(text) };
  } catch (error) {
    if (error instanceof FilterSyntaxError)
      return { ok: false, error: error.message, position: error.position };
    throw error;
  }
}
