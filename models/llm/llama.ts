// Hugging Face's Llama family: LlamaForCausalLM, MistralForCausalLM,
// Qwen2ForCausalLM and MixtralForCausalLM, one implementation as HF's modular
// files share one (the reference port is ../shared/golden/llm/llm_models.py).
// Module and parameter names and registration order are HF's
// (`model.embed_tokens`, `model.layers.N.self_attn.q_proj`, `model.norm`,
// `model.rotary_emb` with its `inv_freq` buffer, `lm_head`), class names
// carry the family's prefix (`MistralDecoderLayer`), and the forward is HF's
// eager path op by op (transformers ~4.48, as PyTorch 1.13 traces it):
//
// - the causal mask is an additive 4-D mask [batch, 1, T, past + T + 1]
//   built once in the model scope (Llama: full, triu, arange, gt, mul_;
//   Mistral, Qwen2 and Mixtral: full, arange, gt, and the sliding window's
//   arange, sub, le, bitwise_or_ when the config sets one), sliced to the
//   keys in every layer;
// - RoPE's frequencies are a matmul, inv_freq [1, d/2, 1] @ positions
//   [1, 1, T], batch 1 whatever the batch (the reference counts it);
// - a KV cache (the second input, HF's legacy format) is concatenated after
//   RoPE, and positions and the mask start at its length;
// - Mixtral's sparse MoE block runs HF's routing (softmax router, topk,
//   one_hot, torch.where, index, index_add_). Which tokens go to which expert
//   depends on the data, which shape-only tracing does not have; it assumes
//   the routing spreads them evenly: assignment j = t * top_k + s (token t's
//   s-th choice) goes to expert j mod num_experts, so each token visits
//   top_k distinct experts and expert e gets floor(N*k/E) tokens, one more
//   for e < N*k mod E. fvcore's total does not depend on the routing
//   (every token visits exactly top_k experts); the split over experts.{i} is
//   that of this routing (docs/llm.md).

import { ArgumentError } from '../../core/errors.js';
import { pyTuple, type Dim } from '../../core/shape.js';
import { sizeAdd, sizeFloorDiv, sizeMul } from '../../core/sizes.js';
import { Parameter, Tensor, type TracedInt } from '../../core/tensor.js';
import * as nn from '../../nn/index.js';
import { moduleTarget } from '../../nn/module.js';
import { F } from '../../nn/index.js';
import { pyFloat } from '../../nn/pyrepr.js';
import type { ZooEntry } from '../index.js';
import { checkKVCache, DynamicCache, generationPhaseOf, makeKVCache, type GenerationPhase, type KVCache, type KVCacheLayout, type KVCacheModel } from './cache.js';
import { ConfigFields, type ConfigValues } from './config_fields.js';

// ------------------------------------------------------------------ config

/** The Hugging Face `model_type`s of this family. */
export const LLAMA_FAMILIES = ['llama', 'mistral', 'qwen2', 'mixtral'] as const;
/** A `model_type` of the family: llama, mistral, qwen2 or mixtral. */
export type LlamaFamily = (typeof LLAMA_FAMILIES)[number];

/** HF's class-name prefix of each family. */
const PREFIX: Readonly<Record<LlamaFamily, string>> = { llama: 'Llama', mistral: 'Mistral', qwen2: 'Qwen2', mixtral: 'Mixtral' };

/** The activations of HF's ACT2FN these models may name (`hidden_act`), as the modules HF makes. */
const ACTIVATIONS = ['silu', 'swish', 'relu', 'tanh'] as const;
type Activation = (typeof ACTIVATIONS)[number];

/** RoPE initialisations whose forward is the default one (inv_freq of head_dim / 2 entries, scaling 1). */
const ROPE_TYPES = ['default', 'llama3'] as const;

/**
 * HF's configuration_*.py defaults (transformers ~4.48) of the fields these
 * models read; a config.json's own values replace them.
 */
const DEFAULTS: Readonly<Record<LlamaFamily, ConfigValues>> = {
  llama: {
    vocab_size: 32000, hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32,
    num_key_value_heads: null, hidden_act: 'silu', max_position_embeddings: 2048, rms_norm_eps: 1e-6, pad_token_id: null,
    tie_word_embeddings: false, rope_theta: 10000.0, rope_scaling: null, attention_bias: false, attention_dropout: 0.0,
    mlp_bias: false, head_dim: null,
  },
  mistral: {
    vocab_size: 32000, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32,
    num_key_value_heads: 8, head_dim: null, hidden_act: 'silu', max_position_embeddings: 4096 * 32, rms_norm_eps: 1e-6,
    pad_token_id: null, tie_word_embeddings: false, rope_theta: 10000.0, sliding_window: 4096, attention_dropout: 0.0,
  },
  qwen2: {
    vocab_size: 151936, hidden_size: 4096, intermediate_size: 22016, num_hidden_layers: 32, num_attention_heads: 32,
    num_key_value_heads: 32, hidden_act: 'silu', max_position_embeddings: 32768, rms_norm_eps: 1e-6,
    tie_word_embeddings: false, rope_theta: 10000.0, rope_scaling: null, use_sliding_window: false, sliding_window: 4096,
    max_window_layers: 28, attention_dropout: 0.0, pad_token_id: null,
  },
  mixtral: {
    vocab_size: 32000, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32,
    num_key_value_heads: 8, head_dim: null, hidden_act: 'silu', max_position_embeddings: 4096 * 32, rms_norm_eps: 1e-5,
    pad_token_id: null, tie_word_embeddings: false, rope_theta: 1e6, sliding_window: null, attention_dropout: 0.0,
    num_experts_per_tok: 2, num_local_experts: 8, router_jitter_noise: 0.0,
  },
};

