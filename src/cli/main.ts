#!/usr/bin/env node
// `mlops-lens`: parses the command line and loads only the command asked for (start-up time is
// most of a warm `runs` call, and the scaffold engine, DVC readers and SQLite are large).
import { version } from '../../package.json';
import { parseArgs, UsageError } from './args';

const USAGE = `Usage:
  mlops-lens runs [PATH ...] [--json] [--all] [--no-cache]
      Every run found under the paths (default: the current folder), searching subfolders.
      --json      a JSON array, one object per run
      --all       include deleted runs and runs of deleted experiments
      --no-cache  ignore and do not write the persistent index cache
  mlops-lens history RUN_ID METRIC [PATH ...] [--json]
      Every logged value of one metric of one run, in logged order.
  mlops-lens stages [PATH ...] [--json] [--no-cache]
      Every DVC stage (with its status, computed like dvc status), MLproject entry point and
      Makefile target under the paths, then the .dvc data files (dvc add/import) with their
      status. A status is "unknown" where a path cannot be examined (symlink loop, permission
      denied, FIFO): each such path is reported on stderr. --no-cache: hash files afresh, keep
      no hash cache.
  mlops-lens scaffold --layout ID --name NAME --dest FOLDER [--option KEY=VALUE ...] | --list
      A new project from a layout (mlops-lens scaffold --help for details).
  mlops-lens --help | --version

The index cache lives in $MLOPS_LENS_INDEX_CACHE (default ~/.cache/mlops-lens/index).
Exit status: 0 (also when some files were unreadable: each is reported on stderr), 2 on usage errors.`;

export async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'scaffold') {
    const { scaffoldMain } = await import('./scaffold.js');
    process.exitCode = await scaffoldMain(argv.slice(1));
    return;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (argv[0] === '--version') {
    process.stdout.write(`${version}\n`);
    return;
  }
  try {
    const args = parseArgs(argv);
    if (args.command === 'stages') {
      const { stagesCommand } = await import('./stages.js');
      await stagesCommand(args.positional, {
        json: args.flags.has('--json'),
        useCache: !args.flags.has('--no-cache'),
      });
    } else {
      const { runsCommand, historyCommand } = await import('./runs.js');
      await (args.command === 'runs' ? runsCommand(args) : historyCommand(args));
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`mlops-lens: ${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

void main(process.argv.slice(2));
