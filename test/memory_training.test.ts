// Training memory (analysis/memory_training.ts): a GPT-style block's saved
// activations against Korthikanti et al.'s s*b*h*(34 + 5*a*s/h) bytes (16-bit,
// dropout masks of 1 byte, no recomputation), activation checkpointing per
// block, and Adam in mixed precision for Llama-3.2-1B (16 bytes a parameter).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, blocksOf, F, fromHFConfig, nn, Tensor, trainingMemoryOf, UnknownNameError, type Module } from '../index.js';

const test = suite('memory_training');

/**
 * Korthikanti et al. (2022), section 4.1: a GPT block with pre-norm, fused
 * GeLU, dropout after the attention softmax, the projection and the MLP.
 */
class GPTBlock extends nn.Module {
  ln1: nn.LayerNorm;
  qkv: nn.Linear;
  attnDrop = new nn.Dropout(0.1);
  proj: nn.Linear;
  projDrop = new nn.Dropout(0.1);
  ln2: nn.LayerNorm;
  fc1: nn.Linear;
  fc2: nn.Linear;
  mlpDrop = new nn.Dropout(0.1);
  constructor(readonly h: number, readonly heads: number) {
    super();
    this.ln1 = new nn.LayerNorm(h);
    this.qkv = new nn.Linear(h, 3 * h);
    this.proj = new nn.Linear(h, h);
    this.ln2 = new nn.LayerNorm(h);
    this.fc1 = new nn.Linear(h, 4 * h);
    this.fc2 = new nn.Linear(4 * h, h);
  }
  override forward(x: Tensor): Tensor {
    const [b, s] = [x.shape[0] as number, x.shape[1] as number];
    const d = this.h / this.heads;
    const [q, k, v] = F.split(this.qkv.call(this.ln1.call(x)), this.h, 2) as [Tensor, Tensor, Tensor];
    const heads = (t: Tensor): Tensor => F.transpose(F.view(t, [b, s, this.heads, d]), 1, 2);
    const scores = F.mul(F.matmul(heads(q), F.transpose(heads(k), -2, -1)), 1 / Math.sqrt(d));
    const attn = this.attnDrop.call(F.softmax(scores, -1));
    const merged = F.view(F.transpose(F.matmul(attn, heads(v)), 1, 2), [b, s, this.h]);
    const y = F.add(x, this.projDrop.call(this.proj.call(merged)));
    return F.add(y, this.mlpDrop.call(this.fc2.call(F.gelu(this.fc1.call(this.ln2.call(y))))));
  }
}

class TwoBlocks extends nn.Module {
  blocks: nn.ModuleList;
  constructor(h: number, heads: number) {
    super();
    this.blocks = new nn.ModuleList([new GPTBlock(h, heads), new GPTBlock(h, heads)]);
  }
  override forward(x: Tensor): Tensor {
    let h = x;
    for (const block of this.blocks) h = (block as GPTBlock).call(h);
    return h;
  }
}

test("a GPT block's saved activations are Korthikanti's s*b*h*(34 + 5*a*s/h) bytes", () => {
  const [s, b, h, a] = [64, 2, 128, 4];
  const model = new TwoBlocks(h, a); // training mode: dropouts keep masks
  const r = analyze(model as Module, { inputs: [[b, s, h]] }, { showTable: false, showArch: false });
  const t = trainingMemoryOf(r, { dtype: 'bf16', optimizer: 'adam' });
  // s*b*h = 16,384; 34 * 16,384 = 557,056; 5*a*s^2*b = 5*4*4096*2 = 163,840:
  // 720,896 bytes per block. Per block, in units of s*b*h bytes: LN1 input 2,
  // QKV input (LN1 output) 2, Q K V (one tensor) 6, projection input 2, its
  // dropout mask 1, LN2 input 2, FC1 input 2, GeLU input 8, FC2 input 8, mask 1;
  // and per attention head-score element (a*s*s*b): softmax output 2, its
  // dropout mask 1, that dropout's output (read by attn @ V) 2.
  const perBlock = 16_384n * 34n + 5n * 4n * 64n * 64n * 2n;
  assert.is(perBlock, 720_896n);
  const idx = (name: string): number => t.moduleNames.indexOf(name);
  assert.is(t.savedActivationBytesByModule[idx('blocks.1')], perBlock);
  // The first block's input is the model's input (the caller's, not a saved
  // activation of the trace): 2*s*b*h = 32,768 bytes less.
  assert.is(t.savedActivationBytesByModule[idx('blocks.0')], perBlock - 32_768n);
  assert.is(t.savedActivationBytes, 2n * perBlock - 32_768n);
  assert.equal([...t.opsWithoutRule.keys()], []);
  // Checkpointing each block: block 1 keeps its input (block 0's output,
  // 32,768 bytes), block 0's input is the caller's; while one block is
  // recomputed its own 720,896 bytes are back: 32,768 + 720,896.
  assert.equal(blocksOf(r.flopAnalyzer.trace), ['blocks.0', 'blocks.1']);
  assert.equal(t.checkpointBlocks, ['blocks.0', 'blocks.1']);
  assert.is(t.checkpointedActivationBytes, 32_768n + perBlock);
  // In eval mode a dropout returns its input and keeps no mask: per block
  // 34 - 2 (masks) = 32 units of s*b*h, and 2 of a*s*s*b (the softmax output,
  // read by attn @ V): 32 * 16,384 + 2 * 32,768 = 589,824.
  const e = trainingMemoryOf(analyze(new TwoBlocks(h, a).eval() as Module, { inputs: [[b, s, h]] }, { showTable: false, showArch: false }), { dtype: 'bf16' });
  assert.is(e.savedActivationBytesByModule[e.moduleNames.indexOf('blocks.1')], 589_824n);
});

