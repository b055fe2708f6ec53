// Transformer layers as PyTorch 1.13 builds and runs them: nn.Transformer,
// nn.TransformerEncoder / TransformerDecoder (a ModuleList of copies of one
// layer and an optional final norm), nn.TransformerEncoderLayer /
// TransformerDecoderLayer (post-norm or norm_first, relu / gelu / any
// function or module as activation), on nn.MultiheadAttention's slow path.
//
// The reference never takes the fused fast path
// (`aten::_transformer_encoder_layer_fwd`): it needs eval mode *and* no
// gradients, and get_model_complexity_info traces with gradients enabled.
// Nested tensors (the encoder's fast path for padding masks) are likewise
// never used.

import { ArgumentError, ShapeError } from '../../core/errors.js';
import { Tensor, type IntLike } from '../../core/tensor.js';
import { full, triu } from '../functional/masks.js';
import { add, gelu, relu } from '../functional/elementwise.js';
import { intArg } from '../functional/util.js';
import { Module } from '../module.js';
import { MultiheadAttention } from './attention.js';
import { ModuleList } from './container.js';
import { Linear } from './linear.js';
import { Dropout } from './misc.js';
import { LayerNorm } from './norm.js';
import { optionsFrom } from './args.js';

/** An activation: 'relu', 'gelu', a function of a tensor, or a module. */
export type TransformerActivation = 'relu' | 'gelu' | ((x: Tensor) => Tensor) | Module<(x: Tensor) => Tensor>;

/** TransformerEncoderLayer's and TransformerDecoderLayer's arguments after d_model and nhead, by name. */
export interface TransformerLayerOptions {
  /** Width of the feed-forward block (`linear1`'s output). Default 2048. */
  dimFeedforward?: number;
  /** Dropout in attention, after it and in the feed-forward block. Default 0.1. */
  dropout?: number;
  /** The feed-forward block's activation. Default 'relu'. */
  activation?: TransformerActivation;
  /** The LayerNorms' eps. Default 1e-5. */
  layerNormEps?: number;
  /** Whether inputs and outputs are [batch, seq, feature] rather than [seq, batch, feature]. Default false. */
  batchFirst?: boolean;
  /** Whether each block normalizes its input (pre-norm) rather than its output plus the residual (post-norm). Default false. */
  normFirst?: boolean;
}

const LAYER_NAMES = ['dimFeedforward', 'dropout', 'activation', 'layerNormEps', 'batchFirst', 'normFirst'] as const;

function activationFn(where: string, a: TransformerActivation): (x: Tensor) => Tensor {
  if (a === 'relu') return (x) => relu(x);
  if (a === 'gelu') return (x) => gelu(x);
  if (a instanceof Module) return (x) => a.call(x);
  if (typeof a === 'function') return a;
  throw new ArgumentError(where, 'activation', a, "'relu', 'gelu', a function or a module");
}

/** The settings one layer was built with (to make the encoder's and decoder's copies). */
interface LayerSettings {
  dModel: number;
  nhead: number;
  dimFeedforward: number;
  dropout: number;
  activation: TransformerActivation;
  layerNormEps: number;
  batchFirst: boolean;
  normFirst: boolean;
}

function settings(where: string, dModel: number, nhead: number, o: TransformerLayerOptions): LayerSettings {
  intArg(where, 'd_model', dModel, 1);
  intArg(where, 'nhead', nhead, 1);
  return {
    dModel,
    nhead,
    dimFeedforward: intArg(where, 'dim_feedforward', o.dimFeedforward ?? 2048, 1),
    dropout: o.dropout ?? 0.1,
    activation: o.activation ?? 'relu',
    layerNormEps: o.layerNormEps ?? 1e-5,
    batchFirst: Boolean(o.batchFirst ?? false),
    normFirst: Boolean(o.normFirst ?? false),
  };
}

/** The masks a layer's forward takes, by name. */
export interface EncoderLayerMasks {
  /** Self-attention's `attn_mask`: [S, S] or [N * nhead, S, S]. Default null. */
  srcMask?: Tensor | null;
  /** Self-attention's `key_padding_mask`: [N, S]. Default null. */
  srcKeyPaddingMask?: Tensor | null;
}

