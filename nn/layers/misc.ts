// Upsample (and UpsamplingNearest2d / UpsamplingBilinear2d), Flatten,
// Unflatten, Dropout, PixelShuffle / PixelUnshuffle, ChannelShuffle,
// CosineSimilarity, PairwiseDistance.

import { ArgumentError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { alphaDropout, featureAlphaDropout } from '../functional/activation.js';
import { dropout } from '../functional/elementwise.js';
import { checkInterpolateArgs, interpolate, type InterpolateMode } from '../functional/resample.js';
import { floatArg, intArg } from '../functional/util.js';
import { channelShuffle, cosineSimilarity, pairwiseDistance, pixelShuffle, pixelUnshuffle, unflatten } from '../functional/shuffle.js';
import { optionsFrom } from './args.js';
import { flatten } from '../functional/shape_ops.js';
import { Module } from '../module.js';
import { pyBool, pyFloat, pyFloatOrTuple, pyIntOrTuple } from '../pyrepr.js';

export interface UpsampleOptions {
  size?: number | readonly number[] | null;
  scaleFactor?: number | readonly number[] | null;
  mode?: InterpolateMode;
  alignCorners?: boolean | null;
}

export class Upsample extends Module {
  // Declared, not defined: the constructor's assignments make them (see Linear).
  declare readonly size: number | readonly number[] | null;
  declare readonly scaleFactor: number | readonly number[] | null;
  declare readonly mode: InterpolateMode;
  declare readonly alignCorners: boolean | null;

  constructor(options: UpsampleOptions = {}) {
    super();
    this.size = options.size ?? null;
    this.scaleFactor = options.scaleFactor ?? null;
    this.mode = options.mode ?? 'nearest';
    this.alignCorners = options.alignCorners ?? null;
    // PyTorch builds any Upsample and refuses these in forward; every forward
    // of a layer built with one would fail, so it is refused here. Except
    // neither size nor scale_factor: `nn.Upsample()` is PyTorch's default
    // (printed `size=None`), refused only when called.
    const unset = this.size === null && this.scaleFactor === null;
    checkInterpolateArgs('Upsample', this.size, unset ? 1 : this.scaleFactor, this.mode, this.alignCorners);
  }

  override forward(x: Tensor): Tensor {
    return interpolate(x, this.size, this.scaleFactor, this.mode, this.alignCorners);
  }

  override extraRepr(): string {
    const info = this.scaleFactor !== null ? `scale_factor=${pyFloatOrTuple(this.scaleFactor)}` : `size=${this.size === null ? 'None' : pyIntOrTuple(this.size)}`;
    return `${info}, mode=${this.mode}`;
  }
}

export class Flatten extends Module {
  declare readonly startDim: number;
  declare readonly endDim: number;
  constructor(startDim = 1, endDim = -1) {
    super();
    intArg('Flatten', 'start_dim', startDim, -Infinity);
    intArg('Flatten', 'end_dim', endDim, -Infinity);
    this.startDim = startDim;
    this.endDim = endDim;
  }
  override forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

export class Dropout extends Module {
  declare readonly p: number;
  declare readonly inplace: boolean;
  constructor(p = 0.5, inplace = false) {
    super();
    if (!(typeof p === 'number' && p >= 0 && p <= 1)) throw new ArgumentError('Dropout', 'p', p, 'a probability between 0 and 1');
    this.p = p;
    this.inplace = inplace;
  }
  override forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training, this.inplace);
  }
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}

export interface AlphaDropoutOptions {
  p?: number;
  inplace?: boolean;
}

/** PyTorch's `_DropoutNd` for the alpha dropouts: `(p = 0.5, inplace = false)` or `({ p, inplace })`. */
abstract class AlphaDropoutBase extends Module {
  declare readonly p: number;
  declare readonly inplace: boolean;
  constructor(p: number | AlphaDropoutOptions = 0.5, inplace = false) {
    super();
    const o = typeof p === 'object' && p !== null ? p : null;
    const prob = o === null ? p : (o.p ?? 0.5);
    if (!(typeof prob === 'number' && prob >= 0 && prob <= 1)) throw new ArgumentError(this.typeName(), 'p', prob, 'a probability between 0 and 1');
    this.p = prob;
    this.inplace = o === null ? inplace : (o.inplace ?? false);
  }
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}

/** Traces aten::alpha_dropout in both modes; PyTorch's module ignores `inplace`. */
export class AlphaDropout extends AlphaDropoutBase {
  override forward(x: Tensor): Tensor {
    return alphaDropout(x, this.p, this.training);
  }
}

/** Traces aten::feature_alpha_dropout in both modes; PyTorch's module ignores `inplace`. */
export class FeatureAlphaDropout extends AlphaDropoutBase {
  override forward(x: Tensor): Tensor {
    return featureAlphaDropout(x, this.p, this.training);
  }
}

// Rearrangements, distances and the Upsample shorthands (issue 9).

/** `nn.PixelShuffle(upscale_factor)`. */
export class PixelShuffle extends Module {
  declare readonly upscaleFactor: number;
  constructor(upscaleFactor: number) {
    super();
    this.upscaleFactor = intArg('PixelShuffle', 'upscale_factor', upscaleFactor, 1);
  }
  override forward(x: Tensor): Tensor {
    return pixelShuffle(x, this.upscaleFactor);
  }
  override extraRepr(): string {
    return `upscale_factor=${this.upscaleFactor}`;
  }
}

