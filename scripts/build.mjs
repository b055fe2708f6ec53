// `npm run build` (and the first step of `npm start` and `npm test`): builds
// only what changed.
// 1. tsc in build mode: the library (tsconfig.json), and with --tests the tests
//    and benches too (tsconfig.test.json, which references the library). An
//    up-to-date project costs tsc a look at its .tsbuildinfo.
// 2. The bundles made from tsc's library output: the CLI and its library
//    scripts (bundle.mjs), the CommonJS copy (build_cjs.mjs) and the browser
//    bundle (build_browser.mjs). They run again only when a hash of their
//    inputs (the library's JavaScript in dist/, these scripts, the Node
//    version, which the CLI's code cache depends on) differs from the one
//    stored in dist/.tsbuildinfo/bundles when they last ran.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(ROOT, 'dist');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const STAMP = join(DIST, '.tsbuildinfo', 'bundles');
/** dist/ folders that are not tsc's library output. */
const NOT_INPUTS = new Set(['.tsbuildinfo', 'cjs', 'browser', 'cli-library', 'test', 'bench']);
const STEPS = ['bundle.mjs', 'build_cjs.mjs', 'build_browser.mjs'];
/** Scripts that the steps read. */
const STEP_INPUTS = [...STEPS, 'browser_bundles.mjs'];

function run(args) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run([TSC, '-b', process.argv.includes('--tests') ? 'tsconfig.test.json' : 'tsconfig.json']);

/** Hash of the bundles' inputs. */
function inputsHash() {
  const hash = createHash('sha256').update(process.version);
  for (const file of STEP_INPUTS) hash.update(file).update(readFileSync(join(ROOT, 'scripts', file)));
  const walk = (dir, rel) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (rel === '' && NOT_INPUTS.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, `${rel}${entry.name}/`);
      else if (entry.name.endsWith('.js')) hash.update(`${rel}${entry.name}\0`).update(readFileSync(path));
    }
  };
  walk(DIST, '');
  return hash.digest('hex');
}

const hash = inputsHash();
const outputs = [join(DIST, 'cli.cjs'), join(DIST, 'cli-library', 'index.cjs'), join(DIST, 'cjs', 'index.js'), join(DIST, 'browser', 'flopscope.min.js')];
const upToDate = existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash && outputs.every((f) => existsSync(f));
if (!upToDate) {
  for (const step of STEPS) run([join(ROOT, 'scripts', step)]);
  mkdirSync(join(DIST, '.tsbuildinfo'), { recursive: true });
  writeFileSync(STAMP, hash);
}
