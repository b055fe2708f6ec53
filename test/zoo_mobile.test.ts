// The mobile CNN families (MobileNetV2, MobileNetV3, MNASNet, ShuffleNetV2):
// block costs derived by hand from the counting rules, eval against training
// per builder, and the mobilenet_v2 golden case. Parameter counts and analysis
// in both modes: zoo_all.test.ts.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  analyze,
  complexityStatsStr,
  complexityStatsTable,
  parameterCount,
  parameterCountTable,
} from '../index.js';
import type { ZooEntry } from '../models/index.js';
import * as mobilenetv2 from '../models/mobilenetv2.js';
import * as mobilenetv3 from '../models/mobilenetv3.js';
import * as mnasnet from '../models/mnasnet.js';
import * as shufflenetv2 from '../models/shufflenetv2.js';
import {
  assertModelMatchesGolden,
  assertModulesMatchGolden,
  assertOpsMatchGolden,
  goldenInput,
  type Golden,
} from './golden_check.js';
import { analyzers, fixture, get, opsIn, torchvisionParams } from './helpers.js';

const PARAMS = torchvisionParams();

/**
 * Per builder, beyond zoo_all.test.ts: with batch norms and nothing else
 * mode-dependent, eval costs strictly less than training and the activations
 * do not change.
 */
function evalVsTrainTests(t: ReturnType<typeof suite>, entries: Readonly<Record<string, ZooEntry>>): void {
  for (const [name, entry] of Object.entries(entries)) {
    t(`${name}: eval costs less than training, same activations`, () => {
      const model = entry.build();
      const train = analyze(model, entry.inputShape);
      model.eval();
      const ev = analyze(model, entry.inputShape);
      // BatchNorm costs 5x numel in training and 2x in eval; nothing else changes.
      assert.ok(ev.flops < train.flops);
      assert.is(ev.activations, train.activations);
    });
  }
}

// ---------------------------------------------------------------- MobileNetV2

const v2 = suite('mobilenet_v2');
evalVsTrainTests(v2, mobilenetv2.ZOO_ENTRIES);

v2('features.2 (16 -> 24, expand 6, stride 2) by hand, training mode', () => {
  const [f, a] = analyzers(mobilenetv2.mobilenet_v2(), [3, 224, 224]);
  // Input of features.2 is 1x16x112x112 (stem stride 2, features.1 stride 1); hidden = 16 * 6 = 96.
  const expand = 96 * 16 * 1 * 1 * 112 * 112; // conv: N * Cout * Cin/groups * kh * kw * Hout * Wout
  const bnExpand = 96 * 112 * 112 * 5; // batch_norm training, affine: 5 * numel
  const dw = 96 * 1 * 3 * 3 * 56 * 56; // depthwise, stride 2 -> 56x56
  const bnDw = 96 * 56 * 56 * 5;
  const project = 24 * 96 * 1 * 1 * 56 * 56;
  const bnProject = 24 * 56 * 56 * 5;
  assert.is(get(f.byModule(), 'features.2.conv.0.0'), BigInt(expand));
  assert.is(get(f.byModule(), 'features.2.conv.1'), BigInt(dw + bnDw));
  assert.is(get(f.byModule(), 'features.2'), BigInt(expand + bnExpand + dw + bnDw + project + bnProject));
  // Activations: conv outputs only.
  assert.is(get(a.byModule(), 'features.2'), BigInt(96 * 112 * 112 + 96 * 56 * 56 + 24 * 56 * 56));
  // No residual (stride 2): only the BatchNorms' add_ and the ReLU6s are unsupported.
  assert.equal(Object.fromEntries(f.unsupportedOps('features.2')), { 'aten::add_': 3, 'aten::hardtanh_': 2 });
});

v2('golden: every report field, the views, modules and traced ops', () => {
  const g = fixture<Golden>('golden/mobilenet_v2.json');
  assertModelMatchesGolden(g, mobilenetv2.mobilenet_v2());
  const model = mobilenetv2.mobilenet_v2();
  const [flops, acts] = analyzers(model, goldenInput(g));
  assertOpsMatchGolden(g, flops);
  assertModulesMatchGolden(g, model, flops);
  assert.fixture(complexityStatsTable(flops, { maxDepth: 1, activations: acts }), g.table_depth1);
  assert.fixture(complexityStatsTable(flops, { maxDepth: 2, showParamShapes: false }), g.table_noshapes);
  assert.fixture(complexityStatsStr(flops), g.arch_flops_only);
  assert.fixture(parameterCountTable(model), g.parameter_count_table);
  assert.fixture(parameterCountTable(model, 5), g.parameter_count_table_d5);
});

v2.run();

// ---------------------------------------------------------------- MobileNetV3

const v3 = suite('mobilenet_v3');
evalVsTrainTests(v3, mobilenetv3.ZOO_ENTRIES);

