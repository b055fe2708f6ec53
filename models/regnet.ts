/**
 * torchvision's RegNet family (regnet_x_* and regnet_y_*), with torchvision
 * 0.14's module names, registration order and forward ops.
 *
 * @module
 */

import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import { makeDivisible } from './ops.js';
import type { ZooEntry } from './index.js';
import { Conv2dNormActivation, SqueezeExcitation, relu, type ActivationFactory, type LayerFactory } from './ops.js';

/** Python's round(): halves go to the even neighbour (torch.round does the same). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Simple stem for ImageNet: 3x3 stride-2 conv, BN, ReLU. */
export class SimpleStemIN extends Conv2dNormActivation {
  static override readonly typeName: string = 'SimpleStemIN';
  /** A stem from `widthIn` to `widthOut` channels at stride 2. */
  constructor(widthIn: number, widthOut: number, normLayer: LayerFactory, activationLayer: ActivationFactory) {
    super(widthIn, widthOut, { kernelSize: 3, stride: 2, normLayer, activationLayer });
  }
}

/** Bottleneck transformation: 1x1, 3x3 grouped [+SE], 1x1 (children a, b, se, c). */
export class BottleneckTransform extends nn.Sequential {
  static override readonly typeName: string = 'BottleneckTransform';
  /**
   * A transform from `widthIn` to `widthOut` channels, of inner width
   * `widthOut * bottleneckMultiplier` in groups of `groupWidth` channels;
   * `seRatio` (of `widthIn`) sizes the squeeze-excitation, null for none.
   */
  constructor(
    widthIn: number,
    widthOut: number,
    stride: number,
    normLayer: LayerFactory,
    activationLayer: ActivationFactory,
    groupWidth: number,
    bottleneckMultiplier: number,
    seRatio: number | null,
  ) {
    const wB = roundHalfEven(widthOut * bottleneckMultiplier);
    const g = Math.floor(wB / groupWidth);
    const layers = new Map<string, nn.Module>();
    layers.set('a', new Conv2dNormActivation(widthIn, wB, { kernelSize: 1, stride: 1, normLayer, activationLayer }));
    layers.set('b', new Conv2dNormActivation(wB, wB, { kernelSize: 3, stride, groups: g, normLayer, activationLayer }));
    if (seRatio) {
      // The SE reduction is relative to the block's input width.
      const widthSeOut = roundHalfEven(seRatio * widthIn);
      layers.set('se', new SqueezeExcitation(wB, widthSeOut, () => activationLayer(null)));
    }
    layers.set('c', new Conv2dNormActivation(wB, widthOut, { kernelSize: 1, stride: 1, normLayer, activationLayer: null }));
    super(layers);
  }
}

/** Residual bottleneck block: x + F(x), with a projection when the shape changes. */
export class ResBottleneckBlock extends nn.Module {
  static override readonly typeName: string = 'ResBottleneckBlock';
  proj: nn.TensorModule | null;
  f: BottleneckTransform;
  activation: nn.TensorModule;

  /**
   * A block from `widthIn` to `widthOut` channels; a projection is made when
   * they differ or `stride` is not 1.
   */
  constructor(
    widthIn: number,
    widthOut: number,
    stride: number,
    normLayer: LayerFactory,
    activationLayer: ActivationFactory,
    groupWidth = 1,
    bottleneckMultiplier = 1.0,
    seRatio: number | null = null,
  ) {
    super();
    // A plain attribute until a projection is assigned, as in torchvision.
    this.proj = null;
    if (widthIn !== widthOut || stride !== 1) {
      this.proj = new Conv2dNormActivation(widthIn, widthOut, { kernelSize: 1, stride, normLayer, activationLayer: null });
    }
    this.f = new BottleneckTransform(widthIn, widthOut, stride, normLayer, activationLayer, groupWidth, bottleneckMultiplier, seRatio);
    this.activation = activationLayer(true);
  }

  /** `proj(x)` (or `x`) plus `f(x)`, then `activation`. */
  override forward(x: Tensor): Tensor {
    let y: Tensor;
    if (this.proj !== null) {
      const p = this.proj.call(x);
      y = F.add(p, this.f.call(x));
    } else {
      y = F.add(x, this.f.call(x));
    }
    return this.activation.call(y);
  }
}

