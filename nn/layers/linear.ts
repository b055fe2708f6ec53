import { ArgumentError } from '../../core/errors.js';
import { Parameter, type Tensor } from '../../core/tensor.js';
import { linear } from '../functional/linear.js';
import { Module } from '../module.js';
import { pyBool } from '../pyrepr.js';

export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, options: { bias?: boolean } = {}) {
    super();
    for (const [arg, v] of [['in_features', inFeatures], ['out_features', outFeatures]] as const) {
      if (!Number.isSafeInteger(v) || v < 1) throw new ArgumentError('Linear', arg, v, 'a positive integer');
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = new Parameter([outFeatures, inFeatures]);
    this.bias = options.bias === false ? null : new Parameter([outFeatures]);
    if (this.bias === null) this.registerParameter('bias', null);
  }

  override forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}
