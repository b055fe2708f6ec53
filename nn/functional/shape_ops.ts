// Ops that move or reshape data: views, concatenation, splitting, padding and
// constructors. All cost nothing; most are on the reference's ignore list.
// Each takes what PyTorch 1.13 takes and gives its shape; what PyTorch rejects
// is one typed error naming the op, the argument and the shapes. Sizes are
// exact (past 2^53 - 1 a typed error); an op makes at most MAX_OUTPUTS outputs.

import { ARITHMETIC_OPS, PAD_OPS, RANK_OPS, SHAPE_OPS, VIEW_OPS, type OpIn } from '../../core/op_schema.js';
import { ArgumentError, ShapeError, SymbolicError } from '../../core/errors.js';
import { addSizes, bigSize, broadcastShapes, checkSizes, concrete, type Dim, flattenShape, MAX_OUTPUTS, mulSizes, normDim, reshapeShape, type Shape, symNumel } from '../../core/shape.js';
import { countMul, decideAtLeast, isExpr, sizeAdd, sizeFloorDiv, sizeMul, type SymCount } from '../../core/sizes.js';
import type { DType } from '../../core/dtype.js';
import { checkDType, checkTensor, intArg, intListArg, TracedInt, type IntLike, type Tensor, type TensorTuple } from '../../core/tensor.js';
import { emitOne } from '../../core/dispatch.js';
import { allNumbers, dimAdd, dimMul, dimSub, exactPart, record, recordInPlace, recordMany, schema, sizeAtLeast } from './util.js';

/** The ShapeError of `op` on `x`. */
const err = (op: string, detail: string, x: Tensor): ShapeError => new ShapeError(op, detail, { input: x.shape });

type Shapes = Readonly<Record<string, Shape>>;
/** `a + b` and `a * b` of sizes: exact (past 2^53 - 1 the typed error of addSizes/mulSizes); symbolic sizes as expressions. */
const addDims = (op: string, what: string, a: Dim, b: Dim, shapes: Shapes): Dim =>
  typeof a === 'number' && typeof b === 'number' ? addSizes(op, what, a, b, shapes) : sizeAdd(a, b);
const mulDims = (op: string, what: string, a: Dim, b: Dim, shapes: Shapes): Dim =>
  typeof a === 'number' && typeof b === 'number' ? mulSizes(op, what, a, b, shapes) : sizeMul(a, b);

/** An exact count as a size: past 2^53 - 1 the typed error of bigSize; an expression stays one. */
const countDim = (op: string, what: string, c: SymCount, shapes: Shapes): Dim => (typeof c === 'bigint' ? bigSize(op, what, c, shapes) : c);

/** Dimension indices (permute, flip, roll dims): concrete, as an index into the shape. */
const dimIndices = (op: string, argument: string, v: unknown): number[] => intListArg(op, argument, v).map((d) => concrete(d, `${op}: ${argument}`));

/** `x.reshape(shape)`; sizes may be traced (`x.size(0)`), as in PyTorch. */
export function reshape(x: Tensor, shape: readonly IntLike[]): Tensor {
  checkTensor('aten::reshape', x);
  return record(schema(VIEW_OPS, 'aten::reshape'), { self: x, shape }, reshapeShape('aten::reshape', x.shape, intListArg('aten::reshape', 'shape', shape)), x.dtype);
}

/** `x.view(shape)`: the same elements in `shape` (one -1 inferred, traced sizes allowed); `x`'s dtype. Records aten::view. */
export function view(x: Tensor, shape: readonly IntLike[]): Tensor {
  checkTensor('aten::view', x);
  return record(schema(VIEW_OPS, 'aten::view'), { self: x, size: shape }, reshapeShape('aten::view', x.shape, intListArg('aten::view', 'size', shape)), x.dtype);
}

/** `torch.flatten(x, start_dim=0, end_dim=-1)`: dimensions `startDim..endDim` merged into one. Records aten::flatten. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  checkTensor('aten::flatten', x);
  const s = flattenShape('aten::flatten', x.shape, startDim, endDim);
  return record(schema(RANK_OPS, 'aten::flatten'), { self: x, start_dim: startDim, end_dim: endDim }, s, x.dtype);
}

/** `torch.permute(x, dims)`: the dimensions in the order `dims` (a permutation, negatives allowed). Records aten::permute. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const op = 'aten::permute';
  checkTensor(op, x);
  const norm = dimIndices(op, 'dims', dims).map((d) => normDim(op, d, x.rank, x.shape));
  if (norm.length !== x.rank || new Set(norm).size !== norm.length) {
    throw err(op, `dims [${dims.join(',')}] are no permutation`, x);
  }
  return record(schema(VIEW_OPS, op), { self: x, dims }, norm.map((d) => x.shape[d]!), x.dtype);
}

/** `torch.transpose(x, dim0, dim1)`: the two dimensions swapped. Records aten::transpose. */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const op = 'aten::transpose';
  checkTensor(op, x);
  const a = normDim(op, dim0, x.rank, x.shape);
  const b = normDim(op, dim1, x.rank, x.shape);
  const s = [...x.shape];
  if (x.rank > 0) [s[a], s[b]] = [x.shape[b]!, x.shape[a]!];
  return record(schema(VIEW_OPS, op), { self: x, dim0, dim1 }, s, x.dtype);
}

