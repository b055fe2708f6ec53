// The Llama family (Llama, Mistral, Qwen2, Mixtral; models/llm/llama.ts)
// against the reference: the public goldens llama_tiny and llama_tiny_decode,
// and more reference reports of the family (test/fixtures/golden/llm/
// llm_cases.py: Mistral's and Qwen2's sliding windows, Qwen2's biases, plain
// multi-head attention, Llama 3's RoPE in training mode, tied weights,
// Mixtral's experts under the routing flopscope assumes) in every field, the
// traced ops included; the named builders' parameter counts; fromHFConfig;
// the full-scale oracles (prefill 1x2048, decode 1 token after 2047); and the
// errors.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ActivationAnalyzer,
  analyze,
  ArgumentError,
  complexityStatsStr,
  complexityStatsTable,
  FlopAnalyzer,
  fromHFConfig,
  jsonView,
  knownModelTypes,
  models,
  parameterCount,
  parameterCountTable,
  ShapeError,
  takesKVCache,
  Tensor,
  toJson,
  traceModel,
  UnknownNameError,
  ZOO,
  type Module,
  type TraceInput,
} from '../index.js';
import { LlamaForCausalLM, tokensPerExpert } from '../models/llm/llama.js';
import { assertModulesMatchGolden, assertOpsMatchGolden, assertReportMatches, type Golden } from './golden_check.js';
import { fixture, fixtureText, runCli } from './helpers.js';

type Config = Record<string, unknown>;
const config = (name: string): Config => fixture<Config>(`llm/configs/${name}.json`);
const CONFIG_PATH = (name: string): string => `test/fixtures/llm/configs/${name}.json`;

/** A golden of the family: its input shapes are token ids and, for a decode step, the cache's. */
type LlmGolden = Omit<Golden, 'input'> & {
  input: { kind: 'inputs'; shapes: [number[], number[][][]?]; dtypes: string[] };
  model: { config: string; overrides?: Config };
};

/** The model and inputs of a golden: the config (with the case's overrides), token ids, and the cache. */
function caseOf(g: LlmGolden): { model: LlamaForCausalLM; inputs: TraceInput[] } {
  const model = fromHFConfig({ ...config(g.model.config), ...(g.model.overrides ?? {}) }) as LlamaForCausalLM;
  if (g.mode === 'eval') model.eval();
  const [ids, cache] = g.input.shapes;
  const inputs: TraceInput[] = [new Tensor(ids, 'int64')];
  if (cache !== undefined) {
    const made = model.makeKVCache(ids[0]!, cache[0]![0]![2]!);
    assert.equal(made.map((pair) => pair.map((t) => [...t.shape])), cache, 'makeKVCache makes the golden cache');
    inputs.push(made);
  }
  return { model, inputs };
}

/** The report's note on Mixtral's routing, which shape-only tracing assumes (docs/llm.md). */
const ROUTING = "assumed even: token t's s-th choice goes to expert (t * top_k + s) mod num_experts (the totals do not depend on the routing; docs/llm.md)";

const GOLDENS = [
  'llama_tiny',
  'llama_tiny_decode',
  'mistral_tiny',
  'mistral_tiny_dec',
  'qwen2_tiny',
  'qwen2_sw_tiny',
  'llama_mha_tiny_dec',
  'llama3_tiny',
  'llama_tied_tiny',
  'mixtral_tiny_rr',
  'mixtral_tiny_rr_dec',
  'mixtral_tiny_rr_b1',
  'mixtral_tiny_rr_odd',
];

