// Embedding lookups as PyTorch 1.13 traces them: `F.embedding` records
// aten::embedding (unsupported by the reference: 0 flops); with `max_norm` it
// first makes the indices contiguous and renormalises the looked-up rows of
// the weight in place (`embedding_renorm_` on `weight.detach()`), which the
// trace keeps. Shape-only tracing cannot know which rows the ids select; the
// ops and shapes do not depend on it.

import { SPARSE_OPS } from '../../core/op_schema.js';
import type { DType } from '../../core/dtype.js';
import { ArgumentError, ShapeError } from '../../core/errors.js';
import { concrete, sameShape } from '../../core/shape.js';
import { checkTensor, Tensor } from '../../core/tensor.js';
import { emit } from '../../core/dispatch.js';
import { arange, contiguous, numel, reshape } from './shape_ops.js';
import { dimSub, record, recordInPlace, schema, sizeAtLeast } from './util.js';

const EMBEDDING = /* @__PURE__ */ schema(SPARSE_OPS, 'aten::embedding');
const RENORM_ = /* @__PURE__ */ schema(SPARSE_OPS, 'aten::embedding_renorm_');
const DETACH = /* @__PURE__ */ schema(SPARSE_OPS, 'aten::detach');

/** `x.detach()`: the same shape, no gradient (the weight's renorm writes through it). */
function detach(x: Tensor): Tensor {
  checkTensor(DETACH.kind, x);
  return record(DETACH, { self: x }, x.shape, x.dtype);
}

/** `torch.embedding_renorm_(weight.detach(), ids, max_norm, norm_type)`, kept by the trace (in place). */
function renorm(weight: Tensor, ids: Tensor, maxNorm: number, normType: number): void {
  const w = detach(weight);
  recordInPlace(RENORM_, { self: w, indices: ids, max_norm: maxNorm, norm_type: normType }, w);
}

/** `F.embedding`'s keyword arguments: padding_idx=None, max_norm=None (a number records aten::embedding_renorm_), norm_type=2, scale_grad_by_freq=False, sparse=False. */
export interface EmbeddingOptions {
  paddingIdx?: number | null;
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  sparse?: boolean;
}

/**
 * `F.embedding(input, weight, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse)`:
 * integer ids of any shape -> `input.shape + [embedding_dim]`.
 */
export function embedding(input: Tensor, weight: Tensor, options: EmbeddingOptions = {}): Tensor {
  const op = EMBEDDING.kind;
  checkTensor(op, input, 'indices');
  checkTensor(op, weight, 'weight');
  if (input.dtype !== 'int64' && input.dtype !== 'int32') {
    throw new ArgumentError(op, 'indices', `a ${input.dtype} tensor`, "a tensor of one of the scalar types Long, Int (token ids: pass new Tensor(shape, 'int64'))");
  }
  if (weight.rank !== 2) throw new ShapeError(op, "'weight' must be 2-D", { weight: weight.shape });
  const n = concrete(weight.shape[0]!, `${op}: num_embeddings`);
  let paddingIdx = options.paddingIdx ?? null;
  if (paddingIdx !== null) {
    if (!Number.isSafeInteger(paddingIdx) || paddingIdx >= n || paddingIdx < -n) {
      throw new ArgumentError(op, 'padding_idx', paddingIdx, `an integer in [-${n}, ${n}) (within num_embeddings)`);
    }
    if (paddingIdx < 0) paddingIdx = n + paddingIdx;
  }
  let ids = input;
  const maxNorm = options.maxNorm ?? null;
  if (maxNorm !== null) {
    ids = contiguous(input);
    renorm(weight, ids, maxNorm, options.normType ?? 2);
  }
  return record(
    EMBEDDING,
    { weight, indices: ids, padding_idx: paddingIdx ?? -1, scale_grad_by_freq: options.scaleGradByFreq ?? false, sparse: options.sparse ?? false },
    [...ids.shape, weight.shape[1]!],
    weight.dtype,
  );
}

// EmbeddingBag (layer_zoo_misc): bags of ids reduced by sum, mean or max.

