// Runs a model with a recording sink installed: module calls push and pop
// scopes, every op is stored with the scope stack of that moment and the ops
// that made its inputs. After the run, ops whose results never reach the
// output are dropped, as the reference's JIT trace drops dead code.

import { setTraceSink, traceSink, type Condition, type OpArgs, type TraceSink } from '../core/dispatch.js';
import { ArgumentError, FlopscopeError, ShapeError } from '../core/errors.js';
import { ARITHMETIC_OPS, schemaIn, type OpSchema } from '../core/op_schema.js';
import { Tensor, TracedInt, type AliasGroup } from '../core/tensor.js';
import type { Shape } from '../core/shape.js';
import { checkInputCount, moduleRaisingError, shortPath, shownText, shownValue, type Module } from '../nn/module.js';
import { buildModelTree, checkModel, type ModelTree } from './model_tree.js';
import { ModuleCall, OpNode, Scope, type TraceGraph } from './graph.js';
import type { TraceRecording } from './dataflow.js';
import { IntList } from './int_list.js';
import { RecordedOps } from './recorded_ops.js';
import { ShapeTable } from './shape_table.js';

class Recorder implements TraceSink {
  /** Every op recorded, in order, as its parts. */
  readonly ops = new RecordedOps();
  /** The nodes that made each node's tensor inputs, node after node; `producersEnd[i]` ends node i's. */
  readonly producers = new IntList(1024);
  readonly producersEnd = new IntList(1024);
  /** The current op's producers, while its arguments are read. */
  private readonly scratch: number[] = [];
  /** How many of `scratch` are the current op's (a count, not `length = 0`, which would drop its storage every op). */
  private scratchCount = 0;
  /** Nodes kept whatever their results feed: in-place writes to state (parameters, buffers, inputs). */
  readonly effects: number[] = [];
  /**
   * Per node, the aten::Int conversions the JIT inserts right after it,
   * newest first, as a list linked through two int arrays (no allocation
   * per conversion): the first conversion of node i, and the one after
   * conversion c (-1: none).
   */
  readonly firstConversion = new IntList(1024);
  readonly nextConversion = new IntList(1024);
  /** A one-element producer list for a conversion, reused. */
  private readonly single = [0];
  /** Which nodes are such conversions (listed after their producer, not where recorded). */
  readonly isConversion = new IntList(1024);
  /** Per node, for a view or in-place op, the node that made the memory it shares (-1: not this trace's); -2 for a node that makes new memory. */
  readonly sharesWith = new IntList(1024);
  private scope: Scope | null = null;
  private readonly stack: (Scope | null)[] = [];
  /** Module calls in the order they started; `openCalls` holds the index of each open call (-1: a module outside the tree). */
  readonly calls: ModuleCall[] = [];
  /** What a symbolic trace assumed where a check depended on the sizes. */
  readonly conditions: Condition[] = [];
  private readonly openCalls: number[] = [];
  private currentCall = -1;

  private readonly names: readonly string[];

  constructor(private readonly tree: ModelTree) {
    this.names = tree.canonicalNames;
  }

  assume(condition: Condition): boolean {
    if (!this.conditions.some((c) => c.expr === condition.expr && c.bound >= condition.bound)) this.conditions.push(condition);
    return true;
  }

  enterModule(module: object, args: readonly unknown[]): void {
    this.stack.push(this.scope);
    this.openCalls.push(this.currentCall);
    const id = this.tree.idOf(module as Module);
    // A module outside the model's tree (built inside forward) has no scope of
    // its own: its ops belong to the caller, as with the reference's hooks.
    if (id !== undefined) {
      this.scope = new Scope(this.scope, this.names[id]!, id);
      this.currentCall = this.calls.length;
      this.calls.push(new ModuleCall(id, this.names[id]!, args, this.openCalls[this.openCalls.length - 1]!));
    }
  }

  exitModule(module: object, output: unknown): void {
    this.scope = this.stack.pop() ?? null;
    const call = this.calls[this.currentCall];
    if (call !== undefined && this.tree.idOf(module as Module) === call.id && call.output === undefined) call.output = output;
    this.currentCall = this.openCalls.pop() ?? -1;
  }

