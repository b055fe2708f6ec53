// The `full` convention (analysis/conventions/full.ts): every op's cost on a
// small shape against a hand-derived value, the arithmetic written out; and
// no op left without a rule on the zoo, the language models, the layer
// examples, or among the ops the library can emit.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { F, Module, nn, Tensor, traceModel, type TraceInput } from '../index.js';
import { knownOps, opSchema } from '../core/op_schema.js';
import { FULL_FLOP_HANDLES, FULL_ZERO_COST_OPS, fullFlopAnalyzer, opsWithoutFullRule } from '../analysis/conventions/full.js';
import { ZOO } from '../models/index.js';
import { resolveInputValues } from '../analysis/analyze.js';
import { gpt2 } from '../models/llm/gpt2.js';
import { bert_base_uncased } from '../models/llm/bert.js';
import { llama3_8b, mixtral_8x7b, type LlamaForCausalLM } from '../models/llm/llama.js';
import layerZooConv, { inputs as convInputs } from '../examples/layers/layer_zoo_conv.js';
import layerZooPoolPad, { inputs as poolInputs } from '../examples/layers/layer_zoo_pool_pad.js';
import layerZooAct, { inputs as actInputs } from '../examples/layers/layer_zoo_act.js';
import layerZooNorm, { inputs as normInputs } from '../examples/layers/layer_zoo_norm.js';
import layerZooRnn, { inputs as rnnInputs } from '../examples/layers/layer_zoo_rnn.js';
import layerZooTransformer, { inputs as transformerInputs } from '../examples/layers/layer_zoo_transformer.js';
import layerZooMisc, { inputs as miscInputs } from '../examples/layers/layer_zoo_misc.js';
import tensorOps, { inputs as tensorOpsInputs } from '../examples/layers/tensor_ops.js';
import opZoo, { inputs as opZooInputs } from '../examples/op_zoo.js';
import lenet5, { inputs as lenet5Inputs } from '../examples/tools/lenet5_b1024.js';
import lstmLm, { inputs as lstmLmInputs } from '../examples/tools/lstm_lm.js';

// ------------------------------------------------------------ each op's cost by hand

const costs = suite('full: each op against a hand-derived cost');

/** A model whose forward is `f` (layers it uses are built outside and charged to the root). */
class Fn extends Module {
  constructor(private readonly f: (...xs: Tensor[]) => unknown) {
    super();
  }
  override forward(...xs: Tensor[]): unknown {
    return this.f(...xs);
  }
}

const T = (...shape: number[]): Tensor => new Tensor(shape);
const I = (...shape: number[]): Tensor => new Tensor(shape, 'int64');
const B = (...shape: number[]): Tensor => new Tensor(shape, 'bool');

interface Case {
  /** The op whose rule the case checks: it must be in the trace. */
  readonly op: string;
  readonly f: (...xs: Tensor[]) => unknown;
  readonly inputs: readonly Tensor[];
  /** The whole trace's cost under full, derived by hand (every other op of the trace costs 0). */
  readonly flops: number;
}

function check(name: string, c: Case): void {
  const trace = traceModel(new Fn(c.f), c.inputs);
  const kinds = trace.nodes.map((n) => n.kind);
  assert.ok(kinds.includes(c.op), `${name}: ${c.op} in the trace (${kinds.join(', ')})`);
  const fa = fullFlopAnalyzer(trace);
  assert.equal([...fa.unsupportedOps().keys()], [], `${name}: nothing unsupported`);
  assert.is(fa.total(), BigInt(c.flops), name);
}

const lstm = new nn.LSTM(3, 4);
const lstmBi = new nn.LSTM(3, 4, { bidirectional: true });
const lstmProj = new nn.LSTM(3, 4, { projSize: 2 });
const gruNoBias = new nn.GRU(3, 4, { bias: false });
const rnnTanh = new nn.RNN(3, 4);
const rnnRelu = new nn.RNN(3, 4, { nonlinearity: 'relu', numLayers: 2 });
const convT = new nn.ConvTranspose2d(2, 3, 2, { stride: 2 });
const bilinear = new nn.Bilinear(3, 4, 5);
const prelu = new nn.PReLU();
const crossMapLrn = new nn.CrossMapLRN2d(3);