for (const name of GOLDENS) {
  const g = fixture<LlmGolden>(`golden/llm/${name}.json`);
  const t = suite(`llm golden ${name}`);
  const analyzed = (): [FlopAnalyzer, ActivationAnalyzer, Module] => {
    const { model, inputs } = caseOf(g);
    const trace = traceModel(model, inputs);
    return [FlopAnalyzer.fromTrace(trace), ActivationAnalyzer.fromTrace(trace), model];
  };

  t('analyze: the report equals the reference in every field; inputs and generation phase', () => {
    const { model, inputs } = caseOf(g);
    const result = analyze(model, { inputs });
    const report = JSON.parse(toJson(jsonView(result.report))) as Record<string, unknown>;
    assertReportMatches(g as unknown as Golden, report);
    assert.equal(report.inputs, g.input.shapes);
    const [ids, cache] = g.input.shapes;
    const past = cache === undefined ? 0 : cache[0]![0]![2]!;
    const routing = g.model.config.startsWith('mixtral') ? { routing: ROUTING } : {};
    assert.equal(report.generation, { phase: past > 0 ? 'decode' : 'prefill', batch: ids[0], newTokens: ids[1], pastTokens: past, ...routing });
  });

  t('traced ops: names, scopes, input and output shapes', () => {
    assertOpsMatchGolden(g as unknown as Golden, analyzed()[0]);
  });

  t('modules, parameter shapes, tables and architecture view', () => {
    const [flops, acts, model] = analyzed();
    assertModulesMatchGolden(g as unknown as Golden, model, flops);
    assert.fixture(complexityStatsTable(flops, { maxDepth: 1, activations: acts }), g.table_depth1);
    assert.fixture(complexityStatsTable(flops, { maxDepth: 2, showParamShapes: false }), g.table_noshapes);
    assert.fixture(complexityStatsStr(flops), g.arch_flops_only);
    assert.fixture(parameterCountTable(model), g.parameter_count_table);
    assert.fixture(parameterCountTable(model, 5), g.parameter_count_table_d5);
  });

  t.run();
}

// The CLI on a config.json, as the acceptance check runs it.
const cli = suite('llm CLI: config.json target, --past');

