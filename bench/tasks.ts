// The benchmark tasks, shared by `npm run bench` and `npm run bench:check`.
// Timed with tinybench; never part of the test suite.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { analyze } from '../index.js';
import { buildModel, ZOO } from '../models/index.js';

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));

export interface BenchResult {
  name: string;
  medianMs: number;
  samples: number;
}

export async function runBenchmarks(): Promise<BenchResult[]> {
  const resnet50 = buildModel('resnet50');
  const zoo = Object.entries(ZOO).map(([name, e]) => ({ name, model: e.build(), input: e.inputShape }));
  const fast = new Bench({ time: 1500, warmupTime: 300 });
  fast
    .add('analyze resnet50 3x224x224', () => {
      analyze(resnet50, [3, 224, 224]);
    })
    .add('analyze resnet50 3x1024x1024', () => {
      analyze(resnet50, [3, 1024, 1024]);
    })
    .add('analyze resnet50 batch 64', () => {
      analyze(resnet50, { inputs: [[64, 3, 224, 224]] });
    });
  await fast.run();
  // Whole zoo, both modes' default (training), views included, models prebuilt.
  const slow = new Bench({ time: 3000, warmupTime: 0, iterations: 5, warmupIterations: 1 });
  slow
    .add(`analyze whole zoo (${zoo.length} models)`, () => {
      for (const z of zoo) analyze(z.model, z.input);
    })
    .add('cli resnet50 end to end', () => {
      const r = spawnSync(process.execPath, [CLI, 'resnet50'], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
    });
  await slow.run();
  const out: BenchResult[] = [];
  for (const task of [...fast.tasks, ...slow.tasks]) {
    const r = task.result;
    if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}`);
    out.push({ name: task.name, medianMs: r.latency.p50, samples: r.latency.samplesCount });
  }
  return out;
}

export function printResults(results: readonly BenchResult[]): void {
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) {
    process.stdout.write(`${r.name.padEnd(width)}  median ${r.medianMs.toFixed(3).padStart(9)} ms  (${r.samples} samples)\n`);
  }
}
