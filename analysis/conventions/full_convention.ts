// `full` as a convention (`--convention full`): the cost table of full.ts
// applied to every op the model ran, dead code included (PyTorch runs it),
// each op charged to its module and every module enclosing it.

import { countTotal } from '../handles.js';
import { simplifyOpName } from '../registry.js';
import type { Trace } from '../../trace/tracer.js';
import type { Convention, ConventionCounts } from './convention.js';
import { FULL_FLOP_HANDLES } from './full.js';
import { Tally, moduleOfNode, paramsOf } from './tally.js';

function count(trace: Trace): ConventionCounts {
  const tree = trace.tree;
  const tally = new Tally(tree);
  for (const node of trace.executed) {
    const handle = FULL_FLOP_HANDLES[node.kind];
    if (handle === undefined) continue;
    const flops = countTotal(handle(node));
    if (flops !== 0n) tally.addInclusive(moduleOfNode(node), simplifyOpName(node.kind), flops);
  }
  return { perModule: tally.perModule, byRule: tally.byRule, params: paramsOf(tree, 0) };
}

/** Ours: every op costed, 2 FLOPs per multiply-add (docs/costs.md). */
export const full: Convention = {
  name: 'full',
  unit: 'FLOPs',
  tool: 'flopscope full (every op costed; docs/costs.md)',
  source: 'analysis/conventions/full.ts FULL_FLOP_HANDLES',
  leavesOut: 'nothing: ops that only move memory cost 0 (FULL_ZERO_COST_OPS)',
  count,
};
