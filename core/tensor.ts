// A tensor that carries a shape and a dtype and never any data: a 400B-parameter
// model or a 4K image costs what its shape list costs. A size read from a
// tensor while tracing is a TracedInt, as the reference's JIT sees it.

import { emitOne } from './dispatch.js';
import { isDType, type DType } from './dtype.js';
import { ArgumentError, formatValue, ShapeError, SymbolicError, typeNameOf } from './errors.js';
import { ARITHMETIC_OPS, schemaIn } from './op_schema.js';
import { isSize, numel, type Dim, type Shape } from './shape.js';
import { isExpr, sizeAdd, sizeDiv, sizeFloorDiv, sizeMod, sizeMul, sizeSub, type SymSize } from './sizes.js';

/**
 * PyTorch's `torch.Tensor`, shape-only: a `shape` and a `dtype`, no data.
 * Ops on it (its methods, `F.*`, modules) record into the trace that is
 * running and return new tensors of the output shape.
 */
export class Tensor {
  static readonly typeName: string = 'Tensor';
  /** The sizes, PyTorch's `x.shape` as plain numbers (not traced). */
  readonly shape: Shape;
  /** The element type (`'float32'` unless given). */
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
    if (!validShape(shape)) throw new ArgumentError(typeNameOf(new.target), 'shape', shape, 'a list of integers in [0, 2^53)');
    // (The class is named only for an error: naming it costs, and tensors are made per op.)
    if (dtype !== 'float32' && !isDType(dtype)) checkDType(typeNameOf(new.target), dtype);
    this.shape = shape;
    this.dtype = dtype;
  }

  /** The number of dimensions, `len(x.shape)` (same as `dim()`). */
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
 * `N` tensors as a tuple when `N` is a literal (up to 16), so that
 * `const [q, k, v] = x.chunk(3, -1)` gives three Tensors under
 * `noUncheckedIndexedAccess`; a list of tensors otherwise.
 */
