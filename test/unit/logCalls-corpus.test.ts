// The logging-call detector on real training code: every Python file of the real-project corpus
// (which ships without source code today, so this mostly guards against crashes when it has some),
// the scripts that wrote this repository's fixtures with the real tools, and the training code the
// scaffolds render. For a sample of files the keys were listed by reading the file.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';
import { findLogCalls, type LogCall } from '../../src/core/logCalls';
import { loadCatalog } from '../../src/core/scaffold/catalog';
import { renderFolders, scaffoldVariables } from '../../src/core/scaffold/plan';
import { CORPUS, corpusSkip } from './helpers/corpus';

const ROOT = path.resolve(__dirname, '..', '..');

const keysOf = (calls: LogCall[]): string[] =>
  [...new Set(calls.map((c) => `${c.library} ${c.kind} ${c.key}${c.match === 'prefix' ? '*' : ''}`))].sort();

/** Every key each file logs with a literal, as read from the file (`*`: an f-string prefix). */
const FIXTURE_SCRIPTS: Record<string, string[]> = {
  'test/fixtures/mlflow/generate.py': [
    ...['accuracy', 'dup', 'dup_reversed', 'huge', 'last_inf', 'last_nan', 'last_neginf', 'loss', 'mae']
      .concat(['mean_score', 'n_iter', 'r2', 'rmse', 'score', 'step_back', 'tie', 'tiny', 'train/loss'])
      .concat(['train_r2', 'val/loss', 'weird'])
      .map((key) => `mlflow metric ${key}`),
    ...['alpha', 'epochs', 'fold', 'folds', 'l1_ratio', 'long_param', 'optimizer/lr', 'optimizer/name']
      .concat(['rows', 'seed', 'unicode_param'])
      .map((key) => `mlflow param ${key}`),
  ],
  'test/fixtures/mlflow-moved/generate.py': [
    'mlflow metric best_iteration',
    'mlflow metric stopped_iteration',
    'mlflow metric validation-rmse',
    'mlflow param learning_rate',
    'mlflow param max_depth',
    'mlflow param objective',
    'mlflow param units',
  ],
  'test/fixtures/runs-view/generate.py': [
    'mlflow metric loss',
    'mlflow metric val_prc',
    'mlflow param epochs',
    'mlflow param layers',
  ],
  'test/fixtures/dvclive/generate.py': [
    ...['accuracy', 'eval/f1', 'loss', 'phase', 'train/loss', 'train/step', 'val/acc', 'weird'].map(
      (key) => `dvclive metric ${key}`,
    ),
    ...['augment', 'fold', 'lr', 'model', 'seed'].map((key) => `dvclive param ${key}`),
  ],
  'test/fixtures/dvc-yolo/project/train.py': [
    ...['metrics/mAP_0.5', 'metrics/mAP_0.5:0.95', 'metrics/precision', 'metrics/recall']
      .concat(['train/box_loss', 'val/box_loss', 'x/lr0'])
      .map((key) => `dvclive metric ${key}`),
  ],
  'test/fixtures/dvc-exp/project/train.py': ['dvclive metric train/acc', 'dvclive metric train/loss'],
  'test/fixtures/dvc/project/src/train.py': ['dvclive metric loss'],
};

/** Scaffolded training code, by layout and rendered path; the same for every tracker option. */
const SCAFFOLD_TRAINING: Record<string, Record<string, string[]>> = {
  'data-science': {
    'src/demo/modeling/train.py': [
      'scaffold metric train_*',
      'scaffold param alpha',
      'scaffold param model',
      'scaffold param train_rows',
    ],
  },
  // Its other params come from `vars(args)`, not literals.
  'mlflow-project': { 'src/demo/train.py': ['scaffold metric train_*', 'scaffold param seed'] },
  'dvc-pipeline': {
    'src/demo/stages/train.py': ['scaffold metric train/log_loss'],
    // `run.log_params(params)`, `run.log_metrics(metrics)`: dicts built elsewhere.
    'src/demo/stages/evaluate.py': [],
    'src/demo/tracking.py': [],
  },
  'production-service': {
    'src/demo/model/pipeline.py': ['scaffold param C', 'scaffold param model', 'scaffold param seed'],
  },
};

function pythonFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
      found.push(...pythonFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.py')) found.push(full);
  }
  return found;
}

test('logCalls corpus: the fixture-writing scripts log exactly the keys read from them', () => {
  for (const [file, expected] of Object.entries(FIXTURE_SCRIPTS)) {
    const scan = findLogCalls(fs.readFileSync(path.join(ROOT, file), 'utf8'));
    assert.equal(scan.error, undefined, file);
    assert.deepEqual(keysOf(scan.calls), [...expected].sort(), file);
  }
});

test('logCalls corpus: scaffolded training code, for every tracker', async () => {
  const catalog = await loadCatalog(path.join(ROOT, 'scaffolds'));
  for (const [layout, files] of Object.entries(SCAFFOLD_TRAINING)) {
    for (const tracker of ['mlflow', 'dvclive', 'wandb']) {
      const vars = scaffoldVariables(catalog, { layout, projectName: 'demo', options: { tracker } });
      const rendered = renderFolders(catalog, layout, vars);
      for (const file of rendered.filter((f) => f.path.endsWith('.py'))) {
        const scan = findLogCalls(file.content);
        const where = `${layout} (${tracker}) ${file.path}`;
        assert.equal(scan.error, undefined, where);
        if (files[file.path]) assert.deepEqual(keysOf(scan.calls), [...files[file.path]].sort(), where);
      }
      for (const expectedPath of Object.keys(files))
        assert.ok(
          rendered.some((f) => f.path === expectedPath),
          `${layout} renders ${expectedPath}`,
        );
    }
  }
});

test('logCalls corpus: every Python file of the repository and the corpus is read without a crash', (t) => {
  const roots = [path.join(ROOT, 'test'), path.join(ROOT, 'bench'), path.join(ROOT, 'scripts')];
  if (CORPUS) roots.push(CORPUS);
  let [files, calls, errors] = [0, 0, 0];
  for (const file of roots.flatMap((root) => (fs.existsSync(root) ? pythonFiles(root) : []))) {
    const scan = findLogCalls(fs.readFileSync(file, 'utf8'));
    files++;
    calls += scan.calls.length;
    if (scan.error) errors++;
  }
  t.diagnostic(`${files} Python files, ${calls} logged keys, ${errors} not tokenizable`);
  assert.ok(files >= Object.keys(FIXTURE_SCRIPTS).length);
  assert.equal(errors, 0);
});

test('logCalls corpus: the corpus Python files', { skip: corpusSkip }, (t) => {
  const files = pythonFiles(CORPUS ?? '');
  let calls = 0;
  for (const file of files) {
    const scan = findLogCalls(fs.readFileSync(file, 'utf8'));
    assert.equal(scan.error, undefined, file);
    calls += scan.calls.length;
  }
  // The corpus builder removed source code (its README), so there may be none.
  t.diagnostic(`corpus: ${files.length} Python files, ${calls} logged keys`);
});
