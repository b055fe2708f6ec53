// The reference's JitModelAnalysis: runs the handles over a trace and sums each
// op's count into its module and every enclosing module.

import { ArgumentError, CounterError, FlopscopeError, shapeText, typeNameOf, UnknownNameError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { shortPath, shownValue, valueText, type Module } from '../nn/module.js';
import { frozenView, type OpNode } from '../trace/graph.js';
import { buildModelTree, checkModel, type ModelTree } from '../trace/model_tree.js';
import { readerOf } from '../trace/recorded_ops.js';
import { isTraceInput, traceModel, type Trace, type TraceInput } from '../trace/tracer.js';
import { TraceIndexes, type AncestorMode } from './trace_index.js';
import { FloatCount, type OpHandle } from './handles.js';
import { BUILTIN_HANDLES, IGNORED_OPS, simplifyOpName } from './registry.js';

/**
 * One column of an analyzer's results: one op name's counts per module id of
 * the model tree (canonical modules in named_modules order), and when the name
 * first reached each module (each module lists its op names in that order, as
 * the reference's Counters do). Columns of typed arrays, not a small map per
 * module: a model has a handful of op names and may have 100,000 modules.
 */
interface Column {
  readonly name: string;
  /** Exact counts per module: numbers while they are safe integers, bigints beyond. */
  values: Counts;
  /** Per module, 0 when the name never reached it, else the order it did in. */
  readonly order: Small;
  /** Per module, 1 when the reference holds this count as a float (made on the first). */
  float: Small | undefined;
}

interface Statistics {
  readonly counts: readonly Column[];
  readonly unsupported: readonly Column[];
  readonly called: Uint8Array;
  // Views of the above, made on first use.
  totals?: readonly bigint[];
  isFloat?: readonly boolean[];
  byModule?: ReadonlyMap<string, bigint>;
  byModuleAndOperator?: ReadonlyMap<string, ReadonlyMap<string, bigint>>;
  floatModules?: ReadonlySet<string>;
  uncalled?: ReadonlySet<string>;
  uncalledIds?: readonly boolean[];
}

/** Whole numbers >= 0 per module or group. */
type Small = number[] | Uint32Array;

/**
 * Zeros: a plain array for a small model (cheaper to make than a typed array,
 * and a handful are made per op name), a typed array past a few hundred
 * modules: its numbers live outside the JavaScript heap, which the young
 * collector would otherwise copy while a large model is traced (a language
 * model of 1,645 modules has some 30 op names, two arrays each).
 */
function zeros(n: number): Small;
function zeros(n: number, typed: Float64ArrayConstructor): Counts;
function zeros(n: number, typed: Uint32ArrayConstructor | Float64ArrayConstructor = Uint32Array): Small | Counts {
  return n <= 256 ? new Array<number>(n).fill(0) : new typed(n);
}

/** Module `id`'s entries of `columns`, in the order their names reached it. */
function entriesOf(columns: readonly Column[], id: number): Column[] {
  const out: Column[] = [];
  for (const c of columns) if (c.order[id]! !== 0) out.push(c);
  if (out.length > 1) out.sort((x, y) => x.order[id]! - y.order[id]!);
  return out;
}

/** An exact whole count: a number while it is a safe integer, a bigint beyond (no heap bigint on the common path). */
type Count = number | bigint;

/**
 * Counts per module or group: made by `zeros(n, Float64Array)`, which holds
 * them outside the collected heap past a few hundred while they are safe
 * integers; `addAt` turns it into a plain array at the first sum past 2^53.
 */
type Counts = Count[] | Float64Array;

/** `counts` with `v` added at `i`: the same array, or for a first bigint in a typed array, a plain copy. */
function addAt(counts: Counts, i: number, v: Count): Counts {
  const s = add(counts[i]!, v);
  const out = typeof s === 'bigint' && counts instanceof Float64Array ? Array.from(counts) : counts;
  (out as Count[])[i] = s;
  return out;
}

/** Exact sum of two counts. */
function add(a: Count, b: Count): Count {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    if (Number.isSafeInteger(s)) return s;
  }
  return BigInt(a) + BigInt(b);
}

const big = (c: Count): bigint => (typeof c === 'bigint' ? c : BigInt(c));

