// Elementwise arithmetic, activations and reductions. None of these has a
// counter by default; they are recorded so that unsupported-op lists and
// "was this module called" match the reference.

import { ARITHMETIC_OPS, ELEMENTWISE_OPS, RELU_OPS, TENSOR_FUNCTION_OPS, opSchema, type OpSchema } from '../../core/op_schema.js';
import { ArgumentError, ShapeError } from '../../core/errors.js';
import { broadcastShapes, type Dim, normDim, sameShape, type Shape } from '../../core/shape.js';
import { checkTensor, type Tensor } from '../../core/tensor.js';
import { record, recordInPlace, recordUnary, schema, unaryIn } from './util.js';

/** A tensor (a traced integer among them) or a Python number. */
type Operand = Tensor | number;

/** The shape of a tensor operand, or null for a Python number. */
function shapeOf(op: OpSchema, argument: string, v: Operand): Shape | null {
  if (typeof v === 'number') return null;
  checkTensor(op.kind, v, argument);
  return v.shape;
}

function binary(op: OpSchema, a: Tensor, b: Operand): Tensor {
  checkTensor(op.kind, a);
  const bs = shapeOf(op, 'other', b);
  const shape = bs === null ? a.shape : broadcastShapes(op.kind, a.shape, bs);
  return record(op, { self: a, other: b }, shape, a.dtype);
}

function inplace(op: OpSchema, a: Tensor, b: Operand): Tensor {
  checkTensor(op.kind, a);
  const bs = shapeOf(op, 'other', b);
  if (bs !== null && !sameShape(broadcastShapes(op.kind, a.shape, bs), a.shape)) {
    throw new ShapeError(op.kind, 'in-place result must keep the shape of the tensor written to', { a: a.shape, b: bs });
  }
  return recordInPlace(op, { self: a, other: b }, a);
}

const ADD = /* @__PURE__ */ schema(ARITHMETIC_OPS, 'aten::add');
const ADD_ = /* @__PURE__ */ schema(ARITHMETIC_OPS, 'aten::add_');
const SUB = /* @__PURE__ */ schema(ARITHMETIC_OPS, 'aten::sub');
const MUL = /* @__PURE__ */ schema(ARITHMETIC_OPS, 'aten::mul');
const MUL_ = /* @__PURE__ */ schema(ARITHMETIC_OPS, 'aten::mul_');
const DIV = /* @__PURE__ */ schema(ARITHMETIC_OPS, 'aten::div');
const DIV_ = /* @__PURE__ */ schema(ARITHMETIC_OPS, 'aten::div_');
const BERNOULLI_ = /* @__PURE__ */ schema(TENSOR_FUNCTION_OPS, 'aten::bernoulli_');

/** `torch.add(a, b)` / `a + b` (alpha=1): `b` a tensor or a Python number; broadcast shape, `a`'s dtype. Records aten::add. */
export const add = (a: Tensor, b: Operand): Tensor => binary(ADD, a, b);
/** `a.add_(b)`: in place, so `b` must broadcast to `a`'s shape; returns `a`. Records aten::add_. */
export const add_ = (a: Tensor, b: Operand): Tensor => inplace(ADD_, a, b);
/** `torch.sub(a, b)` / `a - b` (alpha=1): broadcast shape, `a`'s dtype. Records aten::sub. */
export const sub = (a: Tensor, b: Operand): Tensor => binary(SUB, a, b);
/** `torch.mul(a, b)` / `a * b`: broadcast shape, `a`'s dtype. Records aten::mul. */
export const mul = (a: Tensor, b: Operand): Tensor => binary(MUL, a, b);
/** `a.mul_(b)`: in place, `b` broadcast to `a`'s shape; returns `a`. Records aten::mul_. */
export const mul_ = (a: Tensor, b: Operand): Tensor => inplace(MUL_, a, b);
/** `torch.div(a, b)` / `a / b` (true division, rounding_mode=None): broadcast shape, `a`'s dtype. Records aten::div. */
export const div = (a: Tensor, b: Operand): Tensor => binary(DIV, a, b);
/** `a.div_(b)`: in place, `b` broadcast to `a`'s shape; returns `a`. Records aten::div_. */
export const div_ = (a: Tensor, b: Operand): Tensor => inplace(DIV_, a, b);
/** In-place Bernoulli sampling (stochastic depth's noise). */
export function bernoulli_(x: Tensor, p: number): Tensor {
  checkTensor(BERNOULLI_.kind, x);
  checkProbability(BERNOULLI_.kind, p);
  return recordInPlace(BERNOULLI_, { self: x, p }, x);
}

