/**
 * torchvision's Swin Transformer, v1 (swin_t/s/b) and v2 (swin_v2_t/s/b), with
 * torchvision 0.14's module names, registration order and forward ops.
 *
 * The attention runs torchvision's functional `shifted_window_attention`,
 * which uses `attn.qkv` and `attn.proj` through their weights: those two
 * Linear modules are never called, and their FLOPs belong to `attn`.
 *
 * Sizes are read with `x.size()`, so the arithmetic torchvision does on them
 * (padding amounts, window counts, the attention scale) is traced as the
 * reference's JIT traces it; what never reaches the output is dropped by the
 * trace's dead-code rule.
 *
 * @module
 */

import { ArgumentError } from '../core/errors.js';
import { decideBranch, sizeSub } from '../core/sizes.js';
import { Parameter, Tensor, type TracedInt } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import { MLP, Permute, StochasticDepth } from './ops.js';
import type { ZooEntry } from './index.js';

const ALL = Number.MAX_SAFE_INTEGER;

/**
 * torchvision's `_patch_merging_pad` plus the four strided slices and the
 * concatenation PatchMerging runs: [..., H, W, C] -> [..., H/2, W/2, 4C].
 */
function patchMergingPad(x: Tensor): Tensor {
  // `H, W, _ = x.shape[-3:]`; the pad tuple evaluates W % 2 before H % 2.
  const [h, w] = x.size().slice(-3);
  const padW = w!.mod(2);
  const padH = h!.mod(2);
  const y = F.pad(x, [0, 0, 0, padW, 0, padH]);
  const r = y.rank;
  const part = (h0: number, w0: number): Tensor => {
    // x[..., h0::2, w0::2, :]: the tracer records every slice, `:` included.
    let p = F.slice(y, r - 3, h0, ALL, 2);
    p = F.slice(p, r - 2, w0, ALL, 2);
    return F.slice(p, r - 1, 0, ALL, 1);
  };
  return F.cat([part(0, 0), part(1, 0), part(0, 1), part(1, 1)], -1);
}

/** Makes the norm layer for a width (LayerNorm by default). */
export type NormFactory = (dim: number) => nn.TensorModule;

const layerNorm: NormFactory = (dim) => new nn.LayerNorm(dim, { eps: 1e-5 });

/** Patch merging: concatenate 2x2 neighbours, normalise, reduce 4C -> 2C. */
export class PatchMerging extends nn.Module {
  static override readonly typeName: string = 'PatchMerging';
  readonly dim: number;
  reduction: nn.Linear;
  norm: nn.TensorModule;

  /** Merging for `dim` input channels (output `2 * dim`). */
  constructor(dim: number, normLayer: NormFactory = layerNorm) {
    super();
    this.dim = dim;
    this.reduction = new nn.Linear(4 * dim, 2 * dim, { bias: false });
    this.norm = normLayer(4 * dim);
  }

  /**
   * `[..., H, W, C]` to `[..., H/2, W/2, 2C]`: pad to even, gather the 2x2
   * neighbours, `norm`, `reduction`.
   */
  override forward(x: Tensor): Tensor {
    const y = this.norm.call(patchMergingPad(x));
    return this.reduction.call(y);
  }
}

/** Swin v2's patch merging: reduce first, then normalise 2C. */
export class PatchMergingV2 extends nn.Module {
  static override readonly typeName: string = 'PatchMergingV2';
  readonly dim: number;
  reduction: nn.Linear;
  norm: nn.TensorModule;

  /** Merging for `dim` input channels (output `2 * dim`). */
  constructor(dim: number, normLayer: NormFactory = layerNorm) {
    super();
    this.dim = dim;
    this.reduction = new nn.Linear(4 * dim, 2 * dim, { bias: false });
    this.norm = normLayer(2 * dim);
  }

