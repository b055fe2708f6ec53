// BatchNorm1d/2d/3d, InstanceNorm1d/2d/3d, LayerNorm, GroupNorm,
// LocalResponseNorm, CrossMapLRN2d. Each takes PyTorch's arguments
// positionally, in PyTorch's order (`new BatchNorm2d(16, 1e-5, 0.1, false)`),
// or its optional ones as an options object (`new BatchNorm2d(16, { affine: false })`).

import { ArgumentError, ShapeError } from '../../core/errors.js';
import { pyTuple, type Shape } from '../../core/shape.js';
import { Parameter, Tensor } from '../../core/tensor.js';
import { add_ } from '../functional/elementwise.js';
import { batchNorm, crossMapLrn2d, groupNorm, instanceNorm, layerNorm, localResponseNorm } from '../functional/norm.js';
import { squeeze, unsqueeze } from '../functional/shape_ops.js';
import { floatArg, intArg } from '../functional/util.js';
import { Module } from '../module.js';
import { pyBool, pyFloat, pyOptionalFloat } from '../pyrepr.js';

export interface NormOptions {
  eps?: number;
  momentum?: number | null;
  affine?: boolean;
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
  declare readonly numFeatures: number;
  declare readonly eps: number;
  declare readonly momentum: number | null;
  declare readonly affine: boolean;
  declare readonly trackRunningStats: boolean;
  declare weight: Parameter | null;
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
  protected abstract readonly ranks: readonly number[];

  /** `(numFeatures, eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true)` or `(numFeatures, { eps, momentum, affine, trackRunningStats })`. */
  constructor(numFeatures: number, eps?: number | NormOptions, momentum?: number | null, affine?: boolean, trackRunningStats?: boolean) {
    super(numFeatures, normOptions(eps, momentum, affine, trackRunningStats), true, true);
  }

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

export class BatchNorm1d extends BatchNormNd {
  protected readonly ranks = [2, 3];
}
export class BatchNorm2d extends BatchNormNd {
  protected readonly ranks = [4];
}
export class BatchNorm3d extends BatchNormNd {
  protected readonly ranks = [5];
}

abstract class InstanceNormNd extends NormBase {
  protected abstract readonly spatial: number;

  /** `(numFeatures, eps = 1e-5, momentum = 0.1, affine = false, trackRunningStats = false)` or `(numFeatures, { eps, momentum, affine, trackRunningStats })`. */
  constructor(numFeatures: number, eps?: number | NormOptions, momentum?: number | null, affine?: boolean, trackRunningStats?: boolean) {
    super(numFeatures, normOptions(eps, momentum, affine, trackRunningStats), false, false);
  }

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

export class InstanceNorm1d extends InstanceNormNd {
  protected readonly spatial = 1;
}
export class InstanceNorm2d extends InstanceNormNd {
  protected readonly spatial = 2;
}
export class InstanceNorm3d extends InstanceNormNd {
  protected readonly spatial = 3;
}

export interface LayerNormOptions {
  eps?: number;
  elementwiseAffine?: boolean;
}

export interface GroupNormOptions {
  eps?: number;
  affine?: boolean;
}

export class LayerNorm extends Module {
  // Declared, not defined: the constructor's assignments make them (see Linear).
  declare readonly normalizedShape: Shape;
  declare readonly eps: number;
  declare readonly elementwiseAffine: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;

  /** `(normalizedShape, eps = 1e-5, elementwiseAffine = true)` or `(normalizedShape, { eps, elementwiseAffine })`. */
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

  override forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}

export class GroupNorm extends Module {
  // Declared, not defined: the constructor's assignments make them (see Linear).
  declare readonly numGroups: number;
  declare readonly numChannels: number;
  declare readonly eps: number;
  declare readonly affine: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;

  /** `(numGroups, numChannels, eps = 1e-5, affine = true)` or `(numGroups, numChannels, { eps, affine })`. */
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

export interface LocalResponseNormOptions {
  alpha?: number;
  beta?: number;
  k?: number;
}

/** LocalResponseNorm and CrossMapLRN2d: size, alpha, beta, k. */
abstract class LrnBase extends Module {
  declare readonly size: number;
  declare readonly alpha: number;
  declare readonly beta: number;
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

  protected kText(): string {
    return pyFloat(this.k);
  }
}

/** Traced as PyTorch 1.13 decomposes it (mul, pad, avg_pool2d/3d, view, pow, div); no counter handles these. */
export class LocalResponseNorm extends LrnBase {
  /** `(size, alpha = 1e-4, beta = 0.75, k = 1.0)` or `(size, { alpha, beta, k })`. */
  constructor(size: number, alpha?: number | LocalResponseNormOptions, beta?: number, k?: number) {
    super(size, alpha, beta, k);
  }
  override forward(x: Tensor): Tensor {
    return localResponseNorm(x, this.size, this.alpha, this.beta, this.k);
  }
}

/** A `torch.autograd.Function` in PyTorch: one `prim::PythonOp.CrossMapLRN2d` node (unsupported). 4-D input. */
export class CrossMapLRN2d extends LrnBase {
  /** `(size, alpha = 1e-4, beta = 0.75, k = 1)` or `(size, { alpha, beta, k })`. */
  constructor(size: number, alpha?: number | LocalResponseNormOptions, beta?: number, k?: number) {
    super(size, alpha, beta, k);
  }
  override forward(x: Tensor): Tensor {
    return crossMapLrn2d(x, this.size, this.alpha, this.beta, this.k);
  }
  protected override kText(): string {
    return this.kGiven ? pyFloat(this.k) : String(this.k);
  }
}
