// torch.nn.Embedding and torch.nn.EmbeddingBag (PyTorch 1.13): a
// (num_embeddings, embedding_dim) weight looked up by integer ids (F.embedding,
// F.embeddingBag in nn/functional/sparse.ts).

import { ArgumentError } from '../../core/errors.js';
import { Parameter, Tensor } from '../../core/tensor.js';
import { embedding, embeddingBag, type EmbeddingBagMode } from '../functional/sparse.js';
import { intArg } from '../functional/util.js';
import { Module, shownValue } from '../module.js';
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

export interface EmbeddingBagLayerOptions {
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  /** 'mean' by default, as in PyTorch. */
  mode?: EmbeddingBagMode;
  sparse?: boolean;
  /** A (num_embeddings, embedding_dim) tensor the weight is made from (PyTorch's `_weight`). */
  _weight?: Tensor | null;
  includeLastOffset?: boolean;
  paddingIdx?: number | null;
}

const BAG_NAMES = ['maxNorm', 'normType', 'scaleGradByFreq', 'mode', 'sparse', '_weight', 'includeLastOffset', 'paddingIdx'] as const;

/**
 * `new EmbeddingBag(numEmbeddings, embeddingDim, { maxNorm, normType, scaleGradByFreq, mode, sparse, _weight, includeLastOffset, paddingIdx })`
 * or positionally in that order. `bag.call(ids)` takes a 2-D (B, N) tensor of
 * ids (B bags of N); `bag.call(ids, offsets, perSampleWeights)` a 1-D one with
 * the start of each bag. What the trace holds: see `F.embeddingBag`.
 */
export class EmbeddingBag extends Module<(input: Tensor, offsets?: Tensor | null, perSampleWeights?: Tensor | null) => Tensor> {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly maxNorm: number | null;
  readonly normType: number;
  readonly scaleGradByFreq: boolean;
  readonly mode: EmbeddingBagMode;
  readonly sparse: boolean;
  readonly includeLastOffset: boolean;
  readonly paddingIdx: number | null;
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, options?: EmbeddingBagLayerOptions);
  constructor(
    numEmbeddings: number,
    embeddingDim: number,
    maxNorm?: number | null,
    normType?: number,
    scaleGradByFreq?: boolean,
    mode?: EmbeddingBagMode,
    sparse?: boolean,
    _weight?: Tensor | null,
    includeLastOffset?: boolean,
    paddingIdx?: number | null,
  );
  constructor(numEmbeddings: number, embeddingDim: number, ...args: unknown[]) {
    super();
    const o = optionsFrom<EmbeddingBagLayerOptions>(args, BAG_NAMES);
    intArg('EmbeddingBag', 'num_embeddings', numEmbeddings, 0);
    intArg('EmbeddingBag', 'embedding_dim', embeddingDim, 0);
    let paddingIdx = o.paddingIdx ?? null;
    if (paddingIdx !== null) {
      if (!Number.isSafeInteger(paddingIdx) || paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings) {
        throw new ArgumentError('EmbeddingBag', 'padding_idx', paddingIdx, `an integer in [-${numEmbeddings}, ${numEmbeddings}) (padding_idx must be within num_embeddings)`);
      }
      if (paddingIdx < 0) paddingIdx = numEmbeddings + paddingIdx;
    }
    // PyTorch refuses a mode other than these when the layer is called; every
    // call of such a layer fails, so it is refused here.
    const mode = o.mode ?? 'mean';
    if (mode !== 'sum' && mode !== 'mean' && mode !== 'max') throw new ArgumentError('EmbeddingBag', 'mode', shownValue(mode), "one of 'sum', 'mean' or 'max'");
    const given = o._weight ?? null;
    if (given !== null) {
      if (!(given instanceof Tensor)) throw new ArgumentError('EmbeddingBag', '_weight', shownValue(given), 'a Tensor or None');
      if (given.rank !== 2 || given.shape[0] !== numEmbeddings || given.shape[1] !== embeddingDim) {
        throw new ArgumentError('EmbeddingBag', '_weight', shownValue(given), `of shape [${numEmbeddings},${embeddingDim}] (Shape of weight does not match num_embeddings and embedding_dim)`);
      }
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.maxNorm = o.maxNorm ?? null;
    this.normType = o.normType ?? 2.0;
    this.scaleGradByFreq = Boolean(o.scaleGradByFreq ?? false);
    this.paddingIdx = paddingIdx;
    this.weight = new Parameter([numEmbeddings, embeddingDim], given?.dtype ?? 'float32');
    this.mode = mode;
    this.sparse = Boolean(o.sparse ?? false);
    this.includeLastOffset = Boolean(o.includeLastOffset ?? false);
  }

  override forward(input: Tensor, offsets: Tensor | null = null, perSampleWeights: Tensor | null = null): Tensor {
    return embeddingBag(input, this.weight, offsets, {
      maxNorm: this.maxNorm,
      normType: this.normType,
      scaleGradByFreq: this.scaleGradByFreq,
      mode: this.mode,
      sparse: this.sparse,
      perSampleWeights,
      includeLastOffset: this.includeLastOffset,
      paddingIdx: this.paddingIdx,
    });
  }

  /** PyTorch's: sparse and include_last_offset are not shown. */
  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    if (this.scaleGradByFreq) s += ', scale_grad_by_freq=True';
    s += `, mode=${this.mode}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    return s;
  }
}
