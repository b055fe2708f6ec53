// Hugging Face's GPT-2 (models/gpt2/modeling_gpt2.py, eager attention):
// GPT2LMHeadModel and GPT2Model with HF's class names, module names,
// registration order, parameter names (`transformer.h.0.attn.c_attn.weight`)
// and buffers (the causal `bias` mask of every attention), `lm_head.weight`
// tied to `transformer.wte.weight` as HF ties it, and the forward as
// ../shared/golden/llm/llm_models.py runs it op by op: Conv1D as aten::addmm,
// the causal mask sliced from `bias` and applied with torch.where,
// "gelu_new" as its elementwise ops. Parameters are shapes only: GPT-2 XL
// (1.56 billion parameters) builds in milliseconds.
//
// Inputs are HF's positional ones: `input_ids` (int64 [batch, seq]), then
// optionally `past_key_values` (one `[key, value]` per layer, each
// [batch, n_head, past, head_dim]) and `attention_mask` ([batch, past + seq]
// of 1/0). The output is `(logits, presents)` (GPT2Model: `(hidden_states,
// presents)`), presents being each layer's `[key, value]` (when use_cache).

import { atLeast } from '../../core/dispatch.js';
import { ArgumentError, ShapeError } from '../../core/errors.js';
import { sizeAdd, sizeSub } from '../../core/sizes.js';
import { Parameter, Tensor, type TracedInt } from '../../core/tensor.js';
import * as nn from '../../nn/index.js';
import { F } from '../../nn/index.js';
import type { ZooEntry } from '../index.js';
import { checkKVCache, generationPhaseOf, makeKVCache, type GenerationPhase, type KVCache, type KVCacheLayout, type KVCacheModel } from './cache.js';
import { ACTIVATIONS, act2fn, architectureOf, boolField, choiceField, intField, nullableIntField, numberField, rawConfig, unsupportedFlag } from './common.js';

/** GPT2Config: the fields of a GPT-2 config.json that the model reads (HF's names). */
export interface GPT2Config {
  vocab_size: number;
  n_positions: number;
  n_embd: number;
  n_layer: number;
  n_head: number;
  /** The MLP's width; null: 4 * n_embd. */
  n_inner: number | null;
  /** A name of ACT2FN: 'gelu_new' (GPT-2's), 'gelu', 'gelu_python', 'relu', 'silu', 'swish', 'tanh'. */
  activation_function: string;
  resid_pdrop: number;
  embd_pdrop: number;
  attn_pdrop: number;
  layer_norm_epsilon: number;
  scale_attn_weights: boolean;
  scale_attn_by_inverse_layer_idx: boolean;
  add_cross_attention: boolean;
  tie_word_embeddings: boolean;
  use_cache: boolean;
}

/** GPT2Config's defaults (configuration_gpt2.py), those of the 124M model. */
export const GPT2_DEFAULTS: Readonly<GPT2Config> = {
  vocab_size: 50257,
  n_positions: 1024,
  n_embd: 768,
  n_layer: 12,
  n_head: 12,
  n_inner: null,
  activation_function: 'gelu_new',
  resid_pdrop: 0.1,
  embd_pdrop: 0.1,
  attn_pdrop: 0.1,
  layer_norm_epsilon: 1e-5,
  scale_attn_weights: true,
  scale_attn_by_inverse_layer_idx: false,
  add_cross_attention: false,
  tie_word_embeddings: true,
  use_cache: true,
};

/** pytorch_utils.Conv1D: a linear layer whose weight is stored as [nx, nf], run as torch.addmm. */
export class Conv1D extends nn.Module {
  static override readonly typeName: string = 'Conv1D';
  declare readonly nf: number;
  declare readonly nx: number;
  declare weight: Parameter;
  declare bias: Parameter;

  constructor(nf: number, nx: number) {
    super();
    this.nf = nf;
    this.nx = nx;
    this.weight = new Parameter([nx, nf]);
    this.bias = new Parameter([nf]);
  }

  override forward(x: Tensor): Tensor {
    // size_out = x.size()[:-1] + (self.nf,)
    const sizeOut = [...x.size().slice(0, -1), this.nf];
    const y = F.addmm(this.bias, x.view(-1, x.size(-1)), this.weight);
    return y.view(sizeOut);
  }
}

