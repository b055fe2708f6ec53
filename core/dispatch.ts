// The seam between the layers that run ops (nn) and the layer that records them
// (trace). nn emits events here; whoever installed a sink hears them. With no
// sink installed, running a model is plain shape inference.

import type { Shape } from './shape.js';

/** One executed op, as the reference's trace graph knows it. */
export interface OpEvent {
  /** Reference op name, e.g. `aten::_convolution`. */
  readonly kind: string;
  /** Each positional input: its shape when it is a tensor, else null. */
  readonly inputs: readonly (Shape | null)[];
  readonly outputs: readonly Shape[];
  /** Non-tensor arguments a counter may need (transposed, training, equation, ...). */
  readonly attrs: OpAttrs;
}

export interface OpAttrs {
  readonly transposed?: boolean;
  readonly training?: boolean;
  readonly equation?: string;
  readonly operands?: readonly Shape[];
  readonly [key: string]: unknown;
}

export interface TraceSink {
  enterModule(module: object): void;
  exitModule(module: object): void;
  record(event: OpEvent): void;
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

const NO_ATTRS: OpAttrs = Object.freeze({});

export function emitOp(
  kind: string,
  inputs: readonly (Shape | null)[],
  outputs: readonly Shape[],
  attrs: OpAttrs = NO_ATTRS,
): void {
  if (sink !== null) sink.record({ kind, inputs, outputs, attrs });
}
