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
//
// Cost: one walk of the model makes the modules (`nodes`), the walk itself in
// flat arrays (`walk`) and the parameters and buffers in flat arrays; every
// map by name, and every list of objects per name, is made on first use. A
// model can have 100,000s of modules, and names are full dotted paths (a
// 1,000-deep chain's names hold millions of characters), so nothing here
// hashes or copies a name unless asked to.

import { ArgumentError } from '../core/errors.js';
import type { Shape } from '../core/shape.js';
import type { Parameter, Tensor } from '../core/tensor.js';
import { buffersOf, modulesOf, moduleTarget, parametersOf, type Module } from '../nn/module.js';

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

/**
 * The walk PyTorch's repr and named_modules(remove_duplicate=False) take:
 * depth first, children in registration order, a shared module under each of
 * its names (its subtree again), and None entries of `_modules` in place.
 * Entry 0 is the root.
 */
export interface TreeWalk {
  /** Per entry, its module's id; -1 for a None entry. */
  readonly module: readonly number[];
  /** Per entry, the key its parent registers it under ('' for the root). */
  readonly key: readonly string[];
  /** Per entry, the entry it was reached from; -1 for the root. */
  readonly parent: readonly number[];
}

/** The named_parameters list as parallel arrays (each parameter once, under its first name). */
export interface TreeTensors<T extends Tensor> {
  /** Per tensor, the id of the module it is listed under. */
  readonly owner: readonly number[];
  /** Per tensor, its key in that module's registry. */
  readonly key: readonly string[];
  readonly tensor: readonly T[];
}

/**
 * fvcore's parameter_count in arrays: per module, the elements of the
 * parameters under it; per parameter, its elements; and the order of the
 * reference's dict keys.
 */
export interface ParameterTotals {
  /** Per module id, the elements under it; undefined when parameter_count has no key for it (nothing under it). */
  readonly module: readonly (bigint | undefined)[];
  /** Per parameter (index in `ModelTree.params`), its elements. */
  readonly parameter: readonly bigint[];
  /** The dict's keys in order: a module id (>= 0), or parameter q as -1 - q. */
  readonly order: readonly number[];
}

const enum Kind {
  Parameter = 0,
  Buffer = 1,
}

/** Elements of `shape` as a bigint; `small` shares the bigints of small counts (bigints are values, so sharing is safe). */
function countOf(shape: Shape, small: Map<number, bigint>): bigint {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  if (!Number.isSafeInteger(n)) {
    let big = 1n;
    for (let i = 0; i < shape.length; i++) big *= BigInt(shape[i]!);
    return big;
  }
  return sharedBigInt(n, small);
}

function sharedBigInt(n: number, small: Map<number, bigint>): bigint {
  if (n > 0xffff) return BigInt(n);
  let b = small.get(n);
  if (b === undefined) small.set(n, (b = BigInt(n)));
  return b;
}

export class ModelTree {
  /** The model the snapshot was taken of. */
  readonly root: Module;
  /** Canonical modules, indexed by id. */
  readonly nodes: readonly TreeModule[];
  /** The repr / named_modules(remove_duplicate=False) walk, None entries included. */
  readonly walk: TreeWalk;
  /** named_parameters, as arrays. */
  readonly params: TreeTensors<Parameter>;
  /** named_buffers, as arrays. */
  readonly bufs: TreeTensors<Tensor>;
  /**
   * True when names are plain paths: no registry key holds a '.', and no
   * module has a child and a parameter under one key (possible only by
   * editing the maps directly). Then a name's parent is what cutting it at
   * its last '.' gives, and no two names are equal.
   */
  readonly plainNames: boolean;
  private readonly idByModule: Map<Module, number>;
  /**
   * Registry entries that are not a tensor's first listing (None entries and
   * tensors listed before), in walk order: owner id, kind, position in the
   * registry, key, value. With `params` and `bufs` they record every
   * registry of the model, for `sameStructure`.
   */
  private readonly others: readonly unknown[];
  // Derived from the fields above on first use, so that an analysis pays only
  // for what it reads (a model can have 100,000s of modules). The snapshot
  // never changes, so computing each once is safe.
  private walkNames: readonly (string | undefined)[] | undefined;
  private nameList: readonly string[] | undefined;
  private nameIdList: readonly number[] | undefined;
  private idMap: ReadonlyMap<string, number> | undefined;
  private byModuleMap: ReadonlyMap<Module, string> | undefined;
  private entryList: readonly (readonly [string, Module])[] | undefined;
  private canonicalMap: ReadonlyMap<string, string> | undefined;
  private modulesMap: ReadonlyMap<string, Module> | undefined;
  private parameterList: readonly TreeParameter[] | undefined;
  private bufferList: readonly TreeBuffer[] | undefined;
  private parameterByName: ReadonlyMap<string, TreeParameter> | undefined;
  private totals: ParameterTotals | undefined;
  private counts: ReadonlyMap<string, bigint> | undefined;

