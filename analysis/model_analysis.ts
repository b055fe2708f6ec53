// The reference's JitModelAnalysis: runs the handles over a trace and sums each
// op's count into its module and every enclosing module.

import { CounterError, UnknownNameError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { Module } from '../nn/module.js';
import { innermostScope, type OpNode } from '../trace/graph.js';
import { traceModel, type Trace } from '../trace/tracer.js';
import type { ModuleNames } from '../trace/aliases.js';
import { FloatCount, type CountValue, type OpCount, type OpHandle } from './handles.js';
import { IGNORED_OPS, simplifyOpName } from './registry.js';

export type AncestorMode = 'owner' | 'caller';

interface Statistics {
  readonly counts: Map<string, Map<string, bigint>>;
  /** Per module, the op names whose count the reference holds as a float. */
  readonly floats: Map<string, Set<string>>;
  readonly unsupported: Map<string, Map<string, number>>;
  readonly uncalled: Set<string>;
  byModule?: Map<string, bigint>;
  floatModules?: Set<string>;
}

function toBigInt(kind: string, v: CountValue): [bigint, boolean] {
  if (typeof v === 'bigint') return [v, false];
  if (v instanceof FloatCount) return [v.value, true];
  if (typeof v === 'number' && Number.isSafeInteger(v)) return [BigInt(v), false];
  throw new CounterError(kind, `returned ${String(v)}; counts must be whole numbers (use bigint beyond 2^53)`);
}

export class ModelAnalysis {
  protected readonly model: Module;
  private readonly inputs: readonly Tensor[];
  private traced: Trace | undefined;
  private handles = new Map<string, OpHandle>();
  private ignored = new Set<string>(IGNORED_OPS);
  private mode: AncestorMode = 'owner';
  private stats: Statistics | null = null;

  constructor(model: Module, inputs: Tensor | readonly Tensor[], trace?: Trace) {
    this.model = model;
    this.inputs = Array.isArray(inputs) ? inputs : [inputs as Tensor];
    this.traced = trace;
  }

  /** The trace, run once on first use and shared by copies made with `withTrace`. */
  get trace(): Trace {
    if (this.traced === undefined) this.traced = traceModel(this.model, this.inputs);
    return this.traced;
  }

  get analyzedModel(): Module {
    return this.model;
  }

  total(moduleName = ''): bigint {
    let sum = 0n;
    for (const v of this.byOperator(moduleName).values()) sum += v;
    return sum;
  }

  /** Whether the reference would hold this module's total as a float. */
  isFloat(moduleName = ''): boolean {
    const f = this.analyze().floats.get(this.canonicalModuleName(moduleName));
    return f !== undefined && f.size > 0;
  }

  byOperator(moduleName = ''): ReadonlyMap<string, bigint> {
    return this.analyze().counts.get(this.canonicalModuleName(moduleName))!;
  }

  byModuleAndOperator(): ReadonlyMap<string, ReadonlyMap<string, bigint>> {
    return this.analyze().counts;
  }

  byModule(): Map<string, bigint> {
    const stats = this.analyze();
    if (stats.byModule === undefined) {
      const out = new Map<string, bigint>();
      for (const [name, ops] of stats.counts) {
        let sum = 0n;
        for (const v of ops.values()) sum += v;
        out.set(name, sum);
      }
      stats.byModule = out;
    }
    return new Map(stats.byModule);
  }

  /** byModule() without the copy, for the printing code (read-only). */
  byModuleView(): ReadonlyMap<string, bigint> {
    this.byModule();
    return this.analyze().byModule!;
  }

  /** Canonical names of the modules whose totals the reference holds as floats. */
  floatModules(): ReadonlySet<string> {
    const stats = this.analyze();
    if (stats.floatModules === undefined) {
      stats.floatModules = new Set([...stats.floats].filter(([, ops]) => ops.size > 0).map(([m]) => m));
    }
    return stats.floatModules;
  }

  unsupportedOps(moduleName = ''): ReadonlyMap<string, number> {
    return this.analyze().unsupported.get(this.canonicalModuleName(moduleName))!;
  }

  uncalledModules(): ReadonlySet<string> {
    return this.analyze().uncalled;
  }

  /**
   * Sets or replaces a handle; `null` ignores the op. (The reference only adds
   * the op to its ignore list, which leaves an existing handle in force, so
   * its documented `set_op_handle("aten::batch_norm", None)` does nothing;
   * here it does what that documentation says.)
   */
  setOpHandle(name: string, handle: OpHandle | null): this {
    this.stats = null;
    if (handle === null) {
      this.handles.delete(name);
      this.ignored.add(name);
    } else {
      this.handles.set(name, handle);
      this.ignored.delete(name);
    }
    return this;
  }

  setOpHandles(handles: Readonly<Record<string, OpHandle | null>>): this {
    for (const [name, h] of Object.entries(handles)) this.setOpHandle(name, h);
    return this;
  }

  clearOpHandles(): this {
    this.handles = new Map();
    this.ignored = new Set(IGNORED_OPS);
    this.stats = null;
    return this;
  }

  canonicalModuleName(name: string): string {
    const c = this.trace.names.canonical.get(name);
    if (c === undefined) throw new UnknownNameError('module', name, [...this.trace.names.canonical.keys()].filter((n) => n !== ''));
    return c;
  }

  ancestorMode(mode: AncestorMode): this {
    if (mode !== 'owner' && mode !== 'caller') throw new UnknownNameError('ancestor mode', String(mode), ['owner', 'caller']);
    this.mode = mode;
    this.stats = null;
    return this;
  }

  private analyze(): Statistics {
    if (this.stats !== null) return this.stats;
    const trace = this.trace;
    // Per-module maps are made as ops first reach a module; the result lists
    // every module, in the reference's order, after the loop.
    const counts = new Map<string, Map<string, bigint>>();
    const floats = new Map<string, Set<string>>();
    const unsupported = new Map<string, Map<string, number>>();
    const seen = new Set<string>();
    const ancestorsOf = ancestorCache(trace.names);
    // Ops are summed per group of modules they are charged to (owner mode: the
    // innermost module and its prefixes; caller mode: the call stack), then
    // added to each module of the group once. Keys are reserved in every
    // module as an op first reaches it, so each module lists ops in the order
    // they ran, as the reference's Counters do.
    const groups = new Map<unknown, ChargeGroup>();
    let lastScopes: readonly string[] | null = null;
    let group: ChargeGroup | null = null;
    const reserve = <V>(maps: Map<string, Map<string, V>>, key: string, zero: V): void => {
      for (const a of group!.ancestors) {
        let m = maps.get(a);
        if (m === undefined) maps.set(a, (m = new Map()));
        if (!m.has(key)) m.set(key, zero);
      }
    };
    const charge = (op: string, value: bigint, isFloat: boolean): void => {
      // Counter addition keeps only positive entries.
      if (value <= 0n) return;
      const g = group!;
      const prev = g.counts.get(op);
      if (prev === undefined) reserve(counts, op, 0n);
      g.counts.set(op, (prev ?? 0n) + value);
      if (isFloat && !g.floats.has(op)) {
        g.floats.add(op);
        for (const a of g.ancestors) {
          let f = floats.get(a);
          if (f === undefined) floats.set(a, (f = new Set()));
          f.add(op);
        }
      }
    };
    for (const node of trace.nodes) {
      if (node.scopes !== lastScopes) {
        lastScopes = node.scopes;
        const scopes = node.scopes.length === 0 ? ROOT_SCOPE : node.scopes;
        for (const sc of scopes) seen.add(sc);
        const inner = innermostScope(node);
        const key = this.mode === 'caller' ? node.scopes : inner;
        group = groups.get(key) ?? null;
        if (group === null) {
          const ancestors = this.mode === 'caller' ? [...new Set(scopes)] : ancestorsOf(inner);
          group = { ancestors, counts: new Map(), floats: new Set(), unsupported: new Map() };
          groups.set(key, group);
        }
        if (this.mode === 'owner') for (const a of group.ancestors) seen.add(a);
      }
      const handle = this.handles.get(node.kind);
      if (handle === undefined) {
        if (this.ignored.has(node.kind)) continue;
        const prev = group!.unsupported.get(node.kind);
        if (prev === undefined) reserve(unsupported, node.kind, 0);
        group!.unsupported.set(node.kind, (prev ?? 0) + 1);
        continue;
      }
      const result: OpCount = handle(node);
      if (typeof result === 'bigint' || typeof result === 'number' || result instanceof FloatCount) {
        const [v, f] = toBigInt(node.kind, result);
        charge(simplifyOpName(node.kind), v, f);
      } else {
        for (const name in result) {
          const [v, f] = toBigInt(node.kind, result[name]!);
          charge(name, v, f);
        }
      }
    }
    for (const g of groups.values()) {
      for (const a of g.ancestors) {
        if (g.counts.size > 0) {
          const m = counts.get(a)!;
          for (const [op, v] of g.counts) m.set(op, m.get(op)! + v);
        }
        if (g.unsupported.size > 0) {
          const u = unsupported.get(a)!;
          for (const [kind, n] of g.unsupported) u.set(kind, u.get(kind)! + n);
        }
      }
    }
    const orderedCounts = new Map<string, Map<string, bigint>>();
    const orderedUnsupported = new Map<string, Map<string, number>>();
    const uncalled = new Set<string>();
    for (const c of trace.names.canonical.values()) {
      if (orderedCounts.has(c)) continue;
      orderedCounts.set(c, counts.get(c) ?? new Map());
      orderedUnsupported.set(c, unsupported.get(c) ?? new Map());
      if (!seen.has(c)) uncalled.add(c);
    }
    this.stats = { counts: orderedCounts, floats, unsupported: orderedUnsupported, uncalled };
    return this.stats;
  }
}

const ROOT_SCOPE: readonly string[] = [''];

/** The modules an op is charged to, and what their ops sum to. */
interface ChargeGroup {
  readonly ancestors: readonly string[];
  readonly counts: Map<string, bigint>;
  readonly floats: Set<string>;
  readonly unsupported: Map<string, number>;
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
