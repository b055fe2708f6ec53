// A tensor that carries a shape and a dtype and never any data: a 400B-parameter
// model or a 4K image costs what its shape list costs. A size read from a
// tensor while tracing is a TracedInt, as the reference's JIT sees it.

import { emit } from './dispatch.js';
import type { DType } from './dtype.js';
import { ShapeError } from './errors.js';
import { opSchema, type OpSchema } from './op_schema.js';
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

  constructor(shape: Shape, dtype: DType = 'float32') {
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
    if (!Number.isInteger(dim) || d < 0 || d >= this.shape.length) {
      throw new ShapeError('aten::size', `dimension ${dim} out of range for rank ${this.shape.length}`, { input: this.shape });
    }
    return sizeOf(this, d);
  }
}

/** A learnable tensor: counted by parameter_count, registered by Module. */
export class Parameter extends Tensor {}

const SCALAR: Shape = [];
const SIZE = opSchema('aten::size');

function sizeOf(x: Tensor, dim: number): TracedInt {
  const v = new TracedInt(x.shape[dim]!);
  emit(SIZE, { self: x, dim }, [v]);
  return v;
}

/** A Python number, or a traced one. */
export type IntLike = number | TracedInt;

/** The number behind a size argument. */
export function intValue(v: IntLike): number {
  return typeof v === 'number' ? v : v.value;
}

const MUL = opSchema('aten::mul');
const ADD = opSchema('aten::add');
const SUB = opSchema('aten::sub');
const RSUB = opSchema('aten::rsub');
const FLOOR_DIVIDE = opSchema('aten::floor_divide');
const REMAINDER = opSchema('aten::remainder');
const DIV = opSchema('aten::div');
const DIV_MODE = opSchema('aten::div.Tensor_mode');
const RECIPROCAL = opSchema('aten::reciprocal');
const POW = opSchema('aten::pow');

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

  private op(schema: OpSchema, other: IntLike, value: number, extra?: Readonly<Record<string, unknown>>): TracedInt {
    const dtype = Number.isInteger(value) && this.dtype === 'int64' && (typeof other === 'number' ? Number.isInteger(other) : other.dtype === 'int64') ? 'int64' : 'float32';
    const r = new TracedInt(value, dtype);
    emit(schema, schema === POW ? { self: this, exponent: other, ...extra } : { self: this, other, ...extra }, [r]);
    return r;
  }

  /** `self * other` (also `n * self`, which Python turns into this). */
  mul(other: IntLike): TracedInt {
    return this.op(MUL, other, this.value * intValue(other));
  }

  /** `self + other` (also `n + self`). */
  add(other: IntLike): TracedInt {
    return this.op(ADD, other, this.value + intValue(other));
  }

  /** `self - other`. */
  sub(other: IntLike): TracedInt {
    return this.op(SUB, other, this.value - intValue(other));
  }

  /** `n - self`: Tensor.__rsub__. */
  rsub(n: number): TracedInt {
    return this.op(RSUB, n, n - this.value);
  }

  /** `self // other`: aten::floor_divide in PyTorch 1.13. */
  floordiv(other: IntLike): TracedInt {
    const d = intValue(other);
    checkDivisor('aten::floor_divide', d);
    return this.op(FLOOR_DIVIDE, other, Math.floor(this.value / d));
  }

  /** `self % other`, with Python's sign (that of the divisor). */
  mod(other: IntLike): TracedInt {
    const d = intValue(other);
    checkDivisor('aten::remainder', d);
    return this.op(REMAINDER, other, ((this.value % d) + d) % d);
  }

  /** `self / other`: true division, a float. */
  div(other: IntLike): TracedInt {
    const d = intValue(other);
    checkDivisor('aten::div', d);
    const r = new TracedInt(this.value / d, 'float32');
    emit(DIV, { self: this, other }, [r]);
    return r;
  }

  /** `self.div(other, rounding_mode='trunc')`. */
  divTrunc(other: IntLike): TracedInt {
    const d = intValue(other);
    checkDivisor('aten::div', d);
    return this.op(DIV_MODE, other, Math.trunc(this.value / d), { rounding_mode: 'trunc' });
  }

  /** `n / self`: Tensor.__rtruediv__, which traces as reciprocal then mul. */
  rdiv(n: number): TracedInt {
    checkDivisor('aten::reciprocal', this.value);
    const inv = new TracedInt(1 / this.value, 'float32');
    emit(RECIPROCAL, { self: this }, [inv]);
    return inv.mul(n);
  }

  /** `self ** exponent`. */
  pow(exponent: number): TracedInt {
    return this.op(POW, exponent, this.value ** exponent);
  }
}

function checkDivisor(op: string, d: number): void {
  if (d === 0) throw new ShapeError(op, 'division by zero', {});
}
