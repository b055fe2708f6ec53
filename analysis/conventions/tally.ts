// Shared arithmetic of the conventions: shapes' element counts, per-module
// tallies, and what module hooks see of a call (its tensors' shapes).

import { Tensor } from '../../core/tensor.js';
import { concreteShape, isSymbolicShape, type Shape } from '../../core/shape.js';
import type { Module } from '../../nn/module.js';
import type { ModelTree } from '../../trace/model_tree.js';
import type { ModuleCall, OpNode } from '../../trace/graph.js';

/** Product of a list of sizes (1 for none). */
export function prod(sizes: readonly number[]): bigint {
  let p = 1n;
  for (const d of sizes) p *= BigInt(d);
  return p;
}

/** Elements of a tensor of `shape` (0 for no tensor). */
export function numel(shape: readonly number[] | null | undefined): bigint {
  return shape === null || shape === undefined ? 0n : prod(shape);
}

// The other tools' conventions count concrete shapes only (their formulas
// truncate, divide and compare sizes): every shape they read goes through
// these, so a symbolic trace stops at the first op or module with one
// SymbolicError naming it.

/** `shape` as plain numbers; a symbolic one is a SymbolicError naming `what()` (made only then: this runs per op). */
function concreteOnly(shape: Shape, what: () => string): readonly number[] {
  // Checked all numbers just above: the cast tells no lie.
  return isSymbolicShape(shape) ? concreteShape(shape, what()) : (shape as readonly number[]);
}

/** A tensor argument's shape, concrete; null when the argument is absent or no tensor. */
export function tensorShape(node: OpNode, name: string): readonly number[] | null {
  const s = node.tensor(name);
  return s === null ? null : concreteOnly(s, () => `${node.kind}: ${name}`);
}

/** Output `index`'s shape, concrete; null when the op has no tensor there. */
export function outputShape(node: OpNode, index = 0): readonly number[] | null {
  const s = node.outputs[index];
  return s === null || s === undefined ? null : concreteOnly(s, () => `${node.kind}: output ${index}`);
}

/**
 * The shape of the first tensor of a value as hooks take `input[0]` /
 * `output`: a tensor, or the first element of a list (nested); concrete, `what`
 * naming the module and the value in the error otherwise.
 */
export function firstShape(value: unknown, what: () => string): readonly number[] | null {
  for (let v = value, depth = 0; depth < 8; depth++) {
    if (v instanceof Tensor) return concreteOnly(v.shape, what);
    if (!Array.isArray(v) || v.length === 0) return null;
    v = v[0];
  }
  return null;
}

/** What a module hook sees of a call: its first input's and its output's shapes (`firstShape`), concrete. */
export function hookShapes(call: ModuleCall, type: string): { input: readonly number[] | null; output: readonly number[] | null } {
  return { input: firstShape(call.args, () => `${callName(call, type)}: input`), output: firstShape(call.output, () => `${callName(call, type)}: output`) };
}

/** A module call as errors name it: `Linear 'fc'`, the root `Sequential (the model)`. */
export function callName(call: ModuleCall, type: string): string {
  return call.name === '' ? `${type} (the model)` : `${type} '${call.name}'`;
}

/** The module of an op: the innermost module call it ran in (the root outside any). */
export function moduleOfNode(node: OpNode): number {
  return node.scope === null ? 0 : node.scope.id;
}

/** A module's attribute, as hooks read `module.in_channels` (our layers name them in camelCase). */
export function attr<T>(module: Module, name: string): T {
  return (module as unknown as Record<string, T>)[name]!;
}

/** A per-module count, each module's own and, with `addInclusive`, every module enclosing it. */
export class Tally {
  readonly perModule: bigint[];
  readonly byRule: Map<string, bigint>[];

  constructor(private readonly tree: ModelTree) {
    this.perModule = new Array<bigint>(tree.size).fill(0n);
    this.byRule = Array.from({ length: tree.size }, () => new Map<string, bigint>());
  }

  /** Adds `value` under `rule` to module `id` only. */
  addOwn(id: number, rule: string, value: bigint): void {
    this.perModule[id] = this.perModule[id]! + value;
    const rules = this.byRule[id]!;
    rules.set(rule, (rules.get(rule) ?? 0n) + value);
  }

  /** Adds `value` under `rule` to module `id` and every module that (structurally) encloses it. */
  addInclusive(id: number, rule: string, value: bigint): void {
    for (let at = id; at !== -1; at = this.tree.parents[at]!) this.addOwn(at, rule, value);
  }
}

/** Per module id, its direct parameters by key (`weight_ih_l0`), made once per tree. */
const OWN_PARAMS = new WeakMap<ModelTree, Map<string, readonly number[]>[]>();

/** The shape of module `id`'s own parameter `key`, or null. (Parameters' shapes come from constructor arguments: always concrete.) */
export function ownParam(tree: ModelTree, id: number, key: string): readonly number[] | null {
  let byModule = OWN_PARAMS.get(tree);
  if (byModule === undefined) {
    byModule = Array.from({ length: tree.size }, () => new Map<string, readonly number[]>());
    const { owner, key: keys, tensor } = tree.params;
    for (let q = 0; q < tensor.length; q++) byModule[owner[q]!]!.set(keys[q]!, concreteShape(tensor[q]!.shape, `parameter ${keys[q]!}`));
    OWN_PARAMS.set(tree, byModule);
  }
  return byModule[id]!.get(key) ?? null;
}

/** Elements of the parameters of module `id` and the modules inside it (`module.parameters()`), each once. */
export function paramsOf(tree: ModelTree, id: number): bigint {
  return tree.parameterTotals.module[id] ?? 0n;
}

/** Elements of the parameters with `requiresGrad` true (`p.requires_grad`), each once. */
export function trainableParamsOf(tree: ModelTree): bigint {
  const { tensor } = tree.params;
  const counts = tree.parameterTotals.parameter;
  let n = 0n;
  for (let q = 0; q < tensor.length; q++) if (tensor[q]!.requiresGrad !== false) n += counts[q]!;
  return n;
}

/** Per module id, its children's ids (structural, `named_children`), made once per tree. */
export function childrenOf(tree: ModelTree): readonly (readonly number[])[] {
  return tree.nodes.map((n) => n.children);
}
