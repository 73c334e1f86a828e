// The `--help` text of each command and the exit statuses it documents (the tests run every one).

export type CommandName =
  | 'runs'
  | 'history'
  | 'stages'
  | 'diff'
  | 'data-status'
  | 'params-diff'
  | 'metrics-diff'
  | 'table-diff'
  | 'models'
  | 'model-diff'
  | 'scaffold';

/** The commands whose usage `COMMAND --help` prints from this file (scaffold has its own). */
export type UsageCommand = Exclude<CommandName, 'scaffold'>;

export interface ExitStatus {
  status: number;
  meaning: string;
}

const VALUES_DIFF_STATUSES: readonly ExitStatus[] = [
  {
    status: 0,
    meaning:
      'compared (also when a file cannot be read: path and reason on stderr, compared as empty, as in DVC)',
  },
  { status: 1, meaning: 'an unknown revision, or not inside a DVC project; nothing printed' },
  { status: 2, meaning: 'usage error' },
];

/** Every status each command returns on purpose; a reader closing stdout early still gives 0. */
export const EXIT_STATUSES: Record<CommandName, readonly ExitStatus[]> = {
  runs: [
    { status: 0, meaning: 'listed (also when no run was found or some files were unreadable)' },
    { status: 2, meaning: 'usage error' },
  ],
  history: [
    { status: 0, meaning: 'printed (nothing when the run never logged the metric)' },
    { status: 1, meaning: 'no run with that id under the paths' },
    { status: 2, meaning: 'usage error' },
  ],
  stages: [
    { status: 0, meaning: 'listed (also when some files were unreadable)' },
    { status: 2, meaning: 'usage error' },
  ],
  diff: [
    { status: 0, meaning: 'compared (also when nothing differs)' },
    {
      status: 1,
      meaning:
        'a version cannot be read (unknown revision, unreadable .dvc/dvc.lock, corrupt .dir manifest, unknown target); nothing printed',
    },
    { status: 2, meaning: 'usage error' },
  ],
  'data-status': [
    { status: 0, meaning: 'printed' },
    {
      status: 1,
      meaning:
        'the project cannot be read (unreadable .dvc/dvc.lock, corrupt .dir manifest); nothing printed',
    },
    { status: 2, meaning: 'usage error' },
  ],
  'params-diff': VALUES_DIFF_STATUSES,
  'metrics-diff': VALUES_DIFF_STATUSES,
  'table-diff': [
    { status: 0, meaning: 'compared' },
    {
      status: 1,
      meaning:
        'a version cannot be read (unknown revision, not tracked there, missing cache object, not a readable table, too large a JSON list) or not inside a DVC project; nothing printed',
    },
    { status: 2, meaning: 'usage error' },
  ],
  models: [
    {
      status: 0,
      meaning: 'listed (also when none was found or some files were unreadable: path and reason on stderr)',
    },
    { status: 2, meaning: 'usage error' },
  ],
  'model-diff': [
    { status: 0, meaning: 'compared' },
    {
      status: 1,
      meaning: 'a model cannot be found (unknown name, version or alias; no MLmodel in the folder)',
    },
    { status: 2, meaning: 'usage error' },
  ],
  scaffold: [
    { status: 0, meaning: 'written (or listed)' },
    { status: 1, meaning: 'files in the way (nothing written) or broken templates' },
    { status: 2, meaning: 'usage error or an invalid option value' },
  ],
};

