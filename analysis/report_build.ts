// Building the Report (report_model.ts) of an analysis: from the analyzers'
// results and the model's module and parameter data. `moduleDataOf` is the
// one place that reads the Module API for it; anything that lists modules and
// parameters the same way can fill a ModuleData instead.

import { ArgumentError, typeNameOf } from '../core/errors.js';
import { concreteShape } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { modulesOf, moduleTarget, shortPath, shownText, shownValue, type Module } from '../nn/module.js';
import type { ModuleCall } from '../trace/graph.js';
import type { ModelTree } from '../trace/model_tree.js';
import { frozenParameterCountOf } from './parameter_count.js';
import type { ModelAnalysis } from './model_analysis.js';
import { moduleCount, type CountStats, type CountsInput, type InputShape, type ModuleData, type OutputShape, type ModuleEntry, type Report, type ReportConvention, type ReportConventionInput, type ReportEstimates, type ReportInput, type ReportStructure, type ReprNode, type StructureArrays } from './report_model.js';

/** A copy of an input's shape, frozen at every level. */
function frozenShape(s: InputShape): InputShape {
  return Object.freeze((s as readonly unknown[]).map((d) => (Array.isArray(d) ? frozenShape(d as InputShape) : d))) as InputShape;
}

/** A Report of one analysis. Reads user code (extra_repr) only through the structure, once per structure. */
export function createReport(input: ReportInput): Report {
  const structure = reportStructure(input.modules);
  const n = moduleCount(structure);
  return Object.freeze({
    model: input.model,
    mode: input.mode,
    inputs: Object.freeze(input.inputs.map(frozenShape)),
    ...(input.generation !== undefined ? { generation: Object.freeze({ ...input.generation }) } : {}),
    structure,
    flops: countStats(n, input.flops),
    activations: input.activations === null ? null : countStats(n, input.activations),
    paramsFrozen: input.paramsFrozen ?? 0n,
    outputShapes: input.outputShapes === undefined ? undefined : Object.freeze([...input.outputShapes]),
    ...(input.convention !== undefined ? { convention: conventionOf(input.convention, structure) } : {}),
  });
}

function conventionOf(c: ReportConventionInput, structure: ReportStructure): ReportConvention {
  const ownParams = structure.arrays !== undefined ? (structure.arrays.moduleParams[0] ?? 0n) : (structure.params.get('') ?? 0n);
  return Object.freeze({ name: c.name, unit: c.unit, params: c.params ?? ownParams, ...(c.macs !== undefined ? { macs: c.macs } : {}) });
}

/**
 * The Report with memory and roofline estimates attached (memoryOf,
 * trainingMemoryOf, rooflineOf of the same analysis): the views then show
 * them as extra columns. The estimates' modules must be the Report's, in its
 * order; the Report itself is not changed.
 */
export function withEstimates(report: Report, estimates: ReportEstimates): Report {
  const names = report.structure.arrays?.names ?? report.structure.modules.map((m) => m.name);
  const check = (what: string, moduleNames: readonly string[] | undefined, perModule: readonly unknown[] | undefined): void => {
    if (moduleNames === undefined && perModule === undefined) return;
    const same = moduleNames === undefined ? perModule!.length === names.length : moduleNames.length === names.length && moduleNames.every((n, i) => n === names[i]);
    if (!same) throw new ArgumentError('withEstimates', what, shownText(`${moduleNames?.length ?? perModule!.length} modules`), `an estimate of the same analysis (${names.length} modules, in the Report's order)`);
  };
  check('memory', estimates.memory?.moduleNames, estimates.memory?.modules);
  check('roofline', estimates.roofline?.moduleNames, estimates.roofline?.modules);
  check('training', undefined, estimates.training?.savedActivationBytesByModule);
  const kept: ReportEstimates = Object.freeze({
    ...(estimates.memory !== undefined ? { memory: estimates.memory } : {}),
    ...(estimates.training !== undefined ? { training: estimates.training } : {}),
    ...(estimates.roofline !== undefined ? { roofline: estimates.roofline } : {}),
    ...(estimates.decode !== undefined ? { decode: estimates.decode } : {}),
  });
  return Object.freeze({ ...report, estimates: kept });
}

/**
 * Per module (ids of the trace's tree, the Report's order), the output of its
 * first call as shapes (null: never called, or its call threw). `modules` is
 * the tree's size.
 */
