// Recurrent layers as PyTorch 1.13 builds and runs them: nn.RNN, nn.LSTM,
// nn.GRU (one traced aten::rnn_tanh / rnn_relu / lstm / gru node each, with
// aten::zeros for default initial states) and the cells nn.RNNCell,
// nn.LSTMCell, nn.GRUCell (decomposed into two counted linears and pointwise
// ops; see nn/functional/rnn.ts).
//
// Shape-only tracing: nothing here depends on data. The dropout between
// stacked layers (`dropout > 0`, `num_layers > 1`, training) is applied inside
// the one traced node and keeps every shape, so the trace is the same whatever
// the random mask; packed sequences (whose batch sizes are data) are not
// supported.

import { ArgumentError, ShapeError } from '../../core/errors.js';
import { Parameter, type Tensor } from '../../core/tensor.js';
import { gru, gruCell, lstm, lstmCell, rnnRelu, rnnReluCell, rnnTanh, rnnTanhCell, type RnnOpOptions } from '../functional/rnn.js';
import { squeeze, unsqueeze, zeros } from '../functional/shape_ops.js';
import { intArg } from '../functional/util.js';
import { Module } from '../module.js';
import { pyBool, pyFloat } from '../pyrepr.js';
import { optionsFrom } from './args.js';

/** The options of nn.RNN, nn.LSTM and nn.GRU after input_size and hidden_size. */
export interface RnnOptions {
  numLayers?: number;
  bias?: boolean;
  batchFirst?: boolean;
  dropout?: number;
  bidirectional?: boolean;
}

export interface RnnTanhReluOptions extends RnnOptions {
  nonlinearity?: 'tanh' | 'relu';
}

export interface LstmOptions extends RnnOptions {
  projSize?: number;
}

type Mode = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';
const GATES: Record<Mode, number> = { RNN_TANH: 1, RNN_RELU: 1, LSTM: 4, GRU: 3 };

/** torch.nn.RNNBase: the parameters (`weight_ih_l0`, `weight_hh_l0_reverse`, `weight_hr_l0`, ...) and extra_repr. */
export abstract class RNNBase extends Module {
  readonly mode: Mode;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly projSize: number;
  /** The parameters' names in PyTorch's order (`_flat_weights_names`). */
  readonly flatWeightsNames: readonly string[];

  constructor(mode: Mode, inputSize: number, hiddenSize: number, options: LstmOptions) {
    super();
    const name = mode === 'LSTM' ? 'LSTM' : mode === 'GRU' ? 'GRU' : 'RNN';
    intArg(name, 'input_size', inputSize, 0);
    intArg(name, 'hidden_size', hiddenSize, 1);
    const numLayers = intArg(name, 'num_layers', options.numLayers ?? 1, 1);
    const dropout = options.dropout ?? 0;
    if (typeof dropout !== 'number' || !(dropout >= 0 && dropout <= 1)) {
      throw new ArgumentError(name, 'dropout', dropout, 'a number in range [0, 1]');
    }
    const projSize = intArg(name, 'proj_size', options.projSize ?? 0, 0);
    if (projSize >= hiddenSize) throw new ArgumentError(name, 'proj_size', projSize, `smaller than hidden_size (${hiddenSize})`);
    if (projSize > 0 && mode !== 'LSTM') throw new ArgumentError(name, 'proj_size', projSize, '0 (proj_size is supported only by LSTM)');
    this.mode = mode;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bias = Boolean(options.bias ?? true);
    this.batchFirst = Boolean(options.batchFirst ?? false);
    this.dropout = dropout;
    this.bidirectional = Boolean(options.bidirectional ?? false);
    this.projSize = projSize;
    const gateSize = GATES[mode] * hiddenSize;
    const directions = this.bidirectional ? 2 : 1;
    const realHidden = projSize > 0 ? projSize : hiddenSize;
    const names: string[] = [];
    for (let layer = 0; layer < numLayers; layer++) {
      for (let d = 0; d < directions; d++) {
        const layerInput = layer === 0 ? inputSize : realHidden * directions;
        const suffix = `_l${layer}${d === 1 ? '_reverse' : ''}`;
        const params: [string, number[]][] = [
          [`weight_ih${suffix}`, [gateSize, layerInput]],
          [`weight_hh${suffix}`, [gateSize, realHidden]],
        ];
        if (this.bias) params.push([`bias_ih${suffix}`, [gateSize]], [`bias_hh${suffix}`, [gateSize]]);
        if (projSize > 0) params.push([`weight_hr${suffix}`, [projSize, hiddenSize]]);
        for (const [n, shape] of params) {
          this.registerParameter(n, new Parameter(shape));
          names.push(n);
        }
      }
    }
    this.flatWeightsNames = names;
  }

