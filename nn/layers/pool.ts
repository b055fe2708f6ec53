// MaxPool, AvgPool, LPPool, AdaptiveAvgPool/AdaptiveMaxPool and MaxUnpool in
// 1, 2 and 3 dimensions. Each takes PyTorch's arguments positionally, in
// PyTorch's order, or as an options object.

import { ntuple, pyTuple } from '../../core/shape.js';
import type { IntLike, Tensor } from '../../core/tensor.js';
import {
  adaptiveAvgPoolNd,
  adaptiveMaxPoolNdWithIndices,
  adaptiveSizes,
  avgPoolNd,
  lpPoolNd,
  maxPoolNd,
  maxPoolNdWithIndices,
  maxUnpoolNd,
  poolWindow,
  type AdaptiveOutputSize,
} from '../functional/pool.js';
import { Module } from '../module.js';
import { pyBool, pyIntOrTuple } from '../pyrepr.js';
import { optionsFrom } from './args.js';

type IntOrList = number | readonly number[];

/**
 * What a pool with `return_indices` returns: the values, or the values and the indices.
 * @typeParam R - The pool's `returnIndices`.
 */
export type PoolResult<R extends boolean> = R extends true ? [Tensor, Tensor] : Tensor;

/**
 * MaxPool1d/2d/3d's arguments after kernel_size, by name (PyTorch's keyword arguments).
 * @typeParam R - `returnIndices`, which sets what `forward` returns.
 */
export interface MaxPoolOptions<R extends boolean = boolean> {
  /** An int or one per spatial dimension; null (the default) is kernel_size. */
  stride?: IntOrList | null;
  /** Implicit -inf padding on both sides, at most half the kernel size. Default 0. */
  padding?: IntOrList;
  /** Spacing between window elements. Default 1. */
  dilation?: IntOrList;
  /** Whether `forward` returns the indices of the maxima too. Default false. */
  returnIndices?: R;
  /** Whether to round the output size up rather than down. Default false. */
  ceilMode?: boolean;
}

/** MaxPool's arguments after kernel_size: PyTorch's order, or an options object. */
export type MaxPoolArgs<R extends boolean> =
  | [options?: MaxPoolOptions<R>]
  | [stride?: IntOrList | null, padding?: IntOrList, dilation?: IntOrList, returnIndices?: R, ceilMode?: boolean];

const MAX_POOL_NAMES = ['stride', 'padding', 'dilation', 'returnIndices', 'ceilMode'] as const;

abstract class MaxPoolNd<R extends boolean> extends Module {
  /** 1, 2 or 3. */
  declare protected readonly spatial: number;
  // Declared, not defined: the constructor's assignments make them (see Linear).
  /** PyTorch's `kernel_size`, as given. */
  declare readonly kernelSize: IntOrList;
  /** PyTorch's `stride`, as given (kernel_size when not given). */
  declare readonly stride: IntOrList;
  /** PyTorch's `padding`, as given. */
  declare readonly padding: IntOrList;
  /** PyTorch's `dilation`, as given. */
  declare readonly dilation: IntOrList;
  /** PyTorch's `return_indices`. */
  declare readonly returnIndices: R;
  /** PyTorch's `ceil_mode`. */
  declare readonly ceilMode: boolean;

  protected constructor(spatial: number, kernelSize: IntOrList, args: readonly unknown[]) {
    super();
    const options = optionsFrom<MaxPoolOptions<R>>(args, MAX_POOL_NAMES);
    const stride = options.stride ?? kernelSize;
    const padding = options.padding ?? 0;
    const dilation = options.dilation ?? 1;
    // Checked here, not first in forward as PyTorch does: a layer built with
    // one of these could never run.
    poolWindow(this.typeName(), spatial, kernelSize, stride, padding, dilation);
    this.spatial = spatial;
    this.kernelSize = kernelSize;
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
    this.returnIndices = (options.returnIndices ?? false) as R;
    this.ceilMode = options.ceilMode ?? false;
  }

