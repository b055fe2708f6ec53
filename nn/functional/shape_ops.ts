// Ops that move or reshape data: views, concatenation, splitting, padding and
// constructors. All cost nothing; most are on the reference's ignore list.

import { ShapeError } from '../../core/errors.js';
import { broadcastShapes, checkShape, flattenShape, normDim, reshapeShape, type Shape } from '../../core/shape.js';
import { Tensor } from '../../core/tensor.js';
import { emitOp } from '../../core/dispatch.js';
import { out } from './util.js';

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const s = reshapeShape('aten::reshape', x.shape, shape);
  emitOp('aten::reshape', [x.shape, null], [s]);
  return out(s, x);
}

export function view(x: Tensor, shape: readonly number[]): Tensor {
  const s = reshapeShape('aten::view', x.shape, shape);
  emitOp('aten::view', [x.shape, null], [s]);
  return out(s, x);
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  const s = flattenShape('aten::flatten', x.shape, startDim, endDim);
  emitOp('aten::flatten', [x.shape, null, null], [s]);
  return out(s, x);
}

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const op = 'aten::permute';
  if (dims.length !== x.rank) throw new ShapeError(op, `expected ${x.rank} dimensions, got ${dims.length}`, { input: x.shape });
  const norm = dims.map((d) => normDim(op, d, x.rank, x.shape));
  if (new Set(norm).size !== norm.length) throw new ShapeError(op, 'repeated dimension', { input: x.shape });
  const s = norm.map((d) => x.shape[d]!);
  emitOp(op, [x.shape, null], [s]);
  return out(s, x);
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const op = 'aten::transpose';
  const a = normDim(op, dim0, x.rank, x.shape);
  const b = normDim(op, dim1, x.rank, x.shape);
  const s = [...x.shape];
  s[a] = x.shape[b]!;
  s[b] = x.shape[a]!;
  emitOp(op, [x.shape, null, null], [s]);
  return out(s, x);
}

export function t(x: Tensor): Tensor {
  if (x.rank > 2) throw new ShapeError('aten::t', `expected at most 2-D input, got ${x.rank}-D`, { input: x.shape });
  const s = [...x.shape].reverse();
  emitOp('aten::t', [x.shape], [s]);
  return out(s, x);
}

export function contiguous(x: Tensor): Tensor {
  emitOp('aten::contiguous', [x.shape, null], [x.shape]);
  return x;
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
  emitOp(op, [null, null], [s]);
  return out(s, first);
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
  emitOp(op, [null, null], [s]);
  return out(s, first);
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
  emitOp(op, [x.shape, null, null], outs);
  return outs.map((s) => out(s, x));
}

export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  const op = 'aten::chunk';
  const d = normDim(op, dim, x.rank, x.shape);
  const each = Math.ceil(x.shape[d]! / chunks);
  const outs: Shape[] = [];
  for (let left = x.shape[d]!; left > 0; left -= each) outs.push(x.shape.map((v, i) => (i === d ? Math.min(each, left) : v)));
  emitOp(op, [x.shape, null, null], outs);
  return outs.map((s) => out(s, x));
}

export function squeeze(x: Tensor, dim?: number): Tensor {
  const op = 'aten::squeeze';
  let s: number[];
  if (dim === undefined) s = x.shape.filter((v) => v !== 1);
  else {
    const d = normDim(op, dim, x.rank, x.shape);
    s = x.shape[d] === 1 ? x.shape.filter((_, i) => i !== d) : [...x.shape];
  }
  emitOp(op, dim === undefined ? [x.shape] : [x.shape, null], [s]);
  return out(s, x);
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const op = 'aten::unsqueeze';
  const d = normDim(op, dim, x.rank + 1, x.shape);
  const s = [...x.shape];
  s.splice(d, 0, 1);
  emitOp(op, [x.shape, null], [s]);
  return out(s, x);
}

