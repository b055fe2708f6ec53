// The roofline (analysis/roofline.ts) on the device table (analysis/devices.ts):
// a linear layer's bytes, FLOPs and bound by hand, and Llama-3-8B decoding in
// bf16 on an H100 SXM, bound near 4.79 ms per token by its weights.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, customDevice, DEVICES, deviceNamed, models, nn, peakFlopsOf, rooflineOf, Tensor, UnknownNameError, type Module } from '../index.js';

const test = suite('memory_roofline');

test('a linear layer by hand, memory- then compute-bound', () => {
  const layer = new nn.Linear(1024, 1024, { bias: false }).eval();
  // A device of 100 TFLOP/s and 1 TB/s: the ridge is 100 FLOPs per byte.
  const device = customDevice(100e12, 1e12);
  const one = rooflineOf(analyze(layer as Module, [1024], { showTable: false, showArch: false }), { device, dtype: 'fp16' });
  const op = one.ops[0]!;
  // x [1,1024] @ W^T [1024,1024]: 2 * 1024 * 1024 = 2,097,152 FLOPs.
  assert.is(op.flops, 2_097_152n);
  // Read: x 1024 * 2 B + W 1024*1024 * 2 B = 2,048 + 2,097,152; written: 1024 * 2 = 2,048.
  assert.is(op.bytesRead, 2_099_200n);
  assert.is(op.bytesWritten, 2_048n);
  assert.is(op.bytesMoved, 2_101_248n);
  assert.ok(Math.abs(op.intensity - 2_097_152 / 2_101_248) < 1e-12);
  assert.is(op.bound, 'memory');
  // 2,101,248 B / 1e12 B/s = 2.101248 us (the math: 2,097,152 / 1e14 = 0.021 us).
  assert.ok(Math.abs(op.latencySeconds - 2.101248e-6) < 1e-15);
  assert.is(one.ridgeIntensity, 100);
  // A batch of 4096 rows: 2 * 4096 * 1024 * 1024 = 8,589,934,592 FLOPs; bytes
  // 4096*1024*2 (x) + 1024*1024*2 (W) + 4096*1024*2 (y) = 18,874,368;
  // intensity 455.1 > 100: compute-bound, 8,589,934,592 / 1e14 = 85.9 us.
  const many = rooflineOf(analyze(layer as Module, { inputs: [[4096, 1024]] }, { showTable: false, showArch: false }), { device, dtype: 'fp16' });
  assert.is(many.total.flops, 8_589_934_592n);
  assert.is(many.total.bytesMoved, 18_874_368n);
  assert.is(many.total.bound, 'compute');
  assert.ok(Math.abs(many.total.latencySeconds - 8_589_934_592 / 1e14) < 1e-15);
});

test('the device table: every entry has fp32, a bandwidth and a source; names are kebab-case', () => {
  const names = DEVICES.map((d) => d.name);
  assert.equal(names, ['a100-40gb', 'a100-80gb', 'h100-sxm', 'h100-pcie', 'h200', 'l4', 't4', 'rtx-4090', 'm2-max', 'm3-max', 'cpu']);
  for (const d of DEVICES) {
    assert.ok(d.peakFlops.fp32! > 0 && d.bandwidth > 0 && d.source.length > 20, d.name);
    assert.match(d.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  }
  // The T4 has no bf16 units: bf16 math runs at its fp32 rate; A100 has no fp8: fp16's.
  assert.equal(peakFlopsOf(deviceNamed('t4'), 'bf16'), { flops: 8.1e12, dtype: 'fp32' });
  assert.equal(peakFlopsOf(deviceNamed('a100-80gb'), 'fp8'), { flops: 312e12, dtype: 'fp16' });
  assert.throws(() => deviceNamed('h300'), (e: unknown) => e instanceof UnknownNameError && /h300.*a100-40gb/.test((e as Error).message));
  assert.throws(() => customDevice(0, 1e12), /peakFlops must be a positive number/);
});

test('Llama-3-8B decoding in bf16 on an H100 SXM: about 4.79 ms per token by its weights', () => {
  const model = models.llama3_8b().eval();
  const ids = new Tensor([1, 1], 'int64');
  const r = rooflineOf(analyze(model, { inputs: [ids, model.makeKVCache(1, 1023)] }, { showTable: false, showArch: false }), { device: deviceNamed('h100-sxm'), dtype: 'bf16' });
  // 8,030,261,248 parameters * 2 bytes = 16,060,522,496 B; / 3.35e12 B/s = 4.794 ms.
  assert.is(r.weightBytes, 16_060_522_496n);
  assert.ok(Math.abs(r.weightLatencySeconds - 16_060_522_496 / 3.35e12) < 1e-12);
  assert.ok(Math.abs(r.weightLatencySeconds - 0.004794) < 1e-6);
  // The ops read every weight once but the embedding table (128,256 * 4,096 =
  // 525,336,576 parameters), of which one row (4,096) is gathered:
  // (8,030,261,248 - 525,336,576 + 4,096) * 2 = 15,009,857,536 bytes at least.
  assert.ok(r.total.bytesRead >= 15_009_857_536n);
  assert.ok(r.total.latencySeconds >= 15_009_857_536 / 3.35e12);
  assert.is(r.total.bound, 'memory');
  assert.is(r.generation!.phase, 'decode');
  assert.is(r.latencyPerTokenSeconds, r.total.latencySeconds);
  // A q_proj: x [1,1,4096] @ W [4096,4096]: 2*4096*4096 = 33,554,432 FLOPs,
  // read 4096*2 + 4096*4096*2 = 33,562,624 B, write 4096*2 = 8,192 B.
  const q = r.moduleNames.indexOf('model.layers.0.self_attn.q_proj');
  const qp = r.modules[q]!;
  assert.is(qp.flops, 33_554_432n);
  assert.is(qp.bytesRead, 33_562_624n);
  assert.is(qp.bytesWritten, 8_192n);
  assert.is(qp.bound, 'memory');
});

test.run();
