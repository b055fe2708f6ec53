// Channel and pixel rearrangements, unflatten, the distances between two
// batches (cosine similarity, pairwise distance) and the bilinear form: the
// ops of PixelShuffle, PixelUnshuffle, ChannelShuffle, Unflatten,
// CosineSimilarity, PairwiseDistance and Bilinear. None has a counter in the
// reference (each is reported as unsupported there, and here).

import { RESAMPLE_OPS } from '../../core/op_schema.js';
import { ShapeError } from '../../core/errors.js';
import { broadcastShapes, concrete, type Dim, mulSizes, normDim, reshapeShape, type Shape } from '../../core/shape.js';
import { sizeMul } from '../../core/sizes.js';
import { checkTensor, type Tensor } from '../../core/tensor.js';
import { exactPart, intArg, record, schema } from './util.js';

const err = (op: string, detail: string, x: Tensor): ShapeError => new ShapeError(op, detail, { input: x.shape });

/** `F.pixel_shuffle(x, r)`: (*, C*r*r, H, W) to (*, C, H*r, W*r). */
export function pixelShuffle(x: Tensor, upscaleFactor: number): Tensor {
  const op = 'aten::pixel_shuffle';
  checkTensor(op, x);
  const r = intArg(op, 'upscale_factor', upscaleFactor, 1);
  if (x.rank < 3) throw err(op, `expected at least 3 dimensions, got ${x.rank}`, x);
  const [c0, h, w] = x.shape.slice(-3) as [Dim, Dim, Dim];
  const c = concrete(c0, `${op}: the channels`);
  if (c % (r * r) !== 0) throw err(op, `the channels (${c}) must be divisible by the square of upscale_factor (${r * r})`, x);
  const times = (what: string, d: Dim): Dim => (typeof d === 'number' ? mulSizes(op, what, d, r, { input: x.shape }) : sizeMul(d, r));
  const shape = [...x.shape.slice(0, -3), c / (r * r), times('the height', h), times('the width', w)];
  return record(schema(RESAMPLE_OPS, op), { self: x, upscale_factor: upscaleFactor }, shape, x.dtype);
}

/** `F.pixel_unshuffle(x, r)`: (*, C, H*r, W*r) to (*, C*r*r, H, W). */
export function pixelUnshuffle(x: Tensor, downscaleFactor: number): Tensor {
  const op = 'aten::pixel_unshuffle';
  checkTensor(op, x);
  const r = intArg(op, 'downscale_factor', downscaleFactor, 1);
  if (x.rank < 3) throw err(op, `expected at least 3 dimensions, got ${x.rank}`, x);
  const [c0, h, w] = x.shape.slice(-3) as [Dim, Dim, Dim];
  const c = concrete(c0, `${op}: the channels`);
  const hr = exactPart(op, 'the height', h, r);
  const wr = exactPart(op, 'the width', w, r);
  if (hr === undefined || wr === undefined) throw err(op, `the height (${h}) and width (${w}) must be divisible by downscale_factor (${r})`, x);
  const shape = [...x.shape.slice(0, -3), mulSizes(op, 'the channels', c, r * r, { input: x.shape }), hr, wr];
  return record(schema(RESAMPLE_OPS, op), { self: x, downscale_factor: downscaleFactor }, shape, x.dtype);
}

/** `F.channel_shuffle(x, groups)`: the channels (dimension 1) regrouped; the shape stays. */
export function channelShuffle(x: Tensor, groups: number): Tensor {
  const op = 'aten::channel_shuffle';
  checkTensor(op, x);
  const g = intArg(op, 'groups', groups, 1);
  if (x.rank < 3) throw err(op, `expected at least 3 dimensions, got ${x.rank}`, x);
  if (concrete(x.shape[1]!, `${op}: the channels`) % g !== 0) throw err(op, `the channels (${x.shape[1]}) must be divisible by groups (${g})`, x);
  return record(schema(RESAMPLE_OPS, op), { self: x, groups }, x.shape, x.dtype);
}

/** `x.unflatten(dim, sizes)`: dimension `dim` split into `sizes` (one -1 inferred). */
export function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const op = 'aten::unflatten';
  checkTensor(op, x);
  const d = normDim(op, dim, x.rank, x.shape);
  if (!Array.isArray(sizes) || sizes.length === 0) throw err(op, 'sizes must be a non-empty list', x);
  const inner = reshapeShape(op, [x.shape[d]!], sizes.map((v) => intArg(op, 'sizes', v, -Infinity)));
  return record(schema(RESAMPLE_OPS, op), { self: x, dim, sizes }, [...x.shape.slice(0, d), ...inner, ...x.shape.slice(d + 1)], x.dtype);
}

/** The broadcast shape of two batches with `dim` dropped (or kept as 1). */
function reduced(op: string, x1: Tensor, x2: Tensor, dim: number, keepdim: boolean): Shape {
  checkTensor(op, x1, 'x1');
  checkTensor(op, x2, 'x2');
  const full = broadcastShapes(op, x1.shape, x2.shape);
  const d = normDim(op, dim, full.length, full);
  return full.flatMap((v, i) => (i !== d ? [v] : keepdim ? [1] : []));
}

/** `F.cosine_similarity(x1, x2, dim=1, eps=1e-8)`: over `dim` of the broadcast shape. */
export function cosineSimilarity(x1: Tensor, x2: Tensor, dim = 1, eps = 1e-8): Tensor {
  const op = 'aten::cosine_similarity';
  return record(schema(RESAMPLE_OPS, op), { x1, x2, dim, eps }, reduced(op, x1, x2, dim, false), x1.dtype);
}

/** `F.pairwise_distance(x1, x2, p=2, eps=1e-6, keepdim=False)`: the p-norm of x1 - x2 + eps over the last dimension. */
export function pairwiseDistance(x1: Tensor, x2: Tensor, p = 2, eps = 1e-6, keepdim = false): Tensor {
  const op = 'aten::pairwise_distance';
  return record(schema(RESAMPLE_OPS, op), { x1, x2, p, eps, keepdim }, reduced(op, x1, x2, -1, keepdim), x1.dtype);
}

/** `F.bilinear(x1, x2, weight, bias)`: (*, in1) and (*, in2) with weight (out, in1, in2) to (*, out). */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const op = 'aten::bilinear';
  checkTensor(op, input1, 'input1');
  checkTensor(op, input2, 'input2');
  checkTensor(op, weight, 'weight');
  if (bias !== null) checkTensor(op, bias, 'bias');
  const shapes = { input1: input1.shape, input2: input2.shape, weight: weight.shape };
  if (weight.rank !== 3 || input1.rank < 1 || input2.rank !== input1.rank) throw new ShapeError(op, 'expected inputs of one rank and a 3-D weight', shapes);
  const lead = input1.shape.slice(0, -1);
  if (lead.some((v, i) => v !== input2.shape[i]) || input1.shape.at(-1) !== weight.shape[1] || input2.shape.at(-1) !== weight.shape[2]) {
    throw new ShapeError(op, 'input sizes do not match the weight', shapes);
  }
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== weight.shape[0])) throw new ShapeError(op, 'bias must be 1-D of out_features', { ...shapes, bias: bias.shape });
  return record(schema(RESAMPLE_OPS, op), { input1, input2, weight, bias }, [...lead, weight.shape[0]!], input1.dtype);
}
