/**
 * torchvision's ResNet family (`torchvision.models.resnet`): resnet18 to
 * resnet152, ResNeXt and Wide ResNet, with torchvision's module names,
 * registration order and forward ops.
 *
 * @module
 */

import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';

type NormLayer = (channels: number) => nn.TensorModule;

const batchNorm: NormLayer = (c) => new nn.BatchNorm2d(c);

/** torchvision's `conv3x3`: a 3x3 Conv2d without bias, padded by its dilation. */
export function conv3x3(inPlanes: number, outPlanes: number, stride = 1, groups = 1, dilation = 1): nn.Conv2d {
  return new nn.Conv2d(inPlanes, outPlanes, 3, { stride, padding: dilation, groups, bias: false, dilation });
}

/** torchvision's `conv1x1`: a 1x1 Conv2d without bias. */
export function conv1x1(inPlanes: number, outPlanes: number, stride = 1): nn.Conv2d {
  return new nn.Conv2d(inPlanes, outPlanes, 1, { stride, bias: false });
}

/**
 * Arguments of a ResNet block beyond its channels (torchvision's keyword
 * arguments).
 */
export interface BlockArgs {
  stride?: number;
  /**
   * The shortcut when the block changes the shape (a 1x1 conv and a norm);
   * null: the identity.
   */
  downsample?: nn.TensorModule | null;
  groups?: number;
  /** torchvision's `base_width` (64 by default). */
  baseWidth?: number;
  dilation?: number;
  normLayer?: NormLayer;
}

/**
 * torchvision's ResNet `BasicBlock`: two 3x3 conv-norm steps plus the shortcut
 * (output channels = `planes`); resnet18 and resnet34 use it.
 */
export class BasicBlock extends nn.Module {
  static override readonly typeName: string = 'BasicBlock';
  static readonly expansion = 1;
  conv1: nn.Conv2d;
  bn1: nn.TensorModule;
  relu: nn.ReLU;
  conv2: nn.Conv2d;
  bn2: nn.TensorModule;
  downsample: nn.TensorModule | null;

  /**
   * A block from `inplanes` to `planes` channels; groups and base width must
   * stay 1 and 64.
   */
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

  /**
   * relu(bn1(conv1(x))), bn2(conv2(...)), added in place to the shortcut, then
   * relu.
   */
  override forward(x: Tensor): Tensor {
    let out = this.relu.call(this.bn1.call(this.conv1.call(x)));
    out = this.bn2.call(this.conv2.call(out));
    const identity = this.downsample === null ? x : this.downsample.call(x);
    out = F.add_(out, identity);
    return this.relu.call(out);
  }
}

/**
 * torchvision's ResNet `Bottleneck`: 1x1, 3x3 (strided, grouped, dilated) and
 * 1x1 conv-norm steps plus the shortcut (output channels = `planes * 4`);
 * resnet50 and up, ResNeXt and Wide ResNet use it.
 */
export class Bottleneck extends nn.Module {
  static override readonly typeName: string = 'Bottleneck';
  static readonly expansion = 4;
  conv1: nn.Conv2d;
  bn1: nn.TensorModule;
  conv2: nn.Conv2d;
  bn2: nn.TensorModule;
  conv3: nn.Conv2d;
  bn3: nn.TensorModule;
  relu: nn.ReLU;
  downsample: nn.TensorModule | null;

  /**
   * A block from `inplanes` to `planes * 4` channels, of inner width
   * `floor(planes * baseWidth / 64) * groups`.
   */
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

  /**
   * Three conv-norm steps (relu after the first two), added in place to the
   * shortcut, then relu.
   */
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

/**
 * Options of {@link ResNet} and the resnet builders: torchvision's
 * `num_classes`, `groups`, `width_per_group`, `replace_stride_with_dilation`
 * and `norm_layer`.
 */
export interface ResNetOptions {
  numClasses?: number;
  groups?: number;
  widthPerGroup?: number;
  replaceStrideWithDilation?: readonly [boolean, boolean, boolean];
  normLayer?: NormLayer;
}

/**
 * torchvision's `ResNet`: a 7x7 stride-2 conv, max pool, four stages of blocks,
 * global average pool and a linear classifier.
 */
export class ResNet extends nn.Module {
  static override readonly typeName: string = 'ResNet';
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

  /**
   * @param block `BasicBlock` or `Bottleneck`.
   * @param layers How many blocks each of the four stages has.
   * @param options Classes, groups, width per group, dilation in place of
   *   stride per stage, norm layer.
   */
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

  /** `features`, average pool, flatten, `fc`: logits `[N, numClasses]`. */
  override forward(x: Tensor): Tensor {
    const y = this.avgpool.call(this.features(x));
    return this.fc.call(F.flatten(y, 1));
  }
}

/**
 * ResNet-18 (torchvision `resnet18`): 11,689,512 parameters; 1.83 GFLOPs at
 * 3x224x224 in training mode.
 */
export const resnet18 = (o: ResNetOptions = {}): ResNet => new ResNet(BasicBlock, [2, 2, 2, 2], o);
/** ResNet-34 (torchvision `resnet34`): 21,797,672 parameters. */
export const resnet34 = (o: ResNetOptions = {}): ResNet => new ResNet(BasicBlock, [3, 4, 6, 3], o);
/**
 * ResNet-50 (torchvision `resnet50`): 25,557,032 parameters; 4.11 GFLOPs at
 * 3x224x224 in eval mode.
 */
export const resnet50 = (o: ResNetOptions = {}): ResNet => new ResNet(Bottleneck, [3, 4, 6, 3], o);
/** ResNet-101 (torchvision `resnet101`): 44,549,160 parameters. */
export const resnet101 = (o: ResNetOptions = {}): ResNet => new ResNet(Bottleneck, [3, 4, 23, 3], o);
/** ResNet-152 (torchvision `resnet152`): 60,192,808 parameters. */
export const resnet152 = (o: ResNetOptions = {}): ResNet => new ResNet(Bottleneck, [3, 8, 36, 3], o);
/** ResNeXt-50 32x4d (torchvision `resnext50_32x4d`): 25,028,904 parameters. */
export const resnext50_32x4d = (o: ResNetOptions = {}): ResNet => new ResNet(Bottleneck, [3, 4, 6, 3], { groups: 32, widthPerGroup: 4, ...o });
/** ResNeXt-101 32x8d (torchvision `resnext101_32x8d`): 88,791,336 parameters. */
export const resnext101_32x8d = (o: ResNetOptions = {}): ResNet => new ResNet(Bottleneck, [3, 4, 23, 3], { groups: 32, widthPerGroup: 8, ...o });
/** ResNeXt-101 64x4d (torchvision `resnext101_64x4d`): 83,455,272 parameters. */
export const resnext101_64x4d = (o: ResNetOptions = {}): ResNet => new ResNet(Bottleneck, [3, 4, 23, 3], { groups: 64, widthPerGroup: 4, ...o });
/**
 * Wide ResNet-50-2 (torchvision `wide_resnet50_2`), bottlenecks twice as wide:
 * 68,883,240 parameters.
 */
export const wide_resnet50_2 = (o: ResNetOptions = {}): ResNet => new ResNet(Bottleneck, [3, 4, 6, 3], { widthPerGroup: 128, ...o });
/**
 * Wide ResNet-101-2 (torchvision `wide_resnet101_2`), bottlenecks twice as
 * wide: 126,886,696 parameters.
 */
export const wide_resnet101_2 = (o: ResNetOptions = {}): ResNet => new ResNet(Bottleneck, [3, 4, 23, 3], { widthPerGroup: 128, ...o });
