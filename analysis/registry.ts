// Which ops are counted, and how; which are ignored. Analyzers copy these at
// construction, so `setOpHandle` on one analyzer never changes another.

import {
  addmmFlops,
  batchNormFlops,
  bmmFlops,
  convFlops,
  einsumFlops,
  elementwiseFlops,
  genericActivation,
  linearFlops,
  matmulFlops,
  normFlops,
  type OpHandle,
} from './handles.js';

/**
 * The handles a {@link FlopAnalyzer} starts with, by op name: fvcore's FLOP
 * counters for convolution, linear, matrix products, einsum, the norms,
 * upsampling, adaptive average pooling and grid sampling (one multiply-add
 * counts 1).
 */
export const DEFAULT_FLOP_HANDLES: Readonly<Record<string, OpHandle>> = {
  'aten::addmm': addmmFlops,
  'aten::bmm': bmmFlops,
  'aten::_convolution': convFlops,
  'aten::einsum': einsumFlops,
  'aten::matmul': matmulFlops,
  'aten::mm': matmulFlops,
  'aten::linear': linearFlops,
  'aten::batch_norm': batchNormFlops,
  'aten::group_norm': normFlops,
  'aten::layer_norm': normFlops,
  'aten::instance_norm': normFlops,
  'aten::upsample_nearest2d': elementwiseFlops('input', 0, 1),
  'aten::upsample_bilinear2d': elementwiseFlops('input', 0, 4),
  'aten::adaptive_avg_pool2d': elementwiseFlops('self', 1, 0),
  'aten::grid_sampler': elementwiseFlops('input', 0, 4),
};

/**
 * The handles an {@link ActivationAnalyzer} starts with: the output elements of
 * convolutions, linear, addmm, bmm, matmul and einsum, as fvcore counts
 * activations.
 */
export const DEFAULT_ACTIVATION_HANDLES: Readonly<Record<string, OpHandle>> = {
  'aten::_convolution': genericActivation('conv'),
  'aten::addmm': genericActivation(),
  'aten::bmm': genericActivation(),
  'aten::einsum': genericActivation(),
  'aten::matmul': genericActivation(),
  'aten::linear': genericActivation(),
};

/**
 * The library's own handles: they only read the nodes they are given, so
 * they read the trace's nodes directly; any other handle reads frozen views
 * of them (trace/graph.ts frozenView).
 */
export const BUILTIN_HANDLES: ReadonlySet<OpHandle> = new Set([...Object.values(DEFAULT_FLOP_HANDLES), ...Object.values(DEFAULT_ACTIVATION_HANDLES)]);

/** Ops that cost nothing and are not reported as unsupported. */
export const IGNORED_OPS: ReadonlySet<string> = new Set([
  'aten::Int',
  'aten::ScalarImplicit',
  'aten::__and__',
  'aten::arange',
  'aten::bitwise_not',
  'aten::cat',
  'aten::chunk',
  'aten::clamp',
  'aten::clamp_',
  'aten::constant_pad_nd',
  'aten::contiguous',
  'aten::copy_',
  'aten::detach',
  'aten::dropout',
  'aten::empty',
  'aten::eq',
  'aten::expand',
  'aten::flatten',
  'aten::floor',
  'aten::floor_divide',
  'aten::full',
  'aten::full_like',
  'aten::gather',
  'aten::ge',
  'aten::gt',
  'aten::index',
  'aten::index_put_',
  'aten::masked_fill',
  'aten::max',
  'aten::narrow',
  'aten::new_empty',
  'aten::new_full',
  'aten::new_zeros',
  'aten::nonzero',
  'aten::ones',
  'aten::permute',
  'aten::relu',
  'aten::relu_',
  'aten::remainder',
  'aten::reshape',
  'aten::roll',
  'aten::select',
  'aten::size',
  'aten::slice',
  'aten::split',
  'aten::split_with_sizes',
  'aten::squeeze',
  'aten::stack',
  'aten::t',
  'aten::to',
  'aten::transpose',
  'aten::type_as',
  'aten::unbind',
  'aten::unsqueeze',
  'aten::unsqueeze_',
  'aten::view',
  'aten::zeros',
  'aten::zeros_like',
]);

/** `aten::batch_norm` -> `batch_norm`. */
export function simplifyOpName(kind: string): string {
  const p = kind.indexOf('::');
  return p === -1 ? kind : kind.slice(p + 2);
}
