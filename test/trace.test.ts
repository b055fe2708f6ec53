// The trace layer: op schemas and named arguments, traced integers, the JIT's
// dead-code rule and its aten::Int conversions. Expected op lists and layouts
// are the reference's (its goldens show `x * 2` as [shape, []], `x ** 2` as
// [shape, None], aten::size's output as None, and each aten::Int right after
// the op that made its input).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ArgumentError, defineOp, emit, F, knownOps, opSchema, FlopAnalyzer, Module, nn, numel, ShapeError, Tensor, TracedInt, traceModel } from '../index.js';
import { analyzers, opsIn } from './helpers.js';

const t = suite('trace');

t('a new op in a few lines: schema line, emitter, counter', () => {
  const SCALED_ADD = defineOp('mylib::scaled_add', 'self:T other:T scale');
  const scaledAdd = (a: Tensor, b: Tensor, scale: number): Tensor => {
    const y = new Tensor(a.shape);
    emit(SCALED_ADD, { self: a, other: b, scale }, [y]);
    return y;
  };
  class Net extends Module {
    override forward(x: Tensor): Tensor {
      return scaledAdd(x, x, 0.5);
    }
  }
  const flops = new FlopAnalyzer(new Net(), [new Tensor([2, 3, 4])]);
  flops.setOpHandle('mylib::scaled_add', (node) => 2n * numel(node.tensor('self')!) * (node.arg('scale') === 0.5 ? 1n : 0n));
  assert.is(flops.total(), 48n); // 2 * 24 elements
  const node = flops.trace.nodes[0]!;
  assert.equal(node.inputs, [[2, 3, 4], [2, 3, 4], null]);
  assert.equal(node.outputs, [[2, 3, 4]]);
});

t('every built-in schema parses; layouts have the reference\'s argument counts', () => {
  for (const name of knownOps()) assert.ok(opSchema(name).args.length >= 1, name);
  // Counts as the reference's goldens show them (inputs per node).
  assert.is(opSchema('aten::_convolution').args.length, 13);
  assert.is(opSchema('aten::batch_norm').args.length, 9);
  assert.is(opSchema('aten::avg_pool2d').args.length, 7);
  assert.is(opSchema('aten::pad').args.length, 4);
  assert.is(opSchema('aten::empty').args.length, 6);
  assert.is(opSchema('aten::sum.dim_IntList').kind, 'aten::sum');
  assert.throws(() => opSchema('aten::nope'), (e: Error) => e.name === 'UnknownNameError');
  // A bad schema line of one's own is a typed error naming the op and the word.
  assert.throws(() => defineOp('mylib::bad', 'self:X'), (e: Error) => e instanceof ArgumentError && /mylib::bad/.test(e.message) && /self:X/.test(e.message));
  assert.throws(() => defineOp('mylib::twice', 'self:T self'), (e: Error) => e instanceof ArgumentError);
  assert.throws(() => defineOp('mylib::ret', 'self:T -> tuple'), (e: Error) => e instanceof ArgumentError);
});

t('an argument the schema does not name is a typed error naming the op and the argument', () => {
  const OP = defineOp('mylib::unary', 'self:T');
  class Bad extends Module {
    override forward(x: Tensor): Tensor {
      emit(OP, { self: x, alpha: 2 }, [x]);
      return x;
    }
  }
  assert.throws(
    () => traceModel(new Bad(), [new Tensor([1])]),
    (e: Error) => e instanceof ArgumentError && e.message.includes('mylib::unary') && e.message.includes('alpha'),
  );
});

t('Python numbers: wrapped as 0-dim tensors by arithmetic, None where the op takes a Scalar', () => {
  class Net extends Module {
    override forward(x: Tensor): Tensor {
      return F.pow(F.mul(F.add(x, 1), 2), 2);
    }
  }
  const [flops] = analyzers(new Net(), { inputs: [[2, 3]] });
  assert.equal(
    flops.trace.nodes.map((n) => [n.kind, n.inputs]),
    [
      ['aten::add', [[2, 3], [], null]],
      ['aten::mul', [[2, 3], []]],
      ['aten::pow', [[2, 3], null]],
    ],
  );
});

t('x.size(d) is a traced integer; arithmetic keeps Python semantics', () => {
  const x = new Tensor([7, 5]);
  const h = x.size(0);
  assert.ok(h instanceof TracedInt);
  assert.is(h.value, 7);
  assert.equal(h.shape, []);
  assert.is(x.size(-1).value, 5);
  assert.is(h.floordiv(2).value, 3);
  assert.is(h.rsub(2).floordiv(3).value, -2); // (2 - 7) // 3 = -5 // 3 = -2 in Python
  assert.is(h.rsub(2).mod(3).value, 1); // -5 % 3 = 1 in Python
  assert.is(h.mul(x.size(1)).value, 35);
  assert.is(h.div(2).value, 3.5);
  assert.is(h.rdiv(14).value, 2);
  assert.throws(() => x.size(2), (e: Error) => e instanceof ShapeError);
  assert.throws(() => h.floordiv(0), (e: Error) => e instanceof ShapeError);
  assert.equal(x.size().map((s) => s.value), [7, 5]);
});

