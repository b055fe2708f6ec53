// The report as markdown, for a pull-request comment or a README: a title,
// the totals with their units, and the statistics table (the rows the text
// table prints, to the same depth) as a markdown table. A pure renderer of a
// Report, like the other views.

import { formatSize } from '../analysis/format.js';
import { frozenParams, totalParams, trainableParams, type Report } from '../analysis/report_model.js';
import { tableRows, type TableViewOptions } from './table.js';

/**
 * Markdown of a Report: title, totals (parameters also as trainable and
 * frozen; flops as fvcore counts them: one multiply-add is one), the table
 * (with the extra columns `options.columns` asks for).
 */
export function markdownView(report: Report, options: TableViewOptions = {}): string {
  const params = totalParams(report);
  const trainable = trainableParams(report);
  const frozen = frozenParams(report);
  const flops = report.flops.perModule[0] ?? 0n;
  const acts = report.activations?.perModule[0];
  const lines = [
    `## ${escapeText(report.model)}`,
    '',
    `Input ${report.inputs.map((s) => `\`${JSON.stringify(s)}\``).join(', ')}, ${report.mode} mode.`,
    '',
    '| total | count | exact |',
    '|:--|--:|--:|',
    `| parameters | ${formatSize(params)} | ${params} |`,
    `| trainable parameters | ${formatSize(trainable)} | ${trainable} |`,
    `| frozen parameters | ${formatSize(frozen)} | ${frozen} |`,
    `| flops (fvcore: 1 multiply-add = 1) | ${formatSize(flops)} | ${flops} |`,
    ...(acts === undefined ? [] : [`| activations (output elements of counted ops) | ${formatSize(acts)} | ${acts} |`]),
    '',
  ];
  const { headers, rows } = tableRows(report, options);
  lines.push(`| ${headers.map(escapeCell).join(' | ')} |`, `|:--|${headers.slice(1).map(() => '--:').join('|')}|`);
  for (const row of rows) {
    // The text table's indentation as non-breaking spaces (markdown trims
    // spaces); names in code spans, so `_` and `*` stay as they are.
    const name = row[0]!;
    const depth = name.length - name.trimStart().length;
    const cells = [`${'&nbsp;&nbsp;'.repeat(depth)}\`${name.trim()}\``, ...row.slice(1).map((c) => escapeCell(c.trim()))];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** A cell's text with the characters that would end it or start markup escaped. */
function escapeCell(text: string): string {
  return text.replace(/[|\\]/g, (c) => `\\${c}`);
}

function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);
}
