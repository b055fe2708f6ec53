// Pointwise ops and mask helpers that the activation and attention layers
// (and the models using them) trace: abs, neg, gt (with a Python number or
// a tensor), logical_or, zeros_like and the in-place masked_fill_.

import { ShapeError } from '../../core/errors.js';
import { broadcastShapes, sameShape } from '../../core/shape.js';
import { checkDType, checkTensor, type Tensor } from '../../core/tensor.js';
import { record, recordInPlace, schema } from './util.js';

const ABS = schema('aten::abs');
const NEG = schema('aten::neg');
const GT = schema('aten::gt');
const LOGICAL_OR = schema('aten::logical_or');
const ZEROS_LIKE = schema('aten::zeros_like');
const MASKED_FILL_ = schema('aten::masked_fill_');

/** `x.abs()` / `torch.abs(x)`. */
export const abs = (x: Tensor): Tensor => record(ABS, { self: x }, x.shape, x.dtype);
/** `-x` / `x.neg()`. */
export const neg = (x: Tensor): Tensor => record(NEG, { self: x }, x.shape, x.dtype);

/** `a > b` (a bool tensor); `b` a tensor or a Python number. */
export const gt = (a: Tensor, b: Tensor | number): Tensor =>
  record(GT, { self: a, other: b }, typeof b === 'number' ? a.shape : broadcastShapes(GT.kind, a.shape, b.shape), 'bool');

/** `a.logical_or(b)`: a bool tensor of the broadcast shape. */
export function logicalOr(a: Tensor, b: Tensor): Tensor {
  checkTensor(LOGICAL_OR.kind, a);
  checkTensor(LOGICAL_OR.kind, b, 'other');
  return record(LOGICAL_OR, { self: a, other: b }, broadcastShapes(LOGICAL_OR.kind, a.shape, b.shape), 'bool');
}

/** `torch.zeros_like(x, dtype=...)`: the dtype defaults to `x`'s. */
export function zerosLike(x: Tensor, dtype: Tensor['dtype'] = x.dtype): Tensor {
  checkTensor(ZEROS_LIKE.kind, x);
  checkDType(ZEROS_LIKE.kind, dtype);
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

/** A pointwise op of one tensor (`self`) with the same shape and dtype out. */
function pointwise(kind: string): (x: Tensor) => Tensor {
  const op = schema(kind);
  return (x) => {
    checkTensor(kind, x);
    return record(op, { self: x }, x.shape, x.dtype);
  };
}

/** `torch.sqrt(x)` / `x.sqrt()`. */
export const sqrt = pointwise('aten::sqrt');
/** `torch.rsqrt(x)` / `x.rsqrt()`: 1 / sqrt(x). */
export const rsqrt = pointwise('aten::rsqrt');
/** `torch.log(x)` / `x.log()`: the natural logarithm. */
export const log = pointwise('aten::log');
/** `torch.sin(x)` / `x.sin()`. */
export const sin = pointwise('aten::sin');
/** `torch.cos(x)` / `x.cos()`. */
export const cos = pointwise('aten::cos');
