// The text and JSON of a symbolic analysis beyond its views: the exact
// formulas of the totals, the conditions, the values at given points, and for
// a decode step the closed forms over generated tokens.

import { isExpr, structured, type StructuredExpr, type SymCount, type Value } from '../core/symbolic.js';
import { formatSize } from './format.js';
import type { SymbolicAnalysis } from './symbolic_analysis.js';
import { symbolicBytes } from './symbolic_bytes.js';
import { countAdd } from '../core/symbolic.js';

/** Bytes read plus written by every op of the model. */
function bytesMoved(s: SymbolicAnalysis): SymCount {
  const b = symbolicBytes(s);
  return countAdd(b.bytesRead[0]!, b.bytesWritten[0]!);
}

const exactText = (v: Value): string => (isExpr(v) ? v.toString() : String(v));

/** How the sizes are constrained: `B >= 1, H = 32h (h >= 1)`. */
function sizesText(s: SymbolicAnalysis): string {
  return s.sizes
    .map((z) => (z.via === undefined ? `${z.name} >= ${z.min}` : `${z.name} = ${z.via.coefficient}${z.via.symbol}${z.via.offset === 0 ? '' : z.via.offset > 0 ? ` + ${z.via.offset}` : ` - ${-z.via.offset}`}`))
    .join(', ');
}

/**
 * The lines after the views of a symbolic text report: the totals as exact
 * formulas, what they assume, their values at each point, and for a decode
 * step (`past` names the cache length) the sums over generated tokens.
 */
export function symbolicSummary(s: SymbolicAnalysis, points: readonly Readonly<Record<string, number>>[], past?: string): string {
  const lines = [
    `Formulas (fvcore's rules, exact; sizes: ${sizesText(s)}):`,
    `  flops = ${exactText(s.inSizeNames(s.flops))}`,
    `  activations = ${exactText(s.inSizeNames(s.activations))}`,
    `  bytes moved (fp32, as the roofline counts them) = ${exactText(s.inSizeNames(bytesMoved(s)))}`,
    `  params = ${s.params} (${formatSize(s.params)})`,
  ];
  if (s.conditions.length > 0) lines.push(`Assuming: ${s.conditions.map((c) => `${exactText(s.inSizeNames(c.expr as SymCount))} >= ${c.bound} (${c.why})`).join('; ')}`);
  if (past !== undefined) {
    const g = s.generationTotal(past);
    const t = s.perToken(past);
    lines.push(`Generation: O tokens after ${past} cached, the decode steps summed exactly:`, `  flops = ${exactText(g.flops)}`, `  activations = ${exactText(g.activations)}`);
    lines.push('The token at position T (T - 1 cached):', `  flops = ${exactText(t.flops)}`, `  activations = ${exactText(t.activations)}`);
  }
  if (points.length > 0) {
    const rows = points.map((p) => {
      const r = s.at(p);
      return [Object.entries(p).map(([k, v]) => `${k}=${v}`).join(','), `${r.flopsStr} (${r.flops})`, `${r.activationsStr} (${r.activations})`];
    });
    const head = ['at', 'flops', 'activations'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: readonly string[]): string => `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`;
    lines.push('Values:', line(head), ...rows.map(line));
  }
  return `${lines.join('\n')}\n`;
}

/** JSON of the generation closed forms: `totalOverTokens` (in the sizes and O) and `perToken` (in T). */
export function generationFormulaJson(s: SymbolicAnalysis, past: string): { readonly totalOverTokens: Record<string, { text: string; value: StructuredExpr }>; readonly perToken: Record<string, { text: string; value: StructuredExpr }> } {
  const both = (c: { flops: SymCount; activations: SymCount }): Record<string, { text: string; value: StructuredExpr }> => ({
    flops: { text: exactText(c.flops), value: structured(c.flops) },
    activations: { text: exactText(c.activations), value: structured(c.activations) },
  });
  return { totalOverTokens: both(s.generationTotal(past)), perToken: both(s.perToken(past)) };
}
