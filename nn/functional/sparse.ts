// Embedding lookups as PyTorch 1.13 traces them: `F.embedding` records
// aten::embedding (unsupported by the reference: 0 flops); with `max_norm` it
// first makes the indices contiguous and renormalises the looked-up rows of
// the weight in place (`embedding_renorm_` on `weight.detach()`), which the
// trace keeps. Shape-only tracing cannot know which rows the ids select; the
// ops and shapes do not depend on it.

import { ArgumentError, ShapeError } from '../../core/errors.js';
import { checkTensor, type Tensor } from '../../core/tensor.js';
import { contiguous } from './shape_ops.js';
import { record, recordInPlace, schema } from './util.js';

const EMBEDDING = schema('aten::embedding');
const RENORM_ = schema('aten::embedding_renorm_');
const DETACH = schema('aten::detach');

/** `x.detach()`: the same shape, no gradient (the weight's renorm writes through it). */
function detach(x: Tensor): Tensor {
  checkTensor(DETACH.kind, x);
  return record(DETACH, { self: x }, x.shape, x.dtype);
}

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
  const n = weight.shape[0]!;
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
    const w = detach(weight);
    recordInPlace(RENORM_, { self: w, indices: ids, max_norm: maxNorm, norm_type: options.normType ?? 2 }, w);
  }
  return record(
    EMBEDDING,
    { weight, indices: ids, padding_idx: paddingIdx ?? -1, scale_grad_by_freq: options.scaleGradByFreq ?? false, sparse: options.sparse ?? false },
    [...ids.shape, weight.shape[1]!],
    weight.dtype,
  );
}
