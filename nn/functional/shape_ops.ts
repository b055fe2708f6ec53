// Ops that move or reshape data: views, concatenation, splitting, padding and
// constructors. All cost nothing; most are on the reference's ignore list.

import { ShapeError } from '../../core/errors.js';
import { broadcastShapes, checkShape, flattenShape, normDim, reshapeShape, type Shape } from '../../core/shape.js';
import { intValue, TracedInt, type IntLike, type Tensor } from '../../core/tensor.js';
import { emit } from '../../core/dispatch.js';
import { record, recordInPlace, recordMany, schema } from './util.js';

const values = (sizes: readonly IntLike[]): number[] => sizes.map(intValue);

/** `x.reshape(shape)`; sizes may be traced (`x.size(0)`), as in PyTorch. */
export function reshape(x: Tensor, shape: readonly IntLike[]): Tensor {
  return record(schema('aten::reshape'), { self: x, shape }, reshapeShape('aten::reshape', x.shape, values(shape)), x.dtype);
}

export function view(x: Tensor, shape: readonly IntLike[]): Tensor {
  return record(schema('aten::view'), { self: x, size: shape }, reshapeShape('aten::view', x.shape, values(shape)), x.dtype);
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  const s = flattenShape('aten::flatten', x.shape, startDim, endDim);
  return record(schema('aten::flatten'), { self: x, start_dim: startDim, end_dim: endDim }, s, x.dtype);
}

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const op = 'aten::permute';
  if (dims.length !== x.rank) throw new ShapeError(op, `expected ${x.rank} dimensions, got ${dims.length}`, { input: x.shape });
  const norm = dims.map((d) => normDim(op, d, x.rank, x.shape));
  if (new Set(norm).size !== norm.length) throw new ShapeError(op, 'repeated dimension', { input: x.shape });
  return record(schema(op), { self: x, dims }, norm.map((d) => x.shape[d]!), x.dtype);
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const op = 'aten::transpose';
  const a = normDim(op, dim0, x.rank, x.shape);
  const b = normDim(op, dim1, x.rank, x.shape);
  const s = [...x.shape];
  s[a] = x.shape[b]!;
  s[b] = x.shape[a]!;
  return record(schema(op), { self: x, dim0, dim1 }, s, x.dtype);
}

export function t(x: Tensor): Tensor {
  if (x.rank > 2) throw new ShapeError('aten::t', `expected at most 2-D input, got ${x.rank}-D`, { input: x.shape });
  return record(schema('aten::t'), { self: x }, [...x.shape].reverse(), x.dtype);
}

/** Recorded, and a new value in the trace (the reference's graph has one). */
export function contiguous(x: Tensor): Tensor {
  return record(schema('aten::contiguous'), { self: x }, x.shape, x.dtype);
}

export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  const op = 'aten::cat';
  const first = tensors[0];
  if (first === undefined) throw new ShapeError(op, 'expected a non-empty list of tensors', {});
  const d = normDim(op, dim, first.rank, first.shape);
  const s = [...first.shape];
  s[d] = 0;
  for (const tt of tensors) {
    if (tt.rank !== first.rank || tt.shape.some((v, i) => i !== d && v !== first.shape[i])) {
      throw new ShapeError(op, `sizes must match except in dimension ${dim}`, { first: first.shape, other: tt.shape });
    }
    s[d] += tt.shape[d]!;
  }
  return record(schema(op), { tensors, dim }, s, first.dtype);
}

export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  const op = 'aten::stack';
  const first = tensors[0];
  if (first === undefined) throw new ShapeError(op, 'expected a non-empty list of tensors', {});
  for (const tt of tensors) {
    if (tt.rank !== first.rank || tt.shape.some((v, i) => v !== first.shape[i])) {
      throw new ShapeError(op, 'stacked tensors must have equal shapes', { first: first.shape, other: tt.shape });
    }
  }
  const d = normDim(op, dim, first.rank + 1, first.shape);
  const s = [...first.shape];
  s.splice(d, 0, tensors.length);
  return record(schema(op), { tensors, dim }, s, first.dtype);
}

/** Splits into pieces of `size` along `dim` (the last may be smaller). */
export function split(x: Tensor, size: number | readonly number[], dim = 0): Tensor[] {
  const op = typeof size === 'number' ? 'aten::split' : 'aten::split_with_sizes';
  const d = normDim(op, dim, x.rank, x.shape);
  const total = x.shape[d]!;
  let sizes: number[];
  if (typeof size === 'number') {
    sizes = [];
    for (let left = total; left > 0; left -= size) sizes.push(Math.min(size, left));
  } else {
    sizes = [...size];
    if (sizes.reduce((a, b) => a + b, 0) !== total) {
      throw new ShapeError(op, `split sizes ${sizes.join('+')} do not add up to ${total}`, { input: x.shape });
    }
  }
  const outs = sizes.map((n) => x.shape.map((v, i) => (i === d ? n : v)));
  const args = typeof size === 'number' ? { self: x, split_size: size, dim } : { self: x, split_sizes: size, dim };
  return recordMany(schema(op), args, outs, x.dtype);
}

