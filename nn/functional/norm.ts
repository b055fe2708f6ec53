// Normalisations. The counters need to know whether a weight is present
// (affine) and, for batch norm, whether batch statistics are used.

import { BATCH_NORM_OPS, NORM_OPS } from '../../core/op_schema.js';
import { ArgumentError, ShapeError } from '../../core/errors.js';
import { OpSchema } from '../../core/op_schema.js';
import { concrete, type Shape } from '../../core/shape.js';
import { isExpr } from '../../core/sizes.js';
import { checkTensor, type Tensor, type TracedInt } from '../../core/tensor.js';
import { add, clampMin, div, mul, pow, reducedShape } from './elementwise.js';
import { avgPoolNd } from './pool.js';
import { expandAs, pad, squeeze, unsqueeze, view } from './shape_ops.js';
import { floatArg, intArg, record, schema } from './util.js';

const BATCH_NORM = /* @__PURE__ */ schema(BATCH_NORM_OPS, 'aten::batch_norm');
const INSTANCE_NORM = /* @__PURE__ */ schema(BATCH_NORM_OPS, 'aten::instance_norm');
const LAYER_NORM = /* @__PURE__ */ schema(NORM_OPS, 'aten::layer_norm');
const GROUP_NORM = /* @__PURE__ */ schema(NORM_OPS, 'aten::group_norm');
const NORM = /* @__PURE__ */ schema(NORM_OPS, 'aten::norm.ScalarOpt_dim');
const FROBENIUS_NORM = /* @__PURE__ */ schema(NORM_OPS, 'aten::frobenius_norm');

function expectChannels(op: string, x: Tensor): void {
  if (x.rank < 2) throw new ShapeError(op, `expected at least 2-D input (N, C, ...), got ${x.rank}-D`, { input: x.shape });
}

/** A given per-channel tensor (weight, bias, a running statistic) must be 1-D with one element per channel. */
function expectPerChannel(op: string, x: Tensor, name: string, t: Tensor | null): void {
  const n = x.shape[1]!;
  if (t !== null && (t.rank !== 1 || t.shape[0] !== n)) {
    throw new ShapeError(op, `expected ${name} to be 1-D with ${n} elements, one per channel`, { input: x.shape, [name]: t.shape });
  }
}

/** Whether `shape` is exactly `want`. */
function isShape(shape: Shape, want: Shape): boolean {
  if (shape.length !== want.length) return false;
  for (let i = 0; i < want.length; i++) if (shape[i] !== want[i]) return false;
  return true;
}

/** `training` selects batch statistics; the op's flag also covers missing running stats. */
export function batchNorm(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  training = false,
): Tensor {
  const op = 'aten::batch_norm';
  expectChannels(op, x);
  expectPerChannel(op, x, 'weight', weight);
  expectPerChannel(op, x, 'bias', bias);
  expectPerChannel(op, x, 'running_mean', runningMean);
  expectPerChannel(op, x, 'running_var', runningVar);
  if (!training && (runningMean === null || runningVar === null)) {
    throw new ArgumentError('batch_norm', 'running_mean/running_var', null, 'tensors when training is False (evaluation mode uses the running statistics)');
  }
  return record(BATCH_NORM, { input: x, weight, bias, running_mean: runningMean, running_var: runningVar, training }, x.shape, x.dtype);
}

/** `F.instance_norm(x, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True)` on `(N, C, *)`: same shape and dtype; per-channel tensors 1-D of size C. Records aten::instance_norm. */
export function instanceNorm(
  x: Tensor,
  runningMean: Tensor | null = null,
  runningVar: Tensor | null = null,
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  useInputStats = true,
): Tensor {
  const op = 'aten::instance_norm';
  expectChannels(op, x);
  expectPerChannel(op, x, 'weight', weight);
  expectPerChannel(op, x, 'bias', bias);
  expectPerChannel(op, x, 'running_mean', runningMean);
  expectPerChannel(op, x, 'running_var', runningVar);
  if (!useInputStats && (runningMean === null || runningVar === null)) {
    throw new ArgumentError('instance_norm', 'running_mean/running_var', null, 'tensors when use_input_stats is False');
  }
  return record(
    INSTANCE_NORM,
    { input: x, weight, bias, running_mean: runningMean, running_var: runningVar, use_input_stats: useInputStats },
    x.shape,
    x.dtype,
  );
}

