// The machine-readable report (`--json`): every number behind the printed
// views, keyed like the reference's outputs. bigint counts are written as
// exact JSON integers, however large.

import type { Module } from '../nn/module.js';
import type { AnalysisResult } from './analyze.js';
import { parameterCount } from './parameter_count.js';

export type JsonValue = bigint | number | string | boolean | null | JsonValue[] | JsonMap | { [k: string]: JsonValue };
export type JsonMap = ReadonlyMap<string, JsonValue>;

export function buildReport(
  name: string,
  model: Module,
  inputs: readonly (readonly number[])[],
  result: AnalysisResult,
): Map<string, JsonValue> {
  const flops = result.flopAnalyzer;
  const acts = result.activationAnalyzer;
  const byModOp = (a: typeof flops): JsonMap => new Map([...a.byModuleAndOperator()].map(([m, ops]) => [m, new Map(ops) as JsonMap]));
  const unsupported = (a: typeof flops): JsonMap => new Map([...a.unsupportedOps('')].map(([k, v]) => [k, v]));
  return new Map<string, JsonValue>([
    ['model', name],
    ['mode', model.training ? 'train' : 'eval'],
    ['inputs', inputs.map((s) => [...s])],
    ['flops', result.flops],
    ['flopsStr', result.flopsStr],
    ['activations', result.activations],
    ['activationsStr', result.activationsStr],
    ['params', result.params],
    ['paramsStr', result.paramsStr],
    ['flopsByModule', flops.byModule()],
    ['activationsByModule', acts.byModule()],
    ['paramsByName', parameterCount(model)],
    ['flopsByModuleAndOperator', byModOp(flops)],
    ['activationsByModuleAndOperator', byModOp(acts)],
    ['flopsUnsupportedOps', unsupported(flops)],
    ['activationsUnsupportedOps', unsupported(acts)],
    ['uncalledModules', [...flops.uncalledModules()].sort()],
    ['outTable', result.outTable],
    ['outArch', result.outArch],
  ]);
}

/** JSON text with Maps as objects (order kept) and bigints as exact integers. */
export function toJson(value: JsonValue, indent = 2, depth = 0): string {
  const pad = ' '.repeat(indent * (depth + 1));
  const close = ' '.repeat(indent * depth);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => pad + toJson(v, indent, depth + 1)).join(',\n')}\n${close}]`;
  }
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${toJson(v as JsonValue, indent, depth + 1)}`).join(',\n')}\n${close}}`;
}