  /**
   * `[..., H, W, C]` to `[..., H/2, W/2, 2C]`: pad to even, gather the 2x2
   * neighbours, `reduction`, `norm`.
   */
  override forward(x: Tensor): Tensor {
    const y = this.reduction.call(patchMergingPad(x));
    return this.norm.call(y);
  }
}

/** torchvision's `_get_relative_position_bias`: table[index] -> [1, heads, N, N]. */
function relativePositionBias(table: Tensor, index: Tensor, windowSize: readonly [number, number]): Tensor {
  const n = windowSize[0] * windowSize[1];
  let b = F.index(table, index);
  b = F.view(b, [n, n, -1]);
  b = F.contiguous(F.permute(b, [2, 0, 1]));
  return F.unsqueeze(b, 0);
}

/**
 * The rest of {@link shiftedWindowAttention}'s arguments: dropouts, the q/k/v
 * and projection biases, Swin v2's logit scale, and the training flag.
 */
export interface WindowAttentionArgs {
  attentionDropout: number;
  dropout: number;
  qkvBias: Tensor | null;
  projBias: Tensor | null;
  /** Swin v2's per-head logit scale (cosine attention); null for v1. */
  logitScale: Tensor | null;
  training: boolean;
}

/**
 * torchvision's functional `shifted_window_attention` on [B, H, W, C]: pad to
 * whole windows, cyclic shift, window partition, multi-head attention with the
 * relative position bias (and the shift mask), window merge, shift back, unpad.
 * `shiftSize` is not modified (a copy is zeroed when a window covers the map).
 */
