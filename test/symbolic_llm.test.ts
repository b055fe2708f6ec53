// Issue 14's language-model closed forms: a decode step traced once with a
// symbolic cache length P gives (1) the exact total of generating O tokens
// after a prompt of P, summed by Faulhaber's formulas, which must equal the
// sum of O concrete decode steps (a loop here, over P and O up to 64), and
// (2) the cost of the token at position T (T - 1 cached), which must equal
// concrete analyses of Llama-3-8B at T = 1 (a one-token prompt, no cache),
// 2,048 and 8,192.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, analyzeSymbolic, buildModel, evaluateWhole, fromHFConfig, symbolicKVCache, symbolicTensor, Tensor, type AnalysisResult, type KVCacheModel, type Module } from '../index.js';
import { fixture } from './helpers.js';

const t = suite('symbolic_llm');

function decodeStep(model: Module & KVCacheModel, batch: number, past: number): AnalysisResult {
  return analyze(model, { inputs: [new Tensor([batch, 1], 'int64'), model.makeKVCache(batch, past)] });
}

t('tiny Llama: the closed-form total over O generated tokens equals the sum of concrete decode steps (P, O up to 64)', () => {
  const model = fromHFConfig(fixture<Record<string, unknown>>('llm/configs/llama_tiny.json')) as unknown as Module & KVCacheModel;
  model.eval();
  const s = analyzeSymbolic(model, { inputs: [symbolicTensor(['B', 1], 'int64'), symbolicKVCache(model, 'B', 'P')] });
  const total = s.generationTotal('P', 'O');
  // Concrete decode steps for batch 2, cached lengths 1..127, summed by prefix sums.
  const steps = new Map<number, { flops: bigint; activations: bigint }>();
  const step = (p: number): { flops: bigint; activations: bigint } => {
    let r = steps.get(p);
    if (r === undefined) {
      const a = decodeStep(model, 2, p);
      steps.set(p, (r = { flops: a.flops, activations: a.activations }));
    }
    return r;
  };
  for (const [P, O] of [[1, 1], [1, 64], [7, 13], [64, 64], [33, 2], [50, 31]] as const) {
    let flops = 0n;
    let activations = 0n;
    for (let p = P; p < P + O; p++) {
      flops += step(p).flops;
      activations += step(p).activations;
    }
    const point = { B: 2, P, O };
    assert.is(evaluateWhole(total.flops, point), flops, `FLOPs of ${O} tokens after ${P}`);
    assert.is(evaluateWhole(total.activations, point), activations, `activations of ${O} tokens after ${P}`);
  }
});

t('Llama-3-8B: the per-token formula equals concrete analyses at T = 1, 2,048 and 8,192', () => {
  const model = buildModel('llama3_8b') as unknown as Module & KVCacheModel;
  model.eval();
  const s = analyzeSymbolic(model, { inputs: [symbolicTensor([1, 1], 'int64'), symbolicKVCache(model, 1, 'P')] }, { where: 'P>=0' });
  const token = s.perToken('P', 'T');
  // T = 1: a one-token prompt (no cache at all).
  const first = analyze(model, { inputs: [new Tensor([1, 1], 'int64')] });
  assert.is(evaluateWhole(token.flops, { T: 1 }), first.flops);
  assert.is(evaluateWhole(token.activations, { T: 1 }), first.activations);
  for (const T of [2048, 8192]) {
    const a = decodeStep(model, 1, T - 1);
    assert.is(evaluateWhole(token.flops, { T }), a.flops, `FLOPs at T = ${T}`);
    assert.is(evaluateWhole(token.activations, { T }), a.activations, `activations at T = ${T}`);
  }
});

t("analyze() with { inputs: [{ shape: ['B', 'T'], dtype: 'int64' }] }: token ids with size names, equal to concrete analyses", () => {
  const model = fromHFConfig(fixture<Record<string, unknown>>('llm/configs/llama_tiny.json')) as unknown as Module & KVCacheModel;
  const s = analyze(model, { inputs: [{ shape: ['B', 'T'], dtype: 'int64' }] });
  for (const [B, T] of [[1, 1], [2, 9], [3, 40]] as const) {
    const concrete = analyze(model, { inputs: [new Tensor([B, T], 'int64')] });
    assert.is(s.at({ B, T }).flops, concrete.flops, `B=${B}, T=${T}`);
    assert.is(s.at({ B, T }).outTable, concrete.outTable);
  }
});

t.run();
