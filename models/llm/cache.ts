// The KV cache of a decoder language model, as Hugging Face's legacy format
// passes it: a list over layers of [key, value], each
// [batch, kv_heads, past_len, head_dim]. A model that can take one as its
// second input (`model.call(ids, cache)`, `analyze(model, { inputs: [ids, cache] })`)
// implements KVCacheModel: it makes an empty-data cache of `past` tokens for
// the CLI's `--past`, and says whether an input is a prefill or a decode step.
//
// DynamicCache is HF's cache_utils.DynamicCache reduced to what the eager
// forward uses (llm_models.py's): an empty layer stores what it is given (no
// op), a filled one concatenates `torch.cat([past, new], dim=-2)`, and the
// cached length is read as a traced size (`key.shape[-2]`), as the JIT sees it.

import { ArgumentError, ShapeError } from '../../core/errors.js';
import { Tensor, type TracedInt } from '../../core/tensor.js';
import { F } from '../../nn/index.js';
import type { GenerationPhase } from '../../nn/generation.js';
import type { Dim } from '../../core/shape.js';

/** One layer's cached [key, value]. */
export type KVPair = readonly [Tensor, Tensor];
/** HF's legacy cache: one [key, value] per layer. */
export type KVCache = readonly KVPair[];

export type { GenerationPhase };

/** The layout of a model's KV cache. */
export interface KVCacheLayout {
  readonly layers: number;
  /** Heads of the cached keys and values (num_key_value_heads; GPT-2: n_head). */
  readonly heads: number;
  readonly headDim: number;
}

/** A model whose forward takes a KV cache as its second input. */
export interface KVCacheModel {
  /** The layout its cache must have. */
  kvCacheLayout(): KVCacheLayout;
  /** A cache of `past` tokens for a batch (shapes only, float32). */
  makeKVCache(batch: number, past: number): KVCache;
  /** Prefill or decode, for inputs the forward takes (`[ids]` or `[ids, cache]`); null for anything else. */
  generationPhase(inputs: readonly unknown[]): GenerationPhase | null;
}

/**
 * Prefill or decode for a decoder's inputs `[ids]` or `[ids, cache]`: the
 * cached length is the first key's dimension 2. Null unless `ids` is 2-D.
 */
export function generationPhaseOf(inputs: readonly unknown[]): GenerationPhase | null {
  const ids = inputs[0];
  if (!(ids instanceof Tensor) || ids.rank !== 2) return null;
  const cache = inputs[1];
  const key = Array.isArray(cache) && Array.isArray(cache[0]) ? (cache[0] as unknown[])[0] : undefined;
  const past = key instanceof Tensor && key.rank === 4 ? key.shape[2]! : 0;
  const [batch, newTokens] = ids.shape;
  // A symbolic analysis says the phase of each point it is evaluated at, not of the formula.
  if (typeof past !== 'number' || typeof batch !== 'number' || typeof newTokens !== 'number') return null;
  return { phase: past > 0 ? 'decode' : 'prefill', batch, newTokens, pastTokens: past };
}

/** Whether `model` takes a KV cache (implements KVCacheModel). */
export function takesKVCache(model: unknown): model is KVCacheModel {
  const m = model as Partial<KVCacheModel> | null;
  return typeof m === 'object' && m !== null && typeof m.makeKVCache === 'function' && typeof m.kvCacheLayout === 'function' && typeof m.generationPhase === 'function';
}

/** An empty-data cache of `layout` for `batch` sequences of `past` tokens. */
export function makeKVCache(layout: KVCacheLayout, batch: number, past: number): KVCache {
  for (const [name, v] of [['batch', batch], ['past', past]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) throw new ArgumentError('makeKVCache', name, v, 'a positive integer');
  }
  const shape = [batch, layout.heads, past, layout.headDim];
  return Array.from({ length: layout.layers }, () => [new Tensor(shape), new Tensor(shape)] as const);
}

