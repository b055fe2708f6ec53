// All shape arithmetic lives here, so that dimensions can later become symbolic
// without touching layers or counters. Element counts are bigint: a count never
// silently rounds past 2^53.

import { ArgumentError, ShapeError } from './errors.js';

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

/** Normalises a possibly negative dimension index against `rank`. */
export function normDim(op: string, dim: number, rank: number, shape: Shape): number {
  const r = Math.max(rank, 1);
  if (!Number.isInteger(dim) || dim < -r || dim >= r) {
    throw new ShapeError(op, `dimension ${dim} out of range for rank ${rank}`, { input: shape });
  }
  return dim < 0 ? dim + r : dim;
}

/** Convolution output length along one axis. */
export function convOutLength(input: Dim, kernel: number, stride: number, padding: number, dilation: number): Dim {
  return Math.floor((input + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1;
}

/** Transposed convolution output length along one axis. */
export function convTransposeOutLength(
  input: Dim,
  kernel: number,
  stride: number,
  padding: number,
  dilation: number,
  outputPadding: number,
): Dim {
  return (input - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;
}

/** Pooling output length along one axis, with PyTorch's ceil_mode rule. */
export function poolOutLength(
  input: Dim,
  kernel: number,
  stride: number,
  padding: number,
  dilation: number,
  ceilMode: boolean,
): Dim {
  const num = input + 2 * padding - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
  let out = Math.floor(num / stride) + 1;
  // The last window must start inside the input or left padding.
  if (ceilMode && (out - 1) * stride >= input + padding) out -= 1;
  return out;
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
    throw new ShapeError(op, 'both arguments need at least 1 dimension', { a, b });
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

/** Resolves one `-1` in a reshape target against the element count. */
export function reshapeShape(op: string, input: Shape, target: readonly number[]): Shape {
  let infer = -1;
  let known = 1n;
  for (let i = 0; i < target.length; i++) {
    const d = target[i]!;
    if (d === -1) {
      if (infer >= 0) throw new ShapeError(op, 'only one dimension can be -1', { input, target });
      infer = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(op, `invalid size ${d}`, { input, target });
    } else known *= BigInt(d);
  }
  const total = numel(input);
  const out = [...target];
  if (infer >= 0) {
    if (known === 0n || total % known !== 0n) {
      throw new ShapeError(op, `cannot infer -1 for ${total} elements`, { input, target });
    }
    out[infer] = Number(total / known);
  } else if (known !== total) {
    throw new ShapeError(op, `shape is invalid for input of size ${total}`, { input, target });
  }
  return out;
}

/** Output shape of flatten(start, end). */
export function flattenShape(op: string, input: Shape, startDim: number, endDim: number): Shape {
  if (input.length === 0) return [1];
  const s = normDim(op, startDim, input.length, input);
  const e = normDim(op, endDim, input.length, input);
  if (s > e) throw new ShapeError(op, 'start_dim cannot come after end_dim', { input });
  let p = 1;
  for (let i = s; i <= e; i++) p *= input[i]!;
  return [...input.slice(0, s), p, ...input.slice(e + 1)];
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