/** `F.layer_norm(x, normalized_shape, weight=None, bias=None)` (eps not traced): `x`'s last dimensions must be `normalizedShape`; same shape and dtype. Records aten::layer_norm. */
export function layerNorm(x: Tensor, normalizedShape: Shape, weight: Tensor | null = null, bias: Tensor | null = null): Tensor {
  const op = 'aten::layer_norm';
  let valid = Array.isArray(normalizedShape) && normalizedShape.length > 0;
  for (let i = 0; valid && i < normalizedShape.length; i++) {
    // It fixes the weight's shape: a symbolic size there is a SymbolicError, not a wrong type.
    const d = normalizedShape[i];
    if (isExpr(d)) concrete(d, 'layer_norm: normalized_shape');
    valid = typeof d === 'number' && Number.isSafeInteger(d) && d >= 1;
  }
  if (!valid) throw new ArgumentError('layer_norm', 'normalized_shape', normalizedShape, 'a non-empty list of positive integers');
  const n = normalizedShape.length;
  let fits = x.rank >= n;
  for (let i = 0; fits && i < n; i++) fits = x.shape[x.rank - n + i] === normalizedShape[i];
  if (!fits) {
    throw new ShapeError(op, `input's last dimensions must be ${'[' + normalizedShape.join(',') + ']'}`, { input: x.shape });
  }
  if (weight !== null && !isShape(weight.shape, normalizedShape)) {
    throw new ShapeError(op, `expected weight of shape normalized_shape ${'[' + normalizedShape.join(',') + ']'}`, { input: x.shape, weight: weight.shape });
  }
  if (bias !== null && !isShape(bias.shape, normalizedShape)) {
    throw new ShapeError(op, `expected bias of shape normalized_shape ${'[' + normalizedShape.join(',') + ']'}`, { input: x.shape, bias: bias.shape });
  }
  return record(LAYER_NORM, { input: x, normalized_shape: normalizedShape, weight, bias }, x.shape, x.dtype);
}

/** `F.group_norm(x, num_groups, weight=None, bias=None)` on `(N, C, *)`, C divisible by `numGroups`: same shape and dtype. Records aten::group_norm. */
export function groupNorm(x: Tensor, numGroups: number, weight: Tensor | null = null, bias: Tensor | null = null): Tensor {
  const op = 'aten::group_norm';
  intArg('group_norm', 'num_groups', numGroups, 1);
  expectChannels(op, x);
  expectPerChannel(op, x, 'weight', weight);
  expectPerChannel(op, x, 'bias', bias);
  if (concrete(x.shape[1]!, `${op}: the channels`) % numGroups !== 0) {
    throw new ShapeError(op, `${x.shape[1]} channels do not split into ${numGroups} groups`, { input: x.shape });
  }
  return record(GROUP_NORM, { input: x, num_groups: numGroups, weight, bias }, x.shape, x.dtype);
}

/**
 * `torch.norm(x, p='fro', dim=None, keepdim=False)` / `x.norm(...)` as PyTorch
 * 1.13 traces it: the default `'fro'` is aten::frobenius_norm (over every
 * dimension, or at most two given ones); a number `p` (2, 1, Infinity, ...) is
 * aten::norm over `dim` (every dimension when none is given). `'nuc'` is not
 * traced by flopscope. The input is floating point, as PyTorch requires.
 */
