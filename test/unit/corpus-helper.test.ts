// The one place tests find the real-project corpus (test/unit/helpers/corpus.ts): a fresh clone has no
// ../shared/corpus, and its corpus tests must then be skipped with the reason, not fail.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import { CORPUS_ENV, corpusLocation, corpusSkipReason, findCorpus } from './helpers/corpus';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

test('the corpus is ../shared/corpus beside the repository unless MLOPS_LENS_CORPUS says otherwise', () => {
  assert.equal(corpusLocation({}), path.resolve(REPO_ROOT, '..', 'shared', 'corpus'));
  assert.equal(corpusLocation({ [CORPUS_ENV]: '  ' }), path.resolve(REPO_ROOT, '..', 'shared', 'corpus'));
  assert.equal(corpusLocation({ [CORPUS_ENV]: '/data/corpus' }), '/data/corpus');
  assert.equal(
    corpusLocation({ [CORPUS_ENV]: 'corpus' }),
    path.join(REPO_ROOT, 'corpus'),
    'relative to the repo',
  );
});

test('a missing corpus gives a skip reason naming the folder and the setting', () => {
  const missing = path.join(os.tmpdir(), 'mlops-lens-no-such-corpus');
  const env = { [CORPUS_ENV]: missing };
  assert.equal(findCorpus(env), undefined);
  const reason = corpusSkipReason(env);
  assert.ok(
    typeof reason === 'string' && reason.includes(missing) && reason.includes(CORPUS_ENV),
    `${reason}`,
  );
});

test('a corpus folder that is there is found, and its tests are not skipped; a file is no corpus', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-corpus-'));
  try {
    assert.equal(findCorpus({ [CORPUS_ENV]: dir }), dir);
    assert.equal(corpusSkipReason({ [CORPUS_ENV]: dir }), false);
    const file = path.join(dir, 'file');
    fs.writeFileSync(file, '');
    assert.equal(findCorpus({ [CORPUS_ENV]: file }), undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