  /** The pooled `x` [N, C, ...spatial] (or [C, ...spatial]); with `returnIndices`, [values, indices]. */
  override forward(x: Tensor): PoolResult<R> {
    if (this.returnIndices) {
      return maxPoolNdWithIndices(this.spatial, x, this.kernelSize, this.stride, this.padding, this.dilation, this.ceilMode) as PoolResult<R>;
    }
    return maxPoolNd(this.spatial, x, this.kernelSize, this.stride, this.padding, this.dilation, this.ceilMode) as PoolResult<R>;
  }

  override extraRepr(): string {
    return `kernel_size=${pyIntOrTuple(this.kernelSize)}, stride=${pyIntOrTuple(this.stride)}, padding=${pyIntOrTuple(this.padding)}, dilation=${pyIntOrTuple(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/**
 * `torch.nn.MaxPool1d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)`
 * on input [N, C, L] or [C, L]. No parameters. Traces `aten::max_pool1d`
 * (`aten::max_pool1d_with_indices` with `returnIndices`).
 *
 * @typeParam R - `returnIndices`: with true, `forward` returns [values, indices].
 */
export class MaxPool1d<R extends boolean = false> extends MaxPoolNd<R> {
  static override readonly typeName: string = 'MaxPool1d';
  /**
   * `new nn.MaxPool1d(3, 2)` or `new nn.MaxPool1d(3, { stride: 2, ceilMode: true })`.
   * @param kernelSize - The window: an int or one per spatial dimension.
   * @param args - `stride=kernelSize, padding=0, dilation=1, returnIndices=false, ceilMode=false` in PyTorch's order, or one {@link MaxPoolOptions} object.
   */
  constructor(kernelSize: IntOrList, ...args: MaxPoolArgs<R>) {
    super(1, kernelSize, args);
  }
}
/**
 * `torch.nn.MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)`
 * on input [N, C, H, W] or [C, H, W]. No parameters. Traces `aten::max_pool2d`
 * (`aten::max_pool2d_with_indices` with `returnIndices`).
 *
 * @typeParam R - `returnIndices`: with true, `forward` returns [values, indices].
 */
export class MaxPool2d<R extends boolean = false> extends MaxPoolNd<R> {
  static override readonly typeName: string = 'MaxPool2d';
  /**
   * `new nn.MaxPool2d(3, 2, 1)` or `new nn.MaxPool2d(3, { stride: 2, padding: 1 })`.
   * @param kernelSize - The window: an int or one per spatial dimension.
   * @param args - `stride=kernelSize, padding=0, dilation=1, returnIndices=false, ceilMode=false` in PyTorch's order, or one {@link MaxPoolOptions} object.
   */
  constructor(kernelSize: IntOrList, ...args: MaxPoolArgs<R>) {
    super(2, kernelSize, args);
  }
}
/**
 * `torch.nn.MaxPool3d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)`
 * on input [N, C, D, H, W] or [C, D, H, W]. No parameters. Traces `aten::max_pool3d`
 * (`aten::max_pool3d_with_indices` with `returnIndices`).
 *
 * @typeParam R - `returnIndices`: with true, `forward` returns [values, indices].
 */
export class MaxPool3d<R extends boolean = false> extends MaxPoolNd<R> {
  static override readonly typeName: string = 'MaxPool3d';
  /**
   * `new nn.MaxPool3d(3, 2)` or `new nn.MaxPool3d([3, 2, 2], { stride: [2, 1, 2] })`.
   * @param kernelSize - The window: an int or one per spatial dimension.
   * @param args - `stride=kernelSize, padding=0, dilation=1, returnIndices=false, ceilMode=false` in PyTorch's order, or one {@link MaxPoolOptions} object.
   */
  constructor(kernelSize: IntOrList, ...args: MaxPoolArgs<R>) {
    super(3, kernelSize, args);
  }
}

/** AvgPool1d/2d/3d's arguments after kernel_size, by name (PyTorch's keyword arguments). */
export interface AvgPoolOptions {
  /** An int or one per spatial dimension; null (the default) is kernel_size. */
  stride?: IntOrList | null;
  /** Implicit zero padding on both sides, at most half the kernel size. Default 0. */
  padding?: IntOrList;
  /** Whether to round the output size up rather than down. Default false. */
  ceilMode?: boolean;
  /** Whether the padding zeros count in the average's divisor. Default true. */
  countIncludePad?: boolean;
  /** A divisor to use instead of the window's size; null (the default) for none. 2-D and 3-D only. */
  divisorOverride?: number | null;
}

/** AvgPool1d's arguments after kernel_size: PyTorch's order, or an options object. */
export type AvgPool1dArgs =
  | [options?: Omit<AvgPoolOptions, 'divisorOverride'>]
  | [stride?: IntOrList | null, padding?: IntOrList, ceilMode?: boolean, countIncludePad?: boolean];
/** AvgPool2d/3d's arguments after kernel_size: PyTorch's order, or an options object. */
export type AvgPoolArgs =
  | [options?: AvgPoolOptions]
  | [stride?: IntOrList | null, padding?: IntOrList, ceilMode?: boolean, countIncludePad?: boolean, divisorOverride?: number | null];

const AVG_POOL_NAMES = ['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'] as const;

abstract class AvgPoolNd extends Module {
  /** 1, 2 or 3. */
  declare protected readonly spatial: number;
  // Declared, not defined: the constructor's assignments make them (see Linear).
  /** PyTorch's `kernel_size`, as given. */
  declare readonly kernelSize: IntOrList;
  /** PyTorch's `stride`, as given (kernel_size when not given). */
  declare readonly stride: IntOrList;
  /** PyTorch's `padding`, as given. */
  declare readonly padding: IntOrList;
  /** PyTorch's `ceil_mode`. */
  declare readonly ceilMode: boolean;
  /** PyTorch's `count_include_pad`. */
  declare readonly countIncludePad: boolean;
  /** PyTorch's `divisor_override` (always null for AvgPool1d). */
  declare readonly divisorOverride: number | null;

  protected constructor(spatial: number, kernelSize: IntOrList, args: readonly unknown[]) {
    super();
    const options = optionsFrom<AvgPoolOptions>(args, AVG_POOL_NAMES);
    const stride = options.stride ?? kernelSize;
    const padding = options.padding ?? 0;
    poolWindow(this.typeName(), spatial, kernelSize, stride, padding, 1);
    const divisorOverride = spatial === 1 ? null : (options.divisorOverride ?? null);
    this.spatial = spatial;
    this.kernelSize = kernelSize;
    this.stride = stride;
    this.padding = padding;
    this.ceilMode = options.ceilMode ?? false;
    this.countIncludePad = options.countIncludePad ?? true;
    this.divisorOverride = divisorOverride;
  }

  /** The averaged `x` [N, C, ...spatial] (or [C, ...spatial]). */
  override forward(x: Tensor): Tensor {
    return avgPoolNd(this.spatial, x, this.kernelSize, this.stride, this.padding, this.ceilMode, this.countIncludePad, this.divisorOverride);
  }

  override extraRepr(): string {
    return `kernel_size=${pyIntOrTuple(this.kernelSize)}, stride=${pyIntOrTuple(this.stride)}, padding=${pyIntOrTuple(this.padding)}`;
  }
}

/**
 * `torch.nn.AvgPool1d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)` on input
 * [N, C, L] or [C, L]. No parameters. Traces `aten::avg_pool1d`. It stores its arguments as 1-tuples, so its
 * repr shows `(3,)`.
 */
export class AvgPool1d extends AvgPoolNd {
  static override readonly typeName: string = 'AvgPool1d';
  /**
   * `new nn.AvgPool1d(3, 2)` or `new nn.AvgPool1d(3, { stride: 2, countIncludePad: false })`.
   * @param kernelSize - The window: an int or a list of one.
   * @param args - `stride=kernelSize, padding=0, ceilMode=false, countIncludePad=true` in PyTorch's order, or one {@link AvgPoolOptions} object (without `divisorOverride`).
   */
  constructor(kernelSize: IntOrList, ...args: AvgPool1dArgs) {
    super(1, kernelSize, args);
  }
  /** `kernel_size`, `stride` and `padding` as 1-tuples, as PyTorch stores them. */
  override extraRepr(): string {
    const t = (v: IntOrList): string => pyTuple(ntuple('AvgPool1d', 'argument', v, 1));
    return `kernel_size=${t(this.kernelSize)}, stride=${t(this.stride)}, padding=${t(this.padding)}`;
  }
}
/**
 * `torch.nn.AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)`
 * on input [N, C, H, W] or [C, H, W]. No parameters. Traces `aten::avg_pool2d`.
 */
export class AvgPool2d extends AvgPoolNd {
  static override readonly typeName: string = 'AvgPool2d';
  /**
   * `new nn.AvgPool2d(3, 2)` or `new nn.AvgPool2d(3, { stride: 2, countIncludePad: false })`.
   * @param kernelSize - The window: an int or one per spatial dimension.
   * @param args - `stride=kernelSize, padding=0, ceilMode=false, countIncludePad=true, divisorOverride=null` in PyTorch's order, or one {@link AvgPoolOptions} object.
   */
  constructor(kernelSize: IntOrList, ...args: AvgPoolArgs) {
    super(2, kernelSize, args);
  }
}
/**
 * `torch.nn.AvgPool3d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)`
 * on input [N, C, D, H, W] or [C, D, H, W]. No parameters. Traces `aten::avg_pool3d`.
 */
export class AvgPool3d extends AvgPoolNd {
  static override readonly typeName: string = 'AvgPool3d';
  /**
   * `new nn.AvgPool3d(3, 2)` or `new nn.AvgPool3d([3, 2, 2], { stride: [2, 1, 2] })`.
   * @param kernelSize - The window: an int or one per spatial dimension.
   * @param args - `stride=kernelSize, padding=0, ceilMode=false, countIncludePad=true, divisorOverride=null` in PyTorch's order, or one {@link AvgPoolOptions} object.
   */
  constructor(kernelSize: IntOrList, ...args: AvgPoolArgs) {
    super(3, kernelSize, args);
  }
}

/** LPPool1d/2d's arguments after kernel_size, by name (PyTorch's keyword arguments). */
export interface LPPoolOptions {
  /** An int or one per spatial dimension; null (the default) is kernel_size. */
  stride?: IntOrList | null;
  /** Whether to round the output size up rather than down. Default false. */
  ceilMode?: boolean;
}

/** LPPool's arguments after kernel_size: PyTorch's order, or an options object. */
export type LPPoolArgs = [options?: LPPoolOptions] | [stride?: IntOrList | null, ceilMode?: boolean];

abstract class LPPoolNd extends Module {
  /** 1 or 2. */
  declare protected readonly spatial: number;
  /** PyTorch's `norm_type`: the power p. */
  declare readonly normType: number;
  /** PyTorch's `kernel_size`, as given. */
  declare readonly kernelSize: IntOrList;
  /** PyTorch's `stride`, as given (null: kernel_size). */
  declare readonly stride: IntOrList | null;
  /** PyTorch's `ceil_mode`. */
  declare readonly ceilMode: boolean;

  protected constructor(spatial: number, normType: number, kernelSize: IntOrList, args: readonly unknown[]) {
    super();
    const options = optionsFrom<LPPoolOptions>(args, ['stride', 'ceilMode']);
    const stride = options.stride ?? null;
    poolWindow(this.typeName(), spatial, kernelSize, stride, 0, 1);
    this.spatial = spatial;
    this.normType = normType;
    this.kernelSize = kernelSize;
    this.stride = stride;
    this.ceilMode = options.ceilMode ?? false;
  }

  /** The power-average pooled `x`. */
  override forward(x: Tensor): Tensor {
    return lpPoolNd(this.spatial, x, this.normType, this.kernelSize, this.stride, this.ceilMode);
  }

  /** PyTorch formats the arguments as given: `norm_type=2`, `stride=None`. */
  override extraRepr(): string {
    const stride = this.stride === null ? 'None' : pyIntOrTuple(this.stride);
    return `norm_type=${String(this.normType)}, kernel_size=${pyIntOrTuple(this.kernelSize)}, stride=${stride}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/**
 * `torch.nn.LPPool1d(norm_type, kernel_size, stride=None, ceil_mode=False)`: (sum over the window of x^p)^(1/p)
 * on input [N, C, L]. No parameters. Traced as PyTorch 1.13 writes it: `aten::pow`, `aten::avg_pool1d`,
 * `aten::sign`, `aten::abs`, `aten::relu`, two `aten::mul` and `aten::pow`.
 */
