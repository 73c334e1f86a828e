// A minimal DOM for the webview render tests: enough for the render code, and loud if anything tries
// to parse HTML or to write an attribute the webview's CSP or text-only rendering forbids.
import { strict as assert } from 'node:assert';

export type FakeChild = FakeElement | FakeText;
type Listener = (event: Event) => void;

/** Hostile user data: it must come out of every render as text, never as markup. */
export const EVIL_NAME = '<img src=x onerror=alert(1)>';
export const EVIL_VALUE = '</script><script>alert(1)</script>';

/** Every UI string as «key», so that a test sees which string a text came from. */
export function markedStrings<K extends string>(keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(keys.map((key) => [key, `«${key}»`])) as Record<K, string>;
}

const escapeText = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export class FakeText {
  constructor(readonly data: string) {}
  get textContent(): string {
    return this.data;
  }
  serialize(): string {
    return escapeText(this.data);
  }
}

export class FakeElement {
  readonly attributes = new Map<string, string>();
  children: FakeChild[] = [];
  readonly listeners = new Map<string, Listener[]>();
  /** Styles set through the CSSOM (the CSP allows these, unlike a `style` attribute). */
  readonly style: Record<string, string> = {};
  value = '';
  constructor(readonly tagName: string) {}
  set className(value: string) {
    this.setAttribute('class', value);
  }
  get className(): string {
    return this.attributes.get('class') ?? '';
  }
  set textContent(value: string) {
    this.children = [new FakeText(String(value))];
  }
  get textContent(): string {
    return this.children.map((c) => c.textContent).join('');
  }
  set innerHTML(_: string) {
    throw new Error('innerHTML must not be used');
  }
  set outerHTML(_: string) {
    throw new Error('outerHTML must not be used');
  }
  insertAdjacentHTML(): never {
    throw new Error('insertAdjacentHTML must not be used');
  }
  setAttribute(name: string, value: string): void {
    assert.match(name, /^[a-z][a-z0-9-]*$/, 'attribute names are static');
    assert.ok(!/^on/i.test(name), `no event handler attribute: ${name}`);
    assert.notEqual(name, 'style', 'no inline style attribute (CSP)');
    assert.notEqual(name, 'href', 'no links built from data');
    assert.notEqual(name, 'src', 'no sources built from data');
    this.attributes.set(name, String(value));
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  hasAttribute(name: string): boolean {
    return this.attributes.has(name);
  }
  toggleAttribute(name: string, force: boolean): void {
    if (force) this.attributes.set(name, '');
    else this.attributes.delete(name);
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  append(...nodes: (FakeChild | string)[]): void {
    for (const node of nodes) this.children.push(typeof node === 'string' ? new FakeText(node) : node);
  }
  replaceChildren(...nodes: (FakeChild | string)[]): void {
    this.children = [];
    this.append(...nodes);
  }
  /** Calls the listeners of `type`; `extra` adds to (or replaces) the event's fields. */
  fire(type: string, extra: Record<string, unknown> = {}): void {
    for (const listener of this.listeners.get(type) ?? [])
      listener({ type, currentTarget: this, ...extra } as unknown as Event);
  }
  *walk(): Generator<FakeElement> {
    yield this;
    for (const child of this.children) if (child instanceof FakeElement) yield* child.walk();
  }
  find(predicate: (el: FakeElement) => boolean): FakeElement[] {
    return [...this.walk()].filter(predicate);
  }
  /** The element as HTML, text and attribute values escaped: what a browser would show. */
  serialize(): string {
    const attrs = [...this.attributes].map(([k, v]) => ` ${k}="${escapeText(v).replace(/"/g, '&quot;')}"`);
    return `<${this.tagName}${attrs.join('')}>${this.children.map((c) => c.serialize()).join('')}</${this.tagName}>`;
  }
}

export const fakeDocument = {
  createElement: (tag: string) => new FakeElement(tag.toLowerCase()),
  createTextNode: (text: string) => new FakeText(text),
} as unknown as Document;

export const asFake = (node: unknown): FakeElement => node as FakeElement;
