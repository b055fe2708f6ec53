/**
 * torchvision's MobileNetV3 (large and small), with torchvision's module names,
 * registration order and forward ops. `dilated: true` is the backbone variant
 * torchvision's segmentation models build (the last stage dilates instead of
 * striding).
 *
 * @module
 */

import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import { Conv2dNormActivation, hardswish, makeDivisible, relu, SqueezeExcitation, type LayerFactory } from './ops.js';
import type { ZooEntry } from './index.js';

/**
 * torchvision's `InvertedResidualConfig`: one block's kernel, channels (scaled
 * by the width multiplier), squeeze-excitation, activation (`'RE'` relu, `'HS'`
 * hardswish), stride and dilation.
 */
export class InvertedResidualConfig {
  readonly inputChannels: number;
  readonly kernel: number;
  readonly expandedChannels: number;
  readonly outChannels: number;
  readonly useSe: boolean;
  readonly useHs: boolean;
  readonly stride: number;
  readonly dilation: number;

  constructor(
    inputChannels: number,
    kernel: number,
    expandedChannels: number,
    outChannels: number,
    useSe: boolean,
    activation: 'RE' | 'HS',
    stride: number,
    dilation: number,
    widthMult: number,
  ) {
    this.inputChannels = InvertedResidualConfig.adjustChannels(inputChannels, widthMult);
    this.kernel = kernel;
    this.expandedChannels = InvertedResidualConfig.adjustChannels(expandedChannels, widthMult);
    this.outChannels = InvertedResidualConfig.adjustChannels(outChannels, widthMult);
    this.useSe = useSe;
    this.useHs = activation === 'HS';
    this.stride = stride;
    this.dilation = dilation;
  }

  /**
   * `channels * widthMult`, rounded to a multiple of 8 (torchvision's
   * `adjust_channels`).
   */
  static adjustChannels(channels: number, widthMult: number): number {
    return makeDivisible(channels * widthMult, 8);
  }
}

/** MobileNetV3's inverted residual (printed as `InvertedResidual`). */
class InvertedResidual extends nn.Module {
  static override readonly typeName: string = 'InvertedResidual';
  readonly useResConnect: boolean;
  block: nn.Sequential;
  readonly outChannels: number;
  /** torchvision's `_is_cn`: the block strides (segmentation models pick stages by it). */
  readonly isCn: boolean;

  /** A block as `cnf` describes it. */
  constructor(cnf: InvertedResidualConfig, normLayer: LayerFactory) {
    super();
    if (!(cnf.stride >= 1 && cnf.stride <= 2)) throw new ArgumentError('InvertedResidual', 'stride', cnf.stride, '1 or 2');
    this.useResConnect = cnf.stride === 1 && cnf.inputChannels === cnf.outChannels;
    const activationLayer = cnf.useHs ? hardswish : relu;
    const layers: nn.Module[] = [];
    if (cnf.expandedChannels !== cnf.inputChannels) {
      layers.push(new Conv2dNormActivation(cnf.inputChannels, cnf.expandedChannels, { kernelSize: 1, normLayer, activationLayer }));
    }
    const stride = cnf.dilation > 1 ? 1 : cnf.stride;
    layers.push(
      new Conv2dNormActivation(cnf.expandedChannels, cnf.expandedChannels, {
        kernelSize: cnf.kernel,
        stride,
        dilation: cnf.dilation,
        groups: cnf.expandedChannels,
        normLayer,
        activationLayer,
      }),
    );
    if (cnf.useSe) {
      const squeezeChannels = makeDivisible(Math.floor(cnf.expandedChannels / 4), 8);
      layers.push(new SqueezeExcitation(cnf.expandedChannels, squeezeChannels, () => new nn.ReLU(), () => new nn.Hardsigmoid()));
    }
    layers.push(new Conv2dNormActivation(cnf.expandedChannels, cnf.outChannels, { kernelSize: 1, normLayer, activationLayer: null }));
    this.block = new nn.Sequential(...layers);
    this.outChannels = cnf.outChannels;
    this.isCn = cnf.stride > 1;
  }

