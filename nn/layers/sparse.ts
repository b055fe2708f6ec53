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

/** Embedding's arguments after embedding_dim, by name (PyTorch's keyword arguments). */
export interface EmbeddingLayerOptions {
  /** An id whose row gets no gradient, in [-num_embeddings, num_embeddings); negative counts from the end. Default null. */
  paddingIdx?: number | null;
  /** Rows looked up with a larger norm are renormalized to it (in place; traced). Default null. */
  maxNorm?: number | null;
  /** The p of maxNorm's p-norm. Default 2.0. */
  normType?: number;
  /** Whether gradients are scaled by the inverse of the ids' frequencies in the batch. Default false. */
  scaleGradByFreq?: boolean;
  /** Whether the weight's gradient is sparse. Default false. */
  sparse?: boolean;
}

const NAMES = ['paddingIdx', 'maxNorm', 'normType', 'scaleGradByFreq', 'sparse'] as const;

/**
 * `torch.nn.Embedding(num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0,
 * scale_grad_by_freq=False, sparse=False)`: `new Embedding(numEmbeddings, embeddingDim, { paddingIdx, maxNorm,
 * normType, scaleGradByFreq, sparse })` or positionally in that order. `embed.call(ids)` takes an int64 (or
 * int32) tensor of ids, any shape, and gives [...ids.shape, embedding_dim].
 *
 * Parameter: `weight` [num_embeddings, embedding_dim]. Traces `aten::embedding` (0 flops in the reference);
 * with `maxNorm`, the renormalization before it (`aten::contiguous`, `aten::detach`, `aten::embedding_renorm_`).
 * PyTorch's `_weight` is not taken.
 */
export class Embedding extends Module {
  static override readonly typeName: string = 'Embedding';
  /** PyTorch's `num_embeddings`: the rows of the table. */
  readonly numEmbeddings: number;
  /** PyTorch's `embedding_dim`. */
  readonly embeddingDim: number;
  /** PyTorch's `padding_idx`, made non-negative. */
  readonly paddingIdx: number | null;
  /** PyTorch's `max_norm`. */
  readonly maxNorm: number | null;
  /** PyTorch's `norm_type`. */
  readonly normType: number;
  /** PyTorch's `scale_grad_by_freq`. */
  readonly scaleGradByFreq: boolean;
  /** PyTorch's `sparse`. */
  readonly sparse: boolean;
  /** The table: [num_embeddings, embedding_dim]. */
  weight: Parameter;

  /**
   * `new nn.Embedding(30522, 768, { paddingIdx: 0 })`.
   * @param numEmbeddings - Rows of the table (the vocabulary size).
   * @param embeddingDim - Features of each row.
   * @param options - The rest by name (all optional); see {@link EmbeddingLayerOptions}.
   */
  constructor(numEmbeddings: number, embeddingDim: number, options?: EmbeddingLayerOptions);
  /**
   * `new nn.Embedding(30522, 768, 0)`: PyTorch's positional order.
   * @param numEmbeddings - Rows of the table (the vocabulary size).
   * @param embeddingDim - Features of each row.
   * @param paddingIdx - Default null.
   * @param maxNorm - Default null.
   * @param normType - Default 2.0.
   * @param scaleGradByFreq - Default false.
   * @param sparse - Default false.
   */
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

