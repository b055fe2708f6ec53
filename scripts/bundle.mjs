// The second half of `npm run build`: bundles tsc's dist/cli.js, with the library
// modules it reaches, into that same file, so that starting the CLI reads one
// file instead of some 65. It bundles tsc's output, not the sources, so the
// bundle holds exactly the JavaScript that tsc checked and the tests run.
//
// - keepNames: the library prints `constructor.name` as PyTorch's class names
//   (`Conv2d`, `ResNet`). Bundling puts every module in one scope and renames
//   top-level names that collide; keepNames pins each class's `name` to its
//   source name. Identifiers are never minified.
// - cli.ts imports the library only dynamically: `import('./index.js')` is
//   bundled and initialised only when a zoo name or --list asks for it; the
//   computed `import(new URL('./index.js', import.meta.url).href)` stays a
//   run-time import of dist/index.js for model files, which import that same
//   copy (one Module class and one trace sink per process).

import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const outfile = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

const MARK = '// Bundled by scripts/bundle.mjs from tsc\'s output.';
if (readFileSync(outfile, 'utf8').includes(MARK)) {
  process.stderr.write('dist/cli.js is already a bundle; `npm run build` runs tsc first\n');
  process.exit(1);
}

await build({
  entryPoints: [outfile],
  outfile,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  keepNames: true,
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  banner: { js: MARK },
});
