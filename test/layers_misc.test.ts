// PixelShuffle, PixelUnshuffle, ChannelShuffle, Unflatten, CosineSimilarity,
// PairwiseDistance, Bilinear, UpsamplingNearest2d and UpsamplingBilinear2d
// against the reference tool on PyTorch 1.13 (test/fixtures/layers_misc.json,
// written by running the reference on test/fixtures/layers_misc_cases.py:
// each layer wrapped as `layer` in a module with one parameter `anchor`):
// type, extra_repr, parameters, the traced ops (names, scopes, argument
// layout, output shapes), FLOPs, activations and unsupported ops. Layers
// with keyword arguments are built positionally and with an options object.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { F, Module, nn, Parameter, type Tensor } from '../index.js';
import { analyzers, fixture } from './helpers.js';

interface Expected {
  inputs: number[][];
  type: string;
  extra_repr: string;
  params: Record<string, number[]>;
  ops: { op: string; scope: string; in: (number[] | null)[]; out: (number[] | null)[] }[];
  flops: number;
  activations: number;
  unsupported: Record<string, number>;
}

const EXPECTED = fixture<Record<string, Expected>>('layers_misc.json');

class Wrap extends Module {
  layer: Module;
  anchor = new Parameter([1]);
  constructor(layer: Module) {
    super();
    this.layer = layer;
  }
  override forward(...xs: Tensor[]): Tensor {
    return this.layer.call(...xs) as Tensor;
  }
}

const BUILD: Record<string, (() => Module)[]> = {
  pixel_shuffle: [() => new nn.PixelShuffle(2)],
  pixel_shuffle_5d: [() => new nn.PixelShuffle(3)],
  pixel_unshuffle: [() => new nn.PixelUnshuffle(2)],
  channel_shuffle: [() => new nn.ChannelShuffle(4)],
  unflatten: [() => new nn.Unflatten(1, [8, 32])],
  unflatten_neg: [() => new nn.Unflatten(-1, [2, -1])],
  cosine: [() => new nn.CosineSimilarity(-1), () => new nn.CosineSimilarity({ dim: -1 })],
  cosine_default: [() => new nn.CosineSimilarity(), () => new nn.CosineSimilarity({})],
  pairwise_keep: [() => new nn.PairwiseDistance(2.0, 1e-6, true), () => new nn.PairwiseDistance({ p: 2.0, keepdim: true })],
  pairwise: [() => new nn.PairwiseDistance(1.0, 1e-4), () => new nn.PairwiseDistance({ p: 1.0, eps: 1e-4 })],
  bilinear: [() => new nn.Bilinear(16, 12, 8), () => new nn.Bilinear(16, 12, 8, { bias: true })],
  bilinear_nobias_3d: [() => new nn.Bilinear(4, 5, 3, false), () => new nn.Bilinear(4, 5, 3, { bias: false })],
  up_nearest2d_size: [() => new nn.UpsamplingNearest2d([16, 16]), () => new nn.UpsamplingNearest2d({ size: [16, 16] })],
  up_nearest2d_scale: [() => new nn.UpsamplingNearest2d(null, 2), () => new nn.UpsamplingNearest2d({ scaleFactor: 2 })],
  up_bilinear2d_scale: [() => new nn.UpsamplingBilinear2d(null, 2), () => new nn.UpsamplingBilinear2d({ scaleFactor: 2 })],
  up_bilinear2d_size: [() => new nn.UpsamplingBilinear2d([9, 4]), () => new nn.UpsamplingBilinear2d({ size: [9, 4] })],
};

const t = suite('layers: misc (shuffles, unflatten, distances, bilinear, upsampling shorthands)');

t('every reference case has a TypeScript build and the other way round', () => {
  assert.equal(Object.keys(BUILD).sort(), Object.keys(EXPECTED).sort());
});

for (const [name, builds] of Object.entries(BUILD)) {
  const e = EXPECTED[name]!;
  builds.forEach((build, i) => {
    t(`${name} (${i === 0 ? 'positional' : 'options'}): repr, parameters, ops, counts`, () => {
      const layer = build();
      const model = new Wrap(layer);
      model.eval();
      assert.is(layer.typeName(), e.type);
      assert.is(layer.extraRepr(), e.extra_repr);
      assert.equal(Object.fromEntries(layer.namedParameters().map(([n, p]) => [n, [...p.shape]])), e.params);
      const [flops, acts] = analyzers(model, { inputs: e.inputs });
      const ops = flops.trace.nodes.map((n) => ({
        op: n.kind,
        scope: n.scopes[n.scopes.length - 1] ?? '',
        in: n.inputs.map((s) => (s === null ? null : [...s])),
        out: n.outputs.map((s) => (s === null ? null : [...s])),
      }));
      assert.equal(ops, e.ops);
      assert.is(Number(flops.total()), e.flops);
      assert.is(Number(acts.total()), e.activations);
      assert.equal(Object.fromEntries(flops.unsupportedOps()), e.unsupported);
    });
  });
}

t('the functional forms check their shapes', () => {
  const x = new nn.Tensor([2, 6, 4, 4]);
  assert.throws(() => F.pixelShuffle(x, 2), /pixel_shuffle/);
  assert.throws(() => F.pixelUnshuffle(new nn.Tensor([2, 6, 5, 4]), 2), /pixel_unshuffle/);
  assert.throws(() => F.channelShuffle(x, 4), /channel_shuffle/);
  assert.throws(() => F.unflatten(x, 1, [4, 2]), /unflatten/);
  assert.throws(() => F.cosineSimilarity(x, new nn.Tensor([3, 6, 4, 4])), /cosine_similarity/);
  assert.throws(() => F.bilinear(new nn.Tensor([2, 3]), new nn.Tensor([2, 4]), new nn.Tensor([5, 3, 3])), /bilinear/);
  assert.equal([...F.unflatten(x, -1, [2, -1]).shape], [2, 6, 4, 2, 2]);
});

t.run();