/** The fields a config.json must give (HF would fall back to a 7B model's sizes). */
const REQUIRED = ['vocab_size', 'hidden_size', 'intermediate_size', 'num_hidden_layers', 'num_attention_heads'] as const;

/** A resolved config of the family: HF's field names, every value the models read. */
export interface LlamaConfig {
  readonly family: LlamaFamily;
  readonly vocab_size: number;
  readonly hidden_size: number;
  readonly intermediate_size: number;
  readonly num_hidden_layers: number;
  readonly num_attention_heads: number;
  readonly num_key_value_heads: number;
  readonly head_dim: number;
  readonly hidden_act: Activation;
  readonly max_position_embeddings: number;
  readonly rms_norm_eps: number;
  readonly rope_theta: number;
  readonly rope_type: (typeof ROPE_TYPES)[number];
  readonly pad_token_id: number | null;
  readonly tie_word_embeddings: boolean;
  /** Bias of q/k/v_proj and of o_proj (Llama: attention_bias for all four; Qwen2: q/k/v only). */
  readonly qkv_bias: boolean;
  readonly o_bias: boolean;
  /** Bias of the MLP's projections (Llama's mlp_bias). */
  readonly mlp_bias: boolean;
  readonly attention_dropout: number;
  /** The sliding window of the mask (Mistral, Qwen2 with use_sliding_window, Mixtral), or null. */
  readonly sliding_window: number | null;
  /** Mixtral: experts per layer and experts per token (0 elsewhere). */
  readonly num_local_experts: number;
  readonly num_experts_per_tok: number;
  readonly router_jitter_noise: number;
}

/**
 * A family's config from config.json values: HF's defaults for absent
 * fields, HF's derived values (num_key_value_heads defaults to the heads,
 * head_dim to hidden_size / heads; Qwen2's sliding_window only with
 * use_sliding_window), each field checked. `where` names the caller in errors.
 */
export function llamaConfig(family: LlamaFamily, values: ConfigValues, where = `${PREFIX[family]}Config`): LlamaConfig {
  if (!(LLAMA_FAMILIES as readonly string[]).includes(family)) throw new ArgumentError(where, 'family', family, `one of ${LLAMA_FAMILIES.join(', ')}`);
  if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new ArgumentError(where, 'config', values, 'an object of config.json fields');
  const c = new ConfigFields(where, values, DEFAULTS[family]);
  for (const name of REQUIRED) if (values[name] === undefined || values[name] === null) throw new ArgumentError(where, name, values[name], 'given (a positive integer)');
  const hidden = c.int('hidden_size');
  const heads = c.int('num_attention_heads');
  const kvHeads = c.intOrNull('num_key_value_heads') ?? heads;
  if (heads % kvHeads !== 0) throw new ArgumentError(where, 'num_key_value_heads', kvHeads, `a divisor of num_attention_heads (${heads})`);
  let headDim = c.intOrNull('head_dim');
  if (headDim === null) {
    if (hidden % heads !== 0) throw new ArgumentError(where, 'num_attention_heads', heads, `a divisor of hidden_size (${hidden}) when head_dim is not given`);
    headDim = hidden / heads;
  }
  const scaling = c.objectOrNull('rope_scaling');
  let ropeType: LlamaConfig['rope_type'] = 'default';
  if (scaling !== null) {
    const s = new ConfigFields(`${where} rope_scaling`, scaling);
    const t = s.raw('rope_type') ?? s.raw('type');
    if (typeof t !== 'string' || !(ROPE_TYPES as readonly string[]).includes(t)) {
      throw new ArgumentError(where, 'rope_scaling.rope_type', t, `one of ${ROPE_TYPES.map((r) => `'${r}'`).join(', ')} (other RoPE types change the forward)`);
    }
    ropeType = t as LlamaConfig['rope_type'];
    if (ropeType === 'llama3') for (const f of ['factor', 'low_freq_factor', 'high_freq_factor']) s.number(f);
    if (ropeType === 'llama3') s.int('original_max_position_embeddings');
  }
  const vocab = c.int('vocab_size');
  const pad = c.intOrNull('pad_token_id', -vocab);
  if (pad !== null && pad >= vocab) throw new ArgumentError(where, 'pad_token_id', pad, `below vocab_size (${vocab})`);
  const llamaBias = family === 'llama' && c.bool('attention_bias');
  let slidingWindow: number | null = null;
  if (family === 'mistral' || family === 'mixtral') slidingWindow = c.intOrNull('sliding_window');
  else if (family === 'qwen2' && c.bool('use_sliding_window')) slidingWindow = c.intOrNull('sliding_window');
  const moe = family === 'mixtral';
  const config: LlamaConfig = {
    family,
    vocab_size: vocab,
    hidden_size: hidden,
    intermediate_size: c.int('intermediate_size'),
    num_hidden_layers: c.int('num_hidden_layers'),
    num_attention_heads: heads,
    num_key_value_heads: kvHeads,
    head_dim: headDim,
    hidden_act: c.oneOf('hidden_act', ACTIVATIONS),
    max_position_embeddings: c.int('max_position_embeddings'),
    rms_norm_eps: c.number('rms_norm_eps', 0),
    rope_theta: c.number('rope_theta', Number.MIN_VALUE),
    rope_type: ropeType,
    pad_token_id: pad === null || pad >= 0 ? pad : vocab + pad,
    tie_word_embeddings: c.bool('tie_word_embeddings'),
    qkv_bias: family === 'qwen2' || llamaBias,
    o_bias: llamaBias,
    mlp_bias: family === 'llama' && c.bool('mlp_bias'),
    attention_dropout: c.number('attention_dropout', 0, 1),
    sliding_window: slidingWindow,
    num_local_experts: moe ? c.int('num_local_experts') : 0,
    num_experts_per_tok: moe ? c.int('num_experts_per_tok') : 0,
    router_jitter_noise: moe ? c.number('router_jitter_noise', 0) : 0,
  };
  if (moe && config.num_experts_per_tok > config.num_local_experts) {
    throw new ArgumentError(where, 'num_experts_per_tok', config.num_experts_per_tok, `at most num_local_experts (${config.num_local_experts})`);
  }
  return config;
}

