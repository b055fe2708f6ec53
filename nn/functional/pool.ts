// Pooling: max and average windows, adaptive averages and maxima.

import { MAX_POOL_OPS, POOL_OPS, TENSOR_FUNCTION_OPS, type OpIn } from '../../core/op_schema.js';
import { ArgumentError, ShapeError } from '../../core/errors.js';
import { type Dim, poolOutLength, pyTuple } from '../../core/shape.js';
import { intValue, TracedInt, type IntLike, type Tensor } from '../../core/tensor.js';
import { mul, pow, relu } from './elementwise.js';
import { squeeze, unsqueeze } from './shape_ops.js';
import { dimAdd, dimSub, expectPositive, intList, record, recordMany, schema, sizeAtLeast, unaryIn } from './util.js';

type IntOrList = number | readonly number[];
/** An adaptive pool's `output_size`: an int, or one entry per spatial dimension (null keeps the input's size). */
export type AdaptiveOutputSize = number | readonly (IntLike | null)[];

function expectSpatialRank(op: string, x: Tensor, spatial: number): void {
  if (x.rank !== spatial + 1 && x.rank !== spatial + 2) {
    throw new ShapeError(op, `expected ${spatial + 1}-D or ${spatial + 2}-D input, got ${x.rank}-D`, { input: x.shape });
  }
}

/** A pooling window's kernel, stride, padding and dilation, checked and expanded. */
export interface PoolWindow {
  readonly kernel: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly dilation: number[];
}

/**
 * Checks a pooling window's arguments as PyTorch 1.13 does: each an int or a
 * list of one or `spatial` ints, kernel, stride and dilation positive, padding
 * non-negative and at most half the kernel size. A null or empty stride is
 * the kernel size.
 */
export function poolWindow(where: string, spatial: number, kernel: unknown, stride: unknown, padding: unknown, dilation: unknown): PoolWindow {
  const k = intList(where, 'kernel_size', kernel, spatial, 1, true);
  const s = stride === null || stride === undefined || (Array.isArray(stride) && stride.length === 0) ? k : intList(where, 'stride', stride, spatial, 1, true);
  const p = intList(where, 'padding', padding, spatial, 0, true);
  const d = intList(where, 'dilation', dilation, spatial, 1, true);
  for (let i = 0; i < spatial; i++) {
    if (p[i]! * 2 > k[i]!) {
      throw new ArgumentError(where, 'padding', padding, `at most half of kernel_size ${pyTuple(k)}`);
    }
  }
  return { kernel: k, stride: s, padding: p, dilation: d };
}

function windowShape(
  op: string,
  x: Tensor,
  spatial: number,
  kernel: IntOrList,
  stride: IntOrList | null,
  padding: IntOrList,
  dilation: IntOrList,
  ceilMode: boolean,
): Dim[] {
  const w = poolWindow(op, spatial, kernel, stride, padding, dilation);
  expectSpatialRank(op, x, spatial);
  const lead = x.rank - spatial;
  const shape = x.shape.slice(0, lead);
  for (let i = 0; i < spatial; i++) {
    shape.push(poolOutLength(x.shape[lead + i]!, w.kernel[i]!, w.stride[i]!, w.padding[i]!, w.dilation[i]!, ceilMode, op));
  }
  expectPositive(op, shape, { input: x.shape });
  return shape;
}

/** Max pooling over the last `spatial` dimensions (`F.max_pool{1,2,3}d`): stride defaults to the kernel, padding 0, dilation 1, ceil_mode False; same leading dimensions and dtype. Records aten::max_pool{1,2,3}d. */
export function maxPoolNd(
  spatial: number,
  x: Tensor,
  kernel: IntOrList,
  stride: IntOrList | null = null,
  padding: IntOrList = 0,
  dilation: IntOrList = 1,
  ceilMode = false,
): Tensor {
  const op = schema(MAX_POOL_OPS, `aten::max_pool${spatial}d` as OpIn<typeof MAX_POOL_OPS>);
  const shape = windowShape(op.kind, x, spatial, kernel, stride, padding, dilation, ceilMode);
  return record(op, { self: x, kernel_size: kernel, stride, padding, dilation, ceil_mode: ceilMode }, shape, x.dtype);
}

