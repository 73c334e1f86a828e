import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { MetricPoint, Run } from '../../src/core/model';
import {
  parseRunFilter,
  runMatches,
  type CompareOp,
  type FilterField,
  type RunFilter,
} from '../../src/core/query/filter';

type RunOverrides = Partial<Omit<Run, 'metrics'>> & { metrics?: Record<string, number> };

function point(value: number): MetricPoint {
  return { step: 0, timestamp: 1_700_000_000_000, value };
}

function makeRun(overrides: RunOverrides = {}): Run {
  const { metrics = {}, ...rest } = overrides;
  return {
    source: 'mlflow-file',
    store: '/tmp/mlruns',
    experimentId: '1',
    experimentName: 'churn',
    id: 'a1b2c3',
    name: 'brave-fox-12',
    status: 'FINISHED',
    lifecycle: 'active',
    parentId: null,
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_060_000,
    params: {},
    metrics: Object.fromEntries(Object.entries(metrics).map(([key, value]) => [key, point(value)])),
    tags: {},
    artifactUri: 'file:///tmp/mlruns/1/a1b2c3/artifacts',
    runDir: '/tmp/mlruns/1/a1b2c3',
    datasets: [],
    outputModelIds: [],
    ...rest,
  };
}

function parse(text: string): RunFilter {
  const result = parseRunFilter(text);
  if (!result.ok) assert.fail(`'${text}' failed at ${result.position}: ${result.error}`);
  return result.filter;
}

function compare(field: FilterField, op: CompareOp, value: string): RunFilter {
  return { kind: 'compare', field, op, value };
}

function comparedValue(text: string): string {
  const filter = parse(text);
  assert.equal(filter.kind, 'compare');
  return filter.kind === 'compare' ? filter.value : '';
}

function matches(text: string, run: Run): boolean {
  return runMatches(parse(text), run);
}

function parseError(text: string): { error: string; position: number } {
  const result = parseRunFilter(text);
  if (result.ok) assert.fail(`'${text}' parsed: ${JSON.stringify(result.filter)}`);
  return { error: result.error, position: result.position };
}

const run = makeRun({
  name: 'cnn-baseline',
  params: { alpha: '0.50', optimizer: 'adam', 'my key': 'x', layers: '12' },
  metrics: { rmse: 0.75, 'val/loss': 0.2, 'lr-schedule.v2': 3, acc: NaN, big: Infinity },
  tags: { team: 'vision', 'mlflow.user': 'ana', 'mlflow.note.content': 'Tried Dropout' },
});

describe('parseRunFilter: structure', () => {
  it('treats empty and blank text as match-all', () => {
    assert.deepEqual(parse(''), { kind: 'and', items: [] });
    assert.deepEqual(parse('   \t'), { kind: 'and', items: [] });
    assert.equal(matches('', run), true);
  });

  it('parses plain words and quoted phrases as free-text terms ANDed together', () => {
    assert.deepEqual(parse('cnn "deep net"'), {
      kind: 'and',
      items: [
        { kind: 'text', term: 'cnn' },
        { kind: 'text', term: 'deep net' },
      ],
    });
    assert.deepEqual(parse("'single'"), { kind: 'text', term: 'single' });
  });

  it('parses comparisons with every prefix spelling', () => {
    for (const prefix of ['metrics', 'metric', 'm', 'METRICS']) {
      assert.deepEqual(parse(`${prefix}.rmse < 0.8`), compare({ kind: 'metric', key: 'rmse' }, '<', '0.8'));
    }
    for (const prefix of ['params', 'param', 'p']) {
      assert.deepEqual(parse(`${prefix}.alpha = 0.5`).kind, 'compare');
      assert.deepEqual(parse(`${prefix}.alpha = 0.5`), parse('params.alpha = 0.5'));
    }
    for (const prefix of ['tags', 'tag', 't'])
      assert.deepEqual(parse(`${prefix}.team = x`), parse('tags.team = x'));
    for (const prefix of ['attributes', 'attribute', 'attr']) {
      assert.deepEqual(
        parse(`${prefix}.status = 'FINISHED'`),
        compare({ kind: 'attribute', key: 'status' }, '=', 'FINISHED'),
      );
    }
  });
});

