// complexity_stats_str: PyTorch's repr of the model with a statistics line
// added to every module that has any.

import { moduleRepr } from '../nn/module.js';
import type { ActivationAnalyzer, FlopAnalyzer } from './analyzers.js';
import { parameterCount } from './parameter_count.js';
import { fillMissing, groupByModule, indicateUncalled, prettyStatistics, removeZeroStatistics, type StatColumn } from './statistics.js';

export const UNCALLED_NOTE =
  "N/A indicates a possibly missing statistic due to how the module was called. Missing values are still included in the parent's total.\n";

export function complexityStatsStr(flops: FlopAnalyzer, activations: ActivationAnalyzer | null = null): string {
  const model = flops.analyzedModel;
  let columns: StatColumn[] = [
    { name: '#params', values: parameterCount(model) },
    { name: '#flops', values: flops.byModule(), isFloat: (m) => flops.isFloat(m) },
  ];
  if (activations) columns.push({ name: '#acts', values: activations.byModule(), isFloat: (m) => activations.isFloat(m) });
  const allUncalled = new Set([...flops.uncalledModules(), ...(activations?.uncalledModules() ?? [])]);
  columns = fillMissing(columns, [...model.namedModules()].map(([n]) => n));
  const raw = removeZeroStatistics(groupByModule(columns), allUncalled, false);
  const stats = prettyStatistics(raw, 2);
  indicateUncalled(stats, '#flops', flops.uncalledModules(), 'N/A');
  if (activations) indicateUncalled(stats, '#acts', activations.uncalledModules(), 'N/A');
  const line = (path: string): string => {
    const row = stats.get(path);
    if (row === undefined) return '';
    return [...row].map(([k, v]) => `${k}: ${v}`).join(', ');
  };
  return (allUncalled.size > 0 ? UNCALLED_NOTE : '') + moduleRepr(model, line);
}
