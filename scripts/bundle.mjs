// The second half of `npm run build`: the library script that the CLI runs for
// zoo names and --list (see `runLibraryScript` in cli.ts). dist/cli.js itself
// stays tsc's output.
//
// 1. Bundles tsc's dist/index.js, with every library module it reaches, into
//    dist/cli-library.cjs: one classic script, `(function (module) {...})`, that
//    fills in `module.exports`, after a first line that stamps it with a hash
//    of the rest. It bundles tsc's output, not the sources, so the script
//    holds exactly the JavaScript that tsc checked and the tests run.
//    - The zoo is lazy: the script's models/index.js is generated below from
//      the real registry, with the same names, order and input shapes, and
//      each family's module is initialised only when one of its models is
//      built. `flopscope resnet50` sets up ResNet's module, not all twenty.
//      That copy of the registry exports ZOO, zooEntry and buildModel only, not
//      the family namespaces (the CLI uses ZOO alone).
//    - keepNames: the library prints `constructor.name` as PyTorch's class names
//      (`Conv2d`, `ResNet`). Bundling puts every module in one scope and renames
//      top-level names that collide; keepNames pins each class's `name` to its
//      source name. Whitespace and syntax are minified, identifiers are not.
// 2. Records V8's code cache for it in dist/cli-library.cache: runs the CLI with
//    FLOPSCOPE_RECORD_CODE_CACHE=1, which writes the cache at exit, holding
//    every function compiled so far, after the stamp of the script it ran.
//    Each run starts from the cache of the one before, so the cache covers the
//    text report and --json. The CLI ignores a cache whose stamp is not its
//    script's (V8 itself checks little more than the script's length); the old
//    cache goes first all the same, and a failed build leaves none.

import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = (name) => fileURLToPath(new URL(`../dist/${name}`, import.meta.url));
const SCRIPT = dist('cli-library.cjs');
const CACHE = dist('cli-library.cache');

rmSync(CACHE, { force: true });

/**
 * Source of the lazy registry. Each zoo entry is a family's own ZOO_ENTRIES
 * entry (the very object the real registry holds), or else a builder of the
 * same name exported by exactly one family, checked here to build the same
 * model as the real entry.
 */
async function lazyZooSource() {
  const { ZOO } = await import(pathToFileURL(dist('models/index.js')).href);
  const families = [];
  for (const file of readdirSync(dist('models')).sort()) {
    if (!file.endsWith('.js') || file === 'index.js') continue;
    families.push({ file, ns: await import(pathToFileURL(dist(`models/${file}`)).href), used: false });
  }
  const entries = [];
  for (const [name, entry] of Object.entries(ZOO)) {
    let build = null;
    const owner = families.find((f) => f.ns.ZOO_ENTRIES?.[name] === entry);
    if (owner !== undefined) {
      build = (v) => `${v}.ZOO_ENTRIES[${JSON.stringify(name)}].build()`;
    } else {
      const builders = families.filter((f) => typeof f.ns[name] === 'function');
      if (builders.length !== 1) throw new Error(`lazy zoo: cannot tell which family builds '${name}'`);
      if (String(builders[0].ns[name]()) !== String(entry.build())) throw new Error(`lazy zoo: ${builders[0].file} builds another '${name}'`);
      build = (v) => `${v}[${JSON.stringify(name)}]()`;
    }
    const family = owner ?? families.find((f) => typeof f.ns[name] === 'function');
    family.used = true;
    const v = `family_${family.file.replace(/\.js$/, '')}()`;
    entries.push(`  ${JSON.stringify(name)}: { build: () => ${build(v)}, inputShape: ${JSON.stringify(entry.inputShape)} },`);
  }
  const loaders = families
    .filter((f) => f.used)
    .map((f) => `const family_${f.file.replace(/\.js$/, '')} = () => require(${JSON.stringify(dist(`models/${f.file}`))});`);
  return [
    `import { UnknownNameError } from ${JSON.stringify(dist('core/errors.js'))};`,
    ...loaders,
    'export const ZOO = {',
    ...entries,
    '};',
    'export function zooEntry(name) {',
    '  const entry = ZOO[name];',
    "  if (entry === undefined) throw new UnknownNameError('model', name, Object.keys(ZOO));",
    '  return entry;',
    '}',
    'export function buildModel(name) {',
    '  return zooEntry(name).build();',
    '}',
  ].join('\n');
}

const lazyZoo = await lazyZooSource();
const realZoo = dist('models/index.js');

const result = await build({
  entryPoints: [dist('index.js')],
  bundle: true,
  write: false,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  charset: 'ascii',
  keepNames: true,
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [
    {
      name: 'lazy-zoo',
      setup(b) {
        b.onResolve({ filter: /\/models\/index\.js$/ }, (args) => {
          const path = resolve(args.resolveDir, args.path);
          return path === realZoo ? { path, namespace: 'lazy-zoo' } : undefined;
        });
        b.onLoad({ filter: /.*/, namespace: 'lazy-zoo' }, () => ({ contents: lazyZoo, loader: 'js', resolveDir: dist('models') }));
      },
    },
  ],
});
const body = `(function (module) {${result.outputFiles[0].text}})\n`;
// The CLI reads the script as latin1, which is exact for ASCII.
if (/[^\x00-\x7f]/.test(body)) throw new Error('the library script is not ASCII');
const stamp = `// flopscope library script ${createHash('sha256').update(body).digest('hex').slice(0, 32)}\n`;
writeFileSync(SCRIPT, stamp + body);

for (const args of [['resnet50'], ['resnet50', '--json']]) {
  const r = spawnSync(process.execPath, [dist('cli.js'), ...args], {
    env: { ...process.env, FLOPSCOPE_RECORD_CODE_CACHE: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) {
    rmSync(CACHE, { force: true });
    process.stderr.write(`recording the code cache: flopscope ${args.join(' ')} exited with ${r.status ?? r.signal}\n`);
    process.exit(1);
  }
}
