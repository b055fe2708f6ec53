// The model zoo: torchvision's builders and Hugging Face's language models (GPT-2, BERT, the Llama family) by name, each with its default input.
// Each family file exports its builders and a ZOO_ENTRIES table; this file
// only gathers them.

import { UnknownNameError } from '../core/errors.js';
import type { DType } from '../core/dtype.js';
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
import * as gpt2 from './llm/gpt2.js';
import * as bert from './llm/bert.js';
import * as llama from './llm/llama.js';

/** One model of the zoo: how to build it and the input it is analysed at by default (`flopscope <name>`). */
export interface ZooEntry {
  /** Builds a fresh model (shapes only: no weights are allocated). */
  readonly build: () => Module;
  /** Default input shape without the batch dimension. */
  readonly inputShape: readonly number[];
  /**
   * The default input's dtype when it is not float32: a language model's
   * token ids are int64 (`[1, ...inputShape]`, as `--inputs 1,128:int64`).
   */
  readonly inputDtype?: DType;
  /** The name of the default input in the model's forward (`input_ids`), for listings. */
  readonly inputName?: string;
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
  ...gpt2.ZOO_ENTRIES,
  ...bert.ZOO_ENTRIES,
  ...llama.ZOO_ENTRIES,
};

/**
 * The zoo entry of `name`. Only the zoo's own names are entries: `constructor`,
 * `toString` or `__proto__` (names every object inherits) are unknown models.
 */
export function zooEntry(name: string): ZooEntry {
  if (typeof name !== 'string' || !Object.hasOwn(ZOO, name)) throw new UnknownNameError('model', String(shownValue(name)), Object.keys(ZOO));
  return ZOO[name]!;
}

/** Builds the zoo model `name` (`resnet50`, `gpt2`, ...); an unknown name is an UnknownNameError listing the known ones. */
export function buildModel(name: string): Module {
  return zooEntry(name).build();
}

// The families as namespaces (`models.resnet.Bottleneck`), except where a
// family and its builder share a name (alexnet, googlenet, s3d): there the
// name is the builder, as `torchvision.models.alexnet` is.
export { resnet, vgg, squeezenet, densenet, inception, mobilenetv2, mobilenetv3, mnasnet, shufflenetv2, efficientnet, regnet, convnext, vision_transformer, swin_transformer, maxvit, video_resnet, mvit, segmentation };
export * from './resnet.js';
// Every builder by its torchvision name, so `models.vgg16()` is typed (a test
// checks each builds what ZOO builds under that name).
export { alexnet } from './alexnet.js';
export { convnext_tiny, convnext_small, convnext_base, convnext_large } from './convnext.js';
export { densenet121, densenet161, densenet169, densenet201 } from './densenet.js';
export { efficientnet_b0, efficientnet_b1, efficientnet_b2, efficientnet_b3, efficientnet_b4, efficientnet_b5, efficientnet_b6, efficientnet_b7, efficientnet_v2_s, efficientnet_v2_m, efficientnet_v2_l } from './efficientnet.js';
export { googlenet } from './googlenet.js';
export { inception_v3 } from './inception.js';
export { maxvit_t } from './maxvit.js';
export { mnasnet0_5, mnasnet0_75, mnasnet1_0, mnasnet1_3 } from './mnasnet.js';
export { mobilenet_v2 } from './mobilenetv2.js';
export { mobilenet_v3_large, mobilenet_v3_small } from './mobilenetv3.js';
export { mvit_v1_b, mvit_v2_s } from './mvit.js';
export { regnet_x_400mf, regnet_x_800mf, regnet_x_1_6gf, regnet_x_3_2gf, regnet_x_8gf, regnet_x_16gf, regnet_x_32gf, regnet_y_400mf, regnet_y_800mf, regnet_y_1_6gf, regnet_y_3_2gf, regnet_y_8gf, regnet_y_16gf, regnet_y_32gf, regnet_y_128gf } from './regnet.js';
export { s3d } from './s3d.js';
export { fcn_resnet50, fcn_resnet101, deeplabv3_resnet50, deeplabv3_resnet101, deeplabv3_mobilenet_v3_large, lraspp_mobilenet_v3_large } from './segmentation.js';
export { shufflenet_v2_x0_5, shufflenet_v2_x1_0, shufflenet_v2_x1_5, shufflenet_v2_x2_0 } from './shufflenetv2.js';
export { squeezenet1_0, squeezenet1_1 } from './squeezenet.js';
export { swin_t, swin_s, swin_b, swin_v2_t, swin_v2_s, swin_v2_b } from './swin_transformer.js';
export { vgg11, vgg11_bn, vgg13, vgg13_bn, vgg16, vgg16_bn, vgg19, vgg19_bn } from './vgg.js';
export { r3d_18, mc3_18, r2plus1d_18 } from './video_resnet.js';
export { vit_b_16, vit_b_32, vit_l_16, vit_l_32, vit_h_14 } from './vision_transformer.js';
// Hugging Face language models (token ids in, int64): builders, classes and
// the readers of a parsed config.json.
export { gpt2, gpt2_medium, gpt2_large, gpt2_xl, gpt2FromConfig, gpt2Config, GPT2_DEFAULTS, GPT2LMHeadModel, GPT2Model, GPT2Block, GPT2Attention, GPT2MLP, Conv1D, type GPT2Config, type GPT2Output, type LayerPast } from './llm/gpt2.js';
export { bert_base_uncased, bert_base_uncased_mlm, bertFromConfig, bertConfig, BERT_DEFAULTS, BertModel, BertForMaskedLM, BertEmbeddings, BertEncoder, BertLayer, BertAttention, BertSelfAttention, BertSelfOutput, BertIntermediate, BertOutput, BertPooler, BertOnlyMLMHead, BertLMPredictionHead, BertPredictionHeadTransform, type BertConfig } from './llm/bert.js';
export { NewGELUActivation, GELUActivation } from './llm/common.js';
// Hugging Face's language models (models/llm/; docs/llm.md).
/**
 * Hugging Face's Llama family (LlamaForCausalLM, MistralForCausalLM,
 * Qwen2ForCausalLM, MixtralForCausalLM): the classes, the named builders
 * and `llamaFromConfig` (docs/llm.md).
 */
export { llama };
export { llama2_7b, llama2_70b, llama3_8b, llama3_70b, llama3_1_405b, mistral_7b, qwen2_7b, mixtral_8x7b } from './llm/llama.js';
