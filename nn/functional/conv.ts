// Convolutions of any rank, grouped, dilated, strided and transposed. One
// aten::_convolution op each, as the reference traces them.

import { ShapeError } from '../../core/errors.js';
import { convOutLength, convTransposeOutLength, ntuple } from '../../core/shape.js';
import type { Tensor } from '../../core/tensor.js';
import { expectPositive, expectRank, record, schema } from './util.js';

const CONV = 'aten::_convolution';
const CONVOLUTION = schema(CONV);
const LAYOUT = ['(N, C, L)', '(N, C, H, W)', '(N, C, D, H, W)'];

export type PaddingArg = number | readonly number[] | 'same' | 'valid';

function checkConvInputs(x: Tensor, weight: Tensor, spatial: number, inChannels: number): void {
  expectRank(CONV, x, [spatial + 2], LAYOUT[spatial - 1] ?? '');
  if (weight.rank !== spatial + 2) {
    throw new ShapeError(CONV, `weight must be ${spatial + 2}-D`, { input: x.shape, weight: weight.shape });
  }
  if (x.shape[1] !== inChannels) {
    throw new ShapeError(CONV, `expected ${inChannels} input channels, got ${x.shape[1]}`, {
      input: x.shape,
      weight: weight.shape,
    });
  }
}

/** N-d convolution; `spatial` is 1, 2 or 3. */
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
  const s = ntuple(where, 'stride', stride, spatial);
  const d = ntuple(where, 'dilation', dilation, spatial);
  const k = weight.shape.slice(2);
  checkConvInputs(x, weight, spatial, weight.shape[1]! * groups);
  let p: number[];
  if (padding === 'valid') p = new Array<number>(spatial).fill(0);
  else if (padding === 'same') p = k.map((kk, i) => Math.floor((d[i]! * (kk - 1)) / 2));
  else p = ntuple(where, 'padding', padding, spatial);
  const outShape: number[] = [x.shape[0]!, weight.shape[0]!];
  for (let i = 0; i < spatial; i++) {
    outShape.push(padding === 'same' ? x.shape[i + 2]! : convOutLength(x.shape[i + 2]!, k[i]!, s[i]!, p[i]!, d[i]!));
  }
  expectPositive(CONV, outShape, { input: x.shape, weight: weight.shape });
  return record(CONVOLUTION, { input: x, weight, bias, stride: s, padding: p, dilation: d, transposed: false, groups }, outShape, x.dtype);
}

/** N-d transposed convolution. */
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
  const s = ntuple(where, 'stride', stride, spatial);
  const p = ntuple(where, 'padding', padding, spatial);
  const op = ntuple(where, 'output_padding', outputPadding, spatial);
  const d = ntuple(where, 'dilation', dilation, spatial);
  checkConvInputs(x, weight, spatial, weight.shape[0]!);
  const outShape: number[] = [x.shape[0]!, weight.shape[1]! * groups];
  for (let i = 0; i < spatial; i++) {
    outShape.push(convTransposeOutLength(x.shape[i + 2]!, weight.shape[i + 2]!, s[i]!, p[i]!, d[i]!, op[i]!));
  }
  expectPositive(CONV, outShape, { input: x.shape, weight: weight.shape });
  return record(
    CONVOLUTION,
    { input: x, weight, bias, stride: s, padding: p, dilation: d, transposed: true, output_padding: op, groups },
    outShape,
    x.dtype,
  );
}

export const conv1d = (x: Tensor, w: Tensor, b?: Tensor | null, stride?: number | readonly number[], padding?: PaddingArg, dilation?: number | readonly number[], groups?: number): Tensor =>
  convNd(1, x, w, b ?? null, stride, padding, dilation, groups);
export const conv2d = (x: Tensor, w: Tensor, b?: Tensor | null, stride?: number | readonly number[], padding?: PaddingArg, dilation?: number | readonly number[], groups?: number): Tensor =>
  convNd(2, x, w, b ?? null, stride, padding, dilation, groups);
export const conv3d = (x: Tensor, w: Tensor, b?: Tensor | null, stride?: number | readonly number[], padding?: PaddingArg, dilation?: number | readonly number[], groups?: number): Tensor =>
  convNd(3, x, w, b ?? null, stride, padding, dilation, groups);

