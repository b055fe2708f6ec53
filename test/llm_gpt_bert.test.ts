// Hugging Face's GPT-2 and BERT (models/llm/): the reference's goldens
// (shared/golden/llm: gpt2_s128, bert_base_s128) in every field, by the CLI
// and in-process (printed views, traced ops, modules, parameter shapes); tiny
// goldens the reference made of the paths the big ones do not take (batch 2,
// a KV cache with a padding mask, GPT2Model, cross-attention modules left
// uncalled, untied head, other activations, BertForMaskedLM, explicit masks
// and token types; test/fixtures/golden/llm/tiny_cases.py); every builder's
// parameter count (shared/golden/llm/params.tsv); configs read from
// config.json objects; the error for float ids.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  analyze,
  ArgumentError,
  complexityStatsStr,
  complexityStatsTable,
  F,
  models,
  nn,
  parameterCount,
  parameterCountTable,
  ShapeError,
  Tensor,
  ZOO,
  type Module,
} from '../index.js';
import type { GPT2Output } from '../models/index.js';
import { assertModelMatchesGolden, assertModulesMatchGolden, assertOpsMatchGolden, assertReportMatches, goldenInput, type Golden } from './golden_check.js';
import { analyzers, fixture, runCli } from './helpers.js';

/** A golden of shared/golden/llm: its inputs have dtypes (int64 token ids) and names. */
interface LlmGolden extends Golden {
  input: Golden['input'] & { names?: string[] };
}

/** Every field of the golden: the report, the printed views, the traced ops, the modules and parameter shapes. */
function assertMatchesGolden(g: LlmGolden, build: () => Module): void {
  assertModelMatchesGolden(g, build());
  const model = build();
  if (g.mode === 'eval') model.eval();
  const [flops, acts] = analyzers(model, goldenInput(g));
  assert.fixture(complexityStatsTable(flops, { maxDepth: 1, activations: acts }), g.table_depth1);
  assert.fixture(complexityStatsTable(flops, { maxDepth: 2, showParamShapes: false }), g.table_noshapes);
  assert.fixture(complexityStatsStr(flops), g.arch_flops_only);
  assert.fixture(parameterCountTable(model), g.parameter_count_table);
  assert.fixture(parameterCountTable(model, 5), g.parameter_count_table_d5);
  assertOpsMatchGolden(g, flops);
  assertModulesMatchGolden(g, model, flops);
}

// ------------------------------------------------------ the public goldens

const PUBLIC = [
  { golden: 'gpt2_s128', name: 'gpt2' },
  { golden: 'bert_base_s128', name: 'bert_base_uncased' },
] as const;

