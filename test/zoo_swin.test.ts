// torchvision's Swin Transformer v1 and v2: window-attention blocks derived by
// hand from docs/counting-rules.md's rules, the traced ops torchvision's functional attention
// records, reprs, and per builder the default input and equal costs in both
// modes. Parameter counts and analysis in both modes: zoo_all.test.ts.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze } from '../index.js';
import { ZOO_ENTRIES, swin_t, swin_v2_t } from '../models/swin_transformer.js';
import { analyzers, big, get, opsIn } from './helpers.js';

const t = suite('zoo_swin');

/**
 * The attention of a window block on an H x W x C map (already padded to whole
 * windows of ws x ws): nW windows of N = ws*ws tokens, heads of C/heads.
 * linear = prod(x) * out_features; matmul = prod(a) * b[-1].
 */
function windowAttention(nW: number, ws: number, c: number, heads: number): { flops: bigint; acts: bigint } {
  const n = ws * ws;
  const hd = c / heads;
  const qkv = nW * n * c * (3 * c);
  const qk = nW * heads * n * hd * n; // [nW,h,N,hd] @ [nW,h,hd,N]
  const av = nW * heads * n * n * hd; // [nW,h,N,N] @ [nW,h,N,hd]
  const proj = nW * n * c * c;
  const acts = nW * n * 3 * c + nW * heads * n * n + nW * heads * n * hd + nW * n * c;
  return { flops: big(qkv + qk + av + proj), acts: big(acts) };
}

t('swin_t features.1.0 (W-MSA, 56x56x96, 3 heads, window 7) by hand, training mode', () => {
  const [flops, acts] = analyzers(swin_t(), [3, 224, 224]);
  const hw = 56 * 56;
  const c = 96;
  const attn = windowAttention(64, 7, c, 3); // 56 / 7 = 8 windows a side
  const norm = 5 * hw * c; // layer_norm with weight: 5 * numel
  const mlp = hw * c * 384 + hw * 384 * c;
  assert.is(get(flops.byModule(), 'features.1.0.attn'), attn.flops);
  assert.is(get(acts.byModule(), 'features.1.0.attn'), attn.acts);
  assert.is(get(flops.byModule(), 'features.1.0.norm1'), big(norm));
  assert.is(get(flops.byModule(), 'features.1.0.mlp'), big(mlp));
  assert.is(get(flops.byModule(), 'features.1.0'), attn.flops + big(2 * norm + mlp));
  assert.is(get(acts.byModule(), 'features.1.0'), attn.acts + big(hw * 384 + hw * c));
  // qkv and proj are used through their weights by the functional attention.
  const uncalled = flops.uncalledModules();
  assert.ok(uncalled.has('features.1.0.attn.qkv'));
  assert.ok(uncalled.has('features.1.0.attn.proj'));
  // The first block's drop probability is 0: its stochastic depth never runs.
  assert.ok(uncalled.has('features.1.0.stochastic_depth'));
  assert.not.ok(uncalled.has('features.1.1.stochastic_depth'));
  // The attention's cost is its two linears and two matmuls.
  assert.equal(
    [...flops.byOperator('features.1.0.attn')].sort(),
    [['linear', big(64 * 49 * c * 3 * c + 64 * 49 * c * c)], ['matmul', big(2 * 64 * 3 * 49 * 32 * 49)]],
  );
});

t('swin_t features.1.1 (SW-MSA): same cost, plus the shift mask ops', () => {
  const model = swin_t();
  model.eval();
  const [flops, acts] = analyzers(model, [3, 224, 224]);
  const attn = windowAttention(64, 7, 96, 3);
  assert.is(get(flops.byModule(), 'features.1.1.attn'), attn.flops);
  assert.is(get(acts.byModule(), 'features.1.1.attn'), attn.acts);
  const ops = opsIn(flops, 'features.1.1.attn');
  assert.is(ops.filter((k) => k === 'aten::roll').length, 2);
  assert.is(ops.filter((k) => k === 'aten::fill_').length, 9); // 3 x 3 mask regions
  // Unsupported, as the reference's swin_t golden lists them for this scope: padding amounts (rsub),
  // F.pad (aten::pad in PyTorch 1.13), window counts and the scale (mul, pow), the bias and mask adds,
  // the mask difference (sub, ne), fills and softmax.
  assert.equal(Object.fromEntries(flops.unsupportedOps('features.1.1.attn')), {
    'aten::rsub': 2,
    'aten::pad': 1,
    'aten::mul': 3,
    'aten::pow': 1,
    'aten::add': 2,
    'aten::fill_': 9,
    'aten::sub': 1,
    'aten::ne': 1,
    'aten::softmax': 1,
  });
  // Without a shift there is no roll and no mask.
  const plain = opsIn(flops, 'features.1.0.attn');
  assert.not.ok(plain.includes('aten::roll'));
  assert.not.ok(plain.includes('aten::fill_'));
});

