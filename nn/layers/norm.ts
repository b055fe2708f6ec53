// BatchNorm1d/2d/3d, InstanceNorm1d/2d/3d, LayerNorm, GroupNorm,
// LocalResponseNorm, CrossMapLRN2d. Each takes PyTorch's arguments
// positionally, in PyTorch's order (`new BatchNorm2d(16, 1e-5, 0.1, false)`),
// or its optional ones as an options object (`new BatchNorm2d(16, { affine: false })`).

import { ArgumentError, ShapeError } from '../../core/errors.js';
import { pyTuple } from '../../core/shape.js';
import { Parameter, Tensor } from '../../core/tensor.js';
import { add_ } from '../functional/elementwise.js';
import { batchNorm, crossMapLrn2d, groupNorm, instanceNorm, layerNorm, localResponseNorm } from '../functional/norm.js';
import { squeeze, unsqueeze } from '../functional/shape_ops.js';
import { floatArg, intArg } from '../functional/util.js';
import { Module } from '../module.js';
import { pyBool, pyFloat, pyOptionalFloat } from '../pyrepr.js';

/** BatchNorm's and InstanceNorm's arguments after num_features, by name (PyTorch's keyword arguments). */
export interface NormOptions {
  /** Added to the variance. Default 1e-5. */
  eps?: number;
  /** Running statistics' update factor; null for a cumulative average. Default 0.1. */
  momentum?: number | null;
  /** Whether to have `weight` and `bias` [num_features]. Default true for BatchNorm, false for InstanceNorm. */
  affine?: boolean;
  /** Whether to keep the running_mean, running_var and num_batches_tracked buffers. Default true for BatchNorm, false for InstanceNorm. */
  trackRunningStats?: boolean;
}

/** The options object when the argument is one, else null (positional form). */
function optionsOf<T extends object>(first: unknown): T | null {
  return typeof first === 'object' && first !== null && !Array.isArray(first) ? (first as T) : null;
}

function checkFeatures(name: string, arg: string, n: number): void {
  intArg(name, arg, n, 1);
}

/** `eps` is any Python float (PyTorch takes even a negative or NaN one). */
function checkEps(name: string, eps: number): number {
  return floatArg(name, 'eps', eps);
}

/** Running statistics and affine parameters shared by batch and instance norm. */
abstract class NormBase extends Module {
  // Declared, not defined: the constructor's assignments make them (see Linear).
  /** PyTorch's `num_features`: C of the input. */
  declare readonly numFeatures: number;
  /** PyTorch's `eps`. */
  declare readonly eps: number;
  /** PyTorch's `momentum` (null: a cumulative average). */
  declare readonly momentum: number | null;
  /** PyTorch's `affine`. */
  declare readonly affine: boolean;
  /** PyTorch's `track_running_stats`. */
  declare readonly trackRunningStats: boolean;
  /** [num_features], or null when `affine` is false. */
  declare weight: Parameter | null;
  /** [num_features], or null when `affine` is false. */
  declare bias: Parameter | null;

  protected constructor(numFeatures: number, o: NormOptions, affineDefault: boolean, trackDefault: boolean) {
    super();
    const name = this.typeName();
    checkFeatures(name, 'num_features', numFeatures);
    this.numFeatures = numFeatures;
    this.eps = checkEps(name, o.eps ?? 1e-5);
    this.momentum = o.momentum === undefined ? 0.1 : o.momentum === null ? null : floatArg(name, 'momentum', o.momentum);
    this.affine = o.affine ?? affineDefault;
    this.trackRunningStats = o.trackRunningStats ?? trackDefault;
    if (this.affine) {
      this.weight = new Parameter([numFeatures]);
      this.bias = new Parameter([numFeatures]);
    } else {
      this.registerParameter('weight', null);
      this.registerParameter('bias', null);
    }
    if (this.trackRunningStats) {
      this.registerBuffer('running_mean', new Tensor([numFeatures]));
      this.registerBuffer('running_var', new Tensor([numFeatures]));
      this.registerBuffer('num_batches_tracked', new Tensor([], 'int64'));
    } else {
      this.registerBuffer('running_mean', null);
      this.registerBuffer('running_var', null);
      this.registerBuffer('num_batches_tracked', null);
    }
  }

