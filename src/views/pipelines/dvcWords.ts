// DVC's status words ("changed deps, params", "missing outs", "not in cache", "modified"), as
// `dvc status` prints them and core/pipeline reports them, in VS Code's display language. English
// comes out exactly as DVC's words; deps, outs and params stay as the dvc.yaml keys they are.
import * as vscode from 'vscode';
import { parseDvcDetail, splitDvcReason } from './dvcDetail';

/** A thing DVC says changed: a dvc.yaml key as written, or a word to translate. */
function dvcObject(word: string): string {
  return word === 'command' ? vscode.l10n.t('command') : word;
}

/** A whole DVC phrase: a path's or data file's change, or a stage's flag. Unknown words are kept. */
export function dvcPhrase(phrase: string): string {
  switch (phrase) {
    case 'always changed':
      return vscode.l10n.t('always changed');
    case 'not in cache':
      return vscode.l10n.t('not in cache');
    case 'modified':
      return vscode.l10n.t('modified');
    case 'new':
      return vscode.l10n.t('new');
    case 'deleted':
      // Not the run status "deleted": in Spanish the two agree with different nouns.
      return vscode.l10n.t({ message: 'deleted', comment: ['DVC status of a file or path'] });
    default:
      return phrase;
  }
}

/** "changed deps, params, missing outs" (statusSummary's detail) in words, group by group. */
export function describeDvcDetail(detail: string): string {
  return parseDvcDetail(detail)
    .map((part) => {
      if ('phrase' in part) return dvcPhrase(part.phrase);
      const objects = part.objects.map(dvcObject).join(', ');
      return part.verb === 'changed'
        ? vscode.l10n.t('changed {0}', objects)
        : vscode.l10n.t('missing {0}', objects);
    })
    .join(', ');
}

/** A reason line ("changed deps: src/prepare.py (modified)"): its category and change in words. */
export function describeDvcReason(reason: string): string {
  const { category, middle, change } = splitDvcReason(reason);
  return `${describeDvcDetail(category)}${middle}${change ? `(${dvcPhrase(change)})` : ''}`;
}
