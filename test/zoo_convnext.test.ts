// torchvision's ConvNeXt family: block FLOPs and activations derived by hand
// from docs/counting-rules.md and reprs as PyTorch 1.13 prints them. Parameter counts and
// analysis in both modes: zoo_all.test.ts.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze } from '../index.js';
import { convnext_base, convnext_tiny } from '../models/convnext.js';
import { analyzers, opsIn } from './helpers.js';

const t = suite('zoo_convnext');

t('tiny stem and features.1.0 (CNBlock, stochastic depth 0) by hand, training mode', () => {
  const [flops, acts] = analyzers(convnext_tiny(), [3, 224, 224]);
  const byModule = flops.byModule();
  // Stem: 4x4 stride-4 conv 3 -> 96 leaves 56 x 56; conv = N * Cout * (Cin/groups) * kh * kw * Hout * Wout.
  const hw = 56 * 56;
  const stemConv = 96 * 3 * 4 * 4 * hw;
  const stemNorm = 5 * 96 * hw; // layer_norm with weight = 5 * numel(in)
  assert.is(byModule.get('features.0.0'), BigInt(stemConv));
  assert.is(byModule.get('features.0.1'), BigInt(stemNorm));
  assert.is(byModule.get('features.0'), BigInt(stemConv + stemNorm));
  // CNBlock at 96 channels: depthwise 7x7, LayerNorm over channels last, Linear 96->384, Linear 384->96.
  const dw = 96 * (96 / 96) * 7 * 7 * hw;
  const ln = 5 * 96 * hw;
  const fc1 = 1 * 56 * 56 * 96 * 384; // linear = prod(x.shape) * out_features
  const fc2 = 1 * 56 * 56 * 384 * 96;
  assert.is(byModule.get('features.1.0.block.0'), BigInt(dw));
  assert.is(byModule.get('features.1.0.block.2'), BigInt(ln));
  assert.is(byModule.get('features.1.0.block.3'), BigInt(fc1));
  assert.is(byModule.get('features.1.0.block.5'), BigInt(fc2));
  assert.is(byModule.get('features.1.0'), BigInt(dw + ln + fc1 + fc2));
  // Activations: conv and linear outputs.
  assert.is(acts.byModule().get('features.1.0'), BigInt(96 * hw + 384 * hw + 96 * hw));
  // layer_scale * block(x) is aten::mul, the residual `+=` aten::add_, GELU aten::gelu: all unsupported.
  const unsupported = flops.unsupportedOps('features.1.0');
  assert.equal([...unsupported.entries()].sort(), [['aten::add_', 1], ['aten::gelu', 1], ['aten::mul', 1]]);
  assert.equal(opsIn(flops, 'features.1.0'), ['aten::mul', 'aten::add_']);
  // The first block's stochastic depth has p = 0 and returns its input without an op.
  assert.ok(flops.uncalledModules().has('features.1.0.stochastic_depth'));
  // Permute modules run aten::permute (ignored), so they are called.
  assert.equal(opsIn(flops, 'features.1.0.block.1'), ['aten::permute']);
  assert.not.ok(flops.uncalledModules().has('features.1.0.block.1'));
});

t('tiny downsampling (LayerNorm2d + 2x2 stride-2 conv) and classifier by hand', () => {
  const [flops, acts] = analyzers(convnext_tiny(), [3, 224, 224]);
  const byModule = flops.byModule();
  // features.2: LayerNorm2d at 96 x 56 x 56, conv 96 -> 192 to 28 x 28.
  const ln = 5 * 96 * 56 * 56;
  const conv = 192 * 96 * 2 * 2 * 28 * 28;
  assert.is(byModule.get('features.2.0'), BigInt(ln));
  assert.is(byModule.get('features.2.1'), BigInt(conv));
  assert.is(acts.byModule().get('features.2'), BigInt(192 * 28 * 28));
  assert.equal(opsIn(flops, 'features.2.0'), ['aten::permute', 'aten::layer_norm', 'aten::permute']);
  // avgpool: adaptive_avg_pool2d = numel(in) on 768 x 7 x 7.
  assert.is(byModule.get('avgpool'), BigInt(768 * 7 * 7));
  // classifier: LayerNorm2d on 768 x 1 x 1, Flatten, Linear 768 -> 1000.
  assert.is(byModule.get('classifier.0'), BigInt(5 * 768));
  assert.is(byModule.get('classifier.2'), BigInt(768 * 1000));
  assert.is(acts.byModule().get('classifier'), 1000n);
  assert.equal(opsIn(flops, 'classifier.1'), ['aten::flatten']);
});

