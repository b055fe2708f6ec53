// Every layer of the torch.nn list once more, built with its required
// arguments only, so PyTorch 1.13's defaults are checked for each (the other
// layer tests check the argument variants; docs/layers.md maps every layer to
// the tests that cover it). Plus the variants no other test has: Identity
// with arguments, Flatten with both dims, Linear's positional bias, an
// Upsample never called; and the layers that take an unbatched input, given
// one. Expected values: the reference tool on PyTorch 1.13
// (test/fixtures/layers_coverage/<case>.json, written by the reference's
// gen.py from test/fixtures/layers_coverage_cases.py, whose models are ported
// here line by line) and PyTorch itself (layers_coverage/extra.json, written
// by running that file: the printed model, its buffers, and the shapes of
// what forward returns, one per layer call). Each port equals its report in
// every field (counts, unsupported ops, uncalled modules, table,
// architecture), its traced ops, module reprs and parameter shapes.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ArgumentError, F, Module, ShapeError, nn, Parameter, parameterCountTable, resolveInputs, Tensor } from '../index.js';
import { assertModelMatchesGolden, assertModulesMatchGolden, assertOpsMatchGolden, goldenInput, type Golden } from './golden_check.js';
import { analyzers, fixture, fixtureText } from './helpers.js';

class ConvDefaults extends Module {
  c1 = new nn.Conv1d(2, 4, 3);
  c2 = new nn.Conv2d(2, 4, 3);
  c3 = new nn.Conv3d(2, 4, 3);
  t1 = new nn.ConvTranspose1d(4, 2, 3);
  t2 = new nn.ConvTranspose2d(4, 2, 3);
  t3 = new nn.ConvTranspose3d(4, 2, 3);
  c2z = new nn.Conv2d(2, 4, 3, 1, 1, 1, 1, false, 'zeros'); // every argument, positionally
  unfold = new nn.Unfold(2);
  fold = new nn.Fold([10, 10], 2);
  d1 = new nn.Dropout1d();
  d2 = new nn.Dropout2d();
  d3 = new nn.Dropout3d();

  override forward(wave: Tensor, img: Tensor, vol: Tensor): Tensor[] { // (2, 2, 16), (2, 2, 10, 10), (2, 2, 6, 6, 6)
    const a = this.c1.call(wave);
    const b = this.t1.call(a);
    const c = this.c2.call(img);
    const d = this.t2.call(c);
    const e = this.c3.call(vol);
    const f = this.t3.call(e);
    const g = this.c2z.call(img);
    const u = this.unfold.call(img);
    const v = this.fold.call(u);
    return [a, b, c, d, e, f, g, u, v, this.d1.call(wave), this.d2.call(img), this.d3.call(vol)];
  }
}

class PoolPadDefaults extends Module {
  mp1 = new nn.MaxPool1d(2);
  mp2 = new nn.MaxPool2d(2);
  mp3 = new nn.MaxPool3d(2);
  ap1 = new nn.AvgPool1d(2);
  ap2 = new nn.AvgPool2d(2);
  ap3 = new nn.AvgPool3d(2);
  lp1 = new nn.LPPool1d(2, 3);
  lp2 = new nn.LPPool2d(2, 3);
  amp1 = new nn.AdaptiveMaxPool1d(5);
  amp2 = new nn.AdaptiveMaxPool2d(5);
  amp3 = new nn.AdaptiveMaxPool3d(3);
  aap1 = new nn.AdaptiveAvgPool1d(5);
  aap2 = new nn.AdaptiveAvgPool2d(5);
  aap3 = new nn.AdaptiveAvgPool3d(3);
  mpi1 = new nn.MaxPool1d(2, { returnIndices: true });
  mpi2 = new nn.MaxPool2d(2, { returnIndices: true });
  mpi3 = new nn.MaxPool3d(2, { returnIndices: true });
  un1 = new nn.MaxUnpool1d(2);
  un2 = new nn.MaxUnpool2d(2);
  un3 = new nn.MaxUnpool3d(2);
  rf1 = new nn.ReflectionPad1d(1);
  rf2 = new nn.ReflectionPad2d(1);
  rf3 = new nn.ReflectionPad3d(1);
  rp1 = new nn.ReplicationPad1d(1);
  rp2 = new nn.ReplicationPad2d(1);
  rp3 = new nn.ReplicationPad3d(1);
  cp1 = new nn.ConstantPad1d(1, 0.5);
  cp2 = new nn.ConstantPad2d(1, 0.5);
  cp3 = new nn.ConstantPad3d(1, 0.5);
  zp = new nn.ZeroPad2d(1);
  anchor = new Parameter([1]); // parameter_count_table needs one