/** The masks a decoder layer's (and a decoder's) forward takes after tgt and memory, by name. */
export interface DecoderLayerMasks {
  /** Self-attention's `attn_mask`: [T, T] or [N * nhead, T, T]. Default null. */
  tgtMask?: Tensor | null;
  /** Cross-attention's `attn_mask`: [T, S] or [N * nhead, T, S]. Default null. */
  memoryMask?: Tensor | null;
  /** Self-attention's `key_padding_mask`: [N, T]. Default null. */
  tgtKeyPaddingMask?: Tensor | null;
  /** Cross-attention's `key_padding_mask`: [N, S]. Default null. */
  memoryKeyPaddingMask?: Tensor | null;
}

/**
 * `torch.nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=relu,
 * layer_norm_eps=1e-05, batch_first=False, norm_first=False)`: `new TransformerEncoderLayer(dModel, nhead,
 * { dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst })` or positionally in that order.
 * `layer.call(src, srcMask?, srcKeyPaddingMask?)` or `layer.call(src, { srcMask, srcKeyPaddingMask })`.
 *
 * Submodules: `self_attn` (MultiheadAttention), `linear1` [d_model → dim_feedforward], `dropout`, `linear2`
 * [dim_feedforward → d_model], `norm1`, `norm2` (LayerNorm(d_model)), `dropout1`, `dropout2`, and the
 * activation when it is a module. Traces their ops on the slow path (the reference never takes the fused
 * `aten::_transformer_encoder_layer_fwd`), with an `aten::add` per residual.
 */
export class TransformerEncoderLayer extends Module {
  static override readonly typeName: string = 'TransformerEncoderLayer';
  /** The self-attention block's MultiheadAttention(d_model, nhead, dropout, batch_first). */
  self_attn: MultiheadAttention;
  /** Linear(d_model, dim_feedforward). */
  linear1: Linear;
  /** Dropout between the activation and `linear2`. */
  dropout: Dropout;
  /** Linear(dim_feedforward, d_model). */
  linear2: Linear;
  /** PyTorch's `norm_first`. */
  readonly normFirst: boolean;
  /** LayerNorm(d_model) of the self-attention block. */
  norm1: LayerNorm;
  /** LayerNorm(d_model) of the feed-forward block. */
  norm2: LayerNorm;
  /** Dropout after self-attention. */
  dropout1: Dropout;
  /** Dropout after the feed-forward block. */
  dropout2: Dropout;
  /** The activation as given; a module is registered as a submodule (last, as in PyTorch). */
  readonly activation: TransformerActivation;
  private readonly act: (x: Tensor) => Tensor;
  private readonly settings: LayerSettings;

  /**
   * `new nn.TransformerEncoderLayer(512, 8, { dimFeedforward: 1024, batchFirst: true })`.
   * @param dModel - Features of the input and output.
   * @param nhead - Attention heads; divides dModel.
   * @param options - The rest by name (all optional); see {@link TransformerLayerOptions}.
   */
  constructor(dModel: number, nhead: number, options?: TransformerLayerOptions);
  /**
   * `new nn.TransformerEncoderLayer(512, 8, 1024, 0.1, 'gelu')`: PyTorch's positional order.
   * @param dModel - Features of the input and output.
   * @param nhead - Attention heads; divides dModel.
   * @param dimFeedforward - Default 2048.
   * @param dropout - Default 0.1.
   * @param activation - Default 'relu'.
   * @param layerNormEps - Default 1e-5.
   * @param batchFirst - Default false.
   * @param normFirst - Default false.
   */
  constructor(dModel: number, nhead: number, dimFeedforward?: number, dropout?: number, activation?: TransformerActivation, layerNormEps?: number, batchFirst?: boolean, normFirst?: boolean);
  constructor(dModel: number, nhead: number, ...args: unknown[]) {
    super();
    const s = settings('TransformerEncoderLayer', dModel, nhead, optionsFrom<TransformerLayerOptions>(args, LAYER_NAMES));
    this.settings = s;
    this.self_attn = new MultiheadAttention(dModel, nhead, { dropout: s.dropout, batchFirst: s.batchFirst });
    this.linear1 = new Linear(dModel, s.dimFeedforward);
    this.dropout = new Dropout(s.dropout);
    this.linear2 = new Linear(s.dimFeedforward, dModel);
    this.normFirst = s.normFirst;
    this.norm1 = new LayerNorm(dModel, { eps: s.layerNormEps });
    this.norm2 = new LayerNorm(dModel, { eps: s.layerNormEps });
    this.dropout1 = new Dropout(s.dropout);
    this.dropout2 = new Dropout(s.dropout);
    this.act = activationFn('TransformerEncoderLayer', s.activation);
    // A module activation is a submodule, registered last, as in PyTorch.
    this.activation = s.activation;
  }

