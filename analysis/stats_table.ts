// complexity_stats_table(flop_analyzer, ...): the reference's signature, kept
// as a thin wrapper: it builds the Report of the analyzers and renders it with
// views/table.ts.

import { tableView } from '../views/table.js';
import type { ActivationAnalyzer, FlopAnalyzer } from './analyzers.js';
import { reportOf } from './report_build.js';

export interface StatsTableOptions {
  maxDepth?: number;
  activations?: ActivationAnalyzer | null;
  showParamShapes?: boolean;
  /** Precomputed `parameterCount(model)`, to avoid counting twice. */
  params?: ReadonlyMap<string, bigint>;
}

export function complexityStatsTable(flops: FlopAnalyzer, options: StatsTableOptions = {}): string {
  const { maxDepth = 3, activations = null, showParamShapes = true, params } = options;
  const report = reportOf(flops, activations, params === undefined ? {} : { params });
  return tableView(report, { maxDepth, showParamShapes });
}
