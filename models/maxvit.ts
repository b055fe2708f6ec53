/**
 * torchvision's MaxViT (maxvit_t), with torchvision 0.14's module names,
 * registration order and forward ops: a convolutional stem, then blocks of
 * MaxVitLayer = MBConv + window attention + grid attention, each attention a
 * PartitionAttentionLayer around RelativePositionalMultiHeadAttention.
 *
 * Sizes are read with `x.size()`, so the partition's `(H // P) * (W // P)` is
 * traced as the reference's JIT traces it (aten::size, floor_divide, mul);
 * sizes read but never used are dropped by the trace's dead-code rule.
 *
 * @module
 */

import { ArgumentError, ShapeError } from '../core/errors.js';
import { Parameter, Tensor, type TracedInt } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import { Conv2dNormActivation, SqueezeExcitation, StochasticDepth, type ActivationFactory, type LayerFactory } from './ops.js';
import type { ZooEntry } from './index.js';

/** `((h - k + 2p) // s + 1, (w - k + 2p) // s + 1)`. */
function convOutputShape(size: readonly [number, number], k: number, s: number, p: number): [number, number] {
  return [Math.floor((size[0] - k + 2 * p) / s) + 1, Math.floor((size[1] - k + 2 * p) / s) + 1];
}

/** The input size of each block: after the stem and each block's stride-2 MBConv. */
function blockInputShapes(inputSize: readonly [number, number], nBlocks: number): [number, number][] {
  const shapes: [number, number][] = [];
  let shape = convOutputShape(inputSize, 3, 2, 1);
  for (let i = 0; i < nBlocks; i++) {
    shape = convOutputShape(shape, 3, 2, 1);
    shapes.push(shape);
  }
  return shapes;
}

/** numpy's `linspace(start, stop, num).tolist()`. */
function linspace(start: number, stop: number, num: number): number[] {
  if (num === 1) return [start];
  const step = (stop - start) / (num - 1);
  const out: number[] = [];
  for (let i = 0; i < num; i++) out.push(i * step + start);
  out[num - 1] = stop;
  return out;
}

/** `B, C, H, W = x.shape`, which fails in Python unless the input is 4-D. */
function sizes4d(x: Tensor): [TracedInt, TracedInt, TracedInt, TracedInt] {
  if (x.rank !== 4) throw new ShapeError('aten::size', `expected a 4-D input, got ${x.rank}-D`, { input: x.shape });
  return x.size() as [TracedInt, TracedInt, TracedInt, TracedInt];
}

/** Mobile inverted bottleneck with squeeze-and-excitation and a pre-norm. */
export class MBConv extends nn.Module {
  static override readonly typeName: string = 'MBConv';
  proj: nn.TensorModule;
  stochastic_depth: nn.TensorModule;
  layers: nn.Sequential;

  /**
   * A block from `inChannels` to `outChannels`, expanded `expansionRatio` times
   * inside; stride 2 downsamples (the shortcut then average-pools and
   * projects).
   */
  constructor(
    inChannels: number,
    outChannels: number,
    expansionRatio: number,
    squeezeRatio: number,
    stride: number,
    activationLayer: ActivationFactory,
    normLayer: LayerFactory,
    pStochasticDropout = 0,
  ) {
    super();
    const shouldProj = stride !== 1 || inChannels !== outChannels;
    if (shouldProj) {
      const proj: nn.Module[] = [new nn.Conv2d(inChannels, outChannels, 1, { stride: 1, bias: true })];
      if (stride === 2) proj.unshift(new nn.AvgPool2d(3, { stride, padding: 1 }));
      this.proj = new nn.Sequential(...proj);
    } else {
      this.proj = new nn.Identity();
    }
    const midChannels = Math.trunc(outChannels * expansionRatio);
    const sqzChannels = Math.trunc(outChannels * squeezeRatio);
    this.stochastic_depth = pStochasticDropout ? new StochasticDepth(pStochasticDropout, 'row') : new nn.Identity();
    this.layers = new nn.Sequential({
      pre_norm: normLayer(inChannels),
      conv_a: new Conv2dNormActivation(inChannels, midChannels, {
        kernelSize: 1,
        stride: 1,
        padding: 0,
        activationLayer,
        normLayer,
        inplace: null,
      }),
      conv_b: new Conv2dNormActivation(midChannels, midChannels, {
        kernelSize: 3,
        stride,
        padding: 1,
        activationLayer,
        normLayer,
        groups: midChannels,
        inplace: null,
      }),
      squeeze_excitation: new SqueezeExcitation(midChannels, sqzChannels, () => new nn.SiLU()),
      conv_c: new nn.Conv2d(midChannels, outChannels, 1, { bias: true }),
    });
  }

