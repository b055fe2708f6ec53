// Helpers shared by the functional ops: output construction and the checks that
// every op family repeats.

import { atLeast, emit, emitOne, type OpArgs } from '../../core/dispatch.js';
import type { DType } from '../../core/dtype.js';
import { ArgumentError, ShapeError, SymbolicError } from '../../core/errors.js';
import { schemaIn, type OpFamily, type OpIn, type OpSchema } from '../../core/op_schema.js';
import type { Dim, Shape } from '../../core/shape.js';
import { sizeAdd, sizeFloorDiv, sizeMod, sizeMul, sizeSub } from '../../core/sizes.js';
import { checkTensor, Tensor } from '../../core/tensor.js';

export function out(shape: Shape, like?: Tensor): Tensor {
  return new Tensor(shape, like?.dtype ?? 'float32');
}

/** The built-in schema of an op in its family (core/op_schema.ts); emitters look theirs up once, at load. */
export const schema = schemaIn;

/**
 * Records an op with one tensor argument (`self`, or the schema's first) and
 * the same shape out; `args` are its other arguments by name. In-place ops
 * (name ending in `_`) return `x` itself.
 */
export function recordUnary(op: OpSchema, x: Tensor, args: Readonly<Record<string, unknown>> = {}): Tensor {
  const first = op.args[0]?.name ?? 'self';
  checkTensor(op.qualifiedName, x, first);
  const all = { [first]: x, ...args };
  return op.qualifiedName.endsWith('_') ? recordInPlace(op, all, x) : record(op, all, x.shape, x.dtype);
}

/** `recordUnary` of the op `kind` of `family`. */
export function unaryIn<Family extends OpFamily>(family: Family, kind: OpIn<Family>, x: Tensor, args?: Readonly<Record<string, unknown>>): Tensor {
  return recordUnary(schemaIn(family, kind), x, args);
}

/** Records `op` with named arguments and returns its one output, a new tensor of `shape`. */
export function record(op: OpSchema, args: OpArgs, shape: Shape, dtype: DType = 'float32'): Tensor {
  const y = new Tensor(shape, dtype);
  emitOne(op, args, y);
  return y;
}

/** Records `op` with several outputs, one new tensor per shape. */
export function recordMany(op: OpSchema, args: OpArgs, shapes: readonly Shape[], dtype: DType = 'float32'): Tensor[] {
  const ys = shapes.map((s) => new Tensor(s, dtype));
  emit(op, args, ys);
  return ys;
}

/** Records an op that writes `target` in place and returns it. */
export function recordInPlace(op: OpSchema, args: OpArgs, target: Tensor): Tensor {
  emitOne(op, args, target);
  return target;
}

/** Throws unless `x` has one of the given ranks; `what` describes the layout. */
export function expectRank(op: string, x: Tensor, ranks: readonly number[], what: string): void {
  if (!ranks.includes(x.rank)) {
    const want = ranks.map((r) => `${r}-D`).join(' or ');
    throw new ShapeError(op, `expected ${want} input ${what}, got ${x.rank}-D`, { input: x.shape });
  }
}

/** Throws when a computed output size is below 1 (or past exact integers); a symbolic one must be decidably at least 1. */
export function expectPositive(op: string, outShape: Shape, shapes: Record<string, Shape | null>): void {
  for (let i = 0; i < outShape.length; i++) {
    const d = outShape[i]!;
    if (typeof d !== 'number') {
      if (!sizeAtLeast(op, `output size at dimension ${i}`, d, 1)) throw new ShapeError(op, `output size ${d} at dimension ${i} is below 1 (computed output ${'[' + outShape.join(',') + ']'})`, shapes);
    } else if (!(d >= 1 && d <= Number.MAX_SAFE_INTEGER)) {
      const what = d >= 1 ? 'is too large' : 'is below 1';
      throw new ShapeError(op, `output size ${d} at dimension ${i} ${what} (computed output ${'[' + outShape.join(',') + ']'})`, shapes);
    }
  }
}

