/**
 * torchvision's VGG family (vgg11..vgg19, with and without batch norm), with
 * torchvision's module names, registration order and forward ops.
 *
 * @module
 */

import type { Tensor } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import type { ZooEntry } from './index.js';

/** A layer configuration: output channels of a 3x3 conv, or 'M' for a 2x2 max pool. */
export type VGGConfig = readonly (number | 'M')[];

/** torchvision's `cfgs`: A is VGG-11, B VGG-13, D VGG-16, E VGG-19. */
export const VGG_CONFIGS: Readonly<Record<'A' | 'B' | 'D' | 'E', VGGConfig>> = {
  A: [64, 'M', 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M'],
  B: [64, 64, 'M', 128, 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M'],
  D: [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M'],
  E: [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 256, 'M', 512, 512, 512, 512, 'M', 512, 512, 512, 512, 'M'],
};

/** torchvision's `make_layers`: the feature extractor as one flat Sequential. */
export function makeLayers(cfg: VGGConfig, batchNorm = false): nn.Sequential {
  const layers: nn.Module[] = [];
  let inChannels = 3;
  for (const v of cfg) {
    if (v === 'M') {
      layers.push(new nn.MaxPool2d(2, { stride: 2 }));
    } else {
      layers.push(new nn.Conv2d(inChannels, v, 3, { padding: 1 }));
      if (batchNorm) layers.push(new nn.BatchNorm2d(v));
      layers.push(new nn.ReLU(true));
      inChannels = v;
    }
  }
  return new nn.Sequential(...layers);
}

/**
 * Options of {@link VGG} and the vgg builders: `numClasses` (1000) and the
 * classifier's `dropout` (0.5).
 */
export interface VGGOptions {
  numClasses?: number;
  dropout?: number;
}

/**
 * torchvision's `VGG`: a feature extractor, a 7x7 adaptive average pool and a
 * three-layer classifier (4096, 4096, classes).
 */
export class VGG extends nn.Module {
  static override readonly typeName: string = 'VGG';
  features: nn.TensorModule;
  avgpool: nn.AdaptiveAvgPool2d;
  classifier: nn.Sequential;

  /**
   * @param features The conv layers, as {@link makeLayers} builds them.
   * @param options Classes and dropout.
   */
  constructor(features: nn.TensorModule, options: VGGOptions = {}) {
    super();
    const p = options.dropout ?? 0.5;
    this.features = features;
    this.avgpool = new nn.AdaptiveAvgPool2d([7, 7]);
    this.classifier = new nn.Sequential(
      new nn.Linear(512 * 7 * 7, 4096),
      new nn.ReLU(true),
      new nn.Dropout(p),
      new nn.Linear(4096, 4096),
      new nn.ReLU(true),
      new nn.Dropout(p),
      new nn.Linear(4096, options.numClasses ?? 1000),
    );
  }

  /** `features`, average pool, flatten, `classifier`. */
  override forward(x: Tensor): Tensor {
    let y = this.features.call(x);
    y = this.avgpool.call(y);
    return this.classifier.call(F.flatten(y, 1));
  }
}

const vgg = (cfg: keyof typeof VGG_CONFIGS, batchNorm: boolean, o: VGGOptions): VGG => new VGG(makeLayers(VGG_CONFIGS[cfg], batchNorm), o);

/** VGG-11 (torchvision `vgg11`, configuration A): 132,863,336 parameters. */
export const vgg11 = (o: VGGOptions = {}): VGG => vgg('A', false, o);
/** VGG-11 with batch norm (torchvision `vgg11_bn`): 132,868,840 parameters. */
export const vgg11_bn = (o: VGGOptions = {}): VGG => vgg('A', true, o);
/** VGG-13 (torchvision `vgg13`, configuration B): 133,047,848 parameters. */
export const vgg13 = (o: VGGOptions = {}): VGG => vgg('B', false, o);
/** VGG-13 with batch norm (torchvision `vgg13_bn`): 133,053,736 parameters. */
export const vgg13_bn = (o: VGGOptions = {}): VGG => vgg('B', true, o);
/**
 * VGG-16 (torchvision `vgg16`, configuration D): 138,357,544 parameters;
 * 15.47 GFLOPs at 3x224x224.
 */
export const vgg16 = (o: VGGOptions = {}): VGG => vgg('D', false, o);
/** VGG-16 with batch norm (torchvision `vgg16_bn`): 138,365,992 parameters. */
export const vgg16_bn = (o: VGGOptions = {}): VGG => vgg('D', true, o);
/** VGG-19 (torchvision `vgg19`, configuration E): 143,667,240 parameters. */
export const vgg19 = (o: VGGOptions = {}): VGG => vgg('E', false, o);
/** VGG-19 with batch norm (torchvision `vgg19_bn`): 143,678,248 parameters. */
export const vgg19_bn = (o: VGGOptions = {}): VGG => vgg('E', true, o);

const IMAGE = [3, 224, 224] as const;

/**
 * The family's entries of `models.ZOO`: each builder with its default input,
 * 3x224x224.
 */
export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  vgg11: { build: () => vgg11(), inputShape: IMAGE },
  vgg11_bn: { build: () => vgg11_bn(), inputShape: IMAGE },
  vgg13: { build: () => vgg13(), inputShape: IMAGE },
  vgg13_bn: { build: () => vgg13_bn(), inputShape: IMAGE },
  vgg16: { build: () => vgg16(), inputShape: IMAGE },
  vgg16_bn: { build: () => vgg16_bn(), inputShape: IMAGE },
  vgg19: { build: () => vgg19(), inputShape: IMAGE },
  vgg19_bn: { build: () => vgg19_bn(), inputShape: IMAGE },
};
