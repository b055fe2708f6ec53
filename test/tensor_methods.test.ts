// Tensor methods (`x.view(b, -1)`, `x.softmax(-1)`, `x.max(1)`, ...), each
// against its F form and PyTorch 1.13 (test/fixtures/tensor_methods.json,
// from test/fixtures/tensor_methods_cases.py: output shapes and dtypes from
// PyTorch, the traced ops and counts from the reference tool run on each
// expression wrapped as the module `inner` in a module with one parameter).
// The method form must record exactly what the F form records: the same ops,
// arguments, scopes and shapes. Functions without a method (F.full,
// F.linspace, F.oneHot, ...) are checked against the same facts, and calls
// PyTorch refuses must raise flopscope's typed error naming the op.

import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ArgumentError, F, Module, Parameter, ShapeError, Tensor, TracedInt, type DType } from '../index.js';
import { analyzers, fixture } from './helpers.js';

interface Expected {
  inputs: number[][];
  dtypes: DType[];
  expr: string;
  /** Index tensors (int64 buffers of `inner`) passed to the expression at `at`, between the inputs. */
  buffers?: { at: number; shape: number[]; high: number }[];
  shapes: number[][];
  dtypes_out: string[];
  ops: { op: string; scope: string; in: (number[] | null)[]; out: (number[] | null)[] }[];
  flops: number;
  unsupported: Record<string, number>;
  /** For a call PyTorch refuses: the exception's class and first line. */
  error?: string;
  message?: string;
}

const EXPECTED = fixture<Record<string, Expected>>('tensor_methods.json');

type Out = Tensor | readonly Tensor[];
type Form = (a: Tensor, b: Tensor, c: Tensor) => Out;

