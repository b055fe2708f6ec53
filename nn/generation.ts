// What a language model says of one analysis of it: which step of text
// generation it is. The model computes it (models/llm/cache.ts) and the
// analysis reports it (analysis/report_model.ts), so the type lives below both.

/**
 * Which step of text generation a language model's analysis is: the prompt
 * (`prefill`, no KV cache) or tokens after a cache (`decode`). The model says
 * (models/llm/cache.ts, KVCacheModel.generationPhase).
 */
export interface GenerationPhase {
  readonly phase: 'prefill' | 'decode';
  readonly batch: number;
  /** Tokens given as input ids (per sequence). */
  readonly newTokens: number;
  /** Tokens already in the KV cache (0 for prefill). */
  readonly pastTokens: number;
  /** A mixture of experts: how shape-only tracing routed the tokens (the reference's routing depends on the data). */
  readonly routing?: string;
}
