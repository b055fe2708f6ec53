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
// Cost: one walk of the model fills flat arrays: per module (object, name,
// parent, depth), the walk itself (None entries included), and the
// parameters and buffers. Numbers go in typed arrays (outside the garbage
// collected heap). Every object per module (`nodes`), every map by name and
// every list of named objects is made on first use. A model can have
// 100,000s of modules, and names are full dotted paths (a 1,000-deep chain's
// names hold millions of characters), so nothing here hashes or copies a name
// unless asked to.

import { IntList } from './int_list.js';
import { ArgumentError } from '../core/errors.js';
import { concreteShape, type Shape } from '../core/shape.js';
import type { Parameter, Tensor } from '../core/tensor.js';
import { cycleError, listParameter, MAX_MODULE_PATHS, Module, moduleTarget, setTreeMark, shownValue, targetBuffers, targetModules, targetParameters, tooManyPaths, treeMarkOf } from '../nn/module.js';

// Frozen: it is shared by every leaf, and nothing may add to it.
const NO_CHILDREN = Object.freeze([]) as unknown as number[];

/** A module under its canonical name (the first name it is reached by). */
export interface TreeModule {
  /** Position in named_modules order; the root is 0. */
  readonly id: number;
  /** Its canonical name: the dotted path it is first reached by ('' for the root). */
  readonly name: string;
  /** The module (as the model holds it: its proxy). */
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
  /** Its first name: the owner's name, '.', its key. */
  readonly name: string;
  /** The parameter. */
  readonly parameter: Parameter;
  /** Its shape (concrete: parameters' shapes come from constructor arguments). */
  readonly shape: readonly number[];
  /** Its number of elements. */
  readonly numel: bigint;
  /** Id of the module it is listed under. */
  readonly owner: number;
}

/** A buffer under its first name, as PyTorch's named_buffers lists it. */
export interface TreeBuffer {
  /** Its first name: the owner's name, '.', its key. */
  readonly name: string;
  /** The buffer. */
  readonly buffer: Tensor;
  /** Its shape. */
  readonly shape: Shape;
  /** Id of the module it is listed under. */
  readonly owner: number;
}

/**
 * The walk PyTorch's repr and named_modules(remove_duplicate=False) take:
 * depth first, children in registration order, a shared module under each of
 * its names (its subtree again), and None entries of `_modules` in place.
 * Entry 0 is the root; an entry's parent comes before it.
 */
export interface TreeWalk {
  /** Per entry, its module's id; -1 for a None entry. */
  readonly module: Int32Array;
  /** Per entry, the key its parent registers it under ('' for the root). */
  readonly key: readonly string[];
  /** Per entry, the entry it was reached from; -1 for the root. */
  readonly parent: Int32Array;
}

/**
 * named_parameters (or named_buffers) as parallel arrays: each tensor once, under its first name.
 * @typeParam T - Parameter or Tensor.
 */
export interface TreeTensors<T extends Tensor> {
  /** Per tensor, the id of the module it is listed under. */
  readonly owner: Int32Array;
  /** Per tensor, its key in that module's registry (its name is the module's name, '.', the key). */
  readonly key: readonly string[];
  /** Per tensor, the tensor. */
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
  readonly order: Int32Array;
}

const enum Kind {
  Parameter = 0,
  Buffer = 1,
}

/**
 * Elements of a parameter's `symbolicShape` as a bigint; `small` shares the bigints of small counts
 * (bigints are values, so sharing is safe). Parameters' shapes come from constructor arguments: concrete.
 */
function countOf(symbolicShape: Shape, what: string, small: (bigint | undefined)[]): bigint {
  const shape = concreteShape(symbolicShape, what);
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  if (!Number.isSafeInteger(n)) {
    let big = 1n;
    for (let i = 0; i < shape.length; i++) big *= BigInt(shape[i]!);
    return big;
  }
  return sharedBigInt(n, small);
}

function sharedBigInt(n: number, small: (bigint | undefined)[]): bigint {
  if (n > 255) return BigInt(n);
  return (small[n] ??= BigInt(n));
}

/**
 * One immutable snapshot of a model's module tree (`buildModelTree(model)`): modules numbered in PyTorch's
 * named_modules order (each once, under its first name; the root is 0), their parents, depths and keys, the
 * full repr walk, and named_parameters and named_buffers. Per-module data can be kept in arrays indexed by
 * id. Names, maps and per-module objects are made on first use, so an analysis pays only for what it reads.
 * Built once per analysis; the model's later edits never show in it.
 */