export class LPPool1d extends LPPoolNd {
  static override readonly typeName: string = 'LPPool1d';
  /**
   * `new nn.LPPool1d(2, 3, 2)` or `new nn.LPPool1d(2, 3, { stride: 2 })`.
   * @param normType - The power p (non-zero).
   * @param kernelSize - The window: an int or one per spatial dimension.
   * @param args - `stride=kernelSize, ceilMode=false` in PyTorch's order, or one {@link LPPoolOptions} object.
   */
  constructor(normType: number, kernelSize: IntOrList, ...args: LPPoolArgs) {
    super(1, normType, kernelSize, args);
  }
}
/**
 * `torch.nn.LPPool2d(norm_type, kernel_size, stride=None, ceil_mode=False)`: (sum over the window of x^p)^(1/p)
 * on input [N, C, H, W]. No parameters. Traced as PyTorch 1.13 writes it: `aten::pow`, `aten::avg_pool2d`,
 * `aten::sign`, `aten::abs`, `aten::relu`, two `aten::mul` and `aten::pow`.
 */
export class LPPool2d extends LPPoolNd {
  static override readonly typeName: string = 'LPPool2d';
  /**
   * `new nn.LPPool2d(2, 3, 2)` or `new nn.LPPool2d(2, 3, { stride: 2 })`.
   * @param normType - The power p (non-zero).
   * @param kernelSize - The window: an int or one per spatial dimension.
   * @param args - `stride=kernelSize, ceilMode=false` in PyTorch's order, or one {@link LPPoolOptions} object.
   */
  constructor(normType: number, kernelSize: IntOrList, ...args: LPPoolArgs) {
    super(2, normType, kernelSize, args);
  }
}

