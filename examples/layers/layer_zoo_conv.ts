// layer_zoo_conv (ConvZoo of the reference's layer_models.py): a three-modality
// conv autoencoder (1-D audio, 2-D image, 3-D volume). Covers Conv1d/2d/3d
// (padding='same'/'valid', padding_mode reflect/replicate/circular, groups,
// dilation, bias=False), ConvTranspose1d/2d/3d (output_padding, groups,
// dilation, output_size=), Unfold, Fold, Dropout1d/2d/3d.

import { F, Module, nn, type Tensor } from '../../index.js';

export class ConvZoo extends Module {
  // 1-D: (B, 2, 64)
  audio = new nn.Sequential(
    new nn.Conv1d(2, 8, 5, { padding: 'same' }), // 'same', zeros mode
    new nn.ReLU(),
    new nn.Conv1d(8, 16, 3, { stride: 2, padding: 2, dilation: 2, paddingMode: 'circular' }),
    new nn.Dropout1d(0.1),
  );
  audio_up = new nn.ConvTranspose1d(16, 8, 3, { stride: 2, padding: 1, outputPadding: 1 });
  // 2-D: (B, 3, 32, 32)
  stem = new nn.Conv2d(3, 16, 3, { padding: 1, paddingMode: 'reflect' });
  down = new nn.Conv2d(16, 32, 3, { stride: 2, padding: 1, groups: 4, bias: false, paddingMode: 'replicate' });
  dw = new nn.Conv2d(32, 32, 3, { padding: 'same', dilation: 2, groups: 32 }); // depthwise
  pw = new nn.Conv2d(32, 32, 1, { padding: 'valid' });
  drop2d = new nn.Dropout2d(0.1);
  up = new nn.ConvTranspose2d(32, 16, 3, { stride: 2, padding: 2, outputPadding: 1, groups: 2, dilation: 2 });
  refine = new nn.ConvTranspose2d(16, 16, 3, { stride: 2, padding: 1, bias: false });
  neigh = new nn.Unfold(3, { dilation: 2, padding: 2 }); // overlapping windows
  patches = new nn.Unfold(4, { stride: 4 }); // non-overlapping
  mix = new nn.Linear(16 * 16, 16 * 16);
  fold = new nn.Fold([32, 32], 4, { stride: 4 });
  out2d = new nn.Conv2d(16, 3, 1);
  // 3-D: (B, 2, 8, 16, 16)
  vol_in = new nn.Conv3d(2, 8, 3, { stride: [1, 2, 2], padding: 1 });
  vol_same = new nn.Conv3d(8, 8, 3, { padding: 'same', paddingMode: 'replicate', groups: 2 });
  vol_dil = new nn.Conv3d(8, 8, 3, { padding: 2, dilation: 2, paddingMode: 'reflect', bias: false });
  drop3d = new nn.Dropout3d(0.1);
  vol_up = new nn.ConvTranspose3d(8, 4, 3, { stride: [1, 2, 2], padding: 1, outputPadding: [0, 1, 1], groups: 2 });

  override forward(wave: Tensor, img: Tensor, vol: Tensor): [Tensor, Tensor, Tensor] {
    const a = this.audio_up.call(this.audio.call(wave)); // (B, 8, 64)
    const x = F.relu(this.stem.call(img)); // (B, 16, 32, 32)
    let y = this.down.call(x); // (B, 32, 16, 16)
    y = this.drop2d.call(this.pw.call(F.relu(this.dw.call(y))));
    y = this.up.call(y); // (B, 16, 32, 32)
    const [B, C, H, W] = [y.size(0), y.size(1), y.size(2), y.size(3)]; // B, C, H, W = y.shape
    const nb = F.view(F.mean(F.view(this.neigh.call(y), [B, C, 9, H.mul(W)]), 2), [B, C, H, W]);
    let p = this.patches.call(F.add(x, nb)); // (B, 256, 64)
    p = F.transpose(this.mix.call(F.transpose(p, 1, 2)), 1, 2);
    let z = this.fold.call(p); // (B, 16, 32, 32)
    z = this.refine.call(F.avgPool2d(z, 2), [H, W]); // output_size= picks output_padding
    const imgOut = this.out2d.call(z);
    let v = F.relu(this.vol_in.call(vol)); // (B, 8, 8, 8, 8)
    v = this.drop3d.call(this.vol_dil.call(F.relu(this.vol_same.call(v))));
    const volOut = this.vol_up.call(v); // (B, 4, 8, 16, 16)
    return [a, imgOut, volOut];
  }
}

export const inputs = [[2, 2, 64], [2, 3, 32, 32], [2, 2, 8, 16, 16]];
export default (): ConvZoo => new ConvZoo();
