// DeepSpeed's flops profiler (deepspeedai/DeepSpeed@edaa722,
// deepspeed/profiling/flops_profiler/profiler.py): patched `F.*` and
// `torch.*` functions (`_patch_functionals`, `_patch_tensor_methods`, the
// `_*_flops_compute` formulas) charged to the innermost running module, plus
// module hooks for recurrent modules (`MODULE_HOOK_MAPPING`); a module's
// number is its own plus its children's (`get_module_flops`). FLOPs are the
// headline (2 per multiply-add, plus biases, norms, activations, pools,
// softmax); MACs are reported beside them. calflops
// (MrYxJ/calculate-flops.pytorch, calflops/pytorch_ops.py) copies it without
// the `mm`/`bmm` patches and counts trainable parameters only.

import { concreteShape, type Shape } from '../../core/shape.js';
import type { ModelTree } from '../../trace/model_tree.js';
import type { OpNode } from '../../trace/graph.js';
import type { Trace } from '../../trace/tracer.js';
import { optimalEinsumFlops } from '../einsum_cost.js';
import type { Convention, ConventionCounts } from './convention.js';
import { LEAKY_RELU, NUMEL_ACTIVATIONS, POOLS, insideFusedCell, isUpsample } from './functionals.js';
import { isRnnHooked, rnnHookCost } from './rnn_hooks.js';
import { Tally, hookShapes, moduleOfNode, numel, outputShape, paramsOf, prod, tensorShape, trainableParamsOf } from './tally.js';

/** What differs between DeepSpeed and its calflops copy. */
interface Variant {
  /** Whether `torch.mm`, `torch.bmm` (and their Tensor methods) are patched. */
  readonly mmPatched: boolean;
  /** Parameters counted: all, or trainable only. */
  readonly params: 'all' | 'trainable';
}

const NORMS_5 = new Set(['aten::layer_norm', 'aten::group_norm', 'aten::instance_norm']);

/** `(flops, macs)` of a patched function, or null for an op no patch sees. */
function functionalCost(node: OpNode, variant: Variant): [string, bigint, bigint] | null {
  const kind = node.kind;
  // Read only for the ops a patch counts: a symbolic size stops at the op that needs it.
  const input = (): readonly number[] | null => tensorShape(node, 'input') ?? tensorShape(node, 'self');
  if (kind === 'aten::linear') {
    const w = tensorShape(node, 'weight');
    const macs = w === null ? 0n : numel(input()) * BigInt(w[0]!);
    return ['F.linear', 2n * macs, macs];
  }
  if (kind === 'aten::_convolution') return convCost(node);
  if (NUMEL_ACTIVATIONS.has(kind) || LEAKY_RELU.has(kind)) return [`F.${kind.slice(6).replace(/_$/, '')}`, numel(input()), 0n];
  if (kind === 'aten::batch_norm') {
    const affine = node.tensor('weight') !== null;
    const per = node.arg('training') === true ? (affine ? 5n : 4n) : affine ? 2n : 1n;
    return ['F.batch_norm', per * numel(input()), 0n];
  }
  if (NORMS_5.has(kind)) return [`F.${kind.slice(6)}`, (node.tensor('weight') !== null ? 5n : 4n) * numel(input()), 0n];
  if (POOLS.has(kind)) return [`F.${kind.slice(6).replace('_with_indices', '')}`, numel(input()), 0n];
  if (isUpsample(kind)) return ['F.interpolate', upsampleCost(node, input()), 0n];
  if (kind === 'aten::softmax') return ['F.softmax', numel(input()), 0n];
  if (kind === 'aten::matmul' || (variant.mmPatched && (kind === 'aten::mm' || kind === 'aten::bmm'))) {
    const b = tensorShape(node, kind === 'aten::matmul' ? 'other' : 'mat2');
    const macs = b === null ? 0n : numel(input()) * BigInt(b[b.length - 1] ?? 1);
    return [`torch.${kind.slice(6)}`, 2n * macs, macs];
  }
  if (kind === 'aten::addmm' || kind === 'aten::baddbmm') {
    const a = tensorShape(node, kind === 'aten::addmm' ? 'mat1' : 'batch1');
    const b = tensorShape(node, kind === 'aten::addmm' ? 'mat2' : 'batch2');
    const macs = a === null || b === null ? 0n : numel(a) * BigInt(b[b.length - 1]!);
    return [`torch.${kind.slice(6)}`, 2n * macs + numel(tensorShape(node, 'self')), macs];
  }
  if (kind === 'aten::einsum') {
    const shapes = (node.arg('tensors') as (Shape | unknown)[]).filter((s): s is Shape => Array.isArray(s));
    return ['torch.einsum', optimalEinsumFlops(String(node.arg('equation')), shapes), 0n];
  }
  return null;
}

