// The benchmark tasks and goals, shared by `npm run bench` and `npm run bench:check`.
// Timed with tinybench (the CLI with its own interleaved spawn loop, peak memory
// in a child process); never part of the test suite.
//
// "warm" tasks analyse the same prebuilt model again and again; "cold" tasks get
// a freshly built model each iteration, built in tinybench's beforeEach hook,
// which is not timed. Every analyze task reads both views (`outTable`, `outArch`)
// so that lazily built views are paid for.

import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Bench, type Task } from 'tinybench';
import { analyze, analyzeSymbolic, symbolicTensor, Tensor, type AnalysisResult, type InputSpec, type Module } from '../index.js';
import { buildModel, llama3_1_405b, ZOO } from '../models/index.js';
import { DEEP_INPUT, deepModel, WIDE_INPUT, wideModel } from './models.js';

const CLI = fileURLToPath(new URL('../cli.cjs', import.meta.url));
const MEMORY_CHILD = fileURLToPath(new URL('./memory.js', import.meta.url));

/** The zoo's image models: the whole-zoo tasks (the language models have tasks of their own). */
const IMAGE_ZOO = Object.values(ZOO).filter((e) => e.inputDtype === undefined);

/** The largest language model's prefill: Llama-3.1-405B on 8192 token ids (its op count does not depend on the length). */
export const LLM_INPUT: InputSpec = { inputs: [new Tensor([1, 8192], 'int64')] };

/** Sizes of the scaling tasks: modules in a flat Sequential, and depth of a chain. */
export const WIDE = [25_000, 50_000, 100_000] as const;
export const DEEP = [250, 500, 1000] as const;

/** Task names; a goal names the tasks it reads. */
export const T = {
  warm224: 'warm: analyze resnet50 3x224x224, both views',
  warm1024: 'warm: analyze resnet50 3x1024x1024, both views',
  warmBatch64: 'warm: analyze resnet50 batch 64, both views',
  constructResnet: 'cold: construct resnet50',
  cold224: 'cold: analyze fresh resnet50 3x224x224, both views',
  constructZoo: `cold: construct whole zoo (${IMAGE_ZOO.length} builders)`,
  warmZoo: `warm: analyze whole zoo (${IMAGE_ZOO.length} models), both views`,
  constructLlm: 'cold: construct llama3_1_405b',
  warmLlm: 'warm: analyze llama3_1_405b 1x8192 prefill, both views',
  coldLlm: 'cold: analyze fresh llama3_1_405b 1x8192 prefill, both views',
  llmRssGrowth: 'memory: RSS growth of a child building + analysing llama3_1_405b 1x8192',
  llmHeap: 'memory: heap held by llama3_1_405b and its analysis',
  constructWide: (n: number): string => `cold: construct Sequential of ${n} Linear(1,1)`,
  wide: (n: number): string => `cold: analyze fresh Sequential of ${n} Linear(1,1), both views`,
  deep: (d: number): string => `cold: analyze fresh ${d}-deep chain, both views`,
  wideRss: `memory: peak RSS of a child building + analysing ${WIDE[WIDE.length - 1]} modules`,
  wideRssGrowth: `memory: RSS growth of that child over its start`,
  wideHeap: `memory: heap held by that model and its analysis`,
  symConcrete: 'symbolic: 1,000 concrete analyses of llama3_8b prefill (T = 1..1000), per-module counts',
  symOnce: 'symbolic: llama3_8b traced once in B and T, then 1,000 points evaluated (per-module counts)',
  cli: 'cli: node dist/cli.cjs resnet50',
  node: 'cli: node -e 0 (reference, same run)',
  cliNoCerts: 'cli: node dist/cli.cjs resnet50, NODE_EXTRA_CA_CERTS unset (reference)',
  nodeNoCerts: 'cli: node -e 0, NODE_EXTRA_CA_CERTS unset (reference)',
} as const;

export interface BenchResult {
  name: string;
  value: number;
  unit: 'ms' | 'MB';
  samples: number;
  /** A yardstick (Node's own startup), not flopscope: never in the baseline. */
  reference?: boolean;
}