export class ModelTree {
  /** The model the snapshot was taken of. */
  readonly root: Module;
  /** Number of modules (canonical ones: ids are 0 .. size - 1). */
  readonly size: number;
  /** Per module id, the module (as the model holds it: its proxy). */
  readonly moduleList: readonly Module[];
  /** Per module id, the object behind the module's proxy (for reads that need not register anything). */
  readonly targets: readonly Module[];
  /** Per module id, the key its parent registers it under ('' for the root). */
  readonly keys: readonly string[];
  /** Per module id, its parent's id (-1 for the root). */
  readonly parents: Int32Array;
  /** Per module id, its number of links from the root. */
  readonly depths: Int32Array;
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
  /**
   * The walk, when it is not just the modules in id order (some module is
   * shared, or some `_modules` entry is None); else undefined, and `walk` is
   * made from the per-module arrays.
   */
  private readonly walked: TreeWalk | undefined;
  /**
   * Registry entries that are not a tensor's first listing (None entries and
   * tensors listed before), in walk order: owner id, kind, position in the
   * registry, key, value. With `params` and `bufs` they record every
   * registry of the model, for `sameStructure`.
   */
  private readonly others: readonly unknown[];
  /**
   * Why `walk` is not the whole of named_modules(remove_duplicate=False): a
   * module that contains itself (the path it was met at again, and the path
   * it was first met at), or more than MAX_MODULE_PATHS paths (path '').
   * Parameter counts and canonical names are whole either way; the views and
   * the analyses, which need the whole walk, call `checkWalk`.
   */
  private readonly problem: { readonly path: string; readonly again: string } | undefined;
  // Derived from the fields above on first use, so that an analysis pays only
  // for what it reads (a model can have 100,000s of modules). The snapshot
  // never changes, so computing each once is safe.
  private walkArrays: TreeWalk | undefined;
  private nameArray: readonly string[] | undefined;
  private idByModule: ReadonlyMap<Module, number> | undefined;
  private nodeList: readonly TreeModule[] | undefined;
  private walkNames: readonly (string | undefined)[] | undefined;
  private nameList: readonly string[] | undefined;
  private nameIdList: readonly number[] | undefined;
  private idMap: ReadonlyMap<string, number> | undefined;
  private idByName: Map<string, number> | undefined;
  private someNodes: Map<number, TreeModule> | undefined;
  private byModuleMap: ReadonlyMap<Module, string> | undefined;
  private entryList: readonly (readonly [string, Module])[] | undefined;
  private canonicalMap: ReadonlyMap<string, string> | undefined;
  private modulesMap: ReadonlyMap<string, Module> | undefined;
  private parameterList: readonly TreeParameter[] | undefined;
  private bufferList: readonly TreeBuffer[] | undefined;
  private totals: ParameterTotals | undefined;
  private counts: ReadonlyMap<string, bigint> | undefined;

