// What Fetch runs for a version that is not here: `dvc pull <target>` for the workspace's version;
// for a committed one `dvc fetch --all-commits <target>`, since `dvc fetch` has no `--rev` (DVC 3.x:
// only -a/-T/-A): every committed version of that one target, the one asked for among them. Pure,
// so the arguments are unit-tested.

export interface FetchTarget {
  root: string;
  /** Repo-relative "/" path: an output or a file inside a tracked folder. */
  key: string;
  /** The commit of the version (shown in the task's name); undefined: the workspace's (`dvc pull`). */
  rev?: string;
}

/** The DVC arguments of a fetch (a path starting with "-" is written "./-…" so it is no option). */
export function fetchArgs(target: FetchTarget): string[] {
  const path = target.key.startsWith('-') ? `./${target.key}` : target.key;
  return target.rev === undefined ? ['pull', path] : ['fetch', '--all-commits', path];
}