/**
 * A handle's count as an exact count and whether the reference holds it as a
 * float; anything but a whole number >= 0 (a number, a bigint, a FloatCount
 * of one) is a CounterError naming the op, where it ran and its inputs.
 */
function toCount(node: OpNode, tree: ModelTree, v: unknown, name?: string): [Count, boolean] {
  if (typeof v === 'bigint' && v >= 0n) return [Number.isSafeInteger(Number(v)) ? Number(v) : v, false];
  if (v instanceof FloatCount && typeof v.value === 'bigint' && v.value >= 0n) return [v.value, true];
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return [v, false];
  const what = v instanceof FloatCount ? `a FloatCount of ${valueText(v.value)}` : valueText(v);
  const bad = `${name === undefined ? '' : `${valueText(name)}: `}${what}`;
  throw counterError(node, tree, `returned ${bad}; counts must be whole numbers >= 0 (a bigint beyond 2^53), or an object of them by name`);
}

/** A CounterError about `node`, naming the module it ran in and its inputs' shapes. */
function counterError(node: OpNode, tree: ModelTree, detail: string): CounterError {
  const e = new CounterError(node.kind, `${detail} (${whereOf(node, tree)})`);
  LOCATED.add(e);
  return e;
}

// CounterErrors that name where their node ran.
const LOCATED = new WeakSet<CounterError>();

/** Where a node ran and what it read, for messages: `in layer1.0.conv1 (Conv2d); inputs [1,64,56,56], [64,64,3,3]`. */
function whereOf(node: OpNode, tree: ModelTree): string {
  const id = node.scope === null ? 0 : node.scope.id;
  const name = node.scope === null ? '' : node.scope.name;
  const type = (tree.targets[id] ?? tree.root).typeName();
  let inputs = '';
  try {
    inputs = node.inputs.map((s) => shapeText(s)).join(', ');
  } catch {
    inputs = '?';
  }
  return `in ${name === '' ? type : `${shortPath(name)} (${type})`}; inputs ${inputs || 'none'}`;
}

/** Whether a handle's result is an object of counts by name (a plain object: not an array, a Promise, a Map). */
function isCountObject(v: unknown): v is Readonly<Record<string, unknown>> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A handle the library did not write is called with a frozen view of each
 * node (trace/graph.ts frozenView): the trace's nodes hold the model's live
 * tensors and are shared by every analyzer of the trace.
 */
function guarded(handle: OpHandle): OpHandle {
  if (BUILTIN_HANDLES.has(handle)) return handle;
  return (node) => handle(frozenView(node));
}

/** At most this many known names in an UnknownNameError about a module name. */
const SHOWN_NAMES = 40;

export type { AncestorMode };

/**
 * fvcore's `JitModelAnalysis`: traces one call of `model` on `inputs` (on first
 * use), runs the handle of each op and sums its count into the module it ran in
 * and every enclosing module. {@link FlopAnalyzer} and
 * {@link ActivationAnalyzer} are this class with default handles; a
 * ModelAnalysis of its own starts with none (add them with `setOpHandle`).
 */
export class ModelAnalysis {
  static readonly typeName: string = 'ModelAnalysis';
  /** The handles an analyzer of this class starts with (FlopAnalyzer and ActivationAnalyzer differ only here). */
  static readonly defaultHandles: Readonly<Record<string, OpHandle>> = {};

  /** An analyzer of this class over an existing trace instead of tracing again. */
  static fromTrace<T extends ModelAnalysis>(this: new (model: Module, inputs: readonly TraceInput[], trace: Trace) => T, trace: Trace): T {
    if (typeof trace !== 'object' || trace === null || (!('ops' in trace) && !Array.isArray(trace.nodes)) || trace.tree === undefined) {
      throw new ArgumentError(`${this.name}.fromTrace`, 'trace', shownValue(trace), 'a trace made by traceModel');
    }
    return new this(trace.model, [], trace);
  }

  protected readonly model: Module;
  private readonly inputs: readonly TraceInput[];
  private readonly tree: ModelTree;
  private traced: Trace | undefined;
  private indexes: TraceIndexes | undefined;
  // Shared with every analyzer of the class until this one changes them (copy on write).
  private handles: Map<string, OpHandle>;
  private ignored: Set<string>;
  private ownHandles = false;
  private mode: AncestorMode = 'owner';
  private stats: Statistics | null = null;