// ------------------------------------------------------------------ modules

/** RoPE's attention_scaling: 1 for the default and llama3 types. */
const ATTENTION_SCALING = 1.0;

/** `finfo(float32).min`, the additive mask's fill. */
const FLOAT32_MIN = -3.4028234663852886e38;

/** The object behind a module's registering proxy, its fields writable: plain values set there skip the proxy's traps (as nn's layers do). */
const own = <T extends nn.Module>(m: T): { -readonly [K in keyof T]: T[K] } => moduleTarget(m) as unknown as { -readonly [K in keyof T]: T[K] };

/** A module of the family: its class name is the family's (`MistralAttention`). */
abstract class FamilyModule extends nn.Module {
  /** The family's class-name prefix (`Llama`, `Mistral`, `Qwen2`, `Mixtral`). */
  declare readonly prefix: string;
  constructor(prefix: string) {
    super();
    own(this).prefix = prefix;
  }
}

function activation(name: Activation): nn.Module {
  return name === 'relu' ? new nn.ReLU() : name === 'tanh' ? new nn.Tanh() : new nn.SiLU();
}

/** LlamaRMSNorm: `weight * x / sqrt(mean(x^2) + eps)`, computed in float32. */
export class LlamaRMSNorm extends FamilyModule {
  static override readonly typeName: string = 'LlamaRMSNorm';
  override typeName(): string {
    return `${this.prefix}RMSNorm`;
  }
  declare weight: Parameter;
  declare readonly varianceEpsilon: number;
  constructor(hiddenSize: number, eps = 1e-6, prefix = 'Llama') {
    super(prefix);
    this.weight = new Parameter([hiddenSize]);
    own(this).varianceEpsilon = eps;
  }
  override forward(hiddenStates: Tensor): Tensor {
    const inputDtype = hiddenStates.dtype;
    let h = F.to(hiddenStates, 'float32');
    const variance = F.mean(F.pow(h, 2), -1, true);
    h = F.mul(h, F.rsqrt(F.add(variance, this.varianceEpsilon)));
    return F.mul(this.weight, F.to(h, inputDtype));
  }
  override extraRepr(): string {
    return `${pyTuple(this.weight.shape)}, eps=${pyFloat(this.varianceEpsilon)}`;
  }
}

/** LlamaRotaryEmbedding: cos and sin of positions times inv_freq, as a matmul of batch 1. */
export class LlamaRotaryEmbedding extends FamilyModule {
  static override readonly typeName: string = 'LlamaRotaryEmbedding';
  override typeName(): string {
    return `${this.prefix}RotaryEmbedding`;
  }
  declare inv_freq: Tensor;
  constructor(config: LlamaConfig) {
    super(PREFIX[config.family]);
    // torch.arange(0, dim, 2): ceil(head_dim / 2) frequencies; a buffer (not a
    // parameter), not persistent (not in the state dict), as HF registers it.
    this.registerBuffer('inv_freq', new Tensor([Math.ceil(config.head_dim / 2)]), false);
  }
  override forward(x: Tensor, positionIds: Tensor): [Tensor, Tensor] {
    let inv = F.unsqueeze(F.slice(F.unsqueeze(this.inv_freq, 0), 1), 2);
    inv = F.expand(F.to(inv, 'float32'), [positionIds.size(0), -1, 1]);
    const pos = F.to(F.slice(F.unsqueeze(F.slice(positionIds, 0), 1), 2), 'float32');
    const freqs = F.transpose(F.matmul(F.to(inv, 'float32'), F.to(pos, 'float32')), 1, 2);
    const emb = F.cat([freqs, freqs], -1);
    // emb.cos() and emb.sin() first, then each times attention_scaling.
    const [cosE, sinE] = [F.cos(emb), F.sin(emb)];
    const cos = F.mul(cosE, ATTENTION_SCALING);
    const sin = F.mul(sinE, ATTENTION_SCALING);
    return [F.to(cos, x.dtype), F.to(sin, x.dtype)];
  }
}

