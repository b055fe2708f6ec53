// The Report: every number and every piece of structure the views print,
// built once per analysis and never changed after. The table, the
// architecture view and the JSON report (views/) render it and read nothing
// else: no analyzer, no module.
//
// It is built (report_build.ts) from a narrow input: the two analyzers'
// results (CountsInput) and the model's module and parameter data
// (ModuleData). This file is the data model and its accessors only: no
// runtime imports, so views can read a Report without pulling in the model.

import type { Shape } from '../core/shape.js';
import type { Module } from '../nn/module.js';
import type { ModelTree } from '../trace/model_tree.js';
import type { MemoryReport } from './memory.js';
import type { TrainingMemory } from './memory_training.js';
import type { RooflineReport } from './roofline.js';
import type { GenerationPhase } from '../nn/generation.js';

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
  /**
   * The snapshot the fields above describe, when they come from one
   * (`moduleDataOf`): the Report is then built from its arrays, and the
   * fields above are only read if someone asks for them.
   */
  readonly tree?: ModelTree;
}

/**
 * One analyzer's results, as the views use them: arrays indexed like the
 * structure's modules (canonical modules in named_modules order).
 */
export interface CountsInput {
  /** Per module, the sum over its operators. */
  readonly perModule: readonly bigint[];
  /** Per module, per operator (the analyzer's order); read only by the JSON view. */
  readonly operatorsOf: (module: number) => ReadonlyMap<string, bigint>;
  /** Per module, whether the reference holds its count as a float. */
  readonly isFloat: readonly boolean[];
  readonly uncalled: readonly boolean[];
  /** The root's ops without a handle, with how often each ran. */
  readonly unsupportedOps: ReadonlyMap<string, number>;
  /** A symbolic analysis: per module, the count as a formula in the named sizes, which the views print in place of the number. */
  readonly formulas?: readonly string[];
}

/** An input's shape; a nested input (a KV cache) as the list of its inputs' shapes. */
export type InputShape = Shape | readonly InputShape[];

/**
 * What a module's call returned, as shapes: a tensor's shape; a tuple or list
 * as the list of its entries' forms (null for an entry that is no tensor); an
 * object of outputs (a Hugging Face output) as an object by key.
 */
export type OutputShape = Shape | readonly (OutputShape | null)[] | { readonly [key: string]: OutputShape | null };

export type { GenerationPhase };

/**
 * What {@link createReport} builds a Report from: the model's module and
 * parameter data and each analyzer's counts.
 */
export interface ReportInput {
  readonly modules: ModuleData;
  readonly flops: CountsInput;
  /** null: a report of FLOPs only (the views then print no activation column). */
  readonly activations: CountsInput | null;
  /** The model's name in the JSON report. */
  readonly model: string;
  /** The mode the model was analysed in. */
  readonly mode: 'train' | 'eval';
  /** The input shapes, batch included. */
  readonly inputs: readonly InputShape[];
  /** A language model's generation step, when the model says (absent otherwise). */
  readonly generation?: GenerationPhase | undefined;
  /** Elements of the parameters with `requiresGrad` false (0 when absent). */
  readonly paramsFrozen?: bigint;
  /** Per module (the structure's order), the output of its first call; null for a module never called. Absent: none recorded. */
  readonly outputShapes?: readonly (OutputShape | null)[];
  /** The counting convention asked for by name (absent: fvcore's, the reference's, unnamed). */
  readonly convention?: ReportConventionInput;
}

/** A convention as {@link ReportInput} names it: `params` defaults to the model's own count. */
export interface ReportConventionInput {
  readonly name: string;
  readonly unit: 'MACs' | 'FLOPs';
  readonly params?: bigint;
  readonly macs?: bigint;
}

/**
 * The counting convention a Report's FLOPs were counted by, when one was
 * named (analyze's `convention` option): its name, the unit of `flops`, and
 * the tool's own totals.
 */