export function shiftedWindowAttention(
  input: Tensor,
  qkvWeight: Tensor,
  projWeight: Tensor,
  bias: Tensor,
  windowSize: readonly [number, number],
  numHeads: number,
  shiftSize: readonly [number, number],
  args: WindowAttentionArgs,
): Tensor {
  const [ws0, ws1] = windowSize;
  const [B, H, W, C] = input.size() as [TracedInt, TracedInt, TracedInt, TracedInt];
  // pad feature maps to multiples of the window size
  const padR = W.mod(ws1).rsub(ws1).mod(ws1);
  const padB = H.mod(ws0).rsub(ws0).mod(ws0);
  let x = F.pad(input, [0, 0, 0, padR, 0, padB]);
  const [, padH, padW] = x.size() as [TracedInt, TracedInt, TracedInt, TracedInt];

  // no shift where the window covers the whole (padded) map
  const shift: [number, number] = [decideBranch(sizeSub(ws0, padH.value), 0, 'Swin: no shift where the window covers the map') ? 0 : shiftSize[0], decideBranch(sizeSub(ws1, padW.value), 0, 'Swin: no shift where the window covers the map') ? 0 : shiftSize[1]];
  const shifted = shift[0] + shift[1] > 0;
  if (shifted) x = F.roll(x, [-shift[0], -shift[1]], [1, 2]);

  // partition windows
  const numWindows = padH.floordiv(ws0).mul(padW.floordiv(ws1));
  x = F.view(x, [B, padH.floordiv(ws0), ws0, padW.floordiv(ws1), ws1, C]);
  x = F.reshape(F.permute(x, [0, 1, 3, 2, 4, 5]), [B.mul(numWindows), ws0 * ws1, C]);

  // multi-head attention
  let qkvBias = args.qkvBias;
  if (args.logitScale !== null && qkvBias !== null) {
    // v2 zeroes the key bias on a copy: qkv_bias[length:2*length].zero_()
    qkvBias = F.clone(qkvBias);
    const length = F.numel(qkvBias).floordiv(3);
    F.zero_(F.slice(qkvBias, 0, length, length.mul(2)));
  }
  let qkv = F.linear(x, qkvWeight, qkvBias);
  qkv = F.permute(F.reshape(qkv, [x.size(0), x.size(1), 3, numHeads, C.floordiv(numHeads)]), [2, 0, 3, 1, 4]);
  let q = F.select(qkv, 0, 0);
  const k = F.select(qkv, 0, 1);
  const v = F.select(qkv, 0, 2);
  let attn: Tensor;
  if (args.logitScale !== null) {
    // cosine attention
    attn = F.matmul(F.normalize(q, -1), F.transpose(F.normalize(k, -1), -2, -1));
    const logitScale = F.exp(F.clamp(args.logitScale, null, Math.log(100)));
    attn = F.mul(attn, logitScale);
  } else {
    q = F.mul(q, C.floordiv(numHeads).pow(-0.5));
    attn = F.matmul(q, F.transpose(k, -2, -1));
  }
  // add relative position bias
  attn = F.add(attn, bias);

  if (shifted) {
    // generate the attention mask
    let mask = F.newZeros(x, [padH, padW]);
    const hSlices: [number, number][] = [[0, -ws0], [-ws0, -shift[0]], [-shift[0], ALL]];
    const wSlices: [number, number][] = [[0, -ws1], [-ws1, -shift[1]], [-shift[1], ALL]];
    for (const [h0, h1] of hSlices) {
      for (const [w0, w1] of wSlices) {
        // attn_mask[h0:h1, w0:w1] = count: two slices, then fill_ with a 0-dim tensor
        F.fill_(F.slice(F.slice(mask, 0, h0, h1), 1, w0, w1), new Tensor([]));
      }
    }
    mask = F.view(mask, [padH.floordiv(ws0), ws0, padW.floordiv(ws1), ws1]);
    mask = F.reshape(F.permute(mask, [0, 2, 1, 3]), [numWindows, ws0 * ws1]);
    mask = F.sub(F.unsqueeze(mask, 1), F.unsqueeze(mask, 2));
    mask = F.maskedFill(F.maskedFill(mask, F.ne(mask, 0), -100), F.eq(mask, 0), 0);
    attn = F.view(attn, [x.size(0).floordiv(numWindows), numWindows, numHeads, x.size(1), x.size(1)]);
    attn = F.add(attn, F.unsqueeze(F.unsqueeze(mask, 1), 0));
    attn = F.view(attn, [-1, numHeads, x.size(1), x.size(1)]);
  }

  attn = F.softmax(attn, -1);
  attn = F.dropout(attn, args.attentionDropout, args.training);

  let y = F.reshape(F.transpose(F.matmul(attn, v), 1, 2), [x.size(0), x.size(1), C]);
  y = F.linear(y, projWeight, args.projBias);
  y = F.dropout(y, args.dropout, args.training);

  // reverse windows
  y = F.view(y, [B, padH.floordiv(ws0), padW.floordiv(ws1), ws0, ws1, C]);
  y = F.reshape(F.permute(y, [0, 1, 3, 2, 4, 5]), [B, padH, padW, C]);

  // reverse cyclic shift
  if (shifted) y = F.roll(y, [shift[0], shift[1]], [1, 2]);

  // unpad features: x[:, :H, :W, :].contiguous()
  y = F.slice(y, 0, 0, ALL);
  y = F.slice(y, 1, 0, H);
  y = F.slice(y, 2, 0, W);
  y = F.slice(y, 3, 0, ALL);
  return F.contiguous(y);
}

function pair(name: string, arg: string, v: readonly number[]): [number, number] {
  if (v.length !== 2) throw new ArgumentError(name, arg, v, 'of length 2');
  return [v[0]!, v[1]!];
}

/** Window attention with a learned relative position bias table. */
export class ShiftedWindowAttention extends nn.Module {
  static override readonly typeName: string = 'ShiftedWindowAttention';
  readonly windowSize: [number, number];
  readonly shiftSize: [number, number];
  readonly numHeads: number;
  readonly attentionDropout: number;
  readonly dropout: number;
  qkv: nn.Linear;
  proj: nn.Linear;
  declare relative_position_bias_table: Parameter;

