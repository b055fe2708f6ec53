// FlopAnalyzer and ActivationAnalyzer: ModelAnalysis with the reference's
// default handles for FLOPs and for activations.

import { ModelAnalysis } from './model_analysis.js';
import { DEFAULT_ACTIVATION_HANDLES, DEFAULT_FLOP_HANDLES } from './registry.js';

export class FlopAnalyzer extends ModelAnalysis {
  static override readonly defaultHandles = DEFAULT_FLOP_HANDLES;
}

export class ActivationAnalyzer extends ModelAnalysis {
  static override readonly defaultHandles = DEFAULT_ACTIVATION_HANDLES;
}
