// A text classifier: token and learned position embeddings, nn.TransformerEncoder, mean pooling, a linear head.
import { F, Module, nn, Parameter, Tensor } from 'flopscope';

export class TransformerClassifier extends Module {
  embed: nn.Embedding;
  pos_embed: Parameter;
  encoder: nn.TransformerEncoder;
  norm: nn.LayerNorm;
  head: nn.Linear;

  constructor(vocab = 30522, dModel = 256, nhead = 8, numLayers = 4, numClasses = 2, maxLen = 512) {
    super();
    this.embed = new nn.Embedding(vocab, dModel, { paddingIdx: 0 });
    // nn.Parameter(torch.zeros(1, max_len, d_model))
    this.pos_embed = new Parameter([1, maxLen, dModel]);
    const layer = new nn.TransformerEncoderLayer(dModel, nhead, { dimFeedforward: 4 * dModel, dropout: 0.1, activation: 'gelu', batchFirst: true, normFirst: true });
    this.encoder = new nn.TransformerEncoder(layer, numLayers);
    this.norm = new nn.LayerNorm(dModel);
    this.head = new nn.Linear(dModel, numClasses);
  }

  override forward(ids: Tensor): Tensor {
    const T = ids.size(1);
    // self.embed(ids) + self.pos_embed[:, :T]
    const x = this.embed.call(ids).add(F.slice(this.pos_embed, 1, 0, T));
    const h = this.norm.call(this.encoder.call(x));
    return this.head.call(h.mean(1));
  }
}

export default (): TransformerClassifier => new TransformerClassifier().eval();
export const inputs = [new Tensor([8, 128], 'int64')];
