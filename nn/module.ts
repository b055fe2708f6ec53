// Module with PyTorch's behaviour: assigning a Module or a Parameter to a field
// registers it (in assignment order), a module assigned under two names is one
// shared module, `call` runs `forward` inside the module's scope while calling
// `forward` directly does not, and `toString()` is PyTorch's repr.

import { ArgumentError, ShapeError } from '../core/errors.js';
import { Parameter, Tensor } from '../core/tensor.js';
import { traceSink } from '../core/dispatch.js';

// Registration happens in these traps so that `this.conv1 = new Conv2d(...)`
// works as in PyTorch, whether TypeScript emits a field definition or a set.
const REGISTRAR: ProxyHandler<Module> = {
  set(target, key, value, receiver) {
    if (typeof key === 'string' && target.registerAttribute(key, value)) return true;
    return Reflect.set(target, key, value, receiver);
  },
  defineProperty(target, key, descriptor) {
    // A subclass field declaration re-defines an inherited field as undefined
    // before its constructor runs; that must not unregister what the base set.
    if (typeof key === 'string' && descriptor.value === undefined && target.isRegistered(key)) return true;
    if (typeof key === 'string' && 'value' in descriptor && target.registerAttribute(key, descriptor.value)) {
      return true;
    }
    return Reflect.defineProperty(target, key, descriptor);
  },
};

// Each module is used through a Proxy (so assignments register); hot internal
// reads go to the object behind it, which is much faster to read.
const TARGETS = new WeakMap<object, Module>();

/** The plain object behind a module's registering proxy. */
export function moduleTarget(m: Module): Module {
  return TARGETS.get(m) ?? m;
}

export class Module {
  training = true;
  readonly _modules: Map<string, Module | null> = new Map();
  readonly _parameters: Map<string, Parameter | null> = new Map();
  readonly _buffers: Map<string, Tensor | null> = new Map();

  constructor() {
    // Subclass fields and assignments then go through the registrar.
    const proxy = new Proxy(this, REGISTRAR);
    TARGETS.set(proxy, this);
    return proxy;
  }

  /** Registers modules and parameters on assignment; returns false for plain values. */
  registerAttribute(key: string, value: unknown): boolean {
    if (value instanceof Module) {
      this._parameters.delete(key);
      this._modules.set(key, value);
    } else if (value instanceof Parameter) {
      this._modules.delete(key);
      this._parameters.set(key, value);
    } else if (this._modules.has(key) && (value === null || value === undefined)) {
      this._modules.set(key, null);
    } else if (this._parameters.has(key) && (value === null || value === undefined)) {
      this._parameters.set(key, null);
    } else if (this._buffers.has(key) && (value === null || value instanceof Tensor)) {
      this._buffers.set(key, (value as Tensor | null) ?? null);
    } else {
      return false;
    }
    Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
    return true;
  }

  isRegistered(key: string): boolean {
    return this._modules.has(key) || this._parameters.has(key) || this._buffers.has(key);
  }

  registerModule(name: string, module: Module | null): void {
    if (name === '' || name.includes('.')) throw new ArgumentError(this.typeName(), 'module name', name, 'a non-empty name without "."');
    this._modules.set(name, module);
    Object.defineProperty(this, name, { value: module, writable: true, enumerable: true, configurable: true });
  }

  addModule(name: string, module: Module | null): void {
    this.registerModule(name, module);
  }

  registerParameter(name: string, param: Parameter | null): void {
    this._parameters.set(name, param);
    Object.defineProperty(this, name, { value: param, writable: true, enumerable: true, configurable: true });
  }

  /** Buffers (running statistics) are state, not parameters: never counted. */
  registerBuffer(name: string, tensor: Tensor | null): void {
    this._buffers.set(name, tensor);
    Object.defineProperty(this, name, { value: tensor, writable: true, enumerable: true, configurable: true });
  }

  /** Runs `forward` inside this module's scope: ops it runs are attributed to it. */
  call<M extends Module>(this: M, ...args: Parameters<M['forward']>): ReturnType<M['forward']> {
    const sink = traceSink();
    if (sink !== null) sink.enterModule(this);
    try {
      return (this.forward as (...a: unknown[]) => ReturnType<M['forward']>)(...args);
    } catch (e) {
      if (e instanceof ShapeError && e.module === undefined) e.module = this;
      throw e;
    } finally {
      if (sink !== null) sink.exitModule(this);
    }
  }

  forward(..._args: unknown[]): unknown {
    throw new ArgumentError(this.typeName(), 'forward', undefined, 'implemented by the subclass');
  }

  /** PyTorch's `_get_name()`: the class name. */
  typeName(): string {
    return this.constructor.name;
  }

  /** The per-module text inside the repr's parentheses. */
  extraRepr(): string {
    return '';
  }

  /**
   * The whole repr, for classes that override Python's `__repr__` (torchvision's
   * StochasticDepth); null keeps PyTorch's usual repr. The architecture view
   * ignores it, as the reference rebuilds every module's repr from extra_repr.
   */
  customRepr(): string | null {
    return null;
  }

