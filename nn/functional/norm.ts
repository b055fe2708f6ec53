// Normalisations. The counters need to know whether a weight is present
// (affine) and, for batch norm, whether batch statistics are used.

import { ShapeError } from '../../core/errors.js';
import { normDim, type Shape } from '../../core/shape.js';
import type { Tensor } from '../../core/tensor.js';
import { emitOp } from '../../core/dispatch.js';
import { clampMin, div } from './elementwise.js';
import { expandAs } from './shape_ops.js';
import { out } from './util.js';

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
  emitOp(
    op,
    [x.shape, weight?.shape ?? null, bias?.shape ?? null, runningMean?.shape ?? null, runningVar?.shape ?? null, null, null, null, null],
    [x.shape],
    { training },
  );
  return out(x.shape, x);
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
  emitOp(
    op,
    [x.shape, weight?.shape ?? null, bias?.shape ?? null, runningMean?.shape ?? null, runningVar?.shape ?? null, null, null, null, null],
    [x.shape],
    { training: useInputStats },
  );
  return out(x.shape, x);
}

export function layerNorm(x: Tensor, normalizedShape: Shape, weight: Tensor | null = null, bias: Tensor | null = null): Tensor {
  const op = 'aten::layer_norm';
  const tail = x.shape.slice(x.rank - normalizedShape.length);
  if (x.rank < normalizedShape.length || tail.some((d, i) => d !== normalizedShape[i])) {
    throw new ShapeError(op, `input's last dimensions must be ${'[' + normalizedShape.join(',') + ']'}`, { input: x.shape });
  }
  emitOp(op, [x.shape, null, weight?.shape ?? null, bias?.shape ?? null, null, null], [x.shape]);
  return out(x.shape, x);
}

export function groupNorm(x: Tensor, numGroups: number, weight: Tensor | null = null, bias: Tensor | null = null): Tensor {
  const op = 'aten::group_norm';
  expectChannels(op, x, weight?.shape[0], 'channels');
  if (x.shape[1]! % numGroups !== 0) {
    throw new ShapeError(op, `${x.shape[1]} channels do not split into ${numGroups} groups`, { input: x.shape });
  }
  emitOp(op, [x.shape, null, weight?.shape ?? null, bias?.shape ?? null, null, null], [x.shape]);
  return out(x.shape, x);
}

/** `torch.linalg.vector_norm(x, ord, dim, keepdim)` over one dimension. */
export function linalgVectorNorm(x: Tensor, dim: number, keepdim = false): Tensor {
  const op = 'aten::linalg_vector_norm';
  const d = normDim(op, dim, x.rank, x.shape);
  const s = keepdim ? x.shape.map((v, i) => (i === d ? 1 : v)) : x.shape.filter((_, i) => i !== d);
  emitOp(op, [x.shape, null, null, null, null], [s]);
  return out(s, x);
}

/**
 * `F.normalize(x, p=2, dim)` as PyTorch 1.13 runs it:
 * `x / x.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(x)`, where
 * Tensor.norm goes to linalg.vector_norm.
 */
export function normalize(x: Tensor, dim = 1): Tensor {
  const denom = expandAs(clampMin(linalgVectorNorm(x, dim, true)), x);
  return div(x, denom);
}
