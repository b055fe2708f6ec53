// Padding layers: ReflectionPad1d/2d/3d, ReplicationPad1d/2d/3d,
// ConstantPad1d/2d/3d and ZeroPad2d. Each is one F.pad (aten::pad in
// PyTorch 1.13, every mode). `padding` is an int (every side) or the sides
// from the last dimension backwards: (left, right[, top, bottom[, front, back]]).

import { ArgumentError } from '../../core/errors.js';
import { pyTuple } from '../../core/shape.js';
import type { Tensor } from '../../core/tensor.js';
import { pad, type PadMode } from '../functional/shape_ops.js';
import { Module } from '../module.js';
import { pyFloat } from '../pyrepr.js';

type Padding = number | readonly number[];

/** PyTorch's `_ntuple(2 * spatial)(padding)`: an int repeated; a list kept as given. */
function sides(where: string, padding: Padding, spatial: number): number[] {
  if (typeof padding === 'number') {
    if (!Number.isSafeInteger(padding)) throw new ArgumentError(where, 'padding', padding, 'an integer or a list of integers');
    return new Array<number>(2 * spatial).fill(padding);
  }
  if (!Array.isArray(padding) || padding.length !== 2 * spatial || !padding.every((v) => Number.isSafeInteger(v))) {
    throw new ArgumentError(where, 'padding', padding, `an integer or a list of ${2 * spatial} integers`);
  }
  return [...padding];
}

abstract class PadNd extends Module {
  /** The sides, from the last dimension backwards (an int given is repeated). */
  declare readonly padding: number[];
  /** F.pad's mode. */
  declare protected readonly mode: PadMode;
  protected constructor(spatial: number, mode: PadMode, padding: Padding) {
    super();
    this.padding = sides(this.typeName(), padding, spatial);
    this.mode = mode;
  }
  /** `x` padded. */
  override forward(x: Tensor): Tensor {
    return pad(x, this.padding, this.mode);
  }
  override extraRepr(): string {
    return pyTuple(this.padding);
  }
}

/** `torch.nn.ReflectionPad1d(padding)`: pads [N, C, W] or [C, W] with the reflection of the input (each side less than its dimension). No parameters. Traces one `aten::pad` (mode 'reflect'). */
export class ReflectionPad1d extends PadNd {
  static override readonly typeName: string = 'ReflectionPad1d';
  /** @param padding - An int for every side, or (left, right). */
  constructor(padding: Padding) {
    super(1, 'reflect', padding);
  }
}
/** `torch.nn.ReflectionPad2d(padding)`: pads [N, C, H, W] or [C, H, W] with the reflection of the input (each side less than its dimension). No parameters. Traces one `aten::pad` (mode 'reflect'). */
export class ReflectionPad2d extends PadNd {
  static override readonly typeName: string = 'ReflectionPad2d';
  /** @param padding - An int for every side, or (left, right, top, bottom). */
  constructor(padding: Padding) {
    super(2, 'reflect', padding);
  }
}
/** `torch.nn.ReflectionPad3d(padding)`: pads [N, C, D, H, W] or [C, D, H, W] with the reflection of the input (each side less than its dimension). No parameters. Traces one `aten::pad` (mode 'reflect'). */
export class ReflectionPad3d extends PadNd {
  static override readonly typeName: string = 'ReflectionPad3d';
  /** @param padding - An int for every side, or (left, right, top, bottom, front, back). */
  constructor(padding: Padding) {
    super(3, 'reflect', padding);
  }
}
/** `torch.nn.ReplicationPad1d(padding)`: pads [N, C, W] or [C, W] with copies of the input's edge. No parameters. Traces one `aten::pad` (mode 'replicate'). */
export class ReplicationPad1d extends PadNd {
  static override readonly typeName: string = 'ReplicationPad1d';
  /** @param padding - An int for every side, or (left, right). */
  constructor(padding: Padding) {
    super(1, 'replicate', padding);
  }
}
/** `torch.nn.ReplicationPad2d(padding)`: pads [N, C, H, W] or [C, H, W] with copies of the input's edge. No parameters. Traces one `aten::pad` (mode 'replicate'). */
export class ReplicationPad2d extends PadNd {
  static override readonly typeName: string = 'ReplicationPad2d';
  /** @param padding - An int for every side, or (left, right, top, bottom). */
  constructor(padding: Padding) {
    super(2, 'replicate', padding);
  }
}
/** `torch.nn.ReplicationPad3d(padding)`: pads [N, C, D, H, W] or [C, D, H, W] with copies of the input's edge. No parameters. Traces one `aten::pad` (mode 'replicate'). */
export class ReplicationPad3d extends PadNd {
  static override readonly typeName: string = 'ReplicationPad3d';
  /** @param padding - An int for every side, or (left, right, top, bottom, front, back). */
  constructor(padding: Padding) {
    super(3, 'replicate', padding);
  }
}

