// Containers: Sequential, ModuleList, ModuleDict, and Identity.

import { ArgumentError } from '../../core/errors.js';
import { Module } from '../module.js';

export class Sequential extends Module {
  /** `new Sequential(a, b, c)` names children 0, 1, 2; `new Sequential({ name: m })` keeps names. */
  constructor(...modules: Module[] | [Record<string, Module>] | [Map<string, Module>]) {
    super();
    const first = modules[0];
    if (modules.length === 1 && first !== undefined && !(first instanceof Module)) {
      const entries = first instanceof Map ? [...first.entries()] : Object.entries(first);
      for (const [name, m] of entries) this.registerModule(name, m);
    } else {
      (modules as Module[]).forEach((m, i) => this.registerModule(String(i), m));
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

  override forward(input: unknown): unknown {
    let x = input;
    for (const m of this._modules.values()) {
      if (m !== null) x = (m.call as (this: Module, i: unknown) => unknown).call(m, x);
    }
    return x;
  }
}

export class ModuleList extends Module {
  constructor(modules: Iterable<Module> = []) {
    super();
    for (const m of modules) this.append(m);
  }

  get length(): number {
    return this._modules.size;
  }

  at(index: number): Module {
    const list = [...this._modules.values()];
    const m = list[index < 0 ? index + list.length : index];
    if (!m) throw new ArgumentError('ModuleList', 'index', index, `within 0..${list.length - 1}`);
    return m;
  }

  append(module: Module): this {
    this.registerModule(String(this._modules.size), module);
    return this;
  }

  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  [Symbol.iterator](): IterableIterator<Module> {
    return ([...this._modules.values()].filter((m) => m !== null) as Module[])[Symbol.iterator]();
  }
}

export class ModuleDict extends Module {
  constructor(modules: Record<string, Module> | Map<string, Module> = {}) {
    super();
    const entries = modules instanceof Map ? [...modules.entries()] : Object.entries(modules);
    for (const [name, m] of entries) this.registerModule(name, m);
  }

  get(key: string): Module | undefined {
    return this._modules.get(key) ?? undefined;
  }

  set(key: string, module: Module): void {
    this.registerModule(key, module);
  }

  keys(): string[] {
    return [...this._modules.keys()];
  }

  values(): Module[] {
    return [...this._modules.values()].filter((m) => m !== null) as Module[];
  }

  entries(): [string, Module][] {
    return [...this._modules.entries()].filter(([, m]) => m !== null) as [string, Module][];
  }
}

/** Returns its input; runs no op, so the reference reports it as uncalled. */
export class Identity extends Module {
  override forward<T>(x: T): T {
    return x;
  }
}
