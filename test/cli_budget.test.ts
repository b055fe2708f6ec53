// Budgets for CI (issue 11): --max-params, --max-flops, --max-activations and
// --budget FILE. A report within budget exits 0; one over it is printed in
// full, then one line on stderr says which totals are over and by how much,
// and the exit code is 3. The totals are resnet18's in training mode, from
// the reference's golden (test/fixtures/golden/resnet18.json).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fixture, runCli } from './helpers.js';

const golden = fixture<{ flops: number; params: number; activations: number }>('golden/resnet18.json');
const FLOPS = BigInt(golden.flops); // 1,826,516,992
const PARAMS = BigInt(golden.params); // 11,689,512
const t = suite('cli budgets');
const dir = mkdtempSync(join(tmpdir(), 'flopscope-budget-'));
/** stderr's lines but the text views' line naming the uncounted ops (test/cli_help.test.ts checks that one). */
const errorLines = (stderr: string): string[] => stderr.split('\n').filter((l) => l !== '' && !l.startsWith('flopscope: warning: '));

t('within budget: exit 0, the report as usual', () => {
  const r = runCli(['resnet18', '--max-flops', '2G', '--max-params', '11.7M', '--max-activations', String(golden.activations)]);
  assert.is(r.status, 0, r.stderr);
  assert.is(errorLines(r.stderr).length, 0, r.stderr);
  assert.match(r.stdout, /Model Flops:1\.827G\n/);
});

t('over budget: the report, then one line naming each total over and by how much, exit 3', () => {
  const r = runCli(['resnet18', '--max-flops', '1.5G', '--max-params', '12M']);
  assert.is(r.status, 3);
  assert.match(r.stdout, /Model Parameters:11\.69M\n$/);
  const lines = errorLines(r.stderr);
  assert.is(lines.length, 1);
  const over = FLOPS - 1_500_000_000n;
  assert.is(lines[0], `flopscope: over budget: flops 1.827G (${FLOPS}) is over --max-flops 1.5G (1500000000) by 0.327G (${over}) (+21.8%)`);
  assert.not.match(lines[0]!, /params/); // 11.69M is within 12M
});

t('a budget equal to the total is within it; one less is over by exactly one', () => {
  assert.is(runCli(['resnet18', '--max-params', String(PARAMS)]).status, 0);
  const r = runCli(['resnet18', '--max-params', String(PARAMS - 1n), '--json']);
  assert.is(r.status, 3);
  assert.ok(JSON.parse(r.stdout) !== null); // the JSON report is still written in full
  assert.match(r.stderr, new RegExp(`params 11\\.69M \\(${PARAMS}\\) is over --max-params 11\\.69M \\(${PARAMS - 1n}\\) by 1 \\(1\\)`));
});

t('--budget FILE: the same limits from JSON (counts as strings or numbers); flags given before it win', () => {
  const file = join(dir, 'budget.json');
  writeFileSync(file, JSON.stringify({ flops: '1G', params: 30_000_000, activations: '1K' }));
  const r = runCli(['resnet18', '--budget', file]);
  assert.is(r.status, 3);
  assert.match(r.stderr, /over budget: flops 1\.827G .* is over --max-flops 1G \(1000000000\) by .*; activations .* is over --max-activations 1K \(1000\)/);
  assert.not.match(r.stderr, /params/);
  assert.is(runCli(['resnet18', '--max-flops', '2G', '--max-activations', '3M', '--budget', file]).status, 0);
});

t('bad budgets are command-line errors (exit 2, one line)', () => {
  const bad = (args: string[], words: RegExp): void => {
    const r = runCli(['resnet18', ...args]);
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, words);
    assert.is(r.stderr.trim().split('\n').length, 1);
  };
  bad(['--max-flops', '1.5X'], /--max-flops takes a count like 30M, 4\.5G or 25557032 .* got '1\.5X'/);
  bad(['--max-params', '1.0005K'], /--max-params takes a count .* got '1\.0005K'/); // 1000.5: not a whole count
  bad(['--max-activations', '-3'], /--max-activations takes a count/);
  bad(['--max-flops'], /--max-flops takes a count .* got ''/);
  const wrongKey = join(dir, 'wrong.json');
  writeFileSync(wrongKey, JSON.stringify({ macs: '1G' }));
  bad(['--budget', wrongKey], /--budget: '.*wrong\.json' has 'macs'; the keys are params, flops, activations/);
  const notJson = join(dir, 'not.json');
  writeFileSync(notJson, '{flops: 1G}');
  bad(['--budget', notJson], /--budget: cannot read '.*not\.json' as JSON/);
  bad(['--budget', join(dir, 'missing.json')], /--budget: cannot read/);
});

t.run();