/** `nn.PixelUnshuffle(downscale_factor)`. */
export class PixelUnshuffle extends Module {
  declare readonly downscaleFactor: number;
  constructor(downscaleFactor: number) {
    super();
    this.downscaleFactor = intArg('PixelUnshuffle', 'downscale_factor', downscaleFactor, 1);
  }
  override forward(x: Tensor): Tensor {
    return pixelUnshuffle(x, this.downscaleFactor);
  }
  override extraRepr(): string {
    return `downscale_factor=${this.downscaleFactor}`;
  }
}

/** `nn.ChannelShuffle(groups)`. */
export class ChannelShuffle extends Module {
  declare readonly groups: number;
  constructor(groups: number) {
    super();
    this.groups = intArg('ChannelShuffle', 'groups', groups, 1);
  }
  override forward(x: Tensor): Tensor {
    return channelShuffle(x, this.groups);
  }
  override extraRepr(): string {
    return `groups=${this.groups}`;
  }
}

/** `nn.Unflatten(dim, unflattened_size)`: integer dimensions (not named ones). */
export class Unflatten extends Module {
  declare readonly dim: number;
  declare readonly unflattenedSize: readonly number[];
  constructor(dim: number, unflattenedSize: readonly number[]) {
    super();
    this.dim = intArg('Unflatten', 'dim', dim, -Infinity);
    if (!Array.isArray(unflattenedSize) || !unflattenedSize.every((v) => Number.isSafeInteger(v))) {
      throw new ArgumentError('Unflatten', 'unflattened_size', unflattenedSize, 'a list of integers');
    }
    this.unflattenedSize = [...unflattenedSize];
  }
  override forward(x: Tensor): Tensor {
    return unflatten(x, this.dim, this.unflattenedSize);
  }
  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=${pyIntOrTuple(this.unflattenedSize)}`;
  }
}

export interface CosineSimilarityOptions {
  dim?: number;
  eps?: number;
}

/** `nn.CosineSimilarity(dim=1, eps=1e-8)`, positional or `{ dim, eps }`. */
export class CosineSimilarity extends Module<(x1: Tensor, x2: Tensor) => Tensor> {
  declare readonly dim: number;
  declare readonly eps: number;
  constructor(...args: [dim?: number, eps?: number] | [CosineSimilarityOptions]) {
    super();
    const o = optionsFrom<CosineSimilarityOptions>(args, ['dim', 'eps']);
    this.dim = intArg('CosineSimilarity', 'dim', o.dim ?? 1, -Infinity);
    this.eps = floatArg('CosineSimilarity', 'eps', o.eps ?? 1e-8);
  }
  override forward(x1: Tensor, x2: Tensor): Tensor {
    return cosineSimilarity(x1, x2, this.dim, this.eps);
  }
}

export interface PairwiseDistanceOptions {
  p?: number;
  eps?: number;
  keepdim?: boolean;
}

/** `nn.PairwiseDistance(p=2.0, eps=1e-6, keepdim=False)`, positional or `{ p, eps, keepdim }`. */
export class PairwiseDistance extends Module<(x1: Tensor, x2: Tensor) => Tensor> {
  declare readonly norm: number;
  declare readonly eps: number;
  declare readonly keepdim: boolean;
  constructor(...args: [p?: number, eps?: number, keepdim?: boolean] | [PairwiseDistanceOptions]) {
    super();
    const o = optionsFrom<PairwiseDistanceOptions>(args, ['p', 'eps', 'keepdim']);
    this.norm = floatArg('PairwiseDistance', 'p', o.p ?? 2);
    this.eps = floatArg('PairwiseDistance', 'eps', o.eps ?? 1e-6);
    this.keepdim = o.keepdim ?? false;
  }
  override forward(x1: Tensor, x2: Tensor): Tensor {
    return pairwiseDistance(x1, x2, this.norm, this.eps, this.keepdim);
  }
}

export interface UpsamplingOptions {
  size?: number | readonly number[] | null;
  scaleFactor?: number | readonly number[] | null;
}

/** `nn.UpsamplingNearest2d(size=None, scale_factor=None)`: Upsample with mode nearest. */
export class UpsamplingNearest2d extends Upsample {
  constructor(...args: [size?: number | readonly number[] | null, scaleFactor?: number | readonly number[] | null] | [UpsamplingOptions]) {
    const o = optionsFrom<UpsamplingOptions>(args, ['size', 'scaleFactor']);
    super({ size: o.size ?? null, scaleFactor: o.scaleFactor ?? null, mode: 'nearest' });
  }
}

/** `nn.UpsamplingBilinear2d(size=None, scale_factor=None)`: Upsample with mode bilinear and align_corners=True. */
export class UpsamplingBilinear2d extends Upsample {
  constructor(...args: [size?: number | readonly number[] | null, scaleFactor?: number | readonly number[] | null] | [UpsamplingOptions]) {
    const o = optionsFrom<UpsamplingOptions>(args, ['size', 'scaleFactor']);
    super({ size: o.size ?? null, scaleFactor: o.scaleFactor ?? null, mode: 'bilinear', alignCorners: true });
  }
}
