// The concrete-only readers (issue 14): the other tools' conventions, `full`,
// the training step, the roofline and numpy's einsum path cost count concrete
// shapes only. Given a symbolic trace they stop at the first shape they read
// with one SymbolicError naming the symbol and the op or module, never a
// TypeError or a wrong number; given a concrete trace they count as before.
//
// A symbolic trace is simulated: the model is traced with a batch of 7 (no
// parameter has a 7 in its shape), then every traced tensor's 7 becomes the
// symbol B (an op's outputs are read from its tensors on first use: after that). (Tensors are built past the constructor because the constructor's
// check of symbolic sizes is core's, being widened in parallel.)

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Tensor, nn, traceModel, type Module, type Trace } from '../index.js';
import type { Shape } from '../core/shape.js';
import { SymbolicError, symbol } from '../core/symbolic.js';
import { conventions } from '../analysis/conventions/registry.js';
import { firstShape, outputShape, tensorShape } from '../analysis/conventions/tally.js';
import { einsumPathCost, optimalEinsumFlops } from '../analysis/einsum_cost.js';
import { opFlops } from '../analysis/roofline.js';
import { trainStepFlops } from '../analysis/train_step.js';
import { forEachTensor } from '../trace/tracer.js';

const test = suite('symbolic: concrete-only readers');

const BATCH = 7;
const B = symbol('B');

/** Gives `t` the shape `shape` (a symbolic one included). */
function reshapeInPlace(t: Tensor, shape: Shape): void {
  Object.defineProperty(t, 'shape', { value: Object.freeze([...shape]), writable: false, configurable: true });
}

/** A tensor of a symbolic shape. */
function symbolicTensor(shape: Shape): Tensor {
  const t = new Tensor(shape.map((d) => (typeof d === 'number' ? d : BATCH)));
  reshapeInPlace(t, shape);
  return t;
}

/** `model` traced with `shape` (batch 7), then every 7 in a traced tensor's shape made B. */
function symbolicTrace(model: Module, shape: readonly number[]): Trace {
  const trace = traceModel(model.eval(), [new Tensor(shape)]);
  const seen = new Set<Tensor>();
  const symbolize = (t: Tensor): void => {
    if (seen.has(t)) return;
    seen.add(t);
    if (t.shape.includes(BATCH)) reshapeInPlace(t, t.shape.map((d) => (d === BATCH ? B : d)));
  };
  for (const node of trace.nodes) for (const v of Object.values(node.args)) forEachTensor(v, symbolize);
  for (const call of trace.calls) {
    forEachTensor(call.args, symbolize);
    forEachTensor(call.output, symbolize);
  }
  return trace;
}

/** Asserts `run` throws one SymbolicError naming B and (in its message) `mentions`. */
function throwsSymbolic(run: () => unknown, mentions: RegExp, what: string): void {
  let thrown: unknown;
  try {
    run();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof SymbolicError, `${what}: expected a SymbolicError, got ${thrown instanceof Error ? `${thrown.constructor.name}: ${thrown.message}` : String(thrown)}`);
  const err = thrown as SymbolicError;
  assert.equal([...err.symbols], ['B'], `${what}: symbols`);
  assert.match(err.message, mentions, `${what}: ${err.message}`);
  assert.match(err.message, /give B a concrete value/, `${what}: the remedy`);
}

const MODELS: Record<string, () => [Module, number[]]> = {
  mlp: () => [new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 3), new nn.Softmax(-1)), [BATCH, 4]],
  cnn: () => [new nn.Sequential(new nn.Conv2d(3, 8, 3), new nn.BatchNorm2d(8), new nn.ReLU(), new nn.MaxPool2d(2), new nn.AdaptiveAvgPool2d(1)), [BATCH, 3, 10, 10]],
  lstm: () => [new nn.LSTM(4, 6, 2), [3, BATCH, 4]],
};

const COUNTING = conventions().filter((c) => c.name !== 'fvcore');

test('every convention but fvcore stops at a symbolic shape with one SymbolicError naming B and the op or module', () => {
  assert.ok(COUNTING.length >= 7, `conventions: ${COUNTING.map((c) => c.name).join(', ')}`);
  for (const [name, make] of Object.entries(MODELS)) {
    const [model, shape] = make();
    const trace = symbolicTrace(model, shape);
    for (const c of COUNTING) throwsSymbolic(() => c.count(trace), /aten::\w+|\w+ \(the model\)|\w+ '[\w.]+'/, `${name} under ${c.name}`);
  }
});

test('the same models traced concretely count under every convention (no SymbolicError on plain numbers)', () => {
  for (const [name, make] of Object.entries(MODELS)) {
    const [model, shape] = make();
    const trace = traceModel(model.eval(), [new Tensor(shape)]);
    for (const c of COUNTING) {
      const counts = c.count(trace);
      assert.ok(typeof counts.perModule[0] === 'bigint', `${name} under ${c.name}`);
    }
  }
});

test('full and the training step stop at a symbolic shape, naming the op', () => {
  const [model, shape] = MODELS.mlp!();
  const trace = symbolicTrace(model, shape);
  const linear = trace.nodes.find((n) => n.kind === 'aten::linear')!;
  throwsSymbolic(() => opFlops(linear), /aten::linear: input/, 'roofline opFlops (full) of aten::linear');
  // The training step traces the forward again (for its backward); where that stops depends on the layers, so only the symbol is checked.
  throwsSymbolic(() => trainStepFlops(trace), /\bB\b/, 'trainStepFlops');
});

test('readers name the op and argument, or the module call and value', () => {
  const [model, shape] = MODELS.mlp!();
  const trace = symbolicTrace(model, shape);
  const linear = trace.nodes.find((n) => n.kind === 'aten::linear')!;
  throwsSymbolic(() => tensorShape(linear, 'input'), /^aten::linear: input must be a concrete number, got B/, 'tensorShape');
  throwsSymbolic(() => outputShape(linear), /^aten::linear: output 0 must be a concrete number, got B/, 'outputShape');
  // The weight is a parameter: concrete, read as given.
  assert.equal(tensorShape(linear, 'weight'), [8, 4]);
  assert.is(tensorShape(linear, 'no_such_argument'), null);
  throwsSymbolic(() => firstShape([[symbolicTensor([B, 2])]], () => "LSTM 'rnn': input"), /^LSTM 'rnn': input must be a concrete number/, 'firstShape of a nested list');
  assert.equal(firstShape([[new Tensor([5, 2])]], () => 'unused'), [5, 2]);
  assert.is(firstShape([], () => 'unused'), null);
});

test("numpy's einsum path cost: concrete operands only (the path search compares costs)", () => {
  throwsSymbolic(() => einsumPathCost('bij,bjk->bik', [[B, 2, 3], [B, 3, 4]]), /aten::einsum: operand 0/, 'einsumPathCost');
  throwsSymbolic(() => optimalEinsumFlops('ij,jk->ik', [[2, 3], [3, B]]), /aten::einsum: operand 1/, 'optimalEinsumFlops');
  // Concrete: one contraction, 2*3*4 multiply-adds over j summed, numpy's cost 2*(2*3*4) = 48.
  assert.is(einsumPathCost('ij,jk->ik', [[2, 3], [3, 4]]), 48n);
});

test.run();