  /** A fresh layer built with the same arguments (PyTorch deep-copies the layer instead). */
  clone(): TransformerEncoderLayer {
    const s = this.settings;
    const layer = new TransformerEncoderLayer(s.dModel, s.nhead, { ...s });
    return this.training ? layer : layer.eval();
  }

  /** `src` [S, N, d_model] ([N, S, d_model] batch first) through self-attention and the feed-forward block; masks positionally or as one {@link EncoderLayerMasks} object. */
  override forward(src: Tensor, srcMask: Tensor | null | EncoderLayerMasks = null, srcKeyPaddingMask: Tensor | null = null): Tensor {
    const o: EncoderLayerMasks = srcMask === null || srcMask instanceof Tensor ? { srcMask, srcKeyPaddingMask } : srcMask;
    const mask = o.srcMask ?? null;
    const kpm = o.srcKeyPaddingMask ?? null;
    let x = src;
    if (this.normFirst) {
      x = add(x, this.saBlock(this.norm1.call(x), mask, kpm));
      x = add(x, this.ffBlock(this.norm2.call(x)));
    } else {
      x = this.norm1.call(add(x, this.saBlock(x, mask, kpm)));
      x = this.norm2.call(add(x, this.ffBlock(x)));
    }
    return x;
  }

  private saBlock(x: Tensor, attnMask: Tensor | null, keyPaddingMask: Tensor | null): Tensor {
    const [y] = this.self_attn.call(x, x, x, { attnMask, keyPaddingMask, needWeights: false });
    return this.dropout1.call(y);
  }

  private ffBlock(x: Tensor): Tensor {
    return this.dropout2.call(this.linear2.call(this.dropout.call(this.act(this.linear1.call(x)))));
  }
}

/**
 * `torch.nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=relu,
 * layer_norm_eps=1e-05, batch_first=False, norm_first=False)`: as TransformerEncoderLayer, with
 * cross-attention (`multihead_attn`), a third norm and a third dropout. `layer.call(tgt, memory, tgtMask?,
 * memoryMask?, tgtKeyPaddingMask?, memoryKeyPaddingMask?)` or `layer.call(tgt, memory, { ...masks })`.
 * Traces its submodules' ops, with an `aten::add` per residual.
 */
export class TransformerDecoderLayer extends Module {
  static override readonly typeName: string = 'TransformerDecoderLayer';
  /** The self-attention block's MultiheadAttention(d_model, nhead, dropout, batch_first). */
  self_attn: MultiheadAttention;
  /** The cross-attention block's MultiheadAttention (queries from tgt, keys and values from memory). */
  multihead_attn: MultiheadAttention;
  /** Linear(d_model, dim_feedforward). */
  linear1: Linear;
  /** Dropout between the activation and `linear2`. */
  dropout: Dropout;
  /** Linear(dim_feedforward, d_model). */
  linear2: Linear;
  /** PyTorch's `norm_first`. */
  readonly normFirst: boolean;
  /** LayerNorm(d_model) of the self-attention block. */
  norm1: LayerNorm;
  /** LayerNorm(d_model) of the cross-attention block. */
  norm2: LayerNorm;
  /** LayerNorm(d_model) of the feed-forward block. */
  norm3: LayerNorm;
  /** Dropout after self-attention. */
  dropout1: Dropout;
  /** Dropout after cross-attention. */
  dropout2: Dropout;
  /** Dropout after the feed-forward block. */
  dropout3: Dropout;
  /** The activation as given; a module is registered as a submodule (last, as in PyTorch). */
  readonly activation: TransformerActivation;
  private readonly act: (x: Tensor) => Tensor;
  private readonly settings: LayerSettings;

