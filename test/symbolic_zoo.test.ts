// Issue 14's property test: every zoo model traced once with named sizes;
// its formulas, evaluated at five random valid points, equal a concrete
// analysis at each point, per module and per operator (FLOPs and
// activations), and so do the printed views.
//
// CNNs take symbolic B, H and W under the divisibility their strides need
// (H = 32h, W = 32w), video CNNs also T (T = 8t); the vision transformers and
// MViT take symbolic B (their image size is fixed by their position embeddings); Swin's window shift is decided
// by the size, so its formula is for H, W >= 256; the language models take
// symbolic B and T (prefill) and B and P (a decode step after P cached tokens).
// MaxViT and MViTv2 have no formula: fvcore counts their einsums by numpy's
// printed estimate, rounded to 4 significant figures (checked below).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, analyzeSymbolic, type AnalysisResult, buildModel, SymbolicError, symbolicKVCache, symbolicTensor, Tensor, ZOO, type EvaluatedAnalysis, type Report, type SymbolicAnalysis } from '../index.js';

const t = suite('symbolic_zoo');

/** A small deterministic generator (the points are the same on every run). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const between = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

interface Plan {
  readonly analyse: () => SymbolicAnalysis;
  readonly draw: (r: () => number) => Record<string, number>;
  readonly concrete: (p: Record<string, number>) => EvaluatedAnalysis | AnalysisResult;
}

const FIXED_IMAGE = /^(vit_|maxvit|mvit)/;
const NO_FORMULA = new Set(['maxvit_t', 'mvit_v2_s']);

function planOf(name: string): Plan {
  const entry = ZOO[name]!;
  const model = buildModel(name);
  const shape = entry.inputShape;
  if (entry.inputDtype === 'int64') {
    return {
      analyse: () => analyzeSymbolic(model, { inputs: [symbolicTensor(['B', 'T'], 'int64')] }),
      draw: (r) => ({ B: between(r, 1, 3), T: between(r, 1, 40) }),
      concrete: (p) => analyze(model, { inputs: [new Tensor([p.B!, p.T!], 'int64')] }),
    };
  }
  if (shape.length === 3 && !FIXED_IMAGE.test(name)) {
    // Swin's windows (8 wide in v2, 7 in v1) tile every stage exactly at
    // multiples of 256 (v2) and 224 (v1); the last stage shifts from twice that.
    // Inception v3's auxiliary head (train mode) needs 320 and more.
    const [step, least, where] = name.startsWith('swin_v2') ? [256, 2, ',h>=2,w>=2'] : name.startsWith('swin') ? [224, 2, ',h>=2,w>=2'] : [32, name === 'inception_v3' ? 10 : 1, ''];
    return {
      analyse: () => analyzeSymbolic(model, ['B', shape[0]!, 'H', 'W'], { where: `H=${step}h,W=${step}w${where}` }),
      draw: (r) => ({ B: between(r, 1, 3), H: step * between(r, least, least + (step > 32 ? 2 : 9)), W: step * between(r, least, least + (step > 32 ? 2 : 9)) }),
      concrete: (p) => analyze(model, { inputs: [[p.B!, shape[0]!, p.H!, p.W!]] }),
    };
  }
  if (shape.length === 4 && !FIXED_IMAGE.test(name)) {
    // Video CNNs: frames T = 8t, H = 32h, W = 32w; S3D's 7x7 average pool needs 224 and more.
    const least = name === 's3d' ? 7 : 1;
    return {
      analyse: () => analyzeSymbolic(model, ['B', shape[0]!, 'T', 'H', 'W'], { where: 'T=8t,H=32h,W=32w' }),
      draw: (r) => ({ B: between(r, 1, 2), T: 8 * between(r, 1, 3), H: 32 * between(r, least, least + 3), W: 32 * between(r, least, least + 3) }),
      concrete: (p) => analyze(model, { inputs: [[p.B!, shape[0]!, p.T!, p.H!, p.W!]] }),
    };
  }
  return {
    analyse: () => analyzeSymbolic(model, ['B', ...shape]),
    draw: (r) => ({ B: between(r, 1, 4) }),
    concrete: (p) => analyze(model, { inputs: [[p.B!, ...shape]] }),
  };
}

/** Every module's count and its counts by operator, in both reports. */
function assertSameCounts(name: string, at: string, got: Report, want: Report): void {
  for (const key of ['flops', 'activations'] as const) {
    const g = got[key]!;
    const w = want[key]!;
    assert.equal(g.perModule, w.perModule, `${name} at ${at}: ${key} per module`);
    for (let m = 0; m < w.perModule.length; m++) assert.equal([...g.byOperator[m]!], [...w.byOperator[m]!], `${name} at ${at}: ${key} by operator of module ${m}`);
    assert.equal(g.isFloat, w.isFloat, `${name} at ${at}: ${key} float flags`);
  }
}

