// Containers: Sequential, ModuleList, ModuleDict, and Identity.

import { ArgumentError, UnknownNameError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { Module, moduleTarget, registerNumbered, shownValue } from '../module.js';

/** A module whose forward maps one tensor to one tensor: norms, activations, convs, blocks. */
export type TensorModule = Module<(x: Tensor) => Tensor>;

/** Whether `value` is a plain object (a literal, or made with a null prototype): a dict of modules. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A child by position (negative counts from the end), as `list[index]` in PyTorch. */
function childAt(owner: string, m: Module, index: number): Module | null {
  const list = [...m._modules.values()];
  if (typeof index !== 'number' || !Number.isInteger(index) || index >= list.length || index < -list.length) {
    throw new ArgumentError(owner, 'index', shownValue(index), list.length === 0 ? 'an index of a child (it has none)' : `an integer within ${-list.length}..${list.length - 1}`);
  }
  return list[index < 0 ? index + list.length : index]!;
}

/**
 * `torch.nn.Sequential`: runs its children in order, each on the previous
 * one's output (each child's `call`, so its ops are charged to it); records no
 * op of its own. The types are declared, not inferred: `Sequential` maps a
 * tensor to a tensor, and one that ends in, say, a module returning a tuple is
 * a `Sequential<[Tensor, Tensor]>`.
 *
 * @typeParam Out - What `forward` returns (the last child's output).
 * @typeParam In - What `forward` takes (the first child's input).
 */
export class Sequential<Out = Tensor, In = Tensor> extends Module<(input: In) => Out> {
  static override readonly typeName: string = 'Sequential';
  /**
   * `new Sequential(a, b, c)` names children 0, 1, 2; `new Sequential({ name: m })`
   * keeps names. Each child is a Module or null (a None entry, which the repr
   * shows and which, as in PyTorch, cannot be called).
   */
  constructor(...modules: (Module | null)[] | [Record<string, Module | null>] | [Map<string, Module | null>]) {
    super();
    const first = modules[0];
    // Registered on the object behind the proxy: `this.registerModule` would
    // read the method and the target through the proxy for every child (a
    // Sequential may have 100,000s). forEach: no [name, module] pair per entry.
    const self = moduleTarget(this);
    if (modules.length === 1 && first instanceof Map) first.forEach((m, name) => self.registerModule(name, m));
    else if (modules.length === 1 && isPlainObject(first)) for (const [name, m] of Object.entries(first)) self.registerModule(name, m as Module | null);
    else registerNumbered(self, modules);
  }

  /** `len(seq)`: the number of children, None entries included. */
  get length(): number {
    return this._modules.size;
  }

  /** Child by position (negative counts from the end). */
  at(index: number): Module {
    const m = childAt('Sequential', this, index);
    if (m === null) throw new ArgumentError('Sequential', `child ${index}`, null, 'a module (it is None)');
    return m;
  }

  /** PyTorch's `append`: adds `module` under the next number (the current length). Returns this. */
  append(module: Module): this {
    this.registerModule(String(this._modules.size), module);
    return this;
  }

  /** `for (const m of seq)`: the children in order, None entries skipped. */
  [Symbol.iterator](): IterableIterator<Module> {
    return ([...this._modules.values()].filter((m) => m !== null) as Module[])[Symbol.iterator]();
  }

  /** Calls each child on the previous one's output; a None entry is an error, as in PyTorch. */
  override forward(input: In): Out {
    let x: unknown = input;
    for (const m of this._modules.values()) {
      // PyTorch calls every entry: None is not callable.
      if (m === null) throw noneChild(this);
      x = m.call(x);
    }
    // The chain's types are not checked: Out is what the declaration promises.
    return x as Out;
  }
}

/** The error for calling a Sequential with a None entry (the first one). */
function noneChild(s: Module): ArgumentError {
  let key = '';
  for (const [k, m] of s._modules) {
    if (m === null) {
      key = k;
      break;
    }
  }
  return new ArgumentError(s.typeName(), `child '${key}'`, null, "a module to call ('NoneType' object is not callable)");
}

/** Each module of `modules`, which must be iterable (PyTorch: extend takes an iterable). */
function iterableOf<T>(owner: string, modules: Iterable<T>): Iterable<T> {
  if (modules === null || (typeof modules !== 'object' && typeof modules !== 'function') || typeof (modules as Partial<Iterable<T>>)[Symbol.iterator] !== 'function') {
    throw new ArgumentError(owner, 'modules', shownValue(modules), 'an iterable of modules');
  }
  return modules;
}

/**
 * `torch.nn.ModuleList`: registers its modules under '0', '1', ...; has no
 * forward of its own (the owner calls its entries).
 *
 * @typeParam T - The type of every entry (any module by default); `at` and iteration give `T`.
 */
export class ModuleList<T extends Module = Module> extends Module {
  static override readonly typeName: string = 'ModuleList';
  /** `new ModuleList([a, b])`; null or nothing is an empty list, as PyTorch's ModuleList(None). */
  constructor(modules: Iterable<T> | null = []) {
    super();
    if (modules !== null) for (const m of iterableOf('ModuleList', modules)) this.append(m);
  }

  /** `len(list)`: the number of entries, None entries included. */
  get length(): number {
    return this._modules.size;
  }

  /** `list[index]`, negative counting from the end; out of range is an ArgumentError (PyTorch: IndexError). */
  at(index: number): T {
    const m = childAt('ModuleList', this, index);
    if (m === null) throw new ArgumentError('ModuleList', `child ${index}`, null, 'a module (it is None)');
    // Only append, extend and the constructor add children, and they take T.
    return m as T;
  }

  /** PyTorch's `append`: adds `module` under the next number. Returns this. */
  append(module: T): this {
    this.registerModule(String(this._modules.size), module);
    return this;
  }

  /** PyTorch's `extend`: appends each module of `modules` in order. Returns this. */
  extend(modules: Iterable<T>): this {
    for (const m of iterableOf('ModuleList', modules)) this.append(m);
    return this;
  }

  /** `for (const m of list)`: the entries in order, None entries skipped. */
  [Symbol.iterator](): IterableIterator<T> {
    return ([...this._modules.values()].filter((m) => m !== null) as T[])[Symbol.iterator]();
  }
}

/**
 * `torch.nn.ModuleDict`: registers its modules under their keys, in insertion
 * order; has no forward of its own (the owner calls its entries).
 *
 * @typeParam T - The type of every entry (any module by default); `get` gives `T`.
 */
export class ModuleDict<T extends Module = Module> extends Module {
  static override readonly typeName: string = 'ModuleDict';
  /**
   * From a plain object or a Map of modules (or, as PyTorch's update takes,
   * an array of [key, module] pairs); null or nothing is an empty dict.
   */
  constructor(modules: Record<string, T> | Map<string, T> | readonly (readonly [string, T])[] | null = {}) {
    super();
    if (modules === null) return;
    let entries: (readonly [unknown, unknown])[];
    if (modules instanceof Map) entries = [...modules.entries()];
    else if (isPlainObject(modules)) entries = Object.entries(modules);
    else if (Array.isArray(modules)) {
      entries = modules.map((pair: unknown, i) => {
        if (!Array.isArray(pair) || pair.length !== 2) throw new ArgumentError('ModuleDict', `modules[${i}]`, shownValue(pair), 'a [key, module] pair');
        return pair as [unknown, unknown];
      });
    } else {
      throw new ArgumentError('ModuleDict', 'modules', shownValue(modules), 'a plain object, a Map or a list of [key, module] pairs');
    }
    for (const [name, m] of entries) this.registerModule(name as string, m as T);
  }

  /** `dict[key]`; a missing key is an UnknownNameError naming the known keys (PyTorch: KeyError). */
  get(key: string): T {
    const m = this._modules.get(key);
    if (m === undefined || m === null) throw new UnknownNameError('ModuleDict key', String(shownValue(key)), this.entries().map(([k]) => k));
    // Only set and the constructor add children, and they take T (addModule,
    // inherited from Module, is untyped: subclasses that use it add only T).
    return m as T;
  }

  /** `dict[key] = module`: registers `module` under `key` (replacing an entry already there, in its place). */
  set(key: string, module: T): void {
    this.registerModule(key, module);
  }

  /** PyTorch's `keys()`: every key in order, None entries included. */
  keys(): string[] {
    return [...this._modules.keys()];
  }

  /** PyTorch's `values()`: the modules in order, None entries skipped. */
  values(): T[] {
    return [...this._modules.values()].filter((m) => m !== null) as T[];
  }

  /** PyTorch's `items()`: [key, module] pairs in order, None entries skipped. */
  entries(): [string, T][] {
    return [...this._modules.entries()].filter(([, m]) => m !== null) as [string, T][];
  }
}

/**
 * `torch.nn.Identity`: returns its input; runs no op, so the reference
 * reports it as uncalled. No parameters. Takes any constructor arguments and
 * ignores them, as `nn.Identity(*args, **kwargs)`.
 *
 * @typeParam T - The input's type, returned as is.
 */
export class Identity<T = Tensor> extends Module<(x: T) => T> {
  static override readonly typeName: string = 'Identity';
  constructor(..._args: unknown[]) {
    super();
  }

  /** Returns `x`. */
  override forward(x: T): T {
    return x;
  }
}
