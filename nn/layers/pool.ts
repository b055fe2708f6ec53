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

/** What a pool with `return_indices` returns: the values, or the values and the indices. */
export type PoolResult<R extends boolean> = R extends true ? [Tensor, Tensor] : Tensor;

export interface MaxPoolOptions<R extends boolean = boolean> {
  stride?: IntOrList | null;
  padding?: IntOrList;
  dilation?: IntOrList;
  returnIndices?: R;
  ceilMode?: boolean;
}

/** MaxPool's arguments after kernel_size: PyTorch's order, or an options object. */
export type MaxPoolArgs<R extends boolean> =
  | [options?: MaxPoolOptions<R>]
  | [stride?: IntOrList | null, padding?: IntOrList, dilation?: IntOrList, returnIndices?: R, ceilMode?: boolean];

const MAX_POOL_NAMES = ['stride', 'padding', 'dilation', 'returnIndices', 'ceilMode'] as const;

abstract class MaxPoolNd<R extends boolean> extends Module {
  declare protected readonly spatial: number;
  // Declared, not defined: the constructor's assignments make them (see Linear).
  declare readonly kernelSize: IntOrList;
  declare readonly stride: IntOrList;
  declare readonly padding: IntOrList;
  declare readonly dilation: IntOrList;
  declare readonly returnIndices: R;
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

/** `MaxPool1d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)`. */
export class MaxPool1d<R extends boolean = false> extends MaxPoolNd<R> {
  constructor(kernelSize: IntOrList, ...args: MaxPoolArgs<R>) {
    super(1, kernelSize, args);
  }
}
/** `MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)`. */
export class MaxPool2d<R extends boolean = false> extends MaxPoolNd<R> {
  constructor(kernelSize: IntOrList, ...args: MaxPoolArgs<R>) {
    super(2, kernelSize, args);
  }
}
/** `MaxPool3d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)`. */
export class MaxPool3d<R extends boolean = false> extends MaxPoolNd<R> {
  constructor(kernelSize: IntOrList, ...args: MaxPoolArgs<R>) {
    super(3, kernelSize, args);
  }
}

export interface AvgPoolOptions {
  stride?: IntOrList | null;
  padding?: IntOrList;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  /** 2-D and 3-D only. */
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
  declare protected readonly spatial: number;
  // Declared, not defined: the constructor's assignments make them (see Linear).
  declare readonly kernelSize: IntOrList;
  declare readonly stride: IntOrList;
  declare readonly padding: IntOrList;
  declare readonly ceilMode: boolean;
  declare readonly countIncludePad: boolean;
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

  override forward(x: Tensor): Tensor {
    return avgPoolNd(this.spatial, x, this.kernelSize, this.stride, this.padding, this.ceilMode, this.countIncludePad, this.divisorOverride);
  }

  override extraRepr(): string {
    return `kernel_size=${pyIntOrTuple(this.kernelSize)}, stride=${pyIntOrTuple(this.stride)}, padding=${pyIntOrTuple(this.padding)}`;
  }
}

/**
 * `AvgPool1d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)`.
 * It stores its arguments as 1-tuples, so its repr shows `(3,)`.
 */
export class AvgPool1d extends AvgPoolNd {
  constructor(kernelSize: IntOrList, ...args: AvgPool1dArgs) {
    super(1, kernelSize, args);
  }
  override extraRepr(): string {
    const t = (v: IntOrList): string => pyTuple(ntuple('AvgPool1d', 'argument', v, 1));
    return `kernel_size=${t(this.kernelSize)}, stride=${t(this.stride)}, padding=${t(this.padding)}`;
  }
}
/** `AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)`. */
export class AvgPool2d extends AvgPoolNd {
  constructor(kernelSize: IntOrList, ...args: AvgPoolArgs) {
    super(2, kernelSize, args);
  }
}
/** `AvgPool3d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)`. */
export class AvgPool3d extends AvgPoolNd {
  constructor(kernelSize: IntOrList, ...args: AvgPoolArgs) {
    super(3, kernelSize, args);
  }
}

export interface LPPoolOptions {
  stride?: IntOrList | null;
  ceilMode?: boolean;
}

/** LPPool's arguments after kernel_size: PyTorch's order, or an options object. */
export type LPPoolArgs = [options?: LPPoolOptions] | [stride?: IntOrList | null, ceilMode?: boolean];

abstract class LPPoolNd extends Module {
  declare protected readonly spatial: number;
  declare readonly normType: number;
  declare readonly kernelSize: IntOrList;
  declare readonly stride: IntOrList | null;
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

  override forward(x: Tensor): Tensor {
    return lpPoolNd(this.spatial, x, this.normType, this.kernelSize, this.stride, this.ceilMode);
  }

