// complexity_stats_table: per-module parameters, FLOPs and activations as an
// ASCII table, with single-child chains folded into one row.

import { cachedParameterCount, childIndex } from './parameter_count.js';
import type { ActivationAnalyzer, FlopAnalyzer } from './analyzers.js';
import { asciiTable } from './ascii_table.js';
import { shapeTuple } from './format.js';
import { groupByModule, indicateUncalled, prettyStatistics, removeZeroStatistics, type PrettyStats, type StatColumn } from './statistics.js';
import { setTest } from './statistics.js';

export interface StatsTableOptions {
  maxDepth?: number;
  activations?: ActivationAnalyzer | null;
  showParamShapes?: boolean;
  /** Precomputed `cachedParameterCount(model)`, to avoid counting twice. */
  params?: ReadonlyMap<string, bigint>;
}

/** `_try_combine`: merges two rows unless a cell conflicts. */
function tryCombine(a: readonly (string | undefined)[], b: readonly (string | undefined)[]): (string | undefined)[] | null {
  const out = new Array<string | undefined>(a.length);
  for (let i = 0; i < a.length; i++) {
    const v1 = a[i];
    const v2 = b[i];
    if ((v1 === undefined) !== (v2 === undefined)) return null;
    if (v1 === undefined || v2 === undefined) continue;
    if (v1 !== v2 && v1.length > 0 && v2.length > 0) return null;
    out[i] = v1.length > 0 ? v1 : v2;
  }
  return out;
}

/** Formats already-pretty statistics (one cell per column) as the reference's table. */
export function statsTableFormat(stats: PrettyStats, maxDepth: number, columns: readonly string[]): string {
  const children = childIndex(stats.keys());
  // `_fastforward`: follow single children whose statistics agree, merging them.
  const fastForward = (name: string): [string, (string | undefined)[]] => {
    let cur = name;
    for (;;) {
      const kids = children.get(cur);
      const child = kids !== undefined && kids.length === 1 ? kids[0]! : null;
      const combined = child === null ? null : tryCombine(stats.get(cur)!, stats.get(child)!);
      if (child === null || combined === null) return [cur, stats.get(cur)!];
      stats.set(child, combined);
      cur = child;
    }
  };
  const rows: string[][] = [];
  const row = (name: string, cells: readonly (string | undefined)[], indent: number): string[] => {
    const pad = ' '.repeat(indent);
    const out = [pad + name];
    for (const c of cells) out.push(c === undefined ? '' : pad + c);
    return out;
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
    { name: paramsHeader, values: options.params ?? cachedParameterCount(model) },
    { name: '#flops', values: flops.byModuleView(), isFloat: setTest(flops.floatModules()) },
  ];
  if (activations) columns.push({ name: '#activations', values: activations.byModuleView(), isFloat: setTest(activations.floatModules()) });
  const raw = removeZeroStatistics(groupByModule(columns), null, true);
  const stats = prettyStatistics(raw, 3);
  const width = columns.length;
  indicateUncalled(stats, 1, width, [...flops.uncalledModules()].filter((m) => stats.has(m)), '');
  if (activations) indicateUncalled(stats, 2, width, [...activations.uncalledModules()].filter((m) => stats.has(m)), '');
  for (const [name, p] of model.namedParameters()) {
    const cells = stats.get(name);
    if (cells === undefined) continue;
    if (showParamShapes) cells[0] = shapeTuple(p.shape);
    else stats.delete(name);
  }
  return statsTableFormat(stats, maxDepth, columns.map((c) => c.name));
}
