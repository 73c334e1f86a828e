// Tiny DOM builder. Text goes through `textContent`/text nodes only: user data is never parsed as HTML.
import type { UiStrings, WebviewMessage } from '../../src/views/runDetails/protocol';

/** What rendered controls may do: message the host, or announce a result to assistive technology. */
export interface Actions {
  post(message: WebviewMessage): void;
  announce(text: string): void;
}

export type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  text?: string;
  attrs?: Record<string, string>;
  on?: Partial<Record<'click' | 'input' | 'toggle' | 'keydown', (event: Event) => void>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (props.class) node.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  if (props.text !== undefined) node.textContent = props.text;
  for (const [type, listener] of Object.entries(props.on ?? {})) {
    if (listener) node.addEventListener(type, listener);
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

export function icon(doc: Document, name: string): HTMLElement {
  return h(doc, 'span', { class: `codicon ${name}`, attrs: { 'aria-hidden': 'true' } });
}

/** A button with a codicon and an accessible label (shown as tooltip when `iconOnly`). */
export function iconButton(
  doc: Document,
  codicon: string,
  label: string,
  onClick: () => void,
  options: { iconOnly?: boolean; focusKey?: string } = {},
): HTMLButtonElement {
  const attrs: Record<string, string> = { type: 'button', title: label, 'aria-label': label };
  if (options.focusKey) attrs['data-focus-key'] = options.focusKey;
  return h(
    doc,
    'button',
    { class: options.iconOnly ? 'icon-button' : 'text-button', attrs, on: { click: onClick } },
    icon(doc, codicon),
    options.iconOnly ? null : h(doc, 'span', { text: label }),
  );
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
  return iconButton(doc, 'codicon-copy', strings.copy, copy, { iconOnly: true, focusKey });
}
