// Unfold and Fold: sliding blocks (aten::im2col, aten::col2im).

import type { Tensor } from '../../core/tensor.js';
import { fold, unfold } from '../functional/fold.js';
import { intList } from '../functional/util.js';
import { Module } from '../module.js';
import { pyIntOrTuple } from '../pyrepr.js';
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
