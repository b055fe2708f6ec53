// The second half of `npm run build`: the library scripts that the CLI runs for
// zoo names and --list (see `runLibraryScripts` in cli.ts), in dist/cli-library/,
// and the installed CLI, dist/cli.cjs.
//
// 0. dist/cli.cjs is tsc's dist/cli.js turned into a CommonJS script (Node
//    starts a CommonJS entry some 8 ms sooner than an ES module one), with
//    `import.meta.url` defined as its own file URL (made when first read) and
//    `import.meta.dirname` as its directory. dist/cli.js still works.
// 1. Bundles tsc's output with esbuild into classic scripts, each a function
//    expression that fills in `module.exports`, after a first line that stamps
//    it with a hash of the rest. It bundles tsc's output, not the sources, so the scripts hold
//    exactly the JavaScript that tsc checked and the tests run.
//    - index.cjs, `(function (module, host) {...})`: index.ts's exports
//      (rebuilt from its export declarations) and the modules they reach,
//      except the optional parts (OPTIONAL below: other conventions, memory,
//      roofline, the training step, the JSON, markdown, CSV and HTML views, the
//      language models, the symbolic analysis), whose exports are getters that run their scripts on
//      first use, except nn's rarer layers and functional families (LAZY_NN
//      below: recurrent, transformer, sparse, ...), getters on `nn` and `F`
//      likewise, and except the zoo's registry, models/index.js, generated
//      below from the real one, with the same names, order and input shapes
//      (and dtypes), which loads a family's script only when one of its models
//      is built: `flopscope resnet50` reads and sets up ResNet's script alone.
//      That copy of the registry exports ZOO, zooEntry and buildModel only,
//      not the family namespaces (the CLI uses ZOO alone). index.cjs hands
//      the modules the other scripts import to the CLI with `host.provide`,
//      so that there is one copy of each, and gives the conventions' registry
//      a loader of their script. Its namespaces (its exports, `nn`, `F`, the
//      provided modules) get a name when it is first read, not esbuild's
//      getter per export (see `lookupNamespaces`).
//    - <path>.cjs, one per module index.cjs does not hold (the families, such
//      as models/resnet.cjs and models/llm/gpt2.cjs, the optional parts and
//      what they alone import): that module alone,
//      `(function (module, require) {...})`, where `require` is the CLI's
//      `host.load`: `require('nn/index.js')` and so on, paths relative to
//      dist/, taking the namespaces it gets as they are (no esbuild copies,
//      see `moduleScriptExports`). The build checks that index.cjs exports what dist/index.js
//      does, loading every script it names.
//    - No keepNames: the library's classes carry their printed names as a
//      static `typeName` (core/errors.ts typeNameOf), so the renames of
//      bundling (top-level names that collide become `Bottleneck2`) change
//      nothing printed, and no `__name` call runs at start (the build checks).
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
import ts from 'typescript';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const dist = (path) => resolve(DIST, path);
const OUT = dist('cli-library');
// The scripts are written to a directory of their own, then put in place in
// one rename, so that a CLI started meanwhile finds the old scripts or the new.
const NEW = dist(`cli-library.new-${process.pid}`);

rmSync(NEW, { recursive: true, force: true });
mkdirSync(NEW, { recursive: true });
process.on('exit', () => rmSync(NEW, { recursive: true, force: true }));

const ESBUILD = {
  bundle: true,
  write: false,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  charset: 'ascii',
  keepNames: false,
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
  define: { 'import.meta.url': '__cliFile.url', 'import.meta.dirname': '__dirname' },
  // The URL made when read: the usual run never needs it (see cli.ts).
  banner: "const __cliFile = { get url() { return require('node:url').pathToFileURL(__filename).href; } };",
  logLevel: 'warning',
});
writeFileSync(dist('cli.cjs'), cli.code);
chmodSync(dist('cli.cjs'), 0o755);

