// layer_zoo_misc (public layer golden, PyTorch source in the golden's layer_models.py):
// a recommender (Embedding with padding_idx and max_norm, EmbeddingBag in sum /
// mean / max modes with offsets and per-sample weights, ModuleDict towers,
// CosineSimilarity, PairwiseDistance, Bilinear, ModuleList heads scaled by a
// ParameterList and shifted by a ParameterDict) and a vision branch (pixel and
// channel shuffles, every Upsample mode with and without align_corners,
// UpsamplingNearest2d / UpsamplingBilinear2d, Flatten, Unflatten). The case
// runs in eval mode.

import { F, Module, nn, Parameter, Tensor } from '../../index.js';

export class MiscZoo extends Module {
  readonly tok: nn.Embedding;
  readonly tok_maxnorm: nn.Embedding;
  readonly bag_sum: nn.EmbeddingBag;
  readonly bag_mean: nn.EmbeddingBag;
  readonly bag_max: nn.EmbeddingBag;
  readonly bag_weighted: nn.EmbeddingBag;
  readonly towers: nn.ModuleDict<nn.Sequential>;
  readonly cos: nn.CosineSimilarity;
  readonly dist: nn.PairwiseDistance;
  readonly interact: nn.Bilinear;
  readonly drop: nn.Dropout;
  readonly heads: nn.ModuleList<nn.Linear>;
  readonly scales: nn.ParameterList;
  readonly biases: nn.ParameterDict;
  readonly skip: nn.Identity;
  readonly up_seq: nn.Upsample;
  readonly up_seq_ac: nn.Upsample;
  readonly unshuffle: nn.PixelUnshuffle;
  readonly ch_shuffle: nn.ChannelShuffle;
  readonly conv: nn.Conv2d;
  readonly shuffle: nn.PixelShuffle;
  readonly drop2d: nn.Dropout2d;
  readonly up_nearest: nn.Upsample;
  readonly up_bilinear: nn.Upsample;
  readonly up_bicubic: nn.Upsample;
  readonly up_bilinear_s: nn.Upsample;
  readonly up_n2d: nn.UpsamplingNearest2d;
  readonly up_b2d: nn.UpsamplingBilinear2d;
  readonly up_tri: nn.Upsample;
  readonly up_tri_ac: nn.Upsample;
  readonly flatten: nn.Flatten;
  readonly unflatten: nn.Unflatten;
  readonly vis_head: nn.Linear;

  constructor(vocab = 100, d = 16) {
    super();
    this.tok = new nn.Embedding(vocab, d, { paddingIdx: 0 });
    this.tok_maxnorm = new nn.Embedding(vocab, d, { maxNorm: 1.0 });
    this.bag_sum = new nn.EmbeddingBag(vocab, d, { mode: 'sum' }); // 2-D input: fixed-size bags
    this.bag_mean = new nn.EmbeddingBag(vocab, d, { mode: 'mean' }); // 1-D input + offsets
    this.bag_max = new nn.EmbeddingBag(vocab, d, { mode: 'max', paddingIdx: 0 });
    this.bag_weighted = new nn.EmbeddingBag(vocab, d, { mode: 'sum', includeLastOffset: true });
    this.towers = new nn.ModuleDict({
      user: new nn.Sequential(new nn.Linear(d, d), new nn.ReLU(), new nn.Dropout(0.1, true)),
      item: new nn.Sequential(new nn.Linear(d, d), new nn.Identity(), new nn.Tanh()),
    });
    this.cos = new nn.CosineSimilarity({ dim: -1 });
    this.dist = new nn.PairwiseDistance({ p: 2.0, keepdim: true });
    this.interact = new nn.Bilinear(d, d, 8);
    this.drop = new nn.Dropout(0.2);
    this.heads = new nn.ModuleList([new nn.Linear(8 + 2, 1), new nn.Linear(8 + 2, 3)]);
    this.scales = new nn.ParameterList([new Parameter([1]), new Parameter([3])]);
    this.biases = new nn.ParameterDict({ ctr: new Parameter([1]), cls: new Parameter([3]) });
    this.skip = new nn.Identity();
    this.up_seq = new nn.Upsample({ scaleFactor: 2, mode: 'linear' }); // (B, d, L) -> (B, d, 2L)
    this.up_seq_ac = new nn.Upsample({ size: 20, mode: 'linear', alignCorners: true });
    // vision: (B, 8, 8, 8)
    this.unshuffle = new nn.PixelUnshuffle(2); // (B, 32, 4, 4)
    this.ch_shuffle = new nn.ChannelShuffle(4);
    this.conv = new nn.Conv2d(32, 32, 3, { padding: 1, groups: 4 });
    this.shuffle = new nn.PixelShuffle(2); // (B, 8, 8, 8)
    this.drop2d = new nn.Dropout2d(0.1);
    this.up_nearest = new nn.Upsample({ scaleFactor: 2, mode: 'nearest' });
    this.up_bilinear = new nn.Upsample({ size: [12, 12], mode: 'bilinear', alignCorners: true });
    this.up_bicubic = new nn.Upsample({ scaleFactor: 1.5, mode: 'bicubic' });
    this.up_bilinear_s = new nn.Upsample({ scaleFactor: 2, mode: 'bilinear' });
    this.up_n2d = new nn.UpsamplingNearest2d({ size: [16, 16] });
    this.up_b2d = new nn.UpsamplingBilinear2d({ scaleFactor: 2 });
    this.up_tri = new nn.Upsample({ scaleFactor: [1, 2, 2], mode: 'trilinear' });
    this.up_tri_ac = new nn.Upsample({ size: [4, 6, 6], mode: 'trilinear', alignCorners: true });
    this.flatten = new nn.Flatten();
    this.unflatten = new nn.Unflatten(1, [8, 32]);
    this.vis_head = new nn.Linear(32, 4);
  }