export interface ReportConvention {
  readonly name: string;
  /** The unit of every FLOP count in the Report: multiply-adds counted once (MACs) or twice (FLOPs). */
  readonly unit: 'MACs' | 'FLOPs';
  /** Parameters as the tool counts them. */
  readonly params: bigint;
  /** The model's multiply-adds, for tools that report them beside FLOPs (deepspeed, calflops). */
  readonly macs?: bigint;
}

/**
 * Memory and roofline estimates a Report carries when asked for
 * (`withEstimates`, the CLI's --memory and --roofline): the views then show
 * them as extra columns. Their per-module arrays are in the Report's module order.
 */
export interface ReportEstimates {
  readonly memory?: MemoryReport;
  /** A training step's memory (--train-step): gradients, optimizer state, saved activations. */
  readonly training?: TrainingMemory;
  readonly roofline?: RooflineReport;
  /** A language model's prompt: the roofline of one decode step after it (the JSON's `roofline.decode`). */
  readonly decode?: RooflineReport;
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
  /**
   * The same structure as flat arrays, when the Report was built from a model
   * snapshot whose names are plain dotted paths. The views render from these
   * (a structure written by hand, without them, is first turned into them),
   * and the fields above are then made only when read.
   */
  readonly arrays?: StructureArrays;
}

/**
 * A ReportStructure as flat arrays: per module (index as in `modules`), per
 * parameter (`named_parameters` order) and per entry of the repr walk. Made
 * once per structure; names are never cut or hashed to read it.
 */
export interface StructureArrays {
  /** Per module, its canonical name. */
  readonly names: readonly string[];
  /** Per module, its class name. */
  readonly types: readonly string[];
  /** Per module, its extra_repr text (may span lines). */
  readonly extraReprs: readonly string[];
  /** Per module, its whole repr for classes that override `__repr__`; null for the usual one. */
  readonly customReprs: readonly (string | null)[];
  /** Per module, the module whose name its name extends by one key; -1 for the root. */
  readonly parents: Int32Array;
  /** Per module, its `params` value; undefined when `params` has no key for it. */
  readonly moduleParams: readonly (bigint | undefined)[];
  /** Per parameter, the module it is listed under. */
  readonly paramOwners: Int32Array;
  /** Per parameter, its key in that module (its name is the module's name, '.', the key). */
  readonly paramKeys: readonly string[];
  /** Per parameter, its elements (its `params` value). */
  readonly paramCounts: readonly bigint[];
  readonly paramShapes: readonly (readonly number[])[];
  /** The keys of `params` in order: a module index (>= 0), or parameter q as -1 - q. */
  readonly paramOrder: Int32Array;
  /** The repr walk, None entries included: per entry, its module (-1 for None). */
  readonly walkModules: Int32Array;
  /** Per walk entry, the key it is registered under ('' for the root). */
  readonly walkKeys: readonly string[];
  /** Per walk entry, the entry it was reached from (-1 for the root). */
  readonly walkParents: Int32Array;
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
  /** A symbolic analysis: per module, the count as a formula (the views print it in place of the number). */
  readonly formulas?: readonly string[];
}

/**
 * Every number and piece of structure the views print, made once per analysis
 * and never changed: the model's name, mode and inputs, its modules and
 * parameters, and the FLOP and activation counts per module. {@link tableView},
 * {@link archView} and {@link jsonView} read nothing else.
 */