let sink = 0;
/** Reads both views, as a caller printing the report would. */
function consume(r: AnalysisResult): void {
  sink += r.outTable.length + r.outArch.length;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function collect(tasks: readonly Task[]): BenchResult[] {
  return tasks.map((task) => {
    const r = task.result;
    if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}${r.state === 'errored' ? `: ${r.error.message}` : ''}`);
    return { name: task.name, value: r.latency.p50, unit: 'ms', samples: r.latency.samplesCount };
  });
}

/** A fresh model for each iteration of a cold task, built outside the timed part. */
function cold(build: () => Module, input: InputSpec, built?: number[]): [() => void, { beforeEach: () => void }] {
  let model: Module | null = null;
  const fn = (): void => {
    consume(analyze(model!, input));
    model = null;
  };
  const beforeEach = (): void => {
    const t0 = performance.now();
    model = build();
    built?.push(performance.now() - t0);
  };
  return [fn, { beforeEach }];
}

/**
 * With NODE_EXTRA_CA_CERTS set, every Node process parses those certificates
 * as it starts (a system bundle: some 40 ms here), which the ratio's
 * denominator includes. The runs are then repeated without it, for reference.
 */
const EXTRA_CA_CERTS = process.env.NODE_EXTRA_CA_CERTS !== undefined;

/** The CLI against `node -e 0`, interleaved in one loop so both see the same machine. */
function timeCli(rounds: number): BenchResult[] {
  const { NODE_EXTRA_CA_CERTS: _, ...noCerts } = process.env;
  const run = (args: string[], env: NodeJS.ProcessEnv = process.env): number => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', env });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`node ${args.join(' ')}: ${r.stderr}`);
    return ms;
  };
  const samples: Record<'cli' | 'node' | 'cliNoCerts' | 'nodeNoCerts', number[]> = { cli: [], node: [], cliNoCerts: [], nodeNoCerts: [] };
  for (let i = 0; i < rounds + 2; i++) {
    const round = {
      cli: run([CLI, 'resnet50']),
      node: run(['-e', '0']),
      ...(EXTRA_CA_CERTS ? { cliNoCerts: run([CLI, 'resnet50'], noCerts), nodeNoCerts: run(['-e', '0'], noCerts) } : {}),
    };
    if (i >= 2) for (const [k, v] of Object.entries(round)) samples[k as keyof typeof samples].push(v);
  }
  return (['cli', 'node', 'cliNoCerts', 'nodeNoCerts'] as const)
    .filter((k) => samples[k].length > 0)
    .map((k) => ({ name: T[k], value: median(samples[k]), unit: 'ms', samples: samples[k].length, ...(k === 'cli' ? {} : { reference: true }) }));
}

/** Memory of building and analysing Llama-3.1-405B at 1x8192, in a child of its own. */
function measureLlmMemory(): BenchResult[] {
  const r = spawnSync(process.execPath, ['--expose-gc', MEMORY_CHILD, 'llama3_1_405b'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`memory child: ${r.stderr}`);
  const m = JSON.parse(r.stdout) as { rssGrowthMB: number; heapHeldMB: number };
  return [
    { name: T.llmRssGrowth, value: m.rssGrowthMB, unit: 'MB', samples: 1 },
    { name: T.llmHeap, value: m.heapHeldMB, unit: 'MB', samples: 1 },
  ];
}

/** Peak memory of building and analysing the largest wide model, in a child of its own. */
function measureMemory(): BenchResult[] {
  const n = WIDE[WIDE.length - 1]!;
  const r = spawnSync(process.execPath, ['--expose-gc', MEMORY_CHILD, String(n)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`memory child: ${r.stderr}`);
  const m = JSON.parse(r.stdout) as { peakRssMB: number; rssGrowthMB: number; heapHeldMB: number };
  return [
    { name: T.wideRss, value: m.peakRssMB, unit: 'MB', samples: 1 },
    { name: T.wideRssGrowth, value: m.rssGrowthMB, unit: 'MB', samples: 1 },
    { name: T.wideHeap, value: m.heapHeldMB, unit: 'MB', samples: 1 },
  ];
}

export async function runBenchmarks(log: (line: string) => void = () => {}): Promise<BenchResult[]> {
  const out: BenchResult[] = [];

  // Each group's models and results are dropped when the group ends (a
  // block of its own): 92 zoo models kept alive through the language-model
  // tasks made every full collection there mark them, adding a third to an
  // analysis that never touches them.
  {
    log('resnet50, warm and cold');
    const resnet50 = buildModel('resnet50');
    const fast = new Bench({ time: 1500, warmupTime: 300 });
    fast
      .add(T.warm224, () => consume(analyze(resnet50, [3, 224, 224])))
      .add(T.warm1024, () => consume(analyze(resnet50, [3, 1024, 1024])))
      .add(T.warmBatch64, () => consume(analyze(resnet50, { inputs: [[64, 3, 224, 224]] })))
      .add(T.constructResnet, () => {
        sink += buildModel('resnet50') === null ? 1 : 0;
      })
      .add(T.cold224, ...cold(() => buildModel('resnet50'), [3, 224, 224]));
    await fast.run();
    out.push(...collect(fast.tasks));
  }

  {
    log('whole zoo');
    const zoo = IMAGE_ZOO.map((e) => ({ model: e.build(), input: e.inputShape }));
    const slow = new Bench({ time: 3000, warmupTime: 0, iterations: 5, warmupIterations: 1 });
    slow
      .add(T.constructZoo, () => {
        for (const e of IMAGE_ZOO) sink += e.build() === null ? 1 : 0;
      })
      .add(T.warmZoo, () => {
        for (const z of zoo) consume(analyze(z.model, z.input));
      });
    await slow.run();
    out.push(...collect(slow.tasks));
  }

  {
    log('llama3_1_405b, 1x8192 prefill');
    const llm = llama3_1_405b();
    llm.eval();
    const buildLlm = (): Module => {
      const m = llama3_1_405b();
      m.eval();
      return m;
    };
    const lm = new Bench({ time: 2000, warmupTime: 300, iterations: 5, warmupIterations: 2 });
    lm.add(T.constructLlm, () => {
      sink += llama3_1_405b() === null ? 1 : 0;
    })
      .add(T.warmLlm, () => consume(analyze(llm, LLM_INPUT)))
      .add(T.coldLlm, ...cold(buildLlm, LLM_INPUT));
    await lm.run();
    out.push(...collect(lm.tasks));
  }
  out.push(...measureLlmMemory());

  // Scaling: smallest first, so the larger sizes run on warmed-up code; at least
  // 3 samples, more while under 2 s of timed work.
  log(`${DEEP.join('/')}-deep chains`);
  const deep = new Bench({ time: 1000, warmupTime: 0, iterations: 5, warmupIterations: 2 });
  for (const d of DEEP) deep.add(T.deep(d), ...cold(() => deepModel(d), DEEP_INPUT));
  await deep.run();
  out.push(...collect(deep.tasks));

  log(`${WIDE.join('/')}-module Sequentials`);
  const built: number[] = [];
  const wide = new Bench({ time: 2000, warmupTime: 0, iterations: 3, warmupIterations: 0 });
  for (const n of WIDE) wide.add(T.wide(n), ...cold(() => wideModel(n), WIDE_INPUT, n === WIDE[WIDE.length - 1] ? built : undefined));
  await wide.run();
  out.push(...collect(wide.tasks));
  const largest = WIDE[WIDE.length - 1]!;
  out.push({ name: T.constructWide(largest), value: median(built), unit: 'ms', samples: built.length });

  log('peak memory (child process)');
  out.push(...measureMemory());

  // Issue 14: one symbolic trace and 1,000 evaluations against 1,000 concrete
  // analyses (both warm: the model is built once; the symbolic side keeps its
  // expression memos between iterations, as a sweep in one process does).
  log('symbolic sizes: llama3_8b, 1,000 points');
  const llama8 = buildModel('llama3_8b');
  llama8.eval();
  const sym = new Bench({ time: 0, warmupTime: 0, iterations: 3, warmupIterations: 1 });
  sym
    .add(T.symConcrete, () => {
      for (let n = 1; n <= 1000; n++) sink += analyze(llama8, { inputs: [new Tensor([1, n], 'int64')] }).report.flops.perModule.length;
    })
    .add(T.symOnce, () => {
      const s = analyzeSymbolic(llama8, { inputs: [symbolicTensor(['B', 'T'], 'int64')] });
      for (let n = 1; n <= 1000; n++) sink += s.countsAt({ B: 1, T: n }).flops.length;
    });
  await sym.run();
  out.push(...collect(sym.tasks));

  // The CLI last, after a pause: this process's collector may still be
  // sweeping what the tasks left, on the same two cores as the timed
  // processes (one run timed the CLI at 178 ms here, against 145 ms alone).
  log('CLI against node -e 0');
  await new Promise((resolve) => setTimeout(resolve, 3000));
  out.push(...timeCli(15));

  if (sink < 0) throw new Error('unreachable');
  return out;
}

export interface Goal {
  name: string;
  /** The measured number(s), as printed. */
  measured: string;
  ok: boolean;
  /** Tasks whose numbers this goal judges: their baseline is not refreshed while it fails. */
  judges: readonly string[];
}

export function evaluateGoals(results: readonly BenchResult[]): Goal[] {
  const v = (name: string): number => {
    const r = results.find((x) => x.name === name);
    if (r === undefined) throw new Error(`no task '${name}'`);
    return r.value;
  };
  const ms = (x: number): string => `${x < 10 ? x.toFixed(3) : x.toFixed(1)} ms`;
  const under = (name: string, task: string, limit: number, unit: 'ms' | 'MB' = 'ms'): Goal => ({
    name,
    measured: unit === 'ms' ? ms(v(task)) : `${v(task).toFixed(0)} MB`,
    ok: v(task) < limit,
    judges: [task],
  });
  const ratio = (name: string, num: string, den: string, limit: number): Goal => ({
    name,
    measured: `${(v(num) / v(den)).toFixed(2)}x (${ms(v(num))} / ${ms(v(den))})`,
    ok: v(num) <= limit * v(den),
    judges: [num],
  });
  const linear = (name: string, task: (n: number) => string, sizes: readonly number[]): Goal => {
    const steps = sizes.slice(1).map((n, i) => v(task(n)) / v(task(sizes[i]!)));
    return {
      name,
      measured: sizes.map((n, i) => `${n}: ${ms(v(task(n)))}${i > 0 ? ` (${steps[i - 1]!.toFixed(2)}x)` : ''}`).join(', '),
      ok: steps.every((s) => s <= 2.6),
      judges: sizes.slice(1).map(task),
    };
  };
  // The CLI's time over Node's own is the part flopscope owns; without NODE_EXTRA_CA_CERTS, Node's own is smaller.
  const cliGoal = (): Goal => {
    const base = ratio('CLI (node dist/cli.cjs resnet50) within 1.3x of node -e 0', T.cli, T.node, 1.3);
    const noCerts = results.some((r) => r.name === T.cliNoCerts)
      ? `; NODE_EXTRA_CA_CERTS unset: ${(v(T.cliNoCerts) / v(T.nodeNoCerts)).toFixed(2)}x (${ms(v(T.cliNoCerts))} / ${ms(v(T.nodeNoCerts))})`
      : '';
    return { ...base, measured: `${base.measured}, ${ms(v(T.cli) - v(T.node))} over Node${noCerts}` };
  };
  const wideMax = WIDE[WIDE.length - 1]!;
  const deepMax = DEEP[DEEP.length - 1]!;
  return [
    under('warm analyze(resnet50) with both views < 0.3 ms', T.warm224, 0.3),
    under('cold analyze(fresh resnet50) with both views < 0.6 ms', T.cold224, 0.6),
    under('construct resnet50 < 1 ms', T.constructResnet, 1),
    ratio('warm 3x1024x1024 within 1.5x of 3x224x224', T.warm1024, T.warm224, 1.5),
    ratio('warm batch 64 within 1.5x of 3x224x224', T.warmBatch64, T.warm224, 1.5),
    under('whole zoo analysed (warm) < 2 s', T.warmZoo, 2000),
    cliGoal(),
    under(`${wideMax} modules analysed (cold) < 1 s`, T.wide(wideMax), 1000),
    under(`${wideMax} modules: peak RSS < 300 MB`, T.wideRss, 300, 'MB'),
    under(`${deepMax}-deep chain analysed (cold) < 50 ms`, T.deep(deepMax), 50),
    under('construct llama3_1_405b < 5 ms', T.constructLlm, 5),
    under('analyze(fresh llama3_1_405b, 1x8192 prefill) with both views < 20 ms', T.coldLlm, 20),
    under('llama3_1_405b 1x8192: RSS growth < 50 MB', T.llmRssGrowth, 50, 'MB'),
    {
      name: 'symbolic: one trace + 1,000 evaluated points >= 20x faster than 1,000 concrete analyses',
      measured: `${(v(T.symConcrete) / v(T.symOnce)).toFixed(1)}x (${ms(v(T.symConcrete))} / ${ms(v(T.symOnce))})`,
      ok: v(T.symConcrete) >= 20 * v(T.symOnce),
      judges: [T.symOnce],
    },
    linear('linear in modules (each doubling <= 2.6x the time)', T.wide, WIDE),
    linear('linear in depth (each doubling <= 2.6x the time)', T.deep, DEEP),
  ];
}

export function printResults(results: readonly BenchResult[]): void {
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) {
    const value = r.unit === 'ms' ? r.value.toFixed(3) : r.value.toFixed(1);
    process.stdout.write(`${r.name.padEnd(width)}  ${r.unit === 'ms' ? 'median' : 'value '} ${value.padStart(10)} ${r.unit}  (${r.samples} sample${r.samples === 1 ? '' : 's'})\n`);
  }
}

export function printGoals(goals: readonly Goal[]): void {
  for (const g of goals) process.stdout.write(`${g.ok ? 'ok  ' : 'FAIL'} ${g.name}: ${g.measured}\n`);
}

/** Tasks the baseline guards: flopscope's timed tasks (not memory, not the yardstick). */
export function guarded(results: readonly BenchResult[]): BenchResult[] {
  return results.filter((r) => r.unit === 'ms' && r.reference !== true);
}

/** Benchmarks are only as good as the machine is idle: say how busy it was. */
export function printMachine(): void {
  const [load1] = loadavg();
  const certs = EXTRA_CA_CERTS ? ', NODE_EXTRA_CA_CERTS set (every Node start parses it: the CLI is also timed without it)' : '';
  process.stdout.write(`node ${process.version}, ${availableParallelism()} cores, load average ${load1!.toFixed(2)} at start${certs}\n\n`);
}
