/**
 * torchvision's MViT (mvit_v1_b, mvit_v2_s), with torchvision's module names,
 * registration order and forward ops.
 *
 * Sizes are read with `x.size()`, so the arithmetic torchvision does on them
 * is traced as the reference traces it (aten::mul, aten::div, aten::rsub, ...);
 * what never reaches the output is dropped by the trace's dead-code rule.
 *
 * @module
 */

import { ShapeError } from '../core/errors.js';
import { concrete } from '../core/shape.js';
import { intValue, Parameter, type IntLike, type Tensor, type TracedInt } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import { MLP, StochasticDepth } from './ops.js';
import type { ZooEntry } from './index.js';

/**
 * torchvision's `MSBlockConfig`: one multiscale block's heads, input and output
 * channels, and the pooling kernels and strides of its queries and keys/values
 * (empty: no pooling).
 */
export interface MSBlockConfig {
  numHeads: number;
  inputChannels: number;
  outputChannels: number;
  kernelQ: readonly number[];
  kernelKv: readonly number[];
  strideQ: readonly number[];
  strideKv: readonly number[];
}

/** `x.shape` entries: Python ints, or traced sizes (`x.size(d)`). */
type Thw = readonly [IntLike, IntLike, IntLike];

/** `a * b`: traced when either side is (`n * t` is Tensor.__rmul__). */
function symMul(a: IntLike, b: IntLike): IntLike {
  if (typeof a === 'number') return typeof b === 'number' ? a * b : b.mul(a);
  return a.mul(b);
}

/** `a / b` (true division); a Python number over a traced one is Tensor.__rtruediv__. */
function symDiv(a: IntLike, b: IntLike): IntLike {
  if (typeof a === 'number') return typeof b === 'number' ? a / b : b.rdiv(a);
  return a.div(b);
}

/** `max(a / b, 1.0)`: Python keeps the quotient unless 1.0 is larger. */
function ratio(a: IntLike, b: IntLike): IntLike {
  const q = symDiv(a, b);
  return 1.0 > concrete(intValue(q), 'MViT: max(a / b, 1.0)') ? 1.0 : q;
}

/** `1.0 - a`. */
function oneMinus(a: IntLike): IntLike {
  return typeof a === 'number' ? 1.0 - a : a.rsub(1.0);
}

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** nn.MaxPool3d given Python lists, which its repr prints as lists. */
class MaxPool3d extends nn.MaxPool3d {
  static override readonly typeName: string = 'MaxPool3d';
  override extraRepr(): string {
    const list = (v: number | readonly number[]): string => (typeof v === 'number' ? String(v) : `[${v.join(', ')}]`);
    return `kernel_size=${list(this.kernelSize)}, stride=${list(this.stride)}, padding=${list(this.padding)}, dilation=${list(this.dilation)}, ceil_mode=${this.ceilMode ? 'True' : 'False'}`;
  }
}

/** Pools the tokens after the class token on their (T, H, W) grid. */
export class Pool extends nn.Module {
  static override readonly typeName: string = 'Pool';
  pool: nn.TensorModule;
  norm_act: nn.Sequential | null;
  readonly normBeforePool: boolean;

  /**
   * Pools with `pool`, followed by `norm` and `activation` when given (before
   * the pool when `normBeforePool`).
   */
  constructor(pool: nn.TensorModule, norm: nn.TensorModule | null, activation: nn.TensorModule | null = null, normBeforePool = false) {
    super();
    this.pool = pool;
    const layers: nn.Module[] = [];
    if (norm !== null) layers.push(norm);
    if (activation !== null) layers.push(activation);
    this.norm_act = layers.length > 0 ? new nn.Sequential(...layers) : null;
    this.normBeforePool = normBeforePool;
  }

