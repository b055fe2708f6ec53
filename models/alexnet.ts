// torchvision's AlexNet, with torchvision's module names, registration order
// and forward ops.

import type { Tensor } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import type { ZooEntry } from './index.js';

/**
 * Options of {@link alexnet}: `numClasses` (1000) and the classifier's
 * `dropout` (0.5).
 */
export interface AlexNetOptions {
  numClasses?: number;
  dropout?: number;
}

/**
 * torchvision's `AlexNet`: five convs with three max pools, a 6x6 adaptive
 * average pool and a three-layer classifier.
 */
export class AlexNet extends nn.Module {
  static override readonly typeName: string = 'AlexNet';
  features: nn.Sequential;
  avgpool: nn.AdaptiveAvgPool2d;
  classifier: nn.Sequential;

  constructor(options: AlexNetOptions = {}) {
    super();
    const p = options.dropout ?? 0.5;
    this.features = new nn.Sequential(
      new nn.Conv2d(3, 64, 11, { stride: 4, padding: 2 }),
      new nn.ReLU(true),
      new nn.MaxPool2d(3, { stride: 2 }),
      new nn.Conv2d(64, 192, 5, { padding: 2 }),
      new nn.ReLU(true),
      new nn.MaxPool2d(3, { stride: 2 }),
      new nn.Conv2d(192, 384, 3, { padding: 1 }),
      new nn.ReLU(true),
      new nn.Conv2d(384, 256, 3, { padding: 1 }),
      new nn.ReLU(true),
      new nn.Conv2d(256, 256, 3, { padding: 1 }),
      new nn.ReLU(true),
      new nn.MaxPool2d(3, { stride: 2 }),
    );
    this.avgpool = new nn.AdaptiveAvgPool2d([6, 6]);
    this.classifier = new nn.Sequential(
      new nn.Dropout(p),
      new nn.Linear(256 * 6 * 6, 4096),
      new nn.ReLU(true),
      new nn.Dropout(p),
      new nn.Linear(4096, 4096),
      new nn.ReLU(true),
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

/** AlexNet (torchvision `alexnet`): 61,100,840 parameters. */
export const alexnet = (o: AlexNetOptions = {}): AlexNet => new AlexNet(o);

export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  alexnet: { build: () => alexnet(), inputShape: [3, 224, 224] },
};
