// Unfold and Fold (sliding blocks) and the channel dropouts Dropout1d/2d/3d.

import { ArgumentError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { dropout1d, dropout2d, dropout3d } from '../functional/dropout.js';
import { fold, unfold } from '../functional/fold.js';
import { intList } from '../functional/util.js';
import { Module } from '../module.js';
import { pyBool, pyFloat, pyIntOrTuple } from '../pyrepr.js';
import { optionsFrom } from './args.js';

type IntOrPair = number | readonly number[];

export interface UnfoldOptions {
  dilation?: IntOrPair;
  padding?: IntOrPair;
  stride?: IntOrPair;
}

/** Unfold's and Fold's arguments after kernel_size: PyTorch's order, or an options object. */
export type UnfoldArgs = [options?: UnfoldOptions] | [dilation?: IntOrPair, padding?: IntOrPair, stride?: IntOrPair];

const UNFOLD_NAMES = ['dilation', 'padding', 'stride'] as const;

/** Checks pair-valued arguments as F.unfold/F.fold would, at construction. */
function checkPairs(where: string, kernelSize: IntOrPair, o: UnfoldOptions): void {
  intList(where, 'kernel_size', kernelSize, 2, 1);
  intList(where, 'dilation', o.dilation ?? 1, 2, 1);
  intList(where, 'padding', o.padding ?? 0, 2, 0);
  intList(where, 'stride', o.stride ?? 1, 2, 1);
}

/** `Unfold(kernel_size, dilation=1, padding=0, stride=1)`: aten::im2col. */
export class Unfold extends Module {
  declare readonly kernelSize: IntOrPair;
  declare readonly dilation: IntOrPair;
  declare readonly padding: IntOrPair;
  declare readonly stride: IntOrPair;
  constructor(kernelSize: IntOrPair, ...args: UnfoldArgs) {
    super();
    const o = optionsFrom<UnfoldOptions>(args, UNFOLD_NAMES);
    checkPairs('Unfold', kernelSize, o);
    this.kernelSize = kernelSize;
    this.dilation = o.dilation ?? 1;
    this.padding = o.padding ?? 0;
    this.stride = o.stride ?? 1;
  }
  override forward(x: Tensor): Tensor {
    return unfold(x, this.kernelSize, this.dilation, this.padding, this.stride);
  }
  override extraRepr(): string {
    return `kernel_size=${pyIntOrTuple(this.kernelSize)}, dilation=${pyIntOrTuple(this.dilation)}, padding=${pyIntOrTuple(this.padding)}, stride=${pyIntOrTuple(this.stride)}`;
  }
}

/** `Fold(output_size, kernel_size, dilation=1, padding=0, stride=1)`: aten::col2im. */
export class Fold extends Module {
  declare readonly outputSize: IntOrPair;
  declare readonly kernelSize: IntOrPair;
  declare readonly dilation: IntOrPair;
  declare readonly padding: IntOrPair;
  declare readonly stride: IntOrPair;
  constructor(outputSize: IntOrPair, kernelSize: IntOrPair, ...args: UnfoldArgs) {
    super();
    const o = optionsFrom<UnfoldOptions>(args, UNFOLD_NAMES);
    intList('Fold', 'output_size', outputSize, 2, 1);
    checkPairs('Fold', kernelSize, o);
    this.outputSize = outputSize;
    this.kernelSize = kernelSize;
    this.dilation = o.dilation ?? 1;
    this.padding = o.padding ?? 0;
    this.stride = o.stride ?? 1;
  }
  override forward(x: Tensor): Tensor {
    return fold(x, this.outputSize, this.kernelSize, this.dilation, this.padding, this.stride);
  }
  override extraRepr(): string {
    return `output_size=${pyIntOrTuple(this.outputSize)}, kernel_size=${pyIntOrTuple(this.kernelSize)}, dilation=${pyIntOrTuple(this.dilation)}, padding=${pyIntOrTuple(this.padding)}, stride=${pyIntOrTuple(this.stride)}`;
  }
}

export interface DropoutOptions {
  p?: number;
  inplace?: boolean;
}

/** A channel dropout's arguments: `(p=0.5, inplace=False)`, or an options object. */
export type ChannelDropoutArgs = [options?: DropoutOptions] | [p?: number, inplace?: boolean];

const CHANNEL_DROPOUT = [dropout1d, dropout2d, dropout3d];

abstract class ChannelDropout extends Module {
  declare readonly p: number;
  declare readonly inplace: boolean;
  declare private readonly spatial: number;
  protected constructor(spatial: number, args: readonly unknown[]) {
    super();
    this.spatial = spatial;
    const o = optionsFrom<DropoutOptions>(args, ['p', 'inplace']);
    const p = o.p ?? 0.5;
    if (!(typeof p === 'number' && p >= 0 && p <= 1)) throw new ArgumentError(this.typeName(), 'p', p, 'a probability between 0 and 1');
    this.p = p;
    this.inplace = o.inplace ?? false;
  }
  override forward(x: Tensor): Tensor {
    return CHANNEL_DROPOUT[this.spatial - 1]!(x, this.p, this.training, this.inplace);
  }
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}

/** `Dropout1d(p=0.5, inplace=False)`: aten::feature_dropout on (N, C, L) or (C, L). */
export class Dropout1d extends ChannelDropout {
  constructor(...args: ChannelDropoutArgs) {
    super(1, args);
  }
}
/** `Dropout2d(p=0.5, inplace=False)`: aten::feature_dropout (a 3-D input is taken as (N, C, L), as in 1.13). */
export class Dropout2d extends ChannelDropout {
  constructor(...args: ChannelDropoutArgs) {
    super(2, args);
  }
}
/** `Dropout3d(p=0.5, inplace=False)`: aten::feature_dropout on (N, C, D, H, W) or (C, D, H, W). */
export class Dropout3d extends ChannelDropout {
  constructor(...args: ChannelDropoutArgs) {
    super(3, args);
  }
}
