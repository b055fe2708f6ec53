// Recurrent ops as PyTorch 1.13 traces them.
//
// A full recurrent layer (`_VF.rnn_tanh`, `rnn_relu`, `lstm`, `gru`) is one
// traced node, whatever its options: the reference reports it as unsupported
// (0 flops, 0 activations). The cells (`_VF.rnn_tanh_cell`, `lstm_cell`,
// `gru_cell`) are composite ops, so the trace shows their pieces: two
// `aten::linear` (counted) and pointwise ops, in ATen's order
// (aten/src/ATen/native/RNN.cpp: SimpleCell, LSTMCell, GRUCell).
//
// Shape-only tracing: the inter-layer dropout (`dropout` with `num_layers > 1`
// in training) happens inside the one traced node and changes no shape, so
// nothing depends on the random data; it is recorded as the node's argument.

import { RNN_OPS } from '../../core/op_schema.js';
import { ShapeError } from '../../core/errors.js';
import { concrete, type Shape } from '../../core/shape.js';
import { checkTensor, type Tensor } from '../../core/tensor.js';
import { add, add_, mul, mul_, relu, sub, tanh } from './elementwise.js';
import { linear } from './linear.js';
import { recordMany, schema, unaryIn } from './util.js';

const RNN_TANH = /* @__PURE__ */ schema(RNN_OPS, 'aten::rnn_tanh');
const RNN_RELU = /* @__PURE__ */ schema(RNN_OPS, 'aten::rnn_relu');
const LSTM = /* @__PURE__ */ schema(RNN_OPS, 'aten::lstm');
const GRU = /* @__PURE__ */ schema(RNN_OPS, 'aten::gru');
const UNSAFE_CHUNK = /* @__PURE__ */ schema(RNN_OPS, 'aten::unsafe_chunk');

/** The options every full recurrent op takes after its weights. */
export interface RnnOpOptions {
  hasBiases: boolean;
  numLayers: number;
  dropout: number;
  train: boolean;
  bidirectional: boolean;
  batchFirst: boolean;
}

const fmt = (s: Shape): string => `[${s.join(', ')}]`;

/** A hidden state's last size (hidden_size or proj_size): a feature count, so concrete; 0 when it has no third dimension (the shape check then fails). */
const hiddenSize = (op: string, h: Tensor): number => concrete(h.shape[2] ?? 0, `${op}: the hidden state's size`);

/**
 * The checks and output shape of a full recurrent op: a 3-D input
 * (seq, batch, feature), or (batch, seq, feature) batch first; hidden states
 * (num_layers * directions, batch, size). `outSize` is the output's last size
 * per direction (hidden_size, or proj_size for an LSTM with projections).
 */
function sequenceOut(op: string, input: Tensor, hidden: readonly [Tensor, number][], o: RnnOpOptions, outSize: number): Shape {
  if (input.rank !== 3) throw new ShapeError(op, `input must have 3 dimensions, got ${input.rank}`, { input: input.shape });
  const batch = input.shape[o.batchFirst ? 0 : 1]!;
  const d = o.bidirectional ? 2 : 1;
  for (const [h, size] of hidden) {
    const want = [o.numLayers * d, batch, size];
    if (h.rank !== 3 || h.shape.some((v, i) => v !== want[i])) {
      throw new ShapeError(op, `Expected hidden size ${fmt(want)}, got ${fmt(h.shape)}`, { input: input.shape, hx: h.shape });
    }
  }
  const [a, b] = o.batchFirst ? [batch, input.shape[1]!] : [input.shape[0]!, batch];
  return [a, b, d * outSize];
}

function opArgs(input: Tensor, hx: Tensor | readonly Tensor[], params: readonly Tensor[], o: RnnOpOptions): Record<string, unknown> {
  return {
    input,
    hx,
    params,
    has_biases: o.hasBiases,
    num_layers: o.numLayers,
    dropout: o.dropout,
    train: o.train,
    bidirectional: o.bidirectional,
    batch_first: o.batchFirst,
  };
}

