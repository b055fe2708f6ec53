// Upsample, Flatten, Dropout.

import { ArgumentError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { alphaDropout, featureAlphaDropout } from '../functional/activation.js';
import { dropout } from '../functional/elementwise.js';
import { checkInterpolateArgs, interpolate, type InterpolateMode } from '../functional/resample.js';
import { intArg } from '../functional/util.js';
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
    // of a layer built with one would fail, so it is refused here.
    checkInterpolateArgs('Upsample', this.size, this.scaleFactor, this.mode, this.alignCorners);
  }

  override forward(x: Tensor): Tensor {
    return interpolate(x, this.size, this.scaleFactor, this.mode, this.alignCorners);
  }

  override extraRepr(): string {
    const info = this.scaleFactor !== null ? `scale_factor=${pyFloatOrTuple(this.scaleFactor)}` : `size=${pyIntOrTuple(this.size!)}`;
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
