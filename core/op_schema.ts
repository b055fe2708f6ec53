// Op schemas: for each traced op, its arguments by name in the order the
// reference's trace graph lists a node's inputs, and which of them can be
// tensors. Emitters pass arguments by name; counters read them by name; the
// positional layout the reference shows (a shape per tensor, None otherwise)
// is derived from the schema, never written by hand.
//
// A schema line is the argument names separated by spaces. `name:T` may be a
// tensor (or a traced integer, which the reference sees as a 0-dim tensor),
// `name:S` a tensor or a Python number, which the tracer wraps as a 0-dim
// tensor (so a number shows as `[]`, as in `x * 2`), `name:T[]` a list that
// may hold tensors (the reference sees the list, None), a bare `name` is never
// a tensor (a number there shows as None, as in `x ** 2`), `name:N` is a
// Scalar that is never a tensor. A traced number passed to a bare argument is
// converted by an aten::Int the tracer inserts, to an `:N` one by
// aten::ScalarImplicit. Overloads of one op (PyTorch's
// `aten::sum.dim_IntList`) are separate entries that record under the base name.
// A line ending in `-> int` returns a Python int, and `-> list` a list of
// tensors: the reference shows either as one None output (arithmetic on an
// int then sees a 0-dim tensor).

import { ArgumentError, UnknownNameError } from './errors.js';

/** One argument of an op. */
export interface OpArgSpec {
  /** The argument's name in the reference's schema (`self`, `weight`, `dim`). */
  readonly name: string;
  /** What it holds: a tensor (`:T`, `:S`), a list of tensors (`:T[]`), or any other value. */
  readonly kind: 'tensor' | 'tensor-list' | 'value';
  /** A Python number here is wrapped as a 0-dim tensor by the tracer. */
  readonly wrapsNumbers: boolean;
  /** A Scalar (not an int): a traced number passed here goes through aten::ScalarImplicit. */
  readonly scalar: boolean;
}

/**
 * Ops whose results may be views of an input or the input itself (PyTorch's
 * view ops, and `contiguous`/`to`/`type_as`/`detach`/`reshape`, which can
 * return their input's memory). An in-place write to such a result, or to a
 * tensor such a result was taken from, is seen through the other tensor, so
 * the tracer keeps the write even when its own result is never used.
 */
const ALIASING_OPS: ReadonlySet<string> = new Set([
  'aten::view', 'aten::view_as', 'aten::reshape', 'aten::reshape_as', 'aten::_reshape_alias', 'aten::transpose', 'aten::t',
  'aten::permute', 'aten::expand', 'aten::expand_as', 'aten::slice', 'aten::select', 'aten::narrow', 'aten::unsqueeze',
  'aten::squeeze', 'aten::flatten', 'aten::unflatten', 'aten::chunk', 'aten::split', 'aten::split_with_sizes',
  'aten::unsafe_chunk', 'aten::unsafe_split', 'aten::unbind', 'aten::tensor_split', 'aten::diagonal', 'aten::detach',
  'aten::alias', 'aten::contiguous', 'aten::to', 'aten::type_as', 'aten::movedim', 'aten::moveaxis', 'aten::swapaxes',
  'aten::swapdims', 'aten::unfold', 'aten::as_strided', 'aten::numpy_T', 'aten::real', 'aten::imag', 'aten::view_as_real',
  'aten::view_as_complex', 'aten::indices', 'aten::values', 'aten::hsplit', 'aten::vsplit', 'aten::dsplit', 'aten::mT', 'aten::mH',
]);

/**
 * A traced op: its reference name and its arguments in the reference's order.
 * Made by `defineOp` for an op of your own; `opSchema` gives a built-in one.
 */
export class OpSchema {
  /** The name recorded in the trace, e.g. `aten::sum` for `aten::sum.dim_IntList`. */
  readonly kind: string;
  /** The overload-qualified name this schema is listed under. */
  readonly qualifiedName: string;
  private readonly line: string;
  // The line is parsed on first use: nn names its schemas when it loads, and
  // a run uses a few of them.
  private parsed: { args: readonly OpArgSpec[]; returns: 'tensors' | 'int' | 'list'; positions: ReadonlyMap<string, number> } | undefined;

  /** Whether the op's results may share memory with its inputs (a view, or `self` returned as is). */
  readonly aliasesInput: boolean;

