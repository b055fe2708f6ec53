// Ops that move or reshape data: views, concatenation, splitting, padding and
// constructors. All cost nothing; most are on the reference's ignore list.
//
// Each op accepts exactly what PyTorch 1.13 accepts and gives PyTorch's shape;
// anything PyTorch rejects is one typed error naming the op, the argument and
// the shapes. Sizes are exact: a computed size past 2^53 - 1 is an error, and
// an op never makes more than MAX_OUTPUTS outputs.

import { ArgumentError, formatValue, ShapeError, shapeText } from '../../core/errors.js';
import {
  addSizes,
  broadcastShapes,
  checkSizes,
  flattenShape,
  MAX_OUTPUTS,
  mulSizes,
  normDim,
  reshapeShape,
  sizeOfBig,
  type Dim,
  type Shape,
} from '../../core/shape.js';
import { checkTensor, intArg, intListArg, TracedInt, type IntLike, type Tensor } from '../../core/tensor.js';
import { isDType } from '../../core/dtype.js';
import { emit } from '../../core/dispatch.js';
import { record, recordInPlace, recordMany, schema } from './util.js';

/** `x.reshape(shape)`; sizes may be traced (`x.size(0)`), as in PyTorch. */
export function reshape(x: Tensor, shape: readonly IntLike[]): Tensor {
  const op = 'aten::reshape';
  checkTensor(op, 'self', x);
  return record(schema(op), { self: x, shape }, reshapeShape(op, x.shape, intListArg(op, 'shape', shape)), x.dtype);
}

export function view(x: Tensor, shape: readonly IntLike[]): Tensor {
  const op = 'aten::view';
  checkTensor(op, 'self', x);
  return record(schema(op), { self: x, size: shape }, reshapeShape(op, x.shape, intListArg(op, 'size', shape)), x.dtype);
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  const op = 'aten::flatten';
  checkTensor(op, 'self', x);
  const s = flattenShape(op, x.shape, startDim, endDim);
  return record(schema(op), { self: x, start_dim: startDim, end_dim: endDim }, s, x.dtype);
}

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const op = 'aten::permute';
  checkTensor(op, 'self', x);
  const given = intListArg(op, 'dims', dims);
  if (given.length !== x.rank) {
    throw new ShapeError(op, `dims ${shapeText(given)} has ${given.length} entries for a ${x.rank}-D tensor`, { input: x.shape });
  }
  const norm = given.map((d) => normDim(op, d, x.rank, x.shape));
  const seen = new Set<number>();
  for (let i = 0; i < norm.length; i++) {
    if (seen.has(norm[i]!)) throw new ShapeError(op, `dims ${shapeText(given)} repeat dimension ${norm[i]}`, { input: x.shape });
    seen.add(norm[i]!);
  }
  return record(schema(op), { self: x, dims }, norm.map((d) => x.shape[d]!), x.dtype);
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const op = 'aten::transpose';
  checkTensor(op, 'self', x);
  const a = normDim(op, dim0, x.rank, x.shape);
  const b = normDim(op, dim1, x.rank, x.shape);
  const s = [...x.shape];
  if (x.rank > 0) {
    s[a] = x.shape[b]!;
    s[b] = x.shape[a]!;
  }
  return record(schema(op), { self: x, dim0, dim1 }, s, x.dtype);
}

export function t(x: Tensor): Tensor {
  checkTensor('aten::t', 'self', x);
  if (x.rank > 2) throw new ShapeError('aten::t', `expected at most 2-D input, got ${x.rank}-D`, { input: x.shape });
  return record(schema('aten::t'), { self: x }, [...x.shape].reverse(), x.dtype);
}

/** Recorded, and a new value in the trace (the reference's graph has one). */
export function contiguous(x: Tensor): Tensor {
  checkTensor('aten::contiguous', 'self', x);
  return record(schema('aten::contiguous'), { self: x }, x.shape, x.dtype);
}

/** A list of tensors, each checked. */
function tensorList(op: string, argument: string, tensors: unknown): readonly Tensor[] {
  if (!Array.isArray(tensors)) throw new ArgumentError(op, argument, tensors, 'a list of Tensors');
  for (let i = 0; i < tensors.length; i++) checkTensor(op, `${argument}[${i}]`, tensors[i]);
  if (tensors.length === 0) throw new ShapeError(op, `expected a non-empty list of tensors, got []`, {});
  return tensors as readonly Tensor[];
}

