// Activation, attention, alpha-dropout and normalisation layers, each against
// PyTorch 1.13 and the reference tool (test/fixtures/layers_actnorm.json,
// written by running the reference on each layer wrapped as `layer` in a
// module with one parameter `anchor`): type, repr, parameter and buffer
// names and shapes, output shapes, the traced ops (names, scopes, argument
// layout), FLOPs, activations and unsupported ops. Each layer is built with
// PyTorch's positional arguments and with an options object; both must give
// the same.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { F, Module, nn, Parameter, type Tensor } from '../index.js';
import { analyzers, fixture } from './helpers.js';

interface Expected {
  mode: 'train' | 'eval';
  inputs: number[][];
  type: string;
  repr: string;
  extra_repr: string;
  params: Record<string, number[]>;
  buffers: Record<string, number[]>;
  outputs: (number[] | null)[];
  flops: number;
  flops_by_operator: Record<string, number>;
  activations: number;
  unsupported: Record<string, number>;
  uncalled: string[];
  ops: { op: string; scope: string; in: (number[] | null)[]; out: (number[] | null)[] }[];
}

const EXPECTED = fixture<Record<string, Expected>>('layers_actnorm.json');

type Fwd = (layer: Module, ...xs: Tensor[]) => Tensor | [Tensor, Tensor | null];

/** The reference's wrapper: `layer`, an optional forward around it, one parameter. */
class Wrap extends Module {
  layer: Module;
  anchor = new Parameter([1]);
  constructor(layer: Module, private readonly fwd: Fwd | null) {
    super();
    this.layer = layer;
  }
  override forward(...xs: Tensor[]): Tensor | [Tensor, Tensor | null] {
    if (this.fwd !== null) return this.fwd(this.layer, ...xs);
    const y = this.layer.call(...xs);
    if (!(y instanceof Object)) throw new Error('no output');
    return y as Tensor;
  }
}

const mha = (m: Module): nn.MultiheadAttention => {
  if (!(m instanceof nn.MultiheadAttention)) throw new Error('not an MHA');
  return m;
};

/** `m(x, x, x, key_padding_mask=x[:, :, 0] > 0.0, need_weights=False)[0]`. */
const mhaSelfKpm: Fwd = (m, x) => {
  const pad = F.gt(F.select(F.slice(F.slice(x!, 0), 1), 2, 0), 0.0);
  return mha(m).call(x!, x!, x!, { keyPaddingMask: pad, needWeights: false })[0];
};
/** Bool attn_mask and bool key_padding_mask (positional forward arguments). */
const mhaBoolMasks: Fwd = (m, x) => {
  const L = x!.size(0);
  const am = F.gt(F.zeros([L, L]), 0.5);
  const kpm = F.gt(F.transpose(F.select(F.slice(F.slice(x!, 0), 1), 2, 0), 0, 1), 0.0);
  return mha(m).call(x!, x!, x!, kpm, true, am);
};
/** Float attn_mask merged with a bool key padding mask; per-head weights. */
const mhaFloatKpm: Fwd = (m, x, mem) => {
  const L = x!.size(0);
  const S = mem!.size(0);
  const am = F.zeros([L, S]);
  const kpm = F.gt(F.transpose(F.select(F.slice(F.slice(mem!, 0), 1), 2, 0), 0, 1), 0.0);
  return mha(m).call(x!, mem!, mem!, { keyPaddingMask: kpm, attnMask: am, averageAttnWeights: false });
};
const mhaUnbatched: Fwd = (m, x) => mha(m).call(x!, x!, x!);

