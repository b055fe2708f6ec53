// Hugging Face's BERT (models/bert/modeling_bert.py, eager BertSelfAttention):
// BertModel (with its pooler) and BertForMaskedLM with HF's class names,
// module names, registration order, parameter names
// (`encoder.layer.0.attention.self.query.weight`) and buffers
// (`embeddings.position_ids`, `embeddings.token_type_ids`), the MLM decoder's
// weight tied to the word embeddings and its bias shared with
// `cls.predictions.bias`, as HF leaves them. The forward follows
// ../shared/golden/llm/llm_models.py op by op: token types and positions from
// the buffers, the all-ones attention mask made additive
// (`(1.0 - mask[:, None, None, :].to(float32)) * finfo.min`), eager attention.
//
// Inputs are HF's positional ones: `input_ids` (int64 [batch, seq]), then
// optionally `attention_mask` ([batch, seq] of 1/0) and `token_type_ids`
// (int64 [batch, seq]). BertModel returns `(sequence_output, pooled_output)`,
// BertForMaskedLM `(prediction_scores,)`.

import { ArgumentError } from '../../core/errors.js';
import { Parameter, Tensor, type TracedInt } from '../../core/tensor.js';
import * as nn from '../../nn/index.js';
import { F } from '../../nn/index.js';
import type { ZooEntry } from '../index.js';
import { ACTIVATIONS, act2fn, architectureOf, boolField, choiceField, intField, nullableIntField, numberField, rawConfig, unsupportedFlag } from './common.js';

/** BertConfig: the fields of a BERT config.json that the model reads (HF's names). */
export interface BertConfig {
  vocab_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  /** A name of ACT2FN: 'gelu' (BERT's), 'gelu_new', 'gelu_python', 'relu', 'silu', 'swish', 'tanh'. */
  hidden_act: string;
  hidden_dropout_prob: number;
  attention_probs_dropout_prob: number;
  max_position_embeddings: number;
  type_vocab_size: number;
  layer_norm_eps: number;
  /** The word embeddings' padding_idx (null: none). */
  pad_token_id: number | null;
  tie_word_embeddings: boolean;
}

/** BertConfig's defaults (configuration_bert.py), those of bert-base-uncased. */
export const BERT_DEFAULTS: Readonly<BertConfig> = {
  vocab_size: 30522,
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  hidden_act: 'gelu',
  hidden_dropout_prob: 0.1,
  attention_probs_dropout_prob: 0.1,
  max_position_embeddings: 512,
  type_vocab_size: 2,
  layer_norm_eps: 1e-12,
  pad_token_id: 0,
  tie_word_embeddings: true,
};

type EmbeddingsForward = (inputIds: Tensor, tokenTypeIds?: Tensor | null, pastKeyValuesLength?: number) => Tensor;

export class BertEmbeddings extends nn.Module<EmbeddingsForward> {
  static override readonly typeName: string = 'BertEmbeddings';
  declare word_embeddings: nn.Embedding;
  declare position_embeddings: nn.Embedding;
  declare token_type_embeddings: nn.Embedding;
  declare LayerNorm: nn.LayerNorm;
  declare dropout: nn.Dropout;
  /** int64 [1, max_position_embeddings]: 0, 1, 2, ... */
  declare position_ids: Tensor;
  /** int64 [1, max_position_embeddings] of zeros: the default token types. */
  declare token_type_ids: Tensor;

  constructor(config: BertConfig) {
    super();
    this.word_embeddings = new nn.Embedding(config.vocab_size, config.hidden_size, { paddingIdx: config.pad_token_id });
    this.position_embeddings = new nn.Embedding(config.max_position_embeddings, config.hidden_size);
    this.token_type_embeddings = new nn.Embedding(config.type_vocab_size, config.hidden_size);
    this.LayerNorm = new nn.LayerNorm(config.hidden_size, config.layer_norm_eps);
    this.dropout = new nn.Dropout(config.hidden_dropout_prob);
    // persistent=False: not in the state dict, as HF registers them.
    this.registerBuffer('position_ids', new Tensor([1, config.max_position_embeddings], 'int64'), false);
    this.registerBuffer('token_type_ids', new Tensor([1, config.max_position_embeddings], 'int64'), false);
  }