  /** The same as buildModelTree(root). */
  constructor(root: Module) {
    this.root = root;
    const nodes: { id: number; name: string; module: Module; parent: number; depth: number; children: number[] }[] = [];
    const idByModule = new Map<Module, number>();
    const wModule: number[] = [];
    const wKey: string[] = [];
    const wParent: number[] = [];
    const pOwner: number[] = [];
    const pKey: string[] = [];
    const pTensor: Parameter[] = [];
    const bOwner: number[] = [];
    const bKey: string[] = [];
    const bTensor: Tensor[] = [];
    const others: unknown[] = [];
    const seenParameters = new Set<Parameter>();
    const seenBuffers = new Set<Tensor>();
    let plainNames = true;
    // Depth first with an explicit stack (deep models must not overflow the
    // call stack): children are pushed in reverse, so they are taken in
    // registration order. A module's first visit is only ever reached through
    // first visits (a repeat's subtree was walked in full at its first
    // visit), so the module a first visit comes from is its parent, and its
    // name is that parent's name, a '.', and its key.
    const stackKey: string[] = [];
    const stackModule: (Module | null)[] = [];
    const stackParent: number[] = [];
    // Per walk entry, its depth; the module ids on the path to the entry being
    // visited, with a flag per id, find cycles (named_modules with duplicates
    // never ends on one: PyTorch recurses until it fails).
    const wDepth: number[] = [];
    const path: number[] = [];
    const onPath: number[] = [];
    // The name prefix ('name.') of each canonical entry's children, made when
    // its children are pushed.
    const prefixOf: string[] = [];
    const visit = (key: string, m: Module | null, parentEntry: number): void => {
      const entry = wModule.length;
      const depth = parentEntry === -1 ? 0 : wDepth[parentEntry]! + 1;
      wKey.push(key);
      wParent.push(parentEntry);
      wDepth.push(depth);
      if (m === null) {
        wModule.push(-1);
        return;
      }
      while (path.length > depth) onPath[path.pop()!] = 0;
      let id = idByModule.get(m);
      const first = id === undefined;
      if (id === undefined) {
        id = nodes.length;
        idByModule.set(m, id);
        const parent = parentEntry === -1 ? -1 : wModule[parentEntry]!;
        const name = parentEntry === -1 ? '' : prefixOf[parentEntry]! + key;
        nodes.push({ id, name, module: m, parent, depth, children: NO_CHILDREN });
        if (parent !== -1) {
          const p = nodes[parent]!;
          // Most modules are leaves: they share one empty list.
          if (p.children === NO_CHILDREN) p.children = [id];
          else p.children.push(id);
        }
        // named_parameters and named_buffers: each tensor once, under its first name.
        const params = parametersOf(m);
        if (params.size > 0) {
          let at = 0;
          for (const [k, p] of params) {
            if (p !== null && !seenParameters.has(p)) {
              seenParameters.add(p);
              pOwner.push(id);
              pKey.push(k);
              pTensor.push(p);
            } else others.push(id, Kind.Parameter, at, k, p);
            at++;
          }
        }
        const buffers = buffersOf(m);
        if (buffers.size > 0) {
          let at = 0;
          for (const [k, b] of buffers) {
            if (b !== null && !seenBuffers.has(b)) {
              seenBuffers.add(b);
              bOwner.push(id);
              bKey.push(k);
              bTensor.push(b);
            } else others.push(id, Kind.Buffer, at, k, b);
            at++;
          }
        }
      } else if (onPath[id] === 1) {
        throw new ArgumentError(root.typeName(), 'submodule', this.pathOf(entry, wKey, wParent), 'a module that does not contain itself');
      }
      wModule.push(id);
      path.push(id);
      onPath[id] = 1;
      const children = modulesOf(m);
      if (children.size > 0) {
        if (first) prefixOf[entry] = entry === 0 ? '' : `${nodes[id]!.name}.`;
        const params = first ? parametersOf(m) : undefined;
        const start = stackKey.length;
        for (const [k, c] of children) {
          stackKey.push(k);
          stackModule.push(c);
          stackParent.push(entry);
          if (plainNames && (k.includes('.') || (params !== undefined && params.has(k)))) plainNames = false;
        }
        reverseFrom(stackKey, start);
        reverseFrom(stackModule, start);
      }
    };
    visit('', root, -1);
    while (stackKey.length > 0) visit(stackKey.pop()!, stackModule.pop()!, stackParent.pop()!);
    if (plainNames) {
      for (const k of pKey) if (k.includes('.')) plainNames = false;
    }

    this.nodes = nodes;
    this.walk = { module: wModule, key: wKey, parent: wParent };
    this.params = { owner: pOwner, key: pKey, tensor: pTensor };
    this.bufs = { owner: bOwner, key: bKey, tensor: bTensor };
    this.plainNames = plainNames;
    this.idByModule = idByModule;
    this.others = others;
  }