  /** The same as buildModelTree(root). */
  constructor(root: Module) {
    checkModel('ModelTree', root);
    this.root = root;
    // First a count of the modules and registry entries, so that every array
    // below is made at its final size: growing arrays of 100,000s of entries
    // (copying them, and mapping new memory for each) cost more than the
    // walk itself. Modules are counted once each (marked with a token of
    // this count), so a cycle cannot make the count endless.
    const counting = {};
    let size = 0;
    let paramEntries = 0;
    let bufferEntries = 0;
    // Registries are read with forEach into stacks, not with iterators: an
    // iterator step makes an object (and an entry a list), thousands per
    // walk, most of it before the engine optimizes this code.
    const pendingKeys: string[] = [];
    const pendingModules: (Module | null)[] = [];
    const pushChild = (child: Module | null, key: string): void => {
      pendingKeys.push(key);
      pendingModules.push(child);
    };
    pendingModules.push(root);
    while (pendingModules.length > 0) {
      const m = pendingModules.pop()!;
      // (Through the object behind the proxy: a read through the proxy
      // costs several times a plain one.)
      const t = m === null ? null : moduleTarget(m);
      if (t !== null && treeMarkOf(t, counting) === -1) {
        setTreeMark(t, counting, size++);
        paramEntries += targetParameters(t).size;
        bufferEntries += targetBuffers(t).size;
        targetModules(t).forEach(pushChild);
      }
    }
    // (The count read no keys; the walk below starts from empty stacks.)
    pendingKeys.length = 0;

    const moduleList = new Array<Module>(size);
    const targets = new Array<Module>(size);
    const keys = new Array<string>(size);
    const parents = new Int32Array(size);
    const depths = new Int32Array(size);
    const pOwner = new Int32Array(paramEntries);
    const pKey = new Array<string>(paramEntries);
    const pTensor = new Array<Parameter>(paramEntries);
    const bOwner = new Int32Array(bufferEntries);
    const bKey = new Array<string>(bufferEntries);
    const bTensor = new Array<Tensor>(bufferEntries);
    let params = 0;
    let buffers = 0;
    const others: unknown[] = [];
    const seenParameters = new Set<Parameter>();
    const seenBuffers = new Set<Tensor>();
    let plainNames = true;
    // The walk is recorded only once it differs from the modules in id
    // order (at its first repeat or None entry).
    let wModule: IntList | undefined;
    let wKey: string[] | undefined;
    let wParent: IntList | undefined;
    let entries = 0;
    let moduleCount = 0;
    let problem: { readonly path: string; readonly again: string } | undefined;
    // Depth first: each module with children is open (its children's
    // iterator, its walk entry and its id) until its children are done. A
    // module's first visit is only ever reached through first visits (a
    // repeat's subtree was walked in full at its first visit), so the module
    // a first visit comes from is its parent. A repeat of a module that is
    // open is a cycle (named_modules with duplicates never ends on one:
    // PyTorch recurses until it fails): it is recorded as a repeat and not
    // walked into, and the tree remembers the first one (`checkWalk`).
    // Per open module, where its children not yet walked start in the
    // pending stacks (pushed last to first, so the first is on top).
    const openBase: number[] = [];
    const openEntry: number[] = [];
    const openId: number[] = [];
    const onPath = new Uint8Array(size);
    // One registry's entries, read into two reused lists.
    const registryKeys: string[] = [];
    const registryValues: unknown[] = [];
    let registryCount = 0;
    const addRegistryEntry = (value: unknown, k: string): void => {
      registryKeys[registryCount] = k;
      registryValues[registryCount++] = value;
    };
    const readRegistry = (registry: ReadonlyMap<string, unknown>): number => {
      registryCount = 0;
      registry.forEach(addRegistryEntry);
      return registryCount;
    };
    let key = '';
    let m: Module | null = root;
    for (;;) {
      const entry = entries++;
      const parentEntry = openBase.length === 0 ? -1 : openEntry[openBase.length - 1]!;
      const parentId = openBase.length === 0 ? -1 : openId[openBase.length - 1]!;
      const t = m === null ? null : moduleTarget(m);
      let id = t === null ? -1 : treeMarkOf(t, this);
      const first = t !== null && id === -1;
      let skip = false;
      let backEdge = false;
      if (!first && wModule === undefined) {
        // The first repeat or None entry: record the walk from here on,
        // after the entries so far (each module's first visit, in id order).
        wModule = new IntList();
        wKey = [];
        wParent = new IntList();
        for (let e = 0; e < entry; e++) {
          wModule.push(e);
          wKey.push(keys[e]!);
          wParent.push(parents[e]!);
        }
      }
      if (first) {
        // Each module is marked with this tree and its id when first reached.
        id = moduleCount++;
        setTreeMark(t!, this, id);
        moduleList[id] = m!;
        targets[id] = t!;
        keys[id] = key;
        parents[id] = parentId;
        depths[id] = parentId === -1 ? 0 : depths[parentId]! + 1;
        // named_parameters and named_buffers: each tensor once, under its first name.
        const ps = targetParameters(t!);
        if (ps.size > 0) {
          const listed = readRegistry(ps);
          for (let at = 0; at < listed; at++) {
            const k = registryKeys[at]!;
            const p = registryValues[at] as Parameter | null;
            // Parameters are marked as listed by this tree (a set only for
            // those that cannot be marked: one lookup, new when adding grows it).
            let fresh = false;
            if (p !== null) {
              const listed = listParameter(p, this);
              if (listed !== null) fresh = listed;
              else {
                const seen = seenParameters.size;
                fresh = seenParameters.add(p).size !== seen;
              }
            }
            if (fresh) {
              pOwner[params] = id;
              pKey[params] = k;
              pTensor[params++] = p!;
            } else others.push(id, Kind.Parameter, at, k, p);
            if (plainNames && (k === '' || k.includes('.'))) plainNames = false;
          }
        }
        const bs = targetBuffers(t!);
        if (bs.size > 0) {
          const listed = readRegistry(bs);
          for (let at = 0; at < listed; at++) {
            const k = registryKeys[at]!;
            const b = registryValues[at] as Tensor | null;
            const seen = seenBuffers.size;
            if (b !== null && seenBuffers.add(b).size !== seen) {
              bOwner[buffers] = id;
              bKey[buffers] = k;
              bTensor[buffers++] = b;
            } else others.push(id, Kind.Buffer, at, k, b);
          }
        }
      } else if (wModule!.length >= MAX_MODULE_PATHS) {
        // Too many paths (shared modules repeating subtrees): repeats from
        // here on are left out, and the walk is marked as cut short.
        problem ??= { path: '', again: '' };
        entries--;
        skip = true;
      } else if (id !== -1 && onPath[id] === 1) {
        // A module met again inside itself: recorded, not walked into (the
        // walk would never end), and the tree marked as cyclic.
        backEdge = true;
      }
      if (wModule !== undefined && !skip) {
        wModule.push(id);
        wKey!.push(key);
        wParent!.push(parentEntry);
        if (backEdge && (problem === undefined || problem.path === '')) {
          const again: string[] = [];
          for (let at = id; at > 0; at = parents[at]!) again.push(keys[at]!);
          problem = { path: pathOf(entry, wKey!, wParent!), again: again.reverse().join('.') };
        }
      }
      const children = t === null || skip || backEdge ? undefined : targetModules(t);
      if (children !== undefined && children.size > 0) {
        const base = pendingKeys.length;
        children.forEach(pushChild);
        // First child on top.
        reverseFrom(pendingKeys, base);
        reverseFrom(pendingModules, base);
        if (first && plainNames) {
          const ps = targetParameters(t!);
          for (let a = base; a < pendingKeys.length; a++) {
            const k = pendingKeys[a]!;
            if (k === '' || k.includes('.') || ps.has(k)) plainNames = false;
          }
        }
        openBase.push(base);
        openEntry.push(entry);
        openId.push(id);
        onPath[id] = 1;
      }
      // The next entry: the next child of the innermost open module that has one.
      let found = false;
      while (openBase.length > 0) {
        if (pendingKeys.length > openBase[openBase.length - 1]!) {
          key = pendingKeys.pop()!;
          m = pendingModules.pop()!;
          found = true;
          break;
        }
        openBase.pop();
        openEntry.pop();
        onPath[openId.pop()!] = 0;
      }
      if (!found) break;
    }

    this.size = size;
    this.moduleList = moduleList;
    this.targets = targets;
    this.keys = keys;
    this.parents = parents;
    this.depths = depths;
    this.params = { owner: pOwner.subarray(0, params), key: trimmed(pKey, params), tensor: trimmed(pTensor, params) };
    this.bufs = { owner: bOwner.subarray(0, buffers), key: trimmed(bKey, buffers), tensor: trimmed(bTensor, buffers) };
    this.plainNames = plainNames;
    this.walked = wModule === undefined ? undefined : { module: wModule.done(), key: wKey!, parent: wParent!.done() };
    this.problem = problem;
    this.others = others;
  }

