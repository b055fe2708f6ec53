// Module with PyTorch's behaviour: assigning a Module or a Parameter to a field
// registers it (in assignment order), a module assigned under two names is one
// shared module, `call` runs `forward` inside the module's scope while calling
// `forward` directly does not, and `toString()` is PyTorch's repr.

import { ArgumentError, ShapeError } from '../core/errors.js';
import { Parameter, Tensor } from '../core/tensor.js';
import { traceSink } from '../core/dispatch.js';

// Registration happens in these traps so that `this.conv1 = new Conv2d(...)`
// works as in PyTorch, whether TypeScript emits a field definition or a set.
// Both traps write to the object behind the proxy: going through the proxy
// again (Reflect.set with it as receiver, or defineProperty on it) would run a
// trap a second time, which was most of the cost of building a model.
const REGISTRAR: ProxyHandler<Module> = {
  set(target, key, value, receiver) {
    if (typeof key === 'string') {
      // Only objects (null included) and undefined can be registered.
      if ((typeof value === 'object' || value === undefined) && registerOn(target, key, value)) return true;
      // An own property is a field or a plain attribute set before (own
      // accessors are not used on modules): overwrite it in place. A name
      // found nowhere on the prototype chain becomes a plain data property, as
      // an ordinary set would make it. An inherited name (a setter, say)
      // takes the ordinary path below, with the proxy as receiver.
      if (Object.hasOwn(target, key) || !(key in target)) {
        (target as unknown as Record<string, unknown>)[key] = value;
        return true;
      }
    }
    return Reflect.set(target, key, value, receiver);
  },
  defineProperty(target, key, descriptor) {
    if (typeof key === 'string' && 'value' in descriptor) {
      const value: unknown = descriptor.value;
      if (value === undefined) {
        // A subclass field declaration re-defines an inherited field as
        // undefined before its constructor runs; that must not unregister
        // what the base set.
        if (isRegisteredOn(target, key)) return true;
      } else if (typeof value === 'object' && registerOn(target, key, value)) {
        return true;
      }
      // A class field (writable, enumerable, configurable) of a name found
      // nowhere on the object or its prototypes is exactly what assignment
      // creates, and assigning is much cheaper than defining.
      if (descriptor.writable === true && descriptor.enumerable === true && descriptor.configurable === true && !(key in target)) {
        (target as unknown as Record<string, unknown>)[key] = value;
        return true;
      }
    }
    return Reflect.defineProperty(target, key, descriptor);
  },
};

/**
 * Registers `value` under `key` if it is a module, a parameter, null or
 * undefined for a registered name, or a tensor for a buffer; returns false for
 * plain values. `target` is the object behind the proxy.
 */
function registerOn(target: Module, key: string, value: unknown): boolean {
  if (value instanceof Module) {
    checkName(target, 'module', key);
    target[PARAMETERS]?.delete(key);
    (target[MODULES] ??= new Map()).set(key, value);
  } else if (value instanceof Parameter) {
    checkName(target, 'parameter', key);
    target[MODULES]?.delete(key);
    (target[PARAMETERS] ??= new Map()).set(key, value);
    prepareListing(value);
  } else if (value === null || value === undefined) {
    const modules = target[MODULES];
    const params = target[PARAMETERS];
    const buffers = target[BUFFERS];
    if (modules !== undefined && modules.has(key)) modules.set(key, null);
    else if (params !== undefined && params.has(key)) params.set(key, null);
    // A buffer takes None, but undefined is a plain value for it.
    else if (value === null && buffers !== undefined && buffers.has(key)) buffers.set(key, null);
    else return false;
  } else if (value instanceof Tensor && target[BUFFERS]?.has(key) === true) {
    target[BUFFERS].set(key, value);
  } else {
    return false;
  }
  storeOn(target, key, value);
  return true;
}

/** Whether `key` is in one of the registries of `target` (the object behind the proxy). */
function isRegisteredOn(target: Module, key: string): boolean {
  return target[MODULES]?.has(key) === true || target[PARAMETERS]?.has(key) === true || target[BUFFERS]?.has(key) === true;
}

/**
 * A registered name is one step of a dotted path, as PyTorch's register_*
 * require: with a '.' in it, names would no longer say which module holds what.
 */
