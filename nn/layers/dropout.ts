// Channel dropout layers: Dropout1d/2d/3d (aten::feature_dropout in both
// modes, as PyTorch 1.13 traces them).

import { ArgumentError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { dropout1d, dropout2d, dropout3d } from '../functional/dropout.js';
import { Module } from '../module.js';
import { pyBool, pyFloat } from '../pyrepr.js';
import { optionsFrom } from './args.js';

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