/** `expand`, where -1 keeps a size and new leading dimensions may be added. */
export function expand(x: Tensor, sizes: readonly number[]): Tensor {
  const op = 'aten::expand';
  if (sizes.length < x.rank) throw new ShapeError(op, 'cannot expand to fewer dimensions', { input: x.shape });
  const lead = sizes.length - x.rank;
  const s = sizes.map((v, i) => {
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
  emitOp(op, [x.shape, null, null], [s]);
  return out(s, x);
}

/** `x.select(dim, index)`: drops `dim`. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const op = 'aten::select';
  const d = normDim(op, dim, x.rank, x.shape);
  const n = x.shape[d]!;
  if (index < -n || index >= n) throw new ShapeError(op, `index ${index} out of range for size ${n}`, { input: x.shape });
  const s = x.shape.filter((_, i) => i !== d);
  emitOp(op, [x.shape, null, null], [s]);
  return out(s, x);
}

/** `x[..., start:end:step]` along `dim`, with Python's clamping. */
export function slice(x: Tensor, dim: number, start = 0, end: number = Number.MAX_SAFE_INTEGER, step = 1): Tensor {
  const op = 'aten::slice';
  const d = normDim(op, dim, x.rank, x.shape);
  const n = x.shape[d]!;
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  const len = Math.max(0, Math.ceil((clamp(end) - clamp(start)) / step));
  const s = x.shape.map((v, i) => (i === d ? len : v));
  emitOp(op, [x.shape, null, null, null, null], [s]);
  return out(s, x);
}

export function roll(x: Tensor, _shifts: number | readonly number[], _dims: number | readonly number[]): Tensor {
  emitOp('aten::roll', [x.shape, null, null], [x.shape]);
  return out(x.shape, x);
}

/** Constant padding, `pad` listed from the last dimension backwards as in F.pad. */
export function pad(x: Tensor, padding: readonly number[]): Tensor {
  const op = 'aten::constant_pad_nd';
  if (padding.length % 2 !== 0 || padding.length / 2 > x.rank) {
    throw new ShapeError(op, `padding length ${padding.length} must be even and at most twice the rank`, { input: x.shape });
  }
  const s = [...x.shape];
  for (let i = 0; i < padding.length / 2; i++) {
    const d = x.rank - 1 - i;
    s[d] = s[d]! + padding[2 * i]! + padding[2 * i + 1]!;
  }
  if (s.some((v) => v < 0)) throw new ShapeError(op, 'padding leaves a negative size', { input: x.shape });
  emitOp(op, [x.shape, null, null], [s]);
  return out(s, x);
}

function constructor_(kind: string, shape: readonly number[]): Tensor {
  const s = checkShape(kind, 'size', shape);
  emitOp(kind, [null, null, null, null, null], [s]);
  return new Tensor(s);
}

export const zeros = (shape: readonly number[]): Tensor => constructor_('aten::zeros', shape);
export const empty = (shape: readonly number[]): Tensor => constructor_('aten::empty', shape);
export const ones = (shape: readonly number[]): Tensor => constructor_('aten::ones', shape);

// Ops that Swin and MaxViT trace.

/**
 * `x.size(dim)` / `x.shape[dim]` while tracing: the JIT records aten::size and
 * the value is a 0-dim tensor, so arithmetic on it is traced too.
 */
export function size(x: Tensor, dim: number): Tensor {
  normDim('aten::size', dim, x.rank, x.shape);
  emitOp('aten::size', [x.shape, null], [[]]);
  return new Tensor([], 'int64');
}

/** `x.numel()` while tracing: recorded as aten::numel, a 0-dim tensor. */
export function numel(x: Tensor): Tensor {
  emitOp('aten::numel', [x.shape], [[]]);
  return new Tensor([], 'int64');
}

/** `x[index]` with one integer index tensor: the index's shape replaces dimension 0. */
export function index(x: Tensor, indexShape: readonly number[]): Tensor {
  const op = 'aten::index';
  if (x.rank < 1) throw new ShapeError(op, 'cannot index a 0-D tensor', { input: x.shape });
  const s = [...indexShape, ...x.shape.slice(1)];
  emitOp(op, [x.shape, null], [s]);
  return out(s, x);
}

/** `x.new_zeros(size)`. */
export function newZeros(x: Tensor, shape: readonly number[]): Tensor {
  const s = checkShape('aten::new_zeros', 'size', shape);
  emitOp('aten::new_zeros', [x.shape, null, null, null, null, null], [s]);
  return out(s, x);
}

export function expandAs(x: Tensor, other: Tensor): Tensor {
  const op = 'aten::expand_as';
  const lead = other.rank - x.rank;
  if (lead < 0 || x.shape.some((v, i) => v !== 1 && v !== other.shape[i + lead])) {
    throw new ShapeError(op, 'cannot expand to the other tensor\'s shape', { input: x.shape, other: other.shape });
  }
  emitOp(op, [x.shape, other.shape], [other.shape]);
  return out(other.shape, x);
}

/** `torch.swapaxes`: a transpose the trace names aten::swapaxes. */
export function swapaxes(x: Tensor, axis0: number, axis1: number): Tensor {
  const op = 'aten::swapaxes';
  const a = normDim(op, axis0, x.rank, x.shape);
  const b = normDim(op, axis1, x.rank, x.shape);
  const s = [...x.shape];
  s[a] = x.shape[b]!;
  s[b] = x.shape[a]!;
  emitOp(op, [x.shape, null, null], [s]);
  return out(s, x);
}


// Ops that the video models (MViT) trace.

/** `x.unbind(dim)`: the slices along `dim`, which is dropped. */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  const op = 'aten::unbind';
  const d = normDim(op, dim, x.rank, x.shape);
  const s = x.shape.filter((_, i) => i !== d);
  const outs = new Array<Shape>(x.shape[d]!).fill(s);
  emitOp(op, [x.shape, null], outs);
  return outs.map((o) => out(o, x));
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
  emitOp(op, [x.shape, null, null], outs);
  return outs.map((o) => out(o, x));
}

/**
 * `torch.repeat_interleave(x, repeats, dim)` with one repeat count for every
 * element; `repeats` is a Python int, or a 0-dim tensor (a traced size) with its value.
 */
export function repeatInterleave(x: Tensor, repeats: number | { tensor: Tensor; value: number }, dim: number): Tensor {
  const op = 'aten::repeat_interleave';
  const d = normDim(op, dim, x.rank, x.shape);
  const r = typeof repeats === 'number' ? repeats : repeats.value;
  const s = x.shape.map((v, i) => (i === d ? v * r : v));
  emitOp(op, [x.shape, typeof repeats === 'number' ? null : repeats.tensor.shape, null, null], [s]);
  return out(s, x);
}

/** `torch.arange(end)`: int64 values 0..end-1. */
export function arange(end: number): Tensor {
  const s = checkShape('aten::arange', 'end', [end]);
  emitOp('aten::arange', [null, null, null, null, null], [s]);
  return new Tensor(s, 'int64');
}

/** `x.to(dtype)`, `x.long()`, `x.float()`: recorded as aten::to. */
export function to(x: Tensor, dtype: Tensor['dtype']): Tensor {
  emitOp('aten::to', [x.shape, null, null, null, null], [x.shape]);
  return new Tensor(x.shape, dtype);
}

/** `dst.copy_(src)`: what `x[...] = y` runs on the indexed view. */
export function copy_(dst: Tensor, src: Tensor): Tensor {
  const op = 'aten::copy_';
  const full = broadcastShapes(op, dst.shape, src.shape);
  if (full.length !== dst.rank || full.some((v, i) => v !== dst.shape[i])) {
    throw new ShapeError(op, 'source does not broadcast to the destination', { dst: dst.shape, src: src.shape });
  }
  emitOp(op, [dst.shape, src.shape, null], [dst.shape]);
  return dst;
}
