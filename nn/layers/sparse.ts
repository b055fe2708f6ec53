// torch.nn.Embedding (PyTorch 1.13): a (num_embeddings, embedding_dim) weight
// looked up by integer ids (F.embedding in nn/functional/sparse.ts).

import { ArgumentError } from '../../core/errors.js';
import { Parameter, type Tensor } from '../../core/tensor.js';
import { embedding } from '../functional/sparse.js';
import { intArg } from '../functional/util.js';
import { Module } from '../module.js';
import { pyFloat } from '../pyrepr.js';
import { optionsFrom } from './args.js';

export interface EmbeddingLayerOptions {
  paddingIdx?: number | null;
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  sparse?: boolean;
}

const NAMES = ['paddingIdx', 'maxNorm', 'normType', 'scaleGradByFreq', 'sparse'] as const;

/**
 * `new Embedding(numEmbeddings, embeddingDim, { paddingIdx, maxNorm, normType, scaleGradByFreq, sparse })`
 * or positionally in that order. `embed.call(ids)` takes an int64 (or int32) tensor of ids.
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  readonly maxNorm: number | null;
  readonly normType: number;
  readonly scaleGradByFreq: boolean;
  readonly sparse: boolean;
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, options?: EmbeddingLayerOptions);
  constructor(numEmbeddings: number, embeddingDim: number, paddingIdx?: number | null, maxNorm?: number | null, normType?: number, scaleGradByFreq?: boolean, sparse?: boolean);
  constructor(numEmbeddings: number, embeddingDim: number, ...args: unknown[]) {
    super();
    const o = optionsFrom<EmbeddingLayerOptions>(args, NAMES);
    intArg('Embedding', 'num_embeddings', numEmbeddings, 0);
    intArg('Embedding', 'embedding_dim', embeddingDim, 0);
    let paddingIdx = o.paddingIdx ?? null;
    if (paddingIdx !== null) {
      if (!Number.isSafeInteger(paddingIdx) || paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings) {
        throw new ArgumentError('Embedding', 'padding_idx', paddingIdx, `an integer in [-${numEmbeddings}, ${numEmbeddings}) (within num_embeddings)`);
      }
      if (paddingIdx < 0) paddingIdx = numEmbeddings + paddingIdx;
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = paddingIdx;
    this.maxNorm = o.maxNorm ?? null;
    this.normType = o.normType ?? 2.0;
    this.scaleGradByFreq = Boolean(o.scaleGradByFreq ?? false);
    this.sparse = Boolean(o.sparse ?? false);
    this.weight = new Parameter([numEmbeddings, embeddingDim]);
  }

  override forward(input: Tensor): Tensor {
    return embedding(input, this.weight, {
      paddingIdx: this.paddingIdx,
      maxNorm: this.maxNorm,
      normType: this.normType,
      scaleGradByFreq: this.scaleGradByFreq,
      sparse: this.sparse,
    });
  }

  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    if (this.scaleGradByFreq) s += ', scale_grad_by_freq=True';
    if (this.sparse) s += ', sparse=True';
    return s;
  }
}
