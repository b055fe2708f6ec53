// Reductions that keep the extreme values: amax, and max / min in PyTorch's
// three forms (over everything, over one dimension with the indices, or
// elementwise against another tensor).

import { TENSOR_FUNCTION_OPS, type OpIn } from '../../core/op_schema.js';
import { emit } from '../../core/dispatch.js';
import type { DType } from '../../core/dtype.js';
import { ArgumentError, ShapeError } from '../../core/errors.js';
import { broadcastShapes, normDim, symNumel } from '../../core/shape.js';
import { checkDType, checkTensor, intArg, Tensor, type IntLike, type ValuesIndices } from '../../core/tensor.js';
import { reducedShape } from './elementwise.js';
import { dimSub, record, schema, sizeAtLeast } from './util.js';

/** PyTorch's `(values, indices)` named tuple: a pair with the two names. */
const pair = (values: Tensor, indices: Tensor): ValuesIndices => Object.assign([values, indices] as [Tensor, Tensor], { values, indices });

/** `torch.amax(x, dim, keepdim)`: the maximum over `dim` (every dimension for `[]`, PyTorch's default). */
export function amax(x: Tensor, dim: number | readonly number[] = [], keepdim = false): Tensor {
  const op = schema(TENSOR_FUNCTION_OPS, 'aten::amax');
  checkTensor(op.kind, x);
  return record(op, { self: x, dim, keepdim }, reducedShape(op.kind, x, dim, keepdim), x.dtype);
}


function extreme(name: 'max' | 'min', x: Tensor, dim?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
  const kind = `aten::${name}` as const;
  checkTensor(kind, x);
  if (dim === undefined) return record(schema(TENSOR_FUNCTION_OPS, kind), { self: x }, [], x.dtype);
  if (dim instanceof Tensor) {
    const op = schema(TENSOR_FUNCTION_OPS, `${kind}.other` as const);
    return record(op, { self: x, other: dim }, broadcastShapes(kind, x.shape, dim.shape), x.dtype);
  }
  if (!Number.isInteger(dim)) throw new ArgumentError(kind, 'dim', dim, 'an integer or a Tensor');
  normDim(kind, dim, x.rank, x.shape);
  const shape = reducedShape(kind, x, dim, keepdim);
  const values = new Tensor(shape, x.dtype);
  const indices = new Tensor(shape, 'int64');
  emit(schema(TENSOR_FUNCTION_OPS, `${kind}.dim` as const), { self: x, dim, keepdim }, [values, indices]);
  return pair(values, indices);
}

/** `torch.max(x)`: the maximum of every element, a 0-dim tensor. */
export function max(x: Tensor): Tensor;
/** `torch.max(x, dim, keepdim)`: `[values, indices]` (also `.values`, `.indices`). */
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
/** `torch.max(x, other)`: the elementwise maximum, broadcast. */
export function max(x: Tensor, other: Tensor): Tensor;
export function max(x: Tensor, dim?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
  return extreme('max', x, dim, keepdim);
}

/** `torch.min(x)`: the minimum of every element, a 0-dim tensor. */
export function min(x: Tensor): Tensor;
/** `torch.min(x, dim, keepdim)`: `[values, indices]` (also `.values`, `.indices`). */
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
/** `torch.min(x, other)`: the elementwise minimum, broadcast. */
export function min(x: Tensor, other: Tensor): Tensor;
export function min(x: Tensor, dim?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
  return extreme('min', x, dim, keepdim);
}

// Selection and ordering (the tensor_ops golden): argmax / argmin, topk, sort
// and cumsum. Indices are int64, as in PyTorch; topk and sort return
// `[values, indices]` with the two names, as PyTorch's named tuples.


function argExtreme(kind: OpIn<typeof TENSOR_FUNCTION_OPS>, x: Tensor, dim: number | null, keepdim: boolean): Tensor {
  checkTensor(kind, x);
  if (dim === null) {
    if (symNumel(x.shape) === 0n) throw new ShapeError(kind, 'Expected reduction dim to be specified for input.numel() == 0', { input: x.shape });
    return record(schema(TENSOR_FUNCTION_OPS, kind), { self: x, dim, keepdim }, keepdim ? x.shape.map(() => 1) : [], 'int64');
  }
  const d = normDim(kind, dim, x.rank, x.shape);
  if (x.shape[d] === 0) throw new ShapeError(kind, `Expected reduction dim ${d} to have non-zero size`, { input: x.shape });
  return record(schema(TENSOR_FUNCTION_OPS, kind), { self: x, dim, keepdim }, reducedShape(kind, x, dim, keepdim), 'int64');
}

/** `torch.argmax(x, dim=None, keepdim=False)`: int64 indices of the maxima over `dim` (of every element with none). */
export const argmax = (x: Tensor, dim: number | null = null, keepdim = false): Tensor => argExtreme('aten::argmax', x, dim, keepdim);
/** `torch.argmin(x, dim=None, keepdim=False)`. */
export const argmin = (x: Tensor, dim: number | null = null, keepdim = false): Tensor => argExtreme('aten::argmin', x, dim, keepdim);

/**
 * `torch.topk(x, k, dim=-1, largest=True, sorted=True)`: `[values, indices]`
 * of `k` elements along `dim`; `k` (traced or not) is at most that size.
 */
export function topk(x: Tensor, k: IntLike, dim = -1, largest = true, sorted = true): ValuesIndices {
  const kind = 'aten::topk';
  checkTensor(kind, x);
  const n = intArg(kind, 'k', k);
  const d = normDim(kind, dim, x.rank, x.shape);
  const size = x.rank === 0 ? 1 : x.shape[d]!;
  if (!sizeAtLeast(kind, 'k', n, 0) || !sizeAtLeast(kind, 'the size left after k', dimSub(size, n), 0)) throw new ShapeError(kind, `selected index k (${n}) out of range for dimension ${d} of size ${size}`, { input: x.shape });
  const shape = x.rank === 0 ? [] : x.shape.map((v, i) => (i === d ? n : v));
  const values = new Tensor(shape, x.dtype);
  const indices = new Tensor(shape, 'int64');
  emit(schema(TENSOR_FUNCTION_OPS, kind), { self: x, k, dim, largest, sorted }, [values, indices]);
  return pair(values, indices);
}

/** `torch.sort(x, dim=-1, descending=False)`: `[values, indices]`, both of `x`'s shape. */
export function sort(x: Tensor, dim = -1, descending = false): ValuesIndices {
  const kind = 'aten::sort';
  checkTensor(kind, x);
  normDim(kind, dim, x.rank, x.shape);
  const values = new Tensor(x.shape, x.dtype);
  const indices = new Tensor(x.shape, 'int64');
  emit(schema(TENSOR_FUNCTION_OPS, kind), { self: x, dim, descending }, [values, indices]);
  return pair(values, indices);
}

/**
 * `torch.cumsum(x, dim, dtype=None)`: running sums along `dim`; integer and
 * bool inputs sum in int64, as in PyTorch, unless `dtype` is given.
 */
export function cumsum(x: Tensor, dim: number, dtype: DType | null = null): Tensor {
  const kind = 'aten::cumsum';
  checkTensor(kind, x);
  normDim(kind, dim, x.rank, x.shape);
  if (dtype !== null) checkDType(kind, dtype);
  const out = dtype ?? (x.dtype === 'bool' || x.dtype === 'int32' || x.dtype === 'int64' ? 'int64' : x.dtype);
  return record(schema(TENSOR_FUNCTION_OPS, kind), { self: x, dim, dtype }, x.shape, out);
}
