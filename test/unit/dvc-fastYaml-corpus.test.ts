// The fast YAML reader against the full parser: on every YAML file of the real-project corpus
// (dvc.yaml, dvc.lock, params, MLproject, .dvc, CI files …) it must either give up or give exactly
// the full parser's value and key lines; real dvc.yaml and dvc.lock files must take the fast path.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';
import { isMap, isScalar, parse, parseDocument, type Node } from 'yaml';
import { fastParseYaml } from '../../src/core/sources/dvc/fastYaml';
import { parseTypedYamlFully } from '../../src/core/sources/dvc/typedData';
import { corpusLocation, corpusSkip } from './helpers/corpus';

const CORPUS = corpusLocation();

const YAML_FILE = /(?:\.ya?ml|\.lock|\.dvc|^MLproject)$/i;

function corpusFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) corpusFiles(full, out);
    else if (entry.isFile() && YAML_FILE.test(entry.name)) out.push(full);
  }
  return out;
}

/** Key paths of depth 1 and 2 in block mappings (the ones the readers record lines for). */
function keyPaths(text: string): string[][] {
  const paths: string[][] = [];
  const visit = (node: Node | null | undefined, trail: string[]) => {
    if (!isMap(node) || node.flow || trail.length >= 2) return;
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const keys = [...trail, String(pair.key.value)];
      paths.push(keys);
      visit(pair.value as Node | null, keys);
    }
  };
  visit(parseDocument(text).contents as Node | null, []);
  return paths;
}

/** The full parser's result, or undefined when it rejects the text. */
function fully(text: string) {
  try {
    return parseTypedYamlFully(text);
  } catch {
    return undefined;
  }
}

/** Asserts the fast reader equals the full parser on `text`; returns whether it took the fast path. */
function assertSameAsFull(text: string, label: string): boolean {
  const fast = fastParseYaml(text);
  if (!fast) return false;
  const full = fully(text);
  assert.ok(full, `${label}: the fast reader accepted what the full parser rejects`);
  assert.deepStrictEqual(fast.value, full.value, label);
  for (const keys of keyPaths(text)) {
    assert.equal(
      fast.keyLines.get(keys.join('\0')),
      full.keyLine(keys),
      `${label}: line of ${keys.join('.')}`,
    );
  }
  // dvc.lock reading: plain numbers, as the yaml package's parse gives them.
  assert.deepStrictEqual(fastParseYaml(text, true)?.value, parse(text, { merge: true }) ?? null, label);
  return true;
}

test(
  'every YAML file of the corpus: the fast reader gives up or equals the full parser',
  { skip: corpusSkip },
  () => {
    const files = corpusFiles(CORPUS);
    assert.ok(files.length > 100);
    const slow: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      if (!assertSameAsFull(text, path.relative(CORPUS, file))) slow.push(path.relative(CORPUS, file));
    }
    const dvcFiles = slow.filter((f) => /(?:^|\/)dvc\.(?:yaml|lock)$|params\.yaml$|MLproject$/.test(f));
    assert.deepEqual(
      dvcFiles,
      [],
      'dvc.yaml, dvc.lock, params.yaml and MLproject files must take the fast path',
    );
  },
);

const SAMPLES: Record<string, string> = {
  'wrapped plain cmd (DVC dumper)':
    'stages:\n  s:\n    cmd: cp a b && cd c && tar -cpzf\n      model.tar.gz code/ && mv x .\n    deps:\n    - a\n',
  'plain value on the next line': 'stages:\n  e:\n    foreach:\n      ${items}\n    do:\n      cmd: echo\n',
  'plain with empty lines': 'a: one\n  two\n\n  three\n\n\n  four\nb: 1\n',
  'double quoted over lines': 'a: "python main.py --x {x}\n     --y {y}"\nb: "x\n\n  y  \n  z"\n',
  'single quoted over lines': "a: 'it''s\n  here'\n",
  'escaped tab before a break': 'a: "x\\t\n  y"\n',
  literal: 'a: |\n  python train.py \\\n    --lr 1\n\n  # not a comment\nb: 2\n',
  'literal strip and keep': 'a: |-\n  x\n  y\n\nb: |+\n  x\n\n\nc: 1\n',
  'literal at the end without a break': 'a: |\n  x',
  folded: 'a: >\n  foo\n  bar\n\n  baz\n    more\n  q\nb: >-\n  x\n  y\n',
  'block scalar in a list': 'cmd:\n- |\n  echo 1\n  echo 2\n- >\n  a\n  b\n',
  'block scalar with comment on the header': 'a: | # note\n  x\n',
  'flow over lines':
    'aug: {do_flip: false, flip_vert: false, max_rotate: 10.0,\n  max_zoom: 1.0}\nl: [1, 2,\n  3]\n',
  'flow key without value': 'p: {type str, default: "auto"}\n',
  'flow trailing comma': 'a: [1, 2, ]\n',
  'space before the colon': 'devices : {type: str}\n',
  'nested sequences': 'pooling:\n- - 1\n  - 2\n- - 3\n  - - 4\n    - 5\n',
  'foreach over a list of dicts':
    'stages:\n  t:\n    foreach:\n    - name: a\n      lr: 0.1\n    - name: b\n      lr: 1e-3\n    do:\n      cmd: python t.py ${item.name} ${item.lr}\n',
  'comment between lines of a plain scalar (full parser decides)': 'a: x\n  # c\n  y\n',
};

for (const [name, text] of Object.entries(SAMPLES)) {
  test(`fast reader equals the full parser: ${name}`, () => {
    const fast = assertSameAsFull(text, name);
    if (!name.includes('full parser decides')) assert.ok(fast, `${name}: took the slow path`);
  });
}