  /** The `running_mean` and `running_var` buffers (null when not tracked or set to null). */
  protected runningStats(): [Tensor | null, Tensor | null] {
    return [this._buffers.get('running_mean') ?? null, this._buffers.get('running_var') ?? null];
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${pyOptionalFloat(this.momentum)}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }
}

const ONE = new Tensor([], 'int64');

/** `(eps, momentum, affine, trackRunningStats)` given positionally, or the options object. */
function normOptions(eps: number | NormOptions | undefined, momentum: number | null | undefined, affine: boolean | undefined, track: boolean | undefined): NormOptions {
  return optionsOf<NormOptions>(eps) ?? { eps: typeof eps === 'number' ? eps : undefined, momentum, affine, trackRunningStats: track };
}

abstract class BatchNormNd extends NormBase {
  /** The input ranks the class takes (BatchNorm1d: 2 or 3). */
  protected abstract readonly ranks: readonly number[];

  /**
   * `(numFeatures, eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true)` or `(numFeatures, { eps, momentum, affine, trackRunningStats })`:
   * `new nn.BatchNorm2d(64)`, `new nn.BatchNorm2d(64, 1e-3, 0.01)`, `new nn.BatchNorm2d(64, { affine: false })`.
   * @param numFeatures - C of the input.
   * @param eps - Added to the variance (default 1e-5), or one {@link NormOptions} object for every argument after numFeatures.
   * @param momentum - Running statistics' update factor (default 0.1); null for a cumulative average.
   * @param affine - Whether to have `weight` and `bias` (default true).
   * @param trackRunningStats - Whether to keep running statistics (default true); without them, eval mode normalizes with the batch's.
   */
  constructor(numFeatures: number, eps?: number | NormOptions, momentum?: number | null, affine?: boolean, trackRunningStats?: boolean) {
    super(numFeatures, normOptions(eps, momentum, affine, trackRunningStats), true, true);
  }

  /** Normalizes `x` per channel (dimension 1). */
  override forward(x: Tensor): Tensor {
    if (!this.ranks.includes(x.rank)) {
      const want = this.ranks.map((r) => `${r}D`).join(' or ');
      throw new ShapeError('aten::batch_norm', `expected ${want} input (got ${x.rank}D input)`, { input: x.shape });
    }
    if (x.shape[1] !== this.numFeatures) {
      throw new ShapeError('aten::batch_norm', `expected ${this.numFeatures} channels, got ${x.shape[1]}`, { input: x.shape });
    }
    const tracked = this._buffers.get('num_batches_tracked');
    if (this.training && this.trackRunningStats && tracked) {
      // num_batches_tracked.add_(1): part of the trace in training mode (the
      // JIT holds the 1 as a 0-dim constant tensor).
      add_(tracked, ONE);
    }
    const [rm, rv] = this.runningStats();
    const useBatchStats = this.training || (rm === null && rv === null);
    const keepStats = !this.training || this.trackRunningStats;
    return batchNorm(x, keepStats ? rm : null, keepStats ? rv : null, this.weight, this.bias, useBatchStats);
  }
}

/**
 * `torch.nn.BatchNorm1d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)` on input [N, C] or [N, C, L].
 * Parameters: `weight`, `bias` [num_features] (null with `affine` false). Buffers: `running_mean`,
 * `running_var` [num_features] and `num_batches_tracked` [] int64 (null with `trackRunningStats` false).
 * Traces one `aten::batch_norm`; in training mode with running statistics, an `aten::add_` on
 * `num_batches_tracked` before it, as PyTorch's forward.
 */
