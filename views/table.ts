// complexity_stats_table, rendered from a Report: per-module parameters,
// FLOPs and activations as an ASCII table, with single-child chains folded
// into one row.
//
// The reference builds a dict of every parameter name and module name, drops
// rows whose statistics are all zero unless a child survives, formats the
// rest, blanks the FLOPs of uncalled modules, swaps in parameter shapes, and
// prints the tree down to `maxDepth`. The rows and their tree depend only on
// the structure, so they are laid out once per Report structure, from its
// flat arrays when it has them (no name is cut, hashed or even made until its
// row prints); cells are formatted only for rows the walk reaches.

import { pyTuple } from '../core/shape.js';
import { TableWriter } from '../analysis/ascii_table.js';
import { formatSize } from '../analysis/format.js';
import type { CountStats, Report, ReportStructure, StructureArrays } from '../analysis/report_model.js';

export interface TableViewOptions {
  /** Depth of the tree (the reference's default is 3). */
  maxDepth?: number;
  /** Shapes in place of parameter counts for parameter rows; false drops those rows. */
  showParamShapes?: boolean;
  /** The activation column; defaults to whether the Report has activations. */
  activations?: boolean;
}

/**
 * The reference's dict as rows: parameter names and prefixes (parameter_count's
 * order), then modules without parameters; each row's children are the rows
 * whose names extend its name by one key, in row order.
 */
interface TableLayout {
  readonly count: number;
  readonly root: number;
  /** Children of row r: `childList[childStart[r] .. childStart[r + 1])`. */
  readonly childStart: Int32Array;
  readonly childList: Int32Array;
  /** The row's module index, or -1 for a parameter. */
  moduleOf(r: number): number;
  /** The row's parameter count; undefined when the dict has none for it. */
  params(r: number): bigint | undefined;
  /** The row's shape, for parameters. */
  shape(r: number): readonly number[] | undefined;
  /** The row's full name. */
  name(r: number): string;
}

// Keyed by ReportStructure, which is immutable.
const LAYOUTS = new WeakMap<ReportStructure, TableLayout>();

function tableLayout(s: ReportStructure): TableLayout {
  let layout = LAYOUTS.get(s);
  if (layout === undefined) {
    layout = s.arrays !== undefined ? layoutOfArrays(s.arrays) : layoutOfNames(s);
    LAYOUTS.set(s, layout);
  }
  return layout;
}

/** Children lists in CSR form from each row's parent (-1: none), in row order. */
function childrenOf(parentOf: Int32Array): { childStart: Int32Array; childList: Int32Array } {
  const n = parentOf.length;
  const childStart = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) {
    const p = parentOf[r]!;
    if (p >= 0) childStart[p + 1]!++;
  }
  for (let r = 0; r < n; r++) childStart[r + 1]! += childStart[r]!;
  const fill = childStart.slice(0, n);
  const childList = new Int32Array(childStart[n]!);
  for (let r = 0; r < n; r++) {
    const p = parentOf[r]!;
    if (p >= 0) childList[fill[p]!++] = r;
  }
  return { childStart, childList };
}

/** Rows from a structure's arrays: module and parameter indices, parents by the tree's links (names are plain paths). */
function layoutOfArrays(a: StructureArrays): TableLayout {
  const { names, parents, moduleParams, paramOwners, paramKeys, paramCounts, paramShapes, paramOrder } = a;
  const modules = names.length;
  // Per row, a module index (>= 0) or parameter q as -1 - q.
  const codes = new Int32Array(paramOrder.length + modules);
  const rowOfModule = new Int32Array(modules);
  let count = 0;
  for (const code of paramOrder) {
    if (code >= 0) rowOfModule[code] = count;
    codes[count++] = code;
  }
  for (let m = 0; m < modules; m++) {
    if (moduleParams[m] !== undefined) continue;
    rowOfModule[m] = count;
    codes[count++] = m;
  }
  const parentOf = new Int32Array(count);
  for (let r = 0; r < count; r++) {
    const code = codes[r]!;
    parentOf[r] = code >= 0 ? (code === 0 ? -1 : rowOfModule[parents[code]!]!) : rowOfModule[paramOwners[-1 - code]!]!;
  }
  return {
    count,
    root: rowOfModule[0]!,
    ...childrenOf(parentOf),
    moduleOf: (r) => (codes[r]! >= 0 ? codes[r]! : -1),
    params: (r) => (codes[r]! >= 0 ? moduleParams[codes[r]!] : paramCounts[-1 - codes[r]!]),
    shape: (r) => (codes[r]! >= 0 ? undefined : paramShapes[-1 - codes[r]!]),
    name: (r) => {
      const code = codes[r]!;
      if (code >= 0) return names[code]!;
      const owner = names[paramOwners[-1 - code]!]!;
      return owner === '' ? paramKeys[-1 - code]! : `${owner}.${paramKeys[-1 - code]!}`;
    },
  };
}

