// MaxPool, AvgPool and AdaptiveAvgPool/AdaptiveMaxPool in 1, 2 and 3 dimensions.

import { ntuple, pyTuple } from '../../core/shape.js';
import type { Tensor } from '../../core/tensor.js';
import { adaptiveAvgPoolNd, adaptiveMaxPoolNd, avgPoolNd, maxPoolNd } from '../functional/pool.js';
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
  protected abstract readonly spatial: number;
  // Declared, not defined: the constructor's assignments make them (see Linear).
  declare readonly kernelSize: IntOrList;
  declare readonly stride: IntOrList;
  declare readonly padding: IntOrList;
  declare readonly dilation: IntOrList;
  declare readonly ceilMode: boolean;

  constructor(kernelSize: IntOrList, options: MaxPoolOptions = {}) {
    super();
    this.kernelSize = kernelSize;
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
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
  protected readonly spatial = 1;
}
export class MaxPool2d extends MaxPoolNd {
  protected readonly spatial = 2;
}
export class MaxPool3d extends MaxPoolNd {
  protected readonly spatial = 3;
}

export interface AvgPoolOptions {
  stride?: IntOrList | null;
  padding?: IntOrList;
  ceilMode?: boolean;
  countIncludePad?: boolean;
}

abstract class AvgPoolNd extends Module {
  protected abstract readonly spatial: number;
  // Declared, not defined: the constructor's assignments make them (see Linear).
  declare readonly kernelSize: IntOrList;
  declare readonly stride: IntOrList;
  declare readonly padding: IntOrList;
  declare readonly ceilMode: boolean;
  declare readonly countIncludePad: boolean;

  constructor(kernelSize: IntOrList, options: AvgPoolOptions = {}) {
    super();
    this.kernelSize = kernelSize;
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
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
  protected readonly spatial = 1;
  override extraRepr(): string {
    const t = (v: IntOrList): string => pyTuple(ntuple('AvgPool1d', 'argument', v, 1));
    return `kernel_size=${t(this.kernelSize)}, stride=${t(this.stride)}, padding=${t(this.padding)}`;
  }
}
export class AvgPool2d extends AvgPoolNd {
  protected readonly spatial = 2;
}
export class AvgPool3d extends AvgPoolNd {
  protected readonly spatial = 3;
}

type OutputSize = number | readonly (number | null)[];

abstract class AdaptivePoolNd extends Module {
  protected abstract readonly spatial: number;
  declare readonly outputSize: OutputSize;
  constructor(outputSize: OutputSize) {
    super();
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
  protected readonly spatial = 1;
}
export class AdaptiveAvgPool2d extends AdaptiveAvgPoolNd {
  protected readonly spatial = 2;
}
export class AdaptiveAvgPool3d extends AdaptiveAvgPoolNd {
  protected readonly spatial = 3;
}

abstract class AdaptiveMaxPoolNd extends AdaptivePoolNd {
  override forward(x: Tensor): Tensor {
    return adaptiveMaxPoolNd(this.spatial, x, this.outputSize);
  }
}

export class AdaptiveMaxPool1d extends AdaptiveMaxPoolNd {
  protected readonly spatial = 1;
}
export class AdaptiveMaxPool2d extends AdaptiveMaxPoolNd {
  protected readonly spatial = 2;
}
export class AdaptiveMaxPool3d extends AdaptiveMaxPoolNd {
  protected readonly spatial = 3;
}
