// torchvision's MaxViT: the MBConv and the partition attention derived by hand
// from docs/counting-rules.md's rules (einsum through numpy's optimal path), reprs, and the
// default input and eval costing less than training. Parameter count and
// analysis in both modes: zoo_all.test.ts.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze } from '../index.js';
import { ZOO_ENTRIES, maxvit_t } from '../models/maxvit.js';
import { analyzers, big, einsumFlops, get, opsIn } from './helpers.js';

const t = suite('zoo_maxvit');

const WINDOW = 'blocks.0.layers.0.layers.window_attention';
const GRID = 'blocks.0.layers.0.layers.grid_attention';

t('blocks.0.layers.0 window attention (56x56x64, 2 heads of 32, 7x7 windows) by hand', () => {
  const [flops, acts] = analyzers(maxvit_t(), [3, 224, 224]);
  // 64 windows (G) of 49 tokens (P), 64 channels, 2 heads of 32.
  const g = 64;
  const p = 49;
  const c = 64;
  const qkv = g * p * c * 3 * c; // linear = prod(x) * out_features
  const merge = g * p * c * c;
  // 'B G H I D, B G H J D -> B G H I J' and 'B G H I J, B G H J D -> B G H I D':
  // every index appears once in the product: 1 * 64 * 2 * 49 * 49 * 32.
  const e = einsumFlops(1 * g * 2 * p * p * 32);
  assert.is(e, 9835000n); // 2 * 9834496 = 1.967e+07 as printed
  const attn = `${WINDOW}.attn_layer.1`;
  assert.is(get(flops.byModule(), attn), big(qkv + merge) + 2n * e);
  assert.equal([...flops.byOperator(attn)].sort(), [['einsum', 2n * e], ['linear', big(qkv + merge)]]);
  assert.is(get(acts.byModule(), attn), big(g * p * 3 * c + g * 2 * p * p + g * 2 * p * 32 + g * p * c));
  // layer norms on [1, 64, 49, 64] (5 * numel), the MLP 64 -> 256 -> 64.
  const tokens = g * p;
  assert.is(get(flops.byModule(), `${WINDOW}.attn_layer.0`), big(5 * tokens * c));
  assert.is(get(flops.byModule(), `${WINDOW}.mlp_layer`), big(5 * tokens * c + tokens * c * 256 + tokens * 256 * c));
  // The grid partition (8x8 grid, swapped) sees the same shapes.
  assert.is(get(flops.byModule(), GRID), get(flops.byModule(), WINDOW));
  // Window partitioning needs no swap: those Identities are never called.
  const uncalled = flops.uncalledModules();
  assert.ok(uncalled.has(`${WINDOW}.partition_swap`));
  assert.not.ok(uncalled.has(`${GRID}.partition_swap`));
  // torch.swapaxes traces as aten::transpose (an ignored op), as in the reference's maxvit_t golden.
  assert.equal(opsIn(flops, `${GRID}.partition_swap`), ['aten::transpose']);
  assert.is(flops.unsupportedOps(`${GRID}.partition_swap`).size, 0);
  // (H // P) * (W // P) on traced sizes is an aten::mul.
  assert.is(flops.unsupportedOps(`${WINDOW}.partition_op`).get('aten::mul'), 1);
});

t('blocks.0.layers.0.layers.MBconv (64 -> 64, stride 2, expand 4) by hand, training mode', () => {
  const [flops, acts] = analyzers(maxvit_t(), [3, 224, 224]);
  const inHw = 112 * 112;
  const hw = 56 * 56;
  const mb = 'blocks.0.layers.0.layers.MBconv';
  // conv = N * Cout * (Cin/groups) * kh * kw * Hout * Wout; training batch_norm = 5 * numel.
  const proj = 64 * 64 * hw; // avg_pool2d is unsupported and free
  const preNorm = 5 * 64 * inHw;
  const convA = 256 * 64 * inHw + 5 * 256 * inHw;
  const convB = 256 * 1 * 3 * 3 * hw + 5 * 256 * hw;
  const se = 256 * hw + 16 * 256 + 256 * 16; // pool = numel(in); squeeze = 64 * 0.25
  const convC = 64 * 256 * hw;
  assert.is(get(flops.byModule(), `${mb}.proj`), big(proj));
  assert.is(get(flops.byModule(), `${mb}.layers.conv_b`), big(convB));
  assert.is(get(flops.byModule(), mb), big(proj + preNorm + convA + convB + se + convC));
  assert.is(get(acts.byModule(), mb), big(64 * hw + 256 * inHw + 256 * hw + 16 + 256 + 64 * hw));
  // Drop probability 0 for the very first layer: an Identity, never called.
  assert.ok(flops.uncalledModules().has(`${mb}.stochastic_depth`));
  assert.is(flops.unsupportedOps(`${mb}.proj`).get('aten::avg_pool2d'), 1);
});