function simpleRnn(kind: 'tanh' | 'relu', input: Tensor, hx: Tensor, params: readonly Tensor[], o: RnnOpOptions): [Tensor, Tensor] {
  const op = kind === 'tanh' ? RNN_TANH : RNN_RELU;
  checkTensor(op.kind, input, 'input');
  checkTensor(op.kind, hx, 'hx');
  const size = hiddenSize(op.kind, hx);
  const out = sequenceOut(op.kind, input, [[hx, size]], o, size);
  const [y, h] = recordMany(op, opArgs(input, hx, params, o), [out, hx.shape], input.dtype) as [Tensor, Tensor];
  return [y, h];
}

/** `torch.rnn_tanh(input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first)`: (output, h_n). */
export const rnnTanh = (input: Tensor, hx: Tensor, params: readonly Tensor[], o: RnnOpOptions): [Tensor, Tensor] => simpleRnn('tanh', input, hx, params, o);
/** `torch.rnn_relu(...)`, as rnnTanh. */
export const rnnRelu = (input: Tensor, hx: Tensor, params: readonly Tensor[], o: RnnOpOptions): [Tensor, Tensor] => simpleRnn('relu', input, hx, params, o);

/** `torch.gru(input, hx, params, ...)`: (output, h_n). */
export function gru(input: Tensor, hx: Tensor, params: readonly Tensor[], o: RnnOpOptions): [Tensor, Tensor] {
  checkTensor(GRU.kind, input, 'input');
  checkTensor(GRU.kind, hx, 'hx');
  const size = hiddenSize(GRU.kind, hx);
  const out = sequenceOut(GRU.kind, input, [[hx, size]], o, size);
  const [y, h] = recordMany(GRU, opArgs(input, hx, params, o), [out, hx.shape], input.dtype) as [Tensor, Tensor];
  return [y, h];
}

/** `torch.lstm(input, (h0, c0), params, ...)`: (output, h_n, c_n); h0's last size is proj_size when projecting. */
export function lstm(input: Tensor, hx: readonly [Tensor, Tensor], params: readonly Tensor[], o: RnnOpOptions): [Tensor, Tensor, Tensor] {
  checkTensor(LSTM.kind, input, 'input');
  const [h0, c0] = hx;
  checkTensor(LSTM.kind, h0, 'hx[0]');
  checkTensor(LSTM.kind, c0, 'hx[1]');
  const real = hiddenSize(LSTM.kind, h0);
  const out = sequenceOut(LSTM.kind, input, [[h0, real], [c0, hiddenSize(LSTM.kind, c0)]], o, real);
  const [y, h, c] = recordMany(LSTM, opArgs(input, hx, params, o), [out, h0.shape, c0.shape], input.dtype) as [Tensor, Tensor, Tensor];
  return [y, h, c];
}

/** `x.unsafe_chunk(chunks, dim)` for a size that `chunks` divides (the gates of a cell). */
function unsafeChunk(x: Tensor, chunks: number, dim: number): Tensor[] {
  const n = concrete(x.shape[dim]!, `${UNSAFE_CHUNK.kind}: the gates' size`);
  const each = Math.ceil(n / chunks);
  const shapes: Shape[] = [];
  for (let at = 0; at < n; at += each) shapes.push(x.shape.map((v, i) => (i === dim ? Math.min(each, n - at) : v)));
  return recordMany(UNSAFE_CHUNK, { self: x, chunks, dim }, shapes, x.dtype);
}

