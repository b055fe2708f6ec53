/**
 * torchvision's semantic segmentation models (FCN, DeepLabV3, LR-ASPP), with
 * torchvision's module names, registration order and forward ops. Defaults as
 * torchvision's builders without pretrained weights: 21 classes, no aux head.
 *
 * @module
 */

import { ArgumentError } from '../core/errors.js';
import type { Tensor, TracedInt } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import { mobilenet_v3_large, type MobileNetV3 } from './mobilenetv3.js';
import { resnet101, resnet50, type ResNet } from './resnet.js';
import type { ZooEntry } from './index.js';

/**
 * torchvision's IntermediateLayerGetter: a ModuleDict of the model's children
 * up to the last returned one, run in order; returns the named outputs.
 */
export class IntermediateLayerGetter extends nn.ModuleDict<nn.TensorModule> {
  static override readonly typeName: string = 'IntermediateLayerGetter';
  readonly returnLayers: Readonly<Record<string, string>>;

  /**
   * @param model The model whose children are taken, in order, up to the last
   *   one `returnLayers` names.
   * @param returnLayers Output name by child name.
   */
  constructor(model: nn.Module, returnLayers: Readonly<Record<string, string>>) {
    const children = [...model.namedChildren()];
    const names = new Set(children.map(([name]) => name));
    if (!Object.keys(returnLayers).every((k) => names.has(k))) {
      throw new ArgumentError('IntermediateLayerGetter', 'return_layers', Object.keys(returnLayers), 'names of the model\'s children');
    }
    const pending = new Set(Object.keys(returnLayers));
    const layers = new Map<string, nn.TensorModule>();
    for (const [name, module] of children) {
      // A model's children are untyped; like torchvision, this assumes each
      // child up to the last returned one maps the previous output (a tensor).
      layers.set(name, module as nn.TensorModule);
      pending.delete(name);
      if (pending.size === 0) break;
    }
    super(layers);
    this.returnLayers = returnLayers;
  }

  /**
   * Runs the children in order; returns the outputs of the named ones by their
   * output names.
   */
  override forward(input: Tensor): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    let x = input;
    for (const [name, module] of this.entries()) {
      x = module.call(x);
      const outName = this.returnLayers[name];
      if (outName !== undefined) out.set(outName, x);
    }
    return out;
  }
}

function feature(features: Map<string, Tensor>, name: string): Tensor {
  const x = features.get(name);
  if (x === undefined) throw new ArgumentError('segmentation model', 'backbone output', [...features.keys()], `to contain '${name}'`);
  return x;
}

/** `x.shape[-2:]`: traced sizes, as the reference's JIT reads them. */
function spatialSize(x: Tensor): [TracedInt, TracedInt] {
  return [x.size(-2), x.size(-1)];
}

/** torchvision's `_SimpleSegmentationModel`: backbone, classifier, upsampling to the input size. */
export class _SimpleSegmentationModel extends nn.Module {
  static override readonly typeName: string = '_SimpleSegmentationModel';
  backbone: IntermediateLayerGetter;
  classifier: nn.TensorModule;
  aux_classifier: nn.TensorModule | null;

  /**
   * A model of `backbone` (returning 'out', and 'aux' with an auxiliary
   * classifier), `classifier` and the optional `auxClassifier`.
   */
  constructor(backbone: IntermediateLayerGetter, classifier: nn.TensorModule, auxClassifier: nn.TensorModule | null = null) {
    super();
    this.backbone = backbone;
    this.classifier = classifier;
    this.aux_classifier = auxClassifier;
  }

  /**
   * 'out': the classifier on the backbone's 'out', upsampled bilinearly to the
   * input's size; 'aux' likewise from the auxiliary classifier, when there is
   * one.
   */
  override forward(input: Tensor): Map<string, Tensor> {
    const inputShape = spatialSize(input);
    const features = this.backbone.call(input);
    const result = new Map<string, Tensor>();
    let x = this.classifier.call(feature(features, 'out'));
    x = F.interpolate(x, inputShape, null, 'bilinear', false);
    result.set('out', x);
    if (this.aux_classifier !== null) {
      let aux = this.aux_classifier.call(feature(features, 'aux'));
      aux = F.interpolate(aux, inputShape, null, 'bilinear', false);
      result.set('aux', aux);
    }
    return result;
  }
}

/**
 * torchvision's `FCN`: a dilated ResNet backbone and an FCNHead, upsampled to
 * the input's size.
 */
export class FCN extends _SimpleSegmentationModel {
  static override readonly typeName: string = 'FCN';
}

/**
 * torchvision's `DeepLabV3`: a dilated backbone and a DeepLabHead (ASPP),
 * upsampled to the input's size.
 */