  /** `block(x)`, plus `x` in place when the block has a residual connection. */
  override forward(x: Tensor): Tensor {
    let result = this.block.call(x);
    if (this.useResConnect) result = F.add_(result, x);
    return result;
  }
}

export { InvertedResidual as MobileNetV3InvertedResidual };

const mobileNetV3Norm: LayerFactory = (c) => new nn.BatchNorm2d(c, { eps: 0.001, momentum: 0.01 });

/**
 * Options of the {@link MobileNetV3} module: torchvision's `num_classes`,
 * `norm_layer` and `dropout` (0.2).
 */
export interface MobileNetV3ModelOptions {
  numClasses?: number;
  normLayer?: LayerFactory;
  dropout?: number;
}

/**
 * torchvision's `MobileNetV3`: a hardswish stem, the inverted residual blocks,
 * a 1x1 conv to 6x the last block's channels, global average pool and a
 * two-layer classifier.
 */
export class MobileNetV3 extends nn.Module {
  static override readonly typeName: string = 'MobileNetV3';
  features: nn.Sequential;
  avgpool: nn.AdaptiveAvgPool2d;
  classifier: nn.Sequential;

  /**
   * @param setting The blocks, as {@link mobilenetV3Conf} makes them.
   * @param lastChannel The classifier's hidden width.
   * @param options Classes, norm layer and dropout.
   */
  constructor(setting: readonly InvertedResidualConfig[], lastChannel: number, options: MobileNetV3ModelOptions = {}) {
    super();
    const first = setting[0];
    const last = setting[setting.length - 1];
    if (first === undefined || last === undefined) {
      throw new ArgumentError('MobileNetV3', 'inverted_residual_setting', setting, 'a non-empty list');
    }
    const normLayer = options.normLayer ?? mobileNetV3Norm;
    const layers: nn.Module[] = [
      new Conv2dNormActivation(3, first.inputChannels, { kernelSize: 3, stride: 2, normLayer, activationLayer: hardswish }),
    ];
    for (const cnf of setting) layers.push(new InvertedResidual(cnf, normLayer));
    const lastconvInput = last.outChannels;
    const lastconvOutput = 6 * lastconvInput;
    layers.push(new Conv2dNormActivation(lastconvInput, lastconvOutput, { kernelSize: 1, normLayer, activationLayer: hardswish }));
    this.features = new nn.Sequential(...layers);
    this.avgpool = new nn.AdaptiveAvgPool2d(1);
    this.classifier = new nn.Sequential(
      new nn.Linear(lastconvOutput, lastChannel),
      new nn.Hardswish(true),
      new nn.Dropout(options.dropout ?? 0.2, true),
      new nn.Linear(lastChannel, options.numClasses ?? 1000),
    );
  }

  /** `features`, `avgpool`, flatten, `classifier`. */
  override forward(x: Tensor): Tensor {
    let y = this.features.call(x);
    y = this.avgpool.call(y);
    y = F.flatten(y, 1);
    return this.classifier.call(y);
  }
}

/**
 * Options of {@link mobilenetV3Conf}: torchvision's `width_mult`,
 * `reduced_tail` (halves the last stage's channels) and `dilated`.
 */
export interface MobileNetV3ConfOptions {
  widthMult?: number;
  reducedTail?: boolean;
  /** The last stage uses dilation 2 instead of stride 2 (segmentation backbones). */
  dilated?: boolean;
}

/**
 * Options of the mobilenet_v3 builders: the block settings' and the module's
 * together.
 */
export type MobileNetV3Options = MobileNetV3ConfOptions & MobileNetV3ModelOptions;

