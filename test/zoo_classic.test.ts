// The classic CNN families (AlexNet, VGG, SqueezeNet, DenseNet, GoogLeNet,
// Inception v3): block costs derived by hand from docs/counting-rules.md's rules and the vgg16
// golden case. Parameter counts and analysis in both modes: zoo_all.test.ts.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FlopAnalyzer, resolveInputs, traceModel } from '../index.js';
import * as alexnetZoo from '../models/alexnet.js';
import * as vggZoo from '../models/vgg.js';
import * as squeezenetZoo from '../models/squeezenet.js';
import * as densenetZoo from '../models/densenet.js';
import * as googlenetZoo from '../models/googlenet.js';
import * as inceptionZoo from '../models/inception.js';
import {
  assertModelMatchesGolden,
  assertModulesMatchGolden,
  assertOpsMatchGolden,
  goldenInput,
  type Golden,
} from './golden_check.js';
import { analyzers, big, fixture } from './helpers.js';

// ---------------------------------------------------------------- AlexNet
{
  const t = suite('zoo_classic: alexnet');

  t('first conv and first linear by hand', () => {
    const [flops, acts] = analyzers(alexnetZoo.alexnet(), [3, 224, 224]);
    // conv 3->64, 11x11, stride 4, pad 2: Hout = floor((224 + 4 - 11) / 4) + 1 = 55
    // flops = N * Cout * (Cin/groups) * kh * kw * Hout * Wout
    assert.is(flops.byModule().get('features.0'), big(1 * 64 * 3 * 11 * 11 * 55 * 55));
    assert.is(acts.byModule().get('features.0'), big(64 * 55 * 55));
    // linear 9216 -> 4096: prod(x.shape) * out_features
    assert.is(flops.byModule().get('classifier.1'), big(256 * 6 * 6 * 4096));
    assert.is(acts.byModule().get('classifier.1'), big(4096));
    // avgpool: adaptive_avg_pool2d costs numel(in); features end at 256x6x6
    // (55 -> pool 27 -> conv 27 -> pool 13 -> convs 13 -> pool 6).
    assert.is(flops.byModule().get('avgpool'), big(256 * 6 * 6));
    assert.equal(Object.fromEntries(flops.unsupportedOps()), { 'aten::max_pool2d': 3 });
  });

  t.run();
}

// ---------------------------------------------------------------- VGG
{
  const t = suite('zoo_classic: vgg');

  t('vgg16 equals the reference golden in every field', () => {
    const g = fixture<Golden>('golden/vgg16.json');
    assertModelMatchesGolden(g, vggZoo.vgg16());
  });

  t('vgg16 traced ops: names, scopes, input and output shapes', () => {
    const g = fixture<Golden>('golden/vgg16.json');
    const [flops] = analyzers(vggZoo.vgg16(), goldenInput(g));
    assertOpsMatchGolden(g, flops);
  });

  t('vgg16 module names, types, reprs and canonical names; parameter shapes equal the golden', () => {
    const g = fixture<Golden>('golden/vgg16.json');
    const model = vggZoo.vgg16();
    const [flops] = analyzers(model, goldenInput(g));
    assertModulesMatchGolden(g, model, flops);
  });

  t('vgg16_bn first conv and its batch norm by hand, both modes', () => {
    const model = vggZoo.vgg16_bn();
    let [flops, acts] = analyzers(model, [3, 224, 224]);
    // conv 3->64, 3x3, pad 1 keeps 224x224
    assert.is(flops.byModule().get('features.0'), big(64 * 3 * 3 * 3 * 224 * 224));
    assert.is(acts.byModule().get('features.0'), big(64 * 224 * 224));
    // batch norm in training: numel(in) * 5; no activations
    assert.is(flops.byModule().get('features.1'), big(64 * 224 * 224 * 5));
    assert.is(acts.byModule().get('features.1'), 0n);
    model.eval();
    [flops] = analyzers(model, [3, 224, 224]);
    // batch norm in eval: numel(in) * 2
    assert.is(flops.byModule().get('features.1'), big(64 * 224 * 224 * 2));
    // 13 batch norms, 13 convs, 5 pools in features; the classifier has 3 linears
    assert.equal(Object.fromEntries(flops.unsupportedOps()), { 'aten::max_pool2d': 5 });
  });

  t.run();
}