/** Each case: its method form and its F form. */
const CASES: Record<string, [Form, Form]> = {
  view: [(a) => a.view(6, 4), (a) => F.view(a, [6, 4])],
  view_list: [(a) => a.view([2, -1]), (a) => F.view(a, [2, -1])],
  reshape: [(a) => a.reshape(4, -1), (a) => F.reshape(a, [4, -1])],
  permute: [(a) => a.permute(2, 0, 1), (a) => F.permute(a, [2, 0, 1])],
  permute_list: [(a) => a.permute([2, 0, 1]), (a) => F.permute(a, [2, 0, 1])],
  transpose: [(a) => a.transpose(0, 2), (a) => F.transpose(a, 0, 2)],
  contiguous: [(a) => a.transpose(0, 1).contiguous(), (a) => F.contiguous(F.transpose(a, 0, 1))],
  flatten: [(a) => a.flatten(1), (a) => F.flatten(a, 1)],
  flatten_all: [(a) => a.flatten(), (a) => F.flatten(a)],
  unsqueeze: [(a) => a.unsqueeze(-1), (a) => F.unsqueeze(a, -1)],
  squeeze_dim: [(a) => a.squeeze(1), (a) => F.squeeze(a, 1)],
  squeeze_all: [(a) => a.squeeze(), (a) => F.squeeze(a)],
  expand: [(a) => a.expand(2, 5, -1), (a) => F.expand(a, [2, 5, -1])],
  expand_list: [(a) => a.expand([3, 2, 5, 4]), (a) => F.expand(a, [3, 2, 5, 4])],
  repeat: [(a) => a.repeat(2, 1, 1, 2), (a) => F.repeat(a, [2, 1, 1, 2])],
  chunk: [(a) => a.chunk(2, 2), (a) => F.chunk(a, 2, 2)],
  split: [(a) => a.split(2, 2), (a) => F.split(a, 2, 2)],
  split_sizes: [(a) => a.split([1, 4], 2), (a) => F.split(a, [1, 4], 2)],
  // Tensor.split calls int() on one size (the JIT records no aten::Int); a list keeps its traced entries.
  split_traced: [(a) => a.split(a.size(2).floordiv(2), 2), (a) => F.split(a, a.size(2).floordiv(2), 2)],
  split_sizes_traced: [(a) => a.split([1, a.size(2).sub(1)], 2), (a) => F.split(a, [1, a.size(2).sub(1)], 2)],
  // A literal chunk count types the result as a tuple: [2] is a Tensor, no `!` needed.
  chunk_tuple: [(a) => a.chunk(3, -1)[2], (a) => F.chunk(a, 3, -1)[2]],
  relu: [(a) => a.relu(), (a) => F.relu(a)],
  relu_: [(a) => a.mul(2).relu_(), (a) => F.relu(F.mul(a, 2), true)],
  sigmoid: [(a) => a.sigmoid(), (a) => F.sigmoid(a)],
  silu: [(a) => a.silu(), (a) => F.silu(a)],
  gelu: [(a) => a.gelu(), (a) => F.gelu(a)],
  gelu_tanh: [(a) => a.gelu('tanh'), (a) => F.gelu(a, 'tanh')],
  expand_as: [(a, b) => a.expandAs(b), (a, b) => F.expandAs(a, b)],
  unflatten: [(a) => a.unflatten(1, [3, 4]), (a) => F.unflatten(a, 1, [3, 4])],
  unbind: [(a) => a.unbind(1), (a) => F.unbind(a, 1)],
  matmul: [(a, b) => a.matmul(b), (a, b) => F.matmul(a, b)],
  bmm: [(a, b) => a.bmm(b), (a, b) => F.bmm(a, b)],
  add: [(a, b) => a.add(b), (a, b) => F.add(a, b)],
  add_number: [(a) => a.add(2), (a) => F.add(a, 2)],
  sub: [(a, b) => a.sub(b), (a, b) => F.sub(a, b)],
  sub_number: [(a) => a.sub(0.5), (a) => F.sub(a, 0.5)],
  mul: [(a, b) => a.mul(b), (a, b) => F.mul(a, b)],
  mul_number: [(a) => a.mul(3), (a) => F.mul(a, 3)],
  div: [(a, b) => a.div(b), (a, b) => F.div(a, b)],
  div_number: [(a) => a.div(2), (a) => F.div(a, 2)],
  pow: [(a) => a.pow(2), (a) => F.pow(a, 2)],
  pow_tensor: [(a, b) => a.pow(b), (a, b) => F.pow(a, b)],
  sqrt: [(a) => a.sqrt(), (a) => F.sqrt(a)],
  rsqrt: [(a) => a.rsqrt(), (a) => F.rsqrt(a)],
  exp: [(a) => a.exp(), (a) => F.exp(a)],
  log: [(a) => a.log(), (a) => F.log(a)],
  sin: [(a) => a.sin(), (a) => F.sin(a)],
  cos: [(a) => a.cos(), (a) => F.cos(a)],
  abs: [(a) => a.abs(), (a) => F.abs(a)],
  neg: [(a) => a.neg(), (a) => F.neg(a)],
  sum: [(a) => a.sum(), (a) => F.sum(a)],
  sum_dim: [(a) => a.sum(-1), (a) => F.sum(a, -1)],
  sum_dims_keep: [(a) => a.sum([0, 2], true), (a) => F.sum(a, [0, 2], true)],
  mean: [(a) => a.mean(), (a) => F.mean(a)],
  mean_dim: [(a) => a.mean(1), (a) => F.mean(a, 1)],
  mean_dims_keep: [(a) => a.mean([0, 1], true), (a) => F.mean(a, [0, 1], true)],
  max: [(a) => a.max(), (a) => F.max(a)],
  max_dim: [(a) => a.max(1), (a) => F.max(a, 1)],
  max_dim_keep: [(a) => a.max(-1, true), (a) => F.max(a, -1, true)],
  max_other: [(a, b) => a.max(b), (a, b) => F.max(a, b)],
  min: [(a) => a.min(), (a) => F.min(a)],
  min_dim: [(a) => a.min(1), (a) => F.min(a, 1)],
  min_dim_keep: [(a) => a.min(0, true), (a) => F.min(a, 0, true)],
  min_other: [(a, b) => a.min(b), (a, b) => F.min(a, b)],
  amax: [(a) => a.amax(-1), (a) => F.amax(a, -1)],
  amax_all: [(a) => a.amax(), (a) => F.amax(a)],
  amax_dims_keep: [(a) => a.amax([0, 2], true), (a) => F.amax(a, [0, 2], true)],
  softmax: [(a) => a.softmax(-1), (a) => F.softmax(a, -1)],
  masked_fill: [(a, b) => a.maskedFill(F.gt(b, 0), -1.0), (a, b) => F.maskedFill(a, F.gt(b, 0), -1.0)],
  masked_fill_broadcast: [(a, b) => a.maskedFill(F.gt(b, 0), 0.0), (a, b) => F.maskedFill(a, F.gt(b, 0), 0.0)],
  float: [(a) => a.float(), (a) => F.to(a, 'float32')],
  to: [(a) => a.to('int64'), (a) => F.to(a, 'int64')],
  // The tensor_ops golden's methods.
  long: [(a) => a.long(), (a) => F.to(a, 'int64')],
  type_as: [(a, b) => a.typeAs(b), (a, b) => F.typeAs(a, b)],
  t: [(a) => a.t(), (a) => F.t(a)],
  mm: [(a, b) => a.mm(b), (a, b) => F.mm(a, b)],
  addmm: [(a, b, c) => a.addmm(b, c), (a, b, c) => F.addmm(a, b, c)],
  addmm_scaled: [(a, b, c) => a.addmm(b, c, 0.5, 2.0), (a, b, c) => F.addmm(a, b, c, 0.5, 2.0)],
  baddbmm: [(a, b, c) => a.baddbmm(b, c, 1, 0.5), (a, b, c) => F.baddbmm(a, b, c, 1, 0.5)],
  topk: [(a) => a.topk(2), (a) => F.topk(a, 2)],
  topk_dim: [(a) => a.topk(3, 1, false, false), (a) => F.topk(a, 3, 1, false, false)],
  topk_traced: [(a) => a.topk(a.size(1).sub(1), 1), (a) => F.topk(a, a.size(1).sub(1), 1)],
  sort: [(a) => a.sort(), (a) => F.sort(a)],
  sort_desc: [(a) => a.sort(0, true), (a) => F.sort(a, 0, true)],
  argmax: [(a) => a.argmax(), (a) => F.argmax(a)],
  argmax_dim_keep: [(a) => a.argmax(-1, true), (a) => F.argmax(a, -1, true)],
  argmin_dim: [(a) => a.argmin(1), (a) => F.argmin(a, 1)],
  cumsum: [(a) => a.cumsum(1), (a) => F.cumsum(a, 1)],
  cumsum_int: [(a) => a.cumsum(0), (a) => F.cumsum(a, 0)],
  cumsum_dtype: [(a) => a.cumsum(-1, 'float64'), (a) => F.cumsum(a, -1, 'float64')],
  gather: [(a, b) => a.gather(1, b), (a, b) => F.gather(a, 1, b)],
  index_select: [(a, b) => a.indexSelect(0, b), (a, b) => F.indexSelect(a, 0, b)],
  index_select_0d: [(a, b) => a.indexSelect(2, b), (a, b) => F.indexSelect(a, 2, b)],
  index: [(a, b) => a.index([b]), (a, b) => F.index(a, b)], // a[b]
  index_dim1: [(a, b) => F.slice(a, 0).index([null, b]), (a, b) => F.index(F.slice(a, 0), [null, b])], // a[:, b]
  index_apart: [(a, b, c) => F.slice(a, 1).index([b, null, c]), (a, b, c) => F.index(F.slice(a, 1), [b, null, c])], // a[b, :, c]
  narrow: [(a) => a.narrow(2, 1, 2), (a) => F.narrow(a, 2, 1, 2)],
  narrow_traced: [(a) => a.narrow(-1, -3, a.size(2).sub(2)), (a) => F.narrow(a, -1, -3, a.size(2).sub(2))],
  flip: [(a) => a.flip(-1), (a) => F.flip(a, -1)],
  flip_dims: [(a) => a.flip(0, 2), (a) => F.flip(a, [0, 2])],
  flip_list: [(a) => a.flip([0, 2]), (a) => F.flip(a, [0, 2])],
  roll: [(a) => a.roll([1, -1], [1, 2]), (a) => F.roll(a, [1, -1], [1, 2])],
  tril: [(a) => a.tril(), (a) => F.tril(a)],
  triu_diagonal: [(a) => a.triu(1), (a) => F.triu(a, 1)],
  where: [(a, b) => a.where(a.gt(0), b), (a, b) => F.where(F.gt(a, 0), a, b)],
  lt: [(a) => a.lt(0), (a) => F.lt(a, 0)],
  lt_tensor: [(a, b) => a.lt(b), (a, b) => F.lt(a, b)],
  le: [(a) => a.le(0.5), (a) => F.le(a, 0.5)],
  gt: [(a, b) => a.gt(b), (a, b) => F.gt(a, b)],
  ge: [(a) => a.ge(0), (a) => F.ge(a, 0)],
  eq: [(a, b) => a.eq(b), (a, b) => F.eq(a, b)],
  ne: [(a) => a.ne(0), (a) => F.ne(a, 0)],
  floor: [(a) => a.floor(), (a) => F.floor(a)],
  round: [(a) => a.round(), (a) => F.round(a)],
  sign: [(a) => a.sign(), (a) => F.sign(a)],
  sign_int: [(a) => a.sign(), (a) => F.sign(a)],
  tanh: [(a) => a.tanh(), (a) => F.tanh(a)],
  clamp: [(a) => a.clamp(-1.0, 1.0), (a) => F.clamp(a, -1.0, 1.0)],
  clamp_min: [(a) => a.clamp(0.5), (a) => F.clamp(a, 0.5)],
  clamp_max: [(a) => a.clamp(null, 0.5), (a) => F.clamp(a, null, 0.5)],
  norm: [(a) => a.norm(), (a) => F.norm(a)],
  norm_dim: [(a) => a.norm('fro', -1), (a) => F.norm(a, 'fro', -1)],
  norm_dims_keep: [(a) => a.norm('fro', [0, 1], true), (a) => F.norm(a, 'fro', [0, 1], true)],
  norm_p2: [(a) => a.norm(2), (a) => F.norm(a, 2)],
  norm_p1_dim: [(a) => a.norm(1, -1), (a) => F.norm(a, 1, -1)],
  norm_inf_keep: [(a) => a.norm(Infinity, 1, true), (a) => F.norm(a, Infinity, 1, true)],
  log_softmax: [(a) => a.logSoftmax(-1), (a) => F.logSoftmax(a, -1)],
};