/** One layer's cached (or new) key and value, each [batch, heads, seq, head_dim]. */
export type LayerPast = readonly [Tensor, Tensor];

type AttentionForward = (hiddenStates: Tensor, layerPast?: LayerPast | null, attentionMask?: Tensor | null, useCache?: boolean) => [Tensor, LayerPast | null];

export class GPT2Attention extends nn.Module<AttentionForward> {
  static override readonly typeName: string = 'GPT2Attention';
  declare readonly embedDim: number;
  declare readonly numHeads: number;
  declare readonly headDim: number;
  declare readonly splitSize: number;
  declare readonly scaleAttnWeights: boolean;
  declare readonly isCrossAttention: boolean;
  declare readonly scaleAttnByInverseLayerIdx: boolean;
  declare readonly layerIdx: number | null;
  /** The causal mask, bool [1, 1, n_positions, n_positions] (lower triangle). */
  declare bias: Tensor;
  declare masked_bias: Tensor;
  declare c_attn: Conv1D;
  declare q_attn: Conv1D | undefined;
  declare c_proj: Conv1D;
  declare attn_dropout: nn.Dropout;
  declare resid_dropout: nn.Dropout;

  constructor(config: GPT2Config, isCrossAttention = false, layerIdx: number | null = null) {
    super();
    const maxPositions = config.n_positions;
    this.registerBuffer('bias', new Tensor([1, 1, maxPositions, maxPositions], 'bool'));
    this.registerBuffer('masked_bias', new Tensor([]));
    this.embedDim = config.n_embd;
    this.numHeads = config.n_head;
    this.headDim = Math.floor(this.embedDim / this.numHeads);
    this.splitSize = this.embedDim;
    if (this.headDim * this.numHeads !== this.embedDim) {
      throw new ArgumentError('GPT2Attention', 'embed_dim', this.embedDim, `divisible by num_heads (got \`embed_dim\`: ${this.embedDim} and \`num_heads\`: ${this.numHeads})`);
    }
    this.scaleAttnWeights = config.scale_attn_weights;
    this.isCrossAttention = isCrossAttention;
    this.scaleAttnByInverseLayerIdx = config.scale_attn_by_inverse_layer_idx;
    this.layerIdx = layerIdx;
    if (isCrossAttention) {
      this.c_attn = new Conv1D(2 * this.embedDim, this.embedDim);
      this.q_attn = new Conv1D(this.embedDim, this.embedDim);
    } else {
      this.c_attn = new Conv1D(3 * this.embedDim, this.embedDim);
    }
    this.c_proj = new Conv1D(this.embedDim, this.embedDim);
    this.attn_dropout = new nn.Dropout(config.attn_pdrop);
    this.resid_dropout = new nn.Dropout(config.resid_pdrop);
  }

  /** `_attn`: scores, scale, causal mask (torch.where), additive mask, softmax, dropout, weighted values. */
  private attn(query: Tensor, key: Tensor, value: Tensor, attentionMask: Tensor | null): Tensor {
    let w = F.matmul(query, key.transpose(-1, -2));
    if (this.scaleAttnWeights) w = F.div(w, F.full([], value.size(-1).pow(0.5), w.dtype));
    if (this.scaleAttnByInverseLayerIdx) w = F.div(w, (this.layerIdx ?? 0) + 1);
    if (!this.isCrossAttention) {
      const queryLength = query.size(-2);
      const keyLength = key.size(-2);
      // self.bias[:, :, key_length - query_length : key_length, :key_length]: the index first, then the slices.
      const start = keyLength.sub(queryLength);
      const b = F.slice(F.slice(this.bias, 0), 1);
      const causalMask = F.slice(F.slice(b, 2, start, keyLength), 3, 0, keyLength);
      const maskValue = F.toDevice(F.full([], F.finfo(w.dtype).min, w.dtype));
      w = F.where(causalMask, w.to(w.dtype), maskValue);
    }
    if (attentionMask !== null) w = F.add(w, attentionMask);
    w = F.softmax(w, -1);
    w = F.type(w, value.dtype);
    w = this.attn_dropout.call(w);
    return F.matmul(w, value);
  }