type OutputSize = number | readonly (number | null)[];

abstract class AdaptivePoolNd extends Module {
  /** 1, 2 or 3. */
  declare protected readonly spatial: number;
  /** PyTorch's `output_size`, as given (a null entry keeps the input's size). */
  declare readonly outputSize: OutputSize;
  protected constructor(spatial: number, outputSize: OutputSize) {
    super();
    adaptiveSizes(this.typeName(), spatial, outputSize);
    this.spatial = spatial;
    this.outputSize = outputSize;
  }
  override extraRepr(): string {
    return `output_size=${pyIntOrTuple(this.outputSize)}`;
  }
}

abstract class AdaptiveAvgPoolNd extends AdaptivePoolNd {
  /** `x` [N, C, ...spatial] (or [C, ...spatial]) averaged to `outputSize`. */
  override forward(x: Tensor): Tensor {
    return adaptiveAvgPoolNd(this.spatial, x, this.outputSize);
  }
}

/**
 * `torch.nn.AdaptiveAvgPool1d(output_size)` on input [N, C, L] or [C, L]. No parameters.
 * Traces `aten::adaptive_avg_pool1d`.
 */
export class AdaptiveAvgPool1d extends AdaptiveAvgPoolNd {
  static override readonly typeName: string = 'AdaptiveAvgPool1d';
  /**
   * `new nn.AdaptiveAvgPool1d(5)`.
   * @param outputSize - The output's spatial size: an int, or one per spatial dimension.
   */
  constructor(outputSize: OutputSize) {
    super(1, outputSize);
  }
}
/**
 * `torch.nn.AdaptiveAvgPool2d(output_size)` on input [N, C, H, W] or [C, H, W]; a null entry of `outputSize` keeps the input's size. No parameters.
 * Traces `aten::adaptive_avg_pool2d`.
 */
