// U-Net building blocks, after milesial/Pytorch-UNet's unet_parts.py (DoubleConv, Down, Up, OutConv).
import { F, Module, nn, type Tensor } from 'flopscope';

class DoubleConv extends Module {
  double_conv: nn.Sequential;

  constructor(inChannels: number, outChannels: number, midChannels = outChannels) {
    super();
    this.double_conv = new nn.Sequential(
      new nn.Conv2d(inChannels, midChannels, 3, { padding: 1, bias: false }),
      new nn.BatchNorm2d(midChannels),
      new nn.ReLU(true),
      new nn.Conv2d(midChannels, outChannels, 3, { padding: 1, bias: false }),
      new nn.BatchNorm2d(outChannels),
      new nn.ReLU(true),
    );
  }

  override forward(x: Tensor): Tensor {
    return this.double_conv.call(x);
  }
}

class Down extends Module {
  maxpool_conv: nn.Sequential;

  constructor(inChannels: number, outChannels: number) {
    super();
    this.maxpool_conv = new nn.Sequential(new nn.MaxPool2d(2), new DoubleConv(inChannels, outChannels));
  }

  override forward(x: Tensor): Tensor {
    return this.maxpool_conv.call(x);
  }
}

class Up extends Module {
  up: nn.Upsample | nn.ConvTranspose2d;
  conv: DoubleConv;

  constructor(inChannels: number, outChannels: number, bilinear = true) {
    super();
    if (bilinear) {
      this.up = new nn.Upsample({ scaleFactor: 2, mode: 'bilinear', alignCorners: true });
      this.conv = new DoubleConv(inChannels, outChannels, Math.floor(inChannels / 2));
    } else {
      this.up = new nn.ConvTranspose2d(inChannels, Math.floor(inChannels / 2), 2, { stride: 2 });
      this.conv = new DoubleConv(inChannels, outChannels);
    }
  }

  override forward(x1: Tensor, x2: Tensor): Tensor {
    x1 = this.up.call(x1);
    // diffY = x2.size()[2] - x1.size()[2], a traced integer, as the JIT sees it
    const diffY = x2.size(2).sub(x1.size(2));
    const diffX = x2.size(3).sub(x1.size(3));
    x1 = F.pad(x1, [diffX.floordiv(2), diffX.sub(diffX.floordiv(2)), diffY.floordiv(2), diffY.sub(diffY.floordiv(2))]);
    return this.conv.call(F.cat([x2, x1], 1));
  }
}

/** The first two levels of the U-Net: inc, down1, up back to full size, and the 1x1 output conv. */
export class UNetLevel extends Module {
  inc = new DoubleConv(3, 64);
  down1 = new Down(64, 128);
  up1 = new Up(192, 64);
  outc = new nn.Conv2d(64, 2, 1);

  override forward(x: Tensor): Tensor {
    const x1 = this.inc.call(x);
    const x2 = this.down1.call(x1);
    return this.outc.call(this.up1.call(x2, x1));
  }
}

export default UNetLevel;
export const inputShape = [3, 96, 96];
