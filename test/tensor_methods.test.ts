// Tensor methods (`x.view(b, -1)`, `x.softmax(-1)`, `x.max(1)`, ...), each
// against its F form and PyTorch 1.13 (test/fixtures/tensor_methods.json,
// from test/fixtures/tensor_methods_cases.py: output shapes and dtypes from
// PyTorch, the traced ops and counts from the reference tool run on each
// expression wrapped as the module `inner` in a module with one parameter).
// The method form must record exactly what the F form records: the same ops,
// arguments, scopes and shapes.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { F, Module, Parameter, Tensor, type DType } from '../index.js';
import { analyzers, fixture } from './helpers.js';

interface Expected {
  inputs: number[][];
  dtypes: DType[];
  expr: string;
  shapes: number[][];
  dtypes_out: string[];
  ops: { op: string; scope: string; in: (number[] | null)[]; out: (number[] | null)[] }[];
  flops: number;
  unsupported: Record<string, number>;
}

const EXPECTED = fixture<Record<string, Expected>>('tensor_methods.json');

type Out = Tensor | readonly Tensor[];
type Form = (a: Tensor, b: Tensor) => Out;

/** Each case: its method form and its F form. */
const CASES: Record<string, [Form, Form]> = {
  view: [(a) => a.view(6, 4), (a) => F.view(a, [6, 4])],
  view_list: [(a) => a.view([2, -1]), (a) => F.view(a, [2, -1])],
  reshape: [(a) => a.reshape(4, -1), (a) => F.reshape(a, [4, -1])],
  permute: [(a) => a.permute(2, 0, 1), (a) => F.permute(a, [2, 0, 1])],
  permute_list: [(a) => a.permute([2, 0, 1]), (a) => F.permute(a, [2, 0, 1])],
  transpose: [(a) => a.transpose(0, 2), (a) => F.transpose(a, 0, 2)],
  contiguous: [(a) => a.transpose(0, 1).contiguous(), (a) => F.contiguous(F.transpose(a, 0, 1))],
  flatten: [(a) => a.flatten(1), (a) => F.flatten(a, 1)],
  flatten_all: [(a) => a.flatten(), (a) => F.flatten(a)],
  unsqueeze: [(a) => a.unsqueeze(-1), (a) => F.unsqueeze(a, -1)],
  squeeze_dim: [(a) => a.squeeze(1), (a) => F.squeeze(a, 1)],
  squeeze_all: [(a) => a.squeeze(), (a) => F.squeeze(a)],
  expand: [(a) => a.expand(2, 5, -1), (a) => F.expand(a, [2, 5, -1])],
  expand_list: [(a) => a.expand([3, 2, 5, 4]), (a) => F.expand(a, [3, 2, 5, 4])],
  repeat: [(a) => a.repeat(2, 1, 1, 2), (a) => F.repeat(a, [2, 1, 1, 2])],
  chunk: [(a) => a.chunk(2, 2), (a) => F.chunk(a, 2, 2)],
  split: [(a) => a.split(2, 2), (a) => F.split(a, 2, 2)],
  split_sizes: [(a) => a.split([1, 4], 2), (a) => F.split(a, [1, 4], 2)],
  matmul: [(a, b) => a.matmul(b), (a, b) => F.matmul(a, b)],
  bmm: [(a, b) => a.bmm(b), (a, b) => F.bmm(a, b)],
  add: [(a, b) => a.add(b), (a, b) => F.add(a, b)],
  add_number: [(a) => a.add(2), (a) => F.add(a, 2)],
  sub: [(a, b) => a.sub(b), (a, b) => F.sub(a, b)],
  sub_number: [(a) => a.sub(0.5), (a) => F.sub(a, 0.5)],
  mul: [(a, b) => a.mul(b), (a, b) => F.mul(a, b)],
  mul_number: [(a) => a.mul(3), (a) => F.mul(a, 3)],
  div: [(a, b) => a.div(b), (a, b) => F.div(a, b)],
  div_number: [(a) => a.div(2), (a) => F.div(a, 2)],
  pow: [(a) => a.pow(2), (a) => F.pow(a, 2)],
  pow_tensor: [(a, b) => a.pow(b), (a, b) => F.pow(a, b)],
  sqrt: [(a) => a.sqrt(), (a) => F.sqrt(a)],
  rsqrt: [(a) => a.rsqrt(), (a) => F.rsqrt(a)],
  exp: [(a) => a.exp(), (a) => F.exp(a)],
  log: [(a) => a.log(), (a) => F.log(a)],
  sin: [(a) => a.sin(), (a) => F.sin(a)],
  cos: [(a) => a.cos(), (a) => F.cos(a)],
  abs: [(a) => a.abs(), (a) => F.abs(a)],
  neg: [(a) => a.neg(), (a) => F.neg(a)],
  sum: [(a) => a.sum(), (a) => F.sum(a)],
  sum_dim: [(a) => a.sum(-1), (a) => F.sum(a, -1)],
  sum_dims_keep: [(a) => a.sum([0, 2], true), (a) => F.sum(a, [0, 2], true)],
  mean: [(a) => a.mean(), (a) => F.mean(a)],
  mean_dim: [(a) => a.mean(1), (a) => F.mean(a, 1)],
  mean_dims_keep: [(a) => a.mean([0, 1], true), (a) => F.mean(a, [0, 1], true)],
  max: [(a) => a.max(), (a) => F.max(a)],
  max_dim: [(a) => a.max(1), (a) => F.max(a, 1)],
  max_dim_keep: [(a) => a.max(-1, true), (a) => F.max(a, -1, true)],
  max_other: [(a, b) => a.max(b), (a, b) => F.max(a, b)],
  min: [(a) => a.min(), (a) => F.min(a)],
  min_dim: [(a) => a.min(1), (a) => F.min(a, 1)],
  min_dim_keep: [(a) => a.min(0, true), (a) => F.min(a, 0, true)],
  min_other: [(a, b) => a.min(b), (a, b) => F.min(a, b)],
  amax: [(a) => a.amax(-1), (a) => F.amax(a, -1)],
  amax_all: [(a) => a.amax(), (a) => F.amax(a)],
  amax_dims_keep: [(a) => a.amax([0, 2], true), (a) => F.amax(a, [0, 2], true)],
  softmax: [(a) => a.softmax(-1), (a) => F.softmax(a, -1)],
  masked_fill: [(a, b) => a.maskedFill(F.gt(b, 0), -1.0), (a, b) => F.maskedFill(a, F.gt(b, 0), -1.0)],
  masked_fill_broadcast: [(a, b) => a.maskedFill(F.gt(b, 0), 0.0), (a, b) => F.maskedFill(a, F.gt(b, 0), 0.0)],
  float: [(a) => a.float(), (a) => F.to(a, 'float32')],
  to: [(a) => a.to('int64'), (a) => F.to(a, 'int64')],
};

