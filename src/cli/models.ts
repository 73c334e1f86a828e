// `mlops-lens models [PATH ...]`: MLflow registered models with their versions, MLflow 3 logged
// models, model folders among run artifacts and DVC's model registry, from every store under the paths.
import * as crypto from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Problem } from '../core/model';
import { readDvcModelRegistry } from '../core/models/dvcRegistry';
import { diffModels, resolveModel, type ModelDiff, type ResolvedModel } from '../core/models/modelDiff';
import { readModels } from '../core/models/readModels';
import type { ModelsSnapshot, ModelVersion, RegisteredModel } from '../core/models/types';
import { UsageError } from './args';
import { escapeField } from './output';

const FLAGS = new Set(['--json', '--no-cache', '--no-runs']);

function cacheFileFor(roots: string[], noCache: boolean): string | undefined {
  if (noCache) return undefined;
  const dir = process.env.MLOPS_LENS_INDEX_CACHE || path.join(os.homedir(), '.cache', 'mlops-lens', 'index');
  const key = crypto
    .createHash('sha1')
    .update(JSON.stringify([...roots].sort()))
    .digest('hex');
  return path.join(dir, `${key}.v8`);
}

function reportProblems(problems: readonly Problem[]): void {
  const seen = new Set<string>();
  for (const problem of problems) {
    const line = `mlops-lens: ${problem.path}: ${problem.reason}\n`;
    if (seen.has(line)) continue;
    seen.add(line);
    process.stderr.write(line);
  }
}

/** The models of every store under the paths; problems go to stderr. */
export async function collectModels(
  paths: readonly string[],
  flags: ReadonlySet<string>,
): Promise<ModelsSnapshot> {
  const roots = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(p));
  let runs;
  if (!flags.has('--no-runs')) {
    // Loaded only when runs are read: the run index brings every tracker's reader.
    const { RunIndex } = await import('../core/index/runIndex.js');
    const index = new RunIndex({ roots, cacheFile: cacheFileFor(roots, flags.has('--no-cache')) });
    await index.refresh();
    runs = index.allRuns().filter((r) => r.source === 'mlflow-file' || r.source === 'mlflow-sqlite');
  }
  return readModels(roots, { runs, readDvcArtifacts: readDvcModelRegistry });
}

export async function modelsCommand(argv: readonly string[]): Promise<number> {
  const flags = new Set<string>();
  const paths: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('--')) {
      if (!FLAGS.has(arg)) throw new UsageError(`unknown option '${arg}' for 'models'`);
      flags.add(arg);
    } else paths.push(arg);
  }
  const snapshot = await collectModels(paths, flags);
  reportProblems(snapshot.problems);
  if (flags.has('--json')) process.stdout.write(`${JSON.stringify(modelsJson(snapshot), null, 1)}\n`);
  else process.stdout.write(formatModels(snapshot));
  return 0;
}

/** `models --json`: everything but the problems (those are on stderr). */
export function modelsJson(snapshot: ModelsSnapshot): Omit<ModelsSnapshot, 'problems'> {
  return {
    registeredModels: snapshot.registeredModels,
    loggedModels: snapshot.loggedModels,
    artifactModels: snapshot.artifactModels,
    dvcArtifacts: snapshot.dvcArtifacts,
  };
}

function versionLine(version: ModelVersion): string {
  const aliases = version.aliases.map((a) => `@${a}`).join(' ');
  const run = version.runId
    ? `run ${version.runId}${version.sourceRun === 'present' ? '' : ` (${version.sourceRun})`}`
    : '';
  const parts = [
    `  v${version.version}`,
    aliases,
    version.stage === 'None' ? '' : version.stage,
    version.status,
    run,
  ];
  if (version.problem) parts.push(`! ${version.problem}`);
  return escapeField(parts.filter((p) => p !== '').join('  '));
}

function registeredModelLines(model: RegisteredModel, cwd: string): string[] {
  const where = path.relative(cwd, model.store) || '.';
  const lines = [escapeField(`${model.name}  [${where}]${model.problem ? `  ! ${model.problem}` : ''}`)];
  for (const version of model.versions) lines.push(versionLine(version));
  return lines;
}