v3('large features.4 (24 -> 72 -> 40, 5x5 stride 2, SE) by hand, training mode', () => {
  const [f, a] = analyzers(mobilenetv3.mobilenet_v3_large(), [3, 224, 224]);
  // Spatial: stem /2 -> 112, features.2 /2 -> 56, features.4 /2 -> 28. Input 1x24x56x56.
  const expand = 72 * 24 * 56 * 56; // 1x1 conv
  const bnExpand = 72 * 56 * 56 * 5;
  const dw = 72 * 1 * 5 * 5 * 28 * 28; // depthwise 5x5 stride 2
  const bnDw = 72 * 28 * 28 * 5;
  // SE: squeeze = _make_divisible(72 // 4 = 18, 8) = 16, below 0.9 * 18, so 24.
  const pool = 72 * 28 * 28; // adaptive_avg_pool2d: numel(input)
  const fc1 = 24 * 72 * 1 * 1; // 1x1 conv on a 1x1 map
  const fc2 = 72 * 24 * 1 * 1;
  const project = 40 * 72 * 28 * 28;
  const bnProject = 40 * 28 * 28 * 5;
  assert.is(get(f.byModule(), 'features.4.block.2'), BigInt(pool + fc1 + fc2));
  assert.is(get(f.byModule(), 'features.4.block.2.fc1'), BigInt(fc1));
  assert.is(
    get(f.byModule(), 'features.4'),
    BigInt(expand + bnExpand + dw + bnDw + pool + fc1 + fc2 + project + bnProject),
  );
  assert.is(get(a.byModule(), 'features.4'), BigInt(72 * 56 * 56 + 72 * 28 * 28 + 24 + 72 + 40 * 28 * 28));
  // ReLU (ignored) in this stage; SE scales with hardsigmoid and mul, not in place.
  assert.equal(Object.fromEntries(f.unsupportedOps('features.4')), { 'aten::add_': 3, 'aten::hardsigmoid': 1, 'aten::mul': 1 });
  // features.5 keeps shape (40 -> 40, stride 1): `result += input`.
  assert.is(f.unsupportedOps('features.5').get('aten::add_'), 4);
});

v3('dilated large (segmentation backbone): last stage dilates instead of striding', () => {
  const model = mobilenetv3.mobilenet_v3_large({ dilated: true });
  // Same weights as the plain model.
  assert.is(parameterCount(model).get(''), BigInt(PARAMS.get('mobilenet_v3_large')!));
  const dwConv = model.getSubmodule('features.13.block.1.0');
  assert.is(
    dwConv.extraRepr(),
    '672, 672, kernel_size=(5, 5), stride=(1, 1), padding=(4, 4), dilation=(2, 2), groups=672, bias=False',
  );
  model.eval();
  const [f] = analyzers(model, [3, 224, 224]);
  // Output stride 16: the 5x5 depthwise conv runs at 14x14 instead of 7x7.
  assert.is(get(f.byModule(), 'features.13.block.1.0'), BigInt(672 * 1 * 5 * 5 * 14 * 14));
  // batch_norm in eval mode, affine: 2 * numel.
  assert.is(get(f.byModule(), 'features.13.block.1.1'), BigInt(672 * 14 * 14 * 2));
});

v3('classifier: Hardswish and Dropout in place', () => {
  const [f] = analyzers(mobilenetv3.mobilenet_v3_small(), [3, 224, 224]);
  // linear: prod(x.shape) * out_features; 576 -> 1024 -> 1000.
  assert.is(get(f.byModule(), 'classifier'), BigInt(576 * 1024 + 1024 * 1000));
  assert.equal(Object.fromEntries(f.unsupportedOps('classifier')), { 'aten::hardswish_': 1, 'aten::dropout_': 1 });
});

v3.run();

// -------------------------------------------------------------------- MNASNet

const mn = suite('mnasnet');
evalVsTrainTests(mn, mnasnet.ZOO_ENTRIES);

