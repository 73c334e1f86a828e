// The files of a tracked folder (a `.dir` manifest, or the workspace's folder hashed): relpaths
// kept in one order (JavaScript's string order, which DVC's sorted manifests already follow unless
// they mix characters beyond U+FFFF with U+E000–U+FFFF) with their md5s. Two lists compare in one
// merge pass, with no per-file map: a 100,000-file folder diff costs little more than its parse.

function byUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class FileList {
  static readonly EMPTY = new FileList([], []);
  private lookup: Map<string, string> | undefined;

  private constructor(
    readonly relpaths: readonly string[],
    readonly md5s: readonly string[],
  ) {}

  /** From parallel arrays in any order; of a path given twice the last is kept. */
  static of(relpaths: string[], md5s: string[]): FileList {
    let sorted = true;
    for (let i = 1; i < relpaths.length && sorted; i++) sorted = relpaths[i - 1] < relpaths[i];
    if (sorted) return new FileList(relpaths, md5s);
    const last = new Map<string, number>();
    relpaths.forEach((rel, i) => last.set(rel, i));
    const order = [...last.values()].sort((a, b) => byUnits(relpaths[a], relpaths[b]));
    return new FileList(
      order.map((i) => relpaths[i]),
      order.map((i) => md5s[i]),
    );
  }

  get size(): number {
    return this.relpaths.length;
  }

  get(relpath: string): string | undefined {
    this.lookup ??= new Map(this.relpaths.map((rel, i) => [rel, this.md5s[i]]));
    return this.lookup.get(relpath);
  }

  /** Index of the first relpath not before `text`. */
  private lowerBound(text: string): number {
    let low = 0;
    let high = this.relpaths.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.relpaths[mid] < text) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Whether `relpath` is a folder here (some file lies below it). */
  hasFolder(relpath: string): boolean {
    const prefix = `${relpath}/`;
    return this.relpaths[this.lowerBound(prefix)]?.startsWith(prefix) ?? false;
  }

  /** The files below folder `relpath`, with paths relative to it. */
  below(relpath: string): FileList {
    const prefix = `${relpath}/`;
    const start = this.lowerBound(prefix);
    let end = start;
    while (end < this.relpaths.length && this.relpaths[end].startsWith(prefix)) end++;
    return new FileList(
      this.relpaths.slice(start, end).map((rel) => rel.slice(prefix.length)),
      this.md5s.slice(start, end),
    );
  }

  /** Every folder implied by the paths ("a/b" for "a/b/c.csv"). */
  folders(): Set<string> {
    const folders = new Set<string>();
    for (const rel of this.relpaths) {
      for (let at = rel.indexOf('/'); at !== -1; at = rel.indexOf('/', at + 1)) folders.add(rel.slice(0, at));
    }
    return folders;
  }
}