  record(schema: OpSchema, args: OpArgs, outputs: readonly Tensor[]): void {
    this.recordOne(schema, args, outputs.length === 1 ? outputs[0]! : outputs);
  }

  /** Records an op that made `outputs`: one tensor as itself (most ops), or a list. */
  recordOne(schema: OpSchema, args: OpArgs, outputs: Tensor | readonly Tensor[]): void {
    this.scratchCount = 0;
    for (const name in args) {
      const at = schema.indexOf(name);
      if (at === -1) {
        throw new ArgumentError(schema.qualifiedName, name, args[name], `one of the op's arguments (${schema.args.map((a) => a.name).join(', ')})`);
      }
      const v = args[name];
      // A traced number where the op takes an int (alone or in a list) is
      // converted by an aten::Int the JIT inserts right after its producer.
      const spec = schema.args[at]!;
      const asNumber = spec.kind === 'value';
      if (v instanceof Tensor) this.readInput(v, asNumber, spec.scalar);
      else if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const e: unknown = v[i];
          if (e instanceof Tensor) this.readInput(e, asNumber, spec.scalar);
        }
      }
    }
    const index = this.ops.length;
    const kind = schema.kind;
    const inPlace = kind.charCodeAt(kind.length - 1) === 95 /* _ */ && !kind.endsWith('__');
    // The tensor a view op shares or an in-place op writes: its first argument.
    const self = inPlace || schema.aliasesInput ? args[schema.args[0]!.name] : undefined;
    if (schema.aliasesInput && self instanceof Tensor) this.shareMemory(self, outputs);
    // An in-place write is an ordinary node when it writes a tensor this
    // trace made and nothing else shares: later ops read its result through
    // the same object, and an unread result is dead, as in the JIT. A write
    // through a view is read by whoever reads any tensor of that memory
    // (addProducer). A write to a parameter, buffer or input, or to a view
    // of one, changes state: the JIT keeps it, and so do we.
    if (inPlace) {
      const group = self instanceof Tensor ? this.aliasesOf(self) : null;
      if (!(self instanceof Tensor) || this.producerOf(self) === -1 || group?.external === true) this.effects.push(index);
      else if (group !== null) group.writes.push(index);
    }
    // A Python int or a list of tensors is one output the reference shows as None.
    const shares = self instanceof Tensor ? this.producerOf(self) : -2;
    if (outputs instanceof Tensor) this.setOutput(outputs, index, inPlace);
    else for (let i = 0; i < outputs.length; i++) this.setOutput(outputs[i]!, index, inPlace);
    this.push(schema, args, schema.returns === 'tensors' ? outputs : null, this.scratch, this.scratchCount, false);
    this.sharesWith.values[index] = shares;
  }

  /** `self`'s alias group in this recording, or null. */
  private aliasesOf(t: Tensor): AliasGroup | null {
    const g = t.aliases;
    return g !== null && g.recording === this.token ? g : null;
  }

  /** Puts a view op's results in the alias group of its input `self`. */
  private shareMemory(self: Tensor, outputs: Tensor | readonly Tensor[]): void {
    let group = this.aliasesOf(self);
    if (group === null) {
      group = { recording: this.token, writes: [], external: this.producerOf(self) === -1 };
      self.aliases = group;
    }
    if (outputs instanceof Tensor) {
      if (outputs !== self) outputs.aliases = group;
    } else for (let i = 0; i < outputs.length; i++) if (outputs[i] !== self) outputs[i]!.aliases = group;
  }

  private push(schema: OpSchema, args: OpArgs, results: Tensor | readonly Tensor[] | null, producers: readonly number[], count: number, conversion: boolean): number {
    const index = this.ops.push(schema, this.scope, args, results);
    // (Index loops here and above: this runs per op, mostly before the JIT
    // warms up, and for-of allocates an iterator result per element there.)
    for (let i = 0; i < count; i++) this.producers.push(producers[i]!);
    this.producersEnd.push(this.producers.length);
    this.isConversion.push(conversion ? 1 : 0);
    this.sharesWith.push(-2);
    this.firstConversion.push(-1);
    this.nextConversion.push(-1);
    return index;
  }

  /**
   * Adds the producers of input `t` to the current op's: for a traced number
   * where the op takes a number, the aten::Int (Float, ScalarImplicit) that
   * turns it into a Python number, recorded right after its producer.
   */
  private readInput(t: Tensor, asNumber: boolean, scalar: boolean): void {
    const p = this.producerOf(t);
    if (!asNumber || !(t instanceof TracedInt) || p === -1) {
      this.addProducer(t);
      return;
    }
    const schema = schemaIn(ARITHMETIC_OPS, scalar ? 'aten::ScalarImplicit' : t.dtype === 'int64' ? 'aten::Int' : 'aten::Float');
    this.single[0] = p;
    // The conversion's result is read only here, as the op's producer: no tensor is made for it.
    const index = this.push(schema, { a: t }, null, this.single, 1, true);
    this.nextConversion.values[index] = this.firstConversion.values[p]!;
    this.firstConversion.values[p] = index;
    this.scratch[this.scratchCount++] = index;
  }

  private addProducer(t: Tensor): void {
    const p = this.producerOf(t);
    if (p !== -1) this.scratch[this.scratchCount++] = p;
    const group = this.aliasesOf(t);
    if (group !== null) for (let i = 0; i < group.writes.length; i++) this.scratch[this.scratchCount++] = group.writes[i]!;
  }

  /**
   * This recording's mark on the tensors it sees: a token, not the recorder,
   * so a long-lived tensor (a buffer written in place) keeps nothing of the
   * trace alive.
   */
  private readonly token = {};

  /** The op of this recording that last made (or wrote) `t`, or -1. */
  private producerOf(t: Tensor): number {
    return t.producedBy === this.token ? t.producerIndex : -1;
  }

  /**
   * Marks `t` as made by node `index`; a tensor the op made (not one it
   * wrote in place) gets the recording's array of its shape, equal element
   * by element (see ShapeTable).
   */
  private setOutput(t: Tensor, index: number, inPlace: boolean): void {
    if (!inPlace && t.shape.length > 0) (t as { shape: Shape }).shape = this.shapes.intern(t.shape);
    this.setProducer(t, index);
  }

  /** One array per distinct output shape. */
  private readonly shapes = new ShapeTable();

  private setProducer(t: Tensor, index: number): void {
    t.producedBy = this.token;
    t.producerIndex = index;
  }

  /** The nodes whose results reach `output` or an in-place write, in order, and what their dataflow is made from. */
  liveNodes(output: unknown): { keptIndex: Int32Array; recording: TraceRecording } {
    const n = this.ops.length;
    const live = new Uint8Array(n);
    for (const e of this.effects) live[e] = 1;
    let any = false;
    forEachTensor(output, (t) => {
      any = true;
      const p = this.producerOf(t);
      if (p !== -1) live[p] = 1;
      const group = this.aliasesOf(t);
      if (group !== null) for (const w of group.writes) live[w] = 1;
    });
    if (!any) {
      const type = this.tree.root.typeName();
      throw new ArgumentError(type, 'forward output', shownValue(output), 'a tensor, or lists, tuples or dicts of tensors (as torch.jit.trace requires)');
    }
    const producers = this.producers.values;
    const end = this.producersEnd.values;
    for (let i = n - 1; i >= 0; i--) {
      if (live[i] === 0) continue;
      for (let j = i === 0 ? 0 : end[i - 1]!; j < end[i]!; j++) live[producers[j]!] = 1;
    }
    // Sized first: a list grown a push at a time leaves its old copies as garbage.
    let count = 0;
    for (let i = 0; i < n; i++) count += live[i]!;
    // Each kept node's recording index, in kept order.
    const keptIndex = new Int32Array(count);
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (live[i] === 0 || this.isConversion.values[i] === 1) continue;
      keptIndex[k++] = i;
      for (let c = this.firstConversion.values[i]!; c !== -1; c = this.nextConversion.values[c]!) if (live[c] === 1) keptIndex[k++] = c;
    }
    // The dataflow is made from these when first asked for (trace/dataflow.ts): the counts never read it.
    const recording: TraceRecording = {
      keptIndex,
      producers: this.producers.values,
      producersEnd: this.producersEnd.done(),
      sharesWith: this.sharesWith.values,
      producerOf: (t) => this.producerOf(t),
    };
    return { keptIndex, recording };
  }
}

