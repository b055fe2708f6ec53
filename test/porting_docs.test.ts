// docs/porting.md's examples: every file under docs/porting/ is in the guide
// verbatim, has no `as` casts, compiles against the built package with the
// project's strict settings (tsconfig.base.json: strict,
// noUncheckedIndexedAccess, noUnusedLocals, ...) with zero errors, and traces:
// analyze() runs each on its exported inputs (as the CLI would) without error.
// The guide's other TypeScript blocks compile too.

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, Module, type InputSpec } from '../index.js';
import { ROOT } from './helpers.js';

const run = promisify(execFile);
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const DOCS = join(ROOT, 'docs', 'porting');
const t = suite('docs/porting.md');

const files = readdirSync(DOCS)
  .filter((f) => f.endsWith('.ts'))
  .sort();
const guide = readFileSync(join(ROOT, 'docs', 'porting.md'), 'utf8');
const sources = new Set(files.map((f) => readFileSync(join(DOCS, f), 'utf8')));
/** The guide's TypeScript blocks that are not example files. */
const snippets = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((code) => !sources.has(code));

/** The project's compiler settings (tsconfig.base.json), for a project of its own. */
function strictOptions(): Record<string, unknown> {
  const base = JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  const options = { ...base.compilerOptions };
  for (const k of ['outDir', 'rootDir', 'declaration', 'composite', 'sourceMap', 'types', 'tsBuildInfoFile']) delete options[k];
  return { ...options, types: ['node'], skipLibCheck: false, outDir: 'out' };
}

/** A project with the examples and the built package as node_modules/flopscope; compiled once. */
const compiled = (async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flopscope-porting-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'flopscope'), 'dir');
  // (Node's types, for the guide's snippet that reads a file.)
  symlinkSync(join(ROOT, 'node_modules', '@types'), join(dir, 'node_modules', '@types'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: strictOptions(), include: ['*.ts'] }));
  for (const f of files) writeFileSync(join(dir, f), readFileSync(join(DOCS, f), 'utf8'));
  snippets.forEach((code, i) => writeFileSync(join(dir, `snippet${i}.ts`), code));
  let out = '';
  try {
    out = (await run(process.execPath, [TSC, '-p', '.'], { cwd: dir, encoding: 'utf8' })).stdout;
  } catch (e) {
    const err = e as Error & { stdout?: string };
    out = `${err.stdout ?? ''}${err.message}`;
  }
  return { dir, out };
})();

t('there are the ten examples, each in the guide verbatim, with no `as` casts', () => {
  assert.equal(files, [
    'depthwise_separable.ts',
    'diffusion_block.ts',
    'einsum_attention.ts',
    'gpt2_block.ts',
    'lstm_lm.ts',
    'mlp_mixer.ts',
    'rmsnorm.ts',
    'se_block.ts',
    'transformer_classifier.ts',
    'unet_block.ts',
  ]);
  for (const f of files) {
    const source = readFileSync(join(DOCS, f), 'utf8');
    assert.ok(guide.includes(`\`\`\`ts\n${source}\`\`\``), `${f} is in docs/porting.md verbatim`);
    assert.ok(guide.includes(`docs/porting/${f}`), `docs/porting.md names ${f}`);
    source.split('\n').forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      assert.not.match(code, /\bas\s/, `${f}:${i + 1}: no \`as\` casts`);
    });
  }
});

t("the examples and the guide's snippets compile with the project's strict settings: zero errors", async () => {
  assert.is(snippets.length, 2, 'the registration-order and checkpoint snippets');
  const { out } = await compiled;
  assert.is(out, '', out);
});

t('each example traces: analyze() on its exported inputs', async () => {
  const { dir } = await compiled;
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, 'out', f.replace(/\.ts$/, '.js'))).href)) as {
      default: unknown;
      inputs?: unknown;
      inputShape?: unknown;
    };
    const made = mod.default;
    assert.type(made, 'function', `${f}: a default export`);
    const build = made as (new () => Module) & (() => Module);
    const model = build.prototype instanceof Module ? new build() : build();
    assert.ok(model instanceof Module, `${f}: the default export makes a Module`);
    const spec = (mod.inputs !== undefined ? { inputs: mod.inputs } : mod.inputShape) as InputSpec;
    const r = analyze(model, spec);
    assert.ok(r.flops > 0n, `${f}: flops counted`);
    assert.ok(r.params > 0n, `${f}: parameters counted`);
    assert.is(r.paramsTrainable + r.paramsFrozen, r.params);
    assert.ok(model.stateDict().size > 0, `${f}: a state dict`);
  }
});

t.run();
