// The training step (analysis/train_step.ts): forward, backward and optimizer
// FLOPs against hand-derived totals (a small conv net, an MLP with frozen
// layers, a transformer block), and the `pytorch` costs' forward + backward
// against FlopCounterMode's real outputs (../shared/tools_ref, torch 1.13:
// `out = model(x); sum(out).backward()` in eval mode, copied here).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import lenet5 from '../examples/tools/lenet5_b1024.js';
import lstmLm from '../examples/tools/lstm_lm.js';
import { ArgumentError, F, Module, models, nn, Tensor, ZOO, traceModel, trainStepFlops, UnknownNameError, OPTIMIZER_FLOPS_PER_PARAMETER, type TrainStepCounts } from '../index.js';

const t = suite('training step');

const counts = (forward: number, backward: number, optimizer: number): TrainStepCounts => ({
  forward: BigInt(forward),
  backward: BigInt(backward),
  optimizer: BigInt(optimizer),
  total: BigInt(forward + backward + optimizer),
});

const pick = (c: TrainStepCounts | undefined): TrainStepCounts | undefined =>
  c === undefined ? undefined : { forward: c.forward, backward: c.backward, optimizer: c.optimizer, total: c.total };

// ------------------------------------------------------------ a small conv net

class ConvNet extends Module {
  conv1 = new nn.Conv2d(1, 2, 3, { padding: 1 });
  act = new nn.ReLU();
  conv2 = new nn.Conv2d(2, 2, 3, { padding: 1 });
  fc = new nn.Linear(32, 3);
  override forward(x: Tensor): Tensor {
    return this.fc.call(F.flatten(this.conv2.call(this.act.call(this.conv1.call(x))), 1));
  }
}

t('a conv net: forward, backward and SGD by hand; no input gradient for the first layer', () => {
  const step = trainStepFlops(traceModel(new ConvNet(), [new Tensor([1, 1, 4, 4])]), { optimizer: 'sgd' });
  // Parameters: conv1 2*1*9 + 2 = 20, conv2 2*2*9 + 2 = 38, fc 32*3 + 3 = 99: 157.
  assert.is(step.trainableParameters, 157n);
  // Forward: conv1 2*18*16 + bias 32 = 608; relu 32; conv2 2*36*16 + 32 = 1184; fc 2*32*3 + 3 = 195.
  // Backward: conv1 weight 576 + bias sum 32-2 (its input x needs no gradient) = 606; relu 32;
  // conv2 input 1152 + weight 1152 + bias 30 = 2334; fc input 192 + weight 192 + bias 3-3 = 384.
  // SGD: 2 per parameter: conv1 40, conv2 76, fc 198.
  assert.equal(pick(step.byModule.get('conv1')), counts(608, 606, 40));
  assert.equal(pick(step.byModule.get('act')), counts(32, 32, 0));
  assert.equal(pick(step.byModule.get('conv2')), counts(1184, 2334, 76));
  assert.equal(pick(step.byModule.get('fc')), counts(195, 384, 198));
  assert.equal(pick(step), counts(608 + 32 + 1184 + 195, 606 + 32 + 2334 + 384, 2 * 157));
  assert.equal(pick(step.byModule.get('')), pick(step));
  assert.is(step.unit, 'FLOPs');
  assert.is(step.uncounted.size, 0);
  // FlopCounterMode's costs: products only, no biases. Forward 576 + 1152 + 192; backward 576 + 2*1152 + 2*192.
  const pt = trainStepFlops(traceModel(new ConvNet(), [new Tensor([1, 1, 4, 4])]), { costs: 'pytorch', optimizer: null });
  assert.equal(pick(pt), counts(1920, 3264, 0));
  // No token ids: only the 3 x forward rule of thumb, labelled.
  assert.equal(step.tokens, null);
  assert.equal(step.approximations.map((a) => [a.name, a.flops]), [['3 × forward', 3n * 2019n]]);
});

t('optimizers: SGD 2, SGD with momentum 4, Adam 13, AdamW 14 FLOPs per trainable parameter', () => {
  const trace = traceModel(new ConvNet(), [new Tensor([1, 1, 4, 4])]);
  for (const [name, perParameter] of [['sgd', 2], ['momentum', 4], ['adam', 13], ['adamw', 14]] as const) {
    assert.is(OPTIMIZER_FLOPS_PER_PARAMETER[name], perParameter);
    assert.is(trainStepFlops(trace, { optimizer: name }).optimizer, BigInt(perParameter * 157), name);
  }
  // AdamW by default; none on request.
  assert.is(trainStepFlops(trace).optimizerName, 'adamw');
  assert.is(trainStepFlops(trace, { optimizer: null }).optimizer, 0n);
});

// ------------------------------------------------------------ an MLP with frozen layers