  /**
   * The model's structure is the trace's tree when a trace is given, else
   * `tree`, else a snapshot taken now (as the reference reads the model's
   * modules when the analysis is made).
   */
  constructor(model: Module, inputs: Tensor | readonly TraceInput[], trace?: Trace, tree?: ModelTree) {
    const where = typeNameOf(new.target);
    checkModel(where, model);
    const list: readonly unknown[] = Array.isArray(inputs) ? inputs : [inputs];
    if (!list.every((t) => isTraceInput(t))) throw new ArgumentError(where, 'inputs', shownValue(inputs), 'a Tensor or a list of Tensors (or of lists of them, nested as a KV cache is)');
    this.model = model;
    this.inputs = list as readonly TraceInput[];
    this.traced = trace;
    this.tree = trace?.tree ?? tree ?? buildModelTree(model);
    if (this.tree.root !== model || (trace !== undefined && tree !== undefined && tree !== trace.tree)) {
      throw new ArgumentError('ModelAnalysis', 'tree', `a tree of ${this.tree.root.typeName()}`, "the analyzed model's tree (the trace's, when a trace is given)");
    }
    // A model whose module walk does not end (a module containing itself) has
    // no analysis, as the reference's walks never end on it.
    this.tree.checkWalk();
    const defaults = startingHandles(new.target as typeof ModelAnalysis);
    this.handles = defaults.handles;
    this.ignored = defaults.ignored;
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
    if (!(other instanceof ModelAnalysis)) throw new ArgumentError('ModelAnalysis', 'other', shownValue(other), 'an analyzer');
    if (other.trace !== this.trace) throw new ArgumentError('ModelAnalysis', 'other', other.analyzedModel.typeName(), 'an analysis of the same trace');
    this.indexes = other.indexes ??= new TraceIndexes(other.trace);
    return this;
  }

  /** The snapshot of the model's modules and parameters this analysis uses. */
  get modelTree(): ModelTree {
    return this.tree;
  }

  /** The model being analysed. */
  get analyzedModel(): Module {
    return this.model;
  }

  /**
   * Total count of module `moduleName` ('' is the whole model) over all its
   * operators: fvcore's `total()`.
   */
  total(moduleName = ''): bigint {
    return this.moduleTotals()[this.idOf(moduleName)]!;
  }

  /** Whether the reference would hold this module's total as a float. */
  isFloat(moduleName = ''): boolean {
    return this.moduleIsFloat()[this.idOf(moduleName)]!;
  }

  /**
   * Counts of module `moduleName` by operator (`conv`, `linear`, `batch_norm`,
   * ...), in the order the ops first ran: fvcore's `by_operator()`.
   */
  byOperator(moduleName = ''): ReadonlyMap<string, bigint> {
    return this.operatorsOf(this.idOf(moduleName));
  }

  /**
   * Counts by operator of every module, by canonical name in `named_modules`
   * order: fvcore's `by_module_and_operator()`.
   */
  byModuleAndOperator(): ReadonlyMap<string, ReadonlyMap<string, bigint>> {
    const stats = this.analyze();
    return (stats.byModuleAndOperator ??= new Map(this.tree.canonicalNames.map((name, id) => [name, this.operatorsOf(id)])));
  }

  /**
   * Total of every module by canonical name, in `named_modules` order ('' is
   * the model): fvcore's `by_module()`. A new Map each call.
   */
  byModule(): Map<string, bigint> {
    return new Map(this.byModuleView());
  }

  /** byModule() without the copy, for the printing code (read-only). */
  byModuleView(): ReadonlyMap<string, bigint> {
    const stats = this.analyze();
    if (stats.byModule === undefined) {
      const totals = this.moduleTotals();
      stats.byModule = new Map(this.tree.canonicalNames.map((name, id) => [name, totals[id]!]));
    }
    return stats.byModule;
  }

  /** Canonical names of the modules whose totals the reference holds as floats. */
  floatModules(): ReadonlySet<string> {
    const stats = this.analyze();
    if (stats.floatModules === undefined) {
      const f = this.moduleIsFloat();
      stats.floatModules = new Set(this.tree.canonicalNames.filter((_, id) => f[id]));
    }
    return stats.floatModules;
  }

