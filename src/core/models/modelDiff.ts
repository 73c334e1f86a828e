// What changed between two model versions: the signature (breaking changes flagged: an input
// removed, a new required input, a type narrowed or changed, a shape changed), the flavors and their
// library versions, the size and files, and the source runs' params and metrics.
import type { Run } from '../model';
import { localFolderOf } from './locations';
import { hasMlModel, readMlModel } from './mlmodel';
import type { MlModel, ModelsSnapshot, ModelVersion, RegisteredModel, TensorOrColumnSpec } from './types';

export interface ResolvedModel {
  ref: string;
  name: string | null;
  version: string | null;
  runId: string | null;
  folder: string | null;
  mlmodel: MlModel | null;
}

export interface SpecChange {
  section: 'inputs' | 'outputs' | 'params';
  name: string;
  change: 'added' | 'removed' | 'type' | 'shape' | 'required';
  a: TensorOrColumnSpec | null;
  b: TensorOrColumnSpec | null;
  breaking: boolean;
}

export interface ValueChange {
  a: string | number | null;
  b: string | number | null;
}

export interface ModelDiff {
  a: ResolvedModel;
  b: ResolvedModel;
  signature: SpecChange[];
  flavors: { added: string[]; removed: string[]; libraryVersions: Record<string, ValueChange> };
  size: ValueChange;
  files: { added: string[]; removed: string[]; resized: Record<string, ValueChange> };
  params: Record<string, ValueChange>;
  metrics: Record<string, ValueChange>;
}

const REF = /^models:\/([^/@]+)(?:\/([0-9]+)|@(.+))$/;

/** Finds `models:/name/3`, `models:/name@alias` or a folder holding an MLmodel. */
export function resolveModel(ref: string, snapshot: ModelsSnapshot): ResolvedModel | string {
  const match = REF.exec(ref);
  if (!match) {
    if (!hasMlModel(ref))
      return `'${ref}' is neither models:/NAME/VERSION, models:/NAME@ALIAS nor a folder with an MLmodel`;
    const mlmodel = readMlModel(ref);
    return { ref, name: null, version: null, runId: mlmodel.runId, folder: ref, mlmodel };
  }
  const [, name, number, alias] = match;
  const models = snapshot.registeredModels.filter((m) => m.name === name);
  if (models.length === 0) return `no registered model '${name}'`;
  for (const model of models) {
    const version = model.versions.find((v) => (alias ? v.aliases.includes(alias) : v.version === number));
    if (version) return fromVersion(ref, model, version, snapshot);
  }
  return alias ? `model '${name}' has no alias '${alias}'` : `model '${name}' has no version ${number}`;
}

function fromVersion(
  ref: string,
  model: RegisteredModel,
  version: ModelVersion,
  snapshot: ModelsSnapshot,
): ResolvedModel {
  const logged = version.modelId
    ? snapshot.loggedModels.find((m) => m.modelId === version.modelId && m.store === model.store)
    : undefined;
  const folder =
    logged?.mlmodel?.folder ??
    localFolderOf(version.storageLocation, model.store, version.modelId ?? undefined) ??
    localFolderOf(version.source, model.store) ??
    null;
  const mlmodel = logged?.mlmodel ?? (folder && hasMlModel(folder) ? readMlModel(folder) : null);
  return { ref, name: model.name, version: version.version, runId: version.runId, folder, mlmodel };
}

const WIDENING: Record<string, string[]> = {
  integer: ['long', 'float', 'double'],
  long: ['double'],
  float: ['double'],
  int32: ['int64', 'float64'],
  float32: ['float64'],
};

function specName(spec: TensorOrColumnSpec, index: number): string {
  return typeof spec.name === 'string' ? spec.name : `#${index}`;
}

function typeOf(spec: TensorOrColumnSpec): string {
  const tensor = spec['tensor-spec'];
  if (tensor && typeof tensor === 'object') return String((tensor as Record<string, unknown>).dtype ?? '');
  return String(spec.type ?? '');
}

