// Other tools' counting conventions (issue 12) against the tools' real outputs
// on the public cases (test/fixtures/tools_ref/<case>.json, copied from the
// tools run on PyTorch 1.13.1: totals from summary.tsv, per-module numbers
// from results/<tool>/<case>.json), DeepSpeed's published LeNet-5 figures, and
// the option's and the CLI's handling of conventions.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ArgumentError, Tensor, UnknownNameError, analyze, conventionNames, models, type AnalysisResult, type Module } from '../index.js';
import lenet5 from '../examples/tools/lenet5_b1024.js';
import lstmLm from '../examples/tools/lstm_lm.js';
import { fixture, runCli } from './helpers.js';

interface ToolNumbers {
  flops: number;
  params?: number;
  macs?: number;
  perModule?: Record<string, number>;
  perModuleMacs?: Record<string, number>;
  perModuleParams?: Record<string, number>;
  perLeafModule?: Record<string, number>;
}
interface ToolsCase {
  case: string;
  conventions: Record<string, ToolNumbers>;
}

const CASES: Record<string, () => [Module, Tensor]> = {
  resnet18: () => [models.resnet18(), new Tensor([1, 3, 224, 224])],
  resnet50: () => [models.resnet50(), new Tensor([1, 3, 224, 224])],
  mobilenet_v2: () => [models.mobilenet_v2(), new Tensor([1, 3, 224, 224])],
  lenet5_b1024: () => [lenet5(), new Tensor([1024, 1, 32, 32])],
  lstm_lm: () => [lstmLm(), new Tensor([4, 35], 'int64')],
};

/** A per-module array of the result's tree as a map by canonical name. */
function byModule(result: AnalysisResult, values: readonly bigint[]): Map<string, bigint> {
  const names = result.flopAnalyzer.trace.tree.canonicalNames;
  return new Map(names.map((n, i) => [n, values[i]!]));
}

/** Every name of `expected` has that value in `got` (named by `what` in messages). */
function assertPerModule(got: Map<string, bigint>, expected: Record<string, number>, what: string): void {
  const keys = Object.keys(expected);
  assert.ok(keys.length > 0, `${what}: the fixture has per-module numbers`);
  for (const name of keys) assert.is(got.get(name), BigInt(expected[name]!), `${what} '${name}'`);
}

for (const [caseName, build] of Object.entries(CASES)) {
  const t = suite(`conventions_tools: ${caseName}`);
  const ref = fixture<ToolsCase>(`tools_ref/${caseName}.json`);
  const [model, input] = build();
  model.eval();

  for (const [name, want] of Object.entries(ref.conventions)) {
    t(`${name}: total, parameters and per-module numbers equal the tool's`, () => {
      const r = analyze(model, { inputs: [input] }, { convention: name, showTable: false, showArch: false });
      assert.is(r.convention.name, name);
      assert.is(r.flops, BigInt(want.flops), 'headline total');
      assert.is(r.convention.flops, BigInt(want.flops));
      if (want.params !== undefined) assert.is(r.convention.params, BigInt(want.params), 'parameters');
      if (want.macs !== undefined) assert.is(r.convention.macs, BigInt(want.macs), 'MACs');
      const counts = r.convention.counts;
      const perModule = byModule(r, r.report.flops.perModule);
      if (name === 'fvcore') {
        assertPerModule(perModule, want.perModule!, 'fvcore flops');
        return;
      }
      assert.ok(counts !== undefined);
      if (name === 'ptflops') {
        // The tool's root line leaves out the F.* part; our root is the headline total.
        const [root, ...rest] = Object.entries(want.perModule!);
        assert.is(root![0], '');
        let functional = 0n;
        for (const [rule, v] of counts.byRule[0]!) if (rule.startsWith('F.') || rule.startsWith('torch.')) functional += v;
        assert.is(r.flops - functional, BigInt(root![1]), "ptflops root without the F.* part");
        assertPerModule(perModule, Object.fromEntries(rest), 'ptflops');
      } else if (name === 'torchinfo') {
        assertPerModule(perModule, want.perLeafModule!, 'torchinfo leaf');
      } else if (name === 'pytorch') {
        // FlopCounterMode lists only modules with FLOPs: every other module has none.
        for (const [module, v] of perModule) assert.is(v, BigInt(want.perModule![module] ?? 0), `FlopCounterMode '${module}'`);
      } else {
        assertPerModule(perModule, want.perModule!, `${name} flops`);
        if (want.perModuleMacs !== undefined) assertPerModule(byModule(r, counts.macs!), want.perModuleMacs, `${name} macs`);
        if (want.perModuleParams !== undefined) assertPerModule(byModule(r, counts.paramsPerModule!), want.perModuleParams, `${name} params`);
      }
    });
  }
  t.run();
}

