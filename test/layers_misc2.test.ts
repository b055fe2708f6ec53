// EmbeddingBag (every mode, offsets, include_last_offset, per_sample_weights,
// padding_idx, max_norm, a float64 weight, F.embedding_bag), ParameterList /
// ParameterDict, torch.arange / linspace / flip and Upsample in every mode,
// against the reference tool on PyTorch 1.13: test/fixtures/layers_misc2/*.json,
// written by the reference's gen.py from test/fixtures/layers_misc2_cases.py,
// whose models are ported here line by line. Each port equals its report in
// every field (counts, unsupported ops, uncalled modules, table, architecture),
// its traced ops, module reprs and parameter shapes. The errors are PyTorch's,
// as PyTorch 1.13 raises them for the same calls.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ArgumentError, F, Module, nn, Parameter, parameterCountTable, setTraceSink, ShapeError, Tensor, UnknownNameError, type OpEvent } from '../index.js';
import { assertModelMatchesGolden, assertModulesMatchGolden, assertOpsMatchGolden, goldenInput, type Golden } from './golden_check.js';
import { analyzers, fixture } from './helpers.js';

class EBVariants extends Module {
  bag_norm = new nn.EmbeddingBag(100, 4, { maxNorm: 1.0, normType: 1.0, mode: 'sum' });
  bag_w2d = new nn.EmbeddingBag(100, 4, { mode: 'sum' });
  bag_pad = new nn.EmbeddingBag(100, 4, { mode: 'sum', paddingIdx: -1, scaleGradByFreq: true });
  bag_max_last = new nn.EmbeddingBag(100, 4, { mode: 'max', includeLastOffset: true });
  bag_mean2d = new nn.EmbeddingBag(100, 4, null, 2.0, false, 'mean', false, null, false, 3); // positional: padding_idx=3
  plist = new nn.ParameterList([new Parameter([4, 4]), new Tensor([2], 'float64'), new Parameter([])]);
  pdict = new nn.ParameterDict(
    new Map<string, Tensor>([
      ['zeta', new Parameter([4])],
      ['alpha', new Tensor([2, 3], 'float64')],
      ['h', new Parameter([2], 'float16')],
    ]),
  );
  bag_double = new nn.EmbeddingBag(100, 4, null, 2.0, false, 'sum', false, new Tensor([100, 4], 'float64'));
  fw = new Parameter([100, 4]);

  override forward(ids: Tensor): Tensor {
    const B = ids.size(0);
    const L = ids.size(1);
    const flat = ids.flatten();
    const offsets = F.arange(0, B.mul(L), L);
    const a = this.bag_norm.call(flat, offsets);
    const w = F.linspace(0.0, 1.0, L).expand(B, L);
    const b = this.bag_w2d.call(ids, null, w);
    const c = this.bag_pad.call(flat, offsets);
    const d = this.bag_max_last.call(flat, F.arange(0, B.mul(L).add(1), L));
    const e = this.bag_mean2d.call(F.flip(ids, [0, 1]));
    const f = F.embeddingBag(flat, this.fw, offsets, { mode: 'max', paddingIdx: 0 });
    const g = F.embeddingBag(ids, this.fw);
    const h = this.bag_double.call(flat, offsets).float();
    const y = a.add(b).add(c).add(d).add(e).add(f).add(g).add(h);
    return y.matmul(this.plist.at(0)).add(this.pdict.get('zeta')).add(this.plist.at(2)).add(this.pdict.get('h').float().sum());
  }
}

class Ranges extends Module {
  pdict = new nn.ParameterDict({ b: new Parameter([3]), a: new Parameter([3]), B: new Tensor([3]) });
  plist = new nn.ParameterList();

  constructor() {
    super();
    this.plist.append(new Parameter([5]));
    this.plist.extend([new Tensor([7])]);
  }

