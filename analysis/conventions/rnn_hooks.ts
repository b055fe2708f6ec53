// The recurrent-module hooks of ptflops (`rnn_flops_counter_hook`,
// `rnn_cell_flops_counter_hook` in ptflops/pytorch_ops.py) and DeepSpeed
// (`_rnn_forward_hook`, `_rnn_cell_forward_hook` in
// deepspeed/profiling/flops_profiler/profiler.py): one formula, except that
// DeepSpeed counts a weight product as 2·rows·cols − rows FLOPs where ptflops
// counts rows·cols MACs.

import type { Module } from '../../nn/module.js';
import type { ModelTree } from '../../trace/model_tree.js';
import { attr, ownParam } from './tally.js';

/** How a tool counts one weight matrix product of a step. */
export type WeightProduct = 'macs' | 'flops';

const RNN_TYPES: ReadonlySet<string> = new Set(['RNN', 'GRU', 'LSTM']);
const CELL_TYPES: ReadonlySet<string> = new Set(['RNNCell', 'GRUCell', 'LSTMCell']);

/** Whether the hooks count this module type (exact type, as both tools map types). */
export function isRnnHooked(type: string): boolean {
  return RNN_TYPES.has(type) || CELL_TYPES.has(type);
}

function matrixCost(w: readonly number[] | null, product: WeightProduct): bigint {
  if (w === null || w.length < 2) return 0n;
  const rows = BigInt(w[0]!);
  const cols = BigInt(w[1]!);
  return product === 'macs' ? rows * cols : 2n * rows * cols - rows;
}

/** `rnn_flops`: one step of one layer, without biases. */
function stepCost(type: string, hidden: bigint, wIh: readonly number[] | null, wHh: readonly number[] | null, product: WeightProduct): bigint {
  let cost = matrixCost(wIh, product) + matrixCost(wHh, product);
  if (type === 'RNN' || type === 'RNNCell') cost += hidden;
  else if (type === 'GRU' || type === 'GRUCell') cost += hidden + 3n * hidden + 3n * hidden;
  else cost += 4n * hidden + 3n * hidden + 3n * hidden;
  return cost;
}

function biasCost(tree: ModelTree, id: number, suffix: string): bigint {
  const bIh = ownParam(tree, id, `bias_ih${suffix}`);
  const bHh = ownParam(tree, id, `bias_hh${suffix}`);
  return BigInt(bIh?.[0] ?? 0) + BigInt(bHh?.[0] ?? 0);
}

/**
 * The hook's count for one call of an RNN, GRU, LSTM or cell module, whose
 * first input has shape `input`: per step and layer (forward-direction
 * weights), times `input[0]·input[1]` (the hooks take batch first whatever
 * the layout: the product is the same), twice if bidirectional; a cell's
 * times its batch.
 */
export function rnnHookCost(tree: ModelTree, id: number, module: Module, input: readonly number[], product: WeightProduct): bigint {
  const type = module.typeName();
  const hidden = BigInt(attr<number>(module, 'hiddenSize'));
  const hasBias = attr<boolean>(module, 'bias');
  if (CELL_TYPES.has(type)) {
    let cost = stepCost(type, hidden, ownParam(tree, id, 'weight_ih'), ownParam(tree, id, 'weight_hh'), product);
    if (hasBias) cost += biasCost(tree, id, '');
    return cost * BigInt(input.length === 1 ? 1 : input[0]!);
  }
  let cost = 0n;
  const layers = attr<number>(module, 'numLayers');
  for (let i = 0; i < layers; i++) {
    cost += stepCost(type, hidden, ownParam(tree, id, `weight_ih_l${i}`), ownParam(tree, id, `weight_hh_l${i}`), product);
    if (hasBias) cost += biasCost(tree, id, `_l${i}`);
  }
  cost *= BigInt(input[0] ?? 1) * BigInt(input[1] ?? 1);
  return attr<boolean>(module, 'bidirectional') ? 2n * cost : cost;
}