  /**
   * A schema, its line parsed on first use (`defineOp` parses it at once).
   * @param qualifiedName - `namespace::name`, optionally `.overload` (`aten::sum.dim_IntList`).
   * @param line - The arguments in order, separated by spaces: `name` for a value, `name:T` a tensor,
   * `name:S` a tensor a Python number is wrapped into, `name:T[]` a list of tensors, `name:N` a Scalar;
   * then optionally `-> int` or `-> list` (tensors by default).
   */
  constructor(qualifiedName: string, line: string) {
    this.qualifiedName = qualifiedName;
    const dot = qualifiedName.indexOf('.', qualifiedName.indexOf('::') + 2);
    this.kind = dot === -1 ? qualifiedName : qualifiedName.slice(0, dot);
    this.line = line;
    this.aliasesInput = ALIASING_OPS.has(this.kind);
  }

  /** The arguments, in the reference's order. */
  get args(): readonly OpArgSpec[] {
    return (this.parsed ??= this.parse()).args;
  }

  /** What the op returns: tensors (one output each), a Python int, or a list of tensors. */
  get returns(): 'tensors' | 'int' | 'list' {
    return (this.parsed ??= this.parse()).returns;
  }

  /** Position of a named argument, or -1. */
  indexOf(name: string): number {
    return (this.parsed ??= this.parse()).positions.get(name) ?? -1;
  }

  private parse(): NonNullable<OpSchema['parsed']> {
    const { qualifiedName, line } = this;
    const args: OpArgSpec[] = [];
    const arrow = line.indexOf('->');
    const returns = arrow === -1 ? 'tensors' : line.slice(arrow + 2).trim();
    if (returns !== 'tensors' && returns !== 'int' && returns !== 'list') {
      throw new ArgumentError(`op schema ${qualifiedName}`, 'return', returns, "'int' or 'list' after '->'");
    }
    for (const word of (arrow === -1 ? line : line.slice(0, arrow)).split(' ')) {
      if (word === '') continue;
      const [name = '', type] = word.split(':');
      const kind = type === undefined || type === 'N' ? 'value' : type === 'T' || type === 'S' ? 'tensor' : type === 'T[]' ? 'tensor-list' : null;
      if (kind === null || name === '') throw new ArgumentError(`op schema ${qualifiedName}`, 'argument', word, "a name, optionally with ':T', ':S', ':T[]' or ':N'");
      args.push({ name, kind, wrapsNumbers: type === 'S', scalar: type === 'N' });
    }
    const positions = new Map(args.map((a, i) => [a.name, i]));
    if (positions.size !== args.length) throw new ArgumentError(`op schema ${qualifiedName}`, 'arguments', line, 'distinct names');
    return { args, returns, positions };
  }
}

/** A schema for an op of your own: `defineOp('mylib::scale', 'self:T factor')`. A bad line throws here. */
export function defineOp(qualifiedName: string, line: string): OpSchema {
  const s = new OpSchema(qualifiedName, line);
  s.indexOf('');
  return s;
}

// The ops nn records, as PyTorch 1.13's native_functions.yaml declares them
// (the overload the tracer picks for the call nn makes), in families: each
// emitter looks its ops up in its family (`schemaIn(POOL_OPS, ...)`), so a
// bundler keeps only the families an app's ops use. A new op goes in the
// family of the file that emits it; `opSchema` and `knownOps` see every family.
// Every family is a plain object literal, which nothing changes.

// Arithmetic (other: a tensor or a Python number), and sizes while tracing:
// a size is a 0-dim tensor in the reference's graph, and a traced number
// passed where an op takes a Python int (or float) is converted
// (core/tensor.ts, trace/tracer.ts, elementwise.ts, shape_ops.ts).
export const ARITHMETIC_OPS = {
  'aten::add': 'self:T other:S alpha',
  'aten::add_': 'self:T other:S alpha',
  'aten::sub': 'self:T other:S alpha',
  'aten::rsub': 'self:T other:T alpha',
  'aten::mul': 'self:T other:S',
  'aten::mul_': 'self:T other:S',
  'aten::div': 'self:T other:S',
  'aten::div_': 'self:T other:S',
  'aten::div.Tensor_mode': 'self:T other:S rounding_mode',
  'aten::remainder': 'self:T other:T',
  'aten::floor_divide': 'self:T other:S',
  'aten::pow': 'self:T exponent:T',
  'aten::reciprocal': 'self:T',
  'aten::size': 'self:T dim -> int',
  'aten::Int': 'a:T -> int',
  'aten::Float': 'a:T -> int',
  'aten::ScalarImplicit': 'a:T -> int',
  'aten::numel': 'self:T -> int',
};