t('eval mode: batch norms cost 2 * numel', () => {
  const model = maxvit_t();
  model.eval();
  const [flops] = analyzers(model, [3, 224, 224]);
  assert.is(get(flops.byModule(), 'stem.0.1'), big(2 * 64 * 112 * 112));
  assert.is(get(flops.byModule(), 'blocks.0.layers.0.layers.MBconv.layers.pre_norm'), big(2 * 64 * 112 * 112));
});

t('module tree and reprs as torchvision 0.14 prints them', () => {
  const m = maxvit_t();
  const names = [...m.namedModules()].map(([n]) => n);
  assert.equal(names.slice(0, 8), ['', 'stem', 'stem.0', 'stem.0.0', 'stem.0.1', 'stem.0.2', 'stem.1', 'stem.1.0']);
  assert.equal(names.slice(8, 14), [
    'blocks', 'blocks.0', 'blocks.0.layers', 'blocks.0.layers.0', 'blocks.0.layers.0.layers', 'blocks.0.layers.0.layers.MBconv',
  ]);
  assert.equal(
    [...m.getSubmodule('blocks.0.layers.0.layers.MBconv')._modules.keys()],
    ['proj', 'stochastic_depth', 'layers'],
  );
  assert.equal(
    [...m.getSubmodule(WINDOW)._modules.keys()],
    ['partition_op', 'departition_op', 'partition_swap', 'departition_swap', 'attn_layer', 'mlp_layer', 'stochastic_dropout'],
  );
  assert.is(
    m.getSubmodule('stem.0.1').toString(),
    'BatchNorm2d(64, eps=0.001, momentum=0.99, affine=True, track_running_stats=True)',
  );
  assert.is(m.getSubmodule('blocks.0.layers.0.layers.MBconv.proj.0').toString(), 'AvgPool2d(kernel_size=3, stride=2, padding=1)');
  assert.is(m.getSubmodule(`${GRID}.partition_swap`).toString(), 'SwapAxes()');
  assert.is(m.getSubmodule(`${WINDOW}.partition_swap`).toString(), 'Identity()');
  // numpy.linspace(0, 0.2, 11) is i * (0.2 / 10): layer 3 (block 1, layer 1) gets 0.06.
  assert.is(m.getSubmodule('blocks.1.layers.1.layers.MBconv.stochastic_depth').toString(), 'StochasticDepth(p=0.06, mode=row)');
  assert.is(m.getSubmodule('blocks.3.layers.1.layers.grid_attention.stochastic_dropout').toString(), 'StochasticDepth(p=0.2, mode=row)');
  assert.is(m.getSubmodule('classifier.1').toString(), 'Flatten(start_dim=1, end_dim=-1)');
  assert.is(m.getSubmodule('classifier.5').toString(), 'Linear(in_features=512, out_features=1000, bias=False)');
});

t('an input the partitions do not divide is refused at build time', () => {
  assert.throws(() => maxvit_t({ inputSize: [200, 200] }), /divisible by partition size 7/);
});

for (const [name, entry] of Object.entries(ZOO_ENTRIES)) {
  t(`${name}: default input 3x224x224; eval costs less than training`, () => {
    assert.equal(entry.inputShape, [3, 224, 224]);
    const model = entry.build();
    const train = analyze(model, entry.inputShape);
    model.eval();
    const ev = analyze(model, entry.inputShape);
    assert.ok(ev.flops < train.flops); // batch norm: 2x numel in eval, 5x in training
  });
}

t.run();