  /** (batch, seq, heads * head_dim) -> (batch, heads, seq, head_dim). */
  private splitHeads(t: Tensor): Tensor {
    const shape = [...t.size().slice(0, -1), this.numHeads, this.headDim];
    return t.view(shape).permute(0, 2, 1, 3);
  }

  /** (batch, heads, seq, head_dim) -> (batch, seq, heads * head_dim). */
  private mergeHeads(t: Tensor): Tensor {
    const c = t.permute(0, 2, 1, 3).contiguous();
    return c.view([...c.size().slice(0, -2), this.numHeads * this.headDim]);
  }

  override forward(hiddenStates: Tensor, layerPast: LayerPast | null = null, attentionMask: Tensor | null = null, useCache = false): [Tensor, LayerPast | null] {
    let [query, key, value] = this.c_attn.call(hiddenStates).split(this.splitSize, 2) as [Tensor, Tensor, Tensor];
    query = this.splitHeads(query);
    key = this.splitHeads(key);
    value = this.splitHeads(value);
    if (layerPast !== null) {
      key = F.cat([layerPast[0], key], -2);
      value = F.cat([layerPast[1], value], -2);
    }
    const present: LayerPast | null = useCache ? [key, value] : null;
    let out = this.attn(query, key, value, attentionMask);
    out = this.mergeHeads(out);
    out = this.c_proj.call(out);
    out = this.resid_dropout.call(out);
    return [out, present];
  }
}

export class GPT2MLP extends nn.Module {
  static override readonly typeName: string = 'GPT2MLP';
  declare c_fc: Conv1D;
  declare c_proj: Conv1D;
  declare act: nn.Module;
  declare dropout: nn.Dropout;

  constructor(intermediateSize: number, config: GPT2Config) {
    super();
    const embedDim = config.n_embd;
    this.c_fc = new Conv1D(intermediateSize, embedDim);
    this.c_proj = new Conv1D(embedDim, intermediateSize);
    this.act = act2fn(config.activation_function);
    this.dropout = new nn.Dropout(config.resid_pdrop);
  }

  override forward(hiddenStates: Tensor): Tensor {
    let h = this.c_fc.call(hiddenStates);
    h = (this.act.call as (x: Tensor) => Tensor)(h);
    h = this.c_proj.call(h);
    return this.dropout.call(h);
  }
}

export class GPT2Block extends nn.Module<AttentionForward> {
  static override readonly typeName: string = 'GPT2Block';
  declare ln_1: nn.LayerNorm;
  declare attn: GPT2Attention;
  declare ln_2: nn.LayerNorm;
  declare crossattention: GPT2Attention | undefined;
  declare ln_cross_attn: nn.LayerNorm | undefined;
  declare mlp: GPT2MLP;

  constructor(config: GPT2Config, layerIdx: number | null = null) {
    super();
    const hiddenSize = config.n_embd;
    const innerDim = config.n_inner ?? 4 * hiddenSize;
    this.ln_1 = new nn.LayerNorm(hiddenSize, config.layer_norm_epsilon);
    this.attn = new GPT2Attention(config, false, layerIdx);
    this.ln_2 = new nn.LayerNorm(hiddenSize, config.layer_norm_epsilon);
    if (config.add_cross_attention) {
      // Run only with encoder_hidden_states, which these models are not given (uncalled, as in HF without them).
      this.crossattention = new GPT2Attention(config, true, layerIdx);
      this.ln_cross_attn = new nn.LayerNorm(hiddenSize, config.layer_norm_epsilon);
    }
    this.mlp = new GPT2MLP(innerDim, config);
  }

  override forward(hiddenStates: Tensor, layerPast: LayerPast | null = null, attentionMask: Tensor | null = null, useCache = false): [Tensor, LayerPast | null] {
    let residual = hiddenStates;
    let h = this.ln_1.call(hiddenStates);
    const [attnOutput, present] = this.attn.call(h, layerPast, attentionMask, useCache);
    h = F.add(attnOutput, residual);
    residual = h;
    h = this.ln_2.call(h);
    const ff = this.mlp.call(h);
    h = F.add(residual, ff);
    return [h, present];
  }
}

