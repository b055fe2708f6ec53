// nn.MultiheadAttention as PyTorch 1.13 builds and runs it: packed (or
// separate) in-projection parameters, an `out_proj` NonDynamicallyQuantizableLinear
// whose weights the forward uses directly (so `out_proj` is never called), and
// F.multi_head_attention_forward's slow path, which is the one a JIT trace with
// gradients enabled takes.
//
// Sizes are read with `x.size()`, so the arithmetic
// multi_head_attention_forward does on them (`embed_dim.div(num_heads,
// rounding_mode='trunc')`, `bsz * num_heads` per view, `tgt_len * bsz`) is
// traced as the reference traces it; what feeds no op (the divisibility
// assert, unused sizes) is dropped by the trace's dead-code rule.

import { ArgumentError, ShapeError } from '../../core/errors.js';
import { Parameter, Tensor, type TracedInt } from '../../core/tensor.js';
import { dropout, softmax, sum, div } from '../functional/elementwise.js';
import { bmm, linear } from '../functional/linear.js';
import { cat, chunk, contiguous, repeat, split, squeeze, transpose, unsqueeze, view, zeros } from '../functional/shape_ops.js';
import { Module } from '../module.js';
import { intArg } from '../functional/util.js';
import { Linear } from './linear.js';

/** PyTorch's `out_proj` class: a Linear under another name (it prints as this name). */
export class NonDynamicallyQuantizableLinear extends Linear {}

export interface MultiheadAttentionOptions {
  dropout?: number;
  bias?: boolean;
  addBiasKv?: boolean;
  addZeroAttn?: boolean;
  kdim?: number | null;
  vdim?: number | null;
  batchFirst?: boolean;
}

export interface MhaForwardOptions {
  needWeights?: boolean;
  averageAttnWeights?: boolean;
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
  /** Set for separate q/k/v weights (`use_separate_proj_weight=True`). */
  separate?: { q: Tensor; k: Tensor; v: Tensor } | null;
}

/** `_in_projection_packed`: one linear for self-attention, split weights otherwise. */
function inProjectionPacked(q: Tensor, k: Tensor, v: Tensor, w: Tensor, b: Tensor | null): [Tensor, Tensor, Tensor] {
  const e = q.shape[q.rank - 1]!;
  if (k === v) {
    if (q === k) {
      const [pq, pk, pv] = chunk(linear(q, w, b), 3, -1) as [Tensor, Tensor, Tensor];
      return [pq, pk, pv];
    }
    const [wQ, wKv] = split(w, [e, 2 * e]) as [Tensor, Tensor];
    const [bQ, bKv] = b === null ? [null, null] : (split(b, [e, 2 * e]) as [Tensor, Tensor]);
    const projQ = linear(q, wQ, bQ);
    const [projK, projV] = chunk(linear(k, wKv, bKv), 2, -1) as [Tensor, Tensor];
    return [projQ, projK, projV];
  }
  const [wQ, wK, wV] = chunk(w, 3) as [Tensor, Tensor, Tensor];
  const [bQ, bK, bV] = b === null ? [null, null, null] : (chunk(b, 3) as [Tensor, Tensor, Tensor]);
  return [linear(q, wQ, bQ), linear(k, wK, bK), linear(v, wV, bV)];
}

/**
 * PyTorch 1.13's F.multi_head_attention_forward without masks, on sequence-first
 * input (L, N, E) or unbatched (L, E). Returns the output and, when asked, the
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
  if (!batched) {
    q0 = unsqueeze(query, 1);
    k0 = unsqueeze(key, 1);
    v0 = unsqueeze(value, 1);
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

  if (a.biasK !== null && a.biasV !== null) {
    k = cat([k, repeat(a.biasK, [1, bsz, 1])]);
    v = cat([v, repeat(a.biasV, [1, bsz, 1])]);
  }

  // Reshape q, k, v for multihead attention and make them batch first.
  q = transpose(view(contiguous(q), [tgtLen, bsz.mul(numHeads), headDim]), 0, 1);
  k = transpose(view(contiguous(k), [k.size(0), bsz.mul(numHeads), headDim]), 0, 1);
  v = transpose(view(contiguous(v), [v.size(0), bsz.mul(numHeads), headDim]), 0, 1);

  if (a.addZeroAttn) {
    const zeroShape = [bsz.mul(numHeads), 1, headDim];
    k = cat([k, zeros(zeroShape)], 1);
    v = cat([v, zeros(zeroShape)], 1);
  }
  const srcLen = k.size(1);
  // In evaluation PyTorch sets dropout_p to 0.0 whatever it was; in training
  // `dropout_p > 0.0` needs a number, and F.dropout refuses one above 1.
  const dropoutP = a.training ? a.dropoutP : 0;
  if (typeof dropoutP !== 'number' || dropoutP > 1) {
    throw new ArgumentError(op, 'dropout_p', dropoutP, 'a number, and a probability of at most 1, in training');
  }

  // q / math.sqrt(E): E = q.shape[-1] becomes a Python float, a constant.
  const qScaled = div(q, Math.sqrt(q.shape[q.rank - 1]!));
  let weights = bmm(qScaled, transpose(k, -2, -1));
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

/** torch.nn.MultiheadAttention (PyTorch 1.13). It has no extra_repr. */
export class MultiheadAttention extends Module {
  readonly embedDim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly qkvSameEmbedDim: boolean;
  readonly numHeads: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly headDim: number;
  readonly addZeroAttn: boolean;
  in_proj_weight: Parameter | null = null;
  q_proj_weight: Parameter | null = null;
  k_proj_weight: Parameter | null = null;
  v_proj_weight: Parameter | null = null;
  in_proj_bias: Parameter | null = null;
  out_proj: NonDynamicallyQuantizableLinear;
  bias_k: Parameter | null = null;
  bias_v: Parameter | null = null;

