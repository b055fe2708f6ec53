// torchvision's Vision Transformer family and nn.MultiheadAttention:
// encoder-block and attention FLOPs and activations derived by hand from
// docs/counting-rules.md, the ops of PyTorch 1.13's multi_head_attention_forward slow path,
// and reprs. Parameter counts and analysis in both modes: zoo_all.test.ts.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, Module, nn, Tensor } from '../index.js';
import { vit_b_16, vit_b_32, vit_h_14 } from '../models/vision_transformer.js';
import { analyzers, opsIn } from './helpers.js';

const t = suite('zoo_vit');

// The slow path of F.multi_head_attention_forward (PyTorch 1.13) for batch-first
// self-attention with need_weights=False and no dropout, in the module's scope,
// exactly as the reference traces it (its vit_b_16 golden): the batch-first
// transpose; tgt_len, bsz, embed_dim read from the query's shape and converted
// for later views (aten::size, aten::Int); embed_dim.div(num_heads) (the
// head_dim * num_heads assert is dead code, so no mul); the packed
// in-projection (linear, chunk); q, k, v each made contiguous, viewed with
// bsz * num_heads heads (a traced-int mul) and transposed; q / sqrt(E); bmm
// with k transposed; softmax; bmm with v; the output transposed, made
// contiguous, viewed as (tgt_len * bsz, E); the out_proj linear with
// out_proj's weights; the view back; the batch-first transpose.
const SELF_ATTENTION_OPS = [
  'aten::transpose',
  'aten::size', 'aten::Int', 'aten::Int', 'aten::size', 'aten::Int', 'aten::size', 'aten::Int',
  'aten::div', 'aten::Int', 'aten::Int', 'aten::Int',
  'aten::linear',
  'aten::chunk',
  'aten::contiguous', 'aten::mul', 'aten::Int', 'aten::view', 'aten::transpose',
  'aten::contiguous', 'aten::size', 'aten::Int', 'aten::mul', 'aten::Int', 'aten::view', 'aten::transpose',
  'aten::contiguous', 'aten::size', 'aten::Int', 'aten::mul', 'aten::Int', 'aten::view', 'aten::transpose',
  'aten::div',
  'aten::transpose',
  'aten::bmm',
  'aten::softmax',
  'aten::bmm',
  'aten::transpose', 'aten::contiguous', 'aten::mul', 'aten::Int', 'aten::view',
  'aten::linear',
  'aten::size', 'aten::Int', 'aten::view',
  'aten::transpose',
];

t('vit_b_16 encoder_layer_0 by hand, training mode', () => {
  const [flops, acts] = analyzers(vit_b_16(), [3, 224, 224]);
  const byModule = flops.byModule();
  const actsByModule = acts.byModule();
  // 224 / 16 = 14 patches a side: 196 tokens + the class token; batch 1.
  const L = 197;
  const E = 768;
  const H = 12;
  const hd = E / H;
  const mlp = 3072;
  const block = 'encoder.layers.encoder_layer_0';
  const ln = 5 * L * E; // layer_norm with weight = 5 * numel(in)
  const inProj = L * E * (3 * E); // linear = prod(x.shape) * out_features, x = (197, 1, 768)
  const scores = H * L * hd * L; // bmm(a[n,c,t], b[n,t,d]) = n * c * t * d, (12,197,64) x (12,64,197)
  const mix = H * L * L * hd; // (12,197,197) x (12,197,64)
  const outProj = L * E * E; // x = (197, 768)
  const fc1 = L * E * mlp;
  const fc2 = L * mlp * E;
  assert.is(byModule.get(`${block}.ln_1`), BigInt(ln));
  assert.is(byModule.get(`${block}.self_attention`), BigInt(inProj + scores + mix + outProj));
  assert.is(byModule.get(`${block}.ln_2`), BigInt(ln));
  assert.is(byModule.get(`${block}.mlp.0`), BigInt(fc1));
  assert.is(byModule.get(`${block}.mlp.3`), BigInt(fc2));
  assert.is(byModule.get(block), BigInt(2 * ln + inProj + scores + mix + outProj + fc1 + fc2));
  const attn = flops.byOperator(`${block}.self_attention`);
  assert.is(attn.get('linear'), BigInt(inProj + outProj));
  assert.is(attn.get('bmm'), BigInt(scores + mix));
  // Activations: linear and bmm outputs.
  const attnActs = L * 3 * E + H * L * L + H * L * hd + L * E;
  assert.is(actsByModule.get(`${block}.self_attention`), BigInt(attnActs));
  assert.is(actsByModule.get(block), BigInt(attnActs + L * mlp + L * E));
  // out_proj's weights are used by F.linear inside the attention: never called.
  assert.ok(flops.uncalledModules().has(`${block}.self_attention.out_proj`));
  assert.is(byModule.get(`${block}.self_attention.out_proj`), 0n);
  assert.equal(opsIn(flops, `${block}.self_attention`), SELF_ATTENTION_OPS);
  const unsupported = flops.unsupportedOps(`${block}.self_attention`);
  assert.equal([...unsupported.entries()].sort(), [['aten::div', 2], ['aten::mul', 4], ['aten::softmax', 1]]);
  // The block itself: the two residual adds.
  assert.equal(opsIn(flops, block), ['aten::add', 'aten::add']);
});

