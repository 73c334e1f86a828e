import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import test from 'node:test';
import {
  chainCommands,
  commandLine,
  quoteArg,
  quoteProgram,
  shellKindOf,
} from '../../src/core/launch/shellQuote';

const AWKWARD = [
  'plain',
  'with space',
  "it's",
  'a"b',
  '$HOME',
  '`id`',
  '$(id)',
  'semi;colon',
  'amp&and',
  'pipe|line',
  'glob*?[x]',
  '~tilde',
  'back\\slash',
  'new\nline',
  '',
  'train.lr=0.1',
  "params.yaml:model.name='cnn v2'",
  '-P',
  'ünïcødé',
  '#hash',
  '!bang',
];

/** Runs the line through a real POSIX shell and returns the argv the program saw. */
function argvThrough(shell: string, args: readonly string[]): string[] {
  const line = commandLine('printf', ['%s\\0', ...args], 'posix');
  const out = execFileSync(shell, ['-c', line], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

for (const shell of ['/bin/sh', '/bin/bash']) {
  test(`POSIX quoting survives ${shell} unchanged for awkward arguments`, () => {
    assert.deepEqual(argvThrough(shell, AWKWARD), AWKWARD);
  });
}

test('POSIX: plain words stay bare, others are single-quoted', () => {
  assert.equal(quoteArg('train', 'posix'), 'train');
  assert.equal(quoteArg('lr=0.1', 'posix'), 'lr=0.1');
  assert.equal(quoteArg('a b', 'posix'), "'a b'");
  assert.equal(quoteArg("it's", 'posix'), "'it'\\''s'");
  assert.equal(quoteArg('', 'posix'), "''");
  assert.equal(
    commandLine('/opt/my env/bin/dvc', ['repro', '-s', 'train'], 'posix'),
    "'/opt/my env/bin/dvc' repro -s train",
  );
});

test('PowerShell: single quotes doubled, commas and $ quoted, call operator before a quoted program', () => {
  assert.equal(quoteArg('train', 'powershell'), 'train');
  assert.equal(quoteArg('a,b', 'powershell'), "'a,b'");
  assert.equal(quoteArg('$env:PATH', 'powershell'), "'$env:PATH'");
  assert.equal(quoteArg("it's", 'powershell'), "'it''s'");
  assert.equal(quoteArg('it\u2019s', 'powershell'), "'it\u2019\u2019s'");
  assert.equal(quoteArg('C:\\data\\raw.csv', 'powershell'), 'C:\\data\\raw.csv');
  assert.equal(quoteProgram('C:\\venv\\Scripts\\dvc.exe', 'powershell'), 'C:\\venv\\Scripts\\dvc.exe');
  assert.equal(
    commandLine('C:\\Program Files\\Py\\Scripts\\dvc.exe', ['repro', 'train@a b'], 'powershell'),
    "& 'C:\\Program Files\\Py\\Scripts\\dvc.exe' repro 'train@a b'",
  );
});

test('cmd.exe: C-runtime quoting with every metacharacter caret-escaped; program in plain quotes', () => {
  assert.equal(quoteArg('train', 'cmd'), 'train');
  assert.equal(quoteArg('a b', 'cmd'), '^"a b^"');
  assert.equal(quoteArg('a&b', 'cmd'), '^"a^&b^"');
  assert.equal(quoteArg('100%', 'cmd'), '^"100^%^"');
  assert.equal(quoteArg('say "hi"', 'cmd'), '^"say \\^"hi\\^"^"');
  // Backslashes before a quote and at the end are doubled (the C runtime would eat them).
  assert.equal(quoteArg('dir with space\\', 'cmd'), '^"dir with space\\\\^"');
  assert.equal(quoteProgram('C:\\Program Files\\dvc.exe', 'cmd'), '"C:\\Program Files\\dvc.exe"');
  assert.equal(quoteProgram('dvc', 'cmd'), 'dvc');
});

test('commands chain with && (PowerShell checks $? so that Windows PowerShell 5 works too)', () => {
  assert.equal(chainCommands(['a', 'b'], 'posix'), 'a && b');
  assert.equal(chainCommands(['a', 'b'], 'cmd'), 'a && b');
  assert.equal(
    chainCommands(['a', 'b'], 'powershell'),
    'a; if (-not $?) { exit 1 }; b; if (-not $?) { exit 1 }',
  );
  assert.equal(chainCommands(['only'], 'powershell'), 'only');
  assert.equal(chainCommands([], 'posix'), '');
});

test('a chain stops at the first failing command in a real shell', () => {
  const failing = spawnSync('/bin/sh', ['-c', chainCommands(['echo one', 'false', 'echo three'], 'posix')], {
    encoding: 'utf8',
  });
  assert.equal(failing.stdout, 'one\n');
  assert.notEqual(failing.status, 0);
  const passing = spawnSync('/bin/sh', ['-c', chainCommands(['echo one', 'echo two'], 'posix')], {
    encoding: 'utf8',
  });
  assert.equal(passing.stdout, 'one\ntwo\n');
  assert.equal(passing.status, 0);
});

test('shell kind from the shell path, defaulting per platform', () => {
  assert.equal(shellKindOf('C:\\Windows\\System32\\cmd.exe', 'win32'), 'cmd');
  assert.equal(shellKindOf('C:\\Program Files\\PowerShell\\7\\pwsh.exe', 'win32'), 'powershell');
  assert.equal(shellKindOf('powershell.exe', 'win32'), 'powershell');
  assert.equal(shellKindOf('C:\\Program Files\\Git\\bin\\bash.exe', 'win32'), 'posix');
  assert.equal(shellKindOf('/usr/bin/zsh', 'darwin'), 'zsh');
  assert.equal(shellKindOf('/opt/homebrew/bin/fish', 'darwin'), 'fish');
  assert.equal(shellKindOf('/bin/dash', 'linux'), 'posix');
  assert.equal(shellKindOf('/usr/local/bin/pwsh', 'linux'), 'powershell');
  assert.equal(shellKindOf(undefined, 'win32'), 'powershell');
  assert.equal(shellKindOf(undefined, 'linux'), 'posix');
  assert.equal(shellKindOf('', 'darwin'), 'posix');
});