const CASES: Readonly<Record<string, Case>> = {
  // Convolution: 2 * N * prod(weight) * prod(out spatial) + bias numel(out).
  // 1x3x8x8 -> 4 ch, 3x3, pad 1: 2*1*(4*3*3*3)*(8*8) + 4*64 = 13824 + 256.
  'conv2d with bias': { op: 'aten::_convolution', f: (x, w, b) => F.conv2d(x, w, b, 1, 1), inputs: [T(1, 3, 8, 8), T(4, 3, 3, 3), T(4)], flops: 13824 + 256 },
  // Depthwise 1x4x6x6, weight 4x1x3x3, groups 4, no pad: out 4x4: 2*(4*1*9)*16 = 1152.
  'grouped conv2d': { op: 'aten::_convolution', f: (x, w) => F.conv2d(x, w, null, 1, 0, 1, 4), inputs: [T(1, 4, 6, 6), T(4, 1, 3, 3)], flops: 1152 },
  // Transposed, input spatial: 1x2x4x4, weight 2x3x2x2 stride 2 -> 1x3x8x8: 2*1*24*16 + bias 3*64 = 768 + 192.
  'conv_transpose2d': { op: 'aten::_convolution', f: (x) => convT.call(x), inputs: [T(1, 2, 4, 4)], flops: 768 + 192 },
  // padding='same': 1x2x5x5, weight 3x2x3x3 -> 1x3x5x5: 2*(3*2*9)*25 = 2700.
  "conv2d padding 'same'": { op: 'aten::_convolution_mode', f: (x, w) => F.conv2d(x, w, null, 1, 'same'), inputs: [T(1, 2, 5, 5), T(3, 2, 3, 3)], flops: 2700 },
  // Linear 2x5x8 -> 6 with bias: 2*(2*5*8)*6 + 2*5*6 = 960 + 60.
  'linear with bias': { op: 'aten::linear', f: (x, w, b) => F.linear(x, w, b), inputs: [T(2, 5, 8), T(6, 8), T(6)], flops: 1020 },
  // Broadcast matmul [2,1,4,5] @ [3,5,6] -> [2,3,4,6] (144 outputs), k = 5: 2*144*5 = 1440.
  'matmul, broadcast batches': { op: 'aten::matmul', f: (a, b) => F.matmul(a, b), inputs: [T(2, 1, 4, 5), T(3, 5, 6)], flops: 1440 },
  // [4,5] @ [5,3]: 2*4*5*3 = 120.
  mm: { op: 'aten::mm', f: (a, b) => F.mm(a, b), inputs: [T(4, 5), T(5, 3)], flops: 120 },
  // [2,4,5] @ [2,5,3]: 2*2*4*5*3 = 240.
  bmm: { op: 'aten::bmm', f: (a, b) => F.bmm(a, b), inputs: [T(2, 4, 5), T(2, 5, 3)], flops: 240 },
  // 2*4*5*3 + bias add 4*3 = 120 + 12.
  addmm: { op: 'aten::addmm', f: (c, a, b) => F.addmm(c, a, b), inputs: [T(3), T(4, 5), T(5, 3)], flops: 132 },
  // beta 0.5 and alpha 2 each multiply the 12 outputs: 132 + 12 + 12.
  'addmm with beta and alpha': { op: 'aten::addmm', f: (c, a, b) => F.addmm(c, a, b, 0.5, 2), inputs: [T(3), T(4, 5), T(5, 3)], flops: 156 },
  // 2*2*4*5*3 + 2*4*3 adds = 240 + 24.
  baddbmm: { op: 'aten::baddbmm', f: (c, a, b) => F.baddbmm(c, a, b), inputs: [T(2, 4, 3), T(2, 4, 5), T(2, 5, 3)], flops: 264 },
  // 'ntc,ntd->ncd' [2,5,4],[2,5,3]: 2*(2*5*4*3) = 240.
  'einsum (bmm-like)': { op: 'aten::einsum', f: (a, b) => F.einsum('ntc,ntd->ncd', a, b), inputs: [T(2, 5, 4), T(2, 5, 3)], flops: 240 },
  // 'ij,jk->ik' [4,5],[5,3]: numpy's optimal path, 2*4*5*3 = 120.
  'einsum (general)': { op: 'aten::einsum', f: (a, b) => F.einsum('ij,jk->ik', a, b), inputs: [T(4, 5), T(5, 3)], flops: 120 },
  // Bilinear(3, 4, 5) on [2,3],[2,4]: per output (3*4 + 3) multiply-adds: 2*10*15 + bias 10 = 310.
  bilinear: { op: 'aten::bilinear', f: (a, b) => bilinear.call(a, b), inputs: [T(2, 3), T(2, 4)], flops: 310 },
  // Batch norm, batch statistics, affine, [2,3,4,4] (96): 5*96 = 480.
  'batch_norm (training)': { op: 'aten::batch_norm', f: (x, w, b, m, v) => F.batchNorm(x, m!, v!, w, b, true), inputs: [T(2, 3, 4, 4), T(3), T(3), T(3), T(3)], flops: 480 },
  // Running statistics folded into a scale and shift: 2*96 = 192.
  'batch_norm (eval)': { op: 'aten::batch_norm', f: (x, w, b, m, v) => F.batchNorm(x, m!, v!, w, b, false), inputs: [T(2, 3, 4, 4), T(3), T(3), T(3), T(3)], flops: 192 },
  // Layer norm over 8 of [2,5,8] (80), affine: 5*80 = 400.
  layer_norm: { op: 'aten::layer_norm', f: (x, w, b) => F.layerNorm(x, [8], w, b), inputs: [T(2, 5, 8), T(8), T(8)], flops: 400 },
  // Group norm without affine on [2,4,3,3] (72): 4*72 = 288.
  group_norm: { op: 'aten::group_norm', f: (x) => F.groupNorm(x, 2), inputs: [T(2, 4, 3, 3)], flops: 288 },
  // Instance norm, batch statistics, no affine, [2,3,4,4]: 4*96 = 384.
  instance_norm: { op: 'aten::instance_norm', f: (x) => new nn.InstanceNorm2d(3).call(x), inputs: [T(2, 3, 4, 4)], flops: 384 },
  // 2-norm over dim 1 of [3,4]: square 12, adds 3*3, roots 3: 2*12 = 24.
  'norm (p=2, dim)': { op: 'aten::norm', f: (x) => F.norm(x, 2, 1), inputs: [T(3, 4)], flops: 24 },
  frobenius_norm: { op: 'aten::frobenius_norm', f: (x) => F.norm(x), inputs: [T(3, 4)], flops: 24 },
  // [2,8] vs [2,8] over dim 1: three dot products and the normalisation: 6*16 + 2 = 98.
  cosine_similarity: { op: 'aten::cosine_similarity', f: (a, b) => F.cosineSimilarity(a, b), inputs: [T(2, 8), T(2, 8)], flops: 98 },
  // subtract, eps, |.|^p, sum and root over 8: 4*16 = 64.
  pairwise_distance: { op: 'aten::pairwise_distance', f: (a, b) => F.pairwiseDistance(a, b), inputs: [T(2, 8), T(2, 8)], flops: 64 },
  // Max pool 3x3 stride 2 of [1,2,7,7] -> [1,2,3,3]: 8 compares * 18 = 144.
  max_pool2d: { op: 'aten::max_pool2d', f: (x) => F.maxPool2d(x, 3, 2), inputs: [T(1, 2, 7, 7)], flops: 144 },
  max_pool2d_with_indices: { op: 'aten::max_pool2d_with_indices', f: (x) => F.maxPool2dWithIndices(x, 3, 2), inputs: [T(1, 2, 7, 7)], flops: 144 },
  // Max pool 1-D, kernel 2 on [1,2,6] -> [1,2,3]: 1 compare * 6 = 6.
  max_pool1d: { op: 'aten::max_pool1d', f: (x) => F.maxPool1d(x, 2), inputs: [T(1, 2, 6)], flops: 6 },
  // Avg pool 2x2 of [1,2,4,4] -> [1,2,2,2]: (3 adds + 1 divide) * 8 = 32.
  avg_pool2d: { op: 'aten::avg_pool2d', f: (x) => F.avgPool2d(x, 2), inputs: [T(1, 2, 4, 4)], flops: 32 },
  // Avg pool 3-D, kernel 2 on [1,1,4,4,4] -> 8 outputs: 8 * 8 = 64.
  avg_pool3d: { op: 'aten::avg_pool3d', f: (x) => F.avgPool3d(x, 2), inputs: [T(1, 1, 4, 4, 4)], flops: 64 },
  // Adaptive avg 5x5 -> 2x2: windows per dim [0,3) and [2,5): 3 + 3 = 6; 6*6 = 36 per channel, 2 channels: 72.
  adaptive_avg_pool2d: { op: 'aten::adaptive_avg_pool2d', f: (x) => F.adaptiveAvgPool2d(x, 2), inputs: [T(1, 2, 5, 5)], flops: 72 },
  // Adaptive max: the same windows, one compare fewer per output: 72 - 8 = 64.
  adaptive_max_pool2d: { op: 'aten::adaptive_max_pool2d', f: (x) => F.adaptiveMaxPool2d(x, 2), inputs: [T(1, 2, 5, 5)], flops: 64 },
  // Adaptive avg 1-D 7 -> 3: windows [0,3), [2,5), [4,7): 9 per channel, 2 channels: 18.
  adaptive_avg_pool1d: { op: 'aten::adaptive_avg_pool1d', f: (x) => F.adaptiveAvgPool1d(x, 3), inputs: [T(1, 2, 7)], flops: 18 },
  // Bilinear x2 of [1,2,3,3] -> [1,2,6,6] (72): 11 * 72 = 792.
  upsample_bilinear2d: { op: 'aten::upsample_bilinear2d', f: (x) => F.interpolate(x, null, 2, 'bilinear', false), inputs: [T(1, 2, 3, 3)], flops: 792 },
  // Linear x2 of [1,2,4] -> [1,2,8] (16): 5 * 16 = 80.
  upsample_linear1d: { op: 'aten::upsample_linear1d', f: (x) => F.interpolate(x, null, 2, 'linear', false), inputs: [T(1, 2, 4)], flops: 80 },
  // Bicubic x2 of [1,1,2,2] -> 16 outputs: 259 * 16 = 4144.
  upsample_bicubic2d: { op: 'aten::upsample_bicubic2d', f: (x) => F.interpolate(x, null, 2, 'bicubic', false), inputs: [T(1, 1, 2, 2)], flops: 4144 },
  // Trilinear x2 of [1,1,2,2,2] -> 64 outputs: 31 * 64 = 1984.
  upsample_trilinear3d: { op: 'aten::upsample_trilinear3d', f: (x) => F.interpolate(x, null, 2, 'trilinear', false), inputs: [T(1, 1, 2, 2, 2)], flops: 1984 },
  // Nearest copies: 0.
  upsample_nearest2d: { op: 'aten::upsample_nearest2d', f: (x) => F.interpolate(x, null, 2), inputs: [T(1, 1, 2, 2)], flops: 0 },
  // Bilinear sampling [1,2,4,4] at a 3x3 grid -> [1,2,3,3] (18): 11 * 18 = 198.
  grid_sampler: { op: 'aten::grid_sampler', f: (x, g) => F.gridSample(x, g!), inputs: [T(1, 2, 4, 4), T(1, 3, 3, 2)], flops: 198 },
  // Fold [1, 2*2*2, 9] into 4x4 with 2x2 patches: every column element added: 72.
  col2im: { op: 'aten::col2im', f: (x) => F.fold(x, 4, 2), inputs: [T(1, 8, 9)], flops: 72 },
  // Elementwise [2,3] with [3]: one per output, 6.
  add: { op: 'aten::add', f: (a, b) => F.add(a, b), inputs: [T(2, 3), T(3)], flops: 6 },
  add_: { op: 'aten::add_', f: (a, b) => F.add_(F.clone(a), b), inputs: [T(2, 3), T(3)], flops: 6 },
  sub: { op: 'aten::sub', f: (a, b) => F.sub(a, b), inputs: [T(2, 3), T(3)], flops: 6 },
  rsub: { op: 'aten::rsub', f: (a) => F.rsub(a, 1), inputs: [T(2, 3)], flops: 6 },
  mul: { op: 'aten::mul', f: (a, b) => F.mul(a, b), inputs: [T(2, 3), T(3)], flops: 6 },
  mul_: { op: 'aten::mul_', f: (a, b) => F.mul_(F.clone(a), b), inputs: [T(2, 3), T(3)], flops: 6 },
  div: { op: 'aten::div', f: (a, b) => F.div(a, b), inputs: [T(2, 3), T(3)], flops: 6 },
  div_: { op: 'aten::div_', f: (a, b) => F.div_(F.clone(a), b), inputs: [T(2, 3), T(3)], flops: 6 },
  pow: { op: 'aten::pow', f: (a) => F.pow(a, 2), inputs: [T(2, 3)], flops: 6 },
  remainder: { op: 'aten::remainder', f: (a, b) => F.remainder(a, b), inputs: [T(2, 3), T(2, 3)], flops: 6 },
  floor_divide: { op: 'aten::floor_divide', f: (a) => F.floorDivide(a, 2), inputs: [T(2, 3)], flops: 6 },
  eq: { op: 'aten::eq', f: (a, b) => F.eq(a, b), inputs: [T(2, 3), T(2, 3)], flops: 6 },
  ne: { op: 'aten::ne', f: (a, b) => F.ne(a, b), inputs: [T(2, 3), T(2, 3)], flops: 6 },
  gt: { op: 'aten::gt', f: (a, b) => F.gt(a, b), inputs: [T(2, 3), T(2, 3)], flops: 6 },
  lt: { op: 'aten::lt', f: (a, b) => F.lt(a, b), inputs: [T(2, 3), T(2, 3)], flops: 6 },
  le: { op: 'aten::le', f: (a, b) => F.le(a, b), inputs: [T(2, 3), T(2, 3)], flops: 6 },
  ge: { op: 'aten::ge', f: (a, b) => F.ge(a, b), inputs: [T(2, 3), T(2, 3)], flops: 6 },
  logical_or: { op: 'aten::logical_or', f: (a, b) => F.logicalOr(a, b), inputs: [B(2, 3), B(2, 3)], flops: 6 },
  bitwise_or_: { op: 'aten::bitwise_or_', f: (a, b) => F.bitwiseOr_(F.clone(a), b), inputs: [B(2, 3), B(2, 3)], flops: 6 },
  // One select per output element of [2,3].
  where: { op: 'aten::where', f: (c, a, b) => F.where(c, a, b), inputs: [B(2, 3), T(2, 3), T(2, 3)], flops: 6 },
  masked_fill: { op: 'aten::masked_fill', f: (a, m) => F.maskedFill(a, m, 0), inputs: [T(2, 3), B(2, 3)], flops: 6 },
  masked_fill_: { op: 'aten::masked_fill_', f: (a, m) => F.maskedFill_(F.clone(a), m, 0), inputs: [T(2, 3), B(2, 3)], flops: 6 },
  // Two bounds: 2 compares * 6; one bound: 6.
  'clamp (two bounds)': { op: 'aten::clamp', f: (a) => F.clamp(a, 0, 1), inputs: [T(2, 3)], flops: 12 },
  'clamp (one bound)': { op: 'aten::clamp', f: (a) => F.clamp(a, 0), inputs: [T(2, 3)], flops: 6 },
  clamp_min: { op: 'aten::clamp_min', f: (a) => F.clampMin(a, 0), inputs: [T(2, 3)], flops: 6 },
  // index_add_ of a [4,3] source: 12 adds.
  index_add_: { op: 'aten::index_add_', f: (x, i, s) => F.indexAdd_(F.clone(x), 0, i!, s!), inputs: [T(5, 3), I(4), T(4, 3)], flops: 12 },
  // Activations on [2,3] (6 elements), FLOPs per element as the formula's elementary operations.
  relu: { op: 'aten::relu', f: (x) => F.relu(x), inputs: [T(2, 3)], flops: 1 * 6 },
  relu_: { op: 'aten::relu_', f: (x) => F.relu(F.clone(x), true), inputs: [T(2, 3)], flops: 1 * 6 },
  hardtanh: { op: 'aten::hardtanh', f: (x) => F.hardtanh(x), inputs: [T(2, 3)], flops: 2 * 6 },
  leaky_relu: { op: 'aten::leaky_relu', f: (x) => F.leakyRelu(x), inputs: [T(2, 3)], flops: 2 * 6 },
  prelu: { op: 'aten::prelu', f: (x) => prelu.call(x), inputs: [T(2, 3)], flops: 2 * 6 },
  rrelu: { op: 'aten::rrelu', f: (x) => F.rrelu(x), inputs: [T(2, 3)], flops: 2 * 6 },
  threshold: { op: 'aten::threshold', f: (x) => F.threshold(x, 0.1, 0), inputs: [T(2, 3)], flops: 1 * 6 },
  hardshrink: { op: 'aten::hardshrink', f: (x) => F.hardshrink(x), inputs: [T(2, 3)], flops: 2 * 6 },
  softshrink: { op: 'aten::softshrink', f: (x) => F.softshrink(x), inputs: [T(2, 3)], flops: 3 * 6 },
  elu: { op: 'aten::elu', f: (x) => F.elu(x), inputs: [T(2, 3)], flops: 4 * 6 },
  celu: { op: 'aten::celu', f: (x) => F.celu(x), inputs: [T(2, 3)], flops: 5 * 6 },
  selu: { op: 'aten::selu', f: (x) => F.selu(x), inputs: [T(2, 3)], flops: 5 * 6 },
  sigmoid: { op: 'aten::sigmoid', f: (x) => F.sigmoid(x), inputs: [T(2, 3)], flops: 4 * 6 },
  silu: { op: 'aten::silu', f: (x) => F.silu(x), inputs: [T(2, 3)], flops: 5 * 6 },
  hardsigmoid: { op: 'aten::hardsigmoid', f: (x) => F.hardsigmoid(x), inputs: [T(2, 3)], flops: 4 * 6 },
  hardswish: { op: 'aten::hardswish', f: (x) => F.hardswish(x), inputs: [T(2, 3)], flops: 5 * 6 },
  log_sigmoid: { op: 'aten::log_sigmoid', f: (x) => F.logsigmoid(x), inputs: [T(2, 3)], flops: 5 * 6 },
  softplus: { op: 'aten::softplus', f: (x) => F.softplus(x), inputs: [T(2, 3)], flops: 6 * 6 },
  mish: { op: 'aten::mish', f: (x) => F.mish(x), inputs: [T(2, 3)], flops: 6 * 6 },
  tanh: { op: 'aten::tanh', f: (x) => F.tanh(x), inputs: [T(2, 3)], flops: 1 * 6 },
  exp: { op: 'aten::exp', f: (x) => F.exp(x), inputs: [T(2, 3)], flops: 1 * 6 },
  erf: { op: 'aten::erf', f: (x) => F.erf(x), inputs: [T(2, 3)], flops: 1 * 6 },
  neg: { op: 'aten::neg', f: (x) => F.neg(x), inputs: [T(2, 3)], flops: 1 * 6 },
  abs: { op: 'aten::abs', f: (x) => F.abs(x), inputs: [T(2, 3)], flops: 1 * 6 },
  // Exact GELU: 0.5 x (1 + erf(x / sqrt 2)), 5 per element; tanh form 9.
  gelu: { op: 'aten::gelu', f: (x) => F.gelu(x), inputs: [T(2, 3)], flops: 5 * 6 },
  'gelu (tanh)': { op: 'aten::gelu', f: (x) => F.gelu(x, 'tanh'), inputs: [T(2, 3)], flops: 9 * 6 },
  // GLU halves [2,4] -> [2,2]: (sigmoid 4 + multiply 1) * 4 = 20.
  glu: { op: 'aten::glu', f: (x) => F.glu(x), inputs: [T(2, 4)], flops: 20 },
  // Softmax over rows of 5, 2 rows: (5*5 - 2) * 2 = 46; log_softmax (5*5 - 1) * 2 = 48.
  softmax: { op: 'aten::softmax', f: (x) => F.softmax(x, -1), inputs: [T(2, 5)], flops: 46 },
  log_softmax: { op: 'aten::log_softmax', f: (x) => F.logSoftmax(x, 1), inputs: [T(2, 5)], flops: 48 },
  // A uniform draw compared with p per element of [2,3].
  bernoulli_: { op: 'aten::bernoulli_', f: (x) => F.bernoulli_(F.clone(x), 0.5), inputs: [T(2, 3)], flops: 6 },
  // Dropout in training on [2,3]: draw 6 + scale 6 + multiply 6 = 18; eval 0.
  'dropout (training)': { op: 'aten::dropout', f: (x) => F.dropout(x, 0.5, true), inputs: [T(2, 3)], flops: 18 },
  'dropout (eval)': { op: 'aten::dropout', f: (x) => F.dropout(x, 0.5, false), inputs: [T(2, 3)], flops: 0 },
  // Feature dropout on [2,3,4,4]: noise per channel (6): 2*6 + 96 = 108.
  feature_dropout: { op: 'aten::feature_dropout', f: (x) => F.dropout2d(x, 0.5, true), inputs: [T(2, 3, 4, 4)], flops: 108 },
  // Alpha dropout on [2,3]: 5*6 (noise) + 2*6 (apply) = 42.
  alpha_dropout: { op: 'aten::alpha_dropout', f: (x) => F.alphaDropout(x, 0.5, true), inputs: [T(2, 3)], flops: 42 },
  // Feature alpha dropout on [2,3,4,4]: 5*6 + 2*96 = 222.
  feature_alpha_dropout: { op: 'aten::feature_alpha_dropout', f: (x) => F.featureAlphaDropout(x, 0.5, true), inputs: [T(2, 3, 4, 4)], flops: 222 },
  // Reductions of [3,4]: over dim 1, 12 - 3 adds; everything, 12 - 1; mean 9 adds + 3 divides.
  'sum (dim)': { op: 'aten::sum', f: (x) => F.sum(x, 1), inputs: [T(3, 4)], flops: 9 },
  'sum (all)': { op: 'aten::sum', f: (x) => F.sum(x), inputs: [T(3, 4)], flops: 11 },
  mean: { op: 'aten::mean', f: (x) => F.mean(x, 1), inputs: [T(3, 4)], flops: 12 },
  amax: { op: 'aten::amax', f: (x) => F.amax(x, 1), inputs: [T(3, 4)], flops: 9 },
  'max (dim)': { op: 'aten::max', f: (x) => F.max(x, 1)[0], inputs: [T(3, 4)], flops: 9 },
  'max (all)': { op: 'aten::max', f: (x) => F.max(x), inputs: [T(3, 4)], flops: 11 },
  'max (other)': { op: 'aten::max', f: (a, b) => F.max(a, b!), inputs: [T(3, 4), T(3, 4)], flops: 12 },
  'min (dim)': { op: 'aten::min', f: (x) => F.min(x, 1)[0], inputs: [T(3, 4)], flops: 9 },
  argmax: { op: 'aten::argmax', f: (x) => F.argmax(x, 1), inputs: [T(3, 4)], flops: 9 },
  argmin: { op: 'aten::argmin', f: (x) => F.argmin(x), inputs: [T(3, 4)], flops: 11 },
  // 3 rows of 4: 3 adds each.
  cumsum: { op: 'aten::cumsum', f: (x) => F.cumsum(x, 1), inputs: [T(3, 4)], flops: 9 },
  // 3 rows of 4: 4 * ceil(log2 4) = 8 compares each.
  sort: { op: 'aten::sort', f: (x) => F.sort(x)[0], inputs: [T(3, 4)], flops: 24 },
  // 3 rows of 8, k = 3: 8 * ceil(log2 3) = 16 compares each.
  topk: { op: 'aten::topk', f: (x) => F.topk(x, 3)[0], inputs: [T(3, 8)], flops: 48 },
  // LSTM(3, 4), T=5, N=2 (10 steps): per step 2*16*3 + 2*16*4 (products) + 16 (their sum) + 32 (two biases) + 18*4 (gates, cell) = 344.
  lstm: { op: 'aten::lstm', f: (x) => lstm.call(x), inputs: [T(5, 2, 3)], flops: 3440 },
  // Bidirectional: twice.
  'lstm (bidirectional)': { op: 'aten::lstm', f: (x) => lstmBi.call(x), inputs: [T(5, 2, 3)], flops: 6880 },
  // proj_size 2: w_hh [16,2]: 2*16*3 + 2*16*2 + 16 + 32 + 72 + projection 2*2*4 = 296 per step.
  'lstm (proj_size)': { op: 'aten::lstm', f: (x) => lstmProj.call(x), inputs: [T(5, 2, 3)], flops: 2960 },
  // GRU(3, 4) without bias: 2*12*3 + 2*12*4 + 12 + 14*4 = 236 per step.
  gru: { op: 'aten::gru', f: (x) => gruNoBias.call(x), inputs: [T(5, 2, 3)], flops: 2360 },
  // RNN tanh(3, 4): 2*4*3 + 2*4*4 + 4 + 8 (biases) + 4 (tanh) = 72 per step.
  rnn_tanh: { op: 'aten::rnn_tanh', f: (x) => rnnTanh.call(x), inputs: [T(5, 2, 3)], flops: 720 },
  // RNN relu, 2 layers: layer 0 as above (72), layer 1 input 4: 2*4*4 + 2*4*4 + 4 + 8 + 4 = 80; 152 per step.
  rnn_relu: { op: 'aten::rnn_relu', f: (x) => rnnRelu.call(x), inputs: [T(5, 2, 3)], flops: 1520 },
  // Embedding lookups move rows: 0.
  embedding: { op: 'aten::embedding', f: (i, w) => F.embedding(i, w!), inputs: [I(2, 3), T(10, 4)], flops: 0 },
  // max_norm renormalises each of the 6 looked-up rows of 4: 3*4 + 2 = 14 each: 84.
  embedding_renorm_: { op: 'aten::embedding_renorm_', f: (i, w) => F.embedding(i, w!, { maxNorm: 1 }), inputs: [I(2, 3), T(10, 4)], flops: 84 },
  // Bags of 3 rows of 4 (2 bags): 24 accumulated; mean divides the 2*4 outputs too.
  'embedding_bag (sum)': { op: 'aten::embedding_bag', f: (i, w) => F.embeddingBag(i, w!, null, { mode: 'sum' }), inputs: [I(2, 3), T(10, 4)], flops: 24 },
  'embedding_bag (mean)': { op: 'aten::embedding_bag', f: (i, w) => F.embeddingBag(i, w!), inputs: [I(2, 3), T(10, 4)], flops: 32 },
  // nn.CrossMapLRN2d(3) on [1,4,2,2] (16): square, running add and subtract, scale, shift, power, multiply: 7 * 16.
  CrossMapLRN2d: { op: 'prim::PythonOp.CrossMapLRN2d', f: (x) => crossMapLrn.call(x), inputs: [T(1, 4, 2, 2)], flops: 112 },
};