/** Writes <name>.cjs among the new scripts: stamp line, then the script. */
function writeScript(name, params, code) {
  if (code.includes('__name(')) throw new Error(`scripts/bundle.mjs: ${name}.cjs names functions with __name: keepNames is off, and the classes name themselves`);
  const body = `(function (${params}) {${code}})\n`;
  const stamp = `// flopscope library script ${createHash('sha256').update(body).digest('hex').slice(0, 32)}\n`;
  mkdirSync(dirname(resolve(NEW, name)), { recursive: true });
  writeFileSync(resolve(NEW, `${name}.cjs`), stamp + body);
}

/** `dist/<key>` as the key the scripts name it by: its path from dist/, with forward slashes. */
const keyOf = (path) => relative(DIST, path).split('\\').join('/');

// The optional parts: modules whose exports from dist/index.js the CLI's
// index.cjs does not hold but loads on first use (a getter on its exports
// that runs the module's own script). `flopscope resnet50` needs none of
// them; a flag that does (--convention, --memory, --roofline, --train-step,
// --html, --format markdown|csv|json, a config.json, --past, a size name)
// loads its scripts. The expression engine (core/symbolic.js) is one: index.cjs
// holds core/sizes.js, whose arithmetic takes Exprs once the engine's script
// has run and installed itself, as it does before any Expr exists.
const OPTIONAL = new Set([
  'analysis/conventions/builtin.js',
  'analysis/conventions/full.js',
  'analysis/train_step.js',
  'analysis/memory.js',
  'analysis/memory_training.js',
  'analysis/memory_text.js',
  'analysis/devices.js',
  'analysis/roofline.js',
  'views/json.js',
  'analysis/report.js',
  'views/html.js',
  'views/markdown.js',
  'views/csv.js',
  'models/llm/hf_config.js',
  'models/llm/cache.js',
  'core/symbolic.js',
  'analysis/symbolic_analysis.js',
  'analysis/symbolic_bytes.js',
  'analysis/symbolic_text.js',
]);

// The lazy parts of nn: layers and functional families that no model of the
// zoo's common path uses (recurrent, transformer, sparse, ...). index.cjs
// holds nn/index.js and nn/functional/index.js without their `export *` of
// these; each is a script of its own, and its exports are names of the
// `nn` and `F` namespaces whose first read runs its script (`nn.LSTM`, a
// family's `import { Embedding }`). They register nothing when they load (op
// schemas live in core/op_schema.js), so loading them late changes no count.
// They come after the namespace's other names, so `Object.keys(nn)` of
// index.cjs lists them last; nothing in the CLI enumerates `nn` or `F`.
const LAZY_NN = new Map([
  ['nn/index.js', ['nn/layers/attention.js', 'nn/layers/padding.js', 'nn/layers/fold.js', 'nn/layers/rnn.js', 'nn/layers/transformer.js', 'nn/layers/sparse.js', 'nn/layers/param_containers.js']],
  ['nn/functional/index.js', ['nn/functional/fold.js', 'nn/functional/rnn.js', 'nn/functional/sparse.js', 'nn/functional/llm_ops2.js']],
]);

/**
 * The exports of dist/index.js, each with the module it comes from:
 * `{ key, exported, imported }`, where `imported` is a name, `'*'` for
 * `export * as ns` or null for `export *`. index.ts holds export
 * declarations only (checked here): index.cjs is rebuilt from them.
 */
function indexExports() {
  const text = readFileSync(dist('index.js'), 'utf8');
  const file = ts.createSourceFile('index.js', text, ts.ScriptTarget.Latest);
  const exports = [];
  for (const statement of file.statements) {
    if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier === undefined || !ts.isStringLiteral(statement.moduleSpecifier)) {
      throw new Error(`dist/index.js: index.cjs is made of index.ts's export declarations, and this is none: ${statement.getText(file)}`);
    }
    const key = keyOf(dist(statement.moduleSpecifier.text));
    const clause = statement.exportClause;
    if (clause === undefined) exports.push({ key, exported: null, imported: null });
    else if (ts.isNamespaceExport(clause)) exports.push({ key, exported: clause.name.text, imported: '*' });
    else for (const e of clause.elements) exports.push({ key, exported: e.name.text, imported: (e.propertyName ?? e.name).text });
  }
  return exports;
}

