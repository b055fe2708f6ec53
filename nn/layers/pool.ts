// MaxPool, AvgPool and AdaptiveAvgPool/AdaptiveMaxPool in 1, 2 and 3 dimensions.

import { ntuple, pyTuple } from '../../core/shape.js';
import type { Tensor } from '../../core/tensor.js';
import { adaptiveAvgPoolNd, adaptiveMaxPoolNd, adaptiveSizes, avgPoolNd, maxPoolNd, poolWindow } from '../functional/pool.js';
import { Module } from '../module.js';
import { pyBool, pyIntOrTuple } from '../pyrepr.js';

type IntOrList = number | readonly number[];

export interface MaxPoolOptions {
  stride?: IntOrList | null;
  padding?: IntOrList;
  dilation?: IntOrList;
  ceilMode?: boolean;
}

abstract class MaxPoolNd extends Module {
  declare protected readonly spatial: number;
  // Declared, not defined: the constructor's assignments make them (see Linear).
  declare readonly kernelSize: IntOrList;
  declare readonly stride: IntOrList;
  declare readonly padding: IntOrList;
  declare readonly dilation: IntOrList;
  declare readonly ceilMode: boolean;

  protected constructor(spatial: number, kernelSize: IntOrList, options: MaxPoolOptions) {
    super();
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
    this.ceilMode = options.ceilMode ?? false;
  }

  override forward(x: Tensor): Tensor {
    return maxPoolNd(this.spatial, x, this.kernelSize, this.stride, this.padding, this.dilation, this.ceilMode);
  }

  override extraRepr(): string {
    return `kernel_size=${pyIntOrTuple(this.kernelSize)}, stride=${pyIntOrTuple(this.stride)}, padding=${pyIntOrTuple(this.padding)}, dilation=${pyIntOrTuple(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

export class MaxPool1d extends MaxPoolNd {
  constructor(kernelSize: IntOrList, options: MaxPoolOptions = {}) {
    super(1, kernelSize, options);
  }
}
export class MaxPool2d extends MaxPoolNd {
  constructor(kernelSize: IntOrList, options: MaxPoolOptions = {}) {
    super(2, kernelSize, options);
  }
}
export class MaxPool3d extends MaxPoolNd {
  constructor(kernelSize: IntOrList, options: MaxPoolOptions = {}) {
    super(3, kernelSize, options);
  }
}

export interface AvgPoolOptions {
  stride?: IntOrList | null;
  padding?: IntOrList;
  ceilMode?: boolean;
  countIncludePad?: boolean;
}

abstract class AvgPoolNd extends Module {
  declare protected readonly spatial: number;
  // Declared, not defined: the constructor's assignments make them (see Linear).
  declare readonly kernelSize: IntOrList;
  declare readonly stride: IntOrList;
  declare readonly padding: IntOrList;
  declare readonly ceilMode: boolean;
  declare readonly countIncludePad: boolean;

  protected constructor(spatial: number, kernelSize: IntOrList, options: AvgPoolOptions) {
    super();
    const stride = options.stride ?? kernelSize;
    const padding = options.padding ?? 0;
    poolWindow(this.typeName(), spatial, kernelSize, stride, padding, 1);
    this.spatial = spatial;
    this.kernelSize = kernelSize;
    this.stride = stride;
    this.padding = padding;
    this.ceilMode = options.ceilMode ?? false;
    this.countIncludePad = options.countIncludePad ?? true;
  }

  override forward(x: Tensor): Tensor {
    return avgPoolNd(this.spatial, x, this.kernelSize, this.stride, this.padding, this.ceilMode);
  }

  override extraRepr(): string {
    return `kernel_size=${pyIntOrTuple(this.kernelSize)}, stride=${pyIntOrTuple(this.stride)}, padding=${pyIntOrTuple(this.padding)}`;
  }
}

/** AvgPool1d stores its arguments as 1-tuples, so its repr shows `(3,)`. */
export class AvgPool1d extends AvgPoolNd {
  constructor(kernelSize: IntOrList, options: AvgPoolOptions = {}) {
    super(1, kernelSize, options);
  }
  override extraRepr(): string {
    const t = (v: IntOrList): string => pyTuple(ntuple('AvgPool1d', 'argument', v, 1));
    return `kernel_size=${t(this.kernelSize)}, stride=${t(this.stride)}, padding=${t(this.padding)}`;
  }
}
export class AvgPool2d extends AvgPoolNd {
  constructor(kernelSize: IntOrList, options: AvgPoolOptions = {}) {
    super(2, kernelSize, options);
  }
}
export class AvgPool3d extends AvgPoolNd {
  constructor(kernelSize: IntOrList, options: AvgPoolOptions = {}) {
    super(3, kernelSize, options);
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

export class AdaptiveAvgPool1d extends AdaptiveAvgPoolNd {
  constructor(outputSize: OutputSize) {
    super(1, outputSize);
  }
}
export class AdaptiveAvgPool2d extends AdaptiveAvgPoolNd {
  constructor(outputSize: OutputSize) {
    super(2, outputSize);
  }
}
export class AdaptiveAvgPool3d extends AdaptiveAvgPoolNd {
  constructor(outputSize: OutputSize) {
    super(3, outputSize);
  }
}

abstract class AdaptiveMaxPoolNd extends AdaptivePoolNd {
  override forward(x: Tensor): Tensor {
    return adaptiveMaxPoolNd(this.spatial, x, this.outputSize);
  }
}

export class AdaptiveMaxPool1d extends AdaptiveMaxPoolNd {
  constructor(outputSize: OutputSize) {
    super(1, outputSize);
  }
}
export class AdaptiveMaxPool2d extends AdaptiveMaxPoolNd {
  constructor(outputSize: OutputSize) {
    super(2, outputSize);
  }
}
export class AdaptiveMaxPool3d extends AdaptiveMaxPoolNd {
  constructor(outputSize: OutputSize) {
    super(3, outputSize);
  }
}