  override forward(seq: Tensor, img: Tensor, vol: Tensor): Tensor[] { // (2, 3, 12), (2, 3, 12, 12), (2, 2, 6, 8, 8)
    const out = [
      this.mp1.call(seq), this.mp2.call(img), this.mp3.call(vol), this.ap1.call(seq), this.ap2.call(img), this.ap3.call(vol),
      this.lp1.call(seq), this.lp2.call(img), this.amp1.call(seq), this.amp2.call(img), this.amp3.call(vol),
      this.aap1.call(seq), this.aap2.call(img), this.aap3.call(vol),
    ];
    const [p1, i1] = this.mpi1.call(seq);
    const [p2, i2] = this.mpi2.call(img);
    const [p3, i3] = this.mpi3.call(vol);
    out.push(this.un1.call(p1, i1), this.un2.call(p2, i2), this.un3.call(p3, i3));
    out.push(
      this.rf1.call(seq), this.rf2.call(img), this.rf3.call(vol), this.rp1.call(seq), this.rp2.call(img), this.rp3.call(vol),
      this.cp1.call(seq), this.cp2.call(img), this.cp3.call(vol), this.zp.call(img),
    );
    return out;
  }
}

class ActDefaults extends Module {
  elu = new nn.ELU();
  celu = new nn.CELU();
  selu = new nn.SELU();
  gelu = new nn.GELU();
  glu = new nn.GLU();
  hardshrink = new nn.Hardshrink();
  hardsigmoid = new nn.Hardsigmoid();
  hardswish = new nn.Hardswish();
  hardtanh = new nn.Hardtanh();
  leaky_relu = new nn.LeakyReLU();
  logsigmoid = new nn.LogSigmoid();
  log_softmax = new nn.LogSoftmax();
  mish = new nn.Mish();
  prelu = new nn.PReLU();
  relu = new nn.ReLU();
  relu6 = new nn.ReLU6();
  rrelu = new nn.RReLU();
  sigmoid = new nn.Sigmoid();
  silu = new nn.SiLU();
  softmax = new nn.Softmax();
  softmax2d = new nn.Softmax2d();
  softmin = new nn.Softmin();
  softplus = new nn.Softplus();
  softshrink = new nn.Softshrink();
  softsign = new nn.Softsign();
  tanh = new nn.Tanh();
  tanhshrink = new nn.Tanhshrink();
  threshold = new nn.Threshold(0.1, 20.0);
  mha = new nn.MultiheadAttention(8, 2);
  drop = new nn.Dropout();
  alpha_drop = new nn.AlphaDropout();
  feature_alpha_drop = new nn.FeatureAlphaDropout();

