// The memory and roofline estimates a Report carries (withEstimates: the
// CLI's --memory and --roofline), as columns every view shares: the table,
// the architecture view's statistics lines, CSV and the HTML report. Each
// column says its unit: bytes in decimal units, latency in seconds.
//
// The module that makes an estimate gives its columns when it loads
// (memory.ts, memory_training.ts, roofline.ts: provideEstimateColumns), as a
// Report can carry an estimate only once that module has made one. So the
// views name no estimate's columns, and an app that never makes an estimate
// bundles none of them.

import { ArgumentError } from '../core/errors.js';
import { shownValue } from '../nn/module.js';
import type { Report, ReportEstimates } from './report_model.js';

/** One per-module column of an estimate. */
export interface EstimateColumn {
  /** The header in the table, the HTML report and the architecture view (`#header: value`). */
  readonly header: string;
  /** The CSV header: snake_case, with its unit. */
  readonly csvHeader: string;
  /** Module m's value for reading: bytes as `12.85 MB`, latency as `1.234 us`. */
  text(m: number): string;
  /** Module m's value exactly: bytes as an integer, seconds as a JavaScript number. */
  exact(m: number): string;
}

/** Which estimates: memory (bytes per module), roofline (bytes moved, intensity, bound, latency). */
export type EstimateKind = 'memory' | 'roofline';

/** The estimates that give columns: a training step's memory adds one to memory's. */
type ColumnSource = EstimateKind | 'training';

// Set once per source, when its module loads; never changed after.
const COLUMNS = new Map<ColumnSource, (estimates: ReportEstimates) => EstimateColumn[]>();

/** Gives the columns of an estimate a Report can carry: called once, by the module that makes the estimate, when it loads. */
export function provideEstimateColumns(source: ColumnSource, columns: (estimates: ReportEstimates) => EstimateColumn[]): void {
  COLUMNS.set(source, columns);
}

function columnsOf(source: ColumnSource, estimates: ReportEstimates, where: string): EstimateColumn[] {
  const columns = COLUMNS.get(source);
  // Only a Report put together by hand, in a program that never loaded the estimate's module, gets here.
  if (columns === undefined) {
    const module = `analysis/${source === 'training' ? 'memory_training' : source}.js`;
    throw new ArgumentError(where, 'columns', shownValue(source), `columns of an estimate whose module is loaded (import ${module}, which gives them)`);
  }
  return columns(estimates);
}

/** The columns of the estimates `kinds` names (each must be in the Report: a missing one is an ArgumentError naming `where`). */
export function estimateColumns(report: Report, kinds: readonly EstimateKind[], where: string): EstimateColumn[] {
  const out: EstimateColumn[] = [];
  const e = report.estimates;
  for (const kind of kinds) {
    if (e?.[kind] === undefined) {
      const made = kind === 'memory' ? 'memoryOf(result)' : 'rooflineOf(result, options)';
      throw new ArgumentError(where, 'columns', shownValue(kind), `columns of estimates the Report carries (withEstimates(report, { ${kind}: ${made} }))`);
    }
    out.push(...columnsOf(kind, e, where));
    if (kind === 'memory' && e.training !== undefined) out.push(...columnsOf('training', e, where));
  }
  return out;
}

/** The estimates a Report carries, in the order their columns print. */
export function carriedEstimates(report: Report): EstimateKind[] {
  const e = report.estimates;
  const out: EstimateKind[] = [];
  if (e?.memory !== undefined) out.push('memory');
  if (e?.roofline !== undefined) out.push('roofline');
  return out;
}