class Inner extends Module {
  constructor(private readonly fn: Form) {
    super();
  }
  override forward(a: Tensor, b: Tensor): Out {
    return this.fn(a, b);
  }
}

/** The reference's wrapper: the expression as `inner`, one parameter. */
class Wrap extends Module {
  inner: Inner;
  anchor = new Parameter([1]);
  constructor(fn: Form) {
    super();
    this.inner = new Inner(fn);
  }
  override forward(a: Tensor, b: Tensor): Out {
    return this.inner.call(a, b) as Out;
  }
}

function run(fn: Form, e: Expected) {
  const model = new Wrap(fn);
  const inputs = e.inputs.map((s, i) => new Tensor(s, e.dtypes[i]));
  const y = model.forward(inputs[0]!, inputs[1]!);
  const outs = Array.isArray(y) ? (y as readonly Tensor[]) : [y as Tensor];
  const [flops] = analyzers(model, { inputs });
  const ops = flops.trace.nodes.map((n) => ({
    op: n.kind,
    scope: n.scopes[n.scopes.length - 1] ?? '',
    in: n.inputs.map((s) => (s === null ? null : [...s])),
    out: n.outputs.map((s) => (s === null ? null : [...s])),
  }));
  return { shapes: outs.map((t) => [...t.shape]), dtypes: outs.map((t) => t.dtype), ops, flops: Number(flops.total()), unsupported: Object.fromEntries(flops.unsupportedOps()) };
}

const t = suite('tensor methods');

t('every PyTorch case has a method and an F form and the other way round', () => {
  assert.equal(Object.keys(CASES).sort(), Object.keys(EXPECTED).sort());
});

for (const [name, [method, functional]] of Object.entries(CASES)) {
  t(`${name}: the method records what its F form records, with PyTorch's shapes`, () => {
    const e = EXPECTED[name]!;
    const m = run(method, e);
    const f = run(functional, e);
    assert.equal(m, f);
    assert.equal(m.shapes, e.shapes);
    assert.equal(m.dtypes, e.dtypes_out);
    assert.equal(m.ops, e.ops);
    assert.is(m.flops, e.flops);
    assert.equal(m.unsupported, e.unsupported);
  });
}

t('max / min over a dimension name their values and indices', () => {
  const x = new Tensor([2, 3, 4]);
  const r = x.max(1);
  assert.is(r.values, r[0]);
  assert.is(r.indices, r[1]);
  assert.is(r.indices.dtype, 'int64');
  assert.is(x.min(0, true).values.shape.join(','), '1,3,4');
});

t('dim() is the rank, a plain number', () => {
  assert.is(new Tensor([2, 3, 4]).dim(), 3);
  assert.is(new Tensor([]).dim(), 0);
});

t('a traced integer keeps its own arithmetic', () => {
  const x = new Tensor([6, 4]);
  const n = x.size(0);
  assert.is(n.mul(2).value, 12);
  assert.is(n.div(4).value, 1.5);
});

t.run();