  /**
   * Attention of width `dim` with `numHeads` heads over `windowSize` windows,
   * shifted by `shiftSize` (0 for none).
   */
  constructor(
    dim: number,
    windowSize: readonly number[],
    shiftSize: readonly number[],
    numHeads: number,
    qkvBias = true,
    projBias = true,
    attentionDropout = 0,
    dropout = 0,
  ) {
    super();
    this.windowSize = pair(this.typeName(), 'window_size', windowSize);
    this.shiftSize = pair(this.typeName(), 'shift_size', shiftSize);
    this.numHeads = numHeads;
    this.attentionDropout = attentionDropout;
    this.dropout = dropout;
    this.qkv = new nn.Linear(dim, dim * 3, { bias: qkvBias });
    this.proj = new nn.Linear(dim, dim, { bias: projBias });
    this.defineRelativePositionBiasTable();
    this.defineRelativePositionIndex();
  }

  /**
   * Registers the relative position bias table (v1: a parameter of
   * `(2*w0-1)*(2*w1-1)` rows by heads).
   */
  protected defineRelativePositionBiasTable(): void {
    const [w0, w1] = this.windowSize;
    this.relative_position_bias_table = new Parameter([(2 * w0 - 1) * (2 * w1 - 1), this.numHeads]);
  }

  /**
   * Registers the `relative_position_index` buffer: for each pair of positions
   * in a window, its row of the bias table.
   */
  protected defineRelativePositionIndex(): void {
    const [w0, w1] = this.windowSize;
    this.registerBuffer('relative_position_index', new Tensor([w0 * w0 * w1 * w1], 'int64'));
  }

  /** [1, heads, N, N], computed in this module's scope. */
  protected getRelativePositionBias(): Tensor {
    return relativePositionBias(this.relative_position_bias_table, this.relativePositionIndex(), this.windowSize);
  }

  /** The `relative_position_index` buffer. */
  protected relativePositionIndex(): Tensor {
    return this._buffers.get('relative_position_index')!;
  }

  /** Swin v2's per-head logit scale for cosine attention; null for v1. */
  protected logitScale(): Tensor | null {
    return null;
  }

  /**
   * {@link shiftedWindowAttention} on `x` (`[B, H, W, C]`), with this module's
   * weights and relative position bias.
   */
  override forward(x: Tensor): Tensor {
    const bias = this.getRelativePositionBias();
    return shiftedWindowAttention(x, this.qkv.weight, this.proj.weight, bias, this.windowSize, this.numHeads, this.shiftSize, {
      attentionDropout: this.attentionDropout,
      dropout: this.dropout,
      qkvBias: this.qkv.bias,
      projBias: this.proj.bias,
      logitScale: this.logitScale(),
      training: this.training,
    });
  }
}

/** Swin v2's attention: cosine similarity, a logit scale, and a bias from a small MLP. */
export class ShiftedWindowAttentionV2 extends ShiftedWindowAttention {
  static override readonly typeName: string = 'ShiftedWindowAttentionV2';
  logit_scale: Parameter;
  cpb_mlp: nn.Sequential;

  /**
   * Attention of width `dim` with `numHeads` heads over `windowSize` windows,
   * shifted by `shiftSize` (0 for none).
   */
  constructor(
    dim: number,
    windowSize: readonly number[],
    shiftSize: readonly number[],
    numHeads: number,
    qkvBias = true,
    projBias = true,
    attentionDropout = 0,
    dropout = 0,
  ) {
    super(dim, windowSize, shiftSize, numHeads, qkvBias, projBias, attentionDropout, dropout);
    this.logit_scale = new Parameter([numHeads, 1, 1]);
    // mlp to generate continuous relative position bias
    this.cpb_mlp = new nn.Sequential(
      new nn.Linear(2, 512, { bias: true }),
      new nn.ReLU(true),
      new nn.Linear(512, numHeads, { bias: false }),
    );
  }