/** Rows from a structure's by-name fields (a structure written by hand): parents by cutting names. */
function layoutOfNames(s: ReportStructure): TableLayout {
  const index = new Map<string, number>();
  const names: string[] = [];
  for (const k of s.params.keys()) {
    index.set(k, names.length);
    names.push(k);
  }
  for (const m of s.modules) {
    if (!index.has(m.name)) {
      index.set(m.name, names.length);
      names.push(m.name);
    }
  }
  const moduleOf = new Int32Array(names.length);
  const parentOf = new Int32Array(names.length).fill(-1);
  names.forEach((name, i) => {
    moduleOf[i] = s.moduleIndex.get(name) ?? -1;
    if (name === '') return;
    const dot = name.lastIndexOf('.');
    parentOf[i] = index.get(dot === -1 ? '' : name.slice(0, dot)) ?? -1;
  });
  const params = names.map((n) => s.params.get(n));
  const shapes = names.map((n) => s.paramShapes.get(n));
  return {
    count: names.length,
    root: index.get('') ?? 0,
    ...childrenOf(parentOf),
    moduleOf: (r) => moduleOf[r]!,
    params: (r) => params[r],
    shape: (r) => shapes[r],
    name: (r) => names[r]!,
  };
}

type Cells = (string | undefined)[];

