// Resampling: interpolate / upsample. The op name carries the mode and rank,
// as aten's does (upsample_nearest2d, upsample_bilinear2d, ...).

import { ArgumentError, ShapeError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { intValue, type IntLike } from '../../core/tensor.js';
import { expectPositive, record, schema } from './util.js';

export type InterpolateMode = 'nearest' | 'linear' | 'bilinear' | 'bicubic' | 'trilinear';

const MODE_RANK: Record<InterpolateMode, number | null> = { nearest: null, linear: 1, bilinear: 2, bicubic: 2, trilinear: 3 };

export function interpolate(
  x: Tensor,
  size: IntLike | readonly IntLike[] | null = null,
  scaleFactor: number | readonly number[] | null = null,
  mode: InterpolateMode = 'nearest',
  alignCorners: boolean | null = null,
): Tensor {
  const spatial = x.rank - 2;
  const want = MODE_RANK[mode];
  if (want === undefined) throw new ArgumentError('interpolate', 'mode', mode, 'nearest, linear, bilinear, bicubic or trilinear');
  const kind = `aten::upsample_${mode}${spatial}d`;
  if (spatial < 1 || spatial > 3 || (want !== null && want !== spatial)) {
    throw new ShapeError(kind, `mode '${mode}' needs ${want === null ? '3-D to 5-D' : `${want + 2}-D`} input, got ${x.rank}-D`, { input: x.shape });
  }
  if ((size === null) === (scaleFactor === null)) {
    throw new ArgumentError('interpolate', 'size/scale_factor', null, 'exactly one of size and scale_factor');
  }
  const shape = x.shape.slice(0, 2);
  for (let i = 0; i < spatial; i++) {
    if (size !== null) shape.push(intValue(Array.isArray(size) ? (size as readonly IntLike[])[i]! : (size as IntLike)));
    else {
      const f = typeof scaleFactor === 'number' ? scaleFactor : scaleFactor![i]!;
      shape.push(Math.floor(x.shape[i + 2]! * f));
    }
  }
  expectPositive(kind, shape, { input: x.shape });
  const op = schema(`${kind}.vec`);
  const outputSize = size === null ? null : Array.isArray(size) ? size : new Array<IntLike>(spatial).fill(size as IntLike);
  const scales = scaleFactor === null ? null : typeof scaleFactor === 'number' ? new Array<number>(spatial).fill(scaleFactor) : scaleFactor;
  const args = mode === 'nearest' ? { input: x, output_size: outputSize, scale_factors: scales } : { input: x, output_size: outputSize, align_corners: alignCorners, scale_factors: scales };
  return record(op, args, shape, x.dtype);
}
