// torchvision's S3D (separable 3D Inception), with torchvision's module names,
// registration order and forward ops.

import type { Tensor } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import { Conv3dNormActivation, type LayerFactory } from './ops.js';
import type { ZooEntry } from './index.js';

/** A spatial (1, k, k) then a temporal (k, 1, 1) Conv3dNormActivation. */
export class TemporalSeparableConv extends nn.Sequential {
  static override readonly typeName: string = 'TemporalSeparableConv';
  constructor(inPlanes: number, outPlanes: number, kernelSize: number, stride: number, padding: number, normLayer: LayerFactory) {
    super(
      new Conv3dNormActivation(inPlanes, outPlanes, {
        kernelSize: [1, kernelSize, kernelSize],
        stride: [1, stride, stride],
        padding: [0, padding, padding],
        bias: false,
        normLayer,
      }),
      new Conv3dNormActivation(outPlanes, outPlanes, {
        kernelSize: [kernelSize, 1, 1],
        stride: [stride, 1, 1],
        padding: [padding, 0, 0],
        bias: false,
        normLayer,
      }),
    );
  }
}

export class SepInceptionBlock3D extends nn.Module {
  static override readonly typeName: string = 'SepInceptionBlock3D';
  branch0: Conv3dNormActivation;
  branch1: nn.Sequential;
  branch2: nn.Sequential;
  branch3: nn.Sequential;

  constructor(
    inPlanes: number,
    b0Out: number,
    b1Mid: number,
    b1Out: number,
    b2Mid: number,
    b2Out: number,
    b3Out: number,
    normLayer: LayerFactory,
  ) {
    super();
    const pointwise = (out: number): Conv3dNormActivation => new Conv3dNormActivation(inPlanes, out, { kernelSize: 1, stride: 1, normLayer });
    this.branch0 = pointwise(b0Out);
    this.branch1 = new nn.Sequential(pointwise(b1Mid), new TemporalSeparableConv(b1Mid, b1Out, 3, 1, 1, normLayer));
    this.branch2 = new nn.Sequential(pointwise(b2Mid), new TemporalSeparableConv(b2Mid, b2Out, 3, 1, 1, normLayer));
    this.branch3 = new nn.Sequential(new nn.MaxPool3d([3, 3, 3], { stride: 1, padding: 1 }), pointwise(b3Out));
  }

  override forward(x: Tensor): Tensor {
    const x0 = this.branch0.call(x);
    const x1 = this.branch1.call(x);
    const x2 = this.branch2.call(x);
    const x3 = this.branch3.call(x);
    return F.cat([x0, x1, x2, x3], 1);
  }
}

/**
 * Options of {@link s3d}: `numClasses` (400), the classifier's `dropout` (0.2)
 * and the norm layer.
 */
export interface S3DOptions {
  numClasses?: number;
  dropout?: number;
  normLayer?: LayerFactory;
}

/** torchvision's default: BatchNorm3d(eps=0.001, momentum=0.001). */
const s3dNorm: LayerFactory = (c) => new nn.BatchNorm3d(c, { eps: 0.001, momentum: 0.001 });

/**
 * torchvision's `S3D` video classifier (separable 3D Inception): input
 * `[N, 3, T, H, W]`.
 */
export class S3D extends nn.Module {
  static override readonly typeName: string = 'S3D';
  features: nn.Sequential;
  avgpool: nn.AvgPool3d;
  classifier: nn.Sequential;

  constructor(options: S3DOptions = {}) {
    super();
    const norm = options.normLayer ?? s3dNorm;
    const block = (...c: [number, number, number, number, number, number, number]): SepInceptionBlock3D =>
      new SepInceptionBlock3D(...c, norm);
    this.features = new nn.Sequential(
      new TemporalSeparableConv(3, 64, 7, 2, 3, norm),
      new nn.MaxPool3d([1, 3, 3], { stride: [1, 2, 2], padding: [0, 1, 1] }),
      new Conv3dNormActivation(64, 64, { kernelSize: 1, stride: 1, normLayer: norm }),
      new TemporalSeparableConv(64, 192, 3, 1, 1, norm),
      new nn.MaxPool3d([1, 3, 3], { stride: [1, 2, 2], padding: [0, 1, 1] }),
      block(192, 64, 96, 128, 16, 32, 32),
      block(256, 128, 128, 192, 32, 96, 64),
      new nn.MaxPool3d([3, 3, 3], { stride: [2, 2, 2], padding: [1, 1, 1] }),
      block(480, 192, 96, 208, 16, 48, 64),
      block(512, 160, 112, 224, 24, 64, 64),
      block(512, 128, 128, 256, 24, 64, 64),
      block(512, 112, 144, 288, 32, 64, 64),
      block(528, 256, 160, 320, 32, 128, 128),
      new nn.MaxPool3d([2, 2, 2], { stride: [2, 2, 2], padding: [0, 0, 0] }),
      block(832, 256, 160, 320, 32, 128, 128),
      block(832, 384, 192, 384, 48, 128, 128),
    );
    this.avgpool = new nn.AvgPool3d([2, 7, 7], { stride: 1 });
    this.classifier = new nn.Sequential(
      new nn.Dropout(options.dropout ?? 0.2),
      new nn.Conv3d(1024, options.numClasses ?? 400, 1, { stride: 1, bias: true }),
    );
  }

  override forward(x: Tensor): Tensor {
    let y = this.features.call(x);
    y = this.avgpool.call(y);
    y = this.classifier.call(y);
    return F.mean(y, [2, 3, 4]);
  }
}

/**
 * S3D (torchvision `s3d`), a video classifier taking `[N, 3, T, H, W]` (the
 * zoo's input is 3x16x224x224): 8,320,048 parameters.
 */
export const s3d = (o: S3DOptions = {}): S3D => new S3D(o);

export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  // 224x224 frames are what the final 2x7x7 average pool expects.
  s3d: { build: () => s3d(), inputShape: [3, 16, 224, 224] },
};
