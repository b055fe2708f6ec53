// layer_zoo_act (public layer golden, PyTorch source in the golden's layer_models.py):
// a conv net whose blocks use every activation (in-place ones in the trunk, the
// others in a DARTS-style mixed op), gates (GLU, Softmax2d, PReLU), a
// self-normalising SELU head with AlphaDropout, and two MultiheadAttention
// layers over the feature map. `train()` keeps `rrelu_eval` in eval mode.

import { F, Module, nn, Parameter, type Tensor } from '../../index.js';

type Activation = Module<(x: Tensor) => Tensor>;

/** DARTS mixed operation: softmax(alpha)-weighted sum of candidate activations. */
export class MixedOp extends Module {
  ops: nn.ModuleList<Activation>;
  alpha: Parameter;

  constructor(ops: Activation[]) {
    super();
    this.ops = new nn.ModuleList(ops);
    this.alpha = new Parameter([ops.length]);
  }

  override forward(x: Tensor): Tensor {
    const w = F.softmax(this.alpha, 0);
    let out: Tensor | null = null; // Python's `out = 0`
    let i = 0;
    for (const op of this.ops) {
      const term = F.mul(F.select(w, 0, i), op.call(x));
      // `0 + term` is Tensor.__radd__(0): aten::add(term, 0)
      out = out === null ? F.add(term, 0) : F.add(out, term);
      i += 1;
    }
    if (out === null) throw new Error('MixedOp needs at least one op');
    return out;
  }
}

export class ActZoo extends Module {
  stem = new nn.Conv2d(3, 16, 3, { padding: 1 });
  trunk = new nn.Sequential( // in-place activations
    new nn.ReLU({ inplace: true }), new nn.Conv2d(16, 16, 1),
    new nn.LeakyReLU(0.1, true), new nn.Conv2d(16, 16, 1),
    new nn.Hardswish({ inplace: true }), new nn.Conv2d(16, 16, 1),
    new nn.ReLU6({ inplace: true }), new nn.Conv2d(16, 16, 1),
    new nn.SiLU({ inplace: true }), new nn.Conv2d(16, 16, 1),
    new nn.ELU({ alpha: 0.5, inplace: true }),
  );
  mixed = new MixedOp([
    new nn.ELU(), new nn.Hardshrink(0.3), new nn.Hardsigmoid(), new nn.Hardtanh(-2.0, 2.0),
    new nn.Hardswish(), new nn.LeakyReLU(), new nn.LogSigmoid(), new nn.ReLU(), new nn.ReLU6(),
    new nn.RReLU(0.1, 0.3), new nn.SELU(), new nn.CELU(0.7), new nn.GELU(), new nn.GELU({ approximate: 'tanh' }),
    new nn.Sigmoid(), new nn.SiLU(), new nn.Mish(), new nn.Softplus({ beta: 2.0, threshold: 10.0 }),
    new nn.Softshrink(0.2), new nn.Softsign(), new nn.Tanh(), new nn.Tanhshrink(), new nn.Threshold(0.1, 0.0),
  ]);
  rrelu_eval = new nn.RReLU(); // kept in eval (train())
  expand = new nn.Conv2d(16, 32, 1);
  glu = new nn.GLU({ dim: 1 }); // 32 -> 16 channels
  prelu_c = new nn.PReLU(16); // one slope per channel
  spatial_attn = new nn.Softmax2d();
  self_attn = new nn.MultiheadAttention(16, 4, { batchFirst: true });
  cross_attn = new nn.MultiheadAttention(16, 2, { kdim: 8, vdim: 12, addBiasKv: true, addZeroAttn: true, dropout: 0.1 });
  ctx_k = new nn.Linear(16, 8);
  ctx_v = new nn.Linear(16, 12);
  selu_head = new nn.Sequential(new nn.Linear(16, 32), new nn.SELU(), new nn.AlphaDropout(0.1),
    new nn.Linear(32, 32), new nn.SELU(), new nn.FeatureAlphaDropout(0.1));
  prelu_1 = new nn.PReLU(); // one shared slope
  cls = new nn.Linear(32, 10);
  log_softmax = new nn.LogSoftmax({ dim: 1 });
  softmin = new nn.Softmin(-1);
  softmax = new nn.Softmax({ dim: -1 });

  override train(mode = true): this {
    super.train(mode);
    this.rrelu_eval.eval();
    return this;
  }

  override forward(img: Tensor): [Tensor, Tensor, Tensor] {
    let x = this.trunk.call(this.stem.call(img)); // (B, 16, 8, 8)
    x = this.rrelu_eval.call(this.mixed.call(x));
    x = this.prelu_c.call(this.glu.call(this.expand.call(x))); // (B, 16, 8, 8)
    x = F.mul(x, this.spatial_attn.call(x));
    const [B] = x.size();
    const tok = F.transpose(F.flatten(x, 2), 1, 2); // (B, 64, 16) batch-first
    const pad = F.gt(F.select(F.slice(F.slice(tok, 0), 1), 2, 0), 2.0); // key_padding_mask (B, 64)
    const [t] = this.self_attn.call(tok, tok, tok, { keyPaddingMask: pad, needWeights: false });
    const q = F.transpose(t, 0, 1); // (64, B, 16) sequence-first
    const ctx = F.slice(q, 0, 0, Number.MAX_SAFE_INTEGER, 8); // (8, B, 16) context tokens
    const L = q.size(0);
    const S = ctx.size(0);
    const far = F.gt(F.abs(F.sub(F.floorDivide(F.unsqueeze(F.arange(L), 1), 8), F.unsqueeze(F.arange(S), 0))), 2);
    const mask = F.maskedFill(F.zeros([L, S]), far, -Infinity); // float attn_mask (L, S)
    const [c, w] = this.cross_attn.call(q, this.ctx_k.call(ctx), this.ctx_v.call(ctx), { attnMask: mask });
    if (w === null) throw new Error('cross_attn returns its weights (need_weights=True)');
    const pooled = F.mean(F.add(t, F.transpose(c, 0, 1)), 1); // (B, 16)
    const h = F.flatten(this.prelu_1.call(F.view(this.selu_head.call(pooled), [B!, 32, 1])), 1);
    const logits = this.cls.call(h);
    return [this.log_softmax.call(logits), this.softmin.call(logits), this.softmax.call(w)];
  }
}

export const inputs = [[2, 3, 8, 8]];
/** The model as the golden runs it: `model.train()` (which keeps `rrelu_eval` in eval). */
export default (): ActZoo => new ActZoo().train();
