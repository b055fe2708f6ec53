// The Report: every number and every piece of structure the views print,
// built once per analysis and never changed after. The table, the
// architecture view and the JSON report (views/) render it and read nothing
// else: no analyzer, no module.
//
// It is built from a narrow input: the two analyzers' results (CountsInput)
// and the model's module and parameter data (ModuleData). `moduleDataOf`
// fills the latter from the Module API; anything that can list modules and
// parameters the same way can fill it instead.

import { currentStructureVersion, moduleTarget, type Module } from '../nn/module.js';
import type { ModelAnalysis } from './model_analysis.js';
import { cachedParameterCount } from './parameter_count.js';

// ---------------------------------------------------------------- the input

/** The module and parameter data a Report needs from a model. */
export interface ModuleData {
  /**
   * `named_modules(remove_duplicate=False)`: every path to a module, depth first
   * in registration order, a shared module under each of its paths. The repr
   * walks the same paths in the same order.
   */
  readonly modules: readonly (readonly [string, Module])[];
  /** Every path to its canonical path (the first one the walk reaches). */
  readonly canonical: ReadonlyMap<string, string>;
  /** `parameter_count`: elements per parameter name and per prefix ('' is the total), in its order. */
  readonly paramCounts: ReadonlyMap<string, bigint>;
  /** Shape per parameter name, `named_parameters` order. */
  readonly paramShapes: ReadonlyMap<string, readonly number[]>;
}

/** One analyzer's results, as the views use them. */
export interface CountsInput {
  /** Per canonical module, per operator (the analyzer's order). */
  readonly byModuleAndOperator: ReadonlyMap<string, ReadonlyMap<string, bigint>>;
  /** Per canonical module, the sum over its operators. */
  readonly byModule: ReadonlyMap<string, bigint>;
  /** Canonical modules whose count the reference holds as a float. */
  readonly floatModules: ReadonlySet<string>;
  readonly uncalledModules: ReadonlySet<string>;
  /** The root's ops without a handle, with how often each ran. */
  readonly unsupportedOps: ReadonlyMap<string, number>;
}

export interface ReportInput {
  readonly modules: ModuleData;
  readonly flops: CountsInput;
  /** null: a report of FLOPs only (the views then print no activation column). */
  readonly activations: CountsInput | null;
  /** The model's name in the JSON report. */
  readonly model: string;
  readonly mode: 'train' | 'eval';
  /** The input shapes, batch included. */
  readonly inputs: readonly (readonly number[])[];
}

// --------------------------------------------------------------- the Report

/** A module, once (its canonical name). */
export interface ModuleEntry {
  readonly name: string;
  /** The class name (`_get_name()`). */
  readonly type: string;
  /** The text inside the repr's parentheses; may span lines. */
  readonly extraRepr: string;
  /** The whole repr of classes that override `__repr__`; null for the usual one. */
  readonly customRepr: string | null;
}

/** One place the repr walk reaches: a module under one of its paths. */
export interface ReprNode {
  readonly path: string;
  /** Index of the module (in `ReportStructure.modules`). */
  readonly module: number;
  /** True when the path is not the module's canonical one (a shared module's repeat). */
  readonly repeat: boolean;
  /** `_modules` in order: each key with the node it leads to, or null for a None entry. */
  readonly children: readonly (readonly [string, number | null])[];
}

/**
 * What a Report takes from the model's structure. It depends on the structure
 * only, so Reports of the same structure share one (and views may cache what
 * they derive from it, keyed by it).
 */
export interface ReportStructure {
  /** Canonical modules in `named_modules` order; module 0 is the root (''). */
  readonly modules: readonly ModuleEntry[];
  /** Canonical name to module index. */
  readonly moduleIndex: ReadonlyMap<string, number>;
  /** The repr walk, depth first, shared modules under each path; node 0 is the root. */
  readonly repr: readonly ReprNode[];
  /** Elements per parameter name and per prefix ('' is the total; absent without parameters), `parameter_count`'s order. */
  readonly params: ReadonlyMap<string, bigint>;
  /** Shape per parameter name, `named_parameters` order. */
  readonly paramShapes: ReadonlyMap<string, readonly number[]>;
}

/** One analyzer's results; arrays are indexed by module (ReportStructure.modules). */
export interface CountStats {
  /** Per module, the sum over its operators. */
  readonly perModule: readonly bigint[];
  /** Per module, per operator, in the analyzer's order. */
  readonly byOperator: readonly ReadonlyMap<string, bigint>[];
  /** Per module, whether the reference holds its count as a float (`65.0`). */
  readonly isFloat: readonly boolean[];
  /** Per module, whether no op ran in it. */
  readonly uncalled: readonly boolean[];
  readonly anyUncalled: boolean;
  /** The root's ops without a handle, with how often each ran. */
  readonly unsupported: ReadonlyMap<string, number>;
}

export interface Report {
  /** The model's name (the CLI's target; the root's class name by default). */
  readonly model: string;
  readonly mode: 'train' | 'eval';
  /** Input shapes, batch included. */
  readonly inputs: readonly (readonly number[])[];
  readonly structure: ReportStructure;
  readonly flops: CountStats;
  /** null when only FLOPs were analysed. */
  readonly activations: CountStats | null;
}

// ---------------------------------------------------------------- accessors

/** Total parameters (0 without any). */
export function totalParams(report: Report): bigint {
  return report.structure.params.get('') ?? 0n;
}

/** The root's count: the model's total. */
export function totalOf(stats: CountStats): bigint {
  return stats.perModule[0] ?? 0n;
}

