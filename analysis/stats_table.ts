// complexity_stats_table: per-module parameters, FLOPs and activations as an
// ASCII table, with single-child chains folded into one row.

import { parameterCount, childIndex } from './parameter_count.js';
import type { ActivationAnalyzer, FlopAnalyzer } from './analyzers.js';
import { asciiTable } from './ascii_table.js';
import { shapeTuple } from './format.js';
import { groupByModule, indicateUncalled, prettyStatistics, removeZeroStatistics, type PrettyStats, type StatColumn } from './statistics.js';

export interface StatsTableOptions {
  maxDepth?: number;
  activations?: ActivationAnalyzer | null;
  showParamShapes?: boolean;
}

/** `_try_combine`: merges two rows unless a cell conflicts. */
function tryCombine(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): Map<string, string> | null {
  if (a.size !== b.size) return null;
  const out = new Map<string, string>();
  for (const [k, v1] of a) {
    const v2 = b.get(k);
    if (v2 === undefined) return null;
    if (v1 !== v2 && v1.length > 0 && v2.length > 0) return null;
    out.set(k, v1.length > 0 ? v1 : v2);
  }
  return out;
}

/** Formats already-pretty statistics as the reference's table. */
export function statsTableFormat(stats: PrettyStats, maxDepth: number, columns: readonly string[]): string {
  const children = childIndex(stats.keys());
  const single = (name: string): string | null => {
    const list = children.get(name);
    return list !== undefined && list.length === 1 ? list[0]! : null;
  };
  // `_fastforward`: follow single children whose statistics agree, merging them.
  const fastForward = (name: string): [string, Map<string, string>] => {
    let cur = name;
    for (;;) {
      const child = single(cur);
      const combined = child === null ? null : tryCombine(stats.get(cur)!, stats.get(child)!);
      if (child === null || combined === null) return [cur, stats.get(cur)!];
      stats.set(child, combined);
      cur = child;
    }
  };
  const rows: string[][] = [];
  const row = (name: string, cells: ReadonlyMap<string, string>, indent: number): string[] => {
    const pad = ' '.repeat(indent);
    return [pad + name, ...columns.map((c) => (cells.has(c) ? pad + cells.get(c)! : ''))];
  };
  const [rootName, rootStats] = fastForward('');
  rows.push(row(rootName || 'model', rootStats, 0));
  const rootPrefix = rootName ? `${rootName}.` : '';
  const fill = (indent: number, parent: string): void => {
    if (indent > maxDepth) return;
    for (const child of children.get(parent) ?? []) {
      const [name, cells] = fastForward(child);
      const shown = rootPrefix && name.startsWith(rootPrefix) ? name.slice(rootPrefix.length) : name;
      rows.push(row(shown, cells, indent));
      fill(indent + 1, name);
    }
  };
  fill(1, rootName);
  return asciiTable(['module', ...columns], rows);
}

export function complexityStatsTable(flops: FlopAnalyzer, options: StatsTableOptions = {}): string {
  const { maxDepth = 3, activations = null, showParamShapes = true } = options;
  const paramsHeader = `#parameters${showParamShapes ? ' or shape' : ''}`;
  const model = flops.analyzedModel;
  const columns: StatColumn[] = [
    { name: paramsHeader, values: parameterCount(model) },
    { name: '#flops', values: flops.byModule(), isFloat: (m) => flops.isFloat(m) },
  ];
  if (activations) columns.push({ name: '#activations', values: activations.byModule(), isFloat: (m) => activations.isFloat(m) });
  const raw = removeZeroStatistics(groupByModule(columns), null, true);
  const stats = prettyStatistics(raw, 3);
  indicateUncalled(stats, '#flops', [...flops.uncalledModules()].filter((m) => stats.has(m)), '');
  if (activations) indicateUncalled(stats, '#activations', [...activations.uncalledModules()].filter((m) => stats.has(m)), '');
  for (const [name, p] of model.namedParameters()) {
    const row = stats.get(name);
    if (row === undefined) continue;
    if (showParamShapes) row.set(paramsHeader, shapeTuple(p.shape));
    else stats.delete(name);
  }
  return statsTableFormat(stats, maxDepth, columns.map((c) => c.name));
}
