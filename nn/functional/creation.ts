// Tensors made from sizes and numbers (torch.zeros, ones, empty, full,
// full_like, arange, linspace) and the triangular masks made from them
// (tril, triu). Their sizes may be traced (`x.size(1)`): a traced size goes
// through aten::Int, a traced number passed where PyTorch takes a Scalar
// (arange's bounds, linspace's ends, a fill value) through aten::ScalarImplicit.
//
// JavaScript has one number type: where PyTorch infers an integer dtype from a
// Python int (`torch.arange(4)`, `torch.full(size, 1)`), an integer-valued
// number here counts as a Python int; pass `{ dtype: 'float32' }` for a float
// that happens to be whole (`torch.full(size, 1.0)`).

import type { DType } from '../../core/dtype.js';
import { ArgumentError, ShapeError } from '../../core/errors.js';
import { checkSizes } from '../../core/shape.js';
import { checkDType, checkTensor, intArg, intListArg, TracedInt, type IntLike, type Tensor } from '../../core/tensor.js';
import { record, schema } from './util.js';

/** PyTorch's keyword-only `dtype=` of the creation functions. */
export interface CreationOptions {
  readonly dtype?: DType;
}

/** The dtype asked for in `options`, checked, or `fallback`. */
function dtypeOf(where: string, options: CreationOptions | undefined, fallback: DType): DType {
  const dtype = options?.dtype;
  if (dtype === undefined) return fallback;
  checkDType(where, dtype);
  return dtype;
}

/** The sizes of a new tensor: integers (traced or not), none negative. */
const sizesOf = (kind: string, shape: readonly IntLike[]): readonly number[] => checkSizes(kind, 'size', intListArg(kind, 'size', shape));

function constructor_(kind: string, shape: readonly IntLike[], options: CreationOptions | undefined): Tensor {
  const dtype = dtypeOf(kind, options, 'float32');
  return record(schema(kind), { size: shape, dtype: options?.dtype ?? null }, sizesOf(kind, shape), dtype);
}

/** `torch.zeros(size, dtype=...)`: float32 unless `dtype` says otherwise. */
export const zeros = (shape: readonly IntLike[], options?: CreationOptions): Tensor => constructor_('aten::zeros', shape, options);
/** `torch.empty(size, dtype=...)`. */
export const empty = (shape: readonly IntLike[], options?: CreationOptions): Tensor => constructor_('aten::empty', shape, options);
/** `torch.ones(size, dtype=...)`. */
export const ones = (shape: readonly IntLike[], options?: CreationOptions): Tensor => constructor_('aten::ones', shape, options);

/** A number or a traced one, as a Scalar argument; anything else is an ArgumentError. */
function scalarArg(kind: string, argument: string, v: unknown): number {
  const n = v instanceof TracedInt ? v.value : v;
  if (typeof n !== 'number' || Number.isNaN(n)) throw new ArgumentError(kind, argument, n, 'a number');
  return n;
}

/** Whether `v` is a Python int to PyTorch's dtype inference: an integer-valued number, or a traced int64. */
const isPyInt = (v: IntLike): boolean => (v instanceof TracedInt ? v.dtype === 'int64' && Number.isInteger(v.value) : Number.isInteger(v));

const isOptions = (v: unknown): v is CreationOptions => typeof v === 'object' && v !== null && !(v instanceof TracedInt);

/**
 * `torch.arange(end)`, `torch.arange(start, end)`, `torch.arange(start, end, step)`,
 * each with an optional `{ dtype }` last. The values are int64 when every
 * bound is a Python int (an integer-valued number or a traced int), else
 * float32, as in PyTorch; the length is ceil((end - start) / step).
 */
