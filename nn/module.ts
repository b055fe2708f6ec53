// Module with PyTorch's behaviour: assigning a Module, a Parameter or a Buffer
// to a field registers it (in assignment order), `delete m.fc` unregisters it
// and `m.fc = null` leaves a None entry, a module assigned under two names is
// one shared module, `call` runs `forward` inside the module's scope while
// calling `forward` directly does not, and `toString()` is PyTorch's repr.

import { ArgumentError, formatValue, ShapeError, Shown, shapeText, typeNameOf } from '../core/errors.js';
import { Buffer, Parameter, Tensor } from '../core/tensor.js';
import { traceSink } from '../core/dispatch.js';

// Registration happens in these traps so that `this.conv1 = new Conv2d(...)`
// works as in PyTorch, whether TypeScript emits a field definition or a set.
// Both traps write to the object behind the proxy: going through the proxy
// again (Reflect.set with it as receiver, or defineProperty on it) would run a
// trap a second time, which was most of the cost of building a model.
const REGISTRAR: ProxyHandler<Module> = {
  set(target, key, value, receiver) {
    if (typeof key === 'string') {
      // Only objects (null included) and undefined can be registered; any
      // other value for a registered name is PyTorch's TypeError.
      if (typeof value === 'object' || value === undefined) {
        if (registerOn(target, key, value)) return true;
      } else if (Object.hasOwn(target, key) && isRegisteredOn(target, key)) {
        throw cannotAssign(target, key, value);
      }
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
      } else if (typeof value === 'object') {
        if (registerOn(target, key, value)) return true;
      } else if (isRegisteredOn(target, key)) {
        throw cannotAssign(target, key, value);
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
  // `delete m.fc`: PyTorch's __delattr__ takes the name out of its registry
  // (the key is gone, not None) and then the attribute.
  deleteProperty(target, key) {
    if (typeof key === 'string' && unregisterFrom(target, key)) {
      delete (target as unknown as Record<string, unknown>)[key];
      return true;
    }
    return Reflect.deleteProperty(target, key);
  },
};

/** Removes `key` from the first registry holding it (parameters, buffers, modules, as PyTorch looks); false when none does. */
function unregisterFrom(target: Module, key: string): boolean {
  if (target[PARAMETERS]?.delete(key) === true) return true;
  if (target[BUFFERS]?.delete(key) === true) {
    NON_PERSISTENT.get(target)?.delete(key);
    return true;
  }
  return target[MODULES]?.delete(key) === true;
}

/** PyTorch's TypeError for a value a registered name cannot take ("cannot assign 'int' as child module 'fc'"). */
function cannotAssign(target: Module, key: string, value: unknown): ArgumentError {
  const [kind, expected] =
    target[MODULES]?.has(key) === true ? ['child module', 'a Module or null'] : target[PARAMETERS]?.has(key) === true ? ['parameter', 'a Parameter or null'] : ['buffer', 'a Tensor or null'];
  return new ArgumentError(target.typeName(), `${kind} '${oneLine(key, 40)}'`, shownValue(value), `${expected} (cannot assign it as ${kind} '${oneLine(key, 40)}')`);
}

// Names of the buffers registered with persistent false, per module (the
// object behind the proxy): PyTorch's `_non_persistent_buffers_set`. Few
// modules have any, so a side table rather than a field on every module.
const NON_PERSISTENT = new WeakMap<Module, Set<string>>();

function setPersistent(target: Module, name: string, persistent: boolean): void {
  const names = NON_PERSISTENT.get(target);
  if (persistent) names?.delete(name);
  else if (names === undefined) NON_PERSISTENT.set(target, new Set([name]));
  else names.add(name);
}

/**
 * Registers `value` under `key` if it is a module, a parameter, null or
 * undefined for a registered name, or a tensor for a buffer; returns false for
 * plain values. `target` is the object behind the proxy. A module or a
 * parameter may not take a name the module's class already has (a method such
 * as `forward` or `call`, a getter): the own property that registering makes
 * would hide it, as PyTorch's register_module refuses ("attribute 'forward'
 * already exists"). Plain attributes may be replaced, as PyTorch's setattr does.
 */
function registerOn(target: Module, key: string, value: unknown): boolean {
  // (instanceof here, not isModule: most values assigned are not modules,
  // and for those instanceof is the cheaper test.)
  if (value instanceof Module) {
    checkName(target, 'module', key);
    const where = placeOf(target, key);
    if (where === Place.Inherited && !isRegisteredOn(target, key)) throw attributeExists(target, 'module', key);
    // (PyTorch's __setattr__ removes the name from the other registries first.)
    target[PARAMETERS]?.delete(key);
    if (target[BUFFERS]?.delete(key) === true) NON_PERSISTENT.get(target)?.delete(key);
    (target[MODULES] ??= new Map()).set(key, value);
    storeAt(target, key, value, where);
    return true;
  }
  if (value instanceof Parameter) {
    checkName(target, 'parameter', key);
    const where = placeOf(target, key);
    if (where === Place.Inherited && !isRegisteredOn(target, key)) throw attributeExists(target, 'parameter', key);
    target[MODULES]?.delete(key);
    if (target[BUFFERS]?.delete(key) === true) NON_PERSISTENT.get(target)?.delete(key);
    (target[PARAMETERS] ??= new Map()).set(key, value);
    prepareListing(value);
    storeAt(target, key, value, where);
    return true;
  }
  if (value === null || value === undefined) {
    const modules = target[MODULES];
    const params = target[PARAMETERS];
    const buffers = target[BUFFERS];
    if (modules !== undefined && modules.has(key)) modules.set(key, null);
    else if (params !== undefined && params.has(key)) params.set(key, null);
    // A buffer takes None, but undefined is a plain value for it.
    else if (value === null && buffers !== undefined && buffers.has(key)) buffers.set(key, null);
    else return false;
  } else if (value instanceof Buffer) {
    // PyTorch's register_buffer, with the buffer's own persistence.
    const where = checkNewName(target, 'buffer', key, target[BUFFERS]);
    (target[BUFFERS] ??= new Map()).set(key, value);
    setPersistent(target, key, value.persistent);
    storeAt(target, key, value, where);
    return true;
  } else if (value instanceof Tensor && target[BUFFERS]?.has(key) === true) {
    target[BUFFERS].set(key, value);
  } else {
    // A registered name keeps its kind: anything else is PyTorch's TypeError.
    if (isRegisteredOn(target, key)) throw cannotAssign(target, key, value);
    return false;
  }
  storeAt(target, key, value, placeOf(target, key));
  return true;
}

/**
 * Registers `modules` under '0', '1', ... on a module that has no children
 * yet (a new Sequential or ModuleList): such names need no check (no class
 * has an attribute named by digits), each value does (a Module or null).
 */
export function registerNumbered(m: Module, modules: readonly unknown[]): void {
  const target = moduleTarget(m);
  if (target[MODULES] !== undefined && target[MODULES].size > 0) throw new ArgumentError(target.typeName(), 'modules', shownText('a module that has children'), 'a new container');
  const registry = (target[MODULES] = new Map<string, Module | null>());
  const fields = target as unknown as Record<string, unknown>;
  for (let i = 0; i < modules.length; i++) {
    const child = modules[i];
    if (child !== null && !isModule(child)) throw new ArgumentError(target.typeName(), `module '${i}'`, shownValue(child), 'a Module or null');
    const name = String(i);
    registry.set(name, child as Module | null);
    fields[name] = child;
  }
}

/**
 * `value instanceof Module`, cheaper when `value` is most likely a module
 * (explicit registration): a module is a proxy, and `instanceof` on a proxy
 * asks it for its prototype (a slow path), while reading the key every
 * module holds its target under is quicker; the target is a plain object.
 * (For other objects, instanceof alone is cheaper.)
 */
function isModule(value: unknown): value is Module {
  if (typeof value !== 'object' || value === null) return false;
  const target = (value as Partial<Module>)[TARGET];
  return target !== undefined ? target instanceof Module : value instanceof Module;
}

/** Whether `key` is in one of the registries of `target` (the object behind the proxy). */
function isRegisteredOn(target: Module, key: string): boolean {
  return target[MODULES]?.has(key) === true || target[PARAMETERS]?.has(key) === true || target[BUFFERS]?.has(key) === true;
}

/**
 * A registered name is one step of a dotted path, as PyTorch's register_*
 * require: with a '.' in it, names would no longer say which module holds what.
 */
function checkName(m: Module, kind: string, name: unknown): void {
  if (typeof name !== 'string') throw new ArgumentError(m.typeName(), `${kind} name`, shownValue(name), 'a string');
  if (name === '') throw new ArgumentError(m.typeName(), `${kind} name`, name, `a non-empty name (${kind} name can't be empty string "")`);
  if (name.includes('.')) throw new ArgumentError(m.typeName(), `${kind} name`, name, `a name without "." (${kind} name can't contain ".")`);
}

/** PyTorch's KeyError for a name the module already has as an attribute. */
function attributeExists(m: Module, kind: string, name: string): ArgumentError {
  return new ArgumentError(m.typeName(), `${kind} name`, name, `a name ${m.typeName()} does not already have (attribute '${name}' already exists)`);
}

/**
 * Explicit registration (register_module, register_parameter,
 * register_buffer): PyTorch refuses any name the module already has as an
 * attribute (a None entry of another registry included), unless it is
 * registered in that same registry. (An own property
 * holding undefined or null is a field declared without a value, as
 * TypeScript classes declare what they register: not refused.) Returns where
 * the name is.
 */
function checkNewName(target: Module, kind: string, name: string, registry: ReadonlyMap<string, unknown> | undefined): Place {
  checkName(target, kind, name);
  const where = placeOf(target, name);
  if (where === Place.Absent || registry?.has(name) === true) return where;
  // (A None entry of another registry is an attribute too: PyTorch's hasattr finds it.)
  if (where === Place.Own && (target as unknown as Record<string, unknown>)[name] == null && !isRegisteredOn(target, name)) return where;
  throw attributeExists(target, kind, name);
}

/** Where a name is on a module's object: an own property, nowhere, or only on the prototype chain. */
const enum Place {
  Own = 0,
  Absent = 1,
  Inherited = 2,
}

function placeOf(target: Module, key: string): Place {
  return Object.hasOwn(target, key) ? Place.Own : key in target ? Place.Inherited : Place.Absent;
}

/** Mirrors a registered value as a plain data property of the target, for reads. */
function storeAt(target: Module, key: string, value: unknown, where: Place): void {
  // A declared field is already an own data property, and a name nothing on
  // the prototype chain has becomes one by assignment: both are cheaper than
  // defining. An inherited name (registered through the maps directly) is
  // shadowed by an own property.
  if (where !== Place.Inherited) (target as unknown as Record<string, unknown>)[key] = value;
  else Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** `value` as an error message shows it: quoted strings, lists in brackets, descriptions of the rest (one line). */
export function valueText(value: unknown): string {
  try {
    return formatValue(shownValue(value));
  } catch {
    return typeof value;
  }
}

/** A value for an error message that shows as `text` (a description, unquoted). */
export function shownText(text: string): unknown {
  return new Shown(oneLine(text, 200));
}

/** `text` on one line: control characters escaped, cut to `max` characters. */
function oneLine(text: string, max = 80): string {
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return escaped.length <= max ? escaped : `${escaped.slice(0, max)}…`;
}

/**
 * What an error message may show of a value it did not expect: numbers,
 * booleans and short strings as they are; anything else as a short
 * description (`the class Linear`, `a Promise`, `a Linear module`, `an object
 * {a, b}`), never a repr or a function's source, and always one line. Arrays
 * show their first elements.
 */
export function shownValue(value: unknown, depth = 0): unknown {
  switch (typeof value) {
    case 'number':
    case 'bigint':
    case 'boolean':
    case 'undefined':
      return value;
    case 'string':
      return oneLine(value);
    case 'symbol':
      return new Shown(oneLine(value.toString()));
    case 'function': {
      const name = typeof value.name === 'string' ? oneLine(typeNameOf(value), 40) : '';
      let source = '';
      try {
        source = Function.prototype.toString.call(value);
      } catch {
        source = '';
      }
      if (source.startsWith('class')) return new Shown(`the class ${name || '(anonymous)'}${value.prototype instanceof Module ? ` (a Module class, not a module: use new ${name || 'it'}(...))` : ''}`);
      return new Shown(name ? `the function ${name}` : 'a function');
    }
    default:
      break;
  }
  if (value === null) return null;
  const obj = value as object;
  if (Array.isArray(obj)) {
    if (depth >= 3) return new Shown(`[${obj.length} items]`);
    const head = obj.slice(0, 12).map((v: unknown) => shownValue(v, depth + 1));
    return obj.length > 12 ? [...head, new Shown(`… ${obj.length - 12} more`)] : head;
  }
  if (obj instanceof Module) return new Shown(`a ${oneLine(typeNameOf(moduleTarget(obj).constructor), 40)} module`);
  if (obj instanceof Tensor) return new Shown(`a ${typeNameOf(obj.constructor)} of shape ${shapeText(Array.isArray(obj.shape) ? obj.shape : null)}`);
  if (obj instanceof Promise) return new Shown('a Promise');
  let proto: object | null = null;
  try {
    proto = Object.getPrototypeOf(obj) as object | null;
  } catch {
    return new Shown('an object');
  }
  if (proto === Object.prototype || proto === null) {
    let keys: string[] = [];
    try {
      keys = Object.keys(obj);
    } catch {
      keys = [];
    }
    const shown = keys.slice(0, 6).map((k) => oneLine(k, 24));
    return new Shown(`an object {${shown.join(', ')}${keys.length > 6 ? ', …' : ''}}`);
  }
  let name = '';
  try {
    const c = (proto as { constructor?: unknown }).constructor;
    name = typeof c === 'function' && typeof c.name === 'string' ? oneLine(typeNameOf(c), 40) : '';
  } catch {
    name = '';
  }
  return new Shown(name ? `a ${name} object` : 'an object');
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

// The two below take the object behind a module's proxy (moduleTarget's
// result), as a tree's walk holds it: reading it again through a proxy costs
// more than the mark itself.

/** The number `tree` gave the module behind `target` (see TREE_MARK), or -1 when `tree` did not mark it. */
export function treeMarkOf(target: Module, tree: object): number {
  return target[TREE_MARK] === tree ? target[TREE_ID] : -1;
}

/** Marks the module behind `target` as number `id` of `tree`. */
export function setTreeMark(target: Module, tree: object, id: number): void {
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
  // (hasOwn: the mark is the parameter's own, and `in` would look through
  // every prototype of a new parameter for it.)
  if (!Object.hasOwn(p, LISTED_BY) && Object.isExtensible(p)) (p as Listed)[LISTED_BY] = undefined;
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
const NO_NAMES: ReadonlySet<string> = new Set<string>();

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

// modulesOf, parametersOf and buffersOf of the object behind a proxy
// (moduleTarget's result), for walks that hold it: one read less per call
// (a model tree's walk makes three per module).

/** modulesOf the module behind `target`. */
export function targetModules(target: Module): ReadonlyMap<string, Module | null> {
  return target[MODULES] ?? NONE;
}

/** parametersOf the module behind `target`. */
export function targetParameters(target: Module): ReadonlyMap<string, Parameter | null> {
  return target[PARAMETERS] ?? NONE;
}

/** buffersOf the module behind `target`. */
export function targetBuffers(target: Module): ReadonlyMap<string, Tensor | null> {
  return target[BUFFERS] ?? NONE;
}

// The innermost module whose `call` an error (other than a ShapeError, which
// carries its module) left: the tracer names it in the message. Written only
// when an error passes through `call`.
const RAISED_IN = new WeakMap<object, Module>();

/** The innermost module `error` was raised in (while its `call` ran), if any. */
export function moduleRaisingError(error: unknown): Module | undefined {
  return typeof error === 'object' && error !== null ? RAISED_IN.get(error) : undefined;
}

function asyncForward(m: Module, result: Promise<unknown>): ArgumentError {
  // The promise is dropped: a rejection of it is not the caller's to handle.
  result.then(undefined, () => undefined);
  return new ArgumentError(m.typeName(), 'forward', new Shown('an async function (it returned a Promise)'), 'synchronous: an async forward cannot be traced');
}

// Per forward function, the most inputs it can take (-1: not known).
const MAX_INPUTS = new WeakMap<object, number>();

/**
 * Called when `count` inputs are more than `forward.length` (which counts the
 * parameters before the first default or rest parameter): an ArgumentError
 * when `forward` certainly takes fewer, as PyTorch's "forward() takes 2
 * positional arguments but 3 were given".
 */
export function checkInputCount(m: Module, forward: object, count: number): void {
  let max = MAX_INPUTS.get(forward);
  if (max === undefined) MAX_INPUTS.set(forward, (max = maxInputsOf(forward)));
  if (max >= 0 && count > max) {
    throw new ArgumentError(m.typeName(), 'inputs', count, `at most ${max} (forward takes ${max} input${max === 1 ? '' : 's'} but ${count} were given)`);
  }
}

/**
 * The most inputs a function can take, read from its source: the number of
 * its parameters. -1 (not known, never an error) when it has a rest
 * parameter, mentions `arguments` anywhere, or its source is not plain
 * JavaScript that this reads with certainty (native or bound functions,
 * computed method names, template literals or regular expressions among the
 * parameters).
 */
export function maxInputsOf(f: object): number {
  let src: string;
  try {
    src = Function.prototype.toString.call(f);
  } catch {
    return -1;
  }
  if (/\barguments\b|\[native code\]/.test(src)) return -1;
  // `x => ...` and `async x => ...`: one parameter.
  if (/^(?:async\s+)?[A-Za-z_$][\w$]*\s*=>/.test(src)) return 1;
  const open = src.indexOf('(');
  if (open === -1 || /[[\]'"`]/.test(src.slice(0, open))) return -1;
  // Comments become a space and strings a 0. A quote left is a string left
  // open; a '/' left, a regular expression or a division; either is not read
  // (nor is a template literal). A comment or string opened inside one of
  // those is never reached: the scan stops at the '/' or '`' before it.
  const params = src.slice(open).replace(/\/\/[^\n]*\n|\/\*[\s\S]*?\*\/|"(?:\\[\s\S]|[^"\\\n])*"|'(?:\\[\s\S]|[^'\\\n])*'/g, (t) => (t[0] === '/' ? ' ' : '0'));
  let depth = 0;
  let count = 0;
  let pending = false;
  for (let i = 0; i < params.length; i++) {
    const c = params[i]!;
    if (c === '`' || c === '/' || c === '"' || c === "'") return -1;
    if (c === '(' || c === '[' || c === '{') {
      if (++depth > 1) pending = true;
    } else if (c === ')' || c === ']' || c === '}') {
      if (--depth === 0) return count + (pending ? 1 : 0);
    } else if (depth !== 1) {
      // Inside a default value or a destructuring pattern.
    } else if (c === ',') {
      if (pending) count++;
      pending = false;
    } else if (c === '.' && params.startsWith('...', i)) {
      return -1;
    } else if (!/\s/.test(c)) {
      pending = true;
    }
  }
  return -1;
}

// ------------------------------------------------ modules called while tracing
//
// Registration is what puts a module in the model: a child assigned to a
// public field, registered with registerModule, or held by a container. A
// module in a #private field is invisible to registration (JavaScript gives
// no way to see private fields), yet its forward runs inside its owner's:
// its ops would be charged to the owner and its parameters never counted,
// silently. PyTorch has no such field (every attribute set goes through
// __setattr__), so this is always a mistake of the port. A call under a trace
// sink is therefore checked when its module is not in the tree of the module
// the trace called first (the model). Such a module is charged to its caller,
// as the reference does with the modules its hooks never see, when it is
// - built during the trace (inside forward: the reference charges it to the
//   caller, and its parameters are not counted), or
// - built before the module calling it (a module shared from outside, a
//   closure over an existing module, a module-level variable), or
// - held in a plain array, object, Map or Set attribute of a module of the
//   model (PyTorch's plain list of modules) and without a parameter that
//   requires grad: the reference charges it to the caller too.
// What is left was built while or after its caller was built and is not
// registered: a #private field (or a closure made in the constructor), or a
// plain list of modules with trainable parameters, which the reference cannot
// trace either (PyTorch's JIT refuses their weights: "Cannot insert a Tensor
// that requires grad as a constant"). That is an ArgumentError raised in the
// caller's scope, which the tracer names by its module path. (A module built
// before its caller with trainable parameters fails in the reference the same
// way; flopscope charges it to the caller.)

/** One trace in progress, as `call` sees it: the calls open under one sink. */
class CallContext {
  /** The objects behind the modules whose `call` is open, innermost last; [0] is the model. */
  readonly open: Module[] = [];
  /** The last module number given before the trace began (see BORN): higher ones were built inside forward. */
  readonly start = modulesBuilt;
  /** The tree that last numbered the model as its root (id 0): every module it marked is in the model. */
  readonly mark: object | undefined;
  /** The model's modules (objects behind the proxies), walked when first needed. */
  members: Set<Module> | undefined = undefined;
  /** Unregistered modules found in plain attributes of the model's modules. */
  held: Set<Module> | undefined = undefined;

  constructor(
    readonly sink: object,
    readonly root: Module,
    readonly outer: CallContext | null,
  ) {
    this.mark = root[TREE_ID] === 0 ? root[TREE_MARK] : undefined;
  }
}

// The innermost trace in progress (null when no module is called under a sink).
let activeCall: CallContext | null = null;

// Modules built so far: each module's number (its BORN field, given first
// thing in the base constructor, before a subclass's fields) says which of
// two modules was built first, and whether one was built during a trace.
let modulesBuilt = 0;
const BORN = Symbol('flopscope.born');

/** Opens a call of `t` (the object behind a module) under `sink`, checking that the module may be called there. */
function enterCall(sink: object, t: Module, m: Module): CallContext {
  let ctx = activeCall;
  if (ctx === null || ctx.sink !== sink) activeCall = ctx = new CallContext(sink, t, ctx);
  else if (t !== ctx.root && (ctx.mark === undefined || t[TREE_MARK] !== ctx.mark)) checkCalled(ctx, t, m);
  ctx.open.push(t);
  return ctx;
}

function exitCall(ctx: CallContext): void {
  ctx.open.pop();
  if (ctx.open.length === 0 && activeCall === ctx) activeCall = ctx.outer;
}

/** The check of a call whose module the model's tree mark does not vouch for (see above). */
function checkCalled(ctx: CallContext, t: Module, m: Module): void {
  const caller = ctx.open[ctx.open.length - 1] ?? ctx.root;
  // (Not `born <= caller's`: a module made without its constructor has no number, and passes.)
  const born = t[BORN];
  if (!(born > caller[BORN]) || born > ctx.start) return;
  const members = (ctx.members ??= new Set(walkModules(ctx.root, false).map(([, x]) => moduleTarget(x))));
  if (members.has(t) || ctx.held?.has(t) === true) return;
  if (!hasTrainableParameters(t) && heldInAttributes(members, t)) {
    (ctx.held ??= new Set()).add(t);
    return;
  }
  const type = caller.typeName();
  throw new ArgumentError(
    type,
    'a module called in forward',
    shownValue(m),
    `part of the model: assigned to a public field, registered with registerModule, or held in a Sequential, ModuleList or ModuleDict (a module built with ${type} and kept in a #private field or a plain array is not registered: its parameters would not be counted and its ops would be charged to ${type})`,
  );
}

/** Whether a parameter under `m` requires grad. */
function hasTrainableParameters(m: Module): boolean {
  for (const [, p] of namedTensors(m, parametersOf)) if (p.requiresGrad !== false) return true;
  return false;
}

/**
 * Whether `t` is held in a plain attribute of one of `members` (an array, a
 * plain object, a Map or a Set, nested a few levels): PyTorch's plain list of
 * modules, which the reference sees the same way.
 */
function heldInAttributes(members: ReadonlySet<Module>, t: Module): boolean {
  const seen = new Set<object>();
  const search = (v: unknown, depth: number): boolean => {
    if (typeof v !== 'object' || v === null) return false;
    if (isModule(v)) return moduleTarget(v) === t;
    if (depth > 4 || seen.has(v)) return false;
    seen.add(v);
    let values: Iterable<unknown>;
    if (Array.isArray(v)) values = v;
    else if (v instanceof Map || v instanceof Set) values = v.values();
    else {
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      values = Object.values(v);
    }
    for (const x of values) if (search(x, depth + 1)) return true;
    return false;
  };
  for (const owner of members) {
    for (const key of Object.keys(owner)) {
      const v = (owner as unknown as Record<string, unknown>)[key];
      // (A registered value is a member itself, or not a module.)
      if (typeof v === 'object' && v !== null && !isModule(v) && search(v, 0)) return true;
    }
  }
  return false;
}

/**
 * The base class of every layer and model: `torch.nn.Module`. Assigning a
 * Module, a Parameter or a Buffer to a field registers it (in assignment
 * order); `delete m.fc` unregisters it and `m.fc = null` leaves a None entry.
 * A subclass sets its children in the constructor and overrides `forward`;
 * callers run it with `call`, which records the ops under this module's name.
 * `toString()` is PyTorch's repr.
 *
 * @typeParam F - The forward signature: `call` takes its parameters and
 * returns its result. Subclasses that override `forward` need not name it
 * (`call` reads the subclass's own `forward`); a field holding "some module
 * that maps a tensor to a tensor" is a `Module<(x: Tensor) => Tensor>`. The
 * default, taking and returning unknown, is what every module is assignable
 * to. (The bound takes `any[]`: with `unknown[]`, `(x: Tensor) => Tensor`
 * would not satisfy it.)
 */
export class Module<F extends (...args: any[]) => any = (...args: unknown[]) => unknown> {
  /**
   * The PyTorch class name `typeName()` prints. Each of the library's layers
   * and zoo modules sets its own, so a bundler that renames classes changes
   * nothing; a subclass without its own prints its JavaScript class name.
   */
  static readonly typeName: string = 'Module';
  /**
   * The object behind the proxy: set before the proxy exists, so never trapped.
   * @internal
   */
  readonly [TARGET]: Module = this;
  /** PyTorch's `training` flag: true until `eval()` or `train(false)`. Layers read it as PyTorch's do (dropout, BatchNorm's running statistics). */
  training = true;
  /**
   * Registered children (see MODULES above); undefined until first written. Read `_modules`.
   * @internal
   */
  [MODULES]: Map<string, Module | null> | undefined = undefined;
  /**
   * Own parameters; undefined until first written. Read `_parameters`.
   * @internal
   */
  [PARAMETERS]: Map<string, Parameter | null> | undefined = undefined;
  /**
   * Own buffers; undefined until first written. Read `_buffers`.
   * @internal
   */
  [BUFFERS]: Map<string, Tensor | null> | undefined = undefined;
  /**
   * The last model tree to number this module (see TREE_MARK).
   * @internal
   */
  [TREE_MARK]: object | undefined = undefined;
  /**
   * This module's number in that tree (see TREE_MARK); -1 before any.
   * @internal
   */
  [TREE_ID] = -1;
  /**
   * When the module was built, as a count of modules built (see BORN).
   * @internal
   */
  readonly [BORN]: number = ++modulesBuilt;

  /** A module with no children, parameters or buffers, in training mode. Subclasses call `super()` first. */
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

  /** Names of the own buffers left out of `stateDict()` (PyTorch's `_non_persistent_buffers_set`; read-only). */
  get _nonPersistentBuffersSet(): ReadonlySet<string> {
    return NON_PERSISTENT.get(moduleTarget(this)) ?? NO_NAMES;
  }

  /** Registers modules and parameters on assignment; returns false for plain values. */
  registerAttribute(key: string, value: unknown): boolean {
    return registerOn(moduleTarget(this), key, value);
  }

  /** Whether `key` names a registered child, parameter or buffer of this module (None entries included). */
  isRegistered(key: string): boolean {
    return isRegisteredOn(moduleTarget(this), key);
  }

  /**
   * PyTorch's register_module: a Module or null, under a new name (or one already registered as a module). Returns the module.
   * @typeParam T - The module's type, returned as is so that a field can hold it typed.
   */
  registerModule<T extends Module | null>(name: string, module: T): T {
    const target = moduleTarget(this);
    const where = checkNewName(target, 'module', name, target[MODULES]);
    if (module !== null && !isModule(module)) throw new ArgumentError(target.typeName(), `module '${name}'`, shownValue(module), 'a Module or null');
    (target[MODULES] ??= new Map()).set(name, module);
    storeAt(target, name, module, where);
    return module;
  }

  /**
   * PyTorch's `add_module`: the same as `registerModule`.
   * @typeParam T - The module's type, returned as is.
   */
  addModule<T extends Module | null>(name: string, module: T): T {
    return this.registerModule(name, module);
  }

  /**
   * PyTorch's register_parameter: a Parameter or null. Returns the parameter.
   * @typeParam T - The parameter's type, returned as is.
   */
  registerParameter<T extends Parameter | null>(name: string, param: T): T {
    const target = moduleTarget(this);
    const where = checkNewName(target, 'parameter', name, target[PARAMETERS]);
    if (param !== null && !(param instanceof Parameter)) throw new ArgumentError(target.typeName(), `parameter '${name}'`, shownValue(param), 'a Parameter or null');
    (target[PARAMETERS] ??= new Map()).set(name, param);
    if (param !== null) prepareListing(param);
    storeAt(target, name, param, where);
    return param;
  }

  /**
   * PyTorch's register_buffer: a Tensor or null, kept in `stateDict()` unless
   * `persistent` is false (by default, a `Buffer`'s own `persistent`, else
   * true). Buffers (running statistics, masks, position tables) are state,
   * not parameters: never counted. Returns the tensor, so that a field can
   * hold it typed: `mask = this.registerBuffer('mask', new Tensor([n, n], 'bool'), false)`
   * (or, shorter, `mask = new nn.Buffer([n, n], 'bool', { persistent: false })`).
   * @typeParam T - The tensor's type, returned as is.
   */
  registerBuffer<T extends Tensor | null>(name: string, tensor: T, persistent?: boolean): T {
    const target = moduleTarget(this);
    const where = checkNewName(target, 'buffer', name, target[BUFFERS]);
    if (tensor !== null && !(tensor instanceof Tensor)) throw new ArgumentError(target.typeName(), `buffer '${name}'`, shownValue(tensor), 'a Tensor or null');
    if (persistent !== undefined && typeof persistent !== 'boolean') throw new ArgumentError(target.typeName(), 'persistent', shownValue(persistent), 'a boolean');
    (target[BUFFERS] ??= new Map()).set(name, tensor);
    setPersistent(target, name, persistent ?? (tensor instanceof Buffer ? tensor.persistent : true));
    storeAt(target, name, tensor, where);
    return tensor;
  }

  /**
   * Runs `forward` inside this module's scope: ops it runs are attributed to
   * it. More inputs than `forward` takes is an error, as in PyTorch, when that
   * is certain (see maxInputsOf; checked for calls with two inputs or more,
   * and for the model's own inputs whatever their number); a forward that
   * returns a Promise (an async forward) is an error: its ops would run after
   * the call, outside it. PyTorch's `module(*args)`.
   * @typeParam M - The module's own type (inferred from `this`): its `forward`
   * gives the argument and return types, so `conv.call(x)` is typed by
   * `Conv2d.forward`.
   */
  call<M extends Module>(this: M, ...args: Parameters<M['forward']>): ReturnType<M['forward']> {
    const sink = traceSink();
    // (A module that may not be called here is refused before its scope
    // opens: the error is its caller's, which the tracer names.)
    const ctx = sink === null ? null : enterCall(sink, moduleTarget(this), this);
    let output: unknown = undefined;
    if (sink !== null) {
      try {
        sink.enterModule(this, args);
      } catch (e) {
        exitCall(ctx!);
        throw e;
      }
    }
    try {
      const forward = this.forward as unknown;
      if (typeof forward !== 'function') throw new ArgumentError(this.typeName(), 'forward', shownValue(forward), 'a method');
      // (Only for two inputs or more: reading a function's length costs more
      // than the rest of this call, and one input is what nearly every call
      // gives. The model's own inputs are checked however many: traceModel.)
      if (args.length > 1 && args.length > forward.length) checkInputCount(this, forward, args.length);
      const result = (forward as (...a: unknown[]) => ReturnType<M['forward']>).apply(this, args);
      if (result instanceof Promise) throw asyncForward(this, result);
      output = result;
      return result;
    } catch (e) {
      if (e instanceof ShapeError) {
        if (e.module === undefined) e.module = this;
      } else if (typeof e === 'object' && e !== null && !RAISED_IN.has(e)) {
        RAISED_IN.set(e, this);
      }
      throw e;
    } finally {
      if (sink !== null) sink.exitModule(this, output);
      if (ctx !== null) exitCall(ctx);
    }
  }

  /**
   * The computation, overridden by every subclass (the base throws). Run it
   * through `call`: calling `forward` directly runs the ops outside this
   * module's scope, so they are charged to the caller, as in PyTorch.
   */
  forward(..._args: Parameters<F>): ReturnType<F> {
    throw new ArgumentError(this.typeName(), 'forward', undefined, 'implemented by the subclass');
  }

  /** PyTorch's `_get_name()`: the class name (the class's own static `typeName`, else its JavaScript name). */
  typeName(): string {
    return typeNameOf(this.constructor);
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

  /**
   * Sets `training` on this module and every module under it (each once: a
   * walk, not a recursion, so any depth works). A module that overrides
   * `train` is called instead, and sets its own subtree. A module that
   * contains itself is an ArgumentError naming the cycle (PyTorch recurses
   * until it fails).
   */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new ArgumentError(this.typeName(), 'mode', shownValue(mode), 'a boolean (training mode is expected to be boolean)');
    setTraining(this, mode);
    return this;
  }

  /** PyTorch's `eval()`: `train(false)`. Returns this. */
  eval(): this {
    return this.train(false);
  }

  /** PyTorch's `named_children()`: the direct children with their names, each module once, None entries skipped. */
  *namedChildren(): IterableIterator<[string, Module]> {
    const seen = new Set<Module>();
    for (const [name, m] of modulesOf(this)) {
      if (m !== null && !seen.has(m)) {
        seen.add(m);
        yield [name, m];
      }
    }
  }

  /** PyTorch's `children()`: the direct children, each once, None entries skipped. */
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

  /** PyTorch's `modules()`: every module once, depth first, this one first. */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /**
   * Every parameter once, under its first name (PyTorch's
   * `named_parameters(prefix, recurse)`); with `recurse` false, only this
   * module's own. A parameter shared by two modules (tied weights) is listed
   * once; `stateDict()` lists it under each name.
   */
  namedParameters(prefix = '', recurse = true): [string, Parameter][] {
    return namedTensors(this, parametersOf, prefix, recurse);
  }

  /** PyTorch's `parameters(recurse)`: the tensors of `namedParameters`, each once. */
  parameters(recurse = true): Parameter[] {
    return this.namedParameters('', recurse).map(([, p]) => p);
  }

  /** Every buffer once, under its first name, non-persistent ones included (PyTorch's `named_buffers(prefix, recurse)`). */
  namedBuffers(prefix = '', recurse = true): [string, Tensor][] {
    return namedTensors(this, buffersOf, prefix, recurse);
  }

  /** PyTorch's `buffers(recurse)`: the tensors of `namedBuffers`, each once. */
  buffers(recurse = true): Tensor[] {
    return this.namedBuffers('', recurse).map(([, b]) => b);
  }

  /**
   * PyTorch's `state_dict()` keys and tensors, in its order: per module (depth
   * first, from this one), its parameters, then its persistent buffers, then
   * its children's entries; None entries left out. A module or parameter
   * shared under two names appears under each (tied weights give two keys), and
   * BatchNorm's `num_batches_tracked` is there. Compare
   * `[...m.stateDict()].map(([k, t]) => [k, t.shape])` with a checkpoint's
   * `{k: list(v.shape) for k, v in sd.items()}`.
   */
  stateDict(prefix = ''): Map<string, Tensor> {
    if (typeof prefix !== 'string') throw new ArgumentError(this.typeName(), 'prefix', shownValue(prefix), 'a string');
    const out = new Map<string, Tensor>();
    for (const [path, m] of walkModules(this, true)) {
      const t = moduleTarget(m);
      const head = prefix + (path === '' ? '' : `${path}.`);
      for (const [k, p] of parametersOf(t)) if (p !== null) out.set(head + k, p);
      const buffers = buffersOf(t);
      if (buffers.size === 0) continue;
      const skip = NON_PERSISTENT.get(t);
      for (const [k, b] of buffers) if (b !== null && skip?.has(k) !== true) out.set(head + k, b);
    }
    return out;
  }

  /**
   * PyTorch's `apply(fn)`: `fn` on every module under this one, children
   * before their parent (each module's children in order, a child registered
   * twice under one parent once), this module last; returns this. A module
   * shared by two parents is visited under each. A walk, not a recursion.
   */
  apply(fn: (module: Module) => void): this {
    if (typeof fn !== 'function') throw new ArgumentError(this.typeName(), 'fn', shownValue(fn), 'a function');
    const root = moduleTarget(this);
    const stack: { readonly module: Module; readonly path: string; readonly children: Iterator<[string, Module]> }[] = [];
    const onPath = new Map<Module, string>();
    const open = (m: Module, path: string): void => {
      const t = moduleTarget(m);
      const again = onPath.get(t);
      if (again !== undefined) throw cycleError(root, path, again);
      onPath.set(t, path);
      stack.push({ module: m, path, children: m.namedChildren() });
    };
    open(this, '');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = top.children.next();
      if (next.done !== true) {
        const [key, child] = next.value;
        open(child, top.path === '' ? key : `${top.path}.${key}`);
        continue;
      }
      stack.pop();
      onPath.delete(moduleTarget(top.module));
      fn(top.module);
    }
    return this;
  }

  /** PyTorch's `requires_grad_(requires_grad)`: sets `requiresGrad` on every parameter under this module; returns this. */
  requiresGrad_(requiresGrad = true): this {
    if (typeof requiresGrad !== 'boolean') throw new ArgumentError(this.typeName(), 'requiresGrad', shownValue(requiresGrad), 'a boolean');
    for (const p of this.parameters()) {
      if (!Object.isExtensible(p) && Object.getOwnPropertyDescriptor(p, 'requiresGrad')?.writable === false) {
        throw new ArgumentError(this.typeName(), 'parameter', shownValue(p), 'a parameter whose requiresGrad can be set (not a frozen object)');
      }
      p.requiresGrad = requiresGrad;
    }
    return this;
  }

  /** `get_parameter('layer1.0.conv1.weight')`. */
  getParameter(target: string): Parameter {
    return tensorAt(this, target, 'parameter', parametersOf);
  }

  /** `get_buffer('bn1.running_mean')`. */
  getBuffer(target: string): Tensor {
    return tensorAt(this, target, 'buffer', buffersOf);
  }

  /** `get_submodule('layer1.0.conv1')`. */
  getSubmodule(target: string): Module {
    if (typeof target !== 'string') throw new ArgumentError(this.typeName(), 'target', shownValue(target), 'a string (a dotted module name)');
    if (target === '') return this;
    let m: Module = this;
    for (const part of target.split('.')) {
      const next = modulesOf(m).get(part);
      if (!next) throw new ArgumentError(this.typeName(), 'target', oneLine(target), 'the name of a submodule');
      m = next;
    }
    return m;
  }

  /** PyTorch's `repr(module)`, character for character: the tree of children, each with its `extraRepr()`. */
  toString(): string {
    return moduleRepr(this);
  }
}

/**
 * Walks of the module graph that list every path (named_modules with
 * duplicates, the repr) stop at this many: a model whose shared modules
 * repeat subtrees under many names can have exponentially many paths (a
 * chain of 40 blocks each registering the next twice has 2^40).
 */
export const MAX_MODULE_PATHS = 1 << 22;

/** The error for a walk past MAX_MODULE_PATHS. */
export function tooManyPaths(root: Module): ArgumentError {
  return new ArgumentError(
    root.typeName(),
    'model',
    new Shown(`a model with more than ${MAX_MODULE_PATHS} module paths`),
    'a model whose shared modules repeat their subtrees fewer times (every path to a module is listed, as named_modules(remove_duplicate=False) lists them)',
  );
}

/** A long dotted path shortened for a message: its first and last steps. */
export function shortPath(path: string): string {
  if (path.length <= 120) return oneLine(path, 120);
  const parts = path.split('.');
  if (parts.length <= 8) return oneLine(path, 120);
  return oneLine(`${parts.slice(0, 4).join('.')}.…(${parts.length - 8} more).${parts.slice(-4).join('.')}`, 200);
}

/**
 * The error for a module that contains itself: the path at which a walk met
 * the module again, and the path it was first met at ('' for the root).
 */
export function cycleError(root: Module, path: string, again: string): ArgumentError {
  const first = again === '' ? 'the model itself' : `'${shortPath(again)}'`;
  return new ArgumentError(root.typeName(), 'submodule', shortPath(path), `a module that does not contain itself ('${shortPath(path)}' is ${first} again: a cycle)`);
}

/**
 * Depth-first walk, children in registration order; optionally skipping
 * repeats. Iterative, so that very deep models do not overflow the stack.
 */
function walkModules(root: Module, withDuplicates: boolean): [string, Module][] {
  const out: [string, Module][] = [];
  const seen = new Set<Module>();
  // Every module on the path to the one being visited, with its path: with
  // repeats a cycle would never end (PyTorch recurses until it fails), so it
  // is an error.
  const onPath = new Map<Module, string>();
  const stack: { readonly prefix: string; readonly module: Module; readonly children: Iterator<[string, Module | null]> }[] = [];
  const enter = (name: string, m: Module): void => {
    if (!withDuplicates) {
      if (seen.has(m)) return;
      seen.add(m);
    } else {
      const again = onPath.get(m);
      if (again !== undefined) throw cycleError(root, name, again);
      if (out.length >= MAX_MODULE_PATHS) throw tooManyPaths(root);
    }
    out.push([name, m]);
    onPath.set(m, name);
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

/**
 * `training = mode` on `root` and every module under it, each once, in a
 * walk; a module that overrides `train` is called instead (it sets its own
 * subtree). A module met again while it is open (on the path) is a cycle.
 */
function setTraining(root: Module, mode: boolean): void {
  const base = Module.prototype.train;
  const start = moduleTarget(root);
  start.training = mode;
  const seen = new Set<Module>([start]);
  const onPath = new Set<Module>([start]);
  const keys: string[] = [''];
  const modules: Module[] = [start];
  const open: Iterator<[string, Module | null]>[] = [modulesOf(start).entries()];
  while (open.length > 0) {
    const next = open[open.length - 1]!.next();
    if (next.done === true) {
      open.pop();
      keys.pop();
      onPath.delete(modules.pop()!);
      continue;
    }
    const [key, child] = next.value;
    if (child === null) continue;
    const t = moduleTarget(child);
    if (onPath.has(t)) {
      const path = [...keys.slice(1), key].join('.');
      throw cycleError(root, path, keys.slice(1, modules.indexOf(t) + 1).join('.'));
    }
    if (seen.has(t)) continue;
    seen.add(t);
    if (child.train !== base) {
      child.train(mode);
      continue;
    }
    t.training = mode;
    keys.push(key);
    modules.push(t);
    onPath.add(t);
    open.push(modulesOf(t).entries());
  }
}

/** get_parameter / get_buffer: the tensor a dotted name leads to. */
function tensorAt<T extends Tensor>(root: Module, target: string, kind: string, of: (m: Module) => ReadonlyMap<string, T | null>): T {
  if (typeof target !== 'string') throw new ArgumentError(root.typeName(), 'target', shownValue(target), `a string (a dotted ${kind} name)`);
  const dot = target.lastIndexOf('.');
  const owner = root.getSubmodule(dot === -1 ? '' : target.slice(0, dot));
  const t = of(owner).get(target.slice(dot + 1));
  if (t === undefined || t === null) throw new ArgumentError(root.typeName(), 'target', oneLine(target), `the name of a ${kind}`);
  return t;
}

/** Parameters or buffers once each, under their first names, in named_modules order (only the root's own without `recurse`). */
function namedTensors<T extends Tensor>(root: Module, of: (m: Module) => ReadonlyMap<string, T | null>, prefix = '', recurse = true): [string, T][] {
  if (typeof prefix !== 'string') throw new ArgumentError(root.typeName(), 'prefix', shownValue(prefix), 'a string');
  if (typeof recurse !== 'boolean') throw new ArgumentError(root.typeName(), 'recurse', shownValue(recurse), 'a boolean');
  const seen = new Set<T>();
  const out: [string, T][] = [];
  for (const [path, m] of recurse ? walkModules(root, false) : [['', root] as const]) {
    const head = prefix === '' ? path : path === '' ? prefix : `${prefix}.${path}`;
    for (const [k, t] of of(m)) {
      if (t === null || seen.has(t)) continue;
      seen.add(t);
      out.push([head ? `${head}.${k}` : k, t]);
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
  const root = moduleTarget(module);
  const lines: string[] = [];
  // The modules whose closing line is due, innermost last (with their
  // children still to print); a module met again while open is a cycle.
  const open: { readonly module: Module; readonly path: string; readonly indent: string; readonly children: Iterator<[string, Module | null]> }[] = [];
  const onPath = new Map<Module, string>();
  let entries = 0;
  const begin = (proxied: Module, path: string, indent: string, head: string): void => {
    const m = moduleTarget(proxied);
    const again = onPath.get(m);
    if (again !== undefined) throw cycleError(root, path, again);
    if (++entries > MAX_MODULE_PATHS) throw tooManyPaths(root);
    if (extraFor === undefined) {
      const custom = m.customRepr();
      if (custom !== null) {
        const [first = '', ...rest] = textOf(m, path, 'customRepr()', custom).split('\n');
        lines.push(`${indent}${head}${first}`, ...rest.map((l) => indent + l));
        return;
      }
    }
    const extraLines: string[] = [];
    const extra = textOf(m, path, 'extraRepr()', m.extraRepr());
    if (extra) extraLines.push(...extra.split('\n'));
    if (extraFor) {
      const more = extraFor(path);
      if (more) extraLines.push(...more.split('\n'));
    }
    const head0 = `${indent}${head}${textOf(m, path, 'typeName()', m.typeName())}(`;
    const children = modulesOf(m);
    if (children.size === 0 && extraLines.length <= 1) {
      lines.push(`${head0}${extraLines[0] ?? ''})`);
      return;
    }
    lines.push(head0);
    const inner = `${indent}  `;
    for (const l of extraLines) lines.push(inner + l);
    open.push({ module: m, path, indent, children: children.entries() });
    onPath.set(m, path);
  };
  begin(module, '', '', '');
  while (open.length > 0) {
    const top = open[open.length - 1]!;
    const next = top.children.next();
    if (next.done === true) {
      lines.push(`${top.indent})`);
      open.pop();
      onPath.delete(top.module);
      continue;
    }
    const [key, sub] = next.value;
    const inner = `${top.indent}  `;
    if (sub === null) lines.push(`${inner}(${key}): None`);
    else begin(sub, top.path ? `${top.path}.${key}` : key, inner, `(${key}): `);
  }
  try {
    return lines.join('\n');
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // Nesting makes the text quadratic in the depth (each line is indented
    // by its depth): a 20,000-deep chain's repr is more than 2^29 characters.
    throw new ArgumentError(
      root.typeName(),
      'model',
      new Shown(`a model whose repr has ${lines.length} lines`),
      'a model whose repr fits in a JavaScript string (2^29 - 24 characters; each line is indented by its depth)',
    );
  }
}

/** What a module's repr hook returned, which must be a string. */
function textOf(m: Module, path: string, hook: string, value: unknown): string {
  if (typeof value === 'string') return value;
  throw new ArgumentError(`${path === '' ? '' : `${shortPath(path)} `}(${typeNameOf(m.constructor)})`, hook, shownValue(value), 'a string');
}