/** LlamaMLP: down_proj(act(gate_proj(x)) * up_proj(x)). */
export class LlamaMLP extends FamilyModule {
  static override readonly typeName: string = 'LlamaMLP';
  override typeName(): string {
    return `${this.prefix}MLP`;
  }
  declare gate_proj: nn.Linear;
  declare up_proj: nn.Linear;
  declare down_proj: nn.Linear;
  declare act_fn: nn.Module;
  constructor(config: LlamaConfig) {
    super(PREFIX[config.family]);
    const bias = config.mlp_bias;
    this.gate_proj = new nn.Linear(config.hidden_size, config.intermediate_size, { bias });
    this.up_proj = new nn.Linear(config.hidden_size, config.intermediate_size, { bias });
    this.down_proj = new nn.Linear(config.intermediate_size, config.hidden_size, { bias });
    this.act_fn = activation(config.hidden_act);
  }
  override forward(x: Tensor): Tensor {
    return this.down_proj.call(F.mul(this.act_fn.call(this.gate_proj.call(x)) as Tensor, this.up_proj.call(x)));
  }
}

/** rotate_half: the halves of the last dimension swapped, the second negated. */
function rotateHalf(x: Tensor): Tensor {
  const x1 = F.slice(x, -1, 0, x.size(-1).floordiv(2));
  const x2 = F.slice(x, -1, x.size(-1).floordiv(2));
  return F.cat([F.neg(x2), x1], -1);
}

/** repeat_kv: each key/value head repeated n_rep times (nothing when n_rep is 1). */
function repeatKv(x: Tensor, nRep: number): Tensor {
  const [batch, kvHeads, slen, headDim] = x.size() as [TracedInt, TracedInt, TracedInt, TracedInt];
  if (nRep === 1) return x;
  let h = F.slice(F.slice(x, 0), 1);
  h = F.slice(F.slice(F.unsqueeze(h, 2), 3), 4);
  h = F.expand(h, [batch, kvHeads, nRep, slen, headDim]);
  return F.reshape(h, [batch, kvHeads.mul(nRep), slen, headDim]);
}

/** LlamaAttention (eager): q/k/v projections, RoPE, the cache, grouped-query attention with the additive mask, o_proj. */
export class LlamaAttention extends FamilyModule {
  static override readonly typeName: string = 'LlamaAttention';
  override typeName(): string {
    return `${this.prefix}Attention`;
  }
  declare readonly layerIdx: number;
  declare readonly headDim: number;
  declare readonly numKeyValueGroups: number;
  declare readonly scaling: number;
  declare readonly attentionDropout: number;
  declare q_proj: nn.Linear;
  declare k_proj: nn.Linear;
  declare v_proj: nn.Linear;
  declare o_proj: nn.Linear;
  constructor(config: LlamaConfig, layerIdx: number) {
    super(PREFIX[config.family]);
    const self = own(this);
    self.layerIdx = layerIdx;
    self.headDim = config.head_dim;
    self.numKeyValueGroups = config.num_attention_heads / config.num_key_value_heads;
    self.scaling = config.head_dim ** -0.5;
    self.attentionDropout = config.attention_dropout;
    const h = config.hidden_size;
    const d = config.head_dim;
    this.q_proj = new nn.Linear(h, config.num_attention_heads * d, { bias: config.qkv_bias });
    this.k_proj = new nn.Linear(h, config.num_key_value_heads * d, { bias: config.qkv_bias });
    this.v_proj = new nn.Linear(h, config.num_key_value_heads * d, { bias: config.qkv_bias });
    this.o_proj = new nn.Linear(config.num_attention_heads * d, h, { bias: config.o_bias });
  }

  override forward(hiddenStates: Tensor, positionEmbeddings: readonly [Tensor, Tensor], attentionMask: Tensor | null, pastKeyValue: DynamicCache | null = null): Tensor {
    // input_shape = hidden_states.shape[:-1]
    const [b, t] = [hiddenStates.size(0), hiddenStates.size(1)];
    const hiddenShape = [b, t, -1, this.headDim];
    const query = F.transpose(F.view(this.q_proj.call(hiddenStates), hiddenShape), 1, 2);
    let key = F.transpose(F.view(this.k_proj.call(hiddenStates), hiddenShape), 1, 2);
    let value = F.transpose(F.view(this.v_proj.call(hiddenStates), hiddenShape), 1, 2);
    // apply_rotary_pos_emb
    const cos = F.unsqueeze(positionEmbeddings[0], 1);
    const sin = F.unsqueeze(positionEmbeddings[1], 1);
    const q = F.add(F.mul(query, cos), F.mul(rotateHalf(query), sin));
    key = F.add(F.mul(key, cos), F.mul(rotateHalf(key), sin));
    if (pastKeyValue !== null) [key, value] = pastKeyValue.update(key, value, this.layerIdx);
    // eager_attention_forward
    const keys = repeatKv(key, this.numKeyValueGroups);
    const values = repeatKv(value, this.numKeyValueGroups);
    let weights = F.mul(F.matmul(q, F.transpose(keys, 2, 3)), this.scaling);
    if (attentionMask !== null) {
      // attention_mask[:, :, :, : key_states.shape[-2]]: the index (a traced size) first, then the slices.
      const keyLength = keys.size(-2);
      const causal = F.slice(F.slice(F.slice(F.slice(attentionMask, 0), 1), 2), 3, 0, keyLength);
      weights = F.add(weights, causal);
    }
    weights = F.to(F.softmax(weights, -1), q.dtype);
    weights = F.dropout(weights, this.training ? this.attentionDropout : 0, this.training);
    let out = F.contiguous(F.transpose(F.matmul(weights, values), 1, 2));
    out = F.contiguous(F.reshape(out, [b, t, -1]));
    return this.o_proj.call(out);
  }
}