  override forward(x: Tensor): Tensor {
    const C = x.size(1);
    const W = x.size(2);
    const r1 = F.arange(2, C); // arange.start
    const r2 = F.arange(0, W, 3); // start_step, constant
    const r3 = F.arange(W.mul(0.5)); // float end
    const s1 = F.linspace(-1.0, W, C); // traced end and steps
    const s2 = F.linspace(0, 1, 7, { dtype: 'float64' });
    const y = F.flip(x, [-1, 0]).add(F.flip(x, [1]).mul(s2.float()));
    const z = y.sum(0).mul(this.plist.at(1)).sum(-1).add(s1.mul(this.plist.at(0)));
    return z.add(r1.sum()).add(r2.sum()).add(r3.sum()).add(this.pdict.get('a').sum()).add(this.pdict.get('B').sum());
  }
}

class UpsampleModes extends Module {
  lin_ac = new nn.Upsample({ scaleFactor: 2, mode: 'linear', alignCorners: true });
  near1d = new nn.Upsample({ size: 7, mode: 'nearest' });
  bicubic_ac = new nn.Upsample({ scaleFactor: [2, 1.5], mode: 'bicubic', alignCorners: true });
  bicubic_size = new nn.Upsample({ size: [5, 3], mode: 'bicubic' });
  bilinear_frac = new nn.Upsample({ scaleFactor: 1.7, mode: 'bilinear' });
  near3d = new nn.Upsample({ scaleFactor: 1.5, mode: 'nearest' });
  tri_size = new nn.Upsample({ size: [3, 5, 4], mode: 'trilinear' });
  tri_ac = new nn.Upsample({ scaleFactor: [2, 1, 0.5], mode: 'trilinear', alignCorners: false });
  anchor = new Parameter([1]);

  override forward(seq: Tensor, img: Tensor, vol: Tensor): Tensor[] {
    const a = this.near1d.call(this.lin_ac.call(seq));
    const b = this.bicubic_ac.call(img);
    const c = this.bicubic_size.call(img);
    const d = this.bilinear_frac.call(img);
    const e = F.interpolate(img, null, 0.5, 'bicubic', false);
    const f = this.tri_ac.call(this.tri_size.call(this.near3d.call(vol)));
    return [a, b, c, d, e, f];
  }
}

const CASES: Record<string, () => Module> = {
  eb_variants: () => new EBVariants(),
  ranges: () => new Ranges(),
  upsample_modes: () => new UpsampleModes(),
};

const t = suite('layers: EmbeddingBag, parameter containers, ranges, upsampling modes');

for (const [name, build] of Object.entries(CASES)) {
  const g = fixture<Golden>(`layers_misc2/${name}.json`);
  t(`${name}: the report equals the reference in every field`, () => {
    assertModelMatchesGolden(g, build());
  });
  t(`${name}: traced ops, module reprs, parameter shapes, parameter table`, () => {
    const model = build();
    model.train(g.mode === 'train');
    const [flops] = analyzers(model, goldenInput(g));
    assertOpsMatchGolden(g, flops);
    assertModulesMatchGolden(g, model, flops);
    assert.fixture(parameterCountTable(model), g.parameter_count_table);
  });
}

/** The output shapes of the last op `f` emits (outside any trace, with a sink of its own). */
function lastOutputs(f: () => unknown): number[][] {
  const events: OpEvent[] = [];
  const previous = setTraceSink({ enterModule() {}, exitModule() {}, record: (schema, args, outputs) => events.push({ schema, args, outputs }) });
  try {
    f();
  } finally {
    setTraceSink(previous);
  }
  return events[events.length - 1]!.outputs.map((t) => [...t.shape] as number[]);
}

class Call extends Module {
  anchor = new Parameter([1]);
  constructor(private readonly f: (...xs: Tensor[]) => Tensor) {
    super();
  }
  override forward(...xs: Tensor[]): Tensor {
    return this.f(...xs);
  }
}

const ids = (...shape: number[]): Tensor => new Tensor(shape, 'int64');

