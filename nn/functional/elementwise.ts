// Elementwise arithmetic, activations and reductions. None of these has a
// counter by default; they are recorded so that unsupported-op lists and
// "was this module called" match the reference.

import { ShapeError } from '../../core/errors.js';
import type { OpSchema } from '../../core/op_schema.js';
import { broadcastShapes, normDim, sameShape, type Shape } from '../../core/shape.js';
import type { Tensor } from '../../core/tensor.js';
import { record, recordInPlace, schema } from './util.js';

/** A tensor (a traced integer among them) or a Python number. */
type Operand = Tensor | number;

function shapeOf(v: Operand): Shape | null {
  return typeof v === 'number' ? null : v.shape;
}

function binary(op: OpSchema, a: Tensor, b: Operand): Tensor {
  const bs = shapeOf(b);
  const shape = bs === null ? a.shape : broadcastShapes(op.kind, a.shape, bs);
  return record(op, { self: a, other: b }, shape, a.dtype);
}

function inplace(op: OpSchema, a: Tensor, b: Operand): Tensor {
  const bs = shapeOf(b);
  if (bs !== null && !sameShape(broadcastShapes(op.kind, a.shape, bs), a.shape)) {
    throw new ShapeError(op.kind, 'in-place result must keep the shape of the tensor written to', { a: a.shape, b: bs });
  }
  return recordInPlace(op, { self: a, other: b }, a);
}

const ADD = schema('aten::add');
const ADD_ = schema('aten::add_');
const SUB = schema('aten::sub');
const MUL = schema('aten::mul');
const MUL_ = schema('aten::mul_');
const DIV = schema('aten::div');
const DIV_ = schema('aten::div_');
const BERNOULLI_ = schema('aten::bernoulli_');

export const add = (a: Tensor, b: Operand): Tensor => binary(ADD, a, b);
export const add_ = (a: Tensor, b: Operand): Tensor => inplace(ADD_, a, b);
export const sub = (a: Tensor, b: Operand): Tensor => binary(SUB, a, b);
export const mul = (a: Tensor, b: Operand): Tensor => binary(MUL, a, b);
export const mul_ = (a: Tensor, b: Operand): Tensor => inplace(MUL_, a, b);
export const div = (a: Tensor, b: Operand): Tensor => binary(DIV, a, b);
export const div_ = (a: Tensor, b: Operand): Tensor => inplace(DIV_, a, b);
/** In-place Bernoulli sampling (stochastic depth's noise). */
export const bernoulli_ = (x: Tensor, p: number): Tensor => recordInPlace(BERNOULLI_, { self: x, p }, x);

/**
 * An op with one tensor argument (`self`, or the schema's first) and the same
 * shape out; `args` are its other arguments by name. In-place ops (name ending
 * in `_`) return `x` itself.
 */
export function unary(kind: string, x: Tensor, args: Readonly<Record<string, unknown>> = {}): Tensor {
  const op = schema(kind);
  const first = op.args[0]?.name ?? 'self';
  const all = { [first]: x, ...args };
  return kind.endsWith('_') ? recordInPlace(op, all, x) : record(op, all, x.shape, x.dtype);
}

export const relu = (x: Tensor, inplace_ = false): Tensor => unary(inplace_ ? 'aten::relu_' : 'aten::relu', x);
export const hardtanh = (x: Tensor, minVal = -1, maxVal = 1, inplace_ = false): Tensor =>
  unary(inplace_ ? 'aten::hardtanh_' : 'aten::hardtanh', x, { min_val: minVal, max_val: maxVal });
