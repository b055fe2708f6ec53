// Pointwise ops and mask helpers that the activation and attention layers
// (and the models using them) trace: abs, neg, gt (with a Python number or
// a tensor), logical_or, zeros_like and the in-place masked_fill_.

import { TENSOR_FUNCTION_OPS, type OpIn } from '../../core/op_schema.js';
import { ArgumentError, ShapeError } from '../../core/errors.js';
import { broadcastShapes, sameShape } from '../../core/shape.js';
import { checkDType, checkTensor, type Tensor } from '../../core/tensor.js';
import { record, recordInPlace, schema } from './util.js';

const ABS = /* @__PURE__ */ schema(TENSOR_FUNCTION_OPS, 'aten::abs');
const NEG = /* @__PURE__ */ schema(TENSOR_FUNCTION_OPS, 'aten::neg');
const GT = /* @__PURE__ */ schema(TENSOR_FUNCTION_OPS, 'aten::gt');
const LOGICAL_OR = /* @__PURE__ */ schema(TENSOR_FUNCTION_OPS, 'aten::logical_or');
const ZEROS_LIKE = /* @__PURE__ */ schema(TENSOR_FUNCTION_OPS, 'aten::zeros_like');
const MASKED_FILL_ = /* @__PURE__ */ schema(TENSOR_FUNCTION_OPS, 'aten::masked_fill_');

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
function pointwise(kind: OpIn<typeof TENSOR_FUNCTION_OPS>): (x: Tensor) => Tensor {
  const op = schema(TENSOR_FUNCTION_OPS, kind);
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

// Rounding, sign and dtype casts (the tensor_ops golden). floor and round
// keep an integer tensor as it is (PyTorch refuses bool); sign keeps the dtype.

/** The pointwise ops PyTorch does not implement for bool tensors. */
function noBool(kind: OpIn<typeof TENSOR_FUNCTION_OPS>): (x: Tensor) => Tensor {
  const f = pointwise(kind);
  return (x) => {
    checkTensor(kind, x);
    if (x.dtype === 'bool') throw new ArgumentError(kind, 'self', 'a bool tensor', 'a number tensor (not implemented for Bool)');
    return f(x);
  };
}

/** `torch.floor(x)` / `x.floor()`. */
export const floor = noBool('aten::floor');
/** `torch.round(x)` / `x.round()`: to the nearest integer, halves to even. */
export const round = noBool('aten::round');
/** `torch.sign(x)` / `x.sign()`: -1, 0 or 1, in `x`'s dtype. */
export const sign = pointwise('aten::sign');

/** `x.type_as(other)`: `x` cast to `other`'s dtype (recorded as aten::type_as whatever the dtypes). */
export function typeAs(x: Tensor, other: Tensor): Tensor {
  const op = schema(TENSOR_FUNCTION_OPS, 'aten::type_as');
  checkTensor(op.kind, x);
  checkTensor(op.kind, other, 'other');
  return record(op, { self: x, other }, x.shape, other.dtype);
}
