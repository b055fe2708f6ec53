// `npm run bench`: times the tasks, prints their numbers and the goals.
// `npm run bench -- --update` also writes the timed tasks as the committed
// baseline, except tasks judged by a goal that fails this run: those keep the
// entry they had (a failing number is no baseline to guard). `--update --all`
// writes every task.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluateGoals, guarded, printGoals, printMachine, printResults, runBenchmarks } from './tasks.js';

const BASELINE = fileURLToPath(new URL('../../bench/baseline.json', import.meta.url));

printMachine();
const results = await runBenchmarks((line) => process.stderr.write(`... ${line}\n`));
printResults(results);
process.stdout.write('\n');
const goals = evaluateGoals(results);
printGoals(goals);

if (process.argv.includes('--update')) {
  const all = process.argv.includes('--all');
  const failing = new Set(goals.filter((g) => !g.ok).flatMap((g) => g.judges));
  const old = existsSync(BASELINE) ? (JSON.parse(readFileSync(BASELINE, 'utf8')) as Record<string, number>) : {};
  const record: Record<string, number> = {};
  const kept: string[] = [];
  for (const r of guarded(results)) {
    if (!all && failing.has(r.name)) {
      kept.push(r.name);
      const before = old[r.name];
      if (before !== undefined) record[r.name] = before;
    } else {
      record[r.name] = Number(r.value.toPrecision(4));
    }
  }
  writeFileSync(BASELINE, `${JSON.stringify(record, null, 2)}\n`);
  process.stdout.write(`\nbaseline written to bench/baseline.json\n`);
  if (kept.length > 0) {
    process.stdout.write(`not updated, their goal fails (--all writes them too):\n${kept.map((k) => `  ${k}\n`).join('')}`);
  }
}
