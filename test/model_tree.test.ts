// The model tree: one snapshot per analysis, so edits to a model between two
// analyses are always seen and nothing else is; canonical names, parent links
// and parameter counts; and module registration, which builds what it reads.
// Every expected count is derived by hand from the layer formulas: a Linear(i, o)
// on a batch of 1 costs i * o FLOPs, has i * o + o parameters and o activations.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ActivationAnalyzer,
  ancestorIds,
  ancestorNames,
  analyze,
  ArgumentError,
  buildModelTree,
  complexityStatsTable,
  FlopAnalyzer,
  Module,
  nn,
  Parameter,
  parameterCount,
  resolveInputs,
  Tensor,
  traceModel,
  type AnalysisResult,
} from '../index.js';
import sharedNet from '../examples/shared_net.js';

const t = suite('model_tree');

/** Everything an analysis reports, in comparable form. */
function summary(r: AnalysisResult, model: Module): unknown {
  const perOp = (m: ReadonlyMap<string, ReadonlyMap<string, bigint>>): unknown => [...m].map(([k, v]) => [k, [...v]]);
  return {
    flops: r.flops,
    activations: r.activations,
    params: r.params,
    strs: [r.flopsStr, r.activationsStr, r.paramsStr],
    flopsByModule: [...r.flopAnalyzer.byModule()],
    activationsByModule: [...r.activationAnalyzer.byModule()],
    flopsByModuleAndOperator: perOp(r.flopAnalyzer.byModuleAndOperator()),
    activationsByModuleAndOperator: perOp(r.activationAnalyzer.byModuleAndOperator()),
    uncalled: [...r.flopAnalyzer.uncalledModules()],
    paramCounts: [...parameterCount(model)],
    table: r.outTable,
    arch: r.outArch,
  };
}

/** fc1 Linear(8, 16), a ReLU, fc2 Linear(16, 4) and, optionally, head Linear(4, 2). */
function mlp(head: boolean): nn.Sequential {
  const layers: Record<string, Module> = { fc1: new nn.Linear(8, 16), act: new nn.ReLU(), fc2: new nn.Linear(16, 4) };
  if (head) layers['head'] = new nn.Linear(4, 2);
  return new nn.Sequential(layers);
}

t('a child deleted from _modules between two analyses is gone from the second', () => {
  const model = mlp(true);
  const before = analyze(model, [8]);
  // 8*16 + 16*4 + 4*2 FLOPs; 144 + 68 + 10 parameters; 16 + 4 + 2 activations.
  assert.is(before.flops, 200n);
  assert.is(before.params, 222n);
  assert.is(before.activations, 22n);

  model._modules.delete('head');
  const after = analyze(model, [8]);
  assert.is(after.flops, 192n);
  assert.is(after.params, 212n);
  assert.is(after.activations, 20n);
  assert.equal([...after.flopAnalyzer.byModule()], [['', 192n], ['fc1', 128n], ['act', 0n], ['fc2', 64n]]);
  assert.equal([...parameterCount(model)], [
    ['', 212n], ['fc1', 144n], ['fc1.weight', 128n], ['fc1.bias', 16n], ['fc2', 68n], ['fc2.weight', 64n], ['fc2.bias', 4n],
  ]);
  assert.equal(summary(after, model), summary(analyze(mlp(false), [8]), mlp(false)));

  // The first analysis keeps its own snapshot: its table renders as it did.
  assert.ok(before.flopAnalyzer.modelTree.canonical.has('head'));
  assert.is(`\n${complexityStatsTable(before.flopAnalyzer, { activations: before.activationAnalyzer })}`, before.outTable);
});

t('a child added by assignment between two analyses is in the second', () => {
  const model = mlp(false);
  assert.is(analyze(model, [8]).flops, 192n);
  (model as unknown as Record<string, Module>)['extra'] = new nn.Linear(4, 3);
  const after = analyze(model, [8]);
  // + 4*3 FLOPs, 12 + 3 parameters, 3 activations.
  assert.is(after.flops, 204n);
  assert.is(after.params, 227n);
  assert.is(after.activations, 23n);
  const fresh = (): nn.Sequential =>
    new nn.Sequential({ fc1: new nn.Linear(8, 16), act: new nn.ReLU(), fc2: new nn.Linear(16, 4), extra: new nn.Linear(4, 3) });
  assert.equal(summary(after, model), summary(analyze(fresh(), [8]), fresh()));
});