/** Functions with no Tensor method, each as its PyTorch expression in the fixture. */
const FUNCTIONS: Record<string, Form> = {
  f_zeros_long: (a) => F.zeros([a.size(0), 3], 'int64'),
  f_ones: (a) => F.ones([a.size(1), a.size(1)]),
  f_full: (a) => F.full([a.size(0), 3], 0.5),
  f_full_int: () => F.full([2, 3], 7, 'int64'), // JavaScript's 7 is no Python int: the dtype is given
  f_full_like: (a) => F.fullLike(a, -1e4),
  f_full_like_dtype: (a) => F.fullLike(a, 2, 'int64'),
  f_arange: (a) => F.arange(a.size(1)),
  f_arange_start: (a) => F.arange(1, a.size(1)),
  f_arange_step: (a) => F.arange(0, a.size(1), 2),
  f_arange_float: () => F.arange(0, 2, 0.5),
  f_arange_down: () => F.arange(4, 0, -1),
  f_arange_dtype: () => F.arange(4, { dtype: 'float32' }),
  f_linspace: (a) => F.linspace(-1.0, 1.0, a.size(1)),
  f_triu_mask: (a) => F.gt(F.triu(F.ones([a.size(1), a.size(1)]), 1), 0),
  f_where_number: (a) => F.where(F.gt(a, 0), a, 0.5),
  f_where_number_self: (a) => F.where(F.gt(a, 0), 0.5, a),
  f_where_broadcast: (a, b) => F.where(F.gt(a, 0), b, a),
  f_where_promote: (a, b) => F.where(F.gt(a, 0), b, a),
  f_where_int: (a, b) => F.where(F.gt(a, 0), b, 2),
  f_one_hot: (_, b) => F.oneHot(b, 4),
  f_grid_sample: (a, b) => F.gridSample(a, b, 'bilinear', 'zeros', false),
  f_grid_sample_3d: (a, b) => F.gridSample(a, b, 'nearest', 'border', true),
  f_norm_p1_dims: (a) => F.norm(a, 1, [0, 1]),
};