t('tiny training: stochastic depth of later blocks draws row noise', () => {
  const [flops] = analyzers(convnext_tiny(), [3, 224, 224]);
  const ops = flops.trace.nodes.filter((n) => n.scopes[n.scopes.length - 1] === 'features.1.1.stochastic_depth');
  // As torchvision's StochasticDepth traces in the reference (seen in swin_t's golden):
  // the batch size read for `[input.shape[0]] + [1] * (ndim - 1)`, then the noise.
  assert.equal(ops.map((n) => n.kind), ['aten::size', 'aten::Int', 'aten::empty', 'aten::bernoulli_', 'aten::div_', 'aten::mul']);
  // Row mode: one noise value per sample.
  assert.equal([...ops[2]!.outputs[0]!], [1, 1, 1, 1]);
  const unsupported = flops.unsupportedOps('features.1.1');
  assert.is(unsupported.get('aten::mul'), 2); // layer scale, stochastic depth
  assert.is(unsupported.get('aten::add_'), 1); // residual only: there is no batch norm
});

t('tiny eval: no stochastic depth ops, same FLOPs as training (no batch norm)', () => {
  const train = analyze(convnext_tiny(), [3, 224, 224]);
  const model = convnext_tiny();
  model.eval();
  const [flops] = analyzers(model, [3, 224, 224]);
  assert.ok(flops.uncalledModules().has('features.1.1.stochastic_depth'));
  assert.ok(flops.uncalledModules().has('features.7.2.stochastic_depth'));
  assert.is(flops.total(), train.flops);
});

t('structure: names, layer_scale parameter, stochastic depth probabilities, reprs', () => {
  const model = convnext_tiny();
  const names = [...model.namedParameters()].map(([n, p]) => [n, [...p.shape]] as const).slice(0, 8);
  assert.equal(names, [
    ['features.0.0.weight', [96, 3, 4, 4]],
    ['features.0.0.bias', [96]],
    ['features.0.1.weight', [96]],
    ['features.0.1.bias', [96]],
    ['features.1.0.layer_scale', [96, 1, 1]],
    ['features.1.0.block.0.weight', [96, 1, 7, 7]],
    ['features.1.0.block.0.bias', [96]],
    ['features.1.0.block.2.weight', [96]],
  ]);
  assert.is(
    model.getSubmodule('features.1.0').toString(),
    [
      'CNBlock(',
      '  (block): Sequential(',
      '    (0): Conv2d(96, 96, kernel_size=(7, 7), stride=(1, 1), padding=(3, 3), groups=96)',
      '    (1): Permute()',
      '    (2): LayerNorm((96,), eps=1e-06, elementwise_affine=True)',
      '    (3): Linear(in_features=96, out_features=384, bias=True)',
      "    (4): GELU(approximate='none')",
      '    (5): Linear(in_features=384, out_features=96, bias=True)',
      '    (6): Permute()',
      '  )',
      '  (stochastic_depth): StochasticDepth(p=0.0, mode=row)',
      ')',
    ].join('\n'),
  );
  assert.is(
    model.getSubmodule('features.0').toString(),
    [
      'Conv2dNormActivation(',
      '  (0): Conv2d(3, 96, kernel_size=(4, 4), stride=(4, 4))',
      '  (1): LayerNorm2d((96,), eps=1e-06, elementwise_affine=True)',
      ')',
    ].join('\n'),
  );
  assert.is(
    model.getSubmodule('features.2').toString(),
    [
      'Sequential(',
      '  (0): LayerNorm2d((96,), eps=1e-06, elementwise_affine=True)',
      '  (1): Conv2d(96, 192, kernel_size=(2, 2), stride=(2, 2))',
      ')',
    ].join('\n'),
  );
  assert.is(model.getSubmodule('classifier.1').toString(), 'Flatten(start_dim=1, end_dim=-1)');
  // sd_prob = 0.1 * stage_block_id / (18 - 1.0), printed as Python prints the float.
  assert.is(model.getSubmodule('features.1.1.stochastic_depth').toString(), 'StochasticDepth(p=0.0058823529411764705, mode=row)');
  assert.is(model.getSubmodule('features.1.2.stochastic_depth').toString(), 'StochasticDepth(p=0.011764705882352941, mode=row)');
  assert.is(model.getSubmodule('features.7.2.stochastic_depth').toString(), 'StochasticDepth(p=0.1, mode=row)');
  // base: 0.5 * 35 / 35.0 for the last of its 36 blocks.
  assert.is(convnext_base().getSubmodule('features.7.2.stochastic_depth').toString(), 'StochasticDepth(p=0.5, mode=row)');
  // Stages are features.1/3/5/7, downsamplings features.2/4/6.
  assert.equal([...model.getSubmodule('features')._modules.keys()], ['0', '1', '2', '3', '4', '5', '6', '7']);
});

t('a wrong input rank is a ShapeError naming the module', () => {
  try {
    analyze(convnext_tiny(), [3, 224]);
    assert.unreachable('should throw');
  } catch (e) {
    assert.is((e as Error).name, 'ShapeError');
  }
});

t.run();
