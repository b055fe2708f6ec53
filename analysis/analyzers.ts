// FlopAnalyzer and ActivationAnalyzer: ModelAnalysis with the default handles.

import type { Tensor } from '../core/tensor.js';
import type { Module } from '../nn/module.js';
import type { ModelTree } from '../trace/model_tree.js';
import type { Trace } from '../trace/tracer.js';
import { ModelAnalysis } from './model_analysis.js';
import { DEFAULT_ACTIVATION_HANDLES, DEFAULT_FLOP_HANDLES } from './registry.js';

export class FlopAnalyzer extends ModelAnalysis {
  constructor(model: Module, inputs: Tensor | readonly Tensor[], trace?: Trace, tree?: ModelTree) {
    super(model, inputs, trace, tree);
    this.setOpHandles(DEFAULT_FLOP_HANDLES);
  }

  /** Counts over an existing trace instead of tracing again. */
  static fromTrace(trace: Trace): FlopAnalyzer {
    return new FlopAnalyzer(trace.model, [], trace);
  }
}

export class ActivationAnalyzer extends ModelAnalysis {
  constructor(model: Module, inputs: Tensor | readonly Tensor[], trace?: Trace, tree?: ModelTree) {
    super(model, inputs, trace, tree);
    this.setOpHandles(DEFAULT_ACTIVATION_HANDLES);
  }

  static fromTrace(trace: Trace): ActivationAnalyzer {
    return new ActivationAnalyzer(trace.model, [], trace);
  }
}
