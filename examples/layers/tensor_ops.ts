// tensor_ops (public layer golden, PyTorch source: class TensorOps in the golden's
// layer_models.py): tensor methods and torch functions inside forward, grouped in
// small parameter-light modules of the kind modern models write by hand: RMSNorm,
// a rotary embedding, causal attention written out (view/permute/transpose, @,
// matmul, baddbmm, bmm, tril/triu masks, masked_fill, where), a top-k
// mixture-of-experts router (topk, sort, one_hot, gather, index_select, einsum,
// cumsum, argmax, amax, min), image-side functions (pad, grid_sample,
// interpolate, roll, flip, narrow, floor/round/clamp/sign/abs) and reductions.
//
// Porting notes: `x.shape[d]` used as a number in arithmetic or as a size is
// `x.size(d)` (a traced integer, as the JIT sees it); `math.sqrt(Dh)` of a
// traced size reads its number (`Number(Dh.value)`: a symbolic head size there
// is a SymbolicError), which the JIT does not record either; Python slicing `t[:, :T]` is F.slice per dimension (`:` included,
// which PyTorch's trace records too) and `t[:, idx]` with an index tensor is
// F.slice then `.index([null, idx])` (aten::index).

import { Buffer, F, Module, nn, Parameter, type Tensor } from '../../index.js';

export class RMSNorm extends Module {
  readonly eps: number;
  weight: Parameter;

  constructor(d: number, eps = 1e-6) {
    super();
    this.eps = eps;
    this.weight = new Parameter([d]); // torch.ones(d)
  }

  override forward(x: Tensor): Tensor {
    return x.mul(F.rsqrt(x.pow(2).mean(-1, true).add(this.eps))).mul(this.weight);
  }
}

/** Rotary position embedding: arange, outer product by einsum, sin/cos, chunk, cat, neg. */
export class Rotary extends Module {
  inv_freq: Buffer;

  constructor(dim: number) {
    super();
    // 1 / 10000 ** (arange(0, dim, 2) / dim): only its shape (dim / 2) matters.
    this.inv_freq = new Buffer([Math.ceil(dim / 2)]);
  }

  override forward(x: Tensor): Tensor { // (B, H, T, Dh)
    const T = x.size(2);
    const t = F.arange(T).typeAs(this.inv_freq);
    const freqs = F.einsum('i,j->ij', t, this.inv_freq);
    const emb = F.cat([freqs, freqs], -1);
    const [x1, x2] = x.chunk(2, -1);
    const rot = F.cat([x2!.neg(), x1!], -1);
    return x.mul(emb.cos()).add(rot.mul(F.sin(emb)));
  }
}

/**
 * Causal attention written by hand: view/permute/transpose/reshape/contiguous,
 * @ and matmul, baddbmm with a bias, bmm, tril/triu masks, masked_fill, where, softmax.
 */
export class HandAttention extends Module {
  readonly h: number;
  qkv: nn.Linear;
  proj: nn.Linear;
  rope: Rotary;
  rel_bias: Parameter;

  constructor(d: number, h: number) {
    super();
    this.h = h;
    this.qkv = new nn.Linear(d, 3 * d);
    this.proj = new nn.Linear(d, d);
    this.rope = new Rotary(Math.floor(d / h));
    this.rel_bias = new Parameter([h, 16, 16]); // torch.zeros(h, 16, 16)
  }

  override forward(x: Tensor): Tensor { // (B, T, d)
    const B = x.size(0);
    const T = x.size(1);
    const C = x.size(2);
    const Dh = C.floordiv(this.h);
    const [q0, k0, v0] = this.qkv.call(x).split(C, 2);
    let q = q0!.view(B, T, this.h, Dh).permute(0, 2, 1, 3);
    let k = k0!.reshape(B, T, this.h, Dh).transpose(1, 2);
    const v = v0!.view(B, T, this.h, Dh).transpose(1, 2).contiguous();
    [q, k] = [this.rope.call(q), this.rope.call(k)];
    const causal = F.tril(F.ones([T, T])).eq(0);
    let s1 = q.matmul(k.transpose(-2, -1)).div(Math.sqrt(Number(Dh.value)));
    s1 = s1.maskedFill(causal, -Infinity);
    const bias = F.slice(F.slice(F.slice(this.rel_bias, 0), 1, 0, T), 2, 0, T).repeat(B, 1, 1); // rel_bias[:, :T, :T]: (B*h, T, T)
    let s2 = F.baddbmm(
      bias,
      q.reshape(B.mul(this.h), T, Dh),
      k.reshape(B.mul(this.h), T, Dh).transpose(1, 2),
      1,
      1.0 / Math.sqrt(Number(Dh.value)),
    );
    s2 = F.where(F.triu(F.ones([T, T]), 1).gt(0), F.fullLike(s2, -1e4), s2).view(B, this.h, T, T);
    const a = s1.softmax(-1).add(F.softmax(s2, -1)).mul(0.5);
    let y = F.matmul(a, v); // (B, h, T, Dh)
    const y2 = F.bmm(a.flatten(0, 1), v.flatten(0, 1)).view(B, this.h, T, Dh);
    y = y.add(y2).transpose(1, 2).contiguous().view(B, T, C);
    return this.proj.call(y);
  }
}

