/**
 * torchvision's MNASNet (the B1 variant, checkpoint version 2: every depth,
 * the stem's included, scales with alpha), with torchvision's module names,
 * registration order and forward ops.
 *
 * @module
 */

import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import type { ZooEntry } from './index.js';

/** The paper's TensorFlow momentum 0.9997, as PyTorch's `1 - momentum`. */
const BN_MOMENTUM = 1 - 0.9997;

/**
 * torchvision's MNASNet `_InvertedResidual`: 1x1 expand, kxk depthwise (k = 3
 * or 5) and 1x1 project convs with batch norms, plus the input when shapes
 * allow.
 */
export class _InvertedResidual extends nn.Module {
  static override readonly typeName: string = '_InvertedResidual';
  readonly applyResidual: boolean;
  layers: nn.Sequential;

  /**
   * A block from `inCh` to `outCh` channels, expanded `expansionFactor` times
   * inside.
   */
  constructor(inCh: number, outCh: number, kernelSize: number, stride: number, expansionFactor: number, bnMomentum = 0.1) {
    super();
    if (stride !== 1 && stride !== 2) throw new ArgumentError('_InvertedResidual', 'stride', stride, '1 or 2');
    if (kernelSize !== 3 && kernelSize !== 5) throw new ArgumentError('_InvertedResidual', 'kernel_size', kernelSize, '3 or 5');
    const midCh = inCh * expansionFactor;
    this.applyResidual = inCh === outCh && stride === 1;
    const bn = (c: number): nn.BatchNorm2d => new nn.BatchNorm2d(c, { momentum: bnMomentum });
    this.layers = new nn.Sequential(
      // Pointwise
      new nn.Conv2d(inCh, midCh, 1, { bias: false }),
      bn(midCh),
      new nn.ReLU(true),
      // Depthwise
      new nn.Conv2d(midCh, midCh, kernelSize, { padding: Math.floor(kernelSize / 2), stride, groups: midCh, bias: false }),
      bn(midCh),
      new nn.ReLU(true),
      // Linear pointwise, no activation.
      new nn.Conv2d(midCh, outCh, 1, { bias: false }),
      bn(outCh),
    );
  }

  /** `layers(x)`, plus `x` when the stride is 1 and the channels do not change. */
  override forward(x: Tensor): Tensor {
    if (this.applyResidual) return F.add(this.layers.call(x), x);
    return this.layers.call(x);
  }
}

/** A stack of inverted residuals; only the first changes stride and width. */
function stack(inCh: number, outCh: number, kernelSize: number, stride: number, expFactor: number, repeats: number, bnMomentum: number): nn.Sequential {
  if (repeats < 1) throw new ArgumentError('_stack', 'repeats', repeats, 'at least 1');
  const blocks: nn.Module[] = [new _InvertedResidual(inCh, outCh, kernelSize, stride, expFactor, bnMomentum)];
  for (let i = 1; i < repeats; i++) blocks.push(new _InvertedResidual(outCh, outCh, kernelSize, 1, expFactor, bnMomentum));
  return new nn.Sequential(...blocks);
}

/** Rounds to a multiple of `divisor`, going up when rounding down would lose more than 10%. */
function roundToMultipleOf(val: number, divisor: number, roundUpBias = 0.9): number {
  const newVal = Math.max(divisor, Math.floor(Math.trunc(val + divisor / 2) / divisor) * divisor);
  return newVal >= roundUpBias * val ? newVal : newVal + divisor;
}

function getDepths(alpha: number): number[] {
  return [32, 16, 24, 40, 80, 96, 192, 320].map((d) => roundToMultipleOf(d * alpha, 8));
}

/**
 * Options of {@link MNASNet}: `numClasses` (1000) and the classifier's
 * `dropout` (0.2).
 */
export interface MNASNetOptions {
  numClasses?: number;
  dropout?: number;
}

/**
 * torchvision's `MNASNet` (B1, checkpoint version 2): every depth, the stem's
 * included, scales with `alpha`.
 */
export class MNASNet extends nn.Module {
  static override readonly typeName: string = 'MNASNet';
  readonly alpha: number;
  readonly numClasses: number;
  layers: nn.Sequential;
  classifier: nn.Sequential;