  /** v2 has no bias table: a buffer of log-spaced relative coordinates instead. */
  protected override defineRelativePositionBiasTable(): void {
    const [w0, w1] = this.windowSize;
    this.registerBuffer('relative_coords_table', new Tensor([1, 2 * w0 - 1, 2 * w1 - 1, 2]));
  }

  protected override getRelativePositionBias(): Tensor {
    const coords = this._buffers.get('relative_coords_table')!;
    const table = F.view(this.cpb_mlp.call(coords), [-1, this.numHeads]);
    const bias = relativePositionBias(table, this.relativePositionIndex(), this.windowSize);
    // 16 * torch.sigmoid(bias)
    return F.mul(F.sigmoid(bias), 16);
  }

  protected override logitScale(): Tensor | null {
    return this.logit_scale;
  }
}

type AttentionClass = typeof ShiftedWindowAttention;

/** Pre-norm block: x + attn(norm1(x)), then x + mlp(norm2(x)), with stochastic depth. */
export class SwinTransformerBlock extends nn.Module {
  static override readonly typeName: string = 'SwinTransformerBlock';
  norm1: nn.TensorModule;
  attn: ShiftedWindowAttention;
  stochastic_depth: StochasticDepth;
  norm2: nn.TensorModule;
  mlp: MLP;

  /**
   * A block of width `dim`; `o` sets the MLP ratio (4), dropouts, stochastic
   * depth and norm layer, `attnLayer` the attention class.
   */
  constructor(
    dim: number,
    numHeads: number,
    windowSize: readonly number[],
    shiftSize: readonly number[],
    o: { mlpRatio?: number; dropout?: number; attentionDropout?: number; stochasticDepthProb?: number; normLayer?: NormFactory } = {},
    attnLayer: AttentionClass = ShiftedWindowAttention,
  ) {
    super();
    const norm = o.normLayer ?? ((d: number) => new nn.LayerNorm(d));
    const dropout = o.dropout ?? 0;
    this.norm1 = norm(dim);
    this.attn = new attnLayer(dim, windowSize, shiftSize, numHeads, true, true, o.attentionDropout ?? 0, dropout);
    this.stochastic_depth = new StochasticDepth(o.stochasticDepthProb ?? 0, 'row');
    this.norm2 = norm(dim);
    this.mlp = new MLP(dim, [Math.trunc(dim * (o.mlpRatio ?? 4)), dim], {
      activationLayer: () => new nn.GELU(),
      inplace: null,
      dropout,
    });
  }

  /**
   * `x + stochastic_depth(attn(norm1(x)))`, then
   * `y + stochastic_depth(mlp(norm2(y)))`.
   */
  override forward(x: Tensor): Tensor {
    let y = F.add(x, this.stochastic_depth.call(this.attn.call(this.norm1.call(x))));
    y = F.add(y, this.stochastic_depth.call(this.mlp.call(this.norm2.call(y))));
    return y;
  }
}

/** Swin v2's block: post-norm residuals, x + norm1(attn(x)), then x + norm2(mlp(x)). */
export class SwinTransformerBlockV2 extends SwinTransformerBlock {
  static override readonly typeName: string = 'SwinTransformerBlockV2';
  /**
   * A block of width `dim`; `o` sets the MLP ratio (4), dropouts, stochastic
   * depth and norm layer, `attnLayer` the attention class.
   */
  constructor(
    dim: number,
    numHeads: number,
    windowSize: readonly number[],
    shiftSize: readonly number[],
    o: { mlpRatio?: number; dropout?: number; attentionDropout?: number; stochasticDepthProb?: number; normLayer?: NormFactory } = {},
    attnLayer: AttentionClass = ShiftedWindowAttentionV2,
  ) {
    super(dim, numHeads, windowSize, shiftSize, o, attnLayer);
  }