  /**
   * `new nn.TransformerDecoderLayer(512, 8, { dimFeedforward: 1024, batchFirst: true })`.
   * @param dModel - Features of the input and output.
   * @param nhead - Attention heads; divides dModel.
   * @param options - The rest by name (all optional); see {@link TransformerLayerOptions}.
   */
  constructor(dModel: number, nhead: number, options?: TransformerLayerOptions);
  /**
   * `new nn.TransformerDecoderLayer(512, 8, 1024, 0.1, 'gelu')`: PyTorch's positional order.
   * @param dModel - Features of the input and output.
   * @param nhead - Attention heads; divides dModel.
   * @param dimFeedforward - Default 2048.
   * @param dropout - Default 0.1.
   * @param activation - Default 'relu'.
   * @param layerNormEps - Default 1e-5.
   * @param batchFirst - Default false.
   * @param normFirst - Default false.
   */
  constructor(dModel: number, nhead: number, dimFeedforward?: number, dropout?: number, activation?: TransformerActivation, layerNormEps?: number, batchFirst?: boolean, normFirst?: boolean);
  constructor(dModel: number, nhead: number, ...args: unknown[]) {
    super();
    const s = settings('TransformerDecoderLayer', dModel, nhead, optionsFrom<TransformerLayerOptions>(args, LAYER_NAMES));
    this.settings = s;
    this.self_attn = new MultiheadAttention(dModel, nhead, { dropout: s.dropout, batchFirst: s.batchFirst });
    this.multihead_attn = new MultiheadAttention(dModel, nhead, { dropout: s.dropout, batchFirst: s.batchFirst });
    this.linear1 = new Linear(dModel, s.dimFeedforward);
    this.dropout = new Dropout(s.dropout);
    this.linear2 = new Linear(s.dimFeedforward, dModel);
    this.normFirst = s.normFirst;
    this.norm1 = new LayerNorm(dModel, { eps: s.layerNormEps });
    this.norm2 = new LayerNorm(dModel, { eps: s.layerNormEps });
    this.norm3 = new LayerNorm(dModel, { eps: s.layerNormEps });
    this.dropout1 = new Dropout(s.dropout);
    this.dropout2 = new Dropout(s.dropout);
    this.dropout3 = new Dropout(s.dropout);
    this.act = activationFn('TransformerDecoderLayer', s.activation);
    this.activation = s.activation;
  }

  /** A fresh layer built with the same arguments (PyTorch deep-copies the layer instead). */
  clone(): TransformerDecoderLayer {
    const s = this.settings;
    const layer = new TransformerDecoderLayer(s.dModel, s.nhead, { ...s });
    return this.training ? layer : layer.eval();
  }

  /** `tgt` [T, N, d_model] ([N, T, d_model] batch first) through self-attention, cross-attention on `memory` and the feed-forward block; masks positionally or as one {@link DecoderLayerMasks} object. */
  override forward(
    tgt: Tensor,
    memory: Tensor,
    tgtMask: Tensor | null | DecoderLayerMasks = null,
    memoryMask: Tensor | null = null,
    tgtKeyPaddingMask: Tensor | null = null,
    memoryKeyPaddingMask: Tensor | null = null,
  ): Tensor {
    const o: DecoderLayerMasks = tgtMask === null || tgtMask instanceof Tensor ? { tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask } : tgtMask;
    let x = tgt;
    if (this.normFirst) {
      x = add(x, this.saBlock(this.norm1.call(x), o.tgtMask ?? null, o.tgtKeyPaddingMask ?? null));
      x = add(x, this.mhaBlock(this.norm2.call(x), memory, o.memoryMask ?? null, o.memoryKeyPaddingMask ?? null));
      x = add(x, this.ffBlock(this.norm3.call(x)));
    } else {
      x = this.norm1.call(add(x, this.saBlock(x, o.tgtMask ?? null, o.tgtKeyPaddingMask ?? null)));
      x = this.norm2.call(add(x, this.mhaBlock(x, memory, o.memoryMask ?? null, o.memoryKeyPaddingMask ?? null)));
      x = this.norm3.call(add(x, this.ffBlock(x)));
    }
    return x;
  }