export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  const op = 'aten::chunk';
  const d = normDim(op, dim, x.rank, x.shape);
  const each = Math.ceil(x.shape[d]! / chunks);
  const outs: Shape[] = [];
  for (let left = x.shape[d]!; left > 0; left -= each) outs.push(x.shape.map((v, i) => (i === d ? Math.min(each, left) : v)));
  return recordMany(schema(op), { self: x, chunks, dim }, outs, x.dtype);
}

export function squeeze(x: Tensor, dim?: number): Tensor {
  const op = 'aten::squeeze';
  let s: number[];
  if (dim === undefined) s = x.shape.filter((v) => v !== 1);
  else {
    const d = normDim(op, dim, x.rank, x.shape);
    s = x.shape[d] === 1 ? x.shape.filter((_, i) => i !== d) : [...x.shape];
  }
  return dim === undefined ? record(schema(op), { self: x }, s, x.dtype) : record(schema('aten::squeeze.dim'), { self: x, dim }, s, x.dtype);
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const op = 'aten::unsqueeze';
  const d = normDim(op, dim, x.rank + 1, x.shape);
  const s = [...x.shape];
  s.splice(d, 0, 1);
  return record(schema(op), { self: x, dim }, s, x.dtype);
}

/** `expand`, where -1 keeps a size and new leading dimensions may be added. */
export function expand(x: Tensor, sizes: readonly IntLike[]): Tensor {
  const op = 'aten::expand';
  if (sizes.length < x.rank) throw new ShapeError(op, 'cannot expand to fewer dimensions', { input: x.shape });
  const lead = sizes.length - x.rank;
  const s = values(sizes).map((v, i) => {
    const cur = i >= lead ? x.shape[i - lead]! : undefined;
    if (v === -1) {
      if (cur === undefined) throw new ShapeError(op, '-1 is not allowed in a new leading dimension', { input: x.shape });
      return cur;
    }
    if (cur !== undefined && cur !== 1 && cur !== v) {
      throw new ShapeError(op, `size ${cur} cannot expand to ${v} at dimension ${i}`, { input: x.shape });
    }
    return v;
  });
  return record(schema(op), { self: x, size: sizes }, s, x.dtype);
}

/** `x.select(dim, index)`: drops `dim`. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const op = 'aten::select';
  const d = normDim(op, dim, x.rank, x.shape);
  const n = x.shape[d]!;
  if (index < -n || index >= n) throw new ShapeError(op, `index ${index} out of range for size ${n}`, { input: x.shape });
  return record(schema(op), { self: x, dim, index }, x.shape.filter((_, i) => i !== d), x.dtype);
}

/** `x[..., start:end:step]` along `dim`, with Python's clamping; bounds may be traced. */
export function slice(x: Tensor, dim: number, start: IntLike = 0, end: IntLike = Number.MAX_SAFE_INTEGER, step = 1): Tensor {
  const op = 'aten::slice';
  const d = normDim(op, dim, x.rank, x.shape);
  const n = x.shape[d]!;
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  const len = Math.max(0, Math.ceil((clamp(intValue(end)) - clamp(intValue(start))) / step));
  const s = x.shape.map((v, i) => (i === d ? len : v));
  return record(schema(op), { self: x, dim, start, end, step }, s, x.dtype);
}

export function roll(x: Tensor, shifts: IntLike | readonly IntLike[], dims: number | readonly number[]): Tensor {
  return record(schema('aten::roll'), { self: x, shifts, dims }, x.shape, x.dtype);
}

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/**
 * `F.pad(x, pad, mode, value)`, `pad` listed from the last dimension
 * backwards; PyTorch 1.13 traces every mode as one aten::pad.
 */
export function pad(x: Tensor, pad_: readonly IntLike[], mode: PadMode = 'constant', value = 0): Tensor {
  const op = 'aten::pad';
  const padding = values(pad_);
  if (padding.length % 2 !== 0 || padding.length / 2 > x.rank) {
    throw new ShapeError(op, `padding length ${padding.length} must be even and at most twice the rank`, { input: x.shape });
  }
  const s = [...x.shape];
  for (let i = 0; i < padding.length / 2; i++) {
    const d = x.rank - 1 - i;
    s[d] = s[d]! + padding[2 * i]! + padding[2 * i + 1]!;
  }
  if (s.some((v) => v < 0)) throw new ShapeError(op, 'padding leaves a negative size', { input: x.shape });
  return record(schema(op), { self: x, pad: pad_, mode, value: mode === 'constant' ? value : null }, s, x.dtype);
}

function constructor_(kind: string, shape: readonly IntLike[]): Tensor {
  const s = checkShape(kind, 'size', values(shape));
  return record(schema(kind), { size: shape }, s);
}

export const zeros = (shape: readonly IntLike[]): Tensor => constructor_('aten::zeros', shape);
export const empty = (shape: readonly IntLike[]): Tensor => constructor_('aten::empty', shape);
export const ones = (shape: readonly IntLike[]): Tensor => constructor_('aten::ones', shape);

