// One computed value per open document version (a scan of its text), least recently used first out:
// providers ask many times per keystroke pause and must not re-scan an unchanged document.
export class VersionCache<T> {
  private readonly entries = new Map<string, { version: number; value: T }>();

  constructor(private readonly capacity: number) {}

  get(uri: string, version: number, compute: () => T): T {
    const entry = this.entries.get(uri);
    if (entry?.version === version) {
      this.entries.delete(uri);
      this.entries.set(uri, entry);
      return entry.value;
    }
    const value = compute();
    this.entries.delete(uri);
    this.entries.set(uri, { version, value });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}
