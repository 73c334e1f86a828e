// Which stages a changed path concerns, so that a file event recomputes only those: a stage is
// affected by its deps, params and outs (files or anything inside a folder), its dvc.yaml and its
// dvc.lock. Pure: the service feeds it paths from file watchers.
import * as path from 'node:path';
import type { DvcStage } from '../../core/pipeline/model';
import { stageKey } from './pipelineTreeModel';

/** What a changed path means for the pipelines. */
export interface ChangeImpact {
  /** Pipeline files (dvc.yaml, .dvc, MLproject, Makefile) or dvc.yaml files to read again. */
  reread: Set<string>;
  /** Stage keys whose status must be computed again. */
  stages: Set<string>;
}

export class StagePathIndex {
  /** Absolute path of a dep/out/params file → keys of the stages that name it. */
  private readonly byPath = new Map<string, Set<string>>();
  /** Absolute dvc.yaml / .dvc path → keys of its stages. */
  private readonly byDvcfile = new Map<string, Set<string>>();
  /** Folders holding a dvc.yaml → that dvc.yaml (params.yaml there feeds its `${}` values). */
  private readonly dvcYamlByDir = new Map<string, string>();

  constructor(stages: readonly DvcStage[]) {
    for (const stage of stages) {
      const key = stageKey(stage);
      addTo(this.byDvcfile, stage.dvcfile, key);
      if (path.basename(stage.dvcfile) === 'dvc.yaml')
        this.dvcYamlByDir.set(path.dirname(stage.dvcfile), stage.dvcfile);
      for (const p of stagePaths(stage)) addTo(this.byPath, p, key);
    }
  }

  /** The stages and files a change to `changed` (absolute) concerns. */
  impact(changed: string, isPipelineFile: (file: string) => boolean): ChangeImpact {
    const impact: ChangeImpact = { reread: new Set(), stages: new Set() };
    if (isPipelineFile(changed)) impact.reread.add(changed);
    const base = path.basename(changed);
    const dir = path.dirname(changed);
    if (base === 'dvc.lock')
      for (const key of this.byDvcfile.get(path.join(dir, 'dvc.yaml')) ?? []) impact.stages.add(key);
    // params.yaml beside a dvc.yaml is loaded into its `${}` context: the stages may read differently.
    if (base === 'params.yaml' && this.dvcYamlByDir.has(dir)) impact.reread.add(this.dvcYamlByDir.get(dir)!);
    // The path itself or any folder above it may be a dep/out (a file written inside an out folder).
    for (let p = changed; ; p = path.dirname(p)) {
      for (const key of this.byPath.get(p) ?? []) impact.stages.add(key);
      if (path.dirname(p) === p) break;
    }
    return impact;
  }

  /** Every path the stages watch (deps, params files, outs). */
  get watchedPaths(): string[] {
    return [...this.byPath.keys()];
  }
}

/** The absolute paths of a stage's deps, params files and outs. */
export function stagePaths(stage: DvcStage): string[] {
  const relative = [...stage.deps, ...stage.params.map((p) => p.file), ...stage.outs.map((o) => o.path)];
  return relative.map((p) => path.resolve(stage.wdir, p));
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