t('building unrelated modules between two analyses changes nothing', () => {
  const model = mlp(true);
  const first = summary(analyze(model, [8]), model);
  const others = [new nn.Linear(3, 3), new nn.Sequential(new nn.Conv2d(3, 8, 3), new nn.BatchNorm2d(8)), mlp(true)];
  others[1]!.registerBuffer('extra', new Tensor([2]));
  const second = analyze(model, [8]);
  assert.is(second.flops, 200n);
  assert.equal(summary(second, model), first);
});

t('shared modules: one canonical name (the first), one id, one parent', () => {
  const m = sharedNet();
  const tree = buildModelTree(m);
  assert.equal(tree.entries.map(([n]) => n), ['', 'proj', 'again', 'block', 'block.0', 'block.1', 'block.2', 'unused', 'direct']);
  assert.equal(tree.nodes.map((n) => n.name), ['', 'proj', 'block', 'block.0', 'block.1', 'block.2', 'unused', 'direct']);
  assert.is(tree.canonical.get('again'), 'proj');
  assert.is(tree.byModule.get(m.again), 'proj');
  assert.is(tree.ids.get('again'), 1);
  assert.equal(tree.nodes[0]!.children, [1, 2, 6, 7]);
  assert.is(tree.node('block.1')!.parent, 2);
  assert.is(tree.node('block.1')!.depth, 2);

  // A module under two parents belongs to the first: its parameters are
  // listed there, and in owner mode its ops are charged there.
  class TwoParents extends Module {
    a: nn.Sequential;
    b: nn.Sequential;
    constructor() {
      super();
      const x = new nn.Linear(4, 3);
      this.a = new nn.Sequential(x);
      this.b = new nn.Sequential(new nn.ReLU(), x);
    }
    override forward(t: Tensor): Tensor {
      return this.b.call(t) as Tensor;
    }
  }
  const model = new TwoParents();
  const two = buildModelTree(model);
  assert.equal(two.entries.map(([n]) => n), ['', 'a', 'a.0', 'b', 'b.0', 'b.1']);
  assert.equal(two.nodes.map((n) => n.name), ['', 'a', 'a.0', 'b', 'b.0']);
  assert.is(two.canonical.get('b.1'), 'a.0');
  assert.is(two.node('b.1')!.parent, 1);
  assert.equal(two.nodes[3]!.children, [4]);
  assert.equal(two.parameters.map((p) => [p.name, p.owner, [...p.shape]]), [['a.0.weight', 2, [3, 4]], ['a.0.bias', 2, [3]]]);
  // 4*3 + 3 parameters, none under 'b'.
  assert.equal([...parameterCount(model)], [['', 15n], ['a', 15n], ['a.0', 15n], ['a.0.weight', 12n], ['a.0.bias', 3n]]);
  const r = analyze(model, [4]);
  assert.equal([...r.flopAnalyzer.byModule()], [['', 12n], ['a', 12n], ['a.0', 12n], ['b', 0n], ['b.0', 0n]]);
  assert.is(r.flopAnalyzer.canonicalModuleName('b.1'), 'a.0');
  // In caller mode the ops go to the modules on the call stack instead.
  assert.equal([...r.flopAnalyzer.ancestorMode('caller').byModule()], [['', 12n], ['a', 0n], ['a.0', 12n], ['b', 12n], ['b.0', 0n]]);
});

/** A module that only calls the one it wraps. */
class Wrap extends Module {
  inner: nn.TensorModule;
  constructor(inner: nn.TensorModule) {
    super();
    this.inner = inner;
  }
  override forward(x: Tensor): Tensor {
    return this.inner.call(x);
  }
}