for (const [name, c] of Object.entries(CASES)) costs(name, () => check(name, c));

costs('the unary primitives cost 1 per element', () => {
  const unary: readonly [string, (x: Tensor) => Tensor][] = [
    ['sqrt', F.sqrt], ['rsqrt', F.rsqrt], ['log', F.log], ['sin', F.sin], ['cos', F.cos], ['sign', F.sign], ['floor', F.floor], ['round', F.round],
  ];
  // [2,3]: 6 elements, one primitive each.
  for (const [op, f] of unary) check(op, { op: `aten::${op}`, f: (x) => f(x), inputs: [T(2, 3)], flops: 6 });
});

costs.run();

// ------------------------------------------------------------ no op without a rule

const coverage = suite('full: every op has a rule');

/** Asserts every op of one traced call has a rule under `full`, naming any that has none. */
function assertAllCosted(what: string, model: Module, inputs: readonly TraceInput[]): void {
  const trace = traceModel(model, inputs);
  const missing = opsWithoutFullRule(trace);
  assert.equal([...missing.keys()], [], `${what}: ops without a rule under full: ${[...missing.keys()].join(', ')}`);
  // The analyzer agrees: nothing unsupported, and a positive total.
  const fa = fullFlopAnalyzer(trace);
  assert.equal([...fa.unsupportedOps().keys()], [], `${what}: unsupported under fullFlopAnalyzer`);
  assert.ok(fa.total() > 0n, `${what}: a positive total`);
}

