import { Parameter, type Tensor } from '../../core/tensor.js';
import { linear } from '../functional/linear.js';
import { bilinear } from '../functional/shuffle.js';
import { intArg } from '../functional/util.js';
import { Module, moduleTarget } from '../module.js';
import { pyBool } from '../pyrepr.js';

function checkFeatures(arg: string, v: number): void {
  intArg('Linear', arg, v, 1);
}

/**
 * `torch.nn.Linear(in_features, out_features, bias=True)`: y = x W^T + b on
 * input [*, in_features]. Parameters: `weight` [out_features, in_features],
 * `bias` [out_features] (null with `bias` false). Traces one `aten::linear`.
 */
export class Linear extends Module {
  static override readonly typeName: string = 'Linear';
  // Declared, not defined: the constructor's assignments make them (a field
  // definition would be one more trip through the registering proxy each).
  /** PyTorch's `in_features`. */
  declare readonly inFeatures: number;
  /** PyTorch's `out_features`. */
  declare readonly outFeatures: number;
  /** [out_features, in_features]. */
  declare weight: Parameter;
  /** [out_features], or null when built with `bias` false. */
  declare bias: Parameter | null;

  /**
   * `new nn.Linear(512, 1000)`, `new nn.Linear(512, 1000, false)` or
   * `new nn.Linear(512, 1000, { bias: false })`, as `nn.Linear(in, out, bias=True)`.
   * @param inFeatures - Size of each input's last dimension.
   * @param outFeatures - Size of each output's last dimension.
   * @param bias - Whether to add a learnable bias (default true), or `{ bias }`.
   */
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

  /** `x` [*, in_features] to [*, out_features]. */
  override forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}

/**
 * `torch.nn.Bilinear(in1_features, in2_features, out_features, bias=True)`:
 * y = x1^T A x2 + b on inputs [*, in1_features] and [*, in2_features].
 * Parameters: `weight` [out_features, in1_features, in2_features], `bias`
 * [out_features] (null with `bias` false). Traces one `aten::bilinear`.
 */
export class Bilinear extends Module<(input1: Tensor, input2: Tensor) => Tensor> {
  static override readonly typeName: string = 'Bilinear';
  /** PyTorch's `in1_features`. */
  declare readonly in1Features: number;
  /** PyTorch's `in2_features`. */
  declare readonly in2Features: number;
  /** PyTorch's `out_features`. */
  declare readonly outFeatures: number;
  /** [out_features, in1_features, in2_features]. */
  declare weight: Parameter;
  /** [out_features], or null when built with `bias` false. */
  declare bias: Parameter | null;

  /**
   * `new nn.Bilinear(20, 30, 40)`, `new nn.Bilinear(20, 30, 40, false)` or `new nn.Bilinear(20, 30, 40, { bias: false })`.
   * @param in1Features - Size of the first input's last dimension.
   * @param in2Features - Size of the second input's last dimension.
   * @param outFeatures - Size of the output's last dimension.
   * @param bias - Whether to add a learnable bias (default true), or `{ bias }`.
   */
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

  /** `input1` [*, in1_features] and `input2` [*, in2_features] to [*, out_features]. */
  override forward(input1: Tensor, input2: Tensor): Tensor {
    return bilinear(input1, input2, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}
