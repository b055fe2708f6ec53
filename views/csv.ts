// The report as CSV (RFC 4180), for spreadsheets and scripts: one row per
// module in `named_modules` order, with its class and exact counts (whole
// numbers, not the table's rounded sizes). A pure renderer of a Report.

import type { Report } from '../analysis/report_model.js';

/** CSV of a Report: module, type, parameters, flops (fvcore's: one multiply-add is one), activations, uncalled. */
export function csvView(report: Report): string {
  const { modules, params } = report.structure;
  const acts = report.activations;
  const lines = ['module,type,parameters,flops,activations,uncalled'];
  for (let i = 0; i < modules.length; i++) {
    const m = modules[i]!;
    const uncalled = report.flops.uncalled[i] === true;
    const a = acts === null ? '' : String(acts.perModule[i] ?? 0n);
    lines.push([field(m.name), field(m.type), String(params.get(m.name) ?? 0n), String(report.flops.perModule[i] ?? 0n), a, uncalled ? 'true' : 'false'].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
