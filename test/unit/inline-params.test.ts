// Inline params and metrics: the value locators of every params file type, hints placed from the
// changes `dvc params diff` lists (the fixture's workspace against HEAD, v1 and an experiment,
// compared with the landed diff, itself compared byte for byte with DVC's), and the hover's history.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DataRepo, workspaceTree } from '../../src/core/data/versions';
import { valuesDiff } from '../../src/core/paramsDiff/diff';
import { pyJson } from '../../src/core/paramsDiff/pyData';
import { formatDelta, placeHints, runBaselineChanges, verdictOf } from '../../src/core/inline/hints';
import { historyTable, metricHistory, paramHistory } from '../../src/core/inline/history';
import { locateValues, locateYamlDocument, spanFor } from '../../src/core/inline/locate';
import { locateYamlFast } from '../../src/core/inline/locateYamlFast';
import {
  editedFileChanges,
  readTreeSides,
  readWorkspaceContext,
  wholeFileSide,
} from '../../src/core/inline/sides';
import { loadValuesFile } from '../../src/core/sources/dvc/values/paramsFile';
import { retype } from '../../src/core/paramsDiff/pyData';
import { sparklineSvg } from '../../src/core/inline/pointSparkline';
import { parseTypedJsonFast } from '../../src/core/inline/typedJson';
import { parseDataFile } from '../../src/core/sources/dvc/typedData';
import { readDvcExperiments } from '../../src/core/sources/dvcExperiments/experiments';
import { PyFloat } from '../../src/core/sources/dvc/pyValue';

/** The text each located key's value spans. */
function located(text: string, file: string): Record<string, string> | null {
  const spans = locateValues(text, file);
  if (!spans) return null;
  return Object.fromEntries([...spans].map(([key, s]) => [key, text.slice(s.valueStart, s.valueEnd)]));
}