abstract class ConstantPadNd extends Module {
  /** The sides, from the last dimension backwards (an int given is repeated). */
  declare readonly padding: number[];
  /** The fill value. */
  declare readonly value: number;
  protected constructor(spatial: number, padding: Padding, value: number) {
    super();
    this.padding = sides(this.typeName(), padding, spatial);
    this.value = value;
  }
  /** `x` padded with `value`. */
  override forward(x: Tensor): Tensor {
    return pad(x, this.padding, 'constant', this.value);
  }
  override extraRepr(): string {
    return `padding=${pyTuple(this.padding)}, value=${pyFloat(this.value)}`;
  }
}

/** `torch.nn.ConstantPad1d(padding, value)`: pads the last 1 dimension with `value`. No parameters. Traces one `aten::pad` (mode 'constant'). */
export class ConstantPad1d extends ConstantPadNd {
  static override readonly typeName: string = 'ConstantPad1d';
  /**
   * `new nn.ConstantPad1d(2, 3.5)`.
   * @param padding - An int for every side, or (left, right); negative values crop.
   * @param value - The fill value.
   */
  constructor(padding: Padding, value: number) {
    super(1, padding, value);
  }
}
/** `torch.nn.ConstantPad2d(padding, value)`: pads the last 2 dimensions with `value`. No parameters. Traces one `aten::pad` (mode 'constant'). */
export class ConstantPad2d extends ConstantPadNd {
  static override readonly typeName: string = 'ConstantPad2d';
  /**
   * `new nn.ConstantPad2d([1, 1, 2, 0], 3.5)`.
   * @param padding - An int for every side, or (left, right, top, bottom); negative values crop.
   * @param value - The fill value.
   */
  constructor(padding: Padding, value: number) {
    super(2, padding, value);
  }
}
/** `torch.nn.ConstantPad3d(padding, value)`: pads the last 3 dimensions with `value`. No parameters. Traces one `aten::pad` (mode 'constant'). */
export class ConstantPad3d extends ConstantPadNd {
  static override readonly typeName: string = 'ConstantPad3d';
  /**
   * `new nn.ConstantPad3d(1, 3.5)`.
   * @param padding - An int for every side, or (left, right, top, bottom, front, back); negative values crop.
   * @param value - The fill value.
   */
  constructor(padding: Padding, value: number) {
    super(3, padding, value);
  }
}
/** `torch.nn.ZeroPad2d(padding)`: ConstantPad2d with value 0; its repr is the padding alone. No parameters. Traces one `aten::pad` (mode 'constant'). */
export class ZeroPad2d extends ConstantPad2d {
  static override readonly typeName: string = 'ZeroPad2d';
  /** @param padding - An int for every side, or (left, right, top, bottom); negative values crop. */
  constructor(padding: Padding) {
    super(padding, 0);
  }
  /** The padding alone, as PyTorch's ZeroPad2d prints it. */
  override extraRepr(): string {
    return pyTuple(this.padding);
  }
}