  /**
   * Throws the ArgumentError of a model whose walk is not whole: a module that
   * contains itself (the reference's walks never end on one: PyTorch recurses
   * until it fails), or too many paths.
   */
  checkWalk(): void {
    const p = this.problem;
    if (p === undefined) return;
    if (p.path === '') throw tooManyPaths(this.root);
    throw cycleError(this.root, p.path, p.again);
  }

  /**
   * The repr / named_modules(remove_duplicate=False) walk, None entries
   * included (see `checkWalk` for a model where it is cut short).
   */
  get walk(): TreeWalk {
    if (this.walkArrays === undefined) {
      // Without repeats or None entries, the walk is the modules in id order.
      let walk = this.walked;
      if (walk === undefined) {
        const module = new Int32Array(this.size);
        for (let i = 0; i < module.length; i++) module[i] = i;
        walk = { module, key: this.keys, parent: this.parents };
      }
      this.walkArrays = walk;
    }
    return this.walkArrays;
  }

  /** Per module id, its canonical name: its parent's name, '.', its key (made on first use). */
  get canonicalNames(): readonly string[] {
    if (this.nameArray === undefined) {
      const n = this.size;
      const names = new Array<string>(n);
      if (n > 0) names[0] = '';
      for (let id = 1; id < n; id++) {
        const p = this.parents[id]!;
        names[id] = p === 0 ? this.keys[id]! : `${names[p]!}.${this.keys[id]!}`;
      }
      this.nameArray = names;
    }
    return this.nameArray;
  }

