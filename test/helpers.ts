// Shared test helpers: fixture loading and running the CLI.

import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

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
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
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
