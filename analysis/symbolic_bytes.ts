// Bytes as formulas (issue 14, once memory landed): each op's bytes read and
// written, summed into its module and every enclosing one, exactly as the
// roofline counts them (its opBytesReadOf and opBytesWrittenOf, which keep a
// symbolic count as an expression).

import { countAdd, type SymCount } from '../core/symbolic.js';
import { dtypesOf, forEachScope, type DtypeOptions, type Dtypes } from './memory.js';
import { movesData, opBytesReadOf, opBytesWrittenOf, weightTensorsOf } from './roofline.js';
import type { SymbolicAnalysis } from './symbolic_analysis.js';

/** Bytes read and written per module (named_modules order), as the roofline counts them. */
export interface SymbolicBytes {
  readonly dtypes: Dtypes;
  readonly bytesRead: readonly SymCount[];
  readonly bytesWritten: readonly SymCount[];
}

/** The bytes each module's ops read and write, as formulas (fp32 unless `options` say). */
export function symbolicBytes(s: SymbolicAnalysis, options?: DtypeOptions): SymbolicBytes {
  const dtypes = dtypesOf(options);
  const tree = s.tree;
  const weights = weightTensorsOf(tree);
  const read: SymCount[] = new Array<SymCount>(tree.size).fill(0n);
  const written: SymCount[] = new Array<SymCount>(tree.size).fill(0n);
  for (const node of s.trace.nodes) {
    if (!movesData(node)) continue;
    const r = opBytesReadOf(node, dtypes, weights);
    const w = opBytesWrittenOf(node, dtypes.act);
    forEachScope(node, tree.parents, (id) => {
      read[id] = countAdd(read[id]!, r);
      written[id] = countAdd(written[id]!, w);
    });
  }
  return { dtypes, bytesRead: read, bytesWritten: written };
}