  /**
   * @param alpha The depth multiplier (0.5, 0.75, 1.0, 1.3 for the builders).
   * @param options Classes and dropout.
   */
  constructor(alpha: number, options: MNASNetOptions = {}) {
    super();
    if (!(alpha > 0)) throw new ArgumentError('MNASNet', 'alpha', alpha, 'a positive number');
    this.alpha = alpha;
    this.numClasses = options.numClasses ?? 1000;
    const d = getDepths(alpha) as [number, number, number, number, number, number, number, number];
    const bn = (c: number): nn.BatchNorm2d => new nn.BatchNorm2d(c, { momentum: BN_MOMENTUM });
    this.layers = new nn.Sequential(
      // First layer: regular conv.
      new nn.Conv2d(3, d[0], 3, { padding: 1, stride: 2, bias: false }),
      bn(d[0]),
      new nn.ReLU(true),
      // Depthwise separable, no skip.
      new nn.Conv2d(d[0], d[0], 3, { padding: 1, stride: 1, groups: d[0], bias: false }),
      bn(d[0]),
      new nn.ReLU(true),
      new nn.Conv2d(d[0], d[1], 1, { padding: 0, stride: 1, bias: false }),
      bn(d[1]),
      // MNASNet blocks: stacks of inverted residuals.
      stack(d[1], d[2], 3, 2, 3, 3, BN_MOMENTUM),
      stack(d[2], d[3], 5, 2, 3, 3, BN_MOMENTUM),
      stack(d[3], d[4], 5, 2, 6, 3, BN_MOMENTUM),
      stack(d[4], d[5], 3, 1, 6, 2, BN_MOMENTUM),
      stack(d[5], d[6], 5, 2, 6, 4, BN_MOMENTUM),
      stack(d[6], d[7], 3, 1, 6, 1, BN_MOMENTUM),
      // Final mapping to classifier input.
      new nn.Conv2d(d[7], 1280, 1, { padding: 0, stride: 1, bias: false }),
      bn(1280),
      new nn.ReLU(true),
    );
    this.classifier = new nn.Sequential(new nn.Dropout(options.dropout ?? 0.2, true), new nn.Linear(1280, this.numClasses));
  }

  /** `layers`, mean over height and width, `classifier`. */
  override forward(x: Tensor): Tensor {
    let y = this.layers.call(x);
    // Global average pooling that also drops H and W.
    y = F.mean(y, [2, 3]);
    return this.classifier.call(y);
  }
}

/**
 * MNASNet with depth multiplier 0.5 (torchvision `mnasnet0_5`): 2,218,512
 * parameters.
 */
export const mnasnet0_5 = (o: MNASNetOptions = {}): MNASNet => new MNASNet(0.5, o);
/**
 * MNASNet with depth multiplier 0.75 (torchvision `mnasnet0_75`): 3,170,208
 * parameters.
 */
export const mnasnet0_75 = (o: MNASNetOptions = {}): MNASNet => new MNASNet(0.75, o);
/**
 * MNASNet with depth multiplier 1.0 (torchvision `mnasnet1_0`): 4,383,312
 * parameters.
 */
export const mnasnet1_0 = (o: MNASNetOptions = {}): MNASNet => new MNASNet(1.0, o);
/**
 * MNASNet with depth multiplier 1.3 (torchvision `mnasnet1_3`): 6,282,256
 * parameters.
 */
export const mnasnet1_3 = (o: MNASNetOptions = {}): MNASNet => new MNASNet(1.3, o);

/**
 * The family's entries of `models.ZOO`: each builder with its default input,
 * 3x224x224.
 */
export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  mnasnet0_5: { build: () => mnasnet0_5(), inputShape: [3, 224, 224] },
  mnasnet0_75: { build: () => mnasnet0_75(), inputShape: [3, 224, 224] },
  mnasnet1_0: { build: () => mnasnet1_0(), inputShape: [3, 224, 224] },
  mnasnet1_3: { build: () => mnasnet1_3(), inputShape: [3, 224, 224] },
};
