// The ops the layer_zoo_transformer port added: F.full, F.triu / F.tril (and
// the Tensor methods), F.onesLike, F.ones / F.zeros with a dtype, F.arange
// from a start (with a step, with a dtype), the eq / ne / logicalOr methods
// and nn.Transformer.generateSquareSubsequentMask. The trace is compared with
// the reference tool on PyTorch 1.13 (test/fixtures/layers_transformer_ops.json,
// written by shared/reference/gen.py for test/fixtures/layers_transformer_ops_cases.py,
// ported below); dtypes and errors are PyTorch 1.13's (noted where checked).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ArgumentError, F, Module, nn, ShapeError, Tensor } from '../index.js';
import { assertModelMatchesGolden, assertModulesMatchGolden, assertOpsMatchGolden, goldenInput, type Golden } from './golden_check.js';
import { analyzers, fixture } from './helpers.js';

const t = suite('layers: transformer ops (full, triu, tril, ones_like, arange, masks)');

class MaskOps extends Module {
  proj = new nn.Linear(8, 8);

  override forward(x: Tensor, ids: Tensor): Tensor[] { // (B, L, 8) float, (B, L) int64
    const L = x.size(1);
    const causal = nn.Transformer.generateSquareSubsequentMask(L); // full + triu, float
    const lower = F.tril(F.ones([L, L], 'bool'), -1);
    const keep = F.full([L, L], 1, 'bool');
    const upper = F.add(F.select(x, 0, 0).triu(1), F.select(x, 0, 0).tril());
    const pad = ids.eq(0).logicalOr(ids.ne(3)); // (B, L) bool
    const ones = F.onesLike(ids);
    const pos = F.arange(L, { dtype: 'float32' });
    const even = F.arange(0, L, 2);
    const tail = F.arange(1, L);
    let s = F.add(F.matmul(this.proj.call(x), F.transpose(x, 1, 2)), causal); // (B, L, L)
    s = F.maskedFill(F.maskedFill(s, lower, -1.0), keep, 0.0);
    s = F.maskedFill(s, F.slice(F.unsqueeze(F.slice(pad, 0), 1), 2), -Infinity);
    return [s, upper, ones, pos, even, tail];
  }
}

const golden = fixture<Golden>('layers_transformer_ops.json');

t('every op as the reference traces it: names, scopes, argument layout, shapes; counts and unsupported ops', () => {
  const m = new MaskOps().eval();
  const [flops, acts] = analyzers(m, goldenInput(golden));
  assertOpsMatchGolden(golden, flops);
  assertModulesMatchGolden(golden, m, flops);
  assert.is(flops.total(), BigInt(golden.flops)); // 1344: the linear and the matmul
  assert.is(acts.total(), BigInt(golden.activations));
  // full, ones, arange, eq, masked_fill are ignored; triu, tril, ne, logical_or, ones_like unsupported.
  assert.equal(Object.fromEntries(flops.unsupportedOps()), golden.flops_unsupported_ops);
  assertModelMatchesGolden(golden, new MaskOps().eval());
});

t('the traced dtypes are PyTorch 1.13\'s', () => {
  const outs = new MaskOps().eval().call(new Tensor([2, 6, 8]), new Tensor([2, 6], 'int64'));
  const dtypes = outs.map((o) => o.dtype);
  // s float32, triu + tril of float32, ones_like(int64) int64, arange(L, dtype=torch.float) float32, integer aranges int64.
  assert.equal(dtypes, ['float32', 'float32', 'int64', 'float32', 'int64', 'int64']);
});

t('F.full: float32 unless a dtype is given; sizes may be traced; a bool fill is refused', () => {
  assert.is(F.full([2, 3], -Infinity).dtype, 'float32'); // torch.full((2, 3), float('-inf')).dtype
  assert.equal(F.full([2, 3], 1, 'bool').shape, [2, 3]);
  assert.is(F.full([2, 3], 1, 'bool').dtype, 'bool');
  assert.is(F.full([2, 3], 7, 'int64').dtype, 'int64');
  assert.equal(F.full([], 0.5).shape, []);
  // torch.jit.trace of torch.full((3, 3), True) fails in PyTorch 1.13 (no aten::full takes a bool Scalar).
  assert.throws(() => F.full([3, 3], true as unknown as number), (e: unknown) => e instanceof ArgumentError && /aten::full: fill_value/.test(e.message));
  assert.throws(() => F.full([2, -1], 0), (e: unknown) => e instanceof ArgumentError && /aten::full: size/.test(e.message));
  assert.throws(() => F.full([2, 2], 0, 'float128' as 'float32'), (e: unknown) => e instanceof ArgumentError && /aten::full: dtype/.test(e.message));
});

t('F.triu / F.tril and the methods: the input\'s shape and dtype, batched too; at least 2-D', () => {
  const b = F.ones([2, 3], 'bool');
  assert.is(F.tril(b).dtype, 'bool'); // torch.ones(2, 3, dtype=torch.bool).tril().dtype
  assert.is(new Tensor([2, 3]).triu(1).dtype, 'float32');
  assert.equal(F.triu(new Tensor([4, 5, 6]), -2).shape, [4, 5, 6]);
  assert.equal(new Tensor([4, 5, 6]).tril(3).shape, [4, 5, 6]);
  // torch.triu(torch.zeros(3)): "Dimension out of range (expected to be in range of [-1, 0], but got -2)"
  assert.throws(() => F.triu(new Tensor([3])), (e: unknown) => e instanceof ShapeError && /aten::triu/.test(e.message) && /\[3\]/.test(e.message));
  assert.throws(() => new Tensor([]).tril(), (e: unknown) => e instanceof ShapeError && /aten::tril/.test(e.message));
  assert.throws(() => F.triu(new Tensor([3, 3]), 0.5), (e: unknown) => e instanceof ArgumentError && /aten::triu: diagonal/.test(e.message));
  assert.throws(() => F.tril([3, 3] as unknown as Tensor), (e: unknown) => e instanceof ArgumentError && /aten::tril: self/.test(e.message));
});

