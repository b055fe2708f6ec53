// Activation layers. Each records the aten op PyTorch's module runs (ReLU6 is
// hardtanh, inplace variants end in `_`), and prints PyTorch's repr.
//
// Every layer takes PyTorch's arguments positionally, in PyTorch's order
// (`new ReLU(true)`, `new LeakyReLU(0.2, true)`), or as one options object
// (`new ReLU({ inplace: true })`, `new LeakyReLU({ negativeSlope: 0.2 })`).
// Float arguments print as Python floats (`0.0`); where PyTorch's default is
// an int (Softplus's beta and threshold) the default prints as that int.

import { ArgumentError, ShapeError } from '../../core/errors.js';
import { Parameter, type Tensor } from '../../core/tensor.js';
import * as A from '../functional/activation.js';
import * as E from '../functional/elementwise.js';
import { intArg } from '../functional/util.js';
import { Module } from '../module.js';
import { pyFloat } from '../pyrepr.js';

/**
 * PyTorch's arguments given positionally (`given`, defaults filled in by the
 * caller's parameter defaults), or as one options object in `given[0]`, whose
 * missing entries take `defaults`.
 */
function pick<T extends unknown[]>(given: readonly unknown[], names: readonly string[], defaults: T): T {
  const o: unknown = given[0];
  if (typeof o !== 'object' || o === null) return given as T;
  return names.map((n, i) => (o as Record<string, unknown>)[n] ?? defaults[i]) as T;
}

const inplaceText = (inplace: boolean): string => (inplace ? ', inplace=True' : '');

/** The arguments of an activation whose only argument is `inplace`. */
export interface InplaceOptions {
  /** Whether to overwrite the input (traces the `_` variant of the op). Default false. */
  inplace?: boolean;
}

