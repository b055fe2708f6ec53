// Child process of the benchmarks: `node --expose-gc dist/bench/memory.js N`
// builds a Sequential of N Linear(1,1), analyses it with both views, and prints
// one JSON line: the process's peak RSS (Node's own baseline included), the
// growth over the RSS it had before building, and the heap still held with the
// model and the result alive. A process of its own, so nothing else the
// benchmarks did is counted.

import { analyze } from '../index.js';
import { WIDE_INPUT, wideModel } from './models.js';

const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => {});
const MB = 1024 * 1024;

const n = Number(process.argv[2] ?? 100_000);
gc();
const before = process.memoryUsage();
const t0 = performance.now();
const model = wideModel(n);
const r = analyze(model, WIDE_INPUT);
const chars = r.outTable.length + r.outArch.length;
const ms = performance.now() - t0;
gc();
const held = process.memoryUsage();
// maxRSS is in kilobytes.
const peakRss = process.resourceUsage().maxRSS * 1024;
process.stdout.write(
  `${JSON.stringify({
    modules: n,
    peakRssMB: peakRss / MB,
    rssGrowthMB: (peakRss - before.rss) / MB,
    heapHeldMB: (held.heapUsed - before.heapUsed) / MB,
    buildAndAnalyzeMs: ms,
    viewChars: chars,
    alive: model !== null,
  })}\n`,
);