t('EmbeddingBag: parameters, repr and defaults (layer_zoo_misc and the cases above)', () => {
  const bag = new nn.EmbeddingBag(100, 16, { mode: 'sum' });
  assert.equal(bag.namedParameters().map(([n, p]) => [n, [...p.shape]]), [['weight', [100, 16]]]);
  assert.is(bag.extraRepr(), '100, 16, mode=sum');
  assert.is(new nn.EmbeddingBag(100, 16).extraRepr(), '100, 16, mode=mean'); // mode defaults to 'mean'
  assert.is(new nn.EmbeddingBag(100, 16, { mode: 'max', paddingIdx: 0 }).extraRepr(), '100, 16, mode=max, padding_idx=0');
  // sparse and include_last_offset are not shown
  assert.is(new nn.EmbeddingBag(100, 16, { mode: 'sum', includeLastOffset: true, sparse: true }).extraRepr(), '100, 16, mode=sum');
  // negative padding_idx counts from the end
  assert.is(new nn.EmbeddingBag(100, 4, { mode: 'sum', paddingIdx: -1, scaleGradByFreq: true }).extraRepr(), '100, 4, scale_grad_by_freq=True, mode=sum, padding_idx=99');
  assert.is(new nn.EmbeddingBag(100, 4, 1.0, 1.0, false, 'sum').extraRepr(), '100, 4, max_norm=1.0, norm_type=1.0, mode=sum');
  assert.is(new nn.EmbeddingBag(100, 4, { _weight: new Tensor([100, 4], 'float64') }).weight.dtype, 'float64');
});

t('EmbeddingBag: output shapes and the extra outputs (torch.embedding_bag on PyTorch 1.13)', () => {
  const w = new Parameter([10, 3]);
  const idx = ids(8);
  const run = (offsets: Tensor, o: F.EmbeddingBagOptions, weight: Tensor = w): number[][] => lastOutputs(() => F.embeddingBag(idx, weight, offsets, o));
  // sum on the fast path: offset2bag is empty; padding_idx or a float64 weight: one per id
  assert.equal(run(ids(3), { mode: 'sum' }), [[3, 3], [0], [3], [3]]);
  assert.equal(run(ids(3), { mode: 'sum', paddingIdx: 2 }), [[3, 3], [8], [3], [3]]);
  assert.equal(run(ids(2), { mode: 'sum' }, new Parameter([10, 3], 'float64')), [[2, 3], [8], [2], [2]]);
  assert.equal(run(ids(2), { mode: 'sum' }, new Parameter([10, 3], 'float16')), [[2, 3], [0], [2], [2]]);
  // include_last_offset: one bag fewer than offsets
  assert.equal(run(ids(3), { mode: 'sum', includeLastOffset: true, perSampleWeights: new Tensor([8]) }), [[2, 3], [0], [2], [2]]);
  assert.equal(run(ids(3), { mode: 'mean', includeLastOffset: true }), [[2, 3], [8], [2], [2]]);
  // max: max_indices is (bags, embedding_dim)
  assert.equal(run(ids(1), { mode: 'max' }), [[1, 3], [8], [1], [1, 3]]);
  assert.equal(run(ids(3), { mode: 'max', includeLastOffset: true }), [[2, 3], [8], [2], [2, 3]]);
  // no offsets at all: no bags
  assert.equal(run(ids(0), {}), [[0, 3], [8], [0], [0]]);
  // int32 ids with int64 offsets are accepted
  assert.equal(lastOutputs(() => F.embeddingBag(new Tensor([8], 'int32'), w, ids(2)))[0], [2, 3]);
  // a 2-D input with no rows
  assert.equal(lastOutputs(() => F.embeddingBag(ids(0, 4), w, null, { mode: 'sum' })), [[0, 3], [0], [0], [0]]);
});