/** Mixtral's expert: w2(act(w1(x)) * w3(x)). */
export class MixtralBlockSparseTop2MLP extends FamilyModule {
  static override readonly typeName: string = 'MixtralBlockSparseTop2MLP';
  override typeName(): string {
    return `${this.prefix}BlockSparseTop2MLP`;
  }
  declare w1: nn.Linear;
  declare w2: nn.Linear;
  declare w3: nn.Linear;
  declare act_fn: nn.Module;
  constructor(config: LlamaConfig) {
    super('Mixtral');
    this.w1 = new nn.Linear(config.hidden_size, config.intermediate_size, { bias: false });
    this.w2 = new nn.Linear(config.intermediate_size, config.hidden_size, { bias: false });
    this.w3 = new nn.Linear(config.hidden_size, config.intermediate_size, { bias: false });
    this.act_fn = activation(config.hidden_act);
  }
  override forward(x: Tensor): Tensor {
    return this.w2.call(F.mul(this.act_fn.call(this.w1.call(x)) as Tensor, this.w3.call(x)));
  }
}

/** The report's note on Mixtral's routing (GenerationPhase.routing). */
const ROUTING = "assumed even: token t's s-th choice goes to expert (t * top_k + s) mod num_experts (the totals do not depend on the routing; docs/llm.md)";

/**
 * Tokens per expert under the even routing flopscope assumes: the N * k
 * assignments (token t's s-th choice is assignment t * k + s) go round-robin
 * over the E experts.
 */
export function tokensPerExpert(tokens: Dim, topK: number, experts: number): Dim[] {
  // Symbolic: expert e gets ceil((n - e) / experts) = floor((n + experts - 1 - e) / experts), the same numbers.
  if (typeof tokens !== 'number') return Array.from({ length: experts }, (_, e) => sizeFloorDiv(sizeAdd(sizeMul(tokens, topK), experts - 1 - e), experts));
  const n = tokens * topK;
  return Array.from({ length: experts }, (_, e) => Math.floor(n / experts) + (e < n % experts ? 1 : 0));
}

/** MixtralSparseMoeBlock: router, top-k routing, the experts, their outputs added back per token. */
export class MixtralSparseMoeBlock extends FamilyModule {
  static override readonly typeName: string = 'MixtralSparseMoeBlock';
  override typeName(): string {
    return `${this.prefix}SparseMoeBlock`;
  }
  declare readonly hiddenDim: number;
  declare readonly ffnDim: number;
  declare readonly numExperts: number;
  declare readonly topK: number;
  declare readonly jitterNoise: number;
  declare gate: nn.Linear;
  declare experts: nn.ModuleList<MixtralBlockSparseTop2MLP>;
  constructor(config: LlamaConfig) {
    super('Mixtral');
    const self = own(this);
    self.hiddenDim = config.hidden_size;
    self.ffnDim = config.intermediate_size;
    self.numExperts = config.num_local_experts;
    self.topK = config.num_experts_per_tok;
    self.jitterNoise = config.router_jitter_noise;
    this.gate = new nn.Linear(config.hidden_size, config.num_local_experts, { bias: false });
    this.experts = new nn.ModuleList(Array.from({ length: config.num_local_experts }, () => new MixtralBlockSparseTop2MLP(config)));
  }

  override forward(hiddenStates: Tensor): [Tensor, Tensor] {
    const [batchSize, sequenceLength, hiddenDim] = hiddenStates.size() as [TracedInt, TracedInt, TracedInt];
    if (this.training && this.jitterNoise > 0) {
      throw new ArgumentError(this.typeName(), 'router_jitter_noise', this.jitterNoise, '0 in training mode (the jitter multiplies by random noise, whose ops are not traced here)');
    }
    const h = F.view(hiddenStates, [-1, hiddenDim]);
    const routerLogits = this.gate.call(h);
    const probs = F.softmax(routerLogits, 1);
    const [topWeights, selectedExperts] = F.topk(probs, this.topK, -1);
    const routingWeights = F.to(F.div_(topWeights, F.sum(topWeights, -1, true)), h.dtype);
    const finalHidden = F.zeros([batchSize.mul(sequenceLength), hiddenDim]);
    const expertMask = F.permute(F.oneHot(selectedExperts, this.numExperts), [2, 1, 0]);
    const counts = tokensPerExpert(h.shape[0]!, this.topK, this.numExperts);
    let e = 0;
    for (const expert of this.experts) {
      const [idx, topX] = F.whereTrue(F.select(expertMask, 0, e), counts[e]!) as [Tensor, Tensor];
      const current = F.reshape(F.indexTensors(F.unsqueeze(h, 0), [null, topX]), [-1, hiddenDim]);
      const out = F.mul(expert.call(current), F.indexTensors(F.unsqueeze(routingWeights, 2), [topX, idx]));
      F.indexAdd_(finalHidden, 0, topX, F.to(out, h.dtype));
      e++;
    }
    return [F.reshape(finalHidden, [batchSize, sequenceLength, hiddenDim]), routerLogits];
  }
}

