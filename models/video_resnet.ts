// torchvision's video ResNets (r3d_18, mc3_18, r2plus1d_18), with torchvision's
// module names, registration order and forward ops.

import type { Tensor } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import type { ZooEntry } from './index.js';

type Triple = [number, number, number];

/** The signature torchvision's conv builders share (midplanes is only used by Conv2Plus1D). */
interface ConvBuilder {
  new (inPlanes: number, outPlanes: number, midplanes: number, stride?: number, padding?: number): nn.TensorModule;
  getDownsampleStride(stride: number): Triple;
}

/** A full 3x3x3 convolution. */
export class Conv3DSimple extends nn.Conv3d {
  constructor(inPlanes: number, outPlanes: number, _midplanes: number | null = null, stride = 1, padding = 1) {
    super(inPlanes, outPlanes, [3, 3, 3], { stride, padding, bias: false });
  }
  static getDownsampleStride(stride: number): Triple {
    return [stride, stride, stride];
  }
}

/** A spatial 1x3x3 convolution followed by a temporal 3x1x1 one. */
export class Conv2Plus1D extends nn.Sequential {
  constructor(inPlanes: number, outPlanes: number, midplanes: number, stride = 1, padding = 1) {
    super(
      new nn.Conv3d(inPlanes, midplanes, [1, 3, 3], { stride: [1, stride, stride], padding: [0, padding, padding], bias: false }),
      new nn.BatchNorm3d(midplanes),
      new nn.ReLU(true),
      new nn.Conv3d(midplanes, outPlanes, [3, 1, 1], { stride: [stride, 1, 1], padding: [padding, 0, 0], bias: false }),
    );
  }
  static getDownsampleStride(stride: number): Triple {
    return [stride, stride, stride];
  }
}

/** A spatial-only 1x3x3 convolution. */
export class Conv3DNoTemporal extends nn.Conv3d {
  constructor(inPlanes: number, outPlanes: number, _midplanes: number | null = null, stride = 1, padding = 1) {
    super(inPlanes, outPlanes, [1, 3, 3], { stride: [1, stride, stride], padding: [0, padding, padding], bias: false });
  }
  static getDownsampleStride(stride: number): Triple {
    return [1, stride, stride];
  }
}

/** The video BasicBlock (printed as `BasicBlock`): conv1 and conv2 are Sequentials. */
class BasicBlock extends nn.Module {
  static readonly expansion = 1;
  conv1: nn.Sequential;
  conv2: nn.Sequential;
  relu: nn.ReLU;
  downsample: nn.TensorModule | null;
  readonly stride: number;

  constructor(inplanes: number, planes: number, convBuilder: ConvBuilder, stride = 1, downsample: nn.TensorModule | null = null) {
    super();
    const midplanes = Math.floor((inplanes * planes * 3 * 3 * 3) / (inplanes * 3 * 3 + 3 * planes));
    this.conv1 = new nn.Sequential(new convBuilder(inplanes, planes, midplanes, stride), new nn.BatchNorm3d(planes), new nn.ReLU(true));
    this.conv2 = new nn.Sequential(new convBuilder(planes, planes, midplanes), new nn.BatchNorm3d(planes));
    this.relu = new nn.ReLU(true);
    this.downsample = downsample;
    this.stride = stride;
  }

  override forward(x: Tensor): Tensor {
    let out = this.conv1.call(x);
    out = this.conv2.call(out);
    const residual = this.downsample === null ? x : this.downsample.call(x);
    out = F.add_(out, residual);
    return this.relu.call(out);
  }
}

export { BasicBlock as VideoBasicBlock };

/** The default conv-batchnorm-relu stem. */
export class BasicStem extends nn.Sequential {
  constructor() {
    super(
      new nn.Conv3d(3, 64, [3, 7, 7], { stride: [1, 2, 2], padding: [1, 3, 3], bias: false }),
      new nn.BatchNorm3d(64),
      new nn.ReLU(true),
    );
  }
}