// Every module of the library, with what it imports (paths from dist/), from
// one bundle of dist/index.js.
const whole = await build({ ...ESBUILD, entryPoints: [dist('index.js')], metafile: true });
const importsOf = new Map(
  Object.entries(whole.metafile.inputs).map(([path, input]) => [keyOf(resolve(path)), input.imports.filter((i) => !i.external).map((i) => keyOf(resolve(i.path)))]),
);
for (const key of OPTIONAL) if (!importsOf.has(key)) throw new Error(`scripts/bundle.mjs: optional module ${key} is not in the library`);
const zooUsers = [...importsOf].filter(([key, imports]) => key !== 'index.js' && imports.includes('models/index.js')).map(([key]) => key);
if (zooUsers.length > 0) throw new Error(`scripts/bundle.mjs: ${zooUsers.join(', ')} import models/index.js, which index.cjs holds as the lazy zoo only`);

// The zoo's families: every module of dist/models/ and its folders but the
// registry, each a script of its own like any module index.cjs does not hold.
const familyKeys = [...importsOf.keys()].filter((key) => key.startsWith('models/') && key !== 'models/index.js').sort();

/**
 * Source of the lazy registry. Each zoo entry is a family's own ZOO_ENTRIES
 * entry (the very object the real registry holds), or else a builder of the
 * same name exported by exactly one family, checked here to build the same
 * model as the real entry; either way it builds from the family's script.
 * ZOO is a Proxy that makes an entry when its name is first read (and keeps
 * it): its 130 entries, each an object, a closure and an array, took 0.3 ms
 * of the CLI's start, which reads one. Its names, `in`, `Object.keys` and
 * `Object.hasOwn` are the registry's. (A Proxy itself, unlike the namespaces'
 * prototypes: the CLI asks `Object.hasOwn(ZOO, name)` before reading it.)
 */
