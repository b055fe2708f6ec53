// The analyzers' API and counting rules, checked against docs/counting-rules.md's formulas.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ActivationAnalyzer,
  F,
  FlopAnalyzer,
  Module,
  nn,
  numel,
  resolveInputs,
  traceModel,
  UnknownNameError,
  analyze,
  type Tensor,
} from '../index.js';
import { buildModel } from '../models/index.js';
import { DEFAULT_FLOP_HANDLES } from '../analysis/registry.js';
import { FloatCount } from '../analysis/handles.js';
import { torchvisionParams } from './helpers.js';
import { parameterCount } from '../analysis/parameter_count.js';

const t = suite('analysis');

function flopsOf(model: Module, shapes: number[][]): FlopAnalyzer {
  return FlopAnalyzer.fromTrace(traceModel(model, resolveInputs({ inputs: shapes })));
}

class EinsumNet extends Module {
  constructor(private readonly eq: string) {
    super();
  }
  override forward(a: Tensor, b: Tensor): Tensor {
    return F.einsum(this.eq, a, b);
  }
}

t('einsum outside the two special cases: numpy optimal cost, printed %.3e, halved, floored', () => {
  // 'i,i->' over 123457: cost = 123457 * (1 + 1 inner) = 246914, +1 = 246915,
  // printed '2.469e+05' -> 246900 / 2 = 123450 (a float in the reference)
  const f = flopsOf(new EinsumNet('i,i->'), [[123457], [123457]]);
  assert.is(f.total(), 123450n);
  assert.ok(f.isFloat());
  // 'abc,abd->acd' is special-cased: n * c * t * p = 2 * 3 * 5 * 7
  const g = flopsOf(new EinsumNet('nct,ncp->ntp'), [[2, 3, 5], [2, 3, 7]]);
  assert.is(g.total(), 2n * 3n * 5n * 7n);
  assert.ok(!g.isFloat());
});

t('matmul promotes 1-D operands; bmm; addmm; conv transposed uses input size', () => {
  class Ops extends Module {
    w = new nn.Parameter([7, 5]);
    deconv = new nn.ConvTranspose2d(4, 2, 3, { stride: 2 });
    override forward(v: Tensor, m: Tensor, x: Tensor): Tensor[] {
      return [
        F.matmul(v, this.w), // [7] @ [7,5]: prod([1,7]) * 5 = 35
        F.bmm(m, F.transpose(m, 1, 2)), // [3,4,6] @ [3,6,4]: 3*4*6*4 = 288
        F.addmm(F.zeros([5]), F.reshape(m, [12, 6]), F.zeros([6, 5])), // 12*6*5 = 360
        this.deconv.call(x), // N * prod(w=[4,2,3,3]) * prod(in spatial 5x5) = 1*72*25 = 1800
      ];
    }
  }
  const f = flopsOf(new Ops(), [[7], [3, 4, 6], [1, 4, 5, 5]]);
  const ops = f.byOperator();
  assert.is(ops.get('matmul'), 35n);
  assert.is(ops.get('bmm'), 288n);
  assert.is(ops.get('addmm'), 360n);
  assert.is(ops.get('conv'), 1800n);
  assert.is(f.unsupportedOps().size, 0);
});

t('setOpHandle adds, replaces and ignores; clearOpHandles resets', () => {
  const model = buildModel('resnet18');
  const trace = traceModel(model, resolveInputs([3, 64, 64]));
  const f = FlopAnalyzer.fromTrace(trace);
  const withBn = f.total();
  const bn = f.byOperator().get('batch_norm')!;
  f.setOpHandle('aten::batch_norm', null);
  assert.is(f.total(), withBn - bn);
  assert.ok(!f.unsupportedOps().has('aten::batch_norm'));
  // residual adds: one element per output element
  f.setOpHandle('aten::add_', (node) => (node.outputs[0]!.length === 0 ? 0n : numel(node.outputs[0]!)));
  assert.ok(f.byOperator().get('add_')! > 0n);
  assert.ok(!f.unsupportedOps().has('aten::add_'));
  f.clearOpHandles();
  assert.is(f.total(), 0n);
  f.setOpHandles(DEFAULT_FLOP_HANDLES);
  assert.is(f.total(), withBn);
});

