/**
 * torchvision's EfficientNet family (efficientnet_b0..b7, efficientnet_v2_s/m/l)
 * with torchvision 0.14's module names, registration order and forward ops.
 *
 * @module
 */

import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import type { ZooEntry } from './index.js';
import { Conv2dNormActivation, makeDivisible, SqueezeExcitation, StochasticDepth, silu, type LayerFactory } from './ops.js';

function adjustChannels(channels: number, widthMult: number): number {
  return makeDivisible(channels * widthMult, 8);
}

/** One stage of the network: `numLayers` blocks of one kind. */
export interface MBConvConfig {
  readonly kind: 'MBConv' | 'FusedMBConv';
  readonly expandRatio: number;
  readonly kernel: number;
  readonly stride: number;
  readonly inputChannels: number;
  readonly outChannels: number;
  readonly numLayers: number;
}

/** torchvision's MBConvConfig: channels scaled by width_mult, depth by depth_mult. */
export function mbConvConfig(
  expandRatio: number,
  kernel: number,
  stride: number,
  inputChannels: number,
  outChannels: number,
  numLayers: number,
  widthMult = 1.0,
  depthMult = 1.0,
): MBConvConfig {
  return {
    kind: 'MBConv',
    expandRatio,
    kernel,
    stride,
    inputChannels: adjustChannels(inputChannels, widthMult),
    outChannels: adjustChannels(outChannels, widthMult),
    numLayers: Math.ceil(numLayers * depthMult),
  };
}

/** torchvision's FusedMBConvConfig: used as given. */
export function fusedMBConvConfig(
  expandRatio: number,
  kernel: number,
  stride: number,
  inputChannels: number,
  outChannels: number,
  numLayers: number,
): MBConvConfig {
  return { kind: 'FusedMBConv', expandRatio, kernel, stride, inputChannels, outChannels, numLayers };
}

function checkStride(name: string, stride: number): void {
  if (!(stride >= 1 && stride <= 2)) throw new ArgumentError(name, 'stride', stride, '1 or 2');
}

const siluInplace = (): nn.TensorModule => new nn.SiLU(true);

/** Inverted residual: 1x1 expand, depthwise conv, squeeze-excitation, 1x1 project. */
export class MBConv extends nn.Module {
  static override readonly typeName: string = 'MBConv';
  readonly useResConnect: boolean;
  readonly outChannels: number;
  block: nn.Sequential;
  stochastic_depth: StochasticDepth;

  /**
   * A block as `cnf` describes it; `stochasticDepthProb` is the residual
   * branch's drop probability in training.
   */
  constructor(cnf: MBConvConfig, stochasticDepthProb: number, normLayer: LayerFactory) {
    super();
    checkStride('MBConv', cnf.stride);
    this.useResConnect = cnf.stride === 1 && cnf.inputChannels === cnf.outChannels;
    const layers: nn.Module[] = [];
    const expanded = adjustChannels(cnf.inputChannels, cnf.expandRatio);
    if (expanded !== cnf.inputChannels) {
      layers.push(new Conv2dNormActivation(cnf.inputChannels, expanded, { kernelSize: 1, normLayer, activationLayer: silu }));
    }
    layers.push(
      new Conv2dNormActivation(expanded, expanded, {
        kernelSize: cnf.kernel,
        stride: cnf.stride,
        groups: expanded,
        normLayer,
        activationLayer: silu,
      }),
    );
    const squeezeChannels = Math.max(1, Math.floor(cnf.inputChannels / 4));
    layers.push(new SqueezeExcitation(expanded, squeezeChannels, siluInplace));
    layers.push(new Conv2dNormActivation(expanded, cnf.outChannels, { kernelSize: 1, normLayer, activationLayer: null }));
    this.block = new nn.Sequential(...layers);
    this.stochastic_depth = new StochasticDepth(stochasticDepthProb, 'row');
    this.outChannels = cnf.outChannels;
  }

  /**
   * `block(input)`; with a residual connection, stochastic depth on it, then
   * `input` added in place.
   */
  override forward(input: Tensor): Tensor {
    let result = this.block.call(input);
    if (this.useResConnect) {
      result = this.stochastic_depth.call(result);
      result = F.add_(result, input);
    }
    return result;
  }
}

