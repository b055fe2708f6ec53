/**
 * torchvision's ConvNeXt family (convnext_tiny/small/base/large) with
 * torchvision 0.14's module names, registration order and forward ops.
 *
 * @module
 */

import { ArgumentError, ShapeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as nn from '../nn/index.js';
import { F } from '../nn/index.js';
import type { ZooEntry } from './index.js';
import { Conv2dNormActivation, Permute, StochasticDepth, type LayerFactory } from './ops.js';

/** LayerNorm over the channels of an NCHW tensor: permute to NHWC, layer_norm, permute back. */
export class LayerNorm2d extends nn.LayerNorm {
  static override readonly typeName: string = 'LayerNorm2d';
  /** Permute to NHWC, layer norm over the channels, permute back to NCHW. */
  override forward(x: Tensor): Tensor {
    if (x.rank !== 4) throw new ShapeError('LayerNorm2d', `expected a 4-D NCHW input, got ${x.rank}-D`, { input: x.shape });
    let y = F.permute(x, [0, 2, 3, 1]);
    y = F.layerNorm(y, this.normalizedShape, this.weight, this.bias);
    return F.permute(y, [0, 3, 1, 2]);
  }
}

const layerNorm2d: LayerFactory = (c) => new LayerNorm2d(c, { eps: 1e-6 });

/** ConvNeXt's block: depthwise 7x7, channels-last LayerNorm and MLP, layer scale, stochastic depth, residual. */
export class CNBlock extends nn.Module {
  static override readonly typeName: string = 'CNBlock';
  block: nn.Sequential;
  layer_scale: nn.Parameter;
  stochastic_depth: StochasticDepth;
  readonly layerScaleInit: number;

  /**
   * A block of `dim` channels; `layerScale` is the per-channel scale's initial
   * value, `stochasticDepthProb` the drop probability in training.
   */
  constructor(dim: number, layerScale: number, stochasticDepthProb: number, normLayer: LayerFactory | null = null) {
    super();
    const norm = normLayer ?? ((c: number) => new nn.LayerNorm(c, { eps: 1e-6 }));
    this.block = new nn.Sequential(
      new nn.Conv2d(dim, dim, 7, { padding: 3, groups: dim, bias: true }),
      new Permute([0, 2, 3, 1]),
      norm(dim),
      new nn.Linear(dim, 4 * dim, { bias: true }),
      new nn.GELU(),
      new nn.Linear(4 * dim, dim, { bias: true }),
      new Permute([0, 3, 1, 2]),
    );
    // torch.ones(dim, 1, 1) * layer_scale: only its shape matters here.
    this.layerScaleInit = layerScale;
    this.layer_scale = new nn.Parameter([dim, 1, 1]);
    this.stochastic_depth = new StochasticDepth(stochasticDepthProb, 'row');
  }

  /**
   * `layer_scale * block(input)`, stochastic depth, then `input` added in
   * place.
   */
  override forward(input: Tensor): Tensor {
    let result = F.mul(this.layer_scale, this.block.call(input));
    result = this.stochastic_depth.call(result);
    return F.add_(result, input);
  }
}

/** One stage: `numLayers` blocks at `inputChannels`, then a downsampling to `outChannels` (none after the last). */
export interface CNBlockConfig {
  readonly inputChannels: number;
  readonly outChannels: number | null;
  readonly numLayers: number;
}

/** torchvision's `CNBlockConfig(input_channels, out_channels, num_layers)`. */
export const cnBlockConfig = (inputChannels: number, outChannels: number | null, numLayers: number): CNBlockConfig => ({
  inputChannels,
  outChannels,
  numLayers,
});

/**
 * Options of {@link ConvNeXt} and the convnext builders: torchvision's
 * `stochastic_depth_prob`, `layer_scale` (1e-6) and `num_classes`.
 */
export interface ConvNeXtOptions {
  stochasticDepthProb?: number;
  layerScale?: number;
  numClasses?: number;
}

/**
 * torchvision's `ConvNeXt`: a 4x4 stride-4 patchify stem, stages of CNBlocks
 * joined by norm-and-2x2-conv downsamplings, global average pool and a
 * norm-flatten-linear classifier.
 */
export class ConvNeXt extends nn.Module {
  static override readonly typeName: string = 'ConvNeXt';
  features: nn.Sequential;
  avgpool: nn.AdaptiveAvgPool2d;
  classifier: nn.Sequential;

  /**
   * @param blockSetting The stages, as {@link cnBlockConfig} makes them.
   * @param options Stochastic depth, layer scale, classes.
   */
  constructor(blockSetting: readonly CNBlockConfig[], options: ConvNeXtOptions = {}) {
    super();
    const first = blockSetting[0];
    if (first === undefined) throw new ArgumentError('ConvNeXt', 'block_setting', blockSetting, 'a non-empty list');
    const sdProb = options.stochasticDepthProb ?? 0;
    const layerScale = options.layerScale ?? 1e-6;
    const layers: nn.Module[] = [
      // Stem: a 4x4 patchify conv with bias, then LayerNorm2d, no activation.
      new Conv2dNormActivation(3, first.inputChannels, {
        kernelSize: 4,
        stride: 4,
        padding: 0,
        normLayer: layerNorm2d,
        activationLayer: null,
        bias: true,
      }),
    ];
    const totalStageBlocks = blockSetting.reduce((s, c) => s + c.numLayers, 0);
    let stageBlockId = 0;
    for (const cnf of blockSetting) {
      const stage: nn.Module[] = [];
      for (let i = 0; i < cnf.numLayers; i++) {
        // The same float arithmetic as torchvision: p * id / (total - 1.0).
        const p = (sdProb * stageBlockId) / (totalStageBlocks - 1.0);
        stage.push(new CNBlock(cnf.inputChannels, layerScale, p));
        stageBlockId++;
      }
      layers.push(new nn.Sequential(...stage));
      if (cnf.outChannels !== null) {
        layers.push(
          new nn.Sequential(layerNorm2d(cnf.inputChannels), new nn.Conv2d(cnf.inputChannels, cnf.outChannels, 2, { stride: 2 })),
        );
      }
    }
    this.features = new nn.Sequential(...layers);
    this.avgpool = new nn.AdaptiveAvgPool2d(1);
    const last = blockSetting[blockSetting.length - 1]!;
    const lastChannels = last.outChannels ?? last.inputChannels;
    this.classifier = new nn.Sequential(layerNorm2d(lastChannels), new nn.Flatten(1), new nn.Linear(lastChannels, options.numClasses ?? 1000));
  }

  /** `features`, `avgpool`, `classifier`. */
  override forward(x: Tensor): Tensor {
    let y = this.features.call(x);
    y = this.avgpool.call(y);
    return this.classifier.call(y);
  }
}

const convnext = (setting: readonly CNBlockConfig[], sdProb: number, o: ConvNeXtOptions): ConvNeXt =>
  new ConvNeXt(setting, { stochasticDepthProb: sdProb, ...o });

/** ConvNeXt-T (torchvision `convnext_tiny`): 28,589,128 parameters. */
export const convnext_tiny = (o: ConvNeXtOptions = {}): ConvNeXt =>
  convnext([cnBlockConfig(96, 192, 3), cnBlockConfig(192, 384, 3), cnBlockConfig(384, 768, 9), cnBlockConfig(768, null, 3)], 0.1, o);
/** ConvNeXt-S (torchvision `convnext_small`): 50,223,688 parameters. */
export const convnext_small = (o: ConvNeXtOptions = {}): ConvNeXt =>
  convnext([cnBlockConfig(96, 192, 3), cnBlockConfig(192, 384, 3), cnBlockConfig(384, 768, 27), cnBlockConfig(768, null, 3)], 0.4, o);
/** ConvNeXt-B (torchvision `convnext_base`): 88,591,464 parameters. */
export const convnext_base = (o: ConvNeXtOptions = {}): ConvNeXt =>
  convnext([cnBlockConfig(128, 256, 3), cnBlockConfig(256, 512, 3), cnBlockConfig(512, 1024, 27), cnBlockConfig(1024, null, 3)], 0.5, o);
/** ConvNeXt-L (torchvision `convnext_large`): 197,767,336 parameters. */
export const convnext_large = (o: ConvNeXtOptions = {}): ConvNeXt =>
  convnext([cnBlockConfig(192, 384, 3), cnBlockConfig(384, 768, 3), cnBlockConfig(768, 1536, 27), cnBlockConfig(1536, null, 3)], 0.5, o);

const IMAGE = [3, 224, 224] as const;

/**
 * The family's entries of `models.ZOO`: each builder with its default input,
 * 3x224x224.
 */
export const ZOO_ENTRIES: Readonly<Record<string, ZooEntry>> = {
  convnext_tiny: { build: () => convnext_tiny(), inputShape: IMAGE },
  convnext_small: { build: () => convnext_small(), inputShape: IMAGE },
  convnext_base: { build: () => convnext_base(), inputShape: IMAGE },
  convnext_large: { build: () => convnext_large(), inputShape: IMAGE },
};