export type TensorTuple<N extends number, Acc extends Tensor[] = []> = number extends N
  ? Tensor[]
  : Acc['length'] extends N
    ? Acc
    : Acc['length'] extends 16
      ? Tensor[]
      : TensorTuple<N, [...Acc, Tensor]>;

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
  /** `Tensor.view(*shape)`: the same elements in `shape` (one -1 inferred; traced sizes allowed, spread or one list). Records aten::view. */
  view(...shape: SizeArgs): Tensor;
  /** `Tensor.reshape(*shape)`: as `view`, for any layout (one -1 inferred). Records aten::reshape. */
  reshape(...shape: SizeArgs): Tensor;
  /** `Tensor.permute(*dims)`: the dimensions reordered (dims spread or one list). Records aten::permute. */
  permute(...dims: number[] | [readonly number[]]): Tensor;
  /** `Tensor.transpose(dim0, dim1)`: the two dimensions swapped. Records aten::transpose. */
  transpose(dim0: number, dim1: number): Tensor;
  /** `Tensor.contiguous()`: same shape and dtype, a new value in the trace. Records aten::contiguous. */
  contiguous(): Tensor;
  /** `Tensor.flatten(start_dim=0, end_dim=-1)`: dimensions `startDim..endDim` merged into one. Records aten::flatten. */
  flatten(startDim?: number, endDim?: number): Tensor;
  /** `Tensor.unsqueeze(dim)`: a size-1 dimension inserted at `dim` (in `[-rank-1, rank]`). Records aten::unsqueeze. */
  unsqueeze(dim: number): Tensor;
  /** `Tensor.squeeze(dim=None)`: every size-1 dimension removed (aten::squeeze), or `dim` if its size is 1 (aten::squeeze.dim). */
  squeeze(dim?: number): Tensor;
  /** `Tensor.expand(*sizes)`: a broadcast view; -1 keeps a size, size-1 dimensions take any size, new leading dimensions may be added. Records aten::expand. */
  expand(...sizes: SizeArgs): Tensor;
  /** `Tensor.repeat(*repeats)`: `x` tiled `repeats[i]` times along each dimension (new leading dimensions allowed). Records aten::repeat. */
  repeat(...repeats: SizeArgs): Tensor;
  /**
   * `Tensor.chunk(chunks, dim=0)`: up to `chunks` pieces of `ceil(size / chunks)`
   * along `dim` (the last may be smaller), typed as a tuple for a literal count.
   * Records aten::chunk.
   */
  chunk<N extends number>(chunks: N, dim?: number): TensorTuple<N>;
  /** `Tensor.split(split_size_or_sections, dim=0)` with a list of sizes: one piece per size along `dim` (a tuple for a literal list). Records aten::split_with_sizes. */
  split<const S extends readonly IntLike[]>(sizes: S, dim?: number): TensorTuple<S['length']>;
  /** `Tensor.split(split_size, dim=0)`: pieces of `size` along `dim`, the last possibly smaller (a traced size is read as a plain number). Records aten::split. */
  split(size: IntLike, dim?: number): Tensor[];
  /** `Tensor.matmul(other)` / `x @ other`: PyTorch's 1-D, 2-D and batched (broadcast) matrix product rules; `self`'s dtype. Records aten::matmul. */
  matmul(other: Tensor): Tensor;
  /** `Tensor.bmm(mat2)`: `(b, n, m) @ (b, m, p)` → `(b, n, p)`. Records aten::bmm. */
  bmm(mat2: Tensor): Tensor;
  /** `Tensor.add(other)` / `x + other` (alpha=1): broadcast shape, `self`'s dtype. Records aten::add. */
  add(other: Tensor | number): Tensor;
  /** `Tensor.sub(other)` / `x - other` (alpha=1): broadcast shape, `self`'s dtype. Records aten::sub. */
  sub(other: Tensor | number): Tensor;
  /** `Tensor.mul(other)` / `x * other`: broadcast shape, `self`'s dtype. Records aten::mul. */
  mul(other: Tensor | number): Tensor;
  /** `Tensor.div(other)` / `x / other` (true division, no rounding mode): broadcast shape, `self`'s dtype. Records aten::div. */
  div(other: Tensor | number): Tensor;
  /** `Tensor.pow(exponent)` / `x ** exponent`: broadcast shape, `self`'s dtype. Records aten::pow. */
  pow(exponent: Tensor | number): Tensor;
  /** `Tensor.sqrt()`: same shape and dtype. Records aten::sqrt. */
  sqrt(): Tensor;
  /** `Tensor.rsqrt()`: `1 / sqrt(x)`, same shape and dtype. Records aten::rsqrt. */
  rsqrt(): Tensor;
  /** `Tensor.exp()`: same shape and dtype. Records aten::exp. */
  exp(): Tensor;
  /** `Tensor.log()`: natural logarithm, same shape and dtype. Records aten::log. */
  log(): Tensor;
  /** `Tensor.sin()`: same shape and dtype. Records aten::sin. */
  sin(): Tensor;
  /** `Tensor.cos()`: same shape and dtype. Records aten::cos. */
  cos(): Tensor;
  /** `Tensor.abs()`: same shape and dtype. Records aten::abs. */
  abs(): Tensor;
  /** `Tensor.neg()` / `-x`: same shape and dtype. Records aten::neg. */
  neg(): Tensor;
  /** `Tensor.sum(dim=None, keepdim=False)`: a 0-dim tensor with no `dim` (aten::sum), else reduced over `dim` (aten::sum.dim_IntList); `self`'s dtype. */
  sum(dim?: number | readonly number[], keepdim?: boolean): Tensor;
  /** `Tensor.mean(dim=None, keepdim=False)`: a 0-dim tensor with no `dim` (aten::mean), else reduced over `dim` (aten::mean.dim). */
  mean(dim?: number | readonly number[], keepdim?: boolean): Tensor;
  /** `Tensor.max()`: the maximum of every element, a 0-dim tensor. Records aten::max. */
  max(): Tensor;
  /** `Tensor.max(dim, keepdim=False)`: `(values, indices)` over `dim` (indices int64). Records aten::max.dim. */
  max(dim: number, keepdim?: boolean): ValuesIndices;
  /** `Tensor.max(other)`: the elementwise maximum, broadcast. Records aten::max.other. */
  max(other: Tensor): Tensor;
  /** `Tensor.min()`: the minimum of every element, a 0-dim tensor. Records aten::min. */
  min(): Tensor;
  /** `Tensor.min(dim, keepdim=False)`: `(values, indices)` over `dim` (indices int64). Records aten::min.dim. */
  min(dim: number, keepdim?: boolean): ValuesIndices;
  /** `Tensor.min(other)`: the elementwise minimum, broadcast. Records aten::min.other. */
  min(other: Tensor): Tensor;
  /** `Tensor.amax(dim=(), keepdim=False)`: the maximum over `dim` (every dimension when empty). Records aten::amax. */
  amax(dim?: number | readonly number[], keepdim?: boolean): Tensor;
  /** `Tensor.softmax(dim)`: same shape and dtype. Records aten::softmax. */
  softmax(dim: number): Tensor;
  /** `Tensor.masked_fill(mask, value)` with a Python number: the broadcast shape of `self` and `mask`, `self`'s dtype. Records aten::masked_fill. */
  maskedFill(mask: Tensor, value: number): Tensor;
  /** `Tensor.float()`: cast to float32. Records aten::to. */
  float(): Tensor;
  /** `Tensor.to(dtype)`: cast to `dtype`, same shape. Records aten::to. */
  to(dtype: DType): Tensor;
  // The layer_zoo_transformer port: masks.
  /** `Tensor.triu(diagonal=0)`: the upper triangle of the last two dimensions; same shape and dtype, at least 2-D. Records aten::triu. */
  triu(diagonal?: IntLike): Tensor;
  /** `Tensor.tril(diagonal=0)`: the lower triangle of the last two dimensions; same shape and dtype, at least 2-D. Records aten::tril. */
  tril(diagonal?: IntLike): Tensor;
  /** `Tensor.eq(other)` / `x == other`: a bool tensor of the broadcast shape. Records aten::eq. */
  eq(other: Tensor | number): Tensor;
  /** `Tensor.ne(other)` / `x != other`: a bool tensor of the broadcast shape. Records aten::ne. */
  ne(other: Tensor | number): Tensor;
  /** `Tensor.logical_or(other)`: a bool tensor of the broadcast shape. Records aten::logical_or. */
  logicalOr(other: Tensor): Tensor;
  // The tensor_ops golden's methods.
  /** `Tensor.long()`: cast to int64. Records aten::to. */
  long(): Tensor;
  /** `Tensor.type_as(other)`: cast to `other`'s dtype, same shape. Records aten::type_as. */
  typeAs(other: Tensor): Tensor;
  /** `Tensor.t()`: a 0-, 1- or 2-D tensor with its dimensions reversed. Records aten::t. */
  t(): Tensor;
  /** `Tensor.mm(mat2)`: `(n, m) @ (m, p)` → `(n, p)`. Records aten::mm. */
  mm(mat2: Tensor): Tensor;
  /** `Tensor.addmm(mat1, mat2, beta=1, alpha=1)`: `beta * self + alpha * (mat1 @ mat2)`, `self` broadcast to `(n, p)`. Records aten::addmm. */
  addmm(mat1: Tensor, mat2: Tensor, beta?: number, alpha?: number): Tensor;
  /** `Tensor.baddbmm(batch1, batch2, beta=1, alpha=1)`: `beta * self + alpha * (batch1 @ batch2)` for `(b, n, m)` and `(b, m, p)` batches, `self` broadcast to `(b, n, p)`. Records aten::baddbmm. */
  baddbmm(batch1: Tensor, batch2: Tensor, beta?: number, alpha?: number): Tensor;
  /** `Tensor.topk(k, dim=-1, largest=True, sorted=True)`: `(values, indices)` with `dim` cut to `k` (indices int64). Records aten::topk. */
  topk(k: IntLike, dim?: number, largest?: boolean, sorted?: boolean): ValuesIndices;
  /** `Tensor.sort(dim=-1, descending=False)`: `(values, indices)` of `self`'s shape (indices int64). Records aten::sort. */
  sort(dim?: number, descending?: boolean): ValuesIndices;
  /** `Tensor.argmax(dim=None, keepdim=False)`: int64 indices of the maxima over `dim` (of every element with none). Records aten::argmax. */
  argmax(dim?: number | null, keepdim?: boolean): Tensor;
  /** `Tensor.argmin(dim=None, keepdim=False)`: int64 indices of the minima over `dim` (of every element with none). Records aten::argmin. */
  argmin(dim?: number | null, keepdim?: boolean): Tensor;
  /** `Tensor.cumsum(dim, dtype=None)`: same shape; `dtype` if given, else int64 for bool, int32 and int64 input, else `self`'s. Records aten::cumsum. */
  cumsum(dim: number, dtype?: DType | null): Tensor;
  /** `Tensor.gather(dim, index)`: `index`'s shape, `self`'s dtype. Records aten::gather. */
  gather(dim: number, index: Tensor): Tensor;
  /** `Tensor.index_select(dim, index)`: `dim` resized to the length of the 1-D `index`. Records aten::index_select. */
  indexSelect(dim: number, index: Tensor): Tensor;
  /** `x[idx]`, `x[:, idx]`, ... with index tensors: `F.index` (aten::index; `null` keeps a dimension whole). */
  index(indices: Tensor | readonly (Tensor | null)[]): Tensor;
  /** `Tensor.narrow(dim, start, length)`: `length` elements of `dim` from `start`. Records aten::narrow. */
  narrow(dim: number, start: IntLike, length: IntLike): Tensor;
  /** `Tensor.flip(*dims)`: same shape and dtype, reversed along `dims`. Records aten::flip. */
  flip(...dims: number[] | [readonly number[]]): Tensor;
  /** `Tensor.roll(shifts, dims)`: same shape and dtype; with `dims` empty one shift rolls the flattened tensor. Records aten::roll. */
  roll(shifts: IntLike | readonly IntLike[], dims: number | readonly number[]): Tensor;
  /** `Tensor.where(condition, other)`: `torch.where(condition, self, other)`, the broadcast shape of the three. Records aten::where.self (aten::where.ScalarOther for a number `other`). */
  where(condition: Tensor, other: Tensor | number): Tensor;
  /** `Tensor.lt(other)` / `x < other`: a bool tensor of the broadcast shape. Records aten::lt. */
  lt(other: Tensor | number): Tensor;
  /** `Tensor.le(other)` / `x <= other`: a bool tensor of the broadcast shape. Records aten::le. */
  le(other: Tensor | number): Tensor;
  /** `Tensor.gt(other)` / `x > other`: a bool tensor of the broadcast shape. Records aten::gt. */
  gt(other: Tensor | number): Tensor;
  /** `Tensor.ge(other)` / `x >= other`: a bool tensor of the broadcast shape. Records aten::ge. */
  ge(other: Tensor | number): Tensor;
  /** `Tensor.floor()`: same shape and dtype (not for bool). Records aten::floor. */
  floor(): Tensor;
  /** `Tensor.round()`: halves to even; same shape and dtype (not for bool). Records aten::round. */
  round(): Tensor;
  /** `Tensor.sign()`: -1, 0 or 1 in `self`'s dtype. Records aten::sign. */
  sign(): Tensor;
  /** `Tensor.tanh()`: same shape and dtype. Records aten::tanh. */
  tanh(): Tensor;
  /** `Tensor.relu()`: same shape and dtype. Records aten::relu. */
  relu(): Tensor;
  /** `Tensor.relu_()`: in place; returns `self`. Records aten::relu_. */
  relu_(): Tensor;
  /** `Tensor.sigmoid()`: same shape and dtype. Records aten::sigmoid. */
  sigmoid(): Tensor;
  /** `F.silu(x)` as a method: same shape and dtype. Records aten::silu. */
  silu(): Tensor;
  /** `F.gelu(x, approximate='none')` as a method: same shape and dtype. Records aten::gelu. */
  gelu(approximate?: 'none' | 'tanh'): Tensor;
  /** `Tensor.expand_as(other)`: `self` broadcast to `other`'s shape. Records aten::expand_as. */
  expandAs(other: Tensor): Tensor;
  /** `Tensor.unflatten(dim, sizes)`: dimension `dim` split into `sizes` (one -1 inferred). Records aten::unflatten. */
  unflatten(dim: number, sizes: readonly number[]): Tensor;
  /** `Tensor.unbind(dim=0)`: the slices along `dim`, which is dropped. Records aten::unbind. */
  unbind(dim?: number): Tensor[];
  /** `Tensor.clamp(min=None, max=None)`: same shape and dtype; at least one bound. Records aten::clamp. */
  clamp(min?: number | null, max?: number | null): Tensor;
  /** `Tensor.norm(p='fro', dim=None, keepdim=False)`: aten::frobenius_norm for `'fro'` (every dimension or at most two), aten::norm for a number `p`; floating point input. */
  norm(p?: number | 'fro', dim?: number | readonly number[] | null, keepdim?: boolean): Tensor;
  /** `Tensor.log_softmax(dim)`: same shape and dtype. Records aten::log_softmax. */
  logSoftmax(dim: number): Tensor;
}

