// A word-level LSTM language model, after PyTorch's examples/word_language_model (RNNModel, tied weights).
import { F, Module, nn, Tensor } from 'flopscope';

export class RNNModel extends Module {
  drop: nn.Dropout;
  encoder: nn.Embedding;
  rnn: nn.LSTM;
  decoder: nn.Linear;

  constructor(readonly ntoken: number, ninp: number, nhid: number, nlayers: number, dropout = 0.5, tieWeights = false) {
    super();
    this.drop = new nn.Dropout(dropout);
    this.encoder = new nn.Embedding(ntoken, ninp);
    this.rnn = new nn.LSTM(ninp, nhid, nlayers, true, false, dropout); // positional, as nn.LSTM(ninp, nhid, nlayers, dropout=dropout)
    this.decoder = new nn.Linear(nhid, ntoken);
    // self.decoder.weight = self.encoder.weight: one parameter under two names,
    // counted once (stateDict() lists both keys, as PyTorch's state_dict does).
    if (tieWeights) this.decoder.weight = this.encoder.weight;
  }

  // forward(input, hidden) with hidden = init_hidden(bsz): zeros, as LSTM's default.
  override forward(input: Tensor): Tensor {
    const emb = this.drop.call(this.encoder.call(input));
    const [output] = this.rnn.call(emb);
    const decoded = this.decoder.call(this.drop.call(output));
    return F.logSoftmax(decoded.view(-1, this.ntoken), 1);
  }
}

export default (): RNNModel => new RNNModel(10000, 650, 650, 2, 0.5, true).eval();
// Token ids, (seq_len, batch) as the example's batchify gives them: int64.
export const inputs = [new Tensor([35, 20], 'int64')];
