// PyTorch's Tensor methods (`x.view(b, -1)`, `x.softmax(-1)`, ...), installed
// on Tensor.prototype when nn loads: core declares them (core/tensor.ts) and
// never imports nn. Each method calls its F form, so it records exactly what
// that records (same op, arguments and scope). A method a class already
// defines (TracedInt's arithmetic) is left as it is.

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

type Methods = { [K in keyof Tensor]?: (this: Tensor, ...args: never[]) => unknown };

const METHODS: Methods = {
  view(...shape: SizeArgs) { return view(this, sizes(shape)); },
  reshape(...shape: SizeArgs) { return reshape(this, sizes(shape)); },
  permute(...dims: number[] | [readonly number[]]) { return permute(this, sizes(dims) as readonly number[]); },
  transpose(dim0: number, dim1: number) { return transpose(this, dim0, dim1); },
  contiguous() { return contiguous(this); },
  flatten(startDim?: number, endDim?: number) { return flatten(this, startDim, endDim); },
  unsqueeze(dim: number) { return unsqueeze(this, dim); },
  squeeze(dim?: number) { return squeeze(this, dim); },
  expand(...s: SizeArgs) { return expand(this, sizes(s)); },
  repeat(...s: SizeArgs) { return repeat(this, sizes(s)); },
  chunk(chunks: number, dim?: number) { return chunk(this, chunks, dim); },
  split(size: IntLike | readonly IntLike[], dim?: number) { return split(this, size, dim); },
  matmul(other: Tensor) { return matmul(this, other); },
  bmm(mat2: Tensor) { return bmm(this, mat2); },
  add(other: Tensor | number) { return add(this, other); },
  sub(other: Tensor | number) { return sub(this, other); },
  mul(other: Tensor | number) { return mul(this, other); },
  div(other: Tensor | number) { return div(this, other); },
  pow(exponent: Tensor | number) { return pow(this, exponent); },
  sqrt() { return sqrt(this); },
  rsqrt() { return rsqrt(this); },
  exp() { return exp(this); },
  log() { return log(this); },
  sin() { return sin(this); },
  cos() { return cos(this); },
  abs() { return abs(this); },
  neg() { return neg(this); },
  sum(dim?: number | readonly number[], keepdim?: boolean) { return sum(this, dim, keepdim); },
  mean(dim?: number | readonly number[], keepdim?: boolean) { return mean(this, dim, keepdim); },
  max(dim?: number | Tensor, keepdim?: boolean) { return (max as (x: Tensor, d?: number | Tensor, k?: boolean) => unknown)(this, dim, keepdim); },
  min(dim?: number | Tensor, keepdim?: boolean) { return (min as (x: Tensor, d?: number | Tensor, k?: boolean) => unknown)(this, dim, keepdim); },
  amax(dim?: number | readonly number[], keepdim?: boolean) { return amax(this, dim, keepdim); },
  softmax(dim: number) { return softmax(this, dim); },
  maskedFill(mask: Tensor, value: number) { return maskedFill(this, mask, value); },
  float() { return to(this, 'float32'); },
  to(dtype: DType) { return to(this, dtype); },
  // The layer_zoo_transformer port: masks.
  triu(diagonal?: IntLike) { return triu(this, diagonal); },
  tril(diagonal?: IntLike) { return tril(this, diagonal); },
  eq(other: Tensor | number) { return eq(this, other); },
  ne(other: Tensor | number) { return ne(this, other); },
  logicalOr(other: Tensor) { return logicalOr(this, other); },
  // The tensor_ops golden's methods.
  long() { return to(this, 'int64'); },
  typeAs(other: Tensor) { return typeAs(this, other); },
  t() { return t(this); },
  mm(mat2: Tensor) { return mm(this, mat2); },
  addmm(mat1: Tensor, mat2: Tensor, beta?: number, alpha?: number) { return addmm(this, mat1, mat2, beta, alpha); },
  baddbmm(batch1: Tensor, batch2: Tensor, beta?: number, alpha?: number) { return baddbmm(this, batch1, batch2, beta, alpha); },
  topk(k: IntLike, dim?: number, largest?: boolean, sorted?: boolean) { return topk(this, k, dim, largest, sorted); },
  sort(dim?: number, descending?: boolean) { return sort(this, dim, descending); },
  argmax(dim?: number | null, keepdim?: boolean) { return argmax(this, dim, keepdim); },
  argmin(dim?: number | null, keepdim?: boolean) { return argmin(this, dim, keepdim); },
  cumsum(dim: number, dtype?: DType | null) { return cumsum(this, dim, dtype); },
  gather(dim: number, index_: Tensor) { return gather(this, dim, index_); },
  indexSelect(dim: number, index_: Tensor) { return indexSelect(this, dim, index_); },
  index(indices: Tensor | readonly (Tensor | null)[]) { return index(this, indices); },
  narrow(dim: number, start: IntLike, length: IntLike) { return narrow(this, dim, start, length); },
  flip(...dims: number[] | [readonly number[]]) { return flip(this, sizes(dims) as readonly number[]); },
  roll(shifts: IntLike | readonly IntLike[], dims: number | readonly number[]) { return roll(this, shifts, dims); },
  where(condition: Tensor, other: Tensor | number) { return where(condition, this, other); },
  lt(other: Tensor | number) { return lt(this, other); },
  le(other: Tensor | number) { return le(this, other); },
  gt(other: Tensor | number) { return gt(this, other); },
  ge(other: Tensor | number) { return ge(this, other); },
  floor() { return floor(this); },
  round() { return round(this); },
  sign() { return sign(this); },
  tanh() { return tanh(this); },
  relu() { return relu(this); },
  relu_() { return relu(this, true); },
  sigmoid() { return sigmoid(this); },
  silu() { return silu(this); },
  gelu(approximate?: 'none' | 'tanh') { return gelu(this, approximate); },
  expandAs(other: Tensor) { return expandAs(this, other); },
  unflatten(dim: number, sizes: readonly number[]) { return unflatten(this, dim, sizes); },
  unbind(dim?: number) { return unbind(this, dim); },
  clamp(min?: number | null, max?: number | null) { return clamp(this, min, max); },
  norm(p?: number | 'fro', dim?: number | readonly number[] | null, keepdim?: boolean) { return norm(this, p, dim, keepdim); },
  logSoftmax(dim: number) { return logSoftmax(this, dim); },
};

/**
 * Puts the methods on Tensor.prototype (once; a name already there, like
 * `size`, is kept). Runs when this module loads; exported so that a bundle
 * that drops unused modules can still call it.
 */
export function installTensorMethods(): void {
  const proto = Tensor.prototype as unknown as Record<string, unknown>;
  for (const [name, fn] of Object.entries(METHODS)) {
    if (!Object.hasOwn(proto, name)) Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true });
  }
}

installTensorMethods();