/** AnyNet stage: `depth` blocks named `block{stage}-{i}`. */
export class AnyStage extends nn.Sequential {
  static override readonly typeName: string = 'AnyStage';
  /**
   * A stage from `widthIn` to `widthOut` channels; `stageIndex` names its
   * blocks.
   */
  constructor(
    widthIn: number,
    widthOut: number,
    stride: number,
    depth: number,
    normLayer: LayerFactory,
    activationLayer: ActivationFactory,
    groupWidth: number,
    bottleneckMultiplier: number,
    seRatio: number | null,
    stageIndex = 0,
  ) {
    super();
    for (let i = 0; i < depth; i++) {
      const block = new ResBottleneckBlock(
        i === 0 ? widthIn : widthOut,
        widthOut,
        i === 0 ? stride : 1,
        normLayer,
        activationLayer,
        groupWidth,
        bottleneckMultiplier,
        seRatio,
      );
      this.addModule(`block${stageIndex}-${i}`, block);
    }
  }
}

/**
 * One RegNet stage: its width, stride, depth (blocks), group width and
 * bottleneck multiplier.
 */
export interface StageParams {
  readonly width: number;
  readonly stride: number;
  readonly depth: number;
  readonly groupWidth: number;
  readonly bottleneckMultiplier: number;
}

/**
 * torchvision's RegNet `BlockParams`: the stages and the squeeze-excitation
 * ratio (null for RegNetX).
 */
export interface BlockParams {
  readonly stages: readonly StageParams[];
  readonly seRatio: number | null;
}

/**
 * The RegNet design space's parameters (torchvision's
 * `BlockParams.from_init_params` arguments): depth, initial width `w0`, slope
 * `wA`, multiplier `wM`, group width, bottleneck multiplier, squeeze-excitation
 * ratio.
 */
export interface RegNetInitParams {
  depth: number;
  w0: number;
  wA: number;
  wM: number;
  groupWidth: number;
  bottleneckMultiplier?: number;
  seRatio?: number | null;
}

const f32 = Math.fround;

/**
 * torchvision's BlockParams.from_init_params: per-block widths from the linear
 * parametrisation, quantised to multiples of 8 in log space (computed in
 * float32, as torch does), grouped into stages of equal width, then adjusted
 * so that bottleneck widths are multiples of the group width.
 */
export function blockParamsFromInitParams(p: RegNetInitParams): BlockParams {
  const QUANT = 8;
  const STRIDE = 2;
  const { depth, w0, wA, wM, groupWidth } = p;
  const bm = p.bottleneckMultiplier ?? 1.0;
  if (wA < 0 || w0 <= 0 || wM <= 1 || w0 % 8 !== 0) {
    throw new ArgumentError('BlockParams', 'w_0/w_a/w_m', [w0, wA, wM], 'w_a >= 0, w_0 > 0 and a multiple of 8, w_m > 1');
  }
  const logWm = f32(Math.log(wM));
  const blockWidths: number[] = [];
  for (let i = 0; i < depth; i++) {
    const widthCont = f32(f32(i * f32(wA)) + w0);
    const capacity = roundHalfEven(f32(f32(Math.log(f32(widthCont / w0))) / logWm));
    const w = f32(w0 * f32(Math.pow(f32(wM), capacity)));
    // Ties are real: regnet_x_1_6gf's 80 * 2.25 / 8 = 22.5 rounds to 22.
    blockWidths.push(roundHalfEven(f32(w / QUANT)) * QUANT);
  }
  // Consecutive blocks of equal width form a stage.
  const widths: number[] = [];
  const depths: number[] = [];
  for (const w of blockWidths) {
    if (widths[widths.length - 1] === w) depths[depths.length - 1]!++;
    else {
      widths.push(w);
      depths.push(1);
    }
  }
  const stages = widths.map((w, i): StageParams => {
    // _adjust_widths_groups_compatibilty
    const wBot = Math.trunc(w * bm);
    const g = Math.min(groupWidth, wBot);
    const wBotAdjusted = makeDivisible(wBot, g);
    return { width: Math.trunc(wBotAdjusted / bm), stride: STRIDE, depth: depths[i]!, groupWidth: g, bottleneckMultiplier: bm };
  });
  return { stages, seRatio: p.seRatio ?? null };
}

/**
 * Options of {@link RegNet} and the regnet builders: `numClasses` (1000),
 * `stemWidth` (32), the norm layer and the activation (relu).
 */
export interface RegNetOptions {
  numClasses?: number;
  stemWidth?: number;
  normLayer?: LayerFactory;
  activation?: ActivationFactory;
}