/** LlamaDecoderLayer (MixtralDecoderLayer: block_sparse_moe in place of mlp): pre-norm attention and MLP, each with a residual. */
export class LlamaDecoderLayer extends FamilyModule {
  static override readonly typeName: string = 'LlamaDecoderLayer';
  override typeName(): string {
    return `${this.prefix}DecoderLayer`;
  }
  declare readonly hiddenSize: number;
  declare self_attn: LlamaAttention;
  declare mlp: LlamaMLP;
  declare block_sparse_moe: MixtralSparseMoeBlock;
  declare input_layernorm: LlamaRMSNorm;
  declare post_attention_layernorm: LlamaRMSNorm;
  constructor(config: LlamaConfig, layerIdx: number) {
    const prefix = PREFIX[config.family];
    super(prefix);
    own(this).hiddenSize = config.hidden_size;
    this.self_attn = new LlamaAttention(config, layerIdx);
    if (config.family === 'mixtral') this.block_sparse_moe = new MixtralSparseMoeBlock(config);
    else this.mlp = new LlamaMLP(config);
    this.input_layernorm = new LlamaRMSNorm(config.hidden_size, config.rms_norm_eps, prefix);
    this.post_attention_layernorm = new LlamaRMSNorm(config.hidden_size, config.rms_norm_eps, prefix);
  }

  override forward(hiddenStates: Tensor, attentionMask: Tensor | null, pastKeyValue: DynamicCache | null, positionEmbeddings: readonly [Tensor, Tensor]): Tensor {
    let residual = hiddenStates;
    let h = this.input_layernorm.call(hiddenStates);
    h = this.self_attn.call(h, positionEmbeddings, attentionMask, pastKeyValue);
    h = F.add(residual, h);
    residual = h;
    h = this.post_attention_layernorm.call(h);
    h = this.mlp !== undefined ? this.mlp.call(h) : this.block_sparse_moe.call(h)[0];
    return F.add(residual, h);
  }
}

/** LlamaModel: embeddings, the causal mask and RoPE made once, the decoder layers, the final norm. */
export class LlamaModel extends FamilyModule {
  static override readonly typeName: string = 'LlamaModel';
  override typeName(): string {
    return `${this.prefix}Model`;
  }
  declare readonly config: LlamaConfig;
  declare readonly paddingIdx: number | null;
  declare readonly vocabSize: number;
  declare embed_tokens: nn.Embedding;
  declare layers: nn.ModuleList<LlamaDecoderLayer>;
  declare norm: LlamaRMSNorm;
  declare rotary_emb: LlamaRotaryEmbedding;
  constructor(config: LlamaConfig) {
    const prefix = PREFIX[config.family];
    super(prefix);
    const self = own(this);
    self.config = config;
    self.paddingIdx = config.pad_token_id;
    self.vocabSize = config.vocab_size;
    this.embed_tokens = new nn.Embedding(config.vocab_size, config.hidden_size, { paddingIdx: config.pad_token_id });
    this.layers = new nn.ModuleList(Array.from({ length: config.num_hidden_layers }, (_, i) => new LlamaDecoderLayer(config, i)));
    this.norm = new LlamaRMSNorm(config.hidden_size, config.rms_norm_eps, prefix);
    this.rotary_emb = new LlamaRotaryEmbedding(config);
  }

  /** The layout of this model's KV cache. */
  kvCacheLayout(): KVCacheLayout {
    return { layers: this.config.num_hidden_layers, heads: this.config.num_key_value_heads, headDim: this.config.head_dim };
  }

  /**
   * `(input_ids, past_key_values=None)`: the last hidden states and the new
   * cache (HF's use_cache=True, return_dict=False, legacy cache format).
   */
  override forward(inputIds: Tensor, pastKeyValues: KVCache | null = null): [Tensor, KVCache] {
    if (!(inputIds instanceof Tensor)) throw new ArgumentError(this.typeName(), 'input_ids', inputIds, 'a Tensor of token ids [batch, seq]');
    if (inputIds.rank !== 2) throw new ArgumentError(this.typeName(), 'input_ids', `a ${inputIds.rank}-D tensor`, 'a 2-D tensor of token ids [batch, seq]');
    const inputsEmbeds = this.embed_tokens.call(inputIds);
    let cache: DynamicCache;
    if (pastKeyValues !== null && pastKeyValues !== undefined) {
      checkKVCache(this.typeName(), pastKeyValues, this.kvCacheLayout(), inputIds.shape[0]!);
      cache = DynamicCache.fromLegacyCache(pastKeyValues);
    } else {
      cache = new DynamicCache();
    }
    const pastSeen = cache.getSeqLength();
    const seq = inputsEmbeds.size(1);
    const cachePosition = F.arange(pastSeen, typeof pastSeen === 'number' ? seq.add(pastSeen) : pastSeen.add(seq));
    const positionIds = F.unsqueeze(cachePosition, 0);
    const causalMask = this.updateCausalMask(inputsEmbeds, cachePosition, cache);
    let hidden = inputsEmbeds;
    const positionEmbeddings = this.rotary_emb.call(hidden, positionIds);
    for (const layer of this.layers) hidden = layer.call(hidden, causalMask, cache, positionEmbeddings);
    hidden = this.norm.call(hidden);
    return [hidden, cache.toLegacyCache()];
  }

