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

/**
 * `torch.nn.modules.linear.NonDynamicallyQuantizableLinear`, MultiheadAttention's `out_proj` class: a
 * Linear under another name (it prints as this name), with Linear's arguments and parameters.
 */
export class NonDynamicallyQuantizableLinear extends Linear {
  static override readonly typeName: string = 'NonDynamicallyQuantizableLinear';
}

/** MultiheadAttention's arguments after num_heads, by name (PyTorch's keyword arguments). */
export interface MultiheadAttentionOptions {
  /** Dropout on the attention weights, applied in training only. Default 0.0. */
  dropout?: number;
  /** Whether the in- and out-projections have biases. Default true. */
  bias?: boolean;
  /** Whether to learn `bias_k` and `bias_v`, appended to the key and value sequences. Default false. */
  addBiasKv?: boolean;
  /** Whether to append a batch of zeros to the key and value sequences. Default false. */
  addZeroAttn?: boolean;
  /** Features of the key; null (the default) is embed_dim. */
  kdim?: number | null;
  /** Features of the value; null (the default) is embed_dim. */
  vdim?: number | null;
  /** Whether inputs and outputs are [batch, seq, feature] rather than [seq, batch, feature]. Default false. */
  batchFirst?: boolean;
}

/** The forward's arguments after query, key and value, by name. */
export interface MhaForwardOptions {
  /** [N, S] (or [S] unbatched): true (or a float added) where a key is padding. Default null. */
  keyPaddingMask?: Tensor | null;
  /** Whether to return the attention weights. Default true. */
  needWeights?: boolean;
  /** [L, S] or [N * num_heads, L, S]: a boolean mask or a float one added to the scores. Default null. */
  attnMask?: Tensor | null;
  /** Whether the returned weights are averaged over the heads. Default true. */
  averageAttnWeights?: boolean;
}

/**
 * `torch.nn.MultiheadAttention(embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False,
 * add_zero_attn=False, kdim=None, vdim=None, batch_first=False)` as PyTorch 1.13 builds and runs it. It has
 * no extra_repr.
 *
 * Parameters: `in_proj_weight` [3 E, E] when kdim and vdim are E (else null, and `q_proj_weight` [E, E],
 * `k_proj_weight` [E, kdim], `v_proj_weight` [E, vdim]), `in_proj_bias` [3 E], `out_proj`'s `weight` [E, E]
 * and `bias` [E] (biases null with `bias` false), and `bias_k`, `bias_v` [1, 1, E] with `addBiasKv`.
 *
 * Traces `F.multi_head_attention_forward`'s slow path, the one a JIT trace with gradients takes: the
 * in-projections (`aten::linear`), `aten::bmm` of queries and keys (`aten::baddbmm` with an attention
 * mask), `aten::softmax`, `aten::dropout` in training with dropout > 0, `aten::bmm` with the values and
 * the out-projection's `aten::linear` (`out_proj` is never called), with the reshapes and size arithmetic
 * between them.
 */
export class MultiheadAttention extends Module {
  static override readonly typeName: string = 'MultiheadAttention';
  /** PyTorch's `embed_dim`: E. */
  readonly embedDim: number;
  /** PyTorch's `kdim` (E when not given). */
  readonly kdim: number;
  /** PyTorch's `vdim` (E when not given). */
  readonly vdim: number;
  /** PyTorch's `_qkv_same_embed_dim`: whether kdim and vdim are E (one packed in-projection). */
  readonly qkvSameEmbedDim: boolean;
  /** PyTorch's `num_heads`. */
  readonly numHeads: number;
  /** PyTorch's `dropout`. */
  readonly dropout: number;
  /** PyTorch's `batch_first`. */
  readonly batchFirst: boolean;
  /** PyTorch's `head_dim`: E / num_heads. */
  readonly headDim: number;
  /** PyTorch's `add_zero_attn`. */
  readonly addZeroAttn: boolean;
  /** [3 E, E] when kdim and vdim are E, else null. */
  in_proj_weight: Parameter | null = null;
  /** [E, E] when kdim or vdim differ from E, else null. */
  q_proj_weight: Parameter | null = null;
  /** [E, kdim] when kdim or vdim differ from E, else null. */
  k_proj_weight: Parameter | null = null;
  /** [E, vdim] when kdim or vdim differ from E, else null. */
  v_proj_weight: Parameter | null = null;
  /** [3 E], or null with `bias` false. */
  in_proj_bias: Parameter | null = null;
  /** The output projection, E to E; its weights are used by the forward directly. */
  out_proj: NonDynamicallyQuantizableLinear;
  /** [1, 1, E] with `addBiasKv`, else null (not registered). */
  bias_k: Parameter | null = null;
  /** [1, 1, E] with `addBiasKv`, else null (not registered). */
  bias_v: Parameter | null = null;

  /**
   * `new MultiheadAttention(embedDim, numHeads, { dropout, bias, addBiasKv, addZeroAttn, kdim, vdim, batchFirst })`,
   * or PyTorch's positional order: `(embedDim, numHeads, dropout, bias, addBiasKv, addZeroAttn, kdim, vdim, batchFirst)`.
   * @param embedDim - E: features of the query and the output.
   * @param numHeads - Parallel attention heads; divides embedDim.
   * @param dropout - Default 0.0; or one {@link MultiheadAttentionOptions} object for every argument after numHeads.
   * @param bias - Default true.
   * @param addBiasKv - Default false.
   * @param addZeroAttn - Default false.
   * @param kdim - Default null (E).
   * @param vdim - Default null (E).
   * @param batchFirst - Default false.
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