  /** `proj(x) + stochastic_depth(layers(x))`. */
  override forward(x: Tensor): Tensor {
    const res = this.proj.call(x);
    const y = this.stochastic_depth.call(this.layers.call(x));
    return F.add(res, y);
  }
}

/** Multi-head self-attention over [B, G, P, D] with a relative position bias. */
export class RelativePositionalMultiHeadAttention extends nn.Module {
  static override readonly typeName: string = 'RelativePositionalMultiHeadAttention';
  readonly nHeads: number;
  readonly headDim: number;
  readonly size: number;
  readonly maxSeqLen: number;
  readonly scaleFactor: number;
  to_qkv: nn.Linear;
  merge: nn.Linear;
  relative_position_bias_table: Parameter;

  /**
   * Attention of width `featDim` in heads of `headDim`, over partitions of
   * `maxSeqLen` tokens (a square number).
   */
  constructor(featDim: number, headDim: number, maxSeqLen: number) {
    super();
    if (featDim % headDim !== 0) {
      throw new ArgumentError('RelativePositionalMultiHeadAttention', 'feat_dim', featDim, `divisible by head_dim (${headDim})`);
    }
    this.nHeads = Math.floor(featDim / headDim);
    this.headDim = headDim;
    this.size = Math.trunc(Math.sqrt(maxSeqLen));
    this.maxSeqLen = maxSeqLen;
    this.to_qkv = new nn.Linear(featDim, this.nHeads * this.headDim * 3);
    this.scaleFactor = featDim ** -0.5;
    this.merge = new nn.Linear(this.headDim * this.nHeads, featDim);
    this.relative_position_bias_table = new Parameter([(2 * this.size - 1) * (2 * this.size - 1), this.nHeads]);
    this.registerBuffer('relative_position_index', new Tensor([this.size * this.size, this.size * this.size], 'int64'));
  }

  /** [1, heads, L, L] gathered from the table. */
  getRelativePositionalBias(): Tensor {
    const index = F.view(this._buffers.get('relative_position_index')!, [-1]);
    let bias = F.index(this.relative_position_bias_table, index);
    bias = F.view(bias, [this.maxSeqLen, this.maxSeqLen, -1]);
    bias = F.contiguous(F.permute(bias, [2, 0, 1]));
    return F.unsqueeze(bias, 0);
  }

  /**
   * `[B, G, P, D]` to `[B, G, P, D]`: q, k, v from `to_qkv`, softmax of the
   * scaled dot products plus the position bias (as einsums), `merge`.
   */
  override forward(x: Tensor): Tensor {
    const [b, g, p, d] = sizes4d(x);
    const h = this.nHeads;
    const dh = this.headDim;
    const qkv = this.to_qkv.call(x);
    const [q0, k0, v0] = F.chunk(qkv, 3, -1) as [Tensor, Tensor, Tensor];
    const q = F.permute(F.reshape(q0, [b, g, p, h, dh]), [0, 1, 3, 2, 4]);
    let k = F.permute(F.reshape(k0, [b, g, p, h, dh]), [0, 1, 3, 2, 4]);
    const v = F.permute(F.reshape(v0, [b, g, p, h, dh]), [0, 1, 3, 2, 4]);
    k = F.mul(k, this.scaleFactor);
    let dotProd = F.einsum('B G H I D, B G H J D -> B G H I J', q, k);
    const posBias = this.getRelativePositionalBias();
    dotProd = F.softmax(F.add(dotProd, posBias), -1);
    let out = F.einsum('B G H I J, B G H J D -> B G H I D', dotProd, v);
    out = F.reshape(F.permute(out, [0, 1, 3, 2, 4]), [b, g, p, d]);
    return this.merge.call(out);
  }
}