t('vit_b_16 stem, encoder and head by hand; unsupported ops of the whole model', () => {
  const [flops, acts] = analyzers(vit_b_16(), [3, 224, 224]);
  const byModule = flops.byModule();
  // conv_proj: 16x16 stride 16, 3 -> 768, 14 x 14 out.
  assert.is(byModule.get('conv_proj'), BigInt(768 * 3 * 16 * 16 * 14 * 14));
  assert.is(acts.byModule().get('conv_proj'), BigInt(768 * 14 * 14));
  assert.is(byModule.get('encoder.ln'), BigInt(5 * 197 * 768));
  assert.is(byModule.get('heads.head'), BigInt(768 * 1000));
  // Root, as the reference traces it: n, h, w read from the input's shape (c is dead code),
  // h // p and w // p, n_h * n_w, reshape, permute, n read again for expand, cat, x[:, 0] (slice, select).
  assert.equal(opsIn(flops, ''), [
    'aten::size', 'aten::Int', 'aten::size', 'aten::size', 'aten::floor_divide', 'aten::floor_divide', 'aten::mul', 'aten::Int',
    'aten::reshape', 'aten::permute', 'aten::size', 'aten::Int', 'aten::expand', 'aten::cat', 'aten::slice', 'aten::select',
  ]);
  // Encoder: pos_embedding add (broadcast over the batch).
  const enc = flops.trace.nodes.filter((n) => n.scopes[n.scopes.length - 1] === 'encoder');
  assert.equal(enc.map((n) => n.kind), ['aten::add']);
  assert.equal(enc[0]!.inputs.slice(0, 2), [[1, 197, 768], [1, 197, 768]]);
  // 12 layers: 4 muls + 2 divs + 1 softmax per attention, 2 adds + 1 gelu per block; 1 mul and 1 add
  // outside (the reference's vit_b_16 golden: 49 muls).
  const unsupported = Object.fromEntries(flops.unsupportedOps(''));
  assert.equal(unsupported, { 'aten::mul': 1 + 4 * 12, 'aten::add': 1 + 2 * 12, 'aten::div': 2 * 12, 'aten::softmax': 12, 'aten::gelu': 12 });
  assert.is(flops.uncalledModules().size, 12);
});

