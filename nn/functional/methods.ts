// PyTorch's Tensor methods (`x.view(b, -1)`, `x.softmax(-1)`, ...), inherited
// by Tensor.prototype once nn loads: core declares them (core/tensor.ts) and
// never imports nn. Each method calls its F form, so it records exactly what
// that records (same op, arguments and scope). A method a class defines
// itself (TracedInt's arithmetic) comes first.

import type { DType } from '../../core/dtype.js';
import { Tensor, type IntLike, type SizeArgs } from '../../core/tensor.js';
import { logSoftmax } from './activation.js';
import { baddbmm } from './attention.js';
import { tril, triu } from './masks.js';
import { add, clamp, div, eq, exp, ge, gelu, le, lt, mean, mul, maskedFill, ne, pow, relu, sigmoid, silu, softmax, sub, sum, tanh } from './elementwise.js';
import { unflatten } from './shuffle.js';
import { gather, index, indexSelect, narrow } from './indexing.js';
import { where } from './llm_ops.js';
import { flip } from './ranges.js';
import { addmm, bmm, matmul, mm } from './linear.js';
import { norm } from './norm.js';
import { abs, cos, floor, gt, log, logicalOr, neg, round, rsqrt, sign, sin, sqrt, typeAs } from './pointwise.js';
import { amax, argmax, argmin, cumsum, max, min, sort, topk } from './reduce.js';
import { chunk, contiguous, expand, expandAs, flatten, permute, repeat, reshape, roll, split, squeeze, t, to, transpose, unbind, unsqueeze, view } from './shape_ops.js';

/** Sizes given spread or as one list, as PyTorch takes them. */
const sizes = (args: SizeArgs): readonly IntLike[] => (args.length === 1 && Array.isArray(args[0]) ? args[0] : (args as IntLike[]));

/**
 * The methods, on a prototype of their own that `Tensor.prototype` inherits
 * from (see `installTensorMethods`). A class: its methods are made in one
 * step, and are not enumerable, like Tensor's own.
 */