/** `_conv_flops_compute` / `_conv_trans_flops_compute`, with their output sizes. */
function convCost(node: OpNode): [string, bigint, bigint] {
  const x = tensorShape(node, 'input')!;
  const w = tensorShape(node, 'weight')!;
  const out = outputShape(node)!;
  const groups = BigInt(node.arg('groups') as number);
  const batch = BigInt(x[0]!);
  const kernel = prod(w.slice(2));
  const hasBias = node.tensor('bias') !== null;
  if (node.arg('transposed') !== true) {
    const positions = batch * prod(out.slice(2));
    const macs = kernel * BigInt(x[1]!) * (BigInt(w[0]!) / groups) * positions;
    return ['F.conv', 2n * macs + (hasBias ? BigInt(w[0]!) * positions : 0n), macs];
  }
  // Transposed: "out_channels" is weight.shape[1] (the channels per group), the
  // positions the input's, and the bias's output size is computed as for a
  // forward convolution of the input.
  const outChannels = BigInt(w[1]!);
  const macs = kernel * BigInt(x[1]!) * (outChannels / groups) * batch * prod(x.slice(2));
  if (!hasBias) return ['F.conv_transpose', 2n * macs, macs];
  const stride = node.arg('stride') as number[];
  const padding = node.arg('padding') as number[];
  const dilation = node.arg('dilation') as number[];
  let forwardPositions = batch;
  for (let i = 2; i < x.length; i++) {
    const d = i - 2;
    forwardPositions *= BigInt(Math.floor((x[i]! + 2 * (padding[d] ?? 0) - ((dilation[d] ?? 1) * (w[i]! - 1) + 1)) / (stride[d] ?? 1)) + 1);
  }
  return ['F.conv_transpose', 2n * macs + outChannels * forwardPositions, macs];
}

/** `_upsample_flops_compute`: the product of `size` when given (spatial only), else input numel times the scale factors. */
function upsampleCost(node: OpNode, input: readonly number[] | null): bigint {
  const size = node.arg('output_size');
  if (Array.isArray(size)) return prod(concreteShape(size as Shape, `${node.kind}: output_size`));
  const scales = node.arg('scale_factors');
  if (!Array.isArray(scales)) return numel(outputShape(node));
  return BigInt(Math.trunc(Number(numel(input)) * (scales as number[]).reduce((a, b) => a * b, 1)));
}

function countWith(trace: Trace, variant: Variant): ConventionCounts {
  const tree: ModelTree = trace.tree;
  const flops = new Tally(tree);
  const macs = new Tally(tree);
  for (const node of trace.executed) {
    if (insideFusedCell(tree, node)) continue;
    const cost = functionalCost(node, variant);
    if (cost === null) continue;
    const id = moduleOfNode(node);
    flops.addInclusive(id, cost[0], cost[1]);
    macs.addInclusive(id, cost[0], cost[2]);
  }
  // The recurrent modules' hooks: FLOPs only.
  for (const call of trace.calls) {
    const module = tree.moduleList[call.id]!;
    if (!isRnnHooked(module.typeName())) continue;
    const { input } = hookShapes(call, module.typeName());
    if (input !== null) flops.addInclusive(call.id, module.typeName(), rnnHookCost(tree, call.id, module, input, 'flops'));
  }
  const paramsPerModule = Array.from({ length: tree.size }, (_, id) => paramsOf(tree, id));
  return {
    perModule: flops.perModule,
    byRule: flops.byRule,
    macs: macs.perModule,
    params: variant.params === 'all' ? paramsPerModule[0]! : trainableParamsOf(tree),
    paramsPerModule,
  };
}

/** DeepSpeed's flops profiler (`get_model_profile`). */
export const deepspeed: Convention = {
  name: 'deepspeed',
  unit: 'FLOPs',
  tool: 'DeepSpeed flops profiler 0.19.6 (deepspeedai/DeepSpeed)',
  source: 'deepspeed/profiling/flops_profiler/profiler.py _patch_functionals, _patch_tensor_methods, _*_flops_compute, MODULE_HOOK_MAPPING',
  leavesOut: 'biases of F.linear, Python + and * (torch.add/mul only), ReLU6 (F.hardtanh), tanh, sigmoid, hardswish, log_softmax; MACs of recurrent modules',
  count: (trace) => countWith(trace, { mmPatched: true, params: 'all' }),
};

/** calflops' `calculate_flops`: DeepSpeed's rules without the mm/bmm patches. */
export const calflops: Convention = {
  name: 'calflops',
  unit: 'FLOPs',
  tool: 'calflops 0.3.2 (MrYxJ/calculate-flops.pytorch)',
  source: 'calflops/pytorch_ops.py (a copy of DeepSpeed\'s formulas; torch.mm, torch.bmm not patched), calflops/flops_counter.py calculate_flops',
  leavesOut: 'as deepspeed, and torch.mm / torch.bmm (attention matmuls); frozen parameters',
  count: (trace) => countWith(trace, { mmPatched: false, params: 'trainable' }),
};
