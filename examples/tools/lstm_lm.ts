// An LSTM language model in the shape of PyTorch examples' word_language_model:
// Embedding(1000, 128) -> dropout -> LSTM(128, 256, 2 layers, batch_first) ->
// dropout -> Linear(256, 1000) -> log_softmax, on token ids [4, 35] (int64).
// PyTorch source in ../shared/tools_ref/README.md.

import { F, Module, Tensor, nn } from '../../index.js';

export class RNNModel extends Module {
  drop: nn.Dropout;
  encoder: nn.Embedding;
  rnn: nn.LSTM;
  decoder: nn.Linear;

  constructor(ntoken = 1000, ninp = 128, nhid = 256, nlayers = 2, dropout = 0.2) {
    super();
    this.drop = new nn.Dropout(dropout);
    this.encoder = new nn.Embedding(ntoken, ninp);
    this.rnn = new nn.LSTM(ninp, nhid, { numLayers: nlayers, dropout, batchFirst: true });
    this.decoder = new nn.Linear(nhid, ntoken);
  }

  override forward(tokens: Tensor): Tensor {
    const emb = this.drop.call(this.encoder.call(tokens));
    const [output] = this.rnn.call(emb);
    return F.logSoftmax(this.decoder.call(this.drop.call(output)), -1);
  }
}

/** Token ids: batch 4, 35 steps. */
export const inputs = [new Tensor([4, 35], 'int64')];
export default (): RNNModel => new RNNModel().eval();
