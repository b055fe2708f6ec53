// The views are pure functions of a Report: a Report written by hand (no
// model, no analyzer) renders the same text the analysis of the real model
// does; the lazy views of analyze() equal the eager entry points.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  analyze,
  archView,
  buildReport,
  complexityStatsStr,
  complexityStatsTable,
  jsonView,
  Module,
  nn,
  reportOf,
  tableRows,
  tableView,
  toJson,
  type CountStats,
  type Report,
  type ReportStructure,
  type Tensor,
} from '../index.js';
import { FIELD_MAP } from './golden_check.js';
import { analyzers } from './helpers.js';

const t = suite('views');

class Net extends Module {
  fc = new nn.Linear(4, 3);
  override forward(x: Tensor): Tensor {
    return this.fc.call(x);
  }
}

const FC_REPR = 'in_features=4, out_features=3, bias=True';

/** One analyzer's stats for the two modules ('' and 'fc'), all in 'fc'. */
function stats(count: bigint, op: string): CountStats {
  const ops = new Map([[op, count]]);
  return {
    perModule: [count, count],
    byOperator: [ops, ops],
    isFloat: [false, false],
    uncalled: [false, false],
    anyUncalled: false,
    unsupported: new Map(),
  };
}

/**
 * Net on input (1, 4), by hand. Parameters: weight 3x4 = 12, bias 3, total 15,
 * in parameter_count's order ('', then each parameter's prefixes). FLOPs:
 * linear = prod(input) * out_features = 4 * 3 = 12. Activations: the output,
 * 1 * 3 = 3.
 */
function handReport(): Report {
  const structure: ReportStructure = {
    modules: [
      { name: '', type: 'Net', extraRepr: '', customRepr: null },
      { name: 'fc', type: 'Linear', extraRepr: FC_REPR, customRepr: null },
    ],
    moduleIndex: new Map([['', 0], ['fc', 1]]),
    repr: [
      { path: '', module: 0, repeat: false, children: [['fc', 1]] },
      { path: 'fc', module: 1, repeat: false, children: [] },
    ],
    params: new Map([['', 15n], ['fc', 15n], ['fc.weight', 12n], ['fc.bias', 3n]]),
    paramShapes: new Map([['fc.weight', [3, 4]], ['fc.bias', [3]]]),
  };
  return { model: 'Net', mode: 'train', inputs: [[1, 4]], structure, flops: stats(12n, 'linear'), activations: stats(3n, 'linear') };
}

// The root folds into its single child 'fc' (same cells); its parameters
// print as shapes one level down.
const TABLE = [
  '+---------+----------------------+--------+--------------+',
  '| module  | #parameters or shape | #flops | #activations |',
  '+---------+----------------------+--------+--------------+',
  '| fc      | 15                   | 12     | 3            |',
  '|  weight |  (3, 4)              |        |              |',
  '|  bias   |  (3,)                |        |              |',
  '+---------+----------------------+--------+--------------+',
  '',
].join('\n');

const ARCH = [
  'Net(',
  '  #params: 15, #flops: 12, #acts: 3',
  '  (fc): Linear(',
  `    ${FC_REPR}`,
  '    #params: 15, #flops: 12, #acts: 3',
  '  )',
  ')',
].join('\n');

t('a hand-built Report renders the table and the architecture', () => {
  const report = handReport();
  assert.fixture(tableView(report), TABLE);
  assert.fixture(archView(report), ARCH);
  // The same rows, for any other table format.
  assert.equal(tableRows(report).rows, [
    ['fc', '15', '12', '3'],
    [' weight', ' (3, 4)', '', ''],
    [' bias', ' (3,)', '', ''],
  ]);
  // Rendering twice gives the same text: nothing is consumed or changed.
  assert.is(tableView(report), TABLE);
  assert.is(archView(report), ARCH);
});

t('view options: depth, shapes, FLOPs only', () => {
  const report = handReport();
  // Depth 0: the folded root row only.
  assert.fixture(
    tableView(report, { maxDepth: 0 }),
    [
      '+--------+----------------------+--------+--------------+',
      '| module | #parameters or shape | #flops | #activations |',
      '+--------+----------------------+--------+--------------+',
      '| fc     | 15                   | 12     | 3            |',
      '+--------+----------------------+--------+--------------+',
      '',
    ].join('\n'),
  );
  // Without shapes the parameter rows go; without activations so does their column.
  assert.fixture(
    tableView(report, { showParamShapes: false, activations: false }),
    ['+--------+-------------+--------+', '| module | #parameters | #flops |', '+--------+-------------+--------+', '| fc     | 15          | 12     |', '+--------+-------------+--------+', ''].join('\n'),
  );
  assert.fixture(archView({ ...report, activations: null }), ARCH.replaceAll(', #acts: 3', ''));
});

