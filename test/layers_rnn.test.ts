// Recurrent layers beyond the public golden: unbatched inputs (RNN, LSTM with
// projections, batch-first GRU with a given h0, the three cells), positional
// arguments, bias=False, and the argument and shape checks. Expected values:
// the reference tool on PyTorch 1.13 (fixture golden/layers/rnn_unbatched.json,
// written by shared/reference/gen.py for the model ported below).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { F, Module, nn, type Tensor } from '../index.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import { assertModulesMatchGolden, assertOpsMatchGolden, goldenInput, type Golden } from './golden_check.js';
import { analyzers, fixture, get } from './helpers.js';

const t = suite('layers: recurrent');

/** The reference model (eval), line by line. */
class Unbatched extends Module {
  rnn = new nn.RNN(8, 6, { numLayers: 2, bias: false, batchFirst: false, dropout: 0.0, bidirectional: true, nonlinearity: 'relu' });
  lstm = new nn.LSTM(12, 10, { numLayers: 2, bidirectional: true, projSize: 4 });
  gru = new nn.GRU(8, 5, { batchFirst: true });
  cell = new nn.LSTMCell(8, 7, { bias: false });
  gcell = new nn.GRUCell(8, 3);
  rcell = new nn.RNNCell(8, 4);

  override forward(x: Tensor, y: Tensor): Tensor[] { // x: (T, 8) unbatched, y: (B, T, 8)
    const [a] = this.rnn.call(x); // (T, 12)
    const [b, [hb, cb]] = this.lstm.call(a); // (T, 8), (4, 4), (4, 10)
    const h0 = F.zeros([1, 5]);
    const [c, hc] = this.gru.call(x, h0); // batch_first, unbatched: (T, 5), (1, 5)
    const [d, hd] = this.gru.call(y); // (B, T, 5), (1, B, 5)
    const [e, ce] = this.cell.call(F.select(x, 0, 0)); // unbatched cell
    const f = this.gcell.call(F.select(F.slice(y, 0), 1, 0));
    const g = this.rcell.call(F.select(x, 0, 1), F.zeros([4]));
    return [b, hb, cb, c, hc, d, hd, e, ce, f, g];
  }
}

const golden = fixture<Golden>('golden/layers/rnn_unbatched.json');

t('unbatched inputs, projections, positional arguments: ops, modules and counts as the reference', () => {
  const m = new Unbatched().eval();
  const [flops, acts] = analyzers(m, goldenInput(golden));
  assertOpsMatchGolden(golden, flops);
  assertModulesMatchGolden(golden, m, flops);
  for (const [name, v] of Object.entries(golden.flops_by_module)) assert.is(get(flops.byModule(), name), BigInt(v), name);
  for (const [name, v] of Object.entries(golden.acts_by_module)) assert.is(get(acts.byModule(), name), BigInt(v), name);
  assert.equal(Object.fromEntries(flops.unsupportedOps()), golden.flops_unsupported_ops);
});

t('parameter names and registration order (PyTorch _flat_weights_names)', () => {
  const lstm = new nn.LSTM(3, 4, 2, false, true, 0.5, true, 2);
  assert.equal(lstm.flatWeightsNames, [
    'weight_ih_l0', 'weight_hh_l0', 'weight_hr_l0',
    'weight_ih_l0_reverse', 'weight_hh_l0_reverse', 'weight_hr_l0_reverse',
    'weight_ih_l1', 'weight_hh_l1', 'weight_hr_l1',
    'weight_ih_l1_reverse', 'weight_hh_l1_reverse', 'weight_hr_l1_reverse',
  ]);
  assert.equal([...lstm.namedParameters()].map(([n, p]) => `${n}:${p.shape.join('x')}`), [
    'weight_ih_l0:16x3', 'weight_hh_l0:16x2', 'weight_hr_l0:2x4',
    'weight_ih_l0_reverse:16x3', 'weight_hh_l0_reverse:16x2', 'weight_hr_l0_reverse:2x4',
    'weight_ih_l1:16x4', 'weight_hh_l1:16x2', 'weight_hr_l1:2x4',
    'weight_ih_l1_reverse:16x4', 'weight_hh_l1_reverse:16x2', 'weight_hr_l1_reverse:2x4',
  ]);
  // str(nn.LSTM(3, 4, 2, False, True, 0.5, True, 2)) in PyTorch 1.13
  assert.is(lstm.extraRepr(), '3, 4, proj_size=2, num_layers=2, bias=False, batch_first=True, dropout=0.5, bidirectional=True');
  const gru = new nn.GRU(3, 4, { bias: false });
  assert.equal([...gru.namedParameters()].map(([n]) => n), ['weight_ih_l0', 'weight_hh_l0']);
  const cell = new nn.RNNCell(3, 4, false, 'relu');
  assert.equal([...cell.namedParameters()].map(([n]) => n), ['weight_ih', 'weight_hh']);
  assert.is(cell.extraRepr(), '3, 4, bias=False, nonlinearity=relu');
  assert.is(new nn.GRUCell(3, 4, false).extraRepr(), '3, 4, bias=False');
});