t('swin_t stage 4 (7x7 map, window 7): the shift is dropped, the window covers the map', () => {
  const [flops, acts] = analyzers(swin_t(), [3, 224, 224]);
  const attn = windowAttention(1, 7, 768, 24);
  assert.is(get(flops.byModule(), 'features.7.1.attn'), attn.flops);
  assert.is(get(acts.byModule(), 'features.7.1.attn'), attn.acts);
  assert.not.ok(opsIn(flops, 'features.7.1.attn').includes('aten::roll'));
});

t('swin_t features.2 (PatchMerging 56x56x96) by hand; its linear is called', () => {
  const [flops, acts] = analyzers(swin_t(), [3, 224, 224]);
  const out = 28 * 28;
  const norm = 5 * out * 4 * 96; // norm(4C) before the reduction
  const reduction = out * 4 * 96 * 192;
  assert.is(get(flops.byModule(), 'features.2.norm'), big(norm));
  assert.is(get(flops.byModule(), 'features.2.reduction'), big(reduction));
  assert.is(get(acts.byModule(), 'features.2'), big(out * 192));
  const ops = opsIn(flops, 'features.2');
  assert.is(ops.filter((k) => k === 'aten::slice').length, 12); // 4 parts x 3 slices
  assert.ok(ops.includes('aten::cat'));
});

t('swin_t at 232x232: attention pads 58x58 to 63x63 (81 windows)', () => {
  const [flops, acts] = analyzers(swin_t(), [3, 232, 232]);
  const attn = windowAttention(81, 7, 96, 3);
  assert.is(get(flops.byModule(), 'features.1.0.attn'), attn.flops);
  assert.is(get(acts.byModule(), 'features.1.0.attn'), attn.acts);
  // 58 -> 29 after merging; the next merging pads 29 to 30: 15 x 15 out.
  const out = 15 * 15;
  assert.is(get(flops.byModule(), 'features.4.reduction'), big(out * 4 * 192 * 384));
});

t('swin_v2_t features.5.0 (14x14x384 padded to 16x16, 12 heads, window 8) by hand, training mode', () => {
  const [flops, acts] = analyzers(swin_v2_t(), [3, 224, 224]);
  const c = 384;
  const attn = windowAttention(4, 8, c, 12); // 16 / 8 = 2 windows a side
  // The continuous position bias MLP runs on the 15 x 15 x 2 coordinate table.
  const cpb1 = 15 * 15 * 2 * 512;
  const cpb2 = 15 * 15 * 512 * 12;
  assert.is(get(flops.byModule(), 'features.5.0.attn.cpb_mlp.0'), big(cpb1));
  assert.is(get(flops.byModule(), 'features.5.0.attn.cpb_mlp.2'), big(cpb2));
  assert.is(get(flops.byModule(), 'features.5.0.attn'), attn.flops + big(cpb1 + cpb2));
  assert.is(get(acts.byModule(), 'features.5.0.attn'), attn.acts + big(15 * 15 * 512 + 15 * 15 * 12));
  // Post-norm: norm1 runs on the attention's (unpadded) output.
  assert.is(get(flops.byModule(), 'features.5.0.norm1'), big(5 * 14 * 14 * c));
  const uncalled = flops.uncalledModules();
  assert.ok(uncalled.has('features.5.0.attn.qkv'));
  assert.not.ok(uncalled.has('features.5.0.attn.cpb_mlp'));
  // Cosine attention: normalize is norm (aten::norm in the reference), clamp_min, expand_as, div; the key
  // bias is zeroed on a clone; the bias is 16 * sigmoid.
  const unsupported = flops.unsupportedOps('features.5.0.attn');
  assert.is(unsupported.get('aten::norm'), 2);
  assert.is(unsupported.get('aten::div'), 2);
  assert.is(unsupported.get('aten::exp'), 1);
  assert.is(unsupported.get('aten::zero_'), 1);
  assert.is(unsupported.get('aten::sigmoid'), 1);
  assert.is(unsupported.get('aten::pow'), undefined);
});