/** A readable listing: registered models and their versions, then logged models, artifact models, DVC. */
export function formatModels(snapshot: ModelsSnapshot, cwd = process.cwd()): string {
  const lines: string[] = [];
  if (snapshot.registeredModels.length > 0) {
    lines.push('Registered models:');
    for (const model of snapshot.registeredModels) lines.push(...registeredModelLines(model, cwd));
  }
  if (snapshot.loggedModels.length > 0) {
    lines.push('Logged models:');
    for (const m of snapshot.loggedModels)
      lines.push(
        escapeField(
          `  ${m.modelId}  ${m.name}  experiment ${m.experimentId}  ${m.status}${m.lifecycle === 'deleted' ? '  (deleted)' : ''}`,
        ),
      );
  }
  if (snapshot.artifactModels.length > 0) {
    lines.push('Models among run artifacts:');
    for (const m of snapshot.artifactModels)
      lines.push(
        escapeField(
          `  run ${m.runId}  ${m.artifactPath || '.'}  ${Object.keys(m.mlmodel.flavors).join(', ')}`,
        ),
      );
  }
  if (snapshot.dvcArtifacts.length > 0) {
    lines.push('DVC artifacts:');
    for (const a of snapshot.dvcArtifacts) {
      const stages = Object.entries(a.stages).map(([stage, version]) => `${stage}=${version}`);
      lines.push(escapeField(`  ${a.name}  ${a.type ?? ''}  ${a.path ?? ''}  ${stages.join(' ')}`));
      for (const v of a.versions)
        lines.push(
          escapeField(
            `    ${v.version}${v.stages.length ? `  ${v.stages.join(' ')}` : ''}${v.deprecated ? '  (deprecated)' : ''}`,
          ),
        );
    }
  }
  return lines.length === 0 ? 'No models found.\n' : `${lines.join('\n')}\n`;
}

/** `mlops-lens model-diff A B`: what changed between two model versions. */
export async function modelDiffCommand(argv: readonly string[]): Promise<number> {
  const flags = new Set<string>();
  const refs: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('--')) {
      if (!DIFF_FLAGS.has(arg)) throw new UsageError(`unknown option '${arg}' for 'model-diff'`);
      flags.add(arg);
    } else refs.push(arg);
  }
  if (refs.length < 2) throw new UsageError('model-diff needs two models: A B [PATH ...]');
  const [refA, refB, ...paths] = refs as [string, string, ...string[]];
  const { RunIndex } = await import('../core/index/runIndex.js');
  const roots = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(p));
  const index = new RunIndex({ roots, cacheFile: cacheFileFor(roots, flags.has('--no-cache')) });
  await index.refresh();
  const runs = index.allRuns();
  const snapshot = await readModels(roots, { runs: [] });
  const a = resolveModel(refA, snapshot);
  const b = resolveModel(refB, snapshot);
  for (const side of [a, b])
    if (typeof side === 'string') {
      process.stderr.write(`mlops-lens: ${side}\n`);
      return 1;
    }
  const diff = diffModels(a as ResolvedModel, b as ResolvedModel, runs);
  reportProblems([
    ...((a as ResolvedModel).mlmodel?.problems ?? []),
    ...((b as ResolvedModel).mlmodel?.problems ?? []),
  ]);
  if (flags.has('--json')) process.stdout.write(`${JSON.stringify(diff, null, 1)}\n`);
  else process.stdout.write(formatModelDiff(diff));
  return 0;
}

const DIFF_FLAGS = new Set(['--json', '--no-cache']);

function formatModelDiff(diff: ModelDiff): string {
  const lines = [escapeField(`${diff.a.ref} → ${diff.b.ref}`)];
  for (const c of diff.signature)
    lines.push(
      escapeField(`  signature ${c.section} ${c.name}: ${c.change}${c.breaking ? '  BREAKING' : ''}`),
    );
  for (const f of diff.flavors.added) lines.push(escapeField(`  flavor added: ${f}`));
  for (const f of diff.flavors.removed) lines.push(escapeField(`  flavor removed: ${f}`));
  for (const [f, v] of Object.entries(diff.flavors.libraryVersions))
    lines.push(escapeField(`  ${f} version: ${v.a ?? '-'} → ${v.b ?? '-'}`));
  if (diff.size.a !== diff.size.b) lines.push(`  size: ${diff.size.a ?? '-'} → ${diff.size.b ?? '-'} bytes`);
  for (const f of diff.files.added) lines.push(escapeField(`  file added: ${f}`));
  for (const f of diff.files.removed) lines.push(escapeField(`  file removed: ${f}`));
  for (const [k, v] of Object.entries(diff.params))
    lines.push(escapeField(`  param ${k}: ${v.a ?? '-'} → ${v.b ?? '-'}`));
  for (const [k, v] of Object.entries(diff.metrics))
    lines.push(escapeField(`  metric ${k}: ${v.a ?? '-'} → ${v.b ?? '-'}`));
  return `${lines.join('\n')}\n`;
}
