// The second half of `npm run build`: the library scripts that the CLI runs for
// zoo names and --list (see `runLibraryScripts` in cli.ts), in dist/cli-library/,
// and the installed CLI, dist/cli.cjs.
//
// 0. dist/cli.cjs is tsc's dist/cli.js turned into a CommonJS script (Node
//    starts a CommonJS entry some 8 ms sooner than an ES module one), with
//    `import.meta.url` defined as its own file URL. dist/cli.js still works.
// 1. Bundles tsc's output with esbuild into classic scripts, each a function
//    expression that fills in `module.exports`, after a first line that stamps
//    it with a hash of the rest. It bundles tsc's output, not the sources, so the scripts hold
//    exactly the JavaScript that tsc checked and the tests run.
//    - models/<family>.cjs, one per file of dist/models/ and its folders
//      (models/llm/gpt2.cjs; not index.js): that
//      module alone, `(function (module, require) {...})`, where `require` is
//      the CLI's `host.load`: `require('nn/index.js')` and so on, paths
//      relative to dist/.
//    - index.cjs, `(function (module, host) {...})`: dist/index.js and every
//      module it reaches, except that its models/index.js is generated below
//      from the real registry, with the same names, order and input shapes
//      (and dtypes),
//      and loads a family's script only when one of its models is built:
//      `flopscope resnet50` reads and sets up ResNet's script, not all
//      twenty. That copy of the registry exports ZOO, zooEntry and buildModel
//      only, not the family namespaces (the CLI uses ZOO alone). The language
//      models of models/llm/ are in index.cjs itself (the library's
//      fromHFConfig builds them), and so their zoo entries are. index.cjs
//      hands the modules the families import to the CLI with `host.provide`,
//      so that there is one copy of each.
//    - keepNames: the library prints `constructor.name` as PyTorch's class names
//      (`Conv2d`, `ResNet`). Bundling puts every module in one scope and renames
//      top-level names that collide (and a class that names itself inside
//      becomes `class _Bottleneck`); keepNames pins each class's `name` to its
//      source name, with a call of esbuild's `__name` per function and class.
//      Where the name is already right (`function f(){}__name(f,"f");`,
//      `X=class extends Y{static{__name(this,"X")}`) the call is dropped:
//      defining `name` on some 500 functions, and compiling a static block
//      per class, was 2 ms of every start.
//      Whitespace and syntax are minified, identifiers are not.
// 2. Records V8's code cache for them (a .cache beside each script): runs the
//    CLI with FLOPSCOPE_RECORD_CODE_CACHE=1, which writes, at exit, the cache of
//    every script it ran, holding every function compiled so far, after the
//    stamp of that script. Each run starts from the caches of the one before,
//    so they cover the text report and --json of resnet50; scripts that no
//    recording run loads have no cache. The CLI ignores a cache whose stamp is
//    not its script's (V8 itself checks little more than the script's length);
//    the new scripts come without caches all the same, and a failed recording
//    leaves none.

import { build, transform } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const dist = (path) => resolve(DIST, path);
const OUT = dist('cli-library');
// The scripts are written to a directory of their own, then put in place in
// one rename, so that a CLI started meanwhile finds the old scripts or the new.
const NEW = dist(`cli-library.new-${process.pid}`);

rmSync(NEW, { recursive: true, force: true });
mkdirSync(resolve(NEW, 'models'), { recursive: true });
process.on('exit', () => rmSync(NEW, { recursive: true, force: true }));

const ESBUILD = {
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
};

// 0. The CLI as a CommonJS script.
const cli = await transform(readFileSync(dist('cli.js'), 'utf8'), {
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  define: { 'import.meta.url': '__cliFileUrl' },
  banner: "const __cliFileUrl = require('node:url').pathToFileURL(__filename).href;",
  logLevel: 'warning',
});
writeFileSync(dist('cli.cjs'), cli.code);
chmodSync(dist('cli.cjs'), 0o755);