export function norm(x: Tensor, p: number | 'fro' = 'fro', dim: number | readonly number[] | null = null, keepdim = false): Tensor {
  const fro = p === 'fro';
  const op = fro ? 'aten::frobenius_norm' : 'aten::norm';
  checkTensor(op, x);
  if (!fro && typeof p !== 'number') throw new ArgumentError('norm', 'p', p, "'fro' or a number (flopscope does not trace 'nuc')");
  if (x.dtype !== 'float32' && x.dtype !== 'float64' && x.dtype !== 'float16' && x.dtype !== 'bfloat16') {
    throw new ArgumentError(op, 'self', `a ${x.dtype} tensor`, 'a floating point tensor');
  }
  const dims = dim === null ? (fro ? [] : x.shape.map((_, i) => i)) : typeof dim === 'number' ? [dim] : dim;
  if (fro && dims.length > 2) throw new ShapeError(op, `Expected at most 2 dimensions, but got ${dims.length} dimensions instead`, { input: x.shape });
  const shape = reducedShape(op, x, dims, keepdim);
  return fro ? record(FROBENIUS_NORM, { self: x, dim: dims, keepdim }, shape, x.dtype) : record(NORM, { self: x, p, dim: dims, keepdim }, shape, x.dtype);
}

/**
 * `F.normalize(x, p, dim, eps)` as PyTorch 1.13 runs it:
 * `x / x.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(x)`.
 */
export function normalize(x: Tensor, dim = 1, p = 2, eps = 1e-12): Tensor {
  const denom = expandAs(clampMin(norm(x, p, dim, true), eps), x);
  return div(x, denom);
}

/**
 * `F.local_response_norm(x, size, alpha, beta, k)` as PyTorch 1.13 writes it:
 * `x / (k + alpha * avg_pool(pad(x * x)) over size channels) ** beta`. 3-D
 * input pools with avg_pool2d; 4-D and more view the input as 5-D (traced
 * sizes) and pool with avg_pool3d.
 */
export function localResponseNorm(x: Tensor, size: number, alpha = 1e-4, beta = 0.75, k = 1): Tensor {
  intArg('local_response_norm', 'size', size, 1);
  floatArg('local_response_norm', 'alpha', alpha);
  floatArg('local_response_norm', 'beta', beta);
  floatArg('local_response_norm', 'k', k);
  if (x.rank < 3) {
    throw new ShapeError('local_response_norm', `expected 3D or higher dimensionality input (got ${x.rank} dimensions)`, { input: x.shape });
  }
  const before = Math.floor(size / 2);
  const after = Math.floor((size - 1) / 2);
  let d = unsqueeze(mul(x, x), 1);
  if (x.rank === 3) {
    d = pad(d, [0, 0, before, after]);
    d = squeeze(avgPoolNd(2, d, [size, 1], 1), 1);
  } else {
    const sizes = x.size() as TracedInt[];
    d = view(d, [sizes[0]!, 1, sizes[1]!, sizes[2]!, -1]);
    d = pad(d, [0, 0, 0, 0, before, after]);
    d = squeeze(avgPoolNd(3, d, [size, 1, 1], 1), 1);
    d = view(d, sizes);
  }
  d = pow(add(mul(d, alpha), k), beta);
  return div(x, d);
}

/**
 * The schema of a `torch.autograd.Function` call, which the reference's trace
 * shows as one `prim::PythonOp` node; the analyzers name it
 * `prim::PythonOp.<Function name>`, which is this schema's recorded name (not
 * an overload of prim::PythonOp).
 */
class PythonOpSchema extends OpSchema {
  override readonly kind: string;
  constructor(name: string, line: string) {
    super(name, line);
    this.kind = name;
  }
}

const CROSS_MAP_LRN2D = new PythonOpSchema('prim::PythonOp.CrossMapLRN2d', 'input:T');

/**
 * nn.CrossMapLRN2d's autograd Function (`_cross_map_lrn2d.apply`) on 4-D
 * input: one `prim::PythonOp.CrossMapLRN2d` node, which no counter handles.
 */
export function crossMapLrn2d(x: Tensor, size: number, alpha = 1e-4, beta = 0.75, k = 1): Tensor {
  intArg('CrossMapLRN2d', 'size', size, 1);
  floatArg('CrossMapLRN2d', 'alpha', alpha);
  floatArg('CrossMapLRN2d', 'beta', beta);
  floatArg('CrossMapLRN2d', 'k', k);
  if (x.rank !== 4) {
    throw new ShapeError('CrossMapLRN2d', `expected 4D input (got ${x.rank}D input)`, { input: x.shape });
  }
  return record(CROSS_MAP_LRN2D, { input: x }, x.shape, x.dtype);
}