const COMMAND_USAGE: Record<UsageCommand, string> = {
  runs: `  mlops-lens runs [PATH ...] [--json] [--all] [--no-cache]
      Every run found under the paths (default: the current folder), searching subfolders.
      --json      a JSON array, one object per run
      --all       include deleted runs and runs of deleted experiments
      --no-cache  ignore and do not write the persistent index cache`,
  history: `  mlops-lens history RUN_ID METRIC [PATH ...] [--json]
      Every logged value of one metric of one run, in logged order.`,
  stages: `  mlops-lens stages [PATH ...] [--json] [--no-cache]
      Every DVC stage (with its status, computed like dvc status), MLproject entry point and
      Makefile target under the paths, then the .dvc data files (dvc add/import) with their
      status. A status is "unknown" where a path cannot be examined (symlink loop, permission
      denied, FIFO): each such path is reported on stderr. --no-cache: hash files afresh, keep
      no hash cache.`,
  diff: `  mlops-lens diff [A_REV] [B_REV] [--targets PATH ...] [--json] [--show-hash] [--hide-missing]
                  [--cd DIR] [--no-cache]
      What DVC tracks that changed from A_REV (default HEAD) to B_REV (default: the workspace),
      as dvc diff reports it: added, deleted, modified, renamed, and (workspace only) not in cache.
      Revisions are commits, branches, tags or DVC experiment names. --json prints the JSON of
      dvc diff --json for the same arguments; --show-hash adds hashes; --hide-missing drops
      "not in cache". Runs in the DVC project around the current folder (or --cd DIR); nothing is
      written there.`,
  'data-status': `  mlops-lens data-status [PATH ...] [--json] [--granular] [--unchanged] [--cd DIR] [--no-cache]
      dvc data status: changes between HEAD and the .dvc/dvc.lock hashes (committed), between
      those and the workspace (uncommitted), recorded objects missing from the cache, and with
      --unchanged what did not change; --granular lists the files of tracked folders. --json prints
      the JSON of dvc data status --json with the same flags (lists sorted; DVC's order varies).`,
  'params-diff': `  mlops-lens params-diff [A_REV] [B_REV] [--all] [--json] [--cd DIR]
      dvc params diff: the params (every file a dvc.yaml stage lists under params, and params.yaml)
      that changed from A_REV (default HEAD) to B_REV (default: the workspace), on dotted keys,
      with old, new and, for numbers, diff. Revisions are commits, branches, tags or DVC
      experiment names. --all: unchanged params too. --json prints the JSON of dvc params diff
      --json (files and keys sorted; DVC's order varies). Runs in the DVC project around the
      current folder (or --cd DIR); nothing is written there.`,
  'metrics-diff': `  mlops-lens metrics-diff [A_REV] [B_REV] [--all] [--json] [--cd DIR]
      dvc metrics diff: the metrics (the metrics of dvc.yaml stages and its top-level metrics)
      that changed from A_REV (default HEAD) to B_REV (default: the workspace), like params-diff.`,
  'table-diff': `  mlops-lens table-diff PATH [--a REV] [--b REV] [--key COL | --by-position] [--rows N] [--json]
                        [--cd DIR]
      Two versions of a table (CSV/TSV, JSON/JSONL, Parquet) from --a REV (default HEAD) to
      --b REV (default: workspace): rows and columns, schema changes, rows added, removed and
      changed (aligned by --key, else by a column unique in both, else by position), each
      column's profile and drift (KS, PSI, Wasserstein; chi-squared, Jensen-Shannon), and the
      first N changed rows (default 20). REV is a commit, branch, tag, DVC experiment name or
      "workspace"; a version is read from the DVC cache (the hash recorded at REV) or from Git.
      Files above 512 MB are sampled (their first 512 MB) and marked approximate. --json prints
      {"summary": …, "changedRows": …}. Nothing is written.`,
  models: `  mlops-lens models [PATH ...] [--json] [--no-runs] [--no-cache]
      Every model under the paths (default: the current folder): MLflow registered models with
      their versions (aliases, stage, status, source run, source, storage location, tags, times),
      MLflow 3 logged models (params, metrics, tags, MLmodel), model folders (an MLmodel file)
      among run artifacts, and DVC artifacts (dvc.yaml artifacts:) with the versions and stages of
      their GTO Git tags. A version whose source run is gone says so. --no-runs: do not read runs
      (no artifact models). Nothing is written but the index cache (--no-cache: not even that).`,
  'model-diff': `  mlops-lens model-diff A B [PATH ...] [--json] [--no-cache]
      What changed from model A to model B (models:/NAME/VERSION, models:/NAME@ALIAS or a folder
      with an MLmodel file): signature changes (breaking ones flagged: an input removed, a new
      required input, a type changed or narrowed, a shape changed), flavors and their library
      versions, size and files, and the source runs' params and metrics that differ.`,
};

const SCAFFOLD_SUMMARY = `  mlops-lens scaffold --layout ID --name NAME --dest FOLDER [--option KEY=VALUE ...] | --list
      A new project from a layout (mlops-lens scaffold --help for details).`;

/** "Exit status: 0 …, 1 …", wrapped and indented under a command. */
export function exitStatusText(command: CommandName, indent = '      '): string {
  const items = EXIT_STATUSES[command].map(({ status, meaning }) => `${status} ${meaning}`);
  const lines: string[] = [];
  let line = `${indent}Exit status:`;
  items.forEach((item, i) => {
    const piece = ` ${item}${i < items.length - 1 ? ';' : '.'}`;
    if (line.length + piece.length > 100) {
      lines.push(line);
      line = `${indent}  ${piece.trimStart()}`;
    } else line += piece;
  });
  return [...lines, line].join('\n');
}

const NOTES = `Text output shows control characters from files as \\uXXXX escapes.
The index cache lives in $MLOPS_LENS_INDEX_CACHE (default ~/.cache/mlops-lens/index).
Every command also exits with 0 when the reader of its output stops early (e.g. | head).`;

/** `mlops-lens COMMAND --help`. */
export function commandUsage(command: UsageCommand): string {
  return `Usage:\n${COMMAND_USAGE[command]}\n${exitStatusText(command)}\n\n${NOTES}`;
}

/** `mlops-lens --help` and usage errors: every command. */
export function fullUsage(): string {
  const commands = (
    [
      'runs',
      'history',
      'stages',
      'diff',
      'data-status',
      'params-diff',
      'metrics-diff',
      'models',
      'model-diff',
      'table-diff',
    ] as const
  ).map((command) => `${COMMAND_USAGE[command]}\n${exitStatusText(command)}`);
  return `Usage:
${commands.join('\n')}
${SCAFFOLD_SUMMARY}
${exitStatusText('scaffold')}
  mlops-lens --help | COMMAND --help | --version
      Exit status: 0.

${NOTES}`;
}
