// Pooling: max and average windows, adaptive averages and maxima.

import { ShapeError } from '../../core/errors.js';
import { ntuple, poolOutLength } from '../../core/shape.js';
import type { Tensor } from '../../core/tensor.js';
import { expectPositive, record, recordMany, schema } from './util.js';

type IntOrList = number | readonly number[];

function expectSpatialRank(op: string, x: Tensor, spatial: number): void {
  if (x.rank !== spatial + 1 && x.rank !== spatial + 2) {
    throw new ShapeError(op, `expected ${spatial + 1}-D or ${spatial + 2}-D input, got ${x.rank}-D`, { input: x.shape });
  }
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
): number[] {
  expectSpatialRank(op, x, spatial);
  const k = ntuple(op, 'kernel_size', kernel, spatial);
  const s = stride === null || (Array.isArray(stride) && stride.length === 0) ? k : ntuple(op, 'stride', stride, spatial);
  const p = ntuple(op, 'padding', padding, spatial);
  const d = ntuple(op, 'dilation', dilation, spatial);
  for (let i = 0; i < spatial; i++) {
    if (p[i]! * 2 > k[i]!) {
      throw new ShapeError(op, `padding ${p[i]} should be at most half of kernel size ${k[i]}`, { input: x.shape });
    }
  }
  const lead = x.rank - spatial;
  const shape = x.shape.slice(0, lead);
  for (let i = 0; i < spatial; i++) {
    shape.push(poolOutLength(x.shape[lead + i]!, k[i]!, s[i]!, p[i]!, d[i]!, ceilMode));
  }
  expectPositive(op, shape, { input: x.shape });
  return shape;
}

export function maxPoolNd(
  spatial: number,
  x: Tensor,
  kernel: IntOrList,
  stride: IntOrList | null = null,
  padding: IntOrList = 0,
  dilation: IntOrList = 1,
  ceilMode = false,
): Tensor {
  const op = schema(`aten::max_pool${spatial}d`);
  const shape = windowShape(op.kind, x, spatial, kernel, stride, padding, dilation, ceilMode);
  return record(op, { self: x, kernel_size: kernel, stride, padding, dilation, ceil_mode: ceilMode }, shape, x.dtype);
}

export function avgPoolNd(
  spatial: number,
  x: Tensor,
  kernel: IntOrList,
  stride: IntOrList | null = null,
  padding: IntOrList = 0,
  ceilMode = false,
): Tensor {
  const op = schema(`aten::avg_pool${spatial}d`);
  const shape = windowShape(op.kind, x, spatial, kernel, stride, padding, 1, ceilMode);
  return record(op, { self: x, kernel_size: kernel, stride, padding, ceil_mode: ceilMode }, shape, x.dtype);
}

/** `outputSize` entries that are null keep the input's size, as in PyTorch. */
export function adaptiveOutputShape(op: string, x: Tensor, spatial: number, outputSize: number | readonly (number | null)[]): number[] {
  expectSpatialRank(op, x, spatial);
  const sizes = typeof outputSize === 'number' ? new Array<number>(spatial).fill(outputSize) : [...outputSize];
  if (sizes.length !== spatial) {
    throw new ShapeError(op, `output_size must have ${spatial} entries, got ${sizes.length}`, { input: x.shape });
  }
  const lead = x.rank - spatial;
  const shape = x.shape.slice(0, lead);
  sizes.forEach((s, i) => shape.push(s ?? x.shape[lead + i]!));
  expectPositive(op, shape, { input: x.shape });
  return shape;
}

export function adaptiveAvgPoolNd(spatial: number, x: Tensor, outputSize: number | readonly (number | null)[]): Tensor {
  const op = schema(`aten::adaptive_avg_pool${spatial}d`);
  const shape = adaptiveOutputShape(op.kind, x, spatial, outputSize);
  return record(op, { self: x, output_size: outputSize }, shape, x.dtype);
}

export function adaptiveMaxPoolNd(spatial: number, x: Tensor, outputSize: number | readonly (number | null)[]): Tensor {
  const op = schema(`aten::adaptive_max_pool${spatial}d`);
  const shape = adaptiveOutputShape(op.kind, x, spatial, outputSize);
  const [values] = recordMany(op, { self: x, output_size: outputSize }, [shape, shape], x.dtype);
  return values!;
}

export const maxPool1d = (x: Tensor, k: IntOrList, s?: IntOrList | null, p?: IntOrList, d?: IntOrList, c?: boolean): Tensor => maxPoolNd(1, x, k, s, p, d, c);
export const maxPool2d = (x: Tensor, k: IntOrList, s?: IntOrList | null, p?: IntOrList, d?: IntOrList, c?: boolean): Tensor => maxPoolNd(2, x, k, s, p, d, c);
export const maxPool3d = (x: Tensor, k: IntOrList, s?: IntOrList | null, p?: IntOrList, d?: IntOrList, c?: boolean): Tensor => maxPoolNd(3, x, k, s, p, d, c);
export const avgPool1d = (x: Tensor, k: IntOrList, s?: IntOrList | null, p?: IntOrList, c?: boolean): Tensor => avgPoolNd(1, x, k, s, p, c);
export const avgPool2d = (x: Tensor, k: IntOrList, s?: IntOrList | null, p?: IntOrList, c?: boolean): Tensor => avgPoolNd(2, x, k, s, p, c);
export const avgPool3d = (x: Tensor, k: IntOrList, s?: IntOrList | null, p?: IntOrList, c?: boolean): Tensor => avgPoolNd(3, x, k, s, p, c);
export const adaptiveAvgPool1d = (x: Tensor, o: number | readonly (number | null)[]): Tensor => adaptiveAvgPoolNd(1, x, o);
export const adaptiveAvgPool2d = (x: Tensor, o: number | readonly (number | null)[]): Tensor => adaptiveAvgPoolNd(2, x, o);
export const adaptiveAvgPool3d = (x: Tensor, o: number | readonly (number | null)[]): Tensor => adaptiveAvgPoolNd(3, x, o);
