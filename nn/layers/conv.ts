// Conv1d/2d/3d and ConvTranspose1d/2d/3d with PyTorch's arguments, parameter
// shapes and repr.

import { ArgumentError, ShapeError } from '../../core/errors.js';
import { concrete, convTransposeOutLength, pyTuple } from '../../core/shape.js';
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
import { dimAdd, dimSub, intArg, intList, sizeAtLeast } from '../functional/util.js';
import { Module } from '../module.js';
import { optionsFrom } from './args.js';

type IntOrList = number | readonly number[];
/** PyTorch's `padding_mode` of Conv1d/2d/3d: 'zeros' pads inside the convolution, the others with an `aten::pad` before it. */
export type ConvPaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** Conv1d/2d/3d's arguments after kernel_size, by name (PyTorch's keyword arguments). */
export interface ConvOptions {
  /** An int or one per spatial dimension. Default 1. */
  stride?: number | readonly number[];
  /** An int, one per spatial dimension, or 'same' (stride 1 only) or 'valid'. Default 0. */
  padding?: PaddingArg;
  /** An int or one per spatial dimension. Default 1. */
  dilation?: number | readonly number[];
  /** Blocked connections: in_channels and out_channels must both divide by it. Default 1. */
  groups?: number;
  /** Whether to add a learnable bias [out_channels]. Default true. */
  bias?: boolean;
  /** Default 'zeros'. */
  paddingMode?: ConvPaddingMode;
}

/** Conv's arguments after kernel_size: PyTorch's order, or an options object. */
export type ConvArgs =
  | [options?: ConvOptions]
  | [stride?: IntOrList, padding?: PaddingArg, dilation?: IntOrList, groups?: number, bias?: boolean, paddingMode?: ConvPaddingMode];

const CONV_NAMES = ['stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode'] as const;

/** ConvTranspose1d/2d/3d's arguments after kernel_size, by name (PyTorch's keyword arguments). */
export interface ConvTransposeOptions {
  /** An int or one per spatial dimension. Default 1. */
  stride?: number | readonly number[];
  /** Implicit zero padding `dilation * (kernel_size - 1) - padding` on each side of the input: an int or one per spatial dimension. Default 0. */
  padding?: number | readonly number[];
  /** Added to one side of each output dimension; less than stride or dilation. Default 0. */
  outputPadding?: number | readonly number[];
  /** Blocked connections: in_channels and out_channels must both divide by it. Default 1. */
  groups?: number;
  /** Whether to add a learnable bias [out_channels]. Default true. */
  bias?: boolean;
  /** An int or one per spatial dimension. Default 1. */
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
  /** PyTorch's `in_channels`. */
  declare readonly inChannels: number;
  /** PyTorch's `out_channels`. */
  declare readonly outChannels: number;
  /** One size per spatial dimension. */
  declare readonly kernelSize: number[];
  /** As PyTorch stores it: an int given is repeated per spatial dimension, a list kept as given. */
  declare readonly stride: number[];
  /** As PyTorch stores it (an int repeated per spatial dimension), or the string given. */
  declare readonly padding: number[] | 'same' | 'valid';
  /** As PyTorch stores it (an int repeated per spatial dimension). */
  declare readonly dilation: number[];
  /** As PyTorch stores it; zeros for a plain convolution. */
  declare readonly outputPadding: number[];
  /** PyTorch's `groups`. */
  declare readonly groups: number;
  /** PyTorch's `padding_mode`. */
  declare readonly paddingMode: string;
  /** [out_channels, in_channels / groups, ...kernel_size]; transposed: [in_channels, out_channels / groups, ...kernel_size]. */
  declare weight: Parameter;
  /** [out_channels], or null when built with `bias` false. */
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
  /** The convolution of `x` [N, C_in, ...spatial]. */
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
    // reflect: a < size; circular: a <= size (as sizes, so a symbolic size is decided exactly).
    if (!sizeAtLeast('aten::pad', 'the input size less the padding', dimSub(size, a), mode === 'reflect' ? 1 : 0)) {
      const rule = mode === 'reflect' ? 'less than' : 'at most';
      throw new ShapeError('aten::pad', `${mode} padding ${a} must be ${rule} the input size ${size} at dimension ${x.rank - 1 - (i >> 1)}`, { input: x.shape });
    }
  }
}

