// thop 0.1.1 (Lyken17/pytorch-OpCounter@43c064a), `profile(model, inputs)`:
// forward hooks on modules of the exact types in `register_hooks`
// (thop/profile.py; rules in thop/vision/basic_hooks.py, calc_func.py and
// thop/rnn_hooks.py), in MACs, no functional counting at all. `dfs_count`
// totals: a hooked module (not a Sequential or ModuleList) gives its own
// count, any other module the sum of its children. Parameters are counted by
// the same hooks, so modules without a rule, modules that never ran and
// parameters owned by containers are missing.

import type { Module } from '../../nn/module.js';
import { ModuleList, Sequential } from '../../nn/layers/container.js';
import type { ModelTree } from '../../trace/model_tree.js';
import type { ModuleCall } from '../../trace/graph.js';
import type { Trace } from '../../trace/tracer.js';
import type { Convention, ConventionCounts } from './convention.js';
import { Tally, attr, childrenOf, hookShapes, numel, paramsOf, prod } from './tally.js';

const ZERO = new Set(['ZeroPad2d', 'ReLU', 'ReLU6', 'LeakyReLU', 'Dropout', 'Sequential', 'PixelShuffle', ...[1, 2, 3].flatMap((d) => [`MaxPool${d}d`, `AdaptiveMaxPool${d}d`])]);
const CONVS = new Set([1, 2, 3].flatMap((d) => [`Conv${d}d`, `ConvTranspose${d}d`]));
const NORMS = new Set(['BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d', 'SyncBatchNorm', 'LayerNorm', 'InstanceNorm1d', 'InstanceNorm2d', 'InstanceNorm3d']);
const AVG_POOLS = new Set([1, 2, 3].map((d) => `AvgPool${d}d`));
const ADAPTIVE_AVG_POOLS = new Set([1, 2, 3].map((d) => `AdaptiveAvgPool${d}d`));
const UPSAMPLES = new Set(['Upsample', 'UpsamplingBilinear2d', 'UpsamplingNearest2d']);
const RNNS = new Set(['RNN', 'GRU', 'LSTM', 'RNNCell', 'GRUCell', 'LSTMCell']);
/** `calculate_upsample`: per output element, by mode (another mode counts 0). */
const UPSAMPLE_COST: Readonly<Record<string, bigint>> = { nearest: 1n, linear: 5n, bilinear: 11n, bicubic: 259n };

/** Whether thop has a rule for this exact module type. */
function isHooked(type: string): boolean {
  return ZERO.has(type) || CONVS.has(type) || NORMS.has(type) || AVG_POOLS.has(type) || ADAPTIVE_AVG_POOLS.has(type) || UPSAMPLES.has(type) || RNNS.has(type) || type === 'PReLU' || type === 'Softmax' || type === 'Linear';
}

/** The recurrent cell counts of thop/rnn_hooks.py (`_count_rnn_cell`, `_count_gru_cell`, `_count_lstm_cell`). */
function cellCost(type: string, input: bigint, h: bigint, bias: boolean): bigint {
  const b = bias ? 2n * h : 0n;
  if (type.startsWith('RNN')) return h * (input + h) + h + b;
  if (type.startsWith('GRU')) return 2n * ((h + input) * h + h + b) + ((h + input) * h + h + b) + h + 3n * h;
  return 4n * ((input + h) * h + h + b) + 3n * h + h;
}

/** `count_rnn` / `count_gru` / `count_lstm` and the cells: per step, summed over layers (and directions), times steps and batch. */
function rnnCost(module: Module, type: string, input: readonly number[]): bigint {
  const h = BigInt(attr<number>(module, 'hiddenSize'));
  const inputSize = BigInt(attr<number>(module, 'inputSize'));
  const bias = attr<boolean>(module, 'bias');
  if (type.endsWith('Cell')) return cellCost(type, inputSize, h, bias) * BigInt(input[0]!);
  const dirs = attr<boolean>(module, 'bidirectional') ? 2n : 1n;
  let perStep = cellCost(type, inputSize, h, bias) * dirs;
  for (let i = 1; i < attr<number>(module, 'numLayers'); i++) perStep += cellCost(type, h * dirs, h, bias) * dirs;
  const batchFirst = attr<boolean>(module, 'batchFirst');
  const [batch, steps] = batchFirst ? [input[0]!, input[1]!] : [input[1]!, input[0]!];
  return perStep * BigInt(steps) * BigInt(batch ?? 1);
}

