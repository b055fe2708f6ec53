// fromHFConfig: a model from a Hugging Face config.json, the architecture its
// `model_type` names, every size from its fields (HF's defaults for the
// fields it leaves out, as transformers' configuration classes have them).
// `flopscope path/to/config.json --inputs 1,2048:int64` is this plus analyze.

import { ArgumentError, UnknownNameError } from '../../core/errors.js';
import type { Module } from '../../nn/module.js';
import { shownValue } from '../../nn/module.js';
import type { ConfigValues } from './config_fields.js';
import { bertFromConfig } from './bert.js';
import { gpt2FromConfig } from './gpt2.js';
import { LLAMA_FAMILIES, llamaFromConfig, type LlamaFamily } from './llama.js';

/** A builder of a model from config.json's values. */
export type ConfigBuilder = (values: ConfigValues) => Module;

const llamaFamily = (family: LlamaFamily): ConfigBuilder => (values) => {
  checkArchitectures(family, values);
  return llamaFromConfig(family, values, `fromHFConfig (${family})`);
};

/**
 * The builders by `model_type`: GPT-2 and BERT (their class from
 * `architectures[0]`: GPT2LMHeadModel or GPT2Model, BertModel or
 * BertForMaskedLM) and the Llama family (the causal LM).
 */
const BUILDERS: Readonly<Record<string, ConfigBuilder>> = {
  gpt2: (values) => gpt2FromConfig(values),
  bert: (values) => bertFromConfig(values),
  ...Object.fromEntries(LLAMA_FAMILIES.map((f) => [f, llamaFamily(f)])),
};

/** The `model_type`s whose models take a KV cache (`--past`): GPT-2 and the Llama family. */
export function cacheModelTypes(): readonly string[] {
  return ['gpt2', ...LLAMA_FAMILIES];
}

/** The `model_type`s fromHFConfig builds. */
export function knownModelTypes(): readonly string[] {
  return Object.keys(BUILDERS);
}

const CAUSAL_LM: Readonly<Record<LlamaFamily, string>> = {
  llama: 'LlamaForCausalLM',
  mistral: 'MistralForCausalLM',
  qwen2: 'Qwen2ForCausalLM',
  mixtral: 'MixtralForCausalLM',
};

/** `architectures`, when given, must name the causal LM class (the one built). */
function checkArchitectures(family: LlamaFamily, values: ConfigValues): void {
  const arch = values.architectures;
  if (arch === undefined || arch === null) return;
  const want = CAUSAL_LM[family];
  if (!Array.isArray(arch) || !arch.every((a) => typeof a === 'string') || !arch.includes(want)) {
    throw new ArgumentError(`fromHFConfig (${family})`, 'architectures', shownValue(arch), `absent or a list naming '${want}' (the class built for model_type '${family}')`);
  }
}

/**
 * The model a Hugging Face config.json describes: `config` is its parsed
 * object or its JSON text. `model_type` picks the architecture (llama,
 * mistral, qwen2, mixtral: their ForCausalLM); an unknown one is an
 * UnknownNameError listing the known ones, a missing or mistyped field an
 * ArgumentError naming it.
 */
export function fromHFConfig(config: unknown): Module {
  let values: unknown = config;
  if (typeof config === 'string') {
    try {
      values = JSON.parse(config) as unknown;
    } catch (e) {
      throw new ArgumentError('fromHFConfig', 'config', shownValue(config), `JSON text (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new ArgumentError('fromHFConfig', 'config', shownValue(values), "a config.json object (its fields, with 'model_type')");
  }
  const fields = values as ConfigValues;
  const type = fields.model_type;
  if (type === undefined || type === null) throw new ArgumentError('fromHFConfig', 'model_type', type, `given (one of ${knownModelTypes().join(', ')})`);
  if (typeof type !== 'string') throw new ArgumentError('fromHFConfig', 'model_type', shownValue(type), `a string (one of ${knownModelTypes().join(', ')})`);
  const build = Object.hasOwn(BUILDERS, type) ? BUILDERS[type] : undefined;
  if (build === undefined) throw new UnknownNameError('model_type', type, knownModelTypes());
  return build(fields);
}