/** `torch.swapaxes(x, a, b)` as a module. */
export class SwapAxes extends nn.Module {
  static override readonly typeName: string = 'SwapAxes';
  readonly a: number;
  readonly b: number;
  /** Swaps axes `a` and `b`. */
  constructor(a: number, b: number) {
    super();
    this.a = a;
    this.b = b;
  }
  /** `x` with axes `a` and `b` swapped. */
  override forward(x: Tensor): Tensor {
    return F.swapaxes(x, this.a, this.b);
  }
}

/** [B, C, H, W] -> [B, H/P * W/P, P*P, C]. */
export class WindowPartition extends nn.Module {
  static override readonly typeName: string = 'WindowPartition';
  /** Splits `x` into `p` x `p` windows. */
  override forward(x: Tensor, p: number): Tensor {
    const [b, c, h, w] = sizes4d(x);
    let y = F.reshape(x, [b, c, h.floordiv(p), p, w.floordiv(p), p]);
    y = F.permute(y, [0, 2, 4, 3, 5, 1]);
    return F.reshape(y, [b, h.floordiv(p).mul(w.floordiv(p)), p * p, c]);
  }
}

/** [B, (H/P * W/P), P*P, C] -> [B, C, H, W]. */
export class WindowDepartition extends nn.Module {
  static override readonly typeName: string = 'WindowDepartition';
  /** Joins `hPartitions` x `wPartitions` windows of `p` x `p` back into a map. */
  override forward(x: Tensor, p: number, hPartitions: number, wPartitions: number): Tensor {
    const [b, , , c] = sizes4d(x);
    let y = F.reshape(x, [b, hPartitions, wPartitions, p, p, c]);
    y = F.permute(y, [0, 5, 1, 3, 2, 4]);
    return F.reshape(y, [b, c, hPartitions * p, wPartitions * p]);
  }
}

/**
 * Options of {@link PartitionAttentionLayer}: head width, partition size and
 * type, the feature map's grid size, MLP ratio, activation and norm layers,
 * dropouts and stochastic depth.
 */
export interface PartitionAttentionOptions {
  headDim: number;
  partitionSize: number;
  partitionType: 'grid' | 'window';
  gridSize: readonly [number, number];
  mlpRatio: number;
  activationLayer: ActivationFactory;
  /** Makes the norm before the attention. */
  normLayer: (c: number) => nn.TensorModule;
  attentionDropout: number;
  mlpDropout: number;
  pStochasticDropout: number;
}

/** Partition into windows (or a grid), attention and an MLP per partition, departition. */
export class PartitionAttentionLayer extends nn.Module {
  static override readonly typeName: string = 'PartitionAttentionLayer';
  readonly nHeads: number;
  readonly headDim: number;
  readonly nPartitions: number;
  readonly partitionType: 'grid' | 'window';
  readonly gridSize: readonly [number, number];
  readonly p: number;
  readonly g: number;
  partition_op: WindowPartition;
  departition_op: WindowDepartition;
  partition_swap: nn.TensorModule;
  departition_swap: nn.TensorModule;
  attn_layer: nn.Sequential;
  mlp_layer: nn.Sequential;
  stochastic_dropout: StochasticDepth;