const EMBEDDING_BAG = /* @__PURE__ */ schema(SPARSE_OPS, 'aten::embedding_bag.padding_idx');

/** `F.embedding_bag`'s `mode`: how each bag's rows are reduced. */
export type EmbeddingBagMode = 'sum' | 'mean' | 'max';

const MODE_ENUM: Readonly<Record<EmbeddingBagMode, number>> = { sum: 0, mean: 1, max: 2 };

/** `F.embedding_bag`'s keyword arguments, PyTorch's defaults: max_norm=None, norm_type=2, scale_grad_by_freq=False, mode='mean', sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None. */
export interface EmbeddingBagOptions {
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  /** 'mean' by default, as in PyTorch. */
  mode?: EmbeddingBagMode;
  sparse?: boolean;
  perSampleWeights?: Tensor | null;
  includeLastOffset?: boolean;
  paddingIdx?: number | null;
}

const isIndexType = (d: DType): boolean => d === 'int64' || d === 'int32';
const isFloat = (d: DType): boolean => d === 'float32' || d === 'float16' || d === 'bfloat16' || d === 'float64';

/**
 * `F.embedding_bag(input, weight, offsets, max_norm, norm_type,
 * scale_grad_by_freq, mode, sparse, per_sample_weights, include_last_offset,
 * padding_idx)`: one row of `embedding_dim` values per bag.
 *
 * A 2-D `input` (B, N) is B bags of N ids: PyTorch builds the offsets
 * (`aten::numel`, `aten::size`, `aten::arange`) and flattens the ids (and the
 * per-sample weights) with `aten::reshape`, all traced. A 1-D `input` takes
 * 1-D `offsets`, one start per bag (plus the end with `include_last_offset`).
 * Where each bag starts is data: shape-only tracing checks no offset value
 * (PyTorch checks that the first is 0 and none passes the input's length),
 * and the shapes never depend on them.
 *
 * Traced as `aten::embedding_bag` with its four outputs: the result
 * (bags, embedding_dim); `offset2bag`, (0) on the fast path (mode 'sum', a
 * float32 or float16 weight, no padding_idx), else one entry per id;
 * `bag_size`, one per bag; `max_indices`, (bags, embedding_dim) in mode 'max'
 * and else `bag_size`'s shape. The weight is taken to require gradients, as a
 * module's weight does in the reference's trace.
 */