  train(mode = true): this {
    this.training = mode;
    for (const m of this._modules.values()) m?.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  *namedChildren(): IterableIterator<[string, Module]> {
    const seen = new Set<Module>();
    for (const [name, m] of this._modules) {
      if (m !== null && !seen.has(m)) {
        seen.add(m);
        yield [name, m];
      }
    }
  }

  *children(): IterableIterator<Module> {
    for (const [, m] of this.namedChildren()) yield m;
  }

  // The walks below read the live tree on every call (nothing is cached, so
  // they never go stale); analyses take one snapshot (trace/model_tree.ts).

  /** Every module once, depth first, under its first name (PyTorch's `named_modules`). */
  namedModules(): [string, Module][] {
    return walkModules(this, false);
  }

  /** Every module under every name it is registered under, shared ones repeated. */
  namedModulesWithDuplicates(): [string, Module][] {
    return walkModules(this, true);
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Every parameter once, under its first name (PyTorch's `named_parameters`). */
  namedParameters(): [string, Parameter][] {
    return namedTensors(this, (m) => m._parameters);
  }

  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  namedBuffers(): [string, Tensor][] {
    return namedTensors(this, (m) => m._buffers);
  }

  /** `get_submodule('layer1.0.conv1')`. */
  getSubmodule(target: string): Module {
    if (target === '') return this;
    let m: Module = this;
    for (const part of target.split('.')) {
      const next = m._modules.get(part);
      if (!next) throw new ArgumentError(this.typeName(), 'target', target, 'the name of a submodule');
      m = next;
    }
    return m;
  }

  toString(): string {
    return moduleRepr(this);
  }
}

/**
 * Depth-first walk, children in registration order; optionally skipping
 * repeats. Iterative, so that very deep models do not overflow the stack.
 */
function walkModules(root: Module, withDuplicates: boolean): [string, Module][] {
  const out: [string, Module][] = [];
  const seen = new Set<Module>();
  // Every module on the path to the one being visited: with repeats a cycle
  // would never end (PyTorch recurses until it fails), so it is an error.
  const onPath = new Set<Module>();
  const stack: { readonly prefix: string; readonly module: Module; readonly children: Iterator<[string, Module | null]> }[] = [];
  const enter = (name: string, m: Module): void => {
    if (!withDuplicates) {
      if (seen.has(m)) return;
      seen.add(m);
    } else if (onPath.has(m)) {
      throw new ArgumentError(root.typeName(), 'submodule', name, 'a module that does not contain itself');
    }
    out.push([name, m]);
    onPath.add(m);
    stack.push({ prefix: name ? `${name}.` : '', module: m, children: m._modules.entries() });
  };
  enter('', root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const next = top.children.next();
    if (next.done === true) {
      stack.pop();
      onPath.delete(top.module);
      continue;
    }
    const [key, child] = next.value;
    if (child !== null) enter(top.prefix + key, child);
  }
  return out;
}

/** Parameters or buffers once each, under their first names, in named_modules order. */
function namedTensors<T extends Tensor>(root: Module, of: (m: Module) => ReadonlyMap<string, T | null>): [string, T][] {
  const seen = new Set<T>();
  const out: [string, T][] = [];
  for (const [prefix, m] of walkModules(root, false)) {
    for (const [k, t] of of(m)) {
      if (t === null || seen.has(t)) continue;
      seen.add(t);
      out.push([prefix ? `${prefix}.${k}` : k, t]);
    }
  }
  return out;
}

/**
 * PyTorch's `Module.__repr__`, with an optional extra line per module (looked up
 * by the path the walk reaches it by): the architecture view adds its
 * statistics this way. Lines are written with their final indentation, which
 * gives the text `_addindent` would without re-indenting nested strings.
 */
export function moduleRepr(module: Module, extraFor?: (path: string) => string): string {
  const lines: string[] = [];
  emitRepr(module, extraFor, '', '', '', lines);
  return lines.join('\n');
}

function emitRepr(
  proxied: Module,
  extraFor: ((path: string) => string) | undefined,
  path: string,
  indent: string,
  head: string,
  lines: string[],
): void {
  const module = moduleTarget(proxied);
  if (extraFor === undefined) {
    const custom = module.customRepr();
    if (custom !== null) {
      const [first = '', ...rest] = custom.split('\n');
      lines.push(`${indent}${head}${first}`, ...rest.map((l) => indent + l));
      return;
    }
  }
  const extraLines: string[] = [];
  const extra = module.extraRepr();
  if (extra) extraLines.push(...extra.split('\n'));
  if (extraFor) {
    const more = extraFor(path);
    if (more) extraLines.push(...more.split('\n'));
  }
  const open = `${indent}${head}${module.typeName()}(`;
  if (module._modules.size === 0 && extraLines.length <= 1) {
    lines.push(`${open}${extraLines[0] ?? ''})`);
    return;
  }
  lines.push(open);
  const inner = `${indent}  `;
  for (const l of extraLines) lines.push(inner + l);
  for (const [key, sub] of module._modules) {
    const subPath = path ? `${path}.${key}` : key;
    if (sub === null) lines.push(`${inner}(${key}): None`);
    else emitRepr(sub, extraFor, subPath, inner, `(${key}): `, lines);
  }
  lines.push(`${indent})`);
}
