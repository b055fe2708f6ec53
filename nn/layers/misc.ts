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

/** Upsample's arguments, by name (PyTorch's keyword arguments); exactly one of `size` and `scaleFactor`. */
export interface UpsampleOptions {
  /** The output's spatial size: an int or one per spatial dimension. Default null. */
  size?: number | readonly number[] | null;
  /** The multiplier of the spatial size: a number or one per spatial dimension (output sizes rounded down). Default null. */
  scaleFactor?: number | readonly number[] | null;
  /** 'nearest' (default), 'linear' (3-D input), 'bilinear' or 'bicubic' (4-D), 'trilinear' (5-D); 'area' and 'nearest-exact' are not supported. */
  mode?: InterpolateMode;
  /** Whether corner pixels are aligned; null (the default) or a boolean, and only with the interpolating modes. */
  alignCorners?: boolean | null;
}

/**
 * `torch.nn.Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None)` on input
 * [N, C, L], [N, C, H, W] or [N, C, D, H, W]. No parameters. Traces `aten::upsample_<mode><n>d`
 * (`aten::upsample_nearest2d`, `aten::upsample_bilinear2d`, ...). Takes its arguments as one options
 * object only; PyTorch's `recompute_scale_factor` is not taken.
 */
export class Upsample extends Module {
  static override readonly typeName: string = 'Upsample';
  // Declared, not defined: the constructor's assignments make them (see Linear).
  /** PyTorch's `size`. */
  declare readonly size: number | readonly number[] | null;
  /** PyTorch's `scale_factor`. */
  declare readonly scaleFactor: number | readonly number[] | null;
  /** PyTorch's `mode`. */
  declare readonly mode: InterpolateMode;
  /** PyTorch's `align_corners` (null: not given). */
  declare readonly alignCorners: boolean | null;

  /**
   * `new nn.Upsample({ scaleFactor: 2, mode: 'bilinear', alignCorners: false })`.
   * @param options - `size` or `scaleFactor`, `mode` (default 'nearest'), `alignCorners` (default null; only for the interpolating modes).
   */
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

  /** `x` resampled to `size`, or scaled by `scaleFactor`. */
  override forward(x: Tensor): Tensor {
    return interpolate(x, this.size, this.scaleFactor, this.mode, this.alignCorners);
  }

  override extraRepr(): string {
    const info = this.scaleFactor !== null ? `scale_factor=${pyFloatOrTuple(this.scaleFactor)}` : `size=${this.size === null ? 'None' : pyIntOrTuple(this.size)}`;
    return `${info}, mode=${this.mode}`;
  }
}

