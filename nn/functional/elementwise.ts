// Elementwise arithmetic, activations and reductions. None of these has a
// counter by default; they are recorded so that unsupported-op lists and
// "was this module called" match the reference.

import { ShapeError } from '../../core/errors.js';
import { broadcastShapes, normDim, sameShape, type Shape } from '../../core/shape.js';
import type { Tensor } from '../../core/tensor.js';
import { emitOp } from '../../core/dispatch.js';
import { out } from './util.js';

type Operand = Tensor | number;

function shapeOf(v: Operand): Shape | null {
  return typeof v === 'number' ? null : v.shape;
}

function binary(kind: string, a: Tensor, b: Operand, extraArgs: number): Tensor {
  const bs = shapeOf(b);
  const shape = bs === null ? a.shape : broadcastShapes(kind, a.shape, bs);
  const inputs: (Shape | null)[] = [a.shape, bs];
  for (let i = 0; i < extraArgs; i++) inputs.push(null);
  emitOp(kind, inputs, [shape]);
  return out(shape, a);
}

function inplace(kind: string, a: Tensor, b: Operand, extraArgs: number): Tensor {
  const bs = shapeOf(b);
  if (bs !== null && !sameShape(broadcastShapes(kind, a.shape, bs), a.shape)) {
    throw new ShapeError(kind, 'in-place result must keep the shape of the tensor written to', { a: a.shape, b: bs });
  }
  const inputs: (Shape | null)[] = [a.shape, bs];
  for (let i = 0; i < extraArgs; i++) inputs.push(null);
  emitOp(kind, inputs, [a.shape]);
  return a;
}

export const add = (a: Tensor, b: Operand): Tensor => binary('aten::add', a, b, 1);
export const add_ = (a: Tensor, b: Operand): Tensor => inplace('aten::add_', a, b, 1);
export const sub = (a: Tensor, b: Operand): Tensor => binary('aten::sub', a, b, 1);
export const mul = (a: Tensor, b: Operand): Tensor => binary('aten::mul', a, b, 0);
export const mul_ = (a: Tensor, b: Operand): Tensor => inplace('aten::mul_', a, b, 0);
export const div = (a: Tensor, b: Operand): Tensor => binary('aten::div', a, b, 0);
export const div_ = (a: Tensor, b: Operand): Tensor => inplace('aten::div_', a, b, 0);
/** In-place Bernoulli sampling (stochastic depth's noise). */
export const bernoulli_ = (x: Tensor): Tensor => unary('aten::bernoulli_', x, 2);

/** An op with one tensor in and the same shape out; `extraArgs` non-tensor arguments follow. */
export function unary(kind: string, x: Tensor, extraArgs = 0): Tensor {
  const inputs: (Shape | null)[] = [x.shape];
  for (let i = 0; i < extraArgs; i++) inputs.push(null);
  emitOp(kind, inputs, [x.shape]);
  return kind.endsWith('_') ? x : out(x.shape, x);
}

export const relu = (x: Tensor, inplace_ = false): Tensor => unary(inplace_ ? 'aten::relu_' : 'aten::relu', x);
/** ReLU6 is hardtanh(0, 6), which is what the trace shows. */
export const relu6 = (x: Tensor, inplace_ = false): Tensor => unary(inplace_ ? 'aten::hardtanh_' : 'aten::hardtanh', x, 2);
export const hardtanh = (x: Tensor, inplace_ = false): Tensor => unary(inplace_ ? 'aten::hardtanh_' : 'aten::hardtanh', x, 2);
export const hardswish = (x: Tensor, inplace_ = false): Tensor => unary(inplace_ ? 'aten::hardswish_' : 'aten::hardswish', x);
export const hardsigmoid = (x: Tensor, inplace_ = false): Tensor => unary(inplace_ ? 'aten::hardsigmoid_' : 'aten::hardsigmoid', x);
export const silu = (x: Tensor, inplace_ = false): Tensor => unary(inplace_ ? 'aten::silu_' : 'aten::silu', x);
export const gelu = (x: Tensor): Tensor => unary('aten::gelu', x, 1);
export const sigmoid = (x: Tensor): Tensor => unary('aten::sigmoid', x);
export const tanh = (x: Tensor): Tensor => unary('aten::tanh', x);

export function softmax(x: Tensor, dim: number): Tensor {
  normDim('aten::softmax', dim, x.rank, x.shape);
  return unary('aten::softmax', x, 2);
}

/** Recorded in both modes, as PyTorch's functional dropout is. */
export const dropout = (x: Tensor, _p = 0.5, _training = true, inplace_ = false): Tensor =>
  unary(inplace_ ? 'aten::dropout_' : 'aten::dropout', x, 2);

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
export function sum(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  const kind = 'aten::sum';
  const shape = dim === undefined ? [] : reducedShape(kind, x, dim, keepdim);
  emitOp(kind, dim === undefined ? [x.shape, null] : [x.shape, null, null, null], [shape]);
  return out(shape, x);
}

export function mean(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  const kind = 'aten::mean';
  const shape = dim === undefined ? [] : reducedShape(kind, x, dim, keepdim);
  emitOp(kind, dim === undefined ? [x.shape, null] : [x.shape, null, null, null], [shape]);
  return out(shape, x);
}

// Ops that Swin and MaxViT trace: arithmetic on traced sizes (0-dim tensors
// under the JIT tracer), comparisons, fills and the pieces of F.normalize.

/** `n - x` with a Python number on the left: Tensor.__rsub__. */
export const rsub = (a: Tensor, b: Operand): Tensor => binary('aten::rsub', a, b, 1);
export const remainder = (a: Tensor, b: Operand): Tensor => binary('aten::remainder', a, b, 0);
/** `x // n` (Tensor.__floordiv__ in PyTorch 1.13). */
export const floorDivide = (a: Tensor, b: Operand): Tensor => binary('aten::floor_divide', a, b, 0);
export const pow = (a: Tensor, b: Operand): Tensor => binary('aten::pow', a, b, 0);
export const exp = (x: Tensor): Tensor => unary('aten::exp', x);
/** `torch.clamp(x, min, max)`. */
export const clamp = (x: Tensor): Tensor => unary('aten::clamp', x, 2);
export const clampMin = (x: Tensor): Tensor => unary('aten::clamp_min', x, 1);
export const clone = (x: Tensor): Tensor => unary('aten::clone', x, 1);
export const zero_ = (x: Tensor): Tensor => unary('aten::zero_', x);
/** `x.fill_(value)`; what `x[a:b] = python_number` runs on the slice. */
export const fill_ = (x: Tensor, value: Operand): Tensor => inplace('aten::fill_', x, value, 0);

function compare(kind: string, a: Tensor, b: Operand): Tensor {
  const bs = shapeOf(b);
  const shape = bs === null ? a.shape : broadcastShapes(kind, a.shape, bs);
  emitOp(kind, [a.shape, bs], [shape]);
  return out(shape, a);
}

export const eq = (a: Tensor, b: Operand): Tensor => compare('aten::eq', a, b);
export const ne = (a: Tensor, b: Operand): Tensor => compare('aten::ne', a, b);

/** `x.masked_fill(mask, value)` with a Python number as the value. */
export function maskedFill(x: Tensor, mask: Tensor, _value: number): Tensor {
  const kind = 'aten::masked_fill';
  broadcastShapes(kind, x.shape, mask.shape);
  emitOp(kind, [x.shape, mask.shape, null], [x.shape]);
  return out(x.shape, x);
}