/** Five points the result holds at (a point breaking one of its conditions is drawn again). */
function validPoints(s: SymbolicAnalysis, draw: Plan['draw'], seed: number): Record<string, number>[] {
  const r = lcg(seed);
  const out: Record<string, number>[] = [];
  for (let tries = 0; out.length < 5 && tries < 200; tries++) {
    const p = draw(r);
    try {
      s.pointOf(p);
      out.push(p);
    } catch (e) {
      if (!(e instanceof SymbolicError)) throw e;
    }
  }
  return out;
}

Object.keys(ZOO).forEach((name, i) => {
  if (NO_FORMULA.has(name)) return;
  t(`${name}: the formulas equal concrete analyses at five random points`, () => {
    const plan = planOf(name);
    const s = plan.analyse();
    const points = validPoints(s, plan.draw, 1000 + i);
    assert.is(points.length, 5, `${name}: five valid points`);
    for (const p of points) {
      const at = JSON.stringify(p);
      const got = s.at(p);
      const want = plan.concrete(p);
      assert.is(got.flops, want.flops, `${name} at ${at}: total FLOPs`);
      assert.is(got.activations, want.activations, `${name} at ${at}: total activations`);
      assert.is(got.params, want.params, `${name} at ${at}: parameters`);
      assertSameCounts(name, at, got.report, want.report);
      assert.is(got.outTable, want.outTable, `${name} at ${at}: the table`);
      assert.is(got.outArch, want.outArch, `${name} at ${at}: the architecture view`);
    }
  });
});

t('MaxViT and MViTv2 have no formula: their einsums are counted by a rounded estimate, and the error says so', () => {
  for (const name of NO_FORMULA) {
    const m = buildModel(name);
    try {
      analyzeSymbolic(m, ['B', ...ZOO[name]!.inputShape]);
      assert.unreachable(`${name} analysed symbolically`);
    } catch (e) {
      assert.instance(e, SymbolicError);
      assert.match((e as Error).message, /einsum .*4 significant figures/);
      assert.equal((e as SymbolicError).symbols, ['B']);
    }
  }
});

const DECODERS = Object.keys(ZOO).filter((n) => ZOO[n]!.inputDtype === 'int64' && !n.startsWith('bert'));

DECODERS.forEach((name, i) => {
  t(`${name}: a decode step's formula in B and P equals concrete decode steps at five random points`, () => {
    const model = buildModel(name);
    const s = analyzeSymbolic(model, { inputs: [symbolicTensor(['B', 1], 'int64'), symbolicKVCache(model, 'B', 'P')] });
    const points = validPoints(s, (r) => ({ B: between(r, 1, 3), P: between(r, 1, 60) }), 2000 + i);
    assert.is(points.length, 5);
    const cached = model as unknown as { makeKVCache(b: number, p: number): unknown };
    for (const p of points) {
      const got = s.at(p);
      const want = analyze(model, { inputs: [new Tensor([p.B!, 1], 'int64'), cached.makeKVCache(p.B!, p.P!) as Tensor] });
      assertSameCounts(name, JSON.stringify(p), got.report, want.report);
      assert.is(got.outTable, want.outTable);
    }
  });
});

t.run();