/**
 * `torch.cat`. As in PyTorch, a 1-D tensor of size 0 is skipped whatever the
 * others' shapes (the legacy empty tensor); the others must have one rank and
 * equal sizes except along `dim`.
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  const op = 'aten::cat';
  const list = tensorList(op, 'tensors', tensors);
  intArg(op, 'dim', dim);
  let first: Tensor | undefined;
  let firstAt = -1;
  for (let i = 0; i < list.length; i++) {
    const tt = list[i]!;
    if (tt.rank === 1 && tt.shape[0] === 0) continue;
    if (tt.rank === 0) throw new ShapeError(op, `a 0-D tensor (at position ${i}) cannot be concatenated`, { input: tt.shape });
    if (first === undefined) {
      first = tt;
      firstAt = i;
    }
  }
  if (first === undefined) return record(schema(op), { tensors, dim }, [0], list[0]!.dtype);
  const d = normDim(op, dim, first.rank, first.shape);
  const s = [...first.shape];
  s[d] = 0;
  for (let i = 0; i < list.length; i++) {
    const tt = list[i]!;
    if (tt.rank === 1 && tt.shape[0] === 0) continue;
    if (tt.rank !== first.rank) {
      throw new ShapeError(op, `tensors must have the same number of dimensions: got ${first.rank} (position ${firstAt}) and ${tt.rank} (position ${i})`, {
        first: first.shape,
        other: tt.shape,
      });
    }
    for (let j = 0; j < first.rank; j++) {
      if (j !== d && tt.shape[j] !== first.shape[j]) {
        throw new ShapeError(op, `sizes must match except in dimension ${d}: expected ${first.shape[j]} but got ${tt.shape[j]} in dimension ${j} (position ${i})`, {
          first: first.shape,
          other: tt.shape,
        });
      }
    }
    s[d] = addSizes(op, `the size along dimension ${d}`, s[d]!, tt.shape[d]!, { first: first.shape, other: tt.shape });
  }
  return record(schema(op), { tensors, dim }, s, first.dtype);
}

export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  const op = 'aten::stack';
  const list = tensorList(op, 'tensors', tensors);
  const first = list[0]!;
  for (let i = 1; i < list.length; i++) {
    const tt = list[i]!;
    if (tt.rank !== first.rank || tt.shape.some((v, j) => v !== first.shape[j])) {
      throw new ShapeError(op, `stacked tensors must have equal shapes: ${shapeText(first.shape)} at position 0, ${shapeText(tt.shape)} at position ${i}`, {
        first: first.shape,
        other: tt.shape,
      });
    }
  }
  const d = normDim(op, dim, first.rank + 1, first.shape);
  const s = [...first.shape];
  s.splice(d, 0, list.length);
  return record(schema(op), { tensors, dim }, s, first.dtype);
}

/** The error for an op that would make more than MAX_OUTPUTS outputs. */
function tooManyOutputs(op: string, count: number | bigint, x: Tensor): ShapeError {
  return new ShapeError(
    op,
    `would make ${formatValue(count)} outputs, more than the limit of ${MAX_OUTPUTS} (2^20): PyTorch would allocate a tensor for each`,
    { input: x.shape },
  );
}

/** `dim` of a splitting op, which needs at least one dimension. */
function splitDim(op: string, name: string, x: Tensor, dim: number): number {
  if (x.rank === 0) throw new ShapeError(op, `${name} expects at least a 1-D tensor, got a 0-D tensor`, { input: x.shape });
  return normDim(op, dim, x.rank, x.shape);
}

/** `x` with dimension `d` of size `n`. */
function withDim(x: Tensor, d: number, n: number): Shape {
  const s = [...x.shape];
  s[d] = n;
  return s;
}

