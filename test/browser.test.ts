// The browser bundles (scripts/browser_bundles.mjs): the engine's whole
// namespace (dist/browser/flopscope.min.js) and a small app that imports
// `analyze` and a small CNN's layers by name, tree-shaken (scripts/browser_app.js,
// built here): each small, without the zoo, the app without the optional
// parts, and both running in a real browser (headless Chromium, Debian's
// `chromium`; .ci/run installs it when it is missing).

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, F, Module, nn, type Tensor } from '../index.js';
import { ROOT } from './helpers.js';

const run = promisify(execFile);
const BUNDLE = join(ROOT, 'dist', 'browser', 'flopscope.min.js');
const t = suite('browser bundle');

interface BrowserBundle {
  code: Uint8Array;
  metafile: { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
}
const { browserBundle } = (await import(pathToFileURL(join(ROOT, 'scripts', 'browser_bundles.mjs')).href)) as { browserBundle: (name: 'cnn_app') => Promise<BrowserBundle> };
const APP = await browserBundle('cnn_app');

/** The browser: FLOPSCOPE_CHROMIUM, else `chromium` on the PATH (Debian's package). */
const CHROMIUM = process.env.FLOPSCOPE_CHROMIUM ?? 'chromium';

// conv: 8 output channels x 30x30 positions x 27 multiply-adds = 194,400;
// linear: 7,200 inputs x 10 outputs = 72,000 (fvcore: one multiply-add is one flop).
// Parameters: conv 8x3x3x3 + 8 = 224, linear 7,200x10 + 10 = 72,010.
const EXPECTED = { flops: '266400', params: '72234', convFlops: '194400', typeName: 'Net' };

// The app's CNN (scripts/browser_app.js), in training mode, on 3x32x32:
// conv: 8 x 30x30 x 27 = 194,400; batch norm in training (fvcore: 5 per
// element with affine): 5 x 8x30x30 = 36,000; ReLU and max pool: not counted;
// linear: 1,800 x 10 = 18,000. Total 248,400. Activations: conv 7,200 +
// linear 10 = 7,210. Parameters: conv 224, batch norm 2 x 8 = 16, linear
// 18,010: 18,250.
const APP_EXPECTED = { flops: '248400', params: '18250', activations: '7210' };

const PAGE = `<!doctype html><meta charset="utf-8"><title>flopscope</title><pre id="out">pending</pre>
<script type="module">
import { analyze, nn, F, Module } from './flopscope.min.js';
import { analyzeSmallCnn } from './cnn_app.min.js';
const out = document.getElementById('out');
try {
  class Net extends Module {
    constructor() {
      super();
      this.conv = new nn.Conv2d(3, 8, 3);
      this.fc = new nn.Linear(7200, 10);
    }
    forward(x) {
      return this.fc.call(F.flatten(this.conv.call(x), 1));
    }
  }
  const r = analyze(new Net(), [3, 32, 32]);
  out.textContent = JSON.stringify({
    flops: String(r.flops),
    params: String(r.params),
    convFlops: String(r.flopAnalyzer.byModule().get('conv')),
    table: r.outTable,
    arch: r.outArch,
    typeName: new Net().typeName(),
    app: analyzeSmallCnn(),
  });
} catch (e) {
  out.textContent = 'error: ' + (e && e.stack || e);
}
</script>`;

/** The page's model, analysed here. */
function netInNode(): { outTable: string; outArch: string } {
  class Net extends Module {
    conv = new nn.Conv2d(3, 8, 3);
    fc = new nn.Linear(7200, 10);
    override forward(x: Tensor): Tensor {
      return this.fc.call(F.flatten(this.conv.call(x), 1));
    }
  }
  return analyze(new Net(), [3, 32, 32]);
}

/** The app's model (scripts/browser_app.js), analysed here. */
function appInNode(): { outTable: string; outArch: string } {
  const net = new nn.Sequential(new nn.Conv2d(3, 8, 3), new nn.BatchNorm2d(8), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(8 * 15 * 15, 10));
  return analyze(net, [3, 32, 32]);
}

function serve(): Promise<{ server: Server; url: string }> {
  const scripts: Record<string, Uint8Array> = { '/flopscope.min.js': readFileSync(BUNDLE), '/cnn_app.min.js': APP.code };
  const server = createServer((req, res) => {
    const script = scripts[req.url ?? ''];
    if (script !== undefined) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/` });
  }));
}

// The whole namespace: all of torch.nn (recurrent, transformer, sparse,
// containers, creation and mask ops), F, the views analyze renders, and the
// argument checks. 82 KB gzipped, 88 KB budget, when analyze reached every
// counting convention; 74.3 KB once it reached fvcore's alone (the other
// conventions, memory, roofline, the training step and the other views are
// not imported by analyze: docs/architecture.md, "Loading"). 81.0 KB with
// symbolic sizes (issue 14): every shape rule of nn can meet an expression,
// so the symbolic-aware rules are in the engine (the symbolic analysis itself
// is not: analyze() is given it when it loads). 79.4 KB once the expression
// engine (core/symbolic.ts) was left out: the rules' size arithmetic is
// core/sizes.ts, and only the symbolic analysis, which loads the engine, makes
// an expression. 74.5 KB without keepNames as well (the classes name
// themselves: minified_names.test.ts).
const BUDGET_BYTES = 78 * 1024;

// The goal for `analyze` and `nn` alone is 40 KB. The app (analyze and
// seven layers, tree-shaken) was 55 KB with every convention, 42.0 KB without:
// what remains is the engine analyze needs (Module, the op schemas, the model
// tree, the tracer, the analyzers, the Report, the table and architecture
// views). 47.0 KB with symbolic sizes (issue 14): the expression engine
// (core/symbolic.ts, 9 KB minified) and the symbolic branches of the shape
// rules, which every shape rule reaches though a concrete analysis never runs
// them. 45.3 KB (from 48.8 KB) once the shape rules' size arithmetic
// (core/sizes.ts) left the engine out: only a symbolic analysis, which loads
// it, can make an Expr. 42.3 KB without keepNames as well: each class the
// library prints carries its name as a static typeName instead
// (minified_names.test.ts). 39.8 KB (40,738 B, from 43,316 B): the op
// schemas are in families that each emitter imports, so an app bundles only
// the families of the ops it records (-1.9 KB); the memory and roofline
// columns come with the modules that make those estimates (-0.4 KB); a
// titled table's title and two ModelTree lookups only parameterCountTable
// uses are apart from the default path (-0.3 KB).
const APP_BUDGET_BYTES = 40 * 1024;

/** Modules of the library that analyze's default path must not bring into a bundle. */
const OPTIONAL_MODULE = /\/(conventions\/(?!fvcore|registry|convention)|memory|roofline|train_step|symbolic_(analysis|bytes|text)|views\/(html|markdown|csv)|models\/)/;

t('the whole-namespace bundle is within its gzipped budget and holds no zoo', () => {
  const code = readFileSync(BUNDLE);
  const gzipped = gzipSync(code, { level: 9 }).length;
  assert.ok(gzipped < BUDGET_BYTES, `gzipped bundle is ${gzipped} bytes`);
  for (const zooOnly of ['resnet50', 'SwinTransformer', 'inception_v3']) assert.not.ok(code.includes(zooOnly), `${zooOnly} in the bundle`);
});

t('the app of analyze and a few nn layers, tree-shaken, is within its gzipped budget and holds no optional part', () => {
  const gzipped = gzipSync(APP.code, { level: 9 }).length;
  assert.ok(gzipped < APP_BUDGET_BYTES, `gzipped app bundle is ${gzipped} bytes`);
  // The modules that add code to it (esbuild's metafile also lists those it read and dropped).
  const modules = Object.values(APP.metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([m]) => m));
  assert.ok(modules.some((m) => m.endsWith('analysis/analyze.js')), modules.join(' '));
  assert.equal(modules.filter((m) => OPTIONAL_MODULE.test(m)), []);
  // Nor the expression engine: concrete sizes never reach it.
  assert.not.ok(modules.some((m) => m.endsWith('core/symbolic.js')), modules.join(' '));
  // Tree-shaken: the layers it does not use are not in it.
  for (const unused of ['nn/layers/rnn.js', 'nn/layers/transformer.js', 'nn/layers/sparse.js']) assert.not.ok(modules.some((m) => m.endsWith(unused)), unused);
});

t('both bundles analyse a model in headless Chromium, as Node does', async () => {
  const { server, url } = await serve();
  try {
    const { stdout } = await run(
      CHROMIUM,
      ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--virtual-time-budget=10000', '--dump-dom', url],
      { encoding: 'utf8', timeout: 60_000, maxBuffer: 16 << 20 },
    );
    const text = /<pre id="out">([\s\S]*?)<\/pre>/.exec(stdout)?.[1] ?? stdout;
    assert.ok(text.startsWith('{'), `page result: ${text.slice(0, 500)}`);
    const got = JSON.parse(text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as Record<string, string>;
    const { table, arch, app, ...numbers } = got as unknown as Record<string, string> & { app: Record<string, string> };
    assert.equal(numbers, EXPECTED);
    const { table: appTable, arch: appArch, ...appNumbers } = app;
    assert.equal(appNumbers, APP_EXPECTED);
    const appNode = appInNode();
    assert.is(appTable, appNode.outTable);
    assert.is(appArch, appNode.outArch);
    // The views as Node prints them for the same model (same library, other runtime).
    const node = netInNode();
    assert.is(table, node.outTable);
    assert.is(arch, node.outArch);
  } finally {
    server.close();
  }
});

t.run();