type ErrorClass = typeof ShapeError | typeof ArgumentError;

/**
 * Calls PyTorch refuses (the fixture holds its exception), each with the
 * typed error flopscope raises: ShapeError where shapes do not fit (PyTorch's
 * RuntimeError or IndexError about sizes and dimensions), ArgumentError for
 * a wrong value or dtype of an argument.
 */
const ERRORS: Record<string, [Form, ErrorClass, string]> = {
  e_topk_k: [(a) => a.topk(5), ShapeError, 'aten::topk'],
  e_topk_dim: [(a) => a.topk(2, 3), ShapeError, 'aten::topk'],
  e_sort_dim: [(a) => a.sort(3), ShapeError, 'aten::sort'],
  e_argmax_dim: [(a) => a.argmax(3), ShapeError, 'aten::argmax'],
  e_argmax_empty: [(a) => a.argmax(), ShapeError, 'aten::argmax'],
  e_argmax_empty_dim: [(a) => a.argmax(0), ShapeError, 'aten::argmax'],
  e_cumsum_dim: [(a) => a.cumsum(3), ShapeError, 'aten::cumsum'],
  e_gather_rank: [(a, b) => a.gather(1, b), ShapeError, 'aten::gather'],
  e_gather_size: [(a, b) => a.gather(1, b), ShapeError, 'aten::gather'],
  e_gather_dtype: [(a, b) => a.gather(1, b), ArgumentError, 'aten::gather'],
  e_index_select_rank: [(a, b) => a.indexSelect(0, b), ShapeError, 'aten::index_select'],
  e_index_select_dtype: [(a, b) => a.indexSelect(0, b), ArgumentError, 'aten::index_select'],
  e_index_too_many: [(a, b) => a.index([b, b, b]), ShapeError, 'aten::index'],
  e_index_broadcast: [(a, b, c) => F.slice(a, 0).index([null, b, c]), ShapeError, 'aten::index'],
  e_index_float: [(a, b) => a.index([b]), ArgumentError, 'aten::index'],
  e_narrow_range: [(a) => a.narrow(1, 2, 2), ShapeError, 'aten::narrow'],
  e_narrow_start: [(a) => a.narrow(1, -4, 1), ShapeError, 'aten::narrow'],
  e_flip_repeat: [(a) => a.flip(0, 0), ShapeError, 'aten::flip'],
  e_tril_1d: [(a) => a.tril(), ShapeError, 'aten::tril'],
  e_where_condition: [(a) => F.where(a, a, a), ArgumentError, 'aten::where'],
  e_where_broadcast: [(a, b) => F.where(F.gt(a, 0), a, b), ShapeError, 'aten::where'],
  e_one_hot_float: [(a) => F.oneHot(a, 4), ArgumentError, 'aten::one_hot'],
  e_mm: [(a, b) => a.mm(b), ShapeError, 'aten::mm'],
  e_addmm_bias: [(a, b, c) => a.addmm(b, c), ShapeError, 'aten::addmm'],
  e_baddbmm: [(a, b, c) => a.baddbmm(b, c), ShapeError, 'aten::baddbmm'],
  e_norm_fro_3_dims: [(a) => a.norm('fro', [0, 1, 2]), ShapeError, 'aten::frobenius_norm'],
  e_norm_int: [(a) => a.norm(), ArgumentError, 'aten::frobenius_norm'],
  e_grid_sample_last: [(a, b) => F.gridSample(a, b, 'bilinear', 'zeros', false), ShapeError, 'aten::grid_sampler'],
  e_grid_sample_batch: [(a, b) => F.gridSample(a, b, 'bilinear', 'zeros', false), ShapeError, 'aten::grid_sampler'],
  e_grid_sample_bicubic_5d: [(a, b) => F.gridSample(a, b, 'bicubic', 'zeros', false), ShapeError, 'aten::grid_sampler'],
  e_grid_sample_mode: [(a, b) => F.gridSample(a, b, bad<'bilinear'>('area'), 'zeros', false), ArgumentError, 'grid_sample'],
  e_linspace_steps: [() => F.linspace(0, 1, -1), ArgumentError, 'aten::linspace'],
  e_arange_step: [() => F.arange(0, 4, 0), ArgumentError, 'aten::arange'],
  e_arange_sign: [() => F.arange(4, 0), ArgumentError, 'aten::arange'],
  e_full_negative: [() => F.full([2, -1], 0.5), ArgumentError, 'aten::full'],
  e_floor_bool: [(a) => a.gt(0).floor(), ArgumentError, 'aten::floor'],
  e_lt_broadcast: [(a, b) => a.lt(b), ShapeError, 'aten::lt'],
};