  override forward(x: Tensor, seq: Tensor): (Tensor | null)[] { // (2, 4, 6, 6), (5, 2, 8)
    const layers: Module<(x: Tensor) => Tensor>[] = [
      this.elu, this.celu, this.selu, this.gelu, this.glu, this.hardshrink,
      this.hardsigmoid, this.hardswish, this.hardtanh, this.leaky_relu,
      this.logsigmoid, this.log_softmax, this.mish, this.prelu, this.relu,
      this.relu6, this.rrelu, this.sigmoid, this.silu, this.softmax,
      this.softmax2d, this.softmin, this.softplus, this.softshrink,
      this.softsign, this.tanh, this.tanhshrink, this.threshold,
    ];
    const out: (Tensor | null)[] = layers.map((m) => m.call(x));
    const [y, w] = this.mha.call(seq, seq, seq);
    out.push(y, w, this.drop.call(x), this.alpha_drop.call(x), this.feature_alpha_drop.call(x));
    return out;
  }
}

class NormDefaults extends Module {
  bn1 = new nn.BatchNorm1d(4);
  bn2 = new nn.BatchNorm2d(4);
  bn3 = new nn.BatchNorm3d(2);
  gn = new nn.GroupNorm(2, 4);
  in1 = new nn.InstanceNorm1d(4);
  in2 = new nn.InstanceNorm2d(4);
  in3 = new nn.InstanceNorm3d(2);
  ln = new nn.LayerNorm(6);
  lrn = new nn.LocalResponseNorm(2);
  cmlrn = new nn.CrossMapLRN2d(3);

  override forward(seq: Tensor, img: Tensor, vol: Tensor): Tensor[] { // (2, 4, 10), (2, 4, 6, 6), (2, 2, 4, 4, 4)
    return [
      this.bn1.call(seq), this.bn2.call(img), this.bn3.call(vol), this.gn.call(img), this.in1.call(seq), this.in2.call(img),
      this.in3.call(vol), this.ln.call(img), this.lrn.call(img), this.cmlrn.call(img),
    ];
  }
}

class RnnDefaults extends Module {
  rnn = new nn.RNN(8, 6);
  lstm = new nn.LSTM(8, 6);
  gru = new nn.GRU(8, 6);
  rnn_cell = new nn.RNNCell(8, 6);
  lstm_cell = new nn.LSTMCell(8, 6);
  gru_cell = new nn.GRUCell(8, 6);

  override forward(x: Tensor): Tensor[] { // (5, 2, 8), sequence first
    const [a, ha] = this.rnn.call(x);
    const [b, [hb, cb]] = this.lstm.call(x);
    const [c, hc] = this.gru.call(x);
    const d = this.rnn_cell.call(F.select(x, 0, 0));
    const [he, ce] = this.lstm_cell.call(F.select(x, 0, 0));
    const f = this.gru_cell.call(F.select(x, 0, 0));
    return [a, ha, b, hb, cb, c, hc, d, he, ce, f];
  }
}

class TransformerDefaults extends Module {
  enc_layer = new nn.TransformerEncoderLayer(16, 2);
  dec_layer = new nn.TransformerDecoderLayer(16, 2);
  encoder = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(16, 2), 2);
  decoder = new nn.TransformerDecoder(new nn.TransformerDecoderLayer(16, 2), 1);
  transformer = new nn.Transformer(16, 2, { numEncoderLayers: 1, numDecoderLayers: 1 });

  override forward(src: Tensor, tgt: Tensor): Tensor[] { // (5, 2, 16), (4, 2, 16), sequence first
    const a = this.enc_layer.call(src);
    const b = this.dec_layer.call(tgt, a);
    const c = this.encoder.call(src);
    const d = this.decoder.call(tgt, c);
    const e = this.transformer.call(src, tgt);
    return [a, b, c, d, e];
  }
}

