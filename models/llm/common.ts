// What Hugging Face's language models share: the activations of
// `activations.py` (ACT2FN by name) and the reading of a parsed `config.json`,
// whose fields keep Hugging Face's snake_case names. A missing or wrong-typed
// field is an ArgumentError naming the field.

import { ArgumentError, Shown } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import * as nn from '../../nn/index.js';
import { F } from '../../nn/index.js';

// ------------------------------------------------------------ activations.py

/** activations.NewGELUActivation (GPT-2's "gelu_new"): the tanh approximation, traced op by op. */
export class NewGELUActivation extends nn.Module {
  static override readonly typeName: string = 'NewGELUActivation';
  override forward(input: Tensor): Tensor {
    // 0.5 * input * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (input + 0.044715 * torch.pow(input, 3.0))))
    const half = F.mul(input, 0.5);
    const inner = F.add(input, F.mul(F.pow(input, 3.0), 0.044715));
    const t = F.tanh(F.mul(inner, Math.sqrt(2.0 / Math.PI)));
    return F.mul(half, F.add(t, 1.0));
  }
}

/** activations.GELUActivation (BERT's "gelu"): `nn.functional.gelu`, or with `useGeluPython` its erf form. */
export class GELUActivation extends nn.Module {
  static override readonly typeName: string = 'GELUActivation';
  declare readonly useGeluPython: boolean;

  constructor(useGeluPython = false) {
    super();
    this.useGeluPython = useGeluPython;
  }

  override forward(input: Tensor): Tensor {
    if (!this.useGeluPython) return F.gelu(input);
    // input * 0.5 * (1.0 + torch.erf(input / math.sqrt(2.0)))
    return F.mul(F.mul(input, 0.5), F.add(F.erf(F.div(input, Math.sqrt(2.0))), 1.0));
  }
}

/** The names of ACT2FN these models take, and the module each makes. */
const ACT2FN: Readonly<Record<string, () => nn.Module>> = {
  gelu: () => new GELUActivation(),
  gelu_new: () => new NewGELUActivation(),
  gelu_python: () => new GELUActivation(true),
  relu: () => new nn.ReLU(),
  silu: () => new nn.SiLU(),
  swish: () => new nn.SiLU(),
  tanh: () => new nn.Tanh(),
};

/** Names ACT2FN takes here. */
export const ACTIVATIONS: readonly string[] = Object.keys(ACT2FN);

/** `ACT2FN[name]`: a new activation module. */
export function act2fn(name: string): nn.Module {
  return ACT2FN[name]!();
}

// -------------------------------------------------------------- config.json

/** A parsed config.json: a plain object. */
export type RawConfig = Readonly<Record<string, unknown>>;

/** `config` as a plain object, else an ArgumentError naming `where` (GPT2Config, BertConfig). */
export function rawConfig(where: string, config: unknown): RawConfig {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ArgumentError(where, 'config', Array.isArray(config) ? new Shown('an array') : typeof config === 'string' ? new Shown('a string') : config, 'a parsed config.json object');
  }
  return config as RawConfig;
}

const MISSING = new Shown('nothing (the field is missing)');

/** One field's value: its own, or under an alias Hugging Face maps to it (GPT-2's `hidden_size` for `n_embd`). */
function valueOf(raw: RawConfig, name: string, alias?: string): unknown {
  if (Object.hasOwn(raw, name) && raw[name] !== undefined) return raw[name];
  if (alias !== undefined && Object.hasOwn(raw, alias)) return raw[alias];
  return undefined;
}

function shown(v: unknown): unknown {
  return v === undefined ? MISSING : typeof v === 'object' && v !== null && !Array.isArray(v) ? new Shown('an object') : v;
}

/** An integer field of at least `min`; required unless a default is given. */
export function intField(where: string, raw: RawConfig, name: string, o: { min?: number; fallback?: number; alias?: string } = {}): number {
  const min = o.min ?? 1;
  const v = valueOf(raw, name, o.alias);
  if (v === undefined && o.fallback !== undefined) return o.fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw new ArgumentError(where, name, shown(v), min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer of at least ${min}`);
  }
  return v;
}

/** An integer field that may be null (`n_inner`, `pad_token_id`); `fallback` when absent. */
export function nullableIntField(where: string, raw: RawConfig, name: string, fallback: number | null, min = 0): number | null {
  const v = valueOf(raw, name);
  if (v === undefined) return fallback;
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new ArgumentError(where, name, shown(v), `null or an integer of at least ${min}`);
  return v;
}

/** A number field (eps, dropout probabilities); `fallback` when absent. */
export function numberField(where: string, raw: RawConfig, name: string, fallback: number, o: { min?: number; max?: number } = {}): number {
  const v = valueOf(raw, name);
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < (o.min ?? -Infinity) || v > (o.max ?? Infinity)) {
    const range = o.max !== undefined ? ` in [${o.min ?? '-inf'}, ${o.max}]` : o.min !== undefined ? ` of at least ${o.min}` : '';
    throw new ArgumentError(where, name, shown(v), `a finite number${range}`);
  }
  return v;
}

/** A boolean field; `fallback` when absent. */
export function boolField(where: string, raw: RawConfig, name: string, fallback: boolean): boolean {
  const v = valueOf(raw, name);
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new ArgumentError(where, name, shown(v), 'true or false');
  return v;
}

/** A string field of one of `allowed`; `fallback` when absent. */
export function choiceField(where: string, raw: RawConfig, name: string, fallback: string, allowed: readonly string[]): string {
  const v = valueOf(raw, name);
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !allowed.includes(v)) throw new ArgumentError(where, name, shown(v), `one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  return v;
}

/** A boolean field that this port runs only at `supported` (a feature it does not reproduce op by op). */
export function unsupportedFlag(where: string, raw: RawConfig, name: string, supported: boolean, why: string): void {
  const v = boolField(where, raw, name, supported);
  if (v !== supported) throw new ArgumentError(where, name, v, `${supported} (${why})`);
}

/**
 * The model class a config asks for: `architecture` if given, else the first
 * of the config's `architectures`, else `fallback`; one of `classes`. Also
 * checks `model_type` when the config has one.
 */
export function architectureOf<C extends string>(where: string, raw: RawConfig, modelType: string, classes: readonly C[], fallback: C, architecture?: string): C {
  const type = valueOf(raw, 'model_type');
  if (type !== undefined && type !== modelType) throw new ArgumentError(where, 'model_type', shown(type), `'${modelType}'`);
  let name: unknown = architecture;
  let field = 'architecture';
  if (name === undefined) {
    const list = valueOf(raw, 'architectures');
    if (list === undefined || list === null) return fallback;
    field = 'architectures';
    if (!Array.isArray(list) || list.length === 0) throw new ArgumentError(where, field, shown(list), `a list whose first entry is one of ${classes.join(', ')}`);
    name = list[0];
  }
  if (typeof name !== 'string' || !(classes as readonly string[]).includes(name)) {
    throw new ArgumentError(where, field, field === 'architectures' ? [shown(name)] : shown(name), `${field === 'architectures' ? 'a list whose first entry is ' : ''}one of ${classes.join(', ')}`);
  }
  return name as C;
}