class Mlp extends Module {
  fc1 = new nn.Linear(8, 16);
  act1 = new nn.ReLU();
  fc2 = new nn.Linear(16, 16);
  act2 = new nn.ReLU();
  fc3 = new nn.Linear(16, 2);
  override forward(x: Tensor): Tensor {
    return this.fc3.call(this.act2.call(this.fc2.call(this.act1.call(this.fc1.call(x)))));
  }
}

t('an MLP with its first and last layers frozen: no gradient into fc1, none for fc3\'s weights', () => {
  const model = new Mlp();
  for (const layer of [model.fc1, model.fc3]) {
    layer.weight.requiresGrad = false;
    layer.bias!.requiresGrad = false;
  }
  const step = trainStepFlops(traceModel(model, [new Tensor([4, 8])]), { optimizer: 'adam' });
  // Trainable: fc2 16*16 + 16 = 272; Adam 13 * 272 = 3536.
  assert.is(step.trainableParameters, 272n);
  // fc1: forward 2*4*8*16 + 64 = 1088, backward 0 (frozen, and its input needs no gradient); act1 64, 0.
  assert.equal(pick(step.byModule.get('fc1')), counts(1088, 0, 0));
  assert.equal(pick(step.byModule.get('act1')), counts(64, 0, 0));
  // fc2: forward 2*4*16*16 + 64 = 2112; backward weight 2048 + bias 64-16 = 2096 (no input gradient).
  assert.equal(pick(step.byModule.get('fc2')), counts(2112, 2096, 3536));
  assert.equal(pick(step.byModule.get('act2')), counts(64, 64, 0));
  // fc3: forward 2*4*16*2 + 8 = 264; backward: only its input's gradient, 256.
  assert.equal(pick(step.byModule.get('fc3')), counts(264, 256, 0));
  assert.equal(pick(step), counts(1088 + 64 + 2112 + 64 + 264, 2096 + 64 + 256, 3536));
});

// ------------------------------------------------------------ a transformer block

class Block extends Module {
  ln1 = new nn.LayerNorm(8);
  q = new nn.Linear(8, 8);
  k = new nn.Linear(8, 8);
  v = new nn.Linear(8, 8);
  o = new nn.Linear(8, 8);
  ln2 = new nn.LayerNorm(8);
  fc1 = new nn.Linear(8, 16);
  fc2 = new nn.Linear(16, 8);
  override forward(x: Tensor): Tensor {
    const h = this.ln1.call(x);
    const scores = F.mul(F.matmul(this.q.call(h), F.transpose(this.k.call(h), -2, -1)), 1 / Math.sqrt(8));
    const x1 = F.add(x, this.o.call(F.matmul(F.softmax(scores, -1), this.v.call(h))));
    return F.add(x1, this.fc2.call(F.gelu(this.fc1.call(this.ln2.call(x1)))));
  }
}

t('a pre-norm transformer block (1 x 4 tokens x 8): every op forward and backward by hand', () => {
  const step = trainStepFlops(traceModel(new Block(), [new Tensor([1, 4, 8])]), { tokens: 4 });
  // Parameters: 2 norms 2*16, q/k/v/o 4*(64+8), fc1 128+16, fc2 128+8: 600; AdamW 14*600.
  assert.is(step.trainableParameters, 600n);
  // Forward: ln1 5*32 = 160; q, k, v 3*(2*32*8 + 32) = 1632; q k^T 2*16*8 = 256; scale 16;
  // softmax 4 rows of 4: 4*(5*4-2) = 72; p v 2*32*4 = 256; o 544; residual 32; ln2 160;
  // fc1 2*32*16 + 64 = 1088; gelu 5*64 = 320; fc2 2*64*8 + 32 = 1056; residual 32: 5624.
  // Backward: ln1 weight 2*32 + bias 32 = 96 (x needs no gradient); q, k, v 3*(512 + 512 + 32-8) = 3144;
  // q k^T both operands 2*256 = 512; scale 16; softmax 72; p v 512; o 1048; residual 0 (passes through);
  // ln2 160 + 64 + 32 = 256; fc1 1024 + 1024 + 64-16 = 2096; gelu 320; fc2 1024 + 1024 + 32-8 = 2072; residual 0: 10144.
  assert.equal(pick(step), counts(5624, 10144, 14 * 600));
  assert.equal(pick(step.byModule.get('ln1')), counts(160, 96, 14 * 16));
  assert.equal(pick(step.byModule.get('q')), counts(544, 1048, 14 * 72));
  assert.equal(pick(step.byModule.get('fc2')), counts(1056, 2072, 14 * 136));
  // Rules of thumb, labelled as such: 3 x forward, and 6 * N * tokens = 6 * 600 * 4.
  assert.equal(step.approximations.map((a) => [a.name, a.flops]), [['3 × forward', 3n * 5624n], ['6·N·tokens', 14400n]]);
  assert.match(step.approximations[1]!.formula, /6 × 600 trainable parameters × 4 tokens/);
});

// ------------------------------------------------------------ FlopCounterMode's real outputs