class MiscDefaults extends Module {
  ident = new nn.Identity();
  ident_args = new nn.Identity(54, { unused_argument1: 0.1, unused_argument2: false });
  lin = new nn.Linear(8, 4);
  lin_nobias = new nn.Linear(8, 4, false);
  bil = new nn.Bilinear(8, 8, 3);
  emb = new nn.Embedding(64, 8);
  bag = new nn.EmbeddingBag(64, 8);
  cos = new nn.CosineSimilarity();
  dist = new nn.PairwiseDistance();
  shuffle = new nn.PixelShuffle(2);
  unshuffle = new nn.PixelUnshuffle(2);
  ch_shuffle = new nn.ChannelShuffle(2);
  up = new nn.Upsample({ scaleFactor: 2 });
  up_never = new nn.Upsample();
  up_n2d = new nn.UpsamplingNearest2d({ scaleFactor: 2 });
  up_b2d = new nn.UpsamplingBilinear2d({ scaleFactor: 2 });
  flatten = new nn.Flatten();
  flatten_dims = new nn.Flatten(0, 2);
  unflatten = new nn.Unflatten(1, [2, 4]);
  drop = new nn.Dropout();
  seq = new nn.Sequential(new nn.Linear(8, 8), new nn.ReLU());
  mlist = new nn.ModuleList<Module<(x: Tensor) => Tensor>>([new nn.Linear(8, 8), new nn.Tanh()]);
  mdict = new nn.ModuleDict<Module<(x: Tensor) => Tensor>>({ b: new nn.Linear(8, 8), a: new nn.Sigmoid() });
  plist = new nn.ParameterList([new Parameter([8]), new Parameter([2, 8])]);
  pdict = new nn.ParameterDict({ scale: new Parameter([8]), bias: new Parameter([8]) });

  override forward(ids: Tensor, x: Tensor, img: Tensor): Tensor[] { // (2, 6) int64, (2, 8), (2, 8, 4, 4)
    const out = [
      this.ident.call(x), this.ident_args.call(img), this.lin.call(x), this.lin_nobias.call(x), this.bil.call(x, x),
      this.emb.call(ids), this.bag.call(ids), this.cos.call(x, x), this.dist.call(x, x), this.shuffle.call(img),
      this.unshuffle.call(img), this.ch_shuffle.call(img), this.up.call(img), this.up_n2d.call(img), this.up_b2d.call(img),
      this.flatten.call(img), this.flatten_dims.call(img), this.unflatten.call(x), this.drop.call(x),
    ];
    let h = this.seq.call(x);
    h = this.mlist.at(1).call(this.mlist.at(0).call(h));
    h = this.mdict.get('a').call(this.mdict.get('b').call(h));
    out.push(h.mul(this.plist.at(0)).add(this.plist.at(1).sum(0).mul(this.pdict.get('scale'))).add(this.pdict.get('bias')));
    return out;
  }
}

/** The layers that take an input without its batch dimension, given one. */
class Unbatched extends Module {
  c1 = new nn.Conv1d(3, 4, 3, { padding: 1 });
  c2 = new nn.Conv2d(3, 4, 3, { padding: 1, paddingMode: 'reflect' });
  c3 = new nn.Conv3d(3, 2, 1);
  t2 = new nn.ConvTranspose2d(4, 3, 2, { stride: 2 });
  mp1 = new nn.MaxPool1d(2);
  mp2 = new nn.MaxPool2d(2, { returnIndices: true });
  un2 = new nn.MaxUnpool2d(2);
  ap2 = new nn.AvgPool2d(2);
  aap2 = new nn.AdaptiveAvgPool2d(2);
  amp1 = new nn.AdaptiveMaxPool1d(2);
  lp2 = new nn.LPPool2d(2, 2);
  pad = new nn.ReflectionPad2d(1);
  cpad = new nn.ConstantPad1d(2, 0.0);
  in1 = new nn.InstanceNorm1d(3);
  in2 = new nn.InstanceNorm2d(3, { affine: true });
  ln = new nn.LayerNorm(8);
  gn_act = new nn.Softmax2d();
  lin = new nn.Linear(8, 5);
  bil = new nn.Bilinear(8, 8, 2);
  emb = new nn.Embedding(64, 4);
  shuffle = new nn.PixelShuffle(2);
  d2 = new nn.Dropout2d();
  prelu = new nn.PReLU();
  unfold = new nn.Unfold(2);
  fold = new nn.Fold([8, 8], 2);
  flat = new nn.Flatten(0);