export class BatchNorm1d extends BatchNormNd {
  static override readonly typeName: string = 'BatchNorm1d';
  protected readonly ranks = [2, 3];
}
/**
 * `torch.nn.BatchNorm2d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)` on input [N, C, H, W].
 * Parameters: `weight`, `bias` [num_features] (null with `affine` false). Buffers: `running_mean`,
 * `running_var` [num_features] and `num_batches_tracked` [] int64 (null with `trackRunningStats` false).
 * Traces one `aten::batch_norm`; in training mode with running statistics, an `aten::add_` on
 * `num_batches_tracked` before it, as PyTorch's forward.
 */
export class BatchNorm2d extends BatchNormNd {
  static override readonly typeName: string = 'BatchNorm2d';
  protected readonly ranks = [4];
}
/**
 * `torch.nn.BatchNorm3d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)` on input [N, C, D, H, W].
 * Parameters: `weight`, `bias` [num_features] (null with `affine` false). Buffers: `running_mean`,
 * `running_var` [num_features] and `num_batches_tracked` [] int64 (null with `trackRunningStats` false).
 * Traces one `aten::batch_norm`; in training mode with running statistics, an `aten::add_` on
 * `num_batches_tracked` before it, as PyTorch's forward.
 */
export class BatchNorm3d extends BatchNormNd {
  static override readonly typeName: string = 'BatchNorm3d';
  protected readonly ranks = [5];
}

abstract class InstanceNormNd extends NormBase {
  /** Spatial dimensions of a batched input: 1, 2 or 3. */
  protected abstract readonly spatial: number;

  /**
   * `(numFeatures, eps = 1e-5, momentum = 0.1, affine = false, trackRunningStats = false)` or `(numFeatures, { eps, momentum, affine, trackRunningStats })`:
   * `new nn.InstanceNorm2d(64)`, `new nn.InstanceNorm2d(64, { affine: true })`.
   * @param numFeatures - C of the input.
   * @param eps - Added to the variance (default 1e-5), or one {@link NormOptions} object for every argument after numFeatures.
   * @param momentum - Running statistics' update factor (default 0.1); null for a cumulative average.
   * @param affine - Whether to have `weight` and `bias` (default false).
   * @param trackRunningStats - Whether to keep running statistics, used in eval mode (default false).
   */
  constructor(numFeatures: number, eps?: number | NormOptions, momentum?: number | null, affine?: boolean, trackRunningStats?: boolean) {
    super(numFeatures, normOptions(eps, momentum, affine, trackRunningStats), false, false);
  }

  /** Normalizes `x` per sample and channel over its spatial dimensions. */
  override forward(x: Tensor): Tensor {
    const batched = this.spatial + 2;
    if (x.rank !== batched && x.rank !== batched - 1) {
      throw new ShapeError('aten::instance_norm', `expected ${batched - 1}D or ${batched}D input (got ${x.rank}D input)`, { input: x.shape });
    }
    // Unbatched input is run as a batch of one, as PyTorch does.
    if (x.rank === batched - 1) return squeeze(this.run(unsqueeze(x, 0)), 0);
    return this.run(x);
  }

  private run(x: Tensor): Tensor {
    const [rm, rv] = this.runningStats();
    return instanceNorm(x, rm, rv, this.weight, this.bias, this.training || !this.trackRunningStats);
  }
}

/**
 * `torch.nn.InstanceNorm1d(num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)`
 * on input [N, C, L] or unbatched [C, L]. Parameters: `weight`, `bias` [num_features] with `affine` true (else null). Buffers:
 * `running_mean`, `running_var` [num_features] and `num_batches_tracked` [] int64 with `trackRunningStats`
 * true (else null). Traces one `aten::instance_norm` (an unbatched input between an `aten::unsqueeze` and
 * an `aten::squeeze`, as PyTorch runs it as a batch of one).
 */
export class InstanceNorm1d extends InstanceNormNd {
  static override readonly typeName: string = 'InstanceNorm1d';
  protected readonly spatial = 1;
}
/**
 * `torch.nn.InstanceNorm2d(num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)`
 * on input [N, C, H, W] or unbatched [C, H, W]. Parameters: `weight`, `bias` [num_features] with `affine` true (else null). Buffers:
 * `running_mean`, `running_var` [num_features] and `num_batches_tracked` [] int64 with `trackRunningStats`
 * true (else null). Traces one `aten::instance_norm` (an unbatched input between an `aten::unsqueeze` and
 * an `aten::squeeze`, as PyTorch runs it as a batch of one).
 */
