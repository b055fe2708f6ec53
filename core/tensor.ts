// A tensor that carries a shape and a dtype and never any data: a 400B-parameter
// model or a 4K image costs what its shape list costs. A size read from a
// tensor while tracing is a TracedInt, as the reference's JIT sees it.

import { emit } from './dispatch.js';
import { isDType, type DType } from './dtype.js';
import { ArgumentError, formatValue, ShapeError } from './errors.js';
import { opSchema } from './op_schema.js';
import { isSize, numel, type Shape } from './shape.js';

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
   * The tensors sharing memory with this one (through views, in the
   * recording `aliases.recording`), and the in-place writes to any of them:
   * a later read of one depends on those writes.
   * @internal
   */
  aliases: AliasGroup | null = null;

  /**
   * `shape`: sizes that are non-negative integers below 2^53 (0 and `[]` as
   * in PyTorch); anything else is an ArgumentError naming the class.
   */
  constructor(shape: Shape, dtype: DType = 'float32') {
    if (!validShape(shape)) throw new ArgumentError(new.target.name, 'shape', shape, 'a list of integers in [0, 2^53)');
    checkDType(new.target.name, dtype);
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
      throw new ShapeError('aten::size', `dimension ${formatValue(dim)} out of range [${-this.rank}, ${this.rank - 1}]`, { input: this.shape });
    }
    return sizeOf(this, d);
  }

  /** `x.dim()`: the number of dimensions, a Python int (the JIT records nothing). */
  dim(): number {
    return this.shape.length;
  }
}

/**
 * Tensors of one recording that share memory, and the ops that wrote any of
 * them in place. `external`: one of them was not made by the recording (a
 * parameter, buffer or input), so a write is a change of state.
 * @internal
 */
export interface AliasGroup {
  readonly recording: object;
  readonly writes: number[];
  external: boolean;
}

/** Sizes as PyTorch's methods take them: spread (`x.view(b, -1)`) or one list (`x.view([b, -1])`). */
export type SizeArgs = IntLike[] | [readonly IntLike[]];

/** What `x.max(dim)` / `x.min(dim)` return: PyTorch's `(values, indices)` named tuple, as a pair with the two names. */
export type ValuesIndices = [Tensor, Tensor] & { readonly values: Tensor; readonly indices: Tensor };

/**
 * PyTorch's Tensor methods, so that a forward reads like its Python. They are
 * declared here and installed on `Tensor.prototype` by
 * `nn/functional/methods.ts` when nn loads (core never imports nn): each calls
 * its `F` form and so records exactly what that records. `TracedInt`
 * overrides the arithmetic (`add`, `mul`, `div`, `pow`, ...) with its own,
 * which keeps the value.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Tensor {
  view(...shape: SizeArgs): Tensor;
  reshape(...shape: SizeArgs): Tensor;
  permute(...dims: number[] | [readonly number[]]): Tensor;
  transpose(dim0: number, dim1: number): Tensor;
  contiguous(): Tensor;
  flatten(startDim?: number, endDim?: number): Tensor;
  unsqueeze(dim: number): Tensor;
  squeeze(dim?: number): Tensor;
  expand(...sizes: SizeArgs): Tensor;
  repeat(...repeats: SizeArgs): Tensor;
  chunk(chunks: number, dim?: number): Tensor[];
  split(size: IntLike | readonly IntLike[], dim?: number): Tensor[];
  matmul(other: Tensor): Tensor;
  bmm(mat2: Tensor): Tensor;
  add(other: Tensor | number): Tensor;
  sub(other: Tensor | number): Tensor;
  mul(other: Tensor | number): Tensor;
  div(other: Tensor | number): Tensor;
  pow(exponent: Tensor | number): Tensor;
  sqrt(): Tensor;
  rsqrt(): Tensor;
  exp(): Tensor;
  log(): Tensor;
  sin(): Tensor;
  cos(): Tensor;
  abs(): Tensor;
  neg(): Tensor;
  sum(dim?: number | readonly number[], keepdim?: boolean): Tensor;
  mean(dim?: number | readonly number[], keepdim?: boolean): Tensor;
  max(): Tensor;
  max(dim: number, keepdim?: boolean): ValuesIndices;
  max(other: Tensor): Tensor;
  min(): Tensor;
  min(dim: number, keepdim?: boolean): ValuesIndices;
  min(other: Tensor): Tensor;
  amax(dim?: number | readonly number[], keepdim?: boolean): Tensor;
  softmax(dim: number): Tensor;
  maskedFill(mask: Tensor, value: number): Tensor;
  float(): Tensor;
  to(dtype: DType): Tensor;
  // The layer_zoo_transformer port: masks.
  triu(diagonal?: IntLike): Tensor;
  tril(diagonal?: IntLike): Tensor;
  eq(other: Tensor | number): Tensor;
  ne(other: Tensor | number): Tensor;
  logicalOr(other: Tensor): Tensor;
}

function validShape(shape: unknown): shape is Shape {
  if (!Array.isArray(shape)) return false;
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    // A size below 2^32 passes the first test (a string, a fraction, a
    // negative number or NaN never equals its uint32 conversion).
    if ((d as number) >>> 0 !== d && !isSize(d)) return false;
  }
  return true;
}

/** Throws unless `dtype` names a dtype. */
export function checkDType(where: string, dtype: unknown): void {
  if (dtype !== 'float32' && !isDType(dtype)) throw new ArgumentError(where, 'dtype', dtype, 'a dtype name');
}

