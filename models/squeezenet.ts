/**
 * torchvision's SqueezeNet 1.0 and 1.1, with torchvision's module names,
 * registration order and forward ops.
 *
 * @module
 */

import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import type { ZooEntry } from './index.js';

/**
 * SqueezeNet's Fire module: a 1x1 squeeze conv, then 1x1 and 3x3 expand convs
 * whose outputs are concatenated.
 */
export class Fire extends nn.Module {
  static override readonly typeName: string = 'Fire';
  readonly inplanes: number;
  squeeze: nn.Conv2d;
  squeeze_activation: nn.ReLU;
  expand1x1: nn.Conv2d;
  expand1x1_activation: nn.ReLU;
  expand3x3: nn.Conv2d;
  expand3x3_activation: nn.ReLU;

  /**
   * A Fire module from `inplanes` channels to
   * `expand1x1Planes + expand3x3Planes`.
   */
  constructor(inplanes: number, squeezePlanes: number, expand1x1Planes: number, expand3x3Planes: number) {
    super();
    this.inplanes = inplanes;
    this.squeeze = new nn.Conv2d(inplanes, squeezePlanes, 1);
    this.squeeze_activation = new nn.ReLU(true);
    this.expand1x1 = new nn.Conv2d(squeezePlanes, expand1x1Planes, 1);
    this.expand1x1_activation = new nn.ReLU(true);
    this.expand3x3 = new nn.Conv2d(squeezePlanes, expand3x3Planes, 3, { padding: 1 });
    this.expand3x3_activation = new nn.ReLU(true);
  }

  /** Squeeze and relu, both expands with relu, concatenated along channels. */
  override forward(x: Tensor): Tensor {
    const s = this.squeeze_activation.call(this.squeeze.call(x));
    const a = this.expand1x1_activation.call(this.expand1x1.call(s));
    const b = this.expand3x3_activation.call(this.expand3x3.call(s));
    return F.cat([a, b], 1);
  }
}

/**
 * torchvision's `version` argument: '1_0' (the paper's) or '1_1' (a smaller
 * stem and earlier pooling).
 */
export type SqueezeNetVersion = '1_0' | '1_1';

/**
 * Options of {@link SqueezeNet}: `numClasses` (1000) and the classifier's
 * `dropout` (0.5).
 */
export interface SqueezeNetOptions {
  numClasses?: number;
  dropout?: number;
}

/**
 * torchvision's `SqueezeNet`: a stem conv, Fire modules between ceil-mode max
 * pools, and a classifier of dropout, 1x1 conv, relu and global average pool.
 */
export class SqueezeNet extends nn.Module {
  static override readonly typeName: string = 'SqueezeNet';
  readonly numClasses: number;
  features: nn.Sequential;
  classifier: nn.Sequential;

  /**
   * @param version '1_0' or '1_1'.
   * @param options Classes and dropout.
   */
  constructor(version: SqueezeNetVersion = '1_0', options: SqueezeNetOptions = {}) {
    super();
    this.numClasses = options.numClasses ?? 1000;
    const pool = (): nn.MaxPool2d => new nn.MaxPool2d(3, { stride: 2, ceilMode: true });
    if (version === '1_0') {
      this.features = new nn.Sequential(
        new nn.Conv2d(3, 96, 7, { stride: 2 }),
        new nn.ReLU(true),
        pool(),
        new Fire(96, 16, 64, 64),
        new Fire(128, 16, 64, 64),
        new Fire(128, 32, 128, 128),
        pool(),
        new Fire(256, 32, 128, 128),
        new Fire(256, 48, 192, 192),
        new Fire(384, 48, 192, 192),
        new Fire(384, 64, 256, 256),
        pool(),
        new Fire(512, 64, 256, 256),
      );
    } else if (version === '1_1') {
      this.features = new nn.Sequential(
        new nn.Conv2d(3, 64, 3, { stride: 2 }),
        new nn.ReLU(true),
        pool(),
        new Fire(64, 16, 64, 64),
        new Fire(128, 16, 64, 64),
        pool(),
        new Fire(128, 32, 128, 128),
        new Fire(256, 32, 128, 128),
        pool(),
        new Fire(256, 48, 192, 192),
        new Fire(384, 48, 192, 192),
        new Fire(384, 64, 256, 256),
        new Fire(512, 64, 256, 256),
      );
    } else {
      throw new ArgumentError('SqueezeNet', 'version', version, "'1_0' or '1_1'");
    }
    const finalConv = new nn.Conv2d(512, this.numClasses, 1);
    this.classifier = new nn.Sequential(new nn.Dropout(options.dropout ?? 0.5), finalConv, new nn.ReLU(true), new nn.AdaptiveAvgPool2d([1, 1]));
  }

  /** `features`, `classifier`, flatten: logits `[N, numClasses]`. */
  override forward(x: Tensor): Tensor {
    const y = this.classifier.call(this.features.call(x));
    return F.flatten(y, 1);
  }
}

/** SqueezeNet 1.0 (torchvision `squeezenet1_0`): 1,248,424 parameters. */
export const squeezenet1_0 = (o: SqueezeNetOptions = {}): SqueezeNet => new SqueezeNet('1_0', o);
/** SqueezeNet 1.1 (torchvision `squeezenet1_1`): 1,235,496 parameters. */
export const squeezenet1_1 = (o: SqueezeNetOptions = {}): SqueezeNet => new SqueezeNet('1_1', o);

/**
 * The family's entries of `models.ZOO`: each builder with its default input,
 * 3x224x224.
 */
export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  squeezenet1_0: { build: () => squeezenet1_0(), inputShape: [3, 224, 224] },
  squeezenet1_1: { build: () => squeezenet1_1(), inputShape: [3, 224, 224] },
};
