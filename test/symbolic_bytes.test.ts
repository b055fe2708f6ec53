// Bytes as formulas: each module's bytes read and written, traced once with
// named sizes, evaluated at points, equal what the roofline counts on a
// concrete analysis there (in fp32, and in mixed dtypes where int4 rounds
// up to whole bytes), for a CNN in B, H, W, GPT-2 in T and a tiny Llama
// decode step in P.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, analyzeSymbolic, buildModel, deviceNamed, evaluateWhole, fromHFConfig, rooflineOf, symbolicBytes, symbolicKVCache, symbolicTensor, Tensor, type AnalysisResult, type DtypeOptions, type KVCacheModel, type Module, type SymbolicAnalysis } from '../index.js';
import { fixture } from './helpers.js';

const t = suite('symbolic_bytes');
const device = deviceNamed('h100-sxm');

function agrees(name: string, s: SymbolicAnalysis, points: Record<string, number>[], concrete: (p: Record<string, number>) => AnalysisResult, options: DtypeOptions): void {
  const b = symbolicBytes(s, options);
  for (const p of points) {
    const r = rooflineOf(concrete(p), { device, ...options });
    const at = (v: bigint | import('../index.js').Expr): bigint => evaluateWhole(v, s.pointOf(p));
    assert.equal(b.bytesRead.map(at), r.modules.map((m) => m.bytesRead), `${name} at ${JSON.stringify(p)}: bytes read per module`);
    assert.equal(b.bytesWritten.map(at), r.modules.map((m) => m.bytesWritten), `${name} at ${JSON.stringify(p)}: bytes written per module`);
  }
}

for (const options of [{}, { weightDtype: 'int4', actDtype: 'bf16' }] as DtypeOptions[]) {
  const label = JSON.stringify(options);
  t(`resnet18 in B, H, W (${label})`, () => {
    const m = buildModel('resnet18');
    const s = analyzeSymbolic(m, ['B', 3, 'H', 'W'], { where: 'H=32h,W=32w' });
    agrees('resnet18', s, [{ B: 1, H: 224, W: 224 }, { B: 3, H: 64, W: 160 }], (p) => analyze(m, { inputs: [[p.B!, 3, p.H!, p.W!]] }), options);
  });
  t(`gpt2 in T (${label})`, () => {
    const m = buildModel('gpt2');
    m.eval();
    const s = analyzeSymbolic(m, { inputs: [symbolicTensor([1, 'T'], 'int64')] });
    agrees('gpt2', s, [{ T: 1 }, { T: 37 }, { T: 128 }], (p) => analyze(m, { inputs: [new Tensor([1, p.T!], 'int64')] }), options);
  });
  t(`tiny Llama decode step in P (${label})`, () => {
    const m = fromHFConfig(fixture<Record<string, unknown>>('llm/configs/llama_tiny.json')) as unknown as Module & KVCacheModel;
    m.eval();
    const s = analyzeSymbolic(m, { inputs: [symbolicTensor([2, 1], 'int64'), symbolicKVCache(m, 2, 'P')] });
    agrees('llama_tiny', s, [{ P: 1 }, { P: 17 }, { P: 63 }], (p) => analyze(m, { inputs: [new Tensor([2, 1], 'int64'), m.makeKVCache(2, p.P!) as unknown as Tensor] }), options);
  });
}

t.run();