class TensorMethods implements Methods {
  view(this: Tensor, ...shape: SizeArgs) { return view(this, sizes(shape)); }
  reshape(this: Tensor, ...shape: SizeArgs) { return reshape(this, sizes(shape)); }
  permute(this: Tensor, ...dims: number[] | [readonly number[]]) { return permute(this, sizes(dims) as readonly number[]); }
  transpose(this: Tensor, dim0: number, dim1: number) { return transpose(this, dim0, dim1); }
  contiguous(this: Tensor) { return contiguous(this); }
  flatten(this: Tensor, startDim?: number, endDim?: number) { return flatten(this, startDim, endDim); }
  unsqueeze(this: Tensor, dim: number) { return unsqueeze(this, dim); }
  squeeze(this: Tensor, dim?: number) { return squeeze(this, dim); }
  expand(this: Tensor, ...s: SizeArgs) { return expand(this, sizes(s)); }
  repeat(this: Tensor, ...s: SizeArgs) { return repeat(this, sizes(s)); }
  chunk(this: Tensor, chunks: number, dim?: number) { return chunk(this, chunks, dim); }
  split(this: Tensor, size: IntLike | readonly IntLike[], dim?: number) { return split(this, size, dim); }
  matmul(this: Tensor, other: Tensor) { return matmul(this, other); }
  bmm(this: Tensor, mat2: Tensor) { return bmm(this, mat2); }
  add(this: Tensor, other: Tensor | number) { return add(this, other); }
  sub(this: Tensor, other: Tensor | number) { return sub(this, other); }
  mul(this: Tensor, other: Tensor | number) { return mul(this, other); }
  div(this: Tensor, other: Tensor | number) { return div(this, other); }
  pow(this: Tensor, exponent: Tensor | number) { return pow(this, exponent); }
  sqrt(this: Tensor) { return sqrt(this); }
  rsqrt(this: Tensor) { return rsqrt(this); }
  exp(this: Tensor) { return exp(this); }
  log(this: Tensor) { return log(this); }
  sin(this: Tensor) { return sin(this); }
  cos(this: Tensor) { return cos(this); }
  abs(this: Tensor) { return abs(this); }
  neg(this: Tensor) { return neg(this); }
  sum(this: Tensor, dim?: number | readonly number[], keepdim?: boolean) { return sum(this, dim, keepdim); }
  mean(this: Tensor, dim?: number | readonly number[], keepdim?: boolean) { return mean(this, dim, keepdim); }
  max(this: Tensor, dim?: number | Tensor, keepdim?: boolean) { return (max as (x: Tensor, d?: number | Tensor, k?: boolean) => unknown)(this, dim, keepdim); }
  min(this: Tensor, dim?: number | Tensor, keepdim?: boolean) { return (min as (x: Tensor, d?: number | Tensor, k?: boolean) => unknown)(this, dim, keepdim); }
  amax(this: Tensor, dim?: number | readonly number[], keepdim?: boolean) { return amax(this, dim, keepdim); }
  softmax(this: Tensor, dim: number) { return softmax(this, dim); }
  maskedFill(this: Tensor, mask: Tensor, value: number) { return maskedFill(this, mask, value); }
  float(this: Tensor) { return to(this, 'float32'); }
  to(this: Tensor, dtype: DType) { return to(this, dtype); }
  // The layer_zoo_transformer port: masks.
  triu(this: Tensor, diagonal?: IntLike) { return triu(this, diagonal); }
  tril(this: Tensor, diagonal?: IntLike) { return tril(this, diagonal); }
  eq(this: Tensor, other: Tensor | number) { return eq(this, other); }
  ne(this: Tensor, other: Tensor | number) { return ne(this, other); }
  logicalOr(this: Tensor, other: Tensor) { return logicalOr(this, other); }
  // The tensor_ops golden's methods.
  long(this: Tensor) { return to(this, 'int64'); }
  typeAs(this: Tensor, other: Tensor) { return typeAs(this, other); }
  t(this: Tensor) { return t(this); }
  mm(this: Tensor, mat2: Tensor) { return mm(this, mat2); }
  addmm(this: Tensor, mat1: Tensor, mat2: Tensor, beta?: number, alpha?: number) { return addmm(this, mat1, mat2, beta, alpha); }
  baddbmm(this: Tensor, batch1: Tensor, batch2: Tensor, beta?: number, alpha?: number) { return baddbmm(this, batch1, batch2, beta, alpha); }
  topk(this: Tensor, k: IntLike, dim?: number, largest?: boolean, sorted?: boolean) { return topk(this, k, dim, largest, sorted); }
  sort(this: Tensor, dim?: number, descending?: boolean) { return sort(this, dim, descending); }
  argmax(this: Tensor, dim?: number | null, keepdim?: boolean) { return argmax(this, dim, keepdim); }
  argmin(this: Tensor, dim?: number | null, keepdim?: boolean) { return argmin(this, dim, keepdim); }
  cumsum(this: Tensor, dim: number, dtype?: DType | null) { return cumsum(this, dim, dtype); }
  gather(this: Tensor, dim: number, index_: Tensor) { return gather(this, dim, index_); }
  indexSelect(this: Tensor, dim: number, index_: Tensor) { return indexSelect(this, dim, index_); }
  index(this: Tensor, indices: Tensor | readonly (Tensor | null)[]) { return index(this, indices); }
  narrow(this: Tensor, dim: number, start: IntLike, length: IntLike) { return narrow(this, dim, start, length); }
  flip(this: Tensor, ...dims: number[] | [readonly number[]]) { return flip(this, sizes(dims) as readonly number[]); }
  roll(this: Tensor, shifts: IntLike | readonly IntLike[], dims: number | readonly number[]) { return roll(this, shifts, dims); }
  where(this: Tensor, condition: Tensor, other: Tensor | number) { return where(condition, this, other); }
  lt(this: Tensor, other: Tensor | number) { return lt(this, other); }
  le(this: Tensor, other: Tensor | number) { return le(this, other); }
  gt(this: Tensor, other: Tensor | number) { return gt(this, other); }
  ge(this: Tensor, other: Tensor | number) { return ge(this, other); }
  floor(this: Tensor) { return floor(this); }
  round(this: Tensor) { return round(this); }
  sign(this: Tensor) { return sign(this); }
  tanh(this: Tensor) { return tanh(this); }
  relu(this: Tensor) { return relu(this); }
  relu_(this: Tensor) { return relu(this, true); }
  sigmoid(this: Tensor) { return sigmoid(this); }
  silu(this: Tensor) { return silu(this); }
  gelu(this: Tensor, approximate?: 'none' | 'tanh') { return gelu(this, approximate); }
  expandAs(this: Tensor, other: Tensor) { return expandAs(this, other); }
  unflatten(this: Tensor, dim: number, sizes: readonly number[]) { return unflatten(this, dim, sizes); }
  unbind(this: Tensor, dim?: number) { return unbind(this, dim); }
  clamp(this: Tensor, min?: number | null, max?: number | null) { return clamp(this, min, max); }
  norm(this: Tensor, p?: number | 'fro', dim?: number | readonly number[] | null, keepdim?: boolean) { return norm(this, p, dim, keepdim); }
  logSoftmax(this: Tensor, dim: number) { return logSoftmax(this, dim); }
}

/** What a method may be: one that Tensor declares (core/tensor.ts), called on a Tensor. */
type Methods = { [K in keyof Tensor]?: (this: Tensor, ...args: never[]) => unknown };

/**
 * Makes Tensor.prototype inherit the methods (once). A name Tensor or a
 * subclass defines itself, like `size` or TracedInt's arithmetic, comes
 * first. Inheriting them, not copying each onto Tensor.prototype, matters at
 * start: some 90 property definitions on a prototype copy its descriptors
 * each time (about 140 KB allocated as the CLI loads). Runs when this module
 * loads; exported so that a bundle that drops unused modules can still call it.
 */
export function installTensorMethods(): void {
  if (Object.getPrototypeOf(Tensor.prototype) === TensorMethods.prototype) return;
  // V8 turns an object that becomes a prototype into a dictionary unless it
  // is marked as one to keep fast, which a lookup through it would do. But
  // lookups through a tensor stop at Tensor.prototype, marked long before,
  // so it would stay a dictionary, slower to look through (a test checks
  // both stay fast). Enumerating an instance marks it (and finds nothing: a
  // class's methods are not enumerable).
  for (const key in new TensorMethods()) void key;
  Object.setPrototypeOf(Tensor.prototype, TensorMethods.prototype);
}

installTensorMethods();
