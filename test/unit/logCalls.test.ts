// The logging-call detector on tricky Python: each case lists every key it must report, as
// `library kind key` (`key*` for a prefix) `@line:col-line:col` (0-based range of the key literal).
import assert from 'node:assert/strict';
import test from 'node:test';
import { findLogCalls, type LogCall } from '../../src/core/logCalls';

const show = (c: LogCall): string =>
  `${c.library} ${c.kind} ${c.key}${c.match === 'prefix' ? '*' : ''} ` +
  `@${c.range.start.line}:${c.range.start.character}-${c.range.end.line}:${c.range.end.character}`;

const CASES: [name: string, source: string, expected: string[]][] = [
  [
    'mlflow module functions, positional and keyword keys',
    'import mlflow\nmlflow.log_metric("acc", 1)\nmlflow.log_param(key="lr", value=0.1)\n',
    ['mlflow metric acc @1:18-1:23', 'mlflow param lr @2:21-2:25'],
  ],
  [
    'keys in comments and docstrings are not calls',
    'import mlflow\n# mlflow.log_metric("c", 1)\n"""\nmlflow.log_metric("d", 1)\n"""\ns = "mlflow.log_metric(\'e\', 1)"\n',
    [],
  ],
  [
    'log_metric of an unrelated object, and mlflow never imported',
    'logger.log_metric("a", 1)\nmlflow.log_metric("b", 1)\nself.log("c", 1)\n',
    [],
  ],
  [
    'a multi-line call with a comment and a backslash continuation inside',
    'import mlflow\nmlflow.log_metrics(\n    {  # the scores\n        "rmse": 1,\n        "mae": \\\n            2,\n    }\n)\n',
    ['mlflow metric rmse @3:8-3:14', 'mlflow metric mae @4:8-4:13'],
  ],
  [
    'dict literals with non-literal keys, unpacking, comprehensions and f-string prefixes',
    'import mlflow\nmlflow.log_metrics({"a": 1, k: 2, **rest, f"val_{n}": 3, f"{n}_x": 4})\n' +
      'mlflow.log_metrics({f"train_{k}": v for k, v in m.items()})\nmlflow.log_params(params)\n',
    ['mlflow metric a @1:20-1:23', 'mlflow metric val_* @1:42-1:52', 'mlflow metric train_* @2:20-2:32'],
  ],
  [
    'string prefixes, quotes, implicit concatenation and escapes',
    "import mlflow\nmlflow.log_metric(r'a\\b', 1)\nmlflow.log_metric('''t''', 1)\n" +
      'mlflow.log_metric("x/" \'y\', 1)\nmlflow.log_metric(b"bytes", 1)\nmlflow.log_metric(u"\\u00e9", 1)\n' +
      'mlflow.log_metric(f"{{lit}}", 1)\nmlflow.log_metric(Rf"p_{i}", 1)\nmlflow.log_metric(name, 1)\n' +
      'mlflow.log_metric((\n  "long/"\n  "key"\n), 1)\n',
    [
      'mlflow metric a\\b @1:18-1:24',
      'mlflow metric t @2:18-2:25',
      'mlflow metric x/y @3:18-3:26',
      'mlflow metric é @5:18-5:27',
      'mlflow metric {lit} @6:18-6:28',
      'mlflow metric p_* @7:18-7:27',
      'mlflow metric long/key @10:2-11:7',
    ],
  ],
  [
    'nested calls: a logging call inside another call and inside a value',
    'import mlflow\nprint(mlflow.log_metric("outer", f(mlflow.log_param("inner", 1))))\n',
    ['mlflow metric outer @1:24-1:31', 'mlflow param inner @1:52-1:59'],
  ],
  [
    'aliases: import as, from-import as, submodule import, star import',
    'import mlflow as mf\nfrom mlflow import log_metric as lm, log_params\nimport mlflow.sklearn\nfrom mlflow import *\n' +
      'mf.log_metric("a", 1)\nlm("b", 1)\nlog_params({"c": 1})\nmlflow.log_param("d", 1)\nlog_param("e", 1)\n',
    [
      'mlflow metric a @4:14-4:17',
      'mlflow metric b @5:3-5:6',
      'mlflow param c @6:12-6:15',
      'mlflow param d @7:17-7:20',
      'mlflow param e @8:10-8:13',
    ],
  ],
  [
    'shadowed names: a parameter, a reassignment, a for target; the module again after the function',
    'import mlflow\ndef f(mlflow):\n    mlflow.log_metric("param", 1)\nmlflow.log_metric("module", 1)\n' +
      'for mlflow in loggers:\n    mlflow.log_metric("loop", 1)\nimport mlflow\nmlflow = Fake()\nmlflow.log_metric("fake", 1)\n',
    ['mlflow metric module @3:18-3:26'],
  ],
  [
    'MlflowClient: the key is the second argument',
    'from mlflow import MlflowClient\nimport mlflow\nMlflowClient().log_metric(run.info.run_id, "m", 1)\n' +
      'client = mlflow.tracking.MlflowClient()\nclient.log_param(rid, key="p", value=1)\nclient.log_metric("not_a_key")\n',
    ['mlflow metric m @2:43-2:46', 'mlflow param p @4:26-4:29'],
  ],
  [
    'DVCLive: with-as, assignment, self attribute, factory function, annotation',
    'from dvclive import Live\nimport dvclive\nwith Live("out") as live, open(p) as f:\n    live.log_metric("a", 1)\n' +
      'l2 = dvclive.Live()\nl2.log_params({"b": 1})\nclass T:\n    def __init__(self):\n        self.live = Live()\n' +
      '    def step(self):\n        self.live.log_param("c", 1)\ndef make(p):\n    return Live(p)\nwith make("x") as run:\n' +
      '    run.log_metric(name="d", val=1)\ndef g(lv: Live):\n    lv.log_metric("e", 1)\n',
    [
      'dvclive metric a @3:20-3:23',
      'dvclive param b @5:15-5:18',
      'dvclive param c @10:28-10:31',
      'dvclive metric d @14:24-14:27',
      'dvclive metric e @16:18-16:21',
    ],
  ],
  [
    'W&B: log, init config, config attribute / item / update, run object',
    'import wandb\nrun = wandb.init(project="p", config={"epochs": 3})\nwandb.log({"loss": 1})\n' +
      'wandb.config.lr = 0.1\nwandb.config["dropout"] = 0.2\nwandb.config.update({"opt": "adam"})\nrun.log({"acc": 1})\n' +
      'run.config.batch = 8\nx = wandb.config.lr\n',
    [
      'wandb param epochs @1:38-1:46',
      'wandb metric loss @2:11-2:17',
      'wandb param lr @3:13-3:15',
      'wandb param dropout @4:13-4:22',
      'wandb param opt @5:21-5:26',
      'wandb metric acc @6:9-6:14',
      'wandb param batch @7:11-7:16',
    ],
  ],
  [
    'Lightning: self.log in LightningModule subclasses only, through aliases and local subclasses',
    'import lightning as L\nimport pytorch_lightning as pl\nclass A(L.LightningModule):\n    def training_step(self, b):\n' +
      '        self.log("a", 1)\n        self.log_dict({"b": 1})\nclass B(A):\n    def validation_step(self, b):\n' +
      '        self.log(name="c", value=1)\nclass C(pl.LightningModule):\n    def s(me):\n        me.log("d", 1)\n' +
      'class Other:\n    def s(self):\n        self.log("no", 1)\n',
    [
      'lightning metric a @4:17-4:20',
      'lightning metric b @5:23-5:26',
      'lightning metric c @8:22-8:25',
      'lightning metric d @11:15-11:18',
    ],
  ],
  [
    'TensorBoard: torch and tensorboardX writers',
    'from torch.utils.tensorboard import SummaryWriter\nimport tensorboardX\nw = SummaryWriter("runs")\n' +
      'w.add_scalar("Loss/train", 1, 0)\nx = tensorboardX.SummaryWriter()\nx.add_scalars("lr", {"a": 1}, 0)\nw.add_image("img", i)\n',
    ['tensorboard metric Loss/train @3:13-3:25', 'tensorboard metric lr @5:14-5:18'],
  ],
  [
    'the scaffolded tracking module: start_run and Tracker annotations',
    'from demo.tracking import Tracker, start_run\nwith start_run("m", D) as run:\n    run.log_params({"seed": 1})\n' +
      'def curve(run: Tracker):\n    run.log_metrics({"train/loss": 1}, step=2)\n',
    ['scaffold param seed @2:20-2:26', 'scaffold metric train/loss @4:21-4:33'],
  ],
];

