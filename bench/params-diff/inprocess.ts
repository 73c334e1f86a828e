// The diffs of bench.mjs in one warm process, as the extension runs them: median ms per case.
// Usage (bundled by bench.mjs): node inprocess.js REPO REPS
import { valuesDiff, type ValuesKind } from '../../src/core/paramsDiff/diff';

const CASES: { kind: ValuesKind; revs: string[] }[] = [
  { kind: 'params', revs: [] },
  { kind: 'params', revs: ['HEAD~1', 'HEAD'] },
  { kind: 'params', revs: ['v1', 'exp-lr'] },
  { kind: 'metrics', revs: [] },
  { kind: 'metrics', revs: ['HEAD~1', 'HEAD'] },
  { kind: 'metrics', revs: ['v1', 'exp-lr'] },
];

async function main(): Promise<void> {
  const [repo, repsText] = process.argv.slice(2);
  const reps = Number(repsText) || 5;
  const medians: number[] = [];
  for (const { kind, revs } of CASES) {
    const options = { aRev: revs[0], bRev: revs[1] };
    await valuesDiff(kind, repo, options);
    const samples: number[] = [];
    for (let i = 0; i < reps; i++) {
      const start = process.hrtime.bigint();
      await valuesDiff(kind, repo, options);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    samples.sort((a, b) => a - b);
    medians.push(samples[samples.length >> 1]);
  }
  process.stdout.write(`${JSON.stringify(medians)}\n`);
}

void main();