/**
 * `torch.nn.Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros')`,
 * on input [N, C_in, L].
 * Parameters: `weight` [out_channels, in_channels / groups, kL], `bias` [out_channels] (null with `bias` false).
 * Traces one `aten::_convolution` (`aten::_convolution_mode` for padding 'same' or 'valid'); a `paddingMode`
 * other than 'zeros' traces an `aten::pad` first and then an unpadded convolution, as PyTorch's `_conv_forward`.
 */
export class Conv1d extends ConvNdLayer {
  static override readonly typeName: string = 'Conv1d';
  /**
   * `new nn.Conv1d(16, 33, 3, 2)` or `new nn.Conv1d(16, 33, 3, { stride: 2, bias: false })`.
   * @param inChannels - Channels of the input.
   * @param outChannels - Channels of the output.
   * @param kernelSize - An int or one per spatial dimension.
   * @param args - `stride=1, padding=0, dilation=1, groups=1, bias=true, paddingMode='zeros'` in PyTorch's order, or one {@link ConvOptions} object.
   */
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrList, ...args: ConvArgs) {
    super(1, inChannels, outChannels, kernelSize, args);
  }
}

/**
 * `torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros')`,
 * on input [N, C_in, H, W].
 * Parameters: `weight` [out_channels, in_channels / groups, kH, kW], `bias` [out_channels] (null with `bias` false).
 * Traces one `aten::_convolution` (`aten::_convolution_mode` for padding 'same' or 'valid'); a `paddingMode`
 * other than 'zeros' traces an `aten::pad` first and then an unpadded convolution, as PyTorch's `_conv_forward`.
 */
export class Conv2d extends ConvNdLayer {
  static override readonly typeName: string = 'Conv2d';
  /**
   * `new nn.Conv2d(3, 64, 7, 2, 3)` or `new nn.Conv2d(3, 64, 7, { stride: 2, padding: 3, bias: false })`.
   * @param inChannels - Channels of the input.
   * @param outChannels - Channels of the output.
   * @param kernelSize - An int or one per spatial dimension.
   * @param args - `stride=1, padding=0, dilation=1, groups=1, bias=true, paddingMode='zeros'` in PyTorch's order, or one {@link ConvOptions} object.
   */
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrList, ...args: ConvArgs) {
    super(2, inChannels, outChannels, kernelSize, args);
  }
}

/**
 * `torch.nn.Conv3d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros')`,
 * on input [N, C_in, D, H, W].
 * Parameters: `weight` [out_channels, in_channels / groups, kD, kH, kW], `bias` [out_channels] (null with `bias` false).
 * Traces one `aten::_convolution` (`aten::_convolution_mode` for padding 'same' or 'valid'); a `paddingMode`
 * other than 'zeros' traces an `aten::pad` first and then an unpadded convolution, as PyTorch's `_conv_forward`.
 */
export class Conv3d extends ConvNdLayer {
  static override readonly typeName: string = 'Conv3d';
  /**
   * `new nn.Conv3d(16, 33, 3, 2)` or `new nn.Conv3d(16, 33, [3, 5, 2], { stride: [2, 1, 1], padding: [4, 2, 0] })`.
   * @param inChannels - Channels of the input.
   * @param outChannels - Channels of the output.
   * @param kernelSize - An int or one per spatial dimension.
   * @param args - `stride=1, padding=0, dilation=1, groups=1, bias=true, paddingMode='zeros'` in PyTorch's order, or one {@link ConvOptions} object.
   */
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
      // The least output size (output_padding 0); the output padding picked is want - min, a number in [0, stride).
      const min = convTransposeOutLength(x.shape[lead + d]!, this.kernelSize[d]!, this.stride[d]!, pads[d]!, this.dilation[d]!, 0);
      const max = dimAdd(min, this.stride[d]! - 1);
      const extra = dimSub(want[d]!, min);
      if (!sizeAtLeast(name, 'output_size', extra, 0) || !sizeAtLeast(name, 'output_size', dimSub(max, want[d]!), 0)) {
        throw new ArgumentError(name, 'output_size', sizes, `between ${min} and ${max} in dimension ${d}`);
      }
      res.push(concrete(extra, `${name}: output_size less the least output size`));
    }
    return res;
  }
}