/** Max pooling that also returns the indices of the maxima (`return_indices=True`): aten::max_pool{1,2,3}d_with_indices. */
export function maxPoolNdWithIndices(
  spatial: number,
  x: Tensor,
  kernel: IntOrList,
  stride: IntOrList | null = null,
  padding: IntOrList = 0,
  dilation: IntOrList = 1,
  ceilMode = false,
): [Tensor, Tensor] {
  const op = schema(MAX_POOL_OPS, `aten::max_pool${spatial}d_with_indices` as OpIn<typeof MAX_POOL_OPS>);
  const shape = windowShape(op.kind, x, spatial, kernel, stride, padding, dilation, ceilMode);
  const [values, indices] = recordMany(op, { self: x, kernel_size: kernel, stride, padding, dilation, ceil_mode: ceilMode }, [shape, shape], x.dtype);
  return [values!, indices!];
}

/** Average pooling over the last `spatial` dimensions (`F.avg_pool{1,2,3}d`): stride defaults to the kernel, padding 0, ceil_mode False, count_include_pad True, divisor_override None (not passed for 1-D). Records aten::avg_pool{1,2,3}d. */
export function avgPoolNd(
  spatial: number,
  x: Tensor,
  kernel: IntOrList,
  stride: IntOrList | null = null,
  padding: IntOrList = 0,
  ceilMode = false,
  countIncludePad = true,
  divisorOverride: number | null = null,
): Tensor {
  const op = schema(POOL_OPS, `aten::avg_pool${spatial}d` as OpIn<typeof POOL_OPS>);
  const shape = windowShape(op.kind, x, spatial, kernel, stride, padding, 1, ceilMode);
  if (divisorOverride !== null && !(Number.isSafeInteger(divisorOverride) && divisorOverride !== 0)) {
    throw new ArgumentError(op.kind, 'divisor_override', divisorOverride, 'a non-zero integer or None');
  }
  const args = { self: x, kernel_size: kernel, stride, padding, ceil_mode: ceilMode, count_include_pad: countIncludePad };
  return record(op, spatial === 1 ? args : { ...args, divisor_override: divisorOverride }, shape, x.dtype);
}

/**
 * Checks an adaptive pool's `output_size`: a positive integer, or a list of
 * `spatial` entries, each a positive integer or null (keep the input's size).
 */
export function adaptiveSizes(where: string, spatial: number, outputSize: unknown): (number | null)[] {
  if (typeof outputSize === 'number') return intList(where, 'output_size', outputSize, spatial, 1);
  if (Array.isArray(outputSize) && outputSize.length === spatial) {
    const sizes: (number | null)[] = [];
    for (const v of outputSize as unknown[]) {
      const n = v instanceof TracedInt ? v.value : v;
      if (n === null || (typeof n === 'number' && Number.isSafeInteger(n) && n >= 1)) sizes.push(n);
    }
    if (sizes.length === spatial) return sizes;
  }
  const list = spatial === 1 ? 'a list of 1' : `a list of ${spatial} positive integers or None`;
  throw new ArgumentError(where, 'output_size', outputSize, `a positive integer or ${list}`);
}

/** `outputSize` entries that are null keep the input's size, as in PyTorch. */
export function adaptiveOutputShape(op: string, x: Tensor, spatial: number, outputSize: AdaptiveOutputSize): Dim[] {
  const sizes = adaptiveSizes(op, spatial, outputSize);
  expectSpatialRank(op, x, spatial);
  const lead = x.rank - spatial;
  const shape = x.shape.slice(0, lead);
  for (let i = 0; i < spatial; i++) shape.push(sizes[i] ?? x.shape[lead + i]!);
  return shape;
}

