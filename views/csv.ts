// The report as CSV (RFC 4180), for spreadsheets and scripts: one row per
// module in `named_modules` order, with its class, exact counts (whole
// numbers, not the table's rounded sizes) and output shape, then the
// estimates the Report carries (bytes and seconds, exact). A pure renderer
// of a Report.

import { flopsLabel, outputShapeOf, outputShapeText, type Report } from '../analysis/report_model.js';
import { carriedEstimates, estimateColumns } from '../analysis/estimate_columns.js';
import { checkReport } from './memo.js';

/**
 * CSV of a Report: module, type, parameters, flops (fvcore's: one
 * multiply-add is one; under a named convention the column is its unit and
 * name, `macs_thop`), activations, uncalled, output shape (its first call's;
 * '' when never called), and the estimates' columns when the Report carries them.
 */
export function csvView(report: Report): string {
  checkReport('csvView', report);
  const { modules, params } = report.structure;
  const acts = report.activations;
  const conv = report.convention;
  const flopsHeader = conv === undefined ? 'flops' : `${flopsLabel(report).toLowerCase()}_${conv.name}`;
  const estimates = estimateColumns(report, carriedEstimates(report), 'csvView');
  const lines = [['module', 'type', 'parameters', flopsHeader, 'activations', 'uncalled', 'output_shape', ...estimates.map((c) => c.csvHeader)].join(',')];
  for (let i = 0; i < modules.length; i++) {
    const m = modules[i]!;
    const uncalled = report.flops.uncalled[i] === true;
    const a = acts === null ? '' : String(acts.perModule[i] ?? 0n);
    const cells = [field(m.name), field(m.type), String(params.get(m.name) ?? 0n), String(report.flops.perModule[i] ?? 0n), a, uncalled ? 'true' : 'false', field(outputShapeText(outputShapeOf(report, i)))];
    for (const c of estimates) cells.push(c.exact(i));
    lines.push(cells.join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