/** `torch.t(x)`: a 0-, 1- or 2-D tensor with its dimensions reversed. Records aten::t. */
export function t(x: Tensor): Tensor {
  checkTensor('aten::t', x);
  if (x.rank > 2) throw err('aten::t', `expected at most 2-D input, got ${x.rank}-D`, x);
  return record(schema(VIEW_OPS, 'aten::t'), { self: x }, [...x.shape].reverse(), x.dtype);
}

/** Recorded, and a new value in the trace (the reference's graph has one). */
export function contiguous(x: Tensor): Tensor {
  checkTensor('aten::contiguous', x);
  return record(schema(VIEW_OPS, 'aten::contiguous'), { self: x }, x.shape, x.dtype);
}

/** A non-empty list of tensors, each checked. */
function tensorList(op: string, tensors: unknown): readonly Tensor[] {
  if (!Array.isArray(tensors)) throw new ArgumentError(op, 'tensors', tensors, 'a list of Tensors');
  tensors.forEach((v, i) => checkTensor(op, v, `tensors[${i}]`));
  if (tensors.length === 0) throw new ShapeError(op, 'expected a non-empty list of tensors', {});
  return tensors as readonly Tensor[];
}

/**
 * `torch.cat`. As in PyTorch, 1-D tensors of size 0 are skipped (the legacy
 * empty tensor); the others need one rank and equal sizes except along `dim`.
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  const op = 'aten::cat';
  const list = tensorList(op, tensors).filter((tt) => tt.rank !== 1 || tt.shape[0] !== 0);
  intArg(op, 'dim', dim);
  const first = list[0];
  if (first === undefined) return record(schema(SHAPE_OPS, op), { tensors, dim }, [0], tensors[0]!.dtype);
  const d = normDim(op, dim, first.rank, first.shape);
  const s = [...first.shape];
  s[d] = 0;
  for (const tt of list) {
    const shapes = { first: first.shape, other: tt.shape };
    if (tt.rank === 0) throw new ShapeError(op, 'a 0-D tensor cannot be concatenated', shapes);
    if (tt.rank !== first.rank || tt.shape.some((v, i) => i !== d && v !== first.shape[i])) {
      throw new ShapeError(op, `sizes must match except in dimension ${d}`, shapes);
    }
    s[d] = addDims(op, `the size of dimension ${d}`, s[d]!, tt.shape[d]!, shapes);
  }
  return record(schema(SHAPE_OPS, op), { tensors, dim }, s, first.dtype);
}

/** `torch.stack(tensors, dim=0)`: equal shapes joined along a new dimension `dim`; the first tensor's dtype. Records aten::stack. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  const op = 'aten::stack';
  const list = tensorList(op, tensors);
  const first = list[0]!;
  for (const tt of list) {
    if (tt.rank !== first.rank || tt.shape.some((v, i) => v !== first.shape[i])) {
      throw new ShapeError(op, 'stacked tensors must have equal shapes', { first: first.shape, other: tt.shape });
    }
  }
  const d = normDim(op, dim, first.rank + 1, first.shape);
  const s = [...first.shape];
  s.splice(d, 0, list.length);
  return record(schema(SHAPE_OPS, op), { tensors, dim }, s, first.dtype);
}

/**
 * Output shapes of a split of `x` along `dim` into pieces of the given sizes
 * (`sizes(n)`, n being the dimension's size): at least 1-D, at most
 * MAX_OUTPUTS pieces (PyTorch would allocate a view for each).
 */
function pieces(op: string, x: Tensor, dim: number, sizes: (n: Dim) => readonly Dim[] | number): Shape[] {
  if (x.rank === 0) throw err(op, 'expected at least a 1-D tensor', x);
  const d = normDim(op, dim, x.rank, x.shape);
  const got = sizes(x.shape[d]!);
  const count = typeof got === 'number' ? got : got.length;
  if (count > MAX_OUTPUTS) throw err(op, `${count} outputs, past the limit of 2^20`, x);
  return typeof got === 'number' ? [] : got.map((n) => x.shape.map((v, i) => (i === d ? n : v)));
}

/** `count` pieces of `each` (the last `total - (count-1)*each`); the count is checked before the list is made. */
function even(total: Dim, each: Dim, count: number): readonly Dim[] | number {
  if (count > MAX_OUTPUTS) return count;
  if (typeof total === 'number' && typeof each === 'number') return Array.from({ length: count }, (_, i) => Math.min(each, total - i * each));
  // Symbolic: count is ceil(total / each), so every piece but the last is full.
  return Array.from({ length: count }, (_, i) => (i < count - 1 ? each : dimSub(total, dimMul(each, count - 1))));
}