export class DeepLabV3 extends _SimpleSegmentationModel {
  static override readonly typeName: string = 'DeepLabV3';
}

/**
 * torchvision's `FCNHead`: 3x3 conv to a quarter of the channels, norm, relu,
 * dropout, 1x1 conv to `channels`.
 */
export class FCNHead extends nn.Sequential {
  static override readonly typeName: string = 'FCNHead';
  /** A head from `inChannels` to `channels` (the classes). */
  constructor(inChannels: number, channels: number) {
    const inter = Math.floor(inChannels / 4);
    super(
      new nn.Conv2d(inChannels, inter, 3, { padding: 1, bias: false }),
      new nn.BatchNorm2d(inter),
      new nn.ReLU(),
      new nn.Dropout(0.1),
      new nn.Conv2d(inter, channels, 1),
    );
  }
}

/** torchvision's `ASPPConv`: a 3x3 conv with the given dilation, norm, relu. */
export class ASPPConv extends nn.Sequential {
  static override readonly typeName: string = 'ASPPConv';
  /**
   * A branch from `inChannels` to `outChannels` channels at dilation
   * `dilation`.
   */
  constructor(inChannels: number, outChannels: number, dilation: number) {
    super(
      new nn.Conv2d(inChannels, outChannels, 3, { padding: dilation, dilation, bias: false }),
      new nn.BatchNorm2d(outChannels),
      new nn.ReLU(),
    );
  }
}

/**
 * torchvision's `ASPPPooling`: global average pool, 1x1 conv, norm, relu, then
 * upsampled back to the input's size.
 */
export class ASPPPooling extends nn.Sequential {
  static override readonly typeName: string = 'ASPPPooling';
  /** A branch from `inChannels` to `outChannels` channels. */
  constructor(inChannels: number, outChannels: number) {
    super(new nn.AdaptiveAvgPool2d(1), new nn.Conv2d(inChannels, outChannels, 1, { bias: false }), new nn.BatchNorm2d(outChannels), new nn.ReLU());
  }

  /** The pooled branch, upsampled bilinearly to the input's size. */
  override forward(input: Tensor): Tensor {
    const size = spatialSize(input);
    // torchvision's `for mod in self: x = mod(x)`: what Sequential's forward runs.
    const x = super.forward(input);
    return F.interpolate(x, size, null, 'bilinear', false);
  }
}

/**
 * torchvision's `ASPP` (atrous spatial pyramid pooling): a 1x1 conv branch, one
 * dilated 3x3 branch per rate and a pooling branch, concatenated and projected.
 */
export class ASPP extends nn.Module {
  static override readonly typeName: string = 'ASPP';
  convs: nn.ModuleList<nn.TensorModule>;
  project: nn.Sequential;

  /**
   * A module from `inChannels` to `outChannels` channels with one dilated
   * branch per rate in `atrousRates`.
   */
  constructor(inChannels: number, atrousRates: readonly number[], outChannels = 256) {
    super();
    const modules: nn.TensorModule[] = [
      new nn.Sequential(new nn.Conv2d(inChannels, outChannels, 1, { bias: false }), new nn.BatchNorm2d(outChannels), new nn.ReLU()),
    ];
    for (const rate of atrousRates) modules.push(new ASPPConv(inChannels, outChannels, rate));
    modules.push(new ASPPPooling(inChannels, outChannels));
    this.convs = new nn.ModuleList(modules);
    this.project = new nn.Sequential(
      new nn.Conv2d(this.convs.length * outChannels, outChannels, 1, { bias: false }),
      new nn.BatchNorm2d(outChannels),
      new nn.ReLU(),
      new nn.Dropout(0.5),
    );
  }

  /** Every branch on `x`, concatenated along channels, `project`. */
  override forward(x: Tensor): Tensor {
    const res: Tensor[] = [];
    for (const conv of this.convs) res.push(conv.call(x));
    return this.project.call(F.cat(res, 1));
  }
}

/**
 * torchvision's `DeepLabHead`: ASPP with rates 12, 24 and 36, a 3x3
 * conv-norm-relu and a 1x1 conv to the classes.
 */
export class DeepLabHead extends nn.Sequential {
  static override readonly typeName: string = 'DeepLabHead';
  /** A head from `inChannels` channels to `numClasses`. */
  constructor(inChannels: number, numClasses: number) {
    super(
      new ASPP(inChannels, [12, 24, 36]),
      new nn.Conv2d(256, 256, 3, { padding: 1, bias: false }),
      new nn.BatchNorm2d(256),
      new nn.ReLU(),
      new nn.Conv2d(256, numClasses, 1),
    );
  }
}