t('pytorch costs: torchvision models, forward and forward + backward equal FlopCounterMode', () => {
  // results/torch_flop_counter/<case>.json: totals.flops and extra.flops_fwd_bwd.
  for (const [name, forward, forwardBackward] of [
    ['resnet18', 3628146688n, 10648412160n],
    ['resnet50', 8178368512n, 24299077632n],
    // Depthwise convolutions: FlopCounterMode's weight gradient is not divided by groups.
    ['mobilenet_v2', 601548544n, 12279700992n],
  ] as const) {
    const model = (models as unknown as Record<string, () => Module>)[name]!().eval();
    const step = trainStepFlops(traceModel(model, [new Tensor([1, 3, 224, 224])]), { costs: 'pytorch', optimizer: null });
    assert.is(step.forward, forward, name);
    assert.is(step.forward + step.backward, forwardBackward, name);
  }
});

t("pytorch costs: DeepSpeed's LeNet-5 at batch 1024 and the LSTM language model equal FlopCounterMode", () => {
  const lenet = trainStepFlops(traceModel(lenet5(), [new Tensor([1024, 1, 32, 32])]), { costs: 'pytorch' });
  assert.is(lenet.forward, 853032960n);
  assert.is(lenet.forward + lenet.backward, 2318254080n);
  // The LSTM's hidden-state gradient skips each layer's first step (h0 needs none): 2 layers x 2*4*1024*256 below 2 x forward.
  const lstm = trainStepFlops(traceModel(lstmLm(), [new Tensor([4, 35], 'int64')]), { costs: 'pytorch' });
  assert.is(lstm.forward, 328581120n);
  assert.is(lstm.forward + lstm.backward, 981549056n);
  assert.is(2n * lstm.forward - lstm.backward, 2n * 2n * 4n * 1024n * 256n);
  // Token ids: 4 x 35 = 140 tokens for 6 * N * tokens, N = 1,306,600.
  assert.is(lstm.tokens, 140n);
  assert.is(lstm.approximations.find((a) => a.name === '6·N·tokens')?.flops, 6n * 1306600n * 140n);
});

t('every zoo model and a decode with a KV cache: the step runs, every op has a rule, backward counted', () => {
  for (const [name, entry] of Object.entries(ZOO)) {
    const input = entry.inputDtype === undefined ? new Tensor([1, ...entry.inputShape]) : new Tensor([1, 8], entry.inputDtype);
    const step = trainStepFlops(traceModel(entry.build(), [input]));
    assert.equal([...step.uncounted.keys()], [], name);
    assert.ok(step.forward > 0n && step.backward > 0n && step.optimizer > 0n, name);
  }
  const model = models.gpt2();
  const decode = trainStepFlops(traceModel(model, [new Tensor([1, 1], 'int64'), model.makeKVCache(1, 8)]), { optimizer: 'sgd' });
  assert.ok(decode.backward > 0n);
  assert.is(decode.tokens, 1n);
});

class BuildsInForward extends Module {
  fc = new nn.Linear(4, 3);
  override forward(x: Tensor): Tensor {
    F.relu(x); // dead: executed, so in the forward, but no gradient reaches it
    const inner = new nn.Linear(3, 2); // new parameters each run, outside the model's tree
    return inner.call(this.fc.call(x));
  }
}

t('a dead op (forward only) and a layer built inside forward (its ops charged to the caller)', () => {
  const step = trainStepFlops(traceModel(new BuildsInForward(), [new Tensor([2, 4])]), { optimizer: 'sgd' });
  // fc: forward 2*2*4*3 + 6 = 54; backward weight 48 + bias 6-3 = 51 (x needs no gradient); SGD 2 * 15.
  assert.equal(pick(step.byModule.get('fc')), counts(54, 51, 30));
  // inner (the root's own ops): forward 2*2*3*2 + 4 = 28; backward input 24 + weight 24 + bias 4-2 = 50; its
  // parameters are not the model's, so no optimizer step. The dead relu: forward 1 * 8, no backward.
  assert.equal(pick(step), counts(54 + 28 + 8, 51 + 50, 30));
});

t('bad options are typed errors naming the option and the known values', () => {
  const trace = traceModel(new ConvNet(), [new Tensor([1, 1, 4, 4])]);
  assert.throws(() => trainStepFlops(trace, { optimizer: 'lion' as never }), (e: unknown) => e instanceof UnknownNameError && /lion/.test(e.message) && /adamw/.test(e.message));
  assert.throws(() => trainStepFlops(trace, { costs: 'fvcore' as never }), (e: unknown) => e instanceof UnknownNameError && /full/.test(e.message));
  assert.throws(() => trainStepFlops(trace, { tokens: 0 }), (e: unknown) => e instanceof ArgumentError && /tokens/.test(e.message));
  assert.throws(() => trainStepFlops({} as never), (e: unknown) => e instanceof ArgumentError && /traceModel/.test(e.message));
});

t.run();