const CLI_CASES: [string, string, string[]][] = [
  ['llama_tiny', 'llama_tiny', ['--inputs', '2,16:int64']],
  ['llama_tiny_decode', 'llama_tiny', ['--inputs', '2,1:int64', '--past', '16']],
  ['mixtral_tiny_rr_dec', 'mixtral_tiny', ['--inputs', '3,1:int64', '--past', '20']],
];
for (const [golden, cfg, args] of CLI_CASES) {
  cli(`${golden}: --json equals the reference in every field`, () => {
    const g = fixture<LlmGolden>(`golden/llm/${golden}.json`);
    const r = runCli([CONFIG_PATH(cfg), '--eval', '--json', ...args]);
    assert.is(r.stderr, '');
    assert.is(r.status, 0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    assertReportMatches(g as unknown as Golden, report);
    assert.equal(report.inputs, g.input.shapes);
    assert.is((report.generation as { phase: string }).phase, args.includes('--past') ? 'decode' : 'prefill');
  });
}

cli('the text report ends with the generation phase; other models print none', () => {
  const decode = runCli([CONFIG_PATH('llama_tiny'), '--eval', '--inputs', '2,1:int64', '--past', '16']);
  assert.is(decode.status, 0);
  assert.ok(decode.stdout.endsWith('Model Flops:0.226M\nModel Parameters:0.125M\nGeneration: decode, batch 2, 1 new token after 16 cached\n'), decode.stdout.slice(-200));
  const prefill = runCli([CONFIG_PATH('llama_tiny'), '--inputs', '1,4:int64']);
  assert.ok(prefill.stdout.endsWith('Generation: prefill, batch 1, 4 new tokens\n'), prefill.stdout.slice(-200));
  const moe = runCli([CONFIG_PATH('mixtral_tiny'), '--inputs', '1,3:int64']);
  assert.ok(moe.stdout.endsWith(`Generation: prefill, batch 1, 3 new tokens; expert routing ${ROUTING}\n`), moe.stdout.slice(-300));
  const resnet = runCli(['resnet18', '--json']);
  assert.not.ok('generation' in (JSON.parse(resnet.stdout) as object));
});

cli('a zoo language model defaults to token ids 1x128 (int64); --list says so', () => {
  const r = runCli(['llama3_8b', '--json', '--depth', '1']);
  assert.is(r.stderr, '');
  const report = JSON.parse(r.stdout) as { inputs: unknown; generation: unknown; params: number };
  assert.equal(report.inputs, [[1, 128]]);
  assert.equal(report.generation, { phase: 'prefill', batch: 1, newTokens: 128, pastTokens: 0 });
  assert.is(report.params, 8030261248);
  assert.match(runCli(['--list']).stdout, /\nllama3_1_405b +1,128:int64\n/);
});

cli('one-line errors: --past on a model without a cache, bad --past values, bad config files', () => {
  const errs: [string[], number, RegExp][] = [
    [['resnet18', '--past', '4'], 2, /--past: 'resnet18' \(ResNet\) takes no KV cache; --past is for language models that do \(gpt2, llama, mistral, qwen2, mixtral/],
    [[CONFIG_PATH('llama_tiny'), '--inputs', '2,1:int64', '--past', '0'], 2, /--past takes the number of cached tokens, a positive integer, got '0'/],
    [[CONFIG_PATH('llama_tiny'), '--input-shape', '16', '--past', '4'], 2, /--past goes with token ids/],
    [[CONFIG_PATH('llama_tiny'), '--inputs', '2,1:int64', '--inputs', '2,2,16,16', '--past', '4'], 2, /--past makes the KV cache the second input/],
    [['no/such/config.json'], 2, /cannot load 'no\/such\/config.json': no such file/],
    [[CONFIG_PATH('llama_tiny'), '--inputs', '2,16'], 1, /embed_tokens \(Embedding\): .*indices must be a tensor of one of the scalar types Long, Int/],
  ];
  for (const [argv, status, message] of errs) {
    const r = runCli(argv);
    assert.is(r.status, status, argv.join(' '));
    assert.is(r.stdout, '');
    assert.is(r.stderr.split('\n').length, 2, `one line: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

cli.run();

// Builders: parameter counts, the zoo, fromHFConfig of the real configs.
const builders = suite('llm builders');

/** params.tsv's models and their builders and config fixtures. */
const NAMED: [string, string][] = [
  ['Llama-2-7B', 'llama2_7b'],
  ['Llama-3-8B', 'llama3_8b'],
  ['Llama-3-70B', 'llama3_70b'],
  ['Llama-3.1-405B', 'llama3_1_405b'],
  ['Mistral-7B-v0.1', 'mistral_7b'],
  ['Qwen2-7B', 'qwen2_7b'],
  ['Mixtral-8x7B-v0.1', 'mixtral_8x7b'],
];
const PARAMS = new Map(
  fixtureText('llm/params.tsv')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t') as [string, string, string])
    .map(([n, , meta]) => [n, BigInt(meta)]),
);
const builder = (name: string): (() => Module) => (models as unknown as Record<string, () => Module>)[name]!;

// Llama-2-70B is not in params.tsv: 68,976,648,192 is Meta's published count,
// and the closed form (vocab 32000, hidden 8192, 80 layers, 64 heads, 8 kv
// heads, intermediate 28672): 2*32000*8192 + 80*(2*8192*8192 + 2*8192*1024
// + 3*8192*28672 + 2*8192) + 8192.
builders('llama2_70b: 68,976,648,192 parameters (published; the closed form), in the zoo with token ids', () => {
  const model = builder('llama2_70b')();
  const closedForm = 2n * 32000n * 8192n + 80n * (2n * 8192n * 8192n + 2n * 8192n * 1024n + 3n * 8192n * 28672n + 2n * 8192n) + 8192n;
  assert.is(closedForm, 68_976_648_192n);
  assert.is(parameterCount(model).get(''), closedForm);
  assert.equal([ZOO.llama2_70b!.inputShape, ZOO.llama2_70b!.inputDtype], [[128], 'int64']);
});

// GPT-2 and BERT through fromHFConfig: their real config.json (configs.json's
// values with model_type and architectures) builds the named builder's model.
for (const [hub, name] of [['gpt2', 'gpt2'], ['bert-base-uncased', 'bert_base_uncased'], ['bert-base-uncased-mlm', 'bert_base_uncased_mlm']] as const) {
  builders(`fromHFConfig(${hub} config.json) builds ${name} (${PARAMS.get(hub)} parameters, params.tsv)`, () => {
    const a = fromHFConfig(config(hub));
    const b = builder(name)();
    assert.is(String(a), String(b));
    assert.equal([...a.namedParameters()].map(([n, p]) => [n, [...p.shape]]), [...b.namedParameters()].map(([n, p]) => [n, [...p.shape]]));
    assert.is(parameterCount(a).get(''), PARAMS.get(hub));
  });
}

for (const [hub, name] of NAMED) {
  builders(`${name}: ${PARAMS.get(hub)} parameters (params.tsv), in the zoo with token ids, shapes only`, () => {
    const model = builder(name)();
    assert.is(parameterCount(model).get(''), PARAMS.get(hub));
    const entry = ZOO[name]!;
    assert.equal([entry.inputShape, entry.inputDtype], [[128], 'int64']);
    assert.is(String(entry.build()), String(model));
    assert.ok(takesKVCache(model));
  });

  builders(`fromHFConfig(${hub} config.json) builds ${name}`, () => {
    const a = fromHFConfig(config(hub)) as LlamaForCausalLM;
    const b = builder(name)() as LlamaForCausalLM;
    assert.is(String(a), String(b));
    assert.equal(a.config, b.config);
    assert.equal([...a.namedParameters()].map(([n, p]) => [n, [...p.shape]]), [...b.namedParameters()].map(([n, p]) => [n, [...p.shape]]));
    assert.is(a.typeName(), `${hub.startsWith('Llama') ? 'Llama' : hub.split('-')[0]}ForCausalLM`);
  });
}

builders('fromHFConfig takes config.json text too; tied embeddings count once', () => {
  const text = fixtureText('llm/configs/llama_tiny.json');
  assert.is(String(fromHFConfig(text)), String(fromHFConfig(JSON.parse(text) as Config)));
  const tied = fromHFConfig({ ...config('llama_tiny'), tie_word_embeddings: true }) as LlamaForCausalLM;
  assert.is(tied.lm_head.weight, tied.model.embed_tokens.weight);
  assert.is(parameterCount(tied).get(''), 125248n - 256n * 64n);
  for (const t of ['llama', 'mistral', 'qwen2', 'mixtral']) assert.ok(knownModelTypes().includes(t), t);
  // HF's state-dict keys: every parameter (a tied one under both names); inv_freq is not persistent.
  const keys = [...tied.stateDict().keys()];
  assert.equal(keys.slice(0, 3), ['model.embed_tokens.weight', 'model.layers.0.self_attn.q_proj.weight', 'model.layers.0.self_attn.k_proj.weight']);
  assert.equal(keys.slice(-2), ['model.norm.weight', 'lm_head.weight']);
  assert.is(keys.length, 2 * 9 + 3);
  assert.ok(!keys.some((k) => k.includes('inv_freq')));
});

builders("Mixtral's routing assumption: top_k assignments per token, round-robin over the experts", () => {
  assert.equal(tokensPerExpert(32, 2, 4), [16, 16, 16, 16]);
  assert.equal(tokensPerExpert(1, 2, 8), [1, 1, 0, 0, 0, 0, 0, 0]);
  assert.equal(tokensPerExpert(5, 2, 3), [4, 3, 3]);
  assert.equal(tokensPerExpert(3, 2, 4), [2, 2, 1, 1]);
});

builders('Mixtral under its own routing (the reference, seed 0): every count but the split over experts.{i} is the same', () => {
  interface Seeded {
    input: { shapes: [number[], number[][][]?] };
    mode: string;
    flops: number;
    activations: number;
    flops_by_module: Record<string, number>;
    acts_by_module: Record<string, number>;
    flops_unsupported_ops: Record<string, number>;
    uncalled_modules: string[];
  }
  const doc = fixture<{ cases: Record<string, Seeded> }>('golden/llm/mixtral_tiny_seed_routing.json');
  const perExpert = /\.experts\.\d+(\.|$)/;
  const routingFree = (m: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(m).filter(([k]) => !perExpert.test(k)));
  for (const [name, c] of Object.entries(doc.cases)) {
    const { model, inputs } = caseOf({ ...c, model: { config: 'mixtral_tiny' } } as unknown as LlmGolden);
    const r = JSON.parse(toJson(jsonView(analyze(model, { inputs }).report))) as Record<string, Record<string, number>>;
    assert.equal([r.flops, r.activations], [c.flops, c.activations] as unknown, name);
    assert.equal(routingFree(r.flopsByModule!), routingFree(c.flops_by_module), name);
    assert.equal(routingFree(r.activationsByModule!), routingFree(c.acts_by_module), name);
    assert.equal(Object.keys(r.flopsByModule!), Object.keys(c.flops_by_module), name);
    assert.equal(r.flopsUnsupportedOps, c.flops_unsupported_ops as unknown, name);
    assert.equal(r.uncalledModules, c.uncalled_modules as unknown, name);
  }
});

builders.run();

// The full-scale oracles (fvcore_llm_formula.py; the reference itself at
// these sizes did not fit its machine).
const oracles = suite('llm oracles: prefill 1x2048 and decode after 2047, exact');

interface OracleRow {
  model: string;
  case: string;
  batch: number;
  new_tokens: number;
  past_len: number;
  flops: number;
  activations: number;
  breakdown: { rotary_matmul: number; lm_head: number };
}
const ORACLE_BUILDERS = new Map(NAMED);
const built = new Map<string, Module>();

for (const row of fixture<{ rows: OracleRow[] }>('llm/oracles.json').rows) {
  const name = ORACLE_BUILDERS.get(row.model)!;
  oracles(`${name} ${row.case}: ${row.flops} flops, ${row.activations} activations`, () => {
    const model = built.get(name) ?? builder(name)();
    built.set(name, model);
    model.eval();
    const ids = new Tensor([row.batch, row.new_tokens], 'int64');
    const inputs = row.past_len > 0 ? [ids, (model as LlamaForCausalLM).makeKVCache(row.batch, row.past_len)] : [ids];
    const r = analyze(model, { inputs }, { showTable: false, showArch: false });
    assert.is(r.flops, BigInt(row.flops));
    assert.is(r.activations, BigInt(row.activations));
    assert.is(r.report.generation?.phase, row.past_len > 0 ? 'decode' : 'prefill');
    const byModule = r.flopAnalyzer.byModule();
    assert.is(byModule.get('lm_head'), BigInt(row.breakdown.lm_head));
    assert.is(byModule.get('model.rotary_emb'), BigInt(row.breakdown.rotary_matmul));
  });
}

oracles.run();

// Errors: one typed error each, naming the field or the shapes.
const errors = suite('llm errors');

const throwsWith = (f: () => unknown, cls: new (...a: never[]) => Error, message: RegExp): void => {
  try {
    f();
  } catch (e) {
    assert.instance(e, cls);
    assert.match((e as Error).message, message);
    return;
  }
  assert.unreachable(`no ${cls.name} matching ${message}`);
};

errors('fromHFConfig: unknown or missing model_type, missing and mistyped fields', () => {
  const base = config('llama_tiny');
  throwsWith(() => fromHFConfig({ ...base, model_type: 'gpt_neox' }), UnknownNameError, /unknown model_type 'gpt_neox'; known: gpt2, bert, llama, mistral, qwen2, mixtral/);
  const { model_type: _, ...untyped } = base;
  throwsWith(() => fromHFConfig(untyped), ArgumentError, /fromHFConfig: model_type must be given \(one of gpt2, bert, llama, mistral, qwen2, mixtral/);
  throwsWith(() => fromHFConfig({ ...base, model_type: 3 }), ArgumentError, /model_type must be a string/);
  const { hidden_size: __, ...noHidden } = base;
  throwsWith(() => fromHFConfig(noHidden), ArgumentError, /fromHFConfig \(llama\): hidden_size must be given \(a positive integer\), got undefined/);
  throwsWith(() => fromHFConfig({ ...base, num_attention_heads: '4' }), ArgumentError, /num_attention_heads must be a positive integer, got '4'/);
  throwsWith(() => fromHFConfig({ ...base, num_hidden_layers: 2.5 }), ArgumentError, /num_hidden_layers must be a positive integer, got 2.5/);
  throwsWith(() => fromHFConfig({ ...base, num_key_value_heads: 3 }), ArgumentError, /num_key_value_heads must be a divisor of num_attention_heads \(4\), got 3/);
  throwsWith(() => fromHFConfig({ ...base, num_attention_heads: 5, num_key_value_heads: 5 }), ArgumentError, /num_attention_heads must be a divisor of hidden_size \(64\)/);
  throwsWith(() => fromHFConfig({ ...base, hidden_act: 'gelu_pytorch_tanh' }), ArgumentError, /hidden_act must be one of 'silu', 'swish', 'relu', 'tanh', got 'gelu_pytorch_tanh'/);
  throwsWith(() => fromHFConfig({ ...base, rms_norm_eps: 'small' }), ArgumentError, /rms_norm_eps must be a number of at least 0/);
  throwsWith(() => fromHFConfig({ ...base, tie_word_embeddings: 'yes' }), ArgumentError, /tie_word_embeddings must be true or false/);
  throwsWith(() => fromHFConfig({ ...base, rope_scaling: { rope_type: 'dynamic', factor: 2 } }), ArgumentError, /rope_scaling.rope_type must be one of 'default', 'llama3'/);
  throwsWith(() => fromHFConfig({ ...base, rope_scaling: { rope_type: 'llama3' } }), ArgumentError, /rope_scaling: factor must be given/);
  throwsWith(() => fromHFConfig({ ...base, architectures: ['LlamaForSequenceClassification'] }), ArgumentError, /architectures must be absent or a list naming 'LlamaForCausalLM'/);
  throwsWith(() => fromHFConfig({ ...config('mixtral_tiny'), num_experts_per_tok: 5 }), ArgumentError, /num_experts_per_tok must be at most num_local_experts \(4\), got 5/);
  throwsWith(() => fromHFConfig('{"model_type": "llama",'), ArgumentError, /fromHFConfig: config must be JSON text/);
  throwsWith(() => fromHFConfig([1, 2]), ArgumentError, /config must be a config.json object/);
});

errors('float ids into the embedding; ids of the wrong rank', () => {
  const model = fromHFConfig(config('llama_tiny'));
  throwsWith(() => analyze(model, { inputs: [[2, 16]] }), ArgumentError, /model.embed_tokens \(Embedding\): .*indices must be a tensor of one of the scalar types Long, Int.*got 'a float32 tensor'/);
  throwsWith(() => analyze(model, { inputs: [new Tensor([16], 'int64')] }), ArgumentError, /input_ids must be a 2-D tensor of token ids/);
});

errors("a cache that disagrees with the config: heads, head size, batch, layers, lengths", () => {
  const model = fromHFConfig(config('llama_tiny')) as LlamaForCausalLM;
  const ids = new Tensor([2, 1], 'int64');
  const pair = (shape: number[]): [Tensor, Tensor] => [new Tensor(shape), new Tensor(shape)];
  const cache = (...shapes: number[][]): [Tensor, Tensor][] => shapes.map(pair);
  throwsWith(() => analyze(model, { inputs: [ids, cache([2, 4, 16, 16], [2, 4, 16, 16])] }), ShapeError, /layer 0's cached key has 4 heads; the config has 2 key-value heads; key \[2,4,16,16\]/);
  throwsWith(() => analyze(model, { inputs: [ids, cache([2, 2, 16, 8], [2, 2, 16, 8])] }), ShapeError, /layer 0's cached key has head size 8; the config's head_dim is 16/);
  throwsWith(() => analyze(model, { inputs: [ids, cache([3, 2, 16, 16], [3, 2, 16, 16])] }), ShapeError, /cached key has batch 3; the input ids have batch 2/);
  throwsWith(() => analyze(model, { inputs: [ids, cache([2, 2, 16, 16], [2, 2, 9, 16])] }), ShapeError, /layer 1's cached key holds 9 tokens; layer 0's holds 16/);
  throwsWith(() => analyze(model, { inputs: [ids, cache([2, 2, 16, 16])] }), ArgumentError, /past_key_values must be a list of 2 \[key, value\] pairs/);
  throwsWith(() => analyze(model, { inputs: [ids, [[new Tensor([2, 2, 16, 16])], pair([2, 2, 16, 16])]] }), ArgumentError, /past_key_values\[0\] must be a \[key, value\] pair of tensors, got 'a list of 1'/);
  throwsWith(() => model.makeKVCache(2, 0), ArgumentError, /makeKVCache: past must be a positive integer, got 0/);
});

errors.run();