/**
 * PyTorch's `_list_with_default(output_size, input.size())`: a null entry is
 * the input's traced size there (aten::size, then aten::Int where the op reads it).
 */
function adaptiveArg(x: Tensor, spatial: number, outputSize: AdaptiveOutputSize): AdaptiveOutputSize {
  if (typeof outputSize === 'number' || !outputSize.includes(null) || x.rank < spatial) return outputSize;
  const sizes = x.size();
  const lead = x.rank - spatial;
  return outputSize.map((v, i) => v ?? sizes[lead + i]!);
}

/** `F.adaptive_avg_pool{1,2,3}d(x, output_size)`: the last `spatial` sizes become `outputSize` (null entries keep the input's). Records aten::adaptive_avg_pool{1,2,3}d. */
export function adaptiveAvgPoolNd(spatial: number, x: Tensor, outputSize: AdaptiveOutputSize): Tensor {
  const op = schema(POOL_OPS, `aten::adaptive_avg_pool${spatial}d` as OpIn<typeof POOL_OPS>);
  const shape = adaptiveOutputShape(op.kind, x, spatial, outputSize);
  return record(op, { self: x, output_size: adaptiveArg(x, spatial, outputSize) }, shape, x.dtype);
}

/** Adaptive max pooling: the values and the indices of the maxima (both are outputs of the one op). */
export function adaptiveMaxPoolNdWithIndices(spatial: number, x: Tensor, outputSize: AdaptiveOutputSize): [Tensor, Tensor] {
  const op = schema(POOL_OPS, `aten::adaptive_max_pool${spatial}d` as OpIn<typeof POOL_OPS>);
  const shape = adaptiveOutputShape(op.kind, x, spatial, outputSize);
  const [values, indices] = recordMany(op, { self: x, output_size: adaptiveArg(x, spatial, outputSize) }, [shape, shape], x.dtype);
  return [values!, indices!];
}

/** `F.adaptive_max_pool{1,2,3}d(x, output_size)`: the values only (return_indices=False). Records aten::adaptive_max_pool{1,2,3}d. */
export function adaptiveMaxPoolNd(spatial: number, x: Tensor, outputSize: AdaptiveOutputSize): Tensor {
  return adaptiveMaxPoolNdWithIndices(spatial, x, outputSize)[0];
}

const sign = (x: Tensor): Tensor => unaryIn(TENSOR_FUNCTION_OPS, 'aten::sign', x);
const abs = (x: Tensor): Tensor => unaryIn(TENSOR_FUNCTION_OPS, 'aten::abs', x);

/**
 * Power-average pooling, as PyTorch 1.13's `lp_pool1d`/`lp_pool2d`:
 * `avg_pool(x.pow(p))`, then `(sign(out) * relu(abs(out))).mul(kernel numel).pow(1 / p)`.
 */
export function lpPoolNd(spatial: number, x: Tensor, normType: number, kernel: IntOrList, stride: IntOrList | null = null, ceilMode = false): Tensor {
  const where = `lp_pool${spatial}d`;
  if (typeof normType !== 'number' || !Number.isFinite(normType) || normType === 0) {
    throw new ArgumentError(where, 'norm_type', normType, 'a non-zero number');
  }
  const k = intList(where, 'kernel_size', kernel, spatial, 1, true);
  const out = avgPoolNd(spatial, pow(x, normType), kernel, stride, 0, ceilMode);
  let n = 1;
  for (const v of k) n *= v;
  return pow(mul(mul(sign(out), relu(abs(out))), n), 1.0 / normType);
}

/**
 * Max unpooling, as PyTorch 1.13's `max_unpool{1,2,3}d`: the default output
 * size `(in - 1) * stride + kernel - 2 * padding` is computed on traced sizes
 * (aten::size, sub, mul, add, sub); a given `outputSize` (the spatial sizes,
 * or N and C first) must lie strictly within one stride of it. 1-D unpools
 * through aten::max_unpool2d on an unsqueezed input.
 */