for (const c of PUBLIC) {
  const g = fixture<LlmGolden>(`golden/llm/${c.golden}.json`);
  const t = suite(`llm:${c.golden}`);

  t('the golden is int64 token ids [1, 128], eval mode', () => {
    assert.equal(g.input, { kind: 'inputs', shapes: [[1, 128]], dtypes: ['int64'], names: ['input_ids'] });
    assert.is(g.mode, 'eval');
  });

  t(`CLI: \`flopscope ${c.name} --eval --json\` (default input) equals the reference in every field`, () => {
    const r = runCli([c.name, '--eval', '--json']);
    assert.is(r.stderr, '');
    assert.is(r.status, 0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    assertReportMatches(g, report);
    assert.equal(report.inputs, [[1, 128]]);
  });

  t(`CLI: --inputs 1,128:int64 gives the same report`, () => {
    const a = runCli([c.name, '--eval', '--json', '--inputs', '1,128:int64']);
    assert.is(a.status, 0, a.stderr);
    assertReportMatches(g, JSON.parse(a.stdout) as Record<string, unknown>);
  });

  t('in-process: report, printed views, traced ops, modules, parameter shapes', () => {
    assertMatchesGolden(g, () => (models as unknown as Record<string, () => Module>)[c.name]!());
  });

  t.run();
}

// -------------------------------------------------------- the tiny goldens

const GPT2_TINY = { vocab_size: 256, n_positions: 64, n_embd: 64, n_layer: 2, n_head: 4 };
const BERT_TINY = { vocab_size: 256, hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 4, intermediate_size: 96, max_position_embeddings: 64 };

/**
 * GPT2LMHeadModel taking the cache and the mask as separate tensors (ids,
 * k0, v0, k1, v1, mask), as the reference's case does: a model's inputs are
 * a flat list of tensors.
 */
const FlatGPT2 = class GPT2LMHeadModel extends models.GPT2LMHeadModel {
  override forward(...args: unknown[]): GPT2Output {
    const [ids, k0, v0, k1, v1, mask] = args as Tensor[];
    return super.forward(ids!, [[k0!, v0!], [k1!, v1!]], mask);
  }
};

/** The ops of nn/functional/llm_ops.ts, each overload once (tiny_cases.py's LlmOps). */
class LlmOps extends nn.Module<(x: Tensor, p: Tensor) => Tensor[]> {
  proj = new nn.Linear(3, 3);

  override forward(x: Tensor, p: Tensor): Tensor[] {
    const c = F.gt(x, 0);
    const a = F.where(c, x, 0.0);
    const b = F.where(c, 1.0, x);
    const s = F.full([], x.size(-1).pow(0.5), 'float32');
    const d = F.where(c, F.div(a, s), F.toDevice(F.full([], F.finfo('float32').min)));
    const n = p.size(-2);
    const pos = F.arange(n, x.size(1).add(n));
    const e = F.type(F.erf(b), 'float32');
    return [this.proj.call(d), e, pos, F.full([2, 3], 7, 'int64')];
  }
}

const TINY: { golden: string; build: () => Module }[] = [
  { golden: 'llm_ops', build: () => new LlmOps() },
  { golden: 'gpt2_tiny_b2', build: () => models.gpt2FromConfig({ model_type: 'gpt2', ...GPT2_TINY }) },
  {
    // GPT2Model, n_inner, relu, scale by the inverse layer index, cross-attention modules (uncalled), training mode.
    golden: 'gpt2_tiny_variants',
    build: () =>
      models.gpt2FromConfig({
        ...GPT2_TINY,
        architectures: ['GPT2Model'],
        n_inner: 100,
        activation_function: 'relu',
        scale_attn_by_inverse_layer_idx: true,
        add_cross_attention: true,
      }),
  },
  // Untied lm_head, "gelu_python" (erf), no cache in the output.
  { golden: 'gpt2_tiny_untied', build: () => models.gpt2({ ...GPT2_TINY, tie_word_embeddings: false, activation_function: 'gelu_python', use_cache: false }) },
  // One new token after 7 cached, with a [batch, past + 1] padding mask.
  { golden: 'gpt2_tiny_decode', build: () => new FlatGPT2(models.gpt2Config(GPT2_TINY)) },
  { golden: 'bert_tiny_mlm', build: () => models.bertFromConfig({ ...BERT_TINY, architectures: ['BertForMaskedLM'] }) },
  // Explicit attention mask and token types, "gelu_new", no padding index, training mode.
  { golden: 'bert_tiny_masks', build: () => models.bert_base_uncased({ ...BERT_TINY, hidden_act: 'gelu_new', pad_token_id: null, type_vocab_size: 64 }) },
];

const tiny = suite('llm: tiny goldens');
for (const c of TINY) {
  tiny(`${c.golden}: every field equals the reference's`, () => {
    assertMatchesGolden(fixture<LlmGolden>(`golden/llm/${c.golden}.json`), c.build);
  });
}
tiny('llm ops: result dtypes and PyTorch\'s refusals', () => {
  const x = new Tensor([2, 3]);
  const mask = new Tensor([1, 3], 'bool');
  assert.is(F.where(mask, x, 0).dtype, 'float32');
  assert.is(F.where(mask, new Tensor([3], 'int64'), new Tensor([2, 1], 'int64')).shape.join(','), '2,3');
  assert.is(F.where(mask, new Tensor([3], 'int64'), x).dtype, 'float32');
  assert.is(F.where(mask, new Tensor([3], 'float16'), new Tensor([3], 'bfloat16')).dtype, 'float32');
  assert.is(argumentError(() => F.where(new Tensor([3]), x, 0)).argument, 'condition');
  assert.throws(() => F.where(mask, new Tensor([2, 4]), 0), (e: Error) => e instanceof ShapeError);
  assert.equal([F.full([2], 3).dtype, F.full([2], 3, 'int64').dtype, F.full([], new Tensor([2]).size(0)).dtype], ['float32', 'int64', 'int64']);
  assert.is(argumentError(() => F.toDevice(x, 'cuda')).argument, 'device');
  assert.is(F.type(x, 'float16').dtype, 'float16');
  assert.equal([F.finfo('float32').min, F.finfo('float16').max, F.finfo('bfloat16').eps], [-3.4028234663852886e38, 65504, 0.0078125]);
  assert.is(argumentError(() => F.finfo('int64')).argument, 'dtype');
});

tiny.run();

// -------------------------------------------------------------- the zoo

const zoo = suite('llm: builders, zoo entries, parameter counts');
const BERT_DEFAULTS_SHAPE = { hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072 };

/** shared/golden/llm/params.tsv: built on the meta device, equal to the closed form (and the published counts). */
const PARAMS: Record<string, bigint> = {
  gpt2: 124_439_808n,
  gpt2_medium: 354_823_168n,
  gpt2_large: 774_030_080n,
  gpt2_xl: 1_557_611_200n,
  bert_base_uncased: 109_482_240n,
  bert_base_uncased_mlm: 109_514_298n,
};

for (const [name, count] of Object.entries(PARAMS)) {
  zoo(`${name}: ${count} parameters; a zoo entry of int64 token ids [1, 128]; models.${name}() builds it`, () => {
    const builder = (models as unknown as Record<string, () => Module>)[name]!;
    const model = builder();
    assert.is(parameterCount(model).get(''), count);
    const entry = ZOO[name]!;
    assert.equal([entry.inputShape, entry.inputDtype, entry.inputName], [[128], 'int64', 'input_ids']);
    assert.is(String(entry.build()), String(model));
  });
}

zoo('the CLI lists the token-id entries with their dtype, as --inputs takes them', () => {
  const r = runCli(['--list']);
  assert.is(r.status, 0);
  const lines = r.stdout.split('\n');
  for (const name of Object.keys(PARAMS)) assert.ok(lines.some((l) => new RegExp(`^${name} +1,128:int64$`).test(l)), `${name} listed as 1,128:int64`);
  assert.ok(lines.some((l) => /^resnet18 +3,224,224$/.test(l)), 'image models keep their listing');
});

zoo('tied weights are one Parameter, counted once under the first name', () => {
  const g = models.gpt2();
  assert.ok(g.lm_head.weight === g.transformer.wte.weight);
  const names = g.namedParameters().map(([n]) => n);
  assert.ok(names.includes('transformer.wte.weight') && !names.includes('lm_head.weight'));
  assert.is(names[0], 'transformer.wte.weight');
  assert.is(names.includes('transformer.h.0.attn.c_attn.weight'), true);
  const b = models.bert_base_uncased_mlm();
  assert.ok(b.cls.predictions.decoder.weight === b.bert.embeddings.word_embeddings.weight);
  assert.ok(b.cls.predictions.decoder.bias === b.cls.predictions.bias);
  const bn = b.namedParameters().map(([n]) => n);
  assert.ok(bn.includes('cls.predictions.bias') && !bn.includes('cls.predictions.decoder.weight') && !bn.includes('cls.predictions.decoder.bias'));
});

zoo("state dict: HF's keys and shapes in PyTorch's order (tied weights under each name; BERT's id buffers not persistent)", () => {
  const want = fixture<Record<string, [string, number[]][]>>('golden/llm/state_dicts.json');
  const gpt2Tiny = { vocab_size: 256, n_positions: 64, n_embd: 64, n_layer: 2, n_head: 4 };
  const bertTiny = { vocab_size: 256, hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 4, intermediate_size: 96, max_position_embeddings: 64 };
  const built: Record<string, Module> = {
    GPT2LMHeadModel: models.gpt2(gpt2Tiny),
    GPT2Model: models.gpt2FromConfig(gpt2Tiny, 'GPT2Model'),
    BertModel: models.bert_base_uncased(bertTiny),
    BertForMaskedLM: models.bert_base_uncased_mlm(bertTiny),
  };
  for (const [cls, model] of Object.entries(built)) {
    assert.equal([...model.stateDict()].map(([k, t]) => [k, [...t.shape]]), want[cls], cls);
  }
});

zoo('buffers: the causal mask of every GPT-2 attention, BERT position and token-type ids', () => {
  const buffers = new Map(models.gpt2_medium().namedBuffers().map(([n, t]) => [n, `${t.dtype} ${t.shape.join('x')}`]));
  assert.is(buffers.get('transformer.h.23.attn.bias'), 'bool 1x1x1024x1024');
  assert.is(buffers.get('transformer.h.0.attn.masked_bias'), 'float32 ');
  const bert = new Map(models.bert_base_uncased().namedBuffers().map(([n, t]) => [n, `${t.dtype} ${t.shape.join('x')}`]));
  assert.equal([...bert], [
    ['embeddings.position_ids', 'int64 1x512'],
    ['embeddings.token_type_ids', 'int64 1x512'],
  ]);
});

/** GPT2LMHeadModel taking its KV cache as separate tensors: ids, then each layer's key and value. */
const CachedGPT2 = class GPT2LMHeadModel extends models.GPT2LMHeadModel {
  override forward(...args: unknown[]): GPT2Output {
    const [ids, ...kv] = args as Tensor[];
    const past = kv.length ? Array.from({ length: kv.length / 2 }, (_, i) => [kv[2 * i]!, kv[2 * i + 1]!] as const) : null;
    return super.forward(ids!, past);
  }
};

/**
 * shared/golden/llm/fvcore_llm_formula.py's closed forms (checked there
 * against every golden): GPT2LMHeadModel and BertModel, flops and activations.
 */
function gpt2Counts(c: { n_embd: number; n_layer: number; n_head: number; vocab_size: number }, B: number, T: number, past: number): [bigint, bigint] {
  const [h, L, H, V] = [c.n_embd, c.n_layer, c.n_head, c.vocab_size].map(BigInt) as [bigint, bigint, bigint, bigint];
  const [b, t, S] = [BigInt(B), BigInt(T), BigInt(past + T)];
  const inner = 4n * h;
  const d = h / H;
  const layerF = b * t * h * (3n * h + h + 2n * inner) + 2n * b * H * t * S * d + 2n * 5n * b * t * h;
  const layerA = b * t * (3n * h + h + inner + h) + b * H * t * (S + d);
  return [L * layerF + 5n * b * t * h + b * t * h * V, L * layerA + b * t * V];
}

function bertCounts(c: { hidden_size: number; num_hidden_layers: number; num_attention_heads: number; intermediate_size: number }, B: number, T: number): [bigint, bigint] {
  const [h, L, H, I] = [c.hidden_size, c.num_hidden_layers, c.num_attention_heads, c.intermediate_size].map(BigInt) as [bigint, bigint, bigint, bigint];
  const [b, t] = [BigInt(B), BigInt(T)];
  const d = h / H;
  const layerF = b * t * h * (4n * h + 2n * I) + 2n * b * H * t * t * d + 2n * 5n * b * t * h;
  const layerA = b * t * (4n * h + I + h) + b * H * t * (t + d);
  return [L * layerF + 5n * b * t * h + b * h * h, L * layerA + b * h];
}

const SIZES = {
  gpt2: { n_embd: 768, n_layer: 12, n_head: 12 },
  gpt2_medium: { n_embd: 1024, n_layer: 24, n_head: 16 },
  gpt2_large: { n_embd: 1280, n_layer: 36, n_head: 20 },
  gpt2_xl: { n_embd: 1600, n_layer: 48, n_head: 25 },
} as const;

zoo('every GPT-2 size, batch, length and KV cache: flops and activations of the closed form', () => {
  const cases: [keyof typeof SIZES, number, number, number][] = [
    ['gpt2', 2, 32, 0],
    ['gpt2', 1, 1, 127],
    ['gpt2_medium', 1, 64, 0],
    ['gpt2_large', 3, 5, 16],
    ['gpt2_xl', 1, 1024, 0],
  ];
  for (const [name, B, T, past] of cases) {
    const size = { ...SIZES[name], vocab_size: 50257 };
    const model = new CachedGPT2(models.gpt2Config({ ...size, n_positions: 1024 })).eval();
    const d = size.n_embd / size.n_head;
    const cache = past ? Array.from({ length: 2 * size.n_layer }, () => new Tensor([B, size.n_head, past, d])) : [];
    const r = analyze(model, { inputs: [new Tensor([B, T], 'int64'), ...cache] }, { showTable: false, showArch: false });
    assert.equal([r.flops, r.activations], gpt2Counts(size, B, T, past), `${name} ${B}x${T} after ${past}`);
  }
});

zoo('CLI: gpt2 --past 127 is a decode step of one token with the closed form\'s flops and activations', () => {
  const r = runCli(['gpt2', '--eval', '--inputs', '1,1:int64', '--past', '127', '--json']);
  assert.is(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { flops: number; activations: number; generation: { phase: string; pastTokens: number; newTokens: number } };
  const [flops, acts] = gpt2Counts({ ...SIZES.gpt2, vocab_size: 50257 }, 1, 1, 127);
  assert.equal([BigInt(report.flops), BigInt(report.activations)], [flops, acts]);
  assert.equal([report.generation.phase, report.generation.pastTokens, report.generation.newTokens], ['decode', 127, 1]);
  // A model that takes no cache refuses --past in one line.
  const bad = runCli(['bert_base_uncased', '--inputs', '1,1:int64', '--past', '4']);
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /--past: 'bert_base_uncased' \(BertModel\) takes no KV cache/);
});

zoo('BertModel at other batches and lengths: flops and activations of the closed form', () => {
  for (const [B, T] of [[2, 512], [1, 7], [4, 33]] as const) {
    const r = analyze(models.bert_base_uncased().eval(), { inputs: [new Tensor([B, T], 'int64')] }, { showTable: false, showArch: false });
    assert.equal([r.flops, r.activations], bertCounts(BERT_DEFAULTS_SHAPE, B, T), `${B}x${T}`);
  }
});

zoo('gpt2_xl (48 layers, 1.56 billion parameters) builds in milliseconds: shapes only', () => {
  models.gpt2_xl();
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    models.gpt2_xl();
    best = Math.min(best, performance.now() - t0);
  }
  assert.ok(best < 50, `gpt2_xl built in ${best.toFixed(1)} ms`);
});

