// The activations of torch.nn.functional that nn/functional/elementwise.ts does
// not hold, as PyTorch 1.13 traces them: one aten op each (its in-place `_`
// variant with `inplace`), except the ones PyTorch writes in Python
// (softsign: abs, add, div; tanhshrink: tanh, sub; softmin: neg, softmax).
// Also log_softmax, glu, prelu and the alpha dropouts.

import { ACTIVATION_OPS } from '../../core/op_schema.js';
import { ArgumentError, ShapeError } from '../../core/errors.js';
import { normDim } from '../../core/shape.js';
import type { Tensor } from '../../core/tensor.js';
import { add, div, softmax, sub, tanh } from './elementwise.js';
import { abs, neg } from './pointwise.js';
import { exactPart, record, schema, unaryIn } from './util.js';

const GLU = /* @__PURE__ */ schema(ACTIVATION_OPS, 'aten::glu');
const PRELU = /* @__PURE__ */ schema(ACTIVATION_OPS, 'aten::prelu');

/** F.elu(x, alpha=1.0, inplace=False): aten::elu(self, alpha, scale=1, input_scale=1). */
export const elu = (x: Tensor, alpha = 1, inplace = false): Tensor =>
  unaryIn(ACTIVATION_OPS, inplace ? 'aten::elu_' : 'aten::elu', x, { alpha, scale: 1, input_scale: 1 });
/** F.celu(x, alpha=1.0, inplace=False). */
export const celu = (x: Tensor, alpha = 1, inplace = false): Tensor => unaryIn(ACTIVATION_OPS, inplace ? 'aten::celu_' : 'aten::celu', x, { alpha });
/** F.selu(x, inplace=False). */
export const selu = (x: Tensor, inplace = false): Tensor => unaryIn(ACTIVATION_OPS, inplace ? 'aten::selu_' : 'aten::selu', x);
/** F.leaky_relu(x, negative_slope=0.01, inplace=False). */
export const leakyRelu = (x: Tensor, negativeSlope = 0.01, inplace = false): Tensor =>
  unaryIn(ACTIVATION_OPS, inplace ? 'aten::leaky_relu_' : 'aten::leaky_relu', x, { negative_slope: negativeSlope });
/** F.rrelu(x, lower=1/8, upper=1/3, training=False, inplace=False): the same op in both modes. */
export const rrelu = (x: Tensor, lower = 1 / 8, upper = 1 / 3, training = false, inplace = false): Tensor =>
  unaryIn(ACTIVATION_OPS, inplace ? 'aten::rrelu_' : 'aten::rrelu', x, { lower, upper, training, generator: null });
/** F.hardshrink(x, lambd=0.5). */
export const hardshrink = (x: Tensor, lambd = 0.5): Tensor => unaryIn(ACTIVATION_OPS, 'aten::hardshrink', x, { lambd });
/** F.softshrink(x, lambd=0.5). */
export const softshrink = (x: Tensor, lambd = 0.5): Tensor => unaryIn(ACTIVATION_OPS, 'aten::softshrink', x, { lambd });
/** F.logsigmoid(x): aten::log_sigmoid. */
export const logsigmoid = (x: Tensor): Tensor => unaryIn(ACTIVATION_OPS, 'aten::log_sigmoid', x);
/** F.mish(x, inplace=False). */
export const mish = (x: Tensor, inplace = false): Tensor => unaryIn(ACTIVATION_OPS, inplace ? 'aten::mish_' : 'aten::mish', x);
/** F.softplus(x, beta=1, threshold=20). */
export const softplus = (x: Tensor, beta = 1, threshold_ = 20): Tensor => unaryIn(ACTIVATION_OPS, 'aten::softplus', x, { beta, threshold: threshold_ });
/** F.threshold(x, threshold, value, inplace=False). */
export const threshold = (x: Tensor, threshold_: number, value: number, inplace = false): Tensor =>
  unaryIn(ACTIVATION_OPS, inplace ? 'aten::threshold_' : 'aten::threshold', x, { threshold: threshold_, value });
/** F.tanhshrink(x) = `x - x.tanh()`. */
export const tanhshrink = (x: Tensor): Tensor => sub(x, tanh(x));
/** F.softsign(x) = `x / (x.abs() + 1)`. */
export const softsign = (x: Tensor): Tensor => div(x, add(abs(x), 1));

/** PyTorch's legacy implicit softmax dimension (`_get_softmax_dim`): 0 for 0-, 1- and 3-D input, else 1. */
export function implicitSoftmaxDim(rank: number): number {
  return rank === 0 || rank === 1 || rank === 3 ? 0 : 1;
}

/** F.log_softmax(x, dim=None). */
export function logSoftmax(x: Tensor, dim: number | null = null): Tensor {
  const d = dim ?? implicitSoftmaxDim(x.rank);
  normDim('aten::log_softmax', d, x.rank, x.shape);
  return unaryIn(ACTIVATION_OPS, 'aten::log_softmax', x, { dim: d, dtype: null });
}

/** F.softmin(x, dim=None) = `(-x).softmax(dim)`. */
export function softmin(x: Tensor, dim: number | null = null): Tensor {
  return softmax(neg(x), dim ?? implicitSoftmaxDim(x.rank));
}

/** F.glu(x, dim=-1): halves `dim`, which must have an even size. */
export function glu(x: Tensor, dim = -1): Tensor {
  const op = GLU.kind;
  if (x.rank === 0) throw new ShapeError(op, 'glu does not support scalars because halving size must be even', { input: x.shape });
  const d = normDim(op, dim, x.rank, x.shape);
  const n = x.shape[d]!;
  const half = exactPart(op, `dimension ${d}`, n, 2);
  if (half === undefined) throw new ShapeError(op, `halving dimension must be even, but dimension ${d} is size ${n}`, { input: x.shape });
  return record(GLU, { self: x, dim }, x.shape.map((v, i) => (i === d ? half : v)), x.dtype);
}

/** F.prelu(x, weight): one slope, or one per channel (dimension 1). */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  const op = PRELU.kind;
  const channels = x.rank >= 2 ? x.shape[1]! : 1;
  const n = Number(weight.numel());
  if (weight.rank > 1 || (n !== 1 && n !== channels)) {
    throw new ShapeError(op, `mismatch of parameter numbers and input channel size: ${n} parameters, ${channels} channels`, {
      input: x.shape,
      weight: weight.shape,
    });
  }
  return record(PRELU, { self: x, weight }, x.shape, x.dtype);
}

function probability(where: string, p: number): number {
  if (!(typeof p === 'number' && p >= 0 && p <= 1)) throw new ArgumentError(where, 'p', p, 'a probability between 0 and 1');
  return p;
}

/** F.alpha_dropout(x, p=0.5, training=False, inplace=False): recorded in both modes. */
export const alphaDropout = (x: Tensor, p = 0.5, training = false, inplace = false): Tensor =>
  unaryIn(ACTIVATION_OPS, inplace ? 'aten::alpha_dropout_' : 'aten::alpha_dropout', x, { p: probability('alpha_dropout', p), train: training });
/** F.feature_alpha_dropout(x, p=0.5, training=False, inplace=False): recorded in both modes. */
export const featureAlphaDropout = (x: Tensor, p = 0.5, training = false, inplace = false): Tensor =>
  unaryIn(ACTIVATION_OPS, inplace ? 'aten::feature_alpha_dropout_' : 'aten::feature_alpha_dropout', x, {
    p: probability('feature_alpha_dropout', p),
    train: training,
  });
