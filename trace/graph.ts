// The recorded trace: every op with the module scope it ran in, its arguments
// by name, and the positional view of them the reference's graph shows.

import type { OpArgs } from '../core/dispatch.js';
import type { OpSchema } from '../core/op_schema.js';
import type { Shape } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';

const SCALAR: Shape = [];

/**
 * One module call on the call stack while tracing: the module (canonical name
 * and id in the model tree) and the call it happened inside. Entering a module
 * costs one of these, whatever the depth; the list of names is made on demand.
 */
export class Scope {
  private list: readonly string[] | undefined;

  constructor(
    readonly parent: Scope | null,
    readonly name: string,
    readonly id: number,
  ) {}

  /** Canonical names of the modules being called, outermost first. */
  get names(): readonly string[] {
    if (this.list === undefined) {
      const out: string[] = [];
      for (let s: Scope | null = this; s !== null; s = s.parent) out.push(s.name);
      // Frozen: every node of the scope hands out this one list.
      this.list = Object.freeze(out.reverse());
    }
    return this.list;
  }
}

const NO_SCOPES: readonly string[] = [];
const NO_RESULT: readonly null[] = Object.freeze([null]);

/**
 * One traced op, as a node of the reference's JIT graph: its op name (`kind`),
 * the module call it ran in, its arguments by name and its outputs' shapes. Op
 * handles read it (`node.tensor('weight')`, `node.arg('transposed')`,
 * `node.outputs[0]`).
 */
export class OpNode {
  /** Reference op name, e.g. `aten::_convolution`. */
  readonly kind: string;
  private layout: readonly (Shape | null)[] | undefined;
  private shapes: readonly (Shape | null)[] | undefined;
  /** The tensors the op made: one as itself, several as a list, or null. */
  private readonly results: Tensor | readonly Tensor[] | null;

  /**
   * @param results - The tensors the op made (one as itself), or null for an
   *   op that returns a Python int or a list (one output the reference shows
   *   as None).
   * @param shapes - The outputs' shapes, when given as shapes rather than tensors.
   */
  constructor(
    readonly schema: OpSchema,
    /** The innermost module call the op ran in (null outside any). */
    readonly scope: Scope | null,
    readonly args: OpArgs,
    results: Tensor | readonly Tensor[] | null,
    shapes?: readonly (Shape | null)[],
  ) {
    this.kind = schema.kind;
    this.shapes = shapes;
    this.results = results;
  }

  /**
   * Each output's shape; null for a Python int (what `aten::size` returns).
   * Made on first read: counters read the outputs of the few ops they count.
   * (A tensor's shape never changes, so reading it late reads what the op made.)
   */
  get outputs(): readonly (Shape | null)[] {
    if (this.shapes === undefined) {
      const r = this.results;
      if (r === null) this.shapes = NO_RESULT;
      else if (r instanceof Tensor) this.shapes = [r.shape];
      else {
        const out = new Array<Shape>(r.length);
        for (let i = 0; i < r.length; i++) out[i] = r[i]!.shape;
        this.shapes = out;
      }
    }
    return this.shapes;
  }

  /** Canonical names of the modules being called, outermost first ('' is the root). */
  get scopes(): readonly string[] {
    return this.scope === null ? NO_SCOPES : this.scope.names;
  }

  /**
   * A named argument: a tensor's shape (a traced integer's is `[]`), a list
   * of tensors as their shapes, any other value as given; undefined when the
   * emitter did not pass it.
   */
  arg(name: string): unknown {
    const v = this.args[name];
    if (v instanceof Tensor) return v.shape;
    if (Array.isArray(v) && v.some((e) => e instanceof Tensor)) return v.map((e: unknown) => (e instanceof Tensor ? e.shape : e));
    return v;
  }

  /** The shape of a tensor argument, or null when it is absent or not a tensor. */
  tensor(name: string): Shape | null {
    const v = this.args[name];
    return v instanceof Tensor ? v.shape : null;
  }

  /** Each positional input as the reference lists it: a tensor's shape, else null. */
  get inputs(): readonly (Shape | null)[] {
    if (this.layout === undefined) {
      const specs = this.schema.args;
      const out = new Array<Shape | null>(specs.length);
      for (let i = 0; i < specs.length; i++) {
        const spec = specs[i]!;
        const v = this.args[spec.name];
        out[i] = spec.kind !== 'tensor' ? null : v instanceof Tensor ? v.shape : spec.wrapsNumbers && typeof v === 'number' ? SCALAR : null;
      }
      this.layout = Object.freeze(out);
    }
    return this.layout;
  }
}

