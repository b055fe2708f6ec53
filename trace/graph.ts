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
      this.list = out.reverse();
    }
    return this.list;
  }
}

const NO_SCOPES: readonly string[] = [];

export class OpNode {
  /** Reference op name, e.g. `aten::_convolution`. */
  readonly kind: string;
  private layout: readonly (Shape | null)[] | undefined;

  constructor(
    readonly schema: OpSchema,
    /** The innermost module call the op ran in (null outside any). */
    readonly scope: Scope | null,
    readonly args: OpArgs,
    /** Each output's shape; null for a Python int (what `aten::size` returns). */
    readonly outputs: readonly (Shape | null)[],
  ) {
    this.kind = schema.kind;
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
      this.layout = out;
    }
    return this.layout;
  }
}

/** Innermost scope of a node: where its cost is charged in owner mode. */
export function innermostScope(node: OpNode): string {
  return node.scope === null ? '' : node.scope.name;
}

export interface TraceGraph {
  readonly nodes: readonly OpNode[];
}