t('a chain of 1,000 nested modules', () => {
  let model: nn.TensorModule = new nn.Linear(4, 3);
  for (let i = 0; i < 1000; i++) model = new Wrap(model);
  const r = analyze(model, [4]);
  // One Linear(4, 3): 12 FLOPs, 12 + 3 parameters, 3 activations, charged
  // to all 1,001 modules.
  assert.is(r.flops, 12n);
  assert.is(r.params, 15n);
  assert.is(r.activations, 3n);
  const flops = r.flopAnalyzer.byModule();
  assert.is(flops.size, 1001);
  assert.ok([...flops.values()].every((v) => v === 12n));

  const tree = r.flopAnalyzer.modelTree;
  const deepest = Array<string>(1000).fill('inner').join('.');
  assert.is(tree.nodes.length, 1001);
  assert.is(tree.nodes[1000]!.name, deepest);
  assert.is(tree.nodes[1000]!.depth, 1000);
  assert.equal(ancestorIds(tree, 1000), [...Array(1001).keys()]);
  // '' and the 1,000 module prefixes, outermost first, then the two parameters.
  const counts = [...parameterCount(model)];
  assert.is(counts.length, 1003);
  assert.equal(counts[0], ['', 15n]);
  assert.equal(counts[1], ['inner', 15n]);
  assert.equal(counts[2], ['inner.inner', 15n]);
  assert.equal(counts[1000], [deepest, 15n]);
  assert.equal(counts.slice(1001), [[`${deepest}.weight`, 12n], [`${deepest}.bias`, 3n]]);
});

t('ancestors follow parent links, also through names repeating a segment', () => {
  const model = new Wrap(new Wrap(new Wrap(new nn.Linear(2, 5))));
  const tree = buildModelTree(model);
  const [a, aa, aaa] = ['inner', 'inner.inner', 'inner.inner.inner'];
  assert.equal(tree.nodes.map((n) => [n.name, n.parent]), [['', -1], [a, 0], [aa, 1], [aaa, 2]]);
  assert.equal(ancestorIds(tree, 3), [0, 1, 2, 3]);
  assert.equal(ancestorNames(tree, aaa), ['', a, aa, aaa]);
  assert.equal(ancestorNames(tree, a), ['', a]);
  assert.throws(() => ancestorIds(tree, 4), (e: unknown) => e instanceof ArgumentError && e.message.includes('a module id in 0..3'));
  assert.throws(() => ancestorNames(tree, 'inner.outer'), (e: unknown) => e instanceof ArgumentError && e.message.includes("'inner.outer'"));
  // Linear(2, 5): 10 FLOPs and 10 + 5 parameters, in every enclosing module.
  const r = analyze(model, [2]);
  assert.equal([...r.flopAnalyzer.byModule()], [['', 10n], [a, 10n], [aa, 10n], [aaa, 10n]]);
  assert.equal([...parameterCount(model)], [['', 15n], [a, 15n], [aa, 15n], [aaa, 15n], [`${aaa}.weight`, 10n], [`${aaa}.bias`, 5n]]);
});

t('a model without parameters has no parameter counts at all; buffers are listed apart', () => {
  const model = new nn.Sequential(new nn.ReLU(), new nn.BatchNorm2d(3, { affine: false }));
  assert.equal([...parameterCount(model)], []);
  assert.is(analyze(model, [3, 2, 2]).params, 0n);
  const tree = buildModelTree(model);
  assert.equal(tree.buffers.map((b) => [b.name, b.owner, [...b.shape]]), [
    ['1.running_mean', 2, [3]], ['1.running_var', 2, [3]], ['1.num_batches_tracked', 2, []],
  ]);
});

t('a module that contains itself is an error, not endless recursion', () => {
  const model = mlp(false);
  (model._modules.get('fc1') as Module)._modules.set('loop', model);
  assert.throws(() => buildModelTree(model), (e: unknown) => e instanceof ArgumentError);
  assert.throws(() => analyze(model, [8]), (e: unknown) => e instanceof ArgumentError);
  // named_modules skips repeats, so it ends.
  assert.equal(model.namedModules().map(([n]) => n), ['', 'fc1', 'act', 'fc2']);
});

t("a tree is only used with its own model's trace and analyzers", () => {
  const model = mlp(false);
  const other = mlp(false);
  const isArgumentError = (e: unknown): boolean => e instanceof ArgumentError;
  const inputs = resolveInputs([8]);
  assert.throws(() => traceModel(model, inputs, buildModelTree(other)), isArgumentError);
  assert.throws(() => new FlopAnalyzer(model, inputs, undefined, buildModelTree(other)), isArgumentError);
  const trace = traceModel(model, inputs);
  assert.throws(() => new FlopAnalyzer(model, inputs, trace, buildModelTree(other)), isArgumentError);
  // An unchanged model gives back its last snapshot; any registry edit gives a new one.
  assert.is(buildModelTree(model), trace.tree);
  model._parameters.set('extra', null);
  assert.is.not(buildModelTree(model), trace.tree);
  model._parameters.delete('extra');
  // Analyzers of one trace share its indexes; of another trace, they may not.
  const flops = FlopAnalyzer.fromTrace(trace);
  const acts = ActivationAnalyzer.fromTrace(trace).shareTraceIndexes(flops);
  // fc1 8*16 + fc2 16*4 FLOPs; 16 + 4 activations.
  assert.is(flops.total(), 192n);
  assert.is(acts.total(), 20n);
  assert.throws(() => ActivationAnalyzer.fromTrace(traceModel(model, inputs)).shareTraceIndexes(flops), isArgumentError);
});

