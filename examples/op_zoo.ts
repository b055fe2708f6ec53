// One of each counted op family: convolutions of every kind, every norm,
// resampling, pooling, and the matrix products including einsum.

import { F, Module, nn, Parameter, type Tensor } from '../index.js';

export class OpZoo extends Module {
  conv1d = new nn.Conv1d(4, 8, 5, { stride: 2, padding: 2 });
  conv_g = new nn.Conv2d(8, 16, 3, { padding: 2, dilation: 2, groups: 4 });
  deconv = new nn.ConvTranspose2d(16, 8, 4, { stride: 2, padding: 1 });
  conv3d = new nn.Conv3d(2, 4, 3, { padding: 1, bias: false });
  bn3d = new nn.BatchNorm3d(4);
  gn = new nn.GroupNorm(4, 8);
  inorm = new nn.InstanceNorm2d(8, { affine: true });
  ln = new nn.LayerNorm(32);
  ln_noaffine = new nn.LayerNorm(32, { elementwiseAffine: false });
  bn_noaffine = new nn.BatchNorm1d(8, { affine: false });
  up_n = new nn.Upsample({ scaleFactor: 2, mode: 'nearest' });
  up_b = new nn.Upsample({ scaleFactor: 2, mode: 'bilinear', alignCorners: false });
  pool = new nn.AdaptiveAvgPool2d([3, 3]);
  fc3d = new nn.Linear(32, 48);
  w = new Parameter([48, 24]);

  override forward(seq: Tensor, img: Tensor, vol: Tensor, tok: Tensor): Tensor {
    const a = this.bn_noaffine.call(this.conv1d.call(seq));
    let b = this.deconv.call(this.conv_g.call(img));
    b = this.inorm.call(this.gn.call(b));
    b = this.pool.call(this.up_b.call(this.up_n.call(b)));
    const c = this.bn3d.call(this.conv3d.call(vol));
    const t = this.fc3d.call(this.ln_noaffine.call(this.ln.call(tok)));
    let s = F.einsum('bqd,bkd->bqk', t, t);
    s = F.einsum('bij,bjk->bik', s, t);
    const m = F.matmul(t, this.w);
    const m2 = F.bmm(t, F.transpose(t, 1, 2));
    const f = F.reshape(t, [20, 48]);
    const mm = F.mm(f, this.w);
    const ad = F.addmm(F.zeros([24]), f, this.w);
    const e = F.einsum('ij,jk,kl->il', f, this.w, F.t(this.w));
    let total = F.add(F.sum(a), F.sum(b));
    for (const x of [c, s, m, m2, mm, ad, e]) total = F.add(total, F.sum(x));
    return total;
  }
}

export const inputs = [[1, 4, 32], [1, 8, 16, 16], [1, 2, 6, 8, 8], [2, 10, 32]];
export default (): OpZoo => new OpZoo();