  /**
   * Ops that ran in module `moduleName` without a handle and are not ignored,
   * with how many times each ran: fvcore's `unsupported_ops()`.
   */
  unsupportedOps(moduleName = ''): ReadonlyMap<string, number> {
    const id = this.idOf(moduleName);
    const columns = entriesOf(this.analyze().unsupported, id);
    if (columns.length === 0) return NO_UNSUPPORTED;
    return new Map(columns.map((c) => [c.name, Number(c.values[id]!)]));
  }

  /**
   * Canonical names of the modules in which no op at all ran (unused, only
   * called through `.forward()`, or whose weights their parent uses): fvcore's
   * `uncalled_modules()`.
   */
  uncalledModules(): ReadonlySet<string> {
    const stats = this.analyze();
    return (stats.uncalled ??= new Set(this.tree.canonicalNames.filter((_, id) => stats.called[id] === 0)));
  }

  /** Per module id of `modelTree`, its total (what the printed views read). */
  moduleTotals(): readonly bigint[] {
    const stats = this.analyze();
    if (stats.totals === undefined) {
      const n = this.tree.size;
      const sums = new Array<Count>(n).fill(0);
      for (const c of stats.counts) {
        const v = c.values;
        for (let id = 0; id < n; id++) if (c.order[id] !== 0) sums[id] = add(sums[id]!, v[id]!);
      }
      stats.totals = sums.map(big);
    }
    return stats.totals;
  }

  /** Per module id, whether the reference holds its total as a float. */
  moduleIsFloat(): readonly boolean[] {
    const stats = this.analyze();
    if (stats.isFloat === undefined) {
      const f = new Array<boolean>(this.tree.size).fill(false);
      for (const c of stats.counts) {
        const cf = c.float;
        if (cf !== undefined) for (let id = 0; id < f.length; id++) if (cf[id] === 1) f[id] = true;
      }
      stats.isFloat = f;
    }
    return stats.isFloat;
  }

  /** Per module id, whether no op at all ran in its scope. */
  moduleUncalled(): readonly boolean[] {
    const stats = this.analyze();
    if (stats.uncalledIds === undefined) {
      // (forEach: Array.from over a typed array steps an iterator, an object per module.)
      const uncalled = new Array<boolean>(stats.called.length);
      stats.called.forEach((c, id) => (uncalled[id] = c === 0));
      stats.uncalledIds = uncalled;
    }
    return stats.uncalledIds;
  }

  /** The by-operator counts of module `id`, in the order the ops first reached it. */
  operatorsOf(id: number): ReadonlyMap<string, bigint> {
    const columns = entriesOf(this.analyze().counts, id);
    if (columns.length === 0) return NO_COUNTS;
    return new Map(columns.map((c) => [c.name, big(c.values[id]!)]));
  }

  private idOf(moduleName: string): number {
    return this.tree.ids.get(this.canonicalModuleName(moduleName))!;
  }

  /**
   * Sets or replaces a handle; `null` ignores the op. (The reference only adds
   * the op to its ignore list, which leaves an existing handle in force, so
   * its documented `set_op_handle("aten::batch_norm", None)` does nothing;
   * here it does what that documentation says.)
   */
  setOpHandle(name: string, handle: OpHandle | null): this {
    if (typeof name !== 'string' || name === '') throw new ArgumentError('setOpHandle', 'name', shownValue(name), "an op name such as 'aten::linear'");
    if (handle !== null && typeof handle !== 'function') throw new ArgumentError('setOpHandle', `handle for ${name}`, shownValue(handle), 'a function of the node, or null to ignore the op');
    this.stats = null;
    if (!this.ownHandles) {
      this.handles = new Map(this.handles);
      this.ignored = new Set(this.ignored);
      this.ownHandles = true;
    }
    if (handle === null) {
      this.handles.delete(name);
      this.ignored.add(name);
    } else {
      this.handles.set(name, guarded(handle));
      this.ignored.delete(name);
    }
    return this;
  }

  /**
   * Sets several handles by op name, as `setOpHandle` does each (`null` ignores
   * the op): fvcore's `set_op_handle(**kwargs)`.
   */
  setOpHandles(handles: Readonly<Record<string, OpHandle | null>>): this {
    if (!isCountObject(handles)) throw new ArgumentError('setOpHandles', 'handles', shownValue(handles), 'an object of handles by op name');
    for (const [name, h] of Object.entries(handles)) this.setOpHandle(name, h);
    return this;
  }

