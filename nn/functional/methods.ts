// PyTorch's Tensor methods (`x.view(b, -1)`, `x.softmax(-1)`, ...), installed
// on Tensor.prototype when nn loads: core declares them (core/tensor.ts) and
// never imports nn. Each method calls its F form, so it records exactly what
// that records (same op, arguments and scope). A method a class already
// defines (TracedInt's arithmetic) is left as it is.

import type { DType } from '../../core/dtype.js';
import { Tensor, type IntLike, type SizeArgs } from '../../core/tensor.js';
import { add, div, exp, mean, mul, maskedFill, pow, softmax, sub, sum } from './elementwise.js';
import { bmm, matmul } from './linear.js';
import { abs, cos, log, neg, rsqrt, sin, sqrt } from './pointwise.js';
import { amax, max, min } from './reduce.js';
import { tril, triu } from './masks.js';
import { eq, ne } from './elementwise.js';
import { logicalOr } from './pointwise.js';
import { chunk, contiguous, expand, flatten, permute, repeat, reshape, split, squeeze, to, transpose, unsqueeze, view } from './shape_ops.js';

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
