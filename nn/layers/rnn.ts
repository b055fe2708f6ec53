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
  /** Stacked recurrent layers. Default 1. */
  numLayers?: number;
  /** Whether to have the `bias_ih_*` and `bias_hh_*` parameters. Default true. */
  bias?: boolean;
  /** Whether input and output are [batch, seq, feature] rather than [seq, batch, feature] (the states are not affected). Default false. */
  batchFirst?: boolean;
  /** Dropout on each layer's output but the last, in training, in [0, 1]. Default 0. */
  dropout?: number;
  /** Whether to run a reverse direction too (`*_reverse` parameters, outputs of 2 * hidden_size). Default false. */
  bidirectional?: boolean;
}

/** nn.RNN's options: {@link RnnOptions} and the nonlinearity. */
export interface RnnTanhReluOptions extends RnnOptions {
  /** Default 'tanh'. */
  nonlinearity?: 'tanh' | 'relu';
}

/** nn.LSTM's options: {@link RnnOptions} and the projection size. */
export interface LstmOptions extends RnnOptions {
  /** With a value > 0 (and < hidden_size), an LSTM with projections: `weight_hr_*` [proj_size, hidden_size], h of size proj_size. Default 0. */
  projSize?: number;
}

type Mode = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';
const GATES: Record<Mode, number> = { RNN_TANH: 1, RNN_RELU: 1, LSTM: 4, GRU: 3 };

/** torch.nn.RNNBase: the parameters (`weight_ih_l0`, `weight_hh_l0_reverse`, `weight_hr_l0`, ...) and extra_repr. */
export abstract class RNNBase extends Module {
  /** PyTorch's `mode`: 'RNN_TANH', 'RNN_RELU', 'LSTM' or 'GRU'. */
  readonly mode: Mode;
  /** PyTorch's `input_size`. */
  readonly inputSize: number;
  /** PyTorch's `hidden_size`. */
  readonly hiddenSize: number;
  /** PyTorch's `num_layers`. */
  readonly numLayers: number;
  /** PyTorch's `bias`. */
  readonly bias: boolean;
  /** PyTorch's `batch_first`. */
  readonly batchFirst: boolean;
  /** PyTorch's `dropout`. */
  readonly dropout: number;
  /** PyTorch's `bidirectional`. */
  readonly bidirectional: boolean;
  /** PyTorch's `proj_size` (0 but for an LSTM with projections). */
  readonly projSize: number;
  /** The parameters' names in PyTorch's order (`_flat_weights_names`). */
  readonly flatWeightsNames: readonly string[];

  /**
   * Registers every layer's and direction's parameters, as PyTorch's RNNBase.
   * @param mode - Which recurrence: sets the gates (1, 4 for LSTM, 3 for GRU) and the traced op.
   * @param inputSize - Features of the input.
   * @param hiddenSize - Features of the hidden state.
   * @param options - The rest of PyTorch's arguments, by name.
   */
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

  /** A given state's rank must match the input's: 3-D for a batched input, 2-D for an unbatched one. */
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

  /** The traced op's arguments after its weights (`train` from the module's mode). */
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
  /** `[output, h_n]` for `input` [L, N, input_size] (or [N, L, …] batch first, or unbatched [L, input_size]) and `hx` [num_layers * directions, N, hidden_size] (zeros when null). */
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
 * `torch.nn.RNN(input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True, batch_first=False,
 * dropout=0.0, bidirectional=False)`: `new RNN(inputSize, hiddenSize, { numLayers, nonlinearity, bias, batchFirst, dropout, bidirectional })`
 * or PyTorch's positional order `(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional)`
 * (in PyTorch 1.13 `nonlinearity` is a keyword argument only: pass it in the options).
 * `rnn.call(input, h0?)` gives `[output, h_n]`.
 *
 * Parameters, per layer k and direction (`_reverse` for the second): `weight_ih_lk` [hidden_size, input_size
 * (layer 0) or directions * hidden_size], `weight_hh_lk` [hidden_size, hidden_size], `bias_ih_lk`,
 * `bias_hh_lk` [hidden_size]. Traces one `aten::rnn_tanh` (or `aten::rnn_relu`), which the reference reports
 * as unsupported; with no `h0`, an `aten::zeros` for it first.
 */
export class RNN extends SingleStateRnn {
  static override readonly typeName: string = 'RNN';
  /** PyTorch's `nonlinearity`. */
  readonly nonlinearity: 'tanh' | 'relu';

