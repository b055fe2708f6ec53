/**
 * The `full` convention: every op the library can trace has a cost, two
 * FLOPs per multiply-add. Matrix products and convolutions follow PyTorch's
 * `FlopCounterMode` (torch/utils/flop_counter.py) plus the bias adds;
 * elementwise work counts one FLOP per elementary operation of the formula
 * PyTorch documents for the op (an add, a multiply, a compare, an exp, a
 * tanh, an erf each 1). Ops that only move or index memory are in
 * {@link FULL_ZERO_COST_OPS}. `docs/costs.md` lists every rule with its source.
 *
 * @module
 */

import { CounterError } from '../../core/errors.js';
import { concrete, concreteShape, type Shape } from '../../core/shape.js';
import { isExpr } from '../../core/sizes.js';
import type { OpNode } from '../../trace/graph.js';
import type { Trace } from '../../trace/tracer.js';
import { FlopAnalyzer } from '../analyzers.js';
import { einsumFlops, FloatCount, type OpHandle } from '../handles.js';
import { outputShape, tensorShape } from './tally.js';

// ------------------------------------------------------------ shape reading
// `full` costs concrete shapes only (its rules divide, compare and loop over
// sizes): a symbolic size is one SymbolicError naming the op and argument.

/** Elements of a shape, exact. */
function count(shape: readonly number[]): bigint {
  let n = 1n;
  for (const d of shape) n *= BigInt(d);
  return n;
}

function tensorArg(node: OpNode, name: string): readonly number[] {
  const s = tensorShape(node, name);
  if (s === null) throw new CounterError(node.kind, `argument '${name}' is not a tensor`);
  return s;
}

function output(node: OpNode, index = 0): readonly number[] {
  const s = outputShape(node, index);
  if (s === null) throw new CounterError(node.kind, `has no tensor output ${index}`);
  return s;
}

/** Elements of the first output. */
const outCount = (node: OpNode): bigint => count(output(node));

/** `dim` of a node (negative counted from the end), or `fallback` when absent. */
function dimOf(node: OpNode, rank: number, fallback: number): number {
  const d = node.arg('dim');
  const v = typeof d === 'number' ? d : Array.isArray(d) && typeof d[0] === 'number' ? (d[0] as number) : fallback;
  return v < 0 ? v + rank : v;
}

/** The length of `self` along the node's `dim` (softmax, cumsum, sort) and how many such rows there are. */
function rows(node: OpNode, fallbackDim = -1): { rows: bigint; length: bigint } {
  const x = tensorArg(node, 'self');
  if (x.length === 0) return { rows: 1n, length: 1n };
  const length = BigInt(x[dimOf(node, x.length, fallbackDim < 0 ? x.length + fallbackDim : fallbackDim)] ?? 1);
  return { rows: length === 0n ? 0n : count(x) / length, length };
}

/** The number of spatial dimensions an op name ends in (`max_pool2d` -> 2). */
function spatialDims(kind: string): number {
  const m = /(\d)d(_with_indices)?$/.exec(kind);
  return m === null ? 2 : Number(m[1]);
}

/** A kernel size argument (an int or a list) as one size per spatial dimension. */
function kernelOf(node: OpNode): number[] {
  const k = node.arg('kernel_size');
  const n = spatialDims(node.kind);
  if (typeof k === 'number') return new Array<number>(n).fill(k);
  if (Array.isArray(k) && k.every((v) => typeof v === 'number')) return k.length === 1 ? new Array<number>(n).fill(k[0] as number) : (k as number[]);
  throw new CounterError(node.kind, `kernel_size ${String(k)} is not an int or a list of ints`);
}

const product = (xs: readonly number[]): bigint => xs.reduce((p, v) => p * BigInt(v), 1n);

/** ceil(log2(n)) for n >= 1. */
function ceilLog2(n: bigint): bigint {
  let bits = 0n;
  for (let v = n - 1n; v > 0n; v >>= 1n) bits += 1n;
  return bits;
}

/**
 * Sum over the output positions of an adaptive pool of their window sizes:
 * per spatial dimension, PyTorch's window of output j is
 * [floor(j*in/out), ceil((j+1)*in/out)); the sum over all positions is the
 * product of each dimension's sum of window lengths.
 */
