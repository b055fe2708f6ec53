// Shared test helpers: fixture loading, running the CLI, and tracing models
// into analyzers.

import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { ActivationAnalyzer, FlopAnalyzer, resolveInputs, traceModel, type InputSpec, type Module } from '../index.js';

/** The project root (tests run from dist/test). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', name), 'utf8')) as T;
}

export function fixtureText(name: string): string {
  return readFileSync(join(ROOT, 'test', 'fixtures', name), 'utf8');
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[]): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.cjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The golden parameter counts of torchvision's builders. */
export function torchvisionParams(): Map<string, number> {
  const lines = fixtureText('torchvision_params.tsv').trim().split('\n').slice(1);
  return new Map(lines.map((l) => {
    const [name, count] = l.split('\t') as [string, string];
    return [name, Number(count)];
  }));
}

/** The FLOP and activation analyzers of one trace of `model` on `input`. */
export function analyzers(model: Module, input: InputSpec): [FlopAnalyzer, ActivationAnalyzer] {
  const trace = traceModel(model, resolveInputs(input));
  return [FlopAnalyzer.fromTrace(trace), ActivationAnalyzer.fromTrace(trace)];
}

/** The value of `name` in a per-module (or per-operator) map, asserting it is there. */
export function get(m: ReadonlyMap<string, bigint>, name: string): bigint {
  const v = m.get(name);
  assert.ok(v !== undefined, `no entry ${name}`);
  return v!;
}

/** A hand-derived count as the bigint the analyzers report. */
export const big = (n: number): bigint => BigInt(n);

/** The kinds of the ops recorded directly in a module's scope (not in its children). */
export function opsIn(flops: FlopAnalyzer, scope: string): string[] {
  return flops.trace.nodes.filter((n) => n.scopes[n.scopes.length - 1] === scope).map((n) => n.kind);
}

/**
 * numpy's einsum_path cost for one pairwise contraction with a summed index, as
 * the reference reads it: "Optimized FLOP count" = 2 * (product of every index
 * size), printed with '%.3e' (4 significant digits), then halved and floored.
 */
export function einsumFlops(product: number): bigint {
  return BigInt(Math.floor(Number((2 * product).toExponential(3)) / 2));
}