  /**
   * Pools the tokens after the class token, laid out on the `thw` grid; returns
   * them with the class token, and the pooled grid.
   */
  override forward(input: Tensor, thw: Thw): [Tensor, Thw] {
    const tensorDim = input.rank;
    let x = input;
    if (tensorDim === 3) x = F.unsqueeze(x, 1);
    else if (tensorDim !== 4) throw new ShapeError('Pool', `unsupported input dimension ${tensorDim}`, { input: input.shape });
    const [classToken, rest] = F.tensorSplit(x, [1], 2) as [Tensor, Tensor];
    x = F.transpose(rest, 2, 3);
    const [B, N, C] = x.size() as [TracedInt, TracedInt, TracedInt, TracedInt];
    x = F.contiguous(F.reshape(x, [B.mul(N), C, thw[0], thw[1], thw[2]]));
    if (this.normBeforePool && this.norm_act !== null) x = this.norm_act.call(x);
    x = this.pool.call(x);
    const outThw: Thw = [x.size(2), x.size(3), x.size(4)];
    x = F.transpose(F.reshape(x, [B, N, C, -1]), 2, 3);
    x = F.cat([classToken, x], 2);
    if (!this.normBeforePool && this.norm_act !== null) x = this.norm_act.call(x);
    if (tensorDim === 3) x = F.squeeze(x, 1);
    return [x, outThw];
  }
}

/** torchvision's `_interpolate`: resizes a relative-position table to `d` rows. */
function interpolateTable(embedding: Tensor, d: number): Tensor {
  if (embedding.shape[0] === d) return embedding;
  let e = F.unsqueeze(F.permute(embedding, [1, 0]), 0);
  e = F.interpolate(e, d, null, 'linear');
  return F.permute(F.squeeze(e, 0), [1, 0]);
}

/** `torch.arange(q)[:, None] * q_ratio - (torch.arange(k)[None, :] + (1.0 - k)) * k_ratio`. */
function relativeDistance(q: IntLike, k: IntLike, qRatio: IntLike, kRatio: IntLike): Tensor {
  const a = F.mul(F.unsqueeze(F.slice(F.arange(q), 0), 1), qRatio);
  let b = F.slice(F.unsqueeze(F.arange(k), 0), 1);
  b = F.add(b, oneMinus(k));
  b = F.mul(b, kRatio);
  return F.sub(a, b);
}

/** Indexing with `:` on each of `full` leading dimensions while tracing records a slice each. */
function sliceAll(x: Tensor, full: number): Tensor {
  let y = x;
  for (let d = 0; d < full; d++) y = F.slice(y, d);
  return y;
}

/** torchvision's `_add_rel_pos` (MViTv2's decomposed relative positions). */
function addRelPos(attn: Tensor, q: Tensor, qThw: Thw, kThw: Thw, relPosH: Tensor, relPosW: Tensor, relPosT: Tensor): Tensor {
  const [qT, qH, qW] = qThw;
  const [kT, kH, kW] = kThw;
  // The relative-position tables are sized by the feature map: concrete sizes only.
  const size = (a: IntLike, b: IntLike): number => Math.trunc(2 * Math.max(concrete(intValue(a), 'MViT: relative positions'), concrete(intValue(b), 'MViT: relative positions')) - 1);
  const dh = size(qH, kH);
  const dw = size(qW, kW);
  const dt = size(qT, kT);
  const distH = relativeDistance(qH, kH, ratio(kH, qH), ratio(qH, kH));
  const distW = relativeDistance(qW, kW, ratio(kW, qW), ratio(qW, kW));
  const distT = relativeDistance(qT, kT, ratio(kT, qT), ratio(qT, kT));
  const tableH = interpolateTable(relPosH, dh);
  const tableW = interpolateTable(relPosW, dw);
  const tableT = interpolateTable(relPosT, dt);
  const Rh = F.index(tableH, F.to(distH, 'int64'));
  const Rw = F.index(tableW, F.to(distW, 'int64'));
  const Rt = F.index(tableT, F.to(distT, 'int64'));

  const [B, nHead, , dim] = q.size() as [TracedInt, TracedInt, TracedInt, TracedInt];
  let rq = F.slice(sliceAll(q, 2), 2, 1);
  rq = F.reshape(rq, [B, nHead, qT, qH, qW, dim]);
  const relHq = F.einsum('bythwc,hkc->bythwk', rq, Rh);
  const relWq = F.einsum('bythwc,wkc->bythwk', rq, Rw);
  rq = F.permute(rq, [2, 0, 1, 3, 4, 5]);
  const rows = symMul(symMul(symMul(B, nHead), qH), qW);
  rq = F.reshape(rq, [qT, rows, dim]);
  let relQt = F.transpose(F.matmul(rq, F.transpose(Rt, 1, 2)), 0, 1);
  relQt = F.view(relQt, [B, nHead, qH, qW, qT, kT]);
  relQt = F.permute(relQt, [0, 1, 4, 2, 3, 5]);

  // rel_h_q[:, :, :, :, :, None, :, None] + rel_w_q[:, :, :, :, :, None, None, :] + rel_q_t[..., None, None]
  const h = F.unsqueeze(F.slice(F.unsqueeze(sliceAll(relHq, 5), 5), 6), 7);
  const w = F.slice(F.unsqueeze(F.unsqueeze(sliceAll(relWq, 5), 5), 6), 7);
  let relPos = F.add(h, w);
  const t = F.unsqueeze(F.unsqueeze(sliceAll(relQt, 6), 6), 7);
  relPos = F.add(relPos, t);
  const qLen = symMul(symMul(qT, qH), qW);
  const kLen = symMul(symMul(kT, kH), kW);
  relPos = F.reshape(relPos, [B, nHead, qLen, kLen]);

  // attn[:, :, 1:, 1:] += rel_pos
  const view = F.add_(F.slice(F.slice(sliceAll(attn, 2), 2, 1), 3, 1), relPos);
  F.copy_(F.slice(F.slice(sliceAll(attn, 2), 2, 1), 3, 1), view);
  return attn;
}

