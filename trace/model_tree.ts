// One immutable snapshot of a model's module tree, taken once per analysis and
// passed to everything that needs names, parents or parameters.
//
// Why: an analysis used to look these up through caches shared by the whole
// process and invalidated by a global counter bumped on every registration.
// Editing a model's maps directly (`model._modules.delete('fc')`) never bumped
// it, so a second analysis saw the old structure; and building any unrelated
// module threw every cache away. A snapshot belongs to one analysis, so it can
// never be stale for it, and nothing outside it needs invalidating.
//
// Modules are numbered in PyTorch's named_modules order (each module once,
// under its first name); per-module data of an analysis can be kept in arrays
// indexed by those ids. Parents are the modules a module was first reached
// through, so ancestors are found by following links, never by cutting
// dotted names.

import { ArgumentError } from '../core/errors.js';
import type { Shape } from '../core/shape.js';
import type { Parameter, Tensor } from '../core/tensor.js';
import { moduleTarget, type Module } from '../nn/module.js';

// Frozen: it is shared by every leaf, and nothing may add to it.
const NO_CHILDREN = Object.freeze([]) as unknown as number[];

/** A module under its canonical name (the first name it is reached by). */
export interface TreeModule {
  /** Position in named_modules order; the root is 0. */
  readonly id: number;
  readonly name: string;
  readonly module: Module;
  /** Id of the module it was first reached through; -1 for the root. */
  readonly parent: number;
  /** Number of links from the root. */
  readonly depth: number;
  /** Ids of the modules first reached through this one, in registration order. */
  readonly children: readonly number[];
}

/** A parameter under its first name, as PyTorch's named_parameters lists it. */
export interface TreeParameter {
  readonly name: string;
  readonly parameter: Parameter;
  readonly shape: Shape;
  readonly numel: bigint;
  /** Id of the module it is listed under. */
  readonly owner: number;
}

/** A buffer under its first name, as PyTorch's named_buffers lists it. */
export interface TreeBuffer {
  readonly name: string;
  readonly buffer: Tensor;
  readonly shape: Shape;
  /** Id of the module it is listed under. */
  readonly owner: number;
}

export class ModelTree {
  /** The model the snapshot was taken of. */
  readonly root: Module;
  /** Every name, shared modules under each of theirs, in named_modules (with duplicates) order. */
  readonly names: readonly string[];
  /** Per name in `names`, its module's id. */
  readonly nameIds: readonly number[];
  /** Every name (aliases included) to its module's id. */
  readonly ids: ReadonlyMap<string, number>;
  /** Each module to its canonical name. */
  readonly byModule: ReadonlyMap<Module, string>;
  /** Canonical modules, indexed by id. */
  readonly nodes: readonly TreeModule[];
  readonly parameters: readonly TreeParameter[];
  readonly buffers: readonly TreeBuffer[];
  // Derived from the fields above on first use, so that an analysis pays only
  // for what it reads (a model can have 100,000s of modules). The snapshot
  // never changes, so computing each once is safe.
  private entryList: readonly (readonly [string, Module])[] | undefined;
  private canonicalMap: ReadonlyMap<string, string> | undefined;
  private modulesMap: ReadonlyMap<string, Module> | undefined;
  private parameterByName: ReadonlyMap<string, TreeParameter> | undefined;
  private counts: ReadonlyMap<string, bigint> | undefined;

