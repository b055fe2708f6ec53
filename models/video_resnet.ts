/**
 * torchvision's video ResNets (r3d_18, mc3_18, r2plus1d_18), with torchvision's
 * module names, registration order and forward ops.
 *
 * @module
 */

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
  static override readonly typeName: string = 'Conv3DSimple';
  /**
   * A 3x3x3 conv from `inPlanes` to `outPlanes` channels (`_midplanes` is
   * unused).
   */
  constructor(inPlanes: number, outPlanes: number, _midplanes: number | null = null, stride = 1, padding = 1) {
    super(inPlanes, outPlanes, [3, 3, 3], { stride, padding, bias: false });
  }
  /** The stride of a block's downsampling shortcut: `stride` on every axis. */
  static getDownsampleStride(stride: number): Triple {
    return [stride, stride, stride];
  }
}

/** A spatial 1x3x3 convolution followed by a temporal 3x1x1 one. */
export class Conv2Plus1D extends nn.Sequential {
  static override readonly typeName: string = 'Conv2Plus1D';
  /**
   * A 1x3x3 conv to `midplanes` channels, batch norm, relu, then a 3x1x1 conv
   * to `outPlanes`.
   */
  constructor(inPlanes: number, outPlanes: number, midplanes: number, stride = 1, padding = 1) {
    super(
      new nn.Conv3d(inPlanes, midplanes, [1, 3, 3], { stride: [1, stride, stride], padding: [0, padding, padding], bias: false }),
      new nn.BatchNorm3d(midplanes),
      new nn.ReLU(true),
      new nn.Conv3d(midplanes, outPlanes, [3, 1, 1], { stride: [stride, 1, 1], padding: [padding, 0, 0], bias: false }),
    );
  }
  /** The stride of a block's downsampling shortcut: `stride` on every axis. */
  static getDownsampleStride(stride: number): Triple {
    return [stride, stride, stride];
  }
}

/** A spatial-only 1x3x3 convolution. */
export class Conv3DNoTemporal extends nn.Conv3d {
  static override readonly typeName: string = 'Conv3DNoTemporal';
  /**
   * A 1x3x3 conv from `inPlanes` to `outPlanes` channels (`_midplanes` is
   * unused).
   */
  constructor(inPlanes: number, outPlanes: number, _midplanes: number | null = null, stride = 1, padding = 1) {
    super(inPlanes, outPlanes, [1, 3, 3], { stride: [1, stride, stride], padding: [0, padding, padding], bias: false });
  }
  /**
   * The stride of a block's downsampling shortcut: `stride` on height and
   * width, 1 in time.
   */
  static getDownsampleStride(stride: number): Triple {
    return [1, stride, stride];
  }
}

/** The video BasicBlock (printed as `BasicBlock`): conv1 and conv2 are Sequentials. */
class BasicBlock extends nn.Module {
  static override readonly typeName: string = 'BasicBlock';
  static readonly expansion = 1;
  conv1: nn.Sequential;
  conv2: nn.Sequential;
  relu: nn.ReLU;
  downsample: nn.TensorModule | null;
  readonly stride: number;

  /**
   * A block from `inplanes` to `planes` channels whose convs `convBuilder`
   * makes.
   */
  constructor(inplanes: number, planes: number, convBuilder: ConvBuilder, stride = 1, downsample: nn.TensorModule | null = null) {
    super();
    const midplanes = Math.floor((inplanes * planes * 3 * 3 * 3) / (inplanes * 3 * 3 + 3 * planes));
    this.conv1 = new nn.Sequential(new convBuilder(inplanes, planes, midplanes, stride), new nn.BatchNorm3d(planes), new nn.ReLU(true));
    this.conv2 = new nn.Sequential(new convBuilder(planes, planes, midplanes), new nn.BatchNorm3d(planes));
    this.relu = new nn.ReLU(true);
    this.downsample = downsample;
    this.stride = stride;
  }

  /**
   * `conv2(conv1(x))`, added in place to the shortcut (`downsample(x)` or `x`),
   * then relu.
   */
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
  static override readonly typeName: string = 'BasicStem';
  /** A 3x7x7 conv (stride 1x2x2) to 64 channels, batch norm, relu. */
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
  static override readonly typeName: string = 'R2Plus1dStem';
  /**
   * A 1x7x7 conv (stride 1x2x2) to 45 channels, batch norm, relu, then a 3x1x1
   * conv to 64, batch norm, relu.
   */
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

/**
 * Options of {@link VideoResNet} and the video ResNet builders: `numClasses`
 * (400, Kinetics-400's classes).
 */
export interface VideoResNetOptions {
  numClasses?: number;
}

/**
 * torchvision's `VideoResNet`: a stem, four stages of video basic blocks,
 * global average pool and a linear classifier; input `[N, 3, T, H, W]`.
 */
export class VideoResNet extends nn.Module {
  static override readonly typeName: string = 'VideoResNet';
  stem: nn.TensorModule;
  layer1: nn.Sequential;
  layer2: nn.Sequential;
  layer3: nn.Sequential;
  layer4: nn.Sequential;
  avgpool: nn.AdaptiveAvgPool3d;
  fc: nn.Linear;
  private inplanes = 64;

  /**
   * @param convMakers The conv class of each stage (`Conv3DSimple`,
   *   `Conv3DNoTemporal` or `Conv2Plus1D`).
   * @param layers How many blocks each stage has.
   * @param stem Makes the stem.
   * @param options Classes.
   */
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

  /** `stem`, the four stages, `avgpool`, flatten, `fc`. */
  override forward(x: Tensor): Tensor {
    let y = this.stem.call(x);
    for (const layer of [this.layer1, this.layer2, this.layer3, this.layer4]) y = layer.call(y);
    y = this.avgpool.call(y);
    return this.fc.call(F.flatten(y, 1));
  }
}

/** R3D-18 (torchvision `r3d_18`): 3D convs throughout; 33,371,472 parameters. */
export const r3d_18 = (o: VideoResNetOptions = {}): VideoResNet =>
  new VideoResNet([Conv3DSimple, Conv3DSimple, Conv3DSimple, Conv3DSimple], [2, 2, 2, 2], () => new BasicStem(), o);
/**
 * MC3-18 (torchvision `mc3_18`): 3D convs in the first stage, spatial-only
 * convs after; 11,695,440 parameters.
 */
export const mc3_18 = (o: VideoResNetOptions = {}): VideoResNet =>
  new VideoResNet([Conv3DSimple, Conv3DNoTemporal, Conv3DNoTemporal, Conv3DNoTemporal], [2, 2, 2, 2], () => new BasicStem(), o);
/**
 * R(2+1)D-18 (torchvision `r2plus1d_18`): every 3D conv split into spatial and
 * temporal convs; 31,505,325 parameters.
 */
export const r2plus1d_18 = (o: VideoResNetOptions = {}): VideoResNet =>
  new VideoResNet([Conv2Plus1D, Conv2Plus1D, Conv2Plus1D, Conv2Plus1D], [2, 2, 2, 2], () => new R2Plus1dStem(), o);

const CLIP = [3, 16, 112, 112] as const;

/**
 * The family's entries of `models.ZOO`: each builder with its default clip,
 * 3x16x112x112 (channels, frames, height, width).
 */
export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  r3d_18: { build: () => r3d_18(), inputShape: CLIP },
  mc3_18: { build: () => mc3_18(), inputShape: CLIP },
  r2plus1d_18: { build: () => r2plus1d_18(), inputShape: CLIP },
};