/** R(2+1)D's stem: the 7x7 convolution separated into spatial and temporal parts. */
export class R2Plus1dStem extends nn.Sequential {
  constructor() {
    super(
      new nn.Conv3d(3, 45, [1, 7, 7], { stride: [1, 2, 2], padding: [0, 3, 3], bias: false }),
      new nn.BatchNorm3d(45),
      new nn.ReLU(true),
      new nn.Conv3d(45, 64, [3, 1, 1], { stride: [1, 1, 1], padding: [1, 0, 0], bias: false }),
      new nn.BatchNorm3d(64),
      new nn.ReLU(true),
    );
  }
}

export interface VideoResNetOptions {
  numClasses?: number;
}

export class VideoResNet extends nn.Module {
  stem: nn.TensorModule;
  layer1: nn.Sequential;
  layer2: nn.Sequential;
  layer3: nn.Sequential;
  layer4: nn.Sequential;
  avgpool: nn.AdaptiveAvgPool3d;
  fc: nn.Linear;
  private inplanes = 64;

  constructor(
    convMakers: readonly [ConvBuilder, ConvBuilder, ConvBuilder, ConvBuilder],
    layers: readonly [number, number, number, number],
    stem: () => nn.TensorModule,
    options: VideoResNetOptions = {},
  ) {
    super();
    this.inplanes = 64;
    this.stem = stem();
    const make = (convBuilder: ConvBuilder, planes: number, blocks: number, stride: number): nn.Sequential => {
      let downsample: nn.TensorModule | null = null;
      if (stride !== 1 || this.inplanes !== planes * BasicBlock.expansion) {
        const dsStride = convBuilder.getDownsampleStride(stride);
        downsample = new nn.Sequential(
          new nn.Conv3d(this.inplanes, planes * BasicBlock.expansion, 1, { stride: dsStride, bias: false }),
          new nn.BatchNorm3d(planes * BasicBlock.expansion),
        );
      }
      const list: nn.Module[] = [new BasicBlock(this.inplanes, planes, convBuilder, stride, downsample)];
      this.inplanes = planes * BasicBlock.expansion;
      for (let i = 1; i < blocks; i++) list.push(new BasicBlock(this.inplanes, planes, convBuilder));
      return new nn.Sequential(...list);
    };
    this.layer1 = make(convMakers[0], 64, layers[0], 1);
    this.layer2 = make(convMakers[1], 128, layers[1], 2);
    this.layer3 = make(convMakers[2], 256, layers[2], 2);
    this.layer4 = make(convMakers[3], 512, layers[3], 2);
    this.avgpool = new nn.AdaptiveAvgPool3d([1, 1, 1]);
    this.fc = new nn.Linear(512 * BasicBlock.expansion, options.numClasses ?? 400);
  }

  override forward(x: Tensor): Tensor {
    let y = this.stem.call(x);
    for (const layer of [this.layer1, this.layer2, this.layer3, this.layer4]) y = layer.call(y);
    y = this.avgpool.call(y);
    return this.fc.call(F.flatten(y, 1));
  }
}

export const r3d_18 = (o: VideoResNetOptions = {}): VideoResNet =>
  new VideoResNet([Conv3DSimple, Conv3DSimple, Conv3DSimple, Conv3DSimple], [2, 2, 2, 2], () => new BasicStem(), o);
export const mc3_18 = (o: VideoResNetOptions = {}): VideoResNet =>
  new VideoResNet([Conv3DSimple, Conv3DNoTemporal, Conv3DNoTemporal, Conv3DNoTemporal], [2, 2, 2, 2], () => new BasicStem(), o);
export const r2plus1d_18 = (o: VideoResNetOptions = {}): VideoResNet =>
  new VideoResNet([Conv2Plus1D, Conv2Plus1D, Conv2Plus1D, Conv2Plus1D], [2, 2, 2, 2], () => new R2Plus1dStem(), o);

const CLIP = [3, 16, 112, 112] as const;

export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  r3d_18: { build: () => r3d_18(), inputShape: CLIP },
  mc3_18: { build: () => mc3_18(), inputShape: CLIP },
  r2plus1d_18: { build: () => r2plus1d_18(), inputShape: CLIP },
};