/**
 * A learnable tensor: counted by parameter_count, registered by Module.
 * `requiresGrad` is PyTorch's `requires_grad` (true by default, as
 * `nn.Parameter(data, requires_grad=True)`): parameters with it false are
 * frozen, counted in the totals as PyTorch counts them and split out by
 * `analyze` (`paramsFrozen`) and `parameterCountSplit`.
 */
export class Parameter extends Tensor {
  requiresGrad: boolean;

  constructor(shape: Shape, dtype: DType = 'float32', requiresGrad = true) {
    super(shape, dtype);
    if (typeof requiresGrad !== 'boolean') throw new ArgumentError(new.target.name, 'requiresGrad', requiresGrad, 'a boolean');
    this.requiresGrad = requiresGrad;
  }
}

/** `new Buffer(shape, dtype, { persistent })`'s options. */
export interface BufferOptions {
  /** Whether the buffer is part of the module's `stateDict()` (PyTorch's `persistent`, true by default). */
  readonly persistent?: boolean;
}

/**
 * A tensor that registers as a buffer when assigned to a module's field, as
 * PyTorch 2.5's `nn.Buffer` does: `runningMean = new nn.Buffer([n])` is
 * `self.register_buffer('running_mean', torch.zeros(n))`, typed as the field.
 * Buffers are state, never parameters: not counted. A buffer that is not
 * `persistent` is left out of `stateDict()`, as `register_buffer(...,
 * persistent=False)` leaves it out of `state_dict()`.
 */
export class Buffer extends Tensor {
  readonly persistent: boolean;

