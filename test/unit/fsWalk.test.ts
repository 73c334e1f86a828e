import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import { readSmallFile, readSmallTextFile } from '../../src/core/sources/mlflow/fsWalk';

test('readSmallFile returns whole files of any size (larger ones get their own buffer), errors as thrown', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-fswalk-'));
  try {
    for (const size of [0, 1, 65535, 65536, 65537, 300_000, 3]) {
      const data = Buffer.alloc(size, 'é');
      const file = path.join(dir, `f${size}`);
      fs.writeFileSync(file, data);
      assert.ok(readSmallFile(file).equals(data), `${size} bytes`);
      assert.equal(readSmallTextFile(file), data.toString('utf8'), `${size} bytes as text`);
    }
    assert.throws(() => readSmallFile(path.join(dir, 'absent')), /ENOENT/);
    assert.throws(() => readSmallFile(dir), /a folder, not a regular file/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
