#!/usr/bin/env node
// `mlops-lens`: parses the command line and loads only the command asked for (start-up time is
// most of a warm `runs` call, and the scaffold engine, DVC readers and SQLite are large).
import { version } from '../../package.json';
import { parseArgs, UsageError } from './args';
import { commandUsage, fullUsage, type UsageCommand } from './help';
import { guardTerminalOutput } from './output';

const COMMANDS_WITH_USAGE = new Set([
  'runs',
  'history',
  'stages',
  'diff',
  'data-status',
  'params-diff',
  'metrics-diff',
  'table-diff',
  'models',
  'model-diff',
]);

/** The usage of the command named first, or of every command. */
function usageFor(argv: readonly string[]): string {
  const command = argv[0];
  return command && COMMANDS_WITH_USAGE.has(command) ? commandUsage(command as UsageCommand) : fullUsage();
}

export async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'scaffold') {
    const { scaffoldMain } = await import('./scaffold.js');
    process.exitCode = await scaffoldMain(argv.slice(1));
    return;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usageFor(argv)}\n`);
    return;
  }
  if (argv[0] === '--version') {
    process.stdout.write(`${version}\n`);
    return;
  }
  try {
    if (argv[0] === 'diff' || argv[0] === 'data-status') {
      const { diffCommand, dataStatusCommand } = await import('./data.js');
      process.exitCode = await (argv[0] === 'diff' ? diffCommand : dataStatusCommand)(argv.slice(1));
      return;
    }
    if (argv[0] === 'table-diff') {
      const { tableDiffCommand } = await import('./tableDiff.js');
      process.exitCode = await tableDiffCommand(argv.slice(1));
      return;
    }
    if (argv[0] === 'models' || argv[0] === 'model-diff') {
      const { modelsCommand, modelDiffCommand } = await import('./models.js');
      process.exitCode = await (argv[0] === 'models' ? modelsCommand : modelDiffCommand)(argv.slice(1));
      return;
    }
    if (argv[0] === 'params-diff' || argv[0] === 'metrics-diff') {
      const { paramsDiffCommand, metricsDiffCommand } = await import('./paramsDiff.js');
      const command = argv[0] === 'params-diff' ? paramsDiffCommand : metricsDiffCommand;
      process.exitCode = await command(argv.slice(1));
      return;
    }
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
      process.stderr.write(`mlops-lens: ${error.message}\n\n${usageFor(argv)}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

guardTerminalOutput();
void main(process.argv.slice(2));
