// Pointwise ops and mask helpers that the activation and attention layers
// (and the models using them) trace: abs, neg, comparisons with a Python
// number or a tensor, logical_or, zeros_like and the in-place masked_fill_.

import { ShapeError } from '../../core/errors.js';
import { broadcastShapes, sameShape } from '../../core/shape.js';
import type { Tensor } from '../../core/tensor.js';
import { record, recordInPlace, schema } from './util.js';

const ABS = schema('aten::abs');
const NEG = schema('aten::neg');
const GT = schema('aten::gt');
const LT = schema('aten::lt');
const GE = schema('aten::ge');
const LE = schema('aten::le');
const LOGICAL_OR = schema('aten::logical_or');
const LOGICAL_AND = schema('aten::logical_and');
const LOGICAL_NOT = schema('aten::logical_not');
const ZEROS_LIKE = schema('aten::zeros_like');
const MASKED_FILL_ = schema('aten::masked_fill_');

/** `x.abs()` / `torch.abs(x)`. */
export const abs = (x: Tensor): Tensor => record(ABS, { self: x }, x.shape, x.dtype);
/** `-x` / `x.neg()`. */
export const neg = (x: Tensor): Tensor => record(NEG, { self: x }, x.shape, x.dtype);

function compare(op: typeof GT, a: Tensor, b: Tensor | number): Tensor {
  const shape = typeof b === 'number' ? a.shape : broadcastShapes(op.kind, a.shape, b.shape);
  return record(op, { self: a, other: b }, shape, 'bool');
}

/** `a > b` (a bool tensor); `b` a tensor or a Python number. */
export const gt = (a: Tensor, b: Tensor | number): Tensor => compare(GT, a, b);
/** `a < b`. */
export const lt = (a: Tensor, b: Tensor | number): Tensor => compare(LT, a, b);
/** `a >= b`. */
export const ge = (a: Tensor, b: Tensor | number): Tensor => compare(GE, a, b);
/** `a <= b`. */
export const le = (a: Tensor, b: Tensor | number): Tensor => compare(LE, a, b);

/** `a.logical_or(b)`: a bool tensor of the broadcast shape. */
export function logicalOr(a: Tensor, b: Tensor): Tensor {
  return record(LOGICAL_OR, { self: a, other: b }, broadcastShapes(LOGICAL_OR.kind, a.shape, b.shape), 'bool');
}
/** `a.logical_and(b)`. */
export function logicalAnd(a: Tensor, b: Tensor): Tensor {
  return record(LOGICAL_AND, { self: a, other: b }, broadcastShapes(LOGICAL_AND.kind, a.shape, b.shape), 'bool');
}
/** `x.logical_not()`. */
export const logicalNot = (x: Tensor): Tensor => record(LOGICAL_NOT, { self: x }, x.shape, 'bool');

/** `torch.zeros_like(x, dtype=...)`: the dtype defaults to `x`'s. */
export function zerosLike(x: Tensor, dtype: Tensor['dtype'] = x.dtype): Tensor {
  return record(ZEROS_LIKE, { self: x, dtype }, x.shape, dtype);
}

/** `x.masked_fill_(mask, value)`: in place; the mask broadcasts to `x`'s shape. */
export function maskedFill_(x: Tensor, mask: Tensor, value: number): Tensor {
  const full = broadcastShapes(MASKED_FILL_.kind, x.shape, mask.shape);
  if (!sameShape(full, x.shape)) {
    throw new ShapeError(MASKED_FILL_.kind, 'the mask must broadcast to the shape of the tensor written to', { self: x.shape, mask: mask.shape });
  }
  return recordInPlace(MASKED_FILL_, { self: x, mask, value }, x);
}