function adaptiveWindowTotal(input: readonly number[], out: readonly number[], spatial: number): bigint {
  let total = 1n;
  for (let d = 0; d < spatial; d++) {
    const inLen = BigInt(input[input.length - spatial + d]!);
    const outLen = BigInt(out[out.length - spatial + d]!);
    let sum = 0n;
    for (let j = 0n; j < outLen; j++) sum += ((j + 1n) * inLen + outLen - 1n) / outLen - (j * inLen) / outLen;
    total *= sum;
  }
  return total;
}

// ------------------------------------------------------------ handle makers

/** `perElement` FLOPs per element of the first output. */
function perOutput(perElement: number): OpHandle {
  const k = BigInt(perElement);
  return (node) => k * outCount(node);
}

/** Elementwise binary arithmetic: 1 per output element, 1 more for an `alpha` that is not 1 (`x + alpha * y`). */
const binaryWithAlpha: OpHandle = (node) => {
  const alpha = node.arg('alpha');
  return (alpha === undefined || alpha === null || alpha === 1 ? 1n : 2n) * outCount(node);
};

/** A reduction to the output's elements: one add (or compare) per input element beyond the first of each output. */
const reduceFlops: OpHandle = (node) => {
  const n = count(tensorArg(node, 'self'));
  const out = outCount(node);
  return n > out ? n - out : 0n;
};

/** mean: the adds of the sum, then one divide per output: numel(input). */
const meanFlops: OpHandle = (node) => count(tensorArg(node, 'self'));

/** max/min: elementwise against `other` (1 per output), else a reduction (compares). */
const maxMinFlops: OpHandle = (node) => (node.tensor('other') !== null ? outCount(node) : reduceFlops(node));

/** 2 * (output elements) * (contracted length) for a product whose last input dim is contracted. */
function contracted(node: OpNode, a: readonly number[]): bigint {
  const k = BigInt(a.length === 0 ? 1 : a[a.length - 1]!);
  return 2n * k * outCount(node);
}

/** `beta * self + alpha * (a @ b)` beyond the product: one add per output, one multiply per output for each of alpha, beta that is not 1. */
function scaledProductExtras(node: OpNode): bigint {
  const out = outCount(node);
  const scale = (v: unknown): bigint => (v === undefined || v === null || v === 1 ? 0n : out);
  return out + scale(node.arg('beta')) + scale(node.arg('alpha'));
}

/** An unbatched convolution input (C, *spatial) has one dimension fewer than the weight. */
function convBatch(x: readonly number[], w: readonly number[]): { batch: bigint; lead: number } {
  return x.length === w.length ? { batch: BigInt(x[0]!), lead: 2 } : { batch: 1n, lead: 1 };
}

/**
 * The multiply-adds of a matrix product or convolution, 2 FLOPs each, as
 * PyTorch's FlopCounterMode counts them (no bias, no alpha/beta scaling):
 * mm/matmul/bmm `2 * numel(out) * K`; addmm and baddbmm their product;
 * linear `2 * numel(input) * out_features`; convolution `2 * N *
 * prod(weight) * prod(spatial)` (output spatial, input spatial when
 * transposed); einsum 2 x fvcore's count; bilinear `2 * numel(out) * (I*J + I)`;
 * recurrent layers their gate products. Null for any other op.
 */
export function matrixProductFlops(node: OpNode): bigint | null {
  switch (node.kind) {
    case 'aten::mm':
    case 'aten::matmul':
    case 'aten::bmm':
      return contracted(node, tensorArg(node, 'self'));
    case 'aten::addmm':
      return contracted(node, tensorArg(node, 'mat1'));
    case 'aten::baddbmm':
      return contracted(node, tensorArg(node, 'batch1'));
    case 'aten::linear': {
      const w = tensorArg(node, 'weight');
      return 2n * count(tensorArg(node, 'input')) * BigInt(w.length === 2 ? w[0]! : 1);
    }
    case 'aten::_convolution':
    case 'aten::_convolution_mode': {
      const x = tensorArg(node, 'input');
      const w = tensorArg(node, 'weight');
      const { batch, lead } = convBatch(x, w);
      const spatial = (node.arg('transposed') === true ? x : output(node)).slice(lead);
      return 2n * batch * count(w) * count(spatial);
    }
    case 'aten::einsum': {
      const c = einsumFlops(node);
      return 2n * (c instanceof FloatCount ? c.value : BigInt(c as bigint | number));
    }
    case 'aten::bilinear': {
      const w = tensorArg(node, 'weight');
      const i = BigInt(w[1] ?? 1);
      return 2n * outCount(node) * (i * BigInt(w[2] ?? 1) + i);
    }
    case 'aten::rnn_tanh':
    case 'aten::rnn_relu':
    case 'aten::lstm':
    case 'aten::gru':
      return recurrentLayers(node).reduce((sum, l) => sum + l.steps * (l.inputProduct + l.hiddenProduct + l.projection), 0n);
    default:
      return null;
  }
}