zoo.run();

// ---------------------------------------------------------- config.json

const cfg = suite('llm: models from a parsed config.json');

/** The config.json fields of the published checkpoints (shared/golden/llm/configs.json). */
const GPT2_JSON = {
  architectures: ['GPT2LMHeadModel'],
  model_type: 'gpt2',
  vocab_size: 50257,
  n_positions: 1024,
  n_embd: 768,
  n_layer: 12,
  n_head: 12,
  n_inner: null,
  activation_function: 'gelu_new',
  resid_pdrop: 0.1,
  embd_pdrop: 0.1,
  attn_pdrop: 0.1,
  layer_norm_epsilon: 1e-5,
  initializer_range: 0.02,
  bos_token_id: 50256,
  eos_token_id: 50256,
  tie_word_embeddings: true,
};
const BERT_JSON = {
  architectures: ['BertForMaskedLM'],
  model_type: 'bert',
  vocab_size: 30522,
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  hidden_act: 'gelu',
  hidden_dropout_prob: 0.1,
  attention_probs_dropout_prob: 0.1,
  max_position_embeddings: 512,
  type_vocab_size: 2,
  initializer_range: 0.02,
  layer_norm_eps: 1e-12,
  pad_token_id: 0,
  position_embedding_type: 'absolute',
  use_cache: true,
};