  constructor(shape: Shape, dtypeOrOptions?: DType | BufferOptions, options?: BufferOptions) {
    const dtype = typeof dtypeOrOptions === 'string' || dtypeOrOptions === undefined ? dtypeOrOptions : undefined;
    super(shape, dtype);
    const opts: unknown = typeof dtypeOrOptions === 'object' && dtypeOrOptions !== null ? dtypeOrOptions : options;
    const persistent: unknown = typeof opts === 'object' && opts !== null ? (opts as BufferOptions).persistent ?? true : opts === undefined ? true : opts;
    if (typeof persistent !== 'boolean') throw new ArgumentError(new.target.name, 'persistent', persistent, 'a boolean');
    this.persistent = persistent;
  }
}

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

  /**
   * Records `qualifiedName` on this and `other`, whose result is `f` of their
   * values. Integer operands give an int64 result, exact as in PyTorch: one
   * past 2^53 - 1, where a double rounds, is a typed error (a negative power is
   * a float). An integer op dividing by 0 is an error.
   */
  private op(qualifiedName: string, other: IntLike, f: (a: number, b: number) => number, extra?: Readonly<Record<string, unknown>>): TracedInt {
    const b = operand(qualifiedName, other);
    const value = f(this.value, b);
    if (b === 0 && !Number.isFinite(f(1, 0))) throw new ShapeError(qualifiedName, 'division by zero', {});
    const ints = this.dtype === 'int64' && Number.isInteger(this.value) && Number.isInteger(b) && (typeof other === 'number' || other.dtype === 'int64');
    if (ints && !Number.isSafeInteger(value) && (qualifiedName !== 'aten::pow' || b >= 0)) {
      throw new ShapeError(qualifiedName, `result of ${this.value} and ${formatValue(b)} is past 2^53-1`, {});
    }
    const r = new TracedInt(value, ints && Number.isInteger(value) ? 'int64' : 'float32');
    emit(opSchema(qualifiedName), qualifiedName === 'aten::pow' ? { self: this, exponent: other } : { self: this, other, ...extra }, [r]);
    return r;
  }

  /** `self * other` (also `n * self`, which Python turns into this). */
  override mul(other: IntLike): TracedInt {
    return this.op('aten::mul', other, (a, b) => a * b);
  }

  /** `self + other` (also `n + self`). */
  override add(other: IntLike): TracedInt {
    return this.op('aten::add', other, (a, b) => a + b);
  }

  /** `self - other`. */
  override sub(other: IntLike): TracedInt {
    return this.op('aten::sub', other, (a, b) => a - b);
  }

  /** `n - self`: Tensor.__rsub__. */
  rsub(n: number): TracedInt {
    return this.op('aten::rsub', n, (a, b) => b - a);
  }

  /** `self // other`: aten::floor_divide in PyTorch 1.13. */
  floordiv(other: IntLike): TracedInt {
    return this.op('aten::floor_divide', other, (a, b) => Math.floor(a / b));
  }

  /** `self % other`, with Python's sign (that of the divisor). */
  mod(other: IntLike): TracedInt {
    return this.op('aten::remainder', other, (a, b) => ((a % b) + b) % b);
  }

  /** `self / other`: true division, a float. */
  override div(other: IntLike): TracedInt {
    const d = operand('aten::div', other);
    checkDivisor('aten::div', d);
    const r = new TracedInt(this.value / d, 'float32');
    emit(opSchema('aten::div'), { self: this, other }, [r]);
    return r;
  }

  /** `self.div(other, rounding_mode='trunc')`. */
  divTrunc(other: IntLike): TracedInt {
    return this.op('aten::div.Tensor_mode', other, (a, b) => Math.trunc(a / b), { rounding_mode: 'trunc' });
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
  override pow(exponent: number): TracedInt {
    return this.op('aten::pow', exponent, (a, b) => a ** b);
  }
}

/** The number behind the other operand of traced arithmetic: a number or a traced one, else an ArgumentError. */
function operand(op: string, v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof TracedInt) return v.value;
  throw new ArgumentError(op, 'other', v, 'a number or a traced integer');
}

function checkDivisor(op: string, d: number): void {
  if (d === 0) throw new ShapeError(op, 'division by zero', {});
}

/** Throws unless `v` is a tensor: an op's tensor argument checked once, so a wrong value never surfaces as a TypeError. */
export function checkTensor(op: string, v: unknown, argument = 'self'): asserts v is Tensor {
  if (!(v instanceof Tensor)) throw new ArgumentError(op, argument, v, 'a Tensor');
}

/** What a message shows of an argument: traced integers by their value. */
const shown = (v: unknown): unknown => (Array.isArray(v) ? v.map(shown) : v instanceof TracedInt ? v.value : v);

/**
 * An integer argument of an op (a Python int or a traced one) as a number;
 * anything else (a fraction, NaN, a string, past 2^53 - 1) is an
 * ArgumentError naming the op and the argument, showing `whole` (its list).
 */
export function intArg(op: string, argument: string, v: unknown, whole: unknown = v): number {
  const n = v instanceof TracedInt ? v.value : v;
  if (Number.isSafeInteger(n)) return n as number;
  throw new ArgumentError(op, argument, shown(whole), `${Array.isArray(whole) ? 'a list of integers' : 'an integer'} of magnitude below 2^53`);
}

/** A list of integer arguments (`[b, -1]`, traced sizes allowed) as numbers; see intArg. */
export function intListArg(op: string, argument: string, v: unknown): number[] {
  if (!Array.isArray(v)) throw new ArgumentError(op, argument, shown(v), 'a list of integers');
  return v.map((e: unknown) => intArg(op, argument, e, v));
}
