// What Fetch runs for a version that is not here: `dvc fetch <target> --rev <rev>` for a committed
// version, `dvc pull <target>` for the workspace's. Pure, so the arguments are unit-tested.

export interface FetchTarget {
  root: string;
  /** Repo-relative "/" path: an output or a file inside a tracked folder. */
  key: string;
  /** Undefined: the workspace's version (then `dvc pull`). */
  rev?: string;
}

/** The DVC arguments of a fetch (a path starting with "-" is written "./-…" so it is no option). */
export function fetchArgs(target: FetchTarget): string[] {
  const path = target.key.startsWith('-') ? `./${target.key}` : target.key;
  return target.rev === undefined ? ['pull', path] : ['fetch', path, '--rev', target.rev];
}
