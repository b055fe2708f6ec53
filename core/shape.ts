// All shape arithmetic lives here, so that dimensions can later become symbolic
// without touching layers or counters. Element counts are bigint: a count never
// silently rounds past 2^53.

import { ArgumentError, formatValue, ShapeError, SymbolicError } from './errors.js';
import { countMul, decideAtLeast, exactQuotient, isExpr, sizeAdd, sizeFloorDiv, sizeMul, sizeSub, type SymCount } from './sizes.js';
import type { Expr } from './symbolic.js';

/**
 * One dimension: a whole number, or in a symbolic analysis an expression in
 * named sizes (core/symbolic.ts). Arithmetic on dimensions that may be
 * symbolic goes through `sizeAdd`, `sizeMul`, ... of core/symbolic.ts, or the
 * helpers here; `concrete(d)` is the number where only a number works.
 */
export type Dim = number | Expr;
/** A tensor's shape: its sizes, outermost first (PyTorch's `torch.Size`). */
export type Shape = readonly Dim[];

/**
 * A dimension where only a concrete one works, as a number: a symbolic one is
 * a SymbolicError naming `what` (the op and argument) and the symbols.
 */
export function concrete(d: Dim, what = 'this size'): number {
  if (typeof d === 'number') return d;
  throw new SymbolicError(`${what} must be a concrete number, got ${d.toString()}`, d.symbols());
}

/** Every dimension of `shape` concrete (see {@link concrete}). */
export function concreteShape(shape: Shape, what = 'this shape'): readonly number[] {
  for (let i = 0; i < shape.length; i++) if (typeof shape[i] !== 'number') concrete(shape[i]!, what);
  return shape as readonly number[];
}

/** Whether any dimension is symbolic. */
export function isSymbolicShape(shape: Shape): boolean {
  for (let i = 0; i < shape.length; i++) if (typeof shape[i] !== 'number') return true;
  return false;
}

/** Product of the dimensions, exact, as a count: a bigint, or an expression when a dimension is symbolic. */
export function symNumel(shape: Shape): SymCount {
  if (!isSymbolicShape(shape)) return numel(shape);
  let p: SymCount = 1n;
  for (const d of shape) p = countMul(p, d);
  return p;
}

/** Product of the dimensions, exact (concrete shapes: a symbolic one is a SymbolicError; see symNumel). */
export function numel(shape: Shape): bigint {
  let p = 1;
  for (let i = 0; i < shape.length; i++) p *= concrete(shape[i]!, 'the element count');
  // Every factor is a non-negative integer, so if the float product is still a
  // safe integer no partial product ever lost a digit.
  if (Number.isSafeInteger(p)) return BigInt(p);
  let big = 1n;
  for (const d of shape) big *= BigInt(d as number);
  return big;
}

/** Exact product of several shapes' element counts. */
export function prodAll(...parts: Shape[]): bigint {
  let r = 1n;
  for (const p of parts) r *= numel(p);
  return r;
}

export function isValidDim(d: unknown): d is Dim {
  return (typeof d === 'number' && Number.isSafeInteger(d) && d >= 1) || (isExpr(d) && d.integral && decideAtLeast(d, 1) === true);
}

/** Throws unless every dimension is a positive integer. */
export function checkShape(where: string, argument: string, shape: readonly unknown[]): Shape {
  if (!Array.isArray(shape) || shape.length === 0) {
    throw new ArgumentError(where, argument, shape, 'a non-empty list of positive integers');
  }
  for (const d of shape) {
    if (!isValidDim(d)) throw new ArgumentError(where, argument, shape, 'a list of positive integers');
  }
  return shape as Shape;
}

/** Throws unless `shape` is a list of sizes (non-negative integers below 2^53; PyTorch takes 0 and `[]`). */
export function checkSizes(where: string, argument: string, shape: unknown): Shape {
  if (!Array.isArray(shape) || !shape.every(isSize)) throw new ArgumentError(where, argument, shape, 'a list of integers in [0, 2^53)');
  return shape as Shape;
}

/** PyTorch's tuple text: `(64, 3, 7, 7)`, `(64,)`, `()`. */
export function pyTuple(values: readonly (Dim | string)[]): string {
  if (values.length === 1) return `(${values[0]},)`;
  return `(${values.join(', ')})`;
}

/** Expands an int or a list to `n` values (`_pair`, `_triple`), naming the argument on error. */
export function ntuple(where: string, argument: string, value: number | readonly number[], n: number): number[] {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new ArgumentError(where, argument, value, 'an integer');
    return new Array<number>(n).fill(value);
  }
  if (!Array.isArray(value) || value.length !== n || !value.every((v) => Number.isInteger(v))) {
    throw new ArgumentError(where, argument, value, `an integer or a list of ${n} integers`);
  }
  return [...value];
}

