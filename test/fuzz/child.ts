// Runs one fuzz case and prints its outcome as one JSON line:
//   {"outcome":"value","value":...}
//   {"outcome":"error","name":"ArgumentError","flopscope":true,"message":"..."}
// Usage: node child.js <case file (dist/test/fuzz/cases_*.js)> <case name>

import { pathToFileURL } from 'node:url';
import * as lib from '../../index.js';
import { toComparable, type ApiCase } from './case.js';

const [file, name] = process.argv.slice(2);
const mod = (await import(pathToFileURL(file!).href)) as { CASES: readonly ApiCase[] };
const c = mod.CASES.find((x) => x.name === name);
if (c === undefined) {
  process.stdout.write(`${JSON.stringify({ outcome: 'missing' })}\n`);
} else {
  try {
    const value = await c.run(lib);
    process.stdout.write(`${JSON.stringify({ outcome: 'value', value: toComparable(value) })}\n`);
  } catch (e) {
    const err = e as Error;
    process.stdout.write(
      `${JSON.stringify({ outcome: 'error', name: err?.constructor?.name ?? typeof e, flopscope: e instanceof lib.FlopscopeError, message: String(err?.message ?? e) })}\n`,
    );
  }
}