/**
 * Calls `visit` on every tensor inside a forward's output (arrays, Maps and
 * plain objects, at any depth; each object once, so a cyclic output ends).
 */
export function forEachTensor(value: unknown, visit: (t: Tensor) => void): void {
  if (value instanceof Tensor) {
    visit(value);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v instanceof Tensor) visit(v);
    else if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    else {
      seen.add(v);
      const inner = Array.isArray(v) ? v : v instanceof Map ? [...v.values()] : isPlain(v) ? Object.values(v) : [];
      for (let i = inner.length - 1; i >= 0; i--) stack.push(inner[i]);
    }
  }
}

/** Objects whose values an output may hold tensors in: plain objects (dicts, named tuples). */
function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Whether `e` is the engine's stack overflow. */
function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

// Errors already given their module's path (a nested analysis passes an
// error through two traces).
const LOCATED = new WeakSet<object>();

/**
 * Where an error raised by user code in the model's forward came from, on the
 * error itself (not a FlopscopeError, whose message names it): the CLI reads
 * it to say which module of a model file failed. A registered symbol, so
 * that any copy of the library reads it.
 */
export const MODULE_PATH_OF_ERROR: unique symbol = Symbol.for('flopscope.modulePath') as never;

/**
 * The error `e` leaving the forward of the model of `tree`, named by the
 * module it was raised in: a ShapeError locates itself; another
 * FlopscopeError gets the module's path and type in front of its message;
 * a stack overflow (a forward nested deeper than the engine's stack) becomes
 * an ArgumentError naming the module and its depth.
 */
