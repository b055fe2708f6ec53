// Sliding blocks: `F.unfold` (aten::im2col) and `F.fold` (aten::col2im), as
// PyTorch 1.13 traces them. Arguments are pairs (an int is repeated).

import { FOLD_OPS } from '../../core/op_schema.js';
import { ShapeError } from '../../core/errors.js';
import { convOutLength, type Dim, pyTuple, type Shape } from '../../core/shape.js';
import type { Tensor } from '../../core/tensor.js';
import { dimMul, exactPart, expectPositive, intList, record, schema, sizeAtLeast } from './util.js';

type IntOrPair = number | readonly number[];

interface Blocks {
  kernel: number[];
  dilation: number[];
  padding: number[];
  stride: number[];
}

function blockArgs(where: string, kernelSize: IntOrPair, dilation: IntOrPair, padding: IntOrPair, stride: IntOrPair): Blocks {
  return {
    kernel: intList(where, 'kernel_size', kernelSize, 2, 1),
    dilation: intList(where, 'dilation', dilation, 2, 1),
    padding: intList(where, 'padding', padding, 2, 0),
    stride: intList(where, 'stride', stride, 2, 1),
  };
}

/** The number of block positions along each of the two spatial dimensions. */
function blockCounts(op: string, sizes: Shape, b: Blocks, shapes: Record<string, Shape>): Dim[] {
  const counts = [0, 1].map((i) => convOutLength(sizes[i]!, b.kernel[i]!, b.stride[i]!, b.padding[i]!, b.dilation[i]!));
  if (counts.some((c) => !sizeAtLeast(op, 'the number of block positions', c, 1))) {
    throw new ShapeError(op, `the blocks do not fit the size ${pyTuple(sizes.map(String))}`, shapes);
  }
  return counts;
}

/**
 * `F.unfold(input, kernel_size, dilation=1, padding=0, stride=1)`: (N, C, H, W)
 * (or (C, H, W)) to (N, C * kh * kw, L), L the number of block positions.
 */
export function unfold(x: Tensor, kernelSize: IntOrPair, dilation: IntOrPair = 1, padding: IntOrPair = 0, stride: IntOrPair = 1): Tensor {
  const op = 'aten::im2col';
  const b = blockArgs('unfold', kernelSize, dilation, padding, stride);
  if (x.rank !== 3 && x.rank !== 4) throw new ShapeError(op, `expected 3-D or 4-D input, got ${x.rank}-D`, { input: x.shape });
  const lead = x.rank - 3;
  const counts = blockCounts(op, x.shape.slice(lead + 1), b, { input: x.shape });
  const shape = [...x.shape.slice(0, lead), dimMul(x.shape[lead]!, b.kernel[0]! * b.kernel[1]!), dimMul(counts[0]!, counts[1]!)];
  expectPositive(op, shape, { input: x.shape });
  return record(schema(FOLD_OPS, op), { self: x, kernel_size: b.kernel, dilation: b.dilation, padding: b.padding, stride: b.stride }, shape, x.dtype);
}

/**
 * `F.fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1)`:
 * (N, C * kh * kw, L) (or 2-D) to (N, C, H, W), L matching the block positions in (H, W).
 */
export function fold(x: Tensor, outputSize: IntOrPair, kernelSize: IntOrPair, dilation: IntOrPair = 1, padding: IntOrPair = 0, stride: IntOrPair = 1): Tensor {
  const op = 'aten::col2im';
  const out = intList('fold', 'output_size', outputSize, 2, 1);
  const b = blockArgs('fold', kernelSize, dilation, padding, stride);
  if (x.rank !== 2 && x.rank !== 3) throw new ShapeError(op, `expected 2-D or 3-D input, got ${x.rank}-D`, { input: x.shape });
  const lead = x.rank - 2;
  const k = b.kernel[0]! * b.kernel[1]!;
  const cols = x.shape[lead]!;
  const channels = exactPart(op, `dimension ${lead}`, cols, k);
  if (channels === undefined) {
    throw new ShapeError(op, `dimension ${lead} (${cols}) must be divisible by the kernel size's product (${k})`, { input: x.shape });
  }
  const counts = blockCounts(op, out, b, { input: x.shape });
  const blocks = dimMul(counts[0]!, counts[1]!);
  if (blocks !== x.shape[lead + 1]) {
    throw new ShapeError(op, `expected ${blocks} blocks for output_size ${pyTuple(out)}, got ${x.shape[lead + 1]}`, { input: x.shape });
  }
  const shape = [...x.shape.slice(0, lead), channels, ...out];
  return record(schema(FOLD_OPS, op), { self: x, output_size: out, kernel_size: b.kernel, dilation: b.dilation, padding: b.padding, stride: b.stride }, shape, x.dtype);
}