export class AdaptiveAvgPool2d extends AdaptiveAvgPoolNd {
  static override readonly typeName: string = 'AdaptiveAvgPool2d';
  /**
   * `new nn.AdaptiveAvgPool2d([1, 1])`.
   * @param outputSize - The output's spatial size: an int, or one per spatial dimension (null keeps the input's).
   */
  constructor(outputSize: OutputSize) {
    super(2, outputSize);
  }
}
/**
 * `torch.nn.AdaptiveAvgPool3d(output_size)` on input [N, C, D, H, W] or [C, D, H, W]; a null entry of `outputSize` keeps the input's size. No parameters.
 * Traces `aten::adaptive_avg_pool3d`.
 */
export class AdaptiveAvgPool3d extends AdaptiveAvgPoolNd {
  static override readonly typeName: string = 'AdaptiveAvgPool3d';
  /**
   * `new nn.AdaptiveAvgPool3d([5, 7, null])`.
   * @param outputSize - The output's spatial size: an int, or one per spatial dimension (null keeps the input's).
   */
  constructor(outputSize: OutputSize) {
    super(3, outputSize);
  }
}

/**
 * AdaptiveMaxPool1d/2d/3d's argument after output_size, by name.
 * @typeParam R - `returnIndices`, which sets what `forward` returns.
 */
