// A module registered under two names, an unused module, and one used only
// through forward() (not a call, so its ops belong to the parent).

import { Module, nn, type Tensor } from '../index.js';

export class SharedNet extends Module {
  proj: nn.Linear;
  again: nn.Linear;
  block: nn.Sequential;
  unused: nn.Linear;
  direct: nn.Linear;
  constructor() {
    super();
    this.proj = new nn.Linear(32, 32);
    this.again = this.proj;
    this.block = new nn.Sequential(new nn.Linear(32, 64), new nn.ReLU(), new nn.Linear(64, 32));
    this.unused = new nn.Linear(32, 8);
    this.direct = new nn.Linear(32, 16);
  }
  override forward(x: Tensor): Tensor {
    let y = this.proj.call(x);
    y = this.block.call(y);
    y = this.again.call(y);
    return this.direct.forward(y);
  }
}

export const inputShape = [4, 32];
export default (): SharedNet => new SharedNet();
