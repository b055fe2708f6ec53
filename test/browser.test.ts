// The browser bundle (dist/browser/flopscope.min.js, scripts/build_browser.mjs):
// small, without the zoo, and running in a real browser (headless Chromium,
// Debian's `chromium`; .ci/run installs it when it is missing).

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, F, Module, nn, type Tensor } from '../index.js';
import { ROOT } from './helpers.js';

const run = promisify(execFile);
const BUNDLE = join(ROOT, 'dist', 'browser', 'flopscope.min.js');
const t = suite('browser bundle');

/** The browser: FLOPSCOPE_CHROMIUM, else `chromium` on the PATH (Debian's package). */
const CHROMIUM = process.env.FLOPSCOPE_CHROMIUM ?? 'chromium';

// conv: 8 output channels x 30x30 positions x 27 multiply-adds = 194,400;
// linear: 7,200 inputs x 10 outputs = 72,000 (fvcore: one multiply-add is one flop).
// Parameters: conv 8x3x3x3 + 8 = 224, linear 7,200x10 + 10 = 72,010.
const EXPECTED = { flops: '266400', params: '72234', convFlops: '194400', typeName: 'Net' };

const PAGE = `<!doctype html><meta charset="utf-8"><title>flopscope</title><pre id="out">pending</pre>
<script type="module">
import { analyze, nn, F, Module } from './flopscope.min.js';
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

function serve(): Promise<{ server: Server; url: string }> {
  const bundle = readFileSync(BUNDLE);
  const server = createServer((req, res) => {
    if (req.url === '/flopscope.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
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

// The goal is 40 KB; the argument checks of the robustness work and
// all of torch.nn (recurrent, transformer, sparse, containers, creation and
// mask ops) took the engine past it: 66 KB gzipped when this budget was set,
// with the layer_zoo_transformer and layer_zoo_misc ports merged. The budget
// guards against growth (and the zoo sneaking in) until the engine is cut
// down (the views and the einsum path search are the largest optional parts).
// Raised from 80 to 88 KB when analyze's `convention` option brought every
// counting convention in (`full`'s cost table alone is 9 KB minified): 82 KB.
// Raised to 100 KB when symbolic sizes (issue 14: the expression engine, the
// symbolic analysis and its text) came in through analyze(): 94 KB. The
// branch that loads conventions lazily (wt-lazy, not yet merged) takes the
// whole-namespace bundle to 74 KB before them.
const BUDGET_BYTES = 100 * 1024;

t('the bundle is within its gzipped budget and holds no zoo', () => {
  const code = readFileSync(BUNDLE);
  const gzipped = gzipSync(code, { level: 9 }).length;
  assert.ok(gzipped < BUDGET_BYTES, `gzipped bundle is ${gzipped} bytes`);
  for (const zooOnly of ['resnet50', 'SwinTransformer', 'inception_v3']) assert.not.ok(code.includes(zooOnly), `${zooOnly} in the bundle`);
});

t('the bundle analyses a model in headless Chromium', async () => {
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
    const { table, arch, ...numbers } = got;
    assert.equal(numbers, EXPECTED);
    // The views as Node prints them for the same model (same library, other runtime).
    const node = netInNode();
    assert.is(table, node.outTable);
    assert.is(arch, node.outArch);
  } finally {
    server.close();
  }
});

t.run();
