import assert from 'node:assert/strict';
import test from 'node:test';
import {
  checkParameterValue,
  hydraPrefill,
  hydraValue,
  mlprojectArguments,
  mlprojectType,
} from '../../src/core/launch/values';
import type { MlprojectParameter } from '../../src/core/pipeline/model';

const param = (type: string, def: string | null = null): MlprojectParameter => ({
  name: 'p',
  type,
  default: def,
});

test('MLproject types: MLflow names plus the int spellings projects use; unknown types act as string', () => {
  assert.equal(mlprojectType('float'), 'float');
  assert.equal(mlprojectType(' Float '), 'float');
  assert.equal(mlprojectType('int'), 'int');
  assert.equal(mlprojectType('integer'), 'int');
  assert.equal(mlprojectType('path'), 'path');
  assert.equal(mlprojectType('uri'), 'uri');
  assert.equal(mlprojectType('string'), 'string');
  assert.equal(mlprojectType('whatever'), 'string');
});

test('float accepts what Python float() accepts', () => {
  for (const ok of ['1', '-2.5', '+.5', '5.', '1e-3', '2E+10', '1_000.5', 'inf', '-Infinity', 'nan', ' 3 ']) {
    assert.equal(checkParameterValue(param('float'), ok), undefined, ok);
  }
  for (const bad of ['abc', '1.2.3', '1e', '0x10', '1__0', '--1', '.']) {
    assert.equal(checkParameterValue(param('float'), bad), 'not-a-number', bad);
  }
});

test('int accepts whole numbers only', () => {
  assert.equal(checkParameterValue(param('int'), '42'), undefined);
  assert.equal(checkParameterValue(param('int'), '-7'), undefined);
  assert.equal(checkParameterValue(param('int'), '1.5'), 'not-an-integer');
  assert.equal(checkParameterValue(param('int'), 'ten'), 'not-an-integer');
});

test('uri needs a scheme, path and string take anything non-empty', () => {
  assert.equal(checkParameterValue(param('uri'), 's3://bucket/key'), undefined);
  assert.equal(checkParameterValue(param('uri'), 'file:///tmp/x'), undefined);
  assert.equal(checkParameterValue(param('uri'), 'relative/dir'), 'not-a-uri');
  assert.equal(checkParameterValue(param('path'), 'data/train.csv'), undefined);
  assert.equal(checkParameterValue(param('string'), 'any text, really'), undefined);
});

test('empty means the default: fine with one, required without', () => {
  assert.equal(checkParameterValue(param('float', '0.1'), ''), undefined);
  assert.equal(checkParameterValue(param('float'), '  '), 'required');
  assert.equal(checkParameterValue(param('string'), ''), 'required');
});

test('-P values: empty answers are left out so MLflow uses the default; numbers trimmed', () => {
  const parameters: MlprojectParameter[] = [
    { name: 'alpha', type: 'float', default: '0.5' },
    { name: 'epochs', type: 'int', default: '10' },
    { name: 'label', type: 'string', default: null },
  ];
  assert.deepEqual(mlprojectArguments(parameters, { alpha: ' 0.1 ', epochs: '', label: ' keep spaces ' }), {
    alpha: '0.1',
    label: ' keep spaces ',
  });
});

test('Hydra values: strings quoted when Hydra would split them, other types passed as typed', () => {
  assert.equal(hydraValue('0.01', 0.1), '0.01');
  assert.equal(hydraValue(' [64, 32] ', [1, 2]), '[64, 32]');
  assert.equal(hydraValue('true', false), 'true');
  assert.equal(hydraValue('cnn', 'mlp'), 'cnn');
  assert.equal(hydraValue('data/train.csv', 'x'), 'data/train.csv');
  assert.equal(hydraValue('cnn v2', 'mlp'), "'cnn v2'");
  assert.equal(hydraValue('a,b', 'mlp'), "'a,b'");
  assert.equal(hydraValue('', 'mlp'), "''");
  assert.equal(hydraValue("it's", 'mlp'), `"it's"`);
  assert.equal(hydraValue(`it's "x"`, 'mlp'), `'it\\'s "x"'`);
  assert.equal(hydraValue('C:\\dir\\', 'x'), "'C:\\dir\\\\'");
});

test('Hydra prefill: strings as they are, other values as JSON', () => {
  assert.equal(hydraPrefill('cnn'), 'cnn');
  assert.equal(hydraPrefill(0.1), '0.1');
  assert.equal(hydraPrefill(true), 'true');
  assert.equal(hydraPrefill(null), 'null');
  assert.equal(hydraPrefill([1, 2]), '[1,2]');
});
