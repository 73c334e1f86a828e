// The Python semantics params-diff and metrics-diff depend on (dvc/utils/diff.py): str() of lists,
// json.dumps of floats, `diff` for numbers and bools, null for a missing key, "unable to parse".
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { diffSides } from '../../src/core/paramsDiff/diff';
import { pyJson, pyRepr, retype } from '../../src/core/paramsDiff/pyData';
import { PyFloat } from '../../src/core/sources/dvc/pyValue';

describe('Python values of params-diff', () => {
  it('repr() of lists as str(list) writes them', () => {
    assert.equal(
      pyRepr(['a', "it's", 'say "hi"', 1, new PyFloat(2), null, true]),
      `['a', "it's", 'say "hi"', 1, 2.0, None, True]`,
    );
    assert.equal(pyRepr([{ k: [new PyFloat(1e-5)] }, 'tab\there']), `[{'k': [1e-05]}, 'tab\\there']`);
  });

  it('json.dumps of floats, ints, non-finite numbers and non-ASCII text', () => {
    assert.equal(
      pyJson([new PyFloat(1), 1, new PyFloat(NaN), new PyFloat(-Infinity), new PyFloat(1e16)]),
      '[1.0, 1, NaN, -Infinity, 1e+16]',
    );
    assert.equal(pyJson({ é: 'ü' }), '{"\\u00e9": "\\u00fc"}');
  });

  it('retype keeps the floats a typed parse found, integral plain numbers otherwise stay ints', () => {
    assert.deepEqual(retype({ a: 1, b: 2, c: 0.5 }, { a: new PyFloat(1), b: 2, c: new PyFloat(0.5) }), {
      a: new PyFloat(1),
      b: 2,
      c: new PyFloat(0.5),
    });
    assert.deepEqual(retype({ 'x.y': 3 }, { x: { y: new PyFloat(3) } }), { 'x.y': new PyFloat(3) });
    assert.deepEqual(retype({ a: 0.25 }, undefined), { a: new PyFloat(0.25) });
  });
});

describe('diffSides', () => {
  const side = (data: Record<string, unknown>) => ({ 'p.yaml': { data: retype(data, undefined) } });

  it('changed, added and deleted keys; diff only between numbers (bools are ints)', () => {
    const diff = diffSides(
      side({ a: { b: 1, gone: 'x' }, flag: false, lr: 0.5, list: [1, 2], same: 3 }),
      side({ a: { b: 4, added: 'y' }, flag: true, lr: 'auto', list: [1, 3], same: 3 }),
      false,
    );
    assert.equal(
      pyJson(diff['p.yaml'] as never),
      pyJson({
        'a.b': { old: 1, new: 4, diff: 3 },
        'a.gone': { old: 'x', new: null },
        flag: { old: false, new: true, diff: 1 },
        lr: { old: new PyFloat(0.5), new: 'auto' },
        list: { old: '[1, 2]', new: '[1, 3]' },
        'a.added': { old: null, new: 'y' },
      }),
    );
  });

  it('--all keeps unchanged keys (with diff 0); an unreadable side is empty; 1 == 1.0 is unchanged', () => {
    const all = diffSides(side({ a: 1 }), side({ a: 1 }), true);
    assert.equal(pyJson(all as never), '{"p.yaml": {"a": {"old": 1, "new": 1, "diff": 0}}}');
    const broken = diffSides(side({ a: 1 }), { 'p.yaml': { error: 'bad' } }, false);
    assert.equal(pyJson(broken as never), '{"p.yaml": {"a": {"old": 1, "new": null}}}');
    const typed = { 'p.yaml': { data: { a: new PyFloat(1) } } };
    assert.deepEqual(diffSides(side({ a: 1 }), typed, false), {});
  });

  it('a file holding one value on a side gives "unable to parse" keys against a mapping', () => {
    const diff = diffSides(side({ a: 1 }), { 'p.yaml': { data: 'text' } }, false);
    assert.equal(pyJson(diff as never), '{"p.yaml": {"a": {"old": 1, "new": "unable to parse"}}}');
  });
});