t('EmbeddingBag: wrong arguments raise what PyTorch raises', () => {
  const w = new Parameter([10, 3]);
  const idx = ids(8);
  const off = ids(2);
  const cases: [string, () => unknown, new (...a: never[]) => Error, RegExp][] = [
    ['2-D input with offsets', () => F.embeddingBag(ids(2, 4), w, off), ArgumentError, /offsets must be None when input is 2-D/],
    ['1-D input without offsets', () => F.embeddingBag(idx, w), ArgumentError, /offsets has to be a 1D Tensor but got None/],
    ['2-D offsets', () => F.embeddingBag(idx, w, ids(1, 2)), ShapeError, /offsets has to be a 1D Tensor; offsets \[1,2\]/],
    ['3-D input', () => F.embeddingBag(ids(2, 2, 2), w), ShapeError, /input has to be 1D or 2D Tensor, but got Tensor of dimension 3/],
    ['0-D input', () => F.embeddingBag(ids(), w, off), ShapeError, /dimension 0/],
    ['per_sample_weights shape', () => F.embeddingBag(idx, w, off, { mode: 'sum', perSampleWeights: new Tensor([7]) }), ShapeError, /same shape as the input; per_sample_weights \[7\], input \[8\]/],
    ['2-D input, 1-D weights', () => F.embeddingBag(ids(2, 4), w, null, { mode: 'sum', perSampleWeights: new Tensor([8]) }), ShapeError, /same shape/],
    ['per_sample_weights in mean', () => F.embeddingBag(idx, w, off, { perSampleWeights: new Tensor([8]) }), ArgumentError, /only supported for mode='sum'/],
    ['per_sample_weights dtype', () => F.embeddingBag(idx, w, off, { mode: 'sum', perSampleWeights: new Tensor([8], 'float64') }), ArgumentError, /per_sample_weights must be of the weight's type/],
    ['unknown mode', () => F.embeddingBag(idx, w, off, { mode: 'min' as F.EmbeddingBagMode }), ArgumentError, /mode must be one of 'sum', 'mean' or 'max'/],
    ['max with scale_grad_by_freq', () => F.embeddingBag(idx, w, off, { mode: 'max', scaleGradByFreq: true }), ArgumentError, /max mode does not support scaling the gradient/],
    ['max with sparse', () => F.embeddingBag(idx, w, off, { mode: 'max', sparse: true }), ArgumentError, /max mode does not support sparse weights/],
    ['float ids', () => F.embeddingBag(new Tensor([8]), w, off), ArgumentError, /indices must be a tensor of one of the scalar types Long, Int/],
    ['float offsets', () => F.embeddingBag(idx, w, new Tensor([2])), ArgumentError, /offsets must be a tensor of one of the scalar types Long, Int/],
    ['int64 weight', () => F.embeddingBag(idx, new Tensor([10, 3], 'int64'), off), ArgumentError, /weight must be a tensor of one of the scalar types Half, Float, Double/],
    ['bfloat16 weight', () => F.embeddingBag(idx, new Tensor([10, 3], 'bfloat16'), off), ArgumentError, /Half, Float, Double/],
    ['1-D weight', () => F.embeddingBag(idx, new Parameter([30]), off), ShapeError, /'weight' must be 2-D/],
    ['padding_idx past the end', () => F.embeddingBag(idx, w, off, { paddingIdx: 10 }), ArgumentError, /padding_idx must be within the number of embeddings/],
    ['padding_idx before the start', () => F.embeddingBag(idx, w, off, { paddingIdx: -11 }), ArgumentError, /padding_idx must be an integer in \[-10, 10\)/],
    ['include_last_offset, no offsets', () => F.embeddingBag(idx, w, ids(0), { includeLastOffset: true }), ShapeError, /include_last_offset: number of offset should be at least 1/],
    ['2-D input with no columns', () => F.embeddingBag(ids(2, 0), w), ArgumentError, /step must be nonzero/],
    ['layer padding_idx', () => new nn.EmbeddingBag(10, 3, { paddingIdx: 10 }), ArgumentError, /padding_idx must be within num_embeddings/],
    ['layer mode', () => new nn.EmbeddingBag(10, 3, { mode: 'min' as F.EmbeddingBagMode }), ArgumentError, /EmbeddingBag: mode must be one of/],
    ['layer _weight', () => new nn.EmbeddingBag(10, 3, { _weight: new Tensor([3, 10]) }), ArgumentError, /Shape of weight does not match num_embeddings and embedding_dim/],
  ];
  for (const [what, f, type, message] of cases) {
    try {
      f();
      assert.unreachable(`${what}: no error`);
    } catch (e) {
      assert.instance(e, type, what);
      assert.match((e as Error).message, message, what);
      assert.not.match((e as Error).message, /\n/, `${what}: one line`);
    }
  }
  // PyTorch's old argument order (weight, ids) is swapped back
  assert.equal([...F.embeddingBag(w, idx, off).shape], [2, 3]);
});

t('EmbeddingBag: the layer runs inside its scope; F.embeddingBag in the caller', () => {
  const bag = new nn.EmbeddingBag(100, 16, { mode: 'sum' });
  const model = new Call((x) => bag.call(x));
  model.registerModule('bag', bag);
  const [flops, acts] = analyzers(model, { inputs: [ids(2, 8)] });
  // layer_zoo_misc's bag_sum: numel, size, arange, reshape, embedding_bag; no flops, no activations
  assert.equal(
    flops.trace.nodes.map((n) => [n.kind, n.scopes[n.scopes.length - 1]]),
    [['aten::numel', 'bag'], ['aten::ScalarImplicit', 'bag'], ['aten::size', 'bag'], ['aten::ScalarImplicit', 'bag'], ['aten::arange', 'bag'], ['aten::reshape', 'bag'], ['aten::embedding_bag', 'bag']],
  );
  assert.is(Number(flops.total()), 0);
  assert.is(Number(acts.total()), 0);
  assert.equal(Object.fromEntries(flops.unsupportedOps()), { 'aten::numel': 1, 'aten::embedding_bag': 1 });
});

t('ParameterList: positions, names, Tensors wrapped, repr (layer_zoo_misc: scales)', () => {
  const scales = new nn.ParameterList([new Parameter([1]), new Parameter([3])]);
  assert.equal(scales.namedParameters().map(([n, p]) => [n, [...p.shape]]), [['0', [1]], ['1', [3]]]);
  assert.is(scales.extraRepr(), '  (0): Parameter containing: [torch.float32 of size 1]\n  (1): Parameter containing: [torch.float32 of size 3]');
  assert.is(scales.length, 2);
  assert.is(scales.at(-1), scales.at(1));
  assert.equal([...scales].map((p) => [...p.shape]), [[1], [3]]);
  const t = new Tensor([2, 2], 'float64');
  scales.append(t);
  const wrapped = scales.at(2);
  assert.instance(wrapped, Parameter);
  assert.equal([wrapped.dtype, [...wrapped.shape]], ['float64', [2, 2]]);
  scales.set(0, new Parameter([5]));
  assert.equal(scales.namedParameters().map(([n, p]) => [n, [...p.shape]]), [['0', [5]], ['1', [3]], ['2', [2, 2]]]);
  assert.is(new nn.ParameterList().extraRepr(), '');
  assert.throws(() => scales.at(3), (e: unknown) => e instanceof ArgumentError && /index 3 is out of range/.test(e.message));
  assert.throws(() => scales.at(-4), (e: unknown) => e instanceof ArgumentError && /out of range/.test(e.message));
  assert.throws(() => new nn.ParameterList([new Tensor([1], 'int64')]), (e: unknown) => e instanceof ArgumentError && /Only Tensors of floating point and complex dtype can require gradients/.test(e.message));
  assert.throws(() => scales.extend(new Tensor([2]) as never), (e: unknown) => e instanceof ArgumentError && /iterable of parameters/.test(e.message));
  assert.throws(() => scales.append(3 as never), (e: unknown) => e instanceof ArgumentError);
  assert.throws(() => scales.call(), (e: unknown) => e instanceof ArgumentError && /ParameterList should not be called/.test(e.message));
});

t('ParameterDict: key order, names, Tensors wrapped, repr (layer_zoo_misc: biases)', () => {
  // a plain object is a Python dict: sorted keys, as ParameterDict.update takes it
  const biases = new nn.ParameterDict({ ctr: new Parameter([1]), cls: new Parameter([3]) });
  assert.equal(biases.keys(), ['cls', 'ctr']);
  assert.equal(biases.namedParameters().map(([n, p]) => [n, [...p.shape]]), [['cls', [3]], ['ctr', [1]]]);
  assert.is(biases.extraRepr(), '  (cls): Parameter containing: [torch.FloatTensor of size 3]\n  (ctr): Parameter containing: [torch.FloatTensor of size 1]');
  // a Map (an OrderedDict) and a list of pairs keep their order
  assert.equal(new nn.ParameterDict(new Map([['z', new Parameter([1])], ['a', new Parameter([1])]])).keys(), ['z', 'a']);
  assert.equal(new nn.ParameterDict([['z', new Parameter([1])], ['a', new Parameter([1])]]).keys(), ['z', 'a']);
  assert.equal(new nn.ParameterDict(biases).keys(), ['cls', 'ctr']);
  biases.set('bias', new Tensor([2], 'float16'));
  biases.set('cls', new Parameter([4])); // an existing key keeps its place
  assert.equal(biases.entries().map(([k, p]) => [k, p.dtype, [...p.shape]]), [['cls', 'float32', [4]], ['ctr', 'float32', [1]], ['bias', 'float16', [2]]]);
  assert.equal([...biases], ['cls', 'ctr', 'bias']);
  assert.ok(biases.has('ctr') && !biases.has('x'));
  assert.is(biases.length, 3);
  biases.update({ y: new Parameter([1]), x: new Parameter([1]) });
  assert.equal(biases.keys(), ['cls', 'ctr', 'bias', 'x', 'y']);
  assert.throws(() => biases.get('nope'), (e: unknown) => e instanceof UnknownNameError && /cls, ctr, bias, x, y/.test(e.message));
  assert.throws(() => biases.set(1 as never, new Parameter([1])), (e: unknown) => e instanceof ArgumentError && /not a string/.test(e.message));
  assert.throws(() => new nn.ParameterDict({ update: new Parameter([1]) }), (e: unknown) => e instanceof ArgumentError && /attribute 'update' already exists/.test(e.message));
  assert.throws(() => new nn.ParameterDict([['a', new Parameter([1]), 3]] as never), (e: unknown) => e instanceof ArgumentError && /has length 2/.test(e.message));
  assert.throws(() => biases.call(), (e: unknown) => e instanceof ArgumentError && /ParameterDict should not be called/.test(e.message));
});

t('arange, linspace, flip: shapes, dtypes and errors as PyTorch 1.13', () => {
  const shape = (x: Tensor): [number[], string] => [[...x.shape] as number[], x.dtype];
  assert.equal(shape(F.arange(0, 10, 3)), [[4], 'int64']);
  assert.equal(shape(F.arange(1, 2.5, 0.5)), [[3], 'float32']);
  assert.equal(shape(F.arange(10, 0, -3)), [[4], 'int64']);
  assert.equal(shape(F.arange(0.5, 3.2, 1, { dtype: 'int64' })), [[3], 'int64']);
  assert.equal(shape(F.linspace(0, 1, 0)), [[0], 'float32']);
  assert.equal(shape(F.flip(new Tensor([]), 0)), [[], 'float32']);
  assert.equal(shape(F.flip(new Tensor([2, 3]), [])), [[2, 3], 'float32']);
  assert.throws(() => F.arange(0, 10, 0), (e: unknown) => e instanceof ArgumentError && /step must be nonzero/.test(e.message));
  assert.throws(() => F.arange(0, 1, 0.3, { dtype: 'int64' }), (e: unknown) => e instanceof ArgumentError && /step must be nonzero/.test(e.message));
  assert.throws(() => F.arange(5, 0), (e: unknown) => e instanceof ArgumentError && /upper bound and larger bound inconsistent with step sign/.test(e.message));
  assert.throws(() => F.linspace(0, 1, -1), (e: unknown) => e instanceof ArgumentError && /number of steps must be non-negative/.test(e.message));
  assert.throws(() => F.flip(new Tensor([2, 3]), [0, -2]), (e: unknown) => e instanceof ShapeError && /dim 0 appears multiple times in the list of dims/.test(e.message));
  assert.throws(() => F.flip(new Tensor([2, 3]), 2), (e: unknown) => e instanceof ShapeError && /dimension 2 out of range \[-2, 1\]/.test(e.message));
});

t.run();
