/**
 * torchvision's Inception v3 (Inception3), with torchvision's module names,
 * registration order and forward ops. The default (non-pretrained) model keeps
 * the auxiliary head (AuxLogits); it runs only in training mode.
 *
 * @module
 */

import type { Tensor } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import { BasicConv2d, transformImageNetInput } from './googlenet.js';
import type { ZooEntry } from './index.js';

/**
 * torchvision's `InceptionA` (35x35 grid): 1x1, 5x5, double-3x3 and
 * average-pool branches, concatenated.
 */
export class InceptionA extends nn.Module {
  static override readonly typeName: string = 'InceptionA';
  branch1x1: BasicConv2d;
  branch5x5_1: BasicConv2d;
  branch5x5_2: BasicConv2d;
  branch3x3dbl_1: BasicConv2d;
  branch3x3dbl_2: BasicConv2d;
  branch3x3dbl_3: BasicConv2d;
  branch_pool: BasicConv2d;

  /** A block from `inChannels` to `224 + poolFeatures` channels. */
  constructor(inChannels: number, poolFeatures: number) {
    super();
    this.branch1x1 = new BasicConv2d(inChannels, 64, 1);
    this.branch5x5_1 = new BasicConv2d(inChannels, 48, 1);
    this.branch5x5_2 = new BasicConv2d(48, 64, 5, { padding: 2 });
    this.branch3x3dbl_1 = new BasicConv2d(inChannels, 64, 1);
    this.branch3x3dbl_2 = new BasicConv2d(64, 96, 3, { padding: 1 });
    this.branch3x3dbl_3 = new BasicConv2d(96, 96, 3, { padding: 1 });
    this.branch_pool = new BasicConv2d(inChannels, poolFeatures, 1);
  }

  /** The four branches on `x`, concatenated along channels. */
  override forward(x: Tensor): Tensor {
    const b1 = this.branch1x1.call(x);
    const b5 = this.branch5x5_2.call(this.branch5x5_1.call(x));
    const b3 = this.branch3x3dbl_3.call(this.branch3x3dbl_2.call(this.branch3x3dbl_1.call(x)));
    const bp = this.branch_pool.call(F.avgPool2d(x, 3, 1, 1));
    return F.cat([b1, b5, b3, bp], 1);
  }
}

/**
 * torchvision's `InceptionB`: the grid reduction to 17x17 (stride-2 3x3 and
 * double-3x3 branches, max pool).
 */
export class InceptionB extends nn.Module {
  static override readonly typeName: string = 'InceptionB';
  branch3x3: BasicConv2d;
  branch3x3dbl_1: BasicConv2d;
  branch3x3dbl_2: BasicConv2d;
  branch3x3dbl_3: BasicConv2d;

  /** A block from `inChannels` to `480 + inChannels` channels. */
  constructor(inChannels: number) {
    super();
    this.branch3x3 = new BasicConv2d(inChannels, 384, 3, { stride: 2 });
    this.branch3x3dbl_1 = new BasicConv2d(inChannels, 64, 1);
    this.branch3x3dbl_2 = new BasicConv2d(64, 96, 3, { padding: 1 });
    this.branch3x3dbl_3 = new BasicConv2d(96, 96, 3, { stride: 2 });
  }

  /** The three branches on `x`, concatenated along channels. */
  override forward(x: Tensor): Tensor {
    const b3 = this.branch3x3.call(x);
    const bd = this.branch3x3dbl_3.call(this.branch3x3dbl_2.call(this.branch3x3dbl_1.call(x)));
    const bp = F.maxPool2d(x, 3, 2);
    return F.cat([b3, bd, bp], 1);
  }
}

/**
 * torchvision's `InceptionC` (17x17 grid): 1x1, factorized 7x7, double
 * factorized 7x7 and average-pool branches.
 */
export class InceptionC extends nn.Module {
  static override readonly typeName: string = 'InceptionC';
  branch1x1: BasicConv2d;
  branch7x7_1: BasicConv2d;
  branch7x7_2: BasicConv2d;
  branch7x7_3: BasicConv2d;
  branch7x7dbl_1: BasicConv2d;
  branch7x7dbl_2: BasicConv2d;
  branch7x7dbl_3: BasicConv2d;
  branch7x7dbl_4: BasicConv2d;
  branch7x7dbl_5: BasicConv2d;
  branch_pool: BasicConv2d;