  /** The id of `module` (as the model holds it: its proxy), or undefined when it is not in the tree. */
  idOf(module: Module): number | undefined {
    // The walk's mark, while no later tree has marked the module; else a map.
    const id = treeMarkOf(moduleTarget(module), this);
    if (id !== -1) return id;
    return (this.idByModule ??= new Map(this.moduleList.map((m, i) => [m, i]))).get(module);
  }

  /** Canonical modules, indexed by id (objects made on first use; `size`, `canonicalNames`, `parents` and `moduleList` hold the same). */
  get nodes(): readonly TreeModule[] {
    if (this.nodeList === undefined) {
      const n = this.size;
      const children: number[][] = new Array<number[]>(n);
      for (let id = 1; id < n; id++) {
        const p = this.parents[id]!;
        const list = children[p];
        if (list === undefined) children[p] = [id];
        else list.push(id);
      }
      const made = this.someNodes;
      const nodes = new Array<TreeModule>(n);
      // (A node handed out by `node()` before is kept: one object per module.)
      for (let id = 0; id < n; id++) nodes[id] = made?.get(id) ?? this.nodeOf(id, children[id] ?? NO_CHILDREN);
      this.nodeList = nodes;
      this.someNodes = undefined;
    }
    return this.nodeList;
  }

  private nodeOf(id: number, children: readonly number[]): TreeModule {
    return {
      id,
      name: this.canonicalNames[id]!,
      module: this.moduleList[id]!,
      parent: this.parents[id]!,
      depth: this.depths[id]!,
      // Most modules are leaves: they share one empty list.
      children: children.length === 0 ? NO_CHILDREN : children,
    };
  }

  /** Module `id` as a TreeModule, without making every other one. */
  private nodeAt(id: number): TreeModule {
    if (this.nodeList !== undefined) return this.nodeList[id]!;
    let node = this.someNodes?.get(id);
    if (node === undefined) {
      const children: number[] = [];
      for (let c = id + 1; c < this.size; c++) if (this.parents[c] === id) children.push(c);
      node = this.nodeOf(id, children);
      (this.someNodes ??= new Map()).set(id, node);
    }
    return node;
  }