t('a handle must return whole counts', () => {
  const f = flopsOf(new EinsumNet('i,i->'), [[4], [4]]);
  f.setOpHandle('aten::einsum', () => 2.5);
  assert.throws(() => f.total(), /counts must be whole numbers/);
  f.setOpHandle('aten::einsum', () => new FloatCount(4n));
  assert.is(f.total(), 4n);
});

t('canonical names and ancestor modes', () => {
  class Shared extends Module {
    a = new nn.Linear(4, 4);
    box = new nn.Sequential(this.a);
    override forward(x: Tensor): Tensor {
      return this.box.call(x) as Tensor;
    }
  }
  const f = flopsOf(new Shared(), [[1, 4]]);
  assert.is(f.canonicalModuleName('box.0'), 'a');
  assert.throws(() => f.canonicalModuleName('nope'), (e: unknown) => e instanceof UnknownNameError);
  // owner: the op belongs to 'a' and its prefixes; 'box' gets nothing
  assert.is(f.byModule().get('box'), 0n);
  assert.is(f.byModule().get('a'), 16n);
  f.ancestorMode('caller');
  // caller: every module on the call stack
  assert.is(f.byModule().get('box'), 16n);
  assert.is(f.total(), 16n);
});

t('children add up to the parent (resnet50, training)', () => {
  const model = buildModel('resnet50');
  const trace = traceModel(model, resolveInputs([3, 224, 224]));
  for (const analyzer of [FlopAnalyzer.fromTrace(trace), ActivationAnalyzer.fromTrace(trace)]) {
    const byModule = analyzer.byModule();
    for (const [name, m] of model.namedModules()) {
      const children = [...m.namedChildren()].map(([k]) => (name ? `${name}.${k}` : k));
      const sum = children.reduce((s, c) => s + byModule.get(c)!, 0n);
      const parent = byModule.get(name)!;
      assert.ok(sum <= parent, `${name}: children ${sum} exceed parent ${parent}`);
      if (m instanceof nn.Sequential) assert.is(sum, parent, `${name}: a Sequential has no ops of its own`);
    }
    assert.is(byModule.get('')!, analyzer.total());
  }
});

t('a model without parameters: no parameter cells in the table, zeros in the architecture', () => {
  const model = new nn.Sequential(new nn.MaxPool2d(2), new nn.AdaptiveAvgPool2d(1));
  const r = analyze(model, [3, 8, 8]);
  // adaptive_avg_pool2d: numel(input) = 3 * 4 * 4 = 48; the empty max-pool row is dropped
  // and the root folds into its single child '1'.
  assert.is(
    r.outTable,
    [
      '',
      '+--------+----------------------+--------+--------------+',
      '| module | #parameters or shape | #flops | #activations |',
      '+--------+----------------------+--------+--------------+',
      '| 1      |                      | 48     | 0            |',
      '+--------+----------------------+--------+--------------+',
      '',
    ].join('\n'),
  );
  assert.is(r.params, 0n);
  assert.is(r.paramsStr, '0');
  assert.is(
    r.outArch,
    ['', 'Sequential(', '  #params: 0, #flops: 48, #acts: 0', '  (0): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)', '  (1): AdaptiveAvgPool2d(', '    output_size=1', '    #params: 0, #flops: 48, #acts: 0', '  )', ')'].join('\n'),
  );
});

t('resnet family parameter counts equal torchvision', () => {
  const params = torchvisionParams();
  for (const name of ['resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152', 'resnext50_32x4d', 'resnext101_32x8d', 'resnext101_64x4d', 'wide_resnet50_2', 'wide_resnet101_2']) {
    assert.is(parameterCount(buildModel(name)).get(''), BigInt(params.get(name)!), name);
  }
});

t.run();