  private saBlock(x: Tensor, attnMask: Tensor | null, keyPaddingMask: Tensor | null): Tensor {
    const [y] = this.self_attn.call(x, x, x, { attnMask, keyPaddingMask, needWeights: false });
    return this.dropout1.call(y);
  }

  private mhaBlock(x: Tensor, mem: Tensor, attnMask: Tensor | null, keyPaddingMask: Tensor | null): Tensor {
    const [y] = this.multihead_attn.call(x, mem, mem, { attnMask, keyPaddingMask, needWeights: false });
    return this.dropout2.call(y);
  }

  private ffBlock(x: Tensor): Tensor {
    return this.dropout3.call(this.linear2.call(this.dropout.call(this.act(this.linear1.call(x)))));
  }
}

function clones<T extends { clone(): T } & Module>(where: string, layer: T, n: number): T[] {
  intArg(where, 'num_layers', n, 0);
  const list: T[] = [];
  for (let i = 0; i < n; i++) list.push(layer.clone());
  return list;
}

/**
 * `torch.nn.TransformerEncoder(encoder_layer, num_layers, norm=None)`: `numLayers` copies of the layer, then
 * the norm. No parameters of its own; traces its layers' and norm's ops. (PyTorch's `enable_nested_tensor`
 * and `mask_check` are not taken: the nested-tensor fast path is never traced.)
 */
export class TransformerEncoder extends Module {
  static override readonly typeName: string = 'TransformerEncoder';
  /** The copies of the layer, `layers.0` to `layers.{numLayers - 1}`. */
  layers: ModuleList<TransformerEncoderLayer>;
  /** PyTorch's `num_layers`. */
  readonly numLayers: number;
  /** The final norm, or null (not called). */
  norm: LayerNorm | Module<(x: Tensor) => Tensor> | null;

  /**
   * `new nn.TransformerEncoder(new nn.TransformerEncoderLayer(512, 8), 6)`.
   * @param encoderLayer - The layer to copy: each copy is a fresh layer built with its arguments (PyTorch deep-copies it); the layer itself is not registered.
   * @param numLayers - Copies of it.
   * @param norm - A final norm (default null).
   */
  constructor(encoderLayer: TransformerEncoderLayer, numLayers: number, norm: Module<(x: Tensor) => Tensor> | null = null) {
    super();
    this.layers = new ModuleList(clones('TransformerEncoder', encoderLayer, numLayers));
    this.numLayers = numLayers;
    this.norm = norm;
  }

  /** `encoder.call(src, mask?, srcKeyPaddingMask?)` or `encoder.call(src, { mask, srcKeyPaddingMask })`. */
  override forward(src: Tensor, mask: Tensor | null | EncoderMasks = null, srcKeyPaddingMask: Tensor | null = null): Tensor {
    const o = mask === null || mask instanceof Tensor ? { mask, srcKeyPaddingMask } : mask;
    let out = src;
    for (const layer of this.layers) out = layer.call(out, { srcMask: o.mask ?? null, srcKeyPaddingMask: o.srcKeyPaddingMask ?? null });
    return this.norm === null ? out : this.norm.call(out);
  }
}

/**
 * `torch.nn.TransformerDecoder(decoder_layer, num_layers, norm=None)`: `numLayers` copies of the layer, each on
 * the previous one's output and the same memory, then the norm. No parameters of its own; traces its layers'
 * and norm's ops.
 */
export class TransformerDecoder extends Module {
  static override readonly typeName: string = 'TransformerDecoder';
  /** The copies of the layer, `layers.0` to `layers.{numLayers - 1}`. */
  layers: ModuleList<TransformerDecoderLayer>;
  /** PyTorch's `num_layers`. */
  readonly numLayers: number;
  /** The final norm, or null (not called). */
  norm: LayerNorm | Module<(x: Tensor) => Tensor> | null;