export function embeddingBag(input: Tensor, weight: Tensor, offsets: Tensor | null = null, options: EmbeddingBagOptions = {}): Tensor {
  const op = EMBEDDING_BAG.kind;
  checkTensor(op, input, 'input');
  checkTensor(op, weight, 'weight');
  if (offsets !== null) checkTensor(op, offsets, 'offsets');
  let psw = options.perSampleWeights ?? null;
  if (psw !== null) checkTensor(op, psw, 'per_sample_weights');
  // PyTorch's old argument order (weight, input) is swapped back, with a warning.
  if (weight.dtype === 'int64' && isFloat(input.dtype)) [input, weight] = [weight, input];
  if (psw !== null && !sameShape(input.shape, psw.shape)) {
    throw new ShapeError(op, 'per_sample_weights must have the same shape as the input', { per_sample_weights: psw.shape, input: input.shape });
  }
  let ids = input;
  let bags: Tensor;
  if (input.rank === 2) {
    if (offsets !== null) {
      throw new ArgumentError(op, 'offsets', offsets, 'None when input is 2-D (each row is a bag of fixed length)');
    }
    bags = arange(0, numel(input), input.size(1), { dtype: input.dtype });
    ids = reshape(input, [-1]);
    if (psw !== null) psw = reshape(psw, [-1]);
  } else if (input.rank === 1) {
    if (offsets === null) throw new ArgumentError(op, 'offsets', null, 'a 1-D Tensor when input is 1-D (offsets has to be a 1D Tensor but got None)');
    if (offsets.rank !== 1) throw new ShapeError(op, 'offsets has to be a 1D Tensor', { offsets: offsets.shape });
    bags = offsets;
  } else {
    throw new ShapeError(op, `input has to be 1D or 2D Tensor, but got Tensor of dimension ${input.rank}`, { input: input.shape });
  }
  const mode = options.mode ?? 'mean';
  if (typeof mode !== 'string' || !Object.hasOwn(MODE_ENUM, mode)) throw new ArgumentError(op, 'mode', mode, "one of 'sum', 'mean' or 'max'");
  const scaleGradByFreq = options.scaleGradByFreq ?? false;
  const sparse = options.sparse ?? false;
  if (mode === 'max' && scaleGradByFreq) throw new ArgumentError(op, 'scale_grad_by_freq', true, "False in mode 'max' (max mode does not support scaling the gradient by the frequency)");
  if (mode === 'max' && sparse) throw new ArgumentError(op, 'sparse', true, "False in mode 'max' (max mode does not support sparse weights)");
  const maxNorm = options.maxNorm ?? null;
  if (maxNorm !== null) renorm(weight, ids, maxNorm, options.normType ?? 2);
  if (psw !== null && mode !== 'sum') {
    throw new ArgumentError(op, 'per_sample_weights', psw, `None in mode '${mode}' (per_sample_weights is only supported for mode='sum')`);
  }
  // What the aten kernel checks.
  if (!isIndexType(ids.dtype)) throw new ArgumentError(op, 'indices', `a ${ids.dtype} tensor`, 'a tensor of one of the scalar types Long, Int');
  if (!isIndexType(bags.dtype)) throw new ArgumentError(op, 'offsets', `a ${bags.dtype} tensor`, 'a tensor of one of the scalar types Long, Int');
  if (weight.dtype !== 'float32' && weight.dtype !== 'float16' && weight.dtype !== 'float64') {
    throw new ArgumentError(op, 'weight', `a ${weight.dtype} tensor`, 'a tensor of one of the scalar types Half, Float, Double');
  }
  if (psw !== null && psw.dtype !== weight.dtype) {
    throw new ArgumentError(op, 'per_sample_weights', `a ${psw.dtype} tensor`, `of the weight's type (${weight.dtype})`);
  }
  if (weight.rank !== 2) throw new ShapeError(op, "'weight' must be 2-D", { weight: weight.shape });
  const n = concrete(weight.shape[0]!, `${op}: num_embeddings`);
  const paddingIdx = options.paddingIdx ?? null;
  if (paddingIdx !== null && (!Number.isSafeInteger(paddingIdx) || paddingIdx >= n || paddingIdx < -n)) {
    throw new ArgumentError(op, 'padding_idx', paddingIdx, `an integer in [-${n}, ${n}) (padding_idx must be within the number of embeddings)`);
  }
  const includeLastOffset = options.includeLastOffset ?? false;
  if (includeLastOffset && !sizeAtLeast(op, 'the number of offsets', bags.shape[0]!, 1)) {
    throw new ShapeError(op, 'include_last_offset: number of offset should be at least 1', { offsets: bags.shape });
  }
  const count = includeLastOffset ? dimSub(bags.shape[0]!, 1) : bags.shape[0]!;
  const dim = weight.shape[1]!;
  const fastSum = mode === 'sum' && paddingIdx === null && weight.dtype !== 'float64';
  const out = new Tensor([count, dim], weight.dtype);
  const offset2bag = new Tensor(fastSum ? [0] : [ids.shape[0]!], ids.dtype);
  const bagSize = new Tensor([count], ids.dtype);
  const maxIndices = new Tensor(mode === 'max' ? [count, dim] : [count], ids.dtype);
  emit(
    EMBEDDING_BAG,
    {
      weight,
      indices: ids,
      offsets: bags,
      scale_grad_by_freq: scaleGradByFreq,
      mode: MODE_ENUM[mode],
      sparse,
      per_sample_weights: psw,
      include_last_offset: includeLastOffset,
      padding_idx: paddingIdx,
    },
    [out, offset2bag, bagSize, maxIndices],
  );
  return out;
}
