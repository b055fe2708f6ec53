/**
 * torchvision's ShuffleNetV2, with torchvision's module names, registration
 * order and forward ops.
 *
 * @module
 */

import { ArgumentError, ShapeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import type { ZooEntry } from './index.js';

/**
 * Interleaves the channels of `groups` groups: view, transpose, contiguous,
 * view. (The reference's trace also holds the aten::size/aten::Int bookkeeping
 * of `x.size()`; those ops are ignored and cost nothing.)
 */
export function channel_shuffle(x: Tensor, groups: number): Tensor {
  if (x.rank !== 4) throw new ShapeError('channel_shuffle', `expected a 4-D input, got ${x.rank}-D`, { input: x.shape });
  const [b, c, h, w] = x.shape as [number, number, number, number];
  const perGroup = Math.floor(c / groups);
  let y = F.view(x, [b, groups, perGroup, h, w]);
  y = F.contiguous(F.transpose(y, 1, 2));
  return F.view(y, [b, -1, h, w]);
}

function depthwiseConv(i: number, o: number, kernelSize: number, stride = 1, padding = 0, bias = false): nn.Conv2d {
  return new nn.Conv2d(i, o, kernelSize, { stride, padding, bias, groups: i });
}

/** ShuffleNetV2's unit (printed as `InvertedResidual`). */
class InvertedResidual extends nn.Module {
  static override readonly typeName: string = 'InvertedResidual';
  readonly stride: number;
  branch1: nn.Sequential;
  branch2: nn.Sequential;

  /** A unit from `inp` to `oup` channels; at stride 1, `inp` must be `oup`. */
  constructor(inp: number, oup: number, stride: number) {
    super();
    if (!(stride >= 1 && stride <= 3)) throw new ArgumentError('InvertedResidual', 'stride', stride, 'between 1 and 3');
    this.stride = stride;
    const branchFeatures = Math.floor(oup / 2);
    if (stride === 1 && inp !== branchFeatures * 2) {
      throw new ArgumentError('InvertedResidual', 'inp', inp, `twice the branch width (${branchFeatures * 2}) when stride is 1`);
    }
    if (stride > 1) {
      this.branch1 = new nn.Sequential(
        depthwiseConv(inp, inp, 3, stride, 1),
        new nn.BatchNorm2d(inp),
        new nn.Conv2d(inp, branchFeatures, 1, { stride: 1, padding: 0, bias: false }),
        new nn.BatchNorm2d(branchFeatures),
        new nn.ReLU(true),
      );
    } else {
      this.branch1 = new nn.Sequential();
    }
    this.branch2 = new nn.Sequential(
      new nn.Conv2d(stride > 1 ? inp : branchFeatures, branchFeatures, 1, { stride: 1, padding: 0, bias: false }),
      new nn.BatchNorm2d(branchFeatures),
      new nn.ReLU(true),
      depthwiseConv(branchFeatures, branchFeatures, 3, stride, 1),
      new nn.BatchNorm2d(branchFeatures),
      new nn.Conv2d(branchFeatures, branchFeatures, 1, { stride: 1, padding: 0, bias: false }),
      new nn.BatchNorm2d(branchFeatures),
      new nn.ReLU(true),
    );
  }

  /**
   * Stride 1: half the channels pass, the other half go through `branch2`; else
   * both branches see `x`. Concatenated, then channel-shuffled in 2 groups.
   */
  override forward(x: Tensor): Tensor {
    let out: Tensor;
    if (this.stride === 1) {
      const [x1, x2] = F.chunk(x, 2, 1) as [Tensor, Tensor];
      out = F.cat([x1, this.branch2.call(x2)], 1);
    } else {
      out = F.cat([this.branch1.call(x), this.branch2.call(x)], 1);
    }
    return channel_shuffle(out, 2);
  }
}

export { InvertedResidual as ShuffleNetV2InvertedResidual };

/** Options of {@link ShuffleNetV2}: `numClasses` (1000). */
export interface ShuffleNetV2Options {
  numClasses?: number;
}

/**
 * torchvision's `ShuffleNetV2`: a stride-2 conv and max pool, three stages of
 * shuffle units, a 1x1 conv, global average pool and a linear classifier.
 */
export class ShuffleNetV2 extends nn.Module {
  static override readonly typeName: string = 'ShuffleNetV2';
  conv1: nn.Sequential;
  maxpool: nn.MaxPool2d;
  stage2!: nn.Sequential;
  stage3!: nn.Sequential;
  stage4!: nn.Sequential;
  conv5: nn.Sequential;
  fc: nn.Linear;

  /**
   * @param stagesRepeats Units in stage2, stage3 and stage4.
   * @param stagesOutChannels Output channels of conv1, the three stages and
   *   conv5.
   * @param options Classes.
   */
  constructor(stagesRepeats: readonly number[], stagesOutChannels: readonly number[], options: ShuffleNetV2Options = {}) {
    super();
    if (stagesRepeats.length !== 3) throw new ArgumentError('ShuffleNetV2', 'stages_repeats', stagesRepeats, 'a list of 3 positive ints');
    if (stagesOutChannels.length !== 5) {
      throw new ArgumentError('ShuffleNetV2', 'stages_out_channels', stagesOutChannels, 'a list of 5 positive ints');
    }
    let inputChannels = 3;
    let outputChannels = stagesOutChannels[0]!;
    this.conv1 = new nn.Sequential(
      new nn.Conv2d(inputChannels, outputChannels, 3, { stride: 2, padding: 1, bias: false }),
      new nn.BatchNorm2d(outputChannels),
      new nn.ReLU(true),
    );
    inputChannels = outputChannels;
    this.maxpool = new nn.MaxPool2d(3, { stride: 2, padding: 1 });
    const names = ['stage2', 'stage3', 'stage4'] as const;
    names.forEach((name, i) => {
      const repeats = stagesRepeats[i]!;
      const out = stagesOutChannels[i + 1]!;
      const seq: nn.Module[] = [new InvertedResidual(inputChannels, out, 2)];
      for (let r = 0; r < repeats - 1; r++) seq.push(new InvertedResidual(out, out, 1));
      this[name] = new nn.Sequential(...seq);
      inputChannels = out;
    });
    outputChannels = stagesOutChannels[stagesOutChannels.length - 1]!;
    this.conv5 = new nn.Sequential(
      new nn.Conv2d(inputChannels, outputChannels, 1, { stride: 1, padding: 0, bias: false }),
      new nn.BatchNorm2d(outputChannels),
      new nn.ReLU(true),
    );
    this.fc = new nn.Linear(outputChannels, options.numClasses ?? 1000);
  }

  /** conv1, maxpool, the three stages, conv5, mean over height and width, `fc`. */
  override forward(x: Tensor): Tensor {
    let y = this.conv1.call(x);
    y = this.maxpool.call(y);
    y = this.stage2.call(y);
    y = this.stage3.call(y);
    y = this.stage4.call(y);
    y = this.conv5.call(y);
    y = F.mean(y, [2, 3]); // global pool
    return this.fc.call(y);
  }
}

/**
 * ShuffleNet V2 with 0.5x output channels (torchvision `shufflenet_v2_x0_5`):
 * 1,366,792 parameters.
 */
export const shufflenet_v2_x0_5 = (o: ShuffleNetV2Options = {}): ShuffleNetV2 => new ShuffleNetV2([4, 8, 4], [24, 48, 96, 192, 1024], o);
/**
 * ShuffleNet V2 with 1.0x output channels (torchvision `shufflenet_v2_x1_0`):
 * 2,278,604 parameters.
 */
export const shufflenet_v2_x1_0 = (o: ShuffleNetV2Options = {}): ShuffleNetV2 => new ShuffleNetV2([4, 8, 4], [24, 116, 232, 464, 1024], o);
/**
 * ShuffleNet V2 with 1.5x output channels (torchvision `shufflenet_v2_x1_5`):
 * 3,503,624 parameters.
 */
export const shufflenet_v2_x1_5 = (o: ShuffleNetV2Options = {}): ShuffleNetV2 => new ShuffleNetV2([4, 8, 4], [24, 176, 352, 704, 1024], o);
/**
 * ShuffleNet V2 with 2.0x output channels (torchvision `shufflenet_v2_x2_0`):
 * 7,393,996 parameters.
 */
export const shufflenet_v2_x2_0 = (o: ShuffleNetV2Options = {}): ShuffleNetV2 => new ShuffleNetV2([4, 8, 4], [24, 244, 488, 976, 2048], o);

/**
 * The family's entries of `models.ZOO`: each builder with its default input,
 * 3x224x224.
 */
export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  shufflenet_v2_x0_5: { build: () => shufflenet_v2_x0_5(), inputShape: [3, 224, 224] },
  shufflenet_v2_x1_0: { build: () => shufflenet_v2_x1_0(), inputShape: [3, 224, 224] },
  shufflenet_v2_x1_5: { build: () => shufflenet_v2_x1_5(), inputShape: [3, 224, 224] },
  shufflenet_v2_x2_0: { build: () => shufflenet_v2_x2_0(), inputShape: [3, 224, 224] },
};