async function lazyZooSource() {
  const { ZOO } = await import(pathToFileURL(dist('models/index.js')).href);
  const families = [];
  for (const key of familyKeys) families.push({ key, ns: await import(pathToFileURL(dist(key)).href) });
  const entries = [];
  for (const [name, entry] of Object.entries(ZOO)) {
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
    entries.push(`    case ${JSON.stringify(name)}: return { build: () => ${load}${build}${data} };`);
  }
  return [
    `import { UnknownNameError } from ${JSON.stringify(dist('core/errors.js'))};`,
    `const NAMES = ${JSON.stringify(Object.keys(ZOO))};`,
    'function makeEntry(name) {',
    '  switch (name) {',
    ...entries,
    '  }',
    '}',
    'const entryOf = (made, name) => (made[name] ??= makeEntry(name));',
    'export const ZOO = new Proxy({}, {',
    "  get: (made, name) => (typeof name === 'string' && NAMES.includes(name) ? entryOf(made, name) : made[name]),",
    '  has: (made, name) => NAMES.includes(name) || name in made,',
    '  ownKeys: () => [...NAMES],',
    '  getOwnPropertyDescriptor: (made, name) => (NAMES.includes(name) ? { value: entryOf(made, name), writable: true, enumerable: true, configurable: true } : undefined),',
    '});',
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

/** A name whose read runs module `key`'s script: the name and the expression it reads. */
const loadedName = (name, key, imported = name) => [name, `host.load(${JSON.stringify(key)})[${JSON.stringify(imported)}]`];

/** Per namespace of LAZY_NN, its names from its lazy modules (see `loadedName`). */
const lazyNnNames = new Map();
for (const [namespace, keys] of LAZY_NN) {
  const names = [];
  for (const key of keys) {
    if (!importsOf.get(namespace)?.includes(key)) throw new Error(`scripts/bundle.mjs: lazy ${key} is not imported by ${namespace}`);
    for (const name of Object.keys(await import(pathToFileURL(dist(key)).href))) names.push(loadedName(name, key));
  }
  lazyNnNames.set(namespace, names);
}
/** nn/index.js or nn/functional/index.js without the `export *` lines of its lazy modules. */
function eagerNamespaceSource(namespace) {
  const lazy = new Set(LAZY_NN.get(namespace));
  const lines = readFileSync(dist(namespace), 'utf8').split('\n');
  const kept = lines.filter((line) => {
    const from = /^export \* from '(.+)';$/.exec(line)?.[1];
    return from === undefined || !lazy.has(keyOf(resolve(dirname(dist(namespace)), from)));
  });
  if (lines.length - kept.length !== lazy.size) throw new Error(`scripts/bundle.mjs: ${namespace} does not \`export *\` each of its lazy modules on a line of its own`);
  return kept.join('\n');
}

const exportsOfIndex = indexExports();
const lazyExports = exportsOfIndex.filter((e) => OPTIONAL.has(e.key));
for (const e of lazyExports) {
  if (e.imported === null || e.imported === '*') throw new Error(`dist/index.js: 'export *' from optional module ${e.key}; name its exports, which index.cjs loads on first use`);
}

/**
 * Source of index.cjs's entry: the modules the scripts import from it,
 * handed over with `host.provide` (one copy of each), and index.ts's exports
 * from the modules it holds. Its exports from the optional modules, and the
 * names of LAZY_NN, are added to their namespaces' names after the bundle
 * (see `lookupNamespaces`); `__lazyNamespace(ns, key)` says which of the
 * bundle's namespaces is LAZY_NN's `key`.
 */
function indexEntrySource(provided) {
  const from = (key) => JSON.stringify(dist(key));
  const lazyNamespaces = [...LAZY_NN.keys()];
  return [
    ...lazyNamespaces.map((key, i) => `import * as lazy${i} from ${from(key)};`),
    ...lazyNamespaces.map((key, i) => `__lazyNamespace(lazy${i}, ${JSON.stringify(key)});`),
    ...provided.map((key, i) => `import * as m${i} from ${from(key)};`),
    `host.provide({ ${provided.map((key, i) => `${JSON.stringify(key)}: m${i}`).join(', ')} });`,
    ...exportsOfIndex
      .filter((e) => !OPTIONAL.has(e.key))
      .map((e) => (e.imported === null ? `export * from ${from(e.key)};` : e.imported === '*' ? `export * as ${e.exported} from ${from(e.key)};` : `export { ${e.imported} as ${e.exported} } from ${from(e.key)};`)),
    // The conventions other than fvcore: their module, by its script, the first
    // time analyze() is given one's name or the list is asked for (what
    // conventions/builtin.ts does when it loads with the library).
    `import { provideConventions } from ${from('analysis/conventions/registry.js')};`,
    `provideConventions(() => host.load("analysis/conventions/builtin.js").BUILT_IN_CONVENTIONS);`,
  ].join('\n');
}

/** Bundles index.cjs's entry; its code and the modules it holds. */
async function buildIndex(provided) {
  const result = await build({
    ...ESBUILD,
    metafile: true,
    stdin: { contents: indexEntrySource(provided), resolveDir: DIST, sourcefile: 'cli-library-index.js', loader: 'js' },
    plugins: [
      {
        name: 'lazy-zoo',
        setup(b) {
          b.onResolve({ filter: /\/models\/.+\.js$/ }, (args) => {
            const path = resolve(args.resolveDir, args.path);
            if (path === dist('models/index.js')) return { path, namespace: 'lazy-zoo' };
            if (familyKeys.includes(keyOf(path))) throw new Error(`index.cjs would hold ${args.path}, imported by ${args.importer}`);
            return undefined;
          });
          b.onLoad({ filter: /.*/, namespace: 'lazy-zoo' }, () => ({ contents: lazyZoo, loader: 'js', resolveDir: dist('models') }));
        },
      },
      {
        name: 'lazy-nn',
        setup(b) {
          b.onLoad({ filter: /\/nn\/(functional\/)?index\.js$/ }, (args) => {
            const key = keyOf(args.path);
            return LAZY_NN.has(key) ? { contents: eagerNamespaceSource(key), loader: 'js', resolveDir: dirname(args.path) } : undefined;
          });
        },
      },
    ],
  });
  const held = new Set(Object.keys(result.metafile.inputs).filter((path) => !path.startsWith('lazy-zoo:') && path !== '<stdin>').map((path) => keyOf(resolve(path))));
  return { code: result.outputFiles[0].text, held };
}

// 1a. index.cjs holds the modules its entry reaches; every other module of
// the library is a script of its own, and index.cjs provides the modules
// those scripts import. Providing a module can make index.cjs hold more
// (all of its exports are then used): repeat until nothing changes.
let provided = [];
let index = await buildIndex(provided);
/** The modules with a script of their own: those index.cjs does not hold. */
const scriptsOf = (held) => [...importsOf.keys()].filter((key) => !held.has(key) && key !== 'models/index.js' && key !== 'index.js').sort();
for (let round = 1; ; round++) {
  const needed = [...new Set(scriptsOf(index.held).flatMap((key) => importsOf.get(key)).filter((key) => index.held.has(key)))].sort();
  if (needed.join() === provided.join()) break;
  if (round === 5) throw new Error('scripts/bundle.mjs: the modules index.cjs provides do not settle');
  provided = needed;
  index = await buildIndex(provided);
}
const scriptKeys = scriptsOf(index.held);
for (const key of [...LAZY_NN.values()].flat()) {
  if (index.held.has(key)) throw new Error(`index.cjs holds lazy module ${key} (imported by a module it needs); its exports would not be lazy`);
}
for (const e of lazyExports) {
  if (index.held.has(e.key)) throw new Error(`index.cjs holds optional module ${e.key} (imported by a module it needs); its exports would not be lazy`);
}

/** Replaces `from` in `code` exactly `count` times (esbuild's helpers, as written by this version), or fails the build. */
function replaceExactly(code, from, to, count, what) {
  const found = code.split(from).length - 1;
  if (found !== count) throw new Error(`scripts/bundle.mjs: ${what}: expected esbuild's \`${from}\` ${count} time(s), found ${found}`);
  return code.split(from).join(to);
}

/**
 * index.cjs's namespaces (its exports, `nn`, `F`, the modules it provides),
 * each an object that gets a name when the name is first read, instead of
 * esbuild's getter per export (a closure and an accessor each, made at start
 * and kept) or an object filled with every value: making an object of a
 * namespace's names costs about 1.3 us a name on a process's first run, and
 * `flopscope resnet50` reads some 20 of the 430 names of its exports, `nn`
 * and `F`. Each `var ns={};__export(ns,{a:()=>a,...})` becomes
 * `var ns=__namespace(k=>{switch(k){case"a":return a;...}},()=>["a",...])`:
 * an object whose prototype is a Proxy. A name the object does not have yet
 * reaches the Proxy, which looks it up in the switch (a binding, none
 * undefined, read after the modules have run: no module of index.cjs reads a
 * namespace while they run, and the library has no `export let`; or, for a
 * name of an optional module or of LAZY_NN, what `host.load` gives) and
 * defines it on the object, so later reads are plain property reads (a model
 * family reads `F.linear` thousands of times; through a Proxy trap and the
 * switch each time, Llama-3.1-405B's CLI run took 10 ms longer). `in` and
 * `for...in` see every name; `Object.keys` sees the names read so far
 * (nothing in the CLI or the scripts enumerates a namespace).
 */
function lookupNamespaces(code) {
  const helper = 'var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})}';
  let out = replaceExactly(
    code,
    helper,
    // Still one `var` list with esbuild's next helpers. A name's descriptor
    // is configurable, as the Proxy invariants require of one its target lacks.
    'var __namespace=(lookup,list)=>{let names;const all=()=>names??=list();' +
      'return Object.create(new Proxy({},{get:(t,k,r)=>{if(typeof k=="string"){const v=lookup(k);if(v!==void 0){Object.defineProperty(r,k,{value:v,enumerable:!0,configurable:!0});return v}}return t[k]},' +
      'has:(t,k)=>all().includes(k)||k in t,ownKeys:t=>[...all(),...Reflect.ownKeys(t)],' +
      'getOwnPropertyDescriptor:(t,k)=>all().includes(k)?{value:lookup(k),writable:!1,enumerable:!0,configurable:!0}:Reflect.getOwnPropertyDescriptor(t,k)}))}',
    1,
    'index.cjs namespaces',
  );
  // Names read from other scripts, per namespace variable of the bundle.
  const loaded = new Map([['cli_library_index_exports', lazyExports.map((e) => loadedName(e.exported, e.key, e.imported))]]);
  out = out.replace(/__lazyNamespace\(([\w$]+),"([^"]+)"\);/g, (_, target, key) => {
    loaded.set(target, lazyNnNames.get(key));
    return '';
  });
  if (loaded.size !== LAZY_NN.size + 1) throw new Error(`scripts/bundle.mjs: index.cjs: found ${loaded.size - 1} of LAZY_NN's ${LAZY_NN.size} namespaces`);
  const calls = out.split('__export(').length - 1;
  let rewritten = 0;
  out = out.replace(/var ([\w$]+)=\{\};__export\(\1,\{((?:(?:[\w$]+|"[^"\\]*"):\(\)=>[\w$]+,?)*)\}\)/g, (_, target, entries) => {
    rewritten++;
    const bound = [...entries.matchAll(/([\w$]+|"[^"\\]*"):\(\)=>([\w$]+)/g)].map(([, key, value]) => [key.startsWith('"') ? JSON.parse(key) : key, value]);
    const pairs = [...bound, ...(loaded.get(target) ?? [])];
    loaded.delete(target);
    const cases = pairs.map(([name, value]) => `case${JSON.stringify(name)}:return ${value};`).join('');
    return `var ${target}=__namespace(k=>{switch(k){${cases}}},()=>${JSON.stringify(pairs.map(([name]) => name))})`;
  });
  if (rewritten !== calls) throw new Error(`scripts/bundle.mjs: index.cjs: ${calls - rewritten} of esbuild's __export calls are not \`var ns={};__export(ns,{name:()=>binding,...})\``);
  if (loaded.size !== 0) throw new Error(`scripts/bundle.mjs: index.cjs: no namespace ${[...loaded.keys()].join(', ')} for its loaded names`);
  return replaceExactly(out, 'module.exports=__toCommonJS(cli_library_index_exports);', 'module.exports=cli_library_index_exports;', 1, 'index.cjs exports');
}
writeScript('index', 'module, host', lookupNamespaces(index.code));

/**
 * A module's script, using the namespaces it imports and the one it exports
 * as they are. esbuild's `__toESM(require(...))` copies every export of the
 * imported namespace onto an object of getters (with `default`: the library
 * has no default exports, checked here), and `__toCommonJS` copies the
 * script's own namespace the same way; both namespaces are live already.
 */
function moduleScriptExports(key, code) {
  if (/\bimport_[\w$]+\.default\b/.test(code)) throw new Error(`scripts/bundle.mjs: ${key} uses a default import; its script needs esbuild's __toESM`);
  const own = /module\.exports=__toCommonJS\(([\w$]+)\);/.exec(code);
  if (own === null) throw new Error(`scripts/bundle.mjs: ${key}: no \`module.exports=__toCommonJS(...)\` from esbuild`);
  const out = replaceExactly(code, own[0], `module.exports=${own[1]};`, 1, key).replace(/__toESM\((require\("[\w/.]+"\))(?:,1)?\)/g, '$1');
  if (/__toESM\(/.test(out.replace('var __toESM=', ''))) throw new Error(`scripts/bundle.mjs: ${key}: a __toESM call of another form than __toESM(require("path")[,1])`);
  return out;
}

// 1b. One script per module index.cjs does not hold (the families, the
// optional parts and what they alone import): that module alone, every module
// it imports being `require(<path from dist/>)`, the CLI's host.load.
for (const key of scriptKeys) {
  const entry = dist(key);
  const result = await build({
    ...ESBUILD,
    entryPoints: [entry],
    plugins: [
      {
        name: 'host-imports',
        setup(b) {
          b.onResolve({ filter: /^\./ }, (args) => {
            const path = resolve(args.resolveDir, args.path);
            return path === entry ? undefined : { path: keyOf(path), external: true };
          });
        },
      },
    ],
  });
  writeScript(key.replace(/\.js$/, ''), 'module, require', moduleScriptExports(key, result.outputFiles[0].text));
}
rmSync(OUT, { recursive: true, force: true });
renameSync(NEW, OUT);

// 1c. index.cjs's exports are dist/index.js's, each of the same kind, and so
// are its `nn` and `F` namespaces'; the lazy ones load their scripts here (with a host like the CLI's), so a
// script that is missing or fails to load fails the build.
{
  const scriptAt = (key) => new Script(readFileSync(resolve(OUT, `${key}.cjs`), 'latin1'), { filename: resolve(OUT, `${key}.cjs`) }).runInThisContext();
  let given = {};
  const ran = new Map();
  const host = {
    provide(modules) {
      given = modules;
    },
    load(key) {
      if (Object.hasOwn(given, key)) return given[key];
      if (!ran.has(key)) {
        const module = { exports: {} };
        ran.set(key, module);
        scriptAt(key.replace(/\.js$/, ''))(module, host.load);
      }
      return ran.get(key).exports;
    },
  };
  const module = { exports: {} };
  scriptAt('index')(module, host);
  const library = await import(pathToFileURL(dist('index.js')).href);
  const names = (o) => { const all = []; for (const name in o) all.push(name); return all.sort().join(', '); };
  /** `ours` has `theirs`'s names, each of the same kind (`what`: how the error names them). */
  const sameExports = (what, ours, theirs) => {
    if (names(ours) !== names(theirs)) throw new Error(`index.cjs's ${what} ${names(ours)}\nbut dist/index.js's are ${names(theirs)}`);
    const differ = Object.keys(theirs).filter((name) => typeof ours[name] !== typeof theirs[name]);
    if (differ.length > 0) throw new Error(`index.cjs's ${what} ${differ.join(', ')} differ in kind from dist/index.js's`);
  };
  sameExports('exports are', module.exports, library);
  for (const ns of ['nn', 'F']) sameExports(`${ns} names are`, module.exports[ns], library[ns]);
}

// 2. The code caches.
for (const args of [['resnet50'], ['resnet50', '--json']]) {
  const r = spawnSync(process.execPath, [dist('cli.cjs'), ...args], {
    env: { ...process.env, FLOPSCOPE_RECORD_CODE_CACHE: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) {
    for (const f of readdirSync(OUT, { recursive: true })) if (f.endsWith('.cache')) rmSync(resolve(OUT, f));
    process.stderr.write(`recording the code cache: flopscope ${args.join(' ')} exited with ${r.status ?? r.signal}\n`);
    process.exit(1);
  }
}

// Left by the build before the library was split into scripts.
rmSync(dist('cli-library.cjs'), { force: true });
rmSync(dist('cli-library.cache'), { force: true });
