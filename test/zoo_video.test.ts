// The video families (video ResNets, S3D, MViT): block costs derived by hand
// from docs/counting-rules.md's rules and the traced op names MViT's attention relies on.
// Parameter counts and analysis in both modes: zoo_all.test.ts.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as videoResnetZoo from '../models/video_resnet.js';
import * as s3dZoo from '../models/s3d.js';
import * as mvitZoo from '../models/mvit.js';
import { analyzers, big, einsumFlops } from './helpers.js';

// ---------------------------------------------------------------------------
const vr = suite('zoo: video resnet');

vr('r3d_18 layer2.0 (strided block with downsample) by hand, training mode', () => {
  const [flops, acts] = analyzers(videoResnetZoo.r3d_18(), [3, 16, 112, 112]);
  // Stem: (3,7,7) conv, stride (1,2,2) -> 16x56x56; layer1 keeps it. layer2.0
  // strides (2,2,2): 128 channels on 8x28x28.
  const P = 8 * 28 * 28;
  // conv = N * Cout * (Cin/groups) * kt * kh * kw * (T * H * W)
  const conv1 = 128 * 64 * 27 * P;
  const conv2 = 128 * 128 * 27 * P;
  const down = 128 * 64 * 1 * P;
  // batch norm in training: 5 * numel(input)
  const bn = 5 * 128 * P;
  assert.is(flops.byModule().get('layer2.0'), big(conv1 + conv2 + down + 3 * bn));
  assert.is(flops.byModule().get('layer2.0.conv1.0'), big(conv1));
  // activations: conv outputs only
  assert.is(acts.byModule().get('layer2.0'), big(3 * 128 * P));
  // The residual `out += residual` is aten::add_, next to the three num_batches_tracked updates.
  assert.is(flops.unsupportedOps('layer2.0').get('aten::add_'), 4);
});

vr('r2plus1d_18 layer1.0.conv1.0 (Conv2Plus1D) by hand, eval mode', () => {
  const model = videoResnetZoo.r2plus1d_18().eval();
  const [flops, acts] = analyzers(model, [3, 16, 112, 112]);
  const P = 16 * 56 * 56;
  // midplanes = (64 * 64 * 27) // (64 * 9 + 3 * 64) = 144
  const mid = Math.floor((64 * 64 * 27) / (64 * 9 + 3 * 64));
  assert.is(mid, 144);
  const spatial = mid * 64 * 9 * P; // (1,3,3) conv
  const temporal = 64 * mid * 3 * P; // (3,1,1) conv
  const bn = 2 * mid * P; // eval: 2 * numel
  assert.is(flops.byModule().get('layer1.0.conv1.0'), big(spatial + bn + temporal));
  assert.is(acts.byModule().get('layer1.0.conv1.0'), big(mid * P + 64 * P));
});

vr('module tree and reprs follow torchvision', () => {
  const model = videoResnetZoo.mc3_18();
  assert.is(model.getSubmodule('layer1.0.conv1.0').typeName(), 'Conv3DSimple');
  assert.is(model.getSubmodule('layer2.0.conv1.0').typeName(), 'Conv3DNoTemporal');
  assert.is(model.getSubmodule('layer2.0').typeName(), 'BasicBlock');
  assert.is(model.getSubmodule('stem').typeName(), 'BasicStem');
  assert.is(
    model.getSubmodule('layer2.0.conv1.0').toString(),
    'Conv3DNoTemporal(64, 128, kernel_size=(1, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1), bias=False)',
  );
  assert.is(
    model.getSubmodule('layer2.0.downsample.0').toString(),
    'Conv3d(64, 128, kernel_size=(1, 1, 1), stride=(1, 2, 2), bias=False)',
  );
  assert.is(videoResnetZoo.r2plus1d_18().getSubmodule('stem').typeName(), 'R2Plus1dStem');
  assert.is(videoResnetZoo.r2plus1d_18().getSubmodule('layer1.0.conv1.0').typeName(), 'Conv2Plus1D');
});

vr.run();

// ---------------------------------------------------------------------------
const s3 = suite('zoo: s3d');