export function maxUnpoolNd(
  spatial: number,
  x: Tensor,
  indices: Tensor,
  kernel: IntOrList,
  stride: IntOrList | null = null,
  padding: IntOrList = 0,
  outputSize: readonly IntLike[] | null = null,
): Tensor {
  const where = `max_unpool${spatial}d`;
  const opName = `aten::max_unpool${spatial === 3 ? 3 : 2}d`;
  const k = intList(where, 'kernel_size', kernel, spatial, 1, true);
  const s = stride === null || (Array.isArray(stride) && stride.length === 0) ? k : intList(where, 'stride', stride, spatial, 1, true);
  const p = intList(where, 'padding', padding, spatial, 0, true);
  expectSpatialRank(opName, x, spatial);
  if (indices.rank !== x.rank || indices.shape.some((v, i) => v !== x.shape[i])) {
    throw new ShapeError(opName, 'indices must have the shape of the input', { input: x.shape, indices: indices.shape });
  }
  const sizes = x.size();
  const lead = x.rank - spatial;
  const defaults: IntLike[] = [];
  for (let d = 0; d < spatial; d++) defaults.push(sizes[lead + d]!.sub(1).mul(s[d]!).add(k[d]!).sub(2 * p[d]!));
  let out: readonly IntLike[] = defaults;
  if (outputSize !== null) {
    const given = outputSize.length === spatial + 2 ? outputSize.slice(2) : outputSize;
    if (given.length !== spatial) {
      throw new ArgumentError(where, 'output_size', outputSize, `a list of ${spatial} or ${spatial + 2} sizes`);
    }
    for (let d = 0; d < spatial; d++) {
      const want = intValue(given[d]!);
      const def = intValue(defaults[d]!);
      // def - s < want < def + s, as sizes at least 1 so that a symbolic one is decided exactly.
      if (!sizeAtLeast(opName, 'output_size', dimAdd(dimSub(want, def), s[d]!), 1) || !sizeAtLeast(opName, 'output_size', dimSub(dimAdd(def, s[d]!), want), 1)) {
        throw new ArgumentError(where, 'output_size', outputSize.map(intValue), `between ${dimSub(def, s[d]!)} and ${dimAdd(def, s[d]!)} (exclusive) in dimension ${d}`);
      }
    }
    out = given;
  }
  const values = out.map(intValue);
  const shape = [...x.shape.slice(0, lead), ...values];
  expectPositive(opName, shape, { input: x.shape });
  if (spatial === 1) {
    const r = record(schema(POOL_OPS, opName as OpIn<typeof POOL_OPS>), { self: unsqueeze(x, -1), indices: unsqueeze(indices, -1), output_size: [...out, 1] }, [...shape, 1], x.dtype);
    return squeeze(r, -1);
  }
  if (spatial === 2) return record(schema(POOL_OPS, opName as OpIn<typeof POOL_OPS>), { self: x, indices, output_size: out }, shape, x.dtype);
  return record(schema(POOL_OPS, opName as OpIn<typeof POOL_OPS>), { self: x, indices, output_size: out, stride: s, padding: p }, shape, x.dtype);
}

/** `F.max_pool1d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False)` on `(N, C, *spatial)` or unbatched `(C, *spatial)`. Records aten::max_pool1d. */
export const maxPool1d = (x: Tensor, k: IntOrList, s?: IntOrList | null, p?: IntOrList, d?: IntOrList, c?: boolean): Tensor => maxPoolNd(1, x, k, s, p, d, c);
/** `F.max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False)` on `(N, C, *spatial)` or unbatched `(C, *spatial)`. Records aten::max_pool2d. */
export const maxPool2d = (x: Tensor, k: IntOrList, s?: IntOrList | null, p?: IntOrList, d?: IntOrList, c?: boolean): Tensor => maxPoolNd(2, x, k, s, p, d, c);
/** `F.max_pool3d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False)` on `(N, C, *spatial)` or unbatched `(C, *spatial)`. Records aten::max_pool3d. */
export const maxPool3d = (x: Tensor, k: IntOrList, s?: IntOrList | null, p?: IntOrList, d?: IntOrList, c?: boolean): Tensor => maxPoolNd(3, x, k, s, p, d, c);
/** `F.max_pool1d(..., return_indices=True)`: `[values, indices]`, one shape. Records aten::max_pool1d_with_indices. */
export const maxPool1dWithIndices = (x: Tensor, k: IntOrList, s?: IntOrList | null, p?: IntOrList, d?: IntOrList, c?: boolean): [Tensor, Tensor] =>
  maxPoolNdWithIndices(1, x, k, s, p, d, c);
