// torchvision.ops building blocks shared by the zoo's families:
// Conv2dNormActivation/Conv3dNormActivation, SqueezeExcitation, MLP, Permute,
// StochasticDepth. Names, registration order, reprs and forward ops follow
// torchvision 0.14.

import type { Tensor } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import { pyFloat } from '../nn/pyrepr.js';

/**
 * torchvision's `_make_divisible` (models/_utils.py): rounds `v` to the nearest multiple of
 * `divisor` (at least `minValue`), going up one step when rounding down would
 * lose more than 10%.
 */
export function makeDivisible(v: number, divisor: number, minValue: number | null = null): number {
  const min = minValue ?? divisor;
  let newV = Math.max(min, Math.floor(Math.trunc(v + divisor / 2) / divisor) * divisor);
  if (newV < 0.9 * v) newV += divisor;
  return newV;
}

export type LayerFactory = (channels: number) => nn.TensorModule;
export type ActivationFactory = (inplace: boolean | null) => nn.TensorModule;

export const relu: ActivationFactory = (inplace) => new nn.ReLU(inplace ?? false);
export const relu6: ActivationFactory = (inplace) => new nn.ReLU6(inplace ?? false);
export const hardswish: ActivationFactory = (inplace) => new nn.Hardswish(inplace ?? false);
export const silu: ActivationFactory = (inplace) => new nn.SiLU(inplace ?? false);
export const batchNorm2d: LayerFactory = (c) => new nn.BatchNorm2d(c);
export const batchNorm3d: LayerFactory = (c) => new nn.BatchNorm3d(c);

export interface ConvNormActivationOptions {
  kernelSize?: number | readonly number[];
  stride?: number | readonly number[];
  /** Default: (kernel - 1) / 2 * dilation per axis. */
  padding?: number | readonly number[] | null;
  groups?: number;
  /** null for none. */
  normLayer?: LayerFactory | null;
  /** null for none. */
  activationLayer?: ActivationFactory | null;
  dilation?: number | readonly number[];
  /** null passes no inplace argument to the activation. */
  inplace?: boolean | null;
  /** Default: true exactly when there is no norm layer. */
  bias?: boolean | null;
}

function defaultPadding(k: number | readonly number[], d: number | readonly number[]): number | number[] {
  if (typeof k === 'number' && typeof d === 'number') return Math.floor((k - 1) / 2) * d;
  const n = typeof k === 'number' ? (d as readonly number[]).length : k.length;
  const ks = typeof k === 'number' ? new Array<number>(n).fill(k) : [...k];
  const ds = typeof d === 'number' ? new Array<number>(n).fill(d) : [...d];
  return ks.map((kk, i) => Math.floor((kk - 1) / 2) * ds[i]!);
}

/** torchvision's ConvNormActivation: a Sequential of conv, norm, activation. */
abstract class ConvNormActivation extends nn.Sequential {
  readonly outChannels: number;
  protected constructor(spatial: 2 | 3, inChannels: number, outChannels: number, o: ConvNormActivationOptions) {
    const k = o.kernelSize ?? 3;
    const dilation = o.dilation ?? 1;
    const padding = o.padding ?? defaultPadding(k, dilation);
    const norm = o.normLayer === undefined ? (spatial === 2 ? batchNorm2d : batchNorm3d) : o.normLayer;
    const act = o.activationLayer === undefined ? relu : o.activationLayer;
    const bias = o.bias ?? norm === null;
    const convOptions = { stride: o.stride ?? 1, padding, dilation, groups: o.groups ?? 1, bias };
    const layers: nn.Module[] = [
      spatial === 2 ? new nn.Conv2d(inChannels, outChannels, k, convOptions) : new nn.Conv3d(inChannels, outChannels, k, convOptions),
    ];
    if (norm !== null) layers.push(norm(outChannels));
    if (act !== null) layers.push(act(o.inplace === undefined ? true : o.inplace));
    super(...layers);
    this.outChannels = outChannels;
  }
}

export class Conv2dNormActivation extends ConvNormActivation {
  static override readonly typeName: string = 'Conv2dNormActivation';
  constructor(inChannels: number, outChannels: number, options: ConvNormActivationOptions = {}) {
    super(2, inChannels, outChannels, options);
  }
}

