// A trace keeps its ops as parts (trace/recorded_ops.ts) and makes an OpNode
// when one is read: the nodes are the same objects however they are reached,
// and the counts read through the parts equal those of a trace made by hand
// from the same nodes.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ActivationAnalyzer,
  ArgumentError,
  defineOp,
  emitOne,
  FlopAnalyzer,
  Module,
  nn,
  setTraceSink,
  Tensor,
  traceDataflow,
  traceModel,
  type OpNode,
  type Trace,
  type TraceSink,
} from '../index.js';
import { readerOf } from '../trace/recorded_ops.js';

const t = suite('recorded ops');

class Block extends Module {
  conv = new nn.Conv2d(3, 4, 3);
  fc = new nn.Linear(4 * 6 * 6, 5);
  override forward(x: Tensor): Tensor {
    const y = this.conv.call(x).relu();
    // A size read and used: an aten::size and the aten::Int the JIT inserts.
    return this.fc.call(y.view(y.size(0), -1));
  }
}

t('nodes are made once, and the parts read as the nodes do', () => {
  const trace = traceModel(new Block(), [new Tensor([2, 3, 8, 8])]);
  const nodes = trace.nodes;
  assert.is(trace.nodes, nodes);
  assert.equal(
    nodes.map((n) => n.kind),
    ['aten::_convolution', 'aten::relu', 'aten::size', 'aten::Int', 'aten::view', 'aten::linear'],
  );
  // Every kept node is the object the full recording holds.
  const executed = new Set<OpNode>(trace.executed);
  assert.ok(nodes.every((n) => executed.has(n)));
  const reader = readerOf(trace);
  assert.is(reader.count, nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    assert.is(reader.schema(i), nodes[i]!.schema);
    assert.is(reader.scope(i), nodes[i]!.scope);
    assert.is(reader.node(i), nodes[i]);
  }
  // Conv2d(3, 4, 3) on 2x3x8x8: out 2x4x6x6 = 288 elements, 27 MACs each.
  assert.equal(nodes[0]!.outputs, [[2, 4, 6, 6]]);
});

t('counts through the parts equal counts over a trace made by hand from the same nodes', () => {
  const recorded = traceModel(new Block(), [new Tensor([2, 3, 8, 8])]);
  const byHand: Trace = { model: recorded.model, tree: recorded.tree, output: recorded.output, calls: recorded.calls, executed: recorded.executed, nodes: [...recorded.nodes] };
  for (const Analyzer of [FlopAnalyzer, ActivationAnalyzer]) {
    const a = Analyzer.fromTrace(recorded);
    const b = Analyzer.fromTrace(byHand);
    assert.equal([...a.byModule()], [...b.byModule()]);
    assert.equal([...a.byModuleAndOperator()], [...b.byModuleAndOperator()]);
  }
  // conv: 288 outputs * 27 = 7,776; linear: 2 * 144 * 5 = 1,440.
  assert.is(FlopAnalyzer.fromTrace(recorded).total(), 7776n + 1440n);
});

t('emitOne: a sink without recordOne hears record with the one output in a list', () => {
  const op = defineOp('test::one', 'self:T');
  const heard: unknown[][] = [];
  const sink: TraceSink = { enterModule() {}, exitModule() {}, record: (schema, args, outputs) => void heard.push([schema.kind, args.self, outputs]) };
  const x = new Tensor([2, 3]);
  const y = new Tensor([2, 3]);
  const previous = setTraceSink(sink);
  try {
    emitOne(op, { self: x }, y);
  } finally {
    setTraceSink(previous);
  }
  assert.is(heard.length, 1);
  assert.is(heard[0]![0], 'test::one');
  assert.is(heard[0]![1], x);
  assert.equal(heard[0]![2], [y]);
  assert.is((heard[0]![2] as Tensor[])[0], y);
});

t('traceDataflow of a trace made by hand is an ArgumentError naming the trace', () => {
  const recorded = traceModel(new Block(), [new Tensor([2, 3, 8, 8])]);
  const byHand: Trace = { model: recorded.model, tree: recorded.tree, output: recorded.output, calls: recorded.calls, executed: [], nodes: [...recorded.nodes] };
  assert.throws(() => traceDataflow(byHand), (e: unknown) => e instanceof ArgumentError && e.message.includes('a trace made by traceModel'));
  // The recorded trace's: conv <- input, relu <- conv, size <- relu, Int <- size, view <- relu and Int, linear <- view.
  assert.equal(traceDataflow(recorded).producers, [[], [0], [1], [2], [1, 3], [4]]);
});

t.run();
