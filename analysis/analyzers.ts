// FlopAnalyzer and ActivationAnalyzer: ModelAnalysis with the reference's
// default handles for FLOPs and for activations.

import { ModelAnalysis } from './model_analysis.js';
import { DEFAULT_ACTIVATION_HANDLES, DEFAULT_FLOP_HANDLES } from './registry.js';

/**
 * fvcore's `FlopCountAnalysis`: FLOPs per module and per operator of one traced
 * call (`new FlopAnalyzer(model, inputs)`), one multiply-add counting 1, with
 * {@link DEFAULT_FLOP_HANDLES}.
 */
export class FlopAnalyzer extends ModelAnalysis {
  static override readonly typeName: string = 'FlopAnalyzer';
  static override readonly defaultHandles = DEFAULT_FLOP_HANDLES;
}

/**
 * fvcore's `ActivationCountAnalysis`: activations (output elements of
 * convolutions and matrix products) per module and per operator of one traced
 * call, with {@link DEFAULT_ACTIVATION_HANDLES}.
 */
export class ActivationAnalyzer extends ModelAnalysis {
  static override readonly typeName: string = 'ActivationAnalyzer';
  static override readonly defaultHandles = DEFAULT_ACTIVATION_HANDLES;
}