  /** The path of walk entry `entry`, for messages (the walk so far). */
  private pathOf(entry: number, key: readonly string[], parent: readonly number[]): string {
    const parts: string[] = [];
    for (let e = entry; e > 0; e = parent[e]!) parts.push(key[e]!);
    return parts.reverse().join('.');
  }

  /** The id of `module` (as the model holds it: its proxy), or undefined when it is not in the tree. */
  idOf(module: Module): number | undefined {
    return this.idByModule.get(module);
  }

  /** Per walk entry, its name (undefined for None entries). */
  private namesOfWalk(): readonly (string | undefined)[] {
    if (this.walkNames === undefined) {
      const { module, key, parent } = this.walk;
      const out = new Array<string | undefined>(module.length);
      const seen = new Uint8Array(this.nodes.length);
      for (let e = 0; e < module.length; e++) {
        const id = module[e]!;
        if (id === -1) continue;
        if (seen[id] === 0) {
          seen[id] = 1;
          out[e] = this.nodes[id]!.name;
        } else {
          const p = out[parent[e]!]!;
          out[e] = p === '' ? key[e]! : `${p}.${key[e]!}`;
        }
      }
      this.walkNames = out;
    }
    return this.walkNames;
  }

  /** Every name, shared modules under each of theirs, in named_modules (with duplicates) order. */
  get names(): readonly string[] {
    if (this.nameList === undefined) this.listNames();
    return this.nameList!;
  }

  /** Per name in `names`, its module's id. */
  get nameIds(): readonly number[] {
    if (this.nameIdList === undefined) this.listNames();
    return this.nameIdList!;
  }

  private listNames(): void {
    const all = this.namesOfWalk();
    const module = this.walk.module;
    const names: string[] = [];
    const ids: number[] = [];
    for (let e = 0; e < module.length; e++) {
      if (module[e] === -1) continue;
      names.push(all[e]!);
      ids.push(module[e]!);
    }
    this.nameList = names;
    this.nameIdList = ids;
  }

