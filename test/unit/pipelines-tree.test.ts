import assert from 'node:assert/strict';
import * as path from 'node:path';
import test from 'node:test';
import type { DvcDataFile, DvcStage, PipelineItem, StageStatus } from '../../src/core/pipeline/model';
import { StagePathIndex, stagePaths } from '../../src/views/pipelines/affectedStages';
import {
  childNodes,
  countStatuses,
  dataFileSummary,
  groupName,
  parseReason,
  pathState,
  rootNodes,
  stageKey,
  statusSummary,
  type PipelineFile,
  type PipelineNode,
  type StatusEntry,
} from '../../src/views/pipelines/pipelineTreeModel';

const ROOT = path.resolve('/repo');
const DVC_YAML = path.join(ROOT, 'dvc.yaml');

function stage(name: string, overrides: Partial<DvcStage> = {}): DvcStage {
  return {
    kind: 'dvc',
    dvcfile: DVC_YAML,
    name,
    cmd: [`python ${name}.py`],
    wdir: ROOT,
    deps: [],
    params: [],
    outs: [],
    frozen: false,
    line: 1,
    ...overrides,
  };
}

const PREPARE = stage('prepare', {
  deps: ['data/raw.csv', 'src/prepare.py'],
  params: [{ file: 'params.yaml', keys: ['prepare.factor'] }],
  outs: [{ path: 'data/prepared', cache: true, persist: false, kind: 'outs' }],
  line: 2,
});
const TRAIN_ITEMS = ['cnn', 'mlp'].map((m) =>
  stage(`train@${m}`, {
    group: 'train',
    deps: ['data/prepared'],
    params: [{ file: 'params.yaml', keys: null }],
    outs: [
      { path: `models/${m}.pkl`, cache: true, persist: false, kind: 'outs' },
      { path: `metrics/${m}.json`, cache: false, persist: false, kind: 'metrics' },
    ],
    line: 11,
  }),
);
const FILES: PipelineFile[] = [
  {
    file: path.join(ROOT, 'Makefile'),
    kind: 'make',
    items: [{ kind: 'make', file: path.join(ROOT, 'Makefile'), name: 'lint', command: 'make lint', line: 3 }],
    problems: [],
  },
  {
    file: DVC_YAML,
    kind: 'dvc',
    items: [PREPARE, ...TRAIN_ITEMS],
    problems: [{ path: DVC_YAML, reason: "failed to parse stage 'x'" }],
  },
  {
    file: path.join(ROOT, 'MLproject'),
    kind: 'mlproject',
    items: [
      {
        kind: 'mlproject',
        file: path.join(ROOT, 'MLproject'),
        name: 'main',
        command: 'python main.py {alpha}',
        parameters: [{ name: 'alpha', type: 'float', default: '0.5' }],
        line: 4,
      },
    ],
    problems: [],
  },
];

const labels = (nodes: PipelineNode[]): string[] =>
  nodes.map((n) => {
    switch (n.kind) {
      case 'file':
        return `file ${path.basename(n.file.file)}`;
      case 'group':
        return `group ${n.name}`;
      case 'stage':
        return `stage ${n.stage.name}`;
      case 'section':
        return `section ${n.section}`;
      case 'path':
        return `path ${n.path}${n.detail ? ` [${n.detail}]` : ''}`;
      case 'entry':
        return `entry ${n.entry.name}`;
      case 'parameter':
        return `parameter ${n.parameter.name}`;
      case 'target':
        return `target ${n.target.name}`;
      case 'problem':
        return `problem ${n.problem.reason}`;
      case 'dataFiles':
        return `data files ${n.root}`;
      case 'dataFile':
        return `data file ${path.relative(n.dataFile.root, n.dataFile.file)}`;
    }
  });

test('files: dvc.yaml first, then MLproject, then Makefiles; problems lead a file', () => {
  const roots = rootNodes(FILES);
  assert.deepEqual(labels(roots), ['file dvc.yaml', 'file MLproject', 'file Makefile']);
  assert.deepEqual(labels(childNodes(roots[0])), [
    "problem failed to parse stage 'x'",
    'stage prepare',
    'group train',
  ]);
  assert.deepEqual(labels(childNodes(roots[1])), ['entry main']);
  assert.deepEqual(labels(childNodes(childNodes(roots[1])[0])), ['parameter alpha']);
  assert.deepEqual(labels(childNodes(roots[2])), ['target lint']);
});

function dataFile(relative: string, root = ROOT): DvcDataFile {
  const file = path.join(root, relative);
  return {
    kind: 'dvc-file',
    file,
    root,
    wdir: path.dirname(file),
    outs: [path.basename(relative, '.dvc')],
    deps: [],
    frozen: false,
  };
}

