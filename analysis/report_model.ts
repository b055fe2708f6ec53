// The Report: every number and every piece of structure the views print,
// built once per analysis and never changed after. The table, the
// architecture view and the JSON report (views/) render it and read nothing
// else: no analyzer, no module.
//
// It is built (report_build.ts) from a narrow input: the two analyzers'
// results (CountsInput) and the model's module and parameter data
// (ModuleData). This file is the data model and its accessors only: no
// runtime imports, so views can read a Report without pulling in the model.

import type { Module } from '../nn/module.js';

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