/** What GPT2Model and GPT2LMHeadModel return: the output and, with use_cache, every layer's [key, value]. */
export type GPT2Output = [Tensor, LayerPast[]] | [Tensor];

type ModelForward = (inputIds: Tensor, pastKeyValues?: readonly LayerPast[] | null, attentionMask?: Tensor | null) => GPT2Output;

export class GPT2Model extends nn.Module<ModelForward> {
  static override readonly typeName: string = 'GPT2Model';
  declare readonly config: Readonly<GPT2Config>;
  declare readonly embedDim: number;
  declare wte: nn.Embedding;
  declare wpe: nn.Embedding;
  declare drop: nn.Dropout;
  declare h: nn.ModuleList<GPT2Block>;
  declare ln_f: nn.LayerNorm;

  constructor(config: GPT2Config) {
    super();
    this.config = config;
    this.embedDim = config.n_embd;
    this.wte = new nn.Embedding(config.vocab_size, this.embedDim);
    this.wpe = new nn.Embedding(config.n_positions, this.embedDim);
    this.drop = new nn.Dropout(config.embd_pdrop);
    const blocks: GPT2Block[] = [];
    for (let i = 0; i < config.n_layer; i++) blocks.push(new GPT2Block(config, i));
    this.h = new nn.ModuleList(blocks);
    this.ln_f = new nn.LayerNorm(this.embedDim, config.layer_norm_epsilon);
  }

  override forward(inputIds: Tensor, pastKeyValues: readonly LayerPast[] | null = null, attentionMask: Tensor | null = null): GPT2Output {
    const blocks = [...this.h];
    if (!(inputIds instanceof Tensor) || inputIds.rank === 0) throw new ArgumentError('GPT2Model', 'input_ids', inputIds instanceof Tensor ? 'a 0-D tensor' : inputIds, 'a tensor of token ids [batch, seq]');
    const inputShape = inputIds.size();
    const last = inputShape[inputShape.length - 1]!;
    const ids = inputIds.view(-1, last);
    // batch_size = input_ids.shape[0] (read by the padding mask only; dead otherwise)
    const batchSize = ids.size(0);
    let pastLength: number | TracedInt = 0;
    if (pastKeyValues !== null) {
      if (pastKeyValues.length !== blocks.length || blocks.length === 0) {
        throw new ArgumentError('GPT2Model', 'past_key_values', `${pastKeyValues.length} layers`, `one [key, value] per layer (${blocks.length})`);
      }
      pastLength = pastKeyValues[0]![0].size(-2);
    }
    // Positions past wpe's rows: PyTorch's embedding raises IndexError ("index out of range in self").
    const positions = sizeAdd(typeof pastLength === 'number' ? pastLength : pastLength.value, last.value);
    if (!atLeast(sizeSub(this.config.n_positions, positions), 0, `GPT-2's ${this.config.n_positions} positions`)) {
      throw new ShapeError('aten::embedding', `position ids reach ${sizeSub(positions, 1)}, past the ${this.config.n_positions} positions of wpe (index out of range)`, { input_ids: inputIds.shape, weight: this.wpe.weight.shape });
    }
    // position_ids = torch.arange(past_length, input_shape[-1] + past_length, dtype=torch.long)
    let positionIds = F.arange(pastLength, last.add(pastLength));
    positionIds = positionIds.unsqueeze(0).view(-1, last);
    let mask: Tensor | null = null;
    if (attentionMask !== null) {
      // [batch, past + seq] of 1/0 -> additive [batch, 1, 1, past + seq]
      let m = attentionMask.view(batchSize, -1);
      m = F.slice(F.unsqueeze(F.unsqueeze(F.slice(m, 0), 1), 2), 3);
      m = m.to('float32');
      mask = F.mul(F.rsub(m, 1.0), F.finfo('float32').min);
    }
    const inputsEmbeds = this.wte.call(ids);
    const positionEmbeds = this.wpe.call(positionIds);
    let hidden = F.add(inputsEmbeds, positionEmbeds);
    hidden = this.drop.call(hidden);
    const outputShape = [...inputShape, hidden.size(-1)];
    const useCache = this.config.use_cache;
    const presents: LayerPast[] = [];
    blocks.forEach((block, i) => {
      const [h, present] = block.call(hidden, pastKeyValues === null ? null : pastKeyValues[i]!, mask, useCache);
      hidden = h;
      if (present !== null) presents.push(present);
    });
    hidden = this.ln_f.call(hidden);
    hidden = hidden.view(outputShape);
    return useCache ? [hidden, presents] : [hidden];
  }
}