// Convolution (conv.ts).
export const CONV_OPS = {
  'aten::_convolution':
    'input:T weight:T bias:T stride padding dilation transposed output_padding groups benchmark deterministic cudnn_enabled allow_tf32',
};

// Patches (fold.ts).
export const FOLD_OPS = {
  'aten::im2col': 'self:T kernel_size dilation padding stride',
  'aten::col2im': 'self:T output_size kernel_size dilation padding stride',
};

// Matrix products (linear.ts, attention.ts).
export const MATMUL_OPS = {
  'aten::matmul': 'self:T other:T',
  'aten::mm': 'self:T mat2:T',
  'aten::bmm': 'self:T mat2:T',
  'aten::addmm': 'self:T mat1:T mat2:T beta alpha',
  'aten::einsum': 'equation tensors:T[] path',
  'aten::baddbmm': 'self:T batch1:T batch2:T beta alpha',
};

// Linear (linear.ts).
export const LINEAR_OPS = {
  'aten::linear': 'input:T weight:T bias:T',
};

// Normalisation with running statistics (norm.ts).
export const BATCH_NORM_OPS = {
  'aten::batch_norm': 'input:T weight:T bias:T running_mean:T running_var:T training momentum eps cudnn_enabled',
  'aten::instance_norm': 'input:T weight:T bias:T running_mean:T running_var:T use_input_stats momentum eps cudnn_enabled',
};

// The other normalisations, and norms (norm.ts).
export const NORM_OPS = {
  'aten::layer_norm': 'input:T normalized_shape weight:T bias:T eps cudnn_enable',
  'aten::group_norm': 'input:T num_groups weight:T bias:T eps cudnn_enabled',
  'aten::norm.ScalarOpt_dim': 'self:T p dim keepdim',
  'aten::frobenius_norm': 'self:T dim keepdim',
};

// Max pooling (pool.ts), named at run time (`aten::max_pool${n}d`).
export const MAX_POOL_OPS = {
  'aten::max_pool1d': 'self:T kernel_size stride padding dilation ceil_mode',
  'aten::max_pool2d': 'self:T kernel_size stride padding dilation ceil_mode',
  'aten::max_pool3d': 'self:T kernel_size stride padding dilation ceil_mode',
  'aten::max_pool1d_with_indices': 'self:T kernel_size stride padding dilation ceil_mode',
  'aten::max_pool2d_with_indices': 'self:T kernel_size stride padding dilation ceil_mode',
  'aten::max_pool3d_with_indices': 'self:T kernel_size stride padding dilation ceil_mode',
};

// The other pooling and unpooling (pool.ts), named at run time.
export const POOL_OPS = {
  'aten::avg_pool1d': 'self:T kernel_size stride padding ceil_mode count_include_pad',
  'aten::avg_pool2d': 'self:T kernel_size stride padding ceil_mode count_include_pad divisor_override',
  'aten::avg_pool3d': 'self:T kernel_size stride padding ceil_mode count_include_pad divisor_override',
  'aten::adaptive_avg_pool1d': 'self:T output_size',
  'aten::adaptive_avg_pool2d': 'self:T output_size',
  'aten::adaptive_avg_pool3d': 'self:T output_size',
  'aten::adaptive_max_pool1d': 'self:T output_size',
  'aten::adaptive_max_pool2d': 'self:T output_size',
  'aten::adaptive_max_pool3d': 'self:T output_size',
  'aten::max_unpool2d': 'self:T indices:T output_size',
  'aten::max_unpool3d': 'self:T indices:T output_size stride padding',
};

