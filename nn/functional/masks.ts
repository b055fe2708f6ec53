// Filled constructors and triangular masks, as attention code builds its
// masks (nn.Transformer.generate_square_subsequent_mask, causal or banded
// masks): torch.full, torch.ones_like, torch.triu and torch.tril. Shape-only:
// the value filled in or the diagonal kept changes no shape, but the dtypes
// follow PyTorch (full is float32 unless told, triu keeps its input's).

import { TENSOR_FUNCTION_OPS } from '../../core/op_schema.js';
import type { DType } from '../../core/dtype.js';
import { ArgumentError, ShapeError } from '../../core/errors.js';
import type { OpSchema } from '../../core/op_schema.js';
import { checkSizes } from '../../core/shape.js';
import { checkDType, checkTensor, intArg, intListArg, TracedInt, type IntLike, type Tensor } from '../../core/tensor.js';
import { record, schema } from './util.js';

const FULL = /* @__PURE__ */ schema(TENSOR_FUNCTION_OPS, 'aten::full');
const ONES_LIKE = /* @__PURE__ */ schema(TENSOR_FUNCTION_OPS, 'aten::ones_like');
const TRIU = /* @__PURE__ */ schema(TENSOR_FUNCTION_OPS, 'aten::triu');
const TRIL = /* @__PURE__ */ schema(TENSOR_FUNCTION_OPS, 'aten::tril');

/**
 * `torch.full(size, fill_value, dtype=...)`. Sizes may be traced (`x.size(1)`),
 * and so may the fill value (GPT-2's `torch.full([], value.size(-1) ** 0.5)`:
 * the trace converts it with aten::ScalarImplicit).
 * The dtype defaults to the default float32 (JavaScript cannot tell `1` from
 * `1.0`: pass `'int64'` for what Python writes as an int fill; a traced
 * integer fill is int64, as in PyTorch). A boolean fill
 * is refused: PyTorch 1.13's tracer fails on `torch.full(size, True)`
 * (no aten::full takes a bool Scalar); `full(size, 1, 'bool')` is the mask it traces.
 */
export function full(size: readonly IntLike[], fillValue: number | TracedInt, dtype?: DType): Tensor {
  const op = FULL.kind;
  const shape = checkSizes(op, 'size', intListArg(op, 'size', size));
  if (typeof fillValue !== 'number' && !(fillValue instanceof TracedInt)) {
    const hint = typeof fillValue === 'boolean' ? " (PyTorch 1.13's tracer cannot record a bool fill_value: give 1 or 0 and dtype 'bool')" : '';
    throw new ArgumentError(op, 'fill_value', fillValue, `a number${hint}`);
  }
  if (dtype !== undefined) checkDType(op, dtype);
  const inferred = fillValue instanceof TracedInt && fillValue.dtype === 'int64' && Number.isInteger(fillValue.value) ? 'int64' : 'float32';
  return record(FULL, { size, fill_value: fillValue, dtype: dtype ?? null }, shape, dtype ?? inferred);
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
  if (x.rank < 2) throw new ShapeError(op.kind, `expected a tensor of at least 2 dimensions, got ${x.rank}-D (dimension -2 out of range)`, { input: x.shape });
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

// The tensor_ops golden: torch.full_like.
const FULL_LIKE = /* @__PURE__ */ schema(TENSOR_FUNCTION_OPS, 'aten::full_like');

/** `torch.full_like(x, fill_value, dtype=...)`: `x`'s shape, and its dtype unless one is given. */
export function fullLike(x: Tensor, fillValue: number, dtype?: DType): Tensor {
  const op = FULL_LIKE.kind;
  checkTensor(op, x);
  if (typeof fillValue !== 'number') throw new ArgumentError(op, 'fill_value', fillValue, 'a number');
  if (dtype !== undefined) checkDType(op, dtype);
  return record(FULL_LIKE, { self: x, fill_value: fillValue, dtype: dtype ?? null }, x.shape, dtype ?? x.dtype);
}
