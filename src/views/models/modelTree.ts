// The Models view's tree, without VS Code: registered models → versions (aliases, stage, status,
// source run), logged models, model folders among run artifacts, DVC artifacts → versions.
// Words come from the caller (localised there).
import type {
  ArtifactModel,
  DvcArtifact,
  DvcArtifactVersion,
  LoggedModel,
  ModelsSnapshot,
  ModelVersion,
  RegisteredModel,
} from '../../core/models/types';

export type ModelNode =
  | { kind: 'group'; group: 'logged' | 'artifacts' | 'dvc'; count: number }
  /** `store` names the store when models of this name come from several stores. */
  | { kind: 'registered'; model: RegisteredModel; store?: string }
  | { kind: 'version'; model: RegisteredModel; version: ModelVersion }
  | { kind: 'logged'; model: LoggedModel }
  | { kind: 'artifact'; model: ArtifactModel }
  | { kind: 'dvc'; artifact: DvcArtifact }
  | { kind: 'dvcVersion'; artifact: DvcArtifact; version: DvcArtifactVersion };

export interface ModelWords {
  group(group: 'logged' | 'artifacts' | 'dvc'): string;
  versions(count: number): string;
  sourceRun(state: ModelVersion['sourceRun']): string | undefined;
  deprecated: string;
}

export function modelCount(snapshot: ModelsSnapshot): number {
  return (
    snapshot.registeredModels.length +
    snapshot.loggedModels.length +
    snapshot.artifactModels.length +
    snapshot.dvcArtifacts.length
  );
}

export function modelChildren(snapshot: ModelsSnapshot, node?: ModelNode): ModelNode[] {
  if (!node) {
    const top: ModelNode[] = registeredNodes(snapshot.registeredModels);
    const active = snapshot.loggedModels.filter((m) => m.lifecycle === 'active');
    if (active.length > 0) top.push({ kind: 'group', group: 'logged', count: active.length });
    if (snapshot.artifactModels.length > 0)
      top.push({ kind: 'group', group: 'artifacts', count: snapshot.artifactModels.length });
    if (snapshot.dvcArtifacts.length > 0)
      top.push({ kind: 'group', group: 'dvc', count: snapshot.dvcArtifacts.length });
    return top;
  }
  if (node.kind === 'registered')
    return node.model.versions.map((version) => ({ kind: 'version', model: node.model, version }));
  if (node.kind === 'dvc')
    return node.artifact.versions.map((version) => ({
      kind: 'dvcVersion',
      artifact: node.artifact,
      version,
    }));
  if (node.kind !== 'group') return [];
  if (node.group === 'logged')
    return snapshot.loggedModels
      .filter((m) => m.lifecycle === 'active')
      .map((model) => ({ kind: 'logged', model }));
  if (node.group === 'artifacts')
    return snapshot.artifactModels.map((model) => ({ kind: 'artifact', model }));
  return snapshot.dvcArtifacts.map((artifact) => ({ kind: 'dvc', artifact }));
}

/** The last two parts of a store's path ("demo/mlflow.db", "project/mlruns"), platform-neutral. */
function shortStore(store: string): string {
  return store.split(/[\\/]/).filter(Boolean).slice(-2).join('/');
}

/** Registered models; a name found in several stores (a file store and a database) says which. */
function registeredNodes(models: readonly RegisteredModel[]): ModelNode[] {
  const stores = new Map<string, Set<string>>();
  for (const model of models) stores.set(model.name, (stores.get(model.name) ?? new Set()).add(model.store));
  return models.map((model) =>
    (stores.get(model.name)?.size ?? 0) > 1
      ? { kind: 'registered', model, store: shortStore(model.store) }
      : { kind: 'registered', model },
  );
}

export interface ModelItem {
  label: string;
  description: string;
  tooltip: string;
  collapsible: boolean;
  contextValue: string;
  icon: string;
  /** Whether it warns (a gone source run, an unreadable file). */
  warning: boolean;
}

function versionItem(version: ModelVersion, words: ModelWords): ModelItem {
  const aliases = version.aliases.map((a) => `@${a}`);
  const stage = version.stage !== 'None' ? [version.stage] : [];
  const status = version.status !== 'READY' ? [version.status] : [];
  const run = words.sourceRun(version.sourceRun);
  const description = [...aliases, ...stage, ...status, ...(run ? [run] : [])].join(' · ');
  const lines = [
    `${version.name} v${version.version}`,
    version.description ?? '',
    version.source ? `source: ${version.source}` : '',
    version.runId ? `run: ${version.runId}${run ? ` (${run})` : ''}` : '',
    ...Object.entries(version.tags).map(([k, v]) => `${k}: ${v}`),
    version.problem ?? '',
  ];
  return {
    label: `v${version.version}`,
    description,
    tooltip: lines.filter((l) => l !== '').join('\n'),
    collapsible: false,
    contextValue: `mlopsLens.modelVersion${version.runId ? '.withRun' : ''}`,
    icon: version.aliases.length > 0 ? 'bookmark' : 'versions',
    warning:
      version.problem !== undefined || version.sourceRun === 'deleted' || version.sourceRun === 'missing',
  };
}