// Resampling, rearranging, similarities and bilinear (resample.ts, shuffle.ts).
export const RESAMPLE_OPS = {
  'aten::upsample_nearest1d.vec': 'input:T output_size scale_factors',
  'aten::upsample_nearest2d.vec': 'input:T output_size scale_factors',
  'aten::upsample_nearest3d.vec': 'input:T output_size scale_factors',
  'aten::upsample_linear1d.vec': 'input:T output_size align_corners scale_factors',
  'aten::upsample_bilinear2d.vec': 'input:T output_size align_corners scale_factors',
  'aten::upsample_bicubic2d.vec': 'input:T output_size align_corners scale_factors',
  'aten::upsample_trilinear3d.vec': 'input:T output_size align_corners scale_factors',
  'aten::pixel_shuffle': 'self:T upscale_factor',
  'aten::pixel_unshuffle': 'self:T downscale_factor',
  'aten::channel_shuffle': 'self:T groups',
  'aten::unflatten': 'self:T dim sizes',
  'aten::cosine_similarity': 'x1:T x2:T dim eps',
  'aten::pairwise_distance': 'x1:T x2:T p eps keepdim',
  'aten::grid_sampler': 'input:T grid:T interpolation_mode padding_mode align_corners',
  'aten::bilinear': 'input1:T input2:T weight:T bias:T',
};

// ReLU, and ReLU6 as hardtanh (elementwise.ts).
export const RELU_OPS = {
  'aten::relu': 'self:T',
  'aten::relu_': 'self:T',
  'aten::hardtanh': 'self:T min_val max_val',
  'aten::hardtanh_': 'self:T min_val max_val',
};

// Activations, dropout, clamps and exp (elementwise.ts).
export const ELEMENTWISE_OPS = {
  'aten::hardswish': 'self:T',
  'aten::hardswish_': 'self:T',
  'aten::hardsigmoid': 'self:T',
  'aten::hardsigmoid_': 'self:T',
  'aten::silu': 'self:T',
  'aten::silu_': 'self:T',
  'aten::gelu': 'self:T approximate',
  'aten::sigmoid': 'self:T',
  'aten::tanh': 'self:T',
  'aten::exp': 'self:T',
  'aten::clamp': 'self:T min max',
  'aten::clamp_min': 'self:T min',
  'aten::softmax': 'self:T dim dtype',
  'aten::dropout': 'input:T p train',
  'aten::dropout_': 'input:T p train',
};

// Views and copies of one tensor (shape_ops.ts).
export const VIEW_OPS = {
  'aten::reshape': 'self:T shape',
  'aten::view': 'self:T size',
  'aten::permute': 'self:T dims',
  'aten::transpose': 'self:T dim0 dim1',
  'aten::t': 'self:T',
  'aten::contiguous': 'self:T memory_format',
  'aten::expand': 'self:T size implicit',
  'aten::expand_as': 'self:T other:T',
  'aten::select': 'self:T dim index',
  'aten::slice': 'self:T dim start end step',
  'aten::to': 'self:T dtype non_blocking copy memory_format',
};

// Dimensions added or dropped (shape_ops.ts, dropout.ts).
export const RANK_OPS = {
  'aten::flatten': 'self:T start_dim end_dim',
  'aten::squeeze': 'self:T',
  'aten::squeeze.dim': 'self:T dim',
  'aten::unsqueeze': 'self:T dim',
  'aten::unsqueeze_': 'self:T dim',
  'aten::squeeze_.dim': 'self:T dim',
};

// Padding (shape_ops.ts).
export const PAD_OPS = {
  'aten::pad': 'self:T pad mode value',
  'aten::constant_pad_nd': 'self:T pad value',
};

// Joins, splits, repeats and constructors (shape_ops.ts).
export const SHAPE_OPS = {
  'aten::copy_': 'self:T src:T non_blocking',
  'aten::cat': 'tensors:T[] dim',
  'aten::stack': 'tensors:T[] dim',
  'aten::split': 'self:T split_size dim -> list',
  'aten::split_with_sizes': 'self:T split_sizes dim -> list',
  'aten::chunk': 'self:T chunks dim -> list',
  'aten::unbind': 'self:T dim -> list',
  'aten::tensor_split': 'self:T indices dim -> list',
  'aten::repeat': 'self:T repeats',
  'aten::repeat_interleave': 'self:T repeats:T dim output_size',
  'aten::roll': 'self:T shifts dims',
  'aten::zeros': 'size dtype layout device pin_memory',
  'aten::ones': 'size dtype layout device pin_memory',
  'aten::empty': 'size dtype layout device pin_memory memory_format',
  'aten::arange': 'end:N dtype layout device pin_memory',
  'aten::new_zeros': 'self:T size dtype layout device pin_memory',
  'aten::arange.start': 'start:N end:N dtype layout device pin_memory',
  'aten::arange.start_step': 'start:N end:N step:N dtype layout device pin_memory',
};

