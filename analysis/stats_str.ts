// complexity_stats_str: PyTorch's repr of the model with a statistics line
// added to every module that has any.

import { moduleRepr } from '../nn/module.js';
import type { ActivationAnalyzer, FlopAnalyzer } from './analyzers.js';
import { formatSize } from './format.js';

export const UNCALLED_NOTE =
  "N/A indicates a possibly missing statistic due to how the module was called. Missing values are still included in the parent's total.\n";

/**
 * The reference fills every module's missing statistics with zero, drops the
 * modules whose statistics are all zero (keeping uncalled ones), formats with
 * 2 decimals and writes N/A for uncalled modules. Only module rows can appear
 * in the repr, and without the "trivial children" rule each module's fate is
 * its own, so this works module by module.
 */
export function complexityStatsStr(
  flops: FlopAnalyzer,
  activations: ActivationAnalyzer | null = null,
  params?: ReadonlyMap<string, bigint>,
): string {
  const model = flops.analyzedModel;
  const tree = flops.modelTree;
  const paramCounts = params ?? tree.parameterCounts;
  const flopCounts = flops.byModuleView();
  const actCounts = activations?.byModuleView();
  const flopFloats = flops.floatModules();
  const actFloats = activations?.floatModules();
  const flopsUncalled = flops.uncalledModules();
  const actsUncalled = activations?.uncalledModules();
  const anyUncalled = flopsUncalled.size > 0 || (actsUncalled !== undefined && actsUncalled.size > 0);
  // The reference keeps the root by default only when nothing is forced.
  const forced = (name: string): boolean =>
    anyUncalled ? flopsUncalled.has(name) || (actsUncalled?.has(name) ?? false) : name === '';

  const lines = new Map<string, string>();
  for (const { name } of tree.nodes) {
    const p = paramCounts.get(name) ?? 0n;
    const f = flopCounts.get(name) ?? 0n;
    const a = actCounts?.get(name) ?? 0n;
    const keep = p !== 0n || f !== 0n || a !== 0n || forced(name);
    let line: string;
    const flopCell = flopsUncalled.has(name) ? 'N/A' : keep ? formatSize(f, 2, false, flopFloats.has(name)) : null;
    if (!keep && flopCell === null && !(actsUncalled?.has(name) ?? false)) continue;
    if (keep) {
      line = `#params: ${formatSize(p, 2)}, #flops: ${flopCell}`;
      if (actCounts !== undefined) {
        line += `, #acts: ${actsUncalled!.has(name) ? 'N/A' : formatSize(a, 2, false, actFloats!.has(name))}`;
      }
    } else {
      // Dropped, but marked uncalled by the other analyzer only.
      line = flopCell !== null ? `#flops: ${flopCell}` : '#acts: N/A';
    }
    lines.set(name, line);
  }
  return (anyUncalled ? UNCALLED_NOTE : '') + moduleRepr(model, (path) => lines.get(path) ?? '');
}