/** torchvision's `_add_shortcut` (pooling residual of MViTv2). */
function addShortcut(x: Tensor, shortcut: Tensor, residualWithClsEmbed: boolean): Tensor {
  if (residualWithClsEmbed) return F.add_(x, shortcut);
  const lhs = F.slice(F.slice(sliceAll(x, 2), 2, 1), 3);
  const rhs = F.slice(F.slice(sliceAll(shortcut, 2), 2, 1), 3);
  const sum = F.add_(lhs, rhs);
  F.copy_(F.slice(F.slice(sliceAll(x, 2), 2, 1), 3), sum);
  return x;
}

/**
 * Options of {@link MultiscaleAttention}: query and key/value pooling kernels
 * and strides, residual pooling, relative positions (MViTv2), dropout and norm
 * layer.
 */
export interface MultiscaleAttentionOptions {
  kernelQ: readonly number[];
  kernelKv: readonly number[];
  strideQ: readonly number[];
  strideKv: readonly number[];
  residualPool: boolean;
  residualWithClsEmbed: boolean;
  relPosEmbed: boolean;
  dropout?: number;
  /** Makes the norms after pooling (LayerNorm by default). */
  normLayer?: (channels: number) => nn.TensorModule;
}

/**
 * torchvision's MViT `MultiscaleAttention`: multi-head attention whose queries,
 * keys and values are pooled on the (T, H, W) grid, optionally with decomposed
 * relative positions and a pooling residual.
 */
export class MultiscaleAttention extends nn.Module {
  static override readonly typeName: string = 'MultiscaleAttention';
  readonly embedDim: number;
  readonly outputDim: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly scaler: number;
  readonly residualPool: boolean;
  readonly residualWithClsEmbed: boolean;
  qkv: nn.Linear;
  project: nn.Sequential;
  pool_q: Pool | null;
  pool_k: Pool | null;
  pool_v: Pool | null;
  rel_pos_h: Parameter | null;
  rel_pos_w: Parameter | null;
  rel_pos_t: Parameter | null;