/** `total` in `count` equal pieces (chunk, tensor_split of a symbolic size): only when `count` divides it, else a SymbolicError. */
function equalPieces(op: string, total: Dim, count: number): readonly Dim[] | number {
  const each = count > MAX_OUTPUTS ? undefined : exactPart(op, 'the size', total, count);
  if (count > MAX_OUTPUTS) return count;
  if (each === undefined) throw new SymbolicError(`${op}: the pieces of the size ${total} in ${count} depend on its value`, isExpr(total) ? total.symbols() : []);
  return new Array<Dim>(count).fill(each);
}

/**
 * Splits into pieces of `size` along `dim` (the last may be smaller), or into
 * pieces of the listed sizes. One traced size is a plain number to the trace:
 * PyTorch's Tensor.split calls `int(split_size)` on it, which the JIT does not
 * record (a list of sizes keeps its traced entries).
 */
export function split<const S extends readonly IntLike[]>(x: Tensor, sizes: S, dim?: number): TensorTuple<S['length']>;
export function split(x: Tensor, size: IntLike, dim?: number): Tensor[];
export function split(x: Tensor, size_: IntLike | readonly IntLike[], dim?: number): Tensor[];
export function split(x: Tensor, size_: IntLike | readonly IntLike[], dim = 0): Tensor[] {
  const size = size_ instanceof TracedInt ? size_.value : size_;
  const list = Array.isArray(size);
  const op = list ? 'aten::split_with_sizes' : 'aten::split';
  checkTensor(op, x);
  const outs = pieces(op, x, dim, (total) => {
    if (list) {
      const sizes = intListArg(op, 'split_sizes', size);
      const fits =
        typeof total === 'number' && allNumbers(sizes)
          ? !sizes.some((n) => n < 0) && sizes.reduce((a, n) => a + BigInt(n), 0n) === BigInt(total)
          : sizes.every((n) => sizeAtLeast(op, 'split_sizes', n, 0)) && sizes.reduce<Dim>((a, n) => dimAdd(a, n), 0) === total;
      if (!fits) throw err(op, `split_sizes [${sizes.join(',')}] do not fit size ${total}`, x);
      return sizes;
    }
    const n = intArg(op, 'split_size', size);
    if (typeof n === 'number' && typeof total === 'number') {
      if (n < 0 || (n === 0 && total > 0)) throw err(op, `split_size ${n} does not fit size ${total}`, x);
      // One piece (of size 0) when the dimension is empty, as in PyTorch.
      return even(total, n, total === 0 ? 1 : Math.ceil(total / n));
    }
    if (n === total) return [total];
    // The number of pieces must be concrete: a constant piece size that the size's expression divides into a fixed count.
    const each = concrete(n, `${op}: split_size`);
    if (each < 1) throw err(op, `split_size ${n} does not fit size ${total}`, x);
    return even(total, each, concrete(sizeFloorDiv(sizeAdd(total, each - 1), each), `${op}: the number of pieces`));
  });
  return recordMany(schema(SHAPE_OPS, op), list ? { self: x, split_sizes: size, dim } : { self: x, split_size: size, dim }, outs, x.dtype);
}

/**
 * `x.chunk(chunks, dim)`: pieces of ceil(size / chunks), so possibly fewer
 * than `chunks` (5 in 4 chunks gives 3, as in PyTorch). Typed as `chunks`
 * tensors for a literal count, the case of every size that divides evenly
 * (`const [q, k, v] = F.chunk(qkv, 3, -1)`); where the size may not, check
 * the result's length.
 */
export function chunk<N extends number>(x: Tensor, chunks: N, dim = 0): TensorTuple<N> {
  const op = 'aten::chunk';
  checkTensor(op, x);
  const c = concrete(intArg(op, 'chunks', chunks), `${op}: chunks`);
  const outs = pieces(op, x, dim, (total) => {
    if (c <= 0) throw err(op, `chunks must be positive, got ${c}`, x);
    if (typeof total !== 'number') return equalPieces(op, total, c);
    const each = Math.ceil(total / c);
    // An empty dimension makes `chunks` empty pieces, as in PyTorch.
    return total === 0 ? even(0, 0, c) : even(total, each, Math.ceil(total / each));
  });
  return recordMany(schema(SHAPE_OPS, op), { self: x, chunks, dim }, outs, x.dtype) as TensorTuple<N>;
}

/** `torch.squeeze(x, dim=None)`: every size-1 dimension removed (aten::squeeze), or `dim` if its size is 1 (aten::squeeze.dim). */
export function squeeze(x: Tensor, dim?: number): Tensor {
  checkTensor('aten::squeeze', x);
  if (dim === undefined) return record(schema(RANK_OPS, 'aten::squeeze'), { self: x }, x.shape.filter((v) => v !== 1), x.dtype);
  const d = normDim('aten::squeeze', dim, x.rank, x.shape);
  return record(schema(RANK_OPS, 'aten::squeeze.dim'), { self: x, dim }, x.shape.filter((v, i) => i !== d || v !== 1), x.dtype);
}

