// Containers: Sequential, ModuleList, ModuleDict, and Identity.

import { ArgumentError, UnknownNameError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { Module, moduleTarget } from '../module.js';

/** A module whose forward maps one tensor to one tensor: norms, activations, convs, blocks. */
export type TensorModule = Module<(x: Tensor) => Tensor>;

/**
 * Runs its children in order, each on the previous one's output. The types are
 * declared, not inferred: `Sequential` maps a tensor to a tensor, and one that
 * ends in, say, a module returning a tuple is a `Sequential<[Tensor, Tensor]>`.
 */
export class Sequential<Out = Tensor, In = Tensor> extends Module<(input: In) => Out> {
  /** `new Sequential(a, b, c)` names children 0, 1, 2; `new Sequential({ name: m })` keeps names. */
  constructor(...modules: Module[] | [Record<string, Module>] | [Map<string, Module>]) {
    super();
    const first = modules[0];
    // Registered on the object behind the proxy: `this.registerModule` would
    // read the method and the target through the proxy for every child (a
    // Sequential may have 100,000s). forEach: no [name, module] pair per entry.
    const self = moduleTarget(this);
    if (modules.length === 1 && first !== undefined && !(first instanceof Module)) {
      if (first instanceof Map) first.forEach((m, name) => self.registerModule(name, m));
      else for (const [name, m] of Object.entries(first)) self.registerModule(name, m);
    } else {
      (modules as Module[]).forEach((m, i) => self.registerModule(String(i), m));
    }
  }

  get length(): number {
    return this._modules.size;
  }

  /** Child by position (negative counts from the end). */
  at(index: number): Module {
    const list = [...this._modules.values()];
    const m = list[index < 0 ? index + list.length : index];
    if (!m) throw new ArgumentError('Sequential', 'index', index, `within 0..${list.length - 1}`);
    return m;
  }

  append(module: Module): this {
    this.registerModule(String(this._modules.size), module);
    return this;
  }

  [Symbol.iterator](): IterableIterator<Module> {
    return ([...this._modules.values()].filter((m) => m !== null) as Module[])[Symbol.iterator]();
  }

  override forward(input: In): Out {
    let x: unknown = input;
    for (const m of this._modules.values()) {
      if (m !== null) x = m.call(x);
    }
    // The chain's types are not checked: Out is what the declaration promises.
    return x as Out;
  }
}

/** A list of modules of one type `T` (any module by default); `at` and iteration give `T`. */
export class ModuleList<T extends Module = Module> extends Module {
  constructor(modules: Iterable<T> = []) {
    super();
    for (const m of modules) this.append(m);
  }

  get length(): number {
    return this._modules.size;
  }

  /** `list[index]`, negative counting from the end; out of range is an ArgumentError (PyTorch: IndexError). */
  at(index: number): T {
    const list = [...this._modules.values()];
    const m = list[index < 0 ? index + list.length : index];
    if (!m) throw new ArgumentError('ModuleList', 'index', index, `within 0..${list.length - 1}`);
    // Only append, extend and the constructor add children, and they take T.
    return m as T;
  }

  append(module: T): this {
    this.registerModule(String(this._modules.size), module);
    return this;
  }

  extend(modules: Iterable<T>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  [Symbol.iterator](): IterableIterator<T> {
    return ([...this._modules.values()].filter((m) => m !== null) as T[])[Symbol.iterator]();
  }
}

/** Named modules of one type `T` (any module by default); `get` gives `T`. */
export class ModuleDict<T extends Module = Module> extends Module {
  constructor(modules: Record<string, T> | Map<string, T> = {}) {
    super();
    const entries = modules instanceof Map ? [...modules.entries()] : Object.entries(modules);
    for (const [name, m] of entries) this.registerModule(name, m);
  }

  /** `dict[key]`; a missing key is an UnknownNameError naming the known keys (PyTorch: KeyError). */
  get(key: string): T {
    const m = this._modules.get(key);
    if (m === undefined || m === null) throw new UnknownNameError('ModuleDict key', key, this.entries().map(([k]) => k));
    // Only set and the constructor add children, and they take T (addModule,
    // inherited from Module, is untyped: subclasses that use it add only T).
    return m as T;
  }

  set(key: string, module: T): void {
    this.registerModule(key, module);
  }

  keys(): string[] {
    return [...this._modules.keys()];
  }

  values(): T[] {
    return [...this._modules.values()].filter((m) => m !== null) as T[];
  }

  entries(): [string, T][] {
    return [...this._modules.entries()].filter(([, m]) => m !== null) as [string, T][];
  }
}

/** Returns its input; runs no op, so the reference reports it as uncalled. */
export class Identity<T = Tensor> extends Module<(x: T) => T> {
  override forward(x: T): T {
    return x;
  }
}
