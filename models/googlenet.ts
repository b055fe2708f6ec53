// torchvision's GoogLeNet (Inception v1), with torchvision's module names,
// registration order and forward ops. The default (non-pretrained) model keeps
// both auxiliary heads; they run only in training mode.

import type { Tensor } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import type { ZooEntry } from './index.js';

export interface BasicConv2dOptions {
  stride?: number | readonly number[];
  padding?: number | readonly number[];
}

/** Conv (no bias), BatchNorm with eps=0.001, then F.relu in place. */
export class BasicConv2d extends nn.Module {
  static override readonly typeName: string = 'BasicConv2d';
  conv: nn.Conv2d;
  bn: nn.BatchNorm2d;
  constructor(inChannels: number, outChannels: number, kernelSize: number | readonly number[], options: BasicConv2dOptions = {}) {
    super();
    this.conv = new nn.Conv2d(inChannels, outChannels, kernelSize, { ...options, bias: false });
    this.bn = new nn.BatchNorm2d(outChannels, { eps: 0.001 });
  }
  override forward(x: Tensor): Tensor {
    return F.relu(this.bn.call(this.conv.call(x)), true);
  }
}

export class Inception extends nn.Module {
  static override readonly typeName: string = 'Inception';
  branch1: BasicConv2d;
  branch2: nn.Sequential;
  branch3: nn.Sequential;
  branch4: nn.Sequential;

  constructor(inChannels: number, ch1x1: number, ch3x3red: number, ch3x3: number, ch5x5red: number, ch5x5: number, poolProj: number) {
    super();
    this.branch1 = new BasicConv2d(inChannels, ch1x1, 1);
    this.branch2 = new nn.Sequential(new BasicConv2d(inChannels, ch3x3red, 1), new BasicConv2d(ch3x3red, ch3x3, 3, { padding: 1 }));
    // torchvision's known quirk: the "5x5" branch uses a 3x3 kernel.
    this.branch3 = new nn.Sequential(new BasicConv2d(inChannels, ch5x5red, 1), new BasicConv2d(ch5x5red, ch5x5, 3, { padding: 1 }));
    this.branch4 = new nn.Sequential(
      new nn.MaxPool2d(3, { stride: 1, padding: 1, ceilMode: true }),
      new BasicConv2d(inChannels, poolProj, 1),
    );
  }

  override forward(x: Tensor): Tensor {
    const b1 = this.branch1.call(x);
    const b2 = this.branch2.call(x);
    const b3 = this.branch3.call(x);
    const b4 = this.branch4.call(x);
    return F.cat([b1, b2, b3, b4], 1);
  }
}

export class InceptionAux extends nn.Module {
  static override readonly typeName: string = 'InceptionAux';
  conv: BasicConv2d;
  fc1: nn.Linear;
  fc2: nn.Linear;
  dropout: nn.Dropout;

  constructor(inChannels: number, numClasses: number, dropout = 0.7) {
    super();
    this.conv = new BasicConv2d(inChannels, 128, 1);
    this.fc1 = new nn.Linear(2048, 1024);
    this.fc2 = new nn.Linear(1024, numClasses);
    this.dropout = new nn.Dropout(dropout);
  }

  override forward(x: Tensor): Tensor {
    let y = F.adaptiveAvgPool2d(x, [4, 4]);
    y = F.flatten(this.conv.call(y), 1);
    y = F.relu(this.fc1.call(y), true);
    y = this.dropout.call(y);
    return this.fc2.call(y);
  }
}

/**
 * Options of {@link googlenet}: torchvision's `num_classes`, `aux_logits`
 * (true), `transform_input` (false), `dropout` and `dropout_aux`.
 */
export interface GoogLeNetOptions {
  numClasses?: number;
  auxLogits?: boolean;
  transformInput?: boolean;
  dropout?: number;
  dropoutAux?: number;
}

/** GoogLeNetOutputs(logits, aux_logits2, aux_logits1), returned in training mode with aux heads. */
export type GoogLeNetOutputs = readonly [Tensor, Tensor | null, Tensor | null];

/**
 * torchvision's `_transform_input` (GoogLeNet and Inception v3): per-channel
 * affine re-normalisation. `x[:, c]` is traced as a full slice then a select
 * (the tracer keeps trivial slices).
 */
export function transformImageNetInput(x: Tensor): Tensor {
  const stats: [number, number][] = [[0.229, 0.485], [0.224, 0.456], [0.225, 0.406]];
  const channels = stats.map(([std, mean], c) => {
    const xc = F.unsqueeze(F.select(F.slice(x, 0), 1, c), 1);
    return F.add(F.mul(xc, std / 0.5), (mean - 0.5) / 0.5);
  });
  return F.cat(channels, 1);
}