t('registration: fields and assignments in order; a re-declared field stays registered', () => {
  class Mixed extends Module {
    first = new nn.Linear(1, 1);
    declare second: nn.Linear;
    third: nn.Linear;
    constructor() {
      super();
      this.second = new nn.Linear(1, 1);
      this.third = new nn.Linear(1, 1);
    }
  }
  const m = new Mixed();
  assert.equal([...m._modules.keys()], ['first', 'second', 'third']);
  assert.ok(m.third === m._modules.get('third'));

  class Base extends Module {
    constructor() {
      super();
      this.registerModule('head', new nn.Linear(2, 2));
    }
  }
  class Sub extends Base {
    // Typing what the base registered: emitted as a field defined as
    // undefined, after Base's constructor ran.
    head!: nn.Linear | null;
  }
  const s = new Sub();
  assert.ok(s._modules.get('head') instanceof nn.Linear);
  assert.ok(s.head === s._modules.get('head'));

  // null keeps the name, as PyTorch's None does; the module is no longer walked.
  s.head = null;
  assert.ok(s._modules.has('head') && s._modules.get('head') === null && s.head === null);
  assert.equal(buildModelTree(s).entries.map(([n]) => n), ['']);
  assert.is(s.toString(), 'Sub(\n  (head): None\n)');
});

t('registration: parameters, buffers, plain values and inherited setters', () => {
  class Holder extends Module {
    declare w: Parameter | Module;
    declare stat: Tensor | null;
    declare layer: nn.Linear;
    declare note: string;
    set width(n: number) {
      this.layer = new nn.Linear(n, n);
    }
  }
  const m = new Holder();
  m.w = new Parameter([2]);
  assert.ok(m._parameters.has('w') && !m._modules.has('w'));
  m.w = new nn.Linear(1, 1);
  assert.ok(!m._parameters.has('w') && m._modules.get('w') === m.w);

  m.registerBuffer('stat', new Tensor([3]));
  m.stat = new Tensor([5]);
  assert.equal([...m._buffers.get('stat')!.shape], [5]);
  assert.equal(buildModelTree(m).buffers.map((b) => [b.name, [...b.shape]]), [['stat', [5]]]);
  m.stat = null;
  assert.ok(m._buffers.has('stat') && m._buffers.get('stat') === null);

  m.note = 'plain';
  assert.ok(!m.isRegistered('note') && m.note === 'plain');
  // A setter on the class runs with the module as `this`, so what it assigns registers.
  m.width = 3;
  assert.ok(m._modules.get('layer') instanceof nn.Linear && m._modules.get('layer') === m.layer);
  assert.equal([...m._modules.keys()], ['w', 'layer']);
  // Parameters: w.weight, w.bias (1 + 1), layer.weight, layer.bias (9 + 3).
  assert.equal([...parameterCount(m)], [['', 14n], ['w', 2n], ['w.weight', 1n], ['w.bias', 1n], ['layer', 12n], ['layer.weight', 9n], ['layer.bias', 3n]]);
});

t("registration: a name with '.' is refused, as in PyTorch's register_*", () => {
  const m = new Module();
  const isArgumentError = (e: unknown): boolean => e instanceof ArgumentError;
  assert.throws(() => {
    (m as unknown as Record<string, Module>)['a.b'] = new nn.Linear(1, 1);
  }, isArgumentError);
  assert.throws(() => m.registerParameter('p.q', new Parameter([1])), isArgumentError);
  assert.throws(() => m.registerBuffer('s.t', null), isArgumentError);
  assert.is(m._modules.size + m._parameters.size + m._buffers.size, 0);
});

t.run();