  /**
   * `new nn.TransformerDecoder(new nn.TransformerDecoderLayer(512, 8), 6)`.
   * @param decoderLayer - The layer to copy: each copy is a fresh layer built with its arguments (PyTorch deep-copies it); the layer itself is not registered.
   * @param numLayers - Copies of it.
   * @param norm - A final norm (default null).
   */
  constructor(decoderLayer: TransformerDecoderLayer, numLayers: number, norm: Module<(x: Tensor) => Tensor> | null = null) {
    super();
    this.layers = new ModuleList(clones('TransformerDecoder', decoderLayer, numLayers));
    this.numLayers = numLayers;
    this.norm = norm;
  }

  /** `decoder.call(tgt, memory, tgtMask?, memoryMask?, tgtKeyPaddingMask?, memoryKeyPaddingMask?)` or with an options object after memory. */
  override forward(
    tgt: Tensor,
    memory: Tensor,
    tgtMask: Tensor | null | DecoderLayerMasks = null,
    memoryMask: Tensor | null = null,
    tgtKeyPaddingMask: Tensor | null = null,
    memoryKeyPaddingMask: Tensor | null = null,
  ): Tensor {
    const o: DecoderLayerMasks = tgtMask === null || tgtMask instanceof Tensor ? { tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask } : tgtMask;
    let out = tgt;
    for (const layer of this.layers) out = layer.call(out, memory, o);
    return this.norm === null ? out : this.norm.call(out);
  }
}

/** The masks nn.Transformer passes its encoder. */
export interface EncoderMasks {
  /** Each layer's self-attention `attn_mask`. Default null. */
  mask?: Tensor | null;
  /** Each layer's self-attention `key_padding_mask`. Default null. */
  srcKeyPaddingMask?: Tensor | null;
}

/** What nn.Transformer calls as its encoder: `encoder.call(src, { mask, srcKeyPaddingMask })` (a TransformerEncoder by default). */
export type TransformerEncoderLike = Module<(src: Tensor, masks: EncoderMasks) => Tensor>;
/** What nn.Transformer calls as its decoder: `decoder.call(tgt, memory, { tgtMask, memoryMask, ... })`. */
export type TransformerDecoderLike = Module<(tgt: Tensor, memory: Tensor, masks: DecoderLayerMasks) => Tensor>;

/** nn.Transformer's arguments after d_model and nhead, by name: the layers' {@link TransformerLayerOptions} and these. */
export interface TransformerOptions extends TransformerLayerOptions {
  /** Encoder layers. Default 6. */
  numEncoderLayers?: number;
  /** Decoder layers. Default 6. */
  numDecoderLayers?: number;
  /** An encoder to use instead of the default TransformerEncoder. Default null. */
  customEncoder?: TransformerEncoderLike | null;
  /** A decoder to use instead of the default TransformerDecoder. Default null. */
  customDecoder?: TransformerDecoderLike | null;
}

/** The masks nn.Transformer's forward takes after src and tgt. */
export interface TransformerMasks extends DecoderLayerMasks {
  /** The encoder's self-attention `attn_mask`: [S, S]. Default null. */
  srcMask?: Tensor | null;
  /** The encoder's self-attention `key_padding_mask`: [N, S]. Default null. */
  srcKeyPaddingMask?: Tensor | null;
}

/**
 * `torch.nn.Transformer(d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048,
 * dropout=0.1, activation=relu, custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-05,
 * batch_first=False, norm_first=False)`: `new Transformer({ dModel, nhead, numEncoderLayers, numDecoderLayers,
 * dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst })` or `new Transformer(dModel, nhead,
 * { ... })`. `t.call(src, tgt, { srcMask, tgtMask, memoryMask, srcKeyPaddingMask, tgtKeyPaddingMask,
 * memoryKeyPaddingMask })`.
 *
 * Submodules: `encoder` (a TransformerEncoder with a final LayerNorm(d_model)) and `decoder` (likewise); no
 * parameters of its own. Traces the encoder's ops, then the decoder's.
 */
