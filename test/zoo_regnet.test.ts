// torchvision's RegNet family: the quantised stage widths, block FLOPs and
// activations derived by hand from docs/counting-rules.md, and reprs. Parameter counts and
// analysis in both modes: zoo_all.test.ts.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Module, nn } from '../index.js';
import { ZOO_ENTRIES, regnet_x_400mf, regnet_y_400mf } from '../models/regnet.js';
import { analyzers } from './helpers.js';

const t = suite('zoo_regnet');

t('stages: names, depths and widths of regnet_y_400mf and regnet_x_400mf', () => {
  const shape = (m: Module): [string, string[]][] =>
    [...m.getSubmodule('trunk_output').namedChildren()].map(([n, s]) => [n, [...s.namedChildren()].map(([b]) => b)]);
  const y = regnet_y_400mf();
  // RegNetY-400MF: depths 1, 3, 6, 6; widths 48, 104, 208, 440.
  assert.equal(shape(y).map(([n, b]) => [n, b.length]), [['block1', 1], ['block2', 3], ['block3', 6], ['block4', 6]]);
  assert.equal(shape(y)[1]![1], ['block2-0', 'block2-1', 'block2-2']);
  assert.is((y.getSubmodule('fc') as nn.Linear).inFeatures, 440);
  const widths = ['block1', 'block2', 'block3', 'block4'].map((s) => (y.getSubmodule(`trunk_output.${s}.${s}-0.f.c.0`) as nn.Conv2d).outChannels);
  assert.equal(widths, [48, 104, 208, 440]);
  // RegNetX-400MF ends at 400 channels.
  assert.is((regnet_x_400mf().getSubmodule('fc') as nn.Linear).inFeatures, 400);
  // regnet_x_1_6gf's second stage hits a tie: 80 * 2.25 / 8 = 22.5 rounds half to even, to 22 -> 176,
  // then _make_divisible(176, 24) = (176 + 12) // 24 * 24 = 168. Its last stage is 912 wide.
  const x16 = ZOO_ENTRIES.regnet_x_1_6gf!.build();
  assert.is((x16.getSubmodule('trunk_output.block2.block2-0.f.c.0') as nn.Conv2d).outChannels, 168);
  assert.is((x16.getSubmodule('fc') as nn.Linear).inFeatures, 912);
});

t('regnet_y_400mf block1-0 (projection, grouped conv, SE) by hand, training mode', () => {
  const [flops, acts] = analyzers(regnet_y_400mf(), [3, 224, 224]);
  const p = 'trunk_output.block1.block1-0';
  // Stem (3x3, stride 2) gives 32 x 112 x 112; the block: 32 -> 48, stride 2, group width 8 (6 groups).
  const hwIn = 112 * 112;
  const hw = 56 * 56;
  // conv = N * Cout * (Cin/groups) * kh * kw * Hout * Wout; training batch_norm = 5 * numel.
  const proj = 48 * 32 * 1 * 1 * hw + 5 * 48 * hw;
  const a = 48 * 32 * hwIn + 5 * 48 * hwIn;
  const b = 48 * (48 / 6) * 3 * 3 * hw + 5 * 48 * hw;
  // SE: adaptive_avg_pool2d = numel(in); squeeze = round(0.25 * 32) = 8.
  const se = 48 * hw + 8 * 48 + 48 * 8;
  const c = 48 * 48 * hw + 5 * 48 * hw;
  const get = (m: string): bigint | undefined => flops.byModule().get(m);
  assert.is(get(`${p}.proj`), BigInt(proj));
  assert.is(get(`${p}.f.a`), BigInt(a));
  assert.is(get(`${p}.f.b`), BigInt(b));
  assert.is(get(`${p}.f.se`), BigInt(se));
  assert.is(get(`${p}.f.c`), BigInt(c));
  assert.is(get(p), BigInt(proj + a + b + se + c));
  // Activations: conv outputs only.
  assert.is(acts.byModule().get(p), BigInt(48 * hw + 48 * hwIn + 48 * hw + 8 + 48 + 48 * hw));
  // proj(x) + f(x) is an out-of-place add in the block; ReLU(inplace) is ignored.
  assert.is(flops.unsupportedOps(p).get('aten::add'), 1);
  assert.is(flops.unsupportedOps(`${p}.f.se`).get('aten::sigmoid'), 1);
  assert.is(flops.uncalledModules().size, 0);
});

t('regnet_x_400mf block2-1 (identity shortcut, no SE) by hand, eval mode', () => {
  const model = regnet_x_400mf();
  model.eval();
  const [flops, acts] = analyzers(model, [3, 224, 224]);
  // Stage 2: 64 channels at 28 x 28, group width 16 (4 groups); eval batch_norm = 2 * numel.
  const hw = 28 * 28;
  const a = 64 * 64 * hw + 2 * 64 * hw;
  const b = 64 * (64 / 4) * 3 * 3 * hw + 2 * 64 * hw;
  const c = 64 * 64 * hw + 2 * 64 * hw;
  const p = 'trunk_output.block2.block2-1';
  assert.is(flops.byModule().get(p), BigInt(a + b + c));
  assert.is(acts.byModule().get(p), BigInt(3 * 64 * hw));
  const block = model.getSubmodule(p);
  assert.equal([...block.namedChildren()].map(([n]) => n), ['f', 'activation']);
  assert.equal([...block.getSubmodule('f').namedChildren()].map(([n]) => n), ['a', 'b', 'c']);
});

t('reprs of the stem, the SE activation and the pool', () => {
  const m = regnet_y_400mf();
  const stem = m.getSubmodule('stem');
  assert.is(stem.typeName(), 'SimpleStemIN');
  assert.is(m.getSubmodule('trunk_output.block1.block1-0.f.se.activation').toString(), 'ReLU()');
  assert.is(m.getSubmodule('trunk_output.block1.block1-0.activation').toString(), 'ReLU(inplace=True)');
  assert.is(m.getSubmodule('avgpool').toString(), 'AdaptiveAvgPool2d(output_size=(1, 1))');
});

t.run();
