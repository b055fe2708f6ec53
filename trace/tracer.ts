// Runs a model with a recording sink installed: module calls push and pop
// scopes, every op is stored with the scope stack of that moment.

import { setTraceSink, type OpEvent, type TraceSink } from '../core/dispatch.js';
import { ShapeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { Module } from '../nn/module.js';
import { moduleNames, type ModuleNames } from './aliases.js';
import type { OpNode, TraceGraph } from './graph.js';

class Recorder implements TraceSink {
  readonly nodes: OpNode[] = [];
  private scopes: readonly string[] = [];
  private readonly stack: (readonly string[])[] = [];

  constructor(private readonly names: ReadonlyMap<Module, string>) {}

  enterModule(module: object): void {
    this.stack.push(this.scopes);
    const name = this.names.get(module as Module);
    // A module outside the model's tree (built inside forward) has no scope of
    // its own: its ops belong to the caller, as with the reference's hooks.
    if (name !== undefined) this.scopes = [...this.scopes, name];
  }

  exitModule(): void {
    this.scopes = this.stack.pop() ?? [];
  }

  record(event: OpEvent): void {
    this.nodes.push({ kind: event.kind, scopes: this.scopes, inputs: event.inputs, outputs: event.outputs, attrs: event.attrs });
  }
}

export interface Trace extends TraceGraph {
  readonly model: Module;
  readonly names: ModuleNames;
  readonly output: unknown;
}

/** Calls `model` on `inputs` and returns every op it ran, scoped. */
export function traceModel(model: Module, inputs: readonly Tensor[], names: ModuleNames = moduleNames(model)): Trace {
  const recorder = new Recorder(names.byModule);
  const previous = setTraceSink(recorder);
  let output: unknown;
  try {
    output = (model.call as (this: Module, ...a: unknown[]) => unknown).apply(model, inputs as unknown[]);
  } catch (e) {
    if (e instanceof ShapeError && e.module !== undefined && e.modulePath === undefined) {
      const m = e.module as Module;
      e.locate(names.byModule.get(m) ?? '', m.typeName());
    }
    throw e;
  } finally {
    setTraceSink(previous);
  }
  return { model, names, nodes: recorder.nodes, output };
}