function dvcVersionItem(version: DvcArtifactVersion, words: ModelWords): ModelItem {
  return {
    label: version.version,
    description: [...version.stages, ...(version.deprecated ? [words.deprecated] : [])].join(' · '),
    tooltip: [version.tag, version.commit ?? '', version.createdAt ?? '', version.author ?? '']
      .filter(Boolean)
      .join('\n'),
    collapsible: false,
    contextValue: 'mlopsLens.dvcArtifactVersion',
    icon: 'tag',
    warning: false,
  };
}

export function modelItem(node: ModelNode, words: ModelWords): ModelItem {
  const base = { collapsible: false, warning: false, tooltip: '' };
  switch (node.kind) {
    case 'group':
      return {
        ...base,
        label: words.group(node.group),
        description: String(node.count),
        collapsible: true,
        contextValue: 'mlopsLens.modelGroup',
        icon: 'folder',
      };
    case 'registered':
      return {
        ...base,
        label: node.model.name,
        description: [words.versions(node.model.versions.length), node.store ?? '']
          .filter(Boolean)
          .join(' · '),
        tooltip: [node.model.name, node.model.description ?? '', node.model.store, node.model.problem ?? '']
          .filter(Boolean)
          .join('\n'),
        collapsible: node.model.versions.length > 0,
        contextValue: 'mlopsLens.registeredModel',
        icon: 'package',
        warning: node.model.problem !== undefined,
      };
    case 'version':
      return versionItem(node.version, words);
    case 'logged':
      return {
        ...base,
        label: node.model.name,
        description: [node.model.modelId, node.model.status === 'READY' ? '' : node.model.status]
          .filter(Boolean)
          .join(' · '),
        tooltip: [
          node.model.modelId,
          ...Object.keys(node.model.mlmodel?.flavors ?? {}),
          node.model.problem ?? '',
        ]
          .filter(Boolean)
          .join('\n'),
        contextValue: `mlopsLens.loggedModel${node.model.sourceRunId ? '.withRun' : ''}`,
        icon: 'symbol-class',
        warning: node.model.problem !== undefined,
      };
    case 'artifact':
      return {
        ...base,
        label: node.model.artifactPath || '.',
        description: Object.keys(node.model.mlmodel.flavors).join(', '),
        tooltip: [node.model.mlmodel.folder, ...node.model.mlmodel.problems.map((p) => p.reason)].join('\n'),
        contextValue: 'mlopsLens.artifactModel.withRun',
        icon: 'file-binary',
        warning: node.model.mlmodel.problems.length > 0,
      };
    case 'dvc':
      return {
        ...base,
        label: node.artifact.name,
        description: [
          ...Object.entries(node.artifact.stages).map(([stage, version]) => `${stage}: ${version}`),
          ...(node.artifact.deprecated ? [words.deprecated] : []),
        ].join(' · '),
        tooltip: [node.artifact.name, node.artifact.path ?? '', node.artifact.description ?? '']
          .filter(Boolean)
          .join('\n'),
        collapsible: node.artifact.versions.length > 0,
        contextValue: 'mlopsLens.dvcArtifact',
        icon: 'package',
      };
    case 'dvcVersion':
      return dvcVersionItem(node.version, words);
  }
}

/** `models:/name/3` and, for each alias, `models:/name@alias`. */
export function modelUris(model: RegisteredModel, version: ModelVersion): string[] {
  return [
    `models:/${model.name}/${version.version}`,
    ...version.aliases.map((a) => `models:/${model.name}@${a}`),
  ];
}

/** A stable id for a node (VS Code keeps expansion and selection by id). */
export function modelNodeId(node: ModelNode): string {
  switch (node.kind) {
    case 'group':
      return `group:${node.group}`;
    case 'registered':
      return `rm:${node.model.store}\0${node.model.name}`;
    case 'version':
      return `mv:${node.model.store}\0${node.model.name}\0${node.version.version}`;
    case 'logged':
      return `lm:${node.model.store}\0${node.model.modelId}`;
    case 'artifact':
      return `am:${node.model.store}\0${node.model.runId}\0${node.model.artifactPath}`;
    case 'dvc':
      return `dvc:${node.artifact.repo}\0${node.artifact.name}`;
    case 'dvcVersion':
      return `dvcv:${node.artifact.repo}\0${node.artifact.name}\0${node.version.version}`;
  }
}