/**
 * Checks a cache given to `where` (the model's class) against its layout and
 * the input ids' batch: a list of `layout.layers` [key, value] pairs of 4-D
 * tensors [batch, heads, past, head_dim], every one of the same shape. A
 * wrong count or nesting is an ArgumentError, a wrong size a ShapeError
 * naming the layer and what the config says. Returns the cached length.
 */
export function checkKVCache(where: string, cache: unknown, layout: KVCacheLayout, batch: Dim): Dim {
  const expected = `a list of ${layout.layers} [key, value] pairs (one per layer) of tensors [batch, ${layout.heads}, past, ${layout.headDim}]`;
  if (!Array.isArray(cache) || cache.length !== layout.layers) {
    throw new ArgumentError(where, 'past_key_values', Array.isArray(cache) ? `a list of ${cache.length}` : cache, expected);
  }
  let past: Dim = -1;
  cache.forEach((pair: unknown, i) => {
    if (!Array.isArray(pair) || pair.length !== 2 || !(pair[0] instanceof Tensor) || !(pair[1] instanceof Tensor)) {
      throw new ArgumentError(where, `past_key_values[${i}]`, Array.isArray(pair) ? `a list of ${pair.length}` : pair, 'a [key, value] pair of tensors');
    }
    (['key', 'value'] as const).forEach((name, j) => {
      const t = pair[j] as Tensor;
      const shapes = { [name]: t.shape };
      const what = `layer ${i}'s cached ${name}`;
      if (t.rank !== 4) throw new ShapeError(where, `${what} must be 4-D [batch, heads, past, head_dim], got ${t.rank}-D`, shapes);
      const [b, h, p, d] = t.shape as [Dim, Dim, Dim, Dim];
      if (h !== layout.heads) throw new ShapeError(where, `${what} has ${h} heads; the config has ${layout.heads} key-value heads`, shapes);
      if (d !== layout.headDim) throw new ShapeError(where, `${what} has head size ${d}; the config's head_dim is ${layout.headDim}`, shapes);
      if (b !== batch) throw new ShapeError(where, `${what} has batch ${b}; the input ids have batch ${batch}`, shapes);
      if (past === -1) past = p;
      else if (p !== past) throw new ShapeError(where, `${what} holds ${p} tokens; layer 0's holds ${past}`, shapes);
    });
  });
  return past;
}

/** HF's DynamicCache, as the eager forward uses it. */
export class DynamicCache {
  static readonly typeName = 'DynamicCache';
  private readonly keys: (Tensor | null)[] = [];
  private readonly values: (Tensor | null)[] = [];

  /** DynamicCache.from_legacy_cache: each layer stored as it is (no op). */
  static fromLegacyCache(cache: KVCache): DynamicCache {
    const c = new DynamicCache();
    cache.forEach(([k, v], i) => c.update(k, v, i));
    return c;
  }

  /** Stores the layer's new key and value (an empty layer), or appends them along the sequence: `torch.cat([past, new], dim=-2)`. */
  update(key: Tensor, value: Tensor, layerIdx: number): [Tensor, Tensor] {
    while (this.keys.length < layerIdx) {
      this.keys.push(null);
      this.values.push(null);
    }
    const k = this.keys[layerIdx] ?? null;
    const v = this.values[layerIdx] ?? null;
    if (k === null || v === null) {
      this.keys[layerIdx] = key;
      this.values[layerIdx] = value;
    } else {
      this.keys[layerIdx] = F.cat([k, key], -2);
      this.values[layerIdx] = F.cat([v, value], -2);
    }
    return [this.keys[layerIdx]!, this.values[layerIdx]!];
  }

  /** The cached length: a Python 0 for an empty layer, else the traced `key.shape[-2]`. */
  getSeqLength(layerIdx = 0): number | TracedInt {
    const k = this.keys[layerIdx] ?? null;
    return k === null ? 0 : k.size(-2);
  }

  /** DynamicCache.to_legacy_cache: [key, value] per layer. */
  toLegacyCache(): KVCache {
    return this.keys.map((k, i) => [k!, this.values[i]!] as const);
  }
}