/**
 * torchvision's `RegNet`: a stride-2 stem, stages `block1`... of residual
 * bottleneck blocks (`trunk_output`), global average pool and a linear
 * classifier.
 */
export class RegNet extends nn.Module {
  static override readonly typeName: string = 'RegNet';
  stem: SimpleStemIN;
  trunk_output: nn.Sequential;
  avgpool: nn.AdaptiveAvgPool2d;
  fc: nn.Linear;

  /**
   * @param blockParams The stages, as {@link blockParamsFromInitParams} makes
   *   them.
   * @param options Classes, stem width, norm layer, activation.
   */
  constructor(blockParams: BlockParams, options: RegNetOptions = {}) {
    super();
    const normLayer = options.normLayer ?? ((c: number) => new nn.BatchNorm2d(c, { eps: 1e-5, momentum: 0.1 }));
    const activation = options.activation ?? relu;
    const stemWidth = options.stemWidth ?? 32;
    this.stem = new SimpleStemIN(3, stemWidth, normLayer, activation);
    let current = stemWidth;
    const stages = new Map<string, nn.Module>();
    blockParams.stages.forEach((s, i) => {
      stages.set(
        `block${i + 1}`,
        new AnyStage(current, s.width, s.stride, s.depth, normLayer, activation, s.groupWidth, s.bottleneckMultiplier, blockParams.seRatio, i + 1),
      );
      current = s.width;
    });
    this.trunk_output = new nn.Sequential(stages);
    this.avgpool = new nn.AdaptiveAvgPool2d([1, 1]);
    this.fc = new nn.Linear(current, options.numClasses ?? 1000);
  }

  /** `stem`, `trunk_output`, `avgpool`, flatten, `fc`. */
  override forward(x: Tensor): Tensor {
    let y = this.stem.call(x);
    y = this.trunk_output.call(y);
    y = this.avgpool.call(y);
    y = F.flatten(y, 1);
    return this.fc.call(y);
  }
}

const regnet = (init: RegNetInitParams, o: RegNetOptions): RegNet => new RegNet(blockParamsFromInitParams(init), o);

/**
 * RegNetY-400MF with squeeze-excitation (torchvision `regnet_y_400mf`):
 * 4,344,144 parameters.
 */
export const regnet_y_400mf = (o: RegNetOptions = {}): RegNet => regnet({ depth: 16, w0: 48, wA: 27.89, wM: 2.09, groupWidth: 8, seRatio: 0.25 }, o);
/**
 * RegNetY-800MF with squeeze-excitation (torchvision `regnet_y_800mf`):
 * 6,432,512 parameters.
 */
export const regnet_y_800mf = (o: RegNetOptions = {}): RegNet => regnet({ depth: 14, w0: 56, wA: 38.84, wM: 2.4, groupWidth: 16, seRatio: 0.25 }, o);
/**
 * RegNetY-1.6GF with squeeze-excitation (torchvision `regnet_y_1_6gf`):
 * 11,202,430 parameters.
 */
export const regnet_y_1_6gf = (o: RegNetOptions = {}): RegNet => regnet({ depth: 27, w0: 48, wA: 20.71, wM: 2.65, groupWidth: 24, seRatio: 0.25 }, o);
/**
 * RegNetY-3.2GF with squeeze-excitation (torchvision `regnet_y_3_2gf`):
 * 19,436,338 parameters.
 */
export const regnet_y_3_2gf = (o: RegNetOptions = {}): RegNet => regnet({ depth: 21, w0: 80, wA: 42.63, wM: 2.66, groupWidth: 24, seRatio: 0.25 }, o);
/**
 * RegNetY-8GF with squeeze-excitation (torchvision `regnet_y_8gf`): 39,381,472
 * parameters.
 */
export const regnet_y_8gf = (o: RegNetOptions = {}): RegNet => regnet({ depth: 17, w0: 192, wA: 76.82, wM: 2.19, groupWidth: 56, seRatio: 0.25 }, o);
/**
 * RegNetY-16GF with squeeze-excitation (torchvision `regnet_y_16gf`):
 * 83,590,140 parameters.
 */
export const regnet_y_16gf = (o: RegNetOptions = {}): RegNet => regnet({ depth: 18, w0: 200, wA: 106.23, wM: 2.48, groupWidth: 112, seRatio: 0.25 }, o);
/**
 * RegNetY-32GF with squeeze-excitation (torchvision `regnet_y_32gf`):
 * 145,046,770 parameters.
 */
