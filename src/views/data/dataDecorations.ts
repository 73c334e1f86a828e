// Explorer and editor-tab badges for DVC-tracked paths that differ from HEAD, Git-style: each
// tracked file or folder (and each file inside a tracked folder that `dvc data status --granular`
// reports) gets the letter of its state. "Not in cache" and "unchanged" paths get none: their data
// is what HEAD records.
import * as path from 'node:path';
import type { DataProject, DataState, StateTag } from './dataModel';

export type DecoratedState = Extract<DataState, 'modified' | 'added' | 'deleted' | 'renamed'>;

export interface DataDecoration {
  /** One letter, as Git's decorations: M, A, D, R. */
  badge: string;
  state: DecoratedState;
  /** Every state line DVC reports for the path (committed and uncommitted). */
  tags: StateTag[];
}

const BADGES: Record<DecoratedState, string> = { modified: 'M', added: 'A', deleted: 'D', renamed: 'R' };

function decoratedTag(tags: readonly StateTag[]): StateTag | undefined {
  const shown = tags.filter((tag): tag is StateTag & { state: DecoratedState } => tag.state in BADGES);
  return shown.find((tag) => tag.stage === 'uncommitted') ?? shown[0];
}

function decorationOf(tags: StateTag[]): DataDecoration | undefined {
  const tag = decoratedTag(tags);
  if (!tag) return undefined;
  return { badge: BADGES[tag.state as DecoratedState], state: tag.state as DecoratedState, tags };
}

/** Absolute path (platform separators) → its decoration, for every project loaded. */
export function dataDecorations(projects: readonly DataProject[]): Map<string, DataDecoration> {
  const decorations = new Map<string, DataDecoration>();
  for (const project of projects) {
    for (const out of project.outs) {
      const outPath = path.join(project.root, ...out.key.split('/'));
      const own = decorationOf(out.states);
      if (own) decorations.set(outPath, own);
      for (const [relpath, tags] of Object.entries(out.fileStates ?? {})) {
        const inner = decorationOf(tags);
        if (inner) decorations.set(path.join(outPath, ...relpath.split('/')), inner);
      }
    }
  }
  return decorations;
}
