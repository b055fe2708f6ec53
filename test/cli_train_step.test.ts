// --train-step's FLOPs and --convention full through the CLI, on a model file
// whose counts are derived by hand: Linear(4, 8) -> ReLU -> Linear(8, 2) at
// batch 3, trained with plain SGD.
//
// Forward (full: 2 FLOPs per multiply-add, bias adds, ReLU 1 per element):
//   fc1 2*3*4*8 + 3*8 = 216; act 3*8 = 24; fc2 2*3*8*2 + 3*2 = 102; total 342.
// Backward (FlopCounterMode's rules; the model's input needs no gradient):
//   fc2: input grad 2*3*2*8 = 96, weight grad 2*2*8*3 = 96, bias grad (3-1)*2 = 4 -> 196;
//   act: 24; fc1: weight grad 2*8*4*3 = 192, bias grad (3-1)*8 = 16 -> 208; total 428.
// Optimizer: SGD 2 FLOPs per parameter, (4*8+8) + (8*2+2) = 58 parameters -> 116.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './helpers.js';

const t = suite('cli train step');
const dir = mkdtempSync(join(tmpdir(), 'flopscope-train-'));
const LIB = pathToFileURL(join(process.cwd(), 'dist', 'index.js')).href;
const MODEL = join(dir, 'mlp.mjs');
writeFileSync(
  MODEL,
  `import { nn, Module } from '${LIB}';
export default class Net extends Module {
  constructor() { super(); this.fc1 = new nn.Linear(4, 8); this.act = new nn.ReLU(); this.fc2 = new nn.Linear(8, 2); }
  forward(x) { return this.fc2.call(this.act.call(this.fc1.call(x))); }
}
`,
);

t('--train-step --json: forward, backward and optimizer FLOPs, per module, exact', () => {
  const r = runCli([MODEL, '--inputs', '3,4', '--train-step', '--optimizer', 'sgd', '--json']);
  assert.is(r.status, 0, r.stderr);
  const step = (JSON.parse(r.stdout) as { trainStep: Record<string, unknown> }).trainStep;
  assert.equal([step.unit, step.costs, step.optimizer], ['FLOPs', 'full', 'sgd']);
  assert.equal([step.forward, step.backward, step.optimizerFlops, step.total], [342, 428, 116, 342 + 428 + 116]);
  const byModule = step.byModule as Record<string, Record<string, number>>;
  assert.equal(byModule.fc1, { forward: 216, backward: 208, optimizer: 2 * 40, total: 216 + 208 + 80 });
  assert.equal(byModule.act, { forward: 24, backward: 24, optimizer: 0, total: 48 });
  assert.equal(byModule.fc2, { forward: 102, backward: 196, optimizer: 2 * 18, total: 102 + 196 + 36 });
});

t('--train-step in text: the section names its unit, costs and optimizer; the rule of thumb is labelled', () => {
  const r = runCli([MODEL, '--inputs', '3,4', '--train-step', '--optimizer', 'sgd']);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /Training step FLOPs \(2 per multiply-add; op costs: full[^\n]*optimizer sgd; 58 trainable parameters\):\n {2}forward: {3}0\.342K \(342\) FLOPs\n {2}backward: {2}0\.428K \(428\) FLOPs\n {2}optimizer: 0\.116K \(116\) FLOPs\n {2}total: {5}0\.886K \(886\) FLOPs\n/);
  assert.match(r.stdout, /approximation, not a count: 3 × forward = 1\.026K \(1026\) FLOPs/);
});

t('--convention full: every op costed, in FLOPs, named in the JSON and the totals', () => {
  const r = runCli([MODEL, '--inputs', '3,4', '--convention', 'full', '--json']);
  assert.is(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { convention: string; unit: string; flops: number; params: number };
  assert.equal([j.convention, j.unit, j.flops, j.params], ['full', 'FLOPs', 342, 58]);
  const totals = runCli([MODEL, '--inputs', '3,4', '--convention', 'full', '--totals']);
  assert.match(totals.stdout, /^params \(full\): 58 \(58\)\nFLOPs \(full\): 0\.342K \(342\)\n/);
});

t.run();