/**
 * `torch.nn.ConvTranspose1d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros')`,
 * on input [N, C_in, L].
 * Parameters: `weight` [in_channels, out_channels / groups, kL], `bias` [out_channels] (null with `bias` false).
 * Traces one `aten::_convolution` (transposed).
 */
export class ConvTranspose1d extends ConvTransposeNdLayer {
  static override readonly typeName: string = 'ConvTranspose1d';
  /**
   * `new nn.ConvTranspose1d(16, 33, 3, 2)` or `new nn.ConvTranspose1d(16, 33, 3, { stride: 2 })`.
   * @param inChannels - Channels of the input.
   * @param outChannels - Channels of the output.
   * @param kernelSize - An int or one per spatial dimension.
   * @param args - `stride=1, padding=0, outputPadding=0, groups=1, bias=true, dilation=1, paddingMode='zeros'` in PyTorch's order, or one {@link ConvTransposeOptions} object.
   */
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrList, ...args: ConvTransposeArgs) {
    super(1, inChannels, outChannels, kernelSize, args);
  }
}

/**
 * `torch.nn.ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros')`,
 * on input [N, C_in, H, W].
 * Parameters: `weight` [in_channels, out_channels / groups, kH, kW], `bias` [out_channels] (null with `bias` false).
 * Traces one `aten::_convolution` (transposed).
 */
export class ConvTranspose2d extends ConvTransposeNdLayer {
  static override readonly typeName: string = 'ConvTranspose2d';
  /**
   * `new nn.ConvTranspose2d(16, 33, 3, 2, 1, 1)` or `new nn.ConvTranspose2d(16, 33, 3, { stride: 2, padding: 1, outputPadding: 1 })`.
   * @param inChannels - Channels of the input.
   * @param outChannels - Channels of the output.
   * @param kernelSize - An int or one per spatial dimension.
   * @param args - `stride=1, padding=0, outputPadding=0, groups=1, bias=true, dilation=1, paddingMode='zeros'` in PyTorch's order, or one {@link ConvTransposeOptions} object.
   */
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrList, ...args: ConvTransposeArgs) {
    super(2, inChannels, outChannels, kernelSize, args);
  }
}

/**
 * `torch.nn.ConvTranspose3d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros')`,
 * on input [N, C_in, D, H, W].
 * Parameters: `weight` [in_channels, out_channels / groups, kD, kH, kW], `bias` [out_channels] (null with `bias` false).
 * Traces one `aten::_convolution` (transposed).
 */
export class ConvTranspose3d extends ConvTransposeNdLayer {
  static override readonly typeName: string = 'ConvTranspose3d';
  /**
   * `new nn.ConvTranspose3d(16, 33, 3, 2)` or `new nn.ConvTranspose3d(16, 33, [3, 5, 2], { stride: [2, 1, 1], padding: [0, 4, 2] })`.
   * @param inChannels - Channels of the input.
   * @param outChannels - Channels of the output.
   * @param kernelSize - An int or one per spatial dimension.
   * @param args - `stride=1, padding=0, outputPadding=0, groups=1, bias=true, dilation=1, paddingMode='zeros'` in PyTorch's order, or one {@link ConvTransposeOptions} object.
   */
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrList, ...args: ConvTransposeArgs) {
    super(3, inChannels, outChannels, kernelSize, args);
  }
}