/** A value of the wrong type, as JavaScript callers can pass it. */
function bad<T>(v: unknown): T {
  return v as T;
}

class Inner extends Module {
  constructor(
    private readonly fn: Form,
    private readonly indexBuffers: readonly { at: number; shape: number[] }[],
  ) {
    super();
    for (const b of indexBuffers) this.registerBuffer(`i${b.at}`, new Tensor(b.shape, 'int64'));
  }
  override forward(...xs: Tensor[]): Out {
    const [a, b, c] = withBuffers(xs, this.indexBuffers, (at) => this.getBuffer(`i${at}`));
    return this.fn(a!, b!, c!);
  }
}

/** The expression's arguments: the inputs in order, each index tensor at its place. */
function withBuffers(xs: readonly Tensor[], buffers: readonly { at: number }[], buffer: (at: number) => Tensor): Tensor[] {
  const args = [...xs];
  for (const b of buffers) args.splice(b.at, 0, buffer(b.at));
  return args;
}

/** The reference's wrapper: the expression as `inner`, one parameter. */
class Wrap extends Module {
  inner: Inner;
  anchor = new Parameter([1]);
  constructor(fn: Form, buffers: readonly { at: number; shape: number[] }[]) {
    super();
    this.inner = new Inner(fn, buffers);
  }
  override forward(...xs: Tensor[]): Out {
    return this.inner.call(...xs) as Out;
  }
}