/**
 * Mixture-of-experts routing: topk, sort, one_hot, gather, index_select,
 * cumsum, argmax, amax, sum, scatter-free combination with expand/unsqueeze/squeeze.
 */
export class TopKRouter extends Module {
  readonly k: number;
  readonly n_exp: number;
  gate: nn.Linear;
  w_in: Parameter;
  w_out: Parameter;

  constructor(d: number, nExp = 4, k = 2) {
    super();
    this.k = k;
    this.n_exp = nExp;
    this.gate = new nn.Linear(d, nExp, { bias: false });
    this.w_in = new Parameter([nExp, d, 2 * d]);
    this.w_out = new Parameter([nExp, 2 * d, d]);
  }

  override forward(x: Tensor): [Tensor, Tensor, Tensor, Tensor, Tensor] { // (B, T, d)
    const B = x.size(0);
    const T = x.size(1);
    const C = x.size(2);
    const logits = this.gate.call(x);
    const [topVal, topIdx] = logits.topk(this.k, -1); // (B, T, k)
    const probs = F.softmax(topVal, -1);
    const sel = F.oneHot(topIdx, this.n_exp).float(); // (B, T, k, E)
    const load = sel.sum([0, 1, 2]).div(B.mul(T));
    const order = F.sort(load, -1, true)[1];
    const importance = logits.softmax(-1).mean([0, 1]).indexSelect(0, order);
    const aux = importance.mul(load.indexSelect(0, order)).sum().mul(this.n_exp);
    const flat = x.reshape(B.mul(T), C);
    const hidden = F.einsum('nc,ecf->enf', flat, this.w_in); // every expert (dense)
    const outAll = F.einsum('enf,efc->enc', F.gelu(hidden), this.w_out); // (E, N, C)
    const idx = topIdx.reshape(1, B.mul(T), this.k).permute(2, 1, 0); // (k, N, 1)
    const picked = outAll.gather(0, idx.expand(this.k, B.mul(T), C)); // (k, N, C)
    const y = picked.mul(probs.reshape(B.mul(T), this.k).t().unsqueeze(-1)).sum(0);
    const best = logits.argmax(-1, true).squeeze(-1);
    const conf = logits.amax(-1).sub(logits.min(-1)[0]);
    const rank = sel.sum(2).cumsum(1); // (B, T, E) running load
    return [y.view(B, T, C), aux, best, conf, rank];
  }
}

/**
 * Image-side functions: pad (constant and reflect), interpolate, grid_sample,
 * roll, flip, narrow, unfold-free pooling by reshape, clamp/floor/round/sign/abs.
 */
export class SpatialOps extends Module {
  conv: nn.Conv2d;
  offset: nn.Conv2d;

  constructor(c: number) {
    super();
    this.conv = new nn.Conv2d(c, c, 3);
    this.offset = new nn.Conv2d(c, 2, 1);
  }

  override forward(img: Tensor): Tensor { // (B, 3, 16, 16)
    const H = img.size(2);
    const W = img.size(3);
    let x = this.conv.call(F.pad(img, [1, 1, 1, 1], 'reflect'));
    const padded = F.pad(x, [0, 1, 0, 1], 'constant', 0.0);
    x = F.slice(F.slice(F.slice(F.slice(padded, 0), 1), 2, 0, H), 3, 0, W); // [:, :, :H, :W]
    const ys = F.linspace(-1.0, 1.0, H);
    const xs = F.linspace(-1.0, 1.0, W);
    const base = F.stack([xs.view(1, W).expand(H, W), ys.view(H, 1).expand(H, W)], -1);
    const off = F.tanh(this.offset.call(x)).permute(0, 2, 3, 1).mul(0.1);
    const grid = base.unsqueeze(0).add(off); // (B, H, W, 2)
    const warped = F.gridSample(x, grid, 'bilinear', 'zeros', false);
    const small = F.interpolate(warped, null, 0.5, 'bilinear', false);
    const big = F.interpolate(small, [H, W], null, 'nearest');
    const shifted = F.roll(big, [1, -1], [2, 3]).add(big.flip(-1));
    const crop = shifted.narrow(2, 2, H.sub(4)).narrow(3, 2, W.sub(4)); // (B, 3, 12, 12)
    let q = crop.mul(4).floor().div(4).add(crop.mul(4).round().mul(0.0));
    q = q.clamp(-1.0, 1.0).add(q.sign().mul(q.abs().clamp(0.5)).mul(0.01));
    return q;
  }
}

