// complexity_stats_str(flop_analyzer, activation_analyzer): the reference's
// signature, kept as a thin wrapper: it builds the Report of the analyzers and
// renders it with views/arch.ts.

import { archView } from '../views/arch.js';
import type { ActivationAnalyzer, FlopAnalyzer } from './analyzers.js';
import { reportOf } from './report_build.js';

export { UNCALLED_NOTE } from '../views/arch.js';

export function complexityStatsStr(
  flops: FlopAnalyzer,
  activations: ActivationAnalyzer | null = null,
  params?: ReadonlyMap<string, bigint>,
): string {
  return archView(reportOf(flops, activations, params === undefined ? {} : { params }));
}
