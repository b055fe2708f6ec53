// What every analyzer of one trace needs and none of its handles change:
// which modules each op is charged to, and which modules ran no op at all.
// Computed once per trace and ancestor mode, shared by the FLOP and
// activation analyzers.

import type { ModuleNames } from '../trace/aliases.js';
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
const INDEXES = new WeakMap<Trace, Partial<Record<AncestorMode, TraceIndex>>>();

export function traceIndex(trace: Trace, mode: AncestorMode): TraceIndex {
  let byMode = INDEXES.get(trace);
  if (byMode === undefined) INDEXES.set(trace, (byMode = {}));
  return (byMode[mode] ??= buildIndex(trace, mode));
}

function buildIndex(trace: Trace, mode: AncestorMode): TraceIndex {
  const ancestorsOf = ancestorCache(trace.names);
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
      // owner: the innermost module and its prefixes; caller: the call stack.
      const key = mode === 'caller' ? scopes.join('\u0000') : inner;
      let g = groupByKey.get(key);
      if (g === undefined) {
        g = groups.length;
        groups.push(mode === 'caller' ? [...new Set(scopes)] : ancestorsOf(inner));
        groupByKey.set(key, g);
        if (mode === 'owner') for (const a of groups[g]!) seen.add(a);
      }
      current = g;
    }
    groupOf[i] = current;
  }
  const modules: string[] = [];
  const listed = new Set<string>();
  const uncalled = new Set<string>();
  for (const c of trace.names.canonical.values()) {
    if (listed.has(c)) continue;
    listed.add(c);
    modules.push(c);
    if (!seen.has(c)) uncalled.add(c);
  }
  return { groupOf, groups, modules, uncalled };
}

const ANCESTORS = new WeakMap<ModuleNames, Map<string, readonly string[]>>();

/** '', 'a', 'a.b', 'a.b.c' for 'a.b.c' (canonical), cached per model's names. */
function ancestorCache(names: ModuleNames): (name: string) => readonly string[] {
  let cache = ANCESTORS.get(names);
  if (cache === undefined) ANCESTORS.set(names, (cache = new Map()));
  const c = cache;
  return (name) => {
    let hit = c.get(name);
    if (hit === undefined) {
      const canonical = names.canonical.get(name) ?? name;
      const out = [''];
      let dot = -1;
      if (canonical !== '') {
        do {
          dot = canonical.indexOf('.', dot + 1);
          out.push(dot === -1 ? canonical : canonical.slice(0, dot));
        } while (dot !== -1);
      }
      hit = out;
      c.set(name, hit);
    }
    return hit;
  };
}