const inputsOf = (e: Expected): Tensor[] => e.inputs.map((s, i) => new Tensor(s, e.dtypes[i]));

function run(fn: Form, e: Expected) {
  const model = new Wrap(fn, e.buffers ?? []);
  const inputs = inputsOf(e);
  const y = model.forward(...inputs);
  const outs = Array.isArray(y) ? (y as readonly Tensor[]) : [y as Tensor];
  const [flops] = analyzers(model, { inputs });
  const ops = flops.trace.nodes.map((n) => ({
    op: n.kind,
    scope: n.scopes[n.scopes.length - 1] ?? '',
    in: n.inputs.map((s) => (s === null ? null : [...s])),
    out: n.outputs.map((s) => (s === null ? null : [...s])),
  }));
  return { shapes: outs.map((t) => [...t.shape]), dtypes: outs.map((t) => t.dtype), ops, flops: Number(flops.total()), unsupported: Object.fromEntries(flops.unsupportedOps()) };
}

/** Asserts a run equals PyTorch's shapes and dtypes and the reference's ops and counts. */
function matchesReference(m: ReturnType<typeof run>, e: Expected): void {
  assert.equal(m.shapes, e.shapes);
  assert.equal(m.dtypes, e.dtypes_out);
  assert.equal(m.ops, e.ops);
  assert.is(m.flops, e.flops);
  assert.equal(m.unsupported, e.unsupported);
}

const t = suite('tensor methods');

t('chunk with a literal count and split with a list of sizes destructure as Tensors (this file compiles under noUncheckedIndexedAccess)', () => {
  const x = new Tensor([2, 6, 5]);
  const [q, k, v] = x.chunk(3, 1);
  const [head, rest] = F.split(x, [1, 4], 2);
  // Shapes as torch.chunk / torch.split give them.
  assert.equal([q.shape, k.shape, v.shape, head.shape, rest.shape], [[2, 2, 5], [2, 2, 5], [2, 2, 5], [2, 6, 1], [2, 6, 4]]);
});

t('Tensor.prototype inherits the methods: each is checked against PyTorch, none is enumerable, and a class\'s own comes first', () => {
  const methods = Object.getPrototypeOf(Tensor.prototype) as object;
  const names = Object.getOwnPropertyNames(methods).filter((name) => name !== 'constructor');
  // Cases are named as PyTorch names the method (maskedFill is masked_fill).
  const cased = Object.keys(CASES);
  const covered = (name: string): boolean => {
    const python = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    return cased.some((c) => c === python || c.startsWith(`${python}_`));
  };
  // logicalOr's cases are in layers_transformer_ops.test.ts.
  assert.equal(names.filter((name) => !covered(name)), ['logicalOr']);
  // for...in sees a tensor's own fields alone, as with a class's methods.
  const keys: string[] = [];
  for (const key in new Tensor([2, 3])) keys.push(key);
  assert.equal(keys.sort(), ['aliases', 'dtype', 'producedBy', 'producerIndex', 'shape']);
  // TracedInt's arithmetic keeps the value; the inherited method would record F.add's op and lose it.
  const n = new TracedInt(6);
  assert.is.not(n.add, (methods as { add: unknown }).add);
  assert.is((n.add(1) as TracedInt).value, 7);
});

