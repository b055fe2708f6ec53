// Inference memory (analysis/memory.ts): bytes by dtype, the peak of live
// activations by liveness over a conv net's trace (derived by hand), the KV
// cache of Llama-3-70B, and the liveness bounds over the zoo.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, bytesOf, F, kvCacheBytes, memoryOf, models, nn, Tensor, UnknownNameError, storageDtype, traceDataflow, ZOO, type Module } from '../index.js';

const test = suite('memory_inference');

/** conv(3->4, 3x3, pad 1) -> relu -> conv(4->8, 3x3, pad 1) -> relu -> adaptive avg pool 1x1 -> flatten -> linear(8->10). */
class SmallConvNet extends nn.Module {
  conv1 = new nn.Conv2d(3, 4, 3, { padding: 1 });
  conv2 = new nn.Conv2d(4, 8, 3, { padding: 1 });
  pool = new nn.AdaptiveAvgPool2d(1);
  fc = new nn.Linear(8, 10);
  override forward(x: Tensor): Tensor {
    const a = F.relu(this.conv1.call(x));
    const b = F.relu(this.conv2.call(a));
    return this.fc.call(F.flatten(this.pool.call(b), 1));
  }
}

test('a conv net: the peak of live activations, op by op, by hand', () => {
  const net = new SmallConvNet().eval();
  const r = analyze(net as Module, [3, 8, 8], { showTable: false, showArch: false });
  const m = memoryOf(r); // fp32: 4 bytes per element
  // Ops in order and what each makes (fp32):
  //  0 conv1  [1,4,8,8] = 256 el = 1024 B   read by 1
  //  1 relu   [1,4,8,8] = 1024 B            read by 2
  //  2 conv2  [1,8,8,8] = 512 el = 2048 B   read by 3
  //  3 relu   [1,8,8,8] = 2048 B            read by 4
  //  4 pool   [1,8,1,1] = 32 B              read by 5 (a view) and so by 6
  //  5 flatten: a view of 4, no new memory
  //  6 linear [1,10] = 40 B                 the output: live to the end
  // Live while each runs: 0: 1024; 1: 1024+1024 = 2048; 2: 1024+2048 = 3072;
  // 3: 2048+2048 = 4096; 4: 2048+32 = 2080; 5: 32; 6: 32+40 = 72.
  assert.equal(r.flopAnalyzer.trace.nodes.map((n) => n.kind), ['aten::_convolution', 'aten::relu', 'aten::_convolution', 'aten::relu', 'aten::adaptive_avg_pool2d', 'aten::flatten', 'aten::linear']);
  assert.is(m.peakActivationBytes, 4096n);
  assert.is(m.peakNode, 3);
  assert.is(m.sumActivationBytes, 1024n + 1024n + 2048n + 2048n + 32n + 40n);
  // Parameters: conv1 4*3*9+4 = 112, conv2 8*4*9+8 = 296, fc 8*10+10 = 90; 498 * 4 bytes.
  assert.is(m.paramBytes, 498n * 4n);
  assert.is(m.bufferBytes, 0n);
  assert.is(m.inputBytes, 3n * 8n * 8n * 4n);
  assert.is(m.kvCache, null);
  assert.is(m.totalBytes, 1992n + 768n + 4096n);
  // Per module: conv2 makes 2048 B; while it runs 3072 B are live.
  const conv2 = m.moduleNames.indexOf('conv2');
  assert.is(m.modules[conv2]!.activationBytes, 2048n);
  assert.is(m.modules[conv2]!.peakActivationBytes, 3072n);
  assert.is(m.modules[conv2]!.paramBytes, 296n * 4n);
  // In fp16 every byte count halves; int4 weights: 498 * 4 bits = 249 bytes.
  const half = memoryOf(r, { dtype: 'fp16' });
  assert.is(half.peakActivationBytes, 2048n);
  assert.is(half.paramBytes, 996n);
  const mixed = memoryOf(r, { weightDtype: 'int4', actDtype: 'bf16' });
  assert.is(mixed.paramBytes, 249n);
  assert.is(mixed.peakActivationBytes, 2048n);
  assert.equal(mixed.dtypes, { weight: 'int4', act: 'bf16' });
});

test('an in-place relu makes no memory', () => {
  class InPlace extends nn.Module {
    conv = new nn.Conv2d(3, 4, 3, { padding: 1 });
    act = new nn.ReLU(true);
    override forward(x: Tensor): Tensor {
      return this.act.call(this.conv.call(x));
    }
  }
  const m = memoryOf(analyze(new InPlace().eval() as Module, [3, 8, 8], { showTable: false, showArch: false }));
  // conv: [1,4,8,8] = 1024 B; relu_ writes it in place: nothing new.
  assert.is(m.sumActivationBytes, 1024n);
  assert.is(m.peakActivationBytes, 1024n);
});

