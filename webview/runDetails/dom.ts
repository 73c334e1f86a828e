// The Run details panel's own DOM pieces, on top of the shared builder (../shared/dom).
import type { UiStrings, WebviewMessage } from '../../src/views/runDetails/protocol';
import { iconButton } from '../shared/dom';

/** What rendered controls may do: message the host, or announce a result to assistive technology. */
export interface Actions {
  post(message: WebviewMessage): void;
  announce(text: string): void;
}

export function copyButton(
  doc: Document,
  text: string,
  strings: UiStrings,
  actions: Actions,
  focusKey: string,
): HTMLButtonElement {
  const copy = (): void => {
    actions.post({ type: 'copy', text });
    actions.announce(strings.copied);
  };
  return iconButton(doc, 'codicon-copy', strings.copy, copy, {
    iconOnly: true,
    attrs: { 'data-focus-key': focusKey },
  });
}