/** Splits into pieces of `size` along `dim` (the last may be smaller), or into pieces of the listed sizes. */
export function split(x: Tensor, size: IntLike | readonly IntLike[], dim = 0): Tensor[] {
  const list = Array.isArray(size);
  const op = list ? 'aten::split_with_sizes' : 'aten::split';
  checkTensor(op, 'self', x);
  const d = splitDim(op, 'split', x, dim);
  const total = x.shape[d]!;
  const outs: Shape[] = [];
  if (!list) {
    const n = intArg(op, 'split_size', size);
    if (n < 0) throw new ShapeError(op, `split_size must be non-negative, got ${n}`, { input: x.shape });
    if (n === 0 && total !== 0) throw new ShapeError(op, `split_size can only be 0 if dimension ${d} has size 0, but it has size ${total}`, { input: x.shape });
    // One piece (of size 0) when the dimension is empty, as in PyTorch.
    const pieces = total === 0 ? 1 : Math.ceil(total / n);
    if (pieces > MAX_OUTPUTS) throw tooManyOutputs(op, pieces, x);
    for (let i = 0; i < pieces; i++) outs.push(withDim(x, d, Math.min(n, total - i * n)));
  } else {
    const sizes = intListArg(op, 'split_sizes', size);
    if (sizes.length > MAX_OUTPUTS) throw tooManyOutputs(op, sizes.length, x);
    let sum = 0n;
    for (const n of sizes) {
      if (n < 0) throw new ShapeError(op, `split_sizes must be non-negative, got ${shapeText(sizes)}`, { input: x.shape });
      sum += BigInt(n);
    }
    if (sum !== BigInt(total)) {
      throw new ShapeError(op, `split_sizes ${shapeText(sizes)} add up to ${sum}, not to the size ${total} of dimension ${d}`, { input: x.shape });
    }
    for (const n of sizes) outs.push(withDim(x, d, n));
  }
  const args = list ? { self: x, split_sizes: size, dim } : { self: x, split_size: size, dim };
  return recordMany(schema(op), args, outs, x.dtype);
}

/** `x.chunk(chunks, dim)`: pieces of ceil(size / chunks), so possibly fewer than `chunks`. */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  const op = 'aten::chunk';
  checkTensor(op, 'self', x);
  const c = intArg(op, 'chunks', chunks);
  const d = splitDim(op, 'chunk', x, dim);
  if (c <= 0) throw new ShapeError(op, `chunks must be greater than 0, got ${c}`, { input: x.shape });
  const total = x.shape[d]!;
  const outs: Shape[] = [];
  if (total === 0) {
    // PyTorch makes `chunks` empty pieces.
    if (c > MAX_OUTPUTS) throw tooManyOutputs(op, c, x);
    for (let i = 0; i < c; i++) outs.push(withDim(x, d, 0));
  } else {
    const each = Math.ceil(total / c);
    const pieces = Math.ceil(total / each);
    if (pieces > MAX_OUTPUTS) throw tooManyOutputs(op, pieces, x);
    for (let i = 0; i < pieces; i++) outs.push(withDim(x, d, Math.min(each, total - i * each)));
  }
  return recordMany(schema(op), { self: x, chunks, dim }, outs, x.dtype);
}

export function squeeze(x: Tensor, dim?: number): Tensor {
  const op = 'aten::squeeze';
  checkTensor(op, 'self', x);
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
  checkTensor(op, 'self', x);
  const d = normDim(op, dim, x.rank + 1, x.shape);
  const s = [...x.shape];
  s.splice(d, 0, 1);
  return record(schema(op), { self: x, dim }, s, x.dtype);
}

/**
 * `expand`: -1 keeps an existing size, a size-1 dimension takes any size
 * (0 too), other sizes must stay; new leading dimensions take any size but -1.
 */
export function expand(x: Tensor, sizes: readonly IntLike[]): Tensor {
  const op = 'aten::expand';
  checkTensor(op, 'self', x);
  const target = intListArg(op, 'size', sizes);
  if (target.length < x.rank) {
    throw new ShapeError(op, `size ${shapeText(target)} has ${target.length} entries, fewer than the ${x.rank} dimensions of the tensor`, { input: x.shape });
  }
  const lead = target.length - x.rank;
  const s = target.map((v, i) => {
    if (i < lead) {
      if (v < 0) throw new ShapeError(op, `size ${v} is not allowed in a new leading dimension ${i} (size ${shapeText(target)})`, { input: x.shape });
      return v;
    }
    const cur = x.shape[i - lead]!;
    if (v === -1) return cur;
    if (v < 0) throw new ShapeError(op, `size ${v} at dimension ${i} is invalid (only -1 keeps a size; size ${shapeText(target)})`, { input: x.shape });
    if (cur !== 1 && cur !== v) {
      throw new ShapeError(op, `size ${cur} cannot expand to ${v} at dimension ${i} (size ${shapeText(target)}); only size-1 dimensions expand`, { input: x.shape });
    }
    return v;
  });
  return record(schema(op), { self: x, size: sizes }, s, x.dtype);
}

