// A rendered view is a pure function of the Report's structure, its
// per-module numbers and the view's options. Analysing an unchanged model
// again gives the same structure object and, mostly, the same numbers: the
// text of the last render of each view is then returned without rendering.
// Keyed by the structure (immutable); the numbers and options are compared
// in full, so a hit is never stale.

import { ArgumentError } from '../core/errors.js';
import { shownText, shownValue } from '../nn/module.js';
import type { CountStats, Report, ReportStructure } from '../analysis/report_model.js';

/** What the memo compares of a CountStats: its arrays alone (the object can reach its analysis, and so its model). */
interface Counts {
  readonly perModule: CountStats['perModule'];
  readonly isFloat: CountStats['isFloat'];
  readonly uncalled: CountStats['uncalled'];
  /** A symbolic Report's texts, printed in place of the numbers (whose 0n and 1n only say which are zero). */
  readonly formulas?: readonly string[] | undefined;
}

interface Rendered {
  readonly flops: Counts;
  readonly activations: Counts | null;
  readonly options: string;
  readonly text: string;
}

const LAST = new WeakMap<ReportStructure, Map<string, Rendered>>();

/** The arrays of `c`, kept without `c` (see Counts). */
function countsOf(c: CountStats | null): Counts | null {
  return c === null ? null : { perModule: c.perModule, isFloat: c.isFloat, uncalled: c.uncalled, formulas: c.formulas };
}

function sameCounts(a: Counts | null, b: Counts | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.perModule === b.perModule && a.isFloat === b.isFloat && a.uncalled === b.uncalled && a.formulas === b.formulas) return true;
  const n = a.perModule.length;
  if (b.perModule.length !== n || (a.formulas === undefined) !== (b.formulas === undefined)) return false;
  if (a.formulas !== undefined && b.formulas !== undefined) {
    for (let i = 0; i < n; i++) if (a.formulas[i] !== b.formulas[i]) return false;
  }
  for (let i = 0; i < n; i++) {
    if (a.perModule[i] !== b.perModule[i] || a.isFloat[i] !== b.isFloat[i] || a.uncalled[i] !== b.uncalled[i]) return false;
  }
  return true;
}

/** `render(report)`, or the text of the last render of view `view` with equal numbers and options. */
export function renderOnce(view: string, report: Report, options: string, render: () => string): string {
  checkReport(`${view} view`, report);
  let byView = LAST.get(report.structure);
  if (byView === undefined) LAST.set(report.structure, (byView = new Map()));
  const last = byView.get(view);
  if (last !== undefined && last.options === options && sameCounts(last.flops, report.flops) && sameCounts(last.activations, report.activations)) {
    return last.text;
  }
  let text: string;
  try {
    text = render();
  } catch (e) {
    // The engine's limit on a string's length: a model nested thousands
    // deep has a repr quadratic in its depth (each line is indented by it).
    if (e instanceof RangeError && /string length/i.test(e.message)) {
      throw new ArgumentError(
        `${report.model || 'model'} (${view} view)`,
        'text',
        shownText('longer than a JavaScript string can be'),
        "at most 2^29 - 24 characters (V8's longest string; each line of a deep model is indented by its depth)",
      );
    }
    throw e;
  }
  byView.set(view, { flops: countsOf(report.flops)!, activations: countsOf(report.activations), options, text });
  return text;
}

/** `report` must be a Report (a bad one is an ArgumentError, not a TypeError deep in a view). */
export function checkReport(where: string, report: unknown): asserts report is Report {
  const r = report as Partial<Report> | null;
  if (typeof r !== 'object' || r === null || typeof r.structure !== 'object' || r.structure === null || typeof r.flops !== 'object' || r.flops === null) {
    throw new ArgumentError(where, 'report', shownValue(report), "a Report (an analysis's `report`)");
  }
}