mn('mnasnet1_0 layers.8 blocks by hand, eval mode', () => {
  const model = mnasnet.mnasnet1_0().eval();
  const [f, a] = analyzers(model, [3, 224, 224]);
  // layers.8 = _stack(16, 24, k=3, stride 2, expansion 3, 3 repeats); input 1x16x112x112.
  // Block 0: mid = 48, stride 2 -> 56x56. batch_norm in eval mode: 2 * numel.
  const b0 =
    48 * 16 * 112 * 112 + 48 * 112 * 112 * 2 + // pointwise + BN
    48 * 1 * 3 * 3 * 56 * 56 + 48 * 56 * 56 * 2 + // depthwise + BN
    24 * 48 * 56 * 56 + 24 * 56 * 56 * 2; // linear pointwise + BN
  // Block 1: 24 -> 72 -> 24 at 56x56, with the residual add (free, unsupported).
  const b1 =
    72 * 24 * 56 * 56 + 72 * 56 * 56 * 2 +
    72 * 9 * 56 * 56 + 72 * 56 * 56 * 2 +
    24 * 72 * 56 * 56 + 24 * 56 * 56 * 2;
  assert.is(get(f.byModule(), 'layers.8.0'), BigInt(b0));
  assert.is(get(f.byModule(), 'layers.8.1'), BigInt(b1));
  assert.is(get(f.byModule(), 'layers.8'), BigInt(b0 + 2 * b1));
  assert.is(get(a.byModule(), 'layers.8.0'), BigInt(48 * 112 * 112 + 48 * 56 * 56 + 24 * 56 * 56));
  assert.is(get(a.byModule(), 'layers.8.1'), BigInt(72 * 56 * 56 * 2 + 24 * 56 * 56));
  // Eval: no num_batches_tracked add_; the residual `+` is aten::add.
  assert.equal(Object.fromEntries(f.unsupportedOps('layers.8.1')), { 'aten::add': 1 });
  assert.equal(Object.fromEntries(f.unsupportedOps('layers.8.0')), {});
  // x.mean([2, 3]) and the in-place dropout at the root.
  assert.is(f.unsupportedOps().get('aten::mean'), 1);
  assert.is(f.unsupportedOps().get('aten::dropout_'), 1);
});

mn('depths scale with alpha, stem included (version 2)', () => {
  const m = mnasnet.mnasnet0_5();
  assert.is(m.layers.at(0).extraRepr(), '3, 16, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False');
  assert.is(
    m.layers.at(1).extraRepr(),
    '16, eps=1e-05, momentum=0.00029999999999996696, affine=True, track_running_stats=True',
  );
});

mn.run();

// --------------------------------------------------------------- ShuffleNetV2

const sh = suite('shufflenet_v2');
evalVsTrainTests(sh, shufflenetv2.ZOO_ENTRIES);

sh('x1_0 stage2.0 and stage2.1 by hand, training mode', () => {
  const [f, a] = analyzers(shufflenetv2.shufflenet_v2_x1_0(), [3, 224, 224]);
  // conv1 /2 -> 112, maxpool /2 -> 56: stage2 input 1x24x56x56; branch width 116 / 2 = 58.
  const branch1 =
    24 * 1 * 3 * 3 * 28 * 28 + 24 * 28 * 28 * 5 + // depthwise stride 2 + BN (training: 5 * numel)
    58 * 24 * 28 * 28 + 58 * 28 * 28 * 5; // 1x1 + BN
  const branch2 =
    58 * 24 * 56 * 56 + 58 * 56 * 56 * 5 + // 1x1 at full resolution + BN
    58 * 1 * 3 * 3 * 28 * 28 + 58 * 28 * 28 * 5 + // depthwise stride 2 + BN
    58 * 58 * 28 * 28 + 58 * 28 * 28 * 5; // 1x1 + BN
  assert.is(get(f.byModule(), 'stage2.0.branch1'), BigInt(branch1));
  assert.is(get(f.byModule(), 'stage2.0.branch2'), BigInt(branch2));
  assert.is(get(f.byModule(), 'stage2.0'), BigInt(branch1 + branch2)); // cat and channel shuffle are free
  assert.is(get(a.byModule(), 'stage2.0'), BigInt(24 * 28 * 28 + 58 * 28 * 28 + 58 * 56 * 56 + 58 * 28 * 28 * 2));
  // Stride 1: half the channels (chunk) go through branch2 at 28x28; branch1 is empty and uncalled.
  const unit = 58 * 58 * 784 + 58 * 784 * 5 + 58 * 9 * 784 + 58 * 784 * 5 + 58 * 58 * 784 + 58 * 784 * 5;
  assert.is(get(f.byModule(), 'stage2.1'), BigInt(unit));
  assert.is(get(a.byModule(), 'stage2.1'), BigInt(58 * 784 * 3));
  assert.ok(f.uncalledModules().has('stage2.1.branch1'));
  assert.ok(!f.uncalledModules().has('stage2.0.branch1'));
  // Global pool x.mean([2, 3]) and the max pool are unsupported at the root.
  assert.is(f.unsupportedOps().get('aten::mean'), 1);
  assert.is(f.unsupportedOps().get('aten::max_pool2d'), 1);
});

sh('channel shuffle ops: view, transpose, contiguous, view after the cat', () => {
  const [f] = analyzers(shufflenetv2.shufflenet_v2_x0_5(), [3, 224, 224]);
  assert.equal(opsIn(f, 'stage2.1'), ['aten::chunk', 'aten::cat', 'aten::view', 'aten::transpose', 'aten::contiguous', 'aten::view']);
});

sh.run();
