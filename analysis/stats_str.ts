// complexity_stats_str(flop_analyzer, activation_analyzer): the reference's
// signature, kept as a thin wrapper: it builds the Report of the analyzers and
// renders it with views/arch.ts.

import { archView } from '../views/arch.js';
import type { ActivationAnalyzer, FlopAnalyzer } from './analyzers.js';
import { reportOf } from './report_build.js';

export { UNCALLED_NOTE } from '../views/arch.js';

/**
 * mmengine's `complexity_stats_str`: the model's repr with a statistics line
 * (parameters, FLOPs and, given `activations`, activations) added to every
 * module that has any.
 * @param params Precomputed `parameterCount(model)`, to avoid counting twice.
 */
export function complexityStatsStr(
  flops: FlopAnalyzer,
  activations: ActivationAnalyzer | null = null,
  params?: ReadonlyMap<string, bigint>,
): string {
  return archView(reportOf(flops, activations, params === undefined ? {} : { params }));
}
