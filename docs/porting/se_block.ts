// A squeeze-and-excitation block (Hu et al.), as SENet ports write it, inside a ResNet basic block.
import { F, Module, nn, type Tensor } from 'flopscope';

export class SEBlock extends Module {
  avg_pool = new nn.AdaptiveAvgPool2d(1);
  fc: nn.Sequential;

  constructor(channels: number, reduction = 16) {
    super();
    this.fc = new nn.Sequential(
      new nn.Linear(channels, Math.floor(channels / reduction), { bias: false }),
      new nn.ReLU(true),
      new nn.Linear(Math.floor(channels / reduction), channels, { bias: false }),
      new nn.Sigmoid(),
    );
  }

  override forward(x: Tensor): Tensor {
    const b = x.size(0), c = x.size(1); // b, c, _, _ = x.size()
    const y = this.avg_pool.call(x).view(b, c);
    // x * y.expand_as(x)
    return x.mul(F.expandAs(this.fc.call(y).view(b, c, 1, 1), x));
  }
}

export class SEBasicBlock extends Module {
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  relu: nn.ReLU;
  conv2: nn.Conv2d;
  bn2: nn.BatchNorm2d;
  se: SEBlock;

  constructor(planes = 64) {
    super();
    this.conv1 = new nn.Conv2d(planes, planes, 3, 1, 1, 1, 1, false); // positional: stride, padding, dilation, groups, bias
    this.bn1 = new nn.BatchNorm2d(planes);
    this.relu = new nn.ReLU(true);
    this.conv2 = new nn.Conv2d(planes, planes, 3, { padding: 1, bias: false }); // the same with options
    this.bn2 = new nn.BatchNorm2d(planes);
    this.se = new SEBlock(planes);
  }

  override forward(x: Tensor): Tensor {
    let out = this.relu.call(this.bn1.call(this.conv1.call(x)));
    out = this.se.call(this.bn2.call(this.conv2.call(out)));
    return this.relu.call(out.add(x));
  }
}

export default (): SEBasicBlock => new SEBasicBlock().eval();
export const inputShape = [64, 56, 56];
