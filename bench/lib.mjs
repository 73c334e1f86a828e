// Helpers shared by the benchmark scripts.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const clockTicks = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/** CPU time (user + system, ms) of this process's waited-for children, from /proc; null elsewhere. */
export function childrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / clockTicks;
  } catch {
    return null;
  }
}

/** `--repo DIR --dvc BIN [--cli FILE] [--reps N] [--out FILE]`, as the DVC benchmarks take them. */
export function parseRepoBenchArgs(argv, root, defaultOut) {
  const o = { repo: null, dvc: null, cli: join(root, 'dist', 'cli.js'), reps: 5, out: null };
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i];
    if (argv[i] === '--repo') o.repo = resolve(value());
    else if (argv[i] === '--dvc') o.dvc = resolve(value());
    else if (argv[i] === '--cli') o.cli = resolve(value());
    else if (argv[i] === '--reps') o.reps = Number(value());
    else if (argv[i] === '--out') o.out = resolve(value());
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!o.repo || !o.dvc) throw new Error('--repo and --dvc are required');
  o.out ??= join(root, 'test-output', 'bench', defaultOut);
  return o;
}

/**
 * Median wall time of `node CLI --version`: Node's start-up plus loading the CLI, the least any
 * `mlops-lens` call costs. A CLI-to-CLI ratio cannot beat the other tool's time over this.
 */
export function cliStartMs(cli, reps = 7) {
  const samples = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [cli, '--version'], { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${cli} --version exited with ${r.status}`);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

/** Median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One decimal, null kept. */
export const round1 = (x) => (x == null ? null : Math.round(x * 10) / 10);

/** Median wall and CPU time of timed runs ({ms, cpuMs}), with the samples. */
export function timingSummary(runs) {
  return {
    median_ms: round1(median(runs.map((r) => r.ms))),
    cpu_median_ms: runs.every((r) => r.cpuMs != null) ? round1(median(runs.map((r) => r.cpuMs))) : null,
    samples_ms: runs.map((r) => round1(r.ms)),
  };
}

/**
 * Runs `cmd args` in `cwd` to the end with stdout to a file in `scratch`: wall and CPU ms (user +
 * system of the child) and the output; throws when it fails.
 */
export function timedRun(cmd, args, { cwd, env = {}, scratch }) {
  const stdoutFile = join(scratch, 'stdout');
  const fd = openSync(stdoutFile, 'w');
  const cpu0 = childrenCpuMs();
  const t0 = process.hrtime.bigint();
  const res = spawnSync(cmd, args, { cwd, stdio: ['ignore', fd, 'pipe'], env: { ...process.env, ...env } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu1 = childrenCpuMs();
  closeSync(fd);
  if (res.error) throw res.error;
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  return {
    ms,
    cpuMs: cpu0 == null || cpu1 == null ? null : cpu1 - cpu0,
    stdout: readFileSync(stdoutFile, 'utf8'),
  };
}
