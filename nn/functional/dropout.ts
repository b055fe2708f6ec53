// Channel dropout (`F.dropout1d/2d/3d`): aten::feature_dropout (or
// feature_dropout_ in place), recorded in both modes as PyTorch's functional
// form passes `training` through. Unbatched inputs are unsqueezed and
// squeezed around it, as in PyTorch 1.13 (`dropout2d` treats a 3-D input as
// batched (N, C, L), as 1.13 does).

import { ACTIVATION_OPS, RANK_OPS } from '../../core/op_schema.js';
import { ArgumentError, ShapeError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { squeeze, unsqueeze } from './shape_ops.js';
import { record, schema } from './util.js';

function featureDropout(spatial: number, x: Tensor, p: number, training: boolean, inplace: boolean): Tensor {
  const where = `dropout${spatial}d`;
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new ArgumentError(where, 'p', p, 'a probability between 0 and 1');
  // dropout1d refuses other ranks; dropout2d/3d only warn, and run on any rank.
  if (spatial === 1 && x.rank !== 2 && x.rank !== 3) {
    throw new ShapeError('aten::feature_dropout', `dropout1d expects 2-D or 3-D input, got ${x.rank}-D`, { input: x.shape });
  }
  const unbatched = spatial !== 2 && x.rank === spatial + 1;
  let input = x;
  if (unbatched) input = inplace ? record(schema(RANK_OPS, 'aten::unsqueeze_'), { self: x, dim: 0 }, [1, ...x.shape], x.dtype) : unsqueeze(x, 0);
  const op = schema(ACTIVATION_OPS, inplace ? 'aten::feature_dropout_' : 'aten::feature_dropout');
  const result = record(op, { input, p, train: training }, input.shape, x.dtype);
  if (!unbatched) return result;
  return inplace ? record(schema(RANK_OPS, 'aten::squeeze_.dim'), { self: result, dim: 0 }, x.shape, x.dtype) : squeeze(result, 0);
}

/** `F.dropout1d(x, p=0.5, training=True, inplace=False)` on `(N, C, L)` or `(C, L)`: same shape. Records aten::feature_dropout (feature_dropout_ in place). */
export const dropout1d = (x: Tensor, p = 0.5, training = true, inplace = false): Tensor => featureDropout(1, x, p, training, inplace);
/** `F.dropout2d(x, p=0.5, training=True, inplace=False)` on `(N, C, H, W)` (a 3-D input counts as batched): same shape. Records aten::feature_dropout (feature_dropout_ in place). */
export const dropout2d = (x: Tensor, p = 0.5, training = true, inplace = false): Tensor => featureDropout(2, x, p, training, inplace);
/** `F.dropout3d(x, p=0.5, training=True, inplace=False)` on `(N, C, D, H, W)` or `(C, D, H, W)`: same shape. Records aten::feature_dropout (feature_dropout_ in place). */
export const dropout3d = (x: Tensor, p = 0.5, training = true, inplace = false): Tensor => featureDropout(3, x, p, training, inplace);
