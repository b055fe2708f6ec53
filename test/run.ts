// Runs every compiled test file (dist/test/**/*.test.js) with uvu and ends with
// the one line CI reads: `N passed, M failed`.

import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTests(p));
    else if (entry.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

const g = globalThis as unknown as { UVU_DEFER: number; UVU_QUEUE: unknown[][]; UVU_INDEX: number };
g.UVU_DEFER = 1;
g.UVU_QUEUE = [];

const filter = process.argv[2];
const files = findTests(here).filter((f) => filter === undefined || f.includes(filter));
for (let i = 0; i < files.length; i++) {
  g.UVU_QUEUE.push([relative(here, files[i]!)]);
  g.UVU_INDEX = i;
  await import(pathToFileURL(files[i]!).href);
}

// uvu prints its own totals; capture them to print the closing line.
let captured = '';
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stdout.write;
const { exec } = await import('uvu');
await exec();
process.stdout.write = write;
// eslint-disable-next-line no-control-regex
const plain = captured.replace(/\x1b\[[0-9;]*m/g, '');
const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? 0);
const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? 0);
if (files.length === 0 || total === 0) process.exitCode = 1;
process.stdout.write(`${passed} passed, ${total - passed} failed\n`);