/** Whether the reference holds the model's total as a float. */
export function totalIsFloat(stats: CountStats): boolean {
  return stats.isFloat[0] ?? false;
}

/** A per-module array as a Map by canonical name, in module order. */
export function byName<T>(report: Report, values: readonly T[]): Map<string, T> {
  const out = new Map<string, T>();
  const modules = report.structure.modules;
  for (let i = 0; i < modules.length; i++) out.set(modules[i]!.name, values[i]!);
  return out;
}

/** Canonical names of the modules flagged in a per-module array, in module order. */
export function namesWhere(report: Report, flags: readonly boolean[]): string[] {
  const out: string[] = [];
  const modules = report.structure.modules;
  for (let i = 0; i < modules.length; i++) if (flags[i] === true) out.push(modules[i]!.name);
  return out;
}

// ----------------------------------------------------------------- building

/** A Report of one analysis. Reads user code (extra_repr) only through the structure, once per structure. */
export function createReport(input: ReportInput): Report {
  const structure = reportStructure(input.modules);
  return Object.freeze({
    model: input.model,
    mode: input.mode,
    inputs: Object.freeze(input.inputs.map((s) => Object.freeze([...s]))),
    structure,
    flops: countStats(structure, input.flops),
    activations: input.activations === null ? null : countStats(structure, input.activations),
  });
}

const STRUCTURES = new WeakMap<ModuleData, ReportStructure>();

/** The structure of a ModuleData, built once per ModuleData object. */
export function reportStructure(data: ModuleData): ReportStructure {
  let s = STRUCTURES.get(data);
  if (s === undefined) {
    s = buildStructure(data);
    STRUCTURES.set(data, s);
  }
  return s;
}

function buildStructure(data: ModuleData): ReportStructure {
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
      modules.push(Object.freeze({ name: canonical, type: m.typeName(), extraRepr: m.extraRepr(), customRepr: m.customRepr() }));
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
    for (const [key, sub] of targets[n]!._modules) {
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

const NO_OPS: ReadonlyMap<string, bigint> = new Map();

function countStats(structure: ReportStructure, c: CountsInput): CountStats {
  const n = structure.modules.length;
  const perModule = new Array<bigint>(n);
  const byOperator = new Array<ReadonlyMap<string, bigint>>(n);
  const isFloat = new Array<boolean>(n);
  const uncalled = new Array<boolean>(n);
  let anyUncalled = false;
  for (let i = 0; i < n; i++) {
    const name = structure.modules[i]!.name;
    perModule[i] = c.byModule.get(name) ?? 0n;
    // The analyzer builds new maps for every analysis and never changes them
    // after, so they are shared rather than copied.
    byOperator[i] = c.byModuleAndOperator.get(name) ?? NO_OPS;
    isFloat[i] = c.floatModules.has(name);
    const u = c.uncalledModules.has(name);
    uncalled[i] = u;
    if (u) anyUncalled = true;
  }
  return Object.freeze({
    perModule: Object.freeze(perModule),
    byOperator: Object.freeze(byOperator),
    isFloat: Object.freeze(isFloat),
    uncalled: Object.freeze(uncalled),
    anyUncalled,
    unsupported: c.unsupportedOps,
  });
}

// ---------------------------------------------------------------- adapters

/** An analyzer's results as a CountsInput. */
export function countsOf(analyzer: ModelAnalysis): CountsInput {
  return {
    byModuleAndOperator: analyzer.byModuleAndOperator(),
    byModule: analyzer.byModuleView(),
    floatModules: analyzer.floatModules(),
    uncalledModules: analyzer.uncalledModules(),
    unsupportedOps: analyzer.unsupportedOps(''),
  };
}

const MODULE_DATA = new WeakMap<Module, { version: number; data: ModuleData }>();

/**
 * A model's ModuleData from the Module API, the same object until the model's
 * structure changes (so the Report structure built from it is shared too).
 */
export function moduleDataOf(model: Module): ModuleData {
  const hit = MODULE_DATA.get(model);
  if (hit !== undefined && hit.version === currentStructureVersion()) return hit.data;
  const modules = model.namedModulesWithDuplicates();
  const canonical = new Map<string, string>();
  const first = new Map<Module, string>();
  for (const [path, m] of modules) {
    let c = first.get(m);
    if (c === undefined) first.set(m, (c = path));
    canonical.set(path, c);
  }
  const paramShapes = new Map<string, readonly number[]>();
  for (const [name, p] of model.namedParameters()) paramShapes.set(name, p.shape);
  const data: ModuleData = { modules, canonical, paramCounts: cachedParameterCount(model), paramShapes };
  MODULE_DATA.set(model, { version: currentStructureVersion(), data });
  return data;
}

/** The Report of two analyzers of one model, as the views print it. */
export function reportOf(
  flops: ModelAnalysis,
  activations: ModelAnalysis | null,
  meta: { model?: string; inputs?: readonly (readonly number[])[]; params?: ReadonlyMap<string, bigint> } = {},
): Report {
  const model = flops.analyzedModel;
  let data = moduleDataOf(model);
  if (meta.params !== undefined && meta.params !== data.paramCounts) data = { ...data, paramCounts: meta.params };
  return createReport({
    modules: data,
    flops: countsOf(flops),
    activations: activations === null ? null : countsOf(activations),
    model: meta.model ?? model.typeName(),
    mode: model.training ? 'train' : 'eval',
    inputs: meta.inputs ?? [],
  });
}
