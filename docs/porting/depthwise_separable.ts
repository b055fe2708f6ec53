// Depthwise-separable convolutions (MobileNet v1): a per-channel 3x3 conv (groups = channels), then a 1x1 conv.
import { Module, nn, type Tensor } from 'flopscope';

export class DepthwiseSeparableConv extends Module {
  depthwise: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  pointwise: nn.Conv2d;
  bn2: nn.BatchNorm2d;
  act: nn.ReLU6;

  constructor(inChannels: number, outChannels: number, kernelSize = 3, stride = 1) {
    super();
    this.depthwise = new nn.Conv2d(inChannels, inChannels, kernelSize, { stride, padding: Math.floor(kernelSize / 2), groups: inChannels, bias: false });
    this.bn1 = new nn.BatchNorm2d(inChannels);
    this.pointwise = new nn.Conv2d(inChannels, outChannels, 1, { bias: false });
    this.bn2 = new nn.BatchNorm2d(outChannels);
    this.act = new nn.ReLU6(true);
  }

  override forward(x: Tensor): Tensor {
    x = this.act.call(this.bn1.call(this.depthwise.call(x)));
    return this.act.call(this.bn2.call(this.pointwise.call(x)));
  }
}

/** The start of MobileNet v1: a full 3x3 conv, then separable convs. */
export class MobileNetStem extends Module {
  features = new nn.Sequential(
    new nn.Conv2d(3, 32, 3, 2, 1, 1, 1, false),
    new nn.BatchNorm2d(32),
    new nn.ReLU6(true),
    new DepthwiseSeparableConv(32, 64),
    new DepthwiseSeparableConv(64, 128, 3, 2),
    new DepthwiseSeparableConv(128, 128),
  );

  override forward(x: Tensor): Tensor {
    return this.features.call(x);
  }
}

export default (): MobileNetStem => new MobileNetStem().eval();
export const inputShape = [3, 224, 224];