export interface AdaptiveMaxPoolOptions<R extends boolean = boolean> {
  /** Whether `forward` returns the indices of the maxima too. Default false. */
  returnIndices?: R;
}

/** AdaptiveMaxPool's arguments after output_size: `return_indices`, or an options object. */
export type AdaptiveMaxPoolArgs<R extends boolean> = [options?: AdaptiveMaxPoolOptions<R>] | [returnIndices?: R];

abstract class AdaptiveMaxPoolNd<R extends boolean> extends AdaptivePoolNd {
  /** PyTorch's `return_indices`. */
  declare readonly returnIndices: R;
  protected constructor(spatial: number, outputSize: OutputSize, args: readonly unknown[]) {
    super(spatial, outputSize);
    this.returnIndices = (optionsFrom<AdaptiveMaxPoolOptions<R>>(args, ['returnIndices']).returnIndices ?? false) as R;
  }
  /** `x` [N, C, ...spatial] (or [C, ...spatial]) max-pooled to `outputSize`; with `returnIndices`, [values, indices]. */
  override forward(x: Tensor): PoolResult<R> {
    const r = adaptiveMaxPoolNdWithIndices(this.spatial, x, this.outputSize as AdaptiveOutputSize);
    return (this.returnIndices ? r : r[0]) as PoolResult<R>;
  }
}

/**
 * `torch.nn.AdaptiveMaxPool1d(output_size, return_indices=False)` on input [N, C, L] or [C, L].
 * No parameters. Traces `aten::adaptive_max_pool1d` (one op, which gives the indices too).
 *
 * @typeParam R - `returnIndices`: with true, `forward` returns [values, indices].
 */
