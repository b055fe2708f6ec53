// The recorder's ops as parts, not objects: per op its schema, scope,
// arguments and results, in fixed-size chunks. A trace is alive while it is
// built, so everything it holds per op is copied by the young collector (a
// Llama-3.1-405B prefill records 16,000 ops); an OpNode is made only for an
// op something reads as one (a counter counting it, or `trace.nodes`).

import type { OpArgs } from '../core/dispatch.js';
import type { OpSchema } from '../core/op_schema.js';
import type { Tensor } from '../core/tensor.js';
import { OpNode, type Scope } from './graph.js';

// Ops per chunk, as a shift: 256 ops of four parts each (a small trace makes one 8 KB chunk).
const SHIFT = 8;
const MASK = (1 << SHIFT) - 1;

/** The ops of one recording, by recording index. */
export class RecordedOps {
  /** How many ops are recorded. */
  length = 0;
  private readonly chunks: unknown[][] = [];
  /** Per recording index, the OpNode made for it (made on first read). */
  private made: (OpNode | undefined)[] | undefined;

  /** Records an op; returns its index. (`results`: one tensor as itself, a list, or null.) */
  push(schema: OpSchema, scope: Scope | null, args: OpArgs, results: Tensor | readonly Tensor[] | null): number {
    const i = this.length++;
    let chunk = this.chunks[i >> SHIFT];
    if (chunk === undefined) this.chunks.push((chunk = new Array<unknown>(4 << SHIFT)));
    const at = (i & MASK) << 2;
    chunk[at] = schema;
    chunk[at + 1] = scope;
    chunk[at + 2] = args;
    chunk[at + 3] = results;
    return i;
  }

  /** Part `k` of op `i`: 0 its schema, 1 its scope, 2 its arguments, 3 its results. */
  part(i: number, k: number): unknown {
    return this.chunks[i >> SHIFT]![((i & MASK) << 2) + k];
  }

  /** Op `i` as an OpNode: the same object on every call. */
  node(i: number): OpNode {
    const made = (this.made ??= new Array<OpNode | undefined>(this.length));
    let node = made[i];
    if (node === undefined) {
      made[i] = node = new OpNode(this.part(i, 0) as OpSchema, this.part(i, 1) as Scope | null, this.part(i, 2) as OpArgs, this.part(i, 3) as Tensor | readonly Tensor[] | null);
    }
    return node;
  }
}

/**
 * The kept nodes of a trace read one part at a time: the counts read every
 * node's op and scope, and need an OpNode only for the ops they count.
 */
export interface NodeReader {
  readonly count: number;
  schema(i: number): OpSchema;
  scope(i: number): Scope | null;
  node(i: number): OpNode;
}

/**
 * The NodeReader of a trace: over the parts of its recording (`ops`, kept at
 * recording indexes `keptIndex`), or over its `nodes` for a trace made by hand.
 */
export function readerOf(trace: { readonly nodes: readonly OpNode[]; readonly ops?: RecordedOps; readonly keptIndex?: Int32Array }): NodeReader {
  const { ops, keptIndex: kept } = trace;
  if (ops === undefined || kept === undefined) {
    const nodes = trace.nodes;
    return { count: nodes.length, schema: (i) => nodes[i]!.schema, scope: (i) => nodes[i]!.scope, node: (i) => nodes[i]! };
  }
  return {
    count: kept.length,
    schema: (i) => ops.part(kept[i]!, 0) as OpSchema,
    scope: (i) => ops.part(kept[i]!, 1) as Scope | null,
    node: (i) => ops.node(kept[i]!),
  };
}
