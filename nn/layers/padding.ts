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
  declare readonly padding: number[];
  declare protected readonly mode: PadMode;
  protected constructor(spatial: number, mode: PadMode, padding: Padding) {
    super();
    this.padding = sides(this.typeName(), padding, spatial);
    this.mode = mode;
  }
  override forward(x: Tensor): Tensor {
    return pad(x, this.padding, this.mode);
  }
  override extraRepr(): string {
    return pyTuple(this.padding);
  }
}

/** `ReflectionPad1d(padding)`: (left, right). */
export class ReflectionPad1d extends PadNd {
  constructor(padding: Padding) {
    super(1, 'reflect', padding);
  }
}
/** `ReflectionPad2d(padding)`: (left, right, top, bottom). */
export class ReflectionPad2d extends PadNd {
  constructor(padding: Padding) {
    super(2, 'reflect', padding);
  }
}
/** `ReflectionPad3d(padding)`: (left, right, top, bottom, front, back). */
export class ReflectionPad3d extends PadNd {
  constructor(padding: Padding) {
    super(3, 'reflect', padding);
  }
}
/** `ReplicationPad1d(padding)`: (left, right). */
export class ReplicationPad1d extends PadNd {
  constructor(padding: Padding) {
    super(1, 'replicate', padding);
  }
}
/** `ReplicationPad2d(padding)`: (left, right, top, bottom). */
export class ReplicationPad2d extends PadNd {
  constructor(padding: Padding) {
    super(2, 'replicate', padding);
  }
}
/** `ReplicationPad3d(padding)`: (left, right, top, bottom, front, back). */
export class ReplicationPad3d extends PadNd {
  constructor(padding: Padding) {
    super(3, 'replicate', padding);
  }
}

abstract class ConstantPadNd extends Module {
  declare readonly padding: number[];
  declare readonly value: number;
  protected constructor(spatial: number, padding: Padding, value: number) {
    super();
    this.padding = sides(this.typeName(), padding, spatial);
    this.value = value;
  }
  override forward(x: Tensor): Tensor {
    return pad(x, this.padding, 'constant', this.value);
  }
  override extraRepr(): string {
    return `padding=${pyTuple(this.padding)}, value=${pyFloat(this.value)}`;
  }
}

/** `ConstantPad1d(padding, value)`. */
export class ConstantPad1d extends ConstantPadNd {
  constructor(padding: Padding, value: number) {
    super(1, padding, value);
  }
}
/** `ConstantPad2d(padding, value)`. */
export class ConstantPad2d extends ConstantPadNd {
  constructor(padding: Padding, value: number) {
    super(2, padding, value);
  }
}
/** `ConstantPad3d(padding, value)`. */
export class ConstantPad3d extends ConstantPadNd {
  constructor(padding: Padding, value: number) {
    super(3, padding, value);
  }
}
/** `ZeroPad2d(padding)`: ConstantPad2d with value 0; its repr is the padding alone. */
export class ZeroPad2d extends ConstantPad2d {
  constructor(padding: Padding) {
    super(padding, 0);
  }
  override extraRepr(): string {
    return pyTuple(this.padding);
  }
}
