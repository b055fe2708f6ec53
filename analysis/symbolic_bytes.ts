// Bytes as formulas (issue 14, once memory landed): each op's bytes read and
// written, summed into its module and every enclosing one, exactly as the
// roofline counts them (analysis/roofline.ts), with element counts that are
// expressions in the named sizes.

import { DTYPE_BYTES } from '../core/dtype.js';
import { symNumel } from '../core/shape.js';
import { countAdd, countFloorDiv, countMul, type SymCount } from '../core/symbolic.js';
import { Tensor } from '../core/tensor.js';
import type { OpNode } from '../trace/graph.js';
import { dtypesOf, forEachScope, isFloating, isIdentity, STORAGE_DTYPE_BITS, type DtypeOptions, type Dtypes, type StorageDtype } from './memory.js';
import type { SymbolicAnalysis } from './symbolic_analysis.js';

/** Bytes read and written per module (named_modules order), as the roofline counts them. */
export interface SymbolicBytes {
  readonly dtypes: Dtypes;
  readonly bytesRead: readonly SymCount[];
  readonly bytesWritten: readonly SymCount[];
}

/** ceil(elements * bits / 8): `bytesOf` of analysis/memory.ts for a count that may be symbolic. */
function bytesOf(elements: SymCount, dtype: StorageDtype): SymCount {
  return countFloorDiv(countAdd(countMul(elements, BigInt(STORAGE_DTYPE_BITS[dtype])), 7n), 8n);
}

function tensorBytes(t: Tensor, floatDtype: StorageDtype): SymCount {
  const n = symNumel(t.shape);
  return isFloating(t.dtype) ? bytesOf(n, floatDtype) : countMul(n, BigInt(DTYPE_BYTES[t.dtype]));
}

/** Bytes an op reads: each tensor argument once; an embedding only the rows it gathers. */
function bytesRead(node: OpNode, dtypes: Dtypes, weights: ReadonlySet<Tensor>): SymCount {
  if (node.kind === 'aten::embedding') {
    const w = node.args.weight;
    const idx = node.args.indices;
    if (w instanceof Tensor && idx instanceof Tensor) {
      const rows = countMul(symNumel(idx.shape), w.shape[w.shape.length - 1] ?? 1);
      return countAdd(bytesOf(rows, weights.has(w) ? dtypes.weight : dtypes.act), tensorBytes(idx, dtypes.act));
    }
  }
  const seen = new Set<Tensor>();
  let total: SymCount = 0n;
  const add = (t: unknown): void => {
    if (!(t instanceof Tensor) || seen.has(t)) return;
    seen.add(t);
    total = countAdd(total, tensorBytes(t, weights.has(t) ? dtypes.weight : dtypes.act));
  };
  for (const name in node.args) {
    const v = node.args[name];
    if (Array.isArray(v)) for (const e of v) add(e);
    else add(v);
  }
  return total;
}

/** The bytes each module's ops read and write, as formulas (fp32 unless `options` say). */
export function symbolicBytes(s: SymbolicAnalysis, options?: DtypeOptions): SymbolicBytes {
  const dtypes = dtypesOf(options);
  const tree = s.tree;
  const weights = new Set<Tensor>();
  for (const p of tree.parameters) weights.add(p.parameter);
  for (const b of tree.buffers) weights.add(b.buffer);
  const read: SymCount[] = new Array<SymCount>(tree.size).fill(0n);
  const written: SymCount[] = new Array<SymCount>(tree.size).fill(0n);
  for (const node of s.trace.nodes) {
    // A view (or a dropout outside training) moves no data; an op returning a Python number reads only sizes.
    if (node.schema.aliasesInput || isIdentity(node) || !node.outputs.some((o) => o !== null)) continue;
    const r = bytesRead(node, dtypes, weights);
    let w: SymCount = 0n;
    for (const o of node.outputs) if (o !== null) w = countAdd(w, bytesOf(symNumel(o), dtypes.act));
    forEachScope(node, tree.parents, (id) => {
      read[id] = countAdd(read[id]!, r);
      written[id] = countAdd(written[id]!, w);
    });
  }
  return { dtypes, bytesRead: read, bytesWritten: written };
}
