// What every analyzer of one trace needs and none of its handles change:
// which modules each op is charged to, and which modules ran no op at all.
// Computed from the trace and the model tree it was taken with, once per
// ancestor mode for all the analyzers of one analysis (TraceIndexes).

import type { Scope } from '../trace/graph.js';
import { readerOf } from '../trace/recorded_ops.js';
import type { Trace } from '../trace/tracer.js';

/**
 * Which modules an op's count goes to: `'owner'` (fvcore's default) charges the
 * module it ran in and that module's ancestors; `'caller'` charges every module
 * on the call stack when it ran.
 */
export type AncestorMode = 'owner' | 'caller';

export interface TraceIndex {
  /** Per node, the index of its charge group. */
  readonly groupOf: Int32Array;
  /** How many groups there are (group indexes are below it). */
  readonly groupCount: number;
  /**
   * Writes the id (in the trace's model tree) of every module group `g`'s ops
   * are charged to into `out` (at least `maxMembers` long) and returns how
   * many. Owner mode: a group is a module id and its members are it and its
   * ancestors, walked up the parent links (no list per module: a model may
   * have 100,000); caller mode: the modules of one call stack. (A buffer, not
   * a callback: a closure per group is most of what summing allocates.)
   */
  membersOf(g: number, out: Int32Array): number;
  /** The most members any group has. */
  readonly maxMembers: number;
  /** Per module id, 1 when some op ran in its scope. */
  readonly called: Uint8Array;
}

export function traceIndex(trace: Trace, mode: AncestorMode): TraceIndex {
  const tree = trace.tree;
  const parents = tree.parents;
  const called = new Uint8Array(tree.size);
  // Every module on the call stack of an op is called (and in owner mode,
  // every ancestor of the module an op ran in). Each scope is walked once:
  // above a scope already seen, the stack was marked with it.
  const seen = new Set<Scope>();
  const lineage = new Uint8Array(mode === 'owner' ? tree.size : 0);
  const callerGroup = new Map<string, number>();
  const callerGroups: Int32Array[] = [];
  const nodes = readerOf(trace);
  const groupOf = new Int32Array(nodes.count);
  let last: Scope | null | undefined;
  let current = -1;
  if (nodes.count > 0) called[0] = 1;
  for (let i = 0; i < nodes.count; i++) {
    const scope = nodes.scope(i);
    if (scope !== last) {
      last = scope;
      for (let s = scope; s !== null && !seen.has(s); s = s.parent) {
        seen.add(s);
        called[s.id] = 1;
      }
      const inner = scope === null ? 0 : scope.id;
      if (mode === 'owner') {
        // The module and its ancestors in the tree, up to the first whose
        // ancestors were marked the same way before.
        for (let a = inner; a !== -1 && lineage[a] === 0; a = parents[a]!) {
          lineage[a] = 1;
          called[a] = 1;
        }
        current = inner;
      } else {
        const stack: number[] = [];
        for (let s = scope; s !== null; s = s.parent) stack.push(s.id);
        stack.push(0);
        const key = stack.join(',');
        let g = callerGroup.get(key);
        if (g === undefined) {
          g = callerGroups.length;
          callerGroup.set(key, g);
          callerGroups.push(Int32Array.from(new Set(stack.reverse())));
        }
        current = g;
      }
    }
    groupOf[i] = current;
  }
  if (mode === 'owner') {
    return {
      groupOf,
      groupCount: tree.size,
      membersOf(g, out) {
        let k = 0;
        for (let a = g; a !== -1; a = parents[a]!) out[k++] = a;
        return k;
      },
      maxMembers: maxDepth(tree.depths) + 1,
      called,
    };
  }
  return {
    groupOf,
    groupCount: callerGroups.length,
    membersOf(g, out) {
      const group = callerGroups[g]!;
      out.set(group);
      return group.length;
    },
    maxMembers: callerGroups.reduce((m, group) => Math.max(m, group.length), 0),
    called,
  };
}

function maxDepth(depths: Int32Array): number {
  let m = 0;
  for (let i = 0; i < depths.length; i++) if (depths[i]! > m) m = depths[i]!;
  return m;
}

/** One trace's indexes by ancestor mode, each made on first use: shared by the analyzers of one analysis. */
export class TraceIndexes {
  private readonly byMode: Partial<Record<AncestorMode, TraceIndex>> = {};

  constructor(readonly trace: Trace) {}

  get(mode: AncestorMode): TraceIndex {
    return (this.byMode[mode] ??= traceIndex(this.trace, mode));
  }
}
