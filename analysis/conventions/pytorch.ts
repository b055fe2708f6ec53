// PyTorch's `torch.utils.flop_counter.FlopCounterMode` (pytorch/pytorch
// torch/utils/flop_counter.py, `flop_registry`): a dispatch mode that sees
// every aten op after decomposition and counts matrix products and
// convolutions only, 2 FLOPs per multiply-add, biases never. `aten::linear`
// and `aten::matmul` decompose into mm/addmm/bmm; an LSTM on the CPU into a
// matrix product per weight matrix and step. Each op is charged to every
// module running (`ModuleTracker`).

import type { OpNode } from '../../trace/graph.js';
import type { Trace } from '../../trace/tracer.js';
import type { Convention, ConventionCounts } from './convention.js';
import { Tally, moduleOfNode, outputShape, paramsOf, prod, tensorShape } from './tally.js';

const RECURRENT = new Set(['aten::lstm', 'aten::gru', 'aten::rnn_tanh', 'aten::rnn_relu']);

/** `mm_flop` / `bmm_flop` of a (broadcast) matmul: 2 · batch · m · k · n. */
function matmulFlops(a: readonly number[], b: readonly number[]): bigint {
  if (a.length === 0 || b.length === 0) return 0n;
  const k = BigInt(a[a.length - 1]!);
  const m = a.length >= 2 ? BigInt(a[a.length - 2]!) : 1n;
  const n = b.length >= 2 ? BigInt(b[b.length - 1]!) : 1n;
  const batchA = a.slice(0, -2);
  const batchB = b.slice(0, -2);
  const rank = Math.max(batchA.length, batchB.length);
  let batch = 1n;
  for (let i = 0; i < rank; i++) {
    const da = batchA[batchA.length - rank + i] ?? 1;
    const db = batchB[batchB.length - rank + i] ?? 1;
    batch *= BigInt(Math.max(da, db));
  }
  return 2n * batch * m * k * n;
}

/** An op's FLOPs by `flop_registry` after decomposition, with the registry's op name; null for an op it does not count. */
function opFlops(node: OpNode): [string, bigint] | null {
  const kind = node.kind;
  if (kind === 'aten::_convolution') {
    const x = tensorShape(node, 'input')!;
    const w = tensorShape(node, 'weight')!;
    const positions = node.arg('transposed') === true ? x.slice(2) : outputShape(node)!.slice(2);
    return ['aten.convolution', 2n * BigInt(x[0]!) * prod(w) * prod(positions)];
  }
  if (kind === 'aten::linear') {
    const x = tensorShape(node, 'input')!;
    const w = tensorShape(node, 'weight')!;
    // 2-D input: addmm; otherwise a matmul (mm), bias added apart.
    return [x.length === 2 && node.tensor('bias') !== null ? 'aten.addmm' : 'aten.mm', 2n * prod(x.slice(0, -1)) * BigInt(w[0]!) * BigInt(w[1] ?? 1)];
  }
  if (kind === 'aten::matmul' || kind === 'aten::mm' || kind === 'aten::bmm') {
    const a = tensorShape(node, 'self');
    const b = tensorShape(node, kind === 'aten::matmul' ? 'other' : 'mat2');
    return a === null || b === null ? null : [kind === 'aten::bmm' || (kind === 'aten::matmul' && a.length > 2) ? 'aten.bmm' : 'aten.mm', matmulFlops(a, b)];
  }
  if (kind === 'aten::addmm') return ['aten.addmm', matmulFlops(tensorShape(node, 'mat1')!, tensorShape(node, 'mat2')!)];
  if (kind === 'aten::baddbmm') return ['aten.baddbmm', matmulFlops(tensorShape(node, 'batch1')!, tensorShape(node, 'batch2')!)];
  if (RECURRENT.has(kind)) {
    // One matrix product per weight matrix (input, hidden, projection) and step.
    const input = tensorShape(node, 'input')!;
    const rows = prod(input.slice(0, -1));
    let flops = 0n;
    for (const p of node.arg('params') as unknown[]) if (Array.isArray(p) && p.length === 2) flops += 2n * rows * BigInt(p[0] as number) * BigInt(p[1] as number);
    return ['aten.mm', flops];
  }
  return null;
}

function count(trace: Trace): ConventionCounts {
  const tree = trace.tree;
  const tally = new Tally(tree);
  for (const node of trace.executed) {
    const flops = opFlops(node);
    if (flops !== null && flops[1] !== 0n) tally.addInclusive(moduleOfNode(node), flops[0], flops[1]);
  }
  return { perModule: tally.perModule, byRule: tally.byRule, params: paramsOf(tree, 0) };
}

/** `FlopCounterMode`, forward. */
export const pytorch: Convention = {
  name: 'pytorch',
  unit: 'FLOPs',
  tool: 'PyTorch FlopCounterMode (torch.utils.flop_counter)',
  source: 'torch/utils/flop_counter.py flop_registry (mm_flop, addmm_flop, bmm_flop, conv_flop); torch/utils/module_tracker.py',
  leavesOut: 'everything but matrix products and convolutions: biases, norms, activations, pools, softmax; parameters (it counts none: the model\'s are shown)',
  count,
};
