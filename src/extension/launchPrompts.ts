// The questions a launch asks before it runs: MLproject parameter values (checked by type as they
// are typed) and the params of a DVC experiment with their new values.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExperimentParam } from '../core/launch/experimentParams';
import { setParamArg } from '../core/launch/plans';
import {
  checkParameterValue,
  hydraPrefill,
  hydraValue,
  mlprojectArguments,
  mlprojectType,
  type ValueProblem,
} from '../core/launch/values';
import type { MlprojectEntryPoint, MlprojectParameter } from '../core/pipeline/model';

/** Asks each parameter of `entry` in turn; undefined when the user cancels. */
export async function askMlprojectValues(
  entry: MlprojectEntryPoint,
): Promise<Record<string, string> | undefined> {
  const answers: Record<string, string> = {};
  for (const [index, parameter] of entry.parameters.entries()) {
    const answer = await vscode.window.showInputBox({
      title: vscode.l10n.t('{0}: parameter {1} of {2}', entry.name, index + 1, entry.parameters.length),
      prompt: parameterPrompt(parameter),
      value: parameter.default ?? '',
      placeHolder:
        parameter.default === null ? vscode.l10n.t('required') : vscode.l10n.t('empty uses the default'),
      ignoreFocusOut: true,
      validateInput: (value) => {
        const problem = checkParameterValue(parameter, value);
        return problem
          ? { message: problemMessage(problem), severity: vscode.InputBoxValidationSeverity.Error }
          : undefined;
      },
    });
    if (answer === undefined) return undefined;
    answers[parameter.name] = answer;
  }
  return mlprojectArguments(entry.parameters, answers);
}

function parameterPrompt(parameter: MlprojectParameter): string {
  const type = mlprojectType(parameter.type);
  const meaning =
    type === 'float'
      ? vscode.l10n.t('a number')
      : type === 'int'
        ? vscode.l10n.t('a whole number')
        : type === 'path'
          ? vscode.l10n.t('a local path or a URI')
          : type === 'uri'
            ? vscode.l10n.t('a URI such as s3://bucket/key or file:///data')
            : vscode.l10n.t('text');
  return parameter.default === null
    ? vscode.l10n.t('{0} ({1}): {2}', parameter.name, parameter.type, meaning)
    : vscode.l10n.t(
        '{0} ({1}, default {2}): {3}',
        parameter.name,
        parameter.type,
        parameter.default,
        meaning,
      );
}

export function problemMessage(problem: ValueProblem): string {
  switch (problem) {
    case 'required':
      return vscode.l10n.t('This parameter has no default: give a value.');
    case 'not-a-number':
      return vscode.l10n.t('Not a number (e.g. 0.1, 1e-3).');
    case 'not-an-integer':
      return vscode.l10n.t('Not a whole number.');
    case 'not-a-uri':
      return vscode.l10n.t('Not a URI: it needs a scheme such as s3://, gs:// or file://.');
  }
}

/**
 * Lets the user tick params and type a value for each; returns the `-S` arguments for a DVC run in
 * `cwd`, or undefined when cancelled.
 */
export async function askExperimentOverrides(
  params: readonly ExperimentParam[],
  cwd: string,
): Promise<string[] | undefined> {
  type ParamItem = vscode.QuickPickItem & { param: ExperimentParam };
  const items: ParamItem[] = params.map((param) => ({
    label: param.key,
    description: param.value === undefined ? vscode.l10n.t('(not set)') : `= ${hydraPrefill(param.value)}`,
    detail: path.relative(cwd, param.file).split(path.sep).join('/'),
    param,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Run Experiment: choose the params to change'),
    placeHolder: vscode.l10n.t('Tick one or more params, then press Enter'),
    canPickMany: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!picked || picked.length === 0) return undefined;
  const overrides: string[] = [];
  for (const { param } of picked) {
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Run Experiment: {0}', param.key),
      prompt: vscode.l10n.t('New value for {0} (Hydra syntax: 0.1, true, [1, 2], text)', param.key),
      value: param.value === undefined ? '' : hydraPrefill(param.value),
      ignoreFocusOut: true,
      validateInput: (value) =>
        value.trim() === '' && typeof param.value !== 'string'
          ? { message: vscode.l10n.t('Give a value.'), severity: vscode.InputBoxValidationSeverity.Error }
          : undefined,
    });
    if (typed === undefined) return undefined;
    overrides.push(
      setParamArg({ file: param.file, key: param.key, value: hydraValue(typed, param.value) }, cwd),
    );
  }
  return overrides;
}