export class AdaptiveMaxPool1d<R extends boolean = false> extends AdaptiveMaxPoolNd<R> {
  static override readonly typeName: string = 'AdaptiveMaxPool1d';
  /**
   * `new nn.AdaptiveMaxPool1d(5)`, `new nn.AdaptiveMaxPool1d(5, true)` or `new nn.AdaptiveMaxPool1d(5, { returnIndices: true })`.
   * @param outputSize - The output's spatial size: an int, or one per spatial dimension.
   * @param args - `returnIndices=false`, or one {@link AdaptiveMaxPoolOptions} object.
   */
  constructor(outputSize: OutputSize, ...args: AdaptiveMaxPoolArgs<R>) {
    super(1, outputSize, args);
  }
}
/**
 * `torch.nn.AdaptiveMaxPool2d(output_size, return_indices=False)` on input [N, C, H, W] or [C, H, W]; a null entry of `outputSize` keeps the input's size.
 * No parameters. Traces `aten::adaptive_max_pool2d` (one op, which gives the indices too).
 *
 * @typeParam R - `returnIndices`: with true, `forward` returns [values, indices].
 */
export class AdaptiveMaxPool2d<R extends boolean = false> extends AdaptiveMaxPoolNd<R> {
  static override readonly typeName: string = 'AdaptiveMaxPool2d';
  /**
   * `new nn.AdaptiveMaxPool2d([1, 1])`, `new nn.AdaptiveMaxPool2d([1, 1], true)` or `new nn.AdaptiveMaxPool2d([1, 1], { returnIndices: true })`.
   * @param outputSize - The output's spatial size: an int, or one per spatial dimension (null keeps the input's).
   * @param args - `returnIndices=false`, or one {@link AdaptiveMaxPoolOptions} object.
   */
  constructor(outputSize: OutputSize, ...args: AdaptiveMaxPoolArgs<R>) {
    super(2, outputSize, args);
  }
}
/**
 * `torch.nn.AdaptiveMaxPool3d(output_size, return_indices=False)` on input [N, C, D, H, W] or [C, D, H, W]; a null entry of `outputSize` keeps the input's size.
 * No parameters. Traces `aten::adaptive_max_pool3d` (one op, which gives the indices too).
 *
 * @typeParam R - `returnIndices`: with true, `forward` returns [values, indices].
 */
export class AdaptiveMaxPool3d<R extends boolean = false> extends AdaptiveMaxPoolNd<R> {
  static override readonly typeName: string = 'AdaptiveMaxPool3d';
  /**
   * `new nn.AdaptiveMaxPool3d([5, 7, null])`, `new nn.AdaptiveMaxPool3d([5, 7, null], true)` or `new nn.AdaptiveMaxPool3d([5, 7, null], { returnIndices: true })`.
   * @param outputSize - The output's spatial size: an int, or one per spatial dimension (null keeps the input's).
   * @param args - `returnIndices=false`, or one {@link AdaptiveMaxPoolOptions} object.
   */
  constructor(outputSize: OutputSize, ...args: AdaptiveMaxPoolArgs<R>) {
    super(3, outputSize, args);
  }
}

/** MaxUnpool1d/2d/3d's arguments after kernel_size, by name (PyTorch's keyword arguments). */
export interface MaxUnpoolOptions {
  /** An int or one per spatial dimension; null (the default) is kernel_size. */
  stride?: IntOrList | null;
  /** The max pool's padding. Default 0. */
  padding?: IntOrList;
}

/** MaxUnpool's arguments after kernel_size: PyTorch's order, or an options object. */
export type MaxUnpoolArgs = [options?: MaxUnpoolOptions] | [stride?: IntOrList | null, padding?: IntOrList];

