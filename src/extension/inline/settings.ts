// The `mlopsLens.inline.*` settings.
import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../config';

export interface InlineSettings {
  /** Hints after changed values in params files. */
  params: boolean;
  /** Hints after changed metrics in metrics files. */
  metrics: boolean;
  /** Hovers with a key's history. */
  hovers: boolean;
  /** The CodeLens at the top of params and metrics files. */
  codeLens: boolean;
  /** How many commits and experiments the hover lists. */
  historyLength: number;
}

export const INLINE_SECTION = `${CONFIG_SECTION}.inline`;

export function readInlineSettings(): InlineSettings {
  const config = vscode.workspace.getConfiguration(INLINE_SECTION);
  const length = config.get<number>('historyLength', 10);
  return {
    params: config.get<boolean>('params', true) !== false,
    metrics: config.get<boolean>('metrics', true) !== false,
    hovers: config.get<boolean>('hovers', true) !== false,
    codeLens: config.get<boolean>('codeLens', true) !== false,
    historyLength: Number.isFinite(length) ? Math.max(1, Math.min(100, Math.round(length))) : 10,
  };
}
