// nn.MultiheadAttention as PyTorch 1.13 builds and runs it: packed (or
// separate) in-projection parameters, an `out_proj` NonDynamicallyQuantizableLinear
// whose weights the forward uses directly (so `out_proj` is never called), and
// F.multi_head_attention_forward's slow path (nn/functional/attention.ts),
// which is the one a JIT trace with gradients enabled takes.

import { ArgumentError } from '../../core/errors.js';
import { Parameter, Tensor } from '../../core/tensor.js';
import { multiHeadAttentionForward } from '../functional/attention.js';
import { transpose } from '../functional/shape_ops.js';
import { Module } from '../module.js';
import { intArg } from '../functional/util.js';
import { Linear } from './linear.js';

export { multiHeadAttentionForward, type MhaWeights } from '../functional/attention.js';

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

/** The forward's arguments after query, key and value, by name. */
export interface MhaForwardOptions {
  keyPaddingMask?: Tensor | null;
  needWeights?: boolean;
  attnMask?: Tensor | null;
  averageAttnWeights?: boolean;
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

  /**
   * `new MultiheadAttention(embedDim, numHeads, { dropout, bias, addBiasKv, addZeroAttn, kdim, vdim, batchFirst })`,
   * or PyTorch's positional order: `(embedDim, numHeads, dropout, bias, addBiasKv, addZeroAttn, kdim, vdim, batchFirst)`.
   */
  constructor(
    embedDim: number,
    numHeads: number,
    dropout?: number | MultiheadAttentionOptions,
    bias?: boolean,
    addBiasKv?: boolean,
    addZeroAttn?: boolean,
    kdim?: number | null,
    vdim?: number | null,
    batchFirst?: boolean,
  ) {
    super();
    const options: MultiheadAttentionOptions =
      typeof dropout === 'object' && dropout !== null ? dropout : { dropout, bias, addBiasKv, addZeroAttn, kdim, vdim, batchFirst };
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
    const hasBias = Boolean(options.bias ?? true);
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
    if (hasBias) this.in_proj_bias = new Parameter([3 * embedDim]);
    else this.registerParameter('in_proj_bias', null);
    this.out_proj = new NonDynamicallyQuantizableLinear(embedDim, embedDim, { bias: hasBias });
    if (options.addBiasKv ?? false) {
      this.bias_k = new Parameter([1, 1, embedDim]);
      this.bias_v = new Parameter([1, 1, embedDim]);
    }
    this.addZeroAttn = options.addZeroAttn ?? false;
  }

  /**
   * `mha(query, key, value, key_padding_mask, need_weights, attn_mask, average_attn_weights)`,
   * positionally or with an options object after `value`
   * (`{ keyPaddingMask, needWeights, attnMask, averageAttnWeights }`); key
   * and value default to the query (self-attention, the same tensor object).
   */
  override forward(
    query: Tensor,
    key: Tensor = query,
    value: Tensor = key,
    keyPaddingMask: Tensor | null | MhaForwardOptions = null,
    needWeights = true,
    attnMask: Tensor | null = null,
    averageAttnWeights = true,
  ): [Tensor, Tensor | null] {
    const options: MhaForwardOptions =
      keyPaddingMask === null || keyPaddingMask instanceof Tensor ? { keyPaddingMask, needWeights, attnMask, averageAttnWeights } : keyPaddingMask;
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
      keyPaddingMask: options.keyPaddingMask ?? null,
      attnMask: options.attnMask ?? null,
    };
    const separate = this.qkvSameEmbedDim ? null : { q: this.q_proj_weight!, k: this.k_proj_weight!, v: this.v_proj_weight! };
    const [out, weights] = multiHeadAttentionForward(q, k, v, { ...common, separate });
    return [this.batchFirst && batched ? transpose(out, 1, 0) : out, weights];
  }
}
