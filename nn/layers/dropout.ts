// Channel dropout layers: Dropout1d/2d/3d (aten::feature_dropout in both
// modes, as PyTorch 1.13 traces them).

import { ArgumentError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { dropout1d, dropout2d, dropout3d } from '../functional/dropout.js';
import { Module } from '../module.js';
import { pyBool, pyFloat } from '../pyrepr.js';
import { optionsFrom } from './args.js';

/** Dropout1d/2d/3d's arguments, by name (PyTorch's keyword arguments). */
export interface DropoutOptions {
  /** Probability of a channel being zeroed, in [0, 1]. Default 0.5. */
  p?: number;
  /** Whether to overwrite the input (traces `aten::feature_dropout_`). Default false. */
  inplace?: boolean;
}

/** A channel dropout's arguments: `(p=0.5, inplace=False)`, or an options object. */
export type ChannelDropoutArgs = [options?: DropoutOptions] | [p?: number, inplace?: boolean];

const CHANNEL_DROPOUT = [dropout1d, dropout2d, dropout3d];

abstract class ChannelDropout extends Module {
  /** PyTorch's `p`. */
  declare readonly p: number;
  /** PyTorch's `inplace`. */
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

/**
 * `torch.nn.Dropout1d(p=0.5, inplace=False)`: zeroes whole channels of (N, C, L) or (C, L). No parameters. Traces
 * `aten::feature_dropout` (`aten::feature_dropout_` in place) in both modes, with `train` from the module's mode. An unbatched input is unsqueezed before it and squeezed after, as in PyTorch 1.13.
 */
export class Dropout1d extends ChannelDropout {
  static override readonly typeName: string = 'Dropout1d';
  /**
   * `new nn.Dropout1d()`, `new nn.Dropout1d(0.2)`, `new nn.Dropout1d(0.2, true)` or `new nn.Dropout1d({ p: 0.2 })`.
   * @param args - `p=0.5, inplace=false` in PyTorch's order, or one {@link DropoutOptions} object.
   */
  constructor(...args: ChannelDropoutArgs) {
    super(1, args);
  }
}
/**
 * `torch.nn.Dropout2d(p=0.5, inplace=False)`: zeroes whole channels of (N, C, H, W) (a 3-D input is taken as (N, C, L), as in 1.13). No parameters. Traces
 * `aten::feature_dropout` (`aten::feature_dropout_` in place) in both modes, with `train` from the module's mode.
 */
export class Dropout2d extends ChannelDropout {
  static override readonly typeName: string = 'Dropout2d';
  /**
   * `new nn.Dropout2d()`, `new nn.Dropout2d(0.2)`, `new nn.Dropout2d(0.2, true)` or `new nn.Dropout2d({ p: 0.2 })`.
   * @param args - `p=0.5, inplace=false` in PyTorch's order, or one {@link DropoutOptions} object.
   */
  constructor(...args: ChannelDropoutArgs) {
    super(2, args);
  }
}
/**
 * `torch.nn.Dropout3d(p=0.5, inplace=False)`: zeroes whole channels of (N, C, D, H, W) or (C, D, H, W). No parameters. Traces
 * `aten::feature_dropout` (`aten::feature_dropout_` in place) in both modes, with `train` from the module's mode. An unbatched input is unsqueezed before it and squeezed after, as in PyTorch 1.13.
 */
export class Dropout3d extends ChannelDropout {
  static override readonly typeName: string = 'Dropout3d';
  /**
   * `new nn.Dropout3d()`, `new nn.Dropout3d(0.2)`, `new nn.Dropout3d(0.2, true)` or `new nn.Dropout3d({ p: 0.2 })`.
   * @param args - `p=0.5, inplace=false` in PyTorch's order, or one {@link DropoutOptions} object.
   */
  constructor(...args: ChannelDropoutArgs) {
    super(3, args);
  }
}