// The other activations and dropouts (activation.ts, dropout.ts).
export const ACTIVATION_OPS = {
  'aten::feature_dropout': 'input:T p train',
  'aten::feature_dropout_': 'input:T p train',
  'aten::elu': 'self:T alpha scale input_scale',
  'aten::elu_': 'self:T alpha scale input_scale',
  'aten::celu': 'self:T alpha',
  'aten::celu_': 'self:T alpha',
  'aten::selu': 'self:T',
  'aten::selu_': 'self:T',
  'aten::leaky_relu': 'self:T negative_slope',
  'aten::leaky_relu_': 'self:T negative_slope',
  'aten::rrelu': 'self:T lower upper training generator',
  'aten::rrelu_': 'self:T lower upper training generator',
  'aten::prelu': 'self:T weight:T',
  'aten::glu': 'self:T dim',
  'aten::hardshrink': 'self:T lambd',
  'aten::softshrink': 'self:T lambd',
  'aten::log_sigmoid': 'self:T',
  'aten::mish': 'self:T',
  'aten::mish_': 'self:T',
  'aten::softplus': 'self:T beta threshold',
  'aten::threshold': 'self:T threshold value',
  'aten::threshold_': 'self:T threshold value',
  'aten::log_softmax': 'self:T dim dtype',
  'aten::alpha_dropout': 'input:T p train',
  'aten::alpha_dropout_': 'input:T p train',
  'aten::feature_alpha_dropout': 'input:T p train',
  'aten::feature_alpha_dropout_': 'input:T p train',
};

// Recurrent layers (rnn.ts).
export const RNN_OPS = {
  'aten::rnn_tanh': 'input:T hx:T params:T[] has_biases num_layers dropout train bidirectional batch_first',
  'aten::rnn_relu': 'input:T hx:T params:T[] has_biases num_layers dropout train bidirectional batch_first',
  'aten::gru': 'input:T hx:T params:T[] has_biases num_layers dropout train bidirectional batch_first',
  'aten::lstm': 'input:T hx:T[] params:T[] has_biases num_layers dropout train bidirectional batch_first',
  'aten::unsafe_chunk': 'self:T chunks dim -> list',
  'aten::sigmoid_': 'self:T',
  'aten::tanh_': 'self:T',
};

// Embeddings (sparse.ts).
export const SPARSE_OPS = {
  'aten::embedding': 'weight:T indices:T padding_idx scale_grad_by_freq sparse',
  'aten::embedding_renorm_': 'self:T indices:T max_norm norm_type',
  'aten::detach': 'self:T',
  'aten::embedding_bag.padding_idx':
    'weight:T indices:T offsets:T scale_grad_by_freq mode sparse per_sample_weights:T include_last_offset padding_idx',
};

