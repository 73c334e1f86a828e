import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  flattenParams,
  formatParamValue,
  getParam,
  parseParamsFile,
  pythonFloatRepr,
  pythonRepr,
} from '../../src/core/sources/dvc/values/paramsFile';
import { refusedTab } from '../../src/core/sources/dvc/values/yamlTabs';

// A params.py exercising what DVC's loader (dvc/utils/serialize/_py.py) keeps and skips.
const PYTHON_PARAMS = String.raw`import os
# comment
LR = 0.001  # lr
EPOCHS: int = 10
NAME = 'resnet' "50"
F = f"x{LR}"
a = b = 3
TUPLE = 1, 2,
NEG = -5
D = {'a': 1, "b": [1, 2, {'c': None}]}
CALL = os.getcwd()
if True:
    HIDDEN = 1
class Train:
    batch = 32
    opt = """adam
multi"""
    def __init__(self):
        self.dropout = 0.5
        local = 3
        if x:
            self.skip = 1
    def other(self):
        self.no = 1
    class Inner: deep = 1; deeper = (2)
x: int
y += 1
print(z=1)
LAST = \
   7
BIG = 1_000_000
HEX = 0xFF
R = r'\n'
U = '\u00e9\n'
def __init__(self):
    self.top = 'yes'
`;

// Printed by DVC 3.67.1: json.dumps(dvc.utils.serialize._py.parse_py(PYTHON_PARAMS, 'x.py')).
const DVC_PARSED = String.raw`{"LR": 0.001, "EPOCHS": 10, "NAME": "resnet50", "TUPLE": [1, 2], "NEG": -5, "D": {"a": 1, "b": [1, 2, {"c": null}]}, "Train": {"batch": 32, "opt": "adam\nmulti", "dropout": 0.5, "Inner": {"deep": 1, "deeper": 2}}, "LAST": 7, "BIG": 1000000, "HEX": 255, "R": "\\n", "U": "\u00e9\n", "top": "yes"}`;

describe('parseParamsFile: Python', () => {
  it('reads module, class and __init__ literals as DVC does, without running the file', () => {
    const { values, problems } = parseParamsFile(PYTHON_PARAMS, 'params.py');
    assert.deepEqual(problems, []);
    assert.deepEqual(values, JSON.parse(DVC_PARSED));
  });

  it('keeps sets, empty sets, bare and parenthesised tuples as lists and signed numbers', () => {
    const text = 'S = {3}\nE = set()\nT = (1,)\nP = ()\nN = +2.5e-3\nM = -0x10\nBOOL = [True, False, None]\n';
    const { values } = parseParamsFile(text, 'p.py');
    assert.deepEqual(values, { S: [3], E: [], T: [1], P: [], N: 0.0025, M: -16, BOOL: [true, false, null] });
  });

  it('skips what ast.literal_eval rejects: names, calls, f-strings, bytes, complex, unpacking', () => {
    const text =
      'A = B\nC = len([])\nF = f"{A}"\nY = b"x"\nZ = 1j\nQ = 1 + 2\nU = {**A}\nK = [1, x]\nOK = 1\n';
    assert.deepEqual(parseParamsFile(text, 'p.py').values, { OK: 1 });
  });

  it('skips tuple targets, augmented assignments, decorated functions and match blocks', () => {
    const text =
      'a, b = 1, 2\nc += 1\n@decorator\ndef f():\n    G = 1\nmatch = 5\nmatch c:\n    case 1:\n        H = 2\n';
    assert.deepEqual(parseParamsFile(text, 'p.py').values, { match: 5 });
  });

  it('decodes escapes and joins lines continued by backslash or brackets; CRLF is fine', () => {
    const text = "A = 'tab\\there\\x41\\101'\r\nB = [\r\n  1,  # one\r\n  2,\r\n]\r\nC = '''a\r\nb'''\r\n";
    assert.deepEqual(parseParamsFile(text, 'p.py').values, { A: 'tab\thereAA', B: [1, 2], C: 'a\nb' });
  });

  it('reports an unterminated string or bracket as a problem with the file name', () => {
    for (const text of ["A = 'open\n", 'B = [1, 2\n', 'C = """never closed\n']) {
      const { values, problems } = parseParamsFile(text, '/repo/params.py');
      assert.deepEqual(values, {});
      assert.equal(problems.length, 1);
      assert.equal(problems[0].path, '/repo/params.py');
      assert.match(problems[0].reason, /Python file structure is corrupted/);
    }
  });
});