  /** Every name (aliases included) to its module's id. */
  get ids(): ReadonlyMap<string, number> {
    if (this.idMap === undefined) {
      const names = this.names;
      const ids = this.nameIds;
      const map = new Map<string, number>();
      for (let i = 0; i < names.length; i++) map.set(names[i]!, ids[i]!);
      this.idMap = map;
    }
    return this.idMap;
  }

  /** Each module to its canonical name. */
  get byModule(): ReadonlyMap<Module, string> {
    return (this.byModuleMap ??= new Map(this.nodes.map((n) => [n.module, n.name])));
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

  /** named_parameters: each parameter once, under its first name. */
  get parameters(): readonly TreeParameter[] {
    if (this.parameterList === undefined) {
      const { owner, key, tensor } = this.params;
      const numel = this.parameterTotals.parameter;
      this.parameterList = tensor.map((p, q) => ({ name: this.nameIn(owner[q]!, key[q]!), parameter: p, shape: p.shape, numel: numel[q]!, owner: owner[q]! }));
    }
    return this.parameterList;
  }

  /** named_buffers: each buffer once, under its first name. */
  get buffers(): readonly TreeBuffer[] {
    if (this.bufferList === undefined) {
      const { owner, key, tensor } = this.bufs;
      this.bufferList = tensor.map((b, q) => ({ name: this.nameIn(owner[q]!, key[q]!), buffer: b, shape: b.shape, owner: owner[q]! }));
    }
    return this.bufferList;
  }

  /** The name of `key` in module `id`'s registries. */
  private nameIn(id: number, key: string): string {
    const name = this.nodes[id]!.name;
    return name === '' ? key : `${name}.${key}`;
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

  /** parameter_count in arrays (see ParameterTotals). */
  get parameterTotals(): ParameterTotals {
    return (this.totals ??= this.countParameters());
  }

  /**
   * fvcore's parameter_count: elements per parameter name and per every
   * module prefix of one ('' is the total), in the order the reference's dict
   * gets its keys; no '' key when there are no parameters. Read-only.
   */
  get parameterCounts(): ReadonlyMap<string, bigint> {
    if (this.counts === undefined) {
      const { module, parameter, order } = this.parameterTotals;
      const { owner, key } = this.params;
      const counts = new Map<string, bigint>();
      for (const k of order) {
        if (k >= 0) counts.set(this.nodes[k]!.name, module[k]!);
        else counts.set(this.nameIn(owner[-1 - k]!, key[-1 - k]!), parameter[-1 - k]!);
      }
      this.counts = counts;
    }
    return this.counts;
  }

  private countParameters(): ParameterTotals {
    const nodes = this.nodes;
    const { owner, tensor } = this.params;
    const small = new Map<number, bigint>();
    const numel = tensor.map((p) => countOf(p.shape, small));
    const module = new Array<bigint | undefined>(nodes.length);
    const order: number[] = [];
    // Like the reference's defaultdict: no '' key at all without parameters.
    if (tensor.length === 0) return { module, parameter: numel, order };
    // Subtree sums: each module's own parameters, then (children have larger
    // ids than their parents) every module's sum into its parent's. In
    // doubles while they are exact, in bigints past 2^53.
    const sums = new Float64Array(nodes.length);
    for (let q = 0; q < tensor.length; q++) sums[owner[q]!]! += Number(numel[q]!);
    let exact = true;
    for (let id = nodes.length - 1; id > 0; id--) sums[nodes[id]!.parent]! += sums[id]!;
    for (let id = 0; id < nodes.length && exact; id++) exact = sums[id]! <= Number.MAX_SAFE_INTEGER;
    let big: bigint[] | undefined;
    if (!exact) {
      big = new Array<bigint>(nodes.length).fill(0n);
      for (let q = 0; q < tensor.length; q++) big[owner[q]!]! += numel[q]!;
      for (let id = nodes.length - 1; id > 0; id--) big[nodes[id]!.parent]! += big[id]!;
    }
    // A key enters the dict when the first parameter under it does, after the
    // keys of the modules enclosing it: for each parameter, the modules above
    // it not yet listed (outermost first), then the parameter itself.
    const list = (id: number): void => {
      module[id] = big === undefined ? sharedBigInt(sums[id]!, small) : big[id]!;
      order.push(id);
    };
    list(0);
    const pending: number[] = [];
    for (let q = 0; q < tensor.length; q++) {
      for (let id = owner[q]!; module[id] === undefined; id = nodes[id]!.parent) pending.push(id);
      while (pending.length > 0) list(pending.pop()!);
      order.push(-1 - q);
    }
    return { module, parameter: numel, order };
  }

  /**
   * Whether a fresh walk of `model` finds exactly this snapshot: the same
   * modules under the same keys in the same order (None entries included),
   * and the same registry entries (keys, parameters, buffers, None entries)
   * in each. Walks only as far as the first difference, and makes nothing.
   */
  sameStructure(model: Module): boolean {
    if (model !== this.root) return false;
    const { module: wModule, key: wKey, parent: wParent } = this.walk;
    const nodes = this.nodes;
    const { owner: pOwner, key: pKey, tensor: pTensor } = this.params;
    const { owner: bOwner, key: bKey, tensor: bTensor } = this.bufs;
    const others = this.others;
    let entry = 0;
    let nextId = 0;
    let p = 0;
    let b = 0;
    let o = 0;
    // The registry of `kind` of module `id` against the records, in order.
    const sameRegistry = (id: number, kind: Kind, registry: ReadonlyMap<string, Tensor | null>): boolean => {
      let at = 0;
      for (const [k, v] of registry) {
        if (o < others.length && others[o] === id && others[o + 1] === kind && others[o + 2] === at) {
          if (others[o + 3] !== k || others[o + 4] !== v) return false;
          o += 5;
        } else if (kind === Kind.Parameter) {
          if (p >= pTensor.length || pOwner[p] !== id || pKey[p] !== k || pTensor[p] !== v) return false;
          p++;
        } else {
          if (b >= bTensor.length || bOwner[b] !== id || bKey[b] !== k || bTensor[b] !== v) return false;
          b++;
        }
        at++;
      }
      return true;
    };
    const stackKey: string[] = [];
    const stackModule: (Module | null)[] = [];
    const stackParent: number[] = [];
    let key = '';
    let m: Module | null = model;
    let parentEntry = -1;
    for (;;) {
      if (entry >= wModule.length || wKey[entry] !== key || wParent[entry] !== parentEntry) return false;
      const id = wModule[entry]!;
      if (m === null) {
        if (id !== -1) return false;
      } else {
        if (id === -1 || nodes[id]!.module !== m) return false;
        if (id === nextId) {
          nextId++;
          if (!sameRegistry(id, Kind.Parameter, parametersOf(m)) || !sameRegistry(id, Kind.Buffer, buffersOf(m))) return false;
        }
        const children = modulesOf(m);
        if (children.size > 0) {
          const start = stackKey.length;
          for (const [k, c] of children) {
            stackKey.push(k);
            stackModule.push(c);
            stackParent.push(entry);
          }
          reverseFrom(stackKey, start);
          reverseFrom(stackModule, start);
        }
      }
      entry++;
      if (stackKey.length === 0) break;
      key = stackKey.pop()!;
      m = stackModule.pop()!;
      parentEntry = stackParent.pop()!;
    }
    return entry === wModule.length && nextId === nodes.length && p === pTensor.length && b === bTensor.length && o === others.length;
  }
}

/** Reverses `a` from index `start` to its end, in place. */
function reverseFrom<T>(a: T[], start: number): void {
  for (let i = start, j = a.length - 1; i < j; i++, j--) {
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

const LAST_TREE = Symbol('flopscope.lastTree');

interface Remembered {
  [LAST_TREE]?: ModelTree;
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
  if (last !== undefined && last.sameStructure(model)) return last;
  const tree = new ModelTree(model);
  Object.defineProperty(holder, LAST_TREE, { value: tree, writable: true, configurable: true, enumerable: false });
  return tree;
}