  /** The same as buildModelTree(root). */
  constructor(root: Module) {
    this.root = root;
    const names: string[] = [];
    const nameIds: number[] = [];
    const byModule = new Map<Module, string>();
    const ids = new Map<string, number>();
    const nodes: { id: number; name: string; module: Module; parent: number; depth: number; children: number[] }[] = [];
    // Depth first with an explicit stack (deep models must not overflow the
    // call stack). A module's first visit is only ever reached through first
    // visits (a repeat's subtree was walked in full at its first visit), so
    // the module a first visit comes from is its parent.
    const onPath: boolean[] = [];
    const stack: { readonly prefix: string; readonly id: number; readonly children: Iterator<[string, Module | null]> }[] = [];
    const enter = (name: string, m: Module, parent: number): void => {
      const seenAs = byModule.get(m);
      let id: number;
      if (seenAs === undefined) {
        id = nodes.length;
        byModule.set(m, name);
        nodes.push({ id, name, module: m, parent, depth: parent === -1 ? 0 : nodes[parent]!.depth + 1, children: NO_CHILDREN });
        if (parent !== -1) {
          const p = nodes[parent]!;
          // Most modules are leaves: they share one empty list.
          if (p.children === NO_CHILDREN) p.children = [id];
          else p.children.push(id);
        }
      } else {
        id = ids.get(seenAs)!;
        // named_modules with duplicates never ends on a cycle (PyTorch
        // recurses until it fails); say what is wrong instead.
        if (onPath[id] === true) throw new ArgumentError(root.typeName(), 'submodule', name, 'a module that does not contain itself');
      }
      names.push(name);
      nameIds.push(id);
      ids.set(name, id);
      onPath[id] = true;
      stack.push({ prefix: name ? `${name}.` : '', id, children: m._modules.entries() });
    };
    enter('', root, -1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = top.children.next();
      if (next.done === true) {
        stack.pop();
        onPath[top.id] = false;
        continue;
      }
      const [key, child] = next.value;
      if (child !== null) enter(top.prefix + key, child, top.id);
    }

    // named_parameters and named_buffers: each tensor once, under its first name.
    const parameters: TreeParameter[] = [];
    const buffers: TreeBuffer[] = [];
    const seenParameters = new Set<Parameter>();
    const seenBuffers = new Set<Tensor>();
    for (const node of nodes) {
      const prefix = node.name ? `${node.name}.` : '';
      for (const [k, p] of node.module._parameters) {
        if (p === null || seenParameters.has(p)) continue;
        seenParameters.add(p);
        parameters.push({ name: prefix + k, parameter: p, shape: p.shape, numel: p.numel(), owner: node.id });
      }
      for (const [k, b] of node.module._buffers) {
        if (b === null || seenBuffers.has(b)) continue;
        seenBuffers.add(b);
        buffers.push({ name: prefix + k, buffer: b, shape: b.shape, owner: node.id });
      }
    }

    this.names = names;
    this.nameIds = nameIds;
    this.ids = ids;
    this.byModule = byModule;
    this.nodes = nodes;
    this.parameters = parameters;
    this.buffers = buffers;
  }

  /** Every name with its module, shared modules under each of their names (named_modules with duplicates). */
  get entries(): readonly (readonly [string, Module])[] {
    return (this.entryList ??= this.names.map((name, i) => [name, this.nodes[this.nameIds[i]!]!.module] as const));
  }

  /** Every name (aliases included) to its module's canonical name. */
  get canonical(): ReadonlyMap<string, string> {
    return (this.canonicalMap ??= new Map(this.names.map((name, i) => [name, this.nodes[this.nameIds[i]!]!.name])));
  }

  /** Every name (aliases included) to its module. */
  get modules(): ReadonlyMap<string, Module> {
    return (this.modulesMap ??= new Map(this.entries));
  }

  /** The canonical module called `name` (any of its names), if there is one. */
  node(name: string): TreeModule | undefined {
    const id = this.ids.get(name);
    return id === undefined ? undefined : this.nodes[id];
  }

  /** Ids from the root down to `id` itself, following parent links. */
  ancestors(id: number): number[] {
    if (!Number.isInteger(id) || id < 0 || id >= this.nodes.length) throw new ArgumentError('ModelTree', 'id', id, `a module id in 0..${this.nodes.length - 1}`);
    const out: number[] = [];
    for (let at = id; at !== -1; at = this.nodes[at]!.parent) out.push(at);
    return out.reverse();
  }

  /** Canonical names of `name`'s module and every module enclosing it, root ('') first. */
  ancestorNames(name: string): string[] {
    const id = this.ids.get(name);
    if (id === undefined) throw new ArgumentError('ModelTree', 'module name', name, 'the name of a module of the model');
    return this.ancestors(id).map((a) => this.nodes[a]!.name);
  }

  /** The parameter listed under `name`, if any. */
  parameter(name: string): TreeParameter | undefined {
    this.parameterByName ??= new Map(this.parameters.map((p) => [p.name, p]));
    return this.parameterByName.get(name);
  }

