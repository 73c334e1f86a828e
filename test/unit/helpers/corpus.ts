// The real-project corpus (files the real tools wrote in public projects) lives outside this
// repository, so a clone alone does not have it. Every test that reads it finds it here, through one
// setting: $MLOPS_LENS_CORPUS (relative paths are taken from the repository root), by default
// ../shared/corpus beside the clone. Without it those tests are skipped with `corpusSkip` as the
// reason; CI (.ci/run) sets the variable and fails when the folder is missing.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CORPUS_ENV = 'MLOPS_LENS_CORPUS';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Where the corpus is looked for: $MLOPS_LENS_CORPUS, else ../shared/corpus beside the repository. */
export function corpusLocation(env: NodeJS.ProcessEnv = process.env): string {
  const setting = env[CORPUS_ENV]?.trim();
  return path.resolve(REPO_ROOT, setting || path.join('..', 'shared', 'corpus'));
}

/** The corpus folder, or undefined when there is none where `corpusLocation` says. */
export function findCorpus(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = corpusLocation(env);
  return fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() ? dir : undefined;
}

/** Why the corpus tests are skipped, or false when the corpus is there (node:test's `skip` option). */
export function corpusSkipReason(env: NodeJS.ProcessEnv = process.env): string | false {
  if (findCorpus(env)) return false;
  return `no corpus at ${corpusLocation(env)} (set ${CORPUS_ENV} to the real-project corpus folder)`;
}

/** The corpus folder of this run, or undefined. */
export const CORPUS: string | undefined = findCorpus();

/** `{ skip: corpusSkip }` on every test that reads the corpus. */
export const corpusSkip: string | false = corpusSkipReason();

/** A path inside the corpus; only for tests skipped with `corpusSkip` (throws when there is none). */
export function corpusPath(...parts: string[]): string {
  if (!CORPUS) throw new Error(corpusSkipReason() || 'no corpus');
  return path.join(CORPUS, ...parts);
}
