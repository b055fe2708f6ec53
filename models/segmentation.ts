// torchvision's semantic segmentation models (FCN, DeepLabV3, LR-ASPP), with
// torchvision's module names, registration order and forward ops. Defaults as
// torchvision's builders without pretrained weights: 21 classes, no aux head.

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
  readonly returnLayers: Readonly<Record<string, string>>;

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
  backbone: IntermediateLayerGetter;
  classifier: nn.TensorModule;
  aux_classifier: nn.TensorModule | null;

  constructor(backbone: IntermediateLayerGetter, classifier: nn.TensorModule, auxClassifier: nn.TensorModule | null = null) {
    super();
    this.backbone = backbone;
    this.classifier = classifier;
    this.aux_classifier = auxClassifier;
  }

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

export class FCN extends _SimpleSegmentationModel {}

export class DeepLabV3 extends _SimpleSegmentationModel {}

export class FCNHead extends nn.Sequential {
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

export class ASPPConv extends nn.Sequential {
  constructor(inChannels: number, outChannels: number, dilation: number) {
    super(
      new nn.Conv2d(inChannels, outChannels, 3, { padding: dilation, dilation, bias: false }),
      new nn.BatchNorm2d(outChannels),
      new nn.ReLU(),
    );
  }
}

export class ASPPPooling extends nn.Sequential {
  constructor(inChannels: number, outChannels: number) {
    super(new nn.AdaptiveAvgPool2d(1), new nn.Conv2d(inChannels, outChannels, 1, { bias: false }), new nn.BatchNorm2d(outChannels), new nn.ReLU());
  }

  override forward(input: Tensor): Tensor {
    const size = spatialSize(input);
    // torchvision's `for mod in self: x = mod(x)`: what Sequential's forward runs.
    const x = super.forward(input);
    return F.interpolate(x, size, null, 'bilinear', false);
  }
}

export class ASPP extends nn.Module {
  convs: nn.ModuleList<nn.TensorModule>;
  project: nn.Sequential;

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

  override forward(x: Tensor): Tensor {
    const res: Tensor[] = [];
    for (const conv of this.convs) res.push(conv.call(x));
    return this.project.call(F.cat(res, 1));
  }
}

export class DeepLabHead extends nn.Sequential {
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

export class LRASPPHead extends nn.Module {
  cbr: nn.Sequential;
  scale: nn.Sequential;
  low_classifier: nn.Conv2d;
  high_classifier: nn.Conv2d;

  constructor(lowChannels: number, highChannels: number, numClasses: number, interChannels: number) {
    super();
    this.cbr = new nn.Sequential(new nn.Conv2d(highChannels, interChannels, 1, { bias: false }), new nn.BatchNorm2d(interChannels), new nn.ReLU(true));
    this.scale = new nn.Sequential(new nn.AdaptiveAvgPool2d(1), new nn.Conv2d(highChannels, interChannels, 1, { bias: false }), new nn.Sigmoid());
    this.low_classifier = new nn.Conv2d(lowChannels, numClasses, 1);
    this.high_classifier = new nn.Conv2d(interChannels, numClasses, 1);
  }

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

export class LRASPP extends nn.Module {
  backbone: IntermediateLayerGetter;
  classifier: LRASPPHead;

  constructor(backbone: IntermediateLayerGetter, lowChannels: number, highChannels: number, numClasses: number, interChannels = 128) {
    super();
    this.backbone = backbone;
    this.classifier = new LRASPPHead(lowChannels, highChannels, numClasses, interChannels);
  }

  override forward(input: Tensor): Map<string, Tensor> {
    const features = this.backbone.call(input);
    let out = this.classifier.call(features);
    out = F.interpolate(out, spatialSize(input), null, 'bilinear', false);
    return new Map([['out', out]]);
  }
}

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

export const fcn_resnet50 = (o: SegmentationOptions = {}): FCN => fcnResnet(resnet50({ replaceStrideWithDilation: DILATED }), o);
export const fcn_resnet101 = (o: SegmentationOptions = {}): FCN => fcnResnet(resnet101({ replaceStrideWithDilation: DILATED }), o);
export const deeplabv3_resnet50 = (o: SegmentationOptions = {}): DeepLabV3 =>
  deeplabResnet(resnet50({ replaceStrideWithDilation: DILATED }), o);
export const deeplabv3_resnet101 = (o: SegmentationOptions = {}): DeepLabV3 =>
  deeplabResnet(resnet101({ replaceStrideWithDilation: DILATED }), o);

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

export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  fcn_resnet50: { build: () => fcn_resnet50(), inputShape: IMAGE },
  fcn_resnet101: { build: () => fcn_resnet101(), inputShape: IMAGE },
  deeplabv3_resnet50: { build: () => deeplabv3_resnet50(), inputShape: IMAGE },
  deeplabv3_resnet101: { build: () => deeplabv3_resnet101(), inputShape: IMAGE },
  deeplabv3_mobilenet_v3_large: { build: () => deeplabv3_mobilenet_v3_large(), inputShape: IMAGE },
  lraspp_mobilenet_v3_large: { build: () => lraspp_mobilenet_v3_large(), inputShape: IMAGE },
};