  override forward(ids: Tensor, seq: Tensor, img: Tensor, vol: Tensor): Tensor[] { // (6,) int64, (3, 8), (3, 8, 8), (3, 2, 4, 4)
    const a = this.c1.call(seq);
    const b = this.c2.call(img);
    const [p, i] = this.mp2.call(img);
    const u = this.unfold.call(img);
    return [
      a, this.mp1.call(a), this.amp1.call(seq), this.cpad.call(seq), this.in1.call(seq), b, this.t2.call(b), p, this.un2.call(p, i),
      this.ap2.call(img), this.aap2.call(img), this.lp2.call(img), this.pad.call(img), this.in2.call(img), this.gn_act.call(img),
      this.c3.call(vol), this.ln.call(seq), this.lin.call(F.select(seq, 0, 0)), this.bil.call(F.select(seq, 0, 0), F.select(seq, 0, 1)), this.emb.call(ids),
      this.shuffle.call(F.slice(F.slice(F.cat([img, F.slice(img, 0, 0, 1)], 0), 0), 1, 0, 4)), this.d2.call(img), this.prelu.call(img), u, this.fold.call(u),
      this.flat.call(img),
    ];
  }
}

/**
 * More layers given an input without its batch dimension: 1-D and 3-D pooling and padding, string
 * padding, transposed 1-D / 3-D, distances of vectors, and the transformer layers on (S, E).
 */
class Unbatched2 extends Module {
  same = new nn.Conv1d(3, 4, 3, { padding: 'same' });
  valid = new nn.Conv2d(3, 2, 3, { padding: 'valid' });
  t1 = new nn.ConvTranspose1d(3, 2, 3, { stride: 2, outputPadding: 1 });
  t3 = new nn.ConvTranspose3d(3, 2, 2, { stride: 2 });
  mp3 = new nn.MaxPool3d(2, { returnIndices: true });
  un3 = new nn.MaxUnpool3d(2);
  mp1 = new nn.MaxPool1d(2, { returnIndices: true });
  un1 = new nn.MaxUnpool1d(2);
  ap1 = new nn.AvgPool1d(3, { padding: 1, countIncludePad: false });
  ap3 = new nn.AvgPool3d(2, { ceilMode: true });
  lp1 = new nn.LPPool1d(1.5, 2);
  aap1 = new nn.AdaptiveAvgPool1d(3);
  aap3 = new nn.AdaptiveAvgPool3d([1, null, 2]);
  amp2 = new nn.AdaptiveMaxPool2d([2, 3], { returnIndices: true });
  amp3 = new nn.AdaptiveMaxPool3d(2);
  rf1 = new nn.ReflectionPad1d([1, 2]);
  rf3 = new nn.ReflectionPad3d(1);
  rp1 = new nn.ReplicationPad1d(2);
  rp3 = new nn.ReplicationPad3d([1, 0, 0, 1, 1, 0]);
  zp = new nn.ZeroPad2d([0, 1, 1, 0]);
  cp3 = new nn.ConstantPad3d(1, -1.0);
  in3 = new nn.InstanceNorm3d(3);
  unshuffle = new nn.PixelUnshuffle(2);
  cos = new nn.CosineSimilarity({ dim: 0 });
  dist = new nn.PairwiseDistance();
  enc = new nn.TransformerEncoderLayer(8, 2, 16);
  dec = new nn.TransformerDecoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true });
  tf = new nn.Transformer(8, 2, { numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16 });

  override forward(seq: Tensor, img: Tensor, vol: Tensor, src: Tensor, tgt: Tensor): Tensor[] { // (3, 8), (3, 8, 8), (3, 4, 4, 4), (5, 8), (4, 8)
    const [p3, i3] = this.mp3.call(vol);
    const [p1, i1] = this.mp1.call(seq);
    const [m, j] = this.amp2.call(img);
    const mem = this.enc.call(src);
    return [
      this.same.call(seq), this.valid.call(img), this.t1.call(seq), this.t3.call(vol), p3, this.un3.call(p3, i3), this.un1.call(p1, i1),
      this.ap1.call(seq), this.ap3.call(vol), this.lp1.call(seq), this.aap1.call(seq), this.aap3.call(vol), m, j, this.amp3.call(vol),
      this.rf1.call(seq), this.rf3.call(vol), this.rp1.call(seq), this.rp3.call(vol), this.zp.call(img), this.cp3.call(vol), this.in3.call(vol),
      this.unshuffle.call(img), this.cos.call(F.select(src, 0, 0), F.select(tgt, 0, 0)), this.dist.call(F.select(src, 0, 0), F.select(tgt, 0, 0)),
      mem, this.dec.call(tgt, mem), this.tf.call(src, tgt),
    ];
  }
}