t('the methods\' prototype stays in V8\'s fast mode once the library loads (a dictionary would slow every lookup through a tensor)', () => {
  // %HasFastProperties needs --allow-natives-syntax: a child process of its own.
  const index = new URL('../index.js', import.meta.url).href;
  const code = `const { Tensor } = await import(${JSON.stringify(index)}); console.log(%HasFastProperties(Object.getPrototypeOf(Tensor.prototype)), %HasFastProperties(Tensor.prototype));`;
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', code], { encoding: 'utf8' });
  assert.is(r.stderr, '');
  assert.is(r.stdout.trim(), 'true true');
});

t('every PyTorch case has a flopscope form and the other way round', () => {
  assert.equal([...Object.keys(CASES), ...Object.keys(FUNCTIONS), ...Object.keys(ERRORS)].sort(), Object.keys(EXPECTED).sort());
});

for (const [name, [method, functional]] of Object.entries(CASES)) {
  t(`${name}: the method records what its F form records, with PyTorch's shapes`, () => {
    const e = EXPECTED[name]!;
    const m = run(method, e);
    const f = run(functional, e);
    assert.equal(m, f);
    matchesReference(m, e);
  });
}

for (const [name, fn] of Object.entries(FUNCTIONS)) {
  t(`${name}: PyTorch's shapes and dtypes, the reference's ops and counts`, () => {
    const e = EXPECTED[name]!;
    matchesReference(run(fn, e), e);
  });
}

for (const [name, [fn, cls, op]] of Object.entries(ERRORS)) {
  t(`${name}: PyTorch refuses it, flopscope raises a ${cls.name} naming ${op}`, () => {
    const e = EXPECTED[name]!;
    assert.ok(e.error !== undefined, `${e.expr}: PyTorch raised nothing`);
    const args = withBuffers(inputsOf(e), e.buffers ?? [], (at) => new Tensor(e.buffers!.find((b) => b.at === at)!.shape, 'int64'));
    assert.throws(
      () => fn(args[0]!, args[1]!, args[2]!),
      (err: unknown) => err instanceof cls && err.message.startsWith(`${op}: `) && !err.message.includes('\n'),
    );
  });
}

t('max / min over a dimension name their values and indices', () => {
  const x = new Tensor([2, 3, 4]);
  const r = x.max(1);
  assert.is(r.values, r[0]);
  assert.is(r.indices, r[1]);
  assert.is(r.indices.dtype, 'int64');
  assert.is(x.min(0, true).values.shape.join(','), '1,3,4');
});

t('topk and sort name their values and indices (int64), as PyTorch\'s named tuples', () => {
  const x = new Tensor([2, 3, 4]);
  for (const r of [x.topk(2), x.sort(1, true), F.topk(x, 1, 0), F.sort(x)]) {
    assert.is(r.values, r[0]);
    assert.is(r.indices, r[1]);
    assert.is(r.indices.dtype, 'int64');
  }
});

t('data-dependent sizes are refused with what to pass instead', () => {
  const ids = new Tensor([2, 3], 'int64');
  assert.throws(() => F.oneHot(ids, -1), (e: unknown) => e instanceof ArgumentError && /num_classes must be given .*data-dependent/.test(e.message));
  const x = new Tensor([2, 3]);
  assert.throws(() => x.index([F.gt(x, 0)]), (e: unknown) => e instanceof ArgumentError && /aten::index: indices\[0\] must be an integer tensor \(a boolean mask/.test(e.message));
  assert.throws(() => x.norm(bad<'fro'>('nuc')), (e: unknown) => e instanceof ArgumentError && /'nuc'/.test(e.message));
});

t('dim() is the rank, a plain number', () => {
  assert.is(new Tensor([2, 3, 4]).dim(), 3);
  assert.is(new Tensor([]).dim(), 0);
});

t('a traced integer keeps its own arithmetic', () => {
  const x = new Tensor([6, 4]);
  const n = x.size(0);
  assert.is(n.mul(2).value, 12);
  assert.is(n.div(4).value, 1.5);
});

t.run();
