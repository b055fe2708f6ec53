// The memory and roofline estimates a Report carries (withEstimates: the
// CLI's --memory and --roofline), as columns every view shares: the table,
// the architecture view's statistics lines, CSV and the HTML report. Each
// column says its unit: bytes in decimal units, latency in seconds.

import { ArgumentError } from '../core/errors.js';
import { shownValue } from '../nn/module.js';
import { bytesCell, secondsText } from '../analysis/byte_units.js';
import type { Report } from '../analysis/report_model.js';

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

/** The columns of the estimates `kinds` names (each must be in the Report: a missing one is an ArgumentError naming `where`). */
export function estimateColumns(report: Report, kinds: readonly EstimateKind[], where: string): EstimateColumn[] {
  const out: EstimateColumn[] = [];
  const e = report.estimates;
  for (const kind of kinds) {
    if (kind === 'memory') {
      const memory = e?.memory;
      if (memory === undefined) throw new ArgumentError(where, 'columns', shownValue('memory'), 'columns of estimates the Report carries (withEstimates(report, { memory: memoryOf(result) }))');
      const bytes = (header: string, csvHeader: string, of: (m: number) => bigint): EstimateColumn => ({ header, csvHeader, text: (m) => bytesCell(of(m)), exact: (m) => String(of(m)) });
      out.push(
        bytes('param bytes', 'param_bytes', (m) => memory.modules[m]!.paramBytes),
        bytes('buffer bytes', 'buffer_bytes', (m) => memory.modules[m]!.bufferBytes),
        bytes('results made', 'activation_bytes', (m) => memory.modules[m]!.activationBytes),
        bytes('peak live', 'peak_activation_bytes', (m) => memory.modules[m]!.peakActivationBytes),
      );
      const training = e?.training;
      if (training !== undefined) out.push(bytes('saved for backward', 'saved_activation_bytes', (m) => training.savedActivationBytesByModule[m]!));
    } else {
      const roofline = e?.roofline;
      if (roofline === undefined) throw new ArgumentError(where, 'columns', shownValue('roofline'), 'columns of estimates the Report carries (withEstimates(report, { roofline: rooflineOf(result, options) }))');
      const point = (m: number) => roofline.modules[m]!;
      out.push(
        { header: 'bytes moved', csvHeader: 'bytes_moved', text: (m) => bytesCell(point(m).bytesMoved), exact: (m) => String(point(m).bytesMoved) },
        { header: 'FLOP/byte', csvHeader: 'flop_per_byte', text: (m) => point(m).intensity.toFixed(2), exact: (m) => String(point(m).intensity) },
        { header: 'bound', csvHeader: 'bound', text: (m) => point(m).bound, exact: (m) => point(m).bound },
        { header: 'min latency', csvHeader: 'latency_seconds', text: (m) => secondsText(point(m).latencySeconds), exact: (m) => String(point(m).latencySeconds) },
      );
    }
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
