// Ops the language models of models/llm/ trace (issue 10) that the other
// functional files lack: the creation ops and comparisons of the Llama
// family's causal and sliding-window masks (full, triu, arange(start, end),
// le, bitwise_or_) and the pieces of Mixtral's routing (topk, one_hot,
// torch.where(condition), indexing with a list of index tensors, index_add_).
// Each takes what PyTorch 1.13 takes, gives its shape, and records the op
// PyTorch 1.13's tracer records.
//
// Other branches add some of these (full, triu, topk, oneHot, le) under the
// same names, signatures and schemas; `arangeStart` is `torch.arange(start,
// end)`, and `indexTensors` the list form of `x[...]`, for a merge to fold
// into `arange` and `index`.

import { TENSOR_FUNCTION_OPS } from '../../core/op_schema.js';
import { emit } from '../../core/dispatch.js';
import type { DType } from '../../core/dtype.js';
import { ArgumentError, ShapeError } from '../../core/errors.js';
import { broadcastShapes, normDim, sameShape, type Dim, type Shape } from '../../core/shape.js';
import { checkTensor, Tensor } from '../../core/tensor.js';
import { record, recordInPlace, schema } from './util.js';

/** `a.bitwise_or_(b)`, in place: `b` broadcasts to `a`'s shape; both bool or integer. */
export function bitwiseOr_(a: Tensor, b: Tensor): Tensor {
  const kind = 'aten::bitwise_or_';
  checkTensor(kind, a);
  checkTensor(kind, b, 'other');
  for (const [name, t] of [['self', a], ['other', b]] as const) {
    if (t.dtype !== 'bool' && t.dtype !== 'int64' && t.dtype !== 'int32') throw new ArgumentError(kind, name, `a ${t.dtype} tensor`, 'a bool or integer tensor');
  }
  if (!sameShape(broadcastShapes(kind, a.shape, b.shape), a.shape)) {
    throw new ShapeError(kind, 'the other tensor must broadcast to the shape of the tensor written to', { self: a.shape, other: b.shape });
  }
  return recordInPlace(schema(TENSOR_FUNCTION_OPS, kind), { self: a, other: b }, a);
}

/**
 * `torch.where(condition)` (= `torch.nonzero(condition, as_tuple=True)`):
 * the indices of the true (nonzero) elements, one 1-D int64 tensor per
 * dimension of `condition`, each of `count` elements. How many elements are
 * true depends on the data, which shape-only tracing never has: the caller
 * says (`count`, between 0 and the number of elements). Recorded as
 * aten::where with one input and a list output, as PyTorch 1.13 traces it.
 */
export function whereTrue(condition: Tensor, count: Dim): Tensor[] {
  const kind = 'aten::where';
  checkTensor(kind, condition, 'condition');
  if (condition.rank === 0) throw new ShapeError(kind, 'a 0-D condition has no indices to return', { condition: condition.shape });
  // A symbolic count (Mixtral's even routing of symbolic tokens) is taken as given.
  if (typeof count === 'number' && (!Number.isSafeInteger(count) || count < 0 || BigInt(count) > condition.numel())) {
    throw new ArgumentError(kind, 'count', count, `the number of true elements, an integer in [0, ${condition.numel()}]`);
  }
  const outs = condition.shape.map(() => new Tensor([count], 'int64'));
  emit(schema(TENSOR_FUNCTION_OPS, 'aten::where.condition'), { condition }, outs);
  return outs;
}

const INDEX_DTYPES: readonly DType[] = ['int64', 'int32'];

/**
 * `x[i0, i1, ...]` with index tensors (integer, broadcast together) and
 * `null` for a full slice of that dimension (`x[:, idx]`: `[null, idx]`),
 * PyTorch's advanced indexing as aten::index: the broadcast index shape
 * replaces the indexed dimensions where they are (when adjacent) or goes
 * first (when a full slice separates them). A Python `None` of the
 * subscript is an `unsqueeze` made before, as PyTorch does.
 */
export function indexTensors(x: Tensor, indices: readonly (Tensor | null)[]): Tensor {
  const kind = 'aten::index';
  checkTensor(kind, x);
  if (!Array.isArray(indices)) throw new ArgumentError(kind, 'indices', indices, 'a list of index tensors or nulls');
  if (indices.length > x.rank) throw new ShapeError(kind, `too many indices (${indices.length}) for a ${x.rank}-D tensor`, { input: x.shape });
  const at: number[] = [];
  let broadcast: Shape | null = null;
  indices.forEach((t, i) => {
    if (t === null) return;
    checkTensor(kind, t, `indices[${i}]`);
    if (!INDEX_DTYPES.includes(t.dtype)) throw new ArgumentError(kind, `indices[${i}]`, `a ${t.dtype} tensor`, 'an int64 or int32 tensor (a bool mask selects a data-dependent number of elements)');
    broadcast = broadcast === null ? t.shape : broadcastShapes(kind, broadcast, t.shape);
    at.push(i);
  });
  if (broadcast === null) throw new ArgumentError(kind, 'indices', indices.map(() => null), 'at least one index tensor');
  const b: Shape = broadcast;
  const adjacent = at[at.length - 1]! - at[0]! === at.length - 1;
  const rest = x.shape.map((v, i) => (at.includes(i) ? null : v));
  const before = rest.slice(0, at[0]).filter((v): v is number => v !== null);
  const after = rest.slice(at[0]).filter((v): v is number => v !== null);
  const shape = adjacent ? [...before, ...b, ...after] : [...b, ...before, ...after];
  return record(schema(TENSOR_FUNCTION_OPS, kind), { self: x, indices }, shape, x.dtype);
}

/**
 * `x.index_add_(dim, index, source, alpha=1)`, in place: `index` a 1-D (or
 * 0-D) integer tensor, `source` shaped as `x` with `dim` of `index`'s length.
 */
export function indexAdd_(x: Tensor, dim: number, index: Tensor, source: Tensor, alpha = 1): Tensor {
  const kind = 'aten::index_add_';
  checkTensor(kind, x);
  checkTensor(kind, index, 'index');
  checkTensor(kind, source, 'source');
  const shapes = { self: x.shape, index: index.shape, source: source.shape };
  if (!INDEX_DTYPES.includes(index.dtype)) throw new ArgumentError(kind, 'index', `a ${index.dtype} tensor`, 'an int64 or int32 tensor');
  if (index.rank > 1) throw new ShapeError(kind, 'index must be a vector', shapes);
  const d = normDim(kind, dim, Math.max(x.rank, 1), x.shape);
  const n = index.rank === 0 ? 1 : index.shape[0]!;
  const want = x.rank === 0 ? [] : x.shape.map((v, i) => (i === d ? n : v));
  if (source.rank !== x.rank || !sameShape(source.shape, want)) throw new ShapeError(kind, `source must have the shape of self with dimension ${d} of the index's length (${n})`, shapes);
  return recordInPlace(schema(TENSOR_FUNCTION_OPS, kind), { self: x, dim, index, source, alpha }, x);
}
