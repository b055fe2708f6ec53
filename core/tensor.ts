// A tensor that carries a shape and a dtype and never any data: a 400B-parameter
// model or a 4K image costs what its shape list costs. A size read from a
// tensor while tracing is a TracedInt, as the reference's JIT sees it.

import { emit } from './dispatch.js';
import type { DType } from './dtype.js';
import { ShapeError } from './errors.js';
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
    const dtype = Number.isInteger(value) && this.dtype === 'int64' && (typeof other === 'number' ? Number.isInteger(other) : other.dtype === 'int64') ? 'int64' : 'float32';
    const r = new TracedInt(value, dtype);
    const schema = opSchema(qualifiedName);
    emit(schema, qualifiedName === 'aten::pow' ? { self: this, exponent: other, ...extra } : { self: this, other, ...extra }, [r]);
    return r;
  }

  /** `self * other` (also `n * self`, which Python turns into this). */
  mul(other: IntLike): TracedInt {
    return this.op('aten::mul', other, this.value * intValue(other));
  }

  /** `self + other` (also `n + self`). */
  add(other: IntLike): TracedInt {
    return this.op('aten::add', other, this.value + intValue(other));
  }

  /** `self - other`. */
  sub(other: IntLike): TracedInt {
    return this.op('aten::sub', other, this.value - intValue(other));
  }

  /** `n - self`: Tensor.__rsub__. */
  rsub(n: number): TracedInt {
    return this.op('aten::rsub', n, n - this.value);
  }

  /** `self // other`: aten::floor_divide in PyTorch 1.13. */
  floordiv(other: IntLike): TracedInt {
    const d = intValue(other);
    checkDivisor('aten::floor_divide', d);
    return this.op('aten::floor_divide', other, Math.floor(this.value / d));
  }

  /** `self % other`, with Python's sign (that of the divisor). */
  mod(other: IntLike): TracedInt {
    const d = intValue(other);
    checkDivisor('aten::remainder', d);
    return this.op('aten::remainder', other, ((this.value % d) + d) % d);
  }

  /** `self / other`: true division, a float. */
  div(other: IntLike): TracedInt {
    const d = intValue(other);
    checkDivisor('aten::div', d);
    const r = new TracedInt(this.value / d, 'float32');
    emit(opSchema('aten::div'), { self: this, other }, [r]);
    return r;
  }

  /** `self.div(other, rounding_mode='trunc')`. */
  divTrunc(other: IntLike): TracedInt {
    const d = intValue(other);
    checkDivisor('aten::div', d);
    return this.op('aten::div.Tensor_mode', other, Math.trunc(this.value / d), { rounding_mode: 'trunc' });
  }

  /** `n / self`: Tensor.__rtruediv__, which traces as reciprocal then mul. */
  rdiv(n: number): TracedInt {
    checkDivisor('aten::reciprocal', this.value);
    const inv = new TracedInt(1 / this.value, 'float32');
    emit(opSchema('aten::reciprocal'), { self: this }, [inv]);
    return inv.mul(n);
  }

  /** `self ** exponent`. */
  pow(exponent: number): TracedInt {
    return this.op('aten::pow', exponent, this.value ** exponent);
  }
}

function checkDivisor(op: string, d: number): void {
  if (d === 0) throw new ShapeError(op, 'division by zero', {});
}
