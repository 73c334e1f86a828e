// The model card's content, built from what core/models read: one registered version, logged model
// or model folder among a run's artifacts, with its MLmodel (flavors, signature, input example),
// environment files, files, source run and version history. No VS Code: unit-tested on the fixture.
import * as path from 'node:path';
import { resolveModel } from '../../core/models/modelDiff';
import { readMlModel } from '../../core/models/mlmodel';
import type { MlModel, ModelsSnapshot, SourceRunState } from '../../core/models/types';
import type { Problem, Run } from '../../core/model';
import { insideFolder, readCappedText } from './files';
import { parseInputExample, type InputExampleView } from './inputExample';
import { signatureView, type SignatureView } from './signature';

/** Which model a card shows; kept in the webview's state so that a reload finds it again. */
export type ModelCardRef =
  | { kind: 'version'; store: string; name: string; version: string }
  | { kind: 'logged'; store: string; modelId: string }
  | { kind: 'artifact'; store: string; runId: string; artifactPath: string };

/** Why part of the card is missing; the webview says it in the UI language. */
export type CardNotice = 'notFound' | 'noFolder' | 'runDeleted' | 'runMissing' | 'runNotIndexed';

export interface FlavorView {
  name: string;
  libraryVersion: string | null;
  settings: [string, string][];
}

export interface EnvironmentFile {
  file: string;
  text: string;
  truncated: boolean;
}

export interface VersionRow {
  version: string;
  aliases: string[];
  stage: string;
  status: string;
  created: number | null;
  current: boolean;
}

export interface RunView {
  id: string;
  name: string | null;
  state: SourceRunState;
  params: [string, string][];
  metrics: [string, number][];
}

export interface ModelCard {
  ref: ModelCardRef;
  title: string;
  kind: ModelCardRef['kind'];
  uris: string[];
  folder: string | null;
  facts: {
    mlflowVersion: string | null;
    created: string | null;
    modelId: string | null;
    description: string | null;
    tags: [string, string][];
  };
  flavors: FlavorView[];
  signature: SignatureView | null;
  inputExample: InputExampleView;
  environment: EnvironmentFile[];
  files: { path: string; size: number }[];
  totalSize: number;
  modelSizeBytes: number | null;
  run: RunView | null;
  versions: VersionRow[];
  notices: CardNotice[];
  problems: Problem[];
}

export type RunFinder = (store: string, runId: string) => Run | undefined;

export const ENVIRONMENT_FILES = ['python_env.yaml', 'requirements.txt', 'conda.yaml'];

export function cardTitle(ref: ModelCardRef): string {
  if (ref.kind === 'version') return `${ref.name} v${ref.version}`;
  if (ref.kind === 'logged') return ref.modelId;
  return ref.artifactPath || ref.runId;
}

function emptyCard(ref: ModelCardRef): ModelCard {
  return {
    ref,
    title: cardTitle(ref),
    kind: ref.kind,
    uris: [],
    folder: null,
    facts: { mlflowVersion: null, created: null, modelId: null, description: null, tags: [] },
    flavors: [],
    signature: null,
    inputExample: { kind: 'none' },
    environment: [],
    files: [],
    totalSize: 0,
    modelSizeBytes: null,
    run: null,
    versions: [],
    notices: [],
    problems: [],
  };
}

/** Builds the card of `ref`; never throws: what is missing is in `notices` and `problems`. */
export function buildModelCard(ref: ModelCardRef, snapshot: ModelsSnapshot, findRun: RunFinder): ModelCard {
  const card = emptyCard(ref);
  const located = locate(ref, snapshot, card);
  if (!located) {
    card.notices.push('notFound');
    return card;
  }
  if (located.mlmodel) fillFromMlModel(card, located.mlmodel);
  else card.notices.push('noFolder');
  card.run = runView(located.runId, located.runState, ref.store, findRun, card);
  return card;
}

interface Located {
  mlmodel: MlModel | null;
  runId: string | null;
  runState: SourceRunState;
}

function locate(ref: ModelCardRef, snapshot: ModelsSnapshot, card: ModelCard): Located | undefined {
  if (ref.kind === 'version') return locateVersion(ref, snapshot, card);
  if (ref.kind === 'logged') {
    const model = snapshot.loggedModels.find((m) => m.store === ref.store && m.modelId === ref.modelId);
    if (!model) return undefined;
    card.title = model.name;
    card.uris = [`models:/${model.modelId}`];
    card.facts.tags = Object.entries(model.tags);
    if (model.problem)
      card.problems.push({ path: model.artifactLocation ?? model.store, reason: model.problem });
    return { mlmodel: model.mlmodel ?? null, runId: model.sourceRunId, runState: model.sourceRun };
  }
  const model = snapshot.artifactModels.find(
    (m) => m.store === ref.store && m.runId === ref.runId && m.artifactPath === ref.artifactPath,
  );
  if (!model) return undefined;
  card.uris = [`runs:/${model.runId}/${model.artifactPath}`.replace(/\/$/, '')];
  return { mlmodel: model.mlmodel, runId: model.runId, runState: 'present' };
}

