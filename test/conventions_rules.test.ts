// Each convention's rules on small models, derived by hand from the tools'
// source formulas (docs/conventions.md names the functions): a 2-layer GRU
// (no public reference case has one) and a pool -> linear -> softmax head
// (thop's adaptive-pool and softmax rules, ptflops' per-sample split).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { F, Module, analyze, nn, type Tensor } from '../index.js';

class GruNet extends Module {
  gru = new nn.GRU(8, 16, { numLayers: 2, batchFirst: true });
  override forward(x: Tensor): Tensor {
    return this.gru.call(x)[0];
  }
}

class Head extends Module {
  pool = new nn.AdaptiveAvgPool2d(1);
  fc = new nn.Linear(4, 10);
  softmax = new nn.Softmax(1);
  override forward(x: Tensor): Tensor {
    return this.softmax.call(this.fc.call(F.flatten(this.pool.call(x), 1)));
  }
}

const run = (model: Module, shape: number[], convention: string) => analyze(model.eval(), { inputs: [shape] }, { convention, showTable: false, showArch: false });

const t = suite('conventions_rules');

t('GRU(8, 16, 2 layers) on batch 3 x 5 steps', () => {
  const m = new GruNet();
  const steps = 3 * 5;
  // thop _count_gru_cell: 3·((h + in)·h + h + 2h) + h + 3h; layer 0 in 8, layer 1 in 16.
  const thopCell = (input: number): number => 3 * ((16 + input) * 16 + 16 + 32) + 16 + 48;
  assert.is(thopCell(8), 1360);
  assert.is(run(m, [3, 5, 8], 'thop').flops, BigInt((thopCell(8) + thopCell(16)) * steps));
  // ptflops rnn_flops: w_ih rows·cols + w_hh rows·cols + 7h (GRU) + biases 2·3h, then per sample (÷ 3).
  const ptCell = (input: number): number => 48 * input + 48 * 16 + 7 * 16 + 96;
  assert.is(run(m, [3, 5, 8], 'ptflops').flops, BigInt(((ptCell(8) + ptCell(16)) * steps) / 3));
  // DeepSpeed: each weight product 2·rows·cols − rows.
  const dsCell = (input: number): number => 2 * 48 * input - 48 + (2 * 48 * 16 - 48) + 7 * 16 + 96;
  const ds = run(m, [3, 5, 8], 'deepspeed');
  assert.is(ds.flops, BigInt((dsCell(8) + dsCell(16)) * steps));
  assert.is(ds.convention.macs, 0n);
  // FlopCounterMode: 2 FLOPs per multiply-add of every gate matmul, biases never.
  assert.is(run(m, [3, 5, 8], 'pytorch').flops, BigInt(2 * steps * (48 * 8 + 48 * 16 + 48 * 16 + 48 * 16)));
  // torchinfo: N·T·#params; params 48·8 + 48·16 + 96 + 48·16 + 48·16 + 96 = 2,880.
  assert.is(run(m, [3, 5, 8], 'torchinfo').flops, BigInt(steps * 2880));
  // fvcore: aten::gru has no handle.
  assert.is(run(m, [3, 5, 8], 'fvcore').flops, 0n);
});

t('AdaptiveAvgPool2d(1) -> Linear(4, 10) -> Softmax(1) on batch 2', () => {
  const m = new Head();
  const shape = [2, 4, 6, 6];
  // thop: pool (36/1 + 1)·out numel 8; linear in·numel(y) = 4·20; softmax rows·(3f − 1) = 2·29.
  const thop = run(m, shape, 'thop');
  assert.is(thop.flops, BigInt(37 * 8 + 4 * 20 + 2 * 29));
  assert.is(thop.convention.params, 50n);
  // ptflops: modules per sample (pool input 288, linear 2·(40 + 10); nn.Softmax has no hook) ÷ 2,
  // then F.adaptive_avg_pool2d (288) and F.softmax (20) for the whole batch.
  const pt = run(m, shape, 'ptflops');
  assert.is(pt.flops, BigInt((288 + 2 * 50) / 2 + 288 + 20));
  // DeepSpeed: pool input 288, F.linear 2·8·10 (bias not counted), softmax 20.
  const ds = run(m, shape, 'deepspeed');
  assert.is(ds.flops, BigInt(288 + 2 * 8 * 10 + 20));
  assert.is(ds.convention.macs, BigInt(8 * 10));
  assert.is(run(m, shape, 'calflops').flops, ds.flops);
  // FlopCounterMode: the addmm alone, 2·2·4·10.
  assert.is(run(m, shape, 'pytorch').flops, BigInt(2 * 2 * 4 * 10));
  // torchinfo: Linear output[0]·#params = 2·50; pool and softmax have no parameters.
  assert.is(run(m, shape, 'torchinfo').flops, BigInt(2 * 50));
});

t.run();
