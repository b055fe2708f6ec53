// Counts are exact: nothing rounds past 2^53.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, buildReport, Module, nn, toJson, type Tensor } from '../index.js';

const t = suite('exactness');

class HugeLinear extends Module {
  fc = new nn.Linear(100003, 70001);
  override forward(x: Tensor): Tensor {
    return this.fc.call(x);
  }
}

t('a model above 2^60 FLOPs is counted to the last digit', () => {
  const model = new HugeLinear();
  const r = analyze(model, [170000023, 100003]);
  // linear: prod(input shape) * out_features = 1 * 170000023 * 100003 * 70001
  const expected = 1190052861517130069n;
  assert.ok(expected > 2n ** 60n);
  assert.is(r.flops, expected);
  assert.is(r.flops.toString(), '1190052861517130069');
  // activations: elements of the output, 170000023 * 70001
  assert.is(r.activations, 11900171610023n);
  // 1190052861517130069 / 1e15 = 1190.0528... printed with 3 decimals
  assert.is(r.flopsStr, '1190.053P');
  assert.is(r.params, 100003n * 70001n + 70001n);
});

t('sums past 2^53 over a model of more than 256 modules are exact (counts kept outside the heap turn into bigints)', () => {
  // 301 layers, each 50000017 * 1001 * 1001 = 50,100,067,034,017 FLOPs (below
  // 2^53); their sum, 15,080,120,177,239,117, is odd and past 2^53, where a
  // double would round it.
  const chain = new nn.Sequential(...Array.from({ length: 301 }, () => new nn.Linear(1001, 1001, false)));
  const r = analyze(chain, [50000017, 1001], { showArch: false, showTable: false });
  const perLayer = 50000017n * 1001n * 1001n;
  assert.is(perLayer, 50100067034017n);
  assert.ok(perLayer < 2n ** 53n);
  assert.is(r.flops, 15080120177239117n);
  assert.is(r.flops, perLayer * 301n);
});

t('the JSON report writes the exact digits', () => {
  const model = new HugeLinear();
  const r = analyze(model, [170000023, 100003], { showArch: false, showTable: false });
  const json = toJson(buildReport('huge', model, [[1, 170000023, 100003]], r));
  assert.ok(json.includes('"flops": 1190052861517130069,'));
  assert.ok(json.includes('"fc": 1190052861517130069'));
});

t('element counts of huge shapes stay exact', () => {
  const x = new nn.Tensor([3000017, 1 << 20, 1 << 20]);
  // 3000017 * 2^40
  assert.is(x.numel(), 3298553575025672192n);
});

t.run();