  /**
   * A block from `inChannels` to 768 channels; `channels7x7` is the 7x7
   * branches' inner width.
   */
  constructor(inChannels: number, channels7x7: number) {
    super();
    const c7 = channels7x7;
    const k1x7 = { kernel: [1, 7], padding: [0, 3] } as const;
    const k7x1 = { kernel: [7, 1], padding: [3, 0] } as const;
    this.branch1x1 = new BasicConv2d(inChannels, 192, 1);
    this.branch7x7_1 = new BasicConv2d(inChannels, c7, 1);
    this.branch7x7_2 = new BasicConv2d(c7, c7, k1x7.kernel, { padding: k1x7.padding });
    this.branch7x7_3 = new BasicConv2d(c7, 192, k7x1.kernel, { padding: k7x1.padding });
    this.branch7x7dbl_1 = new BasicConv2d(inChannels, c7, 1);
    this.branch7x7dbl_2 = new BasicConv2d(c7, c7, k7x1.kernel, { padding: k7x1.padding });
    this.branch7x7dbl_3 = new BasicConv2d(c7, c7, k1x7.kernel, { padding: k1x7.padding });
    this.branch7x7dbl_4 = new BasicConv2d(c7, c7, k7x1.kernel, { padding: k7x1.padding });
    this.branch7x7dbl_5 = new BasicConv2d(c7, 192, k1x7.kernel, { padding: k1x7.padding });
    this.branch_pool = new BasicConv2d(inChannels, 192, 1);
  }

  /** The four branches on `x`, concatenated along channels. */
  override forward(x: Tensor): Tensor {
    const b1 = this.branch1x1.call(x);
    let b7 = this.branch7x7_1.call(x);
    b7 = this.branch7x7_3.call(this.branch7x7_2.call(b7));
    let bd = this.branch7x7dbl_1.call(x);
    bd = this.branch7x7dbl_3.call(this.branch7x7dbl_2.call(bd));
    bd = this.branch7x7dbl_5.call(this.branch7x7dbl_4.call(bd));
    const bp = this.branch_pool.call(F.avgPool2d(x, 3, 1, 1));
    return F.cat([b1, b7, bd, bp], 1);
  }
}

/**
 * torchvision's `InceptionD`: the grid reduction to 8x8 (3x3 and 7x7-then-3x3
 * branches at stride 2, max pool).
 */
export class InceptionD extends nn.Module {
  static override readonly typeName: string = 'InceptionD';
  branch3x3_1: BasicConv2d;
  branch3x3_2: BasicConv2d;
  branch7x7x3_1: BasicConv2d;
  branch7x7x3_2: BasicConv2d;
  branch7x7x3_3: BasicConv2d;
  branch7x7x3_4: BasicConv2d;

  /** A block from `inChannels` to `512 + inChannels` channels. */
  constructor(inChannels: number) {
    super();
    this.branch3x3_1 = new BasicConv2d(inChannels, 192, 1);
    this.branch3x3_2 = new BasicConv2d(192, 320, 3, { stride: 2 });
    this.branch7x7x3_1 = new BasicConv2d(inChannels, 192, 1);
    this.branch7x7x3_2 = new BasicConv2d(192, 192, [1, 7], { padding: [0, 3] });
    this.branch7x7x3_3 = new BasicConv2d(192, 192, [7, 1], { padding: [3, 0] });
    this.branch7x7x3_4 = new BasicConv2d(192, 192, 3, { stride: 2 });
  }

  /** The three branches on `x`, concatenated along channels. */
  override forward(x: Tensor): Tensor {
    const b3 = this.branch3x3_2.call(this.branch3x3_1.call(x));
    let b7 = this.branch7x7x3_2.call(this.branch7x7x3_1.call(x));
    b7 = this.branch7x7x3_4.call(this.branch7x7x3_3.call(b7));
    const bp = F.maxPool2d(x, 3, 2);
    return F.cat([b3, b7, bp], 1);
  }
}

/**
 * torchvision's `InceptionE` (8x8 grid): 1x1, split 1x3/3x1, double 3x3 with
 * split 1x3/3x1, and average-pool branches.
 */
export class InceptionE extends nn.Module {
  static override readonly typeName: string = 'InceptionE';
  branch1x1: BasicConv2d;
  branch3x3_1: BasicConv2d;
  branch3x3_2a: BasicConv2d;
  branch3x3_2b: BasicConv2d;
  branch3x3dbl_1: BasicConv2d;
  branch3x3dbl_2: BasicConv2d;
  branch3x3dbl_3a: BasicConv2d;
  branch3x3dbl_3b: BasicConv2d;
  branch_pool: BasicConv2d;