  constructor(embedDim: number, numHeads: number, options: MultiheadAttentionOptions = {}) {
    super();
    const name = 'MultiheadAttention';
    intArg(name, 'embed_dim', embedDim, 1);
    intArg(name, 'num_heads', numHeads, 1);
    if (embedDim % numHeads !== 0) {
      throw new ArgumentError(name, 'embed_dim', embedDim, `divisible by num_heads (${numHeads})`);
    }
    this.embedDim = embedDim;
    this.kdim = options.kdim === undefined || options.kdim === null ? embedDim : intArg(name, 'kdim', options.kdim, 1);
    this.vdim = options.vdim === undefined || options.vdim === null ? embedDim : intArg(name, 'vdim', options.vdim, 1);
    this.qkvSameEmbedDim = this.kdim === embedDim && this.vdim === embedDim;
    this.numHeads = numHeads;
    // Not checked here: PyTorch reads it only in training (multi_head_attention_forward).
    this.dropout = options.dropout ?? 0;
    this.batchFirst = options.batchFirst ?? false;
    this.headDim = Math.floor(embedDim / numHeads);
    const bias = Boolean(options.bias ?? true);
    if (!this.qkvSameEmbedDim) {
      this.q_proj_weight = new Parameter([embedDim, embedDim]);
      this.k_proj_weight = new Parameter([embedDim, this.kdim]);
      this.v_proj_weight = new Parameter([embedDim, this.vdim]);
      this.registerParameter('in_proj_weight', null);
    } else {
      this.in_proj_weight = new Parameter([3 * embedDim, embedDim]);
      this.registerParameter('q_proj_weight', null);
      this.registerParameter('k_proj_weight', null);
      this.registerParameter('v_proj_weight', null);
    }
    if (bias) this.in_proj_bias = new Parameter([3 * embedDim]);
    else this.registerParameter('in_proj_bias', null);
    this.out_proj = new NonDynamicallyQuantizableLinear(embedDim, embedDim, { bias });
    if (options.addBiasKv ?? false) {
      this.bias_k = new Parameter([1, 1, embedDim]);
      this.bias_v = new Parameter([1, 1, embedDim]);
    }
    this.addZeroAttn = options.addZeroAttn ?? false;
  }

  /**
   * `mha(query, key, value, need_weights=..., average_attn_weights=...)`; key
   * and value default to the query (self-attention, the same tensor object).
   */
  override forward(query: Tensor, key: Tensor = query, value: Tensor = key, options: MhaForwardOptions = {}): [Tensor, Tensor | null] {
    const batched = query.rank === 3;
    let q = query;
    let k = key;
    let v = value;
    // The transpose keeps the "is" relations that pick the packed projection.
    if (this.batchFirst && batched) {
      if (key === value) {
        if (query === key) {
          q = k = v = transpose(query, 1, 0);
        } else {
          q = transpose(query, 1, 0);
          k = v = transpose(key, 1, 0);
        }
      } else {
        q = transpose(query, 1, 0);
        k = transpose(key, 1, 0);
        v = transpose(value, 1, 0);
      }
    }
    const common = {
      embedDim: this.embedDim,
      numHeads: this.numHeads,
      inProjWeight: this.in_proj_weight,
      inProjBias: this.in_proj_bias,
      biasK: this.bias_k,
      biasV: this.bias_v,
      addZeroAttn: this.addZeroAttn,
      dropoutP: this.dropout,
      outProjWeight: this.out_proj.weight,
      outProjBias: this.out_proj.bias,
      training: this.training,
      needWeights: options.needWeights ?? true,
      averageAttnWeights: options.averageAttnWeights ?? true,
    };
    const separate = this.qkvSameEmbedDim ? null : { q: this.q_proj_weight!, k: this.k_proj_weight!, v: this.v_proj_weight! };
    const [out, weights] = multiHeadAttentionForward(q, k, v, { ...common, separate });
    return [this.batchFirst && batched ? transpose(out, 1, 0) : out, weights];
  }
}
