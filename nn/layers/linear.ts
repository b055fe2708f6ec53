import { ArgumentError } from '../../core/errors.js';
import { Parameter, type Tensor } from '../../core/tensor.js';
import { linear } from '../functional/linear.js';
import { Module } from '../module.js';
import { pyBool } from '../pyrepr.js';

function checkFeatures(arg: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 1) throw new ArgumentError('Linear', arg, v, 'a positive integer');
}

export class Linear extends Module {
  // Declared, not defined: the constructor's assignments make them (a field
  // definition would be one more trip through the registering proxy each).
  declare readonly inFeatures: number;
  declare readonly outFeatures: number;
  declare weight: Parameter;
  declare bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, options: { bias?: boolean } = {}) {
    super();
    checkFeatures('in_features', inFeatures);
    checkFeatures('out_features', outFeatures);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    // registerParameter, not assignment: the same registration without a
    // trip through the proxy's set trap.
    this.registerParameter('weight', new Parameter([outFeatures, inFeatures]));
    this.registerParameter('bias', options.bias === false ? null : new Parameter([outFeatures]));
  }

  override forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}