const CASES: Record<string, () => Module> = {
  conv_defaults: () => new ConvDefaults(),
  pool_pad_defaults: () => new PoolPadDefaults(),
  act_defaults: () => new ActDefaults(),
  norm_defaults: () => new NormDefaults(),
  rnn_defaults: () => new RnnDefaults(),
  transformer_defaults: () => new TransformerDefaults(),
  misc_defaults: () => new MiscDefaults(),
  unbatched: () => new Unbatched(),
  unbatched2: () => new Unbatched2(),
};

interface Extra {
  repr: string;
  buffers: Record<string, number[]>;
  outputs: (number[] | null)[];
}

const EXTRA = fixture<Record<string, Extra>>('layers_coverage/extra.json');

const t = suite('layers: every layer with its defaults');

t('every reference case has a port and the other way round', () => {
  assert.equal(Object.keys(CASES).sort(), Object.keys(EXTRA).sort());
});

t('every layer nn exports is in a case here and has a row in docs/layers.md', () => {
  // Not layers: the base classes (nn.RNNBase, nn.RNNCellBase) and MultiheadAttention's out_proj class.
  const layers = Object.entries(nn)
    .filter(([name, v]) => typeof v === 'function' && v.prototype instanceof Module && !name.endsWith('Base') && name !== 'NonDynamicallyQuantizableLinear')
    .map(([name]) => name)
    .sort();
  const inCases = new Set(Object.keys(CASES).flatMap((c) => Object.values(fixture<Golden>(`layers_coverage/${c}.json`).modules).map((m) => m.type)));
  assert.equal(layers.filter((l) => !inCases.has(l)), [], 'layers in no case');
  const rows = new Set([...fixtureText('../../docs/layers.md').matchAll(/^\| (\w+) \|/gm)].map((m) => m[1]));
  assert.equal(layers.filter((l) => !rows.has(l)), [], 'layers without a row');
});

for (const [name, build] of Object.entries(CASES)) {
  const g = fixture<Golden>(`layers_coverage/${name}.json`);
  const e = EXTRA[name]!;

  t(`${name}: the report equals the reference in every field`, () => {
    assertModelMatchesGolden(g, build());
  });

  t(`${name}: traced ops, module reprs, parameter shapes, parameter table`, () => {
    const model = build();
    model.train(g.mode === 'train');
    const [flops] = analyzers(model, goldenInput(g));
    assertOpsMatchGolden(g, flops);
    assertModulesMatchGolden(g, model, flops);
    assert.fixture(parameterCountTable(model), g.parameter_count_table);
  });

  t(`${name}: printed model, buffers, output shapes as PyTorch's`, () => {
    const model = build();
    model.train(g.mode === 'train');
    assert.fixture(model.toString(), e.repr);
    assert.equal(Object.fromEntries(model.namedBuffers().map(([n, b]) => [n, [...b.shape]])), e.buffers);
    const y = model.call(...resolveInputs(goldenInput(g)));
    assert.ok(Array.isArray(y), 'forward returns a list');
    assert.equal((y as (Tensor | null)[]).map((v) => (v === null ? null : [...v.shape])), e.outputs);
  });
}