cfg('gpt2FromConfig / bertFromConfig build the class the config names, with the published counts', () => {
  const g = models.gpt2FromConfig(JSON.parse(JSON.stringify(GPT2_JSON)));
  assert.is(g.typeName(), 'GPT2LMHeadModel');
  assert.is(String(g), String(models.gpt2()));
  assert.is(parameterCount(g).get(''), PARAMS.gpt2);
  for (const [size, n_embd, n_layer, n_head] of [['gpt2_medium', 1024, 24, 16], ['gpt2_large', 1280, 36, 20], ['gpt2_xl', 1600, 48, 25]] as const) {
    assert.is(parameterCount(models.gpt2FromConfig({ ...GPT2_JSON, n_embd, n_layer, n_head })).get(''), PARAMS[size]);
  }
  const mlm = models.bertFromConfig(BERT_JSON);
  assert.is(mlm.typeName(), 'BertForMaskedLM');
  assert.is(parameterCount(mlm).get(''), PARAMS.bert_base_uncased_mlm);
  const base = models.bertFromConfig({ ...BERT_JSON, architectures: undefined });
  assert.is(base.typeName(), 'BertModel');
  assert.is(parameterCount(base).get(''), PARAMS.bert_base_uncased);
  assert.is(models.bertFromConfig(BERT_JSON, 'BertModel').typeName(), 'BertModel');
  assert.is(models.gpt2FromConfig(GPT2_JSON, 'GPT2Model').typeName(), 'GPT2Model');
  // HF's GPT2Config attribute_map: hidden_size for n_embd and so on.
  const aliased = { vocab_size: 50257, max_position_embeddings: 1024, hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12 };
  assert.is(parameterCount(models.gpt2FromConfig(aliased)).get(''), PARAMS.gpt2);
});

