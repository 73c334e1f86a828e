// DVC's model registry: `artifacts:` in dvc.yaml, with versions and stages from GTO's Git tags.
import type { Problem } from '../model';
import type { DvcArtifact } from './types';

export async function readDvcModelRegistry(
  _repoRoot: string,
): Promise<{ dvcArtifacts: DvcArtifact[]; problems: Problem[] }> {
  return { dvcArtifacts: [], problems: [] };
}