  /** PyTorch formats the arguments as given: `norm_type=2`, `stride=None`. */
  override extraRepr(): string {
    const stride = this.stride === null ? 'None' : pyIntOrTuple(this.stride);
    return `norm_type=${String(this.normType)}, kernel_size=${pyIntOrTuple(this.kernelSize)}, stride=${stride}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/** `LPPool1d(norm_type, kernel_size, stride=None, ceil_mode=False)`. */
export class LPPool1d extends LPPoolNd {
  constructor(normType: number, kernelSize: IntOrList, ...args: LPPoolArgs) {
    super(1, normType, kernelSize, args);
  }
}
/** `LPPool2d(norm_type, kernel_size, stride=None, ceil_mode=False)`. */
export class LPPool2d extends LPPoolNd {
  constructor(normType: number, kernelSize: IntOrList, ...args: LPPoolArgs) {
    super(2, normType, kernelSize, args);
  }
}

type OutputSize = number | readonly (number | null)[];

abstract class AdaptivePoolNd extends Module {
  declare protected readonly spatial: number;
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
  override forward(x: Tensor): Tensor {
    return adaptiveAvgPoolNd(this.spatial, x, this.outputSize);
  }
}

/** `AdaptiveAvgPool1d(output_size)`. */
export class AdaptiveAvgPool1d extends AdaptiveAvgPoolNd {
  constructor(outputSize: OutputSize) {
    super(1, outputSize);
  }
}
/** `AdaptiveAvgPool2d(output_size)`; a null entry keeps the input's size. */
export class AdaptiveAvgPool2d extends AdaptiveAvgPoolNd {
  constructor(outputSize: OutputSize) {
    super(2, outputSize);
  }
}
/** `AdaptiveAvgPool3d(output_size)`; a null entry keeps the input's size. */
export class AdaptiveAvgPool3d extends AdaptiveAvgPoolNd {
  constructor(outputSize: OutputSize) {
    super(3, outputSize);
  }
}

export interface AdaptiveMaxPoolOptions<R extends boolean = boolean> {
  returnIndices?: R;
}

/** AdaptiveMaxPool's arguments after output_size: `return_indices`, or an options object. */
export type AdaptiveMaxPoolArgs<R extends boolean> = [options?: AdaptiveMaxPoolOptions<R>] | [returnIndices?: R];

abstract class AdaptiveMaxPoolNd<R extends boolean> extends AdaptivePoolNd {
  declare readonly returnIndices: R;
  protected constructor(spatial: number, outputSize: OutputSize, args: readonly unknown[]) {
    super(spatial, outputSize);
    this.returnIndices = (optionsFrom<AdaptiveMaxPoolOptions<R>>(args, ['returnIndices']).returnIndices ?? false) as R;
  }
  override forward(x: Tensor): PoolResult<R> {
    const r = adaptiveMaxPoolNdWithIndices(this.spatial, x, this.outputSize as AdaptiveOutputSize);
    return (this.returnIndices ? r : r[0]) as PoolResult<R>;
  }
}

/** `AdaptiveMaxPool1d(output_size, return_indices=False)`. */
export class AdaptiveMaxPool1d<R extends boolean = false> extends AdaptiveMaxPoolNd<R> {
  constructor(outputSize: OutputSize, ...args: AdaptiveMaxPoolArgs<R>) {
    super(1, outputSize, args);
  }
}
/** `AdaptiveMaxPool2d(output_size, return_indices=False)`; a null entry keeps the input's size. */
export class AdaptiveMaxPool2d<R extends boolean = false> extends AdaptiveMaxPoolNd<R> {
  constructor(outputSize: OutputSize, ...args: AdaptiveMaxPoolArgs<R>) {
    super(2, outputSize, args);
  }
}
/** `AdaptiveMaxPool3d(output_size, return_indices=False)`; a null entry keeps the input's size. */
export class AdaptiveMaxPool3d<R extends boolean = false> extends AdaptiveMaxPoolNd<R> {
  constructor(outputSize: OutputSize, ...args: AdaptiveMaxPoolArgs<R>) {
    super(3, outputSize, args);
  }
}

export interface MaxUnpoolOptions {
  stride?: IntOrList | null;
  padding?: IntOrList;
}

/** MaxUnpool's arguments after kernel_size: PyTorch's order, or an options object. */
export type MaxUnpoolArgs = [options?: MaxUnpoolOptions] | [stride?: IntOrList | null, padding?: IntOrList];

abstract class MaxUnpoolNd extends Module {
  declare protected readonly spatial: number;
  declare readonly kernelSize: number[];
  declare readonly stride: number[];
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

/** `MaxUnpool1d(kernel_size, stride=None, padding=0)`. */
export class MaxUnpool1d extends MaxUnpoolNd {
  constructor(kernelSize: IntOrList, ...args: MaxUnpoolArgs) {
    super(1, kernelSize, args);
  }
}
/** `MaxUnpool2d(kernel_size, stride=None, padding=0)`. */
export class MaxUnpool2d extends MaxUnpoolNd {
  constructor(kernelSize: IntOrList, ...args: MaxUnpoolArgs) {
    super(2, kernelSize, args);
  }
}
/** `MaxUnpool3d(kernel_size, stride=None, padding=0)`. */
export class MaxUnpool3d extends MaxUnpoolNd {
  constructor(kernelSize: IntOrList, ...args: MaxUnpoolArgs) {
    super(3, kernelSize, args);
  }
}
