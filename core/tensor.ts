// A tensor that carries a shape and a dtype and never any data: a 400B-parameter
// model or a 4K image costs what its shape list costs. A size read from a
// tensor while tracing is a TracedInt, as the reference's JIT sees it.

import { emit } from './dispatch.js';
import { isDType, type DType } from './dtype.js';
import { ArgumentError, formatValue, ShapeError } from './errors.js';
import { opSchema } from './op_schema.js';
import { numel, type Shape } from './shape.js';

export class Tensor {
  readonly shape: Shape;
  readonly dtype: DType;
  /**
   * Dataflow, for the recorder that is tracing: which recording last made
   * this tensor (or wrote it in place) and that op's index in it. Kept on the
   * tensor, not in a map, because a trace may make hundreds of thousands.
   * @internal
   */
  producedBy: object | null = null;
  /** @internal */
  producerIndex = -1;

  /**
   * `shape`: sizes that are non-negative integers below 2^53 (0 and `[]` as
   * in PyTorch); anything else is an ArgumentError naming the class.
   */
  constructor(shape: Shape, dtype: DType = 'float32') {
    if (!validShape(shape)) throw shapeError(new.target.name, shape);
    if (dtype !== 'float32' && !isDType(dtype)) throw new ArgumentError(new.target.name, 'dtype', dtype, 'a dtype name (float32, float16, bfloat16, float64, int64, int32, bool)');
    this.shape = shape;
    this.dtype = dtype;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** Exact element count (a plain number, not traced: use `F.numel` for the traced op). */
  numel(): bigint {
    return numel(this.shape);
  }

  /**
   * PyTorch's `x.size(dim)` (negative indices allowed), or every size with no
   * argument. Each is a TracedInt: the trace records `aten::size`, kept only
   * where the size feeds an op. `x.shape[dim]` is the plain number.
   */
  size(): TracedInt[];
  size(dim: number): TracedInt;
  size(dim?: number): TracedInt | TracedInt[] {
    if (dim === undefined) return this.shape.map((_, i) => sizeOf(this, i));
    const d = dim < 0 ? dim + this.shape.length : dim;
    if (typeof dim !== 'number' || !Number.isInteger(dim) || d < 0 || d >= this.shape.length) {
      const r = this.shape.length;
      throw new ShapeError('aten::size', `dimension ${formatValue(dim)} is out of range for a ${r}-D tensor${r > 0 ? ` (expected ${-r} to ${r - 1})` : ''}`, { input: this.shape });
    }
    return sizeOf(this, d);
  }
}

function validShape(shape: unknown): shape is Shape {
  if (!Array.isArray(shape)) return false;
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    // A size below 2^32 passes the first test (a string, a fraction, a
    // negative number or NaN never equals its uint32 conversion); larger ones
    // must still be safe integers.
    if ((d as number) >>> 0 !== d && !(typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) return false;
  }
  return true;
}

function shapeError(where: string, shape: unknown): ArgumentError {
  if (!Array.isArray(shape)) return new ArgumentError(where, 'shape', shape, 'a list of non-negative integers');
  const bad = shape.find((d: unknown) => !(typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) as unknown;
  const why =
    typeof bad === 'number' && Number.isInteger(bad) && bad > 0
      ? `a list of non-negative integers of at most 2^53-1 (size ${formatValue(bad)} is too large)`
      : `a list of non-negative integers (size ${formatValue(bad)} is not)`;
  return new ArgumentError(where, 'shape', shape, why);
}

/** A learnable tensor: counted by parameter_count, registered by Module. */
export class Parameter extends Tensor {}

const SCALAR: Shape = [];

function sizeOf(x: Tensor, dim: number): TracedInt {
  const v = new TracedInt(x.shape[dim]!);
  emit(opSchema('aten::size'), { self: x, dim }, [v]);
  return v;
}

/** A Python number, or a traced one. */
export type IntLike = number | TracedInt;

/** The number behind a size argument. */
export function intValue(v: IntLike): number {
  return typeof v === 'number' ? v : v.value;
}

// Schemas are looked up where used, not at load: a model that never does
// arithmetic on sizes (ResNet) parses none of them.

/**
 * A number the model computed from traced sizes. Under the reference's JIT
 * tracer such a number is a 0-dim tensor, so it is one here (shape `[]`), and
 * arithmetic on it records the ops the JIT records (`aten::mul`,
 * `aten::floor_divide`, ...). Whether those ops survive is the trace's
 * dead-code rule: an op is kept when its result reaches the output. `value`
 * is the number itself (a float after true division, as in Python).
 * Symbolic sizes later widen `value`; the op recording stays as it is.
 */
export class TracedInt extends Tensor {
  readonly value: number;

  constructor(value: number, dtype: DType = 'int64') {
    super(SCALAR, dtype);
    this.value = value;
  }

  private op(qualifiedName: string, other: IntLike, value: number, extra?: Readonly<Record<string, unknown>>): TracedInt {
    const otherInt = typeof other === 'number' ? Number.isInteger(other) : other.dtype === 'int64' && Number.isInteger(other.value);
    const dtype = Number.isInteger(value) && this.dtype === 'int64' && otherInt ? 'int64' : 'float32';
    // An int64 result is exact in PyTorch: here, a result past 2^53 - 1 (where a
    // double would round) is a typed error with the exact value, never a
    // rounded size. Operands that are integers keep the result an integer
    // even when it overflows to a non-integer double (Infinity).
    const integral = qualifiedName !== 'aten::pow' || intValue(other) >= 0;
    if (integral && this.dtype === 'int64' && otherInt && Number.isInteger(this.value) && !Number.isSafeInteger(value)) {
      throw new ShapeError(qualifiedName, `traced integer ${exactText(qualifiedName, this.value, intValue(other))} is too large (sizes must be at most 2^53-1)`, {});
    }
    const r = new TracedInt(value, dtype);
    const schema = opSchema(qualifiedName);
    emit(schema, qualifiedName === 'aten::pow' ? { self: this, exponent: other, ...extra } : { self: this, other, ...extra }, [r]);
    return r;
  }

  /** `self * other` (also `n * self`, which Python turns into this). */
  mul(other: IntLike): TracedInt {
    return this.op('aten::mul', other, this.value * operand('aten::mul', other));
  }

  /** `self + other` (also `n + self`). */
  add(other: IntLike): TracedInt {
    return this.op('aten::add', other, this.value + operand('aten::add', other));
  }

  /** `self - other`. */
  sub(other: IntLike): TracedInt {
    return this.op('aten::sub', other, this.value - operand('aten::sub', other));
  }

  /** `n - self`: Tensor.__rsub__. */
  rsub(n: number): TracedInt {
    return this.op('aten::rsub', n, operand('aten::rsub', n) - this.value);
  }

  /** `self // other`: aten::floor_divide in PyTorch 1.13. */
  floordiv(other: IntLike): TracedInt {
    const d = operand('aten::floor_divide', other);
    checkDivisor('aten::floor_divide', d);
    return this.op('aten::floor_divide', other, Math.floor(this.value / d));
  }

  /** `self % other`, with Python's sign (that of the divisor). */
  mod(other: IntLike): TracedInt {
    const d = operand('aten::remainder', other);
    checkDivisor('aten::remainder', d);
    return this.op('aten::remainder', other, ((this.value % d) + d) % d);
  }

  /** `self / other`: true division, a float. */
  div(other: IntLike): TracedInt {
    const d = operand('aten::div', other);
    checkDivisor('aten::div', d);
    const r = new TracedInt(this.value / d, 'float32');
    emit(opSchema('aten::div'), { self: this, other }, [r]);
    return r;
  }

  /** `self.div(other, rounding_mode='trunc')`. */
  divTrunc(other: IntLike): TracedInt {
    const d = operand('aten::div', other);
    checkDivisor('aten::div', d);
    return this.op('aten::div.Tensor_mode', other, Math.trunc(this.value / d), { rounding_mode: 'trunc' });
  }

  /** `n / self`: Tensor.__rtruediv__, which traces as reciprocal then mul. */
  rdiv(n: number): TracedInt {
    operand('aten::mul', n);
    checkDivisor('aten::reciprocal', this.value);
    const inv = new TracedInt(1 / this.value, 'float32');
    emit(opSchema('aten::reciprocal'), { self: this }, [inv]);
    return inv.mul(n);
  }

  /** `self ** exponent`. */
  pow(exponent: number): TracedInt {
    return this.op('aten::pow', exponent, this.value ** operand('aten::pow', exponent));
  }
}

/** The number behind the other operand of traced arithmetic: a number or a traced one, else an ArgumentError. */
function operand(op: string, v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof TracedInt) return v.value;
  throw new ArgumentError(op, 'other', v, 'a number or a traced integer');
}

/** The exact result of an int64 op on integers, for the message of a result past 2^53 - 1. */
function exactText(op: string, a: number, b: number): string {
  const x = BigInt(a);
  const y = BigInt(b);
  switch (op) {
    case 'aten::mul':
      return `${formatValue(a)} * ${formatValue(b)} = ${x * y}`;
    case 'aten::add':
      return `${formatValue(a)} + ${formatValue(b)} = ${x + y}`;
    case 'aten::sub':
      return `${formatValue(a)} - ${formatValue(b)} = ${x - y}`;
    case 'aten::rsub':
      return `${formatValue(b)} - ${formatValue(a)} = ${y - x}`;
    case 'aten::pow':
      return y >= 0n && y <= 64n ? `${formatValue(a)} ** ${formatValue(b)} = ${x ** y}` : `${formatValue(a)} ** ${formatValue(b)}`;
    default:
      return `${op}(${formatValue(a)}, ${formatValue(b)})`;
  }
}

function checkDivisor(op: string, d: number): void {
  if (d === 0) throw new ShapeError(op, 'division by zero', {});
}

/** Throws unless `v` is a tensor: an op's tensor argument checked once, so a wrong value never surfaces as a TypeError. */
export function checkTensor(op: string, argument: string, v: unknown): asserts v is Tensor {
  if (!(v instanceof Tensor)) throw new ArgumentError(op, argument, v, 'a Tensor');
}

/**
 * An integer argument of an op (a Python int or a traced one), as a number:
 * anything else (a fraction, NaN, a string, a size past 2^53 - 1) is an
 * ArgumentError naming the op and the argument. `shown` is what the message
 * prints (the whole list the value came from).
 */
export function intArg(op: string, argument: string, v: unknown, shown: unknown = v): number {
  const n = typeof v === 'number' ? v : v instanceof TracedInt ? v.value : NaN;
  if (Number.isSafeInteger(n)) return n;
  const display = Array.isArray(shown) ? shown.map((e: unknown) => (e instanceof TracedInt ? e.value : e)) : shown instanceof TracedInt ? shown.value : shown;
  const what = Array.isArray(shown) ? 'a list of integers' : 'an integer';
  throw new ArgumentError(op, argument, display, Number.isInteger(n) ? `${what} of magnitude at most 2^53-1` : what);
}

/** A list of integer arguments (`[b, -1]`, traced sizes allowed) as numbers; see intArg. */
export function intListArg(op: string, argument: string, v: unknown): number[] {
  if (!Array.isArray(v)) throw new ArgumentError(op, argument, v instanceof TracedInt ? v.value : v, 'a list of integers');
  const out = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = intArg(op, argument, v[i], v);
  return out;
}
