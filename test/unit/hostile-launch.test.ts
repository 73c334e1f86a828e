// Hostile stage names, Makefile targets, MLproject values and -S values against every way a launch
// is run or shown: the launch wrapper (no shell at all, whatever $SHELL is), the command line the
// terminal shows (pasted into bash, sh, dash, zsh or fish on this machine it must give the program
// exactly the same arguments), and PowerShell / cmd.exe / batch-file lines checked against models
// of their documented parsing rules (test/unit/helpers/windowsCommandLines.ts).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { spawnCommand, encodeSpec, SPEC_VARIABLE } from '../../src/core/launch/launchProcess';
import { expRunPlan, makePlan, mlflowRunPlan, reproPlan, type LaunchPlan } from '../../src/core/launch/plans';
import { runLaunch } from '../../src/core/launch/runLaunch';
import type { MakeTarget, MlprojectEntryPoint } from '../../src/core/pipeline/model';
import {
  commandLine,
  quoteArg,
  type ShellKind,
  shellKindOf,
  UnquotableError,
} from '../../src/core/launch/shellQuote';
import {
  cmdPassThrough,
  msvcrtSplit,
  powershellLegacyLine,
  powershellTokens,
} from './helpers/windowsCommandLines';

/** Each would run `touch PWNED` (or expand something) if a shell read it unquoted or misquoted. */
const HOSTILE = [
  "x\\'; touch PWNED; #", // issue 10: fish reads \' inside '…' as an escaped quote
  "x'; touch PWNED; #",
  '=touch', // zsh expands a leading = to a command's path
  '=ls',
  '~',
  '~root/x',
  '%self', // fish 2 process expansion
  '$(touch PWNED)',
  '`touch PWNED`',
  '${HOME}',
  '$HOME',
  '*',
  '?',
  '[ab]',
  '{a,b}',
  '#comment',
  'a b',
  'tab\there',
  'new\nline; touch PWNED',
  '',
  "'",
  "''",
  '"',
  '\\',
  '\\\\',
  "\\'",
  'ends with backslash\\',
  '!!',
  '!$',
  '; touch PWNED',
  '| touch PWNED',
  '&& touch PWNED',
  '> PWNED',
  '-c',
  '--',
  '--%',
  'a^b',
  '%PATH%',
  '!PATH!',
  '(x)',
  'a,b',
  '@args',
  'train.lr=0.05',
  "model.name='cnn v2'",
  'params.yaml:train.lr=1e-3',
  'ünïcødé 🙂',
  '\u2019quoted\u2018',
];