  /**
   * `x + stochastic_depth(norm1(attn(x)))`, then
   * `y + stochastic_depth(norm2(mlp(y)))`.
   */
  override forward(x: Tensor): Tensor {
    let y = F.add(x, this.stochastic_depth.call(this.norm1.call(this.attn.call(x))));
    y = F.add(y, this.stochastic_depth.call(this.norm2.call(this.mlp.call(y))));
    return y;
  }
}

type BlockClass = typeof SwinTransformerBlock;
type DownsampleClass = typeof PatchMerging | typeof PatchMergingV2;

/**
 * Options of {@link SwinTransformer}: torchvision's `mlp_ratio`, `dropout`,
 * `attention_dropout`, `stochastic_depth_prob`, `num_classes`, `norm_layer`,
 * `block` and `downsample_layer` (v1's classes by default).
 */
export interface SwinOptions {
  mlpRatio?: number;
  dropout?: number;
  attentionDropout?: number;
  stochasticDepthProb?: number;
  numClasses?: number;
  normLayer?: NormFactory;
  block?: BlockClass;
  downsampleLayer?: DownsampleClass;
}

/**
 * torchvision's `SwinTransformer` (v1 and v2): a patchify conv, stages of
 * shifted-window blocks joined by patch merging, a final norm, global average
 * pool and a linear head.
 */
export class SwinTransformer extends nn.Module {
  static override readonly typeName: string = 'SwinTransformer';
  readonly numClasses: number;
  features: nn.Sequential;
  norm: nn.TensorModule;
  permute: Permute;
  avgpool: nn.AdaptiveAvgPool2d;
  flatten: nn.Flatten;
  head: nn.Linear;

  /**
   * @param patchSize The patchify conv's kernel and stride.
   * @param embedDim Channels of the first stage (doubled at each merging).
   * @param depths Blocks per stage.
   * @param numHeads Attention heads per stage.
   * @param windowSize The attention window.
   * @param o Dropouts, stochastic depth, classes, norm layer, block and
   *   downsampling classes.
   */
  constructor(
    patchSize: readonly [number, number],
    embedDim: number,
    depths: readonly number[],
    numHeads: readonly number[],
    windowSize: readonly [number, number],
    o: SwinOptions = {},
  ) {
    super();
    this.numClasses = o.numClasses ?? 1000;
    const block = o.block ?? SwinTransformerBlock;
    const norm = o.normLayer ?? layerNorm;
    const downsample = o.downsampleLayer ?? PatchMerging;
    const sdp = o.stochasticDepthProb ?? 0.1;

    const layers: nn.Module[] = [];
    // split the image into non-overlapping patches
    layers.push(
      new nn.Sequential(
        new nn.Conv2d(3, embedDim, [patchSize[0], patchSize[1]], { stride: [patchSize[0], patchSize[1]] }),
        new Permute([0, 2, 3, 1]),
        norm(embedDim),
      ),
    );
    const totalStageBlocks = depths.reduce((a, d) => a + d, 0);
    let stageBlockId = 0;
    depths.forEach((depth, iStage) => {
      const stage: nn.Module[] = [];
      const dim = embedDim * 2 ** iStage;
      for (let iLayer = 0; iLayer < depth; iLayer++) {
        // stochastic depth grows linearly with the block's position
        const sdProb = (sdp * stageBlockId) / (totalStageBlocks - 1);
        stage.push(
          new block(dim, numHeads[iStage]!, windowSize, iLayer % 2 === 0 ? [0, 0] : windowSize.map((w) => Math.floor(w / 2)), {
            mlpRatio: o.mlpRatio ?? 4,
            dropout: o.dropout ?? 0,
            attentionDropout: o.attentionDropout ?? 0,
            stochasticDepthProb: sdProb,
            normLayer: norm,
          }),
        );
        stageBlockId++;
      }
      layers.push(new nn.Sequential(...stage));
      if (iStage < depths.length - 1) layers.push(new downsample(dim, norm));
    });
    this.features = new nn.Sequential(...layers);

    const numFeatures = embedDim * 2 ** (depths.length - 1);
    this.norm = norm(numFeatures);
    this.permute = new Permute([0, 3, 1, 2]);
    this.avgpool = new nn.AdaptiveAvgPool2d(1);
    this.flatten = new nn.Flatten(1);
    this.head = new nn.Linear(numFeatures, this.numClasses);
  }