  /**
   * `new nn.RNN(10, 20, { numLayers: 2, nonlinearity: 'relu' })`.
   * @param inputSize - Features of the input.
   * @param hiddenSize - Features of the hidden state.
   * @param options - The rest by name (all optional); see {@link RnnTanhReluOptions}.
   */
  constructor(inputSize: number, hiddenSize: number, options?: RnnTanhReluOptions);
  /**
   * `new nn.RNN(10, 20, 2)`: PyTorch's positional order (nonlinearity 'tanh').
   * @param inputSize - Features of the input.
   * @param hiddenSize - Features of the hidden state.
   * @param numLayers - Default 1.
   * @param bias - Default true.
   * @param batchFirst - Default false.
   * @param dropout - Default 0.
   * @param bidirectional - Default false.
   */
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
 * `torch.nn.GRU(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
 * bidirectional=False)`: `new GRU(inputSize, hiddenSize, { numLayers, bias, batchFirst, dropout, bidirectional })`
 * or positionally in that order. `gru.call(input, h0?)` gives `[output, h_n]`.
 *
 * Parameters as RNN's with three gates: `weight_ih_lk` [3 hidden_size, …], `weight_hh_lk` [3 hidden_size,
 * hidden_size], `bias_ih_lk`, `bias_hh_lk` [3 hidden_size]. Traces one `aten::gru`, which the reference
 * reports as unsupported; with no `h0`, an `aten::zeros` for it first.
 */
export class GRU extends SingleStateRnn {
  static override readonly typeName: string = 'GRU';
  /**
   * `new nn.GRU(10, 20, { numLayers: 2, batchFirst: true })`.
   * @param inputSize - Features of the input.
   * @param hiddenSize - Features of the hidden state.
   * @param options - The rest by name (all optional); see {@link RnnOptions}.
   */
  constructor(inputSize: number, hiddenSize: number, options?: RnnOptions);
  /**
   * `new nn.GRU(10, 20, 2)`: PyTorch's positional order.
   * @param inputSize - Features of the input.
   * @param hiddenSize - Features of the hidden state.
   * @param numLayers - Default 1.
   * @param bias - Default true.
   * @param batchFirst - Default false.
   * @param dropout - Default 0.
   * @param bidirectional - Default false.
   */
  constructor(inputSize: number, hiddenSize: number, numLayers?: number, bias?: boolean, batchFirst?: boolean, dropout?: number, bidirectional?: boolean);
  constructor(inputSize: number, hiddenSize: number, ...args: unknown[]) {
    super('GRU', inputSize, hiddenSize, optionsFrom<RnnOptions>(args, GRU_NAMES));
  }
}

/**
 * `torch.nn.LSTM(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
 * bidirectional=False, proj_size=0)`: `new LSTM(inputSize, hiddenSize, { numLayers, bias, batchFirst, dropout, bidirectional, projSize })`
 * or positionally in that order. `lstm.call(input, [h0, c0]?)` gives `[output, [h_n, c_n]]`.
 *
 * Parameters as RNN's with four gates: `weight_ih_lk` [4 hidden_size, …], `weight_hh_lk` [4 hidden_size,
 * hidden_size or proj_size], `bias_ih_lk`, `bias_hh_lk` [4 hidden_size], and with `projSize`, `weight_hr_lk`
 * [proj_size, hidden_size]. Traces one `aten::lstm`, which the reference reports as unsupported; with no
 * state, two `aten::zeros` for it first.
 */
export class LSTM extends RNNBase {
  static override readonly typeName: string = 'LSTM';
  /**
   * `new nn.LSTM(10, 20, { numLayers: 2, bidirectional: true })`.
   * @param inputSize - Features of the input.
   * @param hiddenSize - Features of the hidden state.
   * @param options - The rest by name (all optional); see {@link LstmOptions}.
   */
  constructor(inputSize: number, hiddenSize: number, options?: LstmOptions);
  /**
   * `new nn.LSTM(10, 20, 2)`: PyTorch's positional order.
   * @param inputSize - Features of the input.
   * @param hiddenSize - Features of the hidden state.
   * @param numLayers - Default 1.
   * @param bias - Default true.
   * @param batchFirst - Default false.
   * @param dropout - Default 0.
   * @param bidirectional - Default false.
   * @param projSize - Default 0 (no projection).
   */
  constructor(inputSize: number, hiddenSize: number, numLayers?: number, bias?: boolean, batchFirst?: boolean, dropout?: number, bidirectional?: boolean, projSize?: number);
  constructor(inputSize: number, hiddenSize: number, ...args: unknown[]) {
    super('LSTM', inputSize, hiddenSize, optionsFrom<LstmOptions>(args, LSTM_NAMES));
  }

  /** `[output, [h_n, c_n]]` for `input` [L, N, input_size] (or [N, L, …] batch first, or unbatched [L, input_size]) and `hx` [h_0, c_0] (zeros when null). */
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
  /** PyTorch's `input_size`. */
  readonly inputSize: number;
  /** PyTorch's `hidden_size`. */
  readonly hiddenSize: number;
  /** PyTorch's `bias`. */
  readonly bias: boolean;
  /** [gates * hidden_size, input_size]. */
  declare weight_ih: Parameter;
  /** [gates * hidden_size, hidden_size]. */
  declare weight_hh: Parameter;
  /** [gates * hidden_size], or null with `bias` false. */
  declare bias_ih: Parameter | null;
  /** [gates * hidden_size], or null with `bias` false. */
  declare bias_hh: Parameter | null;

