import assert from 'node:assert/strict';
import test from 'node:test';
import { parseMetaYaml } from '../../src/core/sources/mlflow/flatYaml';

test('the flat meta.yaml MLflow writes', () => {
  const meta = parseMetaYaml(
    [
      'artifact_uri: file:///tmp/mlruns/1/abc/artifacts',
      'end_time: 1718000123456',
      "experiment_id: '1'",
      "entry_point_name: ''",
      'deleted_time: null',
      "run_name: 'it''s: 42'",
      'status: 3',
      'tags: []',
    ].join('\n'),
  );
  assert.deepEqual(meta, {
    artifact_uri: 'file:///tmp/mlruns/1/abc/artifacts',
    end_time: 1718000123456,
    experiment_id: '1',
    entry_point_name: '',
    deleted_time: null,
    run_name: "it's: 42",
    status: 3,
    tags: [],
  });
});

test('folded and nested YAML falls back to the full parser', () => {
  const meta = parseMetaYaml('name: a very long name\n  that was folded\ntags:\n  team: x\nflag: yes\n');
  assert.equal(meta.name, 'a very long name that was folded');
  assert.deepEqual(meta.tags, { team: 'x' });
  assert.equal(meta.flag, true);
});

test('a document that is not a mapping is an error', () => {
  assert.throws(() => parseMetaYaml('- a\n- b\n'), /not a mapping/);
});
