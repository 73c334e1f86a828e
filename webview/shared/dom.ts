// Tiny DOM builder shared by every webview panel. Text goes through `textContent`/text nodes only:
// user data is never parsed as HTML.

export type Child = Node | string | null | undefined | false;

/** The events the panels listen to on the elements they build. */
type ListenedEvent = 'click' | 'input' | 'change' | 'dblclick' | 'toggle' | 'keydown';

export interface Props {
  class?: string;
  text?: string;
  attrs?: Record<string, string>;
  on?: Partial<Record<ListenedEvent, (event: Event) => void>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  props?: Props,
  ...children: Child[]
): HTMLElementTagNameMap[K];
export function h(doc: Document, tag: string, props?: Props, ...children: Child[]): HTMLElement;
export function h(doc: Document, tag: string, props: Props = {}, ...children: Child[]): HTMLElement {
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

/** A button with a codicon and an accessible label (shown as a tooltip when icon-only). */
export function iconButton(
  doc: Document,
  codicon: string,
  label: string,
  onClick: () => void,
  options: { iconOnly?: boolean; class?: string; attrs?: Record<string, string> } = {},
): HTMLButtonElement {
  const attrs: Record<string, string> = {
    type: 'button',
    title: label,
    'aria-label': label,
    ...options.attrs,
  };
  const kind = options.iconOnly ? 'icon-button' : 'text-button';
  return h(
    doc,
    'button',
    { class: options.class ? `${kind} ${options.class}` : kind, attrs, on: { click: onClick } },
    icon(doc, codicon),
    options.iconOnly ? null : h(doc, 'span', { text: label }),
  );
}
