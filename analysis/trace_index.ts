// What every analyzer of one trace needs and none of its handles change:
// which modules each op is charged to, and which modules ran no op at all.
// Computed from the trace and the model tree it was taken with, once per
// ancestor mode for all the analyzers of one analysis (TraceIndexes).

import type { Scope } from '../trace/graph.js';
import type { ModelTree } from '../trace/model_tree.js';
import type { Trace } from '../trace/tracer.js';

export type AncestorMode = 'owner' | 'caller';

export interface TraceIndex {
  /** Per node, the index of its charge group. */
  readonly groupOf: Int32Array;
  /** Per group, the ids (in the trace's model tree) of the modules its ops are charged to, outermost first. */
  readonly groups: readonly Int32Array[];
  /** Per module id, 1 when some op ran in its scope. */
  readonly called: Uint8Array;
}

export function traceIndex(trace: Trace, mode: AncestorMode): TraceIndex {
  const tree = trace.tree;
  const called = new Uint8Array(tree.size);
  // Every module on the call stack of an op is called. Each scope is walked
  // once: above a scope already seen, the stack was marked with it.
  const seen = new Set<Scope>();
  // owner: a group per innermost module (its id), made once from parent links;
  // caller: a group per call stack.
  const ownerGroup = new Int32Array(tree.size).fill(-1);
  const callerGroup = new Map<string, number>();
  const groups: Int32Array[] = [];
  const nodes = trace.nodes;
  const groupOf = new Int32Array(nodes.length);
  let last: Scope | null | undefined;
  let current = -1;
  if (nodes.length > 0) called[0] = 1;
  for (let i = 0; i < nodes.length; i++) {
    const scope = nodes[i]!.scope;
    if (scope !== last) {
      last = scope;
      for (let s = scope; s !== null && !seen.has(s); s = s.parent) {
        seen.add(s);
        called[s.id] = 1;
      }
      const inner = scope === null ? 0 : scope.id;
      if (mode === 'owner') {
        let g = ownerGroup[inner]!;
        if (g === -1) {
          g = ownerGroup[inner] = groups.length;
          const ids = ancestorIds(tree, inner);
          groups.push(ids);
          for (const a of ids) called[a] = 1;
        }
        current = g;
      } else {
        const stack: number[] = [];
        for (let s = scope; s !== null; s = s.parent) stack.push(s.id);
        stack.push(0);
        const key = stack.join(',');
        let g = callerGroup.get(key);
        if (g === undefined) {
          g = groups.length;
          callerGroup.set(key, g);
          groups.push(Int32Array.from(new Set(stack.reverse())));
        }
        current = g;
      }
    }
    groupOf[i] = current;
  }
  return { groupOf, groups, called };
}

// Per model tree, each module's id and its ancestors' (root first): keyed by
// the tree, which never changes, so analyses of an unchanged model share them.
const ANCESTORS = new WeakMap<ModelTree, (Int32Array | undefined)[]>();

function ancestorIds(tree: ModelTree, id: number): Int32Array {
  let byId = ANCESTORS.get(tree);
  if (byId === undefined) ANCESTORS.set(tree, (byId = new Array<Int32Array | undefined>(tree.size)));
  let ids = byId[id];
  if (ids === undefined) {
    // Root first, from the parent links (a typed array of its final size).
    const parents = tree.parents;
    let depth = 0;
    for (let a = parents[id]!; a !== -1; a = parents[a]!) depth++;
    ids = byId[id] = new Int32Array(depth + 1);
    for (let a = id, at = depth; a !== -1; a = parents[a]!, at--) ids[at] = a;
  }
  return ids;
}

/** One trace's indexes by ancestor mode, each made on first use: shared by the analyzers of one analysis. */
export class TraceIndexes {
  private readonly byMode: Partial<Record<AncestorMode, TraceIndex>> = {};

  constructor(readonly trace: Trace) {}

  get(mode: AncestorMode): TraceIndex {
    return (this.byMode[mode] ??= traceIndex(this.trace, mode));
  }
}