test('Adam in mixed precision for Llama-3.2-1B: 16 bytes a parameter', () => {
  // Llama-3.2-1B: hidden 2048, 16 layers, 32 heads, 8 kv heads, MLP 8192, vocab 128256, tied embeddings.
  const model = fromHFConfig({
    model_type: 'llama', architectures: ['LlamaForCausalLM'], hidden_size: 2048, intermediate_size: 8192, num_hidden_layers: 16,
    num_attention_heads: 32, num_key_value_heads: 8, vocab_size: 128256, max_position_embeddings: 131072, rms_norm_eps: 1e-5,
    rope_theta: 500000, tie_word_embeddings: true, head_dim: 64,
  });
  const r = analyze(model, { inputs: [new Tensor([1, 16], 'int64')] }, { showTable: false, showArch: false });
  // Parameters: embedding 128,256 * 2,048 = 262,668,288; per layer q 2048^2 + k, v 2048*512 each + o 2048^2
  // + MLP 3 * 2048 * 8192 + 2 norms * 2048 = 60,821,504; 16 layers = 973,144,064; final norm 2,048.
  const params = 262_668_288n + 16n * 60_821_504n + 2_048n;
  assert.is(params, 1_235_814_400n);
  assert.is(r.params, params);
  const t = trainingMemoryOf(r, { dtype: 'bf16', optimizer: 'adam' });
  // bf16 weights 2 + bf16 gradients 2 + fp32 master weights 4 + Adam's two fp32 moments 8 = 16 bytes.
  assert.is(t.mixedPrecision, true);
  assert.is(t.paramBytes, 2n * params);
  assert.is(t.gradientBytes, 2n * params);
  assert.is(t.masterWeightBytes, 4n * params);
  assert.is(t.optimizerStateBytes, 8n * params);
  assert.is(t.optimizerBytes, 12n * params);
  assert.is(t.bytesPerParameter, 16);
  assert.is(t.paramBytes + t.gradientBytes + t.optimizerBytes, 19_773_030_400n);
  assert.ok(t.savedActivationBytes > 0n);
  assert.is(t.totalBytes, t.paramBytes + t.bufferBytes + t.gradientBytes + t.optimizerBytes + t.inputBytes + t.savedActivationBytes);
  // fp32 SGD with momentum: 4 (weights) + 4 (gradients) + 4 (momentum) = 12 bytes, no master copy.
  const sgd = trainingMemoryOf(r, { optimizer: 'momentum' });
  assert.is(sgd.bytesPerParameter, 12);
  assert.is(sgd.masterWeightBytes, 0n);
  assert.throws(() => trainingMemoryOf(r, { optimizer: 'lion' as never }), (e: unknown) => e instanceof UnknownNameError && /lion.*sgd, momentum, adam, adamw/.test((e as Error).message));
});

test('a frozen parameter has no gradient and no optimizer state', () => {
  const layer = new nn.Linear(10, 10); // 100 weights + 10 biases
  layer.weight.requiresGrad = false;
  const t = trainingMemoryOf(analyze(layer as Module, [10], { showTable: false, showArch: false }), { optimizer: 'adamw' });
  assert.is(t.trainableParams, 10n);
  assert.is(t.paramBytes, 440n); // 110 * 4
  assert.is(t.gradientBytes, 40n); // 10 * 4
  assert.is(t.optimizerBytes, 80n); // 10 * 8
  // The weight needs no gradient, so x is not saved (it is the model's input anyway): nothing saved.
  assert.is(t.savedActivationBytes, 0n);
});

test.run();