abstract class InplaceActivation extends Module {
  // Declared, not defined: the constructor's assignment makes it (see Linear).
  /** PyTorch's `inplace`: the op is the `_` variant, writing its input. */
  declare readonly inplace: boolean;
  /**
   * `(inplace = false)` or `({ inplace })`: `new nn.ReLU()`, `new nn.ReLU(true)`, `new nn.ReLU({ inplace: true })`.
   * @param inplace - Whether to overwrite the input (default false), or one {@link InplaceOptions} object.
   */
  constructor(inplace: boolean | InplaceOptions = false) {
    super();
    [this.inplace] = pick([inplace], ['inplace'], [false]);
  }
  override extraRepr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

/** `torch.nn.ReLU(inplace=False)`: max(0, x). No parameters. Traces `aten::relu` (`aten::relu_` in place). */
export class ReLU extends InplaceActivation {
  static override readonly typeName: string = 'ReLU';
  override forward(x: Tensor): Tensor {
    return E.relu(x, this.inplace);
  }
}

/** `torch.nn.ReLU6(inplace=False)`: min(max(0, x), 6). No parameters. PyTorch's ReLU6 is Hardtanh(0, 6); it traces `aten::hardtanh` (`aten::hardtanh_` in place). */
export class ReLU6 extends InplaceActivation {
  static override readonly typeName: string = 'ReLU6';
  /** Hardtanh's `min_val`: 0. */
  readonly minVal = 0;
  /** Hardtanh's `max_val`: 6. */
  readonly maxVal = 6;
  override forward(x: Tensor): Tensor {
    return E.relu6(x, this.inplace);
  }
}

/** `torch.nn.SiLU(inplace=False)`: x * sigmoid(x). No parameters. Traces `aten::silu` (`aten::silu_` in place). */
export class SiLU extends InplaceActivation {
  static override readonly typeName: string = 'SiLU';
  override forward(x: Tensor): Tensor {
    return E.silu(x, this.inplace);
  }
}

/**
 * `torch.nn.Hardswish(inplace=False)`: x * relu6(x + 3) / 6. No parameters. Traces `aten::hardswish`
 * (`aten::hardswish_` in place). PyTorch's Hardswish has no extra repr, even when in place.
 */
export class Hardswish extends InplaceActivation {
  static override readonly typeName: string = 'Hardswish';
  override forward(x: Tensor): Tensor {
    return E.hardswish(x, this.inplace);
  }
  /** Empty: PyTorch's repr does not show `inplace` for this class. */
  override extraRepr(): string {
    return '';
  }
}

/** `torch.nn.Hardsigmoid(inplace=False)`: relu6(x + 3) / 6. No parameters. Traces `aten::hardsigmoid` (`aten::hardsigmoid_` in place); no extra repr, as PyTorch's. */
export class Hardsigmoid extends InplaceActivation {
  static override readonly typeName: string = 'Hardsigmoid';
  override forward(x: Tensor): Tensor {
    return E.hardsigmoid(x, this.inplace);
  }
  /** Empty: PyTorch's repr does not show `inplace` for this class. */
  override extraRepr(): string {
    return '';
  }
}

/** `torch.nn.SELU(inplace=False)`. No parameters. Traces `aten::selu` (`aten::selu_` in place). */
export class SELU extends InplaceActivation {
  static override readonly typeName: string = 'SELU';
  override forward(x: Tensor): Tensor {
    return A.selu(x, this.inplace);
  }
}

/** `torch.nn.Mish(inplace=False)`: x * tanh(softplus(x)). No parameters. Traces `aten::mish` (`aten::mish_` in place). */
export class Mish extends InplaceActivation {
  static override readonly typeName: string = 'Mish';
  override forward(x: Tensor): Tensor {
    return A.mish(x, this.inplace);
  }
}

/** ELU's and CELU's arguments, by name. */
export interface AlphaOptions {
  /** Default 1.0. */
  alpha?: number;
  /** Whether to overwrite the input. Default false. */
  inplace?: boolean;
}

abstract class AlphaActivation extends Module {
  /** PyTorch's `alpha`. */
  declare readonly alpha: number;
  /** PyTorch's `inplace`. */
  declare readonly inplace: boolean;
  /**
   * `(alpha = 1.0, inplace = false)` or `({ alpha, inplace })`: `new nn.ELU()`, `new nn.ELU(0.5, true)`, `new nn.ELU({ alpha: 0.5 })`.
   * @param alpha - Default 1.0; or one {@link AlphaOptions} object.
   * @param inplace - Whether to overwrite the input (default false).
   */
  constructor(alpha: number | AlphaOptions = 1, inplace = false) {
    super();
    [this.alpha, this.inplace] = pick([alpha, inplace], ['alpha', 'inplace'], [1, false]);
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}${inplaceText(this.inplace)}`;
  }
}

/** `torch.nn.ELU(alpha=1.0, inplace=False)`. No parameters. Traces `aten::elu` (`aten::elu_` in place). */
export class ELU extends AlphaActivation {
  static override readonly typeName: string = 'ELU';
  override forward(x: Tensor): Tensor {
    return A.elu(x, this.alpha, this.inplace);
  }
}

/** `torch.nn.CELU(alpha=1.0, inplace=False)`. No parameters. Traces `aten::celu` (`aten::celu_` in place). */
export class CELU extends AlphaActivation {
  static override readonly typeName: string = 'CELU';
  override forward(x: Tensor): Tensor {
    return A.celu(x, this.alpha, this.inplace);
  }
}

/** LeakyReLU's arguments, by name. */
export interface LeakyReLUOptions {
  /** Slope for x < 0. Default 0.01. */
  negativeSlope?: number;
  /** Whether to overwrite the input. Default false. */
  inplace?: boolean;
}

/** `torch.nn.LeakyReLU(negative_slope=0.01, inplace=False)`. No parameters. Traces `aten::leaky_relu` (`aten::leaky_relu_` in place). */
export class LeakyReLU extends Module {
  static override readonly typeName: string = 'LeakyReLU';
  /** PyTorch's `negative_slope`. */
  declare readonly negativeSlope: number;
  /** PyTorch's `inplace`. */
  declare readonly inplace: boolean;
  /**
   * `(negativeSlope = 0.01, inplace = false)` or `({ negativeSlope, inplace })`: `new nn.LeakyReLU(0.2, true)`, `new nn.LeakyReLU({ negativeSlope: 0.2 })`.
   * @param negativeSlope - Slope for x < 0 (default 0.01), or one {@link LeakyReLUOptions} object.
   * @param inplace - Whether to overwrite the input (default false).
   */
  constructor(negativeSlope: number | LeakyReLUOptions = 0.01, inplace = false) {
    super();
    [this.negativeSlope, this.inplace] = pick([negativeSlope, inplace], ['negativeSlope', 'inplace'], [0.01, false]);
  }
  override forward(x: Tensor): Tensor {
    return A.leakyRelu(x, this.negativeSlope, this.inplace);
  }
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}${inplaceText(this.inplace)}`;
  }
}