export class InstanceNorm2d extends InstanceNormNd {
  static override readonly typeName: string = 'InstanceNorm2d';
  protected readonly spatial = 2;
}
/**
 * `torch.nn.InstanceNorm3d(num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)`
 * on input [N, C, D, H, W] or unbatched [C, D, H, W]. Parameters: `weight`, `bias` [num_features] with `affine` true (else null). Buffers:
 * `running_mean`, `running_var` [num_features] and `num_batches_tracked` [] int64 with `trackRunningStats`
 * true (else null). Traces one `aten::instance_norm` (an unbatched input between an `aten::unsqueeze` and
 * an `aten::squeeze`, as PyTorch runs it as a batch of one).
 */
export class InstanceNorm3d extends InstanceNormNd {
  static override readonly typeName: string = 'InstanceNorm3d';
  protected readonly spatial = 3;
}

/** LayerNorm's arguments after normalized_shape, by name (PyTorch's keyword arguments). */
export interface LayerNormOptions {
  /** Added to the variance. Default 1e-5. */
  eps?: number;
  /** Whether to have `weight` and `bias` of shape normalized_shape. Default true. */
  elementwiseAffine?: boolean;
}

/** GroupNorm's arguments after num_channels, by name (PyTorch's keyword arguments). */
export interface GroupNormOptions {
  /** Added to the variance. Default 1e-5. */
  eps?: number;
  /** Whether to have `weight` and `bias` [num_channels]. Default true. */
  affine?: boolean;
}

/**
 * `torch.nn.LayerNorm(normalized_shape, eps=1e-05, elementwise_affine=True)`: normalizes over the last
 * `normalized_shape.length` dimensions of the input, which must equal `normalized_shape`. Parameters:
 * `weight`, `bias` of shape normalized_shape (null with `elementwiseAffine` false). Traces one `aten::layer_norm`.
 */
export class LayerNorm extends Module {
  static override readonly typeName: string = 'LayerNorm';
  // Declared, not defined: the constructor's assignments make them (see Linear).
  /** PyTorch's `normalized_shape`, as a list. */
  declare readonly normalizedShape: readonly number[];
  /** PyTorch's `eps`. */
  declare readonly eps: number;
  /** PyTorch's `elementwise_affine`. */
  declare readonly elementwiseAffine: boolean;
  /** Of shape normalized_shape, or null when `elementwiseAffine` is false. */
  declare weight: Parameter | null;
  /** Of shape normalized_shape, or null when `elementwiseAffine` is false. */
  declare bias: Parameter | null;

  /**
   * `(normalizedShape, eps = 1e-5, elementwiseAffine = true)` or `(normalizedShape, { eps, elementwiseAffine })`:
   * `new nn.LayerNorm(768)`, `new nn.LayerNorm(768, 1e-6)`, `new nn.LayerNorm([10, 10], { elementwiseAffine: false })`.
   * @param normalizedShape - The trailing dimensions normalized over: an int (the last one) or a list.
   * @param eps - Added to the variance (default 1e-5), or one {@link LayerNormOptions} object.
   * @param elementwiseAffine - Whether to have `weight` and `bias` (default true).
   */
  constructor(normalizedShape: number | readonly number[], eps?: number | LayerNormOptions, elementwiseAffine?: boolean) {
    super();
    const options = optionsOf<LayerNormOptions>(eps) ?? { eps: typeof eps === 'number' ? eps : undefined, elementwiseAffine };
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : Array.isArray(normalizedShape) ? [...normalizedShape] : [];
    // PyTorch builds LayerNorm([]) and refuses it in forward, which could never run.
    if (shape.length === 0 || !shape.every((d) => Number.isSafeInteger(d) && d >= 1)) {
      throw new ArgumentError('LayerNorm', 'normalized_shape', normalizedShape, 'a positive integer or a non-empty list of them');
    }
    this.normalizedShape = shape;
    this.eps = checkEps('LayerNorm', options.eps ?? 1e-5);
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    if (this.elementwiseAffine) {
      this.weight = new Parameter(shape);
      this.bias = new Parameter(shape);
    } else {
      this.registerParameter('weight', null);
      this.registerParameter('bias', null);
    }
  }