s3('s3d features.5 (SepInceptionBlock3D) by hand, eval mode', () => {
  const model = s3dZoo.s3d().eval();
  const [flops, acts] = analyzers(model, [3, 16, 224, 224]);
  // features.0 strides (2,2,2) -> 8x112x112, the max pools at 1 and 4 halve H and W:
  // the block sees 192 channels on 8x28x28.
  const P = 8 * 28 * 28;
  const conv = (cout: number, cin: number, k: number): number => cout * cin * k * P;
  const bn = (c: number): number => 2 * c * P; // eval: 2 * numel
  const branch0 = conv(64, 192, 1) + bn(64);
  const branch1 = conv(96, 192, 1) + bn(96) + conv(128, 96, 9) + bn(128) + conv(128, 128, 3) + bn(128);
  const branch2 = conv(16, 192, 1) + bn(16) + conv(32, 16, 9) + bn(32) + conv(32, 32, 3) + bn(32);
  const branch3 = conv(32, 192, 1) + bn(32); // the max pool costs nothing
  assert.is(flops.byModule().get('features.5'), big(branch0 + branch1 + branch2 + branch3));
  assert.is(flops.byModule().get('features.5.branch1.1'), big(conv(128, 96, 9) + bn(128) + conv(128, 128, 3) + bn(128)));
  assert.is(acts.byModule().get('features.5'), big((64 + 96 + 128 + 128 + 16 + 32 + 32 + 32) * P));
  assert.is(flops.unsupportedOps('features.5').get('aten::max_pool3d'), 1);
});

s3('s3d classifier and mean', () => {
  const [flops, acts] = analyzers(s3dZoo.s3d(), [3, 16, 224, 224]);
  // After features: 1024 x 2x7x7, the (2,7,7) average pool leaves 1x1x1.
  assert.is(flops.byModule().get('classifier'), big(400 * 1024));
  assert.is(acts.byModule().get('classifier'), big(400));
  assert.is(flops.unsupportedOps('').get('aten::mean'), 1);
  assert.is(flops.unsupportedOps('').get('aten::avg_pool3d'), 1);
});

s3.run();

// ---------------------------------------------------------------------------
const mv = suite('zoo: mvit');

mv('mvit_v2_s blocks.0.attn by hand (pooling, relative positions, matmuls), eval mode', () => {
  const model = mvitZoo.mvit_v2_s().eval();
  const [flops, acts] = analyzers(model, [3, 16, 224, 224]);
  // conv_proj: (3,7,7) stride (2,4,4) -> 96 x 8x56x56, plus the class token.
  const L = 8 * 56 * 56;
  const N = L + 1;
  const C = 96; // one head of 96 channels
  // pool_k / pool_v: depthwise (3,3,3) convs with stride (1,8,8) -> 8x7x7.
  const Lk = 8 * 7 * 7;
  const Nk = Lk + 1;
  const qkv = N * C * 3 * C; // linear: prod(x) * out_features
  const poolQ = C * 27 * L + 5 * N * C; // depthwise conv (Cin/groups = 1) + layer norm (5 * numel)
  const poolKv = C * 27 * Lk + 5 * Nk * C;
  const scores = N * C * Nk; // matmul: prod(a) * b[-1]
  const relH = einsumFlops(8 * 56 * 56 * C * 7); // 'bythwc,hkc->bythwk' against 7 key rows
  const relW = relH;
  const relT = 8 * (56 * 56) * C * 8; // [q_t, B*H*q_h*q_w, dim] @ [q_t, dim, k_t]
  const weighted = N * Nk * C;
  const project = N * C * C;
  const want = big(qkv + poolQ + 2 * poolKv + scores + relT + weighted + project) + relH + relW;
  assert.is(flops.byModule().get('blocks.0.attn'), want);
  assert.ok(flops.isFloat('blocks.0.attn'), 'einsum counts are floats in the reference');
  assert.is(flops.byModule().get('blocks.0.attn.pool_q'), big(poolQ));
  // activations: linear, conv, matmul and einsum outputs
  const wantActs = N * 3 * C + C * L + 2 * C * Lk + N * Nk + 2 * (8 * 56 * 56 * 7) + 8 * 3136 * 8 + N * C + N * C;
  assert.is(acts.byModule().get('blocks.0.attn'), big(wantActs));
});

