// `npm run bench:check`: fails when a task is far slower than the committed
// baseline (a wide margin, since machines differ) or misses an absolute goal.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printResults, runBenchmarks } from './tasks.js';

/** A task may take up to this many times its baseline median. */
const MARGIN = 3;

const baseline = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../bench/baseline.json', import.meta.url)), 'utf8'),
) as Record<string, number>;

const results = await runBenchmarks();
printResults(results);
const median = (prefix: string): number => {
  const r = results.find((x) => x.name.startsWith(prefix));
  if (r === undefined) throw new Error(`no task '${prefix}'`);
  return r.medianMs;
};

const failures: string[] = [];
for (const r of results) {
  const base = baseline[r.name];
  if (base === undefined) failures.push(`${r.name}: no baseline (run npm run bench -- --update)`);
  else if (r.medianMs > base * MARGIN) failures.push(`${r.name}: ${r.medianMs.toFixed(3)} ms is over ${MARGIN}x the baseline ${base} ms`);
}
const r224 = median('analyze resnet50 3x224x224');
const goals: [string, boolean][] = [
  ['analyze(resnet50) with both views under 1 ms', r224 < 1],
  ['3x1024x1024 within 1.5x of 3x224x224', median('analyze resnet50 3x1024x1024') <= 1.5 * r224],
  ['batch 64 within 1.5x of 3x224x224', median('analyze resnet50 batch 64') <= 1.5 * r224],
  ['CLI end to end under 200 ms', median('cli resnet50') < 200],
  ['whole zoo under 2 s', median('analyze whole zoo') < 2000],
];
for (const [goal, ok] of goals) {
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${goal}\n`);
  if (!ok) failures.push(goal);
}
if (failures.length > 0) {
  process.stdout.write(`\n${failures.join('\n')}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write('\nbench:check passed\n');
}
