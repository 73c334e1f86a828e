// The parsed form of a run filter. Plain data: it can be logged, compared in tests and
// evaluated any number of times with `runMatches`.

/** Run attributes a filter can compare, under their canonical names. */
export type AttributeName =
  | 'status'
  | 'name'
  | 'id'
  | 'experimentId'
  | 'experimentName'
  | 'startTime'
  | 'endTime'
  | 'duration'
  | 'lifecycle'
  | 'user'
  | 'artifactUri'
  | 'parentId';

export type FilterField =
  { kind: 'metric' | 'param' | 'tag'; key: string } | { kind: 'attribute'; key: AttributeName };

/** `==` is read as `=`, `<>` as `!=`. */
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE' | 'NOT LIKE' | 'NOT ILIKE';

export type RunFilter =
  /** Case-insensitive substring of the name, id, experiment name or any param or tag value. */
  | { kind: 'text'; term: string }
  /** Time values given as dates are stored as milliseconds since the epoch. */
  | { kind: 'compare'; field: FilterField; op: CompareOp; value: string }
  | { kind: 'in'; field: FilterField; values: string[]; negated: boolean }
  /** An empty `and` matches every run (the empty filter). */
  | { kind: 'and'; items: RunFilter[] }
  | { kind: 'or'; items: RunFilter[] }
  | { kind: 'not'; item: RunFilter };

export type RunFilterParseResult =
  | { ok: true; filter: RunFilter }
  /** `position` is a 0-based offset into the filter text. */
  | { ok: false; error: string; position: number };

export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'FilterSyntaxError';
  }
}