test('bytes by dtype, rounded up to whole bytes', () => {
  assert.is(bytesOf(3n, 'int4'), 2n); // 12 bits
  assert.is(bytesOf(10n, 'fp8'), 10n);
  assert.is(bytesOf(10n, 'bf16'), 20n);
  assert.throws(() => storageDtype('fp12'), (e: unknown) => e instanceof UnknownNameError && /fp12.*fp32, fp16, bf16, fp8, int8, int4/.test((e as Error).message));
});

test('KV cache of Llama-3-70B at 32K tokens in bf16', () => {
  // Llama-3-70B: 80 layers, 8 key-value heads, head_dim 8192 / 64 = 128.
  const layout = models.llama3_70b().kvCacheLayout();
  assert.equal(layout, { layers: 80, heads: 8, headDim: 128 });
  // Per token: 2 (key and value) * 80 * 8 * 128 * 2 bytes = 327,680 bytes.
  assert.is(kvCacheBytes(layout, 1, 1, 'bf16'), 327_680n);
  // 32K = 32,768 tokens: 327,680 * 32,768 = 10,737,418,240 bytes (10 GiB).
  assert.is(kvCacheBytes(layout, 32_768, 1, 'bf16'), 10_737_418_240n);
  assert.is(kvCacheBytes(layout, 32_768, 4, 'fp8'), 4n * 10_737_418_240n / 2n);
});

test('a decode step: the cache holds past + new tokens, the token ids are int64', () => {
  // GPT-2 (12 layers, 12 heads, head_dim 64) decoding 1 token after 10 cached.
  const model = models.gpt2().eval();
  const ids = new Tensor([1, 1], 'int64');
  const r = analyze(model, { inputs: [ids, model.makeKVCache(1, 10)] }, { showTable: false, showArch: false });
  const m = memoryOf(r, { dtype: 'fp16' });
  // 2 * 12 * 12 * 64 * 2 bytes = 36,864 bytes per token; 11 tokens.
  assert.is(m.kvCache!.bytesPerToken, 36_864n);
  assert.is(m.kvCache!.tokens, 11);
  assert.is(m.kvCacheBytes, 11n * 36_864n);
  assert.is(m.inputBytes, 8n); // one int64 token id; the cache is not an input here
  // GPT-2's 124,439,808 parameters (wte tied to lm_head, once) in fp16.
  assert.is(m.paramBytes, 124_439_808n * 2n);
});

test('over every zoo model: peak <= sum of activations, peak >= every op with its live inputs', () => {
  for (const [name, entry] of Object.entries(ZOO)) {
    const model = entry.build().eval();
    // Image models at their default input, language models on their default token ids; batch 1.
    const input = entry.inputDtype === undefined ? entry.inputShape : { inputs: [new Tensor([1, ...entry.inputShape], entry.inputDtype)] };
    const r = analyze(model, input, { showTable: false, showArch: false });
    const m = memoryOf(r);
    const trace = r.flopAnalyzer.trace;
    const flow = traceDataflow(trace);
    assert.ok(m.peakActivationBytes <= m.sumActivationBytes, name);
    assert.ok(m.peakActivationBytes > 0n, name);
    // Each op's working set: its own new memory and that of the results it reads.
    let largest = 0n;
    trace.nodes.forEach((node, i) => {
      const storages = new Set<number>();
      let own = 0n;
      if (flow.sharesWith[i] === -2) for (const s of node.outputs) if (s !== null) own += BigInt((s as readonly number[]).reduce((a, b) => a * b, 1)) * 4n;
      const base = (k: number): number => (flow.sharesWith[k] === -2 ? k : flow.sharesWith[k] === -1 ? -1 : base(flow.sharesWith[k]!));
      for (const p of flow.producers[i]!) if (base(p) >= 0 && base(p) !== i) storages.add(base(p));
      let read = 0n;
      for (const s of storages) for (const o of trace.nodes[s]!.outputs) if (o !== null) read += BigInt((o as readonly number[]).reduce((a, b) => a * b, 1)) * 4n;
      if (own + read > largest) largest = own + read;
    });
    assert.ok(m.peakActivationBytes >= largest, `${name}: ${m.peakActivationBytes} >= ${largest}`);
  }
});

test.run();