  /** A block from `inChannels` to 2048 channels. */
  constructor(inChannels: number) {
    super();
    this.branch1x1 = new BasicConv2d(inChannels, 320, 1);
    this.branch3x3_1 = new BasicConv2d(inChannels, 384, 1);
    this.branch3x3_2a = new BasicConv2d(384, 384, [1, 3], { padding: [0, 1] });
    this.branch3x3_2b = new BasicConv2d(384, 384, [3, 1], { padding: [1, 0] });
    this.branch3x3dbl_1 = new BasicConv2d(inChannels, 448, 1);
    this.branch3x3dbl_2 = new BasicConv2d(448, 384, 3, { padding: 1 });
    this.branch3x3dbl_3a = new BasicConv2d(384, 384, [1, 3], { padding: [0, 1] });
    this.branch3x3dbl_3b = new BasicConv2d(384, 384, [3, 1], { padding: [1, 0] });
    this.branch_pool = new BasicConv2d(inChannels, 192, 1);
  }

  /**
   * The four branches on `x` (the split ones concatenated first), concatenated
   * along channels.
   */
  override forward(x: Tensor): Tensor {
    const b1 = this.branch1x1.call(x);
    const s3 = this.branch3x3_1.call(x);
    const b3 = F.cat([this.branch3x3_2a.call(s3), this.branch3x3_2b.call(s3)], 1);
    const sd = this.branch3x3dbl_2.call(this.branch3x3dbl_1.call(x));
    const bd = F.cat([this.branch3x3dbl_3a.call(sd), this.branch3x3dbl_3b.call(sd)], 1);
    const bp = this.branch_pool.call(F.avgPool2d(x, 3, 1, 1));
    return F.cat([b1, b3, bd, bp], 1);
  }
}

/**
 * Inception v3's auxiliary head. Its class name is InceptionAux, as in
 * torchvision; it is exported as Inception3Aux so that it does not clash with
 * GoogLeNet's InceptionAux when the zoo re-exports both files.
 */
class InceptionAux extends nn.Module {
  static override readonly typeName: string = 'InceptionAux';
  conv0: BasicConv2d;
  conv1: BasicConv2d;
  fc: nn.Linear;

  /** A head on the 768-channel 17x17 features, for `numClasses` classes. */
  constructor(inChannels: number, numClasses: number) {
    super();
    this.conv0 = new BasicConv2d(inChannels, 128, 1);
    this.conv1 = new BasicConv2d(128, 768, 5);
    this.fc = new nn.Linear(768, numClasses);
  }

  /** 5x5 stride-3 average pool, two convs, global average pool, flatten, `fc`. */
  override forward(x: Tensor): Tensor {
    let y = F.avgPool2d(x, 5, 3);
    y = this.conv1.call(this.conv0.call(y));
    y = F.adaptiveAvgPool2d(y, [1, 1]);
    return this.fc.call(F.flatten(y, 1));
  }
}

/**
 * Options of {@link Inception3}: torchvision's `num_classes`, `aux_logits`
 * (true), `transform_input` (false) and `dropout` (0.5).
 */
export interface Inception3Options {
  numClasses?: number;
  auxLogits?: boolean;
  transformInput?: boolean;
  dropout?: number;
}

/** InceptionOutputs(logits, aux_logits), returned in training mode with the aux head. */
export type InceptionOutputs = readonly [Tensor, Tensor | null];

/**
 * torchvision's `Inception3` (Inception v3), for 3x299x299 inputs: in training
 * mode with `auxLogits` it returns the logits and the auxiliary head's logits,
 * else the logits.
 */