describe('parseRunFilter: keys, operators and values', () => {
  it('reads quoted keys and keys with / . - _', () => {
    assert.deepEqual(parse('metrics.`val/loss` < 1'), parse('metrics.val/loss < 1'));
    assert.deepEqual(parse('params."my key" = x'), compare({ kind: 'param', key: 'my key' }, '=', 'x'));
    assert.deepEqual(
      parse('m.lr-schedule.v2>=3'),
      compare({ kind: 'metric', key: 'lr-schedule.v2' }, '>=', '3'),
    );
    assert.deepEqual(
      parse('tags.mlflow.user = ana'),
      compare({ kind: 'tag', key: 'mlflow.user' }, '=', 'ana'),
    );
  });

  it('normalizes == to = and <> to !=', () => {
    assert.deepEqual(parse('params.a == 1'), parse('params.a = 1'));
    assert.deepEqual(parse('params.a <> 1'), parse('params.a != 1'));
  });

  it('reads keywords case-insensitively', () => {
    assert.deepEqual(parse('a AND b Or NoT c'), parse('a and b or not c'));
    assert.deepEqual(parse("name like '%x'"), parse("name LIKE '%x'"));
    assert.deepEqual(parse('status In (FINISHED)'), parse('status IN (FINISHED)'));
  });

  it('parses IN and NOT IN lists with quoted and bare values', () => {
    assert.deepEqual(parse(`status NOT IN ('FAILED', "KILLED", RUNNING)`), {
      kind: 'in',
      field: { kind: 'attribute', key: 'status' },
      values: ['FAILED', 'KILLED', 'RUNNING'],
      negated: true,
    });
  });

  it('parses NOT LIKE and NOT ILIKE', () => {
    assert.deepEqual(
      parse("name not ilike '%A%'"),
      compare({ kind: 'attribute', key: 'name' }, 'NOT ILIKE', '%A%'),
    );
  });

  it('unescapes quotes in strings', () => {
    assert.deepEqual(parse(String.raw`name = 'it\'s'`), parse("name = 'it''s'"));
    assert.equal(comparedValue(String.raw`name = 'it\'s'`), "it's");
    assert.equal(comparedValue(String.raw`p.path = 'C:\data\x'`), String.raw`C:\data\x`);
  });

  it('converts dates for time attributes to milliseconds', () => {
    assert.deepEqual(
      parse("start_time >= '2024-01-31T00:00:00Z'"),
      compare({ kind: 'attribute', key: 'startTime' }, '>=', String(Date.UTC(2024, 0, 31))),
    );
  });
});

describe('parseRunFilter: precedence', () => {
  const a = { kind: 'text', term: 'a' } as const;
  const b = { kind: 'text', term: 'b' } as const;
  const c = { kind: 'text', term: 'c' } as const;

  it('binds AND tighter than OR', () => {
    assert.deepEqual(parse('a or b and c'), { kind: 'or', items: [a, { kind: 'and', items: [b, c] }] });
    assert.deepEqual(parse('a and b or c'), { kind: 'or', items: [{ kind: 'and', items: [a, b] }, c] });
  });

  it('binds implicit AND (adjacent terms) tighter than OR', () => {
    assert.deepEqual(parse('a b or c'), parse('a and b or c'));
  });

  it('binds NOT tighter than AND', () => {
    assert.deepEqual(parse('not a and b'), { kind: 'and', items: [{ kind: 'not', item: a }, b] });
    assert.deepEqual(parse('not not a'), { kind: 'not', item: { kind: 'not', item: a } });
  });

  it('lets parentheses override precedence', () => {
    assert.deepEqual(parse('(a or b) and c'), { kind: 'and', items: [{ kind: 'or', items: [a, b] }, c] });
    assert.deepEqual(parse('not (a or b)'), { kind: 'not', item: { kind: 'or', items: [a, b] } });
    assert.deepEqual(parse('((a))'), a);
  });

  it('evaluates precedence correctly on runs', () => {
    const r = makeRun({ name: 'alpha' });
    assert.equal(matches('alpha or beta and gamma', r), true);
    assert.equal(matches('(alpha or beta) and gamma', r), false);
    assert.equal(matches('not beta and alpha', r), true);
    assert.equal(matches('not (beta or alpha)', r), false);
  });
});

