// The package as a user installs it: the packed tarball passes publint and
// "are the types wrong", `require` and `import` both work (and give the same
// numbers), TypeScript projects of both module kinds compile against it, and
// `npm pack` from a fresh clone (nothing built) ships dist/.

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from './helpers.js';

const run = promisify(execFile);
const BIN = join(ROOT, 'node_modules', '.bin');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const t = suite('package');

interface Out {
  stdout: string;
  stderr: string;
}

async function sh(file: string, args: readonly string[], cwd: string): Promise<Out> {
  try {
    return await run(file, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (e) {
    const err = e as Error & Out;
    throw new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${err.stdout}\n${err.stderr}`);
  }
}

// The tarball of the working tree as built by `npm test` (the build ran just before).
const work = mkdtempSync(join(tmpdir(), 'flopscope-package-'));
const packed = (async () => {
  await sh('npm', ['pack', '--ignore-scripts', '--pack-destination', work], ROOT);
  const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (tgz === undefined) throw new Error('npm pack wrote no tarball');
  return join(work, tgz);
})();

/** A project directory with the tarball unpacked as node_modules/flopscope. */
async function project(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(work, name);
  mkdirSync(join(dir, 'node_modules', 'flopscope'), { recursive: true });
  await sh('tar', ['-xzf', await packed, '-C', join(dir, 'node_modules', 'flopscope'), '--strip-components=1'], work);
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

/** Uses of the package, in JavaScript and, with type annotations that must check, in TypeScript. */
const use = (typed: boolean): string => `const r = analyze(models.resnet18(), [3, 224, 224]);
const conv${typed ? ': nn.Conv2d' : ''} = new nn.Conv2d(3, 8, 3);
const same${typed ? ': boolean' : ''} = NnModule === Module;
console.log(JSON.stringify({ flops: r.flops.toString(), params: r.paramsStr, conv: String(conv), same }));
`;
// resnet18 in train mode at 3x224x224: the reference's numbers (test/fixtures/golden/resnet18.json).
const EXPECTED = { flops: '1826516992', params: '11.69M', conv: 'Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1))', same: true };

const TSCONFIG = (module: string): string =>
  JSON.stringify({ compilerOptions: { module, moduleResolution: module, target: 'ES2022', strict: true, types: [], skipLibCheck: false, outDir: 'out' }, include: ['*.ts', '*.cts', '*.mts'] });

t('the tarball: publint and "are the types wrong" report nothing', async () => {
  const tgz = await packed;
  const lint = await sh(join(BIN, 'publint'), [tgz], work);
  assert.match(lint.stdout, /All good!/);
  const types = await sh(join(BIN, 'attw'), [tgz, '--format', 'ascii'], work);
  assert.match(types.stdout, /No problems found/);
});

t('the tarball holds the library, the CLI and the CommonJS copy, and no tests, benches or examples', async () => {
  const list = (await sh('tar', ['-tzf', await packed], work)).stdout.split('\n');
  for (const f of ['package/dist/index.js', 'package/dist/index.d.ts', 'package/dist/cli.cjs', 'package/dist/cjs/index.js', 'package/dist/cjs/package.json', 'package/LICENSE', 'package/README.md']) {
    assert.ok(list.includes(f), `${f} in the tarball`);
  }
  assert.not.ok(list.some((f) => /^package\/(dist\/)?(test|bench|examples)\//.test(f)), 'no tests, benches or examples');
});

t("CommonJS: require('flopscope') and require('flopscope/nn') on Node, one library", async () => {
  const dir = await project('cjs-run', {
    'package.json': '{"type":"commonjs"}',
    'main.js': `const { analyze, models, nn, Module } = require('flopscope');\nconst NnModule = require('flopscope/nn').Module;\n${use(false)}`,
  });
  assert.equal(JSON.parse((await sh(process.execPath, ['main.js'], dir)).stdout), EXPECTED);
});

t('ESM: import from flopscope and flopscope/nn', async () => {
  const dir = await project('esm-run', {
    'package.json': '{"type":"module"}',
    'main.js': `import { analyze, models, nn, Module } from 'flopscope';\nimport { Module as NnModule } from 'flopscope/nn';\n${use(false)}`,
  });
  assert.equal(JSON.parse((await sh(process.execPath, ['main.js'], dir)).stdout), EXPECTED);
});

for (const [kind, pkgType, module] of [
  ['CommonJS', 'commonjs', 'node16'],
  ['ESM', 'module', 'node16'],
] as const) {
  t(`a TypeScript ${kind} project compiles against the package and runs`, async () => {
    const dir = await project(`ts-${pkgType}`, {
      'package.json': `{"type":"${pkgType}"}`,
      'tsconfig.json': TSCONFIG(module),
      'main.ts': `import { analyze, models, nn, Module } from 'flopscope';\nimport { Module as NnModule } from 'flopscope/nn';\ndeclare const console: { log(s: string): void };\n${use(true)}`,
    });
    await sh(process.execPath, [TSC, '-p', '.'], dir);
    assert.equal(JSON.parse((await sh(process.execPath, [join('out', 'main.js')], dir)).stdout), EXPECTED);
  });
}

t("the README's TypeScript examples compile against the package and run", async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert.ok(blocks.length >= 1, 'the README has TypeScript examples');
  const files: Record<string, string> = { 'package.json': '{"type":"module"}', 'tsconfig.json': TSCONFIG('nodenext') };
  blocks.forEach((code, i) => (files[`example${i}.ts`] = `declare const console: { log(...s: unknown[]): void };\n${code}`));
  const dir = await project('readme', files);
  await sh(process.execPath, [TSC, '-p', '.'], dir);
  for (let i = 0; i < blocks.length; i++) {
    const { stdout } = await sh(process.execPath, [join('out', `example${i}.js`)], dir);
    // The first example prints resnet50's report: the reference's totals.
    if (i === 0) assert.ok(stdout.includes('4.145G') && stdout.includes('25.557M'), stdout.slice(-300));
  }
});

t('npm pack from a fresh clone (nothing built) builds and ships dist/', async () => {
  const clone = join(work, 'clone');
  await sh('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone], work);
  // The clone's dependencies are this checkout's (no network); `prepare` builds.
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
  assert.not.ok(existsSync(join(clone, 'dist')), 'a fresh clone has no dist/');
  const out = await sh('npm', ['pack', '--dry-run', '--json'], clone);
  const files = (JSON.parse(out.stdout.slice(out.stdout.indexOf('['))) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  for (const f of ['dist/index.js', 'dist/cli.cjs', 'dist/cjs/index.js']) assert.ok(files.includes(f), `${f} packed`);
});

t('typedoc: every exported symbol has a doc comment (the API reference, npm run docs)', async () => {
  // typedoc.json validates notDocumented; --emit none checks without writing docs/api.
  let out: Out;
  try {
    out = await run(process.execPath, [join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--emit', 'none', '--logLevel', 'Warn'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (e) {
    out = e as Error & Out;
  }
  const text = `${out.stdout}\n${out.stderr}`;
  const undocumented = text.split('\n').filter((l) => l.includes('does not have any documentation'));
  assert.equal(undocumented, []);
  assert.match(text, /Found 0 errors/);
});

t.run();