  /** Normalizes `x` over its last `normalizedShape.length` dimensions. */
  override forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}

/**
 * `torch.nn.GroupNorm(num_groups, num_channels, eps=1e-05, affine=True)` on input [N, C, *]: normalizes
 * each group of C / num_groups channels. Parameters: `weight`, `bias` [num_channels] (null with `affine`
 * false). Traces one `aten::group_norm`.
 */
export class GroupNorm extends Module {
  static override readonly typeName: string = 'GroupNorm';
  // Declared, not defined: the constructor's assignments make them (see Linear).
  /** PyTorch's `num_groups`. */
  declare readonly numGroups: number;
  /** PyTorch's `num_channels`: C of the input. */
  declare readonly numChannels: number;
  /** PyTorch's `eps`. */
  declare readonly eps: number;
  /** PyTorch's `affine`. */
  declare readonly affine: boolean;
  /** [num_channels], or null when `affine` is false. */
  declare weight: Parameter | null;
  /** [num_channels], or null when `affine` is false. */
  declare bias: Parameter | null;

  /**
   * `(numGroups, numChannels, eps = 1e-5, affine = true)` or `(numGroups, numChannels, { eps, affine })`:
   * `new nn.GroupNorm(32, 256)`, `new nn.GroupNorm(32, 256, { affine: false })`.
   * @param numGroups - Groups to split the channels into; divides numChannels.
   * @param numChannels - C of the input.
   * @param eps - Added to the variance (default 1e-5), or one {@link GroupNormOptions} object.
   * @param affine - Whether to have `weight` and `bias` (default true).
   */
  constructor(numGroups: number, numChannels: number, eps?: number | GroupNormOptions, affine?: boolean) {
    super();
    const options = optionsOf<GroupNormOptions>(eps) ?? { eps: typeof eps === 'number' ? eps : undefined, affine };
    checkFeatures('GroupNorm', 'num_groups', numGroups);
    checkFeatures('GroupNorm', 'num_channels', numChannels);
    if (numChannels % numGroups !== 0) {
      throw new ArgumentError('GroupNorm', 'num_channels', numChannels, `divisible by num_groups (${numGroups})`);
    }
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = checkEps('GroupNorm', options.eps ?? 1e-5);
    this.affine = options.affine ?? true;
    if (this.affine) {
      this.weight = new Parameter([numChannels]);
      this.bias = new Parameter([numChannels]);
    } else {
      this.registerParameter('weight', null);
      this.registerParameter('bias', null);
    }
  }