/**
 * Reductions and elementwise maths: sum, mean, max (values and indices), min,
 * norm (2 and 1), pow, sqrt, exp, log, log_softmax, cumsum, sort, < comparison.
 */
export class Stats extends Module {
  override forward(x: Tensor): [Tensor, Tensor, Tensor, Tensor] { // (B, T, d)
    const m = x.mean(-1, true);
    const variance = x.sub(m).pow(2).mean(-1, true);
    const z = x.sub(m).div(F.sqrt(variance.add(1e-5)));
    const [mx, arg] = z.max(-1);
    const mn = F.min(z, 1).values;
    const l2 = z.norm('fro', -1);
    const l1 = F.norm(z, 1, -1);
    const lse = F.log(F.exp(z.sub(mx.unsqueeze(-1))).sum(-1)).add(mx);
    const lp = z.logSoftmax(-1);
    const [ranked] = lp.sort(-1, true);
    const cdf = ranked.exp().cumsum(-1);
    const negFrac = z.lt(0).float().mean(-1);
    return [lse.add(l2).sub(l1).add(arg.float()).add(negFrac), mn, cdf, z.max()];
  }
}

export class TensorOps extends Module {
  norm1: RMSNorm;
  attn: HandAttention;
  norm2: RMSNorm;
  moe: TopKRouter;
  stats: Stats;
  spatial: SpatialOps;
  w: Parameter;
  b: Parameter;
  img_proj: Parameter;
  pick: Buffer;

  constructor(d = 32, h = 4) {
    super();
    this.norm1 = new RMSNorm(d);
    this.attn = new HandAttention(d, h);
    this.norm2 = new RMSNorm(d);
    this.moe = new TopKRouter(d);
    this.stats = new Stats();
    this.spatial = new SpatialOps(3);
    this.w = new Parameter([d, d]);
    this.b = new Parameter([d]);
    this.img_proj = new Parameter([3 * 144, d]);
    this.pick = new Buffer([3], 'int64'); // register_buffer('pick', torch.tensor([0, 3, 5]))
  }

  override forward(x: Tensor, img: Tensor): Tensor[] { // (B, T, d), (B, 3, 16, 16)
    const B = x.size(0);
    const T = x.size(1);
    const C = x.size(2);
    x = x.add(this.attn.call(this.norm1.call(x)));
    const [y, aux, best, conf, rank] = this.moe.call(this.norm2.call(x));
    x = x.add(y);
    const flat = x.view(B.mul(T), C);
    const h1 = F.addmm(this.b, flat, this.w); // (B*T, d)
    const h2 = flat.mm(this.w).add(this.b);
    x = h1.add(h2).view(B, T, C).div(2).sub(F.mul(x, 0.1)); // ... / 2 - 0.1 * x
    const ctx = this.spatial.call(img).flatten(1).matmul(this.img_proj); // (B, d)
    x = x.add(ctx.unsqueeze(1).expand(B, T, C));
    const [lse, mn, cdf, zmax] = this.stats.call(x);
    const [first, rest] = x.split([1, T.sub(1)], 1);
    const chosen = F.slice(x, 0).index([null, this.pick]).mean(1); // x[:, self.pick]: aten::index
    const pieces = F.stack([first!.squeeze(1), rest!.mean(1), chosen], 1); // (B, 3, d)
    const tiled = pieces.repeat(1, 2, 1); // (B, 6, d)
    const pos = F.arange(T).unsqueeze(0).add(F.zeros([B, T], 'int64'));
    const ones = F.ones([B, T]).mul(lse).sub(F.full([B, T], 0.5)).add(pos.float());
    const score = F.einsum('btd,bkd->btk', x, tiled);
    return [score, ones, mn, cdf, aux, best, conf, rank, zmax];
  }
}

export const inputs = [[2, 16, 32], [2, 3, 16, 16]];
/** The model as the golden builds it (the case runs it in eval mode). */
export default (): TensorOps => new TensorOps();