describe('runMatches: free text', () => {
  it('matches name, id, experiment name, param and tag values case-insensitively', () => {
    assert.equal(matches('CNN', run), true);
    assert.equal(matches('B2C', run), true);
    assert.equal(matches('Churn', run), true);
    assert.equal(matches('adam', run), true);
    assert.equal(matches('vision', run), true);
    assert.equal(matches('"tried dropout"', run), true);
  });

  it('requires every term', () => {
    assert.equal(matches('cnn adam', run), true);
    assert.equal(matches('cnn resnet', run), false);
  });

  it('does not search param or tag keys', () => {
    assert.equal(matches('optimizer', run), false);
    assert.equal(matches('team', run), false);
  });
});

describe('runMatches: metrics', () => {
  it('compares numerically with every operator', () => {
    assert.equal(matches('metrics.rmse < 0.8', run), true);
    assert.equal(matches('metrics.rmse <= 0.75', run), true);
    assert.equal(matches('metrics.rmse > 0.75', run), false);
    assert.equal(matches('metrics.rmse >= 0.75', run), true);
    assert.equal(matches('metrics.rmse = 0.75', run), true);
    assert.equal(matches('metrics.rmse == 7.5e-1', run), true);
    assert.equal(matches("metrics.rmse = '0.75'", run), true);
    assert.equal(matches('metrics.rmse != 0.75', run), false);
    assert.equal(matches('metrics.`val/loss` < 0.5', run), true);
    assert.equal(matches('metrics.lr-schedule.v2 in (1, 2, 3)', run), true);
    assert.equal(matches('metrics.lr-schedule.v2 not in (1, 2, 3)', run), false);
  });

  it('handles infinities', () => {
    assert.equal(matches('metrics.big > 1e308', run), true);
    assert.equal(matches('metrics.big = inf', run), true);
    assert.equal(matches('metrics.big < Infinity', run), false);
  });

  it('makes NaN values fail every comparison except != and NOT IN', () => {
    for (const op of ['<', '<=', '>', '>=', '='])
      assert.equal(matches(`metrics.acc ${op} 0.5`, run), false, op);
    assert.equal(matches('metrics.acc != 0.5', run), true);
    assert.equal(matches('metrics.acc in (0.5)', run), false);
    assert.equal(matches('metrics.acc not in (0.5)', run), true);
  });

  it('never matches a missing key, not even with != or NOT IN', () => {
    for (const op of ['<', '<=', '>', '>=', '=', '!='])
      assert.equal(matches(`metrics.f1 ${op} 0.5`, run), false, op);
    assert.equal(matches('metrics.f1 not in (0.5)', run), false);
    assert.equal(matches('not metrics.f1 < 0.5', run), true);
  });

  it('ignores inherited object keys', () => {
    assert.equal(matches('metrics.constructor != 1', run), false);
    assert.equal(matches('params.toString != x', run), false);
  });
});

describe('runMatches: params and tags', () => {
  it('compares numerically when both sides are numbers', () => {
    assert.equal(matches('params.alpha = 0.5', run), true);
    assert.equal(matches("params.alpha = '0.5'", run), true);
    assert.equal(matches('params.alpha = 0.50', run), true);
    assert.equal(matches('params.layers > 9', run), true);
    assert.equal(matches('params.alpha in (0.1, 0.5)', run), true);
  });

  it('compares as case-sensitive strings otherwise', () => {
    assert.equal(matches('params.optimizer = adam', run), true);
    assert.equal(matches('params.optimizer = ADAM', run), false);
    assert.equal(matches('params.optimizer != sgd', run), true);
    assert.equal(matches("params.optimizer < 'b'", run), true);
    assert.equal(matches('params."my key" = x', run), true);
    assert.equal(matches('tags.team != "x"', run), true);
    assert.equal(matches('tags.team = "vision"', run), true);
  });

  it('never matches a missing param or tag', () => {
    assert.equal(matches('params.beta != 1', run), false);
    assert.equal(matches('tags.owner != "x"', run), false);
    assert.equal(matches("tags.owner not in ('x')", run), false);
    assert.equal(matches("tags.owner not like '%'", run), false);
  });

  it('supports LIKE (case-sensitive) and ILIKE with % and _', () => {
    assert.equal(matches("params.optimizer LIKE 'ad%'", run), true);
    assert.equal(matches("params.optimizer LIKE 'AD%'", run), false);
    assert.equal(matches("params.optimizer ILIKE 'AD%'", run), true);
    assert.equal(matches("params.optimizer LIKE 'a_am'", run), true);
    assert.equal(matches("params.optimizer LIKE 'a_m'", run), false);
    assert.equal(matches("params.alpha LIKE '0.5'", run), false);
    assert.equal(matches("params.alpha LIKE '0.5_'", run), true);
    assert.equal(matches("params.optimizer NOT LIKE 'sgd%'", run), true);
    assert.equal(
      matches("tags.mlflow.note.content LIKE '%(%'", makeRun({ tags: { 'mlflow.note.content': 'a(b' } })),
      true,
    );
  });
});

