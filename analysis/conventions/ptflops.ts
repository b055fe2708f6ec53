// ptflops 0.7.5, its default `pytorch` backend (sovrasov/flops-counter.pytorch
// @d612c75): forward hooks on modules of the exact types in
// `MODULES_MAPPING` (ptflops/pytorch_ops.py), plus patched `F.*` / `torch.*`
// functions (`FUNCTIONAL_MAPPING`, `TENSOR_OPS_MAPPING`), in MACs.
// `compute_average_flops_cost` (ptflops/pytorch_engine.py) divides the
// modules' sum by the batch (the root's first input's length) and then adds
// the functions' sum undivided; a module's own number is
// `accumulate_flops() / batch`: its hook's count if its type has one, else
// the sum over its children. So modules that call a patched function
// (nn.ReLU, the pools, nn.Upsample) are counted twice, once per sample and
// once for the whole batch.

import { Tensor } from '../../core/tensor.js';
import { concreteShape } from '../../core/shape.js';
import type { Module } from '../../nn/module.js';
import type { ModelTree } from '../../trace/model_tree.js';
import type { ModuleCall, OpNode } from '../../trace/graph.js';
import type { Trace } from '../../trace/tracer.js';
import type { Convention, ConventionCounts } from './convention.js';
import { NUMEL_ACTIVATIONS, POOLS, insideFusedCell, isUpsample } from './functionals.js';
import { isRnnHooked, rnnHookCost } from './rnn_hooks.js';
import { Tally, attr, callName, childrenOf, hookShapes, numel, outputShape, ownParam, prod, tensorShape, trainableParamsOf } from './tally.js';

const CONVS = new Set(['Conv1d', 'Conv2d', 'Conv3d']);
const CONV_TRANSPOSES = new Set(['ConvTranspose1d', 'ConvTranspose2d', 'ConvTranspose3d']);
const ACTIVATIONS = new Set(['ReLU', 'PReLU', 'ELU', 'LeakyReLU', 'ReLU6', 'GELU']);
const POOL_MODULES = new Set(['Max', 'Avg', 'AdaptiveMax', 'AdaptiveAvg'].flatMap((k) => [1, 2, 3].map((d) => `${k}Pool${d}d`)));
const NORMS = new Set(['BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d', 'InstanceNorm1d', 'InstanceNorm2d', 'InstanceNorm3d', 'GroupNorm', 'LayerNorm']);

/** Whether ptflops has a hook for this exact module type. */
function isHooked(type: string): boolean {
  return CONVS.has(type) || CONV_TRANSPOSES.has(type) || ACTIVATIONS.has(type) || POOL_MODULES.has(type) || NORMS.has(type) || isRnnHooked(type) || type === 'Linear' || type === 'Upsample' || type === 'MultiheadAttention';
}

/** `conv_flops_counter_hook`: k·Cin·(Cout/g) per position of the output (transposed: of the input), plus the bias per output element. */
function convCost(module: Module, input: readonly number[], output: readonly number[], transpose: boolean): bigint {
  const kernel = prod(attr<number[]>(module, 'kernelSize'));
  const perPosition = kernel * BigInt(attr<number>(module, 'inChannels')) * BigInt(Math.floor(attr<number>(module, 'outChannels') / attr<number>(module, 'groups')));
  const batch = BigInt(input[0]!);
  const positions = batch * prod((transpose ? input : output).slice(2));
  const bias = attr<unknown>(module, 'bias') !== null ? batch * prod(output.slice(1)) : 0n;
  return perPosition * positions + bias;
}

/** `multihead_attention_counter_hook`, on the positional (query, key, value). */
function attentionCost(tree: ModelTree, call: ModuleCall, module: Module): bigint {
  const [q, k, v] = call.args.map((a, i) => (a instanceof Tensor ? concreteShape(a.shape, `${callName(call, 'MultiheadAttention')}: input ${i}`) : null));
  if (q === null || k === null || v === null || q === undefined || k === undefined || v === undefined) return 0n;
  const batchFirst = attr<boolean>(module, 'batchFirst');
  const at = batchFirst ? 1 : 0;
  const batch = BigInt(q[batchFirst ? 0 : 1]!);
  const [qdim, kdim, vdim] = [BigInt(q[2]!), BigInt(k[2]!), BigInt(v[2]!)];
  const [qlen, klen, vlen] = [BigInt(q[at]!), BigInt(k[at]!), BigInt(v[at]!)];
  const heads = BigInt(attr<number>(module, 'numHeads'));
  let cost = qlen * qdim + qlen * qdim * qdim + klen * kdim * kdim + vlen * vdim * vdim;
  if (ownParam(tree, call.id, 'in_proj_bias') !== null) cost += (qlen + klen + vlen) * qdim;
  cost += heads * (qlen * klen * (qdim / heads) + qlen * klen + qlen * klen * (vdim / heads));
  cost += qlen * vdim * (vdim + 1n);
  return cost * batch;
}