  /** _update_causal_mask for eager attention: always an explicit 4-D additive mask [batch, 1, T, past + T + 1]. */
  private updateCausalMask(inputTensor: Tensor, cachePosition: Tensor, cache: DynamicCache): Tensor {
    const pastSeen = cache.getSeqLength();
    const sequenceLength = inputTensor.size(1);
    const sum = typeof pastSeen === 'number' ? sequenceLength.add(pastSeen) : pastSeen.add(sequenceLength);
    const targetLength = sum.add(1);
    const batchSize = inputTensor.size(0);
    // _prepare_4d_causal_attention_mask_with_cache_position
    let mask = F.full([sequenceLength, targetLength], FLOAT32_MIN, inputTensor.dtype);
    if (this.config.family === 'llama') {
      if (sequenceLength.value !== 1) mask = F.triu(mask, 1);
      F.mul_(mask, F.gt(F.arange(targetLength), F.reshape(cachePosition, [-1, 1])));
    } else {
      const diagonal = F.gt(F.arange(targetLength), F.reshape(cachePosition, [-1, 1]));
      const window = this.config.sliding_window;
      if (window !== null) F.bitwiseOr_(diagonal, F.le(F.arange(targetLength), F.sub(F.reshape(cachePosition, [-1, 1]), window)));
      F.mul_(mask, diagonal);
    }
    mask = F.slice(F.slice(F.unsqueeze(F.unsqueeze(mask, 0), 1), 2), 3);
    return F.expand(mask, [batchSize, 1, -1, -1]);
  }
}

/**
 * LlamaForCausalLM (and Mistral/Qwen2/Mixtral's): `forward(input_ids,
 * past_key_values = null)` gives `[logits, new cache]`, logits for every
 * position. A tied config shares `lm_head.weight` with the embeddings
 * (counted once, under `model.embed_tokens.weight`).
 */
export class LlamaForCausalLM extends FamilyModule implements KVCacheModel {
  static override readonly typeName: string = 'LlamaForCausalLM';
  override typeName(): string {
    return `${this.prefix}ForCausalLM`;
  }
  declare readonly config: LlamaConfig;
  declare readonly vocabSize: number;
  declare model: LlamaModel;
  declare lm_head: nn.Linear;
  constructor(config: LlamaConfig) {
    super(PREFIX[config.family]);
    const self = own(this);
    self.config = config;
    this.model = new LlamaModel(config);
    self.vocabSize = config.vocab_size;
    this.lm_head = new nn.Linear(config.hidden_size, config.vocab_size, { bias: false });
    if (config.tie_word_embeddings) this.lm_head.weight = this.model.embed_tokens.weight;
  }

  kvCacheLayout(): KVCacheLayout {
    return this.model.kvCacheLayout();
  }

  makeKVCache(batch: number, past: number): KVCache {
    return makeKVCache(this.kvCacheLayout(), batch, past);
  }

  generationPhase(inputs: readonly unknown[]): GenerationPhase | null {
    const phase = generationPhaseOf(inputs);
    return phase !== null && this.config.family === 'mixtral' ? { ...phase, routing: ROUTING } : phase;
  }

  override forward(inputIds: Tensor, pastKeyValues: KVCache | null = null): [Tensor, KVCache] {
    const [hidden, cache] = this.model.call(inputIds, pastKeyValues);
    // logits_to_keep = 0: hidden_states[:, slice(0, None), :]
    const logits = this.lm_head.call(F.slice(F.slice(F.slice(hidden, 0), 1, 0), 2));
    return [logits, cache];
  }
}

// ------------------------------------------------------------------ builders

/** A model of the family from config.json values (`model_type` names the family). */
export function llamaFromConfig(family: LlamaFamily, values: ConfigValues, where?: string): LlamaForCausalLM {
  return new LlamaForCausalLM(llamaConfig(family, values, where));
}

