// A model with two inputs: an image and a vector.

import { F, Module, nn, type Tensor } from '../index.js';

export class TwoInput extends Module {
  conv = new nn.Conv2d(3, 8, 3, { padding: 1 });
  pool = new nn.AdaptiveAvgPool2d(1);
  fc = new nn.Linear(16, 8);
  head = new nn.Linear(16, 4);
  override forward(img: Tensor, vec: Tensor): Tensor {
    const a = F.flatten(this.pool.call(this.conv.call(img)), 1);
    const b = this.fc.call(vec);
    return this.head.call(F.cat([a, b], 1));
  }
}

export const inputShape = [[3, 32, 32], [16]];
export default (): TwoInput => new TwoInput();
