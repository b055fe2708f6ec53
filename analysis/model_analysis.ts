// The reference's JitModelAnalysis: runs the handles over a trace and sums each
// op's count into its module and every enclosing module.

import { ArgumentError, CounterError, UnknownNameError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { Module } from '../nn/module.js';
import { buildModelTree, type ModelTree } from '../trace/model_tree.js';
import { traceModel, type Trace } from '../trace/tracer.js';
import { TraceIndexes, type AncestorMode } from './trace_index.js';
import { FloatCount, type CountValue, type OpCount, type OpHandle } from './handles.js';
import { IGNORED_OPS, simplifyOpName } from './registry.js';

interface Statistics {
  readonly counts: ReadonlyMap<string, ReadonlyMap<string, bigint>>;
  /** Per module, the op names whose count the reference holds as a float. */
  readonly floats: ReadonlyMap<string, ReadonlySet<string>>;
  readonly unsupported: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly uncalled: ReadonlySet<string>;
  byModule?: Map<string, bigint>;
  floatModules?: Set<string>;
}

function toBigInt(kind: string, v: CountValue): [bigint, boolean] {
  if (typeof v === 'bigint') return [v, false];
  if (v instanceof FloatCount) return [v.value, true];
  if (typeof v === 'number' && Number.isSafeInteger(v)) return [BigInt(v), false];
  throw new CounterError(kind, `returned ${String(v)}; counts must be whole numbers (use bigint beyond 2^53)`);
}

export type { AncestorMode };

export class ModelAnalysis {
  /** The handles an analyzer of this class starts with (FlopAnalyzer and ActivationAnalyzer differ only here). */
  static readonly defaultHandles: Readonly<Record<string, OpHandle>> = {};

  /** An analyzer of this class over an existing trace instead of tracing again. */
  static fromTrace<T extends ModelAnalysis>(this: new (model: Module, inputs: readonly Tensor[], trace: Trace) => T, trace: Trace): T {
    return new this(trace.model, [], trace);
  }

  protected readonly model: Module;
  private readonly inputs: readonly Tensor[];
  private readonly tree: ModelTree;
  private traced: Trace | undefined;
  private indexes: TraceIndexes | undefined;
  private handles = new Map<string, OpHandle>();
  private ignored = new Set<string>(IGNORED_OPS);
  private mode: AncestorMode = 'owner';
  private stats: Statistics | null = null;

  /**
   * The model's structure is the trace's tree when a trace is given, else
   * `tree`, else a snapshot taken now (as the reference reads the model's
   * modules when the analysis is made).
   */
  constructor(model: Module, inputs: Tensor | readonly Tensor[], trace?: Trace, tree?: ModelTree) {
    this.model = model;
    this.inputs = Array.isArray(inputs) ? inputs : [inputs as Tensor];
    this.traced = trace;
    this.tree = trace?.tree ?? tree ?? buildModelTree(model);
    if (this.tree.root !== model || (trace !== undefined && tree !== undefined && tree !== trace.tree)) {
      throw new ArgumentError('ModelAnalysis', 'tree', `a tree of ${this.tree.root.typeName()}`, "the analyzed model's tree (the trace's, when a trace is given)");
    }
    this.setOpHandles((new.target as typeof ModelAnalysis).defaultHandles);
  }

  /** The trace: given, or run once on first use. */
  get trace(): Trace {
    if (this.traced === undefined) this.traced = traceModel(this.model, this.inputs, this.tree);
    return this.traced;
  }

  /**
   * Uses `other`'s indexes of the trace they share, so that an analysis
   * computes them once for all its analyzers.
   */
  shareTraceIndexes(other: ModelAnalysis): this {
    if (other.trace !== this.trace) throw new ArgumentError('ModelAnalysis', 'other', other.analyzedModel.typeName(), 'an analysis of the same trace');
    this.indexes = other.indexes ??= new TraceIndexes(other.trace);
    return this;
  }

  /** The snapshot of the model's modules and parameters this analysis uses. */
  get modelTree(): ModelTree {
    return this.tree;
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
    return new Map(this.byModuleView());
  }

  /** byModule() without the copy, for the printing code (read-only). */
  byModuleView(): ReadonlyMap<string, bigint> {
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
    return stats.byModule;
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
    const c = this.tree.node(name);
    if (c === undefined) throw new UnknownNameError('module', name, [...this.tree.ids.keys()].filter((n) => n !== ''));
    return c.name;
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
    this.indexes ??= new TraceIndexes(trace);
    const index = this.indexes.get(this.mode);
    // Ops are summed per charge group, then added to each module of the group
    // once. A key is reserved in every module of the group when an op name
    // first reaches the group, so each module lists ops in the order they
    // first ran, as the reference's Counters do.
    const counts = new Map<string, Map<string, bigint>>();
    const floats = new Map<string, Set<string>>();
    const unsupported = new Map<string, Map<string, number>>();
    const groupCounts: (Map<string, bigint> | undefined)[] = new Array(index.groups.length);
    const groupUnsupported: (Map<string, number> | undefined)[] = new Array(index.groups.length);
    const groupFloats: (Set<string> | undefined)[] = new Array(index.groups.length);
    let g = 0;
    const reserve = <V>(maps: Map<string, Map<string, V>>, key: string, zero: V): void => {
      for (const a of index.groups[g]!) {
        let m = maps.get(a);
        if (m === undefined) maps.set(a, (m = new Map()));
        if (!m.has(key)) m.set(key, zero);
      }
    };
    const charge = (op: string, value: bigint, isFloat: boolean): void => {
      // Counter addition keeps only positive entries.
      if (value <= 0n) return;
      let mine = groupCounts[g];
      if (mine === undefined) groupCounts[g] = mine = new Map();
      const prev = mine.get(op);
      if (prev === undefined) reserve(counts, op, 0n);
      mine.set(op, (prev ?? 0n) + value);
      if (isFloat) {
        let f = groupFloats[g];
        if (f === undefined) groupFloats[g] = f = new Set();
        if (!f.has(op)) {
          f.add(op);
          for (const a of index.groups[g]!) {
            let mf = floats.get(a);
            if (mf === undefined) floats.set(a, (mf = new Set()));
            mf.add(op);
          }
        }
      }
    };
    const nodes = trace.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      g = index.groupOf[i]!;
      const handle = this.handles.get(node.kind);
      if (handle === undefined) {
        if (this.ignored.has(node.kind)) continue;
        let mine = groupUnsupported[g];
        if (mine === undefined) groupUnsupported[g] = mine = new Map();
        const prev = mine.get(node.kind);
        if (prev === undefined) reserve(unsupported, node.kind, 0);
        mine.set(node.kind, (prev ?? 0) + 1);
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
    for (let k = 0; k < index.groups.length; k++) {
      const gc = groupCounts[k];
      const gu = groupUnsupported[k];
      for (const a of index.groups[k]!) {
        if (gc !== undefined) {
          const m = counts.get(a)!;
          for (const [op, v] of gc) m.set(op, m.get(op)! + v);
        }
        if (gu !== undefined) {
          const u = unsupported.get(a)!;
          for (const [kind, n] of gu) u.set(kind, u.get(kind)! + n);
        }
      }
    }
    const orderedCounts = new Map<string, ReadonlyMap<string, bigint>>();
    const orderedUnsupported = new Map<string, ReadonlyMap<string, number>>();
    for (const c of index.modules) {
      orderedCounts.set(c, counts.get(c) ?? NO_COUNTS);
      orderedUnsupported.set(c, unsupported.get(c) ?? NO_UNSUPPORTED);
    }
    this.stats = { counts: orderedCounts, floats, unsupported: orderedUnsupported, uncalled: index.uncalled };
    return this.stats;
  }
}

// Shared empty results for modules nothing was charged to: constants, never written.
const NO_COUNTS: ReadonlyMap<string, bigint> = new Map();
const NO_UNSUPPORTED: ReadonlyMap<string, number> = new Map();