/** Bias adds: one per output element when the op has a bias. */
const biasAdds = (node: OpNode): bigint => (node.tensor('bias') !== null ? outCount(node) : 0n);

/** mm, matmul, bmm: FlopCounterMode's mm_flop/bmm_flop, broadcast batches included. */
const matmulFull: OpHandle = (node) => matrixProductFlops(node)!;
const scaledProductFull: OpHandle = (node) => matrixProductFlops(node)! + scaledProductExtras(node);
/** linear and bilinear: the product, + one add per output element for the bias. */
const productWithBiasFull: OpHandle = (node) => matrixProductFlops(node)! + biasAdds(node);
/** Convolution: FlopCounterMode's conv_flop_count, + one add per output element for the bias. */
const convFull: OpHandle = (node) => ({ conv: matrixProductFlops(node)! + biasAdds(node) });

/** Normalisation with statistics: mean, variance, normalise, scale and shift (fvcore's / DeepSpeed's 5 per element; 4 without the affine weight). */
const normFull: OpHandle = (node) => (node.tensor('weight') !== null ? 5n : 4n) * count(tensorArg(node, 'input'));

/** batch_norm: training as the other norms; eval (running statistics folded into one scale and shift): 2 per element, 1 without weight. */
const batchNormFull: OpHandle = (node) =>
  node.arg('training') === true ? normFull(node) : (node.tensor('weight') !== null ? 2n : 1n) * count(tensorArg(node, 'input'));

/** instance_norm with running statistics in eval (use_input_stats false) folds like batch_norm. */
const instanceNormFull: OpHandle = (node) =>
  node.arg('use_input_stats') === false ? (node.tensor('weight') !== null ? 2n : 1n) * count(tensorArg(node, 'input')) : normFull(node);

/** A p-norm over dims: |x|^p per element, the sum, the root per output: 2 * numel(input). */
const pNormFull: OpHandle = (node) => 2n * count(tensorArg(node, 'self'));

/**
 * Softmax over a row of f: thop's count_softmax (f exps, f-1 adds, f
 * divides: 3f-1) plus the max subtraction of the stable kernel (f-1 compares,
 * f subtractions): 5f-2 per row.
 */
const softmaxFull: OpHandle = (node) => {
  const { rows: r, length: f } = rows(node);
  return f === 0n ? 0n : r * (5n * f - 2n);
};

/** log_softmax: max (f-1), subtract (f), exp (f), sum (f-1), log (1), subtract (f): 5f-1 per row. */
const logSoftmaxFull: OpHandle = (node) => {
  const { rows: r, length: f } = rows(node);
  return f === 0n ? 0n : r * (5n * f - 1n);
};

/** cumsum: n-1 adds per row. */
const cumsumFull: OpHandle = (node) => {
  const { rows: r, length: n } = rows(node, 0);
  return n === 0n ? 0n : r * (n - 1n);
};

/** sort: a comparison sort's n * ceil(log2 n) compares per row. */
const sortFull: OpHandle = (node) => {
  const { rows: r, length: n } = rows(node);
  return r * n * ceilLog2(n);
};

/** topk: a k-heap over the row, n * max(1, ceil(log2 k)) compares per row. */
const topkFull: OpHandle = (node) => {
  const { rows: r, length: n } = rows(node);
  // k may be a traced size (a TracedInt carries its value, a symbolic one an Expr).
  const raw = node.args.k;
  const value = typeof raw === 'number' ? raw : (raw as { value?: unknown } | null)?.value;
  const k = BigInt(typeof value === 'number' ? value : isExpr(value) ? concrete(value, `${node.kind}: k`) : 1);
  const perItem = ceilLog2(k);
  return r * n * (perItem > 1n ? perItem : 1n);
};

/** max pooling: k-1 compares per output element (thop's count_maxpool). */
const maxPoolFull: OpHandle = (node) => (product(kernelOf(node)) - 1n) * outCount(node);

/** avg pooling: k-1 adds and 1 divide per output element (thop's count_avgpool): k per output. */
const avgPoolFull: OpHandle = (node) => product(kernelOf(node)) * outCount(node);