/** `x.select(dim, index)`: drops `dim`. */
export function select(x: Tensor, dim: number, index: IntLike): Tensor {
  const op = 'aten::select';
  checkTensor(op, 'self', x);
  if (x.rank === 0) throw new ShapeError(op, 'cannot be applied to a 0-D tensor', { input: x.shape });
  const d = normDim(op, dim, x.rank, x.shape);
  const i = intArg(op, 'index', index);
  const n = x.shape[d]!;
  if (i < -n || i >= n) throw new ShapeError(op, `index ${i} is out of range for size ${n} at dimension ${d}`, { input: x.shape });
  return record(schema(op), { self: x, dim, index }, x.shape.filter((_, k) => k !== d), x.dtype);
}

/**
 * `x[..., start:end:step]` along `dim`, with Python's clamping of `start` and
 * `end` (any integers); `step` must be positive, as in PyTorch. Bounds may be traced.
 */
export function slice(x: Tensor, dim: number, start: IntLike = 0, end: IntLike = Number.MAX_SAFE_INTEGER, step: IntLike = 1): Tensor {
  const op = 'aten::slice';
  checkTensor(op, 'self', x);
  if (x.rank === 0) throw new ShapeError(op, 'cannot be applied to a 0-D tensor', { input: x.shape });
  const d = normDim(op, dim, x.rank, x.shape);
  const n = x.shape[d]!;
  const bound = (name: string, v: IntLike): number => {
    const b = typeof v === 'number' ? v : v instanceof TracedInt ? v.value : NaN;
    // Any integer (clamped to the size), as Python slices take.
    if (!Number.isInteger(b)) throw new ArgumentError(op, name, v instanceof TracedInt ? v.value : v, 'an integer');
    return Math.min(Math.max(b < 0 ? b + n : b, 0), n);
  };
  const st = intArg(op, 'step', step);
  if (st <= 0) throw new ShapeError(op, `step must be positive, got ${st}`, { input: x.shape });
  const from = bound('start', start);
  const to = bound('end', end);
  const len = to > from ? Math.ceil((to - from) / st) : 0;
  return record(schema(op), { self: x, dim, start, end, step }, withDim(x, d, len), x.dtype);
}

/** `torch.roll(x, shifts, dims)`; with no dims (`[]`), one shift rolls the flattened tensor. */
export function roll(x: Tensor, shifts: IntLike | readonly IntLike[], dims: number | readonly number[]): Tensor {
  const op = 'aten::roll';
  checkTensor(op, 'self', x);
  const sh = Array.isArray(shifts) ? intListArg(op, 'shifts', shifts) : [intArg(op, 'shifts', shifts)];
  const ds = Array.isArray(dims) ? intListArg(op, 'dims', dims) : [intArg(op, 'dims', dims)];
  if (sh.length === 0) throw new ShapeError(op, 'shifts must not be empty', { input: x.shape });
  if (ds.length === 0 ? sh.length !== 1 : sh.length !== ds.length) {
    throw new ShapeError(op, `shifts ${shapeText(sh)} and dims ${shapeText(ds)} must have the same length`, { input: x.shape });
  }
  for (const d of ds) normDim(op, d, x.rank, x.shape);
  return record(schema(op), { self: x, shifts, dims }, x.shape, x.dtype);
}

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

const PAD_MODES: readonly string[] = ['constant', 'reflect', 'replicate', 'circular'];

/**
 * `F.pad(x, pad, mode, value)`, `pad` listed from the last dimension
 * backwards; PyTorch 1.13 traces every mode as one aten::pad. Negative
 * padding crops; each mode has PyTorch's limits (a constant pad may crop a
 * dimension to 0 only when no padding is positive; reflect pads less than the
 * size; circular wraps at most once; the non-constant modes pad the last 1-3
 * dimensions of a 2-D to 5-D tensor).
 */