/** Each case: the layer in PyTorch's positional form and in the options form; an optional forward. */
const BUILD: Record<string, [() => Module, () => Module, Fwd?]> = {
  relu: [() => new nn.ReLU(), () => new nn.ReLU({})],
  relu_inplace: [() => new nn.ReLU(true), () => new nn.ReLU({ inplace: true })],
  relu6_inplace: [() => new nn.ReLU6(true), () => new nn.ReLU6({ inplace: true })],
  silu_inplace: [() => new nn.SiLU(true), () => new nn.SiLU({ inplace: true })],
  hardswish_inplace: [() => new nn.Hardswish(true), () => new nn.Hardswish({ inplace: true })],
  hardsigmoid_inplace: [() => new nn.Hardsigmoid(true), () => new nn.Hardsigmoid({ inplace: true })],
  elu: [() => new nn.ELU(), () => new nn.ELU({})],
  elu_inplace: [() => new nn.ELU(0.5, true), () => new nn.ELU({ alpha: 0.5, inplace: true })],
  celu_inplace: [() => new nn.CELU(0.7, true), () => new nn.CELU({ alpha: 0.7, inplace: true })],
  selu_inplace: [() => new nn.SELU(true), () => new nn.SELU({ inplace: true })],
  leaky_relu: [() => new nn.LeakyReLU(0.2, true), () => new nn.LeakyReLU({ negativeSlope: 0.2, inplace: true })],
  hardtanh: [() => new nn.Hardtanh(-2.0, 3.0), () => new nn.Hardtanh({ minVal: -2.0, maxVal: 3.0 })],
  hardtanh_inplace: [() => new nn.Hardtanh(-1, 1, true), () => new nn.Hardtanh({ inplace: true })],
  rrelu_train: [() => new nn.RReLU(0.1, 0.3), () => new nn.RReLU({ lower: 0.1, upper: 0.3 })],
  rrelu_eval: [() => new nn.RReLU(), () => new nn.RReLU({})],
  rrelu_inplace: [() => new nn.RReLU(1 / 8, 1 / 3, true), () => new nn.RReLU({ inplace: true })],
  gelu_tanh: [() => new nn.GELU('tanh'), () => new nn.GELU({ approximate: 'tanh' })],
  glu: [() => new nn.GLU(), () => new nn.GLU({ dim: -1 })],
  hardshrink: [() => new nn.Hardshrink(0.3), () => new nn.Hardshrink({ lambd: 0.3 })],
  softshrink: [() => new nn.Softshrink(), () => new nn.Softshrink({})],
  logsigmoid: [() => new nn.LogSigmoid(), () => new nn.LogSigmoid()],
  logsoftmax: [() => new nn.LogSoftmax(1), () => new nn.LogSoftmax({ dim: 1 })],
  logsoftmax_none: [() => new nn.LogSoftmax(), () => new nn.LogSoftmax({})],
  softmin: [() => new nn.Softmin(-1), () => new nn.Softmin({ dim: -1 })],
  softmax_none: [() => new nn.Softmax(), () => new nn.Softmax({ dim: null })],
  softmax2d: [() => new nn.Softmax2d(), () => new nn.Softmax2d()],
  mish_inplace: [() => new nn.Mish(true), () => new nn.Mish({ inplace: true })],
  softplus: [() => new nn.Softplus(), () => new nn.Softplus({})],
  softplus_given: [() => new nn.Softplus(2.0, 10.0), () => new nn.Softplus({ beta: 2.0, threshold: 10.0 })],
  softsign: [() => new nn.Softsign(), () => new nn.Softsign()],
  tanhshrink: [() => new nn.Tanhshrink(), () => new nn.Tanhshrink()],
  threshold_inplace: [() => new nn.Threshold(0.1, 20.0, true), () => new nn.Threshold({ threshold: 0.1, value: 20.0, inplace: true })],
  prelu_c: [() => new nn.PReLU(4), () => new nn.PReLU({ numParameters: 4 })],
  prelu_1: [() => new nn.PReLU(), () => new nn.PReLU({ init: 0.25 })],
  sigmoid: [() => new nn.Sigmoid(), () => new nn.Sigmoid()],
  tanh: [() => new nn.Tanh(), () => new nn.Tanh()],
  alpha_dropout: [() => new nn.AlphaDropout(0.2), () => new nn.AlphaDropout({ p: 0.2 })],
  alpha_dropout_eval: [() => new nn.AlphaDropout(), () => new nn.AlphaDropout({})],
  feature_alpha_dropout: [() => new nn.FeatureAlphaDropout(0.1, true), () => new nn.FeatureAlphaDropout({ p: 0.1, inplace: true })],
  mha_self_kpm: [() => new nn.MultiheadAttention(8, 2, 0, true, false, false, null, null, true), () => new nn.MultiheadAttention(8, 2, { batchFirst: true }), mhaSelfKpm],
  mha_bool_masks: [() => new nn.MultiheadAttention(8, 4, 0, false), () => new nn.MultiheadAttention(8, 4, { bias: false }), mhaBoolMasks],
  mha_float_kpm_eval: [
    () => new nn.MultiheadAttention(8, 2, 0.1, true, true, false, 6, 6),
    () => new nn.MultiheadAttention(8, 2, { dropout: 0.1, addBiasKv: true, kdim: 6, vdim: 6 }),
    mhaFloatKpm,
  ],
  mha_unbatched: [() => new nn.MultiheadAttention(8, 2, 0, true, false, true), () => new nn.MultiheadAttention(8, 2, { addZeroAttn: true }), mhaUnbatched],
  bn1d_nc: [() => new nn.BatchNorm1d(6, 1e-5, null), () => new nn.BatchNorm1d(6, { momentum: null })],
  bn1d_ncl_eval: [() => new nn.BatchNorm1d(6, 1e-3, 0.2, false), () => new nn.BatchNorm1d(6, { eps: 1e-3, momentum: 0.2, affine: false })],
  bn2d_noaffine: [() => new nn.BatchNorm2d(4, 1e-5, 0.1, false), () => new nn.BatchNorm2d(4, { affine: false })],
  bn3d_nostats_eval: [() => new nn.BatchNorm3d(3, 1e-5, 0.1, true, false), () => new nn.BatchNorm3d(3, { trackRunningStats: false })],
  gn_noaffine: [() => new nn.GroupNorm(2, 4, 1e-5, false), () => new nn.GroupNorm(2, 4, { affine: false })],
  gn: [() => new nn.GroupNorm(2, 4, 1e-3), () => new nn.GroupNorm(2, 4, { eps: 1e-3 })],
  in1d: [() => new nn.InstanceNorm1d(4), () => new nn.InstanceNorm1d(4, {})],
  in2d_tracked_eval: [() => new nn.InstanceNorm2d(4, 1e-5, 0.1, true, true), () => new nn.InstanceNorm2d(4, { affine: true, trackRunningStats: true })],
  in3d_affine: [() => new nn.InstanceNorm3d(3, 1e-5, 0.1, true), () => new nn.InstanceNorm3d(3, { affine: true })],
  ln_multi: [() => new nn.LayerNorm([5, 6]), () => new nn.LayerNorm([5, 6], {})],
  ln_noaffine: [() => new nn.LayerNorm(6, 1e-6, false), () => new nn.LayerNorm(6, { eps: 1e-6, elementwiseAffine: false })],
  lrn_4d: [() => new nn.LocalResponseNorm(3, 1e-4, 0.75, 2.0), () => new nn.LocalResponseNorm(3, { k: 2.0 })],
  lrn_3d: [() => new nn.LocalResponseNorm(2), () => new nn.LocalResponseNorm(2, {})],
  lrn_5d: [() => new nn.LocalResponseNorm(4, 1e-3, 0.5, 1.5), () => new nn.LocalResponseNorm(4, { alpha: 1e-3, beta: 0.5, k: 1.5 })],
  cmlrn: [() => new nn.CrossMapLRN2d(3), () => new nn.CrossMapLRN2d(3, {})],
  cmlrn_k: [() => new nn.CrossMapLRN2d(5, 2e-4, 0.5, 2.0), () => new nn.CrossMapLRN2d(5, { alpha: 2e-4, beta: 0.5, k: 2.0 })],
};