/** `torch.unsqueeze(x, dim)`: a size-1 dimension inserted at `dim` (in `[-rank-1, rank]`). Records aten::unsqueeze. */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  checkTensor('aten::unsqueeze', x);
  const s = [...x.shape];
  s.splice(normDim('aten::unsqueeze', dim, x.rank + 1, x.shape), 0, 1);
  return record(schema(RANK_OPS, 'aten::unsqueeze'), { self: x, dim }, s, x.dtype);
}

/**
 * `expand`: -1 keeps an existing size, a size-1 dimension takes any size
 * (0 too), other sizes stay; new leading dimensions take any size but -1.
 */
export function expand(x: Tensor, sizes: readonly IntLike[]): Tensor {
  const op = 'aten::expand';
  checkTensor(op, x);
  const target = intListArg(op, 'size', sizes);
  const lead = target.length - x.rank;
  if (lead < 0) throw err(op, `cannot expand to [${target.join(',')}]`, x);
  const negative = (v: Dim): boolean => (typeof v === 'number' ? v < 0 : !sizeAtLeast(op, 'size', v, 0));
  const s = target.map((v, i) => {
    const cur = i < lead ? undefined : x.shape[i - lead]!;
    if (cur === undefined ? negative(v) : v === -1 ? false : negative(v) || (cur !== 1 && cur !== v)) {
      throw err(op, `cannot expand to [${target.join(',')}]`, x);
    }
    return v === -1 ? cur! : v;
  });
  return record(schema(VIEW_OPS, op), { self: x, size: sizes }, s, x.dtype);
}

/** `x.select(dim, index)`: drops `dim`. */
export function select(x: Tensor, dim: number, index: IntLike): Tensor {
  const op = 'aten::select';
  checkTensor(op, x);
  const d = normDim(op, dim, x.rank, x.shape);
  const i = intArg(op, 'index', index);
  const n = x.shape[d];
  // -n <= i < n, as sizes, so that a symbolic size (x[:, -1] of T tokens) is decided exactly.
  if (n === undefined || !sizeAtLeast(op, 'index + size', dimAdd(i, n), 0) || !sizeAtLeast(op, 'size - index', dimSub(n, i), 1)) {
    throw err(op, `index ${i} out of range for dimension ${d}`, x);
  }
  return record(schema(VIEW_OPS, op), { self: x, dim, index }, x.shape.filter((_, k) => k !== d), x.dtype);
}

/**
 * `x[..., start:end:step]` along `dim`, with Python's clamping of `start` and
 * `end` (any integers); `step` must be positive, as in PyTorch. Bounds may be traced.
 */
export function slice(x: Tensor, dim: number, start: IntLike = 0, end: IntLike = Number.MAX_SAFE_INTEGER, step: IntLike = 1): Tensor {
  const op = 'aten::slice';
  checkTensor(op, x);
  const d = normDim(op, dim, x.rank, x.shape);
  const n = x.shape[d];
  const stepArg = intArg(op, 'step', step);
  const st = typeof stepArg === 'number' ? stepArg : concrete(stepArg, `${op}: step`);
  if (n === undefined || st <= 0) throw err(op, `step ${st} must be positive in a 1-D or larger tensor`, x);
  // Any integers, clamped to the size, as Python slices take.
  const from = clampedBound(op, 'start', start, n);
  const to = clampedBound(op, 'end', end, n);
  let len: Dim;
  if (typeof from === 'number' && typeof to === 'number') len = Math.max(0, Math.ceil((to - from) / st));
  else {
    const diff = dimSub(to, from);
    len = !sizeAtLeast(op, 'end - start', diff, 0) ? 0 : st === 1 ? diff : sizeFloorDiv(sizeAdd(diff, st - 1), st);
  }
  return record(schema(VIEW_OPS, op), { self: x, dim, start, end, step }, x.shape.map((v, i) => (i === d ? len : v)), x.dtype);
}

/** A slice bound (any integer, traced or not) clamped to `[0, n]` as Python clamps it; negative counts from the end. */
function clampedBound(op: string, name: 'start' | 'end', v: IntLike, n: Dim): Dim {
  const b = v instanceof TracedInt ? v.value : v;
  if (isExpr(b) ? !b.integral : !Number.isInteger(b)) throw new ArgumentError(op, name, b, 'an integer');
  return clampIndex(op, name, b, n);
}

/**
 * An integer index clamped to `[0, n]` as Python clamps slice bounds (negative
 * counts from the end). Symbolic: decided from the symbols' least values; sizes
 * stop at 2^53 - 1, so a bound that large (the default end) is the whole size.
 */
function clampIndex(op: string, name: string, b: Dim, n: Dim): Dim {
  if (typeof b === 'number') {
    if (typeof n === 'number') return Math.min(Math.max(b < 0 ? b + n : b, 0), n);
    if (b >= Number.MAX_SAFE_INTEGER) return n;
    if (b <= -Number.MAX_SAFE_INTEGER) return 0;
  }
  const from = sizeAtLeast(op, name, b, 0) ? b : dimAdd(b, n);
  if (!sizeAtLeast(op, name, from, 0)) return 0;
  return sizeAtLeast(op, `size - ${name}`, dimSub(n, from), 0) ? from : n;
}

