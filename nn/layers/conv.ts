// Conv1d/2d/3d and ConvTranspose1d/2d/3d with PyTorch's arguments, parameter
// shapes and repr.

import { ArgumentError, ShapeError } from '../../core/errors.js';
import { pyTuple } from '../../core/shape.js';
import { intValue, Parameter, type IntLike, type Tensor } from '../../core/tensor.js';
import {
  checkSameUnstrided,
  convDilation,
  convNd,
  convOutputPadding,
  convPadding,
  convStride,
  convTransposeNd,
  type PaddingArg,
} from '../functional/conv.js';
import { pad as padOp, type PadMode } from '../functional/shape_ops.js';
import { intArg, intList } from '../functional/util.js';
import { Module } from '../module.js';
import { optionsFrom } from './args.js';

type IntOrList = number | readonly number[];
export type ConvPaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

export interface ConvOptions {
  stride?: number | readonly number[];
  padding?: PaddingArg;
  dilation?: number | readonly number[];
  groups?: number;
  bias?: boolean;
  paddingMode?: ConvPaddingMode;
}

/** Conv's arguments after kernel_size: PyTorch's order, or an options object. */
export type ConvArgs =
  | [options?: ConvOptions]
  | [stride?: IntOrList, padding?: PaddingArg, dilation?: IntOrList, groups?: number, bias?: boolean, paddingMode?: ConvPaddingMode];

const CONV_NAMES = ['stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode'] as const;

export interface ConvTransposeOptions {
  stride?: number | readonly number[];
  padding?: number | readonly number[];
  outputPadding?: number | readonly number[];
  groups?: number;
  bias?: boolean;
  dilation?: number | readonly number[];
  /** PyTorch accepts only 'zeros' for transposed convolutions. */
  paddingMode?: 'zeros';
}

/** ConvTranspose's arguments after kernel_size: PyTorch's order, or an options object. */
export type ConvTransposeArgs =
  | [options?: ConvTransposeOptions]
  | [stride?: IntOrList, padding?: IntOrList, outputPadding?: IntOrList, groups?: number, bias?: boolean, dilation?: IntOrList, paddingMode?: 'zeros'];

const CONV_TRANSPOSE_NAMES = ['stride', 'padding', 'outputPadding', 'groups', 'bias', 'dilation', 'paddingMode'] as const;

const PADDING_MODES: readonly unknown[] = ['zeros', 'reflect', 'replicate', 'circular'];

function checkChannels(name: string, inChannels: number, outChannels: number, groups: number): void {
  intArg(name, 'in_channels', inChannels, 1);
  intArg(name, 'out_channels', outChannels, 1);
  intArg(name, 'groups', groups, 1);
  if (inChannels % groups !== 0) throw new ArgumentError(name, 'in_channels', inChannels, `divisible by groups (${groups})`);
  if (outChannels % groups !== 0) throw new ArgumentError(name, 'out_channels', outChannels, `divisible by groups (${groups})`);
}

/** The value as PyTorch stores it (`_pair(v)`): an int repeated, a list as given. */
function asStored(value: unknown, expanded: number[]): number[] {
  return typeof value === 'number' ? expanded : [...(value as readonly number[])];
}

/** Shared fields and repr of plain and transposed convolutions (PyTorch's `_ConvNd`). */
abstract class ConvBase extends Module {
  // Declared, not defined: the constructor's assignments make them (a field
  // definition would be one more trip through the registering proxy each).
  // The constructor computes from locals: every read of `this` goes through
  // the proxy.
  declare readonly inChannels: number;
  declare readonly outChannels: number;
  declare readonly kernelSize: number[];
  declare readonly stride: number[];
  declare readonly padding: number[] | 'same' | 'valid';
  declare readonly dilation: number[];
  declare readonly outputPadding: number[];
  declare readonly groups: number;
  declare readonly paddingMode: string;
  declare weight: Parameter;
  declare bias: Parameter | null;

