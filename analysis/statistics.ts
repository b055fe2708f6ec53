// The reference's steps from per-statistic counts to printable cells: group by
// module, drop all-zero modules, format, mark uncalled modules. Shared by the
// table and the architecture view. Rows hold one cell per column (undefined
// where the reference's dict has no key), which keeps this hot path cheap.

import { formatSize } from './format.js';
import { childIndex } from './parameter_count.js';

/** A statistic over modules: counts by name, with a float test. */
export interface StatColumn {
  readonly name: string;
  readonly values: ReadonlyMap<string, bigint>;
  readonly isFloat?: ((module: string) => boolean) | undefined;
}

/** Raw cells of one row: the count per column, and whether the reference holds it as a float. */
export interface RawRow {
  readonly values: (bigint | undefined)[];
  readonly floats: boolean[];
}

export type RawStats = Map<string, RawRow>;
/** Printable cells per row, one per column. */
export type PrettyStats = Map<string, (string | undefined)[]>;

/** A float test from a set, undefined when the set is empty (the common case). */
export function setTest(set: ReadonlySet<string>): ((m: string) => boolean) | undefined {
  return set.size === 0 ? undefined : (m) => set.has(m);
}

/** `_group_by_module`: module -> one cell per column, modules in first-seen order. */
export function groupByModule(columns: readonly StatColumn[]): RawStats {
  const out: RawStats = new Map();
  const n = columns.length;
  columns.forEach((col, c) => {
    for (const [mod, value] of col.values) {
      let row = out.get(mod);
      if (row === undefined) {
        row = { values: new Array<bigint | undefined>(n).fill(undefined), floats: new Array<boolean>(n).fill(false) };
        out.set(mod, row);
      }
      row.values[c] = value;
      if (col.isFloat !== undefined && col.isFloat(mod)) row.floats[c] = true;
    }
  });
  return out;
}

/** `_fill_missing_statistics`: a zero for every module the column lacks. */
export function fillMissing(columns: readonly StatColumn[], moduleNames: readonly string[]): StatColumn[] {
  return columns.map((col) => {
    if (moduleNames.every((n) => col.values.has(n))) return col;
    const values = new Map(col.values);
    for (const n of moduleNames) if (!values.has(n)) values.set(n, 0n);
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
    const kids = children.get(name);
    if (kids !== undefined) {
      for (const child of kids) {
        visit(child);
        if (out.has(child)) trivialChildren = false;
      }
    }
    const row = stats.get(name);
    if (row === undefined) return;
    let allZero = true;
    for (const v of row.values) if (v !== undefined && v !== 0n) allZero = false;
    if (!allZero || keepAlways.has(name) || (requireTrivialChildren && !trivialChildren)) out.set(name, row);
  };
  visit('');
  return out;
}

/** `_pretty_statistics`. */
export function prettyStatistics(stats: RawStats, sigFigs: number, hideZero = false): PrettyStats {
  const out: PrettyStats = new Map();
  for (const [mod, row] of stats) {
    const cells = new Array<string | undefined>(row.values.length);
    for (let c = 0; c < row.values.length; c++) {
      const v = row.values[c];
      cells[c] = v === undefined ? undefined : formatSize(v, sigFigs, hideZero, row.floats[c]);
    }
    out.set(mod, cells);
  }
  return out;
}

/** `_indicate_uncalled_modules`: replaces one column's cell of uncalled modules. */
export function indicateUncalled(stats: PrettyStats, column: number, width: number, uncalled: Iterable<string>, indicator: string): void {
  for (const mod of uncalled) {
    let row = stats.get(mod);
    if (row === undefined) stats.set(mod, (row = new Array<string | undefined>(width).fill(undefined)));
    row[column] = indicator;
  }
}