export class Inception3 extends nn.Module {
  static override readonly typeName: string = 'Inception3';
  readonly auxLogits: boolean;
  readonly transformInput: boolean;
  Conv2d_1a_3x3: BasicConv2d;
  Conv2d_2a_3x3: BasicConv2d;
  Conv2d_2b_3x3: BasicConv2d;
  maxpool1: nn.MaxPool2d;
  Conv2d_3b_1x1: BasicConv2d;
  Conv2d_4a_3x3: BasicConv2d;
  maxpool2: nn.MaxPool2d;
  Mixed_5b: InceptionA;
  Mixed_5c: InceptionA;
  Mixed_5d: InceptionA;
  Mixed_6a: InceptionB;
  Mixed_6b: InceptionC;
  Mixed_6c: InceptionC;
  Mixed_6d: InceptionC;
  Mixed_6e: InceptionC;
  AuxLogits: InceptionAux | null;
  Mixed_7a: InceptionD;
  Mixed_7b: InceptionE;
  Mixed_7c: InceptionE;
  avgpool: nn.AdaptiveAvgPool2d;
  dropout: nn.Dropout;
  fc: nn.Linear;

  constructor(options: Inception3Options = {}) {
    super();
    const numClasses = options.numClasses ?? 1000;
    this.auxLogits = options.auxLogits ?? true;
    this.transformInput = options.transformInput ?? false;
    this.Conv2d_1a_3x3 = new BasicConv2d(3, 32, 3, { stride: 2 });
    this.Conv2d_2a_3x3 = new BasicConv2d(32, 32, 3);
    this.Conv2d_2b_3x3 = new BasicConv2d(32, 64, 3, { padding: 1 });
    this.maxpool1 = new nn.MaxPool2d(3, { stride: 2 });
    this.Conv2d_3b_1x1 = new BasicConv2d(64, 80, 1);
    this.Conv2d_4a_3x3 = new BasicConv2d(80, 192, 3);
    this.maxpool2 = new nn.MaxPool2d(3, { stride: 2 });
    this.Mixed_5b = new InceptionA(192, 32);
    this.Mixed_5c = new InceptionA(256, 64);
    this.Mixed_5d = new InceptionA(288, 64);
    this.Mixed_6a = new InceptionB(288);
    this.Mixed_6b = new InceptionC(768, 128);
    this.Mixed_6c = new InceptionC(768, 160);
    this.Mixed_6d = new InceptionC(768, 160);
    this.Mixed_6e = new InceptionC(768, 192);
    // A plain None attribute in torchvision until the head is assigned here,
    // so it is registered between Mixed_6e and Mixed_7a.
    this.AuxLogits = null;
    if (this.auxLogits) this.AuxLogits = new InceptionAux(768, numClasses);
    this.Mixed_7a = new InceptionD(768);
    this.Mixed_7b = new InceptionE(1280);
    this.Mixed_7c = new InceptionE(2048);
    this.avgpool = new nn.AdaptiveAvgPool2d([1, 1]);
    this.dropout = new nn.Dropout(options.dropout ?? 0.5);
    this.fc = new nn.Linear(2048, numClasses);
  }

  /**
   * The stem, Mixed_5b to Mixed_7c (the auxiliary head after Mixed_6e in
   * training mode), average pool, dropout, flatten, `fc`.
   */
  override forward(x: Tensor): Tensor | InceptionOutputs {
    let y = this.transformInput ? transformImageNetInput(x) : x;
    y = this.Conv2d_2b_3x3.call(this.Conv2d_2a_3x3.call(this.Conv2d_1a_3x3.call(y)));
    y = this.maxpool1.call(y);
    y = this.maxpool2.call(this.Conv2d_4a_3x3.call(this.Conv2d_3b_1x1.call(y)));
    y = this.Mixed_5d.call(this.Mixed_5c.call(this.Mixed_5b.call(y)));
    y = this.Mixed_6a.call(y);
    y = this.Mixed_6e.call(this.Mixed_6d.call(this.Mixed_6c.call(this.Mixed_6b.call(y))));
    const aux = this.AuxLogits !== null && this.training ? this.AuxLogits.call(y) : null;
    y = this.Mixed_7c.call(this.Mixed_7b.call(this.Mixed_7a.call(y)));
    y = this.dropout.call(this.avgpool.call(y));
    y = this.fc.call(F.flatten(y, 1));
    return this.training && this.auxLogits ? [y, aux] : y;
  }
}

export { InceptionAux as Inception3Aux };

/**
 * Inception v3 (torchvision `inception_v3`, untrained: the auxiliary head kept;
 * it runs only in training mode): 27,161,264 parameters.
 */
export const inception_v3 = (o: Inception3Options = {}): Inception3 => new Inception3(o);

/**
 * The family's entry of `models.ZOO`: inception_v3 with its default input,
 * 3x299x299.
 */
export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  inception_v3: { build: () => inception_v3(), inputShape: [3, 299, 299] },
};