/** EfficientNetV2's fused block: one full conv for expand + depthwise, then a 1x1 project. */
export class FusedMBConv extends nn.Module {
  static override readonly typeName: string = 'FusedMBConv';
  readonly useResConnect: boolean;
  readonly outChannels: number;
  block: nn.Sequential;
  stochastic_depth: StochasticDepth;

  /**
   * A block as `cnf` describes it; `stochasticDepthProb` is the residual
   * branch's drop probability in training.
   */
  constructor(cnf: MBConvConfig, stochasticDepthProb: number, normLayer: LayerFactory) {
    super();
    checkStride('FusedMBConv', cnf.stride);
    this.useResConnect = cnf.stride === 1 && cnf.inputChannels === cnf.outChannels;
    const layers: nn.Module[] = [];
    const expanded = adjustChannels(cnf.inputChannels, cnf.expandRatio);
    if (expanded !== cnf.inputChannels) {
      layers.push(
        new Conv2dNormActivation(cnf.inputChannels, expanded, { kernelSize: cnf.kernel, stride: cnf.stride, normLayer, activationLayer: silu }),
      );
      layers.push(new Conv2dNormActivation(expanded, cnf.outChannels, { kernelSize: 1, normLayer, activationLayer: null }));
    } else {
      layers.push(
        new Conv2dNormActivation(cnf.inputChannels, cnf.outChannels, { kernelSize: cnf.kernel, stride: cnf.stride, normLayer, activationLayer: silu }),
      );
    }
    this.block = new nn.Sequential(...layers);
    this.stochastic_depth = new StochasticDepth(stochasticDepthProb, 'row');
    this.outChannels = cnf.outChannels;
  }

  /**
   * `block(input)`; with a residual connection, stochastic depth on it, then
   * `input` added in place.
   */
  override forward(input: Tensor): Tensor {
    let result = this.block.call(input);
    if (this.useResConnect) {
      result = this.stochastic_depth.call(result);
      result = F.add_(result, input);
    }
    return result;
  }
}

/**
 * Options of {@link EfficientNet}: torchvision's `stochastic_depth_prob` (0.2),
 * `num_classes`, `norm_layer` and `last_channel` (4x the last stage's channels
 * by default).
 */
export interface EfficientNetOptions {
  stochasticDepthProb?: number;
  numClasses?: number;
  normLayer?: LayerFactory;
  lastChannel?: number | null;
}

/**
 * torchvision's `EfficientNet` (V1 and V2): a stride-2 stem, one Sequential of
 * MBConv or FusedMBConv blocks per stage, a 1x1 conv, global average pool and a
 * dropout-linear classifier.
 */
export class EfficientNet extends nn.Module {
  static override readonly typeName: string = 'EfficientNet';
  features: nn.Sequential;
  avgpool: nn.AdaptiveAvgPool2d;
  classifier: nn.Sequential;

  /**
   * @param setting The stages, as {@link mbConvConfig} and
   *   {@link fusedMBConvConfig} make them.
   * @param dropout The classifier's dropout.
   * @param options Stochastic depth, classes, norm layer, last channel.
   */
  constructor(setting: readonly MBConvConfig[], dropout: number, options: EfficientNetOptions = {}) {
    super();
    const first = setting[0];
    const last = setting[setting.length - 1];
    if (first === undefined || last === undefined) {
      throw new ArgumentError('EfficientNet', 'inverted_residual_setting', setting, 'a non-empty list of block configs');
    }
    const normLayer = options.normLayer ?? ((c: number) => new nn.BatchNorm2d(c));
    const sdProb = options.stochasticDepthProb ?? 0.2;
    const layers: nn.Module[] = [
      new Conv2dNormActivation(3, first.inputChannels, { kernelSize: 3, stride: 2, normLayer, activationLayer: silu }),
    ];
    const totalStageBlocks = setting.reduce((s, c) => s + c.numLayers, 0);
    let stageBlockId = 0;
    for (const cnf of setting) {
      const stage: nn.Module[] = [];
      for (let i = 0; i < cnf.numLayers; i++) {
        // Blocks after the first of a stage keep the stage's width and stride 1.
        const blockCnf: MBConvConfig = i === 0 ? cnf : { ...cnf, inputChannels: cnf.outChannels, stride: 1 };
        // The drop probability grows linearly with the block's depth.
        const p = (sdProb * stageBlockId) / totalStageBlocks;
        stage.push(blockCnf.kind === 'MBConv' ? new MBConv(blockCnf, p, normLayer) : new FusedMBConv(blockCnf, p, normLayer));
        stageBlockId++;
      }
      layers.push(new nn.Sequential(...stage));
    }
    const lastIn = last.outChannels;
    const lastOut = options.lastChannel ?? 4 * lastIn;
    layers.push(new Conv2dNormActivation(lastIn, lastOut, { kernelSize: 1, normLayer, activationLayer: silu }));
    this.features = new nn.Sequential(...layers);
    this.avgpool = new nn.AdaptiveAvgPool2d(1);
    this.classifier = new nn.Sequential(new nn.Dropout(dropout, true), new nn.Linear(lastOut, options.numClasses ?? 1000));
  }