  /**
   * The name `name` is listed under in a tree of names: a parameter's module,
   * a module's parent ('' for the root's children); undefined for the root
   * and for names not in the model.
   */
  enclosingName(name: string): string | undefined {
    const p = this.parameter(name);
    if (p !== undefined) return this.nodes[p.owner]!.name;
    const id = this.ids.get(name);
    if (id === undefined) return undefined;
    const parent = this.nodes[id]!.parent;
    return parent === -1 ? undefined : this.nodes[parent]!.name;
  }

  /**
   * fvcore's parameter_count: elements per parameter name and per every
   * module prefix of one ('' is the total), in the order the reference's dict
   * gets its keys; no '' key when there are no parameters. Read-only.
   */
  get parameterCounts(): ReadonlyMap<string, bigint> {
    return (this.counts ??= this.countParameters());
  }

  private countParameters(): Map<string, bigint> {
    const counts = new Map<string, bigint>();
    const params = this.parameters;
    // Like the reference's defaultdict: no '' key at all without parameters.
    if (params.length === 0) return counts;
    const nodes = this.nodes;
    // Subtree sums: each module's own parameters, then (children have larger
    // ids than their parents) every module's sum into its parent's.
    const sums = new Array<bigint>(nodes.length).fill(0n);
    for (const p of params) sums[p.owner]! += p.numel;
    for (let id = nodes.length - 1; id > 0; id--) sums[nodes[id]!.parent]! += sums[id]!;
    // A key enters the dict when the first parameter under it does, after the
    // keys of the modules enclosing it: for each parameter, the modules above
    // it not yet listed (outermost first), then the parameter itself.
    counts.set('', sums[0]!);
    const listed = new Uint8Array(nodes.length);
    listed[0] = 1;
    const pending: number[] = [];
    for (const p of params) {
      for (let id = p.owner; listed[id] === 0; id = nodes[id]!.parent) {
        listed[id] = 1;
        pending.push(id);
      }
      while (pending.length > 0) {
        const id = pending.pop()!;
        counts.set(nodes[id]!.name, sums[id]!);
      }
      counts.set(p.name, p.numel);
    }
    return counts;
  }
}

/**
 * Everything a snapshot is made from, in walk order: each module (shared ones
 * at each name), then every entry of its child, parameter and buffer
 * registries, keys and values, None entries included. Two walks give equal
 * lists exactly when a tree built from either would be the same.
 */
function structureOf(root: Module): unknown[] {
  const out: unknown[] = [];
  const onPath = new Set<Module>();
  // Depth first with an explicit stack, as the constructor walks (deep models
  // must not overflow the call stack).
  const stack: { readonly module: Module; readonly children: Iterator<[string, Module | null]> }[] = [];
  const enter = (m: Module): void => {
    if (onPath.has(m)) throw new ArgumentError(root.typeName(), 'submodule', m.typeName(), 'a module that does not contain itself');
    onPath.add(m);
    out.push(m);
    for (const [k, p] of m._parameters) out.push(k, p);
    for (const [k, b] of m._buffers) out.push(k, b);
    stack.push({ module: m, children: m._modules.entries() });
  };
  enter(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const next = top.children.next();
    if (next.done === true) {
      stack.pop();
      onPath.delete(top.module);
      continue;
    }
    const [k, c] = next.value;
    out.push(k, c);
    if (c !== null) enter(c);
  }
  return out;
}

const LAST_TREE = Symbol('flopscope.lastTree');

interface Remembered {
  [LAST_TREE]?: { readonly tree: ModelTree; readonly structure: readonly unknown[] };
}

/**
 * A snapshot of `model`'s modules, parameters and buffers as they are now.
 * The last snapshot is kept on the model itself and returned again only when
 * a fresh walk of the live model finds exactly the same modules, keys,
 * parameters and buffers in the same order: a reused tree is never stale, and
 * analyses of an unchanged model share everything derived from its tree.
 */
export function buildModelTree(model: Module): ModelTree {
  const holder = moduleTarget(model) as Module & Remembered;
  const last = holder[LAST_TREE];
  if (last !== undefined) {
    const now = structureOf(model);
    const was = last.structure;
    let same = now.length === was.length;
    for (let i = 0; same && i < now.length; i++) same = now[i] === was[i];
    if (same) return last.tree;
  }
  const tree = new ModelTree(model);
  Object.defineProperty(holder, LAST_TREE, { value: { tree, structure: structureOf(model) }, writable: true, configurable: true, enumerable: false });
  return tree;
}