  override forward(inputIds: Tensor, tokenTypeIds: Tensor | null = null, pastKeyValuesLength = 0): Tensor {
    const inputShape = inputIds.size();
    const seqLength = inputShape[1]!;
    // self.position_ids[:, past_key_values_length : seq_length + past_key_values_length]: the index first, then the slices.
    const end = seqLength.add(pastKeyValuesLength);
    const positionIds = F.slice(F.slice(this.position_ids, 0), 1, pastKeyValuesLength, end);
    if (tokenTypeIds === null) {
      const buffered = F.slice(F.slice(this.token_type_ids, 0), 1, 0, seqLength);
      tokenTypeIds = buffered.expand(inputShape[0]!, seqLength);
    }
    const inputsEmbeds = this.word_embeddings.call(inputIds);
    const tokenTypeEmbeddings = this.token_type_embeddings.call(tokenTypeIds);
    let embeddings = F.add(inputsEmbeds, tokenTypeEmbeddings);
    const positionEmbeddings = this.position_embeddings.call(positionIds);
    embeddings = F.add_(embeddings, positionEmbeddings);
    embeddings = this.LayerNorm.call(embeddings);
    return this.dropout.call(embeddings);
  }
}

type LayerForward = (hiddenStates: Tensor, attentionMask?: Tensor | null) => Tensor;

export class BertSelfAttention extends nn.Module<LayerForward> {
  static override readonly typeName: string = 'BertSelfAttention';
  declare readonly numAttentionHeads: number;
  declare readonly attentionHeadSize: number;
  declare readonly allHeadSize: number;
  declare query: nn.Linear;
  declare key: nn.Linear;
  declare value: nn.Linear;
  declare dropout: nn.Dropout;

  constructor(config: BertConfig) {
    super();
    if (config.hidden_size % config.num_attention_heads !== 0) {
      throw new ArgumentError('BertSelfAttention', 'hidden_size', config.hidden_size, `a multiple of the number of attention heads (${config.num_attention_heads})`);
    }
    this.numAttentionHeads = config.num_attention_heads;
    this.attentionHeadSize = Math.trunc(config.hidden_size / config.num_attention_heads);
    this.allHeadSize = this.numAttentionHeads * this.attentionHeadSize;
    this.query = new nn.Linear(config.hidden_size, this.allHeadSize);
    this.key = new nn.Linear(config.hidden_size, this.allHeadSize);
    this.value = new nn.Linear(config.hidden_size, this.allHeadSize);
    this.dropout = new nn.Dropout(config.attention_probs_dropout_prob);
  }

  /** (batch, seq, all_head_size) -> (batch, heads, seq, head_size). */
  private transposeForScores(x: Tensor): Tensor {
    return x.view([...x.size().slice(0, -1), this.numAttentionHeads, this.attentionHeadSize]).permute(0, 2, 1, 3);
  }

  override forward(hiddenStates: Tensor, attentionMask: Tensor | null = null): Tensor {
    const mixedQueryLayer = this.query.call(hiddenStates);
    const keyLayer = this.transposeForScores(this.key.call(hiddenStates));
    const valueLayer = this.transposeForScores(this.value.call(hiddenStates));
    const queryLayer = this.transposeForScores(mixedQueryLayer);
    let scores = F.matmul(queryLayer, keyLayer.transpose(-1, -2));
    scores = F.div(scores, Math.sqrt(this.attentionHeadSize));
    if (attentionMask !== null) scores = F.add(scores, attentionMask);
    let probs = F.softmax(scores, -1);
    probs = this.dropout.call(probs);
    let context = F.matmul(probs, valueLayer);
    context = context.permute(0, 2, 1, 3).contiguous();
    return context.view([...context.size().slice(0, -2), this.allHeadSize]);
  }
}