/**
 * torchvision's `LRASPPHead`: the high-level features gated by their pooled
 * sigmoid scale, upsampled to the low-level features' size, each classified by
 * a 1x1 conv and summed.
 */
export class LRASPPHead extends nn.Module {
  static override readonly typeName: string = 'LRASPPHead';
  cbr: nn.Sequential;
  scale: nn.Sequential;
  low_classifier: nn.Conv2d;
  high_classifier: nn.Conv2d;

  /**
   * A head over 'low' (`lowChannels`) and 'high' (`highChannels`) features,
   * with `interChannels` inside.
   */
  constructor(lowChannels: number, highChannels: number, numClasses: number, interChannels: number) {
    super();
    this.cbr = new nn.Sequential(new nn.Conv2d(highChannels, interChannels, 1, { bias: false }), new nn.BatchNorm2d(interChannels), new nn.ReLU(true));
    this.scale = new nn.Sequential(new nn.AdaptiveAvgPool2d(1), new nn.Conv2d(highChannels, interChannels, 1, { bias: false }), new nn.Sigmoid());
    this.low_classifier = new nn.Conv2d(lowChannels, numClasses, 1);
    this.high_classifier = new nn.Conv2d(interChannels, numClasses, 1);
  }

  /**
   * Class scores at the 'low' features' resolution from the backbone's 'low'
   * and 'high' outputs.
   */
  override forward(input: Map<string, Tensor>): Tensor {
    const low = feature(input, 'low');
    const high = feature(input, 'high');
    let x = this.cbr.call(high);
    const s = this.scale.call(high);
    x = F.mul(x, s);
    x = F.interpolate(x, spatialSize(low), null, 'bilinear', false);
    return F.add(this.low_classifier.call(low), this.high_classifier.call(x));
  }
}

/**
 * torchvision's `LRASPP` (Lite R-ASPP): a backbone returning 'low' and 'high'
 * features and an LRASPPHead, upsampled to the input's size.
 */
export class LRASPP extends nn.Module {
  static override readonly typeName: string = 'LRASPP';
  backbone: IntermediateLayerGetter;
  classifier: LRASPPHead;

  /**
   * A model of `backbone` and a head of `numClasses` classes over its 'low' and
   * 'high' outputs.
   */
  constructor(backbone: IntermediateLayerGetter, lowChannels: number, highChannels: number, numClasses: number, interChannels = 128) {
    super();
    this.backbone = backbone;
    this.classifier = new LRASPPHead(lowChannels, highChannels, numClasses, interChannels);
  }

  /** 'out': the head's scores upsampled bilinearly to the input's size. */
  override forward(input: Tensor): Map<string, Tensor> {
    const features = this.backbone.call(input);
    let out = this.classifier.call(features);
    out = F.interpolate(out, spatialSize(input), null, 'bilinear', false);
    return new Map([['out', out]]);
  }
}

/**
 * Options of the segmentation builders: `numClasses` (21, as torchvision
 * without pretrained weights) and `auxLoss` (an auxiliary FCNHead; false).
 */
export interface SegmentationOptions {
  numClasses?: number;
  auxLoss?: boolean;
}

const DILATED: readonly [boolean, boolean, boolean] = [false, true, true];

function resnetBackbone(backbone: ResNet, aux: boolean): IntermediateLayerGetter {
  const returnLayers: Record<string, string> = { layer4: 'out' };
  if (aux) returnLayers.layer3 = 'aux';
  return new IntermediateLayerGetter(backbone, returnLayers);
}

function fcnResnet(backbone: ResNet, o: SegmentationOptions): FCN {
  const aux = o.auxLoss ?? false;
  const numClasses = o.numClasses ?? 21;
  return new FCN(resnetBackbone(backbone, aux), new FCNHead(2048, numClasses), aux ? new FCNHead(1024, numClasses) : null);
}

function deeplabResnet(backbone: ResNet, o: SegmentationOptions): DeepLabV3 {
  const aux = o.auxLoss ?? false;
  const numClasses = o.numClasses ?? 21;
  return new DeepLabV3(resnetBackbone(backbone, aux), new DeepLabHead(2048, numClasses), aux ? new FCNHead(1024, numClasses) : null);
}

/** The stage boundaries torchvision picks in MobileNetV3's features: C0, the strided blocks, Cn. */
function mobilenetStages(features: nn.Sequential): number[] {
  const blocks = [...features];
  const strided = blocks.flatMap((b, i) => ((b as { isCn?: boolean }).isCn === true ? [i] : []));
  return [0, ...strided, blocks.length - 1];
}

