// Transformer layers with float inputs: nn.Transformer (pre-norm, gelu,
// batch_first, 1 encoder + 2 decoder layers, bool key padding masks), a
// post-norm ReLU sequence-first TransformerEncoderLayer and a
// TransformerDecoderLayer with a function activation. Expected values: the
// reference tool on PyTorch 1.13 (fixture golden/layers/transformer_float.json,
// written by shared/reference/gen.py for the model ported below).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { F, Module, nn, type Tensor } from '../index.js';
import { assertModulesMatchGolden, assertOpsMatchGolden, goldenInput, type Golden } from './golden_check.js';
import { analyzers, fixture, get } from './helpers.js';

const t = suite('layers: transformer');

class TfFloat extends Module {
  transformer = new nn.Transformer(16, 4, {
    numEncoderLayers: 1, numDecoderLayers: 2, dimFeedforward: 32,
    dropout: 0.1, activation: 'gelu', batchFirst: true, normFirst: true,
  });
  enc = new nn.TransformerEncoderLayer(16, 2, 24); // post-norm, relu, sequence-first
  dec = new nn.TransformerDecoderLayer(16, 2, { dimFeedforward: 24, activation: (x: Tensor) => F.gelu(x), batchFirst: true });

  override forward(src: Tensor, tgt: Tensor): Tensor { // (B, S, 16), (B, T, 16)
    const srcPad = F.gt(F.select(F.slice(F.slice(src, 0), 1), 2, 0), 1.0); // bool (B, S)
    const y = this.transformer.call(src, tgt, { srcKeyPaddingMask: srcPad, memoryKeyPaddingMask: srcPad });
    const mem = F.transpose(this.enc.call(F.transpose(src, 0, 1)), 0, 1);
    return this.dec.call(y, mem, { memoryKeyPaddingMask: srcPad });
  }
}

const golden = fixture<Golden>('golden/layers/transformer_float.json');

/**
 * The trace is the reference's up to the first cross-attention
 * (`multihead_attn(x, mem, mem)`): there nn/functional/attention.ts's
 * `_in_projection_packed` reads `E = q.size(-1)` and splits the packed
 * weights at `[E, E * 2]`, as PyTorch does (aten::size, aten::Int, 0-d
 * aten::mul before each split_with_sizes): the whole trace and every number
 * equal the reference (the last test below).
 */
const CROSS_ATTENTION_AT = 142;

t('modules, parameters, and the trace up to the first cross-attention as the reference', () => {
  const m = new TfFloat();
  const [flops] = analyzers(m, goldenInput(golden));
  assertModulesMatchGolden(golden, m, flops);
  const ops = flops.trace.nodes.slice(0, CROSS_ATTENTION_AT).map((n) => ({
    op: n.kind,
    scope: n.scopes[n.scopes.length - 1] ?? '',
    in: n.inputs.map((s) => (s === null ? null : [...s])),
    out: n.outputs.map((s) => (s === null ? null : [...s])),
  }));
  assert.equal(ops, golden.ops.slice(0, CROSS_ATTENTION_AT));
  assert.equal([...flops.uncalledModules()].sort(), golden.uncalled_modules);
});

t('Transformer, encoder and decoder layers: ops, modules and counts as the reference', () => {
  const m = new TfFloat();
  const [flops, acts] = analyzers(m, goldenInput(golden));
  assertOpsMatchGolden(golden, flops);
  assertModulesMatchGolden(golden, m, flops);
  for (const [name, v] of Object.entries(golden.flops_by_module)) assert.is(get(flops.byModule(), name), BigInt(v), name);
  for (const [name, v] of Object.entries(golden.acts_by_module)) assert.is(get(acts.byModule(), name), BigInt(v), name);
  assert.equal(Object.fromEntries(flops.unsupportedOps()), golden.flops_unsupported_ops);
  assert.equal([...flops.uncalledModules()].sort(), golden.uncalled_modules);
});

t('positional and options forms; clones are separate layers', () => {
  const a = new nn.TransformerEncoderLayer(8, 2, 16, 0.0, 'gelu', 1e-6, true, true);
  const b = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0.0, activation: 'gelu', layerNormEps: 1e-6, batchFirst: true, normFirst: true });
  assert.is(a.norm1.extraRepr(), b.norm1.extraRepr());
  assert.is(a.dropout.extraRepr(), 'p=0.0, inplace=False');
  const enc = new nn.TransformerEncoder(a, 3);
  assert.is(enc.layers.length, 3);
  assert.ok(enc.layers.at(0) !== enc.layers.at(1));
  assert.equal([...enc.namedParameters()].length, 3 * [...a.namedParameters()].length);
});

t.run();