export function outputShapesOf(calls: readonly ModuleCall[], modules: number): (OutputShape | null)[] {
  const out = new Array<OutputShape | null>(modules).fill(null);
  const seen = new Uint8Array(modules);
  for (const call of calls) {
    if (seen[call.id] === 1) continue;
    seen[call.id] = 1;
    out[call.id] = shapesOfValue(call.output, 0);
  }
  return out;
}

/** A value a module returned, as shapes: tensors by shape, lists and plain objects (or Maps) by entry; anything else (or nested deeper than 8) is null. */
function shapesOfValue(value: unknown, depth: number): OutputShape | null {
  // A symbolic trace's shapes hold expressions; its at() evaluates them.
  if (value instanceof Tensor) return value.shape;
  if (depth >= 8 || typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) return Object.freeze(value.map((v: unknown) => shapesOfValue(v, depth + 1)));
  const entries = value instanceof Map ? [...value.entries()] : Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null ? Object.entries(value) : null;
  if (entries === null) return null;
  return Object.freeze(Object.fromEntries(entries.map(([k, v]) => [String(k), shapesOfValue(v, depth + 1)])));
}

// Keyed by ModuleData, which is immutable (one per model snapshot); a module's
// repr text can still change without its structure changing, so a cached
// structure is used only while every module's text reads the same.
const STRUCTURES = new WeakMap<ModuleData, { readonly structure: ReportStructure; readonly objects: readonly Module[] }>();

/** The structure of a ModuleData, built once per ModuleData object while its modules' repr texts stay the same. */
export function reportStructure(data: ModuleData): ReportStructure {
  const hit = STRUCTURES.get(data);
  if (hit !== undefined && sameTexts(hit.structure, hit.objects)) return hit.structure;
  const tree = data.tree;
  if (tree !== undefined && tree.plainNames) {
    const structure = structureOfTree(tree);
    STRUCTURES.set(data, { structure, objects: tree.targets });
    return structure;
  }
  const objects: Module[] = [];
  const structure = buildStructure(data, objects);
  STRUCTURES.set(data, { structure, objects });
  return structure;
}

function sameTexts(s: ReportStructure, objects: readonly Module[]): boolean {
  const arrays = s.arrays;
  if (arrays !== undefined) {
    const { extraReprs, customReprs } = arrays;
    for (let i = 0; i < objects.length; i++) {
      const m = objects[i]!;
      if (m.extraRepr() !== extraReprs[i] || m.customRepr() !== customReprs[i]) return false;
    }
    return true;
  }
  for (let i = 0; i < objects.length; i++) {
    const m = objects[i]!;
    const e = s.modules[i]!;
    if (m.extraRepr() !== e.extraRepr || m.customRepr() !== e.customRepr) return false;
  }
  return true;
}

// The last structure built from a tree, with that tree's registry keys. A
// freshly built model of the same architecture (a new resnet50) gives a
// structure equal to it in every field: that one is then returned again, so
// that the views' layouts and last texts, kept per structure (views/), serve
// the new model too. Compared in full before it is shared; it holds nothing of
// its model (no module, no tree), so keeping it keeps no model alive.
let lastBuilt: { readonly structure: TreeStructure; readonly keys: readonly string[] } | undefined;

/**
 * The structure of a snapshot with plain names, from its arrays: user code
 * (class names, extra_repr) is read once per module here; the by-name fields
 * are made only when read (the views never read them).
 */
function structureOfTree(tree: ModelTree): ReportStructure {
  const n = tree.size;
  const targets = tree.targets;
  const types = new Array<string>(n);
  const extraReprs = new Array<string>(n);
  const customReprs = new Array<string | null>(n);
  // One copy of each text: a template's result is a tree of string pieces
  // (about three times the size of its characters), and most models repeat
  // a few texts many times (100,000 Linear(1, 1) have one). The last
  // structure's text at the same index, when equal, is that copy already
  // (comparing with it costs less than hashing the new text).
  const texts = new Map<string, string>();
  const lastTexts = lastBuilt !== undefined && lastBuilt.structure.arrays.extraReprs.length === n ? lastBuilt.structure.arrays.extraReprs : undefined;
  for (let i = 0; i < n; i++) {
    const m = targets[i]!;
    const type = m.typeName();
    const extra = m.extraRepr();
    const custom = m.customRepr();
    if (typeof type !== 'string' || typeof extra !== 'string' || (custom !== null && typeof custom !== 'string')) badText(m, tree.canonicalNames[i]!);
    types[i] = type;
    let text = lastTexts?.[i];
    if (text !== extra) {
      text = texts.get(extra);
      if (text === undefined) texts.set(extra, (text = extra));
    }
    extraReprs[i] = text;
    customReprs[i] = custom;
  }
  const paramShapes = tree.params.tensor.map((p, q) => concreteShape(p.shape, `parameter ${tree.params.key[q]!}`));
  if (lastBuilt !== undefined && sameStructureArrays(lastBuilt, tree, types, extraReprs, customReprs, paramShapes)) return lastBuilt.structure;
  const totals = tree.parameterTotals;
  const arrays: StructureArrays = {
    names: tree.canonicalNames,
    types,
    extraReprs,
    customReprs,
    parents: tree.parents,
    moduleParams: totals.module,
    paramOwners: tree.params.owner,
    paramKeys: tree.params.key,
    paramCounts: totals.parameter,
    paramShapes,
    paramOrder: totals.order,
    walkModules: tree.walk.module,
    walkKeys: tree.walk.key,
    walkParents: tree.walk.parent,
  };
  const structure = new TreeStructure(arrays);
  lastBuilt = { structure, keys: tree.keys };
  return structure;
}