/** GPT2LMHeadModel with a KV cache as its second input (`--past P`): n_layer pairs of [batch, n_head, P, n_embd / n_head]. */
export class GPT2LMHeadModel extends nn.Module<ModelForward> implements KVCacheModel {
  static override readonly typeName: string = 'GPT2LMHeadModel';
  declare readonly config: Readonly<GPT2Config>;
  declare transformer: GPT2Model;
  declare lm_head: nn.Linear;

  constructor(config: GPT2Config) {
    super();
    this.config = config;
    this.transformer = new GPT2Model(config);
    this.lm_head = new nn.Linear(config.n_embd, config.vocab_size, { bias: false });
    // PreTrainedModel.post_init -> tie_weights: one Parameter under two names.
    if (config.tie_word_embeddings) this.lm_head.weight = this.transformer.wte.weight;
  }

  /** The cache GPT-2 keeps: per layer, keys and values of all n_head heads. */
  kvCacheLayout(): KVCacheLayout {
    return { layers: this.config.n_layer, heads: this.config.n_head, headDim: this.config.n_embd / this.config.n_head };
  }

  /** A cache of `past` tokens for `batch` sequences (shapes only). */
  makeKVCache(batch: number, past: number): KVCache {
    return makeKVCache(this.kvCacheLayout(), batch, past);
  }

  /** Prefill (`[ids]`) or decode (`[ids, cache]` of `past` tokens), or null for other inputs. */
  generationPhase(inputs: readonly unknown[]): GenerationPhase | null {
    return generationPhaseOf(inputs);
  }

  override forward(inputIds: Tensor, pastKeyValues: readonly LayerPast[] | null = null, attentionMask: Tensor | null = null): GPT2Output {
    if (pastKeyValues !== null) checkKVCache(this.typeName(), pastKeyValues, this.kvCacheLayout(), inputIds.shape[0]!);
    const outputs = this.transformer.call(inputIds, pastKeyValues, attentionMask);
    const logits = this.lm_head.call(outputs[0]);
    return outputs.length === 2 ? [logits, outputs[1]] : [logits];
  }
}

const WHERE = 'GPT2Config';
const CLASSES = ['GPT2LMHeadModel', 'GPT2Model'] as const;

/** The resolved GPT2Config of a parsed config.json (GPT2Config's defaults for the optional fields). */
export function gpt2Config(config: unknown): GPT2Config {
  const raw = rawConfig(WHERE, config);
  unsupportedFlag(WHERE, raw, 'reorder_and_upcast_attn', false, 'the upcast attention path is not reproduced');
  const c: GPT2Config = {
    vocab_size: intField(WHERE, raw, 'vocab_size'),
    n_positions: intField(WHERE, raw, 'n_positions', { alias: 'max_position_embeddings' }),
    n_embd: intField(WHERE, raw, 'n_embd', { alias: 'hidden_size' }),
    n_layer: intField(WHERE, raw, 'n_layer', { min: 0, alias: 'num_hidden_layers' }),
    n_head: intField(WHERE, raw, 'n_head', { alias: 'num_attention_heads' }),
    n_inner: nullableIntField(WHERE, raw, 'n_inner', null, 1),
    activation_function: choiceField(WHERE, raw, 'activation_function', GPT2_DEFAULTS.activation_function, ACTIVATIONS),
    resid_pdrop: numberField(WHERE, raw, 'resid_pdrop', GPT2_DEFAULTS.resid_pdrop, { min: 0, max: 1 }),
    embd_pdrop: numberField(WHERE, raw, 'embd_pdrop', GPT2_DEFAULTS.embd_pdrop, { min: 0, max: 1 }),
    attn_pdrop: numberField(WHERE, raw, 'attn_pdrop', GPT2_DEFAULTS.attn_pdrop, { min: 0, max: 1 }),
    layer_norm_epsilon: numberField(WHERE, raw, 'layer_norm_epsilon', GPT2_DEFAULTS.layer_norm_epsilon, { min: 0 }),
    scale_attn_weights: boolField(WHERE, raw, 'scale_attn_weights', GPT2_DEFAULTS.scale_attn_weights),
    scale_attn_by_inverse_layer_idx: boolField(WHERE, raw, 'scale_attn_by_inverse_layer_idx', GPT2_DEFAULTS.scale_attn_by_inverse_layer_idx),
    add_cross_attention: boolField(WHERE, raw, 'add_cross_attention', GPT2_DEFAULTS.add_cross_attention),
    tie_word_embeddings: boolField(WHERE, raw, 'tie_word_embeddings', GPT2_DEFAULTS.tie_word_embeddings),
    use_cache: boolField(WHERE, raw, 'use_cache', GPT2_DEFAULTS.use_cache),
  };
  if (c.n_embd % c.n_head !== 0) throw new ArgumentError(WHERE, 'n_embd', c.n_embd, `divisible by n_head (${c.n_head})`);
  return c;
}

