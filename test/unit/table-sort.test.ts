// The radix sort behind the table diff's order statistics gives Float64Array.sort's order exactly.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { sortNumbers } from '../../src/core/data/table/sort';

let seed = 7;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

function assertSameOrder(values: Float64Array): void {
  const expected = values.slice().sort();
  const actual = sortNumbers(values.slice());
  for (let i = 0; i < values.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      assert.fail(`at ${i}: ${actual[i]} where Float64Array.sort has ${expected[i]}`);
    }
  }
}

const generators: Record<string, () => number> = {
  'wide measurements': () => (random() - 0.5) * 1e6,
  'few repeated integers': () => Math.floor(random() * 100) - 50,
  'zeros, signed zeros, subnormals, infinities': () =>
    [0, -0, 1e-310, -1e-310, Infinity, -Infinity, 5, -5][Math.floor(random() * 8)],
  'values sharing their high 32 bits': () => 1 + Math.floor(random() * 4096) * 2 ** -52,
  'long runs of close values': () => 1 + Math.floor(random() * 200000) * 2 ** -50,
  'three decimals': () => Number(((random() - 0.5) * 1000).toFixed(3)),
};

for (const [name, generate] of Object.entries(generators)) {
  test(`sortNumbers orders ${name} as Float64Array.sort does`, () => {
    for (const size of [0, 1, 1000, 30000, 120000]) {
      assertSameOrder(Float64Array.from({ length: size }, generate));
    }
  });
}

test('sortNumbers sorts a subarray in place without touching the rest', () => {
  const values = Float64Array.from({ length: 50000 }, () => random() - 0.5);
  const whole = values.slice();
  const part = values.subarray(100, 40100);
  const sorted = sortNumbers(part);
  assert.equal(sorted, part);
  assert.deepEqual(values.subarray(0, 100), whole.subarray(0, 100));
  assert.deepEqual(values.subarray(40100), whole.subarray(40100));
  assert.deepEqual(part, whole.subarray(100, 40100).sort());
});