  /** The rows of `input`'s ids: [...input.shape, embedding_dim]. */
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

/** EmbeddingBag's arguments after embedding_dim, by name (PyTorch's keyword arguments). */
export interface EmbeddingBagLayerOptions {
  /** Rows looked up with a larger norm are renormalized to it. Default null. */
  maxNorm?: number | null;
  /** The p of maxNorm's p-norm. Default 2.0. */
  normType?: number;
  /** Whether gradients are scaled by the inverse of the ids' frequencies (not with mode 'max'). Default false. */
  scaleGradByFreq?: boolean;
  /** How each bag's rows are reduced: 'sum', 'mean' or 'max'. 'mean' by default, as in PyTorch. */
  mode?: EmbeddingBagMode;
  /** Whether the weight's gradient is sparse. Default false. */
  sparse?: boolean;
  /** A (num_embeddings, embedding_dim) tensor the weight is made from (PyTorch's `_weight`): only its dtype is used. */
  _weight?: Tensor | null;
  /** Whether `offsets` ends with the end of the last bag (CSR style). Default false. */
  includeLastOffset?: boolean;
  /** An id left out of every bag, in [-num_embeddings, num_embeddings); negative counts from the end. Default null. */
  paddingIdx?: number | null;
}

const BAG_NAMES = ['maxNorm', 'normType', 'scaleGradByFreq', 'mode', 'sparse', '_weight', 'includeLastOffset', 'paddingIdx'] as const;

/**
 * `torch.nn.EmbeddingBag(num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
 * mode='mean', sparse=False, _weight=None, include_last_offset=False, padding_idx=None)`:
 * `new EmbeddingBag(numEmbeddings, embeddingDim, { maxNorm, normType, scaleGradByFreq, mode, sparse, _weight, includeLastOffset, paddingIdx })`
 * or positionally in that order. `bag.call(ids)` takes a 2-D (B, N) tensor of
 * ids (B bags of N); `bag.call(ids, offsets, perSampleWeights)` a 1-D one with
 * the start of each bag. Gives [bags, embedding_dim].
 *
 * Parameter: `weight` [num_embeddings, embedding_dim]. Traces one `aten::embedding_bag` (after the offsets'
 * arithmetic for a 2-D input); what the trace holds: see `F.embeddingBag`.
 */
export class EmbeddingBag extends Module<(input: Tensor, offsets?: Tensor | null, perSampleWeights?: Tensor | null) => Tensor> {
  static override readonly typeName: string = 'EmbeddingBag';
  /** PyTorch's `num_embeddings`: the rows of the table. */
  readonly numEmbeddings: number;
  /** PyTorch's `embedding_dim`. */
  readonly embeddingDim: number;
  /** PyTorch's `max_norm`. */
  readonly maxNorm: number | null;
  /** PyTorch's `norm_type`. */
  readonly normType: number;
  /** PyTorch's `scale_grad_by_freq`. */
  readonly scaleGradByFreq: boolean;
  /** PyTorch's `mode`. */
  readonly mode: EmbeddingBagMode;
  /** PyTorch's `sparse`. */
  readonly sparse: boolean;
  /** PyTorch's `include_last_offset`. */
  readonly includeLastOffset: boolean;
  /** PyTorch's `padding_idx`, made non-negative. */
  readonly paddingIdx: number | null;
  /** The table: [num_embeddings, embedding_dim] (of `_weight`'s dtype when given). */
  weight: Parameter;

  /**
   * `new nn.EmbeddingBag(10000, 64, { mode: 'sum' })`.
   * @param numEmbeddings - Rows of the table.
   * @param embeddingDim - Features of each row.
   * @param options - The rest by name (all optional); see {@link EmbeddingBagLayerOptions}.
   */
  constructor(numEmbeddings: number, embeddingDim: number, options?: EmbeddingBagLayerOptions);
  /**
   * `new nn.EmbeddingBag(10000, 64, null, 2, false, 'sum')`: PyTorch's positional order.
   * @param numEmbeddings - Rows of the table.
   * @param embeddingDim - Features of each row.
   * @param maxNorm - Default null.
   * @param normType - Default 2.0.
   * @param scaleGradByFreq - Default false.
   * @param mode - Default 'mean'.
   * @param sparse - Default false.
   * @param _weight - Default null.
   * @param includeLastOffset - Default false.
   * @param paddingIdx - Default null.
   */
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

  /** One row per bag, [bags, embedding_dim]: `input` 2-D (B, N), or 1-D with `offsets`; `perSampleWeights` (input's shape) only with mode 'sum'. */
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
