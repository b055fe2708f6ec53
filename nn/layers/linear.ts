import { Parameter, type Tensor } from '../../core/tensor.js';
import { linear } from '../functional/linear.js';
import { bilinear } from '../functional/shuffle.js';
import { intArg } from '../functional/util.js';
import { Module, moduleTarget } from '../module.js';
import { pyBool } from '../pyrepr.js';

function checkFeatures(arg: string, v: number): void {
  intArg('Linear', arg, v, 1);
}

export class Linear extends Module {
  // Declared, not defined: the constructor's assignments make them (a field
  // definition would be one more trip through the registering proxy each).
  declare readonly inFeatures: number;
  declare readonly outFeatures: number;
  declare weight: Parameter;
  declare bias: Parameter | null;

  /** `new Linear(in, out)`, `new Linear(in, out, false)` or `new Linear(in, out, { bias: false })`, as `nn.Linear(in, out, bias=True)`. */
  constructor(inFeatures: number, outFeatures: number, bias: boolean | { bias?: boolean } = true) {
    super();
    checkFeatures('in_features', inFeatures);
    checkFeatures('out_features', outFeatures);
    // Written on the object behind the proxy: plain values as the fields
    // they are, parameters through registerParameter (the same registration
    // as assignment), with no trip through the proxy's traps.
    const self = moduleTarget(this) as { -readonly [K in keyof Linear]: Linear[K] };
    self.inFeatures = inFeatures;
    self.outFeatures = outFeatures;
    self.registerParameter('weight', new Parameter([outFeatures, inFeatures]));
    const withBias = typeof bias === 'boolean' ? bias : bias.bias ?? true;
    self.registerParameter('bias', withBias ? new Parameter([outFeatures]) : null);
  }

  override forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}

/** `nn.Bilinear(in1_features, in2_features, out_features, bias=True)`: y = x1^T A x2 + b. */
export class Bilinear extends Module<(input1: Tensor, input2: Tensor) => Tensor> {
  declare readonly in1Features: number;
  declare readonly in2Features: number;
  declare readonly outFeatures: number;
  declare weight: Parameter;
  declare bias: Parameter | null;

  constructor(in1Features: number, in2Features: number, outFeatures: number, bias: boolean | { bias?: boolean } = true) {
    super();
    intArg('Bilinear', 'in1_features', in1Features, 1);
    intArg('Bilinear', 'in2_features', in2Features, 1);
    intArg('Bilinear', 'out_features', outFeatures, 1);
    const withBias = typeof bias === 'boolean' ? bias : bias.bias ?? true;
    const self = moduleTarget(this) as { -readonly [K in keyof Bilinear]: Bilinear[K] };
    self.in1Features = in1Features;
    self.in2Features = in2Features;
    self.outFeatures = outFeatures;
    self.registerParameter('weight', new Parameter([outFeatures, in1Features, in2Features]));
    self.registerParameter('bias', withBias ? new Parameter([outFeatures]) : null);
  }

  override forward(input1: Tensor, input2: Tensor): Tensor {
    return bilinear(input1, input2, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}