describe('parseParamsFile: YAML, JSON, TOML', () => {
  it('picks the parser by extension, YAML for anything unknown', () => {
    assert.deepEqual(parseParamsFile('train:\n  lr: 0.01\n  layers: [1, 2]\n', 'params.yaml').values, {
      train: { lr: 0.01, layers: [1, 2] },
    });
    assert.deepEqual(parseParamsFile('a: 1\n', 'params.cfg').values, { a: 1 });
    assert.deepEqual(parseParamsFile('{"a": {"b": true}}', 'p.JSON').values, { a: { b: true } });
    assert.deepEqual(parseParamsFile('[train]\nlr = 0.1\nname = "x"\n', 'p.toml').values, {
      train: { lr: 0.1, name: 'x' },
    });
  });

  it('reads YAML 1.2 scalars as ruamel does (yes stays a string, 1e-3 is a number) and merge keys', () => {
    const text = 'a: yes\nb: 1e-3\nc: .nan\nbase: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n';
    const { values } = parseParamsFile(text, 'params.yaml');
    assert.equal(values.a, 'yes');
    assert.equal(values.b, 0.001);
    assert.ok(Number.isNaN(values.c));
    assert.deepEqual(values.d, { x: 1, y: 2 });
  });

  it("takes Python json's bare NaN and Infinity but leaves them alone inside strings", () => {
    const { values } = parseParamsFile(
      '{"a": NaN, "b": "NaN", "c": -Infinity, "d": "x\\"Infinity"}',
      'm.json',
    );
    assert.ok(Number.isNaN(values.a));
    assert.equal(values.b, 'NaN');
    assert.equal(values.c, -Infinity);
    assert.equal(values.d, 'x"Infinity');
  });

  it('treats an empty or null document as no params, and other shapes or syntax errors as problems', () => {
    assert.deepEqual(parseParamsFile('', 'params.yaml'), { values: {}, problems: [] });
    assert.deepEqual(parseParamsFile('null', 'params.json'), { values: {}, problems: [] });
    const list = parseParamsFile('[1, 2]', 'params.json');
    assert.deepEqual(list.values, {});
    assert.match(list.problems[0].reason, /mapping/);
    for (const [text, file] of [
      ['a: [1\n', 'params.yaml'],
      ['a: 1\na: 2\n', 'params.yaml'],
      ['{"a": ', 'params.json'],
      ['a = = 1', 'params.toml'],
    ]) {
      const { problems } = parseParamsFile(text, file);
      assert.equal(problems.length, 1, text);
      assert.equal(problems[0].path, file);
      assert.match(problems[0].reason, /file structure is corrupted/);
    }
  });
});

describe('flattenParams, getParam, Python formatting', () => {
  it('joins nested keys with dots, keeps lists whole as lists (as --json) and drops empty mappings', () => {
    const flat = flattenParams({
      train: { lr: 0.1, opt: { name: 'adam' }, layers: [64, 'x', { units: 2 }] },
      empty: {},
      n: null,
    });
    assert.deepEqual(flat, {
      'train.lr': 0.1,
      'train.opt.name': 'adam',
      'train.layers': [64, 'x', { units: 2 }],
      n: null,
    });
    assert.equal(formatParamValue(flat['train.layers']), "[64, 'x', {'units': 2}]");
  });

  it('addresses nested keys and list items by dotted path', () => {
    const values = { train: { lr: 0.1, layers: [64, 32] }, 'a.b': 1 };
    assert.equal(getParam(values, 'train.lr'), 0.1);
    assert.deepEqual(getParam(values, 'train'), { lr: 0.1, layers: [64, 32] });
    assert.equal(getParam(values, 'train.layers.1'), 32);
    assert.equal(getParam(values, 'a.b'), 1);
    assert.equal(getParam(values, 'train.missing'), undefined);
    assert.equal(getParam(values, 'train.layers.5'), undefined);
  });

  it('prints floats like Python repr', () => {
    assert.equal(pythonFloatRepr(0.001), '0.001');
    assert.equal(pythonFloatRepr(0.0001), '0.0001');
    assert.equal(pythonFloatRepr(0.00001), '1e-05');
    assert.equal(pythonFloatRepr(1.5e-7), '1.5e-07');
    assert.equal(pythonFloatRepr(1e16), '1e+16');
    assert.equal(pythonFloatRepr(123456.5), '123456.5');
    assert.equal(pythonFloatRepr(NaN), 'nan');
    assert.equal(pythonFloatRepr(-Infinity), '-inf');
    assert.equal(pythonRepr({ a: [true, null, "it's"] }), `{'a': [True, None, "it's"]}`);
  });
});

describe('tabs in YAML params and metrics, as ruamel.yaml (DVC) reads them', () => {
  it('refuses a tab in block context outside quotes, comments and block scalars', () => {
    for (const text of ['x: 1\t\n', 'x:\t1\n', 'step\tloss\n0\t0.5\n', '\tx: 1\n', '- a\t\n'])
      assert.equal(parseParamsFile(text, 'p.yaml').problems.length, 1, JSON.stringify(text));
    assert.deepEqual(refusedTab('x: 1\ny: a\tb\n'), { line: 2, column: 5 });
    const fine = ['x: "a\tb"\n', 'x: 1 # a\tb\n', 'x: |\n  a\tb\n', 'x: [1,\t2]\n', "x: 'it''s\ta'\n"];
    for (const text of fine) assert.equal(refusedTab(text), null, JSON.stringify(text));
  });
});
