// `npm run bench`: times the tasks and prints their medians.
// `npm run bench -- --update` also writes them as the committed baseline.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printResults, runBenchmarks } from './tasks.js';

const BASELINE = fileURLToPath(new URL('../../bench/baseline.json', import.meta.url));

const results = await runBenchmarks();
printResults(results);
if (process.argv.includes('--update')) {
  const record = Object.fromEntries(results.map((r) => [r.name, Number(r.medianMs.toFixed(4))]));
  writeFileSync(BASELINE, `${JSON.stringify(record, null, 2)}\n`);
  process.stdout.write(`baseline written to bench/baseline.json\n`);
}