export function pad(x: Tensor, pad_: readonly IntLike[], mode: PadMode = 'constant', value = 0): Tensor {
  const op = 'aten::pad';
  checkTensor(op, 'input', x);
  const padding = intListArg(op, 'pad', pad_);
  if (typeof mode !== 'string' || !PAD_MODES.includes(mode)) {
    throw new ArgumentError(op, 'mode', mode, "'constant', 'reflect', 'replicate' or 'circular'");
  }
  const shapes = { input: x.shape };
  if (padding.length % 2 !== 0) throw new ShapeError(op, `padding length must be divisible by 2, got ${padding.length} (pad ${shapeText(padding)})`, shapes);
  const k = padding.length / 2;
  if (k > x.rank) {
    throw new ShapeError(op, `padding length ${padding.length} is too large for a ${x.rank}-D tensor (at most ${2 * x.rank}; pad ${shapeText(padding)})`, shapes);
  }
  if (mode !== 'constant') {
    const ok = (k === 1 && (x.rank === 2 || x.rank === 3)) || (k === 2 && (x.rank === 3 || x.rank === 4)) || (k === 3 && (x.rank === 4 || x.rank === 5));
    if (!ok) {
      throw new ShapeError(op, `${mode} padding takes 2, 4 or 6 values for a 2-D/3-D, 3-D/4-D or 4-D/5-D tensor; got ${padding.length} for a ${x.rank}-D tensor`, shapes);
    }
    if (mode === 'circular' && padding.length !== 2 * (x.rank - 2)) {
      throw new ShapeError(op, `circular padding of a ${x.rank}-D tensor takes ${2 * (x.rank - 2)} values, got ${padding.length}`, shapes);
    }
    if (mode !== 'circular') {
      // reflect and replicate: every dimension but the first must be non-empty.
      for (let d = 1; d < x.rank; d++) {
        if (x.shape[d] === 0) throw new ShapeError(op, `${mode} padding needs non-empty dimensions (dimension ${d} has size 0)`, shapes);
      }
    }
  }
  const allNonPositive = padding.every((p) => p <= 0);
  const s = [...x.shape];
  for (let i = 0; i < k; i++) {
    const d = x.rank - 1 - i;
    const size = x.shape[d]!;
    const left = padding[2 * i]!;
    const right = padding[2 * i + 1]!;
    const out = BigInt(size) + BigInt(left) + BigInt(right);
    const pair = `padding (${left}, ${right}) at dimension ${d} of size ${size}`;
    const cropped = BigInt(size) + BigInt(Math.min(left, 0)) + BigInt(Math.min(right, 0));
    if (mode === 'constant') {
      if (cropped < 0n || (allNonPositive ? out < 0n : out <= 0n)) {
        throw new ShapeError(op, `${pair} leaves ${out < 0n || cropped < 0n ? 'a negative' : 'an empty'} size${out <= 0n ? '' : ' (it crops past the end)'}`, shapes);
      }
    } else if (mode === 'reflect') {
      if (left >= size || right >= size) throw new ShapeError(op, `reflect ${pair}: padding must be less than the size`, shapes);
      if (out < 1n) throw new ShapeError(op, `reflect ${pair} leaves size ${out}`, shapes);
    } else if (mode === 'replicate') {
      if (out < 1n) throw new ShapeError(op, `replicate ${pair} leaves size ${out}`, shapes);
    } else {
      if (left > size || right > size) throw new ShapeError(op, `circular ${pair}: padding wraps around more than once`, shapes);
      if (out < 0n) throw new ShapeError(op, `circular ${pair} leaves size ${out}`, shapes);
    }
    s[d] = sizeOfBig(op, `the padded size of dimension ${d}`, out, shapes);
  }
  return record(schema(op), { self: x, pad: pad_, mode, value: mode === 'constant' ? value : null }, s, x.dtype);
}

function constructor_(kind: string, shape: readonly IntLike[]): Tensor {
  const s = checkSizes(kind, 'size', intListArg(kind, 'size', shape));
  return record(schema(kind), { size: shape }, s);
}

export const zeros = (shape: readonly IntLike[]): Tensor => constructor_('aten::zeros', shape);
export const empty = (shape: readonly IntLike[]): Tensor => constructor_('aten::empty', shape);
export const ones = (shape: readonly IntLike[]): Tensor => constructor_('aten::ones', shape);

