// DVC repositories and DVCLive folders met while discovery walks the workspace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside } from './paths';

const DVCLIVE_PLOT_KINDS = ['metrics', 'sklearn', 'images', 'custom'];

/** What the walk noticed; turned into stores by `dvcStoresFrom` once the walk is over. */
export class DvcFindings {
  private readonly repoCandidates = new Set<string>();
  private readonly dvcYamlDirs: string[] = [];
  private readonly liveFolders = new Set<string>();

  /**
   * Looks at one folder's entries. Returns the child folders the walk should not enter (DVCLive
   * output: TSVs and plots, never stores).
   */
  notice(dir: string, entries: readonly fs.Dirent[]): Set<string> {
    const skip = new Set<string>();
    const names = new Map(entries.map((e) => [e.name, e]));
    if (names.get('.dvc')?.isDirectory()) this.repoCandidates.add(dir);
    if (names.get('dvc.yaml')?.isFile()) this.dvcYamlDirs.push(dir);
    if (isDvcLiveFolder(dir, names)) {
      this.liveFolders.add(dir);
      skip.add('plots');
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || !names.get(`${entry.name}.json`)?.isFile()) continue;
      const child = path.join(dir, entry.name);
      if (holdsTsv(child)) {
        this.liveFolders.add(child);
        skip.add(entry.name);
      }
    }
    return skip;
  }

  /**
   * DVC repos (a `.dvc` folder with a dvc.yaml at or below it, outside sub-repos) and DVCLive folders
   * grouped by parent.
   */
  stores(): { dvcRepos: { root: string; files: string[] }[]; dvcLiveGroups: Map<string, string[]> } {
    // A dvc.yaml belongs to the nearest repo above it: sub-repos (their own .dvc) are separate repos.
    const candidates = [...this.repoCandidates];
    const owner = (dir: string): string | undefined =>
      candidates.filter((root) => isInside(dir, root)).sort((a, b) => b.length - a.length)[0];
    const dvcRepos = candidates
      .filter((root) => this.dvcYamlDirs.some((d) => owner(d) === root))
      .sort()
      .map((root) => ({ root, files: this.filesOf(root, candidates) }));
    const dvcLiveGroups = new Map<string, string[]>();
    for (const folder of [...this.liveFolders].sort()) {
      const parent = path.dirname(folder);
      dvcLiveGroups.set(parent, [...(dvcLiveGroups.get(parent) ?? []), folder]);
    }
    return { dvcRepos, dvcLiveGroups };
  }

  /** A repo's dvc.yaml files and its sub-repos' `.dvc/config`, repo-relative, as collectRevision takes them. */
  private filesOf(root: string, candidates: readonly string[]): string[] {
    const relative = (dir: string, name: string): string =>
      [...path.relative(root, dir).split(path.sep).filter(Boolean), name].join('/');
    const dvcfiles = this.dvcYamlDirs.filter((d) => isInside(d, root)).map((d) => relative(d, 'dvc.yaml'));
    const subrepos = candidates
      .filter((c) => c !== root && isInside(c, root))
      .map((c) => relative(c, '.dvc/config'));
    return [...dvcfiles, ...subrepos].sort();
  }
}

/** 1.x and later: `metrics.json` beside `plots/<metrics|sklearn|images|custom>`, or any `dvclive/`. */
function isDvcLiveFolder(dir: string, names: ReadonlyMap<string, fs.Dirent>): boolean {
  const plots = names.get('plots');
  const hasSummary = names.get('metrics.json')?.isFile() ?? false;
  if (path.basename(dir) === 'dvclive' && (hasSummary || plots?.isDirectory())) return true;
  if (!hasSummary || !plots?.isDirectory()) return false;
  return DVCLIVE_PLOT_KINDS.some((kind) => fs.existsSync(path.join(dir, 'plots', kind)));
}

/** 0.x: `<dir>/*.tsv` or `<dir>/scalars/*.tsv` next to `<dir>.json`. */
function holdsTsv(dir: string): boolean {
  for (const folder of [dir, path.join(dir, 'scalars')]) {
    try {
      if (fs.readdirSync(folder).some((name) => name.endsWith('.tsv'))) return true;
    } catch {
      // not there
    }
  }
  return false;
}
