// mmengine's documentation example: nested linears, input (1, 10).

import { Module, nn, type Tensor } from '../index.js';

export class InnerNet extends Module {
  fc1 = new nn.Linear(10, 10);
  fc2 = new nn.Linear(10, 10);
  override forward(x: Tensor): Tensor {
    return this.fc1.call(this.fc2.call(x));
  }
}

export class TestNet extends Module {
  fc1 = new nn.Linear(10, 10);
  fc2 = new nn.Linear(10, 10);
  inner = new InnerNet();
  override forward(x: Tensor): Tensor {
    return this.fc1.call(this.fc2.call(this.inner.call(x)));
  }
}

export const inputShape = [1, 10];
export default (): TestNet => new TestNet();