  /** `features`, `avgpool`, flatten, `classifier`. */
  override forward(x: Tensor): Tensor {
    let y = this.features.call(x);
    y = this.avgpool.call(y);
    y = F.flatten(y, 1);
    return this.classifier.call(y);
  }
}

/** The B0 stages scaled by width and depth multipliers (EfficientNet paper, table 1). */
function v1Setting(widthMult: number, depthMult: number): MBConvConfig[] {
  const c = (e: number, k: number, s: number, i: number, o: number, n: number): MBConvConfig =>
    mbConvConfig(e, k, s, i, o, n, widthMult, depthMult);
  return [
    c(1, 3, 1, 32, 16, 1),
    c(6, 3, 2, 16, 24, 2),
    c(6, 5, 2, 24, 40, 2),
    c(6, 3, 2, 40, 80, 3),
    c(6, 5, 1, 80, 112, 3),
    c(6, 5, 2, 112, 192, 4),
    c(6, 3, 1, 192, 320, 1),
  ];
}

const V2_S: readonly MBConvConfig[] = [
  fusedMBConvConfig(1, 3, 1, 24, 24, 2),
  fusedMBConvConfig(4, 3, 2, 24, 48, 4),
  fusedMBConvConfig(4, 3, 2, 48, 64, 4),
  mbConvConfig(4, 3, 2, 64, 128, 6),
  mbConvConfig(6, 3, 1, 128, 160, 9),
  mbConvConfig(6, 3, 2, 160, 256, 15),
];

const V2_M: readonly MBConvConfig[] = [
  fusedMBConvConfig(1, 3, 1, 24, 24, 3),
  fusedMBConvConfig(4, 3, 2, 24, 48, 5),
  fusedMBConvConfig(4, 3, 2, 48, 80, 5),
  mbConvConfig(4, 3, 2, 80, 160, 7),
  mbConvConfig(6, 3, 1, 160, 176, 14),
  mbConvConfig(6, 3, 2, 176, 304, 18),
  mbConvConfig(6, 3, 1, 304, 512, 5),
];

const V2_L: readonly MBConvConfig[] = [
  fusedMBConvConfig(1, 3, 1, 32, 32, 4),
  fusedMBConvConfig(4, 3, 2, 32, 64, 7),
  fusedMBConvConfig(4, 3, 2, 64, 96, 7),
  mbConvConfig(4, 3, 2, 96, 192, 10),
  mbConvConfig(6, 3, 1, 192, 224, 19),
  mbConvConfig(6, 3, 2, 224, 384, 25),
  mbConvConfig(6, 3, 1, 384, 640, 7),
];

/** B5..B7 were ported with TensorFlow's batch-norm settings. */
const bnTf: LayerFactory = (c) => new nn.BatchNorm2d(c, { eps: 0.001, momentum: 0.01 });
/** EfficientNetV2 uses eps 1e-3 with the default momentum. */
const bnV2: LayerFactory = (c) => new nn.BatchNorm2d(c, { eps: 1e-3 });

type Options = Omit<EfficientNetOptions, 'lastChannel'>;

/**
 * EfficientNet-B0 (torchvision `efficientnet_b0`, default input 3x224x224):
 * 5,288,548 parameters.
 */
export const efficientnet_b0 = (o: Options = {}): EfficientNet => new EfficientNet(v1Setting(1.0, 1.0), 0.2, o);
/**
 * EfficientNet-B1 (torchvision `efficientnet_b1`, default input 3x240x240):
 * 7,794,184 parameters.
 */