/**
 * Whether `tree` with these texts and parameter shapes gives `last`'s
 * structure: the same keys and parents (so the same names), walk, texts and
 * parameters (owners, keys, shapes: so the same counts and their order).
 */
function sameStructureArrays(
  last: { readonly structure: TreeStructure; readonly keys: readonly string[] },
  tree: ModelTree,
  types: readonly string[],
  extraReprs: readonly string[],
  customReprs: readonly (string | null)[],
  paramShapes: readonly (readonly number[])[],
): boolean {
  const a = last.structure.arrays;
  const walk = tree.walk;
  const params = tree.params;
  return (
    sameList(last.keys, tree.keys) &&
    sameList(a.parents, tree.parents) &&
    sameList(a.types, types) &&
    sameList(a.extraReprs, extraReprs) &&
    sameList(a.customReprs, customReprs) &&
    sameList(a.walkModules, walk.module) &&
    sameList(a.walkKeys, walk.key) &&
    sameList(a.walkParents, walk.parent) &&
    sameList(a.paramOwners, params.owner) &&
    sameList(a.paramKeys, params.key) &&
    a.paramShapes.length === paramShapes.length &&
    a.paramShapes.every((s, q) => sameList(s, paramShapes[q]!))
  );
}

/** Whether two lists hold the same values (===) in the same order. */
function sameList<T>(a: ArrayLike<T>, b: ArrayLike<T>): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// Classes, not frozen literals with getters: a literal's getters are new
// closures each time, which gives every object its own hidden class.

/** A ReportStructure over a tree's arrays; the by-name fields are made from them when first read. */
class TreeStructure implements ReportStructure {
  private moduleList: readonly ModuleEntry[] | undefined;
  private index: ReadonlyMap<string, number> | undefined;
  private reprNodes: readonly ReprNode[] | undefined;
  private counts: ReadonlyMap<string, bigint> | undefined;
  private shapes: ReadonlyMap<string, readonly number[]> | undefined;

  constructor(readonly arrays: StructureArrays) {}

  get modules(): readonly ModuleEntry[] {
    const { names, types, extraReprs, customReprs } = this.arrays;
    return (this.moduleList ??= Object.freeze(names.map((name, i) => Object.freeze({ name, type: types[i]!, extraRepr: extraReprs[i]!, customRepr: customReprs[i]! }))));
  }

  get moduleIndex(): ReadonlyMap<string, number> {
    return (this.index ??= new Map(this.arrays.names.map((name, i) => [name, i])));
  }

  get repr(): readonly ReprNode[] {
    return (this.reprNodes ??= reprOfWalk(this.arrays));
  }

  /** fvcore's parameter_count by name, in its dict's order (ModelTree.parameterCounts). */
  get params(): ReadonlyMap<string, bigint> {
    if (this.counts === undefined) {
      const { names, moduleParams, paramCounts, paramOrder } = this.arrays;
      const counts = new Map<string, bigint>();
      for (const k of paramOrder) {
        if (k >= 0) counts.set(names[k]!, moduleParams[k]!);
        else counts.set(this.paramName(-1 - k), paramCounts[-1 - k]!);
      }
      this.counts = counts;
    }
    return this.counts;
  }

  get paramShapes(): ReadonlyMap<string, readonly number[]> {
    if (this.shapes === undefined) {
      const shapes = new Map<string, readonly number[]>();
      const { paramShapes } = this.arrays;
      for (let q = 0; q < paramShapes.length; q++) shapes.set(this.paramName(q), paramShapes[q]!);
      this.shapes = shapes;
    }
    return this.shapes;
  }

