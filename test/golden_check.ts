// Compares a flopscope report with a reference golden file, field by field.

import * as assert from 'uvu/assert';
import { analyze, buildReport, resolveInputs, Tensor, toJson, type DType, type FlopAnalyzer, type InputSpec } from '../index.js';
import type { Module } from '../nn/module.js';

export interface Golden {
  case: string;
  mode: 'train' | 'eval';
  /** `dtypes` (e.g. `int64` for token ids), one per input, when not all float32. */
  input: { kind: 'shape' | 'inputs'; shapes: number[] | number[][]; dtypes?: string[] };
  flops: number;
  flops_str: string;
  activations: number;
  activations_str: string;
  params: number;
  params_str: string;
  flops_by_module: Record<string, number>;
  acts_by_module: Record<string, number>;
  params_by_name: Record<string, number>;
  flops_by_module_and_operator: Record<string, Record<string, number>>;
  acts_by_module_and_operator: Record<string, Record<string, number>>;
  flops_unsupported_ops: Record<string, number>;
  acts_unsupported_ops: Record<string, number>;
  uncalled_modules: string[];
  modules: Record<string, { type: string; extra_repr: string; canonical: string }>;
  param_shapes: Record<string, number[]>;
  out_table: string;
  out_arch: string;
  table_depth1: string;
  table_noshapes: string;
  arch_flops_only: string;
  parameter_count_table: string;
  parameter_count_table_d5: string;
  ops: { op: string; scope: string; in: (number[] | null)[]; out: (number[] | null)[] }[];
}

/** Golden field -> report field. */
export const FIELD_MAP: readonly [keyof Golden, string][] = [
  ['mode', 'mode'],
  ['flops', 'flops'],
  ['flops_str', 'flopsStr'],
  ['activations', 'activations'],
  ['activations_str', 'activationsStr'],
  ['params', 'params'],
  ['params_str', 'paramsStr'],
  ['flops_by_module', 'flopsByModule'],
  ['acts_by_module', 'activationsByModule'],
  ['params_by_name', 'paramsByName'],
  ['flops_by_module_and_operator', 'flopsByModuleAndOperator'],
  ['acts_by_module_and_operator', 'activationsByModuleAndOperator'],
  ['flops_unsupported_ops', 'flopsUnsupportedOps'],
  ['acts_unsupported_ops', 'activationsUnsupportedOps'],
  ['uncalled_modules', 'uncalledModules'],
  ['out_table', 'outTable'],
  ['out_arch', 'outArch'],
];

/** The input spec a golden case was produced with. */
export function goldenInput(g: Golden): InputSpec {
  if (g.input.kind !== 'inputs') return g.input.shapes as InputSpec;
  const shapes = g.input.shapes as number[][];
  const dtypes = g.input.dtypes;
  if (dtypes === undefined) return { inputs: shapes };
  return { inputs: shapes.map((s, i) => new Tensor(s, goldenDType(dtypes[i]))) };
}

function goldenDType(d: string | undefined): DType {
  if (d === 'float32' || d === 'int64') return d;
  throw new Error(`golden input dtype ${String(d)} is not float32 or int64`);
}

/** Asserts every report field equals the golden one, key order included. */
export function assertReportMatches(g: Golden, report: Record<string, unknown>): void {
  for (const [gk, rk] of FIELD_MAP) {
    const want = g[gk] as unknown;
    const got = report[rk];
    assert.equal(got, want, `${g.case}: ${rk} differs from ${String(gk)}`);
    if (want !== null && typeof want === 'object' && !Array.isArray(want)) {
      assert.equal(Object.keys(got as object), Object.keys(want as object), `${g.case}: ${rk} key order`);
    }
  }
}

/** Analyzes `model` in-process as the golden case did and compares every field. */
export function assertModelMatchesGolden(g: Golden, model: Module): void {
  if (g.mode === 'eval') model.eval();
  const spec = goldenInput(g);
  const result = analyze(model, spec);
  const inputs = resolveInputs(spec).map((t) => t.shape);
  const report = JSON.parse(toJson(buildReport(g.case, model, inputs, result))) as Record<string, unknown>;
  assertReportMatches(g, report);
}

/** Asserts the traced ops (kind, innermost scope, input and output shapes) equal the golden ones. */
export function assertOpsMatchGolden(g: Golden, flops: FlopAnalyzer): void {
  const ops = flops.trace.nodes.map((n) => ({
    op: n.kind,
    scope: n.scopes[n.scopes.length - 1] ?? '',
    in: n.inputs.map((s) => (s === null ? null : [...s])),
    out: n.outputs.map((s) => (s === null ? null : [...s])),
  }));
  assert.equal(ops, g.ops);
}

/** Asserts module class names, extra reprs and canonical names, and parameter shapes, equal the golden ones. */
export function assertModulesMatchGolden(g: Golden, model: Module, flops: FlopAnalyzer): void {
  const modules: Golden['modules'] = {};
  for (const [name, m] of model.namedModulesWithDuplicates()) {
    modules[name] = { type: m.typeName(), extra_repr: m.extraRepr(), canonical: flops.canonicalModuleName(name) };
  }
  assert.equal(modules, g.modules);
  const shapes: Record<string, number[]> = {};
  for (const [name, p] of model.namedParameters()) shapes[name] = [...p.shape] as number[];
  assert.equal(shapes, g.param_shapes);
}

/** The layer goldens' `training_overrides`: `{module name: training}` where a module's mode differs from the case mode. */
export function trainingOverrides(model: Module, mode: 'train' | 'eval'): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [name, m] of model.namedModulesWithDuplicates()) if (m.training !== (mode === 'train')) out[name] = m.training;
  return out;
}