for (const [name, source, expected] of CASES) {
  test(`logCalls: ${name}`, () => {
    const scan = findLogCalls(source);
    assert.equal(scan.error, undefined);
    assert.deepEqual(scan.calls.map(show), expected);
  });
}

test('logCalls: the call range spans the whole call, across lines; CRLF keeps lines and columns', () => {
  const [call] = findLogCalls('import mlflow\r\nif x:\r\n    mlflow.log_metric(\r\n  "k",\r\n  1)\r\n').calls;
  assert.deepEqual(call.callRange, { start: { line: 2, character: 4 }, end: { line: 4, character: 4 } });
  assert.deepEqual(call.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 5 } });
});

test('logCalls: columns count UTF-16 units after non-ASCII text', () => {
  const [call] = findLogCalls('import mlflow\nx = "𝔘"; mlflow.log_metric("k", 1)\n').calls;
  assert.deepEqual(call.range.start, { line: 1, character: 28 });
});

test('logCalls: untokenizable source gives an error and no calls, never a throw', () => {
  for (const source of ['import mlflow\nmlflow.log_metric("a', 'mlflow.log_metric(("a", 1)\n', '"""open']) {
    const scan = findLogCalls(source);
    assert.deepEqual(scan.calls, []);
    assert.match(scan.error ?? '', /unterminated|unclosed/);
  }
});