function locateVersion(
  ref: Extract<ModelCardRef, { kind: 'version' }>,
  snapshot: ModelsSnapshot,
  card: ModelCard,
): Located | undefined {
  const model = snapshot.registeredModels.find((m) => m.store === ref.store && m.name === ref.name);
  const version = model?.versions.find((v) => v.version === ref.version);
  if (!model || !version) return undefined;
  card.uris = [
    `models:/${model.name}/${version.version}`,
    ...version.aliases.map((a) => `models:/${model.name}@${a}`),
  ];
  card.facts.description = version.description ?? model.description;
  card.facts.tags = Object.entries(version.tags);
  card.versions = model.versions.map((v) => ({
    version: v.version,
    aliases: v.aliases,
    stage: v.stage,
    status: v.status,
    created: v.creationTime,
    current: v.version === version.version,
  }));
  if (version.problem) card.problems.push({ path: model.store, reason: version.problem });
  // resolveModel looks in every store; this card's store alone is given to it.
  const own = { ...snapshot, registeredModels: [model] };
  const resolved = resolveModel(`models:/${model.name}/${version.version}`, own);
  // A folder without its MLmodel is read anyway, so that the card says the MLmodel is missing.
  const mlmodel =
    typeof resolved === 'string'
      ? null
      : (resolved.mlmodel ?? (resolved.folder ? readMlModel(resolved.folder) : null));
  return { mlmodel, runId: version.runId, runState: version.sourceRun };
}

function fillFromMlModel(card: ModelCard, mlmodel: MlModel): void {
  card.folder = mlmodel.folder;
  card.problems.push(...mlmodel.problems);
  card.facts.mlflowVersion = mlmodel.mlflowVersion;
  card.facts.created = mlmodel.utcTimeCreated;
  card.facts.modelId = mlmodel.modelId;
  card.flavors = Object.entries(mlmodel.flavors).map(([name, config]) => ({
    name,
    libraryVersion: mlmodel.libraryVersions[name] ?? null,
    settings: Object.entries(config).map(([k, v]) => [
      k,
      typeof v === 'string' ? v : (JSON.stringify(v) ?? ''),
    ]),
  }));
  card.signature = signatureView(mlmodel.signature);
  card.files = mlmodel.files.map((f) => ({ path: f.path, size: f.size }));
  card.totalSize = mlmodel.files.reduce((sum, f) => sum + f.size, 0);
  card.modelSizeBytes = mlmodel.modelSizeBytes;
  card.inputExample = readInputExample(mlmodel, card.problems);
  card.environment = readEnvironment(mlmodel, card.problems);
}

function readInputExample(mlmodel: MlModel, problems: Problem[]): InputExampleView {
  const info = mlmodel.inputExample;
  if (!info) return { kind: 'none' };
  const relative = typeof info.artifact_path === 'string' ? info.artifact_path : '';
  const file = insideFolder(mlmodel.folder, relative);
  if (!file) {
    problems.push({
      path: path.join(mlmodel.folder, 'MLmodel'),
      reason: `saved_input_example_info.artifact_path is not a file inside the model folder: ${JSON.stringify(info.artifact_path)}`,
    });
    return { kind: 'none' };
  }
  try {
    const read = readCappedText(file);
    return parseInputExample(read.text, read.truncated);
  } catch (error) {
    problems.push({ path: file, reason: `unreadable input example: ${(error as Error).message}` });
    return { kind: 'none' };
  }
}

function readEnvironment(mlmodel: MlModel, problems: Problem[]): EnvironmentFile[] {
  const present = new Set(mlmodel.files.map((f) => f.path));
  const files: EnvironmentFile[] = [];
  for (const name of ENVIRONMENT_FILES) {
    if (!present.has(name)) continue;
    const file = path.join(mlmodel.folder, name);
    try {
      files.push({ file: name, ...readCappedText(file) });
    } catch (error) {
      problems.push({ path: file, reason: `unreadable: ${(error as Error).message}` });
    }
  }
  return files;
}

function runView(
  runId: string | null,
  state: SourceRunState,
  store: string,
  findRun: RunFinder,
  card: ModelCard,
): RunView | null {
  if (!runId) return null;
  const run = findRun(store, runId);
  if (!run) {
    card.notices.push(
      state === 'deleted' ? 'runDeleted' : state === 'missing' ? 'runMissing' : 'runNotIndexed',
    );
    return { id: runId, name: null, state, params: [], metrics: [] };
  }
  if (state === 'deleted' || run.lifecycle === 'deleted') card.notices.push('runDeleted');
  return {
    id: run.id,
    name: run.name,
    state,
    params: Object.entries(run.params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    metrics: Object.entries(run.metrics)
      .map(([k, p]): [string, number] => [k, p.value])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  };
}