  protected constructor(
    spatial: number,
    transposed: boolean,
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly number[],
    o: Omit<ConvOptions, 'paddingMode'> & { outputPadding?: number | readonly number[]; paddingMode?: string },
  ) {
    super();
    const name = this.typeName();
    const groups = o.groups ?? 1;
    checkChannels(name, inChannels, outChannels, groups);
    // Checked here, not first in forward as PyTorch does: a layer built with
    // one of these could never run.
    const kernel = intList(name, 'kernel_size', kernelSize, spatial, 1);
    const strideArg = o.stride ?? 1;
    const strides = convStride(name, strideArg, spatial);
    const stride = asStored(strideArg, strides);
    const pad = o.padding ?? 0;
    const pads = convPadding(name, pad, spatial, !transposed);
    const padding = typeof pads === 'string' ? pads : asStored(pad, pads);
    checkSameUnstrided(name, pads, strides);
    const dilationArg = o.dilation ?? 1;
    const dilations = convDilation(name, dilationArg, spatial);
    const dilation = asStored(dilationArg, dilations);
    const opArg = o.outputPadding ?? 0;
    const outputPadding = transposed ? asStored(opArg, convOutputPadding(name, opArg, spatial, strides, dilations)) : new Array<number>(spatial).fill(0);
    const paddingMode = o.paddingMode ?? 'zeros';
    if (!PADDING_MODES.includes(paddingMode)) {
      throw new ArgumentError(name, 'padding_mode', paddingMode, "one of 'zeros', 'reflect', 'replicate', 'circular'");
    }
    if (transposed && paddingMode !== 'zeros') throw new ArgumentError(name, 'padding_mode', paddingMode, `'zeros' (the only mode ${name} supports)`);
    // F.pad pads every spatial dimension or refuses (PyTorch 1.13).
    if (paddingMode !== 'zeros' && Array.isArray(pad) && pad.length !== spatial) {
      throw new ArgumentError(name, 'padding', pad, `an integer or a list of ${spatial} with padding_mode '${paddingMode}'`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = kernel;
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
    this.outputPadding = outputPadding;
    this.groups = groups;
    this.paddingMode = paddingMode;
    const wShape = transposed ? [inChannels, outChannels / groups, ...kernel] : [outChannels, inChannels / groups, ...kernel];
    this.weight = new Parameter(wShape);
    // Python truthiness, as `if bias:`.
    if (!(o.bias ?? true)) {
      this.bias = null;
      this.registerParameter('bias', null);
    } else {
      this.bias = new Parameter([outChannels]);
    }
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}`;
    const p = this.padding;
    if (typeof p === 'string') s += `, padding=${p}`;
    else if (p.some((v) => v !== 0)) s += `, padding=${pyTuple(p)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.outputPadding.some((v) => v !== 0)) s += `, output_padding=${pyTuple(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.paddingMode !== 'zeros') s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
}

abstract class ConvNdLayer extends ConvBase {
  declare private readonly spatial: number;
  protected constructor(spatial: number, inC: number, outC: number, k: number | readonly number[], args: readonly unknown[]) {
    super(spatial, false, inC, outC, k, optionsFrom<ConvOptions>(args, CONV_NAMES));
    this.spatial = spatial;
  }
  override forward(x: Tensor): Tensor {
    const mode = this.paddingMode;
    if (mode === 'zeros') return convNd(this.spatial, x, this.weight, this.bias, this.stride, this.padding, this.dilation, this.groups);
    // PyTorch's _conv_forward: F.pad(input, _reversed_padding_repeated_twice, mode), then an unpadded convolution.
    const amounts = reversedPaddingRepeatedTwice(this.padding, this.kernelSize, this.dilation);
    checkPadFits(mode, x, amounts);
    const padded = padOp(x, amounts, mode as PadMode);
    return convNd(this.spatial, padded, this.weight, this.bias, this.stride, 0, this.dilation, this.groups);
  }
}

/** PyTorch's `_reversed_padding_repeated_twice`: F.pad amounts, last dimension first. */
function reversedPaddingRepeatedTwice(padding: number[] | 'same' | 'valid', kernel: readonly number[], dilation: readonly number[]): number[] {
  const n = kernel.length;
  const out = new Array<number>(2 * n);
  for (let i = 0; i < n; i++) {
    const j = n - 1 - i;
    if (padding === 'same') {
      const total = dilation[j]! * (kernel[j]! - 1);
      const left = Math.floor(total / 2);
      out[2 * i] = left;
      out[2 * i + 1] = total - left;
    } else {
      const p = padding === 'valid' ? 0 : padding[j]!;
      out[2 * i] = p;
      out[2 * i + 1] = p;
    }
  }
  return out;
}

/** F.pad's limits (PyTorch 1.13): reflect pads less than the size, circular at most the size. */
function checkPadFits(mode: string, x: Tensor, amounts: readonly number[]): void {
  if (mode === 'replicate' || x.rank < amounts.length / 2 + 2) return;
  for (let i = 0; i < amounts.length; i++) {
    const size = x.shape[x.rank - 1 - (i >> 1)]!;
    const a = amounts[i]!;
    if (mode === 'reflect' ? a >= size : a > size) {
      const rule = mode === 'reflect' ? 'less than' : 'at most';
      throw new ShapeError('aten::pad', `${mode} padding ${a} must be ${rule} the input size ${size} at dimension ${x.rank - 1 - (i >> 1)}`, { input: x.shape });
    }
  }
}

/** `Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros')`. */
export class Conv1d extends ConvNdLayer {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrList, ...args: ConvArgs) {
    super(1, inChannels, outChannels, kernelSize, args);
  }
}

/** `Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros')`. */
export class Conv2d extends ConvNdLayer {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrList, ...args: ConvArgs) {
    super(2, inChannels, outChannels, kernelSize, args);
  }
}

/** `Conv3d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros')`. */
export class Conv3d extends ConvNdLayer {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrList, ...args: ConvArgs) {
    super(3, inChannels, outChannels, kernelSize, args);
  }
}