export const efficientnet_b1 = (o: Options = {}): EfficientNet => new EfficientNet(v1Setting(1.0, 1.1), 0.2, o);
/**
 * EfficientNet-B2 (torchvision `efficientnet_b2`, default input 3x288x288):
 * 9,109,994 parameters.
 */
export const efficientnet_b2 = (o: Options = {}): EfficientNet => new EfficientNet(v1Setting(1.1, 1.2), 0.3, o);
/**
 * EfficientNet-B3 (torchvision `efficientnet_b3`, default input 3x300x300):
 * 12,233,232 parameters.
 */
export const efficientnet_b3 = (o: Options = {}): EfficientNet => new EfficientNet(v1Setting(1.2, 1.4), 0.3, o);
/**
 * EfficientNet-B4 (torchvision `efficientnet_b4`, default input 3x380x380):
 * 19,341,616 parameters.
 */
export const efficientnet_b4 = (o: Options = {}): EfficientNet => new EfficientNet(v1Setting(1.4, 1.8), 0.4, o);
/**
 * EfficientNet-B5 (torchvision `efficientnet_b5`, default input 3x456x456):
 * 30,389,784 parameters.
 */
export const efficientnet_b5 = (o: Options = {}): EfficientNet => new EfficientNet(v1Setting(1.6, 2.2), 0.4, { normLayer: bnTf, ...o });
/**
 * EfficientNet-B6 (torchvision `efficientnet_b6`, default input 3x528x528):
 * 43,040,704 parameters.
 */
export const efficientnet_b6 = (o: Options = {}): EfficientNet => new EfficientNet(v1Setting(1.8, 2.6), 0.5, { normLayer: bnTf, ...o });
/**
 * EfficientNet-B7 (torchvision `efficientnet_b7`, default input 3x600x600):
 * 66,347,960 parameters.
 */
export const efficientnet_b7 = (o: Options = {}): EfficientNet => new EfficientNet(v1Setting(2.0, 3.1), 0.5, { normLayer: bnTf, ...o });
/**
 * EfficientNetV2-S (torchvision `efficientnet_v2_s`, default input 3x384x384):
 * 21,458,488 parameters.
 */
export const efficientnet_v2_s = (o: Options = {}): EfficientNet => new EfficientNet(V2_S, 0.2, { normLayer: bnV2, ...o, lastChannel: 1280 });
/**
 * EfficientNetV2-M (torchvision `efficientnet_v2_m`, default input 3x480x480):
 * 54,139,356 parameters.
 */
export const efficientnet_v2_m = (o: Options = {}): EfficientNet => new EfficientNet(V2_M, 0.3, { normLayer: bnV2, ...o, lastChannel: 1280 });
/**
 * EfficientNetV2-L (torchvision `efficientnet_v2_l`, default input 3x480x480):
 * 118,515,272 parameters.
 */
export const efficientnet_v2_l = (o: Options = {}): EfficientNet => new EfficientNet(V2_L, 0.4, { normLayer: bnV2, ...o, lastChannel: 1280 });

/** Default inputs: the crop size of each builder's default weights' transforms. */
const image = (size: number): readonly number[] => [3, size, size];

/**
 * The family's entries of `models.ZOO`: each builder with the crop size of its
 * default weights' transforms as its input (224 to 600 pixels square).
 */
export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  efficientnet_b0: { build: () => efficientnet_b0(), inputShape: image(224) },
  efficientnet_b1: { build: () => efficientnet_b1(), inputShape: image(240) },
  efficientnet_b2: { build: () => efficientnet_b2(), inputShape: image(288) },
  efficientnet_b3: { build: () => efficientnet_b3(), inputShape: image(300) },
  efficientnet_b4: { build: () => efficientnet_b4(), inputShape: image(380) },
  efficientnet_b5: { build: () => efficientnet_b5(), inputShape: image(456) },
  efficientnet_b6: { build: () => efficientnet_b6(), inputShape: image(528) },
  efficientnet_b7: { build: () => efficientnet_b7(), inputShape: image(600) },
  efficientnet_v2_s: { build: () => efficientnet_v2_s(), inputShape: image(384) },
  efficientnet_v2_m: { build: () => efficientnet_v2_m(), inputShape: image(480) },
  efficientnet_v2_l: { build: () => efficientnet_v2_l(), inputShape: image(480) },
};