/** `torch.nn.Flatten(start_dim=1, end_dim=-1)`. No parameters. Traces `aten::flatten`. */
export class Flatten extends Module {
  static override readonly typeName: string = 'Flatten';
  /** PyTorch's `start_dim`. */
  declare readonly startDim: number;
  /** PyTorch's `end_dim`. */
  declare readonly endDim: number;
  /**
   * `new nn.Flatten()`, `new nn.Flatten(0, 2)`.
   * @param startDim - First dimension to flatten (default 1).
   * @param endDim - Last dimension to flatten (default -1).
   */
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

/**
 * `torch.nn.Dropout(p=0.5, inplace=False)`. No parameters. Traces `aten::dropout` (`aten::dropout_` in place)
 * in both modes, with `train` set from the module's mode, as PyTorch's functional dropout is recorded.
 */
export class Dropout extends Module {
  static override readonly typeName: string = 'Dropout';
  /** PyTorch's `p`. */
  declare readonly p: number;
  /** PyTorch's `inplace`. */
  declare readonly inplace: boolean;
  /**
   * `new nn.Dropout()`, `new nn.Dropout(0.1)`, `new nn.Dropout(0.1, true)`.
   * @param p - Probability of an element being zeroed, in [0, 1] (default 0.5).
   * @param inplace - Whether to overwrite the input (default false).
   */
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

/** AlphaDropout's and FeatureAlphaDropout's arguments, by name. */
export interface AlphaDropoutOptions {
  /** Probability of an element (a channel, for FeatureAlphaDropout) being dropped, in [0, 1]. Default 0.5. */
  p?: number;
  /** Shown in the repr; PyTorch's modules ignore it. Default false. */
  inplace?: boolean;
}

/** PyTorch's `_DropoutNd` for the alpha dropouts: `(p = 0.5, inplace = false)` or `({ p, inplace })`. */
abstract class AlphaDropoutBase extends Module {
  /** PyTorch's `p`. */
  declare readonly p: number;
  /** PyTorch's `inplace` (shown in the repr, not used). */
  declare readonly inplace: boolean;
  /**
   * `(p = 0.5, inplace = false)` or `({ p, inplace })`: `new nn.AlphaDropout(0.2)`, `new nn.AlphaDropout({ p: 0.2 })`.
   * @param p - Drop probability in [0, 1] (default 0.5), or one {@link AlphaDropoutOptions} object.
   * @param inplace - Default false; ignored, as by PyTorch's module.
   */
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

/** `torch.nn.AlphaDropout(p=0.5, inplace=False)`. No parameters. Traces `aten::alpha_dropout` in both modes; PyTorch's module ignores `inplace`. */
export class AlphaDropout extends AlphaDropoutBase {
  static override readonly typeName: string = 'AlphaDropout';
  override forward(x: Tensor): Tensor {
    return alphaDropout(x, this.p, this.training);
  }
}

/** `torch.nn.FeatureAlphaDropout(p=0.5, inplace=False)`: drops whole channels. No parameters. Traces `aten::feature_alpha_dropout` in both modes; PyTorch's module ignores `inplace`. */
export class FeatureAlphaDropout extends AlphaDropoutBase {
  static override readonly typeName: string = 'FeatureAlphaDropout';
  override forward(x: Tensor): Tensor {
    return featureAlphaDropout(x, this.p, this.training);
  }
}

// Rearrangements, distances and the Upsample shorthands (issue 9).

/** `torch.nn.PixelShuffle(upscale_factor)`: [*, C r², H, W] to [*, C, H r, W r]. No parameters. Traces `aten::pixel_shuffle`. */
export class PixelShuffle extends Module {
  static override readonly typeName: string = 'PixelShuffle';
  /** PyTorch's `upscale_factor`: r. */
  declare readonly upscaleFactor: number;
  /** @param upscaleFactor - r: the factor the height and width grow by. */
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

/** `torch.nn.PixelUnshuffle(downscale_factor)`: [*, C, H r, W r] to [*, C r², H, W]. No parameters. Traces `aten::pixel_unshuffle`. */
export class PixelUnshuffle extends Module {
  static override readonly typeName: string = 'PixelUnshuffle';
  /** PyTorch's `downscale_factor`: r. */
  declare readonly downscaleFactor: number;
  /** @param downscaleFactor - r: the factor the height and width shrink by. */
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

/** `torch.nn.ChannelShuffle(groups)`: regroups the channels of [N, C, *] (C divisible by groups). No parameters. Traces `aten::channel_shuffle`. */
export class ChannelShuffle extends Module {
  static override readonly typeName: string = 'ChannelShuffle';
  /** PyTorch's `groups`. */
  declare readonly groups: number;
  /** @param groups - Groups to divide the channels into. */
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

/** `torch.nn.Unflatten(dim, unflattened_size)`: integer dimensions (not named ones). No parameters. Traces `aten::unflatten`. */
export class Unflatten extends Module {
  static override readonly typeName: string = 'Unflatten';
  /** PyTorch's `dim`. */
  declare readonly dim: number;
  /** PyTorch's `unflattened_size`. */
  declare readonly unflattenedSize: readonly number[];
  /**
   * `new nn.Unflatten(1, [2, 5, 5])`.
   * @param dim - The dimension to unflatten.
   * @param unflattenedSize - Its new sizes, whose product is its size (one may be -1).
   */
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

/** CosineSimilarity's arguments, by name. */
export interface CosineSimilarityOptions {
  /** The dimension the similarity is computed along. Default 1. */
  dim?: number;
  /** Lower bound of the norms, against division by zero. Default 1e-8. */
  eps?: number;
}

/** `torch.nn.CosineSimilarity(dim=1, eps=1e-08)`, positional or `{ dim, eps }`. No parameters. Traces `aten::cosine_similarity`. */
export class CosineSimilarity extends Module<(x1: Tensor, x2: Tensor) => Tensor> {
  static override readonly typeName: string = 'CosineSimilarity';
  /** PyTorch's `dim`. */
  declare readonly dim: number;
  /** PyTorch's `eps`. */
  declare readonly eps: number;
  /**
   * `new nn.CosineSimilarity()`, `new nn.CosineSimilarity(0, 1e-6)`, `new nn.CosineSimilarity({ dim: 0 })`.
   * @param args - `dim=1, eps=1e-8` in PyTorch's order, or one {@link CosineSimilarityOptions} object.
   */
  constructor(...args: [dim?: number, eps?: number] | [CosineSimilarityOptions]) {
    super();
    const o = optionsFrom<CosineSimilarityOptions>(args, ['dim', 'eps']);
    this.dim = intArg('CosineSimilarity', 'dim', o.dim ?? 1, -Infinity);
    this.eps = floatArg('CosineSimilarity', 'eps', o.eps ?? 1e-8);
  }
  /** The cosine similarity of `x1` and `x2` (broadcast) along `dim`. */
  override forward(x1: Tensor, x2: Tensor): Tensor {
    return cosineSimilarity(x1, x2, this.dim, this.eps);
  }
}

/** PairwiseDistance's arguments, by name. */
export interface PairwiseDistanceOptions {
  /** The norm degree. Default 2.0. */
  p?: number;
  /** Added to the difference, against division by zero. Default 1e-6. */
  eps?: number;
  /** Whether to keep the last dimension (size 1). Default false. */
  keepdim?: boolean;
}

/** `torch.nn.PairwiseDistance(p=2.0, eps=1e-06, keepdim=False)`, positional or `{ p, eps, keepdim }`. No parameters. Traces `aten::pairwise_distance`. */
export class PairwiseDistance extends Module<(x1: Tensor, x2: Tensor) => Tensor> {
  static override readonly typeName: string = 'PairwiseDistance';
  /** PyTorch's `norm`: the `p` given. */
  declare readonly norm: number;
  /** PyTorch's `eps`. */
  declare readonly eps: number;
  /** PyTorch's `keepdim`. */
  declare readonly keepdim: boolean;
  /**
   * `new nn.PairwiseDistance()`, `new nn.PairwiseDistance(1)`, `new nn.PairwiseDistance({ p: 1, keepdim: true })`.
   * @param args - `p=2.0, eps=1e-6, keepdim=false` in PyTorch's order, or one {@link PairwiseDistanceOptions} object.
   */
  constructor(...args: [p?: number, eps?: number, keepdim?: boolean] | [PairwiseDistanceOptions]) {
    super();
    const o = optionsFrom<PairwiseDistanceOptions>(args, ['p', 'eps', 'keepdim']);
    this.norm = floatArg('PairwiseDistance', 'p', o.p ?? 2);
    this.eps = floatArg('PairwiseDistance', 'eps', o.eps ?? 1e-6);
    this.keepdim = o.keepdim ?? false;
  }
  /** The p-norm distance between `x1` and `x2` along the last dimension. */
  override forward(x1: Tensor, x2: Tensor): Tensor {
    return pairwiseDistance(x1, x2, this.norm, this.eps, this.keepdim);
  }
}

/** UpsamplingNearest2d's and UpsamplingBilinear2d's arguments, by name; exactly one of them. */
export interface UpsamplingOptions {
  /** The output's spatial size: an int or [H, W]. */
  size?: number | readonly number[] | null;
  /** The multiplier of the spatial size: a number or one per spatial dimension. */
  scaleFactor?: number | readonly number[] | null;
}

/** `torch.nn.UpsamplingNearest2d(size=None, scale_factor=None)`: Upsample with mode nearest. No parameters. Traces `aten::upsample_nearest2d` on [N, C, H, W] input. */
export class UpsamplingNearest2d extends Upsample {
  static override readonly typeName: string = 'UpsamplingNearest2d';
  /**
   * `new nn.UpsamplingNearest2d(null, 2)` or `new nn.UpsamplingNearest2d({ scaleFactor: 2 })`.
   * @param args - `size=null, scaleFactor=null` in PyTorch's order, or one {@link UpsamplingOptions} object.
   */
  constructor(...args: [size?: number | readonly number[] | null, scaleFactor?: number | readonly number[] | null] | [UpsamplingOptions]) {
    const o = optionsFrom<UpsamplingOptions>(args, ['size', 'scaleFactor']);
    super({ size: o.size ?? null, scaleFactor: o.scaleFactor ?? null, mode: 'nearest' });
  }
}

/**
 * `torch.nn.UpsamplingBilinear2d(size=None, scale_factor=None)`: Upsample with mode bilinear and
 * align_corners=True, on [N, C, H, W]. No parameters. Traces `aten::upsample_bilinear2d`.
 */
export class UpsamplingBilinear2d extends Upsample {
  static override readonly typeName: string = 'UpsamplingBilinear2d';
  /**
   * `new nn.UpsamplingBilinear2d([64, 64])` or `new nn.UpsamplingBilinear2d({ scaleFactor: 2 })`.
   * @param args - `size=null, scaleFactor=null` in PyTorch's order, or one {@link UpsamplingOptions} object.
   */
  constructor(...args: [size?: number | readonly number[] | null, scaleFactor?: number | readonly number[] | null] | [UpsamplingOptions]) {
    const o = optionsFrom<UpsamplingOptions>(args, ['size', 'scaleFactor']);
    super({ size: o.size ?? null, scaleFactor: o.scaleFactor ?? null, mode: 'bilinear', alignCorners: true });
  }
}