  /**
   * Removes every handle: ops on the ignore list stay ignored, every other op
   * is then unsupported. fvcore's `clear_op_handles()`.
   */
  clearOpHandles(): this {
    this.handles = new Map();
    this.ignored = new Set(IGNORED_OPS);
    this.ownHandles = true;
    this.stats = null;
    return this;
  }

  /**
   * The canonical name of module `name` (for a shared module, its first name in
   * `named_modules` order): fvcore's `canonical_module_name()`.
   * @throws UnknownNameError when the model has no module of that name.
   */
  canonicalModuleName(name: string): string {
    const c = typeof name === 'string' ? this.tree.node(name) : undefined;
    if (c === undefined) {
      const names = this.tree.canonicalNames;
      const known = names.slice(1, SHOWN_NAMES + 1).map(shortPath);
      if (names.length > SHOWN_NAMES + 1) known.push(`… (${names.length - 1 - SHOWN_NAMES} more)`);
      throw new UnknownNameError('module', String(shownValue(name)), known);
    }
    return c.name;
  }

  /**
   * Sets which modules an op's count goes to (see {@link AncestorMode}):
   * fvcore's `ancestor_mode()`.
   */
  ancestorMode(mode: AncestorMode): this {
    if (mode !== 'owner' && mode !== 'caller') throw new UnknownNameError('ancestor mode', String(shownValue(mode)), ['owner', 'caller']);
    this.mode = mode;
    this.stats = null;
    return this;
  }

  private analyze(): Statistics {
    if (this.stats !== null) return this.stats;
    const trace = this.trace;
    this.indexes ??= new TraceIndexes(trace);
    const index = this.indexes.get(this.mode);
    const n = this.tree.size;
    const groupCount = index.groupCount;
    const members = new Int32Array(index.maxMembers);
    // Ops are summed per charge group, then added to each module of the group
    // once. Each module lists ops in the order their names first reached it,
    // as the reference's Counters do: a name's first reach of each group is
    // numbered, and at the end a module takes the number of the first group
    // holding it that the name reached (only how two names' numbers compare
    // in one module matters). Walking a group's modules there, not at each
    // reach, also keeps the walk from being a small function called
    // hundreds of times, which V8 compiles early: 2 ms of the CLI's run.
    let sequence = 0;
    const column = (name: string): Column => ({ name, values: zeros(n, Float64Array), order: zeros(n), float: undefined });
    interface Pending {
      readonly column: Column;
      /** Per group: its sum so far, and whether the name reached it yet. */
      sums: Counts;
      readonly reached: Small;
      /** The groups reached, in order, each followed by its reach's number: a name that few ops have reaches few of a large model's groups. */
      readonly reachedGroups: number[];
    }
    const pending = (name: string): Pending => ({ column: column(name), sums: zeros(groupCount, Float64Array), reached: zeros(groupCount), reachedGroups: [] });
    const counts = new Map<string, Pending>();
    const unsupported = new Map<string, Pending>();
    const reach = (p: Pending, g: number): void => {
      if (p.reached[g] === 1) return;
      p.reached[g] = 1;
      p.reachedGroups.push(g, ++sequence);
    };
    const charge = (g: number, op: string, value: Count, isFloat: boolean): void => {
      // Counter addition keeps only positive entries.
      if (value <= 0) return;
      let p = counts.get(op);
      if (p === undefined) counts.set(op, (p = pending(op)));
      reach(p, g);
      p.sums = addAt(p.sums, g, value);
      if (isFloat) {
        const f = (p.column.float ??= zeros(n));
        for (let k = index.membersOf(g, members), j = 0; j < k; j++) f[members[j]!] = 1;
      }
    };
    // Ops read a part at a time: an OpNode is made only for an op a handle counts.
    const nodes = readerOf(trace);
    const tree = this.tree;
    let i = 0;
    try {
      for (; i < nodes.count; i++) {
        const kind = nodes.schema(i).kind;
        const g = index.groupOf[i]!;
        const handle = this.handles.get(kind);
        if (handle === undefined) {
          if (this.ignored.has(kind)) continue;
          let p = unsupported.get(kind);
          if (p === undefined) unsupported.set(kind, (p = pending(kind)));
          reach(p, g);
          p.sums[g] = (p.sums[g] as number) + 1;
          continue;
        }
        const node = nodes.node(i);
        const result: unknown = handle(node);
        if (typeof result === 'number' && result >= 0 && Number.isSafeInteger(result)) charge(g, shortName(node.kind), result, false);
        else if (typeof result === 'bigint' || typeof result === 'number' || result instanceof FloatCount) {
          const [v, f] = toCount(node, tree, result);
          charge(g, shortName(node.kind), v, f);
        } else if (isCountObject(result)) {
          for (const name in result) {
            const r = result[name];
            if (typeof r === 'number' && r >= 0 && Number.isSafeInteger(r)) charge(g, name, r, false);
            else {
              const [v, f] = toCount(node, tree, r, name);
              charge(g, name, v, f);
            }
          }
        } else {
          toCount(node, tree, result);
        }
      }
    } catch (e) {
      throw this.handleFailure(e, i < nodes.count ? nodes.node(i) : undefined);
    }
    const finish = (pendings: Map<string, Pending>): Column[] =>
      [...pendings.values()].map(({ column: c, sums, reachedGroups }) => {
        const order = c.order;
        for (let r = 0; r < reachedGroups.length; r += 2) {
          const g = reachedGroups[r]!;
          const v = sums[g]!;
          for (let k = index.membersOf(g, members), j = 0; j < k; j++) {
            const a = members[j]!;
            c.values = addAt(c.values, a, v);
            if (order[a] === 0) order[a] = reachedGroups[r + 1]!;
          }
        }
        return c;
      });
    this.stats = { counts: finish(counts), unsupported: finish(unsupported), called: index.called };
    return this.stats;
  }

