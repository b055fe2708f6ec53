/**
 * torchvision's MobileNetV2, with torchvision's module names, registration
 * order and forward ops.
 *
 * @module
 */

import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import { batchNorm2d, Conv2dNormActivation, makeDivisible, relu6, type LayerFactory } from './ops.js';
import type { ZooEntry } from './index.js';

/** MobileNetV2's inverted residual (printed as `InvertedResidual`). */
class InvertedResidual extends nn.Module {
  static override readonly typeName: string = 'InvertedResidual';
  readonly stride: number;
  readonly useResConnect: boolean;
  conv: nn.Sequential;
  readonly outChannels: number;
  /** torchvision's `_is_cn`: the block strides. */
  readonly isCn: boolean;

  /**
   * A block from `inp` to `oup` channels, expanded `expandRatio` times inside;
   * the residual is used when the stride is 1 and `inp === oup`.
   */
  constructor(inp: number, oup: number, stride: number, expandRatio: number, normLayer: LayerFactory = batchNorm2d) {
    super();
    if (stride !== 1 && stride !== 2) throw new ArgumentError('InvertedResidual', 'stride', stride, '1 or 2');
    this.stride = stride;
    // Python's round() on a float: halves go to even, which never matters for
    // integer channels times the small ratios used here.
    const hiddenDim = Math.round(inp * expandRatio);
    this.useResConnect = stride === 1 && inp === oup;
    const layers: nn.Module[] = [];
    if (expandRatio !== 1) {
      layers.push(new Conv2dNormActivation(inp, hiddenDim, { kernelSize: 1, normLayer, activationLayer: relu6 }));
    }
    layers.push(
      new Conv2dNormActivation(hiddenDim, hiddenDim, { stride, groups: hiddenDim, normLayer, activationLayer: relu6 }),
      new nn.Conv2d(hiddenDim, oup, 1, { stride: 1, padding: 0, bias: false }),
      normLayer(oup),
    );
    this.conv = new nn.Sequential(...layers);
    this.outChannels = oup;
    this.isCn = stride > 1;
  }

  /** `conv(x)`, plus `x` when the block has a residual connection. */
  override forward(x: Tensor): Tensor {
    if (this.useResConnect) return F.add(x, this.conv.call(x));
    return this.conv.call(x);
  }
}

export { InvertedResidual as MobileNetV2InvertedResidual };

/**
 * Options of {@link MobileNetV2}: torchvision's `num_classes`, `width_mult`,
 * `inverted_residual_setting`, `round_nearest`, `norm_layer` and `dropout`
 * (0.2).
 */
export interface MobileNetV2Options {
  numClasses?: number;
  widthMult?: number;
  /** Rows of [t (expansion), c (channels), n (repeats), s (stride)]. */
  invertedResidualSetting?: readonly (readonly [number, number, number, number])[];
  roundNearest?: number;
  normLayer?: LayerFactory;
  dropout?: number;
}

const DEFAULT_SETTING: readonly (readonly [number, number, number, number])[] = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

/**
 * torchvision's `MobileNetV2`: a stride-2 stem, inverted residual stages, a 1x1
 * conv to `lastChannel`, global average pool and a dropout-linear classifier.
 */
export class MobileNetV2 extends nn.Module {
  static override readonly typeName: string = 'MobileNetV2';
  readonly lastChannel: number;
  features: nn.Sequential;
  classifier: nn.Sequential;

  constructor(options: MobileNetV2Options = {}) {
    super();
    const widthMult = options.widthMult ?? 1.0;
    const roundNearest = options.roundNearest ?? 8;
    const normLayer = options.normLayer ?? batchNorm2d;
    const setting = options.invertedResidualSetting ?? DEFAULT_SETTING;
    if (setting.length === 0) {
      throw new ArgumentError('MobileNetV2', 'inverted_residual_setting', setting, 'a non-empty list of [t, c, n, s]');
    }
    let inputChannel = makeDivisible(32 * widthMult, roundNearest);
    this.lastChannel = makeDivisible(1280 * Math.max(1.0, widthMult), roundNearest);
    const features: nn.Module[] = [
      new Conv2dNormActivation(3, inputChannel, { stride: 2, normLayer, activationLayer: relu6 }),
    ];
    for (const [t, c, n, s] of setting) {
      const outputChannel = makeDivisible(c * widthMult, roundNearest);
      for (let i = 0; i < n; i++) {
        features.push(new InvertedResidual(inputChannel, outputChannel, i === 0 ? s : 1, t, normLayer));
        inputChannel = outputChannel;
      }
    }
    features.push(new Conv2dNormActivation(inputChannel, this.lastChannel, { kernelSize: 1, normLayer, activationLayer: relu6 }));
    this.features = new nn.Sequential(...features);
    this.classifier = new nn.Sequential(
      new nn.Dropout(options.dropout ?? 0.2),
      new nn.Linear(this.lastChannel, options.numClasses ?? 1000),
    );
  }

  /** `features`, adaptive average pool to 1x1, flatten, `classifier`. */
  override forward(x: Tensor): Tensor {
    let y = this.features.call(x);
    y = F.adaptiveAvgPool2d(y, [1, 1]);
    y = F.flatten(y, 1);
    return this.classifier.call(y);
  }
}

/**
 * MobileNet V2 (torchvision `mobilenet_v2`): 3,504,872 parameters; 0.33 GFLOPs
 * at 3x224x224 in training mode.
 */
export const mobilenet_v2 = (o: MobileNetV2Options = {}): MobileNetV2 => new MobileNetV2(o);

/**
 * The family's entry of `models.ZOO`: mobilenet_v2 with its default input,
 * 3x224x224.
 */
export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  mobilenet_v2: { build: () => mobilenet_v2(), inputShape: [3, 224, 224] },
};