// The real checkpoints' config.json values (the fields the models read; the
// reference's configs.json), as published on the Hugging Face Hub.
const LLAMA2_7B: ConfigValues = {
  vocab_size: 32000, hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32,
  num_key_value_heads: 32, hidden_act: 'silu', max_position_embeddings: 4096, rms_norm_eps: 1e-5, rope_theta: 10000.0,
  rope_scaling: null, attention_bias: false, mlp_bias: false, tie_word_embeddings: false,
};
// meta-llama/Llama-2-70b-hf: Llama 2's 7B fields at 70B's width, with
// grouped-query attention (8 key/value heads).
const LLAMA2_70B: ConfigValues = { ...LLAMA2_7B, hidden_size: 8192, intermediate_size: 28672, num_hidden_layers: 80, num_attention_heads: 64, num_key_value_heads: 8 };
const LLAMA3_8B: ConfigValues = {
  vocab_size: 128256, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32,
  num_key_value_heads: 8, hidden_act: 'silu', max_position_embeddings: 8192, rms_norm_eps: 1e-5, rope_theta: 500000.0,
  rope_scaling: null, attention_bias: false, mlp_bias: false, tie_word_embeddings: false,
};
const LLAMA3_70B: ConfigValues = { ...LLAMA3_8B, hidden_size: 8192, intermediate_size: 28672, num_hidden_layers: 80, num_attention_heads: 64 };
const LLAMA3_1_405B: ConfigValues = {
  ...LLAMA3_8B, hidden_size: 16384, intermediate_size: 53248, num_hidden_layers: 126, num_attention_heads: 128,
  max_position_embeddings: 131072,
  rope_scaling: { factor: 8.0, low_freq_factor: 1.0, high_freq_factor: 4.0, original_max_position_embeddings: 8192, rope_type: 'llama3' },
};
const MISTRAL_7B: ConfigValues = {
  vocab_size: 32000, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32,
  num_key_value_heads: 8, hidden_act: 'silu', max_position_embeddings: 32768, rms_norm_eps: 1e-5, rope_theta: 10000.0,
  sliding_window: 4096, tie_word_embeddings: false,
};
const QWEN2_7B: ConfigValues = {
  vocab_size: 152064, hidden_size: 3584, intermediate_size: 18944, num_hidden_layers: 28, num_attention_heads: 28,
  num_key_value_heads: 4, hidden_act: 'silu', max_position_embeddings: 131072, rms_norm_eps: 1e-6, rope_theta: 1000000.0,
  use_sliding_window: false, sliding_window: 131072, max_window_layers: 28, tie_word_embeddings: false,
};
const MIXTRAL_8X7B: ConfigValues = {
  vocab_size: 32000, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32,
  num_key_value_heads: 8, hidden_act: 'silu', max_position_embeddings: 32768, rms_norm_eps: 1e-5, rope_theta: 1000000.0,
  sliding_window: null, num_local_experts: 8, num_experts_per_tok: 2, router_aux_loss_coef: 0.02, tie_word_embeddings: false,
};

/** The config.json values of each named checkpoint, by builder name. */
export const LLAMA_CONFIGS: Readonly<Record<string, { readonly family: LlamaFamily; readonly values: ConfigValues }>> = {
  llama2_7b: { family: 'llama', values: LLAMA2_7B },
  llama2_70b: { family: 'llama', values: LLAMA2_70B },
  llama3_8b: { family: 'llama', values: LLAMA3_8B },
  llama3_70b: { family: 'llama', values: LLAMA3_70B },
  llama3_1_405b: { family: 'llama', values: LLAMA3_1_405B },
  mistral_7b: { family: 'mistral', values: MISTRAL_7B },
  qwen2_7b: { family: 'qwen2', values: QWEN2_7B },
  mixtral_8x7b: { family: 'mixtral', values: MIXTRAL_8X7B },
};

const named = (name: keyof typeof LLAMA_CONFIGS): LlamaForCausalLM => llamaFromConfig(LLAMA_CONFIGS[name]!.family, LLAMA_CONFIGS[name]!.values, name);

/** meta-llama/Llama-2-7b-hf: 6,738,415,616 parameters. */
export const llama2_7b = (): LlamaForCausalLM => named('llama2_7b');
/** meta-llama/Llama-2-70b-hf: 68,976,648,192 parameters. */
export const llama2_70b = (): LlamaForCausalLM => named('llama2_70b');
/** meta-llama/Meta-Llama-3-8B: 8,030,261,248 parameters. */
export const llama3_8b = (): LlamaForCausalLM => named('llama3_8b');
/** meta-llama/Meta-Llama-3-70B: 70,553,706,496 parameters. */
export const llama3_70b = (): LlamaForCausalLM => named('llama3_70b');
/** meta-llama/Llama-3.1-405B: 405,853,388,800 parameters. */
export const llama3_1_405b = (): LlamaForCausalLM => named('llama3_1_405b');
/** mistralai/Mistral-7B-v0.1: 7,241,732,096 parameters. */
export const mistral_7b = (): LlamaForCausalLM => named('mistral_7b');
/** Qwen/Qwen2-7B: 7,615,616,512 parameters. */
export const qwen2_7b = (): LlamaForCausalLM => named('qwen2_7b');
/** mistralai/Mixtral-8x7B-v0.1: 46,702,792,704 parameters. */
export const mixtral_8x7b = (): LlamaForCausalLM => named('mixtral_8x7b');

/** Token ids [1, 128] (int64). */
const TOKENS = { inputShape: [128], inputDtype: 'int64' } as const;

/** The family's zoo entries: the named checkpoints, each at int64 token ids [1, 128]. */
export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  llama2_7b: { build: llama2_7b, ...TOKENS },
  llama2_70b: { build: llama2_70b, ...TOKENS },
  llama3_8b: { build: llama3_8b, ...TOKENS },
  llama3_70b: { build: llama3_70b, ...TOKENS },
  llama3_1_405b: { build: llama3_1_405b, ...TOKENS },
  mistral_7b: { build: mistral_7b, ...TOKENS },
  qwen2_7b: { build: qwen2_7b, ...TOKENS },
  mixtral_8x7b: { build: mixtral_8x7b, ...TOKENS },
};
