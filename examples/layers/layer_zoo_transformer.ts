// layer_zoo_transformer (public layer golden, PyTorch source in the golden's layer_models.py):
// a token seq2seq model. nn.Transformer (1 + 1 layers, norm_first, gelu,
// batch_first) with a float causal tgt_mask and bool src / tgt / memory key
// padding masks; its `encoder` called a second time; a post-norm ReLU
// sequence-first TransformerEncoderLayer with a float (ALiBi-like) src_mask; a
// TransformerDecoderLayer (activation=F.gelu) with a bool memory_mask merged
// with a key padding mask; an LM head whose weight is the Embedding's.

import { F, Module, nn, Tensor } from '../../index.js';

/** Sinusoidal position table (n, d), as the Python builds it (its values do not matter shape-only). */
export function sinusoidTable(n: number, d: number): Tensor {
  const pos = F.unsqueeze(F.arange(n, { dtype: 'float32' }), 1);
  const div = F.exp(F.mul(F.arange(0, d, 2, { dtype: 'float32' }), -Math.log(10000.0) / d));
  const pe = F.zeros([n, d]);
  F.copy_(F.slice(pe, 1, 0, Number.MAX_SAFE_INTEGER, 2), F.sin(F.mul(pos, div))); // pe[:, 0::2] = sin(pos * div)
  F.copy_(F.slice(pe, 1, 1, Number.MAX_SAFE_INTEGER, 2), F.cos(F.mul(pos, div))); // pe[:, 1::2] = cos(pos * div)
  return pe;
}

export class TransformerZoo extends Module {
  readonly d: number;
  embed: nn.Embedding;
  declare readonly pe: Tensor;
  transformer: nn.Transformer;
  refine_enc: nn.TransformerEncoderLayer;
  refine_dec: nn.TransformerDecoderLayer;
  lm_head: nn.Linear;

  constructor(vocab = 64, d = 32, nhead = 4, ff = 64) {
    super();
    this.d = d;
    this.embed = new nn.Embedding(vocab, d, { paddingIdx: 0 });
    this.registerBuffer('pe', sinusoidTable(64, d));
    this.transformer = new nn.Transformer(d, nhead, {
      numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: ff, dropout: 0.1,
      activation: 'gelu', batchFirst: true, normFirst: true,
    });
    this.refine_enc = new nn.TransformerEncoderLayer(d, nhead, ff); // post-norm, ReLU, (S, B, E)
    this.refine_dec = new nn.TransformerDecoderLayer(d, 2, { dimFeedforward: 48, activation: F.gelu, batchFirst: true });
    this.lm_head = new nn.Linear(d, vocab, { bias: false });
    this.lm_head.weight = this.embed.weight; // tied
  }

  override forward(src: Tensor, tgt: Tensor): Tensor { // (B, S), (B, T) token ids
    const [S, T] = [src.size(1), tgt.size(1)];
    const srcPad = F.eq(src, 0);
    const tgtPad = F.eq(tgt, 0);
    const s = F.add(F.mul(this.embed.call(src), Math.sqrt(this.d)), F.slice(this.pe, 0, 0, S));
    const t = F.add(F.mul(this.embed.call(tgt), Math.sqrt(this.d)), F.slice(this.pe, 0, 0, T));
    const causal = this.transformer.generateSquareSubsequentMask(T);
    let y = this.transformer.call(s, t, {
      tgtMask: causal, srcKeyPaddingMask: srcPad, tgtKeyPaddingMask: tgtPad, memoryKeyPaddingMask: srcPad,
    });
    let mem = this.transformer.encoder.call(s, { srcKeyPaddingMask: srcPad }); // encoder called again
    const i = F.arange(S);
    const band = F.mul(F.abs(F.sub(F.slice(F.unsqueeze(i, 0), 1), F.unsqueeze(F.slice(i, 0), 1))).float(), -0.1); // ALiBi-like float bias
    mem = F.transpose(this.refine_enc.call(F.transpose(mem, 0, 1), { srcMask: band }), 0, 1);
    const far = F.triu(F.ones([T, S], 'bool'), S.sub(T).add(1));
    y = this.refine_dec.call(y, mem, { memoryMask: far, memoryKeyPaddingMask: srcPad }); // merged masks
    return this.lm_head.call(y); // (B, T, vocab)
  }
}

/** The golden's inputs: token ids `src` (2, 12) and `tgt` (2, 9). */
export const inputs = [new Tensor([2, 12], 'int64'), new Tensor([2, 9], 'int64')];
/** The model as the golden runs it: `model.train()`. */
export default (): TransformerZoo => new TransformerZoo().train();
