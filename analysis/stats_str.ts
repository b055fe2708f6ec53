// complexity_stats_str: PyTorch's repr of the model with a statistics line
// added to every module that has any.

import { moduleRepr } from '../nn/module.js';
import type { ActivationAnalyzer, FlopAnalyzer } from './analyzers.js';
import { cachedParameterCount } from './parameter_count.js';
import { fillMissing, groupByModule, indicateUncalled, prettyStatistics, removeZeroStatistics, type StatColumn } from './statistics.js';
import { setTest } from './statistics.js';

export const UNCALLED_NOTE =
  "N/A indicates a possibly missing statistic due to how the module was called. Missing values are still included in the parent's total.\n";

export function complexityStatsStr(
  flops: FlopAnalyzer,
  activations: ActivationAnalyzer | null = null,
  params?: ReadonlyMap<string, bigint>,
): string {
  const model = flops.analyzedModel;
  let columns: StatColumn[] = [
    { name: '#params', values: params ?? cachedParameterCount(model) },
    { name: '#flops', values: flops.byModuleView(), isFloat: setTest(flops.floatModules()) },
  ];
  if (activations) columns.push({ name: '#acts', values: activations.byModuleView(), isFloat: setTest(activations.floatModules()) });
  const allUncalled = new Set([...flops.uncalledModules(), ...(activations?.uncalledModules() ?? [])]);
  columns = fillMissing(columns, model.namedModules().map(([n]) => n));
  const raw = removeZeroStatistics(groupByModule(columns), allUncalled, false);
  const stats = prettyStatistics(raw, 2);
  const width = columns.length;
  indicateUncalled(stats, 1, width, flops.uncalledModules(), 'N/A');
  if (activations) indicateUncalled(stats, 2, width, activations.uncalledModules(), 'N/A');
  const names = columns.map((c) => `${c.name}: `);
  const line = (path: string): string => {
    const cells = stats.get(path);
    if (cells === undefined) return '';
    let text = '';
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      if (v === undefined) continue;
      text += text === '' ? names[i] + v : `, ${names[i]}${v}`;
    }
    return text;
  };
  return (allUncalled.size > 0 ? UNCALLED_NOTE : '') + moduleRepr(model, line);
}