// Size arithmetic that may meet a symbolic size, with the plain-number path
// first: the concrete trace stays as fast as number arithmetic.
export const dimAdd = (a: Dim, b: Dim): Dim => (typeof a === 'number' && typeof b === 'number' ? a + b : sizeAdd(a, b));
export const dimSub = (a: Dim, b: Dim): Dim => (typeof a === 'number' && typeof b === 'number' ? a - b : sizeSub(a, b));
export const dimMul = (a: Dim, b: Dim): Dim => (typeof a === 'number' && typeof b === 'number' ? a * b : sizeMul(a, b));

/** Whether every size in `list` is a plain number (the fast path of a shape rule). */
export const allNumbers = (list: readonly Dim[]): list is number[] => list.every((d) => typeof d === 'number');

/**
 * Whether the size `d` is at least `bound`. A symbolic size is decided from
 * its symbols' least values; when that cannot decide it, the symbolic result
 * assumes it holds (a condition of the result, naming `op` and `what`).
 */
export function sizeAtLeast(op: string, what: string, d: Dim, bound: number): boolean {
  if (typeof d === 'number') return d >= bound;
  // Undecided: the symbolic result assumes it (a condition of the result, core/dispatch.ts atLeast).
  return atLeast(d, bound, `${op}: ${what}`);
}

/**
 * `n / k` when `k` divides the size `n`, else undefined. For a symbolic `n`
 * whether it divides must follow from the expression (`2*H` by 2), else a
 * SymbolicError naming `op` and `what`.
 */
export function exactPart(op: string, what: string, n: Dim, k: number): Dim | undefined {
  if (typeof n === 'number') return n % k === 0 ? n / k : undefined;
  const rest = sizeMod(n, k);
  if (rest === 0) return sizeFloorDiv(n, k);
  if (typeof rest === 'number') return undefined;
  throw new SymbolicError(`${op}: whether ${what} ${n} divides by ${k} depends on the sizes`, n.symbols());
}

// Argument checks. PyTorch takes Python ints where these are used; a number
// that is not a safe integer (a fraction, NaN, Infinity), a string or a
// boolean is refused with the argument's name and the value given.

function intKind(min: number): string {
  return min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : min === -Infinity ? 'an integer' : `an integer of at least ${min}`;
}

function isIntAtLeast(v: unknown, min: number): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
}

/** An int argument: a safe integer of at least `min`. */
export function intArg(where: string, argument: string, value: unknown, min: number): number {
  if (!isIntAtLeast(value, min)) throw new ArgumentError(where, argument, value, intKind(min));
  return value;
}

/**
 * An int-or-list argument (`_pair`, `_triple`, an aten int list), each entry a
 * safe integer of at least `min`, expanded to `n` entries. A list has `n`
 * entries, or one when `single` is set (the aten ops repeat a one-entry list).
 */
export function intList(where: string, argument: string, value: unknown, n: number, min: number, single = false): number[] {
  if (typeof value === 'number') {
    if (!isIntAtLeast(value, min)) throw new ArgumentError(where, argument, value, intKind(min));
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = value;
    return out;
  }
  const ok = Array.isArray(value) && (value.length === n || (single && value.length === 1));
  if (ok) {
    let all = true;
    for (let i = 0; i < value.length; i++) if (!isIntAtLeast(value[i], min)) all = false;
    if (all) {
      if (value.length === n) return (value as number[]).slice();
      const out = new Array<number>(n);
      for (let i = 0; i < n; i++) out[i] = value[0] as number;
      return out;
    }
  }
  const count = n === 1 ? 'a list of 1' : single ? `a list of 1 or ${n}` : `a list of ${n}`;
  throw new ArgumentError(where, argument, value, `${intKind(min)} or ${count} of them`);
}

/** A float argument (eps, momentum, ...): any number, as a Python float takes. */
export function floatArg(where: string, argument: string, value: unknown): number {
  if (typeof value !== 'number') throw new ArgumentError(where, argument, value, 'a number');
  return value;
}