// Ops that Swin and MaxViT trace.

/** `x.numel()` while tracing: recorded as aten::numel, a traced integer (exact, or a typed error past 2^53 - 1). */
export function numel(x: Tensor): TracedInt {
  const op = 'aten::numel';
  checkTensor(op, 'self', x);
  const n = new TracedInt(sizeOfBig(op, 'the element count', x.numel(), { input: x.shape }));
  emit(schema(op), { self: x }, [n]);
  return n;
}

/** `x[index]` with one integer index tensor: the index's shape replaces dimension 0. */
export function index(x: Tensor, indices: Tensor): Tensor {
  const op = 'aten::index';
  checkTensor(op, 'self', x);
  checkTensor(op, 'indices', indices);
  if (x.rank < 1) throw new ShapeError(op, 'cannot index a 0-D tensor', { input: x.shape });
  return record(schema(op), { self: x, indices: [indices] }, [...indices.shape, ...x.shape.slice(1)], x.dtype);
}

/** `x.new_zeros(size)`. */
export function newZeros(x: Tensor, shape: readonly IntLike[]): Tensor {
  const op = 'aten::new_zeros';
  checkTensor(op, 'self', x);
  const s = checkSizes(op, 'size', intListArg(op, 'size', shape));
  return record(schema(op), { self: x, size: shape }, s, x.dtype);
}

export function expandAs(x: Tensor, other: Tensor): Tensor {
  const op = 'aten::expand_as';
  checkTensor(op, 'self', x);
  checkTensor(op, 'other', other);
  const lead = other.rank - x.rank;
  if (lead < 0 || x.shape.some((v, i) => v !== 1 && v !== other.shape[i + lead])) {
    throw new ShapeError(op, `cannot expand ${shapeText(x.shape)} to ${shapeText(other.shape)}`, { input: x.shape, other: other.shape });
  }
  return record(schema(op), { self: x, other }, other.shape, x.dtype);
}

/** `torch.swapaxes`: PyTorch 1.13's tracer records it as aten::transpose. */
export const swapaxes = (x: Tensor, axis0: number, axis1: number): Tensor => transpose(x, axis0, axis1);


// Ops that the video models (MViT) trace.

/** `x.unbind(dim)`: the slices along `dim`, which is dropped. */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  const op = 'aten::unbind';
  checkTensor(op, 'self', x);
  const d = splitDim(op, 'unbind', x, dim);
  const n = x.shape[d]!;
  if (n > MAX_OUTPUTS) throw tooManyOutputs(op, n, x);
  const s = x.shape.filter((_, i) => i !== d);
  return recordMany(schema(op), { self: x, dim }, new Array<Shape>(n).fill(s), x.dtype);
}

/**
 * `torch.tensor_split(x, indices_or_sections, dim)`: pieces between the given
 * indices (Python's clamping), or `sections` pieces whose sizes differ by at most 1.
 */
export function tensorSplit(x: Tensor, indices: IntLike | readonly IntLike[], dim = 0): Tensor[] {
  const op = 'aten::tensor_split';
  checkTensor(op, 'self', x);
  const d = splitDim(op, 'tensor_split', x, dim);
  const n = x.shape[d]!;
  const outs: Shape[] = [];
  if (!Array.isArray(indices)) {
    const sections = intArg(op, 'sections', indices);
    if (sections <= 0) throw new ShapeError(op, `number of sections must be greater than 0, got ${sections}`, { input: x.shape });
    if (sections > MAX_OUTPUTS) throw tooManyOutputs(op, sections, x);
    const base = Math.floor(n / sections);
    const extra = n % sections;
    for (let i = 0; i < sections; i++) outs.push(withDim(x, d, base + (i < extra ? 1 : 0)));
    return recordMany(schema(op), { self: x, indices, dim }, outs, x.dtype);
  }
  if (indices.length + 1 > MAX_OUTPUTS) throw tooManyOutputs(op, indices.length + 1, x);
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  const given = intListArg(op, 'indices', indices);
  const bounds = [0, ...given.map(clamp), n];
  for (let i = 0; i + 1 < bounds.length; i++) outs.push(withDim(x, d, Math.max(0, bounds[i + 1]! - bounds[i]!)));
  return recordMany(schema(op), { self: x, indices, dim }, outs, x.dtype);
}

