// layer_zoo_norm (public layer golden, PyTorch source in the golden's layer_models.py):
// a three-branch net using every normalisation layer. The case mode is train;
// `train()` keeps bn_frozen (frozen statistics), bn3d_nostats
// (track_running_stats=False) and in2d_tracked (InstanceNorm with running
// stats) in eval.

import { F, Module, nn, type Tensor } from '../../index.js';

export class NormZoo extends Module {
  // 2-D: (B, 3, 16, 16)
  conv = new nn.Conv2d(3, 16, 3, { padding: 1, bias: false });
  bn = new nn.BatchNorm2d(16);
  lrn = new nn.LocalResponseNorm(5, { alpha: 1e-4, beta: 0.75, k: 2.0 });
  conv2 = new nn.Conv2d(16, 16, 3, { padding: 1, bias: false });
  bn_frozen = new nn.BatchNorm2d(16);
  cmlrn = new nn.CrossMapLRN2d(3, { alpha: 1e-4, beta: 0.75, k: 1.0 });
  gn = new nn.GroupNorm(4, 16);
  in2d_tracked = new nn.InstanceNorm2d(16, { affine: true, trackRunningStats: true });
  bn_noaffine = new nn.BatchNorm2d(16, { affine: false });
  ln2d = new nn.LayerNorm([16, 8, 8]); // multi-dim normalized_shape
  // 1-D: (B, 8, 20)
  bn1d = new nn.BatchNorm1d(8);
  in1d = new nn.InstanceNorm1d(8);
  gn_noaffine = new nn.GroupNorm(2, 8, { affine: false });
  lrn1d = new nn.LocalResponseNorm(3);
  ln = new nn.LayerNorm(20, { elementwiseAffine: false });
  // 3-D: (B, 4, 4, 8, 8)
  conv3 = new nn.Conv3d(4, 8, 3, { padding: 1, bias: false });
  bn3d = new nn.BatchNorm3d(8);
  in3d = new nn.InstanceNorm3d(8, { affine: true });
  bn3d_nostats = new nn.BatchNorm3d(8, { trackRunningStats: false });
  in3d_tracked = new nn.InstanceNorm3d(8, { trackRunningStats: true });
  // head on (B, features)
  fc = new nn.Linear(16 * 4 + 8 * 20 + 8, 64);
  bn_vec = new nn.BatchNorm1d(64, { momentum: null }); // (N, C) input, cumulative average
  out = new nn.Linear(64, 10);

  override train(mode = true): this {
    super.train(mode);
    this.bn_frozen.eval();
    this.bn3d_nostats.eval();
    this.in2d_tracked.eval();
    return this;
  }

  override forward(img: Tensor, seq: Tensor, vol: Tensor): Tensor {
    let x = this.lrn.call(F.relu(this.bn.call(this.conv.call(img))));
    x = this.cmlrn.call(F.relu(this.bn_frozen.call(this.conv2.call(x))));
    x = this.in2d_tracked.call(this.gn.call(x));
    x = F.maxPool2d(this.bn_noaffine.call(x), 2); // (B, 16, 8, 8)
    x = this.ln2d.call(x);
    x = F.flatten(F.adaptiveAvgPool2d(x, 2), 1); // (B, 64)
    let s = this.gn_noaffine.call(this.in1d.call(this.bn1d.call(seq)));
    s = F.flatten(this.ln.call(this.lrn1d.call(s)), 1); // (B, 160)
    let v = F.relu(this.bn3d.call(this.conv3.call(vol)));
    v = this.in3d_tracked.call(this.bn3d_nostats.call(this.in3d.call(v)));
    v = F.mean(v, [2, 3, 4]); // (B, 8)
    const h = F.relu(this.bn_vec.call(this.fc.call(F.cat([x, s, v], 1))));
    return this.out.call(h);
  }
}

export const inputs = [[2, 3, 16, 16], [2, 8, 20], [2, 4, 4, 8, 8]];
/** The model as the golden runs it: `model.train()` (which keeps three norms in eval). */
export default (): NormZoo => new NormZoo().train();