/** The checks every cell makes: 2-D input and hidden state(s) (batch, hidden), weights that fit. */
function cellChecks(op: string, input: Tensor, hx: readonly Tensor[], wIh: Tensor, wHh: Tensor, gates: number): void {
  checkTensor(op, input, 'input');
  for (const h of hx) checkTensor(op, h, 'hx');
  const hidden = concrete(wHh.shape[1]!, `${op}: weight_hh`);
  const bad =
    input.rank !== 2 ||
    wIh.rank !== 2 ||
    wIh.shape[1] !== input.shape[1] ||
    wIh.shape[0] !== gates * hidden ||
    wHh.shape[0] !== gates * hidden ||
    hx.some((h) => h.rank !== 2 || h.shape[0] !== input.shape[0] || h.shape[1] !== hidden);
  if (bad) {
    const shapes: Record<string, Shape> = { input: input.shape, weight_ih: wIh.shape, weight_hh: wHh.shape };
    hx.forEach((h, i) => (shapes[hx.length > 1 ? `hx[${i}]` : 'hx'] = h.shape));
    throw new ShapeError(op, `expected input (batch, ${wIh.shape[1]}) and hidden (batch, ${hidden})`, shapes);
  }
}

function simpleCell(kind: 'tanh' | 'relu', input: Tensor, hx: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor | null, bHh: Tensor | null): Tensor {
  cellChecks(`aten::rnn_${kind}_cell`, input, [hx], wIh, wHh, 1);
  const gates = add_(linear(hx, wHh, bHh), linear(input, wIh, bIh));
  return kind === 'tanh' ? tanh(gates) : relu(gates);
}

/** `torch.rnn_tanh_cell(input, hx, w_ih, w_hh, b_ih, b_hh)`: tanh(linear_hh(hx) + linear_ih(input)). */
export const rnnTanhCell = (input: Tensor, hx: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor | null = null, bHh: Tensor | null = null): Tensor =>
  simpleCell('tanh', input, hx, wIh, wHh, bIh, bHh);
/** `torch.rnn_relu_cell(...)`, as rnnTanhCell with relu. */
export const rnnReluCell = (input: Tensor, hx: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor | null = null, bHh: Tensor | null = null): Tensor =>
  simpleCell('relu', input, hx, wIh, wHh, bIh, bHh);

/** `torch.lstm_cell(input, (hx, cx), w_ih, w_hh, b_ih, b_hh)`: (h', c'). */
export function lstmCell(input: Tensor, hx: readonly [Tensor, Tensor], wIh: Tensor, wHh: Tensor, bIh: Tensor | null = null, bHh: Tensor | null = null): [Tensor, Tensor] {
  const [h, cx] = hx;
  cellChecks('aten::lstm_cell', input, [h, cx], wIh, wHh, 4);
  const gates = add_(linear(h, wHh, bHh), linear(input, wIh, bIh));
  const [i, f, g, o] = unsafeChunk(gates, 4, 1) as [Tensor, Tensor, Tensor, Tensor];
  const ingate = unaryIn(RNN_OPS, 'aten::sigmoid_', i);
  const forgetgate = unaryIn(RNN_OPS, 'aten::sigmoid_', f);
  const cellgate = unaryIn(RNN_OPS, 'aten::tanh_', g);
  const outgate = unaryIn(RNN_OPS, 'aten::sigmoid_', o);
  const cy = add_(mul(forgetgate, cx), mul(ingate, cellgate));
  const hy = mul(outgate, tanh(cy));
  return [hy, cy];
}

/** `torch.gru_cell(input, hx, w_ih, w_hh, b_ih, b_hh)`: h'. */
export function gruCell(input: Tensor, hx: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor | null = null, bHh: Tensor | null = null): Tensor {
  cellChecks('aten::gru_cell', input, [hx], wIh, wHh, 3);
  const [ir, iz, inew] = unsafeChunk(linear(input, wIh, bIh), 3, 1) as [Tensor, Tensor, Tensor];
  const [hr, hz, hnew] = unsafeChunk(linear(hx, wHh, bHh), 3, 1) as [Tensor, Tensor, Tensor];
  const resetgate = unaryIn(RNN_OPS, 'aten::sigmoid_', add_(hr, ir));
  const inputgate = unaryIn(RNN_OPS, 'aten::sigmoid_', add_(hz, iz));
  const newgate = unaryIn(RNN_OPS, 'aten::tanh_', add(inew, mul_(hnew, resetgate)));
  return add_(mul_(sub(hx, newgate), inputgate), newgate);
}
