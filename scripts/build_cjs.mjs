// The third step of `npm run build`: the CommonJS copy of the library, for
// `require('flopscope')` (the `require` condition of package.json's exports).
//
// dist/cjs/ is a CommonJS scope (its package.json says so) holding
// - index.js: dist/index.js and everything it imports, bundled by esbuild into
//   one CommonJS file (no keepNames: the classes carry their printed names as
//   a static `typeName`, so bundling's renames of colliding names print nothing);
// - nn/index.js and models/index.js: the subpaths `flopscope/nn` and
//   `flopscope/models`, each the namespace of that name from index.js, so that
//   `require('flopscope/nn').Module === require('flopscope').Module`;
// - the type declarations: tsc's .d.ts files copied as they are. Inside a
//   CommonJS scope TypeScript reads them as CommonJS declarations, which is
//   what a `require` of this package gets.
// A program that both imports and requires flopscope holds two copies of the
// library (two Module classes): use one or the other.

import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const OUT = join(DIST, 'cjs');
/** What tsc emits that is not the library. */
const NOT_LIBRARY = new Set(['cjs', 'cli-library', 'test', 'bench', 'examples']);

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);

await build({
  entryPoints: [join(DIST, 'index.js')],
  outfile: join(OUT, 'index.js'),
  bundle: true,
  format: 'cjs',
  platform: 'neutral',
  target: 'es2022',
  keepNames: false,
  legalComments: 'none',
  logLevel: 'warning',
});

const SUBPATHS = { nn: 'nn', models: 'models' };
for (const [dir, name] of Object.entries(SUBPATHS)) {
  mkdirSync(join(OUT, dir), { recursive: true });
  writeFileSync(join(OUT, dir, 'index.js'), `'use strict';\n// flopscope/${dir}: the \`${name}\` namespace of the library.\nmodule.exports = require('../index.js').${name};\n`);
}

/** Copies every .d.ts of the library from dist/ to dist/cjs/, keeping the tree. */
function copyDeclarations(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const rel = relative(DIST, path);
    if (statSync(path).isDirectory()) {
      if (dir === DIST && NOT_LIBRARY.has(entry)) continue;
      copyDeclarations(path);
    } else if (entry.endsWith('.d.ts') && rel !== 'cli.d.ts') {
      mkdirSync(dirname(join(OUT, rel)), { recursive: true });
      cpSync(path, join(OUT, rel));
    }
  }
}
copyDeclarations(DIST);
