// complexity_stats_table(flop_analyzer, ...): the reference's signature, kept
// as a thin wrapper: it builds the Report of the analyzers and renders it with
// views/table.ts.

import { tableView } from '../views/table.js';
import type { ActivationAnalyzer, FlopAnalyzer } from './analyzers.js';
import { reportOf } from './report_build.js';

/**
 * Options of {@link complexityStatsTable}: mmengine's `max_depth`,
 * `activations` and `show_param_shapes` arguments.
 */
export interface StatsTableOptions {
  /** Depth of the module tree shown (3 by default). */
  maxDepth?: number;
  /** Adds an activation column from this analyzer (of the same trace). */
  activations?: ActivationAnalyzer | null;
  /** Parameter rows show shapes in place of counts (true by default). */
  showParamShapes?: boolean;
  /** Precomputed `parameterCount(model)`, to avoid counting twice. */
  params?: ReadonlyMap<string, bigint>;
}

/**
 * mmengine's `complexity_stats_table`: per-module parameters, FLOPs and (given
 * `activations`) activations as an ASCII table, single-child chains folded into
 * one row.
 */
export function complexityStatsTable(flops: FlopAnalyzer, options: StatsTableOptions = {}): string {
  const { maxDepth = 3, activations = null, showParamShapes = true, params } = options;
  const report = reportOf(flops, activations, params === undefined ? {} : { params });
  return tableView(report, { maxDepth, showParamShapes });
}