/** adaptive avg pooling: each output's window summed and divided: the window sizes' total. */
const adaptiveAvgFull = (node: OpNode): bigint => {
  const x = tensorArg(node, 'self');
  const out = output(node);
  const spatial = spatialDims(node.kind);
  const lead = count(out.slice(0, out.length - spatial));
  return lead * adaptiveWindowTotal(x, out, spatial);
};

/** adaptive max pooling: window-1 compares per output. */
const adaptiveMaxFull: OpHandle = (node) => adaptiveAvgFull(node) - outCount(node);

/** Interpolation FLOPs per output element by mode: thop's count_upsample (linear 5, bilinear 11, bicubic 259, trilinear 31). */
const INTERPOLATION: Readonly<Record<string, number>> = { linear: 5, bilinear: 11, bicubic: 259, trilinear: 31 };

function upsampleFull(mode: string): OpHandle {
  return perOutput(INTERPOLATION[mode]!);
}

/** grid_sampler: the interpolation of its mode per output element (0 bilinear, 1 nearest, 2 bicubic). */
const gridSamplerFull: OpHandle = (node) => {
  const mode = node.arg('interpolation_mode');
  const perElement = mode === 1 ? 0n : mode === 2 ? BigInt(INTERPOLATION.bicubic!) : BigInt(INTERPOLATION.bilinear!);
  return perElement * outCount(node);
};

/** col2im (F.fold): every column element is added into the image: numel(input). */
const col2imFull: OpHandle = (node) => count(tensorArg(node, 'self'));

/** clamp: one compare per bound given. */
const clampFull: OpHandle = (node) => {
  const bounds = (node.arg('min') === null || node.arg('min') === undefined ? 0n : 1n) + (node.arg('max') === null || node.arg('max') === undefined ? 0n : 1n);
  return bounds * outCount(node);
};

/** div: 1 per element; with a rounding mode (floor, trunc) 2. */
const divFull: OpHandle = (node) => (typeof node.arg('rounding_mode') === 'string' ? 2n : 1n) * outCount(node);

/** gelu: exact (0.5 x (1 + erf(x / sqrt 2)): 5), tanh approximation (0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))): 9). */
const geluFull: OpHandle = (node) => (node.arg('approximate') === 'tanh' ? 9n : 5n) * outCount(node);

/** glu: a * sigmoid(b) on the two halves: sigmoid 4 + multiply 1 per output element. */
const gluFull: OpHandle = perOutput(5);

/** where: one select per output element; the one-argument form (nonzero) moves indices only. */
const whereFull: OpHandle = (node) => (node.outputs[0] === null ? 0n : outCount(node));

/** index_add_: one add per source element (and a multiply by alpha when it is not 1). */
const indexAddFull: OpHandle = (node) => {
  const alpha = node.arg('alpha');
  return (alpha === undefined || alpha === null || alpha === 1 ? 1n : 2n) * count(tensorArg(node, 'source'));
};

/**
 * embedding_bag: every looked-up row element is accumulated (sum, mean) or
 * compared (max) into its bag; mean divides each output element; per-sample
 * weights multiply each looked-up element.
 */
const embeddingBagFull: OpHandle = (node) => {
  const w = tensorArg(node, 'weight');
  const looked = count(tensorArg(node, 'indices')) * BigInt(w[1] ?? 1);
  const mode = node.arg('mode');
  const weighted = node.tensor('per_sample_weights') !== null ? looked : 0n;
  return looked + weighted + (mode === 1 || mode === 'mean' ? outCount(node) : 0n);
};

/** embedding_renorm_: per looked-up row of D, its 2-norm (2D), a compare, and a rescale (D multiplies + 1 divide): 3D + 2. */
const embeddingRenormFull: OpHandle = (node) => {
  const d = BigInt(tensorArg(node, 'self')[1] ?? 1);
  return count(tensorArg(node, 'indices')) * (3n * d + 2n);
};

/** cosine_similarity over D: three dot products (6D - 3), then the clamped norm product, sqrt and divide (4): 6D + 1 per output. */
const cosineFull: OpHandle = (node) => {
  const a = tensorArg(node, 'x1');
  const b = tensorArg(node, 'x2');
  const inputs = count(a) > count(b) ? count(a) : count(b);
  return 6n * inputs + outCount(node);
};

/** pairwise_distance over D: subtract, add eps, |.|^p per element, the sum and the root: 4D per output. */
const pairwiseFull: OpHandle = (node) => {
  const a = count(tensorArg(node, 'x1'));
  const b = count(tensorArg(node, 'x2'));
  return 4n * (a > b ? a : b);
};

