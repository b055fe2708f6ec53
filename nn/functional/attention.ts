// F.multi_head_attention_forward as PyTorch 1.13 runs it (the slow path, which
// a JIT trace with gradients enabled takes), masks included, and the batched
// matrix product it uses with a mask (baddbmm).
//
// Sizes are read with `x.size()`, so the arithmetic multi_head_attention_forward
// does on them (`embed_dim.div(num_heads, rounding_mode='trunc')`,
// `bsz * num_heads` per view, `tgt_len * bsz`) is traced as the reference
// traces it; what feeds no op (the divisibility assert, unused sizes) is
// dropped by the trace's dead-code rule.

import { MATMUL_OPS, TENSOR_FUNCTION_OPS } from '../../core/op_schema.js';
import { ArgumentError, ShapeError } from '../../core/errors.js';
import { broadcastShapes, concrete, sameShape } from '../../core/shape.js';
import { sizeMul } from '../../core/sizes.js';
import type { Tensor, TracedInt } from '../../core/tensor.js';
import { div, dropout, softmax, sum } from './elementwise.js';
import { bmm, linear } from './linear.js';
import { logicalOr, maskedFill_, zerosLike } from './pointwise.js';
import { cat, chunk, contiguous, expand, pad, repeat, reshape, split, squeeze, transpose, unsqueeze, view, zeros } from './shape_ops.js';
import { record, schema } from './util.js';

const BADDBMM = /* @__PURE__ */ schema(MATMUL_OPS, 'aten::baddbmm');
const MASKED_FILL = /* @__PURE__ */ schema(TENSOR_FUNCTION_OPS, 'aten::masked_fill');

/** `x.masked_fill(mask, value)` out of place: the result has the broadcast shape of `x` and `mask`. */
function maskedFillBroadcast(x: Tensor, mask: Tensor, value: number): Tensor {
  return record(MASKED_FILL, { self: x, mask, value }, broadcastShapes(MASKED_FILL.kind, x.shape, mask.shape), x.dtype);
}

/** `torch.baddbmm(input, batch1, batch2)`: `input + batch1 @ batch2`, `input` broadcast to the product's shape. */
export function baddbmm(input: Tensor, batch1: Tensor, batch2: Tensor, beta = 1, alpha = 1): Tensor {
  const op = BADDBMM.kind;
  if (batch1.rank !== 3 || batch2.rank !== 3 || batch1.shape[0] !== batch2.shape[0] || batch1.shape[2] !== batch2.shape[1]) {
    throw new ShapeError(op, 'expected 3-D batches (b, n, m) and (b, m, p)', { batch1: batch1.shape, batch2: batch2.shape });
  }
  const shape = [batch1.shape[0]!, batch1.shape[1]!, batch2.shape[2]!];
  if (!sameShape(broadcastShapes(op, shape, input.shape), shape)) {
    throw new ShapeError(op, 'input does not broadcast to the product\'s shape', { input: input.shape, batch1: batch1.shape, batch2: batch2.shape });
  }
  return record(BADDBMM, { self: input, batch1, batch2, beta, alpha }, shape, batch1.dtype);
}

/** The arguments F.multi_head_attention_forward receives from the module. */
export interface MhaWeights {
  embedDim: number;
  numHeads: number;
  inProjWeight: Tensor | null;
  inProjBias: Tensor | null;
  biasK: Tensor | null;
  biasV: Tensor | null;
  addZeroAttn: boolean;
  dropoutP: number;
  outProjWeight: Tensor;
  outProjBias: Tensor | null;
  training: boolean;
  needWeights: boolean;
  averageAttnWeights: boolean;
  /** `(N, S)` (or `(S)` unbatched), bool or float; true / -inf marks a padded key. */
  keyPaddingMask?: Tensor | null;
  /** `(L, S)` or `(N * num_heads, L, S)`, bool or float. */
  attnMask?: Tensor | null;
  /** Set for separate q/k/v weights (`use_separate_proj_weight=True`). */
  separate?: { q: Tensor; k: Tensor; v: Tensor } | null;
}

const isFloat = (t: Tensor): boolean => t.dtype === 'float32' || t.dtype === 'float16' || t.dtype === 'bfloat16' || t.dtype === 'float64';

/** `_in_projection_packed`: one linear for self-attention, split weights otherwise. */
function inProjectionPacked(q: Tensor, k: Tensor, v: Tensor, w: Tensor, b: Tensor | null): [Tensor, Tensor, Tensor] {
  if (k === v) {
    if (q === k) {
      const [pq, pk, pv] = chunk(linear(q, w, b), 3, -1) as [Tensor, Tensor, Tensor];
      return [pq, pk, pv];
    }
    const E = q.size(-1);
    const [wQ, wKv] = split(w, [E, E.mul(2)]) as [Tensor, Tensor];
    const [bQ, bKv] = b === null ? [null, null] : (split(b, [E, E.mul(2)]) as [Tensor, Tensor]);
    const projQ = linear(q, wQ, bQ);
    const [projK, projV] = chunk(linear(k, wKv, bKv), 2, -1) as [Tensor, Tensor];
    return [projQ, projK, projV];
  }
  const [wQ, wK, wV] = chunk(w, 3) as [Tensor, Tensor, Tensor];
  const [bQ, bK, bV] = b === null ? [null, null, null] : (chunk(b, 3) as [Tensor, Tensor, Tensor]);
  return [linear(q, wQ, bQ), linear(k, wK, bK), linear(v, wV, bV)];
}