/** `torch.roll(x, shifts, dims)`; with no dims (`[]`), one shift rolls the flattened tensor. */
export function roll(x: Tensor, shifts: IntLike | readonly IntLike[], dims: number | readonly number[]): Tensor {
  const op = 'aten::roll';
  checkTensor(op, x);
  const sh = intListArg(op, 'shifts', Array.isArray(shifts) ? shifts : [shifts]);
  const ds = dimIndices(op, 'dims', Array.isArray(dims) ? dims : [dims]);
  if (sh.length !== Math.max(ds.length, 1)) throw err(op, 'shifts and dims must align', x);
  // PyTorch returns an empty tensor before it reads the dims; a 0-D tensor has none.
  if (symNumel(x.shape) !== 0n) ds.forEach((d) => normDim(op, x.rank ? d : NaN, x.rank, x.shape));
  return record(schema(SHAPE_OPS, op), { self: x, shifts, dims }, x.shape, x.dtype);
}

/** `F.pad`'s `mode` (PyTorch's default `'constant'`). */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/**
 * `F.pad(x, pad, mode, value)`, `pad` listed from the last dimension
 * backwards; PyTorch 1.13 traces every mode as one aten::pad. Negative
 * padding crops. PyTorch's limits: constant padding may crop a dimension to 0
 * only when no padding is positive; reflect pads less than the size; circular
 * wraps at most once.
 */
export function pad(x: Tensor, pad_: readonly IntLike[], mode: PadMode = 'constant', value = 0): Tensor {
  const op = 'aten::pad';
  checkTensor(op, x, 'input');
  const p = intListArg(op, 'pad', pad_);
  if (!['constant', 'reflect', 'replicate', 'circular'].includes(mode)) throw new ArgumentError(op, 'mode', mode, 'constant, reflect, replicate or circular');
  const shapes = { input: x.shape };
  const k = p.length / 2;
  const constant = mode === 'constant';
  // The other modes pad the last 1-3 dimensions of a tensor with 1 or 2 more
  // (circular: 2), none empty but a batch (reflect: but the first).
  if (
    k % 1 ||
    k > x.rank ||
    (!constant && (k < 1 || k > 3 || x.rank - k < (mode === 'circular' ? 2 : 1) || x.rank - k > 2 || (mode !== 'circular' && x.shape.slice(mode === 'reflect' ? 1 : x.rank - k - 1).includes(0))))
  ) {
    throw new ShapeError(op, `${mode} padding [${p.join(',')}] does not fit`, shapes);
  }
  // (A symbolic pad that may be 0 asks only for the weaker check below.)
  const positive = p.some((v) => (typeof v === 'number' ? v > 0 : decideAtLeast(v, 1) === true));
  const s = [...x.shape];
  // reflect and replicate need one padded size of at least 1 (each of at least 0), as PyTorch checks them.
  let someOut = constant || mode === 'circular';
  for (let i = 0; i < k; i++) {
    const d = x.rank - 1 - i;
    const [size0, l, r] = [s[d]!, p[2 * i]!, p[2 * i + 1]!];
    if (typeof size0 !== 'number' || typeof l !== 'number' || typeof r !== 'number') {
      s[d] = symbolicPadded(op, mode, size0, l, r, positive, shapes);
      someOut ||= sizeAtLeast(op, `the padded size of dimension ${d}`, s[d]!, 1);
      continue;
    }
    const size = BigInt(size0);
    const out = size + BigInt(l) + BigInt(r);
    // reflect pads less than the size, circular at most the size.
    const bad = constant
      ? size + BigInt(Math.min(l, 0) + Math.min(r, 0)) < 0n || out < (positive ? 1n : 0n)
      : out < 0n || Math.max(l, r) >= size0 + (mode === 'reflect' ? 0 : mode === 'circular' ? 1 : Infinity);
    someOut ||= out > 0n;
    if (bad) throw new ShapeError(op, `${mode} padding (${l}, ${r}) does not fit size ${size}`, shapes);
    s[d] = bigSize(op, `the padded size of dimension ${d}`, out, shapes);
  }
  if (!someOut) throw new ShapeError(op, `${mode} padding [${p.join(',')}] leaves no size`, shapes);
  return record(schema(PAD_OPS, op), { self: x, pad: pad_, mode, value: constant ? value : null }, s, x.dtype);
}