/** The rule's count for one call. */
function ruleCost(module: Module, type: string, call: ModuleCall): bigint {
  const { input: x, output: y } = hookShapes(call, type);
  if (x === null || ZERO.has(type)) return 0n;
  if (CONVS.has(type)) {
    const k = prod(attr<number[]>(module, 'kernelSize'));
    return y === null ? 0n : numel(y) * (BigInt(x[1]!) / BigInt(attr<number>(module, 'groups'))) * k;
  }
  if (NORMS.has(type)) {
    const affine = type === 'LayerNorm' ? attr<boolean>(module, 'elementwiseAffine') : attr<boolean>(module, 'affine');
    return 2n * numel(x) * (affine ? 2n : 1n);
  }
  // count_prelu counts in eval only; profile() puts the model in eval.
  if (type === 'PReLU') return numel(x);
  if (type === 'Softmax') {
    const dim = attr<number | null>(module, 'dim');
    if (dim === null || dim === undefined) return 0n;
    const features = BigInt(x[dim < 0 ? dim + x.length : dim]!);
    return (numel(x) / features) * (3n * features - 1n);
  }
  if (AVG_POOLS.has(type)) return numel(y);
  if (ADAPTIVE_AVG_POOLS.has(type)) {
    if (y === null) return 0n;
    // Float arithmetic, as thop's DoubleTensor division: prod(in / out) + 1 per output element.
    let kernel = 1;
    for (let i = 2; i < x.length; i++) kernel *= x[i]! / y[i]!;
    return BigInt(Math.trunc((kernel + 1) * Number(numel(y))));
  }
  if (type === 'Linear') return BigInt(attr<number>(module, 'inFeatures')) * numel(y);
  if (UPSAMPLES.has(type)) return numel(y) * (UPSAMPLE_COST[attr<string>(module, 'mode')] ?? 0n);
  return rnnCost(module, type, x);
}

function isContainer(module: Module): boolean {
  return module instanceof Sequential || module instanceof ModuleList;
}

function count(trace: Trace): ConventionCounts {
  const tree: ModelTree = trace.tree;
  const own = new Tally(tree);
  // count_parameters: set (not added) by every call of a hooked module.
  const ownParams = new Array<bigint>(tree.size).fill(0n);
  for (const call of trace.calls) {
    const module = tree.moduleList[call.id]!;
    const type = module.typeName();
    if (!isHooked(type)) continue;
    own.addOwn(call.id, type, ruleCost(module, type, call));
    ownParams[call.id] = paramsOf(tree, call.id);
  }
  const children = childrenOf(tree);
  const out = new Tally(tree);
  const params = new Array<bigint>(tree.size).fill(0n);
  const reported = new Array<boolean>(tree.size).fill(false);
  // dfs_count: a hooked non-container child gives its own numbers; any other is recursed into.
  const dfs = (id: number): void => {
    reported[id] = true;
    for (const [rule, v] of own.byRule[id]!) out.addOwn(id, rule, v);
    for (const c of children[id]!) {
      const child = tree.moduleList[c]!;
      if (isHooked(child.typeName()) && !isContainer(child)) {
        reported[c] = true;
        for (const [rule, v] of own.byRule[c]!) out.addOwn(c, rule, v);
        params[c] = ownParams[c]!;
      } else dfs(c);
      for (const [rule, v] of out.byRule[c]!) out.addOwn(id, rule, v);
      params[id] = params[id]! + params[c]!;
    }
  };
  dfs(0);
  return { perModule: out.perModule, byRule: out.byRule, params: params[0]!, paramsPerModule: params, reported };
}

/** thop's `profile`. */
export const thop: Convention = {
  name: 'thop',
  unit: 'MACs',
  tool: 'thop 0.1.1 (Lyken17/pytorch-OpCounter)',
  source: 'thop/profile.py register_hooks, dfs_count; thop/vision/basic_hooks.py; thop/rnn_hooks.py',
  leavesOut: 'every function (F.*, torch.*, + and *: attention matmuls), GELU/SiLU/sigmoid/tanh/Hardswish, biases; parameters of modules without a rule',
  count,
};