  /**
   * Attention from `embedDim` to `outputDim` channels in `numHeads` heads, on
   * an `inputSize` (T, H, W) grid.
   */
  constructor(inputSize: readonly number[], embedDim: number, outputDim: number, numHeads: number, o: MultiscaleAttentionOptions) {
    super();
    const norm = o.normLayer ?? ((c: number) => new nn.LayerNorm(c));
    this.embedDim = embedDim;
    this.outputDim = outputDim;
    this.numHeads = numHeads;
    this.headDim = Math.floor(outputDim / numHeads);
    this.scaler = 1.0 / Math.sqrt(this.headDim);
    this.residualPool = o.residualPool;
    this.residualWithClsEmbed = o.residualWithClsEmbed;

    this.qkv = new nn.Linear(embedDim, 3 * outputDim);
    const layers: nn.Module[] = [new nn.Linear(outputDim, outputDim)];
    if ((o.dropout ?? 0) > 0) layers.push(new nn.Dropout(o.dropout, true));
    this.project = new nn.Sequential(...layers);

    const hd = this.headDim;
    const pool = (kernel: readonly number[], stride: readonly number[]): Pool =>
      new Pool(
        new nn.Conv3d(hd, hd, kernel, { stride, padding: kernel.map((k) => Math.floor(k / 2)), groups: hd, bias: false }),
        norm(hd),
      );
    this.pool_q = null;
    if (prod(o.kernelQ) > 1 || prod(o.strideQ) > 1) this.pool_q = pool(o.kernelQ, o.strideQ);
    this.pool_k = null;
    this.pool_v = null;
    if (prod(o.kernelKv) > 1 || prod(o.strideKv) > 1) {
      this.pool_k = pool(o.kernelKv, o.strideKv);
      this.pool_v = pool(o.kernelKv, o.strideKv);
    }

    this.rel_pos_h = null;
    this.rel_pos_w = null;
    this.rel_pos_t = null;
    if (o.relPosEmbed) {
      const size = Math.max(...inputSize.slice(1));
      const qSize = o.strideQ.length > 0 ? Math.floor(size / o.strideQ[1]!) : size;
      const kvSize = o.strideKv.length > 0 ? Math.floor(size / o.strideKv[1]!) : size;
      const spatialDim = 2 * Math.max(qSize, kvSize) - 1;
      const temporalDim = 2 * inputSize[0]! - 1;
      this.rel_pos_h = new Parameter([spatialDim, hd]);
      this.rel_pos_w = new Parameter([spatialDim, hd]);
      this.rel_pos_t = new Parameter([temporalDim, hd]);
    }
  }

  /**
   * Attention over the tokens of `x` laid out on the `thw` grid; returns the
   * projected output and the queries' (pooled) grid.
   */
  override forward(x: Tensor, thw: Thw): [Tensor, Thw] {
    const [B, N] = x.size() as [TracedInt, TracedInt, TracedInt];
    const qkv = F.transpose(F.reshape(this.qkv.call(x), [B, N, 3, this.numHeads, this.headDim]), 1, 3);
    let [q, k, v] = F.unbind(qkv, 2) as [Tensor, Tensor, Tensor];
    let qThw = thw;
    let kThw = thw;
    if (this.pool_k !== null) [k, kThw] = this.pool_k.call(k, thw);
    if (this.pool_v !== null) v = this.pool_v.call(v, thw)[0];
    if (this.pool_q !== null) [q, qThw] = this.pool_q.call(q, thw);

    let attn = F.matmul(F.mul(q, this.scaler), F.transpose(k, 2, 3));
    if (this.rel_pos_h !== null && this.rel_pos_w !== null && this.rel_pos_t !== null) {
      attn = addRelPos(attn, q, qThw, kThw, this.rel_pos_h, this.rel_pos_w, this.rel_pos_t);
    }
    attn = F.softmax(attn, -1);
    let out = F.matmul(attn, v);
    if (this.residualPool) addShortcut(out, q, this.residualWithClsEmbed);
    out = F.reshape(F.transpose(out, 1, 2), [B, -1, this.outputDim]);
    out = this.project.call(out);
    return [out, qThw];
  }
}

/**
 * Options of {@link MultiscaleBlock}: residual pooling, class-token residual,
 * relative positions, projection after attention (MViTv2), dropout, stochastic
 * depth and norm layer.
 */
export interface MultiscaleBlockOptions {
  residualPool: boolean;
  residualWithClsEmbed: boolean;
  relPosEmbed: boolean;
  projAfterAttn: boolean;
  dropout?: number;
  stochasticDepthProb?: number;
  /** Makes the block's norms (LayerNorm by default). */
  normLayer?: (channels: number) => nn.TensorModule;
}

/**
 * torchvision's MViT `MultiscaleBlock`: pre-norm multiscale attention and MLP,
 * each with a residual (pooled to the queries' grid, projected when the width
 * changes).
 */
export class MultiscaleBlock extends nn.Module {
  static override readonly typeName: string = 'MultiscaleBlock';
  readonly projAfterAttn: boolean;
  pool_skip: Pool | null;
  norm1: nn.TensorModule;
  norm2: nn.TensorModule;
  attn: MultiscaleAttention;
  mlp: MLP;
  stochastic_depth: StochasticDepth;
  project: nn.Linear | null;

