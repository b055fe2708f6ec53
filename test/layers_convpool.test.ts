// Convolution, pooling, padding, fold and channel-dropout layers, each against
// PyTorch 1.13 and the reference tool (test/fixtures/layers_convpool.json,
// written by running the reference on each layer; `layer` is the PyTorch
// constructor): parameter names and shapes, repr, output shapes, the traced
// ops (names, scopes, argument layout), FLOPs, activations and unsupported
// ops. Each layer is built with PyTorch's positional arguments and with an
// options object; both must give the same.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ArgumentError, Module, nn, Tensor, type FlopscopeError } from '../index.js';
import { analyzers, fixture } from './helpers.js';

interface Expected {
  layer: string;
  mode: 'train' | 'eval';
  inputs: number[][];
  outputs: number[][];
  modules: Record<string, [string, string]>;
  param_shapes: Record<string, number[]>;
  ops: [string, string, (number[] | null)[], (number[] | null)[]][];
  flops: number;
  activations: number;
  flops_unsupported_ops: Record<string, number>;
}

const EXPECTED = fixture<Record<string, Expected>>('layers_convpool.json');

/** `self.ct(x, output_size=(18, 17))` of a ConvTranspose2d(4, 4, 3, stride=2). */
class CT extends Module {
  ct = new nn.ConvTranspose2d(4, 4, 3, 2);
  override forward(x: Tensor): Tensor {
    return this.ct.call(x, [18, 17]);
  }
}

/** A pool with indices, then the unpool. */
class Unpool extends Module {
  constructor(
    readonly pool: Module<(x: Tensor) => [Tensor, Tensor]>,
    readonly unpool: nn.MaxUnpool1d | nn.MaxUnpool2d | nn.MaxUnpool3d,
  ) {
    super();
  }
  override forward(x: Tensor): Tensor {
    const [p, i] = this.pool.call(x);
    return this.unpool.call(p, i);
  }
}