/** `_try_combine`: merges two rows unless a cell conflicts (or their key sets differ). */
function tryCombine(a: Cells, b: Cells): Cells | null {
  const out: Cells = new Array<string | undefined>(a.length);
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

/** The rows the table prints, in order: each as a row of the layout, its indentation and its cells. */
interface PrintedRows {
  readonly headers: readonly string[];
  /** Per printed row, the layout row and its indentation. */
  readonly rows: readonly number[];
  readonly indents: readonly number[];
  readonly cellsOf: (r: number) => Cells;
  /** The name a printed row shows (its full name, or the part below the first row's). */
  readonly shownName: (i: number) => string;
}

/**
 * The rows of the statistics table: zero rows dropped, single-child chains
 * folded, down to `maxDepth`.
 */
function printedRows(report: Report, options: TableViewOptions): PrintedRows {
  const { maxDepth = 3, showParamShapes = true } = options;
  const flops = report.flops;
  const acts: CountStats | null = options.activations === false ? null : report.activations;
  const layout = tableLayout(report.structure);
  const { count, root, childStart, childList } = layout;

  // `_remove_zero_statistics(require_trivial_children=True)`, post-order:
  // the rows reachable from the root in depth-first order, then each after
  // all of its children (explicit stacks: a chain may be very deep).
  const keep = new Uint8Array(count);
  const order = new Int32Array(count);
  let reached = 0;
  const stack = [root];
  while (stack.length > 0) {
    const r = stack.pop()!;
    order[reached++] = r;
    for (let c = childStart[r]!; c < childStart[r + 1]!; c++) stack.push(childList[c]!);
  }
  for (let i = reached - 1; i >= 0; i--) {
    const r = order[i]!;
    let childKept = false;
    for (let c = childStart[r]!; c < childStart[r + 1]! && !childKept; c++) childKept = keep[childList[c]!] === 1;
    const m = layout.moduleOf(r);
    const p = layout.params(r);
    const nonZero =
      (p !== undefined && p !== 0n) || (m >= 0 && (flops.perModule[m] !== 0n || (acts !== null && acts.perModule[m] !== 0n)));
    if (nonZero || r === root || childKept) keep[r] = 1;
  }
  // A row exists when kept, unless it is a parameter and shapes are not shown.
  const exists = (r: number): boolean => keep[r] === 1 && (showParamShapes || layout.shape(r) === undefined);

  // Cells: 3 decimals; '' for uncalled modules' FLOPs and activations;
  // shapes for parameters. Rows merged by `_fastforward` keep their merged
  // cells; the others are formatted when asked (counts' texts are cached).
  const merged = new Map<number, Cells>();
  const cellsOf = (r: number): Cells => {
    const done = merged.get(r);
    if (done !== undefined) return done;
    const m = layout.moduleOf(r);
    const shape = layout.shape(r);
    const p = layout.params(r);
    const row: Cells = [shape !== undefined ? pyTuple(shape) : p === undefined ? undefined : formatSize(p, 3)];
    row.push(m < 0 ? undefined : statCell(flops, m));
    if (acts !== null) row.push(m < 0 ? undefined : statCell(acts, m));
    return row;
  };

  // `_fastforward`: follow single children whose statistics agree, merging them.
  const fastForward = (start: number): number => {
    let cur = start;
    for (;;) {
      let only = -1;
      let live = 0;
      for (let c = childStart[cur]!; c < childStart[cur + 1]! && live < 2; c++) {
        const child = childList[c]!;
        if (exists(child)) {
          only = child;
          live++;
        }
      }
      if (live !== 1) return cur;
      const combined = tryCombine(cellsOf(cur), cellsOf(only));
      if (combined === null) return cur;
      merged.set(only, combined);
      cur = only;
    }
  };
  const rows: number[] = [];
  const indents: number[] = [];
  const top = fastForward(root);
  rows.push(top);
  indents.push(0);
  const fill = (indent: number, parent: number): void => {
    if (indent > maxDepth) return;
    for (let c = childStart[parent]!; c < childStart[parent + 1]!; c++) {
      const child = childList[c]!;
      if (!exists(child)) continue;
      const at = fastForward(child);
      rows.push(at);
      indents.push(indent);
      fill(indent + 1, at);
    }
  };
  fill(1, top);
  const rootName = layout.name(top);
  const rootPrefix = rootName ? `${rootName}.` : '';
  const shownName = (i: number): string => {
    if (i === 0) return rootName || 'model';
    const name = layout.name(rows[i]!);
    return rootPrefix && name.startsWith(rootPrefix) ? name.slice(rootPrefix.length) : name;
  };
  const headers = ['module', `#parameters${showParamShapes ? ' or shape' : ''}`, '#flops'];
  if (acts !== null) headers.push('#activations');
  return { headers, rows, indents, cellsOf, shownName };
}

/** The statistics table of a Report, as `complexity_stats_table` prints it. */
export function tableView(report: Report, options: TableViewOptions = {}): string {
  const { headers, rows, indents, cellsOf, shownName } = printedRows(report, options);
  const columns = headers.length;
  // Column widths first (cells are made again when written: most are cached
  // texts, and holding every row's cells would cost more than remaking them).
  const widths = headers.map((h) => h.length);
  for (let i = 0; i < rows.length; i++) {
    const indent = indents[i]!;
    const name = indent + shownName(i).length;
    if (name > widths[0]!) widths[0] = name;
    const cells = cellsOf(rows[i]!);
    for (let c = 1; c < columns; c++) {
      const cell = cells[c - 1];
      const w = cell === undefined ? 0 : indent + cell.length;
      if (w > widths[c]!) widths[c] = w;
    }
  }
  const table = new TableWriter(widths);
  table.row(headers);
  table.rule();
  for (let i = 0; i < rows.length; i++) {
    const indent = indents[i]!;
    table.cell(0, indent, shownName(i));
    const cells = cellsOf(rows[i]!);
    for (let c = 1; c < columns; c++) {
      const cell = cells[c - 1];
      if (cell === undefined) table.cell(c, 0, '');
      else table.cell(c, indent, cell);
    }
    table.endRow();
  }
  return table.done();
}

/** The table's cells: the rows `complexity_stats_table` prints (indented names and values), for any table format. */
export interface TableRows {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The rows of the statistics table: zero rows dropped, single-child chains folded, down to `maxDepth`. */
export function tableRows(report: Report, options: TableViewOptions = {}): TableRows {
  const { headers, rows, indents, cellsOf, shownName } = printedRows(report, options);
  const out: string[][] = [];
  for (let i = 0; i < rows.length; i++) {
    const pad = ' '.repeat(indents[i]!);
    const row = [pad + shownName(i)];
    for (const c of cellsOf(rows[i]!)) row.push(c === undefined ? '' : pad + c);
    out.push(row);
  }
  return { headers, rows: out };
}

function statCell(stats: CountStats, m: number): string {
  return stats.uncalled[m] === true ? '' : formatSize(stats.perModule[m]!, 3, false, stats.isFloat[m] === true);
}
