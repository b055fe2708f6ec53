// The reference's public layer goldens (shared/golden/layers), end to end:
// the ports in examples/layers/ equal the reference in every field: the
// CLI's --json report, the other printed views, the traced ops, the modules
// and parameter shapes, and the modules whose mode differs from the case's.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  complexityStatsStr,
  complexityStatsTable,
  parameterCountTable,
  resolveInputs,
  type ActivationAnalyzer,
  type FlopAnalyzer,
  type Module,
} from '../index.js';
import { assertModulesMatchGolden, assertOpsMatchGolden, assertReportMatches, goldenInput, trainingOverrides, type Golden } from './golden_check.js';
import { analyzers, fixture, runCli } from './helpers.js';
import layerZooConv from '../examples/layers/layer_zoo_conv.js';
import layerZooPoolPad from '../examples/layers/layer_zoo_pool_pad.js';
import layerZooAct from '../examples/layers/layer_zoo_act.js';
import layerZooNorm from '../examples/layers/layer_zoo_norm.js';
import layerZooRnn from '../examples/layers/layer_zoo_rnn.js';
import layerZooTransformer from '../examples/layers/layer_zoo_transformer.js';
import layerZooMisc from '../examples/layers/layer_zoo_misc.js';

interface LayerGolden extends Golden {
  /** {module name: training flag} for the modules whose mode differs from the case's. */
  training_overrides: Record<string, boolean>;
}

interface Case {
  golden: string;
  target: string;
  build: () => Module;
}

const CASES: Case[] = [
  { golden: 'layer_zoo_conv', target: 'dist/examples/layers/layer_zoo_conv.js', build: layerZooConv },
  { golden: 'layer_zoo_pool_pad', target: 'dist/examples/layers/layer_zoo_pool_pad.js', build: layerZooPoolPad },
  // The factories apply the golden's training overrides.
  { golden: 'layer_zoo_act', target: 'dist/examples/layers/layer_zoo_act.js', build: layerZooAct },
  { golden: 'layer_zoo_norm', target: 'dist/examples/layers/layer_zoo_norm.js', build: layerZooNorm },
  { golden: 'layer_zoo_rnn', target: 'dist/examples/layers/layer_zoo_rnn.js', build: layerZooRnn },
  { golden: 'layer_zoo_transformer', target: 'dist/examples/layers/layer_zoo_transformer.js', build: layerZooTransformer },
  { golden: 'layer_zoo_misc', target: 'dist/examples/layers/layer_zoo_misc.js', build: layerZooMisc },
];

function cliArgs(g: Golden): string[] {
  const args: string[] = [];
  if (g.mode === 'eval') args.push('--eval');
  // A dtype other than float32 (token ids: int64) goes after a colon: `--inputs 2,12:int64`.
  const dtypes = g.input.dtypes;
  (g.input.shapes as number[][]).forEach((s, i) => {
    const dtype = dtypes?.[i];
    args.push('--inputs', dtype === undefined || dtype === 'float32' ? s.join(',') : `${s.join(',')}:${dtype}`);
  });
  return args;
}

for (const c of CASES) {
  const g = fixture<LayerGolden>(`golden/layers/${c.golden}.json`);
  const t = suite(`golden_layers:${c.golden}`);

  const analyzeCase = (): [FlopAnalyzer, ActivationAnalyzer, Module] => {
    const model = c.build();
    if (g.mode === 'eval') model.eval();
    return [...analyzers(model, goldenInput(g)), model];
  };

  t('CLI --json equals the reference in every field', () => {
    const r = runCli([c.target, '--json', ...cliArgs(g)]);
    assert.is(r.stderr, '');
    assert.is(r.status, 0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    assertReportMatches(g, report);
    assert.equal(report.inputs, resolveInputs(goldenInput(g)).map((x) => [...x.shape]));
  });

  t('table at depth 1 and without shapes; architecture without activations', () => {
    const [flops, acts] = analyzeCase();
    assert.fixture(complexityStatsTable(flops, { maxDepth: 1, activations: acts }), g.table_depth1);
    assert.fixture(complexityStatsTable(flops, { maxDepth: 2, showParamShapes: false }), g.table_noshapes);
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

  t('training overrides: modules whose mode differs from the case mode', () => {
    const [, , model] = analyzeCase();
    assert.equal(trainingOverrides(model, g.mode), g.training_overrides);
  });

  t.run();
}