  /** The parameters in PyTorch's order (`_flat_weights`), as the traced op takes them. */
  get flatWeights(): Parameter[] {
    return this.flatWeightsNames.map((n) => this._parameters.get(n)!);
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.projSize !== 0) s += `, proj_size=${this.projSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (!this.bias) s += `, bias=${pyBool(this.bias)}`;
    if (this.batchFirst) s += `, batch_first=${pyBool(this.batchFirst)}`;
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional) s += `, bidirectional=${pyBool(this.bidirectional)}`;
    return s;
  }

  /** The input made 3-D (an unbatched 2-D input gets its batch dimension) and checked. */
  protected batched(input: Tensor): { input: Tensor; isBatched: boolean; batchDim: number } {
    const op = this.typeName();
    if (input.rank !== 2 && input.rank !== 3) throw new ShapeError(op, `expected a 2-D (unbatched) or 3-D input, got ${input.rank}-D`, { input: input.shape });
    const isBatched = input.rank === 3;
    const batchDim = this.batchFirst ? 0 : 1;
    const x = isBatched ? input : unsqueeze(input, batchDim);
    if (x.shape[2] !== this.inputSize) {
      throw new ShapeError(op, `input.size(-1) must be equal to input_size. Expected ${this.inputSize}, got ${x.shape[2]}`, { input: input.shape });
    }
    return { input: x, isBatched, batchDim };
  }

  protected checkHidden(hx: Tensor, isBatched: boolean, what = 'hx'): void {
    const want = isBatched ? 3 : 2;
    if (hx.rank !== want) {
      throw new ShapeError(this.typeName(), `For ${isBatched ? 'batched 3-D' : 'unbatched 2-D'} input, ${what} should also be ${want}-D but got ${hx.rank}-D tensor`, { [what]: hx.shape });
    }
  }

  /** PyTorch's check_hidden_size: (num_layers * directions, batch, size). */
  protected checkHiddenSize(input: Tensor, hx: Tensor, size: number): void {
    const want = [this.numLayers * (this.bidirectional ? 2 : 1), input.shape[this.batchFirst ? 0 : 1]!, size];
    if (hx.rank !== 3 || hx.shape.some((v, i) => v !== want[i])) {
      throw new ShapeError(this.typeName(), `Expected hidden size (${want.join(', ')}), got [${hx.shape.join(', ')}]`, { input: input.shape, hx: hx.shape });
    }
  }

  protected opOptions(): RnnOpOptions {
    return {
      hasBiases: this.bias,
      numLayers: this.numLayers,
      dropout: this.dropout,
      train: this.training,
      bidirectional: this.bidirectional,
      batchFirst: this.batchFirst,
    };
  }
}

/** nn.RNN / nn.GRU: one hidden state. */
abstract class SingleStateRnn extends RNNBase {
  override forward(input: Tensor, hx: Tensor | null = null): [Tensor, Tensor] {
    const b = this.batched(input);
    let h: Tensor;
    if (hx === null) {
      const maxBatch = b.input.size(this.batchFirst ? 0 : 1);
      h = zeros([this.numLayers * (this.bidirectional ? 2 : 1), maxBatch, this.hiddenSize]);
    } else {
      this.checkHidden(hx, b.isBatched);
      h = b.isBatched ? hx : unsqueeze(hx, 1);
    }
    this.checkHiddenSize(b.input, h, this.hiddenSize);
    const run = this.mode === 'GRU' ? gru : this.mode === 'RNN_RELU' ? rnnRelu : rnnTanh;
    const [out, hn] = run(b.input, h, this.flatWeights, this.opOptions());
    return b.isBatched ? [out, hn] : [squeeze(out, b.batchDim), squeeze(hn, 1)];
  }
}

const RNN_NAMES = ['numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional'] as const;
const LSTM_NAMES = ['numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional', 'projSize'] as const;
const GRU_NAMES = ['numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional'] as const;

/**
 * torch.nn.RNN: `new RNN(inputSize, hiddenSize, { numLayers, nonlinearity, bias, batchFirst, dropout, bidirectional })`
 * or PyTorch's positional order `(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional)`
 * (in PyTorch 1.13 `nonlinearity` is a keyword argument only: pass it in the options).
 * `rnn.call(input, h0?)` gives `[output, h_n]`.
 */
export class RNN extends SingleStateRnn {
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(inputSize: number, hiddenSize: number, options?: RnnTanhReluOptions);
  constructor(inputSize: number, hiddenSize: number, numLayers?: number, bias?: boolean, batchFirst?: boolean, dropout?: number, bidirectional?: boolean);
  constructor(inputSize: number, hiddenSize: number, ...args: unknown[]) {
    const o = optionsFrom<RnnTanhReluOptions>(args, RNN_NAMES);
    const nonlinearity = o.nonlinearity ?? 'tanh';
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') throw new ArgumentError('RNN', 'nonlinearity', nonlinearity, "'tanh' or 'relu'");
    super(nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', inputSize, hiddenSize, o);
    this.nonlinearity = nonlinearity;
  }
}

/**
 * torch.nn.GRU: `new GRU(inputSize, hiddenSize, { numLayers, bias, batchFirst, dropout, bidirectional })`
 * or positionally in that order. `gru.call(input, h0?)` gives `[output, h_n]`.
 */
export class GRU extends SingleStateRnn {
  constructor(inputSize: number, hiddenSize: number, options?: RnnOptions);
  constructor(inputSize: number, hiddenSize: number, numLayers?: number, bias?: boolean, batchFirst?: boolean, dropout?: number, bidirectional?: boolean);
  constructor(inputSize: number, hiddenSize: number, ...args: unknown[]) {
    super('GRU', inputSize, hiddenSize, optionsFrom<RnnOptions>(args, GRU_NAMES));
  }
}

/**
 * torch.nn.LSTM: `new LSTM(inputSize, hiddenSize, { numLayers, bias, batchFirst, dropout, bidirectional, projSize })`
 * or positionally in that order. `lstm.call(input, [h0, c0]?)` gives `[output, [h_n, c_n]]`.
 */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options?: LstmOptions);
  constructor(inputSize: number, hiddenSize: number, numLayers?: number, bias?: boolean, batchFirst?: boolean, dropout?: number, bidirectional?: boolean, projSize?: number);
  constructor(inputSize: number, hiddenSize: number, ...args: unknown[]) {
    super('LSTM', inputSize, hiddenSize, optionsFrom<LstmOptions>(args, LSTM_NAMES));
  }

  override forward(input: Tensor, hx: readonly [Tensor, Tensor] | null = null): [Tensor, [Tensor, Tensor]] {
    const b = this.batched(input);
    let state: [Tensor, Tensor];
    if (hx === null) {
      const maxBatch = b.input.size(this.batchFirst ? 0 : 1);
      const layers = this.numLayers * (this.bidirectional ? 2 : 1);
      const real = this.projSize > 0 ? this.projSize : this.hiddenSize;
      state = [zeros([layers, maxBatch, real]), zeros([layers, maxBatch, this.hiddenSize])];
    } else {
      this.checkHidden(hx[0], b.isBatched, 'hx[0]');
      this.checkHidden(hx[1], b.isBatched, 'hx[1]');
      state = b.isBatched ? [hx[0], hx[1]] : [unsqueeze(hx[0], 1), unsqueeze(hx[1], 1)];
    }
    this.checkHiddenSize(b.input, state[0], this.projSize > 0 ? this.projSize : this.hiddenSize);
    this.checkHiddenSize(b.input, state[1], this.hiddenSize);
    const [out, h, c] = lstm(b.input, state, this.flatWeights, this.opOptions());
    return b.isBatched ? [out, [h, c]] : [squeeze(out, b.batchDim), [squeeze(h, 1), squeeze(c, 1)]];
  }
}

/** torch.nn.RNNCellBase: weight_ih, weight_hh, bias_ih, bias_hh. */
export abstract class RNNCellBase extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly bias: boolean;
  declare weight_ih: Parameter;
  declare weight_hh: Parameter;
  declare bias_ih: Parameter | null;
  declare bias_hh: Parameter | null;

  constructor(name: string, inputSize: number, hiddenSize: number, bias: boolean, numChunks: number) {
    super();
    intArg(name, 'input_size', inputSize, 0);
    intArg(name, 'hidden_size', hiddenSize, 1);
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.bias = Boolean(bias);
    this.registerParameter('weight_ih', new Parameter([numChunks * hiddenSize, inputSize]));
    this.registerParameter('weight_hh', new Parameter([numChunks * hiddenSize, hiddenSize]));
    this.registerParameter('bias_ih', this.bias ? new Parameter([numChunks * hiddenSize]) : null);
    this.registerParameter('bias_hh', this.bias ? new Parameter([numChunks * hiddenSize]) : null);
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (!this.bias) s += `, bias=${pyBool(this.bias)}`;
    return s;
  }

  /** The input made 2-D (an unbatched 1-D input gets its batch dimension). */
  protected batched(input: Tensor): { input: Tensor; isBatched: boolean } {
    if (input.rank !== 1 && input.rank !== 2) {
      throw new ShapeError(this.typeName(), `Expected input to be 1-D or 2-D but received ${input.rank}-D tensor`, { input: input.shape });
    }
    const isBatched = input.rank === 2;
    return { input: isBatched ? input : unsqueeze(input, 0), isBatched };
  }

  /** The default hidden state: zeros (batch, hidden_size). */
  protected zerosState(input: Tensor): Tensor {
    return zeros([input.size(0), this.hiddenSize]);
  }
}

/**
 * torch.nn.RNNCell: `new RNNCell(inputSize, hiddenSize, { bias, nonlinearity })` or positionally
 * `(inputSize, hiddenSize, bias, nonlinearity)`. `cell.call(input, hx?)` gives h'.
 */
export class RNNCell extends RNNCellBase {
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(inputSize: number, hiddenSize: number, options?: { bias?: boolean; nonlinearity?: 'tanh' | 'relu' });
  constructor(inputSize: number, hiddenSize: number, bias?: boolean, nonlinearity?: 'tanh' | 'relu');
  constructor(inputSize: number, hiddenSize: number, ...args: unknown[]) {
    const o = optionsFrom<{ bias?: boolean; nonlinearity?: 'tanh' | 'relu' }>(args, ['bias', 'nonlinearity']);
    super('RNNCell', inputSize, hiddenSize, o.bias ?? true, 1);
    // Checked by forward, as in PyTorch 1.13 (the constructor takes any value).
    this.nonlinearity = o.nonlinearity ?? 'tanh';
  }

  override extraRepr(): string {
    const s = super.extraRepr();
    return this.nonlinearity !== 'tanh' ? `${s}, nonlinearity=${this.nonlinearity}` : s;
  }

  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    const b = this.batched(input);
    const h = hx === null ? this.zerosState(b.input) : b.isBatched ? hx : unsqueeze(hx, 0);
    if (this.nonlinearity !== 'tanh' && this.nonlinearity !== 'relu') throw new ArgumentError('RNNCell', 'nonlinearity', this.nonlinearity, "'tanh' or 'relu' (Unknown nonlinearity)");
    const cell = this.nonlinearity === 'tanh' ? rnnTanhCell : rnnReluCell;
    const ret = cell(b.input, h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    return b.isBatched ? ret : squeeze(ret, 0);
  }
}

/**
 * torch.nn.LSTMCell: `new LSTMCell(inputSize, hiddenSize, { bias })` or `(inputSize, hiddenSize, bias)`.
 * `cell.call(input, [hx, cx]?)` gives `[h', c']`.
 */
export class LSTMCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, bias?: boolean | { bias?: boolean }) {
    const o = optionsFrom<{ bias?: boolean }>([bias], ['bias']);
    super('LSTMCell', inputSize, hiddenSize, o.bias ?? true, 4);
  }

  override forward(input: Tensor, hx: readonly [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    const b = this.batched(input);
    let state: [Tensor, Tensor];
    if (hx === null) {
      const z = this.zerosState(b.input);
      state = [z, z];
    } else state = b.isBatched ? [hx[0], hx[1]] : [unsqueeze(hx[0], 0), unsqueeze(hx[1], 0)];
    const [h, c] = lstmCell(b.input, state, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    return b.isBatched ? [h, c] : [squeeze(h, 0), squeeze(c, 0)];
  }
}

/**
 * torch.nn.GRUCell: `new GRUCell(inputSize, hiddenSize, { bias })` or `(inputSize, hiddenSize, bias)`.
 * `cell.call(input, hx?)` gives h'.
 */
export class GRUCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, bias?: boolean | { bias?: boolean }) {
    const o = optionsFrom<{ bias?: boolean }>([bias], ['bias']);
    super('GRUCell', inputSize, hiddenSize, o.bias ?? true, 3);
  }

  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    const b = this.batched(input);
    const h = hx === null ? this.zerosState(b.input) : b.isBatched ? hx : unsqueeze(hx, 0);
    const ret = gruCell(b.input, h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    return b.isBatched ? ret : squeeze(ret, 0);
  }
}