/**
 * PyTorch's `_dropout_impl` (aten/src/ATen/native/Dropout.cpp) in training:
 * the noise is drawn (a compare per element), scaled by 1/(1-p), and
 * multiplied in; alpha dropout also shifts the noise (`noise.add(-1)
 * .mul_(alpha*a).add_(alpha)` and `noise.mul_(a)`) and applies it with
 * `input * noise + b`. Feature dropout draws one noise value per channel.
 * Eval (or p = 0): 0.
 */
function dropoutFull(alpha: boolean, feature: boolean): OpHandle {
  return (node) => {
    if (node.arg('train') !== true) return 0n;
    const x = tensorArg(node, 'input');
    const noise = feature ? count(x.slice(0, Math.min(2, x.length))) : count(x);
    return alpha ? 5n * noise + 2n * count(x) : 2n * noise + count(x);
  };
}

/**
 * nn.CrossMapLRN2d as PyTorch runs it (torch/nn/_functions.py,
 * CrossMapLRN2d.forward): square the input, a running sum across channels
 * (one add and one subtract per element), scale by alpha/size and add k,
 * raise to -beta, multiply by the input: 7 per element, whatever the size.
 */
const crossMapLrnFull: OpHandle = perOutput(7);

// ------------------------------------------------------------ recurrent layers

/** Gates per recurrent kind, and the elementwise FLOPs per hidden unit per step after the gate sums. */
const RECURRENT: Readonly<Record<string, { gates: number; perHidden: number }>> = {
  // h' = tanh(.) or relu(.): 1.
  'aten::rnn_tanh': { gates: 1, perHidden: 1 },
  'aten::rnn_relu': { gates: 1, perHidden: 1 },
  // i, f, o sigmoids (3 x 4), tanh(g) 1, c' = f*c + i*g 3, h' = o * tanh(c') 2: 18.
  'aten::lstm': { gates: 4, perHidden: 18 },
  // r, z sigmoids (2 x 4), r * h_n 1, tanh 1, h' = (1 - z) * n + z * h 4: 14.
  'aten::gru': { gates: 3, perHidden: 14 },
};

/** One layer and direction of a recurrent op: its products and elementwise work per step (FLOPs), and its steps. */
export interface RecurrentLayer {
  /** Layer index (0 reads the op's input). */
  readonly layer: number;
  /** Time steps times batch elements: how often each per-step count runs. */
  readonly steps: bigint;
  /** Batch elements (the steps of one time step). */
  readonly batch: bigint;
  /** `2 * G*H * in`: the input's gate product. */
  readonly inputProduct: bigint;
  /** `2 * G*H * H_r`: the hidden state's gate product. */
  readonly hiddenProduct: bigint;
  /** `2 * P * H`: LSTM's projection (0 without proj_size). */
  readonly projection: bigint;
  /** The sum of the two products, both biases and the gates' elementwise work. */
  readonly elementwise: bigint;
  /** Indices in `params` of this layer-direction's tensors. */
  readonly params: readonly number[];
}

/**
 * The layers and directions of aten::rnn_tanh / rnn_relu / lstm / gru: per
 * time step, layer and direction, the two gate products (`2 * G*H * in` and
 * `2 * G*H * H_r`, FlopCounterMode's mm of the decomposed cell), the sum of
 * the two products (G*H adds), both biases (2 * G*H adds), the gates'
 * elementwise work (RECURRENT) and LSTM's projection (2 * P * H). The layer
 * shapes are read from `params` (w_ih, w_hh, [b_ih, b_hh], [w_hr] per layer
 * and direction).
 */