/** Each case: the layer in PyTorch's positional form, and in the options form. */
const BUILD: Record<string, [() => Module, () => Module]> = {
  conv1d_same: [() => new nn.Conv1d(2, 4, 3, 1, 'same'), () => new nn.Conv1d(2, 4, 3, { padding: 'same' })],
  conv1d_circular: [
    () => new nn.Conv1d(2, 4, 3, 2, 1, 1, 1, true, 'circular'),
    () => new nn.Conv1d(2, 4, 3, { stride: 2, padding: 1, paddingMode: 'circular' }),
  ],
  conv2d_pos: [() => new nn.Conv2d(3, 8, 3, 1, 1), () => new nn.Conv2d(3, 8, 3, { stride: 1, padding: 1 })],
  conv2d_groups_reflect: [
    () => new nn.Conv2d(4, 8, [3, 5], [2, 1], [1, 2], [1, 2], 2, false, 'reflect'),
    () => new nn.Conv2d(4, 8, [3, 5], { stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2, bias: false, paddingMode: 'reflect' }),
  ],
  conv2d_valid_dw: [() => new nn.Conv2d(4, 4, 3, 1, 'valid', 1, 4), () => new nn.Conv2d(4, 4, 3, { padding: 'valid', groups: 4 })],
  conv3d_same_replicate: [
    () => new nn.Conv3d(2, 4, 3, 1, 'same', 1, 2, true, 'replicate'),
    () => new nn.Conv3d(2, 4, 3, { padding: 'same', groups: 2, paddingMode: 'replicate' }),
  ],
  conv_transpose1d: [() => new nn.ConvTranspose1d(4, 2, 3, 2, 1, 1), () => new nn.ConvTranspose1d(4, 2, 3, { stride: 2, padding: 1, outputPadding: 1 })],
  conv_transpose2d: [
    () => new nn.ConvTranspose2d(4, 6, 3, 2, 1, 0, 2, false, 2),
    () => new nn.ConvTranspose2d(4, 6, 3, { stride: 2, padding: 1, groups: 2, bias: false, dilation: 2 }),
  ],
  conv_transpose3d: [
    () => new nn.ConvTranspose3d(2, 4, [1, 3, 3], [1, 2, 2], [0, 1, 1], [0, 1, 1]),
    () => new nn.ConvTranspose3d(2, 4, [1, 3, 3], { stride: [1, 2, 2], padding: [0, 1, 1], outputPadding: [0, 1, 1] }),
  ],
  conv_transpose2d_output_size: [() => new CT(), () => new CT()],
  unfold: [() => new nn.Unfold([2, 3], 1, [1, 0], 1), () => new nn.Unfold([2, 3], { padding: [1, 0] })],
  fold: [() => new nn.Fold(8, 2, 1, 0, 2), () => new nn.Fold(8, 2, { stride: 2 })],
  dropout1d: [() => new nn.Dropout1d(0.2), () => new nn.Dropout1d({ p: 0.2 })],
  dropout1d_unbatched: [() => new nn.Dropout1d(0.2), () => new nn.Dropout1d({ p: 0.2 })],
  dropout2d_inplace_eval: [() => new nn.Dropout2d(0.3, true), () => new nn.Dropout2d({ p: 0.3, inplace: true })],
  dropout3d_unbatched: [() => new nn.Dropout3d(), () => new nn.Dropout3d({})],
  maxpool1d: [() => new nn.MaxPool1d(3, 2, 1, 1, false, true), () => new nn.MaxPool1d(3, { stride: 2, padding: 1, ceilMode: true })],
  maxpool2d_indices: [() => new nn.MaxPool2d(2, null, 0, 1, true), () => new nn.MaxPool2d(2, { returnIndices: true })],
  maxpool3d: [
    () => new nn.MaxPool3d([1, 2, 2], null, 0, [1, 1, 2], true, true),
    () => new nn.MaxPool3d([1, 2, 2], { dilation: [1, 1, 2], returnIndices: true, ceilMode: true }),
  ],
  avgpool1d: [() => new nn.AvgPool1d(3, 2, 1, true, false), () => new nn.AvgPool1d(3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false })],
  avgpool2d: [() => new nn.AvgPool2d(3, 2, 1, false, true, 5), () => new nn.AvgPool2d(3, { stride: 2, padding: 1, divisorOverride: 5 })],
  avgpool3d: [() => new nn.AvgPool3d([2, 2, 2], 1, 0, true), () => new nn.AvgPool3d([2, 2, 2], { stride: 1, ceilMode: true })],
  lppool1d: [() => new nn.LPPool1d(3, 2), () => new nn.LPPool1d(3, 2, {})],
  lppool2d: [() => new nn.LPPool2d(2, [2, 3], [1, 2], true), () => new nn.LPPool2d(2, [2, 3], { stride: [1, 2], ceilMode: true })],
  adaptive_max1d_indices: [() => new nn.AdaptiveMaxPool1d(3, true), () => new nn.AdaptiveMaxPool1d(3, { returnIndices: true })],
  adaptive_max2d_none: [() => new nn.AdaptiveMaxPool2d([null, 2]), () => new nn.AdaptiveMaxPool2d([null, 2], { returnIndices: false })],
  adaptive_max3d_indices: [() => new nn.AdaptiveMaxPool3d([2, null, 2], true), () => new nn.AdaptiveMaxPool3d([2, null, 2], { returnIndices: true })],
  adaptive_avg1d: [() => new nn.AdaptiveAvgPool1d(3), () => new nn.AdaptiveAvgPool1d(3)],
  adaptive_avg2d_none: [() => new nn.AdaptiveAvgPool2d([3, null]), () => new nn.AdaptiveAvgPool2d([3, null])],
  adaptive_avg3d_none: [() => new nn.AdaptiveAvgPool3d([null, 2, 1]), () => new nn.AdaptiveAvgPool3d([null, 2, 1])],
  max_unpool1d: [
    () => new Unpool(new nn.MaxPool1d(2, null, 0, 1, true), new nn.MaxUnpool1d(2)),
    () => new Unpool(new nn.MaxPool1d(2, { returnIndices: true }), new nn.MaxUnpool1d(2, {})),
  ],
  max_unpool2d: [
    () => new Unpool(new nn.MaxPool2d(3, 2, 1, 1, true), new nn.MaxUnpool2d(3, 2, 1)),
    () => new Unpool(new nn.MaxPool2d(3, { stride: 2, padding: 1, returnIndices: true }), new nn.MaxUnpool2d(3, { stride: 2, padding: 1 })),
  ],
  max_unpool3d: [
    () => new Unpool(new nn.MaxPool3d(2, null, 0, 1, true), new nn.MaxUnpool3d(2)),
    () => new Unpool(new nn.MaxPool3d(2, { returnIndices: true }), new nn.MaxUnpool3d(2, { stride: 2 })),
  ],
  reflection_pad1d: [() => new nn.ReflectionPad1d([1, 2]), () => new nn.ReflectionPad1d([1, 2])],
  reflection_pad2d: [() => new nn.ReflectionPad2d(2), () => new nn.ReflectionPad2d([2, 2, 2, 2])],
  reflection_pad3d: [() => new nn.ReflectionPad3d([1, 0, 1, 0, 0, 1]), () => new nn.ReflectionPad3d([1, 0, 1, 0, 0, 1])],
  replication_pad1d: [() => new nn.ReplicationPad1d(3), () => new nn.ReplicationPad1d([3, 3])],
  replication_pad2d: [() => new nn.ReplicationPad2d([0, 1, 2, 3]), () => new nn.ReplicationPad2d([0, 1, 2, 3])],
  replication_pad3d: [() => new nn.ReplicationPad3d(1), () => new nn.ReplicationPad3d([1, 1, 1, 1, 1, 1])],
  constant_pad1d: [() => new nn.ConstantPad1d(2, 3.5), () => new nn.ConstantPad1d([2, 2], 3.5)],
  constant_pad2d: [() => new nn.ConstantPad2d([1, 0, 2, 0], -1.0), () => new nn.ConstantPad2d([1, 0, 2, 0], -1.0)],
  constant_pad3d: [() => new nn.ConstantPad3d(1, 0.0), () => new nn.ConstantPad3d([1, 1, 1, 1, 1, 1], 0)],
  zero_pad2d: [() => new nn.ZeroPad2d([1, 1, 2, 0]), () => new nn.ZeroPad2d([1, 1, 2, 0])],
};

