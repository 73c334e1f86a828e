// Command-line parsing shared by the `mlops-lens` commands (kept apart so each command loads alone).

export class UsageError extends Error {}

export interface ParsedArgs {
  command: string;
  positional: string[];
  flags: Set<string>;
}

const KNOWN_FLAGS: Record<string, string[]> = {
  runs: ['--json', '--all', '--no-cache'],
  history: ['--json', '--no-cache'],
  stages: ['--json', '--no-cache'],
};

export function parseArgs(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (!command) throw new UsageError('missing command');
  const allowed = KNOWN_FLAGS[command];
  if (!allowed) throw new UsageError(`unknown command '${command}'`);
  const flags = new Set<string>();
  const positional: string[] = [];
  for (const arg of rest) {
    if (arg.startsWith('--')) {
      if (!allowed.includes(arg)) throw new UsageError(`unknown option '${arg}' for '${command}'`);
      flags.add(arg);
    } else positional.push(arg);
  }
  return { command, positional, flags };
}
