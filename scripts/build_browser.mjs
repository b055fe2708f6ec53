// The fourth step of `npm run build`: the browser bundle of the engine alone
// (analyze, nn, F, Module, Tensor and the views they use), without the zoo:
// dist/browser/flopscope.min.js, one minified ES module (browser_bundles.mjs).
// A bundler building an app from `flopscope` gets the same tree-shaking
// (package.json says `sideEffects: false`); importing `models` adds the zoo.

import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserBundle } from './browser_bundles.mjs';

const OUT = fileURLToPath(new URL('../dist/browser/', import.meta.url));

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
await browserBundle('flopscope', join(OUT, 'flopscope.min.js'));