  /** A layer over `inChannels` channels, as `o` describes. */
  constructor(inChannels: number, o: PartitionAttentionOptions) {
    super();
    this.nHeads = Math.floor(inChannels / o.headDim);
    this.headDim = o.headDim;
    this.nPartitions = Math.floor(o.gridSize[0] / o.partitionSize);
    this.partitionType = o.partitionType;
    this.gridSize = o.gridSize;
    if (o.partitionType !== 'grid' && o.partitionType !== 'window') {
      throw new ArgumentError('PartitionAttentionLayer', 'partition_type', o.partitionType, "'grid' or 'window'");
    }
    if (o.partitionType === 'window') {
      this.p = o.partitionSize;
      this.g = this.nPartitions;
    } else {
      this.p = this.nPartitions;
      this.g = o.partitionSize;
    }
    this.partition_op = new WindowPartition();
    this.departition_op = new WindowDepartition();
    this.partition_swap = o.partitionType === 'grid' ? new SwapAxes(-2, -3) : new nn.Identity();
    this.departition_swap = o.partitionType === 'grid' ? new SwapAxes(-2, -3) : new nn.Identity();
    this.attn_layer = new nn.Sequential(
      o.normLayer(inChannels),
      // always partition_size ** 2 tokens, thanks to the swap for grids
      new RelativePositionalMultiHeadAttention(inChannels, o.headDim, o.partitionSize ** 2),
      new nn.Dropout(o.attentionDropout),
    );
    this.mlp_layer = new nn.Sequential(
      new nn.LayerNorm(inChannels),
      new nn.Linear(inChannels, inChannels * o.mlpRatio),
      o.activationLayer(null),
      new nn.Linear(inChannels * o.mlpRatio, inChannels),
      new nn.Dropout(o.mlpDropout),
    );
    this.stochastic_dropout = new StochasticDepth(o.pStochasticDropout, 'row');
  }

  /**
   * Partition (and swap, for grids), `y + stochastic_dropout(attn_layer(y))`,
   * `y + stochastic_dropout(mlp_layer(y))`, swap back, departition.
   */
  override forward(x: Tensor): Tensor {
    const gh = Math.floor(this.gridSize[0] / this.p);
    const gw = Math.floor(this.gridSize[1] / this.p);
    let y = this.partition_op.call(x, this.p);
    y = this.partition_swap.call(y);
    y = F.add(y, this.stochastic_dropout.call(this.attn_layer.call(y)));
    y = F.add(y, this.stochastic_dropout.call(this.mlp_layer.call(y)));
    y = this.departition_swap.call(y);
    return this.departition_op.call(y, this.p, gh, gw);
  }
}

/**
 * Options of {@link MaxVitLayer}: its MBConv's squeeze and expansion ratios,
 * stride, norm and activation layers, and its attentions' head width, MLP
 * ratio, dropouts, stochastic depth, partition size and grid size.
 */
export interface MaxVitLayerOptions {
  squeezeRatio: number;
  expansionRatio: number;
  stride: number;
  normLayer: LayerFactory;
  activationLayer: ActivationFactory;
  headDim: number;
  mlpRatio: number;
  mlpDropout: number;
  attentionDropout: number;
  pStochasticDropout: number;
  partitionSize: number;
  gridSize: readonly [number, number];
}

/** MBConv, then window attention, then grid attention. */
export class MaxVitLayer extends nn.Module {
  static override readonly typeName: string = 'MaxVitLayer';
  layers: nn.Sequential;

  /** A layer from `inChannels` to `outChannels` channels, as `o` describes. */
  constructor(inChannels: number, outChannels: number, o: MaxVitLayerOptions) {
    super();
    const attention = (partitionType: 'grid' | 'window'): PartitionAttentionLayer =>
      new PartitionAttentionLayer(outChannels, {
        headDim: o.headDim,
        partitionSize: o.partitionSize,
        partitionType,
        gridSize: o.gridSize,
        mlpRatio: o.mlpRatio,
        activationLayer: o.activationLayer,
        normLayer: (c) => new nn.LayerNorm(c),
        attentionDropout: o.attentionDropout,
        mlpDropout: o.mlpDropout,
        pStochasticDropout: o.pStochasticDropout,
      });
    this.layers = new nn.Sequential({
      MBconv: new MBConv(
        inChannels,
        outChannels,
        o.expansionRatio,
        o.squeezeRatio,
        o.stride,
        o.activationLayer,
        o.normLayer,
        o.pStochasticDropout,
      ),
      window_attention: attention('window'),
      grid_attention: attention('grid'),
    });
  }

