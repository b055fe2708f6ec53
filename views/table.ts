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

import { ArgumentError } from '../core/errors.js';
import { pyTuple } from '../core/shape.js';
import { shownValue } from '../nn/module.js';
import { asciiTable, TableWriter } from '../analysis/ascii_table.js';
import { formatSize } from '../analysis/format.js';
import { checkReport, renderOnce } from './memo.js';
import { carriedEstimates, estimateColumns, type EstimateKind } from '../analysis/estimate_columns.js';
import { flopsLabel, outputShapeOf, outputShapeText, type CountStats, type Report, type ReportStructure, type StructureArrays } from '../analysis/report_model.js';

/**
 * Columns the table adds on request, after the reference's: `shape`, each
 * module's output shape (its first call's); `percent`, its share of the
 * model's FLOPs; `memory` and `roofline`, the estimates the Report carries
 * (withEstimates), several columns each (analysis/estimate_columns.ts). A Report with
 * estimates shows their columns even when not listed.
 */
export type TableColumn = 'shape' | 'percent' | EstimateKind;
/** Every column {@link TableViewOptions.columns} takes. */
export const TABLE_COLUMNS: readonly TableColumn[] = Object.freeze(['shape', 'percent', 'memory', 'roofline']);

/** Options of {@link tableView}. */
export interface TableViewOptions {
  /** Depth of the tree (the reference's default is 3). */
  maxDepth?: number;
  /** Shapes in place of parameter counts for parameter rows; false drops those rows. */
  showParamShapes?: boolean;
  /** The activation column; defaults to whether the Report has activations. */
  activations?: boolean;
  /** Columns after the reference's, in this order (none by default: the reference's table). */
  columns?: readonly TableColumn[];
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
  /** The row's name is `nameHead`, or `nameHead.nameKey` when it has a key (just `nameKey` under ''). */
  nameHead(r: number): string;
  nameKey(r: number): string | undefined;
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
  for (let i = 0; i < paramOrder.length; i++) {
    const code = paramOrder[i]!;
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
    nameHead: (r) => (codes[r]! >= 0 ? names[codes[r]!]! : names[paramOwners[-1 - codes[r]!]!]!),
    nameKey: (r) => (codes[r]! >= 0 ? undefined : paramKeys[-1 - codes[r]!]),
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
    nameHead: (r) => names[r]!,
    nameKey: () => undefined,
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

/** The rows the table prints, in order: each as a row of the layout and its indentation, with its cells and name. */
interface PrintedRows {
  readonly headers: readonly string[];
  /** Per printed row, the layout row and its indentation. */
  readonly rows: Int32Array;
  readonly indents: Int32Array;
  /** Cell `column` (0: parameters or shape, 1: FLOPs, 2: activations) of layout row r; undefined for none. */
  readonly cell: (r: number, column: number) => string | undefined;
  /** Characters of that cell (-1 for none). */
  readonly cellLength: (r: number, column: number) => number;
  /** Characters of the name printed row i shows (its full name, or the part below the first row's). */
  readonly shownLength: (i: number) => number;
  /** The name printed row i shows, as one to three pieces. */
  readonly shownParts: (i: number, add: (piece: string) => void) => void;
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
  // (Every row is pushed at most once: the stack never holds more than all.)
  const stack = new Int32Array(count);
  let sp = 0;
  stack[sp++] = root;
  while (sp > 0) {
    const r = stack[--sp]!;
    order[reached++] = r;
    for (let c = childStart[r]!; c < childStart[r + 1]!; c++) stack[sp++] = childList[c]!;
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
  const isMerged = new Uint8Array(count);
  const columns = acts === null ? 2 : 3;
  // A module row's texts, made once per module (both passes over the rows
  // read them); parameter rows' shapes are made when asked.
  const modules = flops.perModule.length;
  const texts: (string | undefined)[][] = [new Array(modules), new Array(modules), new Array(modules)];
  const NONE = '\0';
  // Shapes' texts by their dimensions, for shapes of up to two small
  // dimensions (most parameters): made once each, not once per row.
  const tuples = new Map<number, string>();
  const tuple = (shape: readonly number[]): string => {
    if (shape.length > 2 || !shape.every((d) => Number.isInteger(d) && d >= 0 && d < 0x4000000)) return pyTuple(shape);
    const key = shape.length === 0 ? -1 : shape.length === 1 ? -2 - shape[0]! : shape[0]! * 0x4000000 + shape[1]!;
    let text = tuples.get(key);
    if (text === undefined) tuples.set(key, (text = pyTuple(shape)));
    return text;
  };
  const fresh = (r: number, column: number): string | undefined => {
    const m = layout.moduleOf(r);
    if (m < 0) {
      if (column !== 0) return undefined;
      const shape = layout.shape(r);
      if (shape !== undefined) return tuple(shape);
      const p = layout.params(r);
      return p === undefined ? undefined : formatSize(p, 3);
    }
    const known = texts[column]![m];
    if (known !== undefined) return known === NONE ? undefined : known;
    let text: string | undefined;
    if (column === 0) {
      const shape = layout.shape(r);
      const p = layout.params(r);
      text = shape !== undefined ? tuple(shape) : p === undefined ? undefined : formatSize(p, 3);
    } else text = statCell(column === 1 ? flops : acts!, m);
    texts[column]![m] = text ?? NONE;
    return text;
  };
  const cell = (r: number, column: number): string | undefined => (isMerged[r] === 1 ? merged.get(r)![column] : fresh(r, column));
  const cellLength = (r: number, column: number): number => {
    const text = cell(r, column);
    return text === undefined ? -1 : text.length;
  };
  const cellsOf = (r: number): Cells => {
    if (isMerged[r] === 1) return merged.get(r)!;
    const row: Cells = [];
    for (let c = 0; c < columns; c++) row.push(fresh(r, c));
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
      isMerged[only] = 1;
      cur = only;
    }
  };
  // The printed rows and their indentation (each row prints at most once).
  const rows = new Int32Array(count);
  const indents = new Int32Array(count);
  let printed = 0;
  const print = (r: number, indent: number): void => {
    rows[printed] = r;
    indents[printed++] = indent;
  };
  const top = fastForward(root);
  print(top, 0);
  // Depth first, children in order: a walk with the next child of each open
  // row on a stack (not a recursion: a model may be nested 100,000 deep).
  if (maxDepth >= 1) {
    const openRow: number[] = [top];
    const nextChild: number[] = [childStart[top]!];
    while (openRow.length > 0) {
      const k = openRow.length - 1;
      const parent = openRow[k]!;
      const c = nextChild[k]!;
      if (c >= childStart[parent + 1]!) {
        openRow.pop();
        nextChild.pop();
        continue;
      }
      nextChild[k] = c + 1;
      const child = childList[c]!;
      if (!exists(child)) continue;
      const at = fastForward(child);
      // The row's indentation is its depth among the open rows.
      print(at, k + 1);
      if (k + 2 <= maxDepth) {
        openRow.push(at);
        nextChild.push(childStart[at]!);
      }
    }
  }

  // Names below the first row's print without its name and '.' (the
  // reference's `name[len(root_prefix):]`); the first row's is 'model' when empty.
  const topKey = layout.nameKey(top);
  const topHead = layout.nameHead(top);
  const rootName = topKey === undefined ? topHead : topHead === '' ? topKey : `${topHead}.${topKey}`;
  const rootPrefix = rootName ? `${rootName}.` : '';
  const cut = rootPrefix.length;
  // Whether row r's full name starts with the prefix, and its length.
  const strips = (head: string, key: string | undefined): boolean =>
    cut > 0 && (key === undefined ? head.startsWith(rootPrefix) : head === rootName || head.startsWith(rootPrefix) || (head === '' ? key : `${head}.${key}`).startsWith(rootPrefix));
  const fullLength = (head: string, key: string | undefined): number => (key === undefined ? head.length : head === '' ? key.length : head.length + 1 + key.length);
  const shownLength = (i: number): number => {
    if (i === 0) return (rootName || 'model').length;
    const r = rows[i]!;
    const head = layout.nameHead(r);
    const key = layout.nameKey(r);
    return fullLength(head, key) - (strips(head, key) ? cut : 0);
  };
  const shownParts = (i: number, add: (piece: string) => void): void => {
    if (i === 0) return add(rootName || 'model');
    const r = rows[i]!;
    const head = layout.nameHead(r);
    const key = layout.nameKey(r);
    if (key === undefined) return add(strips(head, key) ? head.slice(cut) : head);
    if (!strips(head, key)) {
      if (head !== '') {
        add(head);
        add('.');
      }
      return add(key);
    }
    if (head === rootName) return add(key);
    if (head.startsWith(rootPrefix)) {
      add(head.slice(cut));
      add('.');
      return add(key);
    }
    return add(`${head}.${key}`.slice(cut));
  };
  const headers = ['module', `#parameters${showParamShapes ? ' or shape' : ''}`, `#${flopsLabel(report)}`];
  if (acts !== null) headers.push('#activations');
  return { headers, rows: rows.subarray(0, printed), indents: indents.subarray(0, printed), cell, cellLength, shownLength, shownParts };
}

/** The statistics table of a Report, as `complexity_stats_table` prints it. */
export function tableView(report: Report, options: TableViewOptions = {}): string {
  checkReport('table view', report);
  checkTableOptions('tableView', options);
  // Extra columns: not the reference's table, and output shapes are not
  // among the numbers the memo compares, so rendered each time.
  if ((options.columns !== undefined && options.columns.length > 0) || report.estimates !== undefined) {
    const { headers, rows } = tableRows(report, options);
    return asciiTable(headers, rows);
  }
  const key = `${options.maxDepth ?? 3}|${options.showParamShapes ?? true}|${options.activations ?? ''}|${flopsLabel(report)}`;
  return renderOnce('table', report, key, () => renderTable(report, options));
}

function renderTable(report: Report, options: TableViewOptions): string {
  const { headers, rows, indents, cell, cellLength, shownLength, shownParts } = printedRows(report, options);
  const columns = headers.length;
  // Column widths first, from the cells' lengths (their texts are made once
  // each and cached; the names' lengths are added up without making them).
  const widths = headers.map((h) => h.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const indent = indents[i]!;
    const name = indent + shownLength(i);
    if (name > widths[0]!) widths[0] = name;
    for (let c = 1; c < columns; c++) {
      const len = cellLength(r, c - 1);
      const w = len < 0 ? 0 : indent + len;
      if (w > widths[c]!) widths[c] = w;
    }
  }
  const table = new TableWriter(widths);
  table.row(headers);
  table.rule();
  const add = (piece: string): void => table.text(piece);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const indent = indents[i]!;
    table.startRow(indent);
    shownParts(i, add);
    // An absent cell is empty; a present one is indented, even when ''.
    table.finishRow(indent, cell(r, 0), cell(r, 1), columns > 3 ? cell(r, 2) : undefined);
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
  checkReport('tableRows', report);
  checkTableOptions('tableRows', options);
  const { headers, rows, indents, cell, shownParts } = printedRows(report, options);
  const layout = tableLayout(report.structure);
  const columns = [...(options.columns ?? [])];
  for (const kind of carriedEstimates(report)) if (!columns.includes(kind)) columns.push(kind);
  // Each requested column as its header(s) and a cell per module.
  const extra: { header: string; text: (m: number) => string }[] = [];
  for (const column of columns) {
    if (column === 'shape') extra.push({ header: 'output shape', text: (m) => outputShapeText(outputShapeOf(report, m)) });
    else if (column === 'percent') extra.push({ header: `% of ${flopsLabel(report)}`, text: (m) => percentOfFlops(report.flops, m) });
    else extra.push(...estimateColumns(report, [column], 'tableRows'));
  }
  const out: string[][] = [];
  for (let i = 0; i < rows.length; i++) {
    const pad = ' '.repeat(indents[i]!);
    let name = pad;
    shownParts(i, (piece) => (name += piece));
    const row = [name];
    for (let c = 1; c < headers.length; c++) {
      const text = cell(rows[i]!, c - 1);
      row.push(text === undefined ? '' : pad + text);
    }
    const m = layout.moduleOf(rows[i]!);
    for (const column of extra) {
      const text = m < 0 ? '' : column.text(m);
      row.push(text === '' ? '' : pad + text);
    }
    out.push(row);
  }
  return { headers: [...headers, ...extra.map((c) => c.header)], rows: out };
}

/** Module m's share of the model's FLOPs, to two decimals ('' when it was not called or the model has none). */
function percentOfFlops(flops: CountStats, m: number): string {
  const total = flops.perModule[0] ?? 0n;
  // A symbolic Report's counts are formulas: a share of them is no one number.
  if (flops.uncalled[m] === true || total === 0n || flops.formulas !== undefined) return '';
  // Hundredths of a percent, rounded half up.
  const hundredths = (flops.perModule[m]! * 20000n + total) / (2n * total);
  return `${(Number(hundredths) / 100).toFixed(2)}%`;
}

/** The options of the table, checked: a bad one is an ArgumentError. */
function checkTableOptions(where: string, options: unknown): asserts options is TableViewOptions {
  if (typeof options !== 'object' || options === null) throw new ArgumentError(where, 'options', shownValue(options), 'an object of options');
  const { maxDepth, showParamShapes, activations, columns } = options as TableViewOptions;
  if (columns !== undefined && (!Array.isArray(columns) || !columns.every((c) => (TABLE_COLUMNS as readonly unknown[]).includes(c)))) {
    throw new ArgumentError(where, 'columns', shownValue(columns), `a list of ${TABLE_COLUMNS.join(', ')}`);
  }
  if (maxDepth !== undefined && (typeof maxDepth !== 'number' || Number.isNaN(maxDepth) || maxDepth < 0)) {
    throw new ArgumentError(where, 'maxDepth', shownValue(maxDepth), 'a number >= 0 (or Infinity)');
  }
  if (showParamShapes !== undefined && typeof showParamShapes !== 'boolean') throw new ArgumentError(where, 'showParamShapes', shownValue(showParamShapes), 'a boolean');
  if (activations !== undefined && typeof activations !== 'boolean') throw new ArgumentError(where, 'activations', shownValue(activations), 'a boolean');
}

function statCell(stats: CountStats, m: number): string {
  if (stats.uncalled[m] === true) return '';
  return stats.formulas?.[m] ?? formatSize(stats.perModule[m]!, 3, false, stats.isFloat[m] === true);
}
