// The browser bundles, minified ES modules made by esbuild from tsc's output:
// - `flopscope`: the engine's whole namespace without the zoo (analyze, nn,
//   F, Module, Tensor and the errors), for a page that imports it as is;
//   build_browser.mjs writes it to dist/browser/flopscope.min.js.
// - `cnn_app`: scripts/browser_app.js, a small app that imports `analyze` and
//   a small CNN's layers by name from the package, tree-shaken as a user's
//   bundler does it (package.json says `sideEffects: false`): what `analyze`
//   and `nn` alone cost. test/browser.test.ts builds it, measures it and runs
//   it in Chromium; it is not shipped.
// No keepNames: every class the library prints carries its PyTorch name as a
// static `typeName` (test/minified_names.test.ts), so renamed classes print right.

import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(ROOT, 'dist');

/** `flopscope` and `flopscope/...` as package.json's `exports` map them for `import`. */
const packageExports = {
  name: 'package-exports',
  setup(b) {
    const { name, exports } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    b.onResolve({ filter: new RegExp(`^${name}(/|$)`) }, (args) => {
      const subpath = `.${args.path.slice(name.length)}`;
      const target = exports[subpath]?.import?.default;
      if (target === undefined) return { errors: [{ text: `package.json exports no '${subpath}' for import` }] };
      return { path: resolve(ROOT, target) };
    });
  },
};

const ENTRIES = {
  flopscope: {
    stdin: {
      contents: "export { analyze, nn, F, Module, Parameter, Tensor, FlopscopeError, ShapeError, ArgumentError } from './index.js';",
      resolveDir: DIST,
      sourcefile: 'browser-entry.js',
      loader: 'js',
    },
  },
  cnn_app: { entryPoints: [join(ROOT, 'scripts', 'browser_app.js')], plugins: [packageExports] },
};

/**
 * Bundles `name` (`flopscope` or `cnn_app`): its code, and esbuild's metafile
 * (the modules in it and the bytes each adds). With `outfile`, writes it there too.
 * @param {'flopscope' | 'cnn_app'} name
 * @param {string} [outfile]
 * @returns {Promise<{ code: Uint8Array, metafile: import('esbuild').Metafile }>}
 */
export async function browserBundle(name, outfile) {
  const result = await build({
    ...ENTRIES[name],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    keepNames: false,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    write: outfile !== undefined,
    ...(outfile !== undefined ? { outfile } : {}),
  });
  const code = outfile !== undefined ? readFileSync(outfile) : result.outputFiles[0].contents;
  return { code, metafile: result.metafile };
}
