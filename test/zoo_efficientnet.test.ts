// torchvision's EfficientNet family: default input sizes, block FLOPs and
// activations derived by hand from docs/counting-rules.md, and reprs. Parameter counts and
// analysis in both modes: zoo_all.test.ts.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ZOO_ENTRIES, efficientnet_b0, efficientnet_v2_s } from '../models/efficientnet.js';
import { analyzers, opsIn } from './helpers.js';

const t = suite('zoo_efficientnet');

t('default inputs are the crop sizes of the default weights', () => {
  const sizes = Object.fromEntries(Object.entries(ZOO_ENTRIES).map(([n, e]) => [n, e.inputShape[1]]));
  assert.equal(sizes, {
    efficientnet_b0: 224, efficientnet_b1: 240, efficientnet_b2: 288, efficientnet_b3: 300,
    efficientnet_b4: 380, efficientnet_b5: 456, efficientnet_b6: 528, efficientnet_b7: 600,
    efficientnet_v2_s: 384, efficientnet_v2_m: 480, efficientnet_v2_l: 480,
  });
});

t('b0 features.1.0 (MBConv, expand 1, no residual) by hand, training mode', () => {
  const [flops, acts] = analyzers(efficientnet_b0(), [3, 224, 224]);
  // The stem (3x3, stride 2) leaves 32 x 112 x 112.
  const hw = 112 * 112;
  // conv = N * Cout * (Cin/groups) * kh * kw * Hout * Wout; training batch_norm = 5 * numel.
  const dw = 32 * (32 / 32) * 3 * 3 * hw + 5 * 32 * hw;
  // SE: adaptive_avg_pool2d = numel(in); fc1 32->8 and fc2 8->32 are 1x1 convs on 1x1.
  const se = 32 * hw + 8 * 32 + 32 * 8;
  const project = 16 * 32 * hw + 5 * 16 * hw;
  assert.is(flops.byModule().get('features.1.0.block.0'), BigInt(dw));
  assert.is(flops.byModule().get('features.1.0.block.1'), BigInt(se));
  assert.is(flops.byModule().get('features.1.0.block.2'), BigInt(project));
  assert.is(flops.byModule().get('features.1.0'), BigInt(dw + se + project));
  // Activations: conv outputs only.
  assert.is(acts.byModule().get('features.1.0'), BigInt(32 * hw + 8 + 32 + 16 * hw));
  // Not a residual block: its stochastic depth never runs.
  assert.ok(flops.uncalledModules().has('features.1.0.stochastic_depth'));
});

t('b0 features.2.1 (MBConv with residual) by hand, eval mode', () => {
  const model = efficientnet_b0();
  model.eval();
  const [flops, acts] = analyzers(model, [3, 224, 224]);
  // features.2.0 has stride 2: 24 x 56 x 56 in, expand 6 -> 144 channels.
  const hw = 56 * 56;
  const expand = 144 * 24 * hw + 2 * 144 * hw; // eval batch_norm = 2 * numel
  const dw = 144 * 1 * 3 * 3 * hw + 2 * 144 * hw;
  const se = 144 * hw + 6 * 144 + 144 * 6; // squeeze = max(1, 24 // 4) = 6
  const project = 24 * 144 * hw + 2 * 24 * hw;
  assert.is(flops.byModule().get('features.2.1'), BigInt(expand + dw + se + project));
  assert.is(acts.byModule().get('features.2.1'), BigInt(144 * hw + 144 * hw + 6 + 144 + 24 * hw));
  // The residual add_ is unsupported and belongs to the block itself.
  assert.is(flops.unsupportedOps('features.2.1').get('aten::add_'), 1);
  // Eval: stochastic depth returns its input without an op.
  assert.ok(flops.uncalledModules().has('features.2.1.stochastic_depth'));
});

t('b0 training: residual stochastic depth draws noise (empty, bernoulli_, div_, mul)', () => {
  const [flops] = analyzers(efficientnet_b0(), [3, 224, 224]);
  assert.not.ok(flops.uncalledModules().has('features.2.1.stochastic_depth'));
  // Row mode reads the batch size first (aten::size, aten::Int), as in swin_t's golden.
  assert.equal(opsIn(flops, 'features.2.1.stochastic_depth'), ['aten::size', 'aten::Int', 'aten::empty', 'aten::bernoulli_', 'aten::div_', 'aten::mul']);
  const unsupported = flops.unsupportedOps('features.2.1');
  assert.is(unsupported.get('aten::add_'), 1 + 3); // residual + num_batches_tracked of the 3 batch norms
  assert.is(unsupported.get('aten::mul'), 2); // SE scale, stochastic depth
});

t('v2_s features.2.0 (FusedMBConv, expand 4, stride 2) by hand, training mode', () => {
  const [flops, acts] = analyzers(efficientnet_v2_s(), [3, 384, 384]);
  // Stem stride 2 and stride-1 stage 1 leave 24 x 192 x 192; this block halves it.
  const hw = 96 * 96;
  const fused = 96 * 24 * 3 * 3 * hw + 5 * 96 * hw;
  const project = 48 * 96 * hw + 5 * 48 * hw;
  assert.is(flops.byModule().get('features.2.0'), BigInt(fused + project));
  assert.is(acts.byModule().get('features.2.0'), BigInt(96 * hw + 48 * hw));
});

t('reprs: batch norm settings per variant, dropout, StochasticDepth as PyTorch prints it', () => {
  const b0 = efficientnet_b0();
  assert.is(
    b0.getSubmodule('features.0.1').toString(),
    'BatchNorm2d(32, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)',
  );
  assert.is(
    ZOO_ENTRIES.efficientnet_b7!.build().getSubmodule('features.0.1').toString(),
    'BatchNorm2d(64, eps=0.001, momentum=0.01, affine=True, track_running_stats=True)',
  );
  assert.is(
    efficientnet_v2_s().getSubmodule('features.0.1').toString(),
    'BatchNorm2d(24, eps=0.001, momentum=0.1, affine=True, track_running_stats=True)',
  );
  assert.is(b0.getSubmodule('classifier.0').toString(), 'Dropout(p=0.2, inplace=True)');
  // 0.2 * 2 / 16, and 0.2 * 3 / 16 as Python's float arithmetic prints it.
  assert.is(b0.getSubmodule('features.2.1.stochastic_depth').toString(), 'StochasticDepth(p=0.025, mode=row)');
  assert.is(b0.getSubmodule('features.3.0.stochastic_depth').toString(), 'StochasticDepth(p=0.037500000000000006, mode=row)');
  assert.ok(b0.toString().includes('\n        (stochastic_depth): StochasticDepth(p=0.0, mode=row)\n'));
  // extra_repr stays empty, as torchvision's StochasticDepth defines none.
  assert.is(b0.getSubmodule('features.2.1.stochastic_depth').extraRepr(), '');
});

t.run();