  /**
   * An error from the handle of `node`: a FlopscopeError gets where the node
   * ran; any other error from one of the library's handles is a
   * CounterError (a user's handle's own errors are the user's, as they are).
   */
  private handleFailure(e: unknown, node: OpNode | undefined): unknown {
    if (node === undefined) return e;
    if (e instanceof CounterError && !LOCATED.has(e)) {
      e.message = `${e.message} (${whereOf(node, this.tree)})`;
      LOCATED.add(e);
      return e;
    }
    if (e instanceof FlopscopeError) return e;
    // A handle that failed (a library handle on a node it cannot read, or a
    // user's handle that threw, say by writing to its read-only view of the
    // node): a CounterError naming the op, with the error as its cause.
    const text = e instanceof Error ? `${e.name}: ${e.message}` : valueText(e);
    const err = counterError(node, this.tree, `failed: ${/not extensible|read.only/.test(text) ? `${text} (counters get a read-only view of the node)` : text}`);
    Object.defineProperty(err, 'cause', { value: e, configurable: true, writable: true });
    err.message = err.message.replace(/[\r\n]+/g, ' ');
    return err;
  }
}

// `aten::conv` -> `conv`, remembered: a memo of a pure function of the op
// name, which nothing can change (bounded by the number of op names).
const SHORT_NAMES = new Map<string, string>();

function shortName(kind: string): string {
  let s = SHORT_NAMES.get(kind);
  if (s === undefined) SHORT_NAMES.set(kind, (s = simplifyOpName(kind)));
  return s;
}

// The handle and ignore tables an analyzer class starts with, made once per
// class: keyed by the class, whose `defaultHandles` is a readonly static.
// Analyzers copy them before changing them.
const STARTING = new WeakMap<typeof ModelAnalysis, { readonly handles: Map<string, OpHandle>; readonly ignored: Set<string> }>();

function startingHandles(cls: typeof ModelAnalysis): { readonly handles: Map<string, OpHandle>; readonly ignored: Set<string> } {
  let hit = STARTING.get(cls);
  if (hit === undefined) {
    const handles = new Map<string, OpHandle>();
    const ignored = new Set<string>(IGNORED_OPS);
    for (const [name, h] of Object.entries(cls.defaultHandles)) {
      handles.set(name, guarded(h));
      ignored.delete(name);
    }
    hit = { handles, ignored };
    STARTING.set(cls, hit);
  }
  return hit;
}

// Shared empty results for modules nothing was charged to: constants, never written.
const NO_COUNTS: ReadonlyMap<string, bigint> = new Map();
const NO_UNSUPPORTED: ReadonlyMap<string, number> = new Map();
