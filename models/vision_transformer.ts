/**
 * torchvision's Vision Transformer family (vit_b_16, vit_b_32, vit_l_16,
 * vit_l_32, vit_h_14) with torchvision 0.14's module names, registration order
 * and forward ops.
 *
 * Sizes are read with `x.size()`, so `n_h * n_w` in `_process_input` is
 * traced as the reference traces it (aten::size, aten::floor_divide and
 * aten::mul, the last one unsupported).
 *
 * @module
 */

import { ArgumentError, ShapeError } from '../core/errors.js';
import type { Tensor, TracedInt } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import type { ZooEntry } from './index.js';
import { MLP, type ActivationFactory, type LayerFactory } from './ops.js';

const gelu: ActivationFactory = () => new nn.GELU();
const layerNorm: LayerFactory = (c) => new nn.LayerNorm(c, { eps: 1e-6 });

/** The transformer's MLP: Linear, GELU, Dropout, Linear, Dropout. */
export class MLPBlock extends MLP {
  static override readonly typeName: string = 'MLPBlock';
  /** An MLP from `inDim` through `mlpDim` back to `inDim`. */
  constructor(inDim: number, mlpDim: number, dropout: number) {
    super(inDim, [mlpDim, inDim], { activationLayer: gelu, inplace: null, dropout });
  }
}

/**
 * torchvision's ViT `EncoderBlock`: pre-norm multi-head self-attention and MLP,
 * each with a residual connection.
 */
export class EncoderBlock extends nn.Module {
  static override readonly typeName: string = 'EncoderBlock';
  readonly numHeads: number;
  ln_1: nn.TensorModule;
  self_attention: nn.MultiheadAttention;
  dropout: nn.Dropout;
  ln_2: nn.TensorModule;
  mlp: MLPBlock;

  /**
   * A block of width `hiddenDim` with `numHeads` attention heads and an MLP of
   * width `mlpDim`.
   */
  constructor(numHeads: number, hiddenDim: number, mlpDim: number, dropout: number, attentionDropout: number, normLayer: LayerFactory = layerNorm) {
    super();
    this.numHeads = numHeads;
    this.ln_1 = normLayer(hiddenDim);
    this.self_attention = new nn.MultiheadAttention(hiddenDim, numHeads, { dropout: attentionDropout, batchFirst: true });
    this.dropout = new nn.Dropout(dropout);
    this.ln_2 = normLayer(hiddenDim);
    this.mlp = new MLPBlock(hiddenDim, mlpDim, dropout);
  }

  /**
   * `x = input + dropout(attention(ln_1(input)))`, then
   * `x + mlp(ln_2(x))`; input `[N, seq, hidden]`.
   */
  override forward(input: Tensor): Tensor {
    if (input.rank !== 3) {
      throw new ShapeError('EncoderBlock', `expected (batch_size, seq_length, hidden_dim), got ${input.rank}-D`, { input: input.shape });
    }
    let x = this.ln_1.call(input);
    [x] = this.self_attention.call(x, x, x, { needWeights: false });
    x = this.dropout.call(x);
    x = F.add(x, input);
    let y = this.ln_2.call(x);
    y = this.mlp.call(y);
    return F.add(x, y);
  }
}

/**
 * torchvision's ViT `Encoder`: a learned position embedding, dropout,
 * `numLayers` encoder blocks and a final norm.
 */
export class Encoder extends nn.Module {
  static override readonly typeName: string = 'Encoder';
  pos_embedding: nn.Parameter;
  dropout: nn.Dropout;
  layers: nn.Sequential;
  ln: nn.TensorModule;

  /** An encoder for `seqLength` tokens of width `hiddenDim`. */
  constructor(
    seqLength: number,
    numLayers: number,
    numHeads: number,
    hiddenDim: number,
    mlpDim: number,
    dropout: number,
    attentionDropout: number,
    normLayer: LayerFactory = layerNorm,
  ) {
    super();
    this.pos_embedding = new nn.Parameter([1, seqLength, hiddenDim]);
    this.dropout = new nn.Dropout(dropout);
    const layers = new Map<string, nn.Module>();
    for (let i = 0; i < numLayers; i++) {
      layers.set(`encoder_layer_${i}`, new EncoderBlock(numHeads, hiddenDim, mlpDim, dropout, attentionDropout, normLayer));
    }
    this.layers = new nn.Sequential(layers);
    this.ln = normLayer(hiddenDim);
  }

  /**
   * `ln(layers(dropout(input + pos_embedding)))`; input
   * `[N, seqLength, hidden]`.
   */
  override forward(input: Tensor): Tensor {
    if (input.rank !== 3) {
      throw new ShapeError('Encoder', `expected (batch_size, seq_length, hidden_dim), got ${input.rank}-D`, { input: input.shape });
    }
    const x = F.add(input, this.pos_embedding);
    return this.ln.call(this.layers.call(this.dropout.call(x)));
  }
}

/**
 * Options of {@link VisionTransformer} and the vit builders: torchvision's
 * `image_size` (224), `dropout`, `attention_dropout`, `num_classes` and
 * `representation_size` (a tanh pre-logits layer when set).
 */
export interface VisionTransformerOptions {
  imageSize?: number;
  dropout?: number;
  attentionDropout?: number;
  numClasses?: number;
  representationSize?: number | null;
}

/**
 * torchvision's `VisionTransformer`: a patchify conv, a class token, the
 * transformer encoder and a linear head on the class token. Inputs must be
 * `imageSize` square.
 */
