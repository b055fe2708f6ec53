// The public layer goldens layer_zoo_act and layer_zoo_norm (activations,
// MultiheadAttention, alpha dropouts; every normalisation layer), end to end:
// the CLI's --json equals the golden in every field, and the printed views,
// traced ops, modules, parameter shapes and training overrides via the API.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { complexityStatsStr, complexityStatsTable, parameterCountTable, resolveInputs, type Module } from '../index.js';
import { assertModulesMatchGolden, assertOpsMatchGolden, assertReportMatches, goldenInput, trainingOverrides, type Golden } from './golden_check.js';
import { analyzers, fixture, runCli } from './helpers.js';
import layerZooAct from '../examples/layers/layer_zoo_act.js';
import layerZooNorm from '../examples/layers/layer_zoo_norm.js';

interface LayerGolden extends Golden {
  training_overrides: Record<string, boolean>;
}

const CASES: { golden: string; target: string; build: () => Module }[] = [
  { golden: 'layer_zoo_act', target: 'dist/examples/layers/layer_zoo_act.js', build: layerZooAct },
  { golden: 'layer_zoo_norm', target: 'dist/examples/layers/layer_zoo_norm.js', build: layerZooNorm },
];

function cliArgs(g: Golden): string[] {
  const args: string[] = [];
  if (g.mode === 'eval') args.push('--eval');
  for (const s of g.input.shapes as number[][]) args.push('--inputs', s.join(','));
  return args;
}

for (const c of CASES) {
  const g = fixture<LayerGolden>(`golden/layers/${c.golden}.json`);
  const t = suite(`golden ${c.golden}`);

  /** The case's model in the golden's mode (the factory applies the training overrides). */
  const model = (): Module => {
    const m = c.build();
    if (g.mode === 'eval') m.eval();
    return m;
  };

  t('CLI --json equals the reference in every field', () => {
    const r = runCli([c.target, '--json', ...cliArgs(g)]);
    assert.is(r.stderr, '');
    assert.is(r.status, 0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    assertReportMatches(g, report);
    assert.equal(report.inputs, resolveInputs(goldenInput(g)).map((x) => [...x.shape]));
  });

  t('training overrides', () => {
    assert.equal(trainingOverrides(model(), g.mode), g.training_overrides);
  });

  t('table at depth 1 and without shapes; architecture without activations; parameter tables', () => {
    const m = model();
    const [flops, acts] = analyzers(m, goldenInput(g));
    assert.fixture(complexityStatsTable(flops, { maxDepth: 1, activations: acts }), g.table_depth1);
    assert.fixture(complexityStatsTable(flops, { maxDepth: 2, showParamShapes: false }), g.table_noshapes);
    assert.fixture(complexityStatsStr(flops), g.arch_flops_only);
    assert.fixture(parameterCountTable(m), g.parameter_count_table);
    assert.fixture(parameterCountTable(m, 5), g.parameter_count_table_d5);
  });

  t('traced ops: names, scopes, input and output shapes', () => {
    const [flops] = analyzers(model(), goldenInput(g));
    assertOpsMatchGolden(g, flops);
  });

  t('modules: class names, extra reprs, canonical names; parameter shapes', () => {
    const m = model();
    const [flops] = analyzers(m, goldenInput(g));
    assertModulesMatchGolden(g, m, flops);
  });

  t.run();
}
