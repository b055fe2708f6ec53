// The model zoo: torchvision's builders by name, each with its default input.
// Each family file exports its builders and a ZOO_ENTRIES table; this file
// only gathers them.

import { UnknownNameError } from '../core/errors.js';
import { shownValue, type Module } from '../nn/module.js';
import * as resnet from './resnet.js';
import * as alexnet from './alexnet.js';
import * as vgg from './vgg.js';
import * as squeezenet from './squeezenet.js';
import * as densenet from './densenet.js';
import * as googlenet from './googlenet.js';
import * as inception from './inception.js';
import * as mobilenetv2 from './mobilenetv2.js';
import * as mobilenetv3 from './mobilenetv3.js';
import * as mnasnet from './mnasnet.js';
import * as shufflenetv2 from './shufflenetv2.js';
import * as efficientnet from './efficientnet.js';
import * as regnet from './regnet.js';
import * as convnext from './convnext.js';
import * as vision_transformer from './vision_transformer.js';
import * as swin_transformer from './swin_transformer.js';
import * as maxvit from './maxvit.js';
import * as video_resnet from './video_resnet.js';
import * as s3d from './s3d.js';
import * as mvit from './mvit.js';
import * as segmentation from './segmentation.js';

export interface ZooEntry {
  readonly build: () => Module;
  /** Default input shape without the batch dimension. */
  readonly inputShape: readonly number[];
}

const IMAGE = [3, 224, 224] as const;

const RESNETS: Readonly<Record<string, ZooEntry>> = {
  resnet18: { build: () => resnet.resnet18(), inputShape: IMAGE },
  resnet34: { build: () => resnet.resnet34(), inputShape: IMAGE },
  resnet50: { build: () => resnet.resnet50(), inputShape: IMAGE },
  resnet101: { build: () => resnet.resnet101(), inputShape: IMAGE },
  resnet152: { build: () => resnet.resnet152(), inputShape: IMAGE },
  resnext50_32x4d: { build: () => resnet.resnext50_32x4d(), inputShape: IMAGE },
  resnext101_32x8d: { build: () => resnet.resnext101_32x8d(), inputShape: IMAGE },
  resnext101_64x4d: { build: () => resnet.resnext101_64x4d(), inputShape: IMAGE },
  wide_resnet50_2: { build: () => resnet.wide_resnet50_2(), inputShape: IMAGE },
  wide_resnet101_2: { build: () => resnet.wide_resnet101_2(), inputShape: IMAGE },
};

/** Every zoo model by torchvision's builder name. */
export const ZOO: Readonly<Record<string, ZooEntry>> = {
  ...alexnet.ZOO_ENTRIES,
  ...vgg.ZOO_ENTRIES,
  ...RESNETS,
  ...squeezenet.ZOO_ENTRIES,
  ...densenet.ZOO_ENTRIES,
  ...googlenet.ZOO_ENTRIES,
  ...inception.ZOO_ENTRIES,
  ...mobilenetv2.ZOO_ENTRIES,
  ...mobilenetv3.ZOO_ENTRIES,
  ...mnasnet.ZOO_ENTRIES,
  ...shufflenetv2.ZOO_ENTRIES,
  ...efficientnet.ZOO_ENTRIES,
  ...regnet.ZOO_ENTRIES,
  ...convnext.ZOO_ENTRIES,
  ...vision_transformer.ZOO_ENTRIES,
  ...swin_transformer.ZOO_ENTRIES,
  ...maxvit.ZOO_ENTRIES,
  ...video_resnet.ZOO_ENTRIES,
  ...s3d.ZOO_ENTRIES,
  ...mvit.ZOO_ENTRIES,
  ...segmentation.ZOO_ENTRIES,
};

/**
 * The zoo entry of `name`. Only the zoo's own names are entries: `constructor`,
 * `toString` or `__proto__` (names every object inherits) are unknown models.
 */
export function zooEntry(name: string): ZooEntry {
  if (typeof name !== 'string' || !Object.hasOwn(ZOO, name)) throw new UnknownNameError('model', String(shownValue(name)), Object.keys(ZOO));
  return ZOO[name]!;
}

export function buildModel(name: string): Module {
  return zooEntry(name).build();
}

export { resnet, alexnet, vgg, squeezenet, densenet, googlenet, inception, mobilenetv2, mobilenetv3, mnasnet, shufflenetv2, efficientnet, regnet, convnext, vision_transformer, swin_transformer, maxvit, video_resnet, s3d, mvit, segmentation };
export * from './resnet.js';
