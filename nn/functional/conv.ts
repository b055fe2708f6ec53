// Convolutions of any rank, grouped, dilated, strided and transposed. One
// aten::_convolution op each, as the reference traces them; a string padding
// ('same', 'valid') is one aten::_convolution_mode, as PyTorch 1.13 traces it
// (the reference has no counter for it: 0 FLOPs, reported unsupported). An
// input without its batch dimension is run as a batch of one between an
// aten::unsqueeze and an aten::squeeze, as PyTorch 1.13 traces it.
//
// Arguments are checked as PyTorch 1.13 checks them (stride and dilation
// positive, padding and output_padding non-negative, output_padding smaller
// than the stride or the dilation, padding='same' only unstrided, groups
// positive and dividing the weight), each with a one-line ArgumentError naming
// it; tensors that do not fit are a ShapeError with their shapes.

import { ArgumentError, ShapeError } from '../../core/errors.js';
import { CONV_OPS, defineOp } from '../../core/op_schema.js';
import { concreteShape, convOutLength, convTransposeOutLength, type Dim, pyTuple } from '../../core/shape.js';
import type { Tensor } from '../../core/tensor.js';
import { squeeze, unsqueeze } from './shape_ops.js';
import { expectPositive, expectRank, intArg, intList, record, schema } from './util.js';

const CONV = 'aten::_convolution';
const CONVOLUTION = /* @__PURE__ */ schema(CONV_OPS, CONV);
// TODO(op_schema): this line belongs in core/op_schema.ts's table, beside aten::_convolution.
const CONVOLUTION_MODE = defineOp('aten::_convolution_mode', 'input:T weight:T bias:T stride padding dilation groups');
const LAYOUT = ['(N, C, L)', '(N, C, H, W)', '(N, C, D, H, W)'];

/** A convolution's `padding`: an int, one per spatial dimension, or `'same'` / `'valid'` (PyTorch's default 0). */
export type PaddingArg = number | readonly number[] | 'same' | 'valid';

/** `stride`: positive integers, one per spatial dimension (a one-entry list is repeated). */
export function convStride(where: string, stride: unknown, spatial: number): number[] {
  return intList(where, 'stride', stride, spatial, 1, true);
}

/** `dilation`: positive integers, one per spatial dimension. */
export function convDilation(where: string, dilation: unknown, spatial: number): number[] {
  return intList(where, 'dilation', dilation, spatial, 1, true);
}

/** `padding`: 'same', 'valid', or non-negative integers, one per spatial dimension. */
export function convPadding(where: string, padding: unknown, spatial: number, strings = true): number[] | 'same' | 'valid' {
  if (strings && (padding === 'same' || padding === 'valid')) return padding;
  if (typeof padding === 'string' || (!strings && typeof padding !== 'number' && !Array.isArray(padding))) {
    const kinds = strings ? "'same', 'valid', a non-negative integer or a list of them" : 'a non-negative integer or a list of them';
    throw new ArgumentError(where, 'padding', padding, kinds);
  }
  return intList(where, 'padding', padding, spatial, 0, true);
}

/** PyTorch: "padding='same' is not supported for strided convolutions". */
export function checkSameUnstrided(where: string, padding: unknown, stride: readonly number[]): void {
  if (padding !== 'same') return;
  for (let i = 0; i < stride.length; i++) {
    if (stride[i] !== 1) {
      throw new ArgumentError(where, 'padding', padding, `numbers for a strided convolution (stride ${pyTuple(stride)}; 'same' needs stride 1)`);
    }
  }
}

/** `output_padding`: non-negative, and smaller than the stride or the dilation in each dimension. */
export function convOutputPadding(where: string, outputPadding: unknown, spatial: number, stride: readonly number[], dilation: readonly number[]): number[] {
  const op = intList(where, 'output_padding', outputPadding, spatial, 0, true);
  for (let i = 0; i < spatial; i++) {
    if (op[i]! >= stride[i]! && op[i]! >= dilation[i]!) {
      throw new ArgumentError(where, 'output_padding', outputPadding, `smaller than either stride ${pyTuple(stride)} or dilation ${pyTuple(dilation)}`);
    }
  }
  return op;
}

/** Checks the inputs; returns the weight's shape, which must be concrete (a parameter's). */
function checkConvInputs(x: Tensor, weight: Tensor, bias: Tensor | null, spatial: number, groups: number, transposed: boolean): readonly number[] {
  expectRank(CONV, x, [spatial + 2], LAYOUT[spatial - 1] ?? '');
  if (weight.rank !== spatial + 2) {
    throw new ShapeError(CONV, `weight must be ${spatial + 2}-D`, { input: x.shape, weight: weight.shape });
  }
  const w = concreteShape(weight.shape, `${CONV}: weight`);
  if (w[0]! % groups !== 0) {
    throw new ShapeError(CONV, `weight's dimension 0 (${w[0]}) is not divisible by groups (${groups})`, { input: x.shape, weight: weight.shape });
  }
  const inChannels = transposed ? w[0]! : w[1]! * groups;
  if (x.shape[1] !== inChannels) {
    throw new ShapeError(CONV, `expected ${inChannels} input channels, got ${x.shape[1]}`, {
      input: x.shape,
      weight: weight.shape,
    });
  }
  if (bias !== null) {
    const outChannels = transposed ? w[1]! * groups : w[0]!;
    if (bias.rank !== 1 || bias.shape[0] !== outChannels) {
      throw new ShapeError(CONV, `expected bias to be 1-D with ${outChannels} elements`, { input: x.shape, weight: weight.shape, bias: bias.shape });
    }
  }
  return w;
}