describe('value locators', () => {
  it('YAML: nested keys, flow lists and mappings, comments, a key without value', () => {
    const text =
      'seed: 42  # the seed\ntrain:\n  lr: 0.001\n  layers: [64, 32]\n  schedule: {warmup: 5, decay: 1.0e-05}\n  empty:\nname: "a b"\n';
    assert.deepEqual(located(text, 'params.yaml'), {
      seed: '42',
      'train.lr': '0.001',
      'train.layers': '[64, 32]',
      'train.schedule.warmup': '5',
      'train.schedule.decay': '1.0e-05',
      'train.empty': '',
      name: '"a b"',
    });
    const spans = locateValues(text, 'params.yaml');
    assert.equal(text.slice(spans!.get('seed')!.keyStart, spans!.get('seed')!.keyEnd), 'seed');
  });

  it("YAML: the one-pass reader gives the full parser's spans, or gives up", () => {
    const block = 'a: 1\nb:\n  c: "x # y"  # note\n  d: [1, [2, 3]]\n  "e f": \'it\'\'s\'\n  g:\nh: -3.5\n';
    assert.deepEqual(locateYamlFast(block), locateYamlDocument(block));
    assert.equal([...locateYamlFast(block)!.keys()].join(','), 'a,b.c,b.d,b.e f,b.g,h');
    for (const other of [
      'a:\n  - 1\n',
      'a: {b: 1}\n',
      'a: |\n  x\n',
      'a: &x 1\n',
      'a: b\n  c\n',
      '---\na: 1\n',
      'a: [1,\n  2]\n',
    ])
      assert.equal(locateYamlFast(other), undefined, other);
  });

  it('JSON: nested objects, arrays as leaves, escapes in keys', () => {
    const text = '{"dropout": 0.5, "hidden": {"size": 128, "a\\"b": "relu"}, "weights": [1, 2.5], "n": null}';
    assert.deepEqual(located(text, 'params.json'), {
      dropout: '0.5',
      'hidden.size': '128',
      'hidden.a"b': '"relu"',
      weights: '[1, 2.5]',
      n: 'null',
    });
  });

  it('TOML: tables, dotted and quoted keys, multi-line arrays and strings, inline tables', () => {
    const text = [
      'top = 1 # c',
      '[model]',
      'name = "resnet"',
      'width = 1.0',
      'blocks = [',
      '  2, # two',
      '  2,',
      ']',
      'desc = """x',
      'y"""',
      '"quoted key".a = true',
      'opt = {lr = 0.1, name = "x"}',
      '[[runs]]',
      'skip = 1',
    ].join('\n');
    assert.deepEqual(located(text, 'params.toml'), {
      top: '1',
      'model.name': '"resnet"',
      'model.width': '1.0',
      'model.blocks': '[\n  2, # two\n  2,\n]',
      'model.desc': '"""x\ny"""',
      'model.quoted key.a': 'true',
      'model.opt': '{lr = 0.1, name = "x"}',
    });
    const spans = locateValues(text, 'p.toml')!;
    assert.equal(spanFor(spans, 'model.opt.lr')?.key, 'model.opt');
  });

  it('Python: module names, class bodies, self.x in __init__, nested blocks skipped, CRLF', () => {
    const text = [
      'EPOCHS = 10',
      'LR: float = 1e-3',
      'if True:',
      '    HIDDEN = 1',
      'class Optim:',
      '    decay = 0.01',
      '    def __init__(self):',
      '        self.beta = (0.9,',
      '                     0.99)',
      '    def other(self):',
      '        self.no = 1',
      'NAME = "x"',
    ].join('\r\n');
    assert.deepEqual(located(text, 'config.py'), {
      EPOCHS: '10',
      LR: '1e-3',
      'Optim.decay': '0.01',
      'Optim.beta': '(0.9,\r\n                     0.99)',
      NAME: '"x"',
    });
  });

  it('typed JSON: floats told from ints as the full reader does; NaN and bad text left to it', () => {
    for (const text of [
      '{"a": 1.0, "b": 2, "c": [1e-5, -0.5, 3], "d": {"e": "1.5 \\" x"}, "f": null, "g": true}',
      '[1, 2.50, -1E+3]',
      '"just text"',
    ])
      assert.deepEqual(parseTypedJsonFast(text), parseDataFile('p.json', text), text);
    assert.equal(parseTypedJsonFast('{"a": NaN}'), undefined);
    assert.equal(parseTypedJsonFast('{"a": 1,'), undefined);
  });

  it('an edited YAML file reads as loadValuesFile reads it: duplicate keys and tabs refused, merges resolved', () => {
    for (const text of [
      'a: 1\nb:\n  c: 1.0\n  d: [1, 2.5]\n',
      'a: 1\na: 2\n',
      'a:\n\tb: 1\n',
      'base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n',
      '',
      '# only a comment\n',
    ]) {
      const loaded = loadValuesFile(text, 'p.yaml');
      const side = wholeFileSide(text, 'p.yaml', 'params')['p.yaml'];
      if ('error' in loaded) assert.ok('error' in side, text);
      else
        assert.equal(
          pyJson('data' in side ? side.data : null),
          pyJson(retype(loaded.data, parseDataFile('p.yaml', text))),
          text,
        );
    }
  });

  it('half-typed text does not parse: null, never a throw', () => {
    assert.equal(locateValues('a: [1, 2\nb: 3', 'params.yaml'), null);
    assert.equal(locateValues('{"a": 1,', 'params.json'), null);
    assert.equal(locateValues('[model\nx = 1', 'params.toml'), null);
    assert.equal(locateValues('X = "unterminated', 'config.py'), null);
  });
});

describe('hints and verdicts', () => {
  it('metric deltas are signed and short; the verdict follows the direction', () => {
    assert.equal(formatDelta(0.0040000000000000036), '+0.004');
    assert.equal(formatDelta(-12), '-12');
    assert.equal(formatDelta(0.00001234), '+1.234e-5');
    assert.equal(verdictOf(0.004, 'max'), 'better');
    assert.equal(verdictOf(0.004, 'min'), 'worse');
    assert.equal(verdictOf(0, 'min'), 'same');
    const text = '{"acc": 0.912, "loss": 0.3}';
    const placed = placeHints(
      'metrics',
      {
        acc: { old: new PyFloat(0.908), new: new PyFloat(0.912), diff: new PyFloat(0.004) },
        loss: { old: new PyFloat(0.2), new: new PyFloat(0.3), diff: new PyFloat(0.1) },
      },
      locateValues(text, 'metrics.json')!,
    );
    assert.deepEqual(
      placed.hints.map((h) => [h.key, h.old, h.delta, h.verdict, text.slice(0, h.offset).slice(-5)]),
      [
        ['acc', '0.908', '+0.004', 'better', '0.912'],
        ['loss', '0.2', '+0.1', 'worse', ': 0.3'],
      ],
    );
  });

  it('against an MLflow run: params compared as the text str() logged, unlogged keys left out', () => {
    const changes = runBaselineChanges(
      'params',
      { train: { lr: new PyFloat(0.01), batch: 32, flag: true }, other: 'x' },
      { params: { lr: '0.001', 'train.batch': '32', flag: 'False' }, metrics: {} },
    );
    assert.equal(
      pyJson(changes as never),
      '{"train.lr": {"old": "0.001", "new": 0.01}, "train.flag": {"old": "False", "new": true}}',
    );
  });
});