{
  const t = suite('conventions_tools: published figures and the option');

  t("DeepSpeed's LeNet-5 test: 866,076,672 FLOPs, 426,516,480 MACs, 61,706 parameters", () => {
    const r = analyze(lenet5(), { inputs: [[1024, 1, 32, 32]] }, { convention: 'deepspeed', showTable: false, showArch: false });
    // Per sample: conv MACs 6·1·25·28² + 16·6·25·10² + 120·16·25·1 = 117,600 + 240,000 + 48,000 = 405,600;
    // linear MACs 120·84 + 84·10 = 10,920. FLOPs: 2·MACs + conv bias (6·28² + 16·10² + 120 = 6,424)
    // + avg-pool inputs (6·28² + 16·10² = 6,304) + softmax (10); tanh and linear bias 0.
    const macs = 405_600 + 10_920;
    assert.is(r.convention.macs, BigInt(1024 * macs));
    assert.is(r.flops, BigInt(1024 * (2 * macs + 6_424 + 6_304 + 10)));
    assert.is(r.flops, 866_076_672n);
    assert.is(r.convention.macs, 426_516_480n);
    assert.is(r.convention.params, 61_706n);
  });

  t('fvcore is the default and gives the usual numbers', () => {
    const m = models.resnet18().eval();
    const plain = analyze(m, [3, 224, 224], { showTable: false, showArch: false });
    const named = analyze(m, [3, 224, 224], { convention: 'fvcore', showTable: false, showArch: false });
    assert.is(plain.flops, 1_819_065_856n);
    assert.is(named.flops, plain.flops);
    assert.is(plain.convention.name, 'fvcore');
    assert.is(plain.convention.unit, 'MACs');
    assert.is(plain.convention.counts, undefined);
  });

  t('an unknown convention is one UnknownNameError listing the known ones', () => {
    const err = (() => {
      try {
        analyze(models.resnet18(), [3, 224, 224], { convention: 'flopz' });
      } catch (e) {
        return e;
      }
      return null;
    })();
    assert.instance(err, UnknownNameError);
    assert.equal((err as UnknownNameError).known, conventionNames());
    for (const n of ['fvcore', 'ptflops', 'thop', 'torchinfo', 'deepspeed', 'calflops', 'pytorch']) assert.ok((err as Error).message.includes(n), n);
  });

  t('a convention that is no name is one ArgumentError naming the option', () => {
    for (const bad of [5, null, ['thop']]) {
      assert.throws(
        () => analyze(models.resnet18(), [3, 224, 224], { convention: bad as unknown as string }),
        (e: unknown) => e instanceof ArgumentError && /convention/.test(e.message) && !e.message.includes('\n'),
      );
    }
  });

  t('the CLI: --convention NAME --json names the convention, its unit, MACs beside FLOPs, the tool\'s parameters', () => {
    const thop = runCli(['dist/examples/tools/lstm_lm.js', '--inputs', '4,35:int64', '--eval', '--convention', 'thop', '--json']);
    assert.is(thop.status, 0, thop.stderr);
    const j = JSON.parse(thop.stdout) as Record<string, unknown>;
    assert.is(j.convention, 'thop');
    assert.is(j.unit, 'MACs');
    assert.is(j.flops, 165_437_440);
    // thop misses the Embedding's 1000·128 parameters: 1,306,600 - 128,000.
    assert.is(j.params, 1_306_600 - 128_000);
    assert.not.ok('macs' in j);
    const ds = JSON.parse(runCli(['dist/examples/tools/lstm_lm.js', '--inputs', '4,35:int64', '--eval', '--convention', 'deepspeed', '--json']).stdout) as Record<string, unknown>;
    assert.is(ds.unit, 'FLOPs');
    assert.is(ds.macs, 35_840_000);
    const plain = JSON.parse(runCli(['resnet18', '--eval', '--json']).stdout) as Record<string, unknown>;
    assert.not.ok('convention' in plain);
    const bad = runCli(['resnet18', '--convention', 'flopz']);
    assert.is(bad.status, 2); // a command-line mistake
    assert.is(bad.stderr, "flopscope: unknown convention 'flopz'; known: fvcore, ptflops, thop, torchinfo, deepspeed, calflops, pytorch, full\n");
  });

  t('the CLI: the text report names the convention and its unit', () => {
    const r = runCli(['resnet18', '--eval', '--convention', 'pytorch', '--no-arch']);
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Convention: pytorch; FLOP counts in FLOPs\n[^]*#FLOPs/);
    assert.match(r.stdout, /Model FLOPs \(pytorch\):3\.628G\n/);
    const totals = runCli(['resnet18', '--eval', '--convention', 'thop', '--totals']);
    assert.match(totals.stdout, /^params \(thop\): 11\.69M \(11689512\)\nMACs \(thop\): 1\.824G \(1824033792\)\n/);
  });

  t('flopscope compare: a row per convention with its total, unit, parameters and what it leaves out', () => {
    const r = runCli(['compare', 'resnet18', '--eval']);
    assert.is(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.is(lines.length, 2 + conventionNames().length);
    const row = (name: string): string => lines.find((l) => l.startsWith(`${name} `)) ?? '';
    assert.match(row('thop'), /1\.824G MACs +1824033792 +11\.69M +every function/);
    assert.match(row('deepspeed'), /3\.636G FLOPs \(1\.814G MACs\) +3636250112/);
    assert.match(row('pytorch'), /3\.628G FLOPs +3628146688/);
    assert.match(row('fvcore'), /1\.819G MACs +1819065856/);
  });

  t.run();
}