  /** A block as `cnf` describes it, on an `inputSize` (T, H, W) grid. */
  constructor(inputSize: readonly number[], cnf: MSBlockConfig, o: MultiscaleBlockOptions) {
    super();
    const norm = o.normLayer ?? ((c: number) => new nn.LayerNorm(c));
    this.projAfterAttn = o.projAfterAttn;
    this.pool_skip = null;
    if (prod(cnf.strideQ) > 1) {
      const kernelSkip = cnf.strideQ.map((s) => (s > 1 ? s + 1 : s));
      const paddingSkip = kernelSkip.map((k) => Math.floor(k / 2));
      this.pool_skip = new Pool(new MaxPool3d(kernelSkip, { stride: cnf.strideQ, padding: paddingSkip }), null);
    }
    const attnDim = o.projAfterAttn ? cnf.outputChannels : cnf.inputChannels;
    this.norm1 = norm(cnf.inputChannels);
    this.norm2 = norm(attnDim);
    this.attn = new MultiscaleAttention(inputSize, cnf.inputChannels, attnDim, cnf.numHeads, {
      kernelQ: cnf.kernelQ,
      kernelKv: cnf.kernelKv,
      strideQ: cnf.strideQ,
      strideKv: cnf.strideKv,
      relPosEmbed: o.relPosEmbed,
      residualPool: o.residualPool,
      residualWithClsEmbed: o.residualWithClsEmbed,
      dropout: o.dropout ?? 0,
      normLayer: norm,
    });
    this.mlp = new MLP(attnDim, [4 * attnDim, cnf.outputChannels], {
      activationLayer: () => new nn.GELU(),
      dropout: o.dropout ?? 0,
      inplace: null,
    });
    this.stochastic_depth = new StochasticDepth(o.stochasticDepthProb ?? 0, 'row');
    this.project = null;
    if (cnf.inputChannels !== cnf.outputChannels) this.project = new nn.Linear(cnf.inputChannels, cnf.outputChannels);
  }

  /**
   * Attention and MLP with their residuals; returns the output and its (T, H,
   * W) grid.
   */
  override forward(input: Tensor, thw: Thw): [Tensor, Thw] {
    const xNorm1 = this.norm1.call(input);
    const [xAttn, thwNew] = this.attn.call(xNorm1, thw);
    const x = this.project === null || !this.projAfterAttn ? input : this.project.call(xNorm1);
    const xSkip = this.pool_skip === null ? x : this.pool_skip.call(x, thw)[0];
    const y = F.add(xSkip, this.stochastic_depth.call(xAttn));
    const xNorm2 = this.norm2.call(y);
    const xProj = this.project === null || this.projAfterAttn ? y : this.project.call(xNorm2);
    return [F.add(xProj, this.stochastic_depth.call(this.mlp.call(xNorm2))), thwNew];
  }
}

/**
 * torchvision's MViT `PositionalEncoding`: prepends the class token and,
 * without relative positions, adds separable spatial, temporal and class
 * position embeddings.
 */
export class PositionalEncoding extends nn.Module {
  static override readonly typeName: string = 'PositionalEncoding';
  readonly spatialSize: readonly [number, number];
  readonly temporalSize: number;
  class_token: Parameter;
  spatial_pos: Parameter | null;
  temporal_pos: Parameter | null;
  class_pos: Parameter | null;

  /**
   * An encoding of width `embedSize` for a `temporalSize` x `spatialSize` grid
   * (no learned positions when `relPosEmbed`).
   */
  constructor(embedSize: number, spatialSize: readonly [number, number], temporalSize: number, relPosEmbed: boolean) {
    super();
    this.spatialSize = spatialSize;
    this.temporalSize = temporalSize;
    this.class_token = new Parameter([embedSize]);
    this.spatial_pos = null;
    this.temporal_pos = null;
    this.class_pos = null;
    if (!relPosEmbed) {
      this.spatial_pos = new Parameter([spatialSize[0] * spatialSize[1], embedSize]);
      this.temporal_pos = new Parameter([temporalSize, embedSize]);
      this.class_pos = new Parameter([embedSize]);
    }
  }

