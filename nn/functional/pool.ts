// Pooling: max and average windows, adaptive averages and maxima.

import { ArgumentError, ShapeError } from '../../core/errors.js';
import { poolOutLength, pyTuple } from '../../core/shape.js';
import type { Tensor } from '../../core/tensor.js';
import { expectPositive, intList, record, recordMany, schema } from './util.js';

type IntOrList = number | readonly number[];

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
): number[] {
  const w = poolWindow(op, spatial, kernel, stride, padding, dilation);
  expectSpatialRank(op, x, spatial);
  const lead = x.rank - spatial;
  const shape = x.shape.slice(0, lead);
  for (let i = 0; i < spatial; i++) {
    shape.push(poolOutLength(x.shape[lead + i]!, w.kernel[i]!, w.stride[i]!, w.padding[i]!, w.dilation[i]!, ceilMode));
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

/**
 * Checks an adaptive pool's `output_size`: a positive integer, or a list of
 * `spatial` entries, each a positive integer or null (keep the input's size).
 */
export function adaptiveSizes(where: string, spatial: number, outputSize: unknown): (number | null)[] {
  if (typeof outputSize === 'number') return intList(where, 'output_size', outputSize, spatial, 1);
  if (Array.isArray(outputSize) && outputSize.length === spatial) {
    let ok = true;
    for (const v of outputSize as unknown[]) if (v !== null && !(typeof v === 'number' && Number.isSafeInteger(v) && v >= 1)) ok = false;
    if (ok) return [...(outputSize as (number | null)[])];
  }
  const list = spatial === 1 ? 'a list of 1' : `a list of ${spatial} positive integers or None`;
  throw new ArgumentError(where, 'output_size', outputSize, `a positive integer or ${list}`);
}

/** `outputSize` entries that are null keep the input's size, as in PyTorch. */
export function adaptiveOutputShape(op: string, x: Tensor, spatial: number, outputSize: number | readonly (number | null)[]): number[] {
  const sizes = adaptiveSizes(op, spatial, outputSize);
  expectSpatialRank(op, x, spatial);
  const lead = x.rank - spatial;
  const shape = x.shape.slice(0, lead);
  for (let i = 0; i < spatial; i++) shape.push(sizes[i] ?? x.shape[lead + i]!);
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