test('.dvc data files: one node per DVC project after the dvc.yaml files, files by path', () => {
  const nested = path.join(ROOT, 'nested');
  const dataFiles = [dataFile('data/raw.csv.dvc'), dataFile('models.dvc', nested), dataFile('data/a.dvc')];
  const roots = rootNodes(FILES, dataFiles);
  assert.deepEqual(labels(roots), [
    'file dvc.yaml',
    `data files ${ROOT}`,
    `data files ${nested}`,
    'file MLproject',
    'file Makefile',
  ]);
  assert.deepEqual(labels(childNodes(roots[1])), ['data file data/a.dvc', 'data file data/raw.csv.dvc']);
  assert.deepEqual(labels(childNodes(roots[2])), ['data file models.dvc']);
  assert.deepEqual(labels(rootNodes([], dataFiles.slice(0, 1))), [`data files ${ROOT}`]);
});

test("a data file's summary names what changed in DVC's words, each once", () => {
  const changed = known({
    state: 'changed',
    reasons: [],
    dvc: [
      { 'changed deps': { 'https://x/y.csv': 'modified' } },
      { 'changed outs': { 'data/a': 'not in cache', 'data/b': 'modified', 'data/c': 'not in cache' } },
      'always changed',
    ],
  });
  assert.deepEqual(dataFileSummary(changed), {
    word: 'changed',
    detail: 'modified, not in cache, always changed',
  });
  assert.deepEqual(dataFileSummary(known({ state: 'up-to-date', reasons: [], dvc: [] })), {
    word: 'up-to-date',
    detail: '',
  });
  const unreadable = known({ state: 'unknown', reasons: [], problems: [{ path: '/x', reason: 'r' }] });
  assert.deepEqual(dataFileSummary(unreadable), { word: 'unknown', detail: '' });
  assert.deepEqual(statusSummary(unreadable), { word: 'unknown', detail: '' });
});

test('foreach/matrix items sit under their group; stages list deps, params and outs with flags', () => {
  const [, prepareNode, groupNode] = childNodes(rootNodes(FILES)[0]);
  assert.deepEqual(labels(childNodes(groupNode)), ['stage train@cnn', 'stage train@mlp']);
  const sections = childNodes(prepareNode);
  assert.deepEqual(labels(sections), ['section deps', 'section params', 'section outs']);
  assert.deepEqual(labels(childNodes(sections[0])), ['path data/raw.csv', 'path src/prepare.py']);
  assert.deepEqual(labels(childNodes(sections[1])), ['path params.yaml [prepare.factor]']);
  const trainSections = childNodes(childNodes(groupNode)[0]);
  assert.deepEqual(labels(childNodes(trainSections[2])), [
    'path models/cnn.pkl',
    'path metrics/cnn.json [metric, cache: false]',
  ]);
  const outNode = childNodes(trainSections[2])[0];
  assert.equal(outNode.kind === 'path' && outNode.absolutePath, path.join(ROOT, 'models', 'cnn.pkl'));
});

test('group name from the model, else from the generated name', () => {
  assert.equal(groupName(TRAIN_ITEMS[0]), 'train');
  assert.equal(groupName({ name: 'evaluate@test' }), 'evaluate');
  assert.equal(groupName({ name: 'prepare' }), undefined);
});

const known = (status: StageStatus): StatusEntry => ({ state: 'known', status, root: ROOT });

test('status summary in DVC words, categories merged', () => {
  assert.deepEqual(statusSummary({ state: 'pending' }), { word: 'checking', detail: '' });
  assert.deepEqual(statusSummary({ state: 'error', reason: 'x' }), { word: 'unknown', detail: '' });
  assert.deepEqual(statusSummary(known({ state: 'up-to-date', reasons: [] })), {
    word: 'up-to-date',
    detail: '',
  });
  assert.deepEqual(statusSummary(known({ state: 'never-run', reasons: ['never run'] })), {
    word: 'never-run',
    detail: '',
  });
  const changed = known({
    state: 'changed',
    reasons: [
      'changed deps: data/raw.csv (modified)',
      'changed deps: src/prepare.py (modified)',
      'changed params: params.yaml: prepare.factor (modified)',
      'missing outs: data/prepared',
      'changed command',
    ],
  });
  assert.deepEqual(statusSummary(changed), {
    word: 'changed',
    detail: 'changed deps, params, missing outs, changed command',
  });
  assert.deepEqual(parseReason('changed params: params.yaml: lr (modified)'), {
    category: 'changed params',
    items: ['params.yaml: lr (modified)'],
  });
});

