// Besides dvc.yaml, DVC's index reads every dvc.lock and `.dvc` file and the params.yaml beside each
// dvc.yaml (the resolver's default vars). When one of them does not parse or breaks its schema
// (dvc/schema.py LOCKFILE_SCHEMA, SINGLE_STAGE_SCHEMA; a dvc.lock left with merge-conflict markers,
// a DVC 1 lock without `schema: '2.0'`), `dvc exp show` has no params or metrics for the revision.
import { parse as parseYaml } from 'yaml';
import { isMapping, isPythonFalsy, loadValuesFile } from '../dvc/values/paramsFile';
import { refusedTab } from '../dvc/values/yamlTabs';
import {
  anyOf,
  anything,
  bool,
  dict,
  equal,
  int,
  list,
  listOf,
  mapOf,
  none,
  shape,
  str,
  type Rule,
} from './schemaRules';

const CHECKSUMS = {
  md5: anyOf(none, str, int),
  etag: anyOf(none, str, int),
  checksum: anyOf(none, str, int),
};
const META = { size: int, nfiles: int, isexec: bool, version_id: str };
const DIR_FILE = shape({ ...CHECKSUMS, ...META, relpath: str, cloud: dict }, ['relpath']);
const ARTIFACT = { ...CHECKSUMS, ...META, path: str, persist: bool, cloud: dict, hash: str };
const ANNOTATION = { desc: str, type: str, labels: listOf(str), meta: anything };

/** dvc.lock's entries of deps and outs (DATA_SCHEMA). */
const LOCKED_DATA = shape({ ...ARTIFACT, files: listOf(DIR_FILE), dataset: dict }, ['path']);
const LOCKFILE = shape(
  {
    schema: equal('2.0'),
    datasets: anything,
    stages: mapOf(
      shape(
        {
          cmd: anyOf(str, list),
          deps: listOf(LOCKED_DATA),
          params: mapOf(mapOf(anything)),
          outs: listOf(LOCKED_DATA),
        },
        ['cmd'],
      ),
    ),
  },
  ['schema'],
);

const DVCFILE_DEP = shape({ ...ARTIFACT, repo: dict, db: dict, files: listOf(DIR_FILE), fs_config: dict });
const DVCFILE_OUT = shape({
  ...ARTIFACT,
  ...ANNOTATION,
  cache: bool,
  remote: str,
  push: bool,
  files: listOf(DIR_FILE),
  fs_config: dict,
});
const SINGLE_STAGE = shape({
  md5: anyOf(none, str, int),
  wdir: anyOf(str, none),
  deps: anyOf(listOf(DVCFILE_DEP), none),
  outs: anyOf(listOf(DVCFILE_OUT), none),
  locked: bool,
  frozen: bool,
  meta: anything,
  always_changed: bool,
  desc: str,
});

const verdicts = new Map<string, string | null>();

/** Why DVC cannot load this dvc.lock (`lock`) or `.dvc` file (`stage`); null when it can. */
export function stageFileViolation(kind: 'lock' | 'stage', file: string, text: string): string | null {
  const key = `${kind}\u0000${text}`;
  const known = verdicts.get(key);
  if (known !== undefined) return known === null ? null : `'${file}' ${known}`;
  const verdict = firstViolation(kind === 'lock' ? LOCKFILE : SINGLE_STAGE, text);
  if (verdicts.size >= 500) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict === null ? null : `'${file}' ${verdict}`;
}

function firstViolation(rule: Rule, text: string): string | null {
  const tab = refusedTab(text);
  if (tab) return `is not valid YAML: a tab at line ${tab.line}, column ${tab.column}`;
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: false });
  } catch (error) {
    return `is not valid YAML: ${(error as Error).message.split('\n')[0]}`;
  }
  const verdict = rule(isPythonFalsy(data) ? {} : data, '');
  return verdict === null ? null : `validation failed: ${verdict}`;
}

/** The resolver loads a dvc.yaml's neighbouring params.yaml as vars: it must parse to a mapping. */
export function defaultParamsViolation(file: string, text: string): string | null {
  const loaded = loadValuesFile(text, file);
  if ('error' in loaded) return `unable to read '${file}': ${loaded.error}`;
  if (!isMapping(loaded.data)) return `expected a dictionary in file '${file}'`;
  return null;
}