type ResidualForward = (hiddenStates: Tensor, inputTensor: Tensor) => Tensor;

export class BertSelfOutput extends nn.Module<ResidualForward> {
  static override readonly typeName: string = 'BertSelfOutput';
  declare dense: nn.Linear;
  declare LayerNorm: nn.LayerNorm;
  declare dropout: nn.Dropout;

  constructor(config: BertConfig) {
    super();
    this.dense = new nn.Linear(config.hidden_size, config.hidden_size);
    this.LayerNorm = new nn.LayerNorm(config.hidden_size, config.layer_norm_eps);
    this.dropout = new nn.Dropout(config.hidden_dropout_prob);
  }

  override forward(hiddenStates: Tensor, inputTensor: Tensor): Tensor {
    let h = this.dense.call(hiddenStates);
    h = this.dropout.call(h);
    return this.LayerNorm.call(F.add(h, inputTensor));
  }
}

export class BertAttention extends nn.Module<LayerForward> {
  static override readonly typeName: string = 'BertAttention';
  declare self: BertSelfAttention;
  declare output: BertSelfOutput;

  constructor(config: BertConfig) {
    super();
    this.self = new BertSelfAttention(config);
    this.output = new BertSelfOutput(config);
  }

  override forward(hiddenStates: Tensor, attentionMask: Tensor | null = null): Tensor {
    const selfOutput = this.self.call(hiddenStates, attentionMask);
    return this.output.call(selfOutput, hiddenStates);
  }
}

export class BertIntermediate extends nn.Module {
  static override readonly typeName: string = 'BertIntermediate';
  declare dense: nn.Linear;
  declare intermediate_act_fn: nn.Module;

  constructor(config: BertConfig) {
    super();
    this.dense = new nn.Linear(config.hidden_size, config.intermediate_size);
    this.intermediate_act_fn = act2fn(config.hidden_act);
  }

  override forward(hiddenStates: Tensor): Tensor {
    return (this.intermediate_act_fn.call as (x: Tensor) => Tensor)(this.dense.call(hiddenStates));
  }
}

export class BertOutput extends nn.Module<ResidualForward> {
  static override readonly typeName: string = 'BertOutput';
  declare dense: nn.Linear;
  declare LayerNorm: nn.LayerNorm;
  declare dropout: nn.Dropout;

  constructor(config: BertConfig) {
    super();
    this.dense = new nn.Linear(config.intermediate_size, config.hidden_size);
    this.LayerNorm = new nn.LayerNorm(config.hidden_size, config.layer_norm_eps);
    this.dropout = new nn.Dropout(config.hidden_dropout_prob);
  }

  override forward(hiddenStates: Tensor, inputTensor: Tensor): Tensor {
    let h = this.dense.call(hiddenStates);
    h = this.dropout.call(h);
    return this.LayerNorm.call(F.add(h, inputTensor));
  }
}

export class BertLayer extends nn.Module<LayerForward> {
  static override readonly typeName: string = 'BertLayer';
  declare readonly seqLenDim: number;
  declare attention: BertAttention;
  declare intermediate: BertIntermediate;
  declare output: BertOutput;

  constructor(config: BertConfig) {
    super();
    this.seqLenDim = 1;
    this.attention = new BertAttention(config);
    this.intermediate = new BertIntermediate(config);
    this.output = new BertOutput(config);
  }

  override forward(hiddenStates: Tensor, attentionMask: Tensor | null = null): Tensor {
    const attentionOutput = this.attention.call(hiddenStates, attentionMask);
    // apply_chunking_to_forward with chunk_size_feed_forward 0: feed_forward_chunk, called directly.
    const intermediateOutput = this.intermediate.call(attentionOutput);
    return this.output.call(intermediateOutput, attentionOutput);
  }
}

export class BertEncoder extends nn.Module<LayerForward> {
  static override readonly typeName: string = 'BertEncoder';
  declare layer: nn.ModuleList<BertLayer>;

