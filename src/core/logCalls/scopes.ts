// What names stand for while the detector walks a file top to bottom: imports, logging objects
// (`live = Live()`), and anything else that shadows them (`mlflow = FakeLogger()`, a parameter).
import { CONSTRUCTORS, LOG_FUNCTIONS, MODULE_INSTANCES, type InstanceKind } from './library';

export type Value =
  /** A module, function or class by the dotted path its import resolves to. */
  | { t: 'path'; path: string }
  /** A logging object, or one of its attributes (`member`: '' for the object, 'config', …). */
  | { t: 'instance'; kind: InstanceKind; member: string }
  /** A function of this file that returns a logging object (`def live(p): return Live(p)`). */
  | { t: 'factory'; kind: InstanceKind }
  /** A class of this file deriving from LightningModule. */
  | { t: 'lightningClass' }
  | { t: 'unknown' };

export const UNKNOWN: Value = { t: 'unknown' };

interface Scope {
  kind: 'module' | 'class' | 'function';
  /** The indentation of the `def`/`class` line; the body is what is indented further. */
  indent: number;
  names: Map<string, Value>;
  /** For classes: whether it derives from LightningModule. */
  lightning: boolean;
  /** For functions: its name, to mark it a factory when it returns a logging object. */
  name?: string;
}

export class Scopes {
  private readonly stack: Scope[] = [{ kind: 'module', indent: -1, names: new Map(), lightning: false }];

  /** Leaves the blocks a line at `indent` is not inside. */
  leaveTo(indent: number): void {
    while (this.stack.length > 1 && this.top.indent >= indent) this.stack.pop();
  }

  enter(kind: 'class' | 'function', indent: number, lightning = false, name?: string): void {
    this.stack.push({ kind, indent, names: new Map(), lightning, name });
  }

  /** `return <logging object>` in the innermost function: calling it gives such an object. */
  markFactory(kind: InstanceKind): void {
    const parent = this.stack[this.stack.length - 2];
    if (this.top.kind === 'function' && this.top.name && parent)
      parent.names.set(this.top.name, { t: 'factory', kind });
  }

  get top(): Scope {
    return this.stack[this.stack.length - 1];
  }

  /** The class whose method body this is, when the innermost scope is a method being entered. */
  get enclosingClass(): Scope | undefined {
    const parent = this.stack[this.stack.length - 2];
    return this.top.kind === 'function' && parent?.kind === 'class' ? parent : undefined;
  }

  bind(name: string, value: Value): void {
    this.top.names.set(name, value);
  }

  /** `self.x = …`: kept on the class, so that its other methods see it. */
  bindAttribute(dotted: string, value: Value): void {
    const owner = [...this.stack].reverse().find((s) => s.kind === 'class') ?? this.top;
    owner.names.set(dotted, value);
  }

  /** A plain name, as Python resolves it: enclosing class bodies are not seen from methods. */
  lookup(name: string): Value | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const scope = this.stack[i];
      if (scope.kind === 'class' && i !== this.stack.length - 1) continue;
      const value = scope.names.get(name);
      if (value) return value;
    }
    return undefined;
  }

  /** A dotted attribute binding (`self.live`), from any enclosing scope. */
  lookupAttribute(dotted: string): Value | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const value = this.stack[i].names.get(dotted);
      if (value) return value;
    }
    return undefined;
  }

  /** `from module import *`: every known logging name directly in that module. */
  bindStar(module: string): void {
    const known = [
      ...Object.keys(LOG_FUNCTIONS),
      ...Object.keys(CONSTRUCTORS),
      ...Object.keys(MODULE_INSTANCES),
    ];
    for (const path of known) {
      const rest = path.startsWith(`${module}.`) ? path.slice(module.length + 1) : '';
      if (rest && !rest.includes('.')) this.bind(rest, { t: 'path', path });
    }
  }
}

/** What `value.name` is. */
export function attribute(value: Value, name: string): Value {
  if (value.t === 'path') {
    const path = `${value.path}.${name}`;
    const instance = MODULE_INSTANCES[path];
    return instance ? { t: 'instance', ...instance } : { t: 'path', path };
  }
  if (value.t === 'instance') return { ...value, member: value.member ? `${value.member}.${name}` : name };
  return UNKNOWN;
}
