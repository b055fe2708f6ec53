// Conventions by name (analysis/conventions/registry.ts, docs/architecture.md
// "Loading"): analyze() alone knows fvcore; loading conventions/builtin.ts,
// as index.ts does, gives it every other name. Run in a child process that
// imports the modules themselves: this process has loaded index.ts already.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from './helpers.js';

/** Runs an ES module body in a fresh Node, `dist(path)` naming a module of dist/ by URL; its stdout lines. */
function runModule(body: string): string[] {
  const dist = (path: string): string => JSON.stringify(pathToFileURL(join(ROOT, 'dist', path)).href);
  const source = body.replace(/dist\(('[^']+')\)/g, (_, path: string) => dist(path.slice(1, -1)));
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', source], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n');
}

test('analyze alone knows fvcore; another name is an UnknownNameError listing fvcore, until the built-in conventions load', () => {
  const lines = runModule(`
    const { analyze } = await import(dist('analysis/analyze.js'));
    const { Linear } = await import(dist('nn/index.js'));
    const tryThop = () => { try { return String(analyze(new Linear(3, 4), [3], { convention: 'thop', showTable: false, showArch: false }).flops); } catch (e) { return e.constructor.name + ': ' + e.message; } };
    console.log(String(analyze(new Linear(3, 4), [3], { convention: 'fvcore' }).flops));
    console.log(tryThop());
    const { conventionNames } = await import(dist('analysis/conventions/builtin.js'));
    console.log(tryThop());
    console.log(conventionNames().join(','));
  `);
  // Linear(3, 4) on [1, 3]: 3 x 4 = 12 multiply-adds; thop counts the same 12 MACs (no bias term).
  assert.equal(lines, ['12', "UnknownNameError: unknown convention 'thop'; known: fvcore", '12', 'fvcore,ptflops,thop,torchinfo,deepspeed,calflops,pytorch,full']);
});

test("fvcore's described entry replaces the bare default once the conventions load, first in the list", () => {
  const lines = runModule(`
    const { conventionByName, conventions } = await import(dist('analysis/conventions/registry.js'));
    const bare = conventionByName('fvcore');
    console.log(bare.leavesOut === '' ? 'bare' : 'described');
    const { fvcore } = await import(dist('analysis/conventions/fvcore.js'));
    await import(dist('analysis/conventions/builtin.js'));
    console.log(conventionByName('fvcore') === fvcore, conventions()[0] === fvcore, fvcore.leavesOut.length > 0, fvcore.unit);
  `);
  assert.equal(lines, ['bare', 'true true true MACs']);
});

test.run();
