// The reference's steps from per-statistic counts to printable cells: group by
// module, drop all-zero modules, format, mark uncalled modules. Shared by the
// table and the architecture view.

import { childIndex } from './parameter_count.js';
import { formatSize } from './format.js';

/** A count and whether the reference holds it as a float. */
export interface StatValue {
  readonly value: bigint;
  readonly isFloat: boolean;
}

export type RawStats = Map<string, Map<string, StatValue>>;
export type PrettyStats = Map<string, Map<string, string>>;

/** A statistic over modules: counts by name, with a float test. */
export interface StatColumn {
  readonly name: string;
  readonly values: ReadonlyMap<string, bigint>;
  readonly isFloat?: (module: string) => boolean;
}

/** `_group_by_module`: module -> statistic -> value, modules in first-seen order. */
export function groupByModule(columns: readonly StatColumn[]): RawStats {
  const out: RawStats = new Map();
  for (const col of columns) {
    for (const [mod, value] of col.values) {
      let row = out.get(mod);
      if (row === undefined) out.set(mod, (row = new Map()));
      row.set(col.name, { value, isFloat: col.isFloat?.(mod) ?? false });
    }
  }
  return out;
}

/** `_fill_missing_statistics`: a zero for every module the column lacks. */
export function fillMissing(columns: readonly StatColumn[], moduleNames: Iterable<string>): StatColumn[] {
  const names = [...moduleNames];
  return columns.map((col) => {
    const values = new Map(col.values);
    for (const n of names) if (!values.has(n)) values.set(n, 0n);
    return { ...col, values };
  });
}

/**
 * `_remove_zero_statistics`: drops modules whose statistics are all zero,
 * unless forced; with `requireTrivialChildren`, a module stays while any child
 * stays. The result is in the reference's post-order.
 */
export function removeZeroStatistics(stats: RawStats, forceKeep: ReadonlySet<string> | null, requireTrivialChildren: boolean): RawStats {
  const out: RawStats = new Map();
  // The reference keeps the root by default only when nothing else is forced.
  const keepAlways = forceKeep !== null && forceKeep.size > 0 ? forceKeep : new Set(['']);
  const children = childIndex(stats.keys());
  const visit = (name: string): void => {
    let trivialChildren = true;
    for (const child of children.get(name) ?? []) {
      visit(child);
      if (out.has(child)) trivialChildren = false;
    }
    const row = stats.get(name);
    if (row === undefined) return;
    let allZero = true;
    for (const v of row.values()) if (v.value !== 0n) allZero = false;
    if (!allZero || keepAlways.has(name) || (requireTrivialChildren && !trivialChildren)) out.set(name, new Map(row));
  };
  visit('');
  return out;
}

/** `_pretty_statistics`. */
export function prettyStatistics(stats: RawStats, sigFigs: number, hideZero = false): PrettyStats {
  const out: PrettyStats = new Map();
  for (const [mod, row] of stats) {
    const pretty = new Map<string, string>();
    for (const [k, v] of row) pretty.set(k, formatSize(v.value, sigFigs, hideZero, v.isFloat));
    out.set(mod, pretty);
  }
  return out;
}

/** `_indicate_uncalled_modules`: replaces one statistic of uncalled modules. */
export function indicateUncalled(stats: PrettyStats, statName: string, uncalled: Iterable<string>, indicator: string): void {
  for (const mod of uncalled) {
    let row = stats.get(mod);
    if (row === undefined) stats.set(mod, (row = new Map()));
    row.set(statName, indicator);
  }
}