t('swin_v2_t features.2 (PatchMergingV2): reduction first, then norm(2C)', () => {
  const [flops, acts] = analyzers(swin_v2_t(), [3, 224, 224]);
  const out = 28 * 28;
  assert.is(get(flops.byModule(), 'features.2.reduction'), big(out * 4 * 96 * 192));
  assert.is(get(flops.byModule(), 'features.2.norm'), big(5 * out * 192));
  assert.is(get(acts.byModule(), 'features.2'), big(out * 192));
});

t('module tree: names, types and reprs as torchvision 0.14 prints them', () => {
  const m = swin_t();
  const names = [...m.namedModules()].map(([n]) => n);
  assert.equal(names.slice(0, 16), [
    '', 'features', 'features.0', 'features.0.0', 'features.0.1', 'features.0.2', 'features.1', 'features.1.0',
    'features.1.0.norm1', 'features.1.0.attn', 'features.1.0.attn.qkv', 'features.1.0.attn.proj',
    'features.1.0.stochastic_depth', 'features.1.0.norm2', 'features.1.0.mlp', 'features.1.0.mlp.0',
  ]);
  assert.equal(names.slice(-5), ['norm', 'permute', 'avgpool', 'flatten', 'head']);
  assert.is(m.getSubmodule('features.1.0.attn').typeName(), 'ShiftedWindowAttention');
  assert.is(m.getSubmodule('features.2').typeName(), 'PatchMerging');
  assert.is(m.getSubmodule('features.0.0').toString(), 'Conv2d(3, 96, kernel_size=(4, 4), stride=(4, 4))');
  assert.is(m.getSubmodule('features.0.1').toString(), 'Permute()');
  assert.is(m.getSubmodule('features.1.0.norm1').toString(), 'LayerNorm((96,), eps=1e-05, elementwise_affine=True)');
  assert.is(m.getSubmodule('features.1.0.mlp.1').toString(), "GELU(approximate='none')");
  assert.is(m.getSubmodule('features.1.1.stochastic_depth').toString(), 'StochasticDepth(p=0.018181818181818184, mode=row)');
  assert.is(m.getSubmodule('flatten').toString(), 'Flatten(start_dim=1, end_dim=-1)');
  const params = [...m.namedParameters()].map(([n, p]) => `${n} ${p.shape.join('x')}`);
  assert.ok(params.includes('features.1.0.attn.relative_position_bias_table 169x3'));
  const v2 = swin_v2_t();
  assert.is(v2.getSubmodule('features.1.0').typeName(), 'SwinTransformerBlockV2');
  assert.is(v2.getSubmodule('features.1.0.attn').typeName(), 'ShiftedWindowAttentionV2');
  assert.is(v2.getSubmodule('features.2').typeName(), 'PatchMergingV2');
  assert.is(v2.getSubmodule('features.1.0.attn.cpb_mlp.1').toString(), 'ReLU(inplace=True)');
  const v2params = [...v2.namedParameters()].map(([n, p]) => `${n} ${p.shape.join('x')}`);
  assert.ok(v2params.includes('features.1.0.attn.logit_scale 3x1x1'));
  assert.not.ok(v2params.some((p) => p.includes('relative_position_bias_table')));
});

for (const [name, entry] of Object.entries(ZOO_ENTRIES)) {
  t(`${name}: default input 3x224x224; eval costs the same as training`, () => {
    assert.equal(entry.inputShape, [3, 224, 224]);
    const model = entry.build();
    const train = analyze(model, entry.inputShape);
    model.eval();
    const ev = analyze(model, entry.inputShape);
    // Only layer norms, no batch norms: both modes cost the same.
    assert.is(ev.flops, train.flops);
  });
}

t.run();
