// Runs fuzz cases in child processes, a few at a time, each with a timeout.

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliCase } from './case.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CLI = fileURLToPath(new URL('../../cli.cjs', import.meta.url));
/** Model files of CLI cases import the library as `@LIB@` (dist/index.js by URL). */
const LIB_URL = new URL('../../index.js', import.meta.url).href;
/** Far above what any case needs (tens of ms): past it, a case hangs. */
export const TIMEOUT_MS = 15_000;

export interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

let running = 0;
const waiting: (() => void)[] = [];
const LIMIT = Math.max(2, availableParallelism());

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= LIMIT) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function runNode(args: readonly string[], cwd: string): Promise<ChildResult> {
  return slot(
    () =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        // The timer runs in this process, whose event loop a run of
        // synchronous tests can hold for seconds: when it fires, the child's
        // exit may be waiting behind it. So a hang is declared only by a
        // 1-second grace timer that fires on time (the loop was free to hear
        // the exit meanwhile); a late one is re-armed.
        const arm = (ms: number): NodeJS.Timeout => {
          const due = Date.now() + ms;
          return setTimeout(() => {
            if (ms === TIMEOUT_MS || Date.now() - due > 500) {
              timer = arm(1000);
              return;
            }
            timedOut = true;
            child.kill('SIGKILL');
          }, ms);
        };
        let timer = arm(TIMEOUT_MS);
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          resolve({ code, signal, stdout, stderr, timedOut });
        });
      }),
  );
}

/** Runs API case `name` of the compiled case file `file` (a name under dist/test/fuzz/). */
export function runApiCase(file: string, name: string): Promise<ChildResult> {
  return runNode([join(HERE, 'child.js'), join(HERE, file), name], HERE);
}

/** Runs the CLI with a case's arguments in a fresh directory holding its files. */
export function runCliCase(c: CliCase): Promise<ChildResult> {
  const dir = mkdtempSync(join(tmpdir(), 'flopscope-fuzz-'));
  for (const [path, text] of Object.entries(c.files ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text.replaceAll('@LIB@', LIB_URL));
  }
  return runNode([CLI, ...c.argv], dir);
}