// rich 13.3.1 (the reference's) wraps a title wider than its table to the
// table's width, folding a word wider than that; each line centred. The
// expected texts are the reference's parameter_count_table for the same
// PyTorch modules.
class AVeryLongModelNameThatIsLongerThanTheTableWidthForSure extends Module {
  anchor = new Parameter([1]);
}
class ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ extends Module {
  m = new Parameter([1]);
}

t('parameterCountTable: a title wider than the table wraps as rich wraps it', () => {
  assert.fixture(
    parameterCountTable(new AVeryLongModelNameThatIsLongerThanTheTableWidthForSure()),
    '       parameter count of       \nAVeryLongModelNameThatIsLongerTh\n     anTheTableWidthForSure     \n' +
      '+---------+--------------------+\n| name    | #elements or shape |\n+---------+--------------------+\n' +
      '| model   | 1                  |\n|  anchor |  (1,)              |\n+---------+--------------------+\n',
  );
  // a table 30 columns wide, a title of 51
  assert.fixture(
    parameterCountTable(new ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ()),
    '      parameter count of      \nABCDEFGHIJKLMNOPQRSTUVWXYZABCD\n    EFGHIJKLMNOPQRSTUVWXYZ    \n' +
      '+-------+--------------------+\n| name  | #elements or shape |\n+-------+--------------------+\n' +
      '| model | 1                  |\n|  m    |  (1,)              |\n+-------+--------------------+\n',
  );
});

t('Upsample(): PyTorch builds it (size=None) and refuses it only when called', () => {
  const up = new nn.Upsample();
  assert.is(up.toString(), 'Upsample(size=None, mode=nearest)');
  assert.is(new nn.UpsamplingNearest2d().toString(), 'UpsamplingNearest2d(size=None, mode=nearest)');
  assert.throws(() => up.call(new Tensor([1, 2, 4, 4])), (e: unknown) => e instanceof ArgumentError && /exactly one of size and scale_factor/.test((e as Error).message));
  // both given is still refused when built
  assert.throws(() => new nn.Upsample({ size: 4, scaleFactor: 2 }), (e: unknown) => e instanceof ArgumentError);
});

t('convolutions: an unbatched input as PyTorch 1.13 (a batch of one), any other rank refused', () => {
  const w = new Parameter([4, 3, 3]);
  assert.equal([...F.conv1d(new Tensor([3, 8]), w).shape], [4, 6]);
  assert.equal([...F.convTransposeNd(1, new Tensor([4, 8]), new Parameter([4, 2, 3])).shape], [2, 10]);
  // PyTorch: "Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [8]"
  assert.throws(() => F.conv1d(new Tensor([8]), w), (e: unknown) => e instanceof ShapeError && /expected 2-D \(C, L\) or 3-D \(N, C, L\) input to conv1d, got 1-D/.test((e as Error).message));
  assert.throws(() => F.convTransposeNd(2, new Tensor([8, 3]), new Parameter([3, 4, 3, 3])), (e: unknown) => e instanceof ShapeError && /input to conv_transpose2d, got 2-D/.test((e as Error).message));
});

t('Linear(in, out, bias) positionally, as PyTorch; Identity ignores its arguments', () => {
  assert.is(new nn.Linear(3, 4, false).toString(), 'Linear(in_features=3, out_features=4, bias=False)');
  assert.is(new nn.Linear(3, 4, true).bias?.shape.join(','), '4');
  assert.is(new nn.Linear(3, 4, { bias: false }).bias, null);
  assert.is(new nn.Identity(54, { unused_argument1: 0.1 }).toString(), 'Identity()');
});

t.run();