t('positional and options forms build the same layer', () => {
  const a = new nn.GRU(3, 4, 2, true, true, 0.1, true);
  const b = new nn.GRU(3, 4, { numLayers: 2, bias: true, batchFirst: true, dropout: 0.1, bidirectional: true });
  assert.is(a.extraRepr(), b.extraRepr());
  assert.is(a.extraRepr(), '3, 4, num_layers=2, batch_first=True, dropout=0.1, bidirectional=True');
  assert.is(new nn.RNN(3, 4, { nonlinearity: 'relu' }).nonlinearity, 'relu');
  assert.is(new nn.LSTMCell(3, 4, { bias: false }).extraRepr(), new nn.LSTMCell(3, 4, false).extraRepr());
});

t('argument checks (PyTorch 1.13 raises for the same)', () => {
  assert.throws(() => new nn.RNN(3, 4, { dropout: 1.5 }), (e: unknown) => e instanceof ArgumentError);
  assert.throws(() => new nn.RNN(3, 0), (e: unknown) => e instanceof ArgumentError);
  assert.throws(() => new nn.LSTM(3, 4, { numLayers: 0 }), (e: unknown) => e instanceof ArgumentError);
  assert.throws(() => new nn.LSTM(3, 4, { projSize: 4 }), (e: unknown) => e instanceof ArgumentError); // proj_size has to be smaller than hidden_size
  assert.throws(() => new nn.RNN(3, 4, { nonlinearity: 'gelu' as 'relu' }), (e: unknown) => e instanceof ArgumentError);
  // RNNCell checks its nonlinearity when called, as PyTorch 1.13 does.
  const sig = new nn.RNNCell(3, 4, { nonlinearity: 'sigmoid' as 'tanh' });
  assert.throws(() => analyzers(sig, { inputs: [[2, 3]] }), (e: unknown) => e instanceof ArgumentError);
});

t('shape checks', () => {
  class Call extends Module {
    constructor(readonly f: (x: Tensor) => unknown) {
      super();
    }
    override forward(x: Tensor): Tensor {
      this.f(x);
      return x;
    }
  }
  const rnn = new nn.RNN(3, 4);
  const lstm = new nn.LSTM(3, 4);
  const cell = new nn.GRUCell(3, 4);
  const run = (f: (x: Tensor) => unknown, shape: number[]) => analyzers(new Call(f), { inputs: [shape] });
  assert.throws(() => run((x) => rnn.call(x), [2, 5, 6]), (e: unknown) => e instanceof ShapeError); // input_size 3
  assert.throws(() => run((x) => rnn.call(x), [2, 5, 3, 1]), (e: unknown) => e instanceof ShapeError); // 4-D
  assert.throws(() => run((x) => rnn.call(x, F.zeros([1, 3, 4])), [5, 2, 3]), (e: unknown) => e instanceof ShapeError); // hidden batch 3, input batch 2
  assert.throws(() => run((x) => lstm.call(x, [F.zeros([1, 2, 4]), F.zeros([1, 2, 5])]), [5, 2, 3]), (e: unknown) => e instanceof ShapeError);
  assert.throws(() => run((x) => cell.call(x), [2, 5]), (e: unknown) => e instanceof ShapeError);
  assert.throws(() => run((x) => cell.call(x), [2, 3, 3]), (e: unknown) => e instanceof ShapeError);
  // Sequence-first and batch-first outputs.
  const out: number[][] = [];
  run((x) => {
    const [y, h] = new nn.GRU(3, 4, { numLayers: 3, bidirectional: true }).call(x);
    out.push([...y.shape] as number[], [...h.shape] as number[]);
  }, [5, 2, 3]);
  assert.equal(out, [[5, 2, 8], [6, 2, 4]]);
});

t.run();
