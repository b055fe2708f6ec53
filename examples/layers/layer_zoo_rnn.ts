// layer_zoo_rnn (public layer golden, PyTorch source in the golden's layer_models.py):
// RNN tanh (batch_first) and relu (2 layers, sequence-first), LSTM (2 layers,
// bidirectional, batch_first, dropout), LSTM with proj_size and a given (h0, c0),
// a bidirectional GRU without bias from a learned h0, then 3 unrolled steps of
// RNNCell / LSTMCell / GRUCell / RNNCell(relu, no bias).

import { F, Module, nn, type Tensor } from '../../index.js';

export class RnnZoo extends Module {
  readonly steps: number;
  rnn_tanh = new nn.RNN(16, 24, { batchFirst: true });
  rnn_relu = new nn.RNN(24, 24, { numLayers: 2, nonlinearity: 'relu' }); // sequence-first
  lstm = new nn.LSTM(24, 32, { numLayers: 2, bidirectional: true, batchFirst: true, dropout: 0.2 });
  lstm_proj = new nn.LSTM(64, 32, { projSize: 16, batchFirst: true });
  init_h = new nn.Linear(16, 2 * 24);
  gru = new nn.GRU(16, 24, { bidirectional: true, bias: false }); // sequence-first
  drop = new nn.Dropout(0.1);
  cell_rnn = new nn.RNNCell(16 + 48, 32, { nonlinearity: 'tanh' });
  cell_lstm = new nn.LSTMCell(32, 32);
  cell_gru = new nn.GRUCell(32, 32);
  cell_relu = new nn.RNNCell(32, 16, { nonlinearity: 'relu', bias: false });
  out = new nn.Linear(32, 10);

  constructor(steps = 3) {
    super();
    this.steps = steps;
  }

  override forward(x: Tensor): Tensor { // x: (B, T, 16)
    const B = x.size(0);
    let [h] = this.rnn_tanh.call(x); // (B, T, 24)
    [h] = this.rnn_relu.call(F.transpose(h, 0, 1)); // (T, B, 24)
    [h] = this.lstm.call(F.transpose(h, 0, 1)); // (B, T, 64)
    const h0 = F.zeros([1, B, 16]);
    const c0 = F.zeros([1, B, 32]);
    const [p] = this.lstm_proj.call(this.drop.call(h), [h0, c0]); // (B, T, 16)
    const g0 = F.contiguous(F.transpose(F.view(F.tanh(this.init_h.call(F.mean(x, 1))), [B, 2, 24]), 0, 1));
    const [g] = this.gru.call(F.transpose(x, 0, 1), g0); // (T, B, 48)
    const ctx = F.select(g, 0, -1); // (B, 48)
    let inp = F.select(F.slice(p, 0), 1, -1); // (B, 16)
    let hr = this.cell_rnn.call(F.cat([inp, ctx], 1));
    let [hl, cl] = this.cell_lstm.call(hr);
    let hg = hr;
    const outs: Tensor[] = [];
    for (let i = 0; i < this.steps; i++) {
      hr = this.cell_rnn.call(F.cat([inp, ctx], 1), hr);
      [hl, cl] = this.cell_lstm.call(hr, [hl, cl]);
      hg = this.cell_gru.call(hl, hg);
      inp = this.cell_relu.call(hg);
      outs.push(this.out.call(hg));
    }
    return F.stack(outs, 1); // (B, steps, 10)
  }
}

export const inputs = [[2, 10, 16]];
/** The model as the golden runs it: `model.train()`. */
export default (): RnnZoo => new RnnZoo().train();