/**
 * `torch.repeat_interleave(x, repeats, dim)` with one repeat count for every
 * element; `repeats` is a Python int or a traced one. With no `dim` the
 * input is flattened first, as in PyTorch.
 */
export function repeatInterleave(x: Tensor, repeats: IntLike, dim?: number): Tensor {
  const op = 'aten::repeat_interleave';
  checkTensor(op, 'self', x);
  const r = intArg(op, 'repeats', repeats);
  if (r < 0) throw new ShapeError(op, `repeats must be non-negative, got ${r}`, { input: x.shape });
  if (dim === undefined) {
    const total = sizeOfBig(op, 'the output size', x.numel() * BigInt(r), { input: x.shape });
    return record(schema(op), { self: x, repeats, dim: null }, [total], x.dtype);
  }
  const d = normDim(op, dim, x.rank, x.shape);
  const s = x.rank === 0 ? [r] : withDim(x, d, mulSizes(op, `the size of dimension ${d}`, x.shape[d]!, r, { input: x.shape }));
  return record(schema(op), { self: x, repeats, dim }, s, x.dtype);
}

/** `x.repeat(*repeats)`: tiles `x`, new leading dimensions allowed. */
export function repeat(x: Tensor, repeats: readonly IntLike[]): Tensor {
  const op = 'aten::repeat';
  checkTensor(op, 'self', x);
  const r = intListArg(op, 'repeats', repeats);
  if (r.length < x.rank) {
    throw new ShapeError(op, `repeats ${shapeText(r)} has ${r.length} entries, fewer than the ${x.rank} dimensions of the tensor`, { input: x.shape });
  }
  const lead = r.length - x.rank;
  const s: Dim[] = r.map((n, i) => {
    const size = i >= lead ? x.shape[i - lead]! : 1;
    // A negative count is an error unless it multiplies a size of 0, as in PyTorch.
    if (n < 0 && size !== 0) throw new ShapeError(op, `repeats ${shapeText(r)} give a negative size at dimension ${i}`, { input: x.shape });
    return n < 0 ? 0 : mulSizes(op, `the size of dimension ${i}`, size, n, { input: x.shape });
  });
  return record(schema(op), { self: x, repeats }, s, x.dtype);
}

/** `torch.arange(end)`: int64 values 0..end-1 (a float `end` gives ceil(end) float32 values, as in PyTorch). */
export function arange(end: IntLike): Tensor {
  const op = 'aten::arange';
  const e = typeof end === 'number' ? end : end instanceof TracedInt ? end.value : NaN;
  if (typeof e !== 'number' || !Number.isFinite(e)) throw new ArgumentError(op, 'end', end instanceof TracedInt ? end.value : end, 'a finite number');
  if (e < 0) throw new ArgumentError(op, 'end', e, 'non-negative (the bounds are inconsistent with step 1)');
  const integral = Number.isInteger(e) && (typeof end === 'number' || end.dtype === 'int64');
  const n = Math.ceil(e);
  if (!Number.isSafeInteger(n)) throw new ArgumentError(op, 'end', e, 'at most 2^53-1');
  return record(schema(op), { end }, [n], integral ? 'int64' : 'float32');
}

/** `x.to(dtype)`, `x.long()`, `x.float()`: recorded as aten::to. */
export function to(x: Tensor, dtype: Tensor['dtype']): Tensor {
  const op = 'aten::to';
  checkTensor(op, 'self', x);
  if (!isDType(dtype)) throw new ArgumentError(op, 'dtype', dtype, 'a dtype name (float32, float16, bfloat16, float64, int64, int32, bool)');
  return record(schema(op), { self: x, dtype }, x.shape, dtype);
}

/** `dst.copy_(src)`: what `x[...] = y` runs on the indexed view. */
export function copy_(dst: Tensor, src: Tensor): Tensor {
  const op = 'aten::copy_';
  checkTensor(op, 'self', dst);
  checkTensor(op, 'src', src);
  const full = broadcastShapes(op, dst.shape, src.shape);
  if (full.length !== dst.rank || full.some((v, i) => v !== dst.shape[i])) {
    throw new ShapeError(op, 'source does not broadcast to the destination', { dst: dst.shape, src: src.shape });
  }
  return recordInPlace(schema(op), { self: dst, src }, dst);
}
