// complexity_stats_str, rendered from a Report: PyTorch's repr of the model
// with a statistics line added to every module that has any.
//
// The repr is PyTorch's `Module.__repr__` over the Report's captured walk:
// each module's class name and extra_repr, its `_modules` (None entries and
// shared modules included), lines written with their final indentation. The
// reference rebuilds every module's repr from extra_repr, so custom reprs are
// not used here.
//
// The walk is read from the structure's flat arrays (or the same arrays made
// once from its repr nodes, for a structure without them): one pass, no
// per-node objects, and the text written piece by piece (a deep model's
// indentation alone is quadratic in its depth; nothing else is).

import { formatSize } from '../analysis/format.js';
import { Spaces, TextBuilder } from '../analysis/ascii_table.js';
import { renderOnce } from './memo.js';
import { ArgumentError } from '../core/errors.js';
import { shownValue } from '../nn/module.js';
import { flopsLabel, type Report, type ReportStructure } from '../analysis/report_model.js';
import { carriedEstimates, estimateColumns } from '../analysis/estimate_columns.js';

export const UNCALLED_NOTE =
  "N/A indicates a possibly missing statistic due to how the module was called. Missing values are still included in the parent's total.\n";

/** Options of {@link archView}. */
export interface ArchViewOptions {
  /** The `#acts` field; defaults to whether the Report has activations. */
  activations?: boolean;
  /**
   * Modules down to this many levels below the model (the reference prints
   * all: the default); a module at the last level prints without its children.
   */
  maxDepth?: number;
}

/** What the architecture view reads of a structure, as flat arrays. */
interface ArchLayout {
  /** Per walk entry, its module (-1 for a None entry). */
  readonly walkModules: Int32Array;
  readonly walkKeys: readonly string[];
  /** Per walk entry, the entry it was reached from (-1 for the root); parents come before their children. */
  readonly walkParents: Int32Array;
  /** Per module. */
  readonly types: readonly string[];
  readonly extraReprs: readonly string[];
  readonly moduleParams: readonly (bigint | undefined)[];
}

// Keyed by ReportStructure, which is immutable.
const LAYOUTS = new WeakMap<ReportStructure, ArchLayout>();

function layoutOf(s: ReportStructure): ArchLayout {
  if (s.arrays !== undefined) return s.arrays;
  let layout = LAYOUTS.get(s);
  if (layout === undefined) {
    layout = layoutOfRepr(s);
    LAYOUTS.set(s, layout);
  }
  return layout;
}

/** The walk of a structure written by hand (repr nodes, by-name parameter counts). */
function layoutOfRepr(s: ReportStructure): ArchLayout {
  const walkModules: number[] = [];
  const walkKeys: string[] = [];
  const walkParents: number[] = [];
  if (s.repr.length > 0) {
    // Depth first, children in order: pushed in reverse on an explicit stack.
    const stack: [number | null, string, number][] = [[0, '', -1]];
    while (stack.length > 0) {
      const [node, key, parent] = stack.pop()!;
      const entry = walkModules.length;
      walkKeys.push(key);
      walkParents.push(parent);
      if (node === null) {
        walkModules.push(-1);
        continue;
      }
      const r = s.repr[node]!;
      walkModules.push(r.module);
      for (let i = r.children.length - 1; i >= 0; i--) {
        const [k, child] = r.children[i]!;
        stack.push([child, k, entry]);
      }
    }
  }
  return {
    walkModules: Int32Array.from(walkModules),
    walkKeys,
    walkParents: Int32Array.from(walkParents),
    types: s.modules.map((m) => m.type),
    extraReprs: s.modules.map((m) => m.extraRepr),
    moduleParams: s.modules.map((m) => s.params.get(m.name)),
  };
}

/** The architecture view of a Report, as `complexity_stats_str` prints it. */
export function archView(report: Report, options: ArchViewOptions = {}): string {
  const acts = (options as ArchViewOptions | null)?.activations;
  const maxDepth = (options as ArchViewOptions | null)?.maxDepth;
  if (typeof options !== 'object' || options === null || (acts !== undefined && typeof acts !== 'boolean')) {
    throw new ArgumentError('archView', 'options', shownValue(options), 'an object of options ({ activations?: boolean, maxDepth?: number })');
  }
  if (maxDepth !== undefined && (typeof maxDepth !== 'number' || Number.isNaN(maxDepth) || maxDepth < 0)) {
    throw new ArgumentError('archView', 'maxDepth', shownValue(maxDepth), 'a number >= 0 (or Infinity)');
  }
  // Estimates' numbers are not among those the memo compares: rendered each time.
  if (report.estimates !== undefined) return renderArch(report, options);
  return renderOnce('arch', report, `${options.activations ?? ''}|${maxDepth ?? ''}|${flopsLabel(report)}`, () => renderArch(report, options));
}

