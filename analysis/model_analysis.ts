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
    const counts = new Map<string, Map<string, bigint>>();
    const floats = new Map<string, Set<string>>();
    const unsupported = new Map<string, Map<string, number>>();
    for (const c of trace.names.canonical.values()) {
      if (!counts.has(c)) {
        counts.set(c, new Map());
        unsupported.set(c, new Map());
      }
    }
    const seen = new Set<string>();
    const ancestorsOf = ancestorCache(trace.names);
    // Owner mode charges each op to its innermost module; totals then flow to
    // every prefix once per module instead of once per op.
    const own = new Map<string, Map<string, bigint>>();
    for (const node of trace.nodes) {
      const scopes = node.scopes.length === 0 ? ROOT_SCOPE : node.scopes;
      for (const s of scopes) seen.add(s);
      const inner = innermostScope(node);
      let ancestors: readonly string[];
      if (this.mode === 'caller') ancestors = [...new Set(scopes)];
      else {
        ancestors = ancestorsOf(inner);
        for (const a of ancestors) seen.add(a);
      }
      const handle = this.handles.get(node.kind);
      if (handle === undefined) {
        if (this.ignored.has(node.kind)) continue;
        for (const a of ancestors) {
          const m = unsupported.get(a)!;
          m.set(node.kind, (m.get(node.kind) ?? 0) + 1);
        }
        continue;
      }
      for (const [op, value, isFloat] of this.evaluate(handle, node)) {
        // Counter addition keeps only positive entries.
        if (value <= 0n) continue;
        for (const a of ancestors) {
          const m = counts.get(a)!;
          // Reserve the key now so each module lists ops in the order they ran.
          if (!m.has(op)) m.set(op, 0n);
          if (isFloat) {
            let f = floats.get(a);
            if (f === undefined) floats.set(a, (f = new Set()));
            f.add(op);
          }
        }
        if (this.mode === 'caller') {
          for (const a of ancestors) counts.get(a)!.set(op, counts.get(a)!.get(op)! + value);
        } else {
          let mine = own.get(inner);
          if (mine === undefined) own.set(inner, (mine = new Map()));
          mine.set(op, (mine.get(op) ?? 0n) + value);
        }
      }
    }
    for (const [inner, ops] of own) {
      for (const a of ancestorsOf(inner)) {
        const m = counts.get(a)!;
        for (const [op, v] of ops) m.set(op, m.get(op)! + v);
      }
    }
    const uncalled = new Set<string>();
    for (const c of counts.keys()) if (!seen.has(c)) uncalled.add(c);
    this.stats = { counts, floats, unsupported, uncalled };
    return this.stats;
  }

  private evaluate(handle: OpHandle, node: OpNode): [string, bigint, boolean][] {
    const result: OpCount = handle(node);
    if (typeof result === 'bigint' || typeof result === 'number' || result instanceof FloatCount) {
      return [[simplifyOpName(node.kind), ...toBigInt(node.kind, result)]];
    }
    return Object.entries(result).map(([name, v]) => [name, ...toBigInt(node.kind, v)]);
  }
}

const ROOT_SCOPE: readonly string[] = [''];

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
