// Normalisations. The counters need to know whether a weight is present
// (affine) and, for batch norm, whether batch statistics are used.

import { ArgumentError, ShapeError } from '../../core/errors.js';
import { normDim, type Shape } from '../../core/shape.js';
import type { Tensor } from '../../core/tensor.js';
import { clampMin, div } from './elementwise.js';
import { expandAs } from './shape_ops.js';
import { intArg, record, schema } from './util.js';

const BATCH_NORM = schema('aten::batch_norm');
const INSTANCE_NORM = schema('aten::instance_norm');
const LAYER_NORM = schema('aten::layer_norm');
const GROUP_NORM = schema('aten::group_norm');
const NORM = schema('aten::norm.ScalarOpt_dim');

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

export function layerNorm(x: Tensor, normalizedShape: Shape, weight: Tensor | null = null, bias: Tensor | null = null): Tensor {
  const op = 'aten::layer_norm';
  let valid = Array.isArray(normalizedShape) && normalizedShape.length > 0;
  for (let i = 0; valid && i < normalizedShape.length; i++) valid = Number.isSafeInteger(normalizedShape[i]) && normalizedShape[i]! >= 1;
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

export function groupNorm(x: Tensor, numGroups: number, weight: Tensor | null = null, bias: Tensor | null = null): Tensor {
  const op = 'aten::group_norm';
  intArg('group_norm', 'num_groups', numGroups, 1);
  expectChannels(op, x);
  expectPerChannel(op, x, 'weight', weight);
  expectPerChannel(op, x, 'bias', bias);
  if (x.shape[1]! % numGroups !== 0) {
    throw new ShapeError(op, `${x.shape[1]} channels do not split into ${numGroups} groups`, { input: x.shape });
  }
  return record(GROUP_NORM, { input: x, num_groups: numGroups, weight, bias }, x.shape, x.dtype);
}

/** `x.norm(p, dim, keepdim)` over one dimension (PyTorch 1.13 traces aten::norm). */
export function norm(x: Tensor, p: number, dim: number, keepdim = false): Tensor {
  const op = 'aten::norm';
  const d = normDim(op, dim, x.rank, x.shape);
  const s = keepdim ? x.shape.map((v, i) => (i === d ? 1 : v)) : x.shape.filter((_, i) => i !== d);
  return record(NORM, { self: x, p, dim: [dim], keepdim }, s, x.dtype);
}

/**
 * `F.normalize(x, p, dim, eps)` as PyTorch 1.13 runs it:
 * `x / x.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(x)`.
 */
export function normalize(x: Tensor, dim = 1, p = 2, eps = 1e-12): Tensor {
  const denom = expandAs(clampMin(norm(x, p, dim, true), eps), x);
  return div(x, denom);
}
