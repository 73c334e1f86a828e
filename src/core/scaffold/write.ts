// Writes a file plan. An existing file is never replaced unless the caller decided so for that very
// file; without a decision nothing at all is written. Paths are confined again at write time.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { confine } from './confine';
import type { FilePlan } from './plan';

export type OverwriteDecision = 'overwrite' | 'skip';

/** Some files already exist and the caller did not decide about them; nothing was written. */
export class OverwriteRefusedError extends Error {
  constructor(readonly paths: string[]) {
    super(`refusing to overwrite existing files:\n${paths.map((p) => `  ${p}`).join('\n')}`);
  }
}

export interface WriteResult {
  /** Relative paths written (created or overwritten). */
  written: string[];
  /** Relative paths left alone because the decision was 'skip'. */
  skipped: string[];
}

/**
 * Writes every file of the plan. `decisions` maps relative paths of existing files to 'overwrite'
 * or 'skip'; an existing file without one makes the whole write fail before anything is written.
 */
export async function writePlan(
  plan: FilePlan,
  decisions: ReadonlyMap<string, OverwriteDecision> = new Map(),
): Promise<WriteResult> {
  const targets = [];
  for (const file of plan.files) targets.push({ file, target: await confine(plan.root, file.path) });
  const undecided = targets
    .filter((t) => t.target.exists && !decisions.has(t.file.path))
    .map((t) => t.file.path);
  if (undecided.length > 0) throw new OverwriteRefusedError(undecided);
  const result: WriteResult = { written: [], skipped: [] };
  for (const { file, target } of targets) {
    if (decisions.get(file.path) === 'skip') {
      result.skipped.push(file.path);
      continue;
    }
    await mkdir(path.dirname(target.absolutePath), { recursive: true });
    const mode = file.executable ? 0o755 : 0o644;
    // 'wx' fails if a file appeared since the check: only an explicit 'overwrite' replaces one.
    const flag = target.exists && decisions.get(file.path) === 'overwrite' ? 'w' : 'wx';
    await writeFile(target.absolutePath, file.content, { encoding: 'utf8', flag, mode });
    if (flag === 'w' && file.executable) await chmod(target.absolutePath, mode);
    result.written.push(file.path);
  }
  return result;
}