test('path state: from dvc status entries (project-root paths), missing files, or reason text', () => {
  const sub = path.join(ROOT, 'sub');
  const entry: StatusEntry = {
    state: 'known',
    root: ROOT,
    status: {
      state: 'changed',
      reasons: [],
      dvc: [
        { 'changed deps': { 'sub/data.csv': 'modified', 'sub/params.yaml': { lr: 'modified' } } },
        { 'changed outs': { 'sub/model.pkl': 'deleted' } },
      ],
    },
  };
  const at = (p: string) => ({ relative: p, absolute: path.join(sub, p) });
  assert.equal(pathState(entry, at('data.csv'), true), 'changed');
  assert.equal(pathState(entry, at('params.yaml'), true), 'changed');
  assert.equal(pathState(entry, at('model.pkl'), undefined), 'missing');
  assert.equal(pathState(entry, at('other.csv'), true), undefined);
  assert.equal(pathState({ state: 'pending' }, at('other.csv'), false), 'missing');
  const textOnly = known({
    state: 'changed',
    reasons: ['changed deps: data.csv (modified)', 'missing outs: model.pkl'],
  });
  assert.equal(pathState(textOnly, { relative: './data.csv', absolute: '' }, true), 'changed');
  assert.equal(pathState(textOnly, { relative: 'model.pkl', absolute: '' }, undefined), 'missing');
});

test('counts of changed, never-run, unknown and pending stages', () => {
  const statuses = new Map<string, StatusEntry>([
    [stageKey(PREPARE), known({ state: 'changed', reasons: ['changed deps: x'] })],
    [stageKey(TRAIN_ITEMS[0]), known({ state: 'never-run', reasons: ['never run'] })],
  ]);
  const counts = countStatuses(
    [PREPARE, ...TRAIN_ITEMS],
    (s) => statuses.get(stageKey(s)) ?? { state: 'pending' },
  );
  assert.deepEqual(counts, { total: 3, changed: 1, neverRun: 1, pending: 1, unknown: 0 });
  statuses.set(stageKey(TRAIN_ITEMS[1]), known({ state: 'unknown', reasons: [], problems: [] }));
  statuses.set(stageKey(TRAIN_ITEMS[0]), { state: 'error', reason: 'the status worker stopped' });
  assert.deepEqual(
    countStatuses([PREPARE, ...TRAIN_ITEMS], (s) => statuses.get(stageKey(s))!),
    { total: 3, changed: 1, neverRun: 0, pending: 0, unknown: 2 },
  );
});

test('a changed path concerns the stages naming it or a folder above it, dvc.lock all of its file', () => {
  const items: PipelineItem[] = [PREPARE, ...TRAIN_ITEMS];
  const index = new StagePathIndex(items.filter((i): i is DvcStage => i.kind === 'dvc'));
  const isPipelineFile = (f: string): boolean => path.basename(f) === 'dvc.yaml';
  const keys = (p: string): string[] => [...index.impact(p, isPipelineFile).stages].sort();
  assert.deepEqual(keys(path.join(ROOT, 'data', 'raw.csv')), [stageKey(PREPARE)]);
  // A file written inside the prepared folder: prepare's out and both train items' dep.
  assert.deepEqual(
    keys(path.join(ROOT, 'data', 'prepared', 'part-0.csv')),
    [stageKey(PREPARE), ...TRAIN_ITEMS.map(stageKey)].sort(),
  );
  assert.deepEqual(keys(path.join(ROOT, 'models', 'cnn.pkl')), [stageKey(TRAIN_ITEMS[0])]);
  assert.deepEqual(keys(path.join(ROOT, 'README.md')), []);
  assert.equal(keys(path.join(ROOT, 'dvc.lock')).length, 3);
  const yamlImpact = index.impact(DVC_YAML, isPipelineFile);
  assert.deepEqual([...yamlImpact.reread], [DVC_YAML]);
  // params.yaml beside dvc.yaml feeds its ${} values: read the dvc.yaml again, and recheck its users.
  const paramsImpact = index.impact(path.join(ROOT, 'params.yaml'), isPipelineFile);
  assert.deepEqual([...paramsImpact.reread], [DVC_YAML]);
  assert.equal(paramsImpact.stages.size, 3);
  assert.deepEqual(stagePaths(PREPARE), [
    path.join(ROOT, 'data', 'raw.csv'),
    path.join(ROOT, 'src', 'prepare.py'),
    path.join(ROOT, 'params.yaml'),
    path.join(ROOT, 'data', 'prepared'),
  ]);
});