export function recurrentLayers(node: OpNode): RecurrentLayer[] {
  const spec = RECURRENT[node.kind];
  if (spec === undefined) throw new CounterError(node.kind, 'is not a recurrent layer op');
  const x = tensorArg(node, 'input');
  const params = node.arg('params');
  if (!Array.isArray(params)) throw new CounterError(node.kind, 'params is not a list of tensors');
  const layers = Number(node.arg('num_layers') ?? 1);
  const directions = node.arg('bidirectional') === true ? 2 : 1;
  const groups = layers * directions;
  const perGroup = params.length / groups;
  const hasBias = node.arg('has_biases') === true;
  if (!Number.isInteger(perGroup) || perGroup < 2) throw new CounterError(node.kind, `${params.length} params do not split into ${groups} layer-directions`);
  const hasProj = perGroup === (hasBias ? 5 : 3);
  const steps = count(x.slice(0, -1));
  const batch = x.length < 3 ? 1n : BigInt(node.arg('batch_first') === true ? x[0]! : x[1]!);
  const G = BigInt(spec.gates);
  const out: RecurrentLayer[] = [];
  for (let g = 0; g < groups; g++) {
    const first = g * perGroup;
    // Parameters: concrete (their shapes come from the layer's constructor).
    const wIh = concreteShape(params[first] as Shape, `${node.kind}: params`);
    const wHh = concreteShape(params[first + 1] as Shape, `${node.kind}: params`);
    const gateRows = BigInt(wIh[0]!);
    const wHr = hasProj ? concreteShape(params[first + perGroup - 1] as Shape, `${node.kind}: params`) : null;
    out.push({
      layer: Math.floor(g / directions),
      steps,
      batch,
      inputProduct: 2n * gateRows * BigInt(wIh[1]!),
      hiddenProduct: 2n * gateRows * BigInt(wHh[1]!),
      projection: wHr === null ? 0n : 2n * BigInt(wHr[0]!) * BigInt(wHr[1]!),
      elementwise: gateRows + (hasBias ? 2n * gateRows : 0n) + BigInt(spec.perHidden) * (gateRows / G),
      params: Array.from({ length: perGroup }, (_, i) => first + i),
    });
  }
  return out;
}

/** A recurrent op's FLOPs: per layer-direction, steps x (products + elementwise work). */
const recurrentFull: OpHandle = (node) =>
  recurrentLayers(node).reduce((sum, l) => sum + l.steps * (l.inputProduct + l.hiddenProduct + l.projection + l.elementwise), 0n);

// ------------------------------------------------------------ the tables

/**
 * Activations and other unary functions: FLOPs per output element, counting
 * each elementary operation of the formula PyTorch documents for the op once
 * (add, multiply, divide, compare, exp, log, tanh, erf, sqrt: 1 each).
 */
const UNARY: Readonly<Record<string, number>> = {
  // max(0, x): one compare.
  relu: 1,
  // min(max(x, lo), hi): two compares.
  hardtanh: 2,
  // x if x > 0 else slope * x: compare, multiply (PReLU and RReLU alike).
  leaky_relu: 2,
  prelu: 2,
  rrelu: 2,
  // x if x > threshold else value: one compare.
  threshold: 1,
  // x if |x| > lambda else 0: abs, compare.
  hardshrink: 2,
  // x - lambda, x + lambda or 0: two compares, one add.
  softshrink: 3,
  // x if x > 0 else alpha * (exp(x) - 1): compare, exp, subtract, multiply.
  elu: 4,
  // max(0, x) + min(0, alpha * (exp(x / alpha) - 1)): compare, divide, exp, subtract, multiply.
  celu: 5,
  // scale * elu(x): elu 4 + multiply.
  selu: 5,
  // 1 / (1 + exp(-x)): negate, exp, add, divide.
  sigmoid: 4,
  // x * sigmoid(x).
  silu: 5,
  // relu6(x + 3) / 6: add, two compares, divide.
  hardsigmoid: 4,
  // x * hardsigmoid(x).
  hardswish: 5,
  // -log(1 + exp(-x)): negate, exp, add, log, negate.
  log_sigmoid: 5,
  // 1/beta * log(1 + exp(beta * x)), linear above the threshold: multiply, compare, exp, add, log, divide.
  softplus: 6,
  // x * tanh(softplus(x)) with beta 1: compare, exp, add, log (4), tanh, multiply.
  mish: 6,
  // One primitive each.
  tanh: 1,
  exp: 1,
  log: 1,
  sqrt: 1,
  rsqrt: 1,
  reciprocal: 1,
  erf: 1,
  sin: 1,
  cos: 1,
  neg: 1,
  abs: 1,
  sign: 1,
  floor: 1,
  round: 1,
  // A uniform draw compared with p.
  bernoulli_: 1,
  // clamp(x, min=m): one compare.
  clamp_min: 1,
};

/** Binary elementwise ops: one FLOP per output element (DeepSpeed's `_elementwise_flops_compute`: the broadcast numel). */
const BINARY = ['mul', 'mul_', 'pow', 'remainder', 'floor_divide', 'eq', 'ne', 'gt', 'lt', 'le', 'ge', 'logical_or', 'bitwise_or_', 'masked_fill', 'masked_fill_'] as const;

const unaryEntries = Object.entries(UNARY).flatMap(([name, k]) => {
  const h = perOutput(k);
  const names = [`aten::${name}`];
  // The in-place form costs what the op costs.
  if (!name.endsWith('_')) names.push(`aten::${name}_`);
  return names.map((n) => [n, h] as const);
});