  /** `layers(x)`. */
  override forward(x: Tensor): Tensor {
    return this.layers.call(x);
  }
}

/** A stage: `n_layers` MaxVitLayers, the first with stride 2. */
export class MaxVitBlock extends nn.Module {
  static override readonly typeName: string = 'MaxVitBlock';
  layers: nn.ModuleList<MaxVitLayer>;
  readonly gridSize: [number, number];

  /**
   * A stage from `inChannels` to `outChannels` channels, one layer per
   * stochastic depth probability in `o.pStochastic`.
   */
  constructor(
    inChannels: number,
    outChannels: number,
    o: Omit<MaxVitLayerOptions, 'stride' | 'pStochasticDropout' | 'gridSize'> & {
      inputGridSize: readonly [number, number];
      pStochastic: readonly number[];
    },
  ) {
    super();
    this.layers = new nn.ModuleList();
    // the first layer's stride 2
    this.gridSize = convOutputShape(o.inputGridSize, 3, 2, 1);
    o.pStochastic.forEach((p, idx) => {
      this.layers.append(
        new MaxVitLayer(idx === 0 ? inChannels : outChannels, outChannels, {
          squeezeRatio: o.squeezeRatio,
          expansionRatio: o.expansionRatio,
          stride: idx === 0 ? 2 : 1,
          normLayer: o.normLayer,
          activationLayer: o.activationLayer,
          headDim: o.headDim,
          mlpRatio: o.mlpRatio,
          mlpDropout: o.mlpDropout,
          attentionDropout: o.attentionDropout,
          partitionSize: o.partitionSize,
          gridSize: this.gridSize,
          pStochasticDropout: p,
        }),
      );
    });
  }

  /** Each layer in turn. */
  override forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this.layers) y = layer.call(y);
    return y;
  }
}

/**
 * Options of {@link MaxVit}: torchvision's `input_size` (224x224),
 * `norm_layer`, `activation_layer`, `squeeze_ratio`, `expansion_ratio`,
 * `mlp_ratio`, `mlp_dropout`, `attention_dropout` and `num_classes`.
 */
export interface MaxVitOptions {
  inputSize?: readonly [number, number];
  normLayer?: LayerFactory;
  activationLayer?: ActivationFactory;
  squeezeRatio?: number;
  expansionRatio?: number;
  mlpRatio?: number;
  mlpDropout?: number;
  attentionDropout?: number;
  numClasses?: number;
}

/** torchvision's default norm for MaxViT: BatchNorm2d(eps=1e-3, momentum=0.99). */
const maxvitBatchNorm: LayerFactory = (c) => new nn.BatchNorm2d(c, { eps: 1e-3, momentum: 0.99 });
const gelu: ActivationFactory = () => new nn.GELU();

/**
 * torchvision's `MaxVit`: a two-conv stem, blocks of MaxVit layers (MBConv,
 * window attention, grid attention), and a classifier of pool, flatten, norm,
 * linear, tanh and linear.
 */
export class MaxVit extends nn.Module {
  static override readonly typeName: string = 'MaxVit';
  stem: nn.Sequential;
  readonly partitionSize: number;
  blocks: nn.ModuleList<MaxVitBlock>;
  classifier: nn.Sequential;