function renderArch(report: Report, options: ArchViewOptions): string {
  const acts = options.activations === false ? null : report.activations;
  const flops = report.flops;
  const { walkModules, walkKeys, walkParents, types, extraReprs, moduleParams } = layoutOf(report.structure);
  const maxDepth = options.maxDepth ?? Infinity;
  // Per walk entry, its depth below the root (read only with a maxDepth).
  const depthOf = maxDepth === Infinity ? null : new Int32Array(walkModules.length);
  const anyUncalled = flops.anyUncalled || (acts !== null && acts.anyUncalled);
  const out = new TextBuilder();
  const spaces = new Spaces();
  // `, #flops: ` by default; the unit under a named convention (`, #MACs: `).
  const flopsKey = `, #${flopsLabel(report)}: `;
  // The estimates the Report carries, as `, #header: value` after the counts.
  const estimates = estimateColumns(report, carriedEstimates(report), 'archView');
  const writeEstimates = (i: number): void => {
    for (const column of estimates) {
      out.add(', #');
      out.add(column.header);
      out.add(': ');
      out.add(column.text(i));
    }
  };

  // The statistics line of a module, as the reference writes it: missing
  // statistics are zero, modules whose statistics are all zero are dropped
  // (uncalled ones kept), 2 decimals, N/A for uncalled modules. Without the
  // "trivial children" rule each module's fate is its own. Returns whether
  // there is one; `write` adds its text.
  let p = 0n;
  let f = 0n;
  let a = 0n;
  let keep = false;
  let flopsUncalled = false;
  let actsUncalled = false;
  const hasStats = (i: number): boolean => {
    flopsUncalled = flops.uncalled[i] === true;
    actsUncalled = acts !== null && acts.uncalled[i] === true;
    // The reference keeps the root by default only when nothing is forced.
    const forced = anyUncalled ? flopsUncalled || actsUncalled : i === 0;
    p = moduleParams[i] ?? 0n;
    f = flops.perModule[i]!;
    a = acts === null ? 0n : acts.perModule[i]!;
    keep = p !== 0n || f !== 0n || a !== 0n || forced;
    return keep || flopsUncalled || actsUncalled;
  };
  // The last line written, by its three texts: modules in a row often print
  // the same statistics (a line written twice in a row is made into one
  // piece, then reused).
  let lastP = '';
  let lastF = '';
  let lastA: string | undefined;
  let lastLine: string | undefined;
  const writeStats = (i: number): void => {
    if (!keep) {
      // Dropped, but marked uncalled by one analyzer only.
      out.add(flopsUncalled ? `#${flopsLabel(report)}: N/A` : '#acts: N/A');
      return;
    }
    const pText = formatSize(p, 2);
    const fText = flopsUncalled ? 'N/A' : flops.formulas?.[i] ?? formatSize(f, 2, false, flops.isFloat[i] === true);
    const aText = acts === null ? undefined : actsUncalled ? 'N/A' : acts.formulas?.[i] ?? formatSize(a, 2, false, acts.isFloat[i] === true);
    if (pText === lastP && fText === lastF && aText === lastA) {
      lastLine ??= ['#params: ', pText, flopsKey, fText, aText === undefined ? '' : ', #acts: ', aText ?? ''].join('');
      out.add(lastLine);
      writeEstimates(i);
      return;
    }
    lastP = pText;
    lastF = fText;
    lastA = aText;
    lastLine = undefined;
    out.add('#params: ');
    out.add(pText);
    out.add(flopsKey);
    out.add(fText);
    if (aText !== undefined) {
      out.add(', #acts: ');
      out.add(aText);
    }
    writeEstimates(i);
  };
  // Per type, `): Type(` (what follows a child's key).
  const heads = new Map<string, string>();

  if (anyUncalled) out.add(UNCALLED_NOTE);
  const n = walkModules.length;
  const printed = new Uint8Array(types.length);
  // The entries whose closing ')' is still due, innermost last; an entry's
  // depth is the number of entries open above it.
  const open: number[] = [];
  // A line break and the indentation of a depth, as one piece: cut from
  // one flat string of '\n' and spaces.
  let breaks = '';
  const lineBreaks: string[] = [];
  let first = true;
  const newLine = (depth: number): void => {
    if (first) {
      first = false;
      if (depth > 0) out.add(spaces.get(2 * depth));
      return;
    }
    let piece = lineBreaks[depth];
    if (piece === undefined) {
      if (breaks.length < 1 + 2 * depth) breaks = ['\n', spaces.get(Math.max(2 * depth, 2 * breaks.length, 64))].join('');
      piece = lineBreaks[depth] = breaks.slice(0, 1 + 2 * depth);
    }
    out.add(piece);
  };
  for (let e = 0; e < n; e++) {
    const parent = walkParents[e]!;
    if (depthOf !== null) {
      depthOf[e] = parent === -1 ? 0 : depthOf[parent]! + 1;
      if (depthOf[e]! > maxDepth) continue;
    }
    while (open.length > 0 && open[open.length - 1] !== parent) {
      open.pop();
      newLine(open.length);
      out.add(')');
    }
    const depth = open.length;
    newLine(depth);
    const m = walkModules[e]!;
    if (e > 0) {
      out.add('(');
      out.add(walkKeys[e]!);
      if (m === -1) {
        out.add('): None');
        continue;
      }
      const type = types[m]!;
      let head = heads.get(type);
      if (head === undefined) heads.set(type, (head = `): ${type}(`));
      out.add(head);
    } else {
      out.add(types[m]!);
      out.add('(');
    }
    // A shared module's statistics print at its first place only.
    const stats = printed[m] === 0 && hasStats(m);
    printed[m] = 1;
    const extra = extraReprs[m]!;
    const extraLines = extra === '' ? 0 : extra.includes('\n') ? extra.split('\n').length : 1;
    const hasChildren = e + 1 < n && walkParents[e + 1] === e && (depthOf === null || depthOf[e]! < maxDepth);
    if (!hasChildren && extraLines + (stats ? 1 : 0) <= 1) {
      if (extraLines > 0) out.add(extra);
      else if (stats) writeStats(m);
      out.add(')');
      continue;
    }
    if (extraLines === 1) {
      newLine(depth + 1);
      out.add(extra);
    } else if (extraLines > 1) {
      for (const line of extra.split('\n')) {
        newLine(depth + 1);
        out.add(line);
      }
    }
    if (stats) {
      newLine(depth + 1);
      writeStats(m);
    }
    if (hasChildren) open.push(e);
    else {
      newLine(depth);
      out.add(')');
    }
  }
  while (open.length > 0) {
    open.pop();
    newLine(open.length);
    out.add(')');
  }
  return out.done();
}
