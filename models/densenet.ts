/**
 * torchvision's DenseNet family (densenet121/161/169/201), with torchvision's
 * module names, registration order and forward ops (memory_efficient=False:
 * every layer concatenates its inputs, then norm, relu, conv twice).
 *
 * @module
 */

import type { Tensor } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import type { ZooEntry } from './index.js';

/** `Array.isArray`, which narrows only mutable arrays by itself. */
function isTensorList(x: Tensor | readonly Tensor[]): x is readonly Tensor[] {
  return Array.isArray(x);
}

/**
 * torchvision's `_DenseLayer`: concatenates its inputs, then norm-relu-1x1 conv
 * (to `bnSize * growthRate` channels) and norm-relu-3x3 conv (to `growthRate`).
 */
export class _DenseLayer extends nn.Module {
  static override readonly typeName: string = '_DenseLayer';
  norm1: nn.BatchNorm2d;
  relu1: nn.ReLU;
  conv1: nn.Conv2d;
  norm2: nn.BatchNorm2d;
  relu2: nn.ReLU;
  conv2: nn.Conv2d;
  readonly dropRate: number;
  readonly memoryEfficient: boolean;

  /**
   * A layer reading `numInputFeatures` channels and making `growthRate` new
   * ones.
   */
  constructor(numInputFeatures: number, growthRate: number, bnSize: number, dropRate: number, memoryEfficient = false) {
    super();
    this.norm1 = new nn.BatchNorm2d(numInputFeatures);
    this.relu1 = new nn.ReLU(true);
    this.conv1 = new nn.Conv2d(numInputFeatures, bnSize * growthRate, 1, { stride: 1, bias: false });
    this.norm2 = new nn.BatchNorm2d(bnSize * growthRate);
    this.relu2 = new nn.ReLU(true);
    this.conv2 = new nn.Conv2d(bnSize * growthRate, growthRate, 3, { stride: 1, padding: 1, bias: false });
    this.dropRate = dropRate;
    this.memoryEfficient = memoryEfficient;
  }

  /** torchvision's `bn_function`: a method, so its ops belong to this layer. */
  bnFunction(inputs: readonly Tensor[]): Tensor {
    const concated = F.cat(inputs, 1);
    return this.conv1.call(this.relu1.call(this.norm1.call(concated)));
  }

  /**
   * Takes one tensor or the list of every earlier feature map; returns the
   * `growthRate` new channels (dropout after when `dropRate` > 0).
   */
  override forward(input: Tensor | readonly Tensor[]): Tensor {
    const prev = isTensorList(input) ? input : [input];
    // Shape-only tensors never require grad, so the checkpointed path is never taken.
    const bottleneck = this.bnFunction(prev);
    let out = this.conv2.call(this.relu2.call(this.norm2.call(bottleneck)));
    if (this.dropRate > 0) out = F.dropout(out, this.dropRate, this.training);
    return out;
  }
}

/**
 * torchvision's `_DenseBlock`: dense layers `denselayer1`, ..., each reading
 * the block's input and every earlier layer's output.
 */
export class _DenseBlock extends nn.ModuleDict<_DenseLayer> {
  static override readonly typeName: string = '_DenseBlock';
  /**
   * A block of `numLayers` layers, adding `numLayers * growthRate` channels to
   * `numInputFeatures`.
   */
  constructor(numLayers: number, numInputFeatures: number, bnSize: number, growthRate: number, dropRate: number, memoryEfficient = false) {
    super();
    for (let i = 0; i < numLayers; i++) {
      const layer = new _DenseLayer(numInputFeatures + i * growthRate, growthRate, bnSize, dropRate, memoryEfficient);
      this.addModule(`denselayer${i + 1}`, layer);
    }
  }

  /** The block's input and every layer's output, concatenated along channels. */
  override forward(initFeatures: Tensor): Tensor {
    const features: Tensor[] = [initFeatures];
    for (const [, layer] of this.entries()) {
      features.push(layer.call(features));
    }
    return F.cat(features, 1);
  }
}

/**
 * torchvision's `_Transition` between dense blocks: norm, relu, 1x1 conv, 2x2
 * average pool.
 */
export class _Transition extends nn.Sequential {
  static override readonly typeName: string = '_Transition';
  /**
   * A transition from `numInputFeatures` to `numOutputFeatures` channels,
   * halving the spatial size.
   */
  constructor(numInputFeatures: number, numOutputFeatures: number) {
    super({
      norm: new nn.BatchNorm2d(numInputFeatures),
      relu: new nn.ReLU(true),
      conv: new nn.Conv2d(numInputFeatures, numOutputFeatures, 1, { stride: 1, bias: false }),
      pool: new nn.AvgPool2d(2, { stride: 2 }),
    });
  }
}