function located(e: unknown, tree: ModelTree): unknown {
  if (e instanceof ShapeError) {
    if (e.module !== undefined && e.modulePath === undefined) {
      const m = e.module as Module;
      e.locate(tree.byModule.get(m) ?? '', m.typeName());
    }
    return e;
  }
  if (typeof e !== 'object' || e === null || LOCATED.has(e)) return e;
  const m = moduleRaisingError(e);
  const id = m === undefined ? undefined : tree.idOf(m);
  const path = id === undefined ? '' : tree.canonicalNames[id]!;
  const type = (m ?? tree.root).typeName();
  if (isStackOverflow(e)) {
    const depth = id === undefined ? 0 : tree.depths[id]!;
    const where = path === '' ? type : `${shortPath(path)} (${type})`;
    const err = new ArgumentError(
      where,
      'nesting of module calls',
      shownText(`a stack overflow at depth ${depth}`),
      "within the JavaScript engine's stack (a forward recursing this deep needs a larger stack: node --stack-size)",
    );
    LOCATED.add(err);
    return err;
  }
  LOCATED.add(e);
  if (e instanceof FlopscopeError) {
    if (m !== undefined && path !== '') {
      const own = `${type}: `;
      e.message = `${shortPath(path)} (${type}): ${e.message.startsWith(own) ? e.message.slice(own.length) : e.message}`;
    }
    return e;
  }
  if (Object.isExtensible(e)) Object.defineProperty(e, MODULE_PATH_OF_ERROR, { value: path === '' ? type : `${path} (${type})`, configurable: true });
  return e;
}

export interface Trace extends TraceGraph {
  readonly model: Module;
  /** The model's structure as traced: every scope name in the trace is one of its names. */
  readonly tree: ModelTree;
  readonly output: unknown;
  /** Every call of a module of the tree, in the order calls started. */
  readonly calls: readonly ModuleCall[];
  /** Every op recorded, in order: dead code included (patched functions and dispatch modes see it), and the JIT's aten::Int conversions. */
  readonly executed: readonly OpNode[];
  /** What a symbolic trace assumes (core/dispatch.ts atLeast): checks its sizes did not decide. Empty for concrete sizes. */
  readonly conditions?: readonly Condition[];
  /** What the dataflow between `nodes` is made from (absent in a trace made by hand): read it with `traceDataflow(trace)`. @internal */
  readonly recording?: TraceRecording;

}