export class VisionTransformer extends nn.Module {
  static override readonly typeName: string = 'VisionTransformer';
  readonly imageSize: number;
  readonly patchSize: number;
  readonly hiddenDim: number;
  readonly mlpDim: number;
  readonly seqLength: number;
  conv_proj: nn.Conv2d;
  class_token: nn.Parameter;
  encoder: Encoder;
  heads: nn.Sequential;

  /**
   * @param patchSize Side of the square patches (the conv's kernel and stride).
   * @param numLayers Encoder blocks.
   * @param numHeads Attention heads per block.
   * @param hiddenDim Token width.
   * @param mlpDim Width of each block's MLP.
   * @param o Image size, dropouts, classes, representation size.
   */
  constructor(patchSize: number, numLayers: number, numHeads: number, hiddenDim: number, mlpDim: number, o: VisionTransformerOptions = {}) {
    super();
    const imageSize = o.imageSize ?? 224;
    if (imageSize % patchSize !== 0) throw new ArgumentError('VisionTransformer', 'image_size', imageSize, `divisible by the patch size (${patchSize})`);
    this.imageSize = imageSize;
    this.patchSize = patchSize;
    this.hiddenDim = hiddenDim;
    this.mlpDim = mlpDim;
    const dropout = o.dropout ?? 0;
    const attentionDropout = o.attentionDropout ?? 0;
    const numClasses = o.numClasses ?? 1000;
    this.conv_proj = new nn.Conv2d(3, hiddenDim, patchSize, { stride: patchSize });
    const seqLength = (Math.floor(imageSize / patchSize)) ** 2 + 1;
    this.class_token = new nn.Parameter([1, 1, hiddenDim]);
    this.encoder = new Encoder(seqLength, numLayers, numHeads, hiddenDim, mlpDim, dropout, attentionDropout);
    this.seqLength = seqLength;
    const rep = o.representationSize ?? null;
    const heads = new Map<string, nn.Module>();
    if (rep === null) {
      heads.set('head', new nn.Linear(hiddenDim, numClasses));
    } else {
      heads.set('pre_logits', new nn.Linear(hiddenDim, rep));
      heads.set('act', new nn.Tanh());
      heads.set('head', new nn.Linear(rep, numClasses));
    }
    this.heads = new nn.Sequential(heads);
  }

  /** (n, c, h, w) -> (n, (h/p) * (w/p), hidden_dim). */
  processInput(x: Tensor): Tensor {
    if (x.rank !== 4) throw new ShapeError('VisionTransformer', `expected an (n, c, h, w) input, got ${x.rank}-D`, { input: x.shape });
    const [n, , h, w] = x.size() as [TracedInt, TracedInt, TracedInt, TracedInt];
    if (h.value !== this.imageSize || w.value !== this.imageSize) {
      throw new ShapeError('VisionTransformer', `wrong image size: expected ${this.imageSize}x${this.imageSize}, got ${h.value}x${w.value}`, { input: x.shape });
    }
    const p = this.patchSize;
    const nH = h.floordiv(p);
    const nW = w.floordiv(p);
    let y = this.conv_proj.call(x);
    y = F.reshape(y, [n, this.hiddenDim, nH.mul(nW)]);
    return F.permute(y, [0, 2, 1]);
  }

  /**
   * `processInput`, the class token prepended, `encoder`, the class token's
   * output through `heads`.
   */
  override forward(x: Tensor): Tensor {
    let y = this.processInput(x);
    const n = y.size(0);
    const batchClassToken = F.expand(this.class_token, [n, -1, -1]);
    y = F.cat([batchClassToken, y], 1);
    y = this.encoder.call(y);
    // x[:, 0]: the traced `:` is a full slice, then a select.
    y = F.select(F.slice(y, 0, 0), 1, 0);
    return this.heads.call(y);
  }
}

const vit = (patch: number, layers: number, heads: number, hidden: number, mlp: number, o: VisionTransformerOptions): VisionTransformer =>
  new VisionTransformer(patch, layers, heads, hidden, mlp, o);

/**
 * ViT-B/16 (torchvision `vit_b_16`): 86,567,656 parameters; 17.58 GFLOPs at
 * 3x224x224.
 */
export const vit_b_16 = (o: VisionTransformerOptions = {}): VisionTransformer => vit(16, 12, 12, 768, 3072, o);
/** ViT-B/32 (torchvision `vit_b_32`): 88,224,232 parameters. */
export const vit_b_32 = (o: VisionTransformerOptions = {}): VisionTransformer => vit(32, 12, 12, 768, 3072, o);
/** ViT-L/16 (torchvision `vit_l_16`): 304,326,632 parameters. */
export const vit_l_16 = (o: VisionTransformerOptions = {}): VisionTransformer => vit(16, 24, 16, 1024, 4096, o);
/** ViT-L/32 (torchvision `vit_l_32`): 306,535,400 parameters. */
export const vit_l_32 = (o: VisionTransformerOptions = {}): VisionTransformer => vit(32, 24, 16, 1024, 4096, o);
/**
 * ViT-H/14 (torchvision `vit_h_14`, built for 224x224 inputs): 632,045,800
 * parameters.
 */
export const vit_h_14 = (o: VisionTransformerOptions = {}): VisionTransformer => vit(14, 32, 16, 1280, 5120, o);

const IMAGE = [3, 224, 224] as const;

/**
 * The family's entries of `models.ZOO`: each builder with its default input,
 * 3x224x224.
 */
export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  vit_b_16: { build: () => vit_b_16(), inputShape: IMAGE },
  vit_b_32: { build: () => vit_b_32(), inputShape: IMAGE },
  vit_l_16: { build: () => vit_l_16(), inputShape: IMAGE },
  vit_l_32: { build: () => vit_l_32(), inputShape: IMAGE },
  vit_h_14: { build: () => vit_h_14(), inputShape: IMAGE },
};