abstract class MaxUnpoolNd extends Module {
  /** 1, 2 or 3. */
  declare protected readonly spatial: number;
  /** PyTorch's `kernel_size`: one per spatial dimension. */
  declare readonly kernelSize: number[];
  /** PyTorch's `stride`: one per spatial dimension (kernel_size when not given). */
  declare readonly stride: number[];
  /** PyTorch's `padding`: one per spatial dimension. */
  declare readonly padding: number[];
  protected constructor(spatial: number, kernelSize: IntOrList, args: readonly unknown[]) {
    super();
    const options = optionsFrom<MaxUnpoolOptions>(args, ['stride', 'padding']);
    const name = this.typeName();
    const stride = options.stride ?? kernelSize;
    poolWindow(name, spatial, kernelSize, stride, 0, 1);
    this.spatial = spatial;
    // PyTorch stores `_single/_pair/_triple` of each.
    this.kernelSize = ntuple(name, 'kernel_size', kernelSize, spatial);
    this.stride = ntuple(name, 'stride', stride, spatial);
    this.padding = ntuple(name, 'padding', options.padding ?? 0, spatial);
  }
  /** `forward(input, indices, output_size=None)`; `outputSize` may hold traced sizes. */
  override forward(x: Tensor, indices: Tensor, outputSize: readonly IntLike[] | null = null): Tensor {
    return maxUnpoolNd(this.spatial, x, indices, this.kernelSize, this.stride, this.padding, outputSize);
  }
  override extraRepr(): string {
    return `kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}, padding=${pyTuple(this.padding)}`;
  }
}

/**
 * `torch.nn.MaxUnpool1d(kernel_size, stride=None, padding=0)`: puts each value of the input at its index
 * (from MaxPool1d with `returnIndices`) in a zero output. No parameters. Traces `aten::max_unpool2d` (between an `aten::unsqueeze` of the input and of the indices and an `aten::squeeze`, as PyTorch 1.13),
 * after the default output size's traced arithmetic (aten::size, sub, mul, add, sub).
 */
export class MaxUnpool1d extends MaxUnpoolNd {
  static override readonly typeName: string = 'MaxUnpool1d';
  /**
   * `new nn.MaxUnpool1d(2)`, `new nn.MaxUnpool1d(2, 2)` or `new nn.MaxUnpool1d(2, { stride: 2 })`.
   * @param kernelSize - The max pool's window: an int or one per spatial dimension.
   * @param args - `stride=kernelSize, padding=0` in PyTorch's order, or one {@link MaxUnpoolOptions} object.
   */
  constructor(kernelSize: IntOrList, ...args: MaxUnpoolArgs) {
    super(1, kernelSize, args);
  }
}
/**
 * `torch.nn.MaxUnpool2d(kernel_size, stride=None, padding=0)`: puts each value of the input at its index
 * (from MaxPool2d with `returnIndices`) in a zero output. No parameters. Traces `aten::max_unpool2d`,
 * after the default output size's traced arithmetic (aten::size, sub, mul, add, sub).
 */
export class MaxUnpool2d extends MaxUnpoolNd {
  static override readonly typeName: string = 'MaxUnpool2d';
  /**
   * `new nn.MaxUnpool2d(2)`, `new nn.MaxUnpool2d(2, 2)` or `new nn.MaxUnpool2d(2, { stride: 2 })`.
   * @param kernelSize - The max pool's window: an int or one per spatial dimension.
   * @param args - `stride=kernelSize, padding=0` in PyTorch's order, or one {@link MaxUnpoolOptions} object.
   */
  constructor(kernelSize: IntOrList, ...args: MaxUnpoolArgs) {
    super(2, kernelSize, args);
  }
}
/**
 * `torch.nn.MaxUnpool3d(kernel_size, stride=None, padding=0)`: puts each value of the input at its index
 * (from MaxPool3d with `returnIndices`) in a zero output. No parameters. Traces `aten::max_unpool3d`,
 * after the default output size's traced arithmetic (aten::size, sub, mul, add, sub).
 */
export class MaxUnpool3d extends MaxUnpoolNd {
  static override readonly typeName: string = 'MaxUnpool3d';
  /**
   * `new nn.MaxUnpool3d(2)`, `new nn.MaxUnpool3d(2, 2)` or `new nn.MaxUnpool3d(2, { stride: 2 })`.
   * @param kernelSize - The max pool's window: an int or one per spatial dimension.
   * @param args - `stride=kernelSize, padding=0` in PyTorch's order, or one {@link MaxUnpoolOptions} object.
   */
  constructor(kernelSize: IntOrList, ...args: MaxUnpoolArgs) {
    super(3, kernelSize, args);
  }
}