function outChannelsOf(m: nn.Module): number {
  const c = (m as { outChannels?: number }).outChannels;
  if (c === undefined) throw new ArgumentError('segmentation model', 'backbone stage', m.typeName(), 'a block with out_channels');
  return c;
}

function mobilenetBackbone(): nn.Sequential {
  const net: MobileNetV3 = mobilenet_v3_large({ dilated: true });
  return net.features;
}

/**
 * FCN with a dilated ResNet-50 backbone (torchvision `fcn_resnet50`):
 * 32,957,013 parameters without the auxiliary head.
 */
export const fcn_resnet50 = (o: SegmentationOptions = {}): FCN => fcnResnet(resnet50({ replaceStrideWithDilation: DILATED }), o);
/**
 * FCN with a dilated ResNet-101 backbone (torchvision `fcn_resnet101`):
 * 51,949,141 parameters without the auxiliary head.
 */
export const fcn_resnet101 = (o: SegmentationOptions = {}): FCN => fcnResnet(resnet101({ replaceStrideWithDilation: DILATED }), o);
/**
 * DeepLabV3 with a dilated ResNet-50 backbone (torchvision
 * `deeplabv3_resnet50`): 39,638,869 parameters without the auxiliary head.
 */
export const deeplabv3_resnet50 = (o: SegmentationOptions = {}): DeepLabV3 =>
  deeplabResnet(resnet50({ replaceStrideWithDilation: DILATED }), o);
/**
 * DeepLabV3 with a dilated ResNet-101 backbone (torchvision
 * `deeplabv3_resnet101`): 58,630,997 parameters without the auxiliary head.
 */
export const deeplabv3_resnet101 = (o: SegmentationOptions = {}): DeepLabV3 =>
  deeplabResnet(resnet101({ replaceStrideWithDilation: DILATED }), o);

/**
 * DeepLabV3 with a dilated MobileNetV3-Large backbone (torchvision
 * `deeplabv3_mobilenet_v3_large`): 11,025,477 parameters without the auxiliary
 * head.
 */
export const deeplabv3_mobilenet_v3_large = (o: SegmentationOptions = {}): DeepLabV3 => {
  const features = mobilenetBackbone();
  const stages = mobilenetStages(features);
  const outPos = stages[stages.length - 1]!;
  const auxPos = stages[stages.length - 4]!;
  const aux = o.auxLoss ?? false;
  const numClasses = o.numClasses ?? 21;
  const returnLayers: Record<string, string> = { [String(outPos)]: 'out' };
  if (aux) returnLayers[String(auxPos)] = 'aux';
  const backbone = new IntermediateLayerGetter(features, returnLayers);
  const auxClassifier = aux ? new FCNHead(outChannelsOf(features.at(auxPos)), numClasses) : null;
  return new DeepLabV3(backbone, new DeepLabHead(outChannelsOf(features.at(outPos)), numClasses), auxClassifier);
};

/**
 * Lite R-ASPP with a dilated MobileNetV3-Large backbone (torchvision
 * `lraspp_mobilenet_v3_large`): 3,221,538 parameters.
 */
export const lraspp_mobilenet_v3_large = (o: SegmentationOptions = {}): LRASPP => {
  if (o.auxLoss) throw new ArgumentError('lraspp_mobilenet_v3_large', 'aux_loss', true, 'false (LRASPP has no auxiliary head)');
  const features = mobilenetBackbone();
  const stages = mobilenetStages(features);
  const lowPos = stages[stages.length - 4]!;
  const highPos = stages[stages.length - 1]!;
  const backbone = new IntermediateLayerGetter(features, { [String(lowPos)]: 'low', [String(highPos)]: 'high' });
  return new LRASPP(backbone, outChannelsOf(features.at(lowPos)), outChannelsOf(features.at(highPos)), o.numClasses ?? 21);
};

const IMAGE = [3, 520, 520] as const;

/**
 * The family's entries of `models.ZOO`: each builder with its default input,
 * 3x520x520.
 */
export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  fcn_resnet50: { build: () => fcn_resnet50(), inputShape: IMAGE },
  fcn_resnet101: { build: () => fcn_resnet101(), inputShape: IMAGE },
  deeplabv3_resnet50: { build: () => deeplabv3_resnet50(), inputShape: IMAGE },
  deeplabv3_resnet101: { build: () => deeplabv3_resnet101(), inputShape: IMAGE },
  deeplabv3_mobilenet_v3_large: { build: () => deeplabv3_mobilenet_v3_large(), inputShape: IMAGE },
  lraspp_mobilenet_v3_large: { build: () => lraspp_mobilenet_v3_large(), inputShape: IMAGE },
};