t('F.onesLike, F.zerosLike, F.ones / F.zeros with a dtype', () => {
  const ids = new Tensor([2, 6], 'int64');
  assert.is(F.onesLike(ids).dtype, 'int64'); // torch.ones_like(long tensor).dtype
  assert.is(F.onesLike(ids, 'float32').dtype, 'float32');
  assert.equal(F.onesLike(ids).shape, [2, 6]);
  assert.is(F.zerosLike(ids, 'bool').dtype, 'bool');
  assert.is(F.ones([2, 2], 'bool').dtype, 'bool');
  assert.is(F.zeros([2, 2]).dtype, 'float32');
  assert.is(F.zeros([2, 2], 'int64').dtype, 'int64');
  assert.throws(() => F.onesLike(3 as unknown as Tensor), (e: unknown) => e instanceof ArgumentError && /aten::ones_like: self/.test(e.message));
  assert.throws(() => F.ones([2], 'half' as 'float16'), (e: unknown) => e instanceof ArgumentError && /aten::ones: dtype/.test(e.message));
});

t('F.arange: end, start and end, a step; dtypes as PyTorch infers them; its errors', () => {
  assert.equal([F.arange(5).shape, F.arange(5).dtype], [[5], 'int64']);
  assert.equal([F.arange(0, 5, 2).shape, F.arange(0, 5, 2).dtype], [[3], 'int64']);
  assert.equal([F.arange(5, { dtype: 'float32' }).shape, F.arange(5, { dtype: 'float32' }).dtype], [[5], 'float32']);
  assert.equal([F.arange(2.5).shape, F.arange(2.5).dtype], [[3], 'float32']);
  assert.equal([F.arange(0, 5, 0.5).shape, F.arange(0, 5, 0.5).dtype], [[10], 'float32']);
  assert.equal(F.arange(5, 0, -2).shape, [3]);
  // torch.arange(0.5, 5.7, 2, dtype=torch.long) is tensor([0, 2, 4]): the bounds are truncated first.
  assert.equal(F.arange(0.5, 5.7, 2, { dtype: 'int64' }).shape, [3]);
  // "step must be nonzero"; "upper bound and larger bound inconsistent with step sign"; "arange_cpu" not implemented for 'Bool'.
  assert.throws(() => F.arange(0, 5, 0), (e: unknown) => e instanceof ArgumentError && /aten::arange: step/.test(e.message));
  assert.throws(() => F.arange(5, 0), (e: unknown) => e instanceof ArgumentError && /aten::arange: end/.test(e.message) && /inconsistent with step sign/.test(e.message));
  assert.throws(() => F.arange(5, { dtype: 'bool' }), (e: unknown) => e instanceof ArgumentError && /aten::arange: dtype/.test(e.message));
  assert.throws(() => F.arange(Infinity), (e: unknown) => e instanceof ArgumentError && /aten::arange: end/.test(e.message));
  assert.throws(() => F.arange(0, 5, 1, 2 as unknown as { dtype: 'int64' }), (e: unknown) => e instanceof ArgumentError && /aten::arange/.test(e.message));
});

t('eq / ne / logicalOr methods: bool results of the broadcast shape; logicalOr takes tensors only', () => {
  const ids = new Tensor([2, 6], 'int64');
  assert.equal([ids.eq(0).shape, ids.eq(0).dtype], [[2, 6], 'bool']);
  assert.equal(ids.ne(new Tensor([1, 6], 'int64')).shape, [2, 6]);
  assert.equal([ids.eq(0).logicalOr(new Tensor([3, 1, 1], 'bool')).shape, ids.eq(0).logicalOr(ids.ne(3)).dtype], [[3, 2, 6], 'bool']);
  // torch.zeros(3).logical_or(2): "argument 'other' (position 1) must be Tensor, not int"
  assert.throws(() => ids.logicalOr(2 as unknown as Tensor), (e: unknown) => e instanceof ArgumentError && /aten::logical_or: other/.test(e.message));
  assert.throws(() => ids.eq(new Tensor([3])), (e: unknown) => e instanceof ShapeError && /aten::eq/.test(e.message));
});

t('Transformer.generateSquareSubsequentMask: full then triu(1), float32, static or on a layer', () => {
  const m = nn.Transformer.generateSquareSubsequentMask(9);
  assert.equal([m.shape, m.dtype], [[9, 9], 'float32']);
  const layer = new nn.Transformer(8, 2, { numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16 });
  assert.equal(layer.generateSquareSubsequentMask(4).shape, [4, 4]);
  assert.throws(() => nn.Transformer.generateSquareSubsequentMask(-1), (e: unknown) => e instanceof ArgumentError && /aten::full: size/.test(e.message));
});

t.run();