/**
 * The `full` convention's handles by op name: every op that costs FLOPs,
 * two per multiply-add (PyTorch's FlopCounterMode for matrix products and
 * convolutions, plus bias adds), one per elementary elementwise operation.
 * Set them on an analyzer with `setOpHandle`, or use {@link fullFlopAnalyzer}.
 * Ops not here cost nothing and are listed in {@link FULL_ZERO_COST_OPS}.
 */
export const FULL_FLOP_HANDLES: Readonly<Record<string, OpHandle>> = Object.freeze({
  ...Object.fromEntries(unaryEntries),
  // Matrix products and convolutions.
  'aten::_convolution': convFull,
  // String padding ('same', 'valid'): nn's own schema (nn/functional/conv.ts).
  'aten::_convolution_mode': convFull,
  'aten::linear': productWithBiasFull,
  'aten::matmul': matmulFull,
  'aten::mm': matmulFull,
  'aten::bmm': matmulFull,
  'aten::addmm': scaledProductFull,
  'aten::baddbmm': scaledProductFull,
  'aten::einsum': matmulFull,
  'aten::bilinear': productWithBiasFull,
  // Normalisation and norms.
  'aten::batch_norm': batchNormFull,
  'aten::instance_norm': instanceNormFull,
  'aten::layer_norm': normFull,
  'aten::group_norm': normFull,
  'aten::norm': pNormFull,
  'aten::frobenius_norm': pNormFull,
  'aten::cosine_similarity': cosineFull,
  'aten::pairwise_distance': pairwiseFull,
  // Pooling and resampling.
  'aten::max_pool1d': maxPoolFull,
  'aten::max_pool2d': maxPoolFull,
  'aten::max_pool3d': maxPoolFull,
  'aten::max_pool1d_with_indices': maxPoolFull,
  'aten::max_pool2d_with_indices': maxPoolFull,
  'aten::max_pool3d_with_indices': maxPoolFull,
  'aten::avg_pool1d': avgPoolFull,
  'aten::avg_pool2d': avgPoolFull,
  'aten::avg_pool3d': avgPoolFull,
  'aten::adaptive_avg_pool1d': adaptiveAvgFull,
  'aten::adaptive_avg_pool2d': adaptiveAvgFull,
  'aten::adaptive_avg_pool3d': adaptiveAvgFull,
  'aten::adaptive_max_pool1d': adaptiveMaxFull,
  'aten::adaptive_max_pool2d': adaptiveMaxFull,
  'aten::adaptive_max_pool3d': adaptiveMaxFull,
  'aten::upsample_linear1d': upsampleFull('linear'),
  'aten::upsample_bilinear2d': upsampleFull('bilinear'),
  'aten::upsample_bicubic2d': upsampleFull('bicubic'),
  'aten::upsample_trilinear3d': upsampleFull('trilinear'),
  'aten::grid_sampler': gridSamplerFull,
  'aten::col2im': col2imFull,
  // Elementwise arithmetic.
  'aten::add': binaryWithAlpha,
  'aten::add_': binaryWithAlpha,
  'aten::sub': binaryWithAlpha,
  'aten::rsub': binaryWithAlpha,
  ...Object.fromEntries(BINARY.map((name) => [`aten::${name}`, perOutput(1)])),
  'aten::div': divFull,
  'aten::div_': divFull,
  'aten::where': whereFull,
  'aten::clamp': clampFull,
  'aten::clamp_': clampFull,
  'aten::max': maxMinFlops,
  'aten::min': maxMinFlops,
  'aten::index_add_': indexAddFull,
  // Activations with their own shape of cost.
  'aten::gelu': geluFull,
  'aten::glu': gluFull,
  'aten::softmax': softmaxFull,
  'aten::log_softmax': logSoftmaxFull,
  'aten::dropout': dropoutFull(false, false),
  'aten::dropout_': dropoutFull(false, false),
  'aten::feature_dropout': dropoutFull(false, true),
  'aten::feature_dropout_': dropoutFull(false, true),
  'aten::alpha_dropout': dropoutFull(true, false),
  'aten::alpha_dropout_': dropoutFull(true, false),
  'aten::feature_alpha_dropout': dropoutFull(true, true),
  'aten::feature_alpha_dropout_': dropoutFull(true, true),
  // Reductions, scans and selection.
  'aten::sum': reduceFlops,
  'aten::mean': meanFlops,
  'aten::amax': reduceFlops,
  'aten::argmax': reduceFlops,
  'aten::argmin': reduceFlops,
  'aten::cumsum': cumsumFull,
  'aten::sort': sortFull,
  'aten::topk': topkFull,
  // Recurrent layers.
  'aten::rnn_tanh': recurrentFull,
  'aten::rnn_relu': recurrentFull,
  'aten::lstm': recurrentFull,
  'aten::gru': recurrentFull,
  // nn.CrossMapLRN2d's autograd Function (nn/functional/norm.ts).
  'prim::PythonOp.CrossMapLRN2d': crossMapLrnFull,
  // Lookups that accumulate.
  'aten::embedding_bag': embeddingBagFull,
  'aten::embedding_renorm_': embeddingRenormFull,
});

