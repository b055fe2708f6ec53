// Unfold and Fold: sliding blocks (aten::im2col, aten::col2im).

import type { Tensor } from '../../core/tensor.js';
import { fold, unfold } from '../functional/fold.js';
import { intList } from '../functional/util.js';
import { Module } from '../module.js';
import { pyIntOrTuple } from '../pyrepr.js';
import { optionsFrom } from './args.js';

type IntOrPair = number | readonly number[];

/** Unfold's and Fold's arguments after kernel_size, by name (PyTorch's keyword arguments). */
export interface UnfoldOptions {
  /** Spacing between block elements: an int or [h, w]. Default 1. */
  dilation?: IntOrPair;
  /** Implicit zero padding on both sides: an int or [h, w]. Default 0. */
  padding?: IntOrPair;
  /** Step between blocks: an int or [h, w]. Default 1. */
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

/**
 * `torch.nn.Unfold(kernel_size, dilation=1, padding=0, stride=1)`: the sliding blocks of [N, C, H, W] (or
 * [C, H, W]) as columns, [N, C × kh × kw, L]. No parameters. Traces `aten::im2col`.
 */
export class Unfold extends Module {
  static override readonly typeName: string = 'Unfold';
  /** PyTorch's `kernel_size`, as given. */
  declare readonly kernelSize: IntOrPair;
  /** PyTorch's `dilation`, as given. */
  declare readonly dilation: IntOrPair;
  /** PyTorch's `padding`, as given. */
  declare readonly padding: IntOrPair;
  /** PyTorch's `stride`, as given. */
  declare readonly stride: IntOrPair;
  /**
   * `new nn.Unfold([2, 3])`, `new nn.Unfold(3, 1, 1, 2)` or `new nn.Unfold(3, { padding: 1, stride: 2 })`.
   * @param kernelSize - The block: an int or [kh, kw].
   * @param args - `dilation=1, padding=0, stride=1` in PyTorch's order, or one {@link UnfoldOptions} object.
   */
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

/**
 * `torch.nn.Fold(output_size, kernel_size, dilation=1, padding=0, stride=1)`: sums columns [N, C × kh × kw, L]
 * (or [C × kh × kw, L]) back into [N, C, ...output_size]; Unfold's inverse up to overlaps. No parameters.
 * Traces `aten::col2im`.
 */
export class Fold extends Module {
  static override readonly typeName: string = 'Fold';
  /** PyTorch's `output_size`, as given. */
  declare readonly outputSize: IntOrPair;
  /** PyTorch's `kernel_size`, as given. */
  declare readonly kernelSize: IntOrPair;
  /** PyTorch's `dilation`, as given. */
  declare readonly dilation: IntOrPair;
  /** PyTorch's `padding`, as given. */
  declare readonly padding: IntOrPair;
  /** PyTorch's `stride`, as given. */
  declare readonly stride: IntOrPair;
  /**
   * `new nn.Fold([4, 5], [2, 2])` or `new nn.Fold([4, 5], 2, { stride: 2 })`.
   * @param outputSize - The spatial size of the output: an int or [H, W].
   * @param kernelSize - The block: an int or [kh, kw].
   * @param args - `dilation=1, padding=0, stride=1` in PyTorch's order, or one {@link UnfoldOptions} object.
   */
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
