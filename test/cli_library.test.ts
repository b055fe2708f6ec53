// The CLI's library scripts (scripts/bundle.mjs): `flopscope resnet50` reads
// the library's core script and ResNet's, nothing else; a flag that needs an
// optional part (another convention, memory, a view) reads its scripts then,
// and prints what the library itself computes.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, markdownView, models } from '../index.js';
import { ROOT } from './helpers.js';

/** The CLI's stdout and the library scripts it read (dist/cli-library/<path>), in order. */
function runLogged(args: readonly string[]): { status: number | null; stdout: string; read: string[] } {
  const r = spawnSync(process.execPath, ['-r', join(ROOT, 'test', 'fixtures', 'log_library_reads.cjs'), join(ROOT, 'dist', 'cli.cjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  const read = r.stderr.split('\n').filter((l) => l.startsWith('read ')).map((l) => l.slice(5));
  return { status: r.status, stdout: r.stdout, read };
}

test('flopscope resnet50 reads the core script and the ResNet family, each with its code cache, and no optional part', () => {
  const r = runLogged(['resnet50']);
  assert.is(r.status, 0);
  assert.equal(r.read, ['index.cjs', 'index.cache', 'models/resnet.cjs', 'models/resnet.cache']);
});

test("nn's rarer layers load on first use: vit_b_16 reads MultiheadAttention's script, and prints what the library computes", () => {
  const r = runLogged(['vit_b_16', '--totals']);
  assert.is(r.status, 0);
  assert.ok(r.read.includes('nn/layers/attention.cjs'), r.read.join(' '));
  assert.not.ok(r.read.some((f) => f.startsWith('nn/layers/rnn') || f.startsWith('nn/functional/rnn')), r.read.join(' '));
  const lib = analyze(models.vit_b_16(), [3, 224, 224], { showTable: false, showArch: false });
  assert.ok(r.stdout.includes(`flops: ${lib.flopsStr} (${lib.flops})\n`), r.stdout);
});

test('--convention ptflops loads the conventions when asked for, and counts what the library counts', () => {
  const r = runLogged(['resnet18', '--eval', '--convention', 'ptflops', '--totals']);
  assert.is(r.status, 0);
  assert.ok(r.read.includes('analysis/conventions/builtin.cjs'), r.read.join(' '));
  assert.ok(r.read.includes('analysis/conventions/ptflops.cjs'), r.read.join(' '));
  assert.not.ok(r.read.some((f) => f.startsWith('analysis/memory') || f.startsWith('views/')), r.read.join(' '));
  const lib = analyze(models.resnet18().eval(), [3, 224, 224], { convention: 'ptflops', showTable: false, showArch: false });
  assert.ok(r.stdout.includes(`MACs (ptflops): `) && r.stdout.includes(`(${lib.convention.flops})`), r.stdout);
});

test('--format markdown loads the markdown view alone, and prints what markdownView renders', () => {
  const r = runLogged(['resnet18', '--format', 'markdown']);
  assert.is(r.status, 0);
  assert.ok(r.read.includes('views/markdown.cjs'), r.read.join(' '));
  assert.not.ok(r.read.some((f) => f.startsWith('analysis/conventions/') || f === 'views/html.cjs'), r.read.join(' '));
  assert.is(r.stdout, markdownView(analyze(models.resnet18(), [3, 224, 224], { name: 'resnet18' }).report, { maxDepth: 3, columns: [] }));
});

test('--memory loads the memory estimates and no convention', () => {
  const r = runLogged(['resnet18', '--memory', '--depth', '1']);
  assert.is(r.status, 0);
  assert.ok(r.read.includes('analysis/memory.cjs'), r.read.join(' '));
  assert.not.ok(r.read.some((f) => f.startsWith('analysis/conventions/')), r.read.join(' '));
});

test.run();