// Tensor functions: comparisons, fills, sums, pointwise, masks, ranges,
// indexing, sorting and selection, and those of the language models (GPT-2's
// causal mask, Mixtral's routing) (elementwise.ts, pointwise.ts, masks.ts,
// ranges.ts, indexing.ts, reduce.ts, llm_ops.ts, llm_ops2.ts).
export const TENSOR_FUNCTION_OPS = {
  'aten::index': 'self:T indices:T[]',
  'aten::sign': 'self:T',
  'aten::abs': 'self:T',
  'aten::neg': 'self:T',
  'aten::gt': 'self:T other:T',
  'aten::logical_or': 'self:T other:T',
  'aten::zeros_like': 'self:T dtype layout device pin_memory memory_format',
  'aten::masked_fill_': 'self:T mask:T value',
  'aten::sqrt': 'self:T',
  'aten::rsqrt': 'self:T',
  'aten::log': 'self:T',
  'aten::sin': 'self:T',
  'aten::cos': 'self:T',
  'aten::amax': 'self:T dim keepdim',
  'aten::max': 'self:T',
  'aten::max.dim': 'self:T dim keepdim',
  'aten::max.other': 'self:T other:T',
  'aten::min': 'self:T',
  'aten::min.dim': 'self:T dim keepdim',
  'aten::min.other': 'self:T other:T',
  'aten::full': 'size fill_value:N dtype layout device pin_memory',
  'aten::ones_like': 'self:T dtype layout device pin_memory memory_format',
  'aten::triu': 'self:T diagonal',
  'aten::tril': 'self:T diagonal',
  'aten::linspace': 'start:N end:N steps dtype layout device pin_memory',
  'aten::flip': 'self:T dims',
  'aten::full_like': 'self:T fill_value:N dtype layout device pin_memory memory_format',
  'aten::type_as': 'self:T other:T',
  'aten::floor': 'self:T',
  'aten::round': 'self:T',
  'aten::narrow': 'self:T dim start length',
  'aten::gather': 'self:T dim index:T sparse_grad',
  'aten::index_select': 'self:T dim index:T',
  'aten::one_hot': 'self:T num_classes',
  'aten::topk': 'self:T k dim largest sorted',
  'aten::sort': 'self:T dim descending',
  'aten::cumsum': 'self:T dim dtype',
  'aten::argmax': 'self:T dim keepdim',
  'aten::argmin': 'self:T dim keepdim',
  'aten::where.self': 'condition:T self:T other:T',
  'aten::where.ScalarSelf': 'condition:T self:N other:T',
  'aten::where.ScalarOther': 'condition:T self:T other:N',
  'aten::where.Scalar': 'condition:T self:N other:N',
  'aten::to.dtype_layout': 'self:T dtype layout device pin_memory non_blocking copy memory_format',
  'aten::to.device': 'self:T device dtype non_blocking copy memory_format',
  'aten::erf': 'self:T',
  'aten::bitwise_or_': 'self:T other:T',
  'aten::where.condition': 'condition:T -> list',
  'aten::index_add_': 'self:T dim index:T source:T alpha',
  'aten::eq': 'self:T other:T',
  'aten::ne': 'self:T other:T',
  'aten::lt': 'self:T other:T',
  'aten::le': 'self:T other:T',
  'aten::ge': 'self:T other:T',
  'aten::masked_fill': 'self:T mask:T value',
  'aten::fill_': 'self:T value:T',
  'aten::zero_': 'self:T',
  'aten::clone': 'self:T memory_format',
  'aten::bernoulli_': 'self:T p generator',
  'aten::sum': 'self:T dtype',
  'aten::sum.dim_IntList': 'self:T dim keepdim dtype',
  'aten::mean': 'self:T dtype',
  'aten::mean.dim': 'self:T dim keepdim dtype',
};

/** A family of built-in schema lines, by qualified name. */
export type OpFamily = Readonly<Record<string, string>>;

/** The qualified names of a family's ops (`OpIn<typeof POOL_OPS>`). */
export type OpIn<Family extends OpFamily> = keyof Family & string;

const FAMILIES: readonly OpFamily[] = [
  ARITHMETIC_OPS,
  CONV_OPS,
  FOLD_OPS,
  MATMUL_OPS,
  LINEAR_OPS,
  BATCH_NORM_OPS,
  NORM_OPS,
  MAX_POOL_OPS,
  POOL_OPS,
  RESAMPLE_OPS,
  RELU_OPS,
  ELEMENTWISE_OPS,
  VIEW_OPS,
  RANK_OPS,
  PAD_OPS,
  SHAPE_OPS,
  ACTIVATION_OPS,
  RNN_OPS,
  SPARSE_OPS,
  TENSOR_FUNCTION_OPS,
];

// Schemas are parsed on first use (startup parses only the ops a run needs):
// a memo of the fixed tables above, shared by every lookup, so one name is
// always one schema object.
const PARSED = new Map<string, OpSchema>();

/** The built-in schema `qualifiedName` of `family`; throws for a name it does not hold. */
export function schemaIn<Family extends OpFamily>(family: Family, qualifiedName: OpIn<Family>): OpSchema {
  let s = PARSED.get(qualifiedName);
  if (s === undefined) {
    const line = Object.hasOwn(family, qualifiedName) ? family[qualifiedName] : undefined;
    if (line === undefined) throw new UnknownNameError('op schema', qualifiedName, Object.keys(family));
    s = new OpSchema(qualifiedName, line);
    PARSED.set(qualifiedName, s);
  }
  return s;
}

/** The qualified names of every built-in schema. */
export function knownOps(): readonly string[] {
  return FAMILIES.flatMap((family) => Object.keys(family));
}

/** The built-in schema of an op (overload-qualified name); throws for an unknown name. */
export function opSchema(qualifiedName: string): OpSchema {
  const parsed = PARSED.get(qualifiedName);
  if (parsed !== undefined) return parsed;
  const family = FAMILIES.find((f) => Object.hasOwn(f, qualifiedName));
  if (family === undefined) throw new UnknownNameError('op schema', qualifiedName, knownOps());
  return schemaIn(family, qualifiedName);
}