const work = mkdtempSync(join(tmpdir(), 'mlops-lens-hostile-launch-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A program that prints the arguments it received as JSON (for the pasted command lines). */
const ARGV_SCRIPT = join(work, 'argv.js');
writeFileSync(ARGV_SCRIPT, 'process.stdout.write(JSON.stringify(process.argv.slice(2)));\n');
/**
 * A stand-in for dvc, mlflow or make that writes its arguments to ARGV_OUT, NUL-separated: a
 * /bin/sh script, as quick to start as a real tool's launcher (execve hands it argv unchanged).
 */
const TOOL = join(work, 'tool');
writeFileSync(
  TOOL,
  `#!/bin/sh
for a in "$@"; do printf '%s\\0' "$a"; done > "$ARGV_OUT"
printf '%s %s' "\${${SPEC_VARIABLE}+set}" "\${ELECTRON_RUN_AS_NODE+set}" > "$ARGV_OUT.env"
`,
);
chmodSync(TOOL, 0o755);
const recorded = (file: string): string[] => readFileSync(file, 'utf8').split('\0').slice(0, -1);

/** The shells to paste into, with the options that change how they read words. */
const SHELLS: { name: string; file: string; args: string[] }[] = [
  { name: 'sh', file: '/bin/sh', args: ['-c'] },
  { name: 'bash', file: 'bash', args: ['--norc', '-c'] },
  { name: 'dash', file: 'dash', args: ['-c'] },
  { name: 'zsh', file: 'zsh', args: ['-f', '-c'] },
  {
    name: 'zsh (extendedglob, rcquotes, magicequalsubst)',
    file: 'zsh',
    args: ['-f', '-o', 'extendedglob', '-o', 'rcquotes', '-o', 'magicequalsubst', '-c'],
  },
  { name: 'fish', file: 'fish', args: ['--no-config', '-c'] },
];

function hasShell(file: string): boolean {
  return spawnSync(file, ['-c', 'exit 0']).status === 0;
}

const LINE_SAFE = HOSTILE;

describe('the command line shown for a launch, pasted into each shell on this machine', () => {
  for (const shell of SHELLS) {
    const kind = shellKindOf(shell.file, 'linux');
    const skip = hasShell(shell.file)
      ? false
      : `${shell.file} is not installed (scripts/system-packages.sh installs it for CI)`;
    test(`${shell.name}: the program receives every hostile argument unchanged`, { skip }, () => {
      const cwd = mkdtempSync(join(work, `${shell.name.split(' ')[0]}-`));
      const line = commandLine(process.execPath, [ARGV_SCRIPT, ...LINE_SAFE], kind);
      const out = execFileSync(shell.file, [...shell.args, line], { cwd, encoding: 'utf8' });
      assert.deepEqual(JSON.parse(out), LINE_SAFE);
      assert.deepEqual(readdirSync(cwd), [], 'nothing was created (no PWNED)');
    });
  }

  test(
    'fish runs the touch of a POSIX-quoted stage name (why fish has its own kind); a leading = is quoted',
    {
      skip: hasShell('fish')
        ? false
        : 'fish is not installed (scripts/system-packages.sh installs it for CI)',
    },
    () => {
      const cwd = mkdtempSync(join(work, 'posix-in-fish-'));
      const stage = "x\\'; touch PWNED; #";
      const fishLine = commandLine(process.execPath, [ARGV_SCRIPT, stage], 'posix');
      spawnSync('fish', ['--no-config', '-c', fishLine], { cwd });
      assert.ok(existsSync(join(cwd, 'PWNED')), 'POSIX quoting lets fish run the touch');
      const zshLine = commandLine(process.execPath, [ARGV_SCRIPT, '=ls'], 'posix');
      assert.equal(zshLine.endsWith(' =ls'), false, 'a leading = is quoted even for POSIX shells');
    },
  );

  test('a NUL cannot be quoted for any shell; cmd.exe cannot carry a line break', () => {
    for (const kind of ['posix', 'zsh', 'fish', 'powershell', 'cmd'] as ShellKind[]) {
      assert.throws(() => quoteArg('a\0b', kind), UnquotableError);
    }
    assert.throws(() => quoteArg('a\nb', 'cmd'), UnquotableError);
  });
});

function makeTarget(name: string): MakeTarget {
  return { kind: 'make', name, file: join(work, 'Makefile'), command: `make ${name}`, line: 1 };
}

/** Plans naming hostile stages, targets and values, each run by the given tool. */
function hostilePlans(tool: string): LaunchPlan[] {
  const dvcfile = join(work, 'dvc.yaml');
  const plans: LaunchPlan[] = [];
  for (const name of HOSTILE.filter((h) => h !== '')) {
    plans.push(reproPlan({ dvcfile, name }, tool, false));
    plans.push(makePlan(makeTarget(name), tool));
  }
  plans.push(
    expRunPlan(
      dvcfile,
      'train',
      HOSTILE.map((h) => `train.lr=${h}`),
      tool,
    ),
  );
  const entry: MlprojectEntryPoint = {
    kind: 'mlproject',
    name: 'main',
    file: join(work, 'MLproject'),
    command: 'python train.py',
    parameters: [],
    line: 1,
  };
  plans.push(mlflowRunPlan(entry, Object.fromEntries(HOSTILE.map((h, i) => [`p${i}`, h])), tool, 'local'));
  return plans;
}

/** Runs `commands` in `cwd` as the wrapper does, with `shell` as $SHELL. */
function run(commands: LaunchPlan['commands'], cwd: string, shell: string, env: NodeJS.ProcessEnv = {}) {
  return runLaunch(
    { id: 'x', cwd, commands, heading: '', resultFile: '', unset: [] },
    {
      write: () => undefined,
      stderr: () => undefined,
      stdio: ['ignore', 'ignore'],
      env: { ...process.env, ...env },
      host: { platform: 'linux', shell },
    },
  );
}

describe('launches run without a shell, whatever $SHELL is', () => {
  const SHELL_FILES = ['/bin/sh', 'bash', 'dash', 'zsh', 'fish'];
  const shells = SHELL_FILES.filter(hasShell);

  test("every hostile plan's tool receives exactly its planned arguments (SHELL=fish)", async () => {
    for (const plan of hostilePlans(TOOL)) {
      const cwd = mkdtempSync(join(work, 'run-'));
      const argvFile = join(work, 'argv.out');
      const result = await run(plan.commands, cwd, shells.at(-1)!, { ARGV_OUT: argvFile });
      assert.equal(result.exitCode, 0, result.stderr);
      const planned = plan.commands[0];
      assert.ok('args' in planned);
      assert.deepEqual(recorded(argvFile), planned.args);
      assert.deepEqual(readdirSync(cwd), [], 'nothing was created (no PWNED)');
    }
  });

  for (const shell of SHELL_FILES) {
    const skip = hasShell(shell)
      ? false
      : `${shell} is not installed (scripts/system-packages.sh installs it for CI)`;
    test(
      `SHELL=${shell}: tool arguments unchanged; a stage's own cmd runs in that shell, as DVC runs it`,
      { skip },
      async () => {
        const cwd = mkdtempSync(join(work, 'cmd-'));
        const argvFile = join(work, 'argv.out');
        const args = ["x\\'; touch PWNED; #", '=ls', '%self', '$(touch PWNED)'];
        const result = await run([{ program: TOOL, args }, { shellText: 'echo ran > ran.txt' }], cwd, shell, {
          ARGV_OUT: argvFile,
        });
        assert.equal(result.exitCode, 0, result.stderr);
        assert.deepEqual(recorded(argvFile), args);
        assert.deepEqual(readdirSync(cwd), ['ran.txt']);
      },
    );
  }

  test('the launch wrapper itself: arguments, no wrapper variables left, result file', () => {
    const resultFile = join(work, 'result.json');
    const argvFile = join(work, 'wrapper-argv.json');
    const plan = makePlan(makeTarget("x\\'; touch PWNED; #"), TOOL);
    const spec = encodeSpec({
      id: 'w',
      cwd: work,
      commands: plan.commands,
      heading: 'make x',
      resultFile,
      unset: [SPEC_VARIABLE, 'ELECTRON_RUN_AS_NODE'],
    });
    const env = {
      ...process.env,
      [SPEC_VARIABLE]: spec,
      ELECTRON_RUN_AS_NODE: '1',
      ARGV_OUT: argvFile,
      SHELL: '/usr/bin/fish',
    };
    const wrapper = join(__dirname, '..', '..', 'src', 'extension', 'launchWrapper.ts');
    const run = spawnSync(process.execPath, ['--import', 'tsx', wrapper, 'w'], { env, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(recorded(argvFile), ["x\\'; touch PWNED; #"]);
    assert.deepEqual(JSON.parse(readFileSync(resultFile, 'utf8')), { exitCode: 0, stderr: '' });
    assert.equal(readFileSync(`${argvFile}.env`, 'utf8'), ' ', 'the wrapper removed its own variables');
    assert.match(run.stdout, /^> make x\r?\n/);
  });

  test('a NUL in an argument is refused before anything starts', () => {
    const plan = spawnCommand({ program: TOOL, args: ['a\0b'] }, { platform: 'linux', shell: undefined });
    assert.deepEqual(plan, { ok: false, problem: 'an argument holds a NUL character' });
  });
});

/** Characters PowerShell reads specially in an argument-mode bare word (about_Parsing). */
const POWERSHELL_SPECIAL = /[$@(){}'"`,;|&<>#\s\u2018-\u201b]/;
const LEGACY_PREFIX = "& { $PSNativeCommandArgumentPassing = 'Legacy'; ";

/** The program and argument values a PowerShell line gives, and whether it forces 'Legacy' passing. */
function readPowershellLine(line: string): { forced: boolean; values: string[] } {
  const forced = line.startsWith(LEGACY_PREFIX);
  const body = forced ? line.slice(LEGACY_PREFIX.length, line.lastIndexOf(' }')) : line;
  const tokens = powershellTokens(body);
  if (!tokens[0].quoted && tokens[0].value === '&') tokens.shift();
  for (const token of tokens.filter((t) => !t.quoted)) {
    assert.doesNotMatch(token.value, POWERSHELL_SPECIAL, `bare word ${token.value}`);
    if (token.value.startsWith('-')) assert.match(token.value, /^-[A-Za-z0-9-]+$/);
  }
  return { forced, values: tokens.map((t) => t.value) };
}

describe('Windows shells, checked against models of their documented parsing rules', () => {
  const DVC = 'C:\\Program Files\\venv\\Scripts\\dvc.exe';
  const cases = HOSTILE.map((arg) => [arg]).concat([HOSTILE]);

  test('PowerShell 7.3+ (Standard), 7.0-7.2 and 5.1 (Legacy): every argument arrives unchanged', () => {
    for (const args of cases) {
      const { forced, values } = readPowershellLine(commandLine(DVC, args, 'powershell'));
      assert.equal(values[0], DVC);
      // Standard passing hands each value over as it is; the forced Legacy line never runs that way.
      if (!forced) assert.deepEqual(values.slice(1), args, 'Standard');
      for (const version of ['5.1', '7'] as const) {
        const line = powershellLegacyLine(values.slice(1), version);
        assert.deepEqual(msvcrtSplit(line), args, `Legacy ${version}: ${line}`);
      }
    }
  });

  test('cmd.exe: no metacharacter or %variable% left active; the program splits the arguments back', () => {
    for (const args of cases.filter((c) => !c.some((a) => /[\r\n]/.test(a)))) {
      const line = commandLine(DVC, args, 'cmd');
      const read = cmdPassThrough(line);
      assert.ok('line' in read, `${line}: ${'problem' in read ? read.problem : ''}`);
      assert.deepEqual(msvcrtSplit(read.line), [DVC, ...args], line);
    }
  });

  test('batch-file tools ("BatBadBut"): refused when cmd.exe would re-read an argument, else quoted for it', () => {
    const shim = 'C:\\venv\\Scripts\\dvc.cmd';
    const host = { platform: 'win32' as const, shell: 'C:\\Windows\\system32\\cmd.exe' };
    for (const arg of HOSTILE) {
      const plan = spawnCommand({ program: shim, args: ['exp', arg] }, host);
      if (/["%!^\r\n]/.test(arg)) {
        assert.equal(plan.ok, false, `refused: ${arg}`);
        if (!plan.ok) assert.match(plan.problem, /dvc\.cmd is a batch file/);
        continue;
      }
      assert.ok(plan.ok, arg);
      assert.equal(plan.command.file, host.shell);
      assert.deepEqual(plan.command.args.slice(0, 3), ['/d', '/s', '/c']);
      assert.equal(plan.command.verbatim, true);
      // cmd /s /c "…" drops the outer quotes, reads the line, and the shim's %* is read once more.
      const inner = plan.command.args[3].slice(1, -1);
      const first = cmdPassThrough(inner);
      assert.ok('line' in first, inner);
      const rest = first.line.slice(`"${shim}" `.length);
      const second = cmdPassThrough(rest);
      assert.ok('line' in second, rest);
      assert.deepEqual(msvcrtSplit(second.line), ['exp', arg]);
    }
    const exe = spawnCommand({ program: 'C:\\venv\\Scripts\\dvc.exe', args: ['a"b'] }, host);
    assert.deepEqual(exe, {
      ok: true,
      command: { file: 'C:\\venv\\Scripts\\dvc.exe', args: ['a"b'], verbatim: false },
    });
    assert.equal(spawnCommand({ program: 'C:\\tools\\MAKE.BAT', args: ['100%'] }, host).ok, false);
  });
});
