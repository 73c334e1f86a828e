// The `--help` text of each command and the exit statuses it documents (the tests run every one).

export type CommandName = 'runs' | 'history' | 'stages' | 'scaffold';

export interface ExitStatus {
  status: number;
  meaning: string;
}

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
  scaffold: [
    { status: 0, meaning: 'written (or listed)' },
    { status: 1, meaning: 'files in the way (nothing written) or broken templates' },
    { status: 2, meaning: 'usage error or an invalid option value' },
  ],
};

const COMMAND_USAGE: Record<Exclude<CommandName, 'scaffold'>, string> = {
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
export function commandUsage(command: Exclude<CommandName, 'scaffold'>): string {
  return `Usage:\n${COMMAND_USAGE[command]}\n${exitStatusText(command)}\n\n${NOTES}`;
}

/** `mlops-lens --help` and usage errors: every command. */
export function fullUsage(): string {
  const commands = (['runs', 'history', 'stages'] as const).map(
    (command) => `${COMMAND_USAGE[command]}\n${exitStatusText(command)}`,
  );
  return `Usage:
${commands.join('\n')}
${SCAFFOLD_SUMMARY}
${exitStatusText('scaffold')}
  mlops-lens --help | COMMAND --help | --version
      Exit status: 0.

${NOTES}`;
}