/**
 * A GPT-2 model from a parsed Hugging Face config.json: GPT2LMHeadModel, or
 * GPT2Model when `architecture` (or else the config's `architectures[0]`)
 * says so. vocab_size, n_positions, n_embd, n_layer and n_head are required;
 * the other fields take GPT2Config's defaults. A missing or wrong-typed field
 * is an ArgumentError naming it.
 */
export function gpt2FromConfig(config: unknown, architecture?: 'GPT2LMHeadModel' | 'GPT2Model'): GPT2LMHeadModel | GPT2Model {
  const raw = rawConfig(WHERE, config);
  const cls = architectureOf(WHERE, raw, 'gpt2', CLASSES, 'GPT2LMHeadModel', architecture);
  const c = gpt2Config(raw);
  return cls === 'GPT2Model' ? new GPT2Model(c) : new GPT2LMHeadModel(c);
}

/** The published checkpoints' structure (config.json of openai-community/gpt2*). */
const SIZES = {
  gpt2: { n_embd: 768, n_layer: 12, n_head: 12 },
  'gpt2-medium': { n_embd: 1024, n_layer: 24, n_head: 16 },
  'gpt2-large': { n_embd: 1280, n_layer: 36, n_head: 20 },
  'gpt2-xl': { n_embd: 1600, n_layer: 48, n_head: 25 },
} as const;

const named = (size: keyof typeof SIZES, overrides: Partial<GPT2Config>): GPT2LMHeadModel =>
  new GPT2LMHeadModel(gpt2Config({ ...GPT2_DEFAULTS, ...SIZES[size], ...overrides }));

/** GPT-2 (124M): GPT2LMHeadModel of openai-community/gpt2's config; `overrides` change config fields. */
export const gpt2 = (overrides: Partial<GPT2Config> = {}): GPT2LMHeadModel => named('gpt2', overrides);
/** GPT-2 Medium (355M). */
export const gpt2_medium = (overrides: Partial<GPT2Config> = {}): GPT2LMHeadModel => named('gpt2-medium', overrides);
/** GPT-2 Large (774M). */
export const gpt2_large = (overrides: Partial<GPT2Config> = {}): GPT2LMHeadModel => named('gpt2-large', overrides);
/** GPT-2 XL (1.5B). */
export const gpt2_xl = (overrides: Partial<GPT2Config> = {}): GPT2LMHeadModel => named('gpt2-xl', overrides);

/** Token ids: int64 [1, 128] by default (`--inputs 1,128:int64`). */
const TOKENS = { inputShape: [128], inputDtype: 'int64', inputName: 'input_ids' } as const;

export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  gpt2: { build: () => gpt2(), ...TOKENS },
  gpt2_medium: { build: () => gpt2_medium(), ...TOKENS },
  gpt2_large: { build: () => gpt2_large(), ...TOKENS },
  gpt2_xl: { build: () => gpt2_xl(), ...TOKENS },
};