  /**
   * Registers the cell's parameters, as PyTorch's RNNCellBase.
   * @param name - The class name, for messages.
   * @param inputSize - Features of the input.
   * @param hiddenSize - Features of the hidden state.
   * @param bias - Whether to have `bias_ih` and `bias_hh`.
   * @param numChunks - The gates: 1 (RNNCell), 4 (LSTMCell) or 3 (GRUCell).
   */
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
 * `torch.nn.RNNCell(input_size, hidden_size, bias=True, nonlinearity='tanh')`: `new RNNCell(inputSize, hiddenSize, { bias, nonlinearity })`
 * or positionally `(inputSize, hiddenSize, bias, nonlinearity)`. `cell.call(input, hx?)` gives h'.
 *
 * Parameters: `weight_ih` [hidden_size, input_size], `weight_hh` [hidden_size, hidden_size], `bias_ih`,
 * `bias_hh` [hidden_size] (null with `bias` false). Traced as ATen decomposes `rnn_tanh_cell`: two
 * `aten::linear` (counted), `aten::add_` and `aten::tanh` (or `aten::relu`); with no `hx`, an `aten::zeros` first.
 */
export class RNNCell extends RNNCellBase {
  static override readonly typeName: string = 'RNNCell';
  /** PyTorch's `nonlinearity` (checked in forward, as PyTorch does). */
  readonly nonlinearity: 'tanh' | 'relu';

  /**
   * `new nn.RNNCell(10, 20, { nonlinearity: 'relu' })`.
   * @param inputSize - Features of the input.
   * @param hiddenSize - Features of the hidden state.
   * @param options - `bias` (default true) and `nonlinearity` (default 'tanh').
   */
  constructor(inputSize: number, hiddenSize: number, options?: { bias?: boolean; nonlinearity?: 'tanh' | 'relu' });
  /**
   * `new nn.RNNCell(10, 20, true, 'relu')`: PyTorch's positional order.
   * @param inputSize - Features of the input.
   * @param hiddenSize - Features of the hidden state.
   * @param bias - Default true.
   * @param nonlinearity - Default 'tanh'.
   */
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

  /** h' [N, hidden_size] for `input` [N, input_size] (or unbatched [input_size]) and `hx` (zeros when null). */
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
 * `torch.nn.LSTMCell(input_size, hidden_size, bias=True)`: `new LSTMCell(inputSize, hiddenSize, { bias })` or
 * `(inputSize, hiddenSize, bias)`. `cell.call(input, [hx, cx]?)` gives `[h', c']`.
 *
 * Parameters: `weight_ih` [4 hidden_size, input_size], `weight_hh` [4 hidden_size, hidden_size], `bias_ih`,
 * `bias_hh` [4 hidden_size] (null with `bias` false). Traced as ATen decomposes `lstm_cell`: two
 * `aten::linear` (counted) and the gates' pointwise ops; with no state, an `aten::zeros` first.
 */
export class LSTMCell extends RNNCellBase {
  static override readonly typeName: string = 'LSTMCell';
  /**
   * @param inputSize - Features of the input.
   * @param hiddenSize - Features of the hidden and cell states.
   * @param bias - Whether to have `bias_ih` and `bias_hh` (default true), or `{ bias }`.
   */
  constructor(inputSize: number, hiddenSize: number, bias?: boolean | { bias?: boolean }) {
    const o = optionsFrom<{ bias?: boolean }>([bias], ['bias']);
    super('LSTMCell', inputSize, hiddenSize, o.bias ?? true, 4);
  }

  /** `[h', c']` for `input` [N, input_size] (or unbatched [input_size]) and `hx` [h, c] (zeros when null). */
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
 * `torch.nn.GRUCell(input_size, hidden_size, bias=True)`: `new GRUCell(inputSize, hiddenSize, { bias })` or
 * `(inputSize, hiddenSize, bias)`. `cell.call(input, hx?)` gives h'.
 *
 * Parameters: `weight_ih` [3 hidden_size, input_size], `weight_hh` [3 hidden_size, hidden_size], `bias_ih`,
 * `bias_hh` [3 hidden_size] (null with `bias` false). Traced as ATen decomposes `gru_cell`: two
 * `aten::linear` (counted) and the gates' pointwise ops; with no `hx`, an `aten::zeros` first.
 */
export class GRUCell extends RNNCellBase {
  static override readonly typeName: string = 'GRUCell';
  /**
   * @param inputSize - Features of the input.
   * @param hiddenSize - Features of the hidden state.
   * @param bias - Whether to have `bias_ih` and `bias_hh` (default true), or `{ bias }`.
   */
  constructor(inputSize: number, hiddenSize: number, bias?: boolean | { bias?: boolean }) {
    const o = optionsFrom<{ bias?: boolean }>([bias], ['bias']);
    super('GRUCell', inputSize, hiddenSize, o.bias ?? true, 3);
  }

  /** h' [N, hidden_size] for `input` [N, input_size] (or unbatched [input_size]) and `hx` (zeros when null). */
  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    const b = this.batched(input);
    const h = hx === null ? this.zerosState(b.input) : b.isBatched ? hx : unsqueeze(hx, 0);
    const ret = gruCell(b.input, h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    return b.isBatched ? ret : squeeze(ret, 0);
  }
}
