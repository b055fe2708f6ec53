// Normalisations. The counters need to know whether a weight is present
// (affine) and, for batch norm, whether batch statistics are used.

import { ShapeError } from '../../core/errors.js';
import { normDim, type Shape } from '../../core/shape.js';
import type { Tensor } from '../../core/tensor.js';
import { clampMin, div } from './elementwise.js';
import { expandAs } from './shape_ops.js';
import { record, schema } from './util.js';

const BATCH_NORM = schema('aten::batch_norm');
const INSTANCE_NORM = schema('aten::instance_norm');
const LAYER_NORM = schema('aten::layer_norm');
const GROUP_NORM = schema('aten::group_norm');
const NORM = schema('aten::norm.ScalarOpt_dim');

function expectChannels(op: string, x: Tensor, channels: number | undefined, what: string): void {
  if (x.rank < 2) throw new ShapeError(op, `expected at least 2-D input (N, C, ...), got ${x.rank}-D`, { input: x.shape });
  if (channels !== undefined && x.shape[1] !== channels) {
    throw new ShapeError(op, `expected ${channels} ${what}, got ${x.shape[1]}`, { input: x.shape });
  }
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
  expectChannels(op, x, (weight ?? runningMean)?.shape[0], 'channels');
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
  expectChannels(op, x, (weight ?? runningMean)?.shape[0], 'channels');
  return record(
    INSTANCE_NORM,
    { input: x, weight, bias, running_mean: runningMean, running_var: runningVar, use_input_stats: useInputStats },
    x.shape,
    x.dtype,
  );
}

export function layerNorm(x: Tensor, normalizedShape: Shape, weight: Tensor | null = null, bias: Tensor | null = null): Tensor {
  const op = 'aten::layer_norm';
  const tail = x.shape.slice(x.rank - normalizedShape.length);
  if (x.rank < normalizedShape.length || tail.some((d, i) => d !== normalizedShape[i])) {
    throw new ShapeError(op, `input's last dimensions must be ${'[' + normalizedShape.join(',') + ']'}`, { input: x.shape });
  }
  return record(LAYER_NORM, { input: x, normalized_shape: normalizedShape, weight, bias }, x.shape, x.dtype);
}

export function groupNorm(x: Tensor, numGroups: number, weight: Tensor | null = null, bias: Tensor | null = null): Tensor {
  const op = 'aten::group_norm';
  expectChannels(op, x, weight?.shape[0], 'channels');
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
