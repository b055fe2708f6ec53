// Child process of the benchmarks: `node --expose-gc dist/bench/memory.js N`
// builds a Sequential of N Linear(1,1) (`... memory.js llama3_1_405b`: that
// model, analysed at 1x8192 token ids), analyses it with both views, and prints
// one JSON line: the process's peak RSS (Node's own baseline included), the
// growth over the RSS it had before building, and the heap still held with the
// model and the result alive. A process of its own, so nothing else the
// benchmarks did is counted.

import { analyze, Tensor } from '../index.js';
import { llama3_1_405b } from '../models/index.js';
import { WIDE_INPUT, wideModel } from './models.js';

const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => {});
const MB = 1024 * 1024;

const llm = process.argv[2] === 'llama3_1_405b';
const n = llm ? 0 : Number(process.argv[2] ?? 100_000);
gc();
const before = process.memoryUsage();
const t0 = performance.now();
const model = llm ? llama3_1_405b() : wideModel(n);
if (llm) model.eval();
const r = analyze(model, llm ? { inputs: [new Tensor([1, 8192], 'int64')] } : WIDE_INPUT);
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