export class Transformer extends Module {
  static override readonly typeName: string = 'Transformer';
  /** The encoder: a TransformerEncoder, or `customEncoder`. */
  encoder: TransformerEncoderLike;
  /** The decoder: a TransformerDecoder, or `customDecoder`. */
  decoder: TransformerDecoderLike;
  /** PyTorch's `d_model`. */
  readonly dModel: number;
  /** PyTorch's `nhead`. */
  readonly nhead: number;
  /** PyTorch's `batch_first`. */
  readonly batchFirst: boolean;

  /**
   * `new nn.Transformer()`, `new nn.Transformer({ dModel: 256, nhead: 4 })` or `new nn.Transformer(256, 4, { numEncoderLayers: 3 })`.
   * @param dModel - Features of the inputs (default 512), or one options object with `dModel` and `nhead` among the {@link TransformerOptions}.
   * @param nhead - Attention heads (default 8); divides dModel.
   * @param options - The rest by name (all optional); see {@link TransformerOptions}.
   */
  constructor(dModel?: number | (TransformerOptions & { dModel?: number; nhead?: number }), nhead?: number, options: TransformerOptions = {}) {
    super();
    const o: TransformerOptions & { dModel?: number; nhead?: number } = typeof dModel === 'object' ? dModel : { ...options, dModel, nhead };
    const d = o.dModel ?? 512;
    const h = o.nhead ?? 8;
    const layerOptions: TransformerLayerOptions = {
      dimFeedforward: o.dimFeedforward,
      dropout: o.dropout,
      activation: o.activation,
      layerNormEps: o.layerNormEps,
      batchFirst: o.batchFirst,
      normFirst: o.normFirst,
    };
    const eps = o.layerNormEps ?? 1e-5;
    this.encoder =
      o.customEncoder ?? new TransformerEncoder(new TransformerEncoderLayer(d, h, layerOptions), o.numEncoderLayers ?? 6, new LayerNorm(d, { eps }));
    this.decoder =
      o.customDecoder ?? new TransformerDecoder(new TransformerDecoderLayer(d, h, layerOptions), o.numDecoderLayers ?? 6, new LayerNorm(d, { eps }));
    this.dModel = d;
    this.nhead = h;
    this.batchFirst = Boolean(o.batchFirst ?? false);
  }

  /**
   * A square causal mask for a sequence of `sz` (traced sizes allowed): float
   * -inf above the diagonal, 0 elsewhere. PyTorch 1.13's static method,
   * `torch.triu(torch.full((sz, sz), float('-inf')), diagonal=1)`, so it
   * traces aten::full and aten::triu in the caller's scope.
   */
  static generateSquareSubsequentMask(sz: IntLike): Tensor {
    return triu(full([sz, sz], -Infinity), 1);
  }

  /** `self.transformer.generate_square_subsequent_mask(T)`: the static method, called on the layer as Python allows. */
  generateSquareSubsequentMask(sz: IntLike): Tensor {
    return Transformer.generateSquareSubsequentMask(sz);
  }

  /** The decoder's output for `tgt` [T, N, d_model] attending to the encoded `src` [S, N, d_model] ([N, …] batch first). */
  override forward(src: Tensor, tgt: Tensor, masks: TransformerMasks = {}): Tensor {
    const batched = src.rank === 3;
    const b = this.batchFirst ? 0 : 1;
    if (batched && src.shape[b] !== tgt.shape[b]) throw new ShapeError('Transformer', 'the batch number of src and tgt must be equal', { src: src.shape, tgt: tgt.shape });
    if (src.shape[src.rank - 1] !== this.dModel || tgt.shape[tgt.rank - 1] !== this.dModel) {
      throw new ShapeError('Transformer', `the feature number of src and tgt must be equal to d_model (${this.dModel})`, { src: src.shape, tgt: tgt.shape });
    }
    const memory = this.encoder.call(src, { mask: masks.srcMask ?? null, srcKeyPaddingMask: masks.srcKeyPaddingMask ?? null });
    return this.decoder.call(tgt, memory, masks);
  }
}