// ---------------------------------------------------------------- SqueezeNet
{
  const t = suite('zoo_classic: squeezenet');

  t('squeezenet1_0 first Fire block and final conv by hand', () => {
    const [flops, acts] = analyzers(squeezenetZoo.squeezenet1_0(), [3, 224, 224]);
    // conv 7x7 stride 2: floor((224 - 7) / 2) + 1 = 109; max pool 3/2 ceil: ceil((109 - 3) / 2) + 1 = 54
    const hw = 54 * 54;
    // Fire(96, 16, 64, 64): squeeze 1x1 96->16, expand1x1 16->64, expand3x3 16->64
    const fireFlops = 16 * 96 * hw + 64 * 16 * hw + 64 * 16 * 9 * hw;
    assert.is(flops.byModule().get('features.3'), big(fireFlops));
    assert.is(acts.byModule().get('features.3'), big((16 + 64 + 64) * hw));
    assert.is(flops.byModule().get('features.3.expand3x3'), big(64 * 16 * 3 * 3 * hw));
    // The last Fire runs at 13x13 (54 -> pool 27 -> pool 13); final conv 512->1000 1x1,
    // then adaptive_avg_pool2d costs numel(in) = 1000 * 13 * 13.
    assert.is(flops.byModule().get('classifier.1'), big(1000 * 512 * 13 * 13));
    assert.is(flops.byModule().get('classifier.3'), big(1000 * 13 * 13));
    assert.is(flops.byModule().get('classifier'), big(1000 * 512 * 13 * 13 + 1000 * 13 * 13));
  });

  t.run();
}

// ---------------------------------------------------------------- DenseNet
{
  const t = suite('zoo_classic: densenet');

  t('densenet121 first dense layer by hand, training mode', () => {
    const [flops, acts] = analyzers(densenetZoo.densenet121(), [3, 224, 224]);
    // stem: conv 7x7/2 -> 112, max pool 3/2 pad 1 -> 56; 64 channels enter denselayer1
    const hw = 56 * 56;
    // norm1 (train) 64*hw*5, conv1 1x1 64->128, norm2 (train) 128*hw*5, conv2 3x3 128->32
    const layer = 64 * hw * 5 + 128 * 64 * hw + 128 * hw * 5 + 32 * 128 * 9 * hw;
    assert.is(flops.byModule().get('features.denseblock1.denselayer1'), big(layer));
    assert.is(acts.byModule().get('features.denseblock1.denselayer1'), big(128 * hw + 32 * hw));
    // transition1: 256 channels at 56x56, norm (train) + conv 1x1 256->128; the avg pool is unsupported
    assert.is(flops.byModule().get('features.transition1'), big(256 * hw * 5 + 128 * 256 * hw));
    assert.is(acts.byModule().get('features.transition1'), big(128 * hw));
  });

  t('densenet121 op bookkeeping: cat per layer and block, relu and pooling at the root', () => {
    const model = densenetZoo.densenet121();
    const trace = traceModel(model, resolveInputs([3, 224, 224]));
    const scopeOf = (kind: string): string[] =>
      trace.nodes.filter((n) => n.kind === kind).map((n) => n.scopes[n.scopes.length - 1] ?? '');
    // one cat per dense layer (6 + 12 + 24 + 16) and one per block
    const cats = scopeOf('aten::cat');
    assert.is(cats.length, 58 + 4);
    assert.is(cats[0], 'features.denseblock1.denselayer1');
    assert.ok(scopeOf('aten::adaptive_avg_pool2d').every((s) => s === ''));
    const flops = FlopAnalyzer.fromTrace(trace);
    // 121 batch norms each add 1 to num_batches_tracked in training mode:
    // norm0 + 2 per dense layer (2 * 58) + 3 transitions + norm5
    assert.equal(Object.fromEntries(flops.unsupportedOps()), {
      'aten::add_': 1 + 2 * 58 + 3 + 1,
      'aten::max_pool2d': 1,
      'aten::avg_pool2d': 3,
    });
    // root-only adaptive pool: 1024 channels at 7x7
    assert.is(flops.byOperator('').get('adaptive_avg_pool2d'), big(1024 * 7 * 7));
    assert.equal([...flops.uncalledModules()], []);
  });

  t.run();
}