abstract class ConvTransposeNdLayer extends ConvBase {
  declare private readonly spatial: number;
  protected constructor(spatial: number, inC: number, outC: number, k: number | readonly number[], args: readonly unknown[]) {
    super(spatial, true, inC, outC, k, optionsFrom<ConvTransposeOptions>(args, CONV_TRANSPOSE_NAMES));
    this.spatial = spatial;
  }
  /**
   * `forward(input, output_size=None)`: `outputSize` (the spatial sizes, or
   * N and C first; traced sizes allowed) picks the output padding, as
   * PyTorch's `_output_padding` does; the trace records no op for it.
   */
  override forward(x: Tensor, outputSize: readonly IntLike[] | null = null): Tensor {
    const pad = this.padding as number[];
    const outputPadding = outputSize === null ? this.outputPadding : this.outputPaddingFor(x, outputSize);
    return convTransposeNd(this.spatial, x, this.weight, this.bias, this.stride, pad, outputPadding, this.groups, this.dilation);
  }

  /** PyTorch's `_ConvTransposeNd._output_padding`. */
  private outputPaddingFor(x: Tensor, outputSize: readonly IntLike[]): number[] {
    const n = this.spatial;
    const name = this.typeName();
    const sizes = outputSize.map(intValue);
    const lead = x.rank - n;
    const want = sizes.length === n + lead ? sizes.slice(lead) : sizes;
    if (want.length !== n) {
      throw new ArgumentError(name, 'output_size', sizes, `${n} or ${n + lead} sizes`);
    }
    const pads = this.padding as number[];
    const res: number[] = [];
    for (let d = 0; d < n; d++) {
      const min = (x.shape[lead + d]! - 1) * this.stride[d]! - 2 * pads[d]! + this.dilation[d]! * (this.kernelSize[d]! - 1) + 1;
      const max = min + this.stride[d]! - 1;
      if (!(want[d]! >= min && want[d]! <= max)) {
        throw new ArgumentError(name, 'output_size', sizes, `between ${min} and ${max} in dimension ${d}`);
      }
      res.push(want[d]! - min);
    }
    return res;
  }
}

/** `ConvTranspose1d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros')`. */
export class ConvTranspose1d extends ConvTransposeNdLayer {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrList, ...args: ConvTransposeArgs) {
    super(1, inChannels, outChannels, kernelSize, args);
  }
}

/** `ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros')`. */
export class ConvTranspose2d extends ConvTransposeNdLayer {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrList, ...args: ConvTransposeArgs) {
    super(2, inChannels, outChannels, kernelSize, args);
  }
}

/** `ConvTranspose3d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros')`. */
export class ConvTranspose3d extends ConvTransposeNdLayer {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrList, ...args: ConvTransposeArgs) {
    super(3, inChannels, outChannels, kernelSize, args);
  }
}