export class Conv3dNormActivation extends ConvNormActivation {
  static override readonly typeName: string = 'Conv3dNormActivation';
  constructor(inChannels: number, outChannels: number, options: ConvNormActivationOptions = {}) {
    super(3, inChannels, outChannels, options);
  }
}

/** Squeeze-and-excitation: pooled 1x1 convs producing a per-channel scale. */
export class SqueezeExcitation extends nn.Module {
  static override readonly typeName: string = 'SqueezeExcitation';
  avgpool: nn.AdaptiveAvgPool2d;
  fc1: nn.Conv2d;
  fc2: nn.Conv2d;
  activation: nn.TensorModule;
  scale_activation: nn.TensorModule;
  constructor(
    inputChannels: number,
    squeezeChannels: number,
    activation: () => nn.TensorModule = () => new nn.ReLU(),
    scaleActivation: () => nn.TensorModule = () => new nn.Sigmoid(),
  ) {
    super();
    this.avgpool = new nn.AdaptiveAvgPool2d(1);
    this.fc1 = new nn.Conv2d(inputChannels, squeezeChannels, 1);
    this.fc2 = new nn.Conv2d(squeezeChannels, inputChannels, 1);
    this.activation = activation();
    this.scale_activation = scaleActivation();
  }
  override forward(x: Tensor): Tensor {
    let scale = this.fc1.call(this.avgpool.call(x));
    scale = this.fc2.call(this.activation.call(scale));
    scale = this.scale_activation.call(scale);
    return F.mul(scale, x);
  }
}

export interface MLPOptions {
  normLayer?: LayerFactory | null;
  activationLayer?: ActivationFactory;
  inplace?: boolean | null;
  bias?: boolean;
  dropout?: number;
}

/** Linear layers with activation and dropout between, dropout after the last. */
export class MLP extends nn.Sequential {
  static override readonly typeName: string = 'MLP';
  constructor(inChannels: number, hiddenChannels: readonly number[], o: MLPOptions = {}) {
    const act = o.activationLayer ?? relu;
    const inplace = o.inplace ?? null;
    const bias = o.bias ?? true;
    const p = o.dropout ?? 0;
    const layers: nn.Module[] = [];
    let inDim = inChannels;
    for (const hidden of hiddenChannels.slice(0, -1)) {
      layers.push(new nn.Linear(inDim, hidden, { bias }));
      if (o.normLayer) layers.push(o.normLayer(hidden));
      layers.push(act(inplace));
      layers.push(new nn.Dropout(p, inplace ?? false));
      inDim = hidden;
    }
    layers.push(new nn.Linear(inDim, hiddenChannels[hiddenChannels.length - 1]!, { bias }));
    layers.push(new nn.Dropout(p, inplace ?? false));
    super(...layers);
  }
}

export class Permute extends nn.Module {
  static override readonly typeName: string = 'Permute';
  readonly dims: readonly number[];
  constructor(dims: readonly number[]) {
    super();
    this.dims = dims;
  }
  override forward(x: Tensor): Tensor {
    return F.permute(x, this.dims);
  }
}

/**
 * torchvision.ops.StochasticDepth. In training with p > 0 it draws noise:
 * empty, bernoulli_, div_ (when the survival rate is positive), then mul.
 */
export class StochasticDepth extends nn.Module {
  static override readonly typeName: string = 'StochasticDepth';
  readonly p: number;
  readonly mode: 'batch' | 'row';
  constructor(p: number, mode: 'batch' | 'row') {
    super();
    this.p = p;
    this.mode = mode;
  }
  override forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    // [input.shape[0]] + [1] * (input.ndim - 1): the batch size is traced.
    const size = this.mode === 'row' ? [x.size(0), ...new Array<number>(x.rank - 1).fill(1)] : new Array<number>(x.rank).fill(1);
    let noise = F.empty(size);
    noise = F.bernoulli_(noise, 1 - this.p);
    if (1 - this.p > 0) noise = F.div_(noise, 1 - this.p);
    return F.mul(x, noise);
  }
  /** torchvision overrides `__repr__` (not extra_repr): `StochasticDepth(p=0.0125, mode=row)`. */
  override customRepr(): string {
    return `${this.typeName()}(p=${pyFloat(this.p)}, mode=${this.mode})`;
  }
}
