// The seam between the layers that run ops (nn) and the layer that records them
// (trace). nn emits events here; whoever installed a sink hears them. With no
// sink installed, running a model is plain shape inference. The installed sink
// is the one piece of module-level state in flopscope: ops are emitted from
// deep inside user code, which cannot be handed a recorder explicitly.

import type { OpSchema } from './op_schema.js';
import type { Tensor } from './tensor.js';
import { SymbolicError } from './errors.js';
import { decideAtLeast, type SymSize } from './sizes.js';
import type { Expr } from './symbolic.js';

/** Named arguments of an op, as its schema names them. Tensors (and lists of them) are its dataflow inputs. */
export type OpArgs = Readonly<Record<string, unknown>>;

/** One executed op. */
export interface OpEvent {
  readonly schema: OpSchema;
  readonly args: OpArgs;
  /** The tensors the op made (the same object as an input for in-place ops). */
  readonly outputs: readonly Tensor[];
}

/**
 * Hears what running a model emits: module calls entered and left, and every op
 * executed. The tracer installs one with {@link setTraceSink}; with none
 * installed, running a model is plain shape inference.
 */
export interface TraceSink {
  /** A module's `call` starts (before its `forward` runs), with the arguments it was given. */
  enterModule(module: object, args: readonly unknown[]): void;
  /** That call ends, also when it throws (`output` is then undefined). */
  exitModule(module: object, output: unknown): void;
  /** One op ran: its schema, its named arguments and the tensors it made (the parts of an OpEvent, passed apart: this runs per op). */
  record(schema: OpSchema, args: OpArgs, outputs: readonly Tensor[]): void;
  /**
   * One op that made one tensor, as most do: what `record` hears as
   * `[output]`, without the list (an object per op, which a trace of a large
   * model makes 10,000s of). Optional: a sink without it hears `record`.
   */
  recordOne?(schema: OpSchema, args: OpArgs, output: Tensor): void;
  /**
   * A symbolic trace met a check it cannot decide (`T + P <= 1024`): the
   * result holds only where `condition` does. A sink that keeps conditions
   * returns true; without one the check is a SymbolicError.
   */
  assume?(condition: Condition): boolean;
}

/** `expr >= bound` over the named sizes, which a symbolic result assumes; `why` says which check needs it. */
export interface Condition {
  readonly expr: Expr;
  readonly bound: number;
  readonly why: string;
}

let sink: TraceSink | null = null;

/** Installs a sink and returns the one it replaces (restore it when done). */
export function setTraceSink(next: TraceSink | null): TraceSink | null {
  const prev = sink;
  sink = next;
  return prev;
}

export function traceSink(): TraceSink | null {
  return sink;
}

/** Records one op with the sink, if any. */
export function emit(schema: OpSchema, args: OpArgs, outputs: readonly Tensor[]): void {
  if (sink !== null) sink.record(schema, args, outputs);
}

/** Records one op that made one tensor, `output`, with the sink, if any (`emit` with `[output]`). */
export function emitOne(schema: OpSchema, args: OpArgs, output: Tensor): void {
  if (sink === null) return;
  if (sink.recordOne !== undefined) sink.recordOne(schema, args, output);
  else sink.record(schema, args, [output]);
}

/**
 * Whether `v >= bound`: decided for numbers and where the symbols' least
 * values decide it; otherwise the trace's sink keeps it as a condition of the
 * symbolic result (true), or, with no sink that keeps conditions, a
 * SymbolicError naming `why` and the symbols.
 */
export function atLeast(v: SymSize, bound: number, why: string): boolean {
  if (typeof v === 'number') return v >= bound;
  const decided = decideAtLeast(v, bound);
  if (decided !== undefined) return decided;
  if (sink?.assume?.({ expr: v, bound, why }) === true) return true;
  throw new SymbolicError(`${why}: whether ${v.toString()} >= ${bound} depends on the sizes`, v.symbols());
}