describe('runMatches: attributes', () => {
  it('compares status case-insensitively, bare or prefixed', () => {
    assert.equal(matches('status = FINISHED', run), true);
    assert.equal(matches("attributes.status = 'finished'", run), true);
    assert.equal(matches('status != FINISHED', run), false);
    assert.equal(matches("status in ('FAILED', 'KILLED')", run), false);
    assert.equal(matches("status not in ('FAILED', 'KILLED')", run), true);
  });

  it('compares name, id, experiment, user, lifecycle and parent', () => {
    assert.equal(matches("name LIKE '%cnn%'", run), true);
    assert.equal(matches("run_name ILIKE '%CNN%'", run), true);
    assert.equal(matches("attributes.run_id = 'a1b2c3'", run), true);
    assert.equal(matches('experiment_name = churn', run), true);
    assert.equal(matches('experiment_id = 1', run), true);
    assert.equal(matches('user = ana', run), true);
    assert.equal(matches("lifecycle_stage = 'ACTIVE'", run), true);
    assert.equal(matches('parent_id = x', run), false);
    assert.equal(matches('parent_id = p1', makeRun({ parentId: 'p1' })), true);
  });

  it('compares times and duration numerically, missing times never match', () => {
    assert.equal(matches('start_time > 1600000000000', run), true);
    assert.equal(matches('start_time > 1800000000000', run), false);
    assert.equal(matches("start_time > '2023-01-01'", run), true);
    assert.equal(matches('end_time < 2024-01-01', run), true);
    assert.equal(matches('duration = 60000', run), true);
    const unfinished = makeRun({ endTime: null, status: 'RUNNING' });
    assert.equal(matches('end_time != 0', unfinished), false);
    assert.equal(matches('duration >= 0', unfinished), false);
  });
});

describe('parseRunFilter: errors', () => {
  const cases: [text: string, error: string, position: number][] = [
    ['metrics.rmse <', "expected a value after '<'", 14],
    ['metrics.rmse < and x', "expected a value after '<', found 'and'", 15],
    ['a and', "expected a term after 'and'", 5],
    ['a or or b', "expected a term after 'or', found 'or'", 5],
    ['not', "expected a term after 'not'", 3],
    ['OR a', "expected a term before 'OR'", 0],
    ['(and b)', "expected a term after '(', found 'and'", 1],
    ['(a or b', "missing ')' to close the '(' at position 0", 7],
    ['a)', "unexpected ')' without a matching '('", 1],
    ['()', "empty parentheses '()'", 0],
    ['< 3', "unexpected '<'", 0],
    ["name = 'abc", "unterminated string: missing the closing '", 7],
    ['a ! b', "unexpected '!' (did you mean '!='?)", 2],
    ['rmse < 1', 'unknown field', 0],
    ['foo.bar = 1', "unknown prefix 'foo.'", 0],
    ['metrics. = 1', "expected a key after 'metrics.'", 8],
    ['attributes.color = red', "unknown attribute 'color'", 11],
    ['metrics.rmse = low', "metric values are numbers, 'low' is not", 15],
    ["metrics.rmse LIKE '0.%'", 'LIKE cannot be used with metrics', 13],
    ["start_time ILIKE '17%'", 'ILIKE cannot be used with start_time', 11],
    ['start_time > yesterday', 'expected milliseconds since 1970 or a date', 13],
    ['duration > long', 'duration is in milliseconds', 11],
    ['status in FINISHED', "expected '(' after IN", 10],
    ['status in ()', 'expected at least one value in the IN list', 11],
    ['status not in (a b)', "expected ',' or ')' in the NOT IN list", 17],
    ['status in (a,', 'expected a value in the IN list', 13],
    ['status in (a', "missing ')' to close the IN list", 12],
    ['name = `x`', "expected a value after '=', found `x`", 7],
  ];
  for (const [text, error, position] of cases) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      const result = parseError(text);
      assert.ok(result.error.startsWith(error), `${result.error} should start with ${error}`);
      assert.equal(result.position, position);
    });
  }
});
