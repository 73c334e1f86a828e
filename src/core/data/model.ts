// The data-versions model: what DVC tracks at one version of a repository (its outputs and, for
// folders, the files their `.dir` manifest lists) and why a version could not be read.

/** A DVC hash: its algorithm ("md5" for DVC 3, "md5-dos2unix" for DVC 2) and value. */
export interface HashRef {
  name: string;
  /** 32 hex digits; a folder's ends in ".dir". */
  value: string;
}

/** One path of a version: an output (file or folder) or a file inside a tracked folder. */
export interface DataNode {
  /** Repo-relative "/" path. */
  key: string;
  isDir: boolean;
  /** Null for an output DVC has no hash for, and for folders inside a tracked folder. */
  hash: HashRef | null;
}

/** A version that cannot be read as DVC would read it: the file (or revision) and the reason. */
export class DataError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

export function sameHash(a: HashRef | null, b: HashRef | null): boolean {
  return a === b || (a !== null && b !== null && a.name === b.name && a.value === b.value);
}

export function isDirHash(hash: HashRef | null): boolean {
  return hash !== null && hash.value.endsWith('.dir');
}