export const regnet_y_32gf = (o: RegNetOptions = {}): RegNet => regnet({ depth: 20, w0: 232, wA: 115.89, wM: 2.53, groupWidth: 232, seRatio: 0.25 }, o);
/**
 * RegNetY-128GF with squeeze-excitation (torchvision `regnet_y_128gf`):
 * 644,812,894 parameters.
 */
export const regnet_y_128gf = (o: RegNetOptions = {}): RegNet => regnet({ depth: 27, w0: 456, wA: 160.83, wM: 2.52, groupWidth: 264, seRatio: 0.25 }, o);
/** RegNetX-400MF (torchvision `regnet_x_400mf`): 5,495,976 parameters. */
export const regnet_x_400mf = (o: RegNetOptions = {}): RegNet => regnet({ depth: 22, w0: 24, wA: 24.48, wM: 2.54, groupWidth: 16 }, o);
/** RegNetX-800MF (torchvision `regnet_x_800mf`): 7,259,656 parameters. */
export const regnet_x_800mf = (o: RegNetOptions = {}): RegNet => regnet({ depth: 16, w0: 56, wA: 35.73, wM: 2.28, groupWidth: 16 }, o);
/** RegNetX-1.6GF (torchvision `regnet_x_1_6gf`): 9,190,136 parameters. */
export const regnet_x_1_6gf = (o: RegNetOptions = {}): RegNet => regnet({ depth: 18, w0: 80, wA: 34.01, wM: 2.25, groupWidth: 24 }, o);
/** RegNetX-3.2GF (torchvision `regnet_x_3_2gf`): 15,296,552 parameters. */
export const regnet_x_3_2gf = (o: RegNetOptions = {}): RegNet => regnet({ depth: 25, w0: 88, wA: 26.31, wM: 2.25, groupWidth: 48 }, o);
/** RegNetX-8GF (torchvision `regnet_x_8gf`): 39,572,648 parameters. */
export const regnet_x_8gf = (o: RegNetOptions = {}): RegNet => regnet({ depth: 23, w0: 80, wA: 49.56, wM: 2.88, groupWidth: 120 }, o);
/** RegNetX-16GF (torchvision `regnet_x_16gf`): 54,278,536 parameters. */
export const regnet_x_16gf = (o: RegNetOptions = {}): RegNet => regnet({ depth: 22, w0: 216, wA: 55.59, wM: 2.1, groupWidth: 128 }, o);
/** RegNetX-32GF (torchvision `regnet_x_32gf`): 107,811,560 parameters. */
export const regnet_x_32gf = (o: RegNetOptions = {}): RegNet => regnet({ depth: 23, w0: 320, wA: 69.86, wM: 2.0, groupWidth: 168 }, o);

const IMAGE = [3, 224, 224] as const;

/**
 * The family's entries of `models.ZOO`: each builder with its default input,
 * 3x224x224.
 */
export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  regnet_x_400mf: { build: () => regnet_x_400mf(), inputShape: IMAGE },
  regnet_x_800mf: { build: () => regnet_x_800mf(), inputShape: IMAGE },
  regnet_x_1_6gf: { build: () => regnet_x_1_6gf(), inputShape: IMAGE },
  regnet_x_3_2gf: { build: () => regnet_x_3_2gf(), inputShape: IMAGE },
  regnet_x_8gf: { build: () => regnet_x_8gf(), inputShape: IMAGE },
  regnet_x_16gf: { build: () => regnet_x_16gf(), inputShape: IMAGE },
  regnet_x_32gf: { build: () => regnet_x_32gf(), inputShape: IMAGE },
  regnet_y_400mf: { build: () => regnet_y_400mf(), inputShape: IMAGE },
  regnet_y_800mf: { build: () => regnet_y_800mf(), inputShape: IMAGE },
  regnet_y_1_6gf: { build: () => regnet_y_1_6gf(), inputShape: IMAGE },
  regnet_y_3_2gf: { build: () => regnet_y_3_2gf(), inputShape: IMAGE },
  regnet_y_8gf: { build: () => regnet_y_8gf(), inputShape: IMAGE },
  regnet_y_16gf: { build: () => regnet_y_16gf(), inputShape: IMAGE },
  regnet_y_32gf: { build: () => regnet_y_32gf(), inputShape: IMAGE },
  regnet_y_128gf: { build: () => regnet_y_128gf(), inputShape: IMAGE },
};