/**
 * torchvision's `GoogLeNet` (Inception v1): in training mode with `auxLogits`
 * it returns the logits and both auxiliary heads' logits, else the logits.
 */
export class GoogLeNet extends nn.Module {
  static override readonly typeName: string = 'GoogLeNet';
  readonly auxLogits: boolean;
  readonly transformInput: boolean;
  conv1: BasicConv2d;
  maxpool1: nn.MaxPool2d;
  conv2: BasicConv2d;
  conv3: BasicConv2d;
  maxpool2: nn.MaxPool2d;
  inception3a: Inception;
  inception3b: Inception;
  maxpool3: nn.MaxPool2d;
  inception4a: Inception;
  inception4b: Inception;
  inception4c: Inception;
  inception4d: Inception;
  inception4e: Inception;
  maxpool4: nn.MaxPool2d;
  inception5a: Inception;
  inception5b: Inception;
  aux1: InceptionAux | null;
  aux2: InceptionAux | null;
  avgpool: nn.AdaptiveAvgPool2d;
  dropout: nn.Dropout;
  fc: nn.Linear;

  constructor(options: GoogLeNetOptions = {}) {
    super();
    const numClasses = options.numClasses ?? 1000;
    this.auxLogits = options.auxLogits ?? true;
    this.transformInput = options.transformInput ?? false;
    const pool = (k: number): nn.MaxPool2d => new nn.MaxPool2d(k, { stride: 2, ceilMode: true });
    this.conv1 = new BasicConv2d(3, 64, 7, { stride: 2, padding: 3 });
    this.maxpool1 = pool(3);
    this.conv2 = new BasicConv2d(64, 64, 1);
    this.conv3 = new BasicConv2d(64, 192, 3, { padding: 1 });
    this.maxpool2 = pool(3);
    this.inception3a = new Inception(192, 64, 96, 128, 16, 32, 32);
    this.inception3b = new Inception(256, 128, 128, 192, 32, 96, 64);
    this.maxpool3 = pool(3);
    this.inception4a = new Inception(480, 192, 96, 208, 16, 48, 64);
    this.inception4b = new Inception(512, 160, 112, 224, 24, 64, 64);
    this.inception4c = new Inception(512, 128, 128, 256, 24, 64, 64);
    this.inception4d = new Inception(512, 112, 144, 288, 32, 64, 64);
    this.inception4e = new Inception(528, 256, 160, 320, 32, 128, 128);
    this.maxpool4 = pool(2);
    this.inception5a = new Inception(832, 256, 160, 320, 32, 128, 128);
    this.inception5b = new Inception(832, 384, 192, 384, 48, 128, 128);
    if (this.auxLogits) {
      this.aux1 = new InceptionAux(512, numClasses, options.dropoutAux ?? 0.7);
      this.aux2 = new InceptionAux(528, numClasses, options.dropoutAux ?? 0.7);
    } else {
      // A plain attribute in torchvision (never registered), so absent from the repr.
      this.aux1 = null;
      this.aux2 = null;
    }
    this.avgpool = new nn.AdaptiveAvgPool2d([1, 1]);
    this.dropout = new nn.Dropout(options.dropout ?? 0.2);
    this.fc = new nn.Linear(1024, numClasses);
  }

  override forward(x: Tensor): Tensor | GoogLeNetOutputs {
    let y = this.transformInput ? transformImageNetInput(x) : x;
    y = this.maxpool1.call(this.conv1.call(y));
    y = this.maxpool2.call(this.conv3.call(this.conv2.call(y)));
    y = this.maxpool3.call(this.inception3b.call(this.inception3a.call(y)));
    y = this.inception4a.call(y);
    const aux1 = this.aux1 !== null && this.training ? this.aux1.call(y) : null;
    y = this.inception4d.call(this.inception4c.call(this.inception4b.call(y)));
    const aux2 = this.aux2 !== null && this.training ? this.aux2.call(y) : null;
    y = this.maxpool4.call(this.inception4e.call(y));
    y = this.inception5b.call(this.inception5a.call(y));
    y = F.flatten(this.avgpool.call(y), 1);
    y = this.fc.call(this.dropout.call(y));
    return this.training && this.auxLogits ? [y, aux2, aux1] : y;
  }
}

/**
 * GoogLeNet (torchvision `googlenet`, untrained: both auxiliary heads kept;
 * they run only in training mode): 13,004,888 parameters.
 */
export const googlenet = (o: GoogLeNetOptions = {}): GoogLeNet => new GoogLeNet(o);

export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  googlenet: { build: () => googlenet(), inputShape: [3, 224, 224] },
};