function shapeOf(spec: TensorOrColumnSpec): string {
  const tensor = spec['tensor-spec'];
  const shape = tensor && typeof tensor === 'object' ? (tensor as Record<string, unknown>).shape : spec.shape;
  return JSON.stringify(shape ?? null);
}

function diffSpecs(
  section: SpecChange['section'],
  a: TensorOrColumnSpec[] | null,
  b: TensorOrColumnSpec[] | null,
): SpecChange[] {
  const before = new Map((a ?? []).map((s, i) => [specName(s, i), s]));
  const after = new Map((b ?? []).map((s, i) => [specName(s, i), s]));
  const changes: SpecChange[] = [];
  const inputs = section === 'inputs';
  for (const [name, spec] of before)
    if (!after.has(name))
      changes.push({
        section,
        name,
        change: 'removed',
        a: spec,
        b: null,
        breaking: inputs || section === 'outputs',
      });
  for (const [name, spec] of after) {
    const old = before.get(name);
    if (!old) {
      const required = spec.required !== false && section !== 'params';
      changes.push({ section, name, change: 'added', a: null, b: spec, breaking: inputs && required });
      continue;
    }
    if (typeOf(old) !== typeOf(spec)) {
      const widened = (WIDENING[typeOf(old)] ?? []).includes(typeOf(spec));
      changes.push({ section, name, change: 'type', a: old, b: spec, breaking: !(inputs && widened) });
    } else if (shapeOf(old) !== shapeOf(spec)) {
      changes.push({ section, name, change: 'shape', a: old, b: spec, breaking: true });
    } else if ((old.required !== false) !== (spec.required !== false)) {
      changes.push({
        section,
        name,
        change: 'required',
        a: old,
        b: spec,
        breaking: inputs && spec.required !== false,
      });
    }
  }
  return changes;
}

function diffValues(
  a: Record<string, string | number>,
  b: Record<string, string | number>,
): Record<string, ValueChange> {
  const changed: Record<string, ValueChange> = {};
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
    if (a[key] !== b[key]) changed[key] = { a: a[key] ?? null, b: b[key] ?? null };
  return changed;
}

function metricValues(run: Run | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(run?.metrics ?? {}).map(([k, p]) => [k, p.value]));
}

export function diffModels(a: ResolvedModel, b: ResolvedModel, runs: readonly Run[]): ModelDiff {
  const ma = a.mlmodel;
  const mb = b.mlmodel;
  const signature = [
    ...diffSpecs('inputs', ma?.signature?.inputs ?? null, mb?.signature?.inputs ?? null),
    ...diffSpecs('outputs', ma?.signature?.outputs ?? null, mb?.signature?.outputs ?? null),
    ...diffSpecs('params', ma?.signature?.params ?? null, mb?.signature?.params ?? null),
  ];
  const flavorsA = Object.keys(ma?.flavors ?? {});
  const flavorsB = Object.keys(mb?.flavors ?? {});
  const filesA = Object.fromEntries((ma?.files ?? []).map((f) => [f.path, f.size]));
  const filesB = Object.fromEntries((mb?.files ?? []).map((f) => [f.path, f.size]));
  const resized = diffValues(filesA, filesB);
  const runA = runs.find((r) => r.id === a.runId);
  const runB = runs.find((r) => r.id === b.runId);
  return {
    a,
    b,
    signature,
    flavors: {
      added: flavorsB.filter((f) => !flavorsA.includes(f)),
      removed: flavorsA.filter((f) => !flavorsB.includes(f)),
      libraryVersions: diffValues(ma?.libraryVersions ?? {}, mb?.libraryVersions ?? {}),
    },
    size: { a: ma?.modelSizeBytes ?? null, b: mb?.modelSizeBytes ?? null },
    files: {
      added: Object.keys(filesB).filter((f) => !(f in filesA)),
      removed: Object.keys(filesA).filter((f) => !(f in filesB)),
      resized: Object.fromEntries(Object.entries(resized).filter(([f]) => f in filesA && f in filesB)),
    },
    params: diffValues(runA?.params ?? {}, runB?.params ?? {}),
    metrics: diffValues(metricValues(runA), metricValues(runB)),
  };
}
