// torchinfo 1.8.0 (TylerYep/torchinfo@73ed568, the PyPI release), `summary`:
// a row per module call; `LayerInfo.calculate_macs` (torchinfo/layer_info.py)
// counts a module's mult-adds from its parameters and its output's shape, and
// `ModelStatistics` (torchinfo/model_statistics.py) totals the rows of leaf
// modules (no children). Functions are never counted.

import type { ModelTree } from '../../trace/model_tree.js';
import type { Trace } from '../../trace/tracer.js';
import type { Convention, ConventionCounts } from './convention.js';
import { Tally, callName, childrenOf, firstShape, paramsOf, prod } from './tally.js';

/** Per module id, its parameters (its own and its descendants') as `named_parameters()` names them relative to it. */
function relativeParams(tree: ModelTree, id: number): [string, bigint][] {
  const names = tree.canonicalNames;
  const prefix = names[id] === '' ? '' : `${names[id]!}.`;
  const { owner, key } = tree.params;
  const counts = tree.parameterTotals.parameter;
  const out: [string, bigint][] = [];
  for (let q = 0; q < key.length; q++) {
    const ownerName = names[owner[q]!]!;
    const full = ownerName === '' ? key[q]! : `${ownerName}.${key[q]!}`;
    if (prefix === '' || full.startsWith(prefix)) out.push([full.slice(prefix.length), counts[q]!]);
  }
  return out;
}

/** `calculate_macs` for one call whose output is `output` (its first tensor). */
function callMacs(params: readonly [string, bigint][], className: string, output: readonly number[]): bigint {
  let macs = 0n;
  for (const [name, n] of params) {
    if (name === 'weight' || name === 'bias') {
      // Convolutions: per output position, the channel dimension left out.
      macs += className.includes('Conv') ? n * prod([...output.slice(0, 1), ...output.slice(2)]) : BigInt(output[0] ?? 0) * n;
    } else if (name.includes('weight') || name.includes('bias')) {
      // Recurrent weights (weight_ih_l0) and other inner parameters: per element of the first two output dims.
      macs += prod(output.slice(0, 2)) * n;
    }
  }
  return macs;
}

function count(trace: Trace): ConventionCounts {
  const tree = trace.tree;
  const children = childrenOf(tree);
  const leaf = children.map((c) => c.length === 0);
  const params = new Map<number, [string, bigint][]>();
  const tally = new Tally(tree);
  for (const call of trace.calls) {
    if (!leaf[call.id]) continue;
    const output = firstShape(call.output, () => `${callName(call, tree.moduleList[call.id]!.typeName())}: output`);
    if (output === null) continue;
    let own = params.get(call.id);
    if (own === undefined) params.set(call.id, (own = relativeParams(tree, call.id)));
    const macs = callMacs(own, tree.moduleList[call.id]!.typeName(), output);
    // A non-leaf module's own row is not part of the total: it shows the leaf rows inside it.
    if (macs !== 0n) tally.addInclusive(call.id, tree.moduleList[call.id]!.typeName(), macs);
  }
  return { perModule: tally.perModule, byRule: tally.byRule, params: paramsOf(tree, 0) };
}

/** torchinfo 1.8.0's `summary`. */
export const torchinfo: Convention = {
  name: 'torchinfo',
  unit: 'MACs',
  tool: 'torchinfo 1.8.0 (TylerYep/torchinfo)',
  source: 'torchinfo/layer_info.py LayerInfo.calculate_macs; torchinfo/model_statistics.py ModelStatistics',
  leavesOut: 'every function and parameter-free layer (activations, pools, attention matmuls); Linear/Norm/Embedding counted once per batch row, not per token',
  count,
};