// ---------------------------------------------------------------- GoogLeNet
{
  const t = suite('zoo_classic: googlenet');

  t('aux1 head by hand in training mode; aux heads uncalled in eval', () => {
    const model = googlenetZoo.googlenet();
    let [flops, acts] = analyzers(model, [3, 224, 224]);
    // aux1 sees inception4a's output: 512 x 14 x 14.
    // adaptive_avg_pool2d to 4x4: numel(in); conv 1x1 512->128 at 4x4; bn (train) 128*16*5;
    // fc1 2048->1024; fc2 1024->1000
    const aux1 = 512 * 14 * 14 + 128 * 512 * 16 + 128 * 16 * 5 + 2048 * 1024 + 1024 * 1000;
    assert.is(flops.byModule().get('aux1'), big(aux1));
    assert.is(acts.byModule().get('aux1'), big(128 * 16 + 1024 + 1000));
    // aux2 sees inception4d's output: 528 x 14 x 14
    const aux2 = 528 * 14 * 14 + 128 * 528 * 16 + 128 * 16 * 5 + 2048 * 1024 + 1024 * 1000;
    assert.is(flops.byModule().get('aux2'), big(aux2));
    // inception3a at 28x28 from 192 channels: branch1 conv 1x1 192->64 + bn (train)
    const hw = 28 * 28;
    assert.is(flops.byModule().get('inception3a.branch1'), big(64 * 192 * hw + 64 * hw * 5));
    // branch3 uses a 3x3 kernel (torchvision's known quirk): 1x1 192->16, 3x3 16->32
    assert.is(flops.byModule().get('inception3a.branch3'), big(16 * 192 * hw + 16 * hw * 5 + 32 * 16 * 9 * hw + 32 * hw * 5));
    model.eval();
    [flops] = analyzers(model, [3, 224, 224]);
    const uncalled = [...flops.uncalledModules()];
    assert.ok(uncalled.includes('aux1') && uncalled.includes('aux2.fc2') && uncalled.includes('aux1.dropout'));
    assert.ok(uncalled.every((m) => m.startsWith('aux1') || m.startsWith('aux2')));
    assert.is(flops.byModule().get('aux1') ?? 0n, 0n);
  });

  t.run();
}

// ---------------------------------------------------------------- Inception v3
{
  const t = suite('zoo_classic: inception');

  t('AuxLogits and Mixed_6a by hand in training mode; AuxLogits uncalled in eval', () => {
    const model = inceptionZoo.inception_v3();
    let [flops, acts] = analyzers(model, [3, 299, 299]);
    // AuxLogits sees Mixed_6e's output: 768 x 17 x 17. avg_pool2d(5, 3) is unsupported (0)
    // and gives floor((17 - 5) / 3) + 1 = 5; conv0 1x1 768->128 at 5x5 + bn (train);
    // conv1 5x5 128->768 -> 1x1 + bn (train); adaptive_avg_pool2d numel(in) = 768; fc 768->1000
    const aux = 128 * 768 * 25 + 128 * 25 * 5 + 768 * 128 * 25 + 768 * 5 + 768 + 768 * 1000;
    assert.is(flops.byModule().get('AuxLogits'), big(aux));
    assert.is(acts.byModule().get('AuxLogits'), big(128 * 25 + 768 + 1000));
    // Mixed_6a (InceptionB) on 288 x 35 x 35: branch3x3 3x3/2 288->384 -> 17x17;
    // dbl: 1x1 288->64 at 35x35, 3x3 64->96 pad 1 at 35x35, 3x3/2 96->96 -> 17x17; bn (train) each
    const a = 35 * 35;
    const b = 17 * 17;
    const mixed6a =
      384 * 288 * 9 * b + 384 * b * 5 +
      64 * 288 * a + 64 * a * 5 +
      96 * 64 * 9 * a + 96 * a * 5 +
      96 * 96 * 9 * b + 96 * b * 5;
    assert.is(flops.byModule().get('Mixed_6a'), big(mixed6a));
    assert.is(acts.byModule().get('Mixed_6a'), big(384 * b + 64 * a + 96 * a + 96 * b));
    model.eval();
    [flops] = analyzers(model, [3, 299, 299]);
    assert.equal([...flops.uncalledModules()].filter((m) => !m.startsWith('AuxLogits')), []);
    assert.ok(flops.uncalledModules().has('AuxLogits'));
  });

  t.run();
}