  /**
   * `features` (channels last), `norm`, permute to NCHW, `avgpool`, `flatten`,
   * `head`.
   */
  override forward(x: Tensor): Tensor {
    let y = this.features.call(x);
    y = this.norm.call(y);
    y = this.permute.call(y);
    y = this.avgpool.call(y);
    y = this.flatten.call(y);
    return this.head.call(y);
  }
}

type Options = Omit<SwinOptions, 'block' | 'downsampleLayer'>;

const V2: SwinOptions = { block: SwinTransformerBlockV2, downsampleLayer: PatchMergingV2 };

/**
 * Swin-T (torchvision `swin_t`): 28,288,354 parameters; 4.51 GFLOPs at
 * 3x224x224.
 */
export const swin_t = (o: Options = {}): SwinTransformer =>
  new SwinTransformer([4, 4], 96, [2, 2, 6, 2], [3, 6, 12, 24], [7, 7], { stochasticDepthProb: 0.2, ...o });
/** Swin-S (torchvision `swin_s`): 49,606,258 parameters. */
export const swin_s = (o: Options = {}): SwinTransformer =>
  new SwinTransformer([4, 4], 96, [2, 2, 18, 2], [3, 6, 12, 24], [7, 7], { stochasticDepthProb: 0.3, ...o });
/** Swin-B (torchvision `swin_b`): 87,768,224 parameters. */
export const swin_b = (o: Options = {}): SwinTransformer =>
  new SwinTransformer([4, 4], 128, [2, 2, 18, 2], [4, 8, 16, 32], [7, 7], { stochasticDepthProb: 0.5, ...o });
/**
 * Swin V2-T (torchvision `swin_v2_t`): 28,351,570 parameters; 4.96 GFLOPs at
 * 3x224x224.
 */
export const swin_v2_t = (o: Options = {}): SwinTransformer =>
  new SwinTransformer([4, 4], 96, [2, 2, 6, 2], [3, 6, 12, 24], [8, 8], { stochasticDepthProb: 0.2, ...o, ...V2 });
/** Swin V2-S (torchvision `swin_v2_s`): 49,737,442 parameters. */
export const swin_v2_s = (o: Options = {}): SwinTransformer =>
  new SwinTransformer([4, 4], 96, [2, 2, 18, 2], [3, 6, 12, 24], [8, 8], { stochasticDepthProb: 0.3, ...o, ...V2 });
/** Swin V2-B (torchvision `swin_v2_b`): 87,930,848 parameters. */
export const swin_v2_b = (o: Options = {}): SwinTransformer =>
  new SwinTransformer([4, 4], 128, [2, 2, 18, 2], [4, 8, 16, 32], [8, 8], { stochasticDepthProb: 0.5, ...o, ...V2 });

const IMAGE = [3, 224, 224] as const;

/**
 * The family's entries of `models.ZOO`: each builder with its default input,
 * 3x224x224.
 */
export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  swin_t: { build: () => swin_t(), inputShape: IMAGE },
  swin_s: { build: () => swin_s(), inputShape: IMAGE },
  swin_b: { build: () => swin_b(), inputShape: IMAGE },
  swin_v2_t: { build: () => swin_v2_t(), inputShape: IMAGE },
  swin_v2_s: { build: () => swin_v2_s(), inputShape: IMAGE },
  swin_v2_b: { build: () => swin_v2_b(), inputShape: IMAGE },
};