/**
 * Ops that cost no FLOPs under `full`: views and reshapes, joins and splits,
 * indexing, gathers and scatters, copies, dtype conversions, constructors,
 * padding, nearest-neighbour upsampling (thop: "nearest just copies values"),
 * embedding lookups, and the tracer's size reads and int conversions.
 * Dropout is not here: it costs FLOPs in training (and 0 in eval, by its handle).
 */
export const FULL_ZERO_COST_OPS: ReadonlySet<string> = new Set([
  // Views, reshapes and layout.
  'aten::reshape', 'aten::view', 'aten::flatten', 'aten::unflatten', 'aten::permute', 'aten::transpose', 'aten::t',
  'aten::contiguous', 'aten::squeeze', 'aten::squeeze_', 'aten::unsqueeze', 'aten::unsqueeze_', 'aten::expand', 'aten::expand_as',
  'aten::select', 'aten::slice', 'aten::narrow', 'aten::detach', 'aten::to', 'aten::type_as', 'aten::clone',
  'aten::pixel_shuffle', 'aten::pixel_unshuffle', 'aten::channel_shuffle', 'aten::flip', 'aten::roll',
  // Joins and splits.
  'aten::cat', 'aten::stack', 'aten::split', 'aten::split_with_sizes', 'aten::chunk', 'aten::unsafe_chunk', 'aten::unbind',
  'aten::tensor_split', 'aten::repeat', 'aten::repeat_interleave',
  // Indexing, gathers and scatters, lookups.
  'aten::index', 'aten::gather', 'aten::index_select', 'aten::embedding', 'aten::one_hot', 'aten::max_unpool2d', 'aten::max_unpool3d',
  'aten::im2col', 'aten::triu', 'aten::tril',
  // Padding and nearest-neighbour resampling (copies).
  'aten::constant_pad_nd', 'aten::pad', 'aten::upsample_nearest1d', 'aten::upsample_nearest2d', 'aten::upsample_nearest3d',
  // Constructors and writes of constants or copies.
  'aten::zeros', 'aten::ones', 'aten::empty', 'aten::full', 'aten::arange', 'aten::linspace', 'aten::new_zeros',
  'aten::zeros_like', 'aten::ones_like', 'aten::full_like', 'aten::fill_', 'aten::zero_', 'aten::copy_',
  // Sizes while tracing and the tracer's conversions.
  'aten::size', 'aten::numel', 'aten::Int', 'aten::Float', 'aten::ScalarImplicit',
]);

/**
 * A {@link FlopAnalyzer} of `trace` that counts with the `full` convention:
 * {@link FULL_FLOP_HANDLES} set, {@link FULL_ZERO_COST_OPS} ignored. Any op
 * with neither (one of your own) is reported by `unsupportedOps()`.
 */
export function fullFlopAnalyzer(trace: Trace): FlopAnalyzer {
  const analyzer = FlopAnalyzer.fromTrace(trace);
  for (const [op, handle] of Object.entries(FULL_FLOP_HANDLES)) analyzer.setOpHandle(op, handle);
  for (const op of FULL_ZERO_COST_OPS) analyzer.setOpHandle(op, null);
  return analyzer;
}

/** The op kinds of `trace` that have no rule under `full` (neither a handle nor zero cost), with how often each ran. */
export function opsWithoutFullRule(trace: { readonly nodes: readonly OpNode[] }): Map<string, number> {
  const missing = new Map<string, number>();
  for (const node of trace.nodes) {
    if (Object.hasOwn(FULL_FLOP_HANDLES, node.kind) || FULL_ZERO_COST_OPS.has(node.kind)) continue;
    missing.set(node.kind, (missing.get(node.kind) ?? 0) + 1);
  }
  return missing;
}