/**
 * Options of {@link DenseNet} and the densenet builders: torchvision's
 * `growth_rate`, `block_config`, `num_init_features`, `bn_size`, `drop_rate`,
 * `num_classes` and `memory_efficient` (which changes nothing counted).
 */
export interface DenseNetOptions {
  growthRate?: number;
  blockConfig?: readonly number[];
  numInitFeatures?: number;
  bnSize?: number;
  dropRate?: number;
  numClasses?: number;
  memoryEfficient?: boolean;
}

/**
 * torchvision's `DenseNet`: a 7x7 stem, dense blocks joined by transitions and
 * a final norm, then relu, global average pool and a linear classifier.
 */
export class DenseNet extends nn.Module {
  static override readonly typeName: string = 'DenseNet';
  features: nn.Sequential;
  classifier: nn.Linear;

  constructor(options: DenseNetOptions = {}) {
    super();
    const growthRate = options.growthRate ?? 32;
    const blockConfig = options.blockConfig ?? [6, 12, 24, 16];
    const numInitFeatures = options.numInitFeatures ?? 64;
    const bnSize = options.bnSize ?? 4;
    const dropRate = options.dropRate ?? 0;
    const memoryEfficient = options.memoryEfficient ?? false;
    this.features = new nn.Sequential({
      conv0: new nn.Conv2d(3, numInitFeatures, 7, { stride: 2, padding: 3, bias: false }),
      norm0: new nn.BatchNorm2d(numInitFeatures),
      relu0: new nn.ReLU(true),
      pool0: new nn.MaxPool2d(3, { stride: 2, padding: 1 }),
    });
    let numFeatures = numInitFeatures;
    blockConfig.forEach((numLayers, i) => {
      const block = new _DenseBlock(numLayers, numFeatures, bnSize, growthRate, dropRate, memoryEfficient);
      this.features.addModule(`denseblock${i + 1}`, block);
      numFeatures += numLayers * growthRate;
      if (i !== blockConfig.length - 1) {
        const trans = new _Transition(numFeatures, Math.floor(numFeatures / 2));
        this.features.addModule(`transition${i + 1}`, trans);
        numFeatures = Math.floor(numFeatures / 2);
      }
    });
    this.features.addModule('norm5', new nn.BatchNorm2d(numFeatures));
    this.classifier = new nn.Linear(numFeatures, options.numClasses ?? 1000);
  }

  /** `features`, relu, adaptive average pool to 1x1, flatten, `classifier`. */
  override forward(x: Tensor): Tensor {
    const features = this.features.call(x);
    let out = F.relu(features, true);
    out = F.adaptiveAvgPool2d(out, [1, 1]);
    return this.classifier.call(F.flatten(out, 1));
  }
}

const densenet = (growthRate: number, blockConfig: readonly number[], numInitFeatures: number, o: DenseNetOptions): DenseNet =>
  new DenseNet({ growthRate, blockConfig, numInitFeatures, ...o });

/**
 * DenseNet-121 (torchvision `densenet121`): growth rate 32, blocks [6, 12, 24,
 * 16]; 7,978,856 parameters.
 */
export const densenet121 = (o: DenseNetOptions = {}): DenseNet => densenet(32, [6, 12, 24, 16], 64, o);
/**
 * DenseNet-161 (torchvision `densenet161`): growth rate 48, blocks [6, 12, 36,
 * 24]; 28,681,000 parameters.
 */
export const densenet161 = (o: DenseNetOptions = {}): DenseNet => densenet(48, [6, 12, 36, 24], 96, o);
/**
 * DenseNet-169 (torchvision `densenet169`): growth rate 32, blocks [6, 12, 32,
 * 32]; 14,149,480 parameters.
 */
export const densenet169 = (o: DenseNetOptions = {}): DenseNet => densenet(32, [6, 12, 32, 32], 64, o);
/**
 * DenseNet-201 (torchvision `densenet201`): growth rate 32, blocks [6, 12, 48,
 * 32]; 20,013,928 parameters.
 */
export const densenet201 = (o: DenseNetOptions = {}): DenseNet => densenet(32, [6, 12, 48, 32], 64, o);

const IMAGE = [3, 224, 224] as const;

/**
 * The family's entries of `models.ZOO`: each builder with its default input,
 * 3x224x224.
 */
export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  densenet121: { build: () => densenet121(), inputShape: IMAGE },
  densenet161: { build: () => densenet161(), inputShape: IMAGE },
  densenet169: { build: () => densenet169(), inputShape: IMAGE },
  densenet201: { build: () => densenet201(), inputShape: IMAGE },
};
