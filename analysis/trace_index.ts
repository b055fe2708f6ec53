// What every analyzer of one trace needs and none of its handles change:
// which modules each op is charged to, and which modules ran no op at all.
// Computed from the trace and the model tree it was taken with, once per
// ancestor mode for all the analyzers of one analysis (TraceIndexes).

import { innermostScope } from '../trace/graph.js';
import type { Trace } from '../trace/tracer.js';

export type AncestorMode = 'owner' | 'caller';

export interface TraceIndex {
  /** Per node, the index of its charge group. */
  readonly groupOf: Int32Array;
  /** Per group, the modules (canonical names) its ops are charged to. */
  readonly groups: readonly (readonly string[])[];
  /** Canonical module names once each, in the reference's order. */
  readonly modules: readonly string[];
  readonly uncalled: ReadonlySet<string>;
}

const ROOT_SCOPE: readonly string[] = [''];

export function traceIndex(trace: Trace, mode: AncestorMode): TraceIndex {
  const tree = trace.tree;
  const seen = new Set<string>();
  const groupByKey = new Map<unknown, number>();
  const groups: (readonly string[])[] = [];
  const nodes = trace.nodes;
  const groupOf = new Int32Array(nodes.length);
  let lastScopes: readonly string[] | null = null;
  let current = -1;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.scopes !== lastScopes) {
      lastScopes = node.scopes;
      const scopes = node.scopes.length === 0 ? ROOT_SCOPE : node.scopes;
      for (const s of scopes) seen.add(s);
      const inner = innermostScope(node);
      // owner: the innermost module and the modules enclosing it; caller: the call stack.
      const key = mode === 'caller' ? scopes.join('\u0000') : inner;
      let g = groupByKey.get(key);
      if (g === undefined) {
        g = groups.length;
        // Owner groups are made once per innermost module, following parent links.
        groups.push(mode === 'caller' ? [...new Set(scopes)] : tree.ancestorNames(inner));
        groupByKey.set(key, g);
        if (mode === 'owner') for (const a of groups[g]!) seen.add(a);
      }
      current = g;
    }
    groupOf[i] = current;
  }
  const modules: string[] = [];
  const uncalled = new Set<string>();
  for (const { name } of tree.nodes) {
    modules.push(name);
    if (!seen.has(name)) uncalled.add(name);
  }
  return { groupOf, groups, modules, uncalled };
}

/** One trace's indexes by ancestor mode, each made on first use: shared by the analyzers of one analysis. */
export class TraceIndexes {
  private readonly byMode: Partial<Record<AncestorMode, TraceIndex>> = {};

  constructor(readonly trace: Trace) {}

  get(mode: AncestorMode): TraceIndex {
    return (this.byMode[mode] ??= traceIndex(this.trace, mode));
  }
}