coverage('every op the library can emit (knownOps) is in exactly one table', () => {
  const kinds = new Set(knownOps().map((q) => opSchema(q).kind));
  const without = [...kinds].filter((k) => !Object.hasOwn(FULL_FLOP_HANDLES, k) && !FULL_ZERO_COST_OPS.has(k));
  assert.equal(without, [], `ops without a rule: ${without.join(', ')}`);
  const both = [...kinds].filter((k) => Object.hasOwn(FULL_FLOP_HANDLES, k) && FULL_ZERO_COST_OPS.has(k));
  assert.equal(both, [], `ops in both tables: ${both.join(', ')}`);
  // The two ops nn records under schemas of its own (nn/functional/conv.ts, norm.ts).
  for (const own of ['aten::_convolution_mode', 'prim::PythonOp.CrossMapLRN2d']) assert.ok(Object.hasOwn(FULL_FLOP_HANDLES, own), own);
});

const IMAGE_ZOO = Object.keys(ZOO).filter((n) => ZOO[n]!.inputDtype === undefined);

coverage('the 92 torchvision zoo models: no op without a rule', () => {
  assert.is(IMAGE_ZOO.length, 92);
  for (const name of IMAGE_ZOO) {
    const entry = ZOO[name]!;
    assertAllCosted(name, entry.build(), [new Tensor([1, ...entry.inputShape])]);
  }
});

