// The fourth step of `npm run build`: a browser bundle of the engine alone
// (analyze, nn, F, Module, Tensor and the views they use), without the zoo:
// dist/browser/flopscope.min.js, one minified ES module. A bundler building an
// app from `flopscope` gets the same tree-shaking (package.json says
// `sideEffects: false`); importing `models` adds the zoo.
// keepNames: the library prints `constructor.name` as PyTorch's class names.

import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const OUT = join(DIST, 'browser');

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
await build({
  stdin: {
    contents: "export { analyze, nn, F, Module, Parameter, Tensor, FlopscopeError, ShapeError, ArgumentError } from './index.js';",
    resolveDir: DIST,
    sourcefile: 'browser-entry.js',
    loader: 'js',
  },
  outfile: join(OUT, 'flopscope.min.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
});
