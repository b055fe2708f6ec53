// torchvision's ResNet family (resnet18..152, ResNeXt, Wide ResNet), with
// torchvision's module names, registration order and forward ops.

import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';

type NormLayer = (channels: number) => nn.TensorModule;

const batchNorm: NormLayer = (c) => new nn.BatchNorm2d(c);

export function conv3x3(inPlanes: number, outPlanes: number, stride = 1, groups = 1, dilation = 1): nn.Conv2d {
  return new nn.Conv2d(inPlanes, outPlanes, 3, { stride, padding: dilation, groups, bias: false, dilation });
}

export function conv1x1(inPlanes: number, outPlanes: number, stride = 1): nn.Conv2d {
  return new nn.Conv2d(inPlanes, outPlanes, 1, { stride, bias: false });
}

export interface BlockArgs {
  stride?: number;
  downsample?: nn.TensorModule | null;
  groups?: number;
  baseWidth?: number;
  dilation?: number;
  normLayer?: NormLayer;
}

export class BasicBlock extends nn.Module {
  static readonly expansion = 1;
  conv1: nn.Conv2d;
  bn1: nn.TensorModule;
  relu: nn.ReLU;
  conv2: nn.Conv2d;
  bn2: nn.TensorModule;
  downsample: nn.TensorModule | null;

  constructor(inplanes: number, planes: number, args: BlockArgs = {}) {
    super();
    const norm = args.normLayer ?? batchNorm;
    if ((args.groups ?? 1) !== 1 || (args.baseWidth ?? 64) !== 64) {
      throw new ArgumentError('BasicBlock', 'groups/base_width', [args.groups, args.baseWidth], 'groups=1 and base_width=64');
    }
    this.conv1 = conv3x3(inplanes, planes, args.stride ?? 1);
    this.bn1 = norm(planes);
    this.relu = new nn.ReLU(true);
    this.conv2 = conv3x3(planes, planes);
    this.bn2 = norm(planes);
    this.downsample = args.downsample ?? null;
  }

  override forward(x: Tensor): Tensor {
    let out = this.relu.call(this.bn1.call(this.conv1.call(x)));
    out = this.bn2.call(this.conv2.call(out));
    const identity = this.downsample === null ? x : this.downsample.call(x);
    out = F.add_(out, identity);
    return this.relu.call(out);
  }
}

export class Bottleneck extends nn.Module {
  static readonly expansion = 4;
  conv1: nn.Conv2d;
  bn1: nn.TensorModule;
  conv2: nn.Conv2d;
  bn2: nn.TensorModule;
  conv3: nn.Conv2d;
  bn3: nn.TensorModule;
  relu: nn.ReLU;
  downsample: nn.TensorModule | null;

  constructor(inplanes: number, planes: number, args: BlockArgs = {}) {
    super();
    const norm = args.normLayer ?? batchNorm;
    const groups = args.groups ?? 1;
    const width = Math.floor(planes * ((args.baseWidth ?? 64) / 64)) * groups;
    this.conv1 = conv1x1(inplanes, width);
    this.bn1 = norm(width);
    this.conv2 = conv3x3(width, width, args.stride ?? 1, groups, args.dilation ?? 1);
    this.bn2 = norm(width);
    this.conv3 = conv1x1(width, planes * Bottleneck.expansion);
    this.bn3 = norm(planes * Bottleneck.expansion);
    this.relu = new nn.ReLU(true);
    this.downsample = args.downsample ?? null;
  }

  override forward(x: Tensor): Tensor {
    let out = this.relu.call(this.bn1.call(this.conv1.call(x)));
    out = this.relu.call(this.bn2.call(this.conv2.call(out)));
    out = this.bn3.call(this.conv3.call(out));
    const identity = this.downsample === null ? x : this.downsample.call(x);
    out = F.add_(out, identity);
    return this.relu.call(out);
  }
}

type BlockClass = (typeof BasicBlock | typeof Bottleneck);

export interface ResNetOptions {
  numClasses?: number;
  groups?: number;
  widthPerGroup?: number;
  replaceStrideWithDilation?: readonly [boolean, boolean, boolean];
  normLayer?: NormLayer;
}

export class ResNet extends nn.Module {
  conv1: nn.Conv2d;
  bn1: nn.TensorModule;
  relu: nn.ReLU;
  maxpool: nn.MaxPool2d;
  layer1: nn.Sequential;
  layer2: nn.Sequential;
  layer3: nn.Sequential;
  layer4: nn.Sequential;
  avgpool: nn.AdaptiveAvgPool2d;
  fc: nn.Linear;
  private inplanes = 64;
  private dilation = 1;