t('the hand-built Report is what the analysis of the real model renders', () => {
  const model = new Net();
  const r = analyze(model, [4]);
  assert.is(r.outTable, `\n${TABLE}`);
  assert.is(r.outArch, `\n${ARCH}`);
  assert.equal(r.report.structure.modules, handReport().structure.modules);
  assert.equal(r.report.structure.repr, handReport().structure.repr);
  assert.equal([...r.report.structure.params], [...handReport().structure.params]);
  assert.equal(r.report.flops.perModule, [12n, 12n]);
  assert.equal(r.report.activations!.perModule, [3n, 3n]);
  assert.equal(r.report.inputs, [[1, 4]]);
  assert.is(r.report.mode, 'train');
});

t('shared modules repeat without statistics; None entries print as None', () => {
  class Shared extends Module {
    a = new nn.Linear(2, 2);
    b = this.a;
    constructor() {
      super();
      this.registerModule('c', null);
    }
    override forward(x: Tensor): Tensor {
      return this.b.call(this.a.call(x));
    }
  }
  const model = new Shared();
  const r = analyze(model, [2]);
  const s = r.report.structure;
  assert.equal(s.modules.map((m) => m.name), ['', 'a']);
  assert.equal(s.repr, [
    { path: '', module: 0, repeat: false, children: [['a', 1], ['b', 2], ['c', null]] },
    { path: 'a', module: 1, repeat: false, children: [] },
    { path: 'b', module: 1, repeat: true, children: [] },
  ]);
  // Two calls of linear(2, 2) on (1, 2): 2 * 4 = 8 FLOPs, 2 * 2 = 4 activations; 6 parameters.
  assert.is(
    r.outArch,
    [
      '',
      'Shared(',
      '  #params: 6, #flops: 8, #acts: 4',
      '  (a): Linear(',
      '    in_features=2, out_features=2, bias=True',
      '    #params: 6, #flops: 8, #acts: 4',
      '  )',
      '  (b): Linear(in_features=2, out_features=2, bias=True)',
      '  (c): None',
      ')',
    ].join('\n'),
  );
});

t('lazy views equal the eager entry points, and stay fixed at analysis time', () => {
  const model = new Net();
  const r = analyze(model, [4], { tableDepth: 1 });
  const [flops, acts] = analyzers(model, [4]);
  const table = `\n${complexityStatsTable(flops, { activations: acts, maxDepth: 1 })}`;
  const arch = `\n${complexityStatsStr(flops, acts)}`;
  // The model changes after the analysis: the result's views do not.
  (model as unknown as { extra: Module }).extra = new nn.ReLU();
  assert.is(r.outTable, table);
  assert.is(r.outArch, arch);
  assert.is(r.outArch, r.outArch);
  assert.ok(!r.outArch.includes('ReLU'));
  const none = analyze(new Net(), [4], { showTable: false, showArch: false });
  assert.is(none.outTable, '');
  assert.is(none.outArch, '');
});

t('a view rendered again for the same structure shows the new numbers', () => {
  // Same model object (so the same structure): Linear(4,3) at batch 1, 2, 1.
  // linear FLOPs = prod(input) * out_features: 1*4*3 = 12, then 2*4*3 = 24.
  const model = new Net();
  const one = analyze(model, [4]);
  const two = analyze(model, { inputs: [[2, 4]] });
  const again = analyze(model, [4]);
  assert.is(one.report.structure, two.report.structure);
  assert.ok(one.outArch.includes('#flops: 12,'));
  assert.ok(two.outArch.includes('#flops: 24,'));
  assert.is.not(one.outTable, two.outTable);
  assert.is(again.outTable, one.outTable);
  assert.is(again.outArch, one.outArch);
  // Options are part of what was rendered.
  assert.is.not(tableView(two.report, { maxDepth: 1 }), tableView(two.report, { maxDepth: 1, showParamShapes: false }));
});

t('the JSON view: the report fields in order, equal to buildReport', () => {
  const model = new Net();
  const r = analyze(model, [4], { name: 'net' });
  const json = jsonView(r.report);
  const keys = [...json.keys()];
  assert.equal(keys.slice(0, 4), ['version', 'model', 'mode', 'inputs']);
  assert.is(json.get('version'), 1);
  const fields = FIELD_MAP.map(([, k]) => k).filter((k) => k !== 'mode');
  fields.splice(fields.indexOf('paramsStr') + 1, 0, 'paramsTrainable', 'paramsFrozen');
  fields.splice(fields.indexOf('uncalledModules') + 1, 0, 'outputShapeByModule');
  assert.equal(keys.slice(4), fields);
  assert.is(json.get('model'), 'net');
  assert.is(json.get('flops'), 12n);
  assert.is(json.get('paramsStr'), '15');
  assert.is(toJson(json), toJson(buildReport('net', model, [[1, 4]], r)));
  // A FLOPs-only Report has null activation fields.
  const flopsOnly = jsonView(reportOf(r.flopAnalyzer, null));
  assert.is(flopsOnly.get('activations'), null);
  assert.is(flopsOnly.get('activationsByModule'), null);
});

t.run();