  // (B, 8) int, (B, 8, 8, 8), (B, 2, 2, 3, 3)
  override forward(ids: Tensor, img: Tensor, vol: Tensor): [Tensor, Tensor, Tensor, Tensor, Tensor] {
    const B = ids.size(0);
    const L = ids.size(1);
    const u = this.tok.call(ids); // (B, L, d)
    const v = this.tok_maxnorm.call(F.flip(ids, 1));
    const hist = this.bag_sum.call(ids); // (B, d)
    const flat = ids.flatten();
    const offsets = F.arange(0, B.mul(L), L);
    const mean_bag = this.bag_mean.call(flat, offsets);
    const max_bag = this.bag_max.call(flat, offsets);
    const last = F.arange(0, B.mul(L).add(1), L);
    const weights = F.linspace(1.0, 0.1, B.mul(L));
    const w_bag = this.bag_weighted.call(flat, last, weights);
    const user = this.towers.get('user').call(u.mean(1).add(hist).add(this.biases.get('ctr')));
    const item = this.towers.get('item').call(v.mean(1).add(mean_bag).add(max_bag).add(w_bag));
    const sim = this.cos.call(user, item).unsqueeze(1); // (B, 1)
    const dist = this.dist.call(user, item); // (B, 1)
    const z = this.drop.call(F.cat([this.interact.call(user, item), sim, dist], 1)); // (B, 10)
    const ctr = F.sigmoid(this.heads.at(0).call(z).mul(this.scales.at(0)).add(this.biases.get('ctr')));
    const cls = this.heads.at(1).call(this.skip.call(z)).mul(this.scales.at(1)).add(this.biases.get('cls'));
    let seq = this.up_seq.call(u.transpose(1, 2)); // (B, d, 16)
    seq = this.up_seq_ac.call(seq); // (B, d, 20)
    let x = this.ch_shuffle.call(this.unshuffle.call(img));
    x = this.drop2d.call(this.shuffle.call(this.conv.call(x))); // (B, 8, 8, 8)
    x = this.up_bilinear.call(this.up_nearest.call(x)); // (B, 8, 12, 12)
    x = this.up_bicubic.call(x); // (B, 8, 18, 18)
    x = this.up_n2d.call(x).add(this.up_b2d.call(img)).add(this.up_bilinear_s.call(img)); // (B, 8, 16, 16)
    const y = this.up_tri_ac.call(this.up_tri.call(vol)); // (B, 2, 4, 6, 6)
    let f = this.flatten.call(F.adaptiveAvgPool2d(x, 4)); // (B, 128)
    f = this.unflatten.call(F.cat([f, f], 1)); // (B, 8, 32)
    const vis = this.vis_head.call(f).mean(1); // (B, 4)
    return [ctr, cls, seq, vis, y.sum([1, 2])];
  }
}

export const inputs = [new Tensor([2, 8], 'int64'), [2, 8, 8, 8], [2, 2, 2, 3, 3]];
/** The model as the golden runs it: `model.eval()`. */
export default (): MiscZoo => new MiscZoo().eval();