/** One padded size where the size or a padding is symbolic: PyTorch's checks of pad (above), each decided exactly. */
function symbolicPadded(op: string, mode: PadMode, size: Dim, l: Dim, r: Dim, positive: boolean, shapes: Shapes): Dim {
  const at = (v: Dim, bound: number): boolean => sizeAtLeast(op, 'the padded size', v, bound);
  const out = dimAdd(dimAdd(size, l), r);
  const crop = (v: Dim): Dim => (at(v, 0) ? 0 : v); // min(v, 0)
  // reflect pads less than the size (size - pad >= 1), circular at most the size (size - pad >= 0).
  const least = mode === 'reflect' ? 1 : 0;
  const bad =
    mode === 'constant'
      ? !at(dimAdd(dimAdd(size, crop(l)), crop(r)), 0) || !at(out, positive ? 1 : 0)
      : !at(out, 0) || (mode !== 'replicate' && (!at(dimSub(size, l), least) || !at(dimSub(size, r), least)));
  if (bad) throw new ShapeError(op, `${mode} padding (${l}, ${r}) does not fit size ${size}`, shapes);
  return out;
}

function constructor_(kind: OpIn<typeof SHAPE_OPS>, shape: readonly IntLike[], dtype: DType | undefined): Tensor {
  const s = checkSizes(kind, 'size', intListArg(kind, 'size', shape));
  if (dtype !== undefined) checkDType(kind, dtype);
  return record(schema(SHAPE_OPS, kind), { size: shape, dtype: dtype ?? null }, s, dtype ?? 'float32');
}

/** `torch.zeros(size, dtype=...)` (float32 unless a dtype is given). */
export const zeros = (shape: readonly IntLike[], dtype?: DType): Tensor => constructor_('aten::zeros', shape, dtype);
/** `torch.empty(size, dtype=...)`. */
export const empty = (shape: readonly IntLike[], dtype?: DType): Tensor => constructor_('aten::empty', shape, dtype);
/** `torch.ones(size, dtype=...)`: `F.ones([T, S], 'bool')` is `torch.ones(T, S, dtype=torch.bool)`. */
export const ones = (shape: readonly IntLike[], dtype?: DType): Tensor => constructor_('aten::ones', shape, dtype);

// Ops that Swin and MaxViT trace.

/** `x.numel()` while tracing: recorded as aten::numel, a traced integer (exact, or a typed error past 2^53 - 1). */
export function numel(x: Tensor): TracedInt {
  checkTensor('aten::numel', x);
  const n = new TracedInt(countDim('aten::numel', 'the element count', symNumel(x.shape), { input: x.shape }));
  emitOne(schema(ARITHMETIC_OPS, 'aten::numel'), { self: x }, n);
  return n;
}

/** `x.new_zeros(size)`. */
export function newZeros(x: Tensor, shape: readonly IntLike[]): Tensor {
  checkTensor('aten::new_zeros', x);
  const s = checkSizes('aten::new_zeros', 'size', intListArg('aten::new_zeros', 'size', shape));
  return record(schema(SHAPE_OPS, 'aten::new_zeros'), { self: x, size: shape }, s, x.dtype);
}

/** `x.expand_as(other)`: `x` broadcast to `other`'s shape (sizes 1 expand, new leading dimensions allowed). Records aten::expand_as. */
export function expandAs(x: Tensor, other: Tensor): Tensor {
  const op = 'aten::expand_as';
  checkTensor(op, x);
  checkTensor(op, other, 'other');
  const lead = other.rank - x.rank;
  if (lead < 0 || x.shape.some((v, i) => v !== 1 && v !== other.shape[i + lead])) {
    throw new ShapeError(op, 'cannot expand to the other tensor\'s shape', { input: x.shape, other: other.shape });
  }
  return record(schema(VIEW_OPS, op), { self: x, other }, other.shape, x.dtype);
}

/** `torch.swapaxes`: PyTorch 1.13's tracer records it as aten::transpose. */
export const swapaxes = (x: Tensor, axis0: number, axis1: number): Tensor => transpose(x, axis0, axis1);


// Ops that the video models (MViT) trace.

/** `x.unbind(dim)`: the slices along `dim`, which is dropped. */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  checkTensor('aten::unbind', x);
  const outs = pieces('aten::unbind', x, dim, (n) => even(n, 1, concrete(n, 'aten::unbind: the size of dim')));
  const d = normDim('aten::unbind', dim, x.rank, x.shape);
  return recordMany(schema(SHAPE_OPS, 'aten::unbind'), { self: x, dim }, outs.map((s) => s.filter((_, i) => i !== d)), x.dtype);
}

/**
 * `torch.tensor_split(x, indices_or_sections, dim)`: pieces between the given
 * indices (Python's clamping), or `sections` pieces whose sizes differ by at most 1.
 */
export function tensorSplit(x: Tensor, indices: IntLike | readonly IntLike[], dim = 0): Tensor[] {
  const op = 'aten::tensor_split';
  checkTensor(op, x);
  const outs = pieces(op, x, dim, (n) => {
    if (!Array.isArray(indices)) {
      const c = concrete(intArg(op, 'sections', indices), `${op}: sections`);
      if (c <= 0) throw err(op, `sections must be positive, got ${c}`, x);
      if (typeof n !== 'number') return equalPieces(op, n, c);
      return c > MAX_OUTPUTS ? c : Array.from({ length: c }, (_, i) => Math.floor(n / c) + (i < n % c ? 1 : 0));
    }
    const b = [0, ...intListArg(op, 'indices', indices).map((v) => clampIndex(op, 'indices', v, n)), n];
    return b.slice(1).map((v, i) => {
      const from = b[i]!;
      if (typeof v === 'number' && typeof from === 'number') return Math.max(0, v - from);
      const diff = dimSub(v, from);
      return sizeAtLeast(op, 'the piece size', diff, 0) ? diff : 0;
    });
  });
  return recordMany(schema(SHAPE_OPS, op), { self: x, indices, dim }, outs, x.dtype);
}