/** Normalises a possibly negative dimension index against `rank` (a 0-D tensor takes -1 and 0, as in PyTorch). */
export function normDim(op: string, dim: number, rank: number, shape: Shape): number {
  const r = rank > 1 ? rank : 1;
  if (!Number.isInteger(dim) || dim < -r || dim >= r) throw new ShapeError(op, `dimension ${formatValue(dim)} out of range [${-r}, ${r - 1}]`, { input: shape });
  return dim < 0 ? dim + r : dim;
}

/**
 * The most outputs one op makes (split, chunk, unbind, tensor_split): 2^20.
 * PyTorch would allocate a view for each; making them would exhaust memory.
 */
export const MAX_OUTPUTS = 2 ** 20;

/** A size: a non-negative integer below 2^53 (sizes are exact integers). */
export const isSize = (v: unknown): v is Dim => (Number.isSafeInteger(v) && (v as number) >= 0) || (isExpr(v) && v.integral && decideAtLeast(v, 0) !== false);

type Shapes = Readonly<Record<string, Shape | null>>;

/** An exact size computed as a bigint, as a number; past 2^53 - 1 a typed error with its exact value. */
export function bigSize(op: string, what: string, v: bigint, shapes: Shapes): number {
  if (v > 9007199254740991n || v < -9007199254740991n) throw new ShapeError(op, `${what} is ${v}, too large (sizes stop at 2^53-1)`, shapes);
  return Number(v);
}

/** `a + b` or `a * b` of sizes, exact (a result still below 2^53 is), else the typed error of bigSize. */
export const addSizes = (op: string, what: string, a: number, b: number, shapes: Shapes): number =>
  Number.isSafeInteger(a + b) ? a + b : bigSize(op, what, BigInt(a) + BigInt(b), shapes);
export const mulSizes = (op: string, what: string, a: number, b: number, shapes: Shapes): number =>
  Number.isSafeInteger(a * b) ? a * b : bigSize(op, what, BigInt(a) * BigInt(b), shapes);

// Output lengths of convolution and pooling, written once for numbers and
// bigints (`o` is 1 of the type): in doubles while every argument is below
// 2^24 in magnitude (every intermediate is then exact, and so is the floor of
// the quotient), else in bigint; a length past 2^53 - 1 is a typed error.
// The callers validate the arguments (integers, stride >= 1).

const fdiv = (a: any, b: any): any => (typeof a === 'bigint' ? (b ? a / b - (a % b && a < 0n !== b < 0n ? 1n : 0n) : a) : Math.floor(a / b));

function length(op: string, f: (o: any, ...a: any[]) => any, ...args: number[]): number {
  if (args.every((x) => Math.abs(x) < 2 ** 24)) return f(1, ...args);
  return args.every(Number.isInteger) ? bigSize(op, 'the output length', f(1n, ...args.map(BigInt)), {}) : NaN;
}

/** Convolution output length along one axis: floor((L + 2p - d(k-1) - 1) / s) + 1. */
export const convOutLength = (input: Dim, kernel: number, stride: number, padding: number, dilation: number, op = 'aten::_convolution'): Dim =>
  typeof input !== 'number'
    ? sizeAdd(sizeFloorDiv(sizeSub(input, 1 - 2 * padding + dilation * (kernel - 1)), stride), 1)
    : length(op, (o, L, k, s, p, d) => fdiv(L + p + p - d * (k - o) - o, s) + o, input, kernel, stride, padding, dilation);

/** Transposed convolution output length along one axis: (L-1)s - 2p + d(k-1) + output_padding + 1. */
export const convTransposeOutLength = (input: Dim, kernel: number, stride: number, padding: number, dilation: number, outputPadding: number, op = 'aten::_convolution'): Dim =>
  typeof input !== 'number'
    ? sizeAdd(sizeMul(sizeSub(input, 1), stride), -2 * padding + dilation * (kernel - 1) + outputPadding + 1)
    : length(op, (o, L, k, s, p, d, q) => (L - o) * s - p - p + d * (k - o) + q + o, input, kernel, stride, padding, dilation, outputPadding);