t('dead code: sizes and ops whose results reach no output are not traced', () => {
  class Net extends Module {
    fc = new nn.Linear(4, 4);
    unused = new nn.Linear(4, 2);
    override forward(x: Tensor): Tensor {
      const [b, , c] = x.size() as [TracedInt, TracedInt, TracedInt]; // the middle size is never used
      this.unused.call(x); // result dropped: the module counts as uncalled
      F.relu(x); // result dropped
      b.mul(c); // result dropped
      return F.view(this.fc.call(x), [b, -1]);
    }
  }
  const [flops] = analyzers(new Net(), { inputs: [[2, 3, 4]] });
  assert.equal(
    flops.trace.nodes.map((n) => [n.kind, n.scopes[n.scopes.length - 1] ?? '']),
    [
      ['aten::size', ''],
      ['aten::Int', ''],
      ['aten::linear', 'fc'],
      ['aten::view', ''],
    ],
  );
  assert.is(flops.total(), 2n * 3n * 4n * 4n);
  assert.ok(flops.uncalledModules().has('unused'));
  // The size's output is a Python int (None); its conversion feeds the view.
  assert.equal(flops.trace.nodes[0]!.outputs, [null]);
  assert.equal(flops.trace.nodes[1]!.inputs, [[]]);
});

t('in-place writes are kept: they change state later ops read', () => {
  class Net extends Module {
    bn = new nn.BatchNorm1d(4);
    override forward(x: Tensor): Tensor {
      const mask = F.zeros([3, 3]);
      F.fill_(F.slice(mask, 0, 0, 1), 1); // mask[0:1] = 1: the slice itself is not used again
      return F.add(this.bn.call(x), F.sum(mask));
    }
  }
  const [flops] = analyzers(new Net(), { inputs: [[2, 4]] });
  assert.equal(opsIn(flops, ''), ['aten::zeros', 'aten::slice', 'aten::fill_', 'aten::sum', 'aten::add']);
  // Training mode: num_batches_tracked.add_(1), then batch_norm.
  assert.equal(opsIn(flops, 'bn'), ['aten::add_', 'aten::batch_norm']);
});

t('an in-place write is dead when nothing reads what it wrote (JIT dead-code elimination)', () => {
  // Expected: torch.jit._get_trace_graph of the same module in PyTorch 1.13 (the
  // reference's tracer): [linear, mul, select, fill_, view, add_, mul_, add_,
  // view, sum, add]. The dead linear and its mul_, and the linear, t and mul_
  // of `w`, are dropped; the writes through a view of a live tensor, to the
  // input and to the buffer are kept.
  const buffer = new Tensor([4]);
  class Net extends Module {
    l = new nn.Linear(4, 4);
    constructor() {
      super();
      this.registerBuffer('b', buffer);
    }
    override forward(x: Tensor): Tensor {
      const y = this.l.call(x);
      const dead = this.l.call(x);
      F.mul_(dead, 2); // a fresh result nothing reads again
      const z = F.mul(y, 2);
      F.fill_(F.select(z, 1, 0), 1); // z[:, 0] = 1: read through z
      const v = F.view(y, [-1]);
      F.add_(y, 1); // read through the view v
      F.mul_(x, 1); // the input
      F.add_(buffer, 1); // a buffer
      const w = this.l.call(x);
      F.mul_(F.t(w), 2); // through a view of a tensor nothing reads
      return F.add(z, F.sum(F.view(v, [2, 4])));
    }
  }
  const [flops] = analyzers(new Net(), { inputs: [[2, 4]] });
  assert.equal(
    flops.trace.nodes.map((n) => n.kind),
    ['aten::linear', 'aten::mul', 'aten::select', 'aten::fill_', 'aten::view', 'aten::add_', 'aten::mul_', 'aten::add_', 'aten::view', 'aten::sum', 'aten::add'],
  );
});

t('a traced integer used where an op takes an int: one aten::Int per use, right after its producer', () => {
  class Net extends Module {
    override forward(x: Tensor): Tensor[] {
      const b = x.size(0);
      const y = F.relu(x);
      return [F.view(y, [b, -1]), F.reshape(y, [b, 2, -1])];
    }
  }
  const [flops] = analyzers(new Net(), { inputs: [[2, 4, 6]] });
  assert.equal(
    flops.trace.nodes.map((n) => n.kind),
    ['aten::size', 'aten::Int', 'aten::Int', 'aten::relu', 'aten::view', 'aten::reshape'],
  );
});

t('a forward whose output holds no tensor is a typed error (torch.jit.trace rejects it too)', () => {
  class Net extends Module {
    override forward(x: Tensor): number {
      F.relu(x);
      return 3;
    }
  }
  assert.throws(() => traceModel(new Net(), [new Tensor([1])]), (e: Error) => e instanceof ArgumentError && /forward output/.test(e.message));
});

t('module calls: each call of a tree module with its arguments, output and enclosing call, dead ones too', () => {
  class Net extends Module {
    readonly body = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU());
    readonly unused = new nn.Linear(4, 5);
    override forward(x: Tensor): Tensor {
      this.unused.call(x); // dead code: the JIT drops its op, a hook still fires
      const y = this.body.call(x);
      return this.body.call(F.pad(y, [0, 1]));
    }
  }
  const trace = traceModel(new Net(), [new Tensor([2, 4])]);
  const calls = trace.calls.map((c) => [c.name, c.parent, (c.args[0] as Tensor).shape, (c.output as Tensor).shape]);
  assert.equal(calls, [
    ['', -1, [2, 4], [2, 3]],
    ['unused', 0, [2, 4], [2, 5]],
    ['body', 0, [2, 4], [2, 3]],
    ['body.0', 2, [2, 4], [2, 3]],
    ['body.1', 2, [2, 3], [2, 3]],
    ['body', 0, [2, 4], [2, 3]],
    ['body.0', 5, [2, 4], [2, 3]],
    ['body.1', 5, [2, 3], [2, 3]],
  ]);
  assert.not.ok(trace.nodes.some((n) => n.scope?.name === 'unused'));
});

t.run();