/**
 * `torch.repeat_interleave(x, repeats, dim)` with one repeat count for every
 * element; `repeats` is a Python int or a traced one. With no `dim` the
 * input is flattened first, as in PyTorch.
 */
export function repeatInterleave(x: Tensor, repeats: IntLike, dim?: number): Tensor {
  const op = 'aten::repeat_interleave';
  checkTensor(op, x);
  const r = intArg(op, 'repeats', repeats);
  const shapes = { input: x.shape };
  if (!x.rank && dim !== undefined) throw err(op, `a 0-D tensor has no dimension ${dim}`, x);
  const d = dim === undefined ? -1 : normDim(op, dim, x.rank, x.shape);
  // Negative repeats are an error only where there is something to repeat.
  const negative = typeof r === 'number' ? r < 0 : !sizeAtLeast(op, 'repeats', r, 0);
  const count = symNumel(x.shape);
  if (negative && (d < 0 ? count : x.shape[d] ?? 1)) throw err(op, `repeats must be non-negative, got ${r}`, x);
  const s =
    d < 0
      ? [countDim(op, 'the output size', typeof count === 'bigint' && typeof r === 'number' ? count * BigInt(r) : countMul(count, r), shapes)]
      : x.shape.map((v, i) => (i === d ? mulDims(op, 'the size', v, r, shapes) : v));
  return record(schema(SHAPE_OPS, op), { self: x, repeats, dim: dim ?? null }, s, x.dtype);
}

/** `x.repeat(*repeats)`: tiles `x`, new leading dimensions allowed. */
export function repeat(x: Tensor, repeats: readonly IntLike[]): Tensor {
  const op = 'aten::repeat';
  checkTensor(op, x);
  const r = intListArg(op, 'repeats', repeats);
  const lead = r.length - x.rank;
  if (lead < 0) throw err(op, `repeats [${r.join(',')}] are too few`, x);
  const s = r.map((n, i) => {
    const size = i < lead ? 1 : x.shape[i - lead]!;
    // A negative count is an error unless it multiplies a size of 0, as in PyTorch.
    const negative = typeof n === 'number' ? n < 0 : !sizeAtLeast(op, 'repeats', n, 0);
    if (negative && size !== 0) throw err(op, `repeats [${r.join(',')}] are negative`, x);
    return negative ? 0 : mulDims(op, `the size of dimension ${i}`, size, n, { input: x.shape });
  });
  return record(schema(SHAPE_OPS, op), { self: x, repeats }, s, x.dtype);
}

/** The keyword arguments of torch.arange. */
export interface ArangeOptions {
  dtype?: DType;
}

const isRangeBound = (v: unknown): v is IntLike => typeof v === 'number' || v instanceof TracedInt;

/**
 * `torch.arange(end)` or `torch.arange(start, end, step=1)`, with
 * `{ dtype }` last: ceil((end - start) / step) values. With no dtype the
 * values are int64 when every bound is an integer, else float32 (JavaScript
 * cannot tell `12` from `12.0`: pass `{ dtype: 'float32' }` for a float
 * range of whole numbers). An integer dtype truncates the bounds first, as
 * PyTorch does. Bounds may be traced (`x.size(1)`).
 */
export function arange(end: IntLike, options?: ArangeOptions): Tensor;
export function arange(start: IntLike, end: IntLike, step?: IntLike, options?: ArangeOptions): Tensor;
export function arange(first: IntLike, ...rest: (IntLike | ArangeOptions | undefined)[]): Tensor {
  const op = 'aten::arange';
  const startForm = isRangeBound(rest[0]);
  const stepGiven = startForm && isRangeBound(rest[1]);
  const bounds = (startForm ? [first, rest[0], ...(stepGiven ? [rest[1]] : [])] : [first]) as IntLike[];
  const last: unknown = rest[bounds.length - 1];
  if (rest.length > bounds.length || (last !== undefined && (typeof last !== 'object' || last === null || last instanceof TracedInt))) {
    throw new ArgumentError(op, rest.length > bounds.length ? 'arguments' : 'options', shownBounds(rest), 'start, end and step numbers, then { dtype }');
  }
  const dtype = (last as ArangeOptions | undefined)?.dtype;
  const names = startForm ? ['start', 'end', 'step'] : ['end'];
  if (bounds.some((b) => b instanceof TracedInt && isExpr(b.value))) return symbolicArange(op, startForm, stepGiven, bounds, names, dtype);
  const values = bounds.map((b, i) => {
    const v = b instanceof TracedInt ? b.value : b;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ArgumentError(op, names[i]!, v, 'a finite number');
    return v;
  });
  const integral = bounds.every((b, i) => Number.isInteger(values[i]) && (typeof b === 'number' || b.dtype === 'int64'));
  if (dtype !== undefined) checkDType(op, dtype);
  const out: DType = dtype ?? (integral ? 'int64' : 'float32');
  if (out === 'bool') throw new ArgumentError(op, 'dtype', out, 'a number type ("arange_cpu" is not implemented for Bool)');
  const [start, end, step] = (startForm ? [values[0]!, values[1]!, values[2] ?? 1] : [0, values[0]!, 1]).map((v) => (out === 'int64' || out === 'int32' ? Math.trunc(v) : v)) as [number, number, number];
  if (step === 0) throw new ArgumentError(op, 'step', step, 'nonzero');
  if ((step > 0 && end < start) || (step < 0 && end > start)) {
    throw new ArgumentError(op, 'end', values[startForm ? 1 : 0], `consistent with the step's sign (upper bound and larger bound inconsistent with step sign: start ${start}, step ${step})`);
  }
  const n = Math.ceil((end - start) / step);
  if (!Number.isSafeInteger(n)) throw new ArgumentError(op, names[startForm ? 1 : 0]!, values[startForm ? 1 : 0], 'a bound giving fewer than 2^53 values');
  return recordArange(startForm, stepGiven, bounds, dtype, n, out);
}