  /**
   * The class token prepended to `input` (`[N, T*H*W, C]`), plus the position
   * embeddings.
   */
  override forward(input: Tensor): Tensor {
    const classToken = F.unsqueeze(F.expand(this.class_token, [input.size(0), -1]), 1);
    let x = F.cat([classToken, input], 1);
    if (this.spatial_pos !== null && this.temporal_pos !== null && this.class_pos !== null) {
      const [hwSize, embedSize] = this.spatial_pos.size() as [TracedInt, TracedInt];
      let pos = F.repeatInterleave(this.temporal_pos, hwSize, 0);
      const spatial = F.reshape(F.expand(F.unsqueeze(this.spatial_pos, 0), [this.temporalSize, -1, -1]), [-1, embedSize]);
      pos = F.add_(pos, spatial);
      pos = F.unsqueeze(F.cat([F.unsqueeze(this.class_pos, 0), pos], 0), 0);
      x = F.add_(x, pos);
    }
    return x;
  }
}

/**
 * Options of {@link MViT} and the mvit builders: the input grid (`spatialSize`
 * 224x224, `temporalSize` 16), MViTv2's features, dropouts, stochastic depth,
 * classes (400), norm layer and the patch embedding's kernel, stride and
 * padding.
 */
export interface MViTOptions {
  spatialSize?: readonly [number, number];
  temporalSize?: number;
  residualPool?: boolean;
  residualWithClsEmbed?: boolean;
  relPosEmbed?: boolean;
  projAfterAttn?: boolean;
  dropout?: number;
  attentionDropout?: number;
  stochasticDepthProb?: number;
  numClasses?: number;
  /** Makes every norm (LayerNorm with eps 1e-6 by default). */
  normLayer?: (channels: number) => nn.TensorModule;
  patchEmbedKernel?: readonly [number, number, number];
  patchEmbedStride?: readonly [number, number, number];
  patchEmbedPadding?: readonly [number, number, number];
}

/**
 * torchvision's `MViT` video classifier: a 3D patch embedding, positional
 * encoding, multiscale blocks, a final norm and a linear head on the class
 * token; input `[N, 3, T, H, W]`.
 */
export class MViT extends nn.Module {
  static override readonly typeName: string = 'MViT';
  conv_proj: nn.Conv3d;
  pos_encoding: PositionalEncoding;
  blocks: nn.ModuleList<MultiscaleBlock>;
  norm: nn.TensorModule;
  head: nn.Sequential;

  /**
   * @param blockSetting The blocks, one {@link MSBlockConfig} each.
   * @param o Input grid, MViTv2 features, dropouts, classes, norm layer, patch
   *   embedding.
   */
  constructor(blockSetting: readonly MSBlockConfig[], o: MViTOptions = {}) {
    super();
    const first = blockSetting[0];
    const last = blockSetting[blockSetting.length - 1];
    if (first === undefined || last === undefined) {
      throw new ShapeError('MViT', "the configuration parameter can't be empty", {});
    }
    const norm = o.normLayer ?? ((c: number) => new nn.LayerNorm(c, { eps: 1e-6 }));
    const spatialSize = o.spatialSize ?? [224, 224];
    const temporalSize = o.temporalSize ?? 16;
    const relPosEmbed = o.relPosEmbed ?? false;
    this.conv_proj = new nn.Conv3d(3, first.inputChannels, o.patchEmbedKernel ?? [3, 7, 7], {
      stride: o.patchEmbedStride ?? [2, 4, 4],
      padding: o.patchEmbedPadding ?? [1, 3, 3],
    });
    let inputSize = [temporalSize, ...spatialSize].map((s, i) => Math.floor(s / this.conv_proj.stride[i]!));
    this.pos_encoding = new PositionalEncoding(first.inputChannels, [inputSize[1]!, inputSize[2]!], inputSize[0]!, relPosEmbed);
    this.blocks = new nn.ModuleList();
    const total = blockSetting.length;
    const sdProb = o.stochasticDepthProb ?? 0;
    blockSetting.forEach((cnf, i) => {
      const block = new MultiscaleBlock(inputSize, cnf, {
        residualPool: o.residualPool ?? false,
        residualWithClsEmbed: o.residualWithClsEmbed ?? true,
        relPosEmbed,
        projAfterAttn: o.projAfterAttn ?? false,
        dropout: o.attentionDropout ?? 0,
        stochasticDepthProb: (sdProb * i) / (total - 1.0),
        normLayer: norm,
      });
      this.blocks.append(block);
      if (cnf.strideQ.length > 0) inputSize = inputSize.map((s, j) => Math.floor(s / cnf.strideQ[j]!));
    });
    this.norm = norm(last.outputChannels);
    this.head = new nn.Sequential(new nn.Dropout(o.dropout ?? 0.5, true), new nn.Linear(last.outputChannels, o.numClasses ?? 400));
  }

