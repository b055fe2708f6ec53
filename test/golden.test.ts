// The reference's golden cases, end to end: the CLI's --json equals the golden
// file in every field; the other printed views and the traced ops via the API.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ActivationAnalyzer,
  complexityStatsStr,
  complexityStatsTable,
  FlopAnalyzer,
  parameterCountTable,
  resolveInputs,
  type Module,
} from '../index.js';
import { buildModel } from '../models/index.js';
import {
  assertModulesMatchGolden,
  assertOpsMatchGolden,
  assertReportMatches,
  goldenInput,
  type Golden,
} from './golden_check.js';
import { analyzers, fixture, runCli } from './helpers.js';
import mmresnet50 from '../examples/mmresnet50.js';
import docTestnet from '../examples/doc_testnet.js';
import sharedNet from '../examples/shared_net.js';
import twoInput from '../examples/two_input.js';
import opZoo from '../examples/op_zoo.js';

interface Case {
  golden: string;
  /** CLI target: zoo name or built example. */
  target: string;
  build: () => Module;
}

const CASES: Case[] = [
  { golden: 'seed_mmresnet50', target: 'dist/examples/mmresnet50.js', build: mmresnet50 },
  { golden: 'doc_testnet', target: 'dist/examples/doc_testnet.js', build: docTestnet },
  { golden: 'shared_net', target: 'dist/examples/shared_net.js', build: sharedNet },
  { golden: 'two_input', target: 'dist/examples/two_input.js', build: twoInput },
  { golden: 'op_zoo', target: 'dist/examples/op_zoo.js', build: opZoo },
  { golden: 'resnet18', target: 'resnet18', build: () => buildModel('resnet18') },
  { golden: 'resnet50_eval', target: 'resnet50', build: () => buildModel('resnet50') },
  { golden: 'resnet18_b4_160', target: 'resnet18', build: () => buildModel('resnet18') },
  // Traced sizes (aten::size, 0-dim arithmetic, dead-code elimination) and aten::pad.
  { golden: 'vit_b_16', target: 'vit_b_16', build: () => buildModel('vit_b_16') },
  { golden: 'swin_t', target: 'swin_t', build: () => buildModel('swin_t') },
  { golden: 'swin_v2_t', target: 'swin_v2_t', build: () => buildModel('swin_v2_t') },
  { golden: 'maxvit_t', target: 'maxvit_t', build: () => buildModel('maxvit_t') },
  { golden: 'mvit_v2_s', target: 'mvit_v2_s', build: () => buildModel('mvit_v2_s') },
];

function cliArgs(g: Golden): string[] {
  const args: string[] = [];
  if (g.mode === 'eval') args.push('--eval');
  const shapes = g.input.shapes;
  const list = shapes.every((s) => typeof s === 'number') ? [shapes as number[]] : (shapes as number[][]);
  for (const s of list) args.push(g.input.kind === 'inputs' ? '--inputs' : '--input-shape', s.join(','));
  return args;
}

for (const c of CASES) {
  const g = fixture<Golden>(`golden/${c.golden}.json`);
  const t = suite(c.golden);

  t('CLI --json equals the reference in every field', () => {
    const r = runCli([c.target, '--json', ...cliArgs(g)]);
    assert.is(r.stderr, '');
    assert.is(r.status, 0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    assertReportMatches(g, report);
    const expectedInputs = resolveInputs(goldenInput(g)).map((x) => [...x.shape]);
    assert.equal(report.inputs, expectedInputs);
  });

  /** The case's model, in the golden's mode, and the analyzers of its trace on the golden input. */
  const analyzeCase = (): [FlopAnalyzer, ActivationAnalyzer, Module] => {
    const model = c.build();
    if (g.mode === 'eval') model.eval();
    return [...analyzers(model, goldenInput(g)), model];
  };

  t('table at depth 1 and without shapes', () => {
    const [flops, acts] = analyzeCase();
    assert.fixture(complexityStatsTable(flops, { maxDepth: 1, activations: acts }), g.table_depth1);
    assert.fixture(complexityStatsTable(flops, { maxDepth: 2, showParamShapes: false }), g.table_noshapes);
  });

  t('architecture view without activations', () => {
    const [flops] = analyzeCase();
    assert.fixture(complexityStatsStr(flops), g.arch_flops_only);
  });

  t('parameter count tables', () => {
    const [, , model] = analyzeCase();
    assert.fixture(parameterCountTable(model), g.parameter_count_table);
    assert.fixture(parameterCountTable(model, 5), g.parameter_count_table_d5);
  });

  t('traced ops: names, scopes, input and output shapes', () => {
    const [flops] = analyzeCase();
    assertOpsMatchGolden(g, flops);
  });

  t('modules: class names, extra reprs, canonical names; parameter shapes', () => {
    const [flops, , model] = analyzeCase();
    assertModulesMatchGolden(g, model, flops);
  });

  t.run();
}