export interface Report {
  /** The model's name (the CLI's target; the root's class name by default). */
  readonly model: string;
  /** The mode the model was analysed in (a new model is in training mode). */
  readonly mode: 'train' | 'eval';
  /** Input shapes, batch included. */
  readonly inputs: readonly InputShape[];
  /** A language model's generation step (prefill or decode), when the model says; absent otherwise. */
  readonly generation?: GenerationPhase | undefined;
  /** Modules, the repr walk and parameter counts. */
  readonly structure: ReportStructure;
  /** FLOPs per module and per operator. */
  readonly flops: CountStats;
  /** null when only FLOPs were analysed. */
  readonly activations: CountStats | null;
  /**
   * Elements of the parameters (each once) with `requiresGrad` false at
   * analysis time: frozen. Trainable ones are the rest of `totalParams`.
   * Absent in a Report written by hand: none frozen.
   */
  readonly paramsFrozen?: bigint;
  /**
   * Per module (the structure's order), the output of its first call as
   * shapes; null for a module that was never called. Absent in a Report
   * written by hand (or built without the trace's module calls).
   */
  readonly outputShapes?: readonly (OutputShape | null)[];
  /** The convention named at analysis time; absent for the default (fvcore's counts, the reference's views). */
  readonly convention?: ReportConvention;
  /** Memory and roofline estimates, when attached (`withEstimates`); absent by default. */
  readonly estimates?: ReportEstimates;
}

// ---------------------------------------------------------------- accessors

/**
 * The name of the FLOP statistic in the views: `flops` (the reference's) by
 * default; the unit (`MACs` or `FLOPs`) when a convention was named, so
 * every printed count says what it counts.
 */
export function flopsLabel(report: Report): string {
  return report.convention === undefined ? 'flops' : report.convention.unit;
}

/** The output of module `i`'s first call as shapes; null when never called or not recorded. */
export function outputShapeOf(report: Report, i: number): OutputShape | null {
  return report.outputShapes?.[i] ?? null;
}

/** An output's shapes as text: `[1, 64, 56, 56]`, a tuple `([1, 5], [1, 5])`, an object `{logits: [1, 8, 50257]}`; '' for none. */
export function outputShapeText(shape: OutputShape | null): string {
  if (shape === null) return '';
  if (Array.isArray(shape)) {
    const list = shape as readonly (number | OutputShape | null)[];
    if (list.every((d) => typeof d === 'number')) return `[${list.join(', ')}]`;
    return `(${list.map((e) => (e === null ? 'None' : outputShapeText(e as OutputShape))).join(', ')}${list.length === 1 ? ',' : ''})`;
  }
  const entries = Object.entries(shape as { readonly [key: string]: OutputShape | null });
  return `{${entries.map(([k, v]) => `${k}: ${v === null ? 'None' : outputShapeText(v)}`).join(', ')}}`;
}

/** Total parameters (0 without any). */
export function totalParams(report: Report): bigint {
  const arrays = report.structure.arrays;
  if (arrays !== undefined) return arrays.moduleParams[0] ?? 0n;
  return report.structure.params.get('') ?? 0n;
}

/** Elements of the frozen parameters (`requiresGrad` false; 0 when the Report does not say). */
export function frozenParams(report: Report): bigint {
  const frozen = report.paramsFrozen;
  return typeof frozen === 'bigint' ? frozen : 0n;
}

/** Elements of the trainable parameters: the total less the frozen ones. */
export function trainableParams(report: Report): bigint {
  return totalParams(report) - frozenParams(report);
}

/** Number of modules in a structure. */
export function moduleCount(s: ReportStructure): number {
  return s.arrays === undefined ? s.modules.length : s.arrays.names.length;
}

/** A canonical module name by index (read from the arrays when there are some). */
function moduleName(s: ReportStructure, i: number): string {
  return s.arrays === undefined ? s.modules[i]!.name : s.arrays.names[i]!;
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
  const s = report.structure;
  const n = moduleCount(s);
  for (let i = 0; i < n; i++) out.set(moduleName(s, i), values[i]!);
  return out;
}

/** Canonical names of the modules flagged in a per-module array, in module order. */
export function namesWhere(report: Report, flags: readonly boolean[]): string[] {
  const out: string[] = [];
  const s = report.structure;
  const n = moduleCount(s);
  for (let i = 0; i < n; i++) if (flags[i] === true) out.push(moduleName(s, i));
  return out;
}
