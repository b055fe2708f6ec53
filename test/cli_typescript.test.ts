// TypeScript model files through the CLI: on a Node without type stripping
// (20), the user's own `typescript` package transpiles them; without it, one
// line says what to install. `export default class Net extends Module` works.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from './helpers.js';

const t = suite('cli: TypeScript model files');
const CLI = join(ROOT, 'dist', 'cli.cjs');
const LIB = pathToFileURL(join(ROOT, 'dist', 'index.js')).href;
const stripsTypes = Boolean((process as { features?: { typescript?: unknown } }).features?.typescript);

// Linear(3, 2) then Linear(2, 1) on [1, 3]: 6 + 2 = 8 multiply-adds; (3x2 + 2) + (2x1 + 1) = 11 parameters.
const NET_TS = `import { Module, nn, type Tensor } from '${LIB}';
export default class Net extends Module {
  fc1 = new nn.Linear(3, 2);
  fc2: nn.Linear = new nn.Linear(2, 1);
  override forward(x: Tensor): Tensor {
    const hidden: Tensor = this.fc1.call(x);
    return this.fc2.call(hidden);
  }
}
export const inputShape: number[] = [3];
`;

function project(withTypeScript: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'flopscope-ts-'));
  writeFileSync(join(dir, 'net.ts'), NET_TS);
  if (withTypeScript) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function run(dir: string, target: string) {
  return spawnSync(process.execPath, [CLI, target], { cwd: dir, encoding: 'utf8' });
}

for (const target of ['./net.ts', 'net.ts']) {
  t(`flopscope ${target} with typescript installed: the model's numbers, no file left behind`, () => {
    const dir = project(true);
    const r = run(dir, target);
    assert.is(r.stderr, '');
    assert.is(r.status, 0);
    assert.ok(r.stdout.endsWith('Model Flops:8\nModel Parameters:11\n'), r.stdout.slice(-200));
    assert.equal(readdirSync(dir).sort(), ['net.ts', 'node_modules']);
  });
}

t('without typescript (and no type stripping): one line saying what to install', () => {
  const dir = project(false);
  const r = run(dir, 'net.ts');
  if (stripsTypes) {
    assert.is(r.status, 0);
    return;
  }
  assert.is(r.status, 2);
  assert.is(r.stdout, '');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.is(lines.length, 1, r.stderr);
  assert.match(r.stderr, /cannot run the TypeScript model file 'net\.ts'/);
  assert.match(r.stderr, /npm install --save-dev typescript/);
});

t.run();
