// fvcore's FlopCountAnalysis (= mmengine's get_model_complexity_info), the
// library's own counting (analysis/handles.ts, analysis/registry.ts): listed
// here so that it is one convention among the others. Its counts come from
// analyze()'s usual path, never from `count`.

import type { Convention } from './convention.js';
import { DEFAULT_CONVENTION } from './registry.js';

/** fvcore / mmengine: one multiply-add counts 1 (fvcore calls them "flops"). The registry's default, described. */
export const fvcore: Convention = {
  ...DEFAULT_CONVENTION,
  tool: 'fvcore 0.1.6 FlopCountAnalysis = mmengine get_model_complexity_info',
  source: 'fvcore/nn/flop_count.py _DEFAULT_SUPPORTED_OPS; fvcore/nn/jit_handles.py; fvcore/nn/jit_analysis.py _IGNORED_OPS',
  leavesOut: 'biases, activations, max/avg pools (but adaptive avg), softmax, elementwise add/mul, recurrent layers (aten::lstm), embeddings',
};