/** The ArgumentError `f` throws: its argument and message. */
function argumentError(f: () => unknown): ArgumentError {
  try {
    f();
  } catch (e) {
    assert.instance(e, ArgumentError);
    return e as ArgumentError;
  }
  throw new Error('no error');
}

cfg('a missing or wrong-typed field is an ArgumentError naming it', () => {
  for (const field of ['vocab_size', 'n_positions', 'n_embd', 'n_layer', 'n_head'] as const) {
    const { [field]: _, ...missing } = GPT2_JSON;
    const e = argumentError(() => models.gpt2FromConfig(missing));
    assert.is(e.argument, field);
    assert.match(e.message, `GPT2Config: ${field} must be`);
    assert.match(e.message, 'missing');
    assert.is(argumentError(() => models.gpt2FromConfig({ ...GPT2_JSON, [field]: '768' })).argument, field);
  }
  for (const field of ['vocab_size', 'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'intermediate_size', 'max_position_embeddings'] as const) {
    const { [field]: _, ...missing } = BERT_JSON;
    assert.is(argumentError(() => models.bertFromConfig(missing)).argument, field);
    assert.is(argumentError(() => models.bertFromConfig({ ...BERT_JSON, [field]: 1.5 })).argument, field);
  }
  const cases: [() => unknown, string, string][] = [
    [() => models.gpt2FromConfig({ ...GPT2_JSON, n_head: 7 }), 'n_embd', 'divisible by n_head (7)'],
    [() => models.gpt2FromConfig({ ...GPT2_JSON, activation_function: 'gelu_fast' }), 'activation_function', "'gelu_new'"],
    [() => models.gpt2FromConfig({ ...GPT2_JSON, layer_norm_epsilon: '1e-5' }), 'layer_norm_epsilon', 'a finite number'],
    [() => models.gpt2FromConfig({ ...GPT2_JSON, tie_word_embeddings: 1 }), 'tie_word_embeddings', 'true or false'],
    [() => models.gpt2FromConfig({ ...GPT2_JSON, n_inner: 0 }), 'n_inner', 'null or an integer'],
    [() => models.gpt2FromConfig({ ...GPT2_JSON, reorder_and_upcast_attn: true }), 'reorder_and_upcast_attn', 'not reproduced'],
    [() => models.gpt2FromConfig({ ...GPT2_JSON, model_type: 'bert' }), 'model_type', "'gpt2'"],
    [() => models.gpt2FromConfig({ ...GPT2_JSON, architectures: ['GPT2ForSequenceClassification'] }), 'architectures', 'GPT2LMHeadModel, GPT2Model'],
    [() => models.gpt2FromConfig('{"n_embd": 768}'), 'config', 'a parsed config.json object'],
    [() => models.gpt2FromConfig(null), 'config', 'a parsed config.json object'],
    [() => models.bertFromConfig({ ...BERT_JSON, position_embedding_type: 'relative_key' }), 'position_embedding_type', "'absolute'"],
    [() => models.bertFromConfig({ ...BERT_JSON, is_decoder: true }), 'is_decoder', 'not reproduced'],
    [() => models.bertFromConfig({ ...BERT_JSON, pad_token_id: 30522 }), 'pad_token_id', 'within vocab_size'],
    [() => models.bertFromConfig({ ...BERT_JSON, hidden_size: 100 }), 'hidden_size', 'a multiple of num_attention_heads (12)'],
    [() => models.bertFromConfig(BERT_JSON, 'BertForNextSentencePrediction' as never), 'architecture', 'BertModel, BertForMaskedLM'],
  ];
  for (const [f, argument, words] of cases) {
    const e = argumentError(f);
    assert.is(e.argument, argument, e.message);
    assert.match(e.message, words);
    assert.not.match(e.message, '\n');
  }
});

cfg('float ids into the embedding: one typed error (PyTorch: indices must be Long or Int)', () => {
  const cases = [
    { name: 'gpt2', build: () => models.gpt2({ n_layer: 1 }), where: 'transformer.wte (Embedding)' },
    { name: 'bert_base_uncased', build: () => models.bert_base_uncased({ num_hidden_layers: 1 }), where: 'embeddings.word_embeddings (Embedding)' },
  ];
  for (const c of cases) {
    const e = argumentError(() => analyze(c.build().eval(), { inputs: [new Tensor([1, 8])] }));
    assert.is(e.argument, 'indices');
    assert.match(e.message, `${c.where}: aten::embedding: indices must be a tensor of one of the scalar types Long, Int`);
    const r = runCli([c.name, '--inputs', '1,8']);
    assert.is(r.status, 1);
    assert.is(r.stdout, '');
    assert.match(r.stderr, `flopscope: ${c.where}: aten::embedding: indices must be a tensor of one of the scalar types Long, Int`);
    assert.is(r.stderr.trim().split('\n').length, 1);
  }
});

cfg('more tokens than positions: one typed error naming the module and the shapes', () => {
  const gpt = models.gpt2({ n_layer: 1 }).eval();
  assert.throws(
    () => analyze(gpt, { inputs: [new Tensor([1, 1025], 'int64')] }),
    (e: Error) => e instanceof ShapeError && e.message.startsWith('transformer (GPT2Model): position ids reach 1024, past the 1024 positions of wpe') && e.message.includes('input_ids [1,1025]'),
  );
  const cached = new CachedGPT2(models.gpt2Config({ ...GPT2_TINY, n_layer: 1 })).eval();
  const kv = [new Tensor([1, 4, 60, 16]), new Tensor([1, 4, 60, 16])];
  assert.is(analyze(cached, { inputs: [new Tensor([1, 4], 'int64'), ...kv] }).report.mode, 'eval');
  assert.throws(() => analyze(cached, { inputs: [new Tensor([1, 5], 'int64'), ...kv] }), (e: Error) => e instanceof ShapeError && e.message.includes('position ids reach 64, past the 64 positions'));
  // BERT: the position and token-type buffers end at max_position_embeddings (PyTorch: the expand fails).
  assert.throws(() => analyze(models.bert_base_uncased({ num_hidden_layers: 1 }), { inputs: [new Tensor([1, 513], 'int64')] }), (e: Error) => e instanceof ShapeError && e.message === 'BertModel: cannot expand to [1,513]; input [1,512]');
});

cfg.run();
