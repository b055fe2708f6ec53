// torchvision's segmentation models (FCN, DeepLabV3, LR-ASPP): head costs
// derived by hand from docs/counting-rules.md's rules, the backbone's IntermediateLayerGetter,
// no uncalled module in eval, and DeepLabV3 in training with a batch of two.
// Parameter counts and analysis at the default input: zoo_all.test.ts.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, parameterCount, type InputSpec } from '../index.js';
import * as seg from '../models/segmentation.js';
import { analyzers, big } from './helpers.js';

const t = suite('zoo: segmentation');

for (const [name, entry] of Object.entries(seg.ZOO_ENTRIES)) {
  const deeplab = name.startsWith('deeplabv3');
  t(`${name}: eval mode calls every module${deeplab ? '; training analyses with a batch of two' : ''}`, () => {
    const model = entry.build();
    if (deeplab) {
      // DeepLabV3's ASPPPooling batch-normalises a 1x1 map: PyTorch refuses that
      // in training mode with a batch of one, so training is also checked with two.
      const trainInput: InputSpec = { inputs: [[2, ...entry.inputShape]] };
      const train = analyze(model, trainInput, { showArch: false, showTable: false });
      assert.ok(train.flops > 0n);
    }
    model.eval();
    const evalRun = analyze(model, entry.inputShape, { showArch: false, showTable: false });
    assert.is(evalRun.flopAnalyzer.uncalledModules().size, 0);
  });
}

t('fcn_resnet50: FCNHead and the final upsampling by hand, eval mode', () => {
  const [flops, acts] = analyzers(seg.fcn_resnet50().eval(), [3, 520, 520]);
  // Output stride 8 (layer3 and layer4 dilate): 2048 x 65x65 into the head.
  const P = 65 * 65;
  // conv = N * Cout * (Cin/groups) * kh * kw * Hout * Wout; eval batch norm = 2 * numel
  const head = 512 * 2048 * 9 * P + 2 * 512 * P + 21 * 512 * 1 * P;
  assert.is(flops.byModule().get('classifier'), big(head));
  assert.is(acts.byModule().get('classifier'), big(512 * P + 21 * P));
  // F.interpolate(size=(520, 520), mode='bilinear') in the model's own scope: 4 * numel(out)
  assert.is(flops.byOperator('').get('upsample_bilinear2d'), big(4 * 21 * 520 * 520));
  assert.is(flops.byModule().get(''), flops.byModule().get('backbone')! + big(head + 4 * 21 * 520 * 520));
});

t('deeplabv3_resnet50: ASPP by hand, eval mode', () => {
  const [flops, acts] = analyzers(seg.deeplabv3_resnet50().eval(), [3, 520, 520]);
  const P = 65 * 65;
  const bn = (c: number, n: number): number => 2 * c * n;
  const branch1x1 = 256 * 2048 * P + bn(256, P);
  const atrous = 256 * 2048 * 9 * P + bn(256, P); // dilation changes padding, not cost
  // ASPPPooling: adaptive_avg_pool2d = numel(in); 1x1 conv on 1x1; upsampling back: 4 * numel(out)
  const pooling = 2048 * P + 256 * 2048 + bn(256, 1) + 4 * 256 * P;
  const project = 256 * 1280 * P + bn(256, P);
  assert.is(flops.byModule().get('classifier.0.convs.4'), big(pooling));
  assert.is(flops.byModule().get('classifier.0'), big(branch1x1 + 3 * atrous + pooling + project));
  assert.is(acts.byModule().get('classifier.0'), big(4 * 256 * P + 256 + 256 * P));
});

t('lraspp_mobilenet_v3_large: LRASPPHead by hand, eval mode', () => {
  const [flops, acts] = analyzers(seg.lraspp_mobilenet_v3_large().eval(), [3, 520, 520]);
  // low: features.4 (40 channels, stride 8) = 65x65; high: features.16 (960 channels,
  // stride 16 as the last stage dilates) = 33x33.
  const low = 65 * 65;
  const high = 33 * 33;
  const cbr = 128 * 960 * high + 2 * 128 * high;
  const scale = 960 * high + 128 * 960; // adaptive pool + 1x1 conv on 1x1
  const upsample = 4 * 128 * low;
  const classifiers = 21 * 40 * low + 21 * 128 * low;
  assert.is(flops.byModule().get('classifier'), big(cbr + scale + upsample + classifiers));
  assert.is(acts.byModule().get('classifier'), big(128 * high + 128 + 2 * 21 * low));
  const unsupported = flops.unsupportedOps('classifier');
  assert.is(unsupported.get('aten::mul'), 1);
  assert.is(unsupported.get('aten::add'), 1);
  assert.is(unsupported.get('aten::sigmoid'), 1);
});

t('IntermediateLayerGetter keeps the children up to the last returned layer', () => {
  const fcn = seg.fcn_resnet101();
  assert.is(fcn.backbone.typeName(), 'IntermediateLayerGetter');
  assert.equal(fcn.backbone.keys(), ['conv1', 'bn1', 'relu', 'maxpool', 'layer1', 'layer2', 'layer3', 'layer4']);
  assert.equal([...fcn._modules.keys()], ['backbone', 'classifier']);
  assert.is(fcn.typeName(), 'FCN');
  assert.equal(
    fcn.getSubmodule('backbone.layer4.1.conv2').toString(),
    'Conv2d(512, 512, kernel_size=(3, 3), stride=(1, 1), padding=(4, 4), dilation=(4, 4), bias=False)',
  );
  const lraspp = seg.lraspp_mobilenet_v3_large();
  assert.is(lraspp.backbone.keys().length, 17);
  assert.is(seg.deeplabv3_mobilenet_v3_large().typeName(), 'DeepLabV3');
  // aux_loss adds torchvision's FCNHead on layer3.
  const aux = seg.fcn_resnet50({ auxLoss: true });
  assert.equal([...aux._modules.keys()], ['backbone', 'classifier', 'aux_classifier']);
  assert.is(parameterCount(aux).get('aux_classifier'), big(1024 * 256 * 9 + 2 * 256 + 256 * 21 + 21));
});

t.run();