/** Pooling output length along one axis, with PyTorch's ceil_mode rule (the last window starts inside the input or left padding). */
export const poolOutLength = (input: Dim, kernel: number, stride: number, padding: number, dilation: number, ceilMode: boolean, op = 'aten::max_pool2d'): Dim => {
  if (typeof input !== 'number') {
    const out = sizeAdd(sizeFloorDiv(sizeSub(input, 1 - 2 * padding + dilation * (kernel - 1) - (ceilMode ? stride - 1 : 0)), stride), 1);
    if (!ceilMode) return out;
    // The last window must start inside the input or the left padding: (out - 1) * s < L + p.
    const past = decideAtLeast(sizeSub(sizeMul(sizeSub(out, 1), stride), sizeAdd(input, padding)), 0);
    if (past === undefined) throw new SymbolicError(`${op}: whether ceil_mode drops the last window depends on ${input.toString()}`, input.symbols());
    return past ? sizeSub(out, 1) : out;
  }
  return length(
    op,
    (o, L, k, s, p, d) => {
      const out = fdiv(L + p + p - d * (k - o) - o + (ceilMode ? s - o : o - o), s) + o;
      return ceilMode && (out - o) * s >= L + p ? out - o : out;
    },
    input,
    kernel,
    stride,
    padding,
    dilation,
  );
};

/** numpy/PyTorch broadcasting of two shapes. */
export function broadcastShapes(op: string, a: Shape, b: Shape): Shape {
  const n = Math.max(a.length, b.length);
  const out = new Array<Dim>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(op, `shapes cannot be broadcast (${da} vs ${db} at dimension ${i})`, { a, b });
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Output shape of torch.matmul, with its 1-D promotion and batch broadcasting. */
export function matmulShape(op: string, a: Shape, b: Shape): Shape {
  if (a.length === 0 || b.length === 0) {
    throw new ShapeError(op, `both arguments need at least 1 dimension, got ${a.length}-D and ${b.length}-D`, { a, b });
  }
  const a2 = a.length === 1 ? [1, a[0]!] : a;
  const b2 = b.length === 1 ? [b[0]!, 1] : b;
  const k1 = a2[a2.length - 1]!;
  const k2 = b2[b2.length - 2]!;
  if (k1 !== k2) throw new ShapeError(op, `inner dimensions differ (${k1} vs ${k2})`, { a, b });
  const batch = broadcastShapes(op, a2.slice(0, -2), b2.slice(0, -2));
  const out: Dim[] = [...batch];
  if (a.length > 1) out.push(a2[a2.length - 2]!);
  if (b.length > 1) out.push(b2[b2.length - 1]!);
  return out;
}

/** Resolves one `-1` in a reshape/view target against the element count (exactly, as bigint). */
export function reshapeShape(op: string, input: Shape, target: readonly Dim[]): Shape {
  const shapes = { input, shape: target };
  let infer = -1;
  for (let i = 0; i < target.length; i++) {
    const d = target[i]!;
    if (d === -1 && infer < 0) infer = i;
    else if (!isSize(d)) throw new ShapeError(op, d === -1 ? 'only one dimension can be -1' : `invalid size ${formatValue(d)}`, shapes);
  }
  const rest = infer < 0 ? target : target.filter((_, i) => i !== infer);
  if (isSymbolicShape(input) || isSymbolicShape(rest)) {
    const total = symNumel(input);
    const known = symNumel(rest);
    if (infer < 0) {
      if (known !== total) throw new ShapeError(op, `shape is invalid for input of size ${total}`, shapes);
      return target;
    }
    const q = exactQuotient(total, known);
    if (q === undefined) throw new SymbolicError(`${op}: cannot infer -1 as ${total} divided by ${known}`, [...(isExpr(total) ? total.symbols() : []), ...(isExpr(known) ? known.symbols() : [])]);
    const out = [...target];
    out[infer] = q;
    return out;
  }
  const total = numel(input);
  const known = numel(rest);
  if (infer < 0 ? known !== total : known === 0n || total % known !== 0n) {
    throw new ShapeError(op, total === 0n && known === 0n && infer >= 0 ? 'cannot infer -1 for 0 elements' : `shape is invalid for input of size ${total}`, shapes);
  }
  if (infer < 0) return target;
  const out = [...target];
  out[infer] = bigSize(op, 'the inferred size', total / known, shapes);
  return out;
}

/** Output shape of flatten(start, end); the flattened size is exact or a typed error. */
export function flattenShape(op: string, input: Shape, startDim: number, endDim: number): Shape {
  const s = normDim(op, startDim, input.length, input);
  const e = normDim(op, endDim, input.length, input);
  if (input.length === 0) return [1];
  if (s > e) throw new ShapeError(op, 'start_dim cannot come after end_dim', { input });
  if (isSymbolicShape(input.slice(s, e + 1))) {
    let q: Dim = 1;
    for (let i = s; i <= e; i++) q = sizeMul(q, input[i]!);
    return [...input.slice(0, s), q, ...input.slice(e + 1)];
  }
  let p = 1;
  for (let i = s; i <= e; i++) p *= input[i] as number;
  // Each factor is a size below 2^53: a product still below 2^53 is exact.
  if (!Number.isSafeInteger(p)) p = bigSize(op, 'the flattened size', numel(input.slice(s, e + 1)), { input });
  return [...input.slice(0, s), p, ...input.slice(e + 1)];
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