/**
 * PyTorch 1.13's F.multi_head_attention_forward on sequence-first input
 * (L, N, E) or unbatched (L, E). Returns the output and, when asked, the
 * attention weights.
 */
export function multiHeadAttentionForward(query: Tensor, key: Tensor, value: Tensor, a: MhaWeights): [Tensor, Tensor | null] {
  const op = 'multi_head_attention_forward';
  const batched = query.rank === 3;
  if (!(query.rank === 3 || query.rank === 2) || key.rank !== query.rank || value.rank !== query.rank) {
    throw new ShapeError(op, `expected 2-D or 3-D query, key and value of one rank, got ${query.rank}-D, ${key.rank}-D, ${value.rank}-D`, {
      query: query.shape,
      key: key.shape,
      value: value.shape,
    });
  }
  let q0 = query;
  let k0 = key;
  let v0 = value;
  let keyPaddingMask = a.keyPaddingMask ?? null;
  let attnMask = a.attnMask ?? null;
  checkMasks(op, query, key, keyPaddingMask, attnMask, a.numHeads);
  if (!batched) {
    q0 = unsqueeze(query, 1);
    k0 = unsqueeze(key, 1);
    v0 = unsqueeze(value, 1);
    if (keyPaddingMask !== null) keyPaddingMask = unsqueeze(keyPaddingMask, 0);
  }
  const [tgtLen, bsz, embedDim] = q0.size() as [TracedInt, TracedInt, TracedInt];
  if (embedDim.value !== a.embedDim) {
    throw new ShapeError(op, `was expecting embedding dimension of ${a.embedDim}, but got ${embedDim.value}`, { query: query.shape });
  }
  if (k0.shape[1] !== bsz.value || v0.shape[1] !== bsz.value) {
    throw new ShapeError(op, 'query, key and value must have the same batch size', { query: query.shape, key: key.shape, value: value.shape });
  }
  const separate = a.separate ?? null;
  if (separate === null ? k0.shape.some((d, i) => d !== v0.shape[i]) : k0.shape[0] !== v0.shape[0]) {
    throw new ShapeError(op, `key shape does not match value shape`, { key: key.shape, value: value.shape });
  }
  const numHeads = a.numHeads;
  // embed_dim is traced, so PyTorch takes `embed_dim.div(num_heads, rounding_mode='trunc')`.
  const headDim = embedDim.divTrunc(numHeads);

  let q: Tensor;
  let k: Tensor;
  let v: Tensor;
  if (separate === null) {
    if (a.inProjWeight === null) throw new ArgumentError(op, 'in_proj_weight', null, 'a tensor when use_separate_proj_weight is False');
    [q, k, v] = inProjectionPacked(q0, k0, v0, a.inProjWeight, a.inProjBias);
  } else {
    const [bQ, bK, bV] = a.inProjBias === null ? [null, null, null] : (chunk(a.inProjBias, 3) as [Tensor, Tensor, Tensor]);
    q = linear(q0, separate.q, bQ);
    k = linear(k0, separate.k, bK);
    v = linear(v0, separate.v, bV);
  }

  const srcLen0 = k.shape[0]!;
  if (attnMask !== null) {
    if (attnMask.rank === 2) {
      if (attnMask.shape[0] !== tgtLen.value || attnMask.shape[1] !== srcLen0) {
        throw new ShapeError(op, `the shape of the 2D attn_mask should be (${tgtLen.value}, ${srcLen0})`, { attn_mask: attnMask.shape });
      }
      attnMask = unsqueeze(attnMask, 0);
    } else if (attnMask.shape[0] !== sizeMul(bsz.value, numHeads) || attnMask.shape[1] !== tgtLen.value || attnMask.shape[2] !== srcLen0) {
      throw new ShapeError(op, `the shape of the 3D attn_mask should be (${sizeMul(bsz.value, numHeads)}, ${tgtLen.value}, ${srcLen0})`, {
        attn_mask: attnMask.shape,
      });
    }
  }

  if (a.biasK !== null && a.biasV !== null) {
    k = cat([k, repeat(a.biasK, [1, bsz, 1])]);
    v = cat([v, repeat(a.biasV, [1, bsz, 1])]);
    if (attnMask !== null) attnMask = pad(attnMask, [0, 1]);
    if (keyPaddingMask !== null) keyPaddingMask = pad(keyPaddingMask, [0, 1]);
  }

  // Reshape q, k, v for multihead attention and make them batch first.
  q = transpose(view(contiguous(q), [tgtLen, bsz.mul(numHeads), headDim]), 0, 1);
  k = transpose(view(contiguous(k), [k.size(0), bsz.mul(numHeads), headDim]), 0, 1);
  v = transpose(view(contiguous(v), [v.size(0), bsz.mul(numHeads), headDim]), 0, 1);

  if (a.addZeroAttn) {
    const zeroShape = [bsz.mul(numHeads), 1, headDim];
    k = cat([k, zeros(zeroShape)], 1);
    v = cat([v, zeros(zeroShape)], 1);
    if (attnMask !== null) attnMask = pad(attnMask, [0, 1]);
    if (keyPaddingMask !== null) keyPaddingMask = pad(keyPaddingMask, [0, 1]);
  }
  const srcLen = k.size(1);

  // Merge the key padding mask into the attention mask.
  if (keyPaddingMask !== null) {
    if (keyPaddingMask.rank !== 2 || keyPaddingMask.shape[0] !== bsz.value || keyPaddingMask.shape[1] !== srcLen.value) {
      throw new ShapeError(op, `expecting key_padding_mask shape of (${bsz.value}, ${srcLen.value})`, { key_padding_mask: keyPaddingMask.shape });
    }
    keyPaddingMask = reshape(expand(view(keyPaddingMask, [bsz, 1, 1, srcLen]), [-1, numHeads, -1, -1]), [bsz.mul(numHeads), 1, srcLen]);
    if (attnMask === null) attnMask = keyPaddingMask;
    else if (attnMask.dtype === 'bool') attnMask = logicalOr(attnMask, keyPaddingMask);
    else attnMask = maskedFillBroadcast(attnMask, keyPaddingMask, -Infinity);
  }
  // A bool mask becomes a float one: -inf where it is set.
  if (attnMask !== null && attnMask.dtype === 'bool') {
    const newAttnMask = zerosLike(attnMask, q.dtype);
    maskedFill_(newAttnMask, attnMask, -Infinity);
    attnMask = newAttnMask;
  }
  // In evaluation PyTorch sets dropout_p to 0.0 whatever it was; in training
  // `dropout_p > 0.0` needs a number, and F.dropout refuses one above 1.
  const dropoutP = a.training ? a.dropoutP : 0;
  if (typeof dropoutP !== 'number' || dropoutP > 1) {
    throw new ArgumentError(op, 'dropout_p', dropoutP, 'a number, and a probability of at most 1, in training');
  }

  // q / math.sqrt(E): E = q.shape[-1] becomes a Python float, a constant.
  const qScaled = div(q, Math.sqrt(concrete(q.shape[q.rank - 1]!, `${op}: the head dimension`)));
  let weights = attnMask !== null ? baddbmm(attnMask, qScaled, transpose(k, -2, -1)) : bmm(qScaled, transpose(k, -2, -1));
  weights = softmax(weights, -1);
  if (dropoutP > 0) weights = dropout(weights, dropoutP, true);
  let out = bmm(weights, v);
  out = view(contiguous(transpose(out, 0, 1)), [tgtLen.mul(bsz), embedDim]);
  out = linear(out, a.outProjWeight, a.outProjBias);
  out = view(out, [tgtLen, bsz, out.size(1)]);

  if (!a.needWeights) return [batched ? out : squeeze(out, 1), null];
  weights = view(weights, [bsz, numHeads, tgtLen, srcLen]);
  if (a.averageAttnWeights) weights = div(sum(weights, 1), numHeads);
  if (!batched) {
    out = squeeze(out, 1);
    weights = squeeze(weights, 0);
  }
  return [out, weights];
}

/** `_mha_shape_check`'s mask checks: ranks for batched or unbatched input, and the dtypes PyTorch takes. */
function checkMasks(op: string, query: Tensor, key: Tensor, kpm: Tensor | null, mask: Tensor | null, numHeads: number): void {
  const batched = query.rank === 3;
  const bad = (what: string, t: Tensor): never => {
    throw new ShapeError(op, `bad ${what} for ${query.rank}-D query`, { query: query.shape, [what]: t.shape });
  };
  if (kpm !== null && (kpm.rank !== (batched ? 2 : 1) || !(kpm.dtype === 'bool' || isFloat(kpm)))) bad('key_padding_mask', kpm);
  if (mask !== null) {
    const unbatched3d = !batched && mask.rank === 3 && (mask.shape[0] !== numHeads || mask.shape[1] !== query.shape[0] || mask.shape[2] !== key.shape[0]);
    if ((mask.rank !== 2 && mask.rank !== 3) || unbatched3d || !(mask.dtype === 'bool' || isFloat(mask))) bad('attn_mask', mask);
  }
}
