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

export interface TransformerLayerOptions {
  dimFeedforward?: number;
  dropout?: number;
  activation?: TransformerActivation;
  layerNormEps?: number;
  batchFirst?: boolean;
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
  srcMask?: Tensor | null;
  srcKeyPaddingMask?: Tensor | null;
}

export interface DecoderLayerMasks {
  tgtMask?: Tensor | null;
  memoryMask?: Tensor | null;
  tgtKeyPaddingMask?: Tensor | null;
  memoryKeyPaddingMask?: Tensor | null;
}

/**
 * torch.nn.TransformerEncoderLayer: `new TransformerEncoderLayer(dModel, nhead, { dimFeedforward, dropout,
 * activation, layerNormEps, batchFirst, normFirst })` or positionally in that order.
 * `layer.call(src, srcMask?, srcKeyPaddingMask?)` or `layer.call(src, { srcMask, srcKeyPaddingMask })`.
 */
export class TransformerEncoderLayer extends Module {
  self_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  readonly normFirst: boolean;
  norm1: LayerNorm;
  norm2: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  readonly activation: TransformerActivation;
  private readonly act: (x: Tensor) => Tensor;
  private readonly settings: LayerSettings;

  constructor(dModel: number, nhead: number, options?: TransformerLayerOptions);
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
 * torch.nn.TransformerDecoderLayer: as TransformerEncoderLayer, with cross-attention
 * (`multihead_attn`) and a third norm. `layer.call(tgt, memory, tgtMask?, memoryMask?,
 * tgtKeyPaddingMask?, memoryKeyPaddingMask?)` or `layer.call(tgt, memory, { ...masks })`.
 */
export class TransformerDecoderLayer extends Module {
  self_attn: MultiheadAttention;
  multihead_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  readonly normFirst: boolean;
  norm1: LayerNorm;
  norm2: LayerNorm;
  norm3: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  dropout3: Dropout;
  readonly activation: TransformerActivation;
  private readonly act: (x: Tensor) => Tensor;
  private readonly settings: LayerSettings;

  constructor(dModel: number, nhead: number, options?: TransformerLayerOptions);
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

/** torch.nn.TransformerEncoder(encoderLayer, numLayers, norm?): `numLayers` copies of the layer, then the norm. */
export class TransformerEncoder extends Module {
  layers: ModuleList<TransformerEncoderLayer>;
  readonly numLayers: number;
  norm: LayerNorm | Module<(x: Tensor) => Tensor> | null;

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

/** torch.nn.TransformerDecoder(decoderLayer, numLayers, norm?). */
export class TransformerDecoder extends Module {
  layers: ModuleList<TransformerDecoderLayer>;
  readonly numLayers: number;
  norm: LayerNorm | Module<(x: Tensor) => Tensor> | null;

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
  mask?: Tensor | null;
  srcKeyPaddingMask?: Tensor | null;
}

/** What nn.Transformer calls as its encoder: `encoder.call(src, { mask, srcKeyPaddingMask })` (a TransformerEncoder by default). */
export type TransformerEncoderLike = Module<(src: Tensor, masks: EncoderMasks) => Tensor>;
/** What nn.Transformer calls as its decoder: `decoder.call(tgt, memory, { tgtMask, memoryMask, ... })`. */
export type TransformerDecoderLike = Module<(tgt: Tensor, memory: Tensor, masks: DecoderLayerMasks) => Tensor>;

export interface TransformerOptions extends TransformerLayerOptions {
  numEncoderLayers?: number;
  numDecoderLayers?: number;
  customEncoder?: TransformerEncoderLike | null;
  customDecoder?: TransformerDecoderLike | null;
}

/** The masks nn.Transformer's forward takes after src and tgt. */
export interface TransformerMasks extends DecoderLayerMasks {
  srcMask?: Tensor | null;
  srcKeyPaddingMask?: Tensor | null;
}

/**
 * torch.nn.Transformer: `new Transformer({ dModel, nhead, numEncoderLayers, numDecoderLayers, dimFeedforward,
 * dropout, activation, layerNormEps, batchFirst, normFirst })` (PyTorch's defaults: 512, 8, 6, 6, 2048, 0.1, relu)
 * or `new Transformer(dModel, nhead, { ... })`. `t.call(src, tgt, { srcMask, tgtMask, memoryMask,
 * srcKeyPaddingMask, tgtKeyPaddingMask, memoryKeyPaddingMask })`.
 */
export class Transformer extends Module {
  encoder: TransformerEncoderLike;
  decoder: TransformerDecoderLike;
  readonly dModel: number;
  readonly nhead: number;
  readonly batchFirst: boolean;

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