  /** Parameter q's name: its module's name, '.', its key. */
  private paramName(q: number): string {
    const owner = this.arrays.names[this.arrays.paramOwners[q]!]!;
    const key = this.arrays.paramKeys[q]!;
    return owner === '' ? key : `${owner}.${key}`;
  }
}

/** The ModuleData of a tree; by-name fields read from the tree when first asked. */
class TreeModuleData implements ModuleData {
  private shapes: ReadonlyMap<string, readonly number[]> | undefined;

  constructor(readonly tree: ModelTree) {}

  get modules(): readonly (readonly [string, Module])[] {
    return this.tree.entries;
  }

  get canonical(): ReadonlyMap<string, string> {
    return this.tree.canonical;
  }

  get paramCounts(): ReadonlyMap<string, bigint> {
    return this.tree.parameterCounts;
  }

  get paramShapes(): ReadonlyMap<string, readonly number[]> {
    return (this.shapes ??= paramShapesOf(this.tree));
  }
}

/** Shape per parameter name, named_parameters order. */
function paramShapesOf(tree: ModelTree): ReadonlyMap<string, readonly number[]> {
  const map = new Map<string, readonly number[]>();
  for (const p of tree.parameters) map.set(p.name, p.shape);
  return map;
}

/** The repr nodes of a walk: one per entry that is a module (None entries are children, not nodes). */
function reprOfWalk(a: StructureArrays): readonly ReprNode[] {
  const { walkModules, walkKeys, walkParents, names } = a;
  const nodeOf = new Int32Array(walkModules.length).fill(-1);
  const paths: string[] = [];
  const repr: { path: string; module: number; repeat: boolean; children: [string, number | null][] }[] = [];
  const seen = new Uint8Array(names.length);
  for (let e = 0; e < walkModules.length; e++) {
    const m = walkModules[e]!;
    const p = walkParents[e]!;
    const key = walkKeys[e]!;
    if (m === -1) {
      repr[nodeOf[p]!]!.children.push([key, null]);
      continue;
    }
    const repeat = seen[m] === 1;
    seen[m] = 1;
    const parentPath = p === -1 ? '' : paths[nodeOf[p]!]!;
    const path = !repeat ? names[m]! : parentPath === '' ? key : `${parentPath}.${key}`;
    nodeOf[e] = repr.length;
    if (p !== -1) repr[nodeOf[p]!]!.children.push([key, repr.length]);
    paths.push(path);
    repr.push({ path, module: m, repeat, children: [] });
  }
  return Object.freeze(repr.map((node) => Object.freeze({ ...node, children: Object.freeze(node.children) })));
}

function buildStructure(data: ModuleData, objects: Module[]): ReportStructure {
  const modules: ModuleEntry[] = [];
  const moduleIndex = new Map<string, number>();
  const byObject = new Map<Module, number>();
  const nodeOf = new Map<string, number>();
  const repr: ReprNode[] = [];
  const targets: Module[] = [];
  for (const [path, proxied] of data.modules) {
    const m = moduleTarget(proxied);
    let index = byObject.get(m);
    const canonical = data.canonical.get(path) ?? path;
    if (index === undefined) {
      index = modules.length;
      byObject.set(m, index);
      const type = m.typeName();
      const extra = m.extraRepr();
      const custom = m.customRepr();
      if (typeof type !== 'string' || typeof extra !== 'string' || (custom !== null && typeof custom !== 'string')) badText(m, canonical);
      modules.push(Object.freeze({ name: canonical, type, extraRepr: extra, customRepr: custom }));
      objects.push(m);
      moduleIndex.set(canonical, index);
    }
    nodeOf.set(path, repr.length);
    repr.push({ path, module: index, repeat: canonical !== path, children: [] });
    targets.push(m);
  }
  // Children, with None entries, from each module's registry.
  for (let n = 0; n < repr.length; n++) {
    const node = repr[n]!;
    const children: [string, number | null][] = [];
    for (const [key, sub] of modulesOf(targets[n]!)) {
      children.push([key, sub === null ? null : (nodeOf.get(node.path ? `${node.path}.${key}` : key) ?? null)]);
    }
    repr[n] = Object.freeze({ ...node, children: Object.freeze(children) });
  }
  return Object.freeze({
    modules: Object.freeze(modules),
    moduleIndex,
    repr: Object.freeze(repr),
    params: data.paramCounts,
    paramShapes: data.paramShapes,
  });
}