  constructor(config: BertConfig) {
    super();
    const layers: BertLayer[] = [];
    for (let i = 0; i < config.num_hidden_layers; i++) layers.push(new BertLayer(config));
    this.layer = new nn.ModuleList(layers);
  }

  override forward(hiddenStates: Tensor, attentionMask: Tensor | null = null): Tensor {
    for (const layer of this.layer) hiddenStates = layer.call(hiddenStates, attentionMask);
    return hiddenStates;
  }
}

export class BertPooler extends nn.Module {
  static override readonly typeName: string = 'BertPooler';
  declare dense: nn.Linear;
  declare activation: nn.Tanh;

  constructor(config: BertConfig) {
    super();
    this.dense = new nn.Linear(config.hidden_size, config.hidden_size);
    this.activation = new nn.Tanh();
  }

  override forward(hiddenStates: Tensor): Tensor {
    // hidden_states[:, 0]: a full slice, then a select.
    const firstTokenTensor = F.select(F.slice(hiddenStates, 0), 1, 0);
    return this.activation.call(this.dense.call(firstTokenTensor));
  }
}

type BertForward = (inputIds: Tensor, attentionMask?: Tensor | null, tokenTypeIds?: Tensor | null) => Tensor[];

export class BertModel extends nn.Module<BertForward> {
  static override readonly typeName: string = 'BertModel';
  declare readonly config: Readonly<BertConfig>;
  declare embeddings: BertEmbeddings;
  declare encoder: BertEncoder;
  declare pooler: BertPooler | null;

  constructor(config: BertConfig, addPoolingLayer = true) {
    super();
    this.config = config;
    this.embeddings = new BertEmbeddings(config);
    this.encoder = new BertEncoder(config);
    // `self.pooler = BertPooler(config) if add_pooling_layer else None`: None is a plain attribute.
    this.pooler = addPoolingLayer ? new BertPooler(config) : null;
  }

  /** ModuleUtilsMixin.get_extended_attention_mask of an encoder: [batch, seq] of 1/0 -> additive [batch, 1, 1, seq]. */
  private extendedAttentionMask(attentionMask: Tensor): Tensor {
    let m: Tensor;
    if (attentionMask.rank === 3) m = F.unsqueeze(F.slice(attentionMask, 0), 1);
    else if (attentionMask.rank === 2) m = F.slice(F.unsqueeze(F.unsqueeze(F.slice(attentionMask, 0), 1), 2), 3);
    else throw new ArgumentError('BertModel', 'attention_mask', `a ${attentionMask.rank}-D tensor`, 'a 2-D [batch, seq] or 3-D [batch, from_seq, to_seq] tensor');
    m = m.to('float32');
    return F.mul(F.rsub(m, 1.0), F.finfo('float32').min);
  }

  override forward(inputIds: Tensor, attentionMask: Tensor | null = null, tokenTypeIds: Tensor | null = null): Tensor[] {
    if (inputIds.rank !== 2) throw new ArgumentError('BertModel', 'input_ids', `a ${inputIds.rank}-D tensor`, 'a 2-D [batch, seq] tensor');
    const [batchSize, seqLength] = inputIds.size() as [TracedInt, TracedInt];
    const pastKeyValuesLength = 0;
    if (tokenTypeIds === null) {
      const buffered = F.slice(F.slice(this.embeddings.token_type_ids, 0), 1, 0, seqLength);
      tokenTypeIds = buffered.expand(batchSize, seqLength);
    }
    const embeddingOutput = this.embeddings.call(inputIds, tokenTypeIds, pastKeyValuesLength);
    attentionMask ??= F.ones([batchSize, seqLength.add(pastKeyValuesLength)]);
    const extended = this.extendedAttentionMask(attentionMask);
    const sequenceOutput = this.encoder.call(embeddingOutput, extended);
    if (this.pooler === null) return [sequenceOutput];
    return [sequenceOutput, this.pooler.call(sequenceOutput)];
  }
}