  /**
   * `conv_proj`, flatten to tokens, `pos_encoding`, the blocks, `norm`, `head`
   * on the class token. A 4-D input is one frame.
   */
  override forward(input: Tensor): Tensor {
    let x = input.rank === 4 ? F.unsqueeze(input, 2) : input;
    x = this.conv_proj.call(x);
    x = F.transpose(F.flatten(x, 2), 1, 2);
    x = this.pos_encoding.call(x);
    const pe = this.pos_encoding;
    let thw: Thw = [pe.temporalSize, pe.spatialSize[0], pe.spatialSize[1]];
    for (const block of this.blocks) [x, thw] = block.call(x, thw);
    x = this.norm.call(x);
    x = F.select(F.slice(x, 0), 1, 0);
    return this.head.call(x);
  }
}

type BlockColumns = {
  numHeads: number[];
  inputChannels: number[];
  outputChannels: number[];
  kernelQ: number[][];
  kernelKv: number[][];
  strideQ: number[][];
  strideKv: number[][];
};

function settings(c: BlockColumns): MSBlockConfig[] {
  return c.numHeads.map((numHeads, i) => ({
    numHeads,
    inputChannels: c.inputChannels[i]!,
    outputChannels: c.outputChannels[i]!,
    kernelQ: c.kernelQ[i]!,
    kernelKv: c.kernelKv[i]!,
    strideQ: c.strideQ[i]!,
    strideKv: c.strideKv[i]!,
  }));
}

const K3 = [3, 3, 3];
const S1 = [1, 1, 1];
const S2 = [1, 2, 2];
const S4 = [1, 4, 4];
const S8 = [1, 8, 8];
const times = <T>(n: number, v: T): T[] => new Array<T>(n).fill(v);
const HEADS = [1, 2, 2, ...times(11, 4), 8, 8];
const STRIDE_KV = [S8, S4, S4, ...times(11, S2), S1, S1];

/** MViT V1-B (torchvision `mvit_v1_b`): 36,610,672 parameters. */
export const mvit_v1_b = (o: MViTOptions = {}): MViT =>
  new MViT(
    settings({
      numHeads: HEADS,
      inputChannels: [96, 192, 192, ...times(11, 384), 768, 768],
      outputChannels: [192, 192, ...times(11, 384), 768, 768, 768],
      kernelQ: [[], K3, [], K3, ...times(10, []), K3, []],
      kernelKv: times(16, K3),
      strideQ: [[], S2, [], S2, ...times(10, []), S2, []],
      strideKv: STRIDE_KV,
    }),
    { residualPool: false, residualWithClsEmbed: false, stochasticDepthProb: 0.2, ...o },
  );

/**
 * MViT V2-S (torchvision `mvit_v2_s`): 34,537,744 parameters; 64.46 GFLOPs at
 * 3x16x224x224 in training mode.
 */
export const mvit_v2_s = (o: MViTOptions = {}): MViT =>
  new MViT(
    settings({
      numHeads: HEADS,
      inputChannels: [96, 96, 192, 192, ...times(11, 384), 768],
      outputChannels: [96, 192, 192, ...times(11, 384), 768, 768],
      kernelQ: times(16, K3),
      kernelKv: times(16, K3),
      strideQ: [S1, S2, S1, S2, ...times(10, S1), S2, S1],
      strideKv: STRIDE_KV,
    }),
    { residualPool: true, residualWithClsEmbed: false, relPosEmbed: true, projAfterAttn: true, stochasticDepthProb: 0.2, ...o },
  );

const CLIP = [3, 16, 224, 224] as const;

/**
 * The family's entries of `models.ZOO`: each builder with its default clip,
 * 3x16x224x224 (channels, frames, height, width), the size the positional
 * encoding is made for.
 */
export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  // The positional encoding is sized for 16 frames of 224x224.
  mvit_v1_b: { build: () => mvit_v1_b(), inputShape: CLIP },
  mvit_v2_s: { build: () => mvit_v2_s(), inputShape: CLIP },
};
