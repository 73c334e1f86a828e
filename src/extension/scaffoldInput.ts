// Multi-step quick input with a Back button and a step counter ("2/6"), for the New Project wizard
// and the Add DVC Stage questions. Each step resolves to a value, BACK, or undefined (cancelled).
import * as vscode from 'vscode';

export const BACK = Symbol('back');
export type Answer<T> = T | typeof BACK | undefined;

export interface StepPosition {
  title: string;
  step: number;
  totalSteps: number;
}

interface Common {
  placeholder?: string;
  /** Shows the Back button (not on the first step). */
  canGoBack: boolean;
}

type Decorated = vscode.QuickInput & { buttons: readonly vscode.QuickInputButton[] };

function decorate(input: Decorated, at: StepPosition, canGoBack: boolean): void {
  input.title = at.title;
  input.step = at.step;
  input.totalSteps = at.totalSteps;
  input.ignoreFocusOut = true;
  input.buttons = canGoBack ? [vscode.QuickInputButtons.Back] : [];
}

export interface PickOneOptions<T extends vscode.QuickPickItem> extends Common {
  active?: T;
  /**
   * Called on accepting an item; returning true keeps the picker open (e.g. to preview a file
   * without leaving the step).
   */
  keepOpen?: (item: T) => boolean | Promise<boolean>;
}

/** One item from a list. */
export function pickOne<T extends vscode.QuickPickItem>(
  at: StepPosition,
  items: readonly T[],
  options: PickOneOptions<T>,
): Promise<Answer<T>> {
  const pick = vscode.window.createQuickPick<T>();
  decorate(pick, at, options.canGoBack);
  pick.placeholder = options.placeholder;
  pick.items = items;
  if (options.active) pick.activeItems = [options.active];
  return new Promise<Answer<T>>((resolve) => {
    let settled = false;
    const finish = (answer: Answer<T>): void => {
      if (settled) return;
      settled = true;
      resolve(answer);
      pick.dispose();
    };
    pick.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish(BACK);
    });
    pick.onDidAccept(async () => {
      const [item] = pick.selectedItems;
      if (!item) return;
      if (options.keepOpen && (await options.keepOpen(item))) return;
      finish(item);
    });
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}

/** Any number of items, with the currently chosen ones checked. */
export function pickMany<T extends vscode.QuickPickItem>(
  at: StepPosition,
  items: readonly T[],
  options: Common & { selected: readonly T[] },
): Promise<Answer<T[]>> {
  const pick = vscode.window.createQuickPick<T>();
  decorate(pick, at, options.canGoBack);
  pick.canSelectMany = true;
  pick.placeholder = options.placeholder;
  pick.items = items;
  pick.selectedItems = options.selected;
  return new Promise<Answer<T[]>>((resolve) => {
    let settled = false;
    const finish = (answer: Answer<T[]>): void => {
      if (settled) return;
      settled = true;
      resolve(answer);
      pick.dispose();
    };
    pick.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish(BACK);
    });
    pick.onDidAccept(() => finish([...pick.selectedItems]));
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}

export interface InputTextOptions extends Common {
  value: string;
  prompt: string;
  /** An error message, or undefined when the value is fine. */
  validate: (value: string) => string | undefined;
  /** Shown below the box while the value is valid (e.g. the derived package name). */
  hint?: (value: string) => string | undefined;
}

/** A line of text, validated as it is typed; Enter is refused while it is invalid. */
export function inputText(at: StepPosition, options: InputTextOptions): Promise<Answer<string>> {
  const box = vscode.window.createInputBox();
  decorate(box, at, options.canGoBack);
  box.value = options.value;
  box.prompt = options.prompt;
  box.placeholder = options.placeholder;
  // An empty box is not judged before the user typed or pressed Enter: "the name is empty" as the
  // first thing a step says reads as a mistake already made.
  let touched = options.value !== '';
  const check = (value: string): string | undefined => {
    const error = options.validate(value);
    if (!touched) {
      box.validationMessage = undefined;
      return error;
    }
    const hint = error ? undefined : options.hint?.(value);
    box.validationMessage = error
      ? { message: error, severity: vscode.InputBoxValidationSeverity.Error }
      : hint
        ? { message: hint, severity: vscode.InputBoxValidationSeverity.Info }
        : undefined;
    return error;
  };
  return new Promise<Answer<string>>((resolve) => {
    let settled = false;
    const finish = (answer: Answer<string>): void => {
      if (settled) return;
      settled = true;
      resolve(answer);
      box.dispose();
    };
    box.onDidChangeValue((value) => {
      touched = true;
      check(value);
    });
    box.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish(BACK);
    });
    box.onDidAccept(() => {
      touched = true;
      if (check(box.value) === undefined) finish(box.value);
    });
    box.onDidHide(() => finish(undefined));
    check(box.value);
    box.show();
  });
}

/** A step of a flow: runs its question and says whether to go on, back, or stop. */
export type Step = (at: StepPosition, canGoBack: boolean) => Promise<'next' | typeof BACK | undefined>;

/**
 * Runs steps in order with back navigation. `steps` is asked again after every step, so later
 * steps may depend on earlier answers. Resolves true when the last step said 'next'.
 */
export async function runSteps(title: string, steps: () => readonly Step[]): Promise<boolean> {
  let index = 0;
  for (;;) {
    const current = steps();
    if (index >= current.length) return true;
    const outcome = await current[index]!({ title, step: index + 1, totalSteps: current.length }, index > 0);
    if (outcome === undefined) return false;
    index = outcome === BACK ? Math.max(0, index - 1) : index + 1;
  }
}