  /** Per walk entry, its name (undefined for None entries). */
  private namesOfWalk(): readonly (string | undefined)[] {
    if (this.walkNames === undefined) {
      const { module, key, parent } = this.walk;
      const out = new Array<string | undefined>(module.length);
      const seen = new Uint8Array(this.size);
      for (let e = 0; e < module.length; e++) {
        const id = module[e]!;
        if (id === -1) continue;
        if (seen[id] === 0) {
          seen[id] = 1;
          out[e] = this.canonicalNames[id]!;
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
    return (this.idMap ??= new NameIds(this));
  }

  /** The map of `ids`, made on its first use but the root's. */
  nameMap(): Map<string, number> {
    if (this.idByName === undefined) {
      const names = this.names;
      const ids = this.nameIds;
      const map = new Map<string, number>();
      for (let i = 0; i < names.length; i++) map.set(names[i]!, ids[i]!);
      this.idByName = map;
    }
    return this.idByName;
  }

  /** Each module to its canonical name. */
  get byModule(): ReadonlyMap<Module, string> {
    return (this.byModuleMap ??= new Map(this.moduleList.map((m, id) => [m, this.canonicalNames[id]!])));
  }

  /** Every name with its module, shared modules under each of their names (named_modules with duplicates). */
  get entries(): readonly (readonly [string, Module])[] {
    return (this.entryList ??= this.names.map((name, i) => [name, this.moduleList[this.nameIds[i]!]!] as const));
  }

  /** Every name (aliases included) to its module's canonical name. */
  get canonical(): ReadonlyMap<string, string> {
    return (this.canonicalMap ??= new Map(this.names.map((name, i) => [name, this.canonicalNames[this.nameIds[i]!]!])));
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
      this.parameterList = tensor.map((p, q) => ({ name: this.nameIn(owner[q]!, key[q]!), parameter: p, shape: concreteShape(p.shape, `parameter ${key[q]!}`), numel: numel[q]!, owner: owner[q]! }));
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
    const name = this.canonicalNames[id]!;
    return name === '' ? key : `${name}.${key}`;
  }

  /** The canonical module called `name` (any of its names), if there is one. */
  node(name: string): TreeModule | undefined {
    const id = this.ids.get(name);
    return id === undefined ? undefined : this.nodeAt(id);
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
        if (k >= 0) counts.set(this.canonicalNames[k]!, module[k]!);
        else counts.set(this.nameIn(owner[-1 - k]!, key[-1 - k]!), parameter[-1 - k]!);
      }
      this.counts = counts;
    }
    return this.counts;
  }

  private countParameters(): ParameterTotals {
    const n = this.size;
    const parents = this.parents;
    const { owner, tensor } = this.params;
    const small = new Array<bigint | undefined>(256);
    const numel = tensor.map((p, q) => countOf(p.shape, `parameter ${this.params.key[q]!}`, small));
    const module = new Array<bigint | undefined>(n);
    // Like the reference's defaultdict: no '' key at all without parameters.
    if (tensor.length === 0) return { module, parameter: numel, order: new Int32Array(0) };
    // Subtree sums: each module's own parameters, then (children have larger
    // ids than their parents) every module's sum into its parent's. In
    // doubles while they are exact (the root's is the largest), in bigints
    // past 2^53.
    const sums = new Float64Array(n);
    for (let q = 0; q < tensor.length; q++) sums[owner[q]!]! += Number(numel[q]!);
    for (let id = n - 1; id > 0; id--) sums[parents[id]!]! += sums[id]!;
    let big: bigint[] | undefined;
    if (!(sums[0]! <= Number.MAX_SAFE_INTEGER)) {
      big = new Array<bigint>(n).fill(0n);
      for (let q = 0; q < tensor.length; q++) big[owner[q]!]! += numel[q]!;
      for (let id = n - 1; id > 0; id--) big[parents[id]!]! += big[id]!;
    }
    // A key enters the dict when the first parameter under it does, after the
    // keys of the modules enclosing it: for each parameter, the modules above
    // it not yet listed (outermost first), then the parameter itself.
    const order = new Int32Array(n + tensor.length);
    let listed = 0;
    module[0] = big === undefined ? sharedBigInt(sums[0]!, small) : big[0]!;
    order[listed++] = 0;
    const pending: number[] = [];
    for (let q = 0; q < tensor.length; q++) {
      for (let id = owner[q]!; module[id] === undefined; id = parents[id]!) pending.push(id);
      while (pending.length > 0) {
        const id = pending.pop()!;
        module[id] = big === undefined ? sharedBigInt(sums[id]!, small) : big[id]!;
        order[listed++] = id;
      }
      order[listed++] = -1 - q;
    }
    return { module, parameter: numel, order: order.subarray(0, listed) };
  }

  /**
   * Whether a fresh walk of `model` finds exactly this snapshot: the same
   * modules under the same keys in the same order (None entries included),
   * and the same registry entries (keys, parameters, buffers, None entries)
   * in each. Walks only as far as the first difference, and makes nothing
   * per module.
   */
  sameStructure(model: Module): boolean {
    if (model !== this.root || this.problem !== undefined) return false;
    const { module: wModule, key: wKey, parent: wParent } = this.walk;
    const moduleList = this.moduleList;
    const targets = this.targets;
    const { owner: pOwner, key: pKey, tensor: pTensor } = this.params;
    const { owner: bOwner, key: bKey, tensor: bTensor } = this.bufs;
    const others = this.others;
    let nextId = 0;
    let p = 0;
    let b = 0;
    let o = 0;
    const stackKey: string[] = [''];
    const stackModule: (Module | null)[] = [model];
    const stackParent: number[] = [-1];
    let entry = 0;
    for (; stackKey.length > 0; entry++) {
      const key = stackKey.pop()!;
      const m = stackModule.pop()!;
      const parentEntry = stackParent.pop()!;
      if (entry >= wModule.length || wKey[entry] !== key || wParent[entry] !== parentEntry) return false;
      const id = wModule[entry]!;
      if (m === null) {
        if (id !== -1) return false;
        continue;
      }
      if (id === -1 || moduleList[id] !== m) return false;
      // (Registries read from the object behind the proxy: a read through it costs more.)
      const t = targets[id]!;
      if (id === nextId) {
        nextId++;
        // Each registry against the records, in order: an entry recorded
        // as a None or a repeat at this position, else the next first listing.
        for (let kind = Kind.Parameter; kind <= Kind.Buffer; kind++) {
          const registry: ReadonlyMap<string, Tensor | null> = kind === Kind.Parameter ? targetParameters(t) : targetBuffers(t);
          if (registry.size === 0) continue;
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
        }
      }
      const children = targetModules(t);
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
    return entry === wModule.length && nextId === this.size && p === pTensor.length && b === bTensor.length && o === others.length;
  }
}

/**
 * `ModelTree.ids`: every name (aliases included) to its module's id. The
 * root's name, '', is answered without the map (analyses ask for the root by
 * name; making the map hashes every full dotted path, which for a deep model
 * is quadratic in its depth); any other use makes the map once.
 */
class NameIds implements ReadonlyMap<string, number> {
  constructor(private readonly tree: ModelTree) {}

  get(name: string): number | undefined {
    // With plain names, no other name is ''.
    if (name === '' && this.tree.plainNames && this.tree.size > 0) return 0;
    return this.tree.nameMap().get(name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  get size(): number {
    return this.tree.nameMap().size;
  }

  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void, thisArg?: unknown): void {
    this.tree.nameMap().forEach((v, k) => callback.call(thisArg, v, k, this));
  }

  entries(): MapIterator<[string, number]> {
    return this.tree.nameMap().entries();
  }

  keys(): MapIterator<string> {
    return this.tree.nameMap().keys();
  }

  values(): MapIterator<number> {
    return this.tree.nameMap().values();
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.tree.nameMap().entries();
  }
}

/** `a` cut to its first `n` entries (the same array when that is all of it). */
function trimmed<T>(a: T[], n: number): T[] {
  if (a.length !== n) a.length = n;
  return a;
}

/** The path of walk entry `entry`, for messages (the walk so far). */
function pathOf(entry: number, key: readonly string[], parent: IntList): string {
  const parts: string[] = [];
  for (let e = entry; e > 0; e = parent.get(e)) parts.push(key[e]!);
  return parts.reverse().join('.');
}

/** Reverses `a` from index `start` to its end, in place. */
function reverseFrom<T>(a: T[], start: number): void {
  for (let i = start, j = a.length - 1; i < j; i++, j--) {
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/**
 * `model` must be a Module instance (not its class, not a plain object): an
 * ArgumentError naming `where` otherwise.
 */
export function checkModel(where: string, model: unknown): asserts model is Module {
  if (!(model instanceof Module)) throw new ArgumentError(where, 'model', shownValue(model), 'a Module instance');
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
  const tree = modelSnapshot(model);
  tree.checkWalk();
  return tree;
}

/**
 * buildModelTree without `checkWalk`: the snapshot of a model whose module
 * walk does not end (a module that contains itself) or is too long still has
 * whole parameter counts and canonical names, as PyTorch's named_modules and
 * named_parameters end on such a model (parameterCount uses this).
 */
export function modelSnapshot(model: Module): ModelTree {
  checkModel('buildModelTree', model);
  const holder = moduleTarget(model) as Module & Remembered;
  const last = holder[LAST_TREE];
  if (last !== undefined && last.sameStructure(model)) return last;
  const tree = new ModelTree(model);
  Object.defineProperty(holder, LAST_TREE, { value: tree, writable: true, configurable: true, enumerable: false });
  return tree;
}

// Functions, not ModelTree methods: a class's methods are never tree-shaken,
// and the analyses walk parent links themselves.

/** Ids from the root down to module `id` of `tree` itself, following parent links. */
export function ancestorIds(tree: ModelTree, id: number): number[] {
  if (!Number.isInteger(id) || id < 0 || id >= tree.size) throw new ArgumentError('ModelTree', 'id', id, `a module id in 0..${tree.size - 1}`);
  const out: number[] = [];
  for (let at = id; at !== -1; at = tree.parents[at]!) out.push(at);
  return out.reverse();
}

/** Canonical names of module `name` of `tree` and of every module enclosing it, root ('') first. */
export function ancestorNames(tree: ModelTree, name: string): string[] {
  const id = tree.ids.get(name);
  if (id === undefined) throw new ArgumentError('ModelTree', 'module name', name, 'the name of a module of the model');
  return ancestorIds(tree, id).map((a) => tree.canonicalNames[a]!);
}
