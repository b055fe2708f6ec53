// layer_zoo_pool_pad (PoolPadZoo of the reference's layer_models.py): every
// pooling and padding layer, on three branches (1-D, 2-D SegNet-style
// pool/unpool, 3-D).

import { F, Module, nn, type Tensor } from '../../index.js';

export class PoolPadZoo extends Module {
  // 1-D branch: (B, 4, 33)
  pad1 = new nn.ReflectionPad1d(2);
  conv1 = new nn.Conv1d(4, 8, 3);
  mp1 = new nn.MaxPool1d(3, { stride: 2, ceilMode: true });
  rpad1 = new nn.ReplicationPad1d([1, 2]);
  ap1 = new nn.AvgPool1d(4, { stride: 2, padding: 1, countIncludePad: false });
  lp1 = new nn.LPPool1d(2, 3, { stride: 1 });
  cpad1 = new nn.ConstantPad1d([0, 2], -1.0);
  amp1 = new nn.AdaptiveMaxPool1d(4);
  aap1 = new nn.AdaptiveAvgPool1d(2);
  // 2-D branch (SegNet-style pool/unpool): (B, 4, 31, 31)
  zpad = new nn.ZeroPad2d([1, 0, 1, 0]);
  conv2 = new nn.Conv2d(4, 8, 3, { padding: 1 });
  mp2 = new nn.MaxPool2d(2, { returnIndices: true });
  enc2 = new nn.Conv2d(8, 8, 3, { padding: 1 });
  unpool = new nn.MaxUnpool2d(2);
  rpad2 = new nn.ReflectionPad2d([1, 2, 0, 1]);
  mp2d = new nn.MaxPool2d(3, { stride: 2, padding: 1, dilation: 2 });
  ap2 = new nn.AvgPool2d(3, { stride: 2, ceilMode: true, divisorOverride: 4 });
  lp2 = new nn.LPPool2d(1.5, 2);
  reppad2 = new nn.ReplicationPad2d(1);
  cpad2 = new nn.ConstantPad2d([1, 1, 2, 0], 0.5);
  amp2 = new nn.AdaptiveMaxPool2d([3, null]);
  aap2 = new nn.AdaptiveAvgPool2d([2, 2]);
  // 3-D branch: (B, 2, 9, 17, 17)
  reppad3 = new nn.ReplicationPad3d([1, 1, 1, 1, 0, 0]);
  conv3 = new nn.Conv3d(2, 4, 3);
  mp3 = new nn.MaxPool3d([1, 2, 2], { ceilMode: true });
  rpad3 = new nn.ReflectionPad3d(1);
  ap3 = new nn.AvgPool3d(2, { stride: 1, padding: 1 });
  cpad3 = new nn.ConstantPad3d(1, 0.0);
  mp3d = new nn.MaxPool3d(3, { stride: 2, dilation: [1, 2, 2], returnIndices: true });
  amp3 = new nn.AdaptiveMaxPool3d([1, 2, 2]);
  aap3 = new nn.AdaptiveAvgPool3d(1);
  head = new nn.Linear(8 * 4 + 8 * 2 + 8 * 2 * 2 + 8 * 3 * 8 + 4 * 1 * 2 * 2 + 4, 10);

  override forward(seq: Tensor, img: Tensor, vol: Tensor): Tensor {
    let s = F.relu(this.conv1.call(this.pad1.call(seq))); // (B, 8, 35)
    s = this.lp1.call(this.ap1.call(this.rpad1.call(this.mp1.call(s)))); // 17, 20, 10, 8
    s = this.cpad1.call(s); // (B, 8, 10)
    const [s1, s2] = [this.amp1.call(s), this.aap1.call(s)]; // (B, 8, 4), (B, 8, 2)
    let x = F.relu(this.conv2.call(this.zpad.call(img))); // (B, 8, 32, 32)
    const [p, idx] = this.mp2.call(x); // (B, 8, 16, 16)
    x = F.add(this.unpool.call(F.relu(this.enc2.call(p)), idx), x); // (B, 8, 32, 32)
    x = this.mp2d.call(this.rpad2.call(x)); // (B, 8, 33, 35) -> (B, 8, 16, 17)
    x = this.lp2.call(this.ap2.call(x)); // (B, 8, 4, 4)
    x = this.cpad2.call(this.reppad2.call(x)); // (B, 8, 6, 6) -> (B, 8, 8, 8)
    const [x1, x2] = [this.aap2.call(x), this.amp2.call(x)]; // (B, 8, 2, 2), (B, 8, 3, 8)
    let v = F.relu(this.conv3.call(this.reppad3.call(vol))); // (B, 4, 7, 17, 17)
    v = this.ap3.call(this.rpad3.call(this.mp3.call(v))); // (7, 9, 9), (9, 11, 11), (10, 12, 12)
    [v] = this.mp3d.call(this.cpad3.call(v)); // (B, 4, 12, 14, 14) -> (B, 4, 5, 5, 5)
    const [v1, v2] = [this.amp3.call(v), this.aap3.call(v)]; // (B, 4, 1, 2, 2), (B, 4, 1, 1, 1)
    const feats = [s1, s2, x1, x2, v1, v2].map((t) => F.flatten(t, 1));
    return this.head.call(F.cat(feats, 1));
  }
}

export const inputs = [[2, 4, 33], [2, 4, 31, 31], [2, 2, 9, 17, 17]];
export default (): PoolPadZoo => new PoolPadZoo();
