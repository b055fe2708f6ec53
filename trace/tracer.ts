// Runs a model with a recording sink installed: module calls push and pop
// scopes, every op is stored with the scope stack of that moment.

import { setTraceSink, type OpEvent, type TraceSink } from '../core/dispatch.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { Module } from '../nn/module.js';
import { buildModelTree, type ModelTree } from './model_tree.js';
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
  /** The model's structure as traced: every scope name in the trace is one of its names. */
  readonly tree: ModelTree;
  readonly output: unknown;
}

/** Calls `model` on `inputs` and returns every op it ran, scoped; `tree` is a snapshot of `model` taken for this analysis. */
export function traceModel(model: Module, inputs: readonly Tensor[], tree: ModelTree = buildModelTree(model)): Trace {
  if (tree.root !== model) throw new ArgumentError('traceModel', 'tree', `a tree of ${tree.root.typeName()}`, 'a tree built from the traced model');
  const recorder = new Recorder(tree.byModule);
  const previous = setTraceSink(recorder);
  let output: unknown;
  try {
    output = (model.call as (this: Module, ...a: unknown[]) => unknown).apply(model, inputs as unknown[]);
  } catch (e) {
    if (e instanceof ShapeError && e.module !== undefined && e.modulePath === undefined) {
      const m = e.module as Module;
      e.locate(tree.byModule.get(m) ?? '', m.typeName());
    }
    throw e;
  } finally {
    setTraceSink(previous);
  }
  return { model, tree, nodes: recorder.nodes, output };
}