/**
 * An input without its batch dimension runs as a batch of one, as PyTorch
 * 1.13's `batchify`: `unsqueeze(0)`, the convolution, `squeeze(0)`; traced so.
 */
function unbatched(where: string, spatial: number, x: Tensor, run: (x: Tensor) => Tensor): Tensor {
  if (x.rank === spatial + 2) return run(x);
  if (x.rank !== spatial + 1) {
    const layout = LAYOUT[spatial - 1] ?? '';
    throw new ShapeError(CONV, `expected ${spatial + 1}-D ${layout.replace('N, ', '')} or ${spatial + 2}-D ${layout} input to ${where}, got ${x.rank}-D`, { input: x.shape });
  }
  return squeeze(run(unsqueeze(x, 0)), 0);
}

/** N-d convolution; `spatial` is 1, 2 or 3. An input without N (C, *) gives an output without N. */
export function convNd(
  spatial: number,
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null = null,
  stride: number | readonly number[] = 1,
  padding: PaddingArg = 0,
  dilation: number | readonly number[] = 1,
  groups = 1,
): Tensor {
  const where = `conv${spatial}d`;
  const s = convStride(where, stride, spatial);
  const d = convDilation(where, dilation, spatial);
  const pad = convPadding(where, padding, spatial);
  checkSameUnstrided(where, pad, s);
  intArg(where, 'groups', groups, 1);
  return unbatched(where, spatial, x, (x) => convBatched(spatial, x, weight, bias, s, pad, d, groups));
}

function convBatched(spatial: number, x: Tensor, weight: Tensor, bias: Tensor | null, s: number[], pad: number[] | 'same' | 'valid', d: number[], groups: number): Tensor {
  const w = checkConvInputs(x, weight, bias, spatial, groups, false);
  const outShape: Dim[] = [x.shape[0]!, w[0]!];
  for (let i = 0; i < spatial; i++) {
    const length = x.shape[i + 2]!;
    outShape.push(pad === 'same' ? length : convOutLength(length, w[i + 2]!, s[i]!, pad === 'valid' ? 0 : pad[i]!, d[i]!));
  }
  expectPositive(CONV, outShape, { input: x.shape, weight: weight.shape });
  if (typeof pad === 'string') {
    return record(CONVOLUTION_MODE, { input: x, weight, bias, stride: s, padding: pad, dilation: d, groups }, outShape, x.dtype);
  }
  return record(CONVOLUTION, { input: x, weight, bias, stride: s, padding: pad, dilation: d, transposed: false, groups }, outShape, x.dtype);
}

/** N-d transposed convolution. An input without N (C, *) gives an output without N. */
export function convTransposeNd(
  spatial: number,
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null = null,
  stride: number | readonly number[] = 1,
  padding: number | readonly number[] = 0,
  outputPadding: number | readonly number[] = 0,
  groups = 1,
  dilation: number | readonly number[] = 1,
): Tensor {
  const where = `conv_transpose${spatial}d`;
  const s = convStride(where, stride, spatial);
  const p = convPadding(where, padding, spatial, false) as number[];
  const d = convDilation(where, dilation, spatial);
  const op = convOutputPadding(where, outputPadding, spatial, s, d);
  intArg(where, 'groups', groups, 1);
  return unbatched(where, spatial, x, (x) => convTransposeBatched(spatial, x, weight, bias, s, p, d, op, groups));
}

function convTransposeBatched(spatial: number, x: Tensor, weight: Tensor, bias: Tensor | null, s: number[], p: number[], d: number[], op: number[], groups: number): Tensor {
  const w = checkConvInputs(x, weight, bias, spatial, groups, true);
  const outShape: Dim[] = [x.shape[0]!, w[1]! * groups];
  for (let i = 0; i < spatial; i++) {
    outShape.push(convTransposeOutLength(x.shape[i + 2]!, w[i + 2]!, s[i]!, p[i]!, d[i]!, op[i]!));
  }
  expectPositive(CONV, outShape, { input: x.shape, weight: weight.shape });
  return record(
    CONVOLUTION,
    { input: x, weight, bias, stride: s, padding: p, dilation: d, transposed: true, output_padding: op, groups },
    outShape,
    x.dtype,
  );
}

/** `F.conv1d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)` on `(N, C, L)` or `(C, L)`. Records aten::_convolution (aten::_convolution_mode for string padding). */
export const conv1d = (x: Tensor, w: Tensor, b?: Tensor | null, stride?: number | readonly number[], padding?: PaddingArg, dilation?: number | readonly number[], groups?: number): Tensor =>
  convNd(1, x, w, b ?? null, stride, padding, dilation, groups);
/** `F.conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)` on `(N, C, H, W)` or `(C, H, W)`. Records aten::_convolution (aten::_convolution_mode for string padding). */
export const conv2d = (x: Tensor, w: Tensor, b?: Tensor | null, stride?: number | readonly number[], padding?: PaddingArg, dilation?: number | readonly number[], groups?: number): Tensor =>
  convNd(2, x, w, b ?? null, stride, padding, dilation, groups);
/** `F.conv3d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)` on `(N, C, D, H, W)` or `(C, D, H, W)`. Records aten::_convolution (aten::_convolution_mode for string padding). */
export const conv3d = (x: Tensor, w: Tensor, b?: Tensor | null, stride?: number | readonly number[], padding?: PaddingArg, dilation?: number | readonly number[], groups?: number): Tensor =>
  convNd(3, x, w, b ?? null, stride, padding, dilation, groups);