/** The hook's count for one call of a hooked module. */
function hookCost(tree: ModelTree, call: ModuleCall, module: Module, type: string): bigint {
  const { input, output } = hookShapes(call, type);
  if (input === null) return 0n;
  if (CONVS.has(type) || CONV_TRANSPOSES.has(type)) return output === null ? 0n : convCost(module, input, output, CONV_TRANSPOSES.has(type));
  if (ACTIVATIONS.has(type)) return numel(output);
  if (POOL_MODULES.has(type)) return numel(input);
  // LayerNorm has no `affine` attribute: 1 per element.
  if (NORMS.has(type)) return type !== 'LayerNorm' && attr<boolean>(module, 'affine') ? 2n * numel(input) : numel(input);
  if (type === 'Linear') {
    const out = BigInt(attr<number>(module, 'outFeatures'));
    const bias = attr<unknown>(module, 'bias') !== null ? out : 0n;
    return (BigInt(input[input.length - 1]!) * out + bias) * prod(input.slice(0, -1));
  }
  // `output[0]` is the first sample: its elements, not the batch's.
  if (type === 'Upsample') return output === null ? 0n : prod(output.slice(1));
  if (type === 'MultiheadAttention') return attentionCost(tree, call, module);
  return rnnHookCost(tree, call.id, module, input, 'macs');
}

/** The patched function an op stands for, and its count (null: not patched). */
function functionalCost(node: OpNode): [string, bigint] | null {
  const kind = node.kind;
  if (NUMEL_ACTIVATIONS.has(kind)) return [`F.${kind.slice(6).replace(/_$/, '')}`, numel(tensorShape(node, 'self') ?? tensorShape(node, 'input'))];
  if (POOLS.has(kind)) return [`F.${kind.slice(6).replace('_with_indices', '')}`, numel(tensorShape(node, 'self') ?? tensorShape(node, 'input'))];
  if (kind === 'aten::softmax') return ['F.softmax', numel(tensorShape(node, 'self'))];
  if (isUpsample(kind)) return ['F.interpolate', numel(outputShape(node))];
  if (kind === 'aten::matmul' || kind === 'aten::mm' || kind === 'aten::bmm') {
    const a = tensorShape(node, 'self');
    const b = tensorShape(node, kind === 'aten::matmul' ? 'other' : 'mat2');
    return a === null || b === null ? null : [`torch.${kind.slice(6)}`, numel(a) * BigInt(b[b.length - 1]!)];
  }
  if (kind === 'aten::addmm' || kind === 'aten::baddbmm') {
    const a = tensorShape(node, kind === 'aten::addmm' ? 'mat1' : 'batch1');
    const b = tensorShape(node, kind === 'aten::addmm' ? 'mat2' : 'batch2');
    const beta = node.arg('beta');
    const added = beta === 0 ? 0n : numel(tensorShape(node, 'self'));
    return a === null || b === null ? null : [`torch.${kind.slice(6)}`, numel(a) * BigInt(b[b.length - 1]!) + added];
  }
  return null;
}

/** The batch ptflops divides by: `len(input[0])` of the root's first positional input. */
function batchOf(trace: Trace): bigint {
  const first = trace.calls[0]?.args[0];
  if (first instanceof Tensor) return BigInt(first.shape.length === 0 ? 1 : concreteShape(first.shape, "the model's first input (ptflops divides by its batch)")[0]!);
  return Array.isArray(first) && first.length > 0 ? BigInt(first.length) : 1n;
}

function count(trace: Trace): ConventionCounts {
  const tree = trace.tree;
  const own = new Tally(tree);
  for (const call of trace.calls) {
    const module = tree.moduleList[call.id]!;
    const type = module.typeName();
    if (isHooked(type)) own.addOwn(call.id, type, hookCost(tree, call, module, type));
  }
  // accumulate_flops: a hooked module's own count, else its children's sum.
  const children = childrenOf(tree);
  const out = new Tally(tree);
  const batch = batchOf(trace);
  const accumulate = (id: number): Map<string, bigint> => {
    if (isHooked(tree.moduleList[id]!.typeName())) return own.byRule[id]!;
    const sum = new Map<string, bigint>();
    for (const c of children[id]!) for (const [rule, v] of accumulate(c)) sum.set(rule, (sum.get(rule) ?? 0n) + v);
    return sum;
  };
  for (let id = 0; id < tree.size; id++) {
    let total = 0n;
    for (const [rule, v] of accumulate(id)) {
      out.byRule[id]!.set(rule, v / batch);
      total += v;
    }
    out.perModule[id] = total / batch;
  }
  // The functions' counts, whole batch, go to the total only (the root's line).
  for (const node of trace.executed) {
    if (insideFusedCell(tree, node)) continue;
    const cost = functionalCost(node);
    if (cost !== null && cost[1] !== 0n) out.addOwn(0, cost[0], cost[1]);
  }
  return { perModule: out.perModule, byRule: out.byRule, params: trainableParamsOf(tree) };
}

/** ptflops' `pytorch` backend. */
export const ptflops: Convention = {
  name: 'ptflops',
  unit: 'MACs',
  tool: 'ptflops 0.7.5 (sovrasov/flops-counter.pytorch), backend pytorch',
  source: 'ptflops/pytorch_engine.py compute_average_flops_cost; ptflops/pytorch_ops.py MODULES_MAPPING, FUNCTIONAL_MAPPING, TENSOR_OPS_MAPPING',
  leavesOut: 'F.linear, Python + and *, sigmoid/tanh/hardswish; modules per sample but F.* calls for the whole batch (nn.ReLU and pools counted twice)',
  count,
};