const ids = (batch: number, tokens: number): Tensor => new Tensor([batch, tokens], 'int64');

coverage('the language models, prefill and decode with past: no op without a rule', () => {
  assertAllCosted('gpt2', gpt2(), [ids(1, 8)]);
  assertAllCosted('bert_base_uncased', bert_base_uncased(), [ids(1, 8)]);
  for (const [name, build] of [['llama3_8b', llama3_8b], ['mixtral_8x7b', mixtral_8x7b]] as const) {
    assertAllCosted(name, build(), [ids(1, 8)]);
    const model: LlamaForCausalLM = build();
    assertAllCosted(`${name} decode`, model, [ids(1, 1), model.makeKVCache(1, 8)]);
  }
  const g = gpt2();
  assertAllCosted('gpt2 decode', g, [ids(1, 1), g.makeKVCache(1, 8)]);
});

const LAYER_CASES: readonly [string, () => Module, readonly unknown[]][] = [
  ['layer_zoo_conv', layerZooConv, convInputs],
  ['layer_zoo_pool_pad', layerZooPoolPad, poolInputs],
  ['layer_zoo_act', layerZooAct, actInputs],
  ['layer_zoo_norm', layerZooNorm, normInputs],
  ['layer_zoo_rnn', layerZooRnn, rnnInputs],
  ['layer_zoo_transformer', layerZooTransformer, transformerInputs],
  ['layer_zoo_misc', layerZooMisc, miscInputs],
  ['tensor_ops', tensorOps, tensorOpsInputs],
  ['op_zoo', opZoo, opZooInputs],
  ['tools: lenet5_b1024', lenet5, lenet5Inputs],
  ['tools: lstm_lm', lstmLm, lstmLmInputs],
];

coverage('the layer examples, in training and in eval mode: no op without a rule', () => {
  for (const [name, build, inputs] of LAYER_CASES) {
    const values = resolveInputValues({ inputs: inputs as never });
    assertAllCosted(name, build().train(), values);
    assertAllCosted(`${name} (eval)`, build().eval(), values);
  }
});

coverage.run();