const t = suite('layers_convpool');

t('every reference case has builders, and every builder a reference case', () => {
  assert.equal(Object.keys(BUILD).sort(), Object.keys(EXPECTED).sort());
});

for (const [name, e] of Object.entries(EXPECTED)) {
  const builders = BUILD[name];
  if (builders === undefined) continue;
  builders.forEach((build, form) => {
    const label = `${name} (${form === 0 ? 'positional' : 'options'}): ${e.layer}`;
    t(label, () => {
      const model = build();
      model.train(e.mode === 'train');
      // Modules: class names and PyTorch's extra_repr.
      const modules: Record<string, [string, string]> = {};
      for (const [n, m] of model.namedModules()) modules[n] = [m.typeName(), m.extraRepr()];
      assert.equal(modules, e.modules, 'modules');
      // Parameter names and shapes.
      const params: Record<string, number[]> = {};
      for (const [n, p] of model.namedParameters()) params[n] = [...p.shape] as number[];
      assert.equal(params, e.param_shapes, 'parameters');
      // Output shapes.
      const y: unknown = model.call(...e.inputs.map((s) => new Tensor(s)));
      const outs = (Array.isArray(y) ? y : [y]) as Tensor[];
      assert.equal(outs.map((o) => [...o.shape]), e.outputs, 'output shapes');
      // The trace and its counts.
      const [flops, acts] = analyzers(model, { inputs: e.inputs });
      const ops = flops.trace.nodes.map((n) => [n.kind, n.scopes[n.scopes.length - 1] ?? '', n.inputs.map((s) => (s === null ? null : [...s])), n.outputs.map((s) => (s === null ? null : [...s]))]);
      assert.equal(ops, e.ops, 'ops');
      assert.is(flops.total(), BigInt(e.flops), 'flops');
      assert.is(acts.total(), BigInt(e.activations), 'activations');
      assert.equal(Object.fromEntries(flops.unsupportedOps()), e.flops_unsupported_ops, 'unsupported ops');
    });
  });
}

function errorOf(fn: () => unknown): FlopscopeError {
  try {
    fn();
  } catch (err) {
    return err as FlopscopeError;
  }
  throw new Error('expected an error');
}

t('arguments PyTorch refuses', () => {
  // ConvTranspose2d(4, 4, 3, stride=2)(x of 8x8, output_size=(16, 16)): valid sizes are 17 to 18.
  const ct = new nn.ConvTranspose2d(4, 4, 3, 2);
  assert.instance(errorOf(() => ct.call(new Tensor([1, 4, 8, 8]), [16, 16])), ArgumentError);
  // MaxUnpool2d: output_size must lie strictly within a stride of the default (8 here).
  const un = new nn.MaxUnpool2d(2);
  assert.instance(errorOf(() => un.call(new Tensor([1, 2, 4, 4]), new Tensor([1, 2, 4, 4]), [10, 8])), ArgumentError);
  assert.equal(un.call(new Tensor([1, 2, 4, 4]), new Tensor([1, 2, 4, 4]), [9, 7]).shape, [1, 2, 9, 7]);
  assert.instance(errorOf(() => new nn.Dropout2d(1.5)), ArgumentError);
  assert.instance(errorOf(() => new nn.ReflectionPad2d([1, 2])), ArgumentError);
  assert.instance(errorOf(() => new nn.AvgPool2d(3, { divisorOverride: 0 }).call(new Tensor([1, 1, 6, 6]))), ArgumentError);
  assert.instance(errorOf(() => new nn.LPPool2d(0, 2).call(new Tensor([1, 1, 6, 6]))), ArgumentError);
  assert.instance(errorOf(() => new nn.MaxPool2d(2, 1, 2)), ArgumentError); // padding above half the kernel
});

t.run();