/** Writes <name>.cjs among the new scripts: stamp line, then the script. */
// The calls left (`add=__name((a,b)=>...,"add")`, a renamed class) define
// `name` only where it differs.
const ESBUILD_NAME_HELPER = 'var __name=(target,value)=>__defProp(target,"name",{value,configurable:!0});';
const NAME_HELPER = 'var __name=(target,value)=>target.name===value?target:__defProp(target,"name",{value,configurable:!0});';

/**
 * Drops the `__name` calls of keepNames that set a name the function or class
 * already has: a function declaration's own name, and a class expression
 * assigned to (or a class declared as) the name it is given.
 */
function dropRedundantNames(code) {
  if (code.includes('__name(') && !code.includes(ESBUILD_NAME_HELPER)) throw new Error("esbuild's __name helper changed; update NAME_HELPER");
  return code
    .replace(ESBUILD_NAME_HELPER, NAME_HELPER)
    .replace(/\}__name\(([\w$]+),"\1"\);/g, '}')
    .replace(/(\b([\w$]+)=class(?: extends [\w$.]+)?\{)static\{__name\(this,"\2"\)\}/g, '$1')
    .replace(/(\bclass ([\w$]+)(?: extends [\w$.]+)?\{)static\{__name\(this,"\2"\)\}/g, '$1');
}

function writeScript(name, params, code) {
  const body = `(function (${params}) {${dropRedundantNames(code)}})\n`;
  const stamp = `// flopscope library script ${createHash('sha256').update(body).digest('hex').slice(0, 32)}\n`;
  writeFileSync(resolve(NEW, `${name}.cjs`), stamp + body);
}

// Family modules, in dist/models/ and its folders (models/llm/gpt2.js): `llm/gpt2.js`.
// The torchvision families (models/*.js); the language models of models/llm/
// are in index.cjs (see lazyZooSource).
const familyFiles = readdirSync(dist('models'))
  .filter((f) => f.endsWith('.js') && f !== 'index.js')
  .sort();

// 1a. One script per family module; every other module it imports is
// `host.load(<path from dist/>)`.
const familyImports = new Set();
for (const file of familyFiles) {
  const entry = dist(`models/${file}`);
  const result = await build({
    ...ESBUILD,
    entryPoints: [entry],
    plugins: [
      {
        name: 'host-imports',
        setup(b) {
          b.onResolve({ filter: /^\./ }, (args) => {
            const path = resolve(args.resolveDir, args.path);
            if (path === entry) return undefined;
            const key = relative(DIST, path).split('\\').join('/');
            if (!key.startsWith('models/')) familyImports.add(key);
            return { path: key, external: true };
          });
        },
      },
    ],
  });
  // esbuild's CommonJS output takes its imports from `require`: host.load.
  writeScript(`models/${file.replace(/\.js$/, '')}`, 'module, require', result.outputFiles[0].text);
}

/**
 * Source of the lazy registry. Each zoo entry is a family's own ZOO_ENTRIES
 * entry (the very object the real registry holds), or else a builder of the
 * same name exported by exactly one family, checked here to build the same
 * model as the real entry.
 */
async function lazyZooSource() {
  const { ZOO } = await import(pathToFileURL(dist('models/index.js')).href);
  const families = [];
  for (const file of familyFiles) families.push({ key: `models/${file}`, ns: await import(pathToFileURL(dist(`models/${file}`)).href) });
  // The language models of models/llm/ are part of index.cjs (fromHFConfig,
  // exported by the library, builds them): their zoo entries build from
  // that one copy, imported here, not from scripts of their own.
  const llm = [];
  for (const file of readdirSync(dist('models/llm')).filter((f) => f.endsWith('.js')).sort()) {
    llm.push({ path: dist(`models/llm/${file}`), ns: await import(pathToFileURL(dist(`models/llm/${file}`)).href) });
  }
  const entries = [];
  const imports = [];
  for (const [name, entry] of Object.entries(ZOO)) {
    const own = llm.findIndex((f) => f.ns.ZOO_ENTRIES?.[name] === entry);
    if (own !== -1) {
      if (!imports.some((line) => line.includes(`llm${own} `))) imports.push(`import * as llm${own} from ${JSON.stringify(llm[own].path)};`);
      entries.push(`  ${JSON.stringify(name)}: llm${own}.ZOO_ENTRIES[${JSON.stringify(name)}],`);
      continue;
    }
    let family = families.find((f) => f.ns.ZOO_ENTRIES?.[name] === entry);
    let build;
    if (family !== undefined) {
      build = `.ZOO_ENTRIES[${JSON.stringify(name)}].build()`;
    } else {
      const builders = families.filter((f) => typeof f.ns[name] === 'function');
      if (builders.length !== 1) throw new Error(`lazy zoo: cannot tell which family builds '${name}'`);
      family = builders[0];
      if (String(family.ns[name]()) !== String(entry.build())) throw new Error(`lazy zoo: ${family.key} builds another '${name}'`);
      build = `[${JSON.stringify(name)}]()`;
    }
    const load = `host.load(${JSON.stringify(family.key)})`;
    // The entry's data (inputShape, and inputDtype and inputName for token ids), as the real entry has it.
    const data = Object.entries(entry).filter(([k]) => k !== 'build').map(([k, v]) => `, ${k}: ${JSON.stringify(v)}`).join('');
    entries.push(`  ${JSON.stringify(name)}: { build: () => ${load}${build}${data} },`);
  }
  return [
    `import { UnknownNameError } from ${JSON.stringify(dist('core/errors.js'))};`,
    ...imports,
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

// 1b. index.cjs: the library with the lazy registry, handing over the modules
// that the family scripts import.
const lazyZoo = await lazyZooSource();
const provided = [...familyImports].sort();
const indexEntry = [
  ...provided.map((key, i) => `import * as m${i} from ${JSON.stringify(dist(key))};`),
  `host.provide({ ${provided.map((key, i) => `${JSON.stringify(key)}: m${i}`).join(', ')} });`,
  `export * from ${JSON.stringify(dist('index.js'))};`,
].join('\n');
const index = await build({
  ...ESBUILD,
  stdin: { contents: indexEntry, resolveDir: DIST, sourcefile: 'cli-library-index.js', loader: 'js' },
  plugins: [
    {
      name: 'lazy-zoo',
      setup(b) {
        b.onResolve({ filter: /\/models\/[^/]+\.js$/ }, (args) => {
          const path = resolve(args.resolveDir, args.path);
          if (path === dist('models/index.js')) return { path, namespace: 'lazy-zoo' };
          if (dirname(path) === dist('models')) throw new Error(`index.cjs would hold ${args.path}, imported by ${args.importer}`);
          return undefined;
        });
        b.onLoad({ filter: /.*/, namespace: 'lazy-zoo' }, () => ({ contents: lazyZoo, loader: 'js', resolveDir: dist('models') }));
      },
    },
  ],
});
writeScript('index', 'module, host', index.outputFiles[0].text);
rmSync(OUT, { recursive: true, force: true });
renameSync(NEW, OUT);

// 2. The code caches.
for (const args of [['resnet50'], ['resnet50', '--json']]) {
  const r = spawnSync(process.execPath, [dist('cli.cjs'), ...args], {
    env: { ...process.env, FLOPSCOPE_RECORD_CODE_CACHE: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) {
    for (const dir of [OUT, resolve(OUT, 'models')]) {
      for (const f of readdirSync(dir)) if (f.endsWith('.cache')) rmSync(resolve(dir, f));
    }
    process.stderr.write(`recording the code cache: flopscope ${args.join(' ')} exited with ${r.status ?? r.signal}\n`);
    process.exit(1);
  }
}

// Left by the build before the library was split into scripts.
rmSync(dist('cli-library.cjs'), { force: true });
rmSync(dist('cli-library.cache'), { force: true });