t('vit_b_32 and vit_h_14: patch grids and sequence lengths', () => {
  const [flops] = analyzers(vit_b_32(), [3, 224, 224]);
  // 7 x 7 patches + class token = 50 tokens.
  assert.is(flops.byModule().get('conv_proj'), BigInt(768 * 3 * 32 * 32 * 7 * 7));
  assert.is(flops.byModule().get('encoder.layers.encoder_layer_3.ln_1'), BigInt(5 * 50 * 768));
  const h14 = vit_h_14();
  // torchvision's builder default image_size is 224 without weights: 16 x 16 patches + 1.
  assert.equal([...(h14.getSubmodule('encoder') as nn.Module & { pos_embedding: Tensor }).pos_embedding.shape], [1, 257, 1280]);
  assert.throws(() => analyze(h14, [3, 518, 518]), (e: Error) => e.name === 'ShapeError');
});

t('eval mode: the same ops and FLOPs (no batch norm, attention dropout 0)', () => {
  const [train] = analyzers(vit_b_16(), [3, 224, 224]);
  const model = vit_b_16();
  model.eval();
  const [flops] = analyzers(model, [3, 224, 224]);
  assert.is(flops.total(), train.total());
  assert.equal(opsIn(flops, 'encoder.layers.encoder_layer_5.self_attention'), SELF_ATTENTION_OPS);
  assert.equal(flops.trace.nodes.map((n) => n.kind), train.trace.nodes.map((n) => n.kind));
});

t('structure: names, registration order, reprs', () => {
  const model = vit_b_16();
  const names = [...model.namedParameters()].map(([n, p]) => [n, [...p.shape]] as const).slice(0, 10);
  assert.equal(names, [
    ['class_token', [1, 1, 768]],
    ['conv_proj.weight', [768, 3, 16, 16]],
    ['conv_proj.bias', [768]],
    ['encoder.pos_embedding', [1, 197, 768]],
    ['encoder.layers.encoder_layer_0.ln_1.weight', [768]],
    ['encoder.layers.encoder_layer_0.ln_1.bias', [768]],
    ['encoder.layers.encoder_layer_0.self_attention.in_proj_weight', [2304, 768]],
    ['encoder.layers.encoder_layer_0.self_attention.in_proj_bias', [2304]],
    ['encoder.layers.encoder_layer_0.self_attention.out_proj.weight', [768, 768]],
    ['encoder.layers.encoder_layer_0.self_attention.out_proj.bias', [768]],
  ]);
  assert.equal([...model._modules.keys()], ['conv_proj', 'encoder', 'heads']);
  assert.equal([...model.getSubmodule('encoder')._modules.keys()], ['dropout', 'layers', 'ln']);
  assert.equal([...model.getSubmodule('encoder.layers.encoder_layer_0')._modules.keys()], ['ln_1', 'self_attention', 'dropout', 'ln_2', 'mlp']);
  assert.is(
    model.getSubmodule('encoder.layers.encoder_layer_0').toString(),
    [
      'EncoderBlock(',
      '  (ln_1): LayerNorm((768,), eps=1e-06, elementwise_affine=True)',
      '  (self_attention): MultiheadAttention(',
      '    (out_proj): NonDynamicallyQuantizableLinear(in_features=768, out_features=768, bias=True)',
      '  )',
      '  (dropout): Dropout(p=0.0, inplace=False)',
      '  (ln_2): LayerNorm((768,), eps=1e-06, elementwise_affine=True)',
      '  (mlp): MLPBlock(',
      '    (0): Linear(in_features=768, out_features=3072, bias=True)',
      "    (1): GELU(approximate='none')",
      '    (2): Dropout(p=0.0, inplace=False)',
      '    (3): Linear(in_features=3072, out_features=768, bias=True)',
      '    (4): Dropout(p=0.0, inplace=False)',
      '  )',
      ')',
    ].join('\n'),
  );
  assert.is(model.getSubmodule('encoder.layers.encoder_layer_0.self_attention').extraRepr(), '');
  assert.is(model.getSubmodule('heads').toString(), 'Sequential(\n  (head): Linear(in_features=768, out_features=1000, bias=True)\n)');
  assert.is(model.getSubmodule('conv_proj').toString(), 'Conv2d(3, 768, kernel_size=(16, 16), stride=(16, 16))');
});

