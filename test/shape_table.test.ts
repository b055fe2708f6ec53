// A recording holds one array per distinct output shape (trace/shape_table.ts):
// equal shapes become one object, unequal ones never do, and a tensor written
// in place keeps its own array.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Module, nn, Tensor, traceModel, F } from '../index.js';
import { ShapeTable } from '../trace/shape_table.js';

const t = suite('shape table');

t('equal shapes give one array, element by element; others stay apart', () => {
  const table = new ShapeTable();
  const a = [2, 3, 4];
  assert.is(table.intern(a), a);
  assert.is(table.intern([2, 3, 4]), a);
  const prefix = [2, 3];
  assert.is(table.intern(prefix), prefix);
  assert.is(table.intern([2, 3, 4]), a);
  assert.is.not(table.intern([3, 2, 4]), a);
  assert.equal(table.intern([3, 2, 4]), [3, 2, 4]);
  const empty: number[] = [];
  assert.is(table.intern(empty), empty);
  assert.is.not(table.intern([0]), empty);
});

class Repeated extends Module {
  blocks = new nn.Sequential(new nn.Linear(8, 8), new nn.Linear(8, 8), new nn.Linear(8, 8));
  override forward(x: Tensor): Tensor {
    const y = this.blocks.call(x);
    // Written in place after [5, 8] arrays exist in the table: x keeps its own.
    F.relu(x, true);
    return y.add(x);
  }
}

t('a trace of repeated blocks holds each output shape once; a tensor written in place keeps its array', () => {
  const model = new Repeated();
  const inputShape = [5, 8];
  const input = new Tensor(inputShape);
  const trace = traceModel(model, [input]);
  const linears = trace.nodes.filter((n) => n.kind === 'aten::linear');
  assert.is(linears.length, 3);
  // Linear(8, 8) on [5, 8]: every output is [5, 8], one array.
  for (const n of linears) assert.equal(n.outputs[0], [5, 8]);
  assert.is(linears[1]!.outputs[0], linears[0]!.outputs[0]);
  assert.is(linears[2]!.outputs[0], linears[0]!.outputs[0]);
  assert.ok(trace.nodes.some((n) => n.kind === 'aten::relu_'));
  assert.is(input.shape, inputShape);
  assert.is.not(linears[0]!.outputs[0], inputShape);
});

t.run();
