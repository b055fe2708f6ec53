// A small app as a user writes one, for the browser bundle's honest size:
// `analyze` and the few `nn` layers a small CNN uses, imported by name from
// the package. scripts/build_browser.mjs bundles it, tree-shaken and
// minified, into dist/browser/cnn_app.min.js; test/browser.test.ts runs it in
// headless Chromium and holds it to its size budget.

import { analyze } from 'flopscope';
import { BatchNorm2d, Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from 'flopscope/nn';

/** A small CNN on a 3x32x32 image, analysed: its totals and both views. */
export function analyzeSmallCnn() {
  const net = new Sequential(new Conv2d(3, 8, 3), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(8 * 15 * 15, 10));
  const r = analyze(net, [3, 32, 32]);
  return { flops: String(r.flops), params: String(r.params), activations: String(r.activations), table: r.outTable, arch: r.outArch };
}