const repoRoot = path.resolve(__dirname, '..', '..');
let work = '';
let root = '';

before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-inline-'));
  execFileSync('tar', ['-xzf', path.join(repoRoot, 'test/fixtures/params-diff/repos.tar.gz'), '-C', work]);
  root = path.join(work, 'repo');
});

after(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

async function inlineChanges(kind: 'params' | 'metrics', rev: string) {
  const repo = new DataRepo(root);
  try {
    const baseline = await readTreeSides(await repo.treeAt(await repo.resolve(rev)), root, {
      dvcCache: true,
    });
    const result: Record<string, unknown> = {};
    const files = new Set([
      ...Object.keys(baseline[kind]),
      'params.yaml',
      'params.json',
      'params.toml',
      'config.py',
      'metrics.json',
      'eval/scores.yaml',
    ]);
    const workspace = await readWorkspaceContext(workspaceTree(root), root);
    for (const file of files) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      const changes = editedFileChanges(kind, file, text, baseline, workspace);
      if (Object.keys(changes).length > 0) result[file] = changes;
    }
    return result;
  } finally {
    repo.close();
  }
}

describe('inline changes equal dvc params diff / metrics diff (test/fixtures/params-diff)', () => {
  for (const kind of ['params', 'metrics'] as const)
    for (const rev of ['HEAD', 'v1', 'exp-lr'])
      it(`${kind}: the workspace against ${rev}`, async () => {
        const expected = (await valuesDiff(kind, root, { aRev: rev })).diff;
        const ours = await inlineChanges(kind, rev);
        const sorted = (d: Record<string, unknown>) => Object.fromEntries(Object.entries(d).sort());
        assert.equal(pyJson(sorted(ours) as never), pyJson(sorted(expected) as never));
        assert.ok(Object.keys(expected).length > 0);
      });

  it('every changed param still in the file gets a hint after its value; "lr: 0.02 ← 0.01"', async () => {
    const diff = (await valuesDiff('params', root)).diff;
    const text = fs.readFileSync(path.join(root, 'params.yaml'), 'utf8');
    const placed = placeHints('params', diff['params.yaml'], locateValues(text, 'params.yaml')!);
    const lr = placed.hints.find((h) => h.key === 'train.lr');
    assert.equal(lr?.old, '0.01');
    assert.equal(text.slice(lr!.valueStart, lr!.offset), '0.02');
    assert.deepEqual(
      placed.hints.map((h) => h.key).sort(),
      Object.keys(diff['params.yaml'])
        .filter((k) => diff['params.yaml'][k].new !== null)
        .sort(),
    );
    const py = fs.readFileSync(path.join(root, 'config.py'), 'utf8');
    const momentum = placeHints('params', diff['config.py'], locateValues(py, 'config.py')!).hints[0];
    assert.equal(`${py.slice(momentum.valueStart, momentum.offset)} ← ${momentum.old}`, '0.95 ← 0.9');
  });

  it('the history of train.lr over commits and the experiment, with the key metric and the best marked', async () => {
    const { rows } = await readDvcExperiments(root, { depth: 5 });
    const history = paramHistory(root, rows, 'params.yaml', 'train.lr', {
      limit: 10,
      baselineSha: rows[1].rev,
    });
    assert.deepEqual(
      history.lines.map((l) => [l.kind, l.value]),
      [
        ['workspace', '0.02'],
        ['baseline', '0.01'],
        ['experiment', '0.05'],
        ['baseline', '0.001'],
      ],
    );
    assert.ok(history.metric, 'a key metric');
    assert.equal(history.lines.filter((l) => l.best).length >= 1, true);
    const table = historyTable(
      history,
      { revision: 'Rev', value: 'Value', metric: 'M', best: 'best', baseline: 'baseline' },
      String,
    );
    assert.match(table, /^\| Rev \| Value \| M \|/);
    assert.match(table, /★ best/);
    assert.match(table, /_\(baseline\)_/);
    const points = history.lines.map((l) => ({ x: l.number!, y: l.metric! }));
    assert.match(sparklineSvg(points) ?? '', /^<svg .*<polyline points="[\d., ]+"/);
    const metrics = metricHistory(
      rows,
      'metrics.json',
      Object.keys(rows[0].data.metrics['metrics.json'].data as object)[0],
      { limit: 3 },
    );
    assert.equal(metrics.lines.length, 3);
  });
});