/** Innermost scope of a node: where its cost is charged in owner mode. */
export function innermostScope(node: OpNode): string {
  return node.scope === null ? '' : node.scope.name;
}

/**
 * One call of a module of the model's tree, as module hooks see it (ptflops,
 * thop, torchinfo and DeepSpeed count per call from these): the arguments and
 * the output, tensors with their shapes. Calls are listed in the order they
 * started, so a call's enclosing call comes before it.
 */
export class ModuleCall {
  /** What `forward` returned; undefined while it runs, or if it threw. */
  output: unknown = undefined;
  constructor(
    /** The module's id in the trace's ModelTree. */
    readonly id: number,
    /** Its canonical name ('' for the root). */
    readonly name: string,
    /** The arguments of the call. */
    readonly args: readonly unknown[],
    /** Index of the enclosing call in the trace's `calls`, or -1 for the outermost. */
    readonly parent: number,
  ) {}
}

/** The ops of one traced call, in the order they ran. */
export interface TraceGraph {
  readonly nodes: readonly OpNode[];
  /** Every call of a module of the model's tree, dead code included (hooks fire whatever the JIT keeps). */
  readonly calls?: readonly ModuleCall[];
}

// ------------------------------------------------------------ frozen views

// Per node, its frozen view (made for counters that are not the library's own).
const VIEWS = new WeakMap<OpNode, OpNode>();
const SCOPE_VIEWS = new WeakMap<Scope, Scope>();

/**
 * A copy of `node` that a counter cannot change the trace through: the node,
 * its arguments, their tensors (copies) and every shape frozen, its scope a
 * frozen copy. The trace's own nodes hold the model's live tensors (a
 * parameter's shape array is the parameter's), and are shared by every
 * analyzer of the trace: handles the library did not write get this view,
 * made once per node on first use. (The op schema is shared: the library's
 * one object per op.)
 */
export function frozenView(node: OpNode): OpNode {
  let view = VIEWS.get(node);
  if (view === undefined) {
    const args: Record<string, unknown> = {};
    for (const name in node.args) args[name] = frozenCopy(node.args[name], 0);
    const outputs = node.outputs.map((s) => (s === null ? null : Object.freeze([...s])));
    view = new OpNode(node.schema, frozenScope(node.scope), Object.freeze(args), null, Object.freeze(outputs));
    // The lazy fields are made before freezing.
    void view.inputs;
    void view.outputs;
    void view.scopes;
    Object.freeze(view);
    VIEWS.set(node, view);
  }
  return view;
}

function frozenScope(scope: Scope | null): Scope | null {
  if (scope === null) return null;
  let view = SCOPE_VIEWS.get(scope);
  if (view === undefined) {
    // Outermost first, so that each parent's view exists (a walk, not a recursion).
    const chain: Scope[] = [];
    for (let s: Scope | null = scope; s !== null && !SCOPE_VIEWS.has(s); s = s.parent) chain.push(s);
    for (let i = chain.length - 1; i >= 0; i--) {
      const s = chain[i]!;
      const v = new Scope(s.parent === null ? null : SCOPE_VIEWS.get(s.parent)!, s.name, s.id);
      void v.names;
      Object.freeze(v);
      SCOPE_VIEWS.set(s, v);
    }
    view = SCOPE_VIEWS.get(scope)!;
  }
  return view;
}

/** A frozen copy of an op argument: tensors copied with frozen shapes, lists copied. */
function frozenCopy(v: unknown, depth: number): unknown {
  if (v instanceof Tensor) {
    const copy = Object.create(Object.getPrototypeOf(v) as object) as Record<string, unknown>;
    Object.assign(copy, v);
    copy.shape = Object.freeze([...v.shape]);
    return Object.freeze(copy);
  }
  if (Array.isArray(v)) return Object.freeze(depth > 8 ? [...v] : v.map((e: unknown) => frozenCopy(e, depth + 1)));
  if (typeof v === 'object' && v !== null && depth <= 8) {
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto === Object.prototype || proto === null) {
      const copy: Record<string, unknown> = {};
      for (const [k, e] of Object.entries(v)) copy[k] = frozenCopy(e, depth + 1);
      return Object.freeze(copy);
    }
  }
  return v;
}
