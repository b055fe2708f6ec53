// A freshly built model of the same architecture as the last one analysed
// shares its Report structure (so the views' per-structure layouts serve it),
// and a model that differs from it in anything the views print does not.
// Expected numbers by hand: Linear(i, o) on a batch of 1 has i * o + o
// parameters, costs i * o FLOPs and makes o activations; Dropout costs nothing.

import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, nn, type Module } from '../index.js';

const t = suite('structure_sharing');

function net(inFeatures = 4, p = 0.1): Module {
  return new nn.Sequential(new nn.Linear(inFeatures, 3), new nn.Dropout(p), new nn.Linear(3, 2));
}

t('two fresh models of one architecture share the structure, and the numbers are each their own', () => {
  const a = analyze(net(), [4]);
  const b = analyze(net(), [4]);
  assert.is(b.report.structure, a.report.structure);
  // 4*3+3 + 3*2+2 = 23 parameters; 4*3 + 3*2 = 18 FLOPs; 3 + 2 = 5 activations.
  assert.is(b.params, 23n);
  assert.is(b.flops, 18n);
  assert.is(b.activations, 5n);
  assert.ok(b.outArch.includes('  #params: 23, #flops: 18, #acts: 5\n'), b.outArch);
  assert.equal(
    [...b.report.structure.params],
    [
      ['', 23n],
      ['0', 15n],
      ['0.weight', 12n],
      ['0.bias', 3n],
      ['2', 8n],
      ['2.weight', 6n],
      ['2.bias', 2n],
    ],
  );
  assert.equal([...b.report.structure.paramShapes], [
    ['0.weight', [3, 4]],
    ['0.bias', [3]],
    ['2.weight', [2, 3]],
    ['2.bias', [2]],
  ]);
});

t('another input size reuses the structure and prints its own numbers', () => {
  analyze(net(4), [4]);
  const b = analyze(net(4), [2, 4]);
  // Batch 2 (a [1, 2, 4] input): each Linear's FLOPs double, 2 * (12 + 6) = 36; activations 2 * 5 = 10.
  assert.is(b.flops, 36n);
  assert.ok(b.outArch.includes('#params: 23, #flops: 36, #acts: 10'), b.outArch);
});

t('a parameter shape, an extra_repr or a key that differs gives a structure of its own', () => {
  const a = analyze(net(4, 0.1), [4]);
  // Linear(5, 3): 5*3+3 = 18 parameters, 18 + 8 = 26 in all.
  const wider = analyze(net(5, 0.1), [5]);
  assert.is.not(wider.report.structure, a.report.structure);
  assert.ok(wider.outArch.includes('in_features=5, out_features=3'), wider.outArch);
  assert.ok(wider.outArch.includes('#params: 26,'), wider.outArch);
  assert.ok(wider.outTable.includes('(3, 5)'), wider.outTable);

  analyze(net(4, 0.1), [4]);
  const otherP = analyze(net(4, 0.2), [4]);
  assert.ok(otherP.outArch.includes('Dropout(p=0.2, inplace=False)'), otherP.outArch);
  assert.not.ok(otherP.outArch.includes('p=0.1'), otherP.outArch);

  analyze(net(4, 0.1), [4]);
  const renamed = new nn.Sequential();
  renamed.addModule('first', new nn.Linear(4, 3));
  renamed.addModule('drop', new nn.Dropout(0.1));
  renamed.addModule('last', new nn.Linear(3, 2));
  const r = analyze(renamed, [4]);
  assert.ok(r.outArch.includes('(first): Linear('), r.outArch);
  assert.ok(r.outTable.includes('first.weight'), r.outTable);
  assert.equal([...r.report.structure.params].map(([k]) => k), ['', 'first', 'first.weight', 'first.bias', 'last', 'last.weight', 'last.bias']);
});

t('a symbolic analysis of a fresh model prints its own size names', () => {
  const one = (): Module => new nn.Sequential(new nn.Linear(4, 3));
  // Linear(4, 3) on [B, 4]: 4*3 = 12 FLOPs and 3 activations per row.
  assert.ok(analyze(one(), { inputs: [['B', 4]] }).outArch.includes('#params: 15, #flops: 12*B, #acts: 3*B'));
  const renamed = analyze(one(), { inputs: [['N', 4]] });
  assert.ok(renamed.outArch.includes('#params: 15, #flops: 12*N, #acts: 3*N'), renamed.outArch);
  assert.ok(renamed.outTable.includes('12*N'), renamed.outTable);
});

t('the structure kept for the next model keeps no model alive', () => {
  // In a child with --expose-gc: analyse a model, read both views, drop it, collect.
  const index = new URL('../index.js', import.meta.url).href;
  const script = `
    const { analyze, nn } = await import(${JSON.stringify(index)});
    let m = new nn.Sequential(new nn.Linear(4, 3), new nn.Linear(3, 2));
    const ref = new WeakRef(m);
    let r = analyze(m, [4]);
    r.outTable; r.outArch;
    m = null; r = null;
    await new Promise((done) => setTimeout(done, 0));
    globalThis.gc();
    await new Promise((done) => setTimeout(done, 0));
    globalThis.gc();
    process.stdout.write(ref.deref() === undefined ? 'collected' : 'alive');`;
  const child = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.is(child.stderr, '');
  assert.is(child.stdout, 'collected');
});

t.run();