function checkName(m: Module, kind: string, name: string): void {
  if (name === '' || name.includes('.')) throw new ArgumentError(m.typeName(), `${kind} name`, name, 'a non-empty name without "."');
}

/** Mirrors a registered value as a plain data property of the target, for reads. */
function storeOn(target: Module, key: string, value: unknown): void {
  // A declared field is already an own data property, and a name nothing on
  // the prototype chain has becomes one by assignment: both are cheaper than
  // defining. An inherited name is shadowed by an own property.
  if (Object.hasOwn(target, key) || !(key in target)) (target as unknown as Record<string, unknown>)[key] = value;
  else Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

// Each module is used through a Proxy (so assignments register); hot internal
// reads, and writes that must not re-enter the traps, go to the object behind
// it, which every module keeps under this key (a field, so no shared map).
const TARGET = Symbol('flopscope.moduleTarget');
// The three registries, on the object behind the proxy. Each is made on its
// first write: most modules have no children and no buffers, and an empty Map
// costs about 200 bytes (a third of a Linear). `_modules` and its siblings
// make one on first read, for callers that may write to it; walks that only
// read use modulesOf and its siblings, which never make one.
const MODULES = Symbol('flopscope.modules');
const PARAMETERS = Symbol('flopscope.parameters');
const BUFFERS = Symbol('flopscope.buffers');

// Written by a model tree's walk (trace/model_tree.ts), which numbers every
// module it reaches: the tree, and the module's number in it. The tree trusts
// a mark only when it is its own, so a mark left by another tree is never
// read as this one's. Saves a hash lookup per module per walk and per call
// traced.
const TREE_MARK = Symbol('flopscope.treeMark');
const TREE_ID = Symbol('flopscope.treeId');

/** The number `tree` gave `m` (see TREE_MARK), or -1 when `tree` did not mark it. */
export function treeMarkOf(m: Module, tree: object): number {
  const target = moduleTarget(m);
  return target[TREE_MARK] === tree ? target[TREE_ID] : -1;
}

/** Marks `m` as number `id` of `tree`. */
export function setTreeMark(m: Module, tree: object, id: number): void {
  const target = moduleTarget(m);
  target[TREE_MARK] = tree;
  target[TREE_ID] = id;
}

// Written by a model tree's walk on each parameter it lists: the tree that
// listed it last. A parameter registered under two names is listed once
// (under its first), and the mark says "already listed" without a set of
// every parameter. Made when the parameter is registered, so that every
// registered parameter has one shape of object.
const LISTED_BY = Symbol('flopscope.listedBy');

type Listed = Parameter & { [LISTED_BY]?: object | undefined };

function prepareListing(p: Parameter): void {
  if (!(LISTED_BY in p) && Object.isExtensible(p)) (p as Listed)[LISTED_BY] = undefined;
}

/**
 * Whether `tree` lists `p` for the first time, marking it as listed; null
 * when `p` cannot be marked (a frozen parameter: the caller keeps a set).
 */
export function listParameter(p: Parameter, tree: object): boolean | null {
  const q = p as Listed;
  if (q[LISTED_BY] === tree) return false;
  if (!Object.isExtensible(p)) return null;
  q[LISTED_BY] = tree;
  return true;
}

// Shared by every module without a registry of a kind; never written (typed read-only).
const NONE: ReadonlyMap<string, never> = new Map<string, never>();

/** The plain object behind a module's registering proxy. */
export function moduleTarget(m: Module): Module {
  // (A Module made without its constructor has no proxy, and is its own target.)
  return m[TARGET] ?? m;
}

/** A module's registered children, None entries included, in registration order (read-only; never makes a registry). */
export function modulesOf(m: Module): ReadonlyMap<string, Module | null> {
  return moduleTarget(m)[MODULES] ?? NONE;
}

/** A module's own parameters, None entries included (read-only; never makes a registry). */
export function parametersOf(m: Module): ReadonlyMap<string, Parameter | null> {
  return moduleTarget(m)[PARAMETERS] ?? NONE;
}

/** A module's own buffers, None entries included (read-only; never makes a registry). */
export function buffersOf(m: Module): ReadonlyMap<string, Tensor | null> {
  return moduleTarget(m)[BUFFERS] ?? NONE;
}

/**
 * `F` is the forward signature: `call` takes its parameters and returns its
 * result. Subclasses that override `forward` need not name it (`call` reads the
 * subclass's own `forward`); a field holding "some module that maps a tensor to
 * a tensor" is a `Module<(x: Tensor) => Tensor>`. The default, taking and
 * returning unknown, is what every module is assignable to. (The bound takes
 * `any[]`: with `unknown[]`, `(x: Tensor) => Tensor` would not satisfy it.)
 */
export class Module<F extends (...args: any[]) => any = (...args: unknown[]) => unknown> {
  /** The object behind the proxy: set before the proxy exists, so never trapped. */
  readonly [TARGET]: Module = this;
  training = true;
  // The registries (see MODULES above); undefined until first written.
  [MODULES]: Map<string, Module | null> | undefined = undefined;
  [PARAMETERS]: Map<string, Parameter | null> | undefined = undefined;
  [BUFFERS]: Map<string, Tensor | null> | undefined = undefined;
  // The last model tree to number this module, and its number (see TREE_MARK).
  [TREE_MARK]: object | undefined = undefined;
  [TREE_ID] = -1;

  constructor() {
    // Subclass fields and assignments then go through the registrar.
    return new Proxy(this, REGISTRAR);
  }

  /** Registered children by name (PyTorch's `_modules`), None entries included. */
  get _modules(): Map<string, Module | null> {
    const target = moduleTarget(this);
    return (target[MODULES] ??= new Map());
  }

  /** Own parameters by name (PyTorch's `_parameters`), None entries included. */
  get _parameters(): Map<string, Parameter | null> {
    const target = moduleTarget(this);
    return (target[PARAMETERS] ??= new Map());
  }

  /** Own buffers by name (PyTorch's `_buffers`), None entries included. */
  get _buffers(): Map<string, Tensor | null> {
    const target = moduleTarget(this);
    return (target[BUFFERS] ??= new Map());
  }

  /** Registers modules and parameters on assignment; returns false for plain values. */
  registerAttribute(key: string, value: unknown): boolean {
    return registerOn(moduleTarget(this), key, value);
  }

  isRegistered(key: string): boolean {
    return isRegisteredOn(moduleTarget(this), key);
  }

  registerModule(name: string, module: Module | null): void {
    checkName(this, 'module', name);
    const target = moduleTarget(this);
    (target[MODULES] ??= new Map()).set(name, module);
    storeOn(target, name, module);
  }

  addModule(name: string, module: Module | null): void {
    this.registerModule(name, module);
  }

  registerParameter(name: string, param: Parameter | null): void {
    checkName(this, 'parameter', name);
    const target = moduleTarget(this);
    (target[PARAMETERS] ??= new Map()).set(name, param);
    if (param !== null) prepareListing(param);
    storeOn(target, name, param);
  }

  /** Buffers (running statistics) are state, not parameters: never counted. */
  registerBuffer(name: string, tensor: Tensor | null): void {
    checkName(this, 'buffer', name);
    const target = moduleTarget(this);
    (target[BUFFERS] ??= new Map()).set(name, tensor);
    storeOn(target, name, tensor);
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

  forward(..._args: Parameters<F>): ReturnType<F> {
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
    for (const m of modulesOf(this).values()) m?.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  *namedChildren(): IterableIterator<[string, Module]> {
    const seen = new Set<Module>();
    for (const [name, m] of modulesOf(this)) {
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
    return namedTensors(this, parametersOf);
  }

  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  namedBuffers(): [string, Tensor][] {
    return namedTensors(this, buffersOf);
  }

  /** `get_submodule('layer1.0.conv1')`. */
  getSubmodule(target: string): Module {
    if (target === '') return this;
    let m: Module = this;
    for (const part of target.split('.')) {
      const next = modulesOf(m).get(part);
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
    stack.push({ prefix: name ? `${name}.` : '', module: m, children: modulesOf(m).entries() });
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
  const children = modulesOf(module);
  if (children.size === 0 && extraLines.length <= 1) {
    lines.push(`${open}${extraLines[0] ?? ''})`);
    return;
  }
  lines.push(open);
  const inner = `${indent}  `;
  for (const l of extraLines) lines.push(inner + l);
  for (const [key, sub] of children) {
    const subPath = path ? `${path}.${key}` : key;
    if (sub === null) lines.push(`${inner}(${key}): None`);
    else emitRepr(sub, extraFor, subPath, inner, `(${key}): `, lines);
  }
  lines.push(`${indent})`);
}
