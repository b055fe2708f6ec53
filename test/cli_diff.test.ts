// `flopscope diff A B` (issue 11): per-module deltas between two models or
// saved --json reports. Expected values: torchvision's parameter counts
// (test/fixtures/torchvision_params.tsv) and resnet18's golden flops.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fixture, runCli, torchvisionParams } from './helpers.js';

const t = suite('cli diff');
const params = torchvisionParams();
const g18 = fixture<{ flops: number }>('golden/resnet18.json');
const dir = mkdtempSync(join(tmpdir(), 'flopscope-diff-'));

t('two zoo models: the totals and the changed modules, A -> B with the signed difference', () => {
  const r = runCli(['diff', 'resnet18', 'resnet34', '--depth', '1']);
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.is(lines[0], 'diff: resnet18 -> resnet34');
  // 11,689,512 -> 21,797,672 parameters: +10,108,160.
  assert.is(params.get('resnet34')! - params.get('resnet18')!, 10_108_160);
  assert.match(lines[2]!, /^model +11\.69M -> 21\.798M \(\+10\.108M\) +1\.827G -> /);
  // conv1, bn1 and fc are the same in both: not listed; the four stages are.
  assert.equal(lines.slice(3).map((l) => l.split(/\s+/)[0]), ['layer1', 'layer2', 'layer3', 'layer4']);
});

t('a saved --json report against the same model: only the totals row, every difference 0', () => {
  const saved = join(dir, 'resnet18.json');
  writeFileSync(saved, runCli(['resnet18', '--json']).stdout);
  const r = runCli(['diff', saved, 'resnet18', '--format', 'markdown']);
  assert.is(r.status, 0, r.stderr);
  const rows = r.stdout.split('\n').filter((l) => l.startsWith('| `'));
  assert.equal(rows, [`| \`model\` | 11.69M -> 11.69M (0) | 1.827G -> 1.827G (0) | 2.485M -> 2.485M (0) |`]);
  assert.is(g18.flops, 1_826_516_992);
});

t('options apply to both sides (--eval): batch norm costs less in eval, parameters are unchanged', () => {
  const saved = join(dir, 'train.json');
  writeFileSync(saved, runCli(['resnet18', '--json']).stdout);
  const r = runCli(['diff', saved, 'resnet18', '--eval', '--depth', '1']);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /\nmodel +11\.69M -> 11\.69M \(0\) +1\.827G -> 1\.819G \(-7\.451M\)/);
  assert.match(r.stdout, /\nbn1 +0\.128K -> 0\.128K \(0\) +4\.014M -> 1\.606M \(-2\.408M\)/);
});

t('a .json side that is neither a report nor a config.json is one clear line (exit 1)', () => {
  const other = join(dir, 'other.json');
  writeFileSync(other, '{}');
  const r = runCli(['diff', 'resnet18', other]);
  assert.is(r.status, 1);
  assert.match(r.stderr, /model_type must be given/);
  assert.is(r.stderr.trim().split('\n').length, 1);
});

t('mistakes are one line, exit 2: a missing side, a format diff cannot print', () => {
  for (const [args, words] of [
    [['diff', 'resnet18'], /usage: flopscope diff <A> <B>/],
    [['diff', 'resnet18', 'resnet34', '--format', 'csv'], /diff prints text or markdown, got --format csv/],
  ] as const) {
    const r = runCli(args);
    assert.is(r.status, 2, args.join(' '));
    assert.match(r.stderr, words);
  }
});

t.run();
