// The one list of run sources. The index discovers, reads, caches and updates stores through it;
// the CLI and the views ask it what a kind of store is. A new tracker is one more line here.
import type { SourceKind } from '../model';
import { dvcSource } from './dvcExperiments/source';
import { dvcLiveSource } from './dvclive/source';
import { mlflowFileSource, mlflowSqliteSource } from './mlflow/source';
import type { RunSource, StoreEntry } from './source';
import { tensorboardSource } from './tensorboard/source';
import { wandbSource } from './wandb/source';

/**
 * Discovery asks the sources in this order: the first that says a folder is its store ends the walk
 * there (an MLflow file store is never searched for other stores).
 */
export const SOURCES: readonly RunSource[] = [
  erase(mlflowFileSource),
  erase(mlflowSqliteSource),
  erase(dvcSource),
  erase(dvcLiveSource),
  erase(wandbSource),
  erase(tensorboardSource),
];

/** Every kind of store, in the order above. */
export const SOURCE_KINDS: readonly SourceKind[] = SOURCES.flatMap((s) => s.kinds);

export function sourceOf(kind: SourceKind): RunSource {
  const source = SOURCES.find((s) => s.kinds.includes(kind));
  if (!source) throw new Error(`no source reads stores of kind ${kind}`);
  return source;
}

/** Glob of every file whose appearance may mean a new store (file watchers). */
export function newStoreGlob(): string {
  const inner = SOURCES.map((s) => s.newStoreGlob.replace(/^\*\*\//, '').replace(/^\{(.*)\}$/, '$1'));
  return `**/{${inner.join(',')}}`;
}

/**
 * A source typed for its own entries, as one of the list: each method checks that the entry it is
 * given is of the source's kinds, so that one source never sees another's entries.
 */
function erase<Entry extends StoreEntry>(source: RunSource<Entry>): RunSource {
  const own = (entry: StoreEntry): Entry => {
    if (!source.kinds.includes(entry.kind))
      throw new Error(`a ${entry.kind} store given to ${source.kinds[0]}`);
    return entry as Entry;
  };
  const maybeOwn = (entry: StoreEntry | undefined): Entry | undefined =>
    entry && source.kinds.includes(entry.kind) ? (entry as Entry) : undefined;
  return {
    ...source,
    finder: () => source.finder(),
    narrow: source.narrow && ((store, before) => source.narrow?.(store, before)),
    read: (store, previous, context) => source.read(store, maybeOwn(previous), context),
    update: (storePath, entry, changed, context) => source.update(storePath, own(entry), changed, context),
    owns: (changed, storePath, entry) => source.owns(changed, storePath, own(entry)),
    claims: (changed, storePath, entry) =>
      (source.claims ?? source.owns).call(source, changed, storePath, own(entry)),
    watchPattern: (storePath) => source.watchPattern(storePath),
    snapshot: (storePath, entry) => source.snapshot(storePath, own(entry)),
    encodedRuns: (storePath, entry) => source.encodedRuns(storePath, own(entry)),
    problems: (entry, storePath) => source.problems(own(entry), storePath),
    history: (entry, run, key) => source.history(own(entry), run, key),
  };
}