/** Hardtanh's arguments, by name. */
export interface HardtanhOptions {
  /** Lower bound. Default -1.0. */
  minVal?: number;
  /** Upper bound, greater than minVal. Default 1.0. */
  maxVal?: number;
  /** Whether to overwrite the input. Default false. */
  inplace?: boolean;
}

/**
 * `torch.nn.Hardtanh(min_val=-1.0, max_val=1.0, inplace=False)`: x clamped to [min_val, max_val]. No
 * parameters. Traces `aten::hardtanh` (`aten::hardtanh_` in place). (PyTorch's deprecated `min_value` and
 * `max_value` are not taken.)
 */
export class Hardtanh extends Module {
  static override readonly typeName: string = 'Hardtanh';
  /** PyTorch's `min_val`. */
  declare readonly minVal: number;
  /** PyTorch's `max_val`. */
  declare readonly maxVal: number;
  /** PyTorch's `inplace`. */
  declare readonly inplace: boolean;
  /**
   * `(minVal = -1.0, maxVal = 1.0, inplace = false)` or `({ minVal, maxVal, inplace })`: `new nn.Hardtanh(-2, 2)`, `new nn.Hardtanh({ maxVal: 2 })`.
   * @param minVal - Lower bound (default -1.0), or one {@link HardtanhOptions} object.
   * @param maxVal - Upper bound (default 1.0), greater than minVal.
   * @param inplace - Whether to overwrite the input (default false).
   */
  constructor(minVal: number | HardtanhOptions = -1, maxVal = 1, inplace = false) {
    super();
    [this.minVal, this.maxVal, this.inplace] = pick([minVal, maxVal, inplace], ['minVal', 'maxVal', 'inplace'], [-1, 1, false]);
    if (!(this.maxVal > this.minVal)) throw new ArgumentError('Hardtanh', 'max_val', this.maxVal, `greater than min_val (${this.minVal})`);
  }
  override forward(x: Tensor): Tensor {
    return E.hardtanh(x, this.minVal, this.maxVal, this.inplace);
  }
  override extraRepr(): string {
    return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}${inplaceText(this.inplace)}`;
  }
}

/** RReLU's arguments, by name. */
export interface RReLUOptions {
  /** Lower bound of the random slope. Default 1/8. */
  lower?: number;
  /** Upper bound of the random slope. Default 1/3. */
  upper?: number;
  /** Whether to overwrite the input. Default false. */
  inplace?: boolean;
}

/**
 * `torch.nn.RReLU(lower=0.125, upper=0.3333333333333333, inplace=False)`. No parameters. Traces
 * `aten::rrelu` (`aten::rrelu_` in place) with `training` set from the module's mode.
 */
export class RReLU extends Module {
  static override readonly typeName: string = 'RReLU';
  /** PyTorch's `lower`. */
  declare readonly lower: number;
  /** PyTorch's `upper`. */
  declare readonly upper: number;
  /** PyTorch's `inplace`. */
  declare readonly inplace: boolean;
  /**
   * `(lower = 1/8, upper = 1/3, inplace = false)` or `({ lower, upper, inplace })`.
   * @param lower - Lower bound of the random slope (default 1/8), or one {@link RReLUOptions} object.
   * @param upper - Upper bound of the random slope (default 1/3).
   * @param inplace - Whether to overwrite the input (default false).
   */
  constructor(lower: number | RReLUOptions = 1 / 8, upper = 1 / 3, inplace = false) {
    super();
    [this.lower, this.upper, this.inplace] = pick([lower, upper, inplace], ['lower', 'upper', 'inplace'], [1 / 8, 1 / 3, false]);
  }
  override forward(x: Tensor): Tensor {
    return A.rrelu(x, this.lower, this.upper, this.training, this.inplace);
  }
  override extraRepr(): string {
    return `lower=${pyFloat(this.lower)}, upper=${pyFloat(this.upper)}${inplaceText(this.inplace)}`;
  }
}

/** Threshold's arguments, by name. */
export interface ThresholdOptions {
  /** Values at or below it are replaced. */
  threshold: number;
  /** What replaces them. */
  value: number;
  /** Whether to overwrite the input. Default false. */
  inplace?: boolean;
}

/** `torch.nn.Threshold(threshold, value, inplace=False)`: x if x > threshold, else value. No parameters. Traces `aten::threshold` (`aten::threshold_` in place). */
export class Threshold extends Module {
  static override readonly typeName: string = 'Threshold';
  /** PyTorch's `threshold`. */
  declare readonly threshold: number;
  /** PyTorch's `value`. */
  declare readonly value: number;
  /** PyTorch's `inplace`. */
  declare readonly inplace: boolean;
  /**
   * `(threshold, value, inplace = false)` or `({ threshold, value, inplace })`: `new nn.Threshold(0.1, 20)`.
   * @param threshold - Values at or below it are replaced; or one {@link ThresholdOptions} object.
   * @param value - What replaces them (PyTorch requires it; 0 when left out here).
   * @param inplace - Whether to overwrite the input (default false).
   */
  constructor(threshold: number | ThresholdOptions, value = 0, inplace = false) {
    super();
    [this.threshold, this.value, this.inplace] = pick([threshold, value, inplace], ['threshold', 'value', 'inplace'], [0, 0, false]);
  }
  override forward(x: Tensor): Tensor {
    return A.threshold(x, this.threshold, this.value, this.inplace);
  }
  override extraRepr(): string {
    return `threshold=${pyFloat(this.threshold)}, value=${pyFloat(this.value)}${inplaceText(this.inplace)}`;
  }
}

/** Hardshrink's and Softshrink's argument, by name. */
export interface LambdOptions {
  /** The threshold λ. Default 0.5. */
  lambd?: number;
}

abstract class Shrink extends Module {
  /** PyTorch's `lambd`. */
  declare readonly lambd: number;
  /**
   * `(lambd = 0.5)` or `({ lambd })`.
   * @param lambd - The threshold λ (default 0.5), or one {@link LambdOptions} object.
   */
  constructor(lambd: number | LambdOptions = 0.5) {
    super();
    [this.lambd] = pick([lambd], ['lambd'], [0.5]);
  }
  override extraRepr(): string {
    return pyFloat(this.lambd);
  }
}

/** `torch.nn.Hardshrink(lambd=0.5)`: x if |x| > λ, else 0. No parameters. Traces `aten::hardshrink`. */
export class Hardshrink extends Shrink {
  static override readonly typeName: string = 'Hardshrink';
  override forward(x: Tensor): Tensor {
    return A.hardshrink(x, this.lambd);
  }
}

/** `torch.nn.Softshrink(lambd=0.5)`: x - λ sign(x) if |x| > λ, else 0. No parameters. Traces `aten::softshrink`. */
export class Softshrink extends Shrink {
  static override readonly typeName: string = 'Softshrink';
  override forward(x: Tensor): Tensor {
    return A.softshrink(x, this.lambd);
  }
}

/** Softplus's arguments, by name. */
export interface SoftplusOptions {
  /** Default 1. */
  beta?: number;
  /** Where `beta * x` exceeds it, the op is linear (returns x). Default 20. */
  threshold?: number;
}

/** `torch.nn.Softplus(beta=1, threshold=20)`: log(1 + exp(beta * x)) / beta. No parameters. Traces `aten::softplus`. */
export class Softplus extends Module {
  static override readonly typeName: string = 'Softplus';
  /** PyTorch's `beta`. */
  declare readonly beta: number;
  /** PyTorch's `threshold`. */
  declare readonly threshold: number;
  // PyTorch's defaults are ints (`beta=1, threshold=20` in the repr).
  declare private readonly givenBeta: boolean;
  declare private readonly givenThreshold: boolean;
  /**
   * `(beta = 1, threshold = 20)` or `({ beta, threshold })`.
   * @param beta - Default 1; or one {@link SoftplusOptions} object.
   * @param threshold - Default 20.
   */
  constructor(beta?: number | SoftplusOptions, threshold?: number) {
    super();
    const [b, t] = pick<[number | undefined, number | undefined]>([beta, threshold], ['beta', 'threshold'], [undefined, undefined]);
    this.givenBeta = b !== undefined;
    this.givenThreshold = t !== undefined;
    this.beta = b ?? 1;
    this.threshold = t ?? 20;
  }
  override forward(x: Tensor): Tensor {
    return A.softplus(x, this.beta, this.threshold);
  }
  override extraRepr(): string {
    const b = this.givenBeta ? pyFloat(this.beta) : String(this.beta);
    const t = this.givenThreshold ? pyFloat(this.threshold) : String(this.threshold);
    return `beta=${b}, threshold=${t}`;
  }
}

/** GELU's argument, by name. */
export interface GELUOptions {
  /** 'tanh' for the tanh approximation. Default 'none'. */
  approximate?: 'none' | 'tanh';
}

/** `torch.nn.GELU(approximate='none')`. No parameters. Traces `aten::gelu`. */
export class GELU extends Module {
  static override readonly typeName: string = 'GELU';
  /** PyTorch's `approximate`. */
  declare readonly approximate: 'none' | 'tanh';
  /**
   * `(approximate = 'none')` or `({ approximate })`.
   * @param approximate - 'none' (default) or 'tanh'; or one {@link GELUOptions} object.
   */
  constructor(approximate: 'none' | 'tanh' | GELUOptions = 'none') {
    super();
    const [a] = pick<['none' | 'tanh']>([approximate], ['approximate'], ['none']);
    // PyTorch refuses another value in forward, which could then never run.
    if (a !== 'none' && a !== 'tanh') throw new ArgumentError('GELU', 'approximate', a, "'none' or 'tanh'");
    this.approximate = a;
  }
  override forward(x: Tensor): Tensor {
    return E.gelu(x, this.approximate);
  }
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** `torch.nn.Sigmoid()`. No parameters. Traces `aten::sigmoid`. */
export class Sigmoid extends Module {
  static override readonly typeName: string = 'Sigmoid';
  override forward(x: Tensor): Tensor {
    return E.sigmoid(x);
  }
}

/** `torch.nn.Tanh()`. No parameters. Traces `aten::tanh`. */
export class Tanh extends Module {
  static override readonly typeName: string = 'Tanh';
  override forward(x: Tensor): Tensor {
    return E.tanh(x);
  }
}

/** `torch.nn.LogSigmoid()`. No parameters. Traces `aten::log_sigmoid`. */
export class LogSigmoid extends Module {
  static override readonly typeName: string = 'LogSigmoid';
  override forward(x: Tensor): Tensor {
    return A.logsigmoid(x);
  }
}

/** `torch.nn.Tanhshrink()`: `x - tanh(x)`. No parameters. Traces `aten::tanh` and `aten::sub`. */
export class Tanhshrink extends Module {
  static override readonly typeName: string = 'Tanhshrink';
  override forward(x: Tensor): Tensor {
    return A.tanhshrink(x);
  }
}

/** `torch.nn.Softsign()`: `x / (|x| + 1)`. No parameters. Traces `aten::abs`, `aten::add` and `aten::div`. */
export class Softsign extends Module {
  static override readonly typeName: string = 'Softsign';
  override forward(x: Tensor): Tensor {
    return A.softsign(x);
  }
}

/** Softmax's, Softmin's and LogSoftmax's argument, by name. */
export interface DimOptions {
  /** The dimension to normalize over; null picks PyTorch's legacy implicit one (0 for 0-, 1- and 3-D input, else 1). Default null. */
  dim?: number | null;
}

/** Softmax, Softmin and LogSoftmax: an optional dim (None picks PyTorch's legacy one in forward). */
abstract class SoftmaxBase extends Module {
  /** PyTorch's `dim` (null: the legacy implicit one). */
  declare readonly dim: number | null;
  /**
   * `(dim = null)` or `({ dim })`: `new nn.Softmax(-1)`, `new nn.Softmax({ dim: 1 })`.
   * @param dim - The dimension to normalize over (default null: PyTorch's legacy implicit choice), or one {@link DimOptions} object.
   */
  constructor(dim: number | null | DimOptions = null) {
    super();
    const [d] = pick<[number | null]>([dim], ['dim'], [null]);
    // An int or None; a dimension out of range for the input is refused in forward.
    this.dim = d === null ? null : intArg(this.typeName(), 'dim', d, -Infinity);
  }
  override extraRepr(): string {
    return `dim=${this.dim === null ? 'None' : this.dim}`;
  }
}

/** `torch.nn.Softmax(dim=None)`. No parameters. Traces `aten::softmax`. */
export class Softmax extends SoftmaxBase {
  static override readonly typeName: string = 'Softmax';
  override forward(x: Tensor): Tensor {
    return E.softmax(x, this.dim ?? A.implicitSoftmaxDim(x.rank));
  }
}

/** `torch.nn.Softmin(dim=None)`: `softmax(-x)`. No parameters. Traces `aten::neg` and `aten::softmax`. */
export class Softmin extends SoftmaxBase {
  static override readonly typeName: string = 'Softmin';
  override forward(x: Tensor): Tensor {
    return A.softmin(x, this.dim);
  }
}

/** `torch.nn.LogSoftmax(dim=None)`. No parameters. Traces `aten::log_softmax`. */
export class LogSoftmax extends SoftmaxBase {
  static override readonly typeName: string = 'LogSoftmax';
  override forward(x: Tensor): Tensor {
    return A.logSoftmax(x, this.dim);
  }
}

/** `torch.nn.Softmax2d()`: softmax over the channels of (C, H, W) or (N, C, H, W) input (dim -3). No parameters. Traces `aten::softmax`. */
export class Softmax2d extends Module {
  static override readonly typeName: string = 'Softmax2d';
  override forward(x: Tensor): Tensor {
    if (x.rank !== 3 && x.rank !== 4) {
      throw new ShapeError('Softmax2d', `expected 3-D or 4-D input, got ${x.rank}-D`, { input: x.shape });
    }
    return E.softmax(x, -3);
  }
}

/** GLU's argument, by name. */
export interface GLUOptions {
  /** The dimension split in half. Default -1. */
  dim?: number;
}

/** `torch.nn.GLU(dim=-1)`: a ⊗ sigmoid(b), a and b the halves of the input along `dim` (even size). No parameters. Traces `aten::glu`. */
export class GLU extends Module {
  static override readonly typeName: string = 'GLU';
  /** PyTorch's `dim`. */
  declare readonly dim: number;
  /**
   * `(dim = -1)` or `({ dim })`.
   * @param dim - The dimension split in half (default -1), or one {@link GLUOptions} object.
   */
  constructor(dim: number | GLUOptions = -1) {
    super();
    const [d] = pick([dim], ['dim'], [-1]);
    this.dim = intArg('GLU', 'dim', d, -Infinity);
  }
  override forward(x: Tensor): Tensor {
    return A.glu(x, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/** PReLU's arguments, by name. */
export interface PReLUOptions {
  /** 1 (one slope shared) or the input's channels (dimension 1). Default 1. */
  numParameters?: number;
  /** The slopes' initial value. Default 0.25. */
  init?: number;
}

/**
 * `torch.nn.PReLU(num_parameters=1, init=0.25)`: max(0, x) + a * min(0, x) with a learnable slope a.
 * Parameter: `weight` [num_parameters], shared or per channel. Traces `aten::prelu`.
 */
export class PReLU extends Module {
  static override readonly typeName: string = 'PReLU';
  /** PyTorch's `num_parameters`. */
  declare readonly numParameters: number;
  /** PyTorch's `init`. */
  declare readonly init: number;
  /** The slopes: [num_parameters]. */
  declare weight: Parameter;
  /**
   * `(numParameters = 1, init = 0.25)` or `({ numParameters, init })`: `new nn.PReLU()`, `new nn.PReLU(64)`.
   * @param numParameters - 1 (default: one slope shared) or the input's channels; or one {@link PReLUOptions} object.
   * @param init - The slopes' initial value (default 0.25).
   */
  constructor(numParameters: number | PReLUOptions = 1, init = 0.25) {
    super();
    const [n, i] = pick([numParameters, init], ['numParameters', 'init'], [1, 0.25]);
    this.numParameters = intArg('PReLU', 'num_parameters', n, 1);
    this.init = i;
    this.weight = new Parameter([this.numParameters]);
  }
  override forward(x: Tensor): Tensor {
    return A.prelu(x, this.weight);
  }
  override extraRepr(): string {
    return `num_parameters=${this.numParameters}`;
  }
}
