import assert from 'node:assert/strict';
import * as path from 'node:path';
import test from 'node:test';
import {
  describePlan,
  directCmdPlan,
  dvcTarget,
  expRunPlan,
  makePlan,
  mlflowRunPlan,
  renderPlan,
  reproPlan,
  setParamArg,
} from '../../src/core/launch/plans';
import type { DvcStage, MakeTarget, MlprojectEntryPoint } from '../../src/core/pipeline/model';

const ROOT = path.resolve('/repo');
const DVC = '/venv/bin/dvc';

function stage(overrides: Partial<DvcStage> = {}): DvcStage {
  return {
    kind: 'dvc',
    dvcfile: path.join(ROOT, 'dvc.yaml'),
    name: 'train',
    cmd: ['python train.py'],
    wdir: ROOT,
    deps: ['train.py'],
    params: [],
    outs: [],
    frozen: false,
    line: 3,
    ...overrides,
  };
}

test('dvc repro: -s for the stage alone, plain target for "up to here", run beside the dvc.yaml', () => {
  const single = reproPlan(stage(), DVC, false);
  assert.equal(single.kind, 'dvc-stage');
  assert.equal(single.cwd, ROOT);
  assert.deepEqual(single.commands, [{ program: DVC, args: ['repro', '-s', 'train'] }]);
  assert.equal(renderPlan(single, 'posix'), '/venv/bin/dvc repro -s train');
  const upstream = reproPlan(stage(), DVC, true);
  assert.equal(upstream.kind, 'dvc-upstream');
  assert.deepEqual(upstream.commands, [{ program: DVC, args: ['repro', 'train'] }]);
  assert.equal(describePlan(upstream), 'dvc repro train');
});

test('nested dvc.yaml runs in its own folder; foreach items and groups are targets as named', () => {
  const nested = { dvcfile: path.join(ROOT, 'sub', 'project', 'dvc.yaml'), name: 'evaluate@test set' };
  const plan = reproPlan(nested, DVC, false);
  assert.equal(plan.cwd, path.join(ROOT, 'sub', 'project'));
  assert.equal(renderPlan(plan, 'posix'), "/venv/bin/dvc repro -s 'evaluate@test set'");
  assert.equal(renderPlan(plan, 'powershell'), "/venv/bin/dvc repro -s 'evaluate@test set'");
  assert.deepEqual(dvcTarget({ dvcfile: path.join(ROOT, 'dvc.yaml'), name: 'exports' }), {
    cwd: ROOT,
    target: 'exports',
  });
});

test('a DVC 0.x single-stage .dvc file is its own target', () => {
  assert.deepEqual(dvcTarget({ dvcfile: path.join(ROOT, 'data', 'prepare.dvc'), name: 'prepare' }), {
    cwd: path.join(ROOT, 'data'),
    target: 'prepare.dvc',
  });
});

test('without DVC the stage commands run in its wdir, in order, each verbatim', () => {
  const plan = directCmdPlan(
    stage({ cmd: ['python prep.py --out "data/x y"', 'echo done > log.txt'], wdir: path.join(ROOT, 'src') }),
  );
  assert.equal(plan.kind, 'dvc-cmd');
  assert.equal(plan.cwd, path.join(ROOT, 'src'));
  assert.equal(renderPlan(plan, 'posix'), 'python prep.py --out "data/x y" && echo done > log.txt');
});

test('dvc exp run: -S per override, the params file named unless it is params.yaml beside dvc.yaml', () => {
  const dvcfile = path.join(ROOT, 'dvc.yaml');
  const overrides = [
    { file: path.join(ROOT, 'params.yaml'), key: 'train.lr', value: '0.01' },
    { file: path.join(ROOT, 'conf', 'model.json'), key: 'layers', value: '[64,32]' },
  ];
  const plan = expRunPlan(
    dvcfile,
    'train',
    overrides.map((o) => setParamArg(o, ROOT)),
    DVC,
  );
  assert.equal(plan.cwd, ROOT);
  assert.deepEqual(plan.commands[0], {
    program: DVC,
    args: ['exp', 'run', 'train', '-S', 'train.lr=0.01', '-S', 'conf/model.json:layers=[64,32]'],
  });
  assert.equal(
    renderPlan(plan, 'posix'),
    "/venv/bin/dvc exp run train -S train.lr=0.01 -S 'conf/model.json:layers=[64,32]'",
  );
  const whole = expRunPlan(dvcfile, undefined, [], DVC);
  assert.deepEqual(whole.commands[0], { program: DVC, args: ['exp', 'run'] });
});

test('-S paths are relative to where DVC runs, also for a params file above it', () => {
  const cwd = path.join(ROOT, 'sub');
  assert.equal(setParamArg({ file: path.join(cwd, 'params.yaml'), key: 'a', value: '1' }, cwd), 'a=1');
  assert.equal(
    setParamArg({ file: path.join(ROOT, 'params.yaml'), key: 'a', value: '1' }, cwd),
    '../params.yaml:a=1',
  );
});

const ENTRY: MlprojectEntryPoint = {
  kind: 'mlproject',
  file: path.join(ROOT, 'MLproject'),
  name: 'main',
  command: 'python train.py {alpha}',
  parameters: [{ name: 'alpha', type: 'float', default: '0.5' }],
  line: 4,
};

test('mlflow run . -e <entry> -P k=v with the env manager (none for "project")', () => {
  const plan = mlflowRunPlan(ENTRY, { alpha: '0.1', data: 'my data.csv' }, 'mlflow', 'local');
  assert.equal(plan.cwd, ROOT);
  assert.equal(
    renderPlan(plan, 'posix'),
    "mlflow run . -e main -P alpha=0.1 -P 'data=my data.csv' --env-manager local",
  );
  const project = mlflowRunPlan(ENTRY, {}, 'mlflow', 'project');
  assert.deepEqual(project.commands[0], { program: 'mlflow', args: ['run', '.', '-e', 'main'] });
});

test('make <target> beside the Makefile, -f for other file names', () => {
  const target: MakeTarget = {
    kind: 'make',
    file: path.join(ROOT, 'Makefile'),
    name: 'train',
    command: 'make train',
    line: 7,
  };
  assert.equal(renderPlan(makePlan(target), 'posix'), 'make train');
  const other = { ...target, file: path.join(ROOT, 'build', 'ml.mk') };
  const plan = makePlan(other);
  assert.equal(plan.cwd, path.join(ROOT, 'build'));
  assert.equal(renderPlan(plan, 'posix'), 'make -f ml.mk train');
});

test('describePlan shows tool names, not the environment paths', () => {
  const plan = reproPlan(stage(), 'C:\\Users\\me\\venv\\Scripts\\dvc.exe', false);
  assert.equal(describePlan(plan), 'dvc repro -s train');
  assert.equal(renderPlan(plan, 'powershell'), 'C:\\Users\\me\\venv\\Scripts\\dvc.exe repro -s train');
});
