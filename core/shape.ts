// All shape arithmetic lives here, so that dimensions can later become symbolic
// without touching layers or counters. Element counts are bigint: a count never
// silently rounds past 2^53.

import { ArgumentError, formatValue, ShapeError, shapeText } from './errors.js';

/** One dimension. A plain integer today; the one place to widen for symbolic sizes. */
export type Dim = number;
export type Shape = readonly Dim[];

/** Product of the dimensions, exact. */
export function numel(shape: Shape): bigint {
  let p = 1;
  for (let i = 0; i < shape.length; i++) p *= shape[i]!;
  // Every factor is a non-negative integer, so if the float product is still a
  // safe integer no partial product ever lost a digit.
  if (Number.isSafeInteger(p)) return BigInt(p);
  let big = 1n;
  for (const d of shape) big *= BigInt(d);
  return big;
}

/** Exact product of several shapes' element counts. */
export function prodAll(...parts: Shape[]): bigint {
  let r = 1n;
  for (const p of parts) r *= numel(p);
  return r;
}

export function isValidDim(d: unknown): d is Dim {
  return typeof d === 'number' && Number.isSafeInteger(d) && d >= 1;
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

/**
 * Throws unless `shape` is a list of sizes: non-negative integers below 2^53
 * (PyTorch takes 0, and a 0-D shape `[]`).
 */
export function checkSizes(where: string, argument: string, shape: unknown): Shape {
  if (!Array.isArray(shape)) throw new ArgumentError(where, argument, shape, 'a list of non-negative integers');
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i] as unknown;
    if (!isSize(d)) {
      const big = typeof d === 'number' && Number.isInteger(d) && d > 0;
      throw new ArgumentError(where, argument, shape, `a list of non-negative integers${big ? ' of at most 2^53-1' : ''}`);
    }
  }
  return shape as Shape;
}

/** PyTorch's tuple text: `(64, 3, 7, 7)`, `(64,)`, `()`. */
export function pyTuple(values: readonly (number | string)[]): string {
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
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < -r || dim >= r) {
    throw new ShapeError(op, `dimension ${formatValue(dim)} is out of range for a ${rank}-D tensor (expected ${-r} to ${r - 1})`, { input: shape });
  }
  return dim < 0 ? dim + r : dim;
}

/** The largest size a dimension may have: sizes are exact integers, so below 2^53. */
export const MAX_SIZE = Number.MAX_SAFE_INTEGER;

/**
 * The most outputs one op may make (split, chunk, unbind, tensor_split):
 * 2^20. PyTorch would try to allocate them all (a view each); past this a
 * trace is a mistake, and making them would exhaust memory before it says so.
 */
export const MAX_OUTPUTS = 2 ** 20;