function checkProbability(op: string, p: unknown): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new ArgumentError(op, 'p', p, 'a probability between 0 and 1');
}

/**
 * An op with one tensor argument (`self`, or the schema's first) and the same
 * shape out; `args` are its other arguments by name. In-place ops (name ending
 * in `_`) return `x` itself.
 */
export function unary(kind: string, x: Tensor, args: Readonly<Record<string, unknown>> = {}): Tensor {
  return recordUnary(opSchema(kind), x, args);
}

/** `F.relu(x, inplace=False)`: same shape and dtype. Records aten::relu (aten::relu_ in place). */
export const relu = (x: Tensor, inplace_ = false): Tensor => unaryIn(RELU_OPS, inplace_ ? 'aten::relu_' : 'aten::relu', x);
/** `F.hardtanh(x, min_val=-1, max_val=1, inplace=False)`: same shape and dtype. Records aten::hardtanh (aten::hardtanh_ in place). */
export const hardtanh = (x: Tensor, minVal = -1, maxVal = 1, inplace_ = false): Tensor =>
  unaryIn(RELU_OPS, inplace_ ? 'aten::hardtanh_' : 'aten::hardtanh', x, { min_val: minVal, max_val: maxVal });
/** ReLU6 is hardtanh(0, 6), which is what the trace shows. */
export const relu6 = (x: Tensor, inplace_ = false): Tensor => hardtanh(x, 0, 6, inplace_);
/** `F.hardswish(x, inplace=False)`: same shape and dtype. Records aten::hardswish (aten::hardswish_ in place). */
export const hardswish = (x: Tensor, inplace_ = false): Tensor => unaryIn(ELEMENTWISE_OPS, inplace_ ? 'aten::hardswish_' : 'aten::hardswish', x);
/** `F.hardsigmoid(x, inplace=False)`: same shape and dtype. Records aten::hardsigmoid (aten::hardsigmoid_ in place). */
export const hardsigmoid = (x: Tensor, inplace_ = false): Tensor => unaryIn(ELEMENTWISE_OPS, inplace_ ? 'aten::hardsigmoid_' : 'aten::hardsigmoid', x);
/** `F.silu(x, inplace=False)`: same shape and dtype. Records aten::silu (aten::silu_ in place). */
export const silu = (x: Tensor, inplace_ = false): Tensor => unaryIn(ELEMENTWISE_OPS, inplace_ ? 'aten::silu_' : 'aten::silu', x);
/** `F.gelu(x, approximate='none')` (`'none'` or `'tanh'`): same shape and dtype. Records aten::gelu. */
export function gelu(x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor {
  if (approximate !== 'none' && approximate !== 'tanh') throw new ArgumentError('aten::gelu', 'approximate', approximate, "'none' or 'tanh'");
  return unaryIn(ELEMENTWISE_OPS, 'aten::gelu', x, { approximate });
}
/** `torch.sigmoid(x)`: same shape and dtype. Records aten::sigmoid. */
export const sigmoid = (x: Tensor): Tensor => unaryIn(ELEMENTWISE_OPS, 'aten::sigmoid', x);
/** `torch.tanh(x)`: same shape and dtype. Records aten::tanh. */
export const tanh = (x: Tensor): Tensor => unaryIn(ELEMENTWISE_OPS, 'aten::tanh', x);

/** `F.softmax(x, dim)` (dim required here; dtype=None): same shape and dtype. Records aten::softmax. */
export function softmax(x: Tensor, dim: number): Tensor {
  checkTensor('aten::softmax', x);
  normDim('aten::softmax', dim, x.rank, x.shape);
  return unaryIn(ELEMENTWISE_OPS, 'aten::softmax', x, { dim });
}

/** Recorded in both modes, as PyTorch's functional dropout is. */
export function dropout(x: Tensor, p = 0.5, training = true, inplace_ = false): Tensor {
  checkProbability(inplace_ ? 'aten::dropout_' : 'aten::dropout', p);
  return unaryIn(ELEMENTWISE_OPS, inplace_ ? 'aten::dropout_' : 'aten::dropout', x, { p, train: training });
}

/** The shape after reducing over `dims` (an empty list reduces every dimension, as in PyTorch). */
export function reducedShape(kind: string, x: Tensor, dims: number | readonly number[], keepdim: boolean): Shape {
  const list = Array.isArray(dims) ? (dims.length ? dims : x.shape.map((_, i) => i)) : [dims];
  const drop = new Set(list.map((d) => normDim(kind, d, x.rank, x.shape)));
  if (drop.size < list.length) throw new ShapeError(kind, `dims [${list.join(',')}] repeat a dimension`, { input: x.shape });
  const shape: Dim[] = [];
  x.shape.forEach((d, i) => {
    if (!drop.has(i)) shape.push(d);
    else if (keepdim) shape.push(1);
  });
  return shape;
}

/** Sum over all elements, or over `dim`. */
const SUM = /* @__PURE__ */ schema(TENSOR_FUNCTION_OPS, 'aten::sum');
const SUM_DIM = /* @__PURE__ */ schema(TENSOR_FUNCTION_OPS, 'aten::sum.dim_IntList');
const MEAN = /* @__PURE__ */ schema(TENSOR_FUNCTION_OPS, 'aten::mean');
const MEAN_DIM = /* @__PURE__ */ schema(TENSOR_FUNCTION_OPS, 'aten::mean.dim');

function reduce(all: OpSchema, overDims: OpSchema, x: Tensor, dim: number | readonly number[] | undefined, keepdim: boolean): Tensor {
  checkTensor(overDims.kind, x);
  if (dim === undefined) return record(all, { self: x }, [], x.dtype);
  return record(overDims, { self: x, dim, keepdim }, reducedShape(overDims.kind, x, dim, keepdim), x.dtype);
}

/** Sum over all elements, or over `dim`. */
export function sum(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return reduce(SUM, SUM_DIM, x, dim, keepdim);
}

/** `torch.mean(x, dim=None, keepdim=False)`: a 0-dim tensor with no `dim` (aten::mean), else reduced over `dim` (aten::mean.dim); `x`'s dtype. */
export function mean(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return reduce(MEAN, MEAN_DIM, x, dim, keepdim);
}

// Ops that Swin and MaxViT trace: arithmetic on traced sizes (0-dim tensors
// under the JIT tracer), comparisons, fills and the pieces of F.normalize.

/** `n - x` with a Python number on the left: Tensor.__rsub__. */
export const rsub = (a: Tensor, b: Operand): Tensor => binary(schema(ARITHMETIC_OPS, 'aten::rsub'), a, b);
/** `torch.remainder(a, b)` / `a % b`: broadcast shape, `a`'s dtype. Records aten::remainder. */
export const remainder = (a: Tensor, b: Operand): Tensor => binary(schema(ARITHMETIC_OPS, 'aten::remainder'), a, b);
/** `x // n` (Tensor.__floordiv__ in PyTorch 1.13). */
export const floorDivide = (a: Tensor, b: Operand): Tensor => binary(schema(ARITHMETIC_OPS, 'aten::floor_divide'), a, b);
/** `torch.pow(a, exponent)` / `a ** exponent`: `exponent` a tensor or a Python number; broadcast shape, `a`'s dtype. Records aten::pow. */
export function pow(a: Tensor, exponent: Operand): Tensor {
  const op = schema(ARITHMETIC_OPS, 'aten::pow');
  checkTensor(op.kind, a);
  const es = shapeOf(op, 'exponent', exponent);
  return record(op, { self: a, exponent }, es === null ? a.shape : broadcastShapes(op.kind, a.shape, es), a.dtype);
}
/** `torch.exp(x)`: same shape and dtype. Records aten::exp. */
export const exp = (x: Tensor): Tensor => unaryIn(ELEMENTWISE_OPS, 'aten::exp', x);
/** `torch.clamp(x, min, max)`. */
export function clamp(x: Tensor, min: number | null = null, max: number | null = null): Tensor {
  if (min == null && max == null) throw new ArgumentError('aten::clamp', 'min or max', null, 'given');
  return unaryIn(ELEMENTWISE_OPS, 'aten::clamp', x, { min, max });
}
/** `torch.clamp_min(x, min)` / `x.clamp_min(min)`: same shape and dtype. Records aten::clamp_min. */
export const clampMin = (x: Tensor, min: number): Tensor => unaryIn(ELEMENTWISE_OPS, 'aten::clamp_min', x, { min });
/** `torch.clone(x)`: same shape and dtype, a new tensor. Records aten::clone. */
export const clone = (x: Tensor): Tensor => unaryIn(TENSOR_FUNCTION_OPS, 'aten::clone', x);
/** `x.zero_()`: fills `x` with zeros in place and returns it. Records aten::zero_. */
export const zero_ = (x: Tensor): Tensor => unaryIn(TENSOR_FUNCTION_OPS, 'aten::zero_', x);
/** `x.fill_(value)`; what `x[a:b] = python_number` runs on the slice. */
export function fill_(x: Tensor, value: Operand): Tensor {
  const op = schema(TENSOR_FUNCTION_OPS, 'aten::fill_');
  checkTensor(op.kind, x);
  const vs = shapeOf(op, 'value', value);
  if (vs?.length) throw new ShapeError(op.kind, 'value must be a number or a 0-D tensor', { self: x.shape, value: vs });
  return recordInPlace(op, { self: x, value }, x);
}

function compare(op: OpSchema, a: Tensor, b: Operand): Tensor {
  checkTensor(op.kind, a);
  const bs = shapeOf(op, 'other', b);
  return record(op, { self: a, other: b }, bs === null ? a.shape : broadcastShapes(op.kind, a.shape, bs), 'bool');
}

/** `torch.eq(a, b)` / `a == b`: a bool tensor of the broadcast shape. Records aten::eq. */
export const eq = (a: Tensor, b: Operand): Tensor => compare(schema(TENSOR_FUNCTION_OPS, 'aten::eq'), a, b);
/** `torch.ne(a, b)` / `a != b`: a bool tensor of the broadcast shape. Records aten::ne. */
export const ne = (a: Tensor, b: Operand): Tensor => compare(schema(TENSOR_FUNCTION_OPS, 'aten::ne'), a, b);
/** `a < b` (a bool tensor); `b` a tensor or a Python number. */
export const lt = (a: Tensor, b: Operand): Tensor => compare(schema(TENSOR_FUNCTION_OPS, 'aten::lt'), a, b);
/** `a <= b`. */
export const le = (a: Tensor, b: Operand): Tensor => compare(schema(TENSOR_FUNCTION_OPS, 'aten::le'), a, b);
/** `a >= b`. */
export const ge = (a: Tensor, b: Operand): Tensor => compare(schema(TENSOR_FUNCTION_OPS, 'aten::ge'), a, b);

/** `x.masked_fill(mask, value)` with a Python number as the value; the result has the broadcast shape, as in PyTorch. */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  const op = schema(TENSOR_FUNCTION_OPS, 'aten::masked_fill');
  checkTensor(op.kind, x);
  checkTensor(op.kind, mask, 'mask');
  return record(op, { self: x, mask, value }, broadcastShapes(op.kind, x.shape, mask.shape), x.dtype);
}