export class BertPredictionHeadTransform extends nn.Module {
  static override readonly typeName: string = 'BertPredictionHeadTransform';
  declare dense: nn.Linear;
  declare transform_act_fn: nn.Module;
  declare LayerNorm: nn.LayerNorm;

  constructor(config: BertConfig) {
    super();
    this.dense = new nn.Linear(config.hidden_size, config.hidden_size);
    this.transform_act_fn = act2fn(config.hidden_act);
    this.LayerNorm = new nn.LayerNorm(config.hidden_size, config.layer_norm_eps);
  }

  override forward(hiddenStates: Tensor): Tensor {
    const h = (this.transform_act_fn.call as (x: Tensor) => Tensor)(this.dense.call(hiddenStates));
    return this.LayerNorm.call(h);
  }
}

export class BertLMPredictionHead extends nn.Module {
  static override readonly typeName: string = 'BertLMPredictionHead';
  declare transform: BertPredictionHeadTransform;
  declare decoder: nn.Linear;
  declare bias: Parameter;

  constructor(config: BertConfig) {
    super();
    this.transform = new BertPredictionHeadTransform(config);
    this.decoder = new nn.Linear(config.hidden_size, config.vocab_size, { bias: false });
    this.bias = new Parameter([config.vocab_size]);
    // The link HF keeps for resize_token_embeddings: one Parameter, two names.
    this.decoder.bias = this.bias;
  }

  override forward(hiddenStates: Tensor): Tensor {
    return this.decoder.call(this.transform.call(hiddenStates));
  }
}

export class BertOnlyMLMHead extends nn.Module {
  static override readonly typeName: string = 'BertOnlyMLMHead';
  declare predictions: BertLMPredictionHead;

  constructor(config: BertConfig) {
    super();
    this.predictions = new BertLMPredictionHead(config);
  }

  override forward(sequenceOutput: Tensor): Tensor {
    return this.predictions.call(sequenceOutput);
  }
}

export class BertForMaskedLM extends nn.Module<BertForward> {
  static override readonly typeName: string = 'BertForMaskedLM';
  declare readonly config: Readonly<BertConfig>;
  declare bert: BertModel;
  declare cls: BertOnlyMLMHead;

  constructor(config: BertConfig) {
    super();
    this.config = config;
    this.bert = new BertModel(config, false);
    this.cls = new BertOnlyMLMHead(config);
    // post_init -> tie_weights: the decoder reads the word embeddings.
    if (config.tie_word_embeddings) this.cls.predictions.decoder.weight = this.bert.embeddings.word_embeddings.weight;
  }

  override forward(inputIds: Tensor, attentionMask: Tensor | null = null, tokenTypeIds: Tensor | null = null): Tensor[] {
    const outputs = this.bert.call(inputIds, attentionMask, tokenTypeIds);
    return [this.cls.call(outputs[0]!)];
  }
}

const WHERE = 'BertConfig';
const CLASSES = ['BertModel', 'BertForMaskedLM'] as const;