/** A size as ops take it: a non-negative integer below 2^53. */
export function isSize(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** The error for a computed size past 2^53 - 1, with its exact value. */
export function sizeTooLarge(op: string, what: string, exact: bigint, shapes: Readonly<Record<string, Shape | null>>): ShapeError {
  return new ShapeError(op, `${what} is ${exact}, ${exact < 0n ? 'out of range' : 'too large'} (sizes must be at most 2^53-1 = ${MAX_SIZE})`, shapes);
}

/** `a + b` for sizes, exact: a sum past 2^53 - 1 is a typed error, never a rounded size. */
export function addSizes(op: string, what: string, a: number, b: number, shapes: Readonly<Record<string, Shape | null>>): number {
  const r = a + b;
  // Both are integers below 2^53: a result still below 2^53 is exact.
  if (Number.isSafeInteger(r)) return r;
  throw sizeTooLarge(op, what, BigInt(a) + BigInt(b), shapes);
}

/** `a * b` for sizes, exact: a product past 2^53 - 1 is a typed error, never a rounded size. */
export function mulSizes(op: string, what: string, a: number, b: number, shapes: Readonly<Record<string, Shape | null>>): number {
  const r = a * b;
  if (Number.isSafeInteger(r)) return r;
  throw sizeTooLarge(op, what, BigInt(a) * BigInt(b), shapes);
}

/** An exact size computed as a bigint, as a Dim (or a typed error past 2^53 - 1). */
export function sizeOfBig(op: string, what: string, v: bigint, shapes: Readonly<Record<string, Shape | null>>): number {
  if (v > BigInt(MAX_SIZE) || v < -BigInt(MAX_SIZE)) throw sizeTooLarge(op, what, v, shapes);
  return Number(v);
}

// Output lengths of convolution and pooling. Plain number arithmetic while
// every intermediate is below 2^53 (then each step is exact, and so is the
// floor of the quotient); otherwise the same formula in bigint. A result past
// 2^53 - 1 either way is a typed error naming `op`. The arguments are
// validated (integers, stride >= 1) by the callers.

const allIntegers = (...xs: number[]): boolean => xs.every((x) => Number.isInteger(x));

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** Convolution output length along one axis: floor((L + 2p - d(k-1) - 1) / s) + 1. */
export function convOutLength(input: Dim, kernel: number, stride: number, padding: number, dilation: number, op = 'aten::_convolution'): Dim {
  const span = dilation * (kernel - 1);
  const padded = input + 2 * padding;
  if (Number.isSafeInteger(span) && Number.isSafeInteger(padded) && Number.isSafeInteger(2 * padding)) {
    return Math.floor((padded - span - 1) / stride) + 1;
  }
  if (!allIntegers(input, kernel, stride, padding, dilation) || stride === 0) return Math.floor((padded - span - 1) / stride) + 1;
  const [L, k, s, p, d] = [input, kernel, stride, padding, dilation].map(BigInt) as [bigint, bigint, bigint, bigint, bigint];
  return sizeOfBig(op, 'the output length', floorDiv(L + 2n * p - d * (k - 1n) - 1n, s) + 1n, {});
}

/** Transposed convolution output length along one axis: (L-1)s - 2p + d(k-1) + output_padding + 1. */
export function convTransposeOutLength(
  input: Dim,
  kernel: number,
  stride: number,
  padding: number,
  dilation: number,
  outputPadding: number,
  op = 'aten::_convolution',
): Dim {
  const grown = (input - 1) * stride;
  const span = dilation * (kernel - 1);
  const r = grown - 2 * padding + span + outputPadding + 1;
  if (Number.isSafeInteger(grown) && Number.isSafeInteger(span) && Number.isSafeInteger(2 * padding) && Number.isSafeInteger(grown - 2 * padding) && Number.isSafeInteger(grown - 2 * padding + span) && Number.isSafeInteger(r)) {
    return r;
  }
  if (!allIntegers(input, kernel, stride, padding, dilation, outputPadding)) return r;
  const [L, k, s, p, d, o] = [input, kernel, stride, padding, dilation, outputPadding].map(BigInt) as [bigint, bigint, bigint, bigint, bigint, bigint];
  return sizeOfBig(op, 'the output length', (L - 1n) * s - 2n * p + d * (k - 1n) + o + 1n, {});
}

/** Pooling output length along one axis, with PyTorch's ceil_mode rule. */
export function poolOutLength(
  input: Dim,
  kernel: number,
  stride: number,
  padding: number,
  dilation: number,
  ceilMode: boolean,
  op = 'aten::max_pool2d',
): Dim {
  const span = dilation * (kernel - 1);
  const padded = input + 2 * padding;
  const num = padded - span - 1 + (ceilMode ? stride - 1 : 0);
  if (Number.isSafeInteger(span) && Number.isSafeInteger(padded) && Number.isSafeInteger(2 * padding) && Number.isSafeInteger(num)) {
    let out = Math.floor(num / stride) + 1;
    // The last window must start inside the input or left padding.
    if (ceilMode && (out - 1) * stride >= input + padding) out -= 1;
    // (out - 1) * stride <= num < 2^53 and input + padding <= padded: both exact.
    return out;
  }
  if (!allIntegers(input, kernel, stride, padding, dilation) || stride === 0) return Math.floor(num / stride) + 1;
  const [L, k, s, p, d] = [input, kernel, stride, padding, dilation].map(BigInt) as [bigint, bigint, bigint, bigint, bigint];
  let out = floorDiv(L + 2n * p - d * (k - 1n) - 1n + (ceilMode ? s - 1n : 0n), s) + 1n;
  if (ceilMode && (out - 1n) * s >= L + p) out -= 1n;
  return sizeOfBig(op, 'the output length', out, {});
}

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

/**
 * Resolves one `-1` in a reshape/view target against the element count:
 * every other size a non-negative integer, the counts equal (exactly, as bigint).
 */
export function reshapeShape(op: string, input: Shape, target: readonly number[]): Shape {
  let infer = -1;
  for (let i = 0; i < target.length; i++) {
    const d = target[i]!;
    if (d === -1) {
      if (infer >= 0) throw new ShapeError(op, `only one dimension can be -1, got shape ${shapeText(target)}`, { input });
      infer = i;
    } else if (!isSize(d)) {
      throw new ShapeError(op, `invalid size ${formatValue(d)} at position ${i} of shape ${shapeText(target)}`, { input });
    }
  }
  const total = numel(input);
  const known = infer >= 0 ? numel(target.filter((_, i) => i !== infer)) : numel(target);
  if (infer < 0) {
    if (known !== total) throw new ShapeError(op, `shape ${shapeText(target)} is invalid for input of size ${total}`, { input });
    return target;
  }
  if (known === 0n) {
    throw new ShapeError(
      op,
      total === 0n
        ? `cannot infer -1 in shape ${shapeText(target)} for a tensor of 0 elements: it could be any value`
        : `shape ${shapeText(target)} is invalid for input of size ${total}`,
      { input },
    );
  }
  if (total % known !== 0n) throw new ShapeError(op, `shape ${shapeText(target)} is invalid for input of size ${total}`, { input });
  const out = [...target];
  out[infer] = sizeOfBig(op, 'the inferred size', total / known, { input });
  return out;
}

/** Output shape of flatten(start, end); the flattened size is exact or a typed error. */
export function flattenShape(op: string, input: Shape, startDim: number, endDim: number): Shape {
  const s = normDim(op, startDim, input.length, input);
  const e = normDim(op, endDim, input.length, input);
  if (input.length === 0) return [1];
  if (s > e) throw new ShapeError(op, `start_dim ${startDim} cannot come after end_dim ${endDim}`, { input });
  let p = 1;
  for (let i = s; i <= e; i++) p *= input[i]!;
  // Each factor is a size below 2^53: a product still below 2^53 is exact.
  if (!Number.isSafeInteger(p)) p = sizeOfBig(op, 'the flattened size', numel(input.slice(s, e + 1)), { input });
  return [...input.slice(0, s), p, ...input.slice(e + 1)];
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