class CrossAttention extends Module {
  attn = new nn.MultiheadAttention(8, 2, { dropout: 0.1 });
  // Both outputs are returned: the averaged weights are traced only when they reach the output.
  override forward(q: Tensor, kv: Tensor): (Tensor | null)[] {
    return this.attn.call(q, kv, kv);
  }
}

t('MultiheadAttention, sequence first, cross attention with weights, by hand', () => {
  // query (L=5, N=2, E=8), key = value (S=7, N=2, E=8), 2 heads of 4.
  const [flops, acts] = analyzers(new CrossAttention(), { inputs: [[5, 2, 8], [7, 2, 8]] });
  const qProj = 5 * 2 * 8 * 8; // linear with the first E rows of in_proj_weight
  const kvProj = 7 * 2 * 8 * 16; // the other 2E rows, then chunk(2)
  const scores = 4 * 5 * 4 * 7; // bmm (N*H=4, 5, 4) x (4, 4, 7)
  const mix = 4 * 5 * 7 * 4; // bmm (4, 5, 7) x (4, 7, 4)
  const outProj = 10 * 8 * 8; // (tgt_len * bsz, E)
  assert.is(flops.total(), BigInt(qProj + kvProj + scores + mix + outProj));
  assert.is(acts.total(), BigInt(5 * 2 * 8 + 7 * 2 * 16 + 4 * 5 * 7 + 4 * 5 * 4 + 10 * 8));
  // Without the size bookkeeping (aten::size, aten::Int): head_dim by a traced div (the
  // divisibility assert's mul is dead code, as in the reference's vit_b_16 golden);
  // in_proj_weight.split([E, E * 2]) with E = q.size(-1), so a 0-d aten::mul before each split
  // (the reference's trace of nn.Transformer's cross-attention, test/layers_transformer.test.ts),
  // and the bias likewise; training with p > 0: dropout on the weights.
  const ops = opsIn(flops, 'attn').filter((k) => k !== 'aten::size' && k !== 'aten::Int');
  assert.equal(ops.slice(0, 8), ['aten::div', 'aten::mul', 'aten::split_with_sizes', 'aten::mul', 'aten::split_with_sizes', 'aten::linear', 'aten::linear', 'aten::chunk']);
  assert.ok(ops.includes('aten::dropout'));
  // need_weights: the weights are viewed per head and averaged: sum(dim=1) / num_heads.
  assert.equal(ops.slice(-3), ['aten::view', 'aten::sum', 'aten::div']);
  const model = new CrossAttention();
  model.eval();
  const [evalFlops] = analyzers(model, { inputs: [[5, 2, 8], [7, 2, 8]] });
  assert.not.ok(opsIn(evalFlops, 'attn').includes('aten::dropout'));
  assert.ok(evalFlops.uncalledModules().has('attn.out_proj'));
});

t('MultiheadAttention with kdim/vdim: separate projection weights', () => {
  const mha = new nn.MultiheadAttention(8, 2, { kdim: 6, vdim: 4 });
  assert.equal(
    [...mha.namedParameters()].map(([n, p]) => [n, [...p.shape]]),
    [['q_proj_weight', [8, 8]], ['k_proj_weight', [8, 6]], ['v_proj_weight', [8, 4]], ['in_proj_bias', [24]], ['out_proj.weight', [8, 8]], ['out_proj.bias', [8]]],
  );
  class Wrap extends Module {
    m = mha;
    override forward(q: Tensor, k: Tensor, v: Tensor): Tensor {
      return this.m.call(q, k, v, { needWeights: false })[0];
    }
  }
  const [flops] = analyzers(new Wrap(), { inputs: [[3, 1, 8], [4, 1, 6], [4, 1, 4]] });
  const proj = 3 * 8 * 8 + 4 * 6 * 8 + 4 * 4 * 8;
  assert.is(flops.total(), BigInt(proj + 2 * 3 * 4 * 4 + 2 * 3 * 4 * 4 + 3 * 8 * 8));
  assert.throws(() => new nn.MultiheadAttention(10, 3), (e: Error) => e.name === 'ArgumentError');
});

t.run();