  /**
   * @param stemChannels The stem's channels.
   * @param partitionSize Side of the attention windows and grid.
   * @param blockChannels Output channels per block.
   * @param blockLayers Layers per block.
   * @param headDim Width of each attention head.
   * @param stochasticDepthProb The last layer's stochastic depth probability
   *   (linear from 0).
   * @param o Input size, layers, ratios, dropouts, classes.
   */
  constructor(
    stemChannels: number,
    partitionSize: number,
    blockChannels: readonly number[],
    blockLayers: readonly number[],
    headDim: number,
    stochasticDepthProb: number,
    o: MaxVitOptions = {},
  ) {
    super();
    const inputChannels = 3;
    const norm = o.normLayer ?? maxvitBatchNorm;
    const act = o.activationLayer ?? gelu;
    let inputSize: [number, number] = [...(o.inputSize ?? [224, 224])] as [number, number];
    // every block's input must split into whole partitions
    blockInputShapes(inputSize, blockChannels.length).forEach((s, idx) => {
      if (s[0] % partitionSize !== 0 || s[1] % partitionSize !== 0) {
        throw new ArgumentError('MaxVit', 'input_size', inputSize, `such that block ${idx}'s input (${s[0]}, ${s[1]}) is divisible by partition size ${partitionSize}`);
      }
    });
    this.stem = new nn.Sequential(
      new Conv2dNormActivation(inputChannels, stemChannels, {
        kernelSize: 3,
        stride: 2,
        normLayer: norm,
        activationLayer: act,
        bias: false,
        inplace: null,
      }),
      new Conv2dNormActivation(stemChannels, stemChannels, { kernelSize: 3, stride: 1, normLayer: null, activationLayer: null, bias: true }),
    );
    // account for the stem's stride
    inputSize = convOutputShape(inputSize, 3, 2, 1);
    this.partitionSize = partitionSize;

    this.blocks = new nn.ModuleList();
    const inChannels = [stemChannels, ...blockChannels.slice(0, -1)];
    const pStochastic = linspace(0, stochasticDepthProb, blockLayers.reduce((a, b) => a + b, 0));
    let pIdx = 0;
    blockChannels.forEach((outChannel, i) => {
      const numLayers = blockLayers[i]!;
      const block = new MaxVitBlock(inChannels[i]!, outChannel, {
        squeezeRatio: o.squeezeRatio ?? 0.25,
        expansionRatio: o.expansionRatio ?? 4,
        normLayer: norm,
        activationLayer: act,
        headDim,
        mlpRatio: o.mlpRatio ?? 4,
        mlpDropout: o.mlpDropout ?? 0,
        attentionDropout: o.attentionDropout ?? 0,
        partitionSize,
        inputGridSize: inputSize,
        pStochastic: pStochastic.slice(pIdx, pIdx + numLayers),
      });
      this.blocks.append(block);
      inputSize = block.gridSize;
      pIdx += numLayers;
    });

    const last = blockChannels[blockChannels.length - 1]!;
    this.classifier = new nn.Sequential(
      new nn.AdaptiveAvgPool2d(1),
      new nn.Flatten(),
      new nn.LayerNorm(last),
      new nn.Linear(last, last),
      new nn.Tanh(),
      new nn.Linear(last, o.numClasses ?? 1000, { bias: false }),
    );
  }

  /** `stem`, each block, `classifier`. */
  override forward(x: Tensor): Tensor {
    let y = this.stem.call(x);
    for (const block of this.blocks) y = block.call(y);
    return this.classifier.call(y);
  }
}

/**
 * MaxViT-T (torchvision `maxvit_t`): 30,919,624 parameters; 5.65 GFLOPs at
 * 3x224x224 in training mode.
 */
export const maxvit_t = (o: MaxVitOptions = {}): MaxVit => new MaxVit(64, 7, [64, 128, 256, 512], [2, 2, 5, 2], 32, 0.2, o);

/**
 * The family's entry of `models.ZOO`: maxvit_t with its default input,
 * 3x224x224.
 */
export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  maxvit_t: { build: () => maxvit_t(), inputShape: [3, 224, 224] },
};
