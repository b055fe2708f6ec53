// Filled constructors and triangular masks, as attention code builds its
// masks (nn.Transformer.generate_square_subsequent_mask, causal or banded
// masks): torch.full, torch.ones_like, torch.triu and torch.tril. Shape-only:
// the value filled in or the diagonal kept changes no shape, but the dtypes
// follow PyTorch (a bool fill gives a bool tensor, triu keeps its input's).

import type { DType } from '../../core/dtype.js';
import { ArgumentError, ShapeError } from '../../core/errors.js';
import type { OpSchema } from '../../core/op_schema.js';
import { checkSizes } from '../../core/shape.js';
import { checkDType, checkTensor, intArg, intListArg, type IntLike, type Tensor } from '../../core/tensor.js';
import { record, schema } from './util.js';

const FULL = schema('aten::full');
const ONES_LIKE = schema('aten::ones_like');
const TRIU = schema('aten::triu');
const TRIL = schema('aten::tril');

/**
 * `torch.full(size, fill_value, dtype=...)`. Sizes may be traced (`x.size(1)`).
 * The dtype defaults to PyTorch's for the value: bool for a boolean, the
 * default float32 for a number (JavaScript cannot tell `1` from `1.0`: pass
 * `'int64'` for what Python writes as an int).
 */
export function full(size: readonly IntLike[], fillValue: number | boolean, dtype?: DType): Tensor {
  const op = FULL.kind;
  const shape = checkSizes(op, 'size', intListArg(op, 'size', size));
  if (typeof fillValue !== 'number' && typeof fillValue !== 'boolean') throw new ArgumentError(op, 'fill_value', fillValue, 'a number or a boolean');
  if (dtype !== undefined) checkDType(op, dtype);
  const out = dtype ?? (typeof fillValue === 'boolean' ? 'bool' : 'float32');
  return record(FULL, { size, fill_value: fillValue, dtype: dtype ?? null }, shape, out);
}

/** `torch.ones_like(x, dtype=...)`: the dtype defaults to `x`'s. */
export function onesLike(x: Tensor, dtype?: DType): Tensor {
  checkTensor(ONES_LIKE.kind, x);
  if (dtype !== undefined) checkDType(ONES_LIKE.kind, dtype);
  return record(ONES_LIKE, { self: x, dtype: dtype ?? null }, x.shape, dtype ?? x.dtype);
}

/** triu / tril: the input's shape and dtype; at least 2-D, as PyTorch requires. */
function triangle(op: OpSchema, x: Tensor, diagonal: IntLike): Tensor {
  checkTensor(op.kind, x);
  intArg(op.kind, 'diagonal', diagonal);
  if (x.rank < 2) throw new ShapeError(op.kind, 'input tensor must have at least 2 dimensions', { input: x.shape });
  return record(op, { self: x, diagonal }, x.shape, x.dtype);
}

/**
 * `torch.triu(x, diagonal=0)`: the upper triangle of the last two dimensions
 * (elements below the `diagonal`-th diagonal zeroed). `diagonal` may be traced
 * (`S - T + 1` on sizes), which the trace converts with aten::Int.
 */
export const triu = (x: Tensor, diagonal: IntLike = 0): Tensor => triangle(TRIU, x, diagonal);

/** `torch.tril(x, diagonal=0)`: the lower triangle of the last two dimensions. */
export const tril = (x: Tensor, diagonal: IntLike = 0): Tensor => triangle(TRIL, x, diagonal);
