import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import {
  executableNames,
  expandInterpreterSetting,
  locateTool,
  pathWithBinDir,
  type LocatorHost,
} from '../../src/core/launch/toolLocator';

/** A host over a fake Windows or POSIX file tree given as a list of executables and folders. */
function fakeHost(platform: NodeJS.Platform, files: string[], dirs: string[], envPath: string): LocatorHost {
  return {
    platform,
    envPath,
    isExecutable: async (f) => files.includes(f),
    isDirectory: async (d) => dirs.includes(d),
  };
}

test('the environment of the selected interpreter wins over PATH', async () => {
  const host = fakeHost('linux', ['/proj/.venv/bin/dvc', '/usr/bin/dvc'], [], '/usr/local/bin:/usr/bin');
  const found = await locateTool(
    'dvc',
    [{ path: '/proj/.venv/bin/python', source: 'python-extension' }],
    host,
  );
  assert.deepEqual(found, {
    executable: '/proj/.venv/bin/dvc',
    binDir: '/proj/.venv/bin',
    source: 'python-extension',
  });
});

test('falls back to the setting, then PATH; undefined when nowhere', async () => {
  const host = fakeHost('linux', ['/usr/bin/dvc'], [], 'relative/bin::/usr/local/bin:/usr/bin');
  const interpreters = [
    { path: '/a/bin/python', source: 'python-extension' as const },
    { path: '/b/bin/python', source: 'setting' as const },
  ];
  assert.deepEqual(await locateTool('dvc', interpreters, host), {
    executable: '/usr/bin/dvc',
    binDir: undefined,
    source: 'path',
  });
  const settingHost = fakeHost('linux', ['/b/bin/dvc', '/usr/bin/dvc'], [], '/usr/bin');
  assert.equal((await locateTool('dvc', interpreters, settingHost))?.source, 'setting');
  assert.equal(await locateTool('mlflow', interpreters, host), undefined);
});

test('an environment given as a folder (conda) is searched in bin/', async () => {
  const host = fakeHost('darwin', ['/conda/envs/ml/bin/mlflow'], ['/conda/envs/ml'], '');
  const found = await locateTool('mlflow', [{ path: '/conda/envs/ml', source: 'python-extension' }], host);
  assert.equal(found?.executable, '/conda/envs/ml/bin/mlflow');
});

test('Windows: Scripts\\ beside a conda python.exe, PATHEXT extensions, ; as delimiter', async () => {
  const host = fakeHost(
    'win32',
    ['C:\\conda\\envs\\ml\\Scripts\\dvc.exe', 'C:\\tools\\mlflow.cmd'],
    [],
    'C:\\Windows;C:\\tools',
  );
  const interpreter = [{ path: 'C:\\conda\\envs\\ml\\python.exe', source: 'setting' as const }];
  assert.deepEqual(await locateTool('dvc', interpreter, host), {
    executable: 'C:\\conda\\envs\\ml\\Scripts\\dvc.exe',
    binDir: 'C:\\conda\\envs\\ml\\Scripts',
    source: 'setting',
  });
  assert.equal((await locateTool('mlflow', interpreter, host))?.executable, 'C:\\tools\\mlflow.cmd');
  assert.deepEqual(executableNames('dvc', 'win32', '.EXE;.CMD'), ['dvc.exe', 'dvc.cmd']);
  assert.deepEqual(executableNames('dvc', 'linux'), ['dvc']);
});

test('PATH for the task: the environment first, without duplicates', () => {
  assert.equal(pathWithBinDir('/usr/bin:/venv/bin:/bin', '/venv/bin', 'linux'), '/venv/bin:/usr/bin:/bin');
  assert.equal(pathWithBinDir('/usr/bin', undefined, 'linux'), '/usr/bin');
  assert.equal(pathWithBinDir('C:\\Windows', 'C:\\venv\\Scripts', 'win32'), 'C:\\venv\\Scripts;C:\\Windows');
});

test('python.defaultInterpreterPath: variables expanded, bare "python" means PATH', () => {
  assert.equal(
    expandInterpreterSetting('${workspaceFolder}/.venv/bin/python', '/proj', '/home/me'),
    '/proj/.venv/bin/python',
  );
  assert.equal(
    expandInterpreterSetting('~/envs/ml/bin/python', '/proj', '/home/me'),
    '/home/me/envs/ml/bin/python',
  );
  assert.equal(expandInterpreterSetting('.venv/bin/python', '/proj', '/home/me'), '/proj/.venv/bin/python');
  assert.equal(expandInterpreterSetting('python', '/proj', '/home/me'), undefined);
  assert.equal(expandInterpreterSetting('', '/proj', '/home/me'), undefined);
  assert.equal(expandInterpreterSetting('${env:PY}/python', '/proj', '/home/me'), undefined);
  assert.equal(expandInterpreterSetting('${workspaceFolder}/py', undefined, '/home/me'), undefined);
  assert.equal(expandInterpreterSetting('C:\\py\\python.exe', undefined, undefined), 'C:\\py\\python.exe');
});

test('on a real file tree: only executable files count', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'locator-'));
  try {
    const bin = path.join(dir, 'venv', 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'python'), '');
    writeFileSync(path.join(bin, 'dvc'), '#!/bin/sh\n');
    writeFileSync(path.join(bin, 'mlflow'), 'not executable');
    chmodSync(path.join(bin, 'dvc'), 0o755);
    const host: LocatorHost = {
      platform: process.platform,
      envPath: '',
      isExecutable: (f) =>
        access(f, constants.X_OK).then(
          async () => (await stat(f)).isFile(),
          () => false,
        ),
      isDirectory: (d) =>
        stat(d).then(
          (s) => s.isDirectory(),
          () => false,
        ),
    };
    const interpreters = [{ path: path.join(bin, 'python'), source: 'setting' as const }];
    assert.equal((await locateTool('dvc', interpreters, host))?.executable, path.join(bin, 'dvc'));
    assert.equal(await locateTool('mlflow', interpreters, host), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
