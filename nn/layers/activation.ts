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

export interface InplaceOptions {
  inplace?: boolean;
}

abstract class InplaceActivation extends Module {
  // Declared, not defined: the constructor's assignment makes it (see Linear).
  declare readonly inplace: boolean;
  /** `(inplace = false)` or `({ inplace })`. */
  constructor(inplace: boolean | InplaceOptions = false) {
    super();
    [this.inplace] = pick([inplace], ['inplace'], [false]);
  }
  override extraRepr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

export class ReLU extends InplaceActivation {
  override forward(x: Tensor): Tensor {
    return E.relu(x, this.inplace);
  }
}

/** PyTorch's ReLU6 is Hardtanh(0, 6); it traces aten::hardtanh. */
export class ReLU6 extends InplaceActivation {
  readonly minVal = 0;
  readonly maxVal = 6;
  override forward(x: Tensor): Tensor {
    return E.relu6(x, this.inplace);
  }
}

export class SiLU extends InplaceActivation {
  override forward(x: Tensor): Tensor {
    return E.silu(x, this.inplace);
  }
}

/** PyTorch's Hardswish has no extra repr, even when in place. */
export class Hardswish extends InplaceActivation {
  override forward(x: Tensor): Tensor {
    return E.hardswish(x, this.inplace);
  }
  override extraRepr(): string {
    return '';
  }
}

export class Hardsigmoid extends InplaceActivation {
  override forward(x: Tensor): Tensor {
    return E.hardsigmoid(x, this.inplace);
  }
  override extraRepr(): string {
    return '';
  }
}

export class SELU extends InplaceActivation {
  override forward(x: Tensor): Tensor {
    return A.selu(x, this.inplace);
  }
}

export class Mish extends InplaceActivation {
  override forward(x: Tensor): Tensor {
    return A.mish(x, this.inplace);
  }
}

export interface AlphaOptions {
  alpha?: number;
  inplace?: boolean;
}

abstract class AlphaActivation extends Module {
  declare readonly alpha: number;
  declare readonly inplace: boolean;
  /** `(alpha = 1.0, inplace = false)` or `({ alpha, inplace })`. */
  constructor(alpha: number | AlphaOptions = 1, inplace = false) {
    super();
    [this.alpha, this.inplace] = pick([alpha, inplace], ['alpha', 'inplace'], [1, false]);
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}${inplaceText(this.inplace)}`;
  }
}

export class ELU extends AlphaActivation {
  override forward(x: Tensor): Tensor {
    return A.elu(x, this.alpha, this.inplace);
  }
}

export class CELU extends AlphaActivation {
  override forward(x: Tensor): Tensor {
    return A.celu(x, this.alpha, this.inplace);
  }
}

export interface LeakyReLUOptions {
  negativeSlope?: number;
  inplace?: boolean;
}

export class LeakyReLU extends Module {
  declare readonly negativeSlope: number;
  declare readonly inplace: boolean;
  /** `(negativeSlope = 0.01, inplace = false)` or `({ negativeSlope, inplace })`. */
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

export interface HardtanhOptions {
  minVal?: number;
  maxVal?: number;
  inplace?: boolean;
}

export class Hardtanh extends Module {
  declare readonly minVal: number;
  declare readonly maxVal: number;
  declare readonly inplace: boolean;
  /** `(minVal = -1.0, maxVal = 1.0, inplace = false)` or `({ minVal, maxVal, inplace })`. */
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

export interface RReLUOptions {
  lower?: number;
  upper?: number;
  inplace?: boolean;
}

/** Traces aten::rrelu with `training` set from the module's mode. */
export class RReLU extends Module {
  declare readonly lower: number;
  declare readonly upper: number;
  declare readonly inplace: boolean;
  /** `(lower = 1/8, upper = 1/3, inplace = false)` or `({ lower, upper, inplace })`. */
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

export interface ThresholdOptions {
  threshold: number;
  value: number;
  inplace?: boolean;
}

export class Threshold extends Module {
  declare readonly threshold: number;
  declare readonly value: number;
  declare readonly inplace: boolean;
  /** `(threshold, value, inplace = false)` or `({ threshold, value, inplace })`. */
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

export interface LambdOptions {
  lambd?: number;
}

abstract class Shrink extends Module {
  declare readonly lambd: number;
  /** `(lambd = 0.5)` or `({ lambd })`. */
  constructor(lambd: number | LambdOptions = 0.5) {
    super();
    [this.lambd] = pick([lambd], ['lambd'], [0.5]);
  }
  override extraRepr(): string {
    return pyFloat(this.lambd);
  }
}

export class Hardshrink extends Shrink {
  override forward(x: Tensor): Tensor {
    return A.hardshrink(x, this.lambd);
  }
}

export class Softshrink extends Shrink {
  override forward(x: Tensor): Tensor {
    return A.softshrink(x, this.lambd);
  }
}

export interface SoftplusOptions {
  beta?: number;
  threshold?: number;
}

export class Softplus extends Module {
  declare readonly beta: number;
  declare readonly threshold: number;
  // PyTorch's defaults are ints (`beta=1, threshold=20` in the repr).
  declare private readonly givenBeta: boolean;
  declare private readonly givenThreshold: boolean;
  /** `(beta = 1, threshold = 20)` or `({ beta, threshold })`. */
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

export interface GELUOptions {
  approximate?: 'none' | 'tanh';
}

export class GELU extends Module {
  declare readonly approximate: 'none' | 'tanh';
  /** `(approximate = 'none')` or `({ approximate })`. */
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

export class Sigmoid extends Module {
  override forward(x: Tensor): Tensor {
    return E.sigmoid(x);
  }
}

export class Tanh extends Module {
  override forward(x: Tensor): Tensor {
    return E.tanh(x);
  }
}

export class LogSigmoid extends Module {
  override forward(x: Tensor): Tensor {
    return A.logsigmoid(x);
  }
}

/** `x - tanh(x)`: traces aten::tanh and aten::sub. */
export class Tanhshrink extends Module {
  override forward(x: Tensor): Tensor {
    return A.tanhshrink(x);
  }
}

/** `x / (|x| + 1)`: traces aten::abs, aten::add and aten::div. */
export class Softsign extends Module {
  override forward(x: Tensor): Tensor {
    return A.softsign(x);
  }
}

export interface DimOptions {
  dim?: number | null;
}

/** Softmax, Softmin and LogSoftmax: an optional dim (None picks PyTorch's legacy one in forward). */
abstract class SoftmaxBase extends Module {
  declare readonly dim: number | null;
  /** `(dim = null)` or `({ dim })`. */
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

export class Softmax extends SoftmaxBase {
  override forward(x: Tensor): Tensor {
    return E.softmax(x, this.dim ?? A.implicitSoftmaxDim(x.rank));
  }
}

/** `softmax(-x)`: traces aten::neg and aten::softmax. */
export class Softmin extends SoftmaxBase {
  override forward(x: Tensor): Tensor {
    return A.softmin(x, this.dim);
  }
}

export class LogSoftmax extends SoftmaxBase {
  override forward(x: Tensor): Tensor {
    return A.logSoftmax(x, this.dim);
  }
}

/** Softmax over the channels of (C, H, W) or (N, C, H, W) input (dim -3). */
export class Softmax2d extends Module {
  override forward(x: Tensor): Tensor {
    if (x.rank !== 3 && x.rank !== 4) {
      throw new ShapeError('Softmax2d', `expected 3-D or 4-D input, got ${x.rank}-D`, { input: x.shape });
    }
    return E.softmax(x, -3);
  }
}

export interface GLUOptions {
  dim?: number;
}

export class GLU extends Module {
  declare readonly dim: number;
  /** `(dim = -1)` or `({ dim })`. */
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

export interface PReLUOptions {
  numParameters?: number;
  init?: number;
}

/** One learnable slope (`weight`, shape `[numParameters]`), shared or per channel. */
export class PReLU extends Module {
  declare readonly numParameters: number;
  declare readonly init: number;
  declare weight: Parameter;
  /** `(numParameters = 1, init = 0.25)` or `({ numParameters, init })`. */
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
