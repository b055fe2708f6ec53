// `npm run bench:check`: fails when a timed task is far slower than the committed
// baseline (a wide margin, since machines differ), has no baseline, or misses
// an absolute goal. Prints every goal with its measured number.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluateGoals, guarded, printGoals, printMachine, printResults, runBenchmarks } from './tasks.js';

/** A task may take up to this many times its baseline median. */
const MARGIN = 3;

const baseline = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../bench/baseline.json', import.meta.url)), 'utf8'),
) as Record<string, number>;

printMachine();
const results = await runBenchmarks((line) => process.stderr.write(`... ${line}\n`));
printResults(results);

const failures: string[] = [];
process.stdout.write(`\nbaseline (each task within ${MARGIN}x of bench/baseline.json):\n`);
for (const r of guarded(results)) {
  const base = baseline[r.name];
  const line =
    base === undefined
      ? `${r.name}: no baseline (npm run bench -- --update writes it once its goal holds)`
      : `${r.name}: ${r.value.toFixed(3)} ms, baseline ${base} ms (${(r.value / base).toFixed(2)}x)`;
  const ok = base !== undefined && r.value <= base * MARGIN;
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${line}\n`);
  if (!ok) failures.push(line);
}

process.stdout.write('\ngoals:\n');
const goals = evaluateGoals(results);
printGoals(goals);
for (const g of goals) if (!g.ok) failures.push(`${g.name}: ${g.measured}`);

if (failures.length > 0) {
  process.stdout.write(`\nbench:check failed: ${failures.length} of ${guarded(results).length + goals.length} checks\n`);
  process.exitCode = 1;
} else {
  process.stdout.write('\nbench:check passed\n');
}
