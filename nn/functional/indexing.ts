// Ops that pick elements by position or by an index tensor: advanced indexing
// (`x[idx]`, aten::index), gather, index_select, narrow, where and one_hot.
// Shape-only tracing never sees index values: the output shapes here follow
// from the index tensors' shapes alone; what would depend on the
// values (a boolean mask's count, one_hot's class count inferred as max + 1)
// is refused with an ArgumentError saying what to pass instead.

import { TENSOR_FUNCTION_OPS } from '../../core/op_schema.js';
import { ArgumentError, ShapeError } from '../../core/errors.js';
import { broadcastShapes, concrete, normDim, type Shape, symNumel } from '../../core/shape.js';
import { checkTensor, intArg, Tensor, type IntLike } from '../../core/tensor.js';
import { dimAdd, dimSub, record, schema, sizeAtLeast } from './util.js';

/** An index tensor's dtype, refused unless int64 (or int32 where `int32` is set): a mask's shape depends on its values. */
function checkIndexDType(kind: string, argument: string, index: Tensor, int32: boolean): void {
  if (index.dtype === 'int64' || (int32 && index.dtype === 'int32')) return;
  const mask = index.dtype === 'bool';
  const want = mask
    ? 'an integer tensor (a boolean mask selects a data-dependent number of elements, which shape-only tracing cannot know)'
    : `an ${int32 ? 'int64 or int32' : 'int64'} tensor`;
  throw new ArgumentError(kind, argument, `a ${index.dtype} tensor`, want);
}

/**
 * `x[indices]` with index tensors (advanced indexing), as aten::index takes
 * it: `indices[i]` indexes dimension i, `null` keeps a dimension whole (the
 * `:` of `x[:, idx]`; PyTorch's `x[:, idx]` also records an aten::slice of
 * dimension 0 first: write `F.index(F.slice(x, 0), [null, idx])`). The index
 * tensors broadcast together; their shape replaces the indexed dimensions
 * where those are adjacent, else leads the result (NumPy's rule). Index
 * tensors are int64; boolean masks are refused (their result size depends on
 * the data). One tensor alone is `[tensor]`.
 */
export function index(x: Tensor, indices: Tensor | readonly (Tensor | null)[]): Tensor {
  const kind = 'aten::index';
  checkTensor(kind, x);
  const list = indices instanceof Tensor ? [indices] : indices;
  if (!Array.isArray(list)) throw new ArgumentError(kind, 'indices', indices, 'a Tensor or a list of Tensors and nulls');
  list.forEach((t: unknown, i) => {
    if (t !== null) checkTensor(kind, t, `indices[${i}]`);
  });
  if (list.length > x.rank) throw new ShapeError(kind, `too many indices for tensor of dimension ${x.rank}`, { input: x.shape });
  const at: number[] = [];
  let shape: Shape = [];
  list.forEach((t, i) => {
    if (t === null) return;
    checkIndexDType(kind, `indices[${i}]`, t, false);
    if (at.length > 0 && !broadcastable(shape, t.shape)) {
      throw new ShapeError(kind, 'shape mismatch: indexing tensors could not be broadcast together', { input: x.shape, [`indices[${i}]`]: t.shape, earlier: shape });
    }
    shape = at.length > 0 ? broadcastShapes(kind, shape, t.shape) : t.shape;
    at.push(i);
  });
  if (at.length === 0) throw new ArgumentError(kind, 'indices', list.map(() => null), 'a list with at least one index tensor');
  const adjacent = at[at.length - 1]! - at[0]! === at.length - 1;
  const rest = x.shape.filter((_, d) => !at.includes(d));
  const out = adjacent ? [...x.shape.slice(0, at[0]), ...shape, ...x.shape.slice(at[at.length - 1]! + 1)] : [...shape, ...rest];
  return record(schema(TENSOR_FUNCTION_OPS, kind), { self: x, indices: list }, out, x.dtype);
}

function broadcastable(a: Shape, b: Shape): boolean {
  for (let i = 1; i <= Math.min(a.length, b.length); i++) {
    const [p, q] = [a[a.length - i]!, b[b.length - i]!];
    if (p !== q && p !== 1 && q !== 1) return false;
  }
  return true;
}

/**
 * `torch.gather(x, dim, index)`: the result has `index`'s shape. As in
 * PyTorch, `index` has `x`'s number of dimensions (int64), and every size but
 * `dim`'s is at most `x`'s.
 */
