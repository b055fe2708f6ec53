// complexity_stats_table, rendered from a Report: per-module parameters,
// FLOPs and activations as an ASCII table, with single-child chains folded
// into one row.
//
// The reference builds a dict of every parameter name and module name, drops
// rows whose statistics are all zero unless a child survives, formats the
// rest, blanks the FLOPs of uncalled modules, swaps in parameter shapes, and
// prints the tree down to `maxDepth`. The rows and their tree depend only on
// the structure, so they are laid out once per Report structure; cells are
// formatted only for rows the walk reaches.

import { pyTuple } from '../core/shape.js';
import { asciiTable } from '../analysis/ascii_table.js';
import { formatSize } from '../analysis/format.js';
import type { CountStats, Report, ReportStructure } from '../analysis/report_model.js';

export interface TableViewOptions {
  /** Depth of the tree (the reference's default is 3). */
  maxDepth?: number;
  /** Shapes in place of parameter counts for parameter rows; false drops those rows. */
  showParamShapes?: boolean;
  /** The activation column; defaults to whether the Report has activations. */
  activations?: boolean;
}

interface TableLayout {
  /** Rows in the reference's dict order: parameter names and prefixes, then modules without parameters. */
  readonly names: readonly string[];
  /** Per row, its module's index, or -1 for a parameter. */
  readonly moduleOf: Int32Array;
  readonly children: readonly (readonly number[])[];
  readonly params: readonly (bigint | undefined)[];
  /** Shapes of the rows that are parameters. */
  readonly shapes: readonly (readonly number[] | undefined)[];
  readonly root: number;
}

const LAYOUTS = new WeakMap<ReportStructure, TableLayout>();

function tableLayout(s: ReportStructure): TableLayout {
  const hit = LAYOUTS.get(s);
  if (hit !== undefined) return hit;
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
  const children: number[][] = names.map(() => []);
  const moduleOf = new Int32Array(names.length);
  names.forEach((name, i) => {
    moduleOf[i] = s.moduleIndex.get(name) ?? -1;
    if (name === '') return;
    const dot = name.lastIndexOf('.');
    const parent = index.get(dot === -1 ? '' : name.slice(0, dot));
    if (parent !== undefined) children[parent]!.push(i);
  });
  const layout: TableLayout = {
    names,
    moduleOf,
    children,
    params: names.map((n) => s.params.get(n)),
    shapes: names.map((n) => s.paramShapes.get(n)),
    root: index.get('') ?? 0,
  };
  LAYOUTS.set(s, layout);
  return layout;
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

/** The statistics table of a Report, as `complexity_stats_table` prints it. */
export function tableView(report: Report, options: TableViewOptions = {}): string {
  const { headers, rows } = tableRows(report, options);
  return asciiTable(headers, rows);
}

/** The table's cells: the rows `complexity_stats_table` prints (indented names and values), for any table format. */
export interface TableRows {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The rows of the statistics table: zero rows dropped, single-child chains folded, down to `maxDepth`. */
export function tableRows(report: Report, options: TableViewOptions = {}): TableRows {
  const { maxDepth = 3, showParamShapes = true } = options;
  const flops = report.flops;
  const acts: CountStats | null = options.activations === false ? null : report.activations;
  const { names, moduleOf, children, params, shapes, root } = tableLayout(report.structure);
  const n = names.length;

  // `_remove_zero_statistics(require_trivial_children=True)`, post-order.
  const keep = new Uint8Array(n);
  const visit = (i: number): void => {
    let childKept = false;
    for (const c of children[i]!) {
      visit(c);
      if (keep[c] === 1) childKept = true;
    }
    const m = moduleOf[i]!;
    const p = params[i];
    const nonZero =
      (p !== undefined && p !== 0n) || (m >= 0 && (flops.perModule[m] !== 0n || (acts !== null && acts.perModule[m] !== 0n)));
    if (nonZero || i === root || childKept) keep[i] = 1;
  };
  visit(root);
  // A row exists when kept, unless it is a parameter and shapes are not shown.
  const exists = (i: number): boolean => keep[i] === 1 && (showParamShapes || shapes[i] === undefined);

  // Cells, formatted on first use: 3 decimals; '' for uncalled modules' FLOPs
  // and activations; shapes for parameters.
  const cells = new Array<Cells | undefined>(n);
  const cellsOf = (i: number): Cells => {
    let row = cells[i];
    if (row !== undefined) return row;
    const m = moduleOf[i]!;
    const shape = shapes[i];
    const p = params[i];
    row = [shape !== undefined ? pyTuple(shape) : p === undefined ? undefined : formatSize(p, 3)];
    row.push(m < 0 ? undefined : statCell(flops, m));
    if (acts !== null) row.push(m < 0 ? undefined : statCell(acts, m));
    cells[i] = row;
    return row;
  };

  const liveChildren = (i: number): number[] => children[i]!.filter(exists);
  // `_fastforward`: follow single children whose statistics agree, merging them.
  const fastForward = (start: number): number => {
    let cur = start;
    for (;;) {
      const kids = liveChildren(cur);
      if (kids.length !== 1) return cur;
      const child = kids[0]!;
      const combined = tryCombine(cellsOf(cur), cellsOf(child));
      if (combined === null) return cur;
      cells[child] = combined;
      cur = child;
    }
  };
  const rows: string[][] = [];
  const row = (name: string, cellsOfRow: Cells, indent: number): string[] => {
    const pad = ' '.repeat(indent);
    const out = [pad + name];
    for (const c of cellsOfRow) out.push(c === undefined ? '' : pad + c);
    return out;
  };
  const top = fastForward(root);
  const rootName = names[top]!;
  rows.push(row(rootName || 'model', cellsOf(top), 0));
  const rootPrefix = rootName ? `${rootName}.` : '';
  const fill = (indent: number, parent: number): void => {
    if (indent > maxDepth) return;
    for (const child of liveChildren(parent)) {
      const at = fastForward(child);
      const name = names[at]!;
      const shown = rootPrefix && name.startsWith(rootPrefix) ? name.slice(rootPrefix.length) : name;
      rows.push(row(shown, cellsOf(at), indent));
      fill(indent + 1, at);
    }
  };
  fill(1, top);
  const headers = ['module', `#parameters${showParamShapes ? ' or shape' : ''}`, '#flops'];
  if (acts !== null) headers.push('#activations');
  return { headers, rows };
}

function statCell(stats: CountStats, m: number): string {
  return stats.uncalled[m] === true ? '' : formatSize(stats.perModule[m]!, 3, false, stats.isFloat[m] === true);
}