/** torchvision's `_mobilenet_v3_conf`: the block settings and the classifier's hidden width. */
export function mobilenetV3Conf(
  arch: 'mobilenet_v3_large' | 'mobilenet_v3_small',
  o: MobileNetV3ConfOptions = {},
): [InvertedResidualConfig[], number] {
  const rd = o.reducedTail ? 2 : 1;
  const dil = o.dilated ? 2 : 1;
  const w = o.widthMult ?? 1.0;
  const b = (i: number, k: number, e: number, out: number, se: boolean, act: 'RE' | 'HS', s: number, d: number): InvertedResidualConfig =>
    new InvertedResidualConfig(i, k, e, out, se, act, s, d, w);
  const q = (n: number): number => Math.floor(n / rd);
  if (arch === 'mobilenet_v3_large') {
    return [
      [
        b(16, 3, 16, 16, false, 'RE', 1, 1),
        b(16, 3, 64, 24, false, 'RE', 2, 1), // C1
        b(24, 3, 72, 24, false, 'RE', 1, 1),
        b(24, 5, 72, 40, true, 'RE', 2, 1), // C2
        b(40, 5, 120, 40, true, 'RE', 1, 1),
        b(40, 5, 120, 40, true, 'RE', 1, 1),
        b(40, 3, 240, 80, false, 'HS', 2, 1), // C3
        b(80, 3, 200, 80, false, 'HS', 1, 1),
        b(80, 3, 184, 80, false, 'HS', 1, 1),
        b(80, 3, 184, 80, false, 'HS', 1, 1),
        b(80, 3, 480, 112, true, 'HS', 1, 1),
        b(112, 3, 672, 112, true, 'HS', 1, 1),
        b(112, 5, 672, q(160), true, 'HS', 2, dil), // C4
        b(q(160), 5, q(960), q(160), true, 'HS', 1, dil),
        b(q(160), 5, q(960), q(160), true, 'HS', 1, dil),
      ],
      InvertedResidualConfig.adjustChannels(q(1280), w), // C5
    ];
  }
  if (arch === 'mobilenet_v3_small') {
    return [
      [
        b(16, 3, 16, 16, true, 'RE', 2, 1), // C1
        b(16, 3, 72, 24, false, 'RE', 2, 1), // C2
        b(24, 3, 88, 24, false, 'RE', 1, 1),
        b(24, 5, 96, 40, true, 'HS', 2, 1), // C3
        b(40, 5, 240, 40, true, 'HS', 1, 1),
        b(40, 5, 240, 40, true, 'HS', 1, 1),
        b(40, 5, 120, 48, true, 'HS', 1, 1),
        b(48, 5, 144, 48, true, 'HS', 1, 1),
        b(48, 5, 288, q(96), true, 'HS', 2, dil), // C4
        b(q(96), 5, q(576), q(96), true, 'HS', 1, dil),
        b(q(96), 5, q(576), q(96), true, 'HS', 1, dil),
      ],
      InvertedResidualConfig.adjustChannels(q(1024), w), // C5
    ];
  }
  throw new ArgumentError('mobilenetV3Conf', 'arch', arch, "'mobilenet_v3_large' or 'mobilenet_v3_small'");
}

/** MobileNet V3 Large (torchvision `mobilenet_v3_large`): 5,483,032 parameters. */
export const mobilenet_v3_large = (o: MobileNetV3Options = {}): MobileNetV3 => {
  const [setting, lastChannel] = mobilenetV3Conf('mobilenet_v3_large', o);
  return new MobileNetV3(setting, lastChannel, o);
};

/** MobileNet V3 Small (torchvision `mobilenet_v3_small`): 2,542,856 parameters. */
export const mobilenet_v3_small = (o: MobileNetV3Options = {}): MobileNetV3 => {
  const [setting, lastChannel] = mobilenetV3Conf('mobilenet_v3_small', o);
  return new MobileNetV3(setting, lastChannel, o);
};

/**
 * The family's entries of `models.ZOO`: each builder with its default input,
 * 3x224x224.
 */
export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  mobilenet_v3_large: { build: () => mobilenet_v3_large(), inputShape: [3, 224, 224] },
  mobilenet_v3_small: { build: () => mobilenet_v3_small(), inputShape: [3, 224, 224] },
};