function validShape(shape: unknown): shape is Shape {
  if (!Array.isArray(shape)) return false;
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    // A size below 2^32 passes the first test (a string, a fraction, a
    // negative number or NaN never equals its uint32 conversion).
    if ((typeof d !== 'number' || d >>> 0 !== d) && !isSize(d)) return false;
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
  static override readonly typeName: string = 'Parameter';
  /** PyTorch's `requires_grad`: false for a frozen parameter. */
  requiresGrad: boolean;

  /** `nn.Parameter(torch.empty(shape, dtype=dtype), requires_grad=requiresGrad)`. */
  constructor(shape: Shape, dtype: DType = 'float32', requiresGrad = true) {
    super(shape, dtype);
    if (typeof requiresGrad !== 'boolean') throw new ArgumentError(typeNameOf(new.target), 'requiresGrad', requiresGrad, 'a boolean');
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
  static override readonly typeName: string = 'Buffer';
  /** Whether `stateDict()` includes it (PyTorch's `persistent`). */
  readonly persistent: boolean;

  /** `nn.Buffer(torch.empty(shape, dtype=dtype), persistent=True)`: the dtype, the options, or both (in that order). */
  constructor(shape: Shape, dtypeOrOptions?: DType | BufferOptions, options?: BufferOptions) {
    const dtype = typeof dtypeOrOptions === 'string' || dtypeOrOptions === undefined ? dtypeOrOptions : undefined;
    super(shape, dtype);
    const opts: unknown = typeof dtypeOrOptions === 'object' && dtypeOrOptions !== null ? dtypeOrOptions : options;
    const persistent: unknown = typeof opts === 'object' && opts !== null ? (opts as BufferOptions).persistent ?? true : opts === undefined ? true : opts;
    if (typeof persistent !== 'boolean') throw new ArgumentError(typeNameOf(new.target), 'persistent', persistent, 'a boolean');
    this.persistent = persistent;
  }
}

const SCALAR: Shape = [];

function sizeOf(x: Tensor, dim: number): TracedInt {
  const v = new TracedInt(x.shape[dim]!);
  emitOne(schemaIn(ARITHMETIC_OPS, 'aten::size'), { self: x, dim }, v);
  return v;
}

/** A Python number, or a traced one. */
export type IntLike = number | TracedInt;

/** The number behind a size argument. */
export function intValue(v: IntLike): Dim {
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
  static override readonly typeName: string = 'TracedInt';
  /** The number itself (a float after true division), or in a symbolic analysis an expression in named sizes. */
  readonly value: SymSize;

  /** A traced number of `value`: int64 unless given (float32 for the result of a true division). */
  constructor(value: SymSize, dtype: DType = 'int64') {
    super(SCALAR, dtype);
    this.value = value;
  }

  /**
   * Records `qualifiedName` on this and `other`, whose result is `f` of their
   * values. Integer operands give an int64 result, exact as in PyTorch: one
   * past 2^53 - 1, where a double rounds, is a typed error (a negative power is
   * a float). An integer op dividing by 0 is an error.
   */
  private op(qualifiedName: keyof typeof ARITHMETIC_OPS, other: IntLike, f: (a: number, b: number) => number, extra?: Readonly<Record<string, unknown>>, symbolic?: (a: SymSize, b: SymSize) => SymSize): TracedInt {
    const b = operand(qualifiedName, other);
    if (isExpr(this.value) || isExpr(b)) {
      if (symbolic === undefined) throw new SymbolicError(`${qualifiedName} on the symbolic size ${String(isExpr(this.value) ? this.value : b)}`, [...(isExpr(this.value) ? this.value.symbols() : []), ...(isExpr(b) ? b.symbols() : [])]);
      const r = new TracedInt(symbolic(this.value, b), this.dtype);
      emitOne(schemaIn(ARITHMETIC_OPS, qualifiedName), { self: this, other, ...extra }, r);
      return r;
    }
    const value = f(this.value, b);
    if (b === 0 && !Number.isFinite(f(1, 0))) throw new ShapeError(qualifiedName, 'division by zero', {});
    const ints = this.dtype === 'int64' && Number.isInteger(this.value) && Number.isInteger(b) && (typeof other === 'number' || other.dtype === 'int64');
    if (ints && !Number.isSafeInteger(value) && (qualifiedName !== 'aten::pow' || b >= 0)) {
      throw new ShapeError(qualifiedName, `result of ${this.value} and ${formatValue(b)} is past 2^53-1`, {});
    }
    const r = new TracedInt(value, ints && Number.isInteger(value) ? 'int64' : 'float32');
    emitOne(schemaIn(ARITHMETIC_OPS, qualifiedName), qualifiedName === 'aten::pow' ? { self: this, exponent: other } : { self: this, other, ...extra }, r);
    return r;
  }

  /** `self * other` (also `n * self`, which Python turns into this). */
  override mul(other: IntLike): TracedInt {
    return this.op('aten::mul', other, (a, b) => a * b, undefined, sizeMul);
  }

  /** `self + other` (also `n + self`). */
  override add(other: IntLike): TracedInt {
    return this.op('aten::add', other, (a, b) => a + b, undefined, sizeAdd);
  }

  /** `self - other`. */
  override sub(other: IntLike): TracedInt {
    return this.op('aten::sub', other, (a, b) => a - b, undefined, sizeSub);
  }

  /** `n - self`: Tensor.__rsub__. */
  rsub(n: number): TracedInt {
    return this.op('aten::rsub', n, (a, b) => b - a, undefined, (a, b) => sizeSub(b, a));
  }

  /** `self // other`: aten::floor_divide in PyTorch 1.13. */
  floordiv(other: IntLike): TracedInt {
    return this.op('aten::floor_divide', other, (a, b) => Math.floor(a / b), undefined, sizeFloorDiv);
  }

  /** `self % other`, with Python's sign (that of the divisor). */
  mod(other: IntLike): TracedInt {
    return this.op('aten::remainder', other, (a, b) => ((a % b) + b) % b, undefined, sizeMod);
  }

  /** `self / other`: true division, a float. */
  override div(other: IntLike): TracedInt {
    const d = operand('aten::div', other);
    checkDivisor('aten::div', d);
    const r = new TracedInt(isExpr(this.value) || isExpr(d) ? sizeDiv(this.value, d) : this.value / d, 'float32');
    emitOne(schemaIn(ARITHMETIC_OPS, 'aten::div'), { self: this, other }, r);
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
    const inv = new TracedInt(sizeDiv(1, this.value), 'float32');
    emitOne(schemaIn(ARITHMETIC_OPS, 'aten::reciprocal'), { self: this }, inv);
    return inv.mul(n);
  }

  /** `self ** exponent`. */
  override pow(exponent: number): TracedInt {
    return this.op('aten::pow', exponent, (a, b) => a ** b);
  }
}

/** The number behind the other operand of traced arithmetic: a number or a traced one, else an ArgumentError. */
function operand(op: string, v: unknown): SymSize {
  if (typeof v === 'number') return v;
  if (v instanceof TracedInt) return v.value;
  throw new ArgumentError(op, 'other', v, 'a number or a traced integer');
}

function checkDivisor(op: string, d: SymSize): void {
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
export function intArg(op: string, argument: string, v: unknown, whole: unknown = v): Dim {
  const n = v instanceof TracedInt ? v.value : v;
  if (Number.isSafeInteger(n)) return n as number;
  if (isExpr(n) && n.integral) return n;
  throw new ArgumentError(op, argument, shown(whole), `${Array.isArray(whole) ? 'a list of integers' : 'an integer'} of magnitude below 2^53`);
}

/** A list of integer arguments (`[b, -1]`, traced sizes allowed) as numbers; see intArg. */
export function intListArg(op: string, argument: string, v: unknown): Dim[] {
  if (!Array.isArray(v)) throw new ArgumentError(op, argument, shown(v), 'a list of integers');
  return v.map((e: unknown) => intArg(op, argument, e, v));
}