  /** Normalizes `x` [N, C, *] per sample and group. */
  override forward(x: Tensor): Tensor {
    if (x.rank >= 2 && x.shape[1] !== this.numChannels) {
      throw new ShapeError('aten::group_norm', `expected ${this.numChannels} channels, got ${x.shape[1]}`, { input: x.shape });
    }
    return groupNorm(x, this.numGroups, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}`;
  }
}

/** LocalResponseNorm's and CrossMapLRN2d's arguments after size, by name (PyTorch's keyword arguments). */
export interface LocalResponseNormOptions {
  /** Multiplicative factor. Default 1e-4. */
  alpha?: number;
  /** Exponent. Default 0.75. */
  beta?: number;
  /** Additive factor. Default 1 (1.0 for LocalResponseNorm). */
  k?: number;
}

/** LocalResponseNorm and CrossMapLRN2d: size, alpha, beta, k. */
abstract class LrnBase extends Module {
  /** PyTorch's `size`: the neighbouring channels normalized over. */
  declare readonly size: number;
  /** PyTorch's `alpha`. */
  declare readonly alpha: number;
  /** PyTorch's `beta`. */
  declare readonly beta: number;
  /** PyTorch's `k`. */
  declare readonly k: number;
  /** Whether k was given: CrossMapLRN2d's default k is the int 1 and prints as `1`. */
  declare protected readonly kGiven: boolean;

  constructor(size: number, alpha: number | LocalResponseNormOptions | undefined, beta: number | undefined, k: number | undefined) {
    super();
    const name = this.typeName();
    const o = optionsOf<LocalResponseNormOptions>(alpha) ?? { alpha: typeof alpha === 'number' ? alpha : undefined, beta, k };
    this.size = intArg(name, 'size', size, 1);
    this.alpha = floatArg(name, 'alpha', o.alpha ?? 1e-4);
    this.beta = floatArg(name, 'beta', o.beta ?? 0.75);
    this.k = floatArg(name, 'k', o.k ?? 1);
    this.kGiven = o.k !== undefined;
  }

  override extraRepr(): string {
    return `${this.size}, alpha=${pyFloat(this.alpha)}, beta=${pyFloat(this.beta)}, k=${this.kText()}`;
  }

  /** `k` as the repr prints it. */
  protected kText(): string {
    return pyFloat(this.k);
  }
}

/**
 * `torch.nn.LocalResponseNorm(size, alpha=0.0001, beta=0.75, k=1.0)` on input [N, C, *] (3-D or more).
 * No parameters. Traced as PyTorch 1.13 decomposes it (mul, pad, avg_pool2d/3d, view, pow, div); no
 * counter handles these.
 */
export class LocalResponseNorm extends LrnBase {
  static override readonly typeName: string = 'LocalResponseNorm';
  /**
   * `(size, alpha = 1e-4, beta = 0.75, k = 1.0)` or `(size, { alpha, beta, k })`: `new nn.LocalResponseNorm(5, 1e-4, 0.75, 2)`.
   * @param size - Neighbouring channels to normalize over.
   * @param alpha - Multiplicative factor (default 1e-4), or one {@link LocalResponseNormOptions} object.
   * @param beta - Exponent (default 0.75).
   * @param k - Additive factor (default 1.0).
   */
  constructor(size: number, alpha?: number | LocalResponseNormOptions, beta?: number, k?: number) {
    super(size, alpha, beta, k);
  }
  /** Normalizes `x` across neighbouring channels. */
  override forward(x: Tensor): Tensor {
    return localResponseNorm(x, this.size, this.alpha, this.beta, this.k);
  }
}

/**
 * `torch.nn.CrossMapLRN2d(size, alpha=0.0001, beta=0.75, k=1)` on 4-D input. No parameters. A
 * `torch.autograd.Function` in PyTorch: traced as one `prim::PythonOp.CrossMapLRN2d` node, which no
 * counter handles (unsupported).
 */
export class CrossMapLRN2d extends LrnBase {
  static override readonly typeName: string = 'CrossMapLRN2d';
  /**
   * `(size, alpha = 1e-4, beta = 0.75, k = 1)` or `(size, { alpha, beta, k })`.
   * @param size - Neighbouring channels to normalize over.
   * @param alpha - Multiplicative factor (default 1e-4), or one {@link LocalResponseNormOptions} object.
   * @param beta - Exponent (default 0.75).
   * @param k - Additive factor (default 1).
   */
  constructor(size: number, alpha?: number | LocalResponseNormOptions, beta?: number, k?: number) {
    super(size, alpha, beta, k);
  }
  /** Normalizes `x` [N, C, H, W] across neighbouring channels. */
  override forward(x: Tensor): Tensor {
    return crossMapLrn2d(x, this.size, this.alpha, this.beta, this.k);
  }
  /** `k` as the repr prints it: `1` when not given (PyTorch's default is the int 1). */
  protected override kText(): string {
    return this.kGiven ? pyFloat(this.k) : String(this.k);
  }
}
