// Which model card a Models view node opens, and the choices of "MLOps: Open Model…" (every
// registered version, logged model and model folder among run artifacts).
import type { ModelsSnapshot } from '../../core/models/types';
import type { ModelNode } from '../models/modelTree';
import type { ModelCardRef } from './card';

export function cardRefOf(node: ModelNode | undefined): ModelCardRef | undefined {
  if (node?.kind === 'version')
    return { kind: 'version', store: node.model.store, name: node.model.name, version: node.version.version };
  if (node?.kind === 'registered' && node.model.versions[0])
    return {
      kind: 'version',
      store: node.model.store,
      name: node.model.name,
      version: node.model.versions[0].version,
    };
  if (node?.kind === 'logged')
    return { kind: 'logged', store: node.model.store, modelId: node.model.modelId };
  if (node?.kind === 'artifact')
    return {
      kind: 'artifact',
      store: node.model.store,
      runId: node.model.runId,
      artifactPath: node.model.artifactPath,
    };
  return undefined;
}

export interface ModelChoice {
  label: string;
  description: string;
  detail: string;
  ref: ModelCardRef;
}

export function modelCardChoices(snapshot: ModelsSnapshot): ModelChoice[] {
  const choices: ModelChoice[] = [];
  for (const model of snapshot.registeredModels)
    for (const version of model.versions)
      choices.push({
        label: `${model.name} v${version.version}`,
        description: [...version.aliases.map((a) => `@${a}`), version.stage === 'None' ? '' : version.stage]
          .filter(Boolean)
          .join(' '),
        detail: model.store,
        ref: { kind: 'version', store: model.store, name: model.name, version: version.version },
      });
  for (const model of snapshot.loggedModels.filter((m) => m.lifecycle === 'active'))
    choices.push({
      label: model.name,
      description: model.modelId,
      detail: model.store,
      ref: { kind: 'logged', store: model.store, modelId: model.modelId },
    });
  for (const model of snapshot.artifactModels)
    choices.push({
      label: model.artifactPath || '.',
      description: `runs:/${model.runId}`,
      detail: model.store,
      ref: { kind: 'artifact', store: model.store, runId: model.runId, artifactPath: model.artifactPath },
    });
  return choices;
}