export function gather(x: Tensor, dim: number, index: Tensor, sparseGrad = false): Tensor {
  const kind = 'aten::gather';
  checkTensor(kind, x);
  checkTensor(kind, index, 'index');
  const d = normDim(kind, dim, x.rank, x.shape);
  checkIndexDType(kind, 'index', index, false);
  const shapes = { input: x.shape, index: index.shape };
  // PyTorch checks an empty index against nothing; a 0-D tensor counts as 1-D.
  if (symNumel(index.shape) !== 0n) {
    if (Math.max(index.rank, 1) !== Math.max(x.rank, 1)) throw new ShapeError(kind, 'Index tensor must have the same number of dimensions as input tensor', shapes);
    const bad = index.shape.findIndex((n, i) => i !== d && !sizeAtLeast(kind, 'the input size less the index size', dimSub(x.shape[i] ?? 1, n), 0));
    if (bad !== -1) throw new ShapeError(kind, `Size does not match at dimension ${bad}: expected index to be smaller than self apart from dimension ${d}`, shapes);
  }
  return record(schema(TENSOR_FUNCTION_OPS, kind), { self: x, dim, index, sparse_grad: sparseGrad }, index.shape, x.dtype);
}

/** `torch.index_select(x, dim, index)`: `index` (1-D or 0-D, int64 or int32) picks along `dim`. */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const kind = 'aten::index_select';
  checkTensor(kind, x);
  checkTensor(kind, index, 'index');
  const d = normDim(kind, dim, x.rank, x.shape);
  if (index.rank > 1) throw new ShapeError(kind, 'Index is supposed to be a vector', { input: x.shape, index: index.shape });
  checkIndexDType(kind, 'index', index, true);
  const n = index.rank === 0 ? 1 : index.shape[0]!;
  const out = x.rank === 0 ? [] : x.shape.map((v, i) => (i === d ? n : v));
  return record(schema(TENSOR_FUNCTION_OPS, kind), { self: x, dim, index }, out, x.dtype);
}

/**
 * `x.narrow(dim, start, length)`: `length` elements of `dim` from `start`
 * (negative counts from the end). Start and length may be traced.
 */
export function narrow(x: Tensor, dim: number, start: IntLike, length: IntLike): Tensor {
  const kind = 'aten::narrow';
  checkTensor(kind, x);
  if (x.rank === 0) throw new ShapeError(kind, 'narrow() cannot be applied to a 0-dim tensor', { input: x.shape });
  const d = normDim(kind, dim, x.rank, x.shape);
  const size = x.shape[d]!;
  let s = intArg(kind, 'start', start);
  const n = intArg(kind, 'length', length);
  // Written as sizes at least 0, so that a symbolic start or length (x[:, -T:]) is decided exactly.
  if (!sizeAtLeast(kind, 'start + size', dimAdd(s, size), 0) || !sizeAtLeast(kind, 'size - start', dimSub(size, s), 0)) {
    throw new ShapeError(kind, `start ${s} out of range [${dimSub(0, size)}, ${size}]`, { input: x.shape });
  }
  if (!sizeAtLeast(kind, 'start', s, 0)) s = dimAdd(s, size);
  if (!sizeAtLeast(kind, 'length', n, 0) || !sizeAtLeast(kind, 'size - start - length', dimSub(dimSub(size, s), n), 0)) throw new ShapeError(kind, `start (${s}) + length (${n}) exceeds dimension size (${size})`, { input: x.shape });
  return record(schema(TENSOR_FUNCTION_OPS, kind), { self: x, dim, start, length }, x.shape.map((v, i) => (i === d ? n : v)), x.dtype);
}

/**
 * `F.one_hot(x, num_classes)`: int64, `x`'s shape with `num_classes` added
 * last; `x` is int64. PyTorch's default num_classes=-1 means max(x) + 1, a
 * value shape-only tracing never has: `numClasses` is required.
 */
export function oneHot(x: Tensor, numClasses: IntLike): Tensor {
  const kind = 'aten::one_hot';
  checkTensor(kind, x);
  const n = concrete(intArg(kind, 'num_classes', numClasses), `${kind}: num_classes`);
  if (n === -1) throw new ArgumentError(kind, 'num_classes', n, 'given (-1 infers it from the largest index, a data-dependent size shape-only tracing cannot know)');
  if (n < 0) throw new ArgumentError(kind, 'num_classes', n, 'a non-negative integer');
  if (x.dtype !== 'int64') throw new ArgumentError(kind, 'self', `a ${x.dtype} tensor`, 'an int64 tensor (one_hot is only applicable to index tensor)');
  return record(schema(TENSOR_FUNCTION_OPS, kind), { self: x, num_classes: numClasses }, [...x.shape, n], 'int64');
}