  constructor(block: BlockClass, layers: readonly [number, number, number, number], options: ResNetOptions = {}) {
    super();
    const norm = options.normLayer ?? batchNorm;
    const dil = options.replaceStrideWithDilation ?? [false, false, false];
    const groups = options.groups ?? 1;
    const baseWidth = options.widthPerGroup ?? 64;
    this.inplanes = 64;
    this.dilation = 1;
    this.conv1 = new nn.Conv2d(3, 64, 7, { stride: 2, padding: 3, bias: false });
    this.bn1 = norm(64);
    this.relu = new nn.ReLU(true);
    this.maxpool = new nn.MaxPool2d(3, { stride: 2, padding: 1 });
    const make = (planes: number, blocks: number, stride: number, dilate: boolean): nn.Sequential => {
      let s = stride;
      const previousDilation = this.dilation;
      if (dilate) {
        this.dilation *= s;
        s = 1;
      }
      let downsample: nn.TensorModule | null = null;
      if (s !== 1 || this.inplanes !== planes * block.expansion) {
        downsample = new nn.Sequential(conv1x1(this.inplanes, planes * block.expansion, s), norm(planes * block.expansion));
      }
      const list: nn.Module[] = [
        new block(this.inplanes, planes, { stride: s, downsample, groups, baseWidth, dilation: previousDilation, normLayer: norm }),
      ];
      this.inplanes = planes * block.expansion;
      for (let i = 1; i < blocks; i++) {
        list.push(new block(this.inplanes, planes, { groups, baseWidth, dilation: this.dilation, normLayer: norm }));
      }
      return new nn.Sequential(...list);
    };
    this.layer1 = make(64, layers[0], 1, false);
    this.layer2 = make(128, layers[1], 2, dil[0]);
    this.layer3 = make(256, layers[2], 2, dil[1]);
    this.layer4 = make(512, layers[3], 2, dil[2]);
    this.avgpool = new nn.AdaptiveAvgPool2d([1, 1]);
    this.fc = new nn.Linear(512 * block.expansion, options.numClasses ?? 1000);
  }

  /** The backbone without pooling and classifier (segmentation models use it). */
  features(x: Tensor): Tensor {
    let y = this.maxpool.call(this.relu.call(this.bn1.call(this.conv1.call(x))));
    for (const layer of [this.layer1, this.layer2, this.layer3, this.layer4]) y = layer.call(y);
    return y;
  }

  override forward(x: Tensor): Tensor {
    const y = this.avgpool.call(this.features(x));
    return this.fc.call(F.flatten(y, 1));
  }
}

export const resnet18 = (o: ResNetOptions = {}): ResNet => new ResNet(BasicBlock, [2, 2, 2, 2], o);
export const resnet34 = (o: ResNetOptions = {}): ResNet => new ResNet(BasicBlock, [3, 4, 6, 3], o);
export const resnet50 = (o: ResNetOptions = {}): ResNet => new ResNet(Bottleneck, [3, 4, 6, 3], o);
export const resnet101 = (o: ResNetOptions = {}): ResNet => new ResNet(Bottleneck, [3, 4, 23, 3], o);
export const resnet152 = (o: ResNetOptions = {}): ResNet => new ResNet(Bottleneck, [3, 8, 36, 3], o);
export const resnext50_32x4d = (o: ResNetOptions = {}): ResNet => new ResNet(Bottleneck, [3, 4, 6, 3], { groups: 32, widthPerGroup: 4, ...o });
export const resnext101_32x8d = (o: ResNetOptions = {}): ResNet => new ResNet(Bottleneck, [3, 4, 23, 3], { groups: 32, widthPerGroup: 8, ...o });
export const resnext101_64x4d = (o: ResNetOptions = {}): ResNet => new ResNet(Bottleneck, [3, 4, 23, 3], { groups: 64, widthPerGroup: 4, ...o });
export const wide_resnet50_2 = (o: ResNetOptions = {}): ResNet => new ResNet(Bottleneck, [3, 4, 6, 3], { widthPerGroup: 128, ...o });
export const wide_resnet101_2 = (o: ResNetOptions = {}): ResNet => new ResNet(Bottleneck, [3, 4, 23, 3], { widthPerGroup: 128, ...o });