// Ops that Swin and MaxViT trace.

/** `x.numel()` while tracing: recorded as aten::numel, a traced integer. */
export function numel(x: Tensor): TracedInt {
  const n = new TracedInt(Number(x.numel()));
  emit(schema('aten::numel'), { self: x }, [n]);
  return n;
}

/** `x[index]` with one integer index tensor: the index's shape replaces dimension 0. */
export function index(x: Tensor, indices: Tensor): Tensor {
  const op = 'aten::index';
  if (x.rank < 1) throw new ShapeError(op, 'cannot index a 0-D tensor', { input: x.shape });
  return record(schema(op), { self: x, indices: [indices] }, [...indices.shape, ...x.shape.slice(1)], x.dtype);
}

/** `x.new_zeros(size)`. */
export function newZeros(x: Tensor, shape: readonly IntLike[]): Tensor {
  const s = checkShape('aten::new_zeros', 'size', values(shape));
  return record(schema('aten::new_zeros'), { self: x, size: shape }, s, x.dtype);
}

export function expandAs(x: Tensor, other: Tensor): Tensor {
  const op = 'aten::expand_as';
  const lead = other.rank - x.rank;
  if (lead < 0 || x.shape.some((v, i) => v !== 1 && v !== other.shape[i + lead])) {
    throw new ShapeError(op, 'cannot expand to the other tensor\'s shape', { input: x.shape, other: other.shape });
  }
  return record(schema(op), { self: x, other }, other.shape, x.dtype);
}

/** `torch.swapaxes`: PyTorch 1.13's tracer records it as aten::transpose. */
export const swapaxes = (x: Tensor, axis0: number, axis1: number): Tensor => transpose(x, axis0, axis1);


// Ops that the video models (MViT) trace.

/** `x.unbind(dim)`: the slices along `dim`, which is dropped. */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  const op = 'aten::unbind';
  const d = normDim(op, dim, x.rank, x.shape);
  const s = x.shape.filter((_, i) => i !== d);
  return recordMany(schema(op), { self: x, dim }, new Array<Shape>(x.shape[d]!).fill(s), x.dtype);
}

/** `torch.tensor_split(x, indices, dim)`: pieces between the given indices (Python's clamping). */
export function tensorSplit(x: Tensor, indices: readonly number[], dim = 0): Tensor[] {
  const op = 'aten::tensor_split';
  const d = normDim(op, dim, x.rank, x.shape);
  const n = x.shape[d]!;
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  const bounds = [0, ...indices.map(clamp), n];
  const outs: Shape[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const len = Math.max(0, bounds[i + 1]! - bounds[i]!);
    outs.push(x.shape.map((v, j) => (j === d ? len : v)));
  }
  return recordMany(schema(op), { self: x, indices, dim }, outs, x.dtype);
}

/**
 * `torch.repeat_interleave(x, repeats, dim)` with one repeat count for every
 * element; `repeats` is a Python int or a traced one.
 */
export function repeatInterleave(x: Tensor, repeats: IntLike, dim: number): Tensor {
  const op = 'aten::repeat_interleave';
  const d = normDim(op, dim, x.rank, x.shape);
  const r = intValue(repeats);
  return record(schema(op), { self: x, repeats, dim }, x.shape.map((v, i) => (i === d ? v * r : v)), x.dtype);
}

/** `x.repeat(*repeats)`: tiles `x`, new leading dimensions allowed. */
export function repeat(x: Tensor, repeats: readonly IntLike[]): Tensor {
  const op = 'aten::repeat';
  const r = values(repeats);
  if (r.length < x.rank) throw new ShapeError(op, `${r.length} repeats for a ${x.rank}-D tensor`, { input: x.shape });
  const lead = r.length - x.rank;
  return record(schema(op), { self: x, repeats }, r.map((n, i) => n * (i >= lead ? x.shape[i - lead]! : 1)), x.dtype);
}

/** `torch.arange(end)`: int64 values 0..end-1. */
export function arange(end: IntLike): Tensor {
  const s = checkShape('aten::arange', 'end', [intValue(end)]);
  return record(schema('aten::arange'), { end }, s, 'int64');
}

/** `x.to(dtype)`, `x.long()`, `x.float()`: recorded as aten::to. */
export function to(x: Tensor, dtype: Tensor['dtype']): Tensor {
  return record(schema('aten::to'), { self: x, dtype }, x.shape, dtype);
}

/** `dst.copy_(src)`: what `x[...] = y` runs on the indexed view. */
export function copy_(dst: Tensor, src: Tensor): Tensor {
  const op = 'aten::copy_';
  const full = broadcastShapes(op, dst.shape, src.shape);
  if (full.length !== dst.rank || full.some((v, i) => v !== dst.shape[i])) {
    throw new ShapeError(op, 'source does not broadcast to the destination', { dst: dst.shape, src: src.shape });
  }
  return recordInPlace(schema(op), { self: dst, src }, dst);
}
