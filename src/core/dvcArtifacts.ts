// What a DVC workspace shows as its artifacts: the plots and artifacts its dvc.yaml files declare
// (stage `plots:` outputs, top-level `plots:` entries that are paths, `artifacts:` paths) and the
// plots folders of its DVCLive output (`dvclive/plots/**`: metric histories, images, sklearn plots).
// Commits and experiments keep these in Git or DVC's cache, not on disk: they list none.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dvcYamlTooLarge, parseDvcYaml } from './sources/dvc/dvcYaml';
import { diskTree, joinRelative } from './sources/dvclive/fileTree';
import { findDvcLiveFolders } from './sources/dvclive/layout';
import { workspaceFiles } from './sources/dvcExperiments/experiments';

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Repo-relative paths one dvc.yaml declares as plots or artifacts (files or folders). */
function declaredIn(root: string, dvcfile: string): string[] {
  const absolute = path.join(root, ...dvcfile.split('/'));
  const text = readText(absolute);
  if (text === undefined || dvcYamlTooLarge(text, absolute)) return [];
  const parsed = parseDvcYaml(text, { dvcfile: absolute, readFile: readText });
  const relative = (dir: string, p: string): string | null =>
    joinRelative(path.relative(root, path.resolve(dir, p)).split(path.sep).join('/'));
  const dir = path.dirname(absolute);
  const paths = [
    ...parsed.stages.flatMap((stage) =>
      stage.outs.filter((out) => out.kind === 'plots').map((out) => relative(stage.wdir, out.path)),
    ),
    ...parsed.plots.map((plot) => relative(dir, plot)),
    ...Object.values(parsed.artifacts).map((a) =>
      a !== null && typeof a === 'object' && typeof (a as { path?: unknown }).path === 'string'
        ? relative(dir, (a as { path: string }).path)
        : null,
    ),
  ];
  return paths.filter((p): p is string => p !== null && p !== '' && !p.startsWith('..'));
}

/**
 * The workspace's declared plot and artifact paths (repo-relative, "/"-separated, sorted, without
 * duplicates); whether each exists is for the caller to see.
 */
export async function dvcArtifactPaths(root: string): Promise<string[]> {
  const files =
    (await workspaceFiles(root, fs.existsSync(path.join(root, '.git')))) ?? (await diskTree(root).list(''));
  const declared = files
    .filter((f) => f === 'dvc.yaml' || f.endsWith('/dvc.yaml'))
    .flatMap((dvcfile) => declaredIn(root, dvcfile));
  const live = findDvcLiveFolders(files).map((folder) => (folder.dir ? `${folder.dir}/plots` : 'plots'));
  return [...new Set([...declared, ...live])].sort();
}