/** The resolved BertConfig of a parsed config.json (BertConfig's defaults for the optional fields). */
export function bertConfig(config: unknown): BertConfig {
  const raw = rawConfig(WHERE, config);
  choiceField(WHERE, raw, 'position_embedding_type', 'absolute', ['absolute']);
  unsupportedFlag(WHERE, raw, 'is_decoder', false, 'BERT as a decoder is not reproduced');
  unsupportedFlag(WHERE, raw, 'add_cross_attention', false, 'cross-attention needs is_decoder');
  const chunk = nullableIntField(WHERE, raw, 'chunk_size_feed_forward', 0);
  if (chunk !== 0 && chunk !== null) throw new ArgumentError(WHERE, 'chunk_size_feed_forward', chunk, '0 (chunked feed-forward is not reproduced)');
  const c: BertConfig = {
    vocab_size: intField(WHERE, raw, 'vocab_size'),
    hidden_size: intField(WHERE, raw, 'hidden_size'),
    num_hidden_layers: intField(WHERE, raw, 'num_hidden_layers', { min: 0 }),
    num_attention_heads: intField(WHERE, raw, 'num_attention_heads'),
    intermediate_size: intField(WHERE, raw, 'intermediate_size'),
    hidden_act: choiceField(WHERE, raw, 'hidden_act', BERT_DEFAULTS.hidden_act, ACTIVATIONS),
    hidden_dropout_prob: numberField(WHERE, raw, 'hidden_dropout_prob', BERT_DEFAULTS.hidden_dropout_prob, { min: 0, max: 1 }),
    attention_probs_dropout_prob: numberField(WHERE, raw, 'attention_probs_dropout_prob', BERT_DEFAULTS.attention_probs_dropout_prob, { min: 0, max: 1 }),
    max_position_embeddings: intField(WHERE, raw, 'max_position_embeddings'),
    type_vocab_size: intField(WHERE, raw, 'type_vocab_size', { fallback: BERT_DEFAULTS.type_vocab_size }),
    layer_norm_eps: numberField(WHERE, raw, 'layer_norm_eps', BERT_DEFAULTS.layer_norm_eps, { min: 0 }),
    pad_token_id: nullableIntField(WHERE, raw, 'pad_token_id', BERT_DEFAULTS.pad_token_id, -Number.MAX_SAFE_INTEGER),
    tie_word_embeddings: boolField(WHERE, raw, 'tie_word_embeddings', BERT_DEFAULTS.tie_word_embeddings),
  };
  if (c.hidden_size % c.num_attention_heads !== 0) throw new ArgumentError(WHERE, 'hidden_size', c.hidden_size, `a multiple of num_attention_heads (${c.num_attention_heads})`);
  const pad = c.pad_token_id;
  if (pad !== null && (pad >= c.vocab_size || pad < -c.vocab_size)) throw new ArgumentError(WHERE, 'pad_token_id', pad, `null or an id within vocab_size (${c.vocab_size})`);
  return c;
}

/**
 * A BERT model from a parsed Hugging Face config.json: BertModel (with its
 * pooler), or BertForMaskedLM when `architecture` (or else the config's
 * `architectures[0]`) says so. vocab_size, hidden_size, num_hidden_layers,
 * num_attention_heads, intermediate_size and max_position_embeddings are
 * required; the other fields take BertConfig's defaults. A missing or
 * wrong-typed field is an ArgumentError naming it.
 */
export function bertFromConfig(config: unknown, architecture?: 'BertModel' | 'BertForMaskedLM'): BertModel | BertForMaskedLM {
  const raw = rawConfig(WHERE, config);
  const cls = architectureOf(WHERE, raw, 'bert', CLASSES, 'BertModel', architecture);
  const c = bertConfig(raw);
  return cls === 'BertForMaskedLM' ? new BertForMaskedLM(c) : new BertModel(c);
}

/** bert-base-uncased: BertModel (with its pooler) of google-bert/bert-base-uncased's config; `overrides` change config fields. */
export const bert_base_uncased = (overrides: Partial<BertConfig> = {}): BertModel => new BertModel(bertConfig({ ...BERT_DEFAULTS, ...overrides }));
/** bert-base-uncased with the masked-LM head (BertForMaskedLM: no pooler; decoder tied to the word embeddings). */
export const bert_base_uncased_mlm = (overrides: Partial<BertConfig> = {}): BertForMaskedLM => new BertForMaskedLM(bertConfig({ ...BERT_DEFAULTS, ...overrides }));

/** Token ids: int64 [1, 128] by default (`--inputs 1,128:int64`). */
const TOKENS = { inputShape: [128], inputDtype: 'int64', inputName: 'input_ids' } as const;

export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  bert_base_uncased: { build: () => bert_base_uncased(), ...TOKENS },
  bert_base_uncased_mlm: { build: () => bert_base_uncased_mlm(), ...TOKENS },
};