/** The ArgumentError for a module whose repr hooks (typeName, extraRepr, customRepr) do not return text. */
function badText(m: Module, path: string): never {
  const type: unknown = m.typeName();
  const where = `${path === '' ? '' : `${shortPath(path)} `}(${typeof type === 'string' ? type : typeNameOf(m.constructor)})`;
  if (typeof type !== 'string') throw new ArgumentError(where, 'typeName()', shownValue(type), 'a string');
  const extra: unknown = m.extraRepr();
  if (typeof extra !== 'string') throw new ArgumentError(where, 'extraRepr()', shownValue(extra), 'a string');
  throw new ArgumentError(where, 'customRepr()', shownValue(m.customRepr()), 'a string or null');
}

function countStats(n: number, c: CountsInput): CountStats {
  if (typeof c !== 'object' || c === null || !Array.isArray(c.perModule) || c.perModule.length !== n) {
    throw new ArgumentError('createReport', 'counts', shownValue(c?.perModule), `counts of the ${n} modules of the structure`);
  }
  return new Counts(n, c);
}

// A class, not a frozen literal with a getter: a literal's getter is a new
// closure each time, which gives every Report its own hidden class (and the
// garbage collector full collections to find them).
class Counts implements CountStats {
  readonly perModule: readonly bigint[];
  readonly isFloat: readonly boolean[];
  readonly uncalled: readonly boolean[];
  readonly anyUncalled: boolean;
  readonly unsupported: ReadonlyMap<string, number>;
  readonly formulas?: readonly string[];
  private operators: readonly ReadonlyMap<string, bigint>[] | undefined;

  constructor(
    private readonly n: number,
    private readonly input: CountsInput,
  ) {
    this.perModule = input.perModule;
    this.isFloat = input.isFloat;
    this.uncalled = input.uncalled;
    this.anyUncalled = input.uncalled.includes(true);
    this.unsupported = input.unsupportedOps;
    if (input.formulas !== undefined) this.formulas = Object.freeze([...input.formulas]);
  }

  /** Only the JSON view reads these: made on first use, then fixed. */
  get byOperator(): readonly ReadonlyMap<string, bigint>[] {
    return (this.operators ??= Object.freeze(Array.from({ length: this.n }, (_, i) => this.input.operatorsOf(i))));
  }
}

// ---------------------------------------------------------------- adapters

/** An analyzer's results as a CountsInput (per module id of its tree, the Report's module order). */
export function countsOf(analyzer: ModelAnalysis): CountsInput {
  return {
    perModule: analyzer.moduleTotals(),
    operatorsOf: (id) => analyzer.operatorsOf(id),
    isFloat: analyzer.moduleIsFloat(),
    uncalled: analyzer.moduleUncalled(),
    unsupportedOps: analyzer.unsupportedOps(''),
  };
}

// Keyed by ModelTree, which is immutable.
const MODULE_DATA = new WeakMap<ModelTree, ModuleData>();

/**
 * The ModuleData of a model snapshot (one per tree: the tree cannot change,
 * so neither can it). Its by-name fields are made on first read: a Report
 * built from it reads the tree's arrays instead.
 */
export function moduleDataOf(tree: ModelTree): ModuleData {
  let data = MODULE_DATA.get(tree);
  if (data === undefined) {
    data = new TreeModuleData(tree);
    MODULE_DATA.set(tree, data);
  }
  return data;
}

/** The Report of two analyzers of one model, as the views print it. */
export function reportOf(
  flops: ModelAnalysis,
  activations: ModelAnalysis | null,
  meta: { model?: string; inputs?: readonly InputShape[]; params?: ReadonlyMap<string, bigint> } = {},
): Report {
  const model = flops.analyzedModel;
  let data = moduleDataOf(flops.modelTree);
  if (meta.params !== undefined && meta.params !== flops.modelTree.parameterCounts) {
    // Other parameter counts: a ModuleData by name, without the tree.
    data = { modules: data.modules, canonical: data.canonical, paramCounts: meta.params, paramShapes: data.paramShapes };
  }
  return createReport({
    modules: data,
    flops: countsOf(flops),
    activations: activations === null ? null : countsOf(activations),
    model: meta.model ?? model.typeName(),
    mode: model.training ? 'train' : 'eval',
    inputs: meta.inputs ?? [],
    paramsFrozen: frozenParameterCountOf(flops.modelTree),
    outputShapes: outputShapesOf(flops.trace.calls, flops.modelTree.size),
  });
}