/** `F.max_pool2d(..., return_indices=True)`: `[values, indices]`, one shape. Records aten::max_pool2d_with_indices. */
export const maxPool2dWithIndices = (x: Tensor, k: IntOrList, s?: IntOrList | null, p?: IntOrList, d?: IntOrList, c?: boolean): [Tensor, Tensor] =>
  maxPoolNdWithIndices(2, x, k, s, p, d, c);
/** `F.max_pool3d(..., return_indices=True)`: `[values, indices]`, one shape. Records aten::max_pool3d_with_indices. */
export const maxPool3dWithIndices = (x: Tensor, k: IntOrList, s?: IntOrList | null, p?: IntOrList, d?: IntOrList, c?: boolean): [Tensor, Tensor] =>
  maxPoolNdWithIndices(3, x, k, s, p, d, c);
/** `F.avg_pool1d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)` on `(N, C, *spatial)` or unbatched `(C, *spatial)`. Records aten::avg_pool1d. */
export const avgPool1d = (x: Tensor, k: IntOrList, s?: IntOrList | null, p?: IntOrList, c?: boolean, countIncludePad?: boolean): Tensor =>
  avgPoolNd(1, x, k, s, p, c, countIncludePad);
/** `F.avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)` on `(N, C, *spatial)` or unbatched `(C, *spatial)`. Records aten::avg_pool2d. */
export const avgPool2d = (x: Tensor, k: IntOrList, s?: IntOrList | null, p?: IntOrList, c?: boolean, countIncludePad?: boolean, divisorOverride?: number | null): Tensor =>
  avgPoolNd(2, x, k, s, p, c, countIncludePad, divisorOverride);
/** `F.avg_pool3d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)` on `(N, C, *spatial)` or unbatched `(C, *spatial)`. Records aten::avg_pool3d. */
export const avgPool3d = (x: Tensor, k: IntOrList, s?: IntOrList | null, p?: IntOrList, c?: boolean, countIncludePad?: boolean, divisorOverride?: number | null): Tensor =>
  avgPoolNd(3, x, k, s, p, c, countIncludePad, divisorOverride);