/**
 * One input of a model: a tensor, or a non-empty list of inputs (a KV cache is
 * a list of [key, value] pairs), as torch.jit.trace takes nested tuples.
 */
export type TraceInput = Tensor | readonly TraceInput[];

/** Whether `v` is a TraceInput (lists nested at most 8 deep). */
export function isTraceInput(v: unknown, depth = 0): v is TraceInput {
  if (v instanceof Tensor) return true;
  return Array.isArray(v) && v.length > 0 && depth < 8 && v.every((e) => isTraceInput(e, depth + 1));
}

/**
 * Calls `model` on `inputs` and returns every op it ran whose result is used,
 * scoped; `tree` is a snapshot of `model` taken for this analysis.
 */
export function traceModel(model: Module, inputs: readonly TraceInput[], tree?: ModelTree): Trace {
  checkModel('traceModel', model);
  if (!Array.isArray(inputs) || !inputs.every((t) => isTraceInput(t))) {
    throw new ArgumentError(model.typeName(), 'inputs', shownValue(inputs), 'a list of Tensors (or of non-empty lists of them, nested as a KV cache is)');
  }
  tree ??= buildModelTree(model);
  if (tree.root !== model) throw new ArgumentError('traceModel', 'tree', `a tree of ${tree.root.typeName()}`, 'a tree built from the traced model');
  tree.checkWalk();
  // More inputs than the model's forward takes (when certain): PyTorch's
  // "forward() takes 2 positional arguments but 3 were given".
  const forward = model.forward as unknown;
  if (typeof forward === 'function' && inputs.length > forward.length) checkInputCount(model, forward, inputs.length);
  const recorder = new Recorder(tree);
  const previous = setTraceSink(recorder);
  let output: unknown;
  let replaced = false;
  try {
    output = (model.call as (this: Module, ...a: unknown[]) => unknown).apply(model, inputs as unknown[]);
    replaced = traceSink() !== recorder;
  } catch (e) {
    throw located(e, tree);
  } finally {
    setTraceSink(previous);
  }
  if (replaced) {
    // The forward installed a sink of its own and left it: the ops after
    // that went to it, and the trace would silently miss them.
    throw new ArgumentError(model.typeName(), 'trace sink', shownText('replaced by forward and not restored'), 'restored before forward returns (setTraceSink returns the sink to put back)');
  }
  const { keptIndex, recording } = recorder.liveNodes(output);
  return new RecordedTrace({ model, tree, output, calls: recorder.calls, conditions: recorder.conditions, recording, ops: recorder.ops, keptIndex });
}

/**
 * A Trace whose OpNodes are made when first read: the counts read the ops'
 * parts instead (`readerOf` reads `ops` and `keptIndex`). A class, not an
 * object literal with getters: V8 makes such a literal in the old
 * generation, and everything the trace holds would then outlive the young
 * collections that should free it.
 */
class RecordedTrace {
  declare readonly model: Module;
  declare readonly tree: ModelTree;
  declare readonly output: unknown;
  declare readonly calls: readonly ModuleCall[];
  declare readonly conditions: readonly Condition[];
  declare readonly recording: TraceRecording;
  /** The recording's ops, and the recording index of each kept one (what readerOf reads). @internal */
  declare readonly ops: RecordedOps;
  declare readonly keptIndex: Int32Array;
  declare private keptNodes: OpNode[] | undefined;
  declare private allNodes: OpNode[] | undefined;

  constructor(parts: Omit<RecordedTrace, 'nodes' | 'executed'>) {
    Object.assign(this, parts);
  }

  get nodes(): OpNode[] {
    return (this.keptNodes ??= Array.from(this.keptIndex, (r) => this.ops.node(r)));
  }

  get executed(): OpNode[] {
    return (this.allNodes ??= Array.from({ length: this.ops.length }, (_, r) => this.ops.node(r)));
  }
}