/** ReLU6 is hardtanh(0, 6), which is what the trace shows. */
export const relu6 = (x: Tensor, inplace_ = false): Tensor => hardtanh(x, 0, 6, inplace_);
export const hardswish = (x: Tensor, inplace_ = false): Tensor => unary(inplace_ ? 'aten::hardswish_' : 'aten::hardswish', x);
export const hardsigmoid = (x: Tensor, inplace_ = false): Tensor => unary(inplace_ ? 'aten::hardsigmoid_' : 'aten::hardsigmoid', x);
export const silu = (x: Tensor, inplace_ = false): Tensor => unary(inplace_ ? 'aten::silu_' : 'aten::silu', x);
export const gelu = (x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor => unary('aten::gelu', x, { approximate });
export const sigmoid = (x: Tensor): Tensor => unary('aten::sigmoid', x);
export const tanh = (x: Tensor): Tensor => unary('aten::tanh', x);

export function softmax(x: Tensor, dim: number): Tensor {
  normDim('aten::softmax', dim, x.rank, x.shape);
  return unary('aten::softmax', x, { dim });
}

/** Recorded in both modes, as PyTorch's functional dropout is. */
export const dropout = (x: Tensor, p = 0.5, training = true, inplace_ = false): Tensor =>
  unary(inplace_ ? 'aten::dropout_' : 'aten::dropout', x, { p, train: training });

function reducedShape(kind: string, x: Tensor, dims: number | readonly number[], keepdim: boolean): Shape {
  const list = typeof dims === 'number' ? [dims] : dims;
  const drop = new Set(list.map((d) => normDim(kind, d, x.rank, x.shape)));
  const shape: number[] = [];
  x.shape.forEach((d, i) => {
    if (!drop.has(i)) shape.push(d);
    else if (keepdim) shape.push(1);
  });
  return shape;
}

/** Sum over all elements, or over `dim`. */
const SUM = schema('aten::sum');
const SUM_DIM = schema('aten::sum.dim_IntList');
const MEAN = schema('aten::mean');
const MEAN_DIM = schema('aten::mean.dim');

function reduce(all: OpSchema, overDims: OpSchema, x: Tensor, dim: number | readonly number[] | undefined, keepdim: boolean): Tensor {
  if (dim === undefined) return record(all, { self: x }, [], x.dtype);
  return record(overDims, { self: x, dim, keepdim }, reducedShape(overDims.kind, x, dim, keepdim), x.dtype);
}

/** Sum over all elements, or over `dim`. */
export function sum(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return reduce(SUM, SUM_DIM, x, dim, keepdim);
}

export function mean(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return reduce(MEAN, MEAN_DIM, x, dim, keepdim);
}

// Ops that Swin and MaxViT trace: arithmetic on traced sizes (0-dim tensors
// under the JIT tracer), comparisons, fills and the pieces of F.normalize.

/** `n - x` with a Python number on the left: Tensor.__rsub__. */
export const rsub = (a: Tensor, b: Operand): Tensor => binary(schema('aten::rsub'), a, b);
export const remainder = (a: Tensor, b: Operand): Tensor => binary(schema('aten::remainder'), a, b);
/** `x // n` (Tensor.__floordiv__ in PyTorch 1.13). */
export const floorDivide = (a: Tensor, b: Operand): Tensor => binary(schema('aten::floor_divide'), a, b);
export function pow(a: Tensor, exponent: Operand): Tensor {
  const es = shapeOf(exponent);
  const op = schema('aten::pow');
  return record(op, { self: a, exponent }, es === null ? a.shape : broadcastShapes(op.kind, a.shape, es), a.dtype);
}
export const exp = (x: Tensor): Tensor => unary('aten::exp', x);
/** `torch.clamp(x, min, max)`. */
export const clamp = (x: Tensor, min: number | null = null, max: number | null = null): Tensor => unary('aten::clamp', x, { min, max });
export const clampMin = (x: Tensor, min: number): Tensor => unary('aten::clamp_min', x, { min });
export const clone = (x: Tensor): Tensor => unary('aten::clone', x);
export const zero_ = (x: Tensor): Tensor => unary('aten::zero_', x);
/** `x.fill_(value)`; what `x[a:b] = python_number` runs on the slice. */
export const fill_ = (x: Tensor, value: Operand): Tensor => recordInPlace(schema('aten::fill_'), { self: x, value }, x);

function compare(op: OpSchema, a: Tensor, b: Operand): Tensor {
  const bs = shapeOf(b);
  return record(op, { self: a, other: b }, bs === null ? a.shape : broadcastShapes(op.kind, a.shape, bs), 'bool');
}

export const eq = (a: Tensor, b: Operand): Tensor => compare(schema('aten::eq'), a, b);
export const ne = (a: Tensor, b: Operand): Tensor => compare(schema('aten::ne'), a, b);

/** `x.masked_fill(mask, value)` with a Python number as the value. */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  const op = schema('aten::masked_fill');
  broadcastShapes(op.kind, x.shape, mask.shape);
  return record(op, { self: x, mask, value }, x.shape, x.dtype);
}