/** Records the arange overload its arguments pick, with `n` values of `out`. */
function recordArange(startForm: boolean, stepGiven: boolean, bounds: readonly IntLike[], dtype: DType | undefined, n: Dim, out: DType): Tensor {
  const args = startForm ? (stepGiven ? { start: bounds[0], end: bounds[1], step: bounds[2], dtype: dtype ?? null } : { start: bounds[0], end: bounds[1], dtype: dtype ?? null }) : { end: bounds[0], dtype: dtype ?? null };
  return record(schema(SHAPE_OPS, startForm ? (stepGiven ? 'aten::arange.start_step' : 'aten::arange.start') : 'aten::arange'), args, [n], out);
}

/**
 * arange with a symbolic bound (`torch.arange(T)`, position ids): whole
 * bounds, a concrete step; ceil((end - start) / step) values, which must be
 * decidably at least 0 (PyTorch refuses an end on the wrong side of start).
 */
function symbolicArange(op: string, startForm: boolean, stepGiven: boolean, bounds: readonly IntLike[], names: readonly string[], dtype: DType | undefined): Tensor {
  const values = bounds.map((b, i) => {
    const v = b instanceof TracedInt ? b.value : b;
    if (isExpr(v) ? !v.integral : !Number.isInteger(v)) throw new ArgumentError(op, names[i]!, v, 'an integer with a symbolic bound');
    return v;
  });
  if (dtype !== undefined) checkDType(op, dtype);
  const out: DType = dtype ?? 'int64';
  if (out === 'bool') throw new ArgumentError(op, 'dtype', out, 'a number type ("arange_cpu" is not implemented for Bool)');
  const [start, end, step] = startForm ? [values[0]!, values[1]!, concrete(values[2] ?? 1, `${op}: step`)] : [0, values[0]!, 1];
  if (step === 0) throw new ArgumentError(op, 'step', step, 'nonzero');
  // ceil(span / |step|) of span = (end - start) * sign(step).
  const span = step > 0 ? dimSub(end, start) : dimSub(start, end);
  if (!sizeAtLeast(op, 'the number of values', span, 0)) {
    throw new ArgumentError(op, 'end', values[startForm ? 1 : 0], `consistent with the step's sign (upper bound and larger bound inconsistent with step sign: start ${start}, step ${step})`);
  }
  const size = Math.abs(step);
  const n = size === 1 ? span : sizeFloorDiv(sizeAdd(span, size - 1), size);
  return recordArange(startForm, stepGiven, bounds, dtype, n, out);
}

/** What an error shows of arange's arguments: traced integers by their value. */
const shownBounds = (v: readonly unknown[]): unknown[] => v.map((b) => (b instanceof TracedInt ? b.value : b));

/** `x.to(dtype)`, `x.long()`, `x.float()`: recorded as aten::to. */
export function to(x: Tensor, dtype: Tensor['dtype']): Tensor {
  checkTensor('aten::to', x);
  return record(schema(VIEW_OPS, 'aten::to'), { self: x, dtype }, x.shape, dtype);
}

/** `dst.copy_(src)`: what `x[...] = y` runs on the indexed view. */
export function copy_(dst: Tensor, src: Tensor): Tensor {
  const op = 'aten::copy_';
  checkTensor(op, dst);
  checkTensor(op, src, 'src');
  const full = broadcastShapes(op, dst.shape, src.shape);
  if (full.length !== dst.rank || full.some((v, i) => v !== dst.shape[i])) {
    throw new ShapeError(op, 'source does not broadcast to the destination', { dst: dst.shape, src: src.shape });
  }
  return recordInPlace(schema(SHAPE_OPS, op), { self: dst, src }, dst);
}