/** `F.adaptive_avg_pool1d(x, output_size)`: the last dimension becomes `output_size`. Records aten::adaptive_avg_pool1d. */
export const adaptiveAvgPool1d = (x: Tensor, o: AdaptiveOutputSize): Tensor => adaptiveAvgPoolNd(1, x, o);
/** `F.adaptive_avg_pool2d(x, output_size)`: the last two dimensions become `output_size` (null keeps a size). Records aten::adaptive_avg_pool2d. */
export const adaptiveAvgPool2d = (x: Tensor, o: AdaptiveOutputSize): Tensor => adaptiveAvgPoolNd(2, x, o);
/** `F.adaptive_avg_pool3d(x, output_size)`: the last three dimensions become `output_size` (null keeps a size). Records aten::adaptive_avg_pool3d. */
export const adaptiveAvgPool3d = (x: Tensor, o: AdaptiveOutputSize): Tensor => adaptiveAvgPoolNd(3, x, o);
/** `F.adaptive_max_pool1d(x, output_size)`: the values. Records aten::adaptive_max_pool1d. */
export const adaptiveMaxPool1d = (x: Tensor, o: AdaptiveOutputSize): Tensor => adaptiveMaxPoolNd(1, x, o);
/** `F.adaptive_max_pool2d(x, output_size)`: the values (null keeps a size). Records aten::adaptive_max_pool2d. */
export const adaptiveMaxPool2d = (x: Tensor, o: AdaptiveOutputSize): Tensor => adaptiveMaxPoolNd(2, x, o);
/** `F.adaptive_max_pool3d(x, output_size)`: the values (null keeps a size). Records aten::adaptive_max_pool3d. */
export const adaptiveMaxPool3d = (x: Tensor, o: AdaptiveOutputSize): Tensor => adaptiveMaxPoolNd(3, x, o);
/** `F.adaptive_max_pool1d(x, output_size, return_indices=True)`: `[values, indices]`. Records aten::adaptive_max_pool1d. */
export const adaptiveMaxPool1dWithIndices = (x: Tensor, o: AdaptiveOutputSize): [Tensor, Tensor] => adaptiveMaxPoolNdWithIndices(1, x, o);
/** `F.adaptive_max_pool2d(x, output_size, return_indices=True)`: `[values, indices]`. Records aten::adaptive_max_pool2d. */
export const adaptiveMaxPool2dWithIndices = (x: Tensor, o: AdaptiveOutputSize): [Tensor, Tensor] => adaptiveMaxPoolNdWithIndices(2, x, o);
/** `F.adaptive_max_pool3d(x, output_size, return_indices=True)`: `[values, indices]`. Records aten::adaptive_max_pool3d. */
export const adaptiveMaxPool3dWithIndices = (x: Tensor, o: AdaptiveOutputSize): [Tensor, Tensor] => adaptiveMaxPoolNdWithIndices(3, x, o);
/** `F.lp_pool1d(x, norm_type, kernel_size, stride=None, ceil_mode=False)`: recorded as PyTorch 1.13 computes it (aten::pow, aten::avg_pool1d, sign/abs/relu, mul, pow). */
export const lpPool1d = (x: Tensor, normType: number, k: IntOrList, s?: IntOrList | null, c?: boolean): Tensor => lpPoolNd(1, x, normType, k, s, c);
/** `F.lp_pool2d(x, norm_type, kernel_size, stride=None, ceil_mode=False)`: recorded as PyTorch 1.13 computes it (aten::pow, aten::avg_pool2d, sign/abs/relu, mul, pow). */
export const lpPool2d = (x: Tensor, normType: number, k: IntOrList, s?: IntOrList | null, c?: boolean): Tensor => lpPoolNd(2, x, normType, k, s, c);
/** `F.max_unpool1d(x, indices, kernel_size, stride=None, padding=0, output_size=None)`: through aten::max_unpool2d on an unsqueezed input; see maxUnpoolNd. */
export const maxUnpool1d = (x: Tensor, indices: Tensor, k: IntOrList, s?: IntOrList | null, p?: IntOrList, outputSize?: readonly IntLike[] | null): Tensor =>
  maxUnpoolNd(1, x, indices, k, s, p, outputSize);
/** `F.max_unpool2d(x, indices, kernel_size, stride=None, padding=0, output_size=None)`: spatial size `(in - 1) * stride + kernel - 2 * padding` unless given. Records aten::max_unpool2d. */
export const maxUnpool2d = (x: Tensor, indices: Tensor, k: IntOrList, s?: IntOrList | null, p?: IntOrList, outputSize?: readonly IntLike[] | null): Tensor =>
  maxUnpoolNd(2, x, indices, k, s, p, outputSize);
/** `F.max_unpool3d(x, indices, kernel_size, stride=None, padding=0, output_size=None)`: spatial size `(in - 1) * stride + kernel - 2 * padding` unless given. Records aten::max_unpool3d. */
export const maxUnpool3d = (x: Tensor, indices: Tensor, k: IntOrList, s?: IntOrList | null, p?: IntOrList, outputSize?: readonly IntLike[] | null): Tensor =>
  maxUnpoolNd(3, x, indices, k, s, p, outputSize);
