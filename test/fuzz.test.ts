// The fuzz suite: every case of test/fuzz/cases_*.ts in a child process of its
// own (a hang or an abort fails that case alone), checked against its expected
// outcome: a typed, one-line FlopscopeError with the expected words, or the
// exact right answer. CLI cases: the exit code, one line on stderr, nothing on stdout.

import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { toComparable, type ApiCase, type CliCase } from './fuzz/case.js';
import { runApiCase, runCliCase, TIMEOUT_MS, type ChildResult } from './fuzz/runner.js';

const DIR = fileURLToPath(new URL('./fuzz/', import.meta.url));
const files = readdirSync(DIR).filter((f) => /^cases_.*\.js$/.test(f)).sort();

function describe(r: ChildResult): string {
  if (r.timedOut) return `timed out after ${TIMEOUT_MS} ms`;
  return `exit ${r.code ?? r.signal}; stdout: ${r.stdout.slice(0, 400)}; stderr: ${r.stderr.slice(0, 400)}`;
}

const all = { api: 0, cli: 0 };
const names = new Set<string>();
for (const file of files) {
  const mod = (await import(pathToFileURL(DIR + file).href)) as { CASES?: readonly ApiCase[]; CLI_CASES?: readonly CliCase[] };
  const t = suite(`fuzz ${file.replace(/\.js$/, '')}`);
  for (const c of mod.CASES ?? []) {
    if (names.has(c.name)) throw new Error(`two fuzz cases named ${c.name}`);
    names.add(c.name);
    all.api++;
    const pending = runApiCase(file, c.name);
    t(`${c.kind}: ${c.name}`, async () => {
      const r = await pending;
      assert.ok(!r.timedOut && r.code === 0 && r.stderr === '', describe(r));
      const out = JSON.parse(r.stdout) as { outcome: string; value?: unknown; name?: string; flopscope?: boolean; message?: string };
      if ('error' in c.expect) {
        assert.is(out.outcome, 'error', `expected ${c.expect.error}, got ${r.stdout}`);
        assert.ok(out.flopscope, `not a FlopscopeError: ${out.name}: ${out.message}`);
        assert.is(out.name, c.expect.error, out.message);
        assert.not.match(out.message!, /\n/, 'one line');
        for (const w of c.expect.words) assert.ok(out.message!.includes(w), `message lacks '${w}': ${out.message}`);
      } else {
        assert.is(out.outcome, 'value', `expected a value, got ${out.name}: ${out.message}`);
        assert.equal(out.value, toComparable(c.expect.value));
      }
    });
  }
  for (const c of mod.CLI_CASES ?? []) {
    if (names.has(c.name)) throw new Error(`two fuzz cases named ${c.name}`);
    names.add(c.name);
    all.cli++;
    const pending = runCliCase(c);
    t(`${c.kind}: ${c.name}`, async () => {
      const r = await pending;
      assert.ok(!r.timedOut, describe(r));
      assert.is(r.code, c.expect.code, describe(r));
      if ('words' in c.expect) {
        assert.is(r.stdout, '', 'nothing on stdout');
        const lines = r.stderr.split('\n').filter((l) => l !== '');
        assert.is(lines.length, 1, `one line on stderr: ${r.stderr}`);
        for (const w of c.expect.words) assert.ok(r.stderr.includes(w), `stderr lacks '${w}': ${r.stderr}`);
      } else {
        for (const w of c.expect.stdout) assert.ok(r.stdout.includes(w), `stdout lacks '${w}'`);
      }
    });
  }
  t.run();
}