export function arange(end: IntLike, options?: CreationOptions): Tensor;
export function arange(start: IntLike, end: IntLike, options?: CreationOptions): Tensor;
export function arange(start: IntLike, end: IntLike, step: IntLike, options?: CreationOptions): Tensor;
export function arange(...args: (IntLike | CreationOptions | undefined)[]): Tensor {
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  const last = args[args.length - 1];
  const options = isOptions(last) ? last : undefined;
  const bounds = (options === undefined ? args : args.slice(0, -1)) as IntLike[];
  if (bounds.length < 1 || bounds.length > 3) throw new ArgumentError('aten::arange', 'arguments', bounds.length, '1 to 3 numbers (end; start, end; start, end, step)');
  const op = 'aten::arange';
  const qualified = bounds.length === 1 ? op : bounds.length === 2 ? 'aten::arange.start' : 'aten::arange.start_step';
  const names = bounds.length === 1 ? ['end'] : bounds.length === 2 ? ['start', 'end'] : ['start', 'end', 'step'];
  const values = names.map((n, i) => scalarArg(op, n, bounds[i]));
  const [start, end, step] = bounds.length === 1 ? [0, values[0]!, 1] : [values[0]!, values[1]!, values[2] ?? 1];
  if (step === 0) throw new ArgumentError(op, 'step', step, 'nonzero');
  if (!Number.isFinite(start) || !Number.isFinite(end) || !Number.isFinite(step)) throw new ArgumentError(op, 'start/end/step', [start, end, step], 'finite numbers');
  if ((end - start) * step < 0) throw new ArgumentError(op, 'end', end, `on the side of start (${start}) that step (${step}) goes to: upper bound and larger bound inconsistent with step sign`);
  const n = Math.ceil((end - start) / step);
  if (!Number.isSafeInteger(n)) throw new ArgumentError(op, 'end', end, 'within 2^53 steps of start');
  const dtype = dtypeOf(op, options, bounds.every(isPyInt) ? 'int64' : 'float32');
  const args_: Record<string, unknown> = { dtype: options?.dtype ?? null };
  names.forEach((name, i) => (args_[name] = bounds[i]));
  return record(schema(qualified), args_, [n], dtype);
}

/**
 * `torch.full(size, fill_value, dtype=...)`: the dtype is `dtype`, else bool
 * for a boolean, int64 for an integer-valued number, float32 otherwise.
 */
export function full(shape: readonly IntLike[], fillValue: number | boolean | TracedInt, options?: CreationOptions): Tensor {
  const kind = 'aten::full';
  if (typeof fillValue !== 'boolean') scalarArg(kind, 'fill_value', fillValue);
  const inferred: DType = typeof fillValue === 'boolean' ? 'bool' : isPyInt(fillValue) ? 'int64' : 'float32';
  const dtype = dtypeOf(kind, options, inferred);
  return record(schema(kind), { size: shape, fill_value: fillValue, dtype: options?.dtype ?? null }, sizesOf(kind, shape), dtype);
}

/** `torch.full_like(x, fill_value, dtype=...)`: `x`'s shape, and its dtype unless `dtype` is given. */
export function fullLike(x: Tensor, fillValue: number | boolean | TracedInt, options?: CreationOptions): Tensor {
  const kind = 'aten::full_like';
  checkTensor(kind, x);
  if (typeof fillValue !== 'boolean') scalarArg(kind, 'fill_value', fillValue);
  return record(schema(kind), { self: x, fill_value: fillValue, dtype: options?.dtype ?? null }, x.shape, dtypeOf(kind, options, x.dtype));
}

/** `torch.linspace(start, end, steps, dtype=...)`: `steps` values (float32 unless `dtype` is given). */
export function linspace(start: number | TracedInt, end: number | TracedInt, steps: IntLike, options?: CreationOptions): Tensor {
  const kind = 'aten::linspace';
  scalarArg(kind, 'start', start);
  scalarArg(kind, 'end', end);
  const n = intArg(kind, 'steps', steps);
  if (n < 0) throw new ArgumentError(kind, 'steps', n, 'non-negative (number of steps must be non-negative)');
  return record(schema(kind), { start, end, steps, dtype: options?.dtype ?? null }, [n], dtypeOf(kind, options, 'float32'));
}

/** The lower (tril) or upper (triu) triangle of the last two dimensions, from `diagonal` on. */
function triangle(kind: string, x: Tensor, diagonal: IntLike): Tensor {
  checkTensor(kind, x);
  intArg(kind, 'diagonal', diagonal);
  if (x.rank < 2) throw new ShapeError(kind, `expected a tensor of at least 2 dimensions, got ${x.rank}-D`, { input: x.shape });
  return record(schema(kind), { self: x, diagonal }, x.shape, x.dtype);
}

/** `torch.tril(x, diagonal=0)`: zeros above the `diagonal`-th diagonal of the last two dimensions. */
export const tril = (x: Tensor, diagonal: IntLike = 0): Tensor => triangle('aten::tril', x, diagonal);
/** `torch.triu(x, diagonal=0)`: zeros below the `diagonal`-th diagonal of the last two dimensions. */
export const triu = (x: Tensor, diagonal: IntLike = 0): Tensor => triangle('aten::triu', x, diagonal);