mv('mvit_v1_b blocks.1 by hand (query pooling, skip pooling, projection), training mode', () => {
  const [flops, acts] = analyzers(mvitZoo.mvit_v1_b(), [3, 16, 224, 224]);
  // Block 1: 192 channels in and out, 2 heads of 96; q pooled (1,2,2) to 8x28x28,
  // k/v pooled (1,4,4) to 8x14x14.
  const C = 192;
  const hd = 96;
  const L = 8 * 56 * 56;
  const Lq = 8 * 28 * 28;
  const Lk = 8 * 14 * 14;
  const [N, Nq, Nk] = [L + 1, Lq + 1, Lk + 1];
  const attn =
    N * C * 3 * C + // qkv
    2 * (hd * 27 * Lq + 5 * Nq * hd) + // pool_q on both heads (depthwise conv + norm)
    2 * 2 * (hd * 27 * Lk + 5 * Nk * hd) + // pool_k and pool_v on both heads
    2 * Nq * hd * Nk + // q @ k^T over 2 heads
    2 * Nq * Nk * hd + // attn @ v
    Nq * C * C; // project
  const norms = 5 * N * C + 5 * Nq * C; // norm1 on all tokens, norm2 after pooling
  const mlp = Nq * C * 4 * C + Nq * 4 * C * C;
  assert.is(flops.byModule().get('blocks.1.attn'), big(attn));
  assert.is(flops.byModule().get('blocks.1'), big(attn + norms + mlp));
  assert.is(flops.byModule().get('blocks.1.pool_skip'), 0n);
  const attnActs = N * 3 * C + 2 * hd * Lq + 4 * hd * Lk + 2 * Nq * Nk + 2 * Nq * hd + Nq * C;
  assert.is(acts.byModule().get('blocks.1'), big(attnActs + Nq * 4 * C + Nq * C));
  // The skip path is the max pool; stochastic depth draws noise for both residuals.
  const unsupported = flops.unsupportedOps('blocks.1');
  assert.is(unsupported.get('aten::max_pool3d'), 1);
  assert.is(unsupported.get('aten::bernoulli_'), 2);
  assert.is(unsupported.get('aten::softmax'), 1);
  // One `B * N` size product per Pool, one `scaler * q`, two noise products.
  assert.is(unsupported.get('aten::mul'), 4 + 1 + 2);
  assert.is(unsupported.get('aten::tensor_split'), 4);
});

mv('mvit op names: block 0 has no stochastic depth; eval leaves all of them uncalled', () => {
  const [train] = analyzers(mvitZoo.mvit_v1_b(), [3, 16, 224, 224]);
  assert.ok(train.uncalledModules().has('blocks.0.stochastic_depth'));
  assert.not.ok(train.uncalledModules().has('blocks.1.stochastic_depth'));
  assert.is(train.unsupportedOps('pos_encoding').get('aten::repeat_interleave'), 1);
  assert.is(train.unsupportedOps('head').get('aten::dropout_'), 1);
  const [evalRun] = analyzers(mvitZoo.mvit_v2_s().eval(), [3, 16, 224, 224]);
  for (let i = 0; i < 16; i++) assert.ok(evalRun.uncalledModules().has(`blocks.${i}.stochastic_depth`));
  // v2's relative positions: per block three distance tables (rsub each).
  assert.is(evalRun.unsupportedOps('blocks.0.attn').get('aten::rsub'), 3);
});

mv('mvit reprs follow torchvision', () => {
  const model = mvitZoo.mvit_v2_s();
  assert.is(
    model.getSubmodule('blocks.1.pool_skip.pool').toString(),
    'MaxPool3d(kernel_size=[1, 3, 3], stride=[1, 2, 2], padding=[0, 1, 1], dilation=1, ceil_mode=False)',
  );
  assert.is(
    model.getSubmodule('blocks.0.attn.pool_k.pool').toString(),
    'Conv3d(96, 96, kernel_size=(3, 3, 3), stride=(1, 8, 8), padding=(1, 1, 1), groups=96, bias=False)',
  );
  assert.is(model.getSubmodule('norm').toString(), 'LayerNorm((768,), eps=1e-06, elementwise_affine=True)');
  assert.equal([...model.getSubmodule('blocks.1')._modules.keys()], ['pool_skip', 'norm1', 'norm2', 'attn', 'mlp', 'stochastic_depth', 'project']);
  // Parameters in named_modules order: a module's own before its children's.
  const params = [...model.namedParameters()];
  assert.equal(
    params.slice(0, 10).map(([n]) => n),
    [
      'conv_proj.weight',
      'conv_proj.bias',
      'pos_encoding.class_token',
      'blocks.0.norm1.weight',
      'blocks.0.norm1.bias',
      'blocks.0.norm2.weight',
      'blocks.0.norm2.bias',
      'blocks.0.attn.rel_pos_h',
      'blocks.0.attn.rel_pos_w',
      'blocks.0.attn.rel_pos_t',
    ],
  );
  // 2 * max(56 // 1, 56 // 8) - 1 spatial rows, 2 * 8 - 1 temporal rows.
  assert.equal([...params[7]![1].shape], [111, 96]);
  assert.equal([...params[9]![1].shape], [15, 96]);
});

mv.run();