const shapes = (ts: readonly (Tensor | null)[]): (number[] | null)[] => ts.map((t) => (t === null ? null : ([...t.shape] as number[])));

const t = suite('layers: activations, attention, normalisation');

t('every reference case has a TypeScript build and the other way round', () => {
  assert.equal(Object.keys(BUILD).sort(), Object.keys(EXPECTED).sort());
});

for (const [name, [positional, options, fwd]] of Object.entries(BUILD)) {
  const e = EXPECTED[name]!;
  for (const [form, build] of [['positional', positional], ['options', options]] as const) {
    t(`${name} (${form}): repr, parameters, buffers, outputs, ops, counts`, () => {
      const layer = build();
      const model = new Wrap(layer, fwd ?? null);
      model.train(e.mode === 'train');
      assert.is(layer.typeName(), e.type);
      assert.is(layer.extraRepr(), e.extra_repr);
      assert.is(layer.toString(), e.repr);
      assert.equal(Object.fromEntries(layer.namedParameters().map(([n, p]) => [n, [...p.shape]])), e.params);
      assert.equal(Object.fromEntries(layer.namedBuffers().map(([n, b]) => [n, [...b.shape]])), e.buffers);
      const inputs = e.inputs.map((s) => new nn.Tensor(s));
      const y = model.forward(...inputs);
      assert.equal(shapes(Array.isArray(y) ? y : [y]), e.outputs);
      const [flops, acts] = analyzers(model, { inputs: e.inputs });
      const ops = flops.trace.nodes.map((n) => ({
        op: n.kind,
        scope: n.scopes[n.scopes.length - 1] ?? '',
        in: n.inputs.map((s) => (s === null ? null : [...s])),
        out: n.outputs.map((s) => (s === null ? null : [...s])),
      }));
      assert.equal(ops, e.ops);
      assert.is(Number(flops.total('layer')), e.flops);
      assert.equal(Object.fromEntries([...(flops.byModuleAndOperator().get('layer') ?? new Map<string, bigint>())].map(([k, v]) => [k, Number(v)])), e.flops_by_operator);
      assert.is(Number(acts.total('layer')), e.activations);
      assert.equal(Object.fromEntries(flops.unsupportedOps()), e.unsupported);
      assert.equal([...flops.uncalledModules()].sort(), [...e.uncalled].sort());
    });
  }
}

t.run();
