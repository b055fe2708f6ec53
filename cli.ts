#!/usr/bin/env node
// flopscope <zoo-name | path/to/model.js|.ts | path/to/config.json> [--input-shape 3,224,224]...
//           [--inputs 4,3,160,160[:int64]]... [--past P] [--eval] [--json] [--depth N] [--list]
// Prints the reference's report (table, architecture, totals) or, with --json,
// every number behind it. Errors are one line on stderr and nothing on stdout.

import type * as Flopscope from './index.js';
import type { InputSpec, Module } from './index.js';

// Named imports: in dist/cli.cjs a namespace import would copy every export.
import { closeSync, fstatSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

// One copy of the library per process. A model file imports the library from
// dist/index.js and the modules beneath it; a second copy would hold a second
// Module class (`instanceof` fails) and a second trace sink (the model's ops go
// unheard). So the CLI takes the library only through `loadLibrary`, and never
// imports its values at the top: for a model file it loads dist/index.js, the
// very copy the file uses; for a zoo name or --list it runs the library scripts.
type Library = typeof Flopscope;

function loadLibrary(forModelFile: boolean): Promise<Library> {
  const bundled = forModelFile ? null : runLibraryScripts();
  return bundled !== null ? Promise.resolve(bundled) : import('./index.js');
}

// The library scripts: `npm run build` (scripts/bundle.mjs) bundles the library
// into classic scripts under dist/cli-library/ and records V8's code cache for
// each one. Starting Node is most of what `flopscope resnet50` costs; loading
// the library as some 65 ES modules, or parsing and compiling it from source,
// costs more than the analysis. With the code cache V8 neither parses a script
// nor compiles the functions that the recording runs used.
// - index.cjs is dist/index.js and everything it reaches except the model
//   families; each file of dist/models/ is a script of its own, run when the
//   zoo first builds one of its models. A script is a function expression that
//   fills in `module.exports`: index.cjs is `(function (module, host) {...})`,
//   hands over the modules the families import with `host.provide`, and loads
//   a family with `host.load('models/resnet.js')`; a family is
//   `(function (module, require) {...})`, and its `require` is `host.load`.
// - A script's first line is a stamp, a hash of the rest; its cache (.cache
//   beside it) starts with the stamp of the script it was recorded from, and
//   any other cache is ignored (V8 itself checks little more than the
//   script's length). V8 rejects a cache from another Node version or other
//   V8 flags and compiles from source.
// - The scripts are ASCII (esbuild escapes the rest), read as latin1: a string
//   with no UTF-8 decoding on the way.
// - Without the scripts (tsc's output alone) the CLI imports dist/index.js.
// - The installed CLI is dist/cli.cjs, this file as a CommonJS script
//   (scripts/bundle.mjs): Node starts a CommonJS entry some 8 ms sooner than
//   an ES module one. There `import.meta.url` is the script's own file URL,
//   made when read, and `import.meta.dirname` its directory.
// The scripts' paths are plain paths: a process's first URL costs some 0.5 ms
// (import.meta.dirname is Node 20.11's; before, the directory is its URL's).
const LIBRARY_SCRIPTS = join((import.meta as { dirname?: string }).dirname ?? dirname(fileURLToPath(import.meta.url)), 'cli-library');
/** The build runs the CLI with this set to record the caches (scripts/bundle.mjs). */
const RECORD_CODE_CACHE = process.env.FLOPSCOPE_RECORD_CODE_CACHE === '1';

interface ScriptModule {
  exports: unknown;
}
interface ScriptHost {
  provide(modules: Record<string, unknown>): void;
  load(key: string): unknown;
}
type ScriptFunction = (module: ScriptModule, hostOrRequire: ScriptHost | ScriptHost['load']) => void;

// Every script and cache is read into one buffer, reused: memory a process
// touches for the first time costs a page fault per page, which on some
// machines is most of what reading a file costs (index.cjs and its cache are
// some 750 KB). The source is decoded into a string before its cache is read
// over it, and V8 is done with the cache once the Script is made.
let readBuffer = Buffer.alloc(0);

/** The file's bytes, in `readBuffer` until the next read; null without the file. */
function readReused(file: string, atLeast = 0): Buffer | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    if (readBuffer.length < size) readBuffer = Buffer.allocUnsafeSlow(Math.max(size, atLeast));
    let length = 0;
    for (let n = -1; n !== 0 && length < size; length += n) n = readSync(fd, readBuffer, length, size - length, length);
    return readBuffer.subarray(0, length);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The size of the file in bytes; 0 without it. */
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Compiles dist/cli-library/<name>.cjs with its code cache; null without the file. */
function compileLibraryScript(name: string): ScriptFunction | null {
  const file = join(LIBRARY_SCRIPTS, `${name}.cjs`);
  const cacheFile = join(LIBRARY_SCRIPTS, `${name}.cache`);
  // Sized for the cache too, so that it is read into memory already touched.
  const bytes = readReused(file, sizeOf(cacheFile));
  if (bytes === null) return null;
  const source = bytes.toString('latin1');
  const stamp = source.slice(0, source.indexOf('\n') + 1);
  let cachedData: Buffer | undefined;
  const cache = readReused(cacheFile);
  if (cache !== null && stamp !== '' && cache.toString('latin1', 0, stamp.length) === stamp) cachedData = cache.subarray(stamp.length);
  const script = new Script(source, { filename: file, cachedData });
  if (RECORD_CODE_CACHE) {
    process.once('exit', () => writeFileSync(cacheFile, Buffer.concat([Buffer.from(stamp, 'latin1'), script.createCachedData()])));
  }
  return script.runInThisContext() as ScriptFunction;
}

function runLibraryScripts(): Library | null {
  const index = compileLibraryScript('index');
  if (index === null) return null;
  let provided: Record<string, unknown> = {};
  const ran = new Map<string, ScriptModule>();
  const host: ScriptHost = {
    provide(modules) {
      provided = modules;
    },
    load(key) {
      if (Object.hasOwn(provided, key)) return provided[key];
      let module = ran.get(key);
      if (module === undefined) {
        const run = compileLibraryScript(key.replace(/\.js$/, ''));
        if (run === null) throw new Error(`the library script for ${key} is missing; run \`npm run build\``);
        module = { exports: {} };
        ran.set(key, module);
        run(module, host.load);
      }
      return module.exports;
    },
  };
  const module: ScriptModule = { exports: {} };
  index(module, host);
  return module.exports as Library;
}

/** A mistake on the command line, found before the library is loaded (exit 2). */
class CliUsageError extends Error {}

/**
 * An error of the user's model file: raised while loading it, by its factory,
 * by its exports, or by its own code while it ran (exit 1). Its message says
 * which file (and module, when known).
 */
class ModelFileError extends Error {}

/** A file the run was asked to write (--html) could not be written (exit 74). */
class OutputFileError extends Error {}

const USAGE =
  'usage: flopscope <zoo-name | path/to/model.js|.ts | path/to/config.json> [options] | --list [--json] | --list-devices | diff <A> <B> [options] | compare <model> [options] | --help | --version';

/**
 * `--help`: every option on one line, then examples. A test checks that each
 * option the parser takes is described here and in the README.
 */
const HELP = `${USAGE}

Prints a model's parameters, FLOPs and activations per module, as mmengine's
get_model_complexity_info prints them (fvcore's counting: 1 multiply-add = 1 FLOP).
The model is a zoo name (flopscope --list), a model file that default-exports a
Module (.js, .mjs, .ts, .mts), or a Hugging Face config.json.

Train and eval: a model runs in training mode by default, as a new PyTorch module
does. --eval switches it to eval mode first: batch norm then normalises with its
running statistics (2 FLOPs per element with an affine weight, 1 without, instead
of 5 and 4 in training, and no num_batches_tracked update), and dropout passes its
input through (it counts no FLOPs in either mode). Use --eval for inference numbers.

Options:
  --input-shape 3,224,224      an input's shape without the batch (batch 1 is prepended); repeat for several inputs
  --inputs 4,3,160,160[:int64] a full input shape, batch included, optionally with a dtype; repeat for several inputs
  --past P                     a language model's decode step: a KV cache of P tokens (with --inputs B,T:int64)
                               Size names instead of numbers (--inputs B,3,H,W, --past P) trace once and print
                               every count as an exact formula of them (docs/symbolic.md):
  --where H=32h,W=32w          constrain sizes: H is 32 times a whole h (also H=32h+3), T>=16 a least value
  --at B=2,H=224,W=160         evaluate the formulas at a point (equal to a concrete analysis there); repeatable
  --eval                       analyse in eval mode (default: training mode, as a new PyTorch module)
  --depth N                    levels of modules in the table (default 3) and, when given, in the architecture view
  --columns shape,percent      add columns to the table: output shape of each module, % of the model's FLOPs;
                               memory and roofline columns come with --memory and --roofline (or --columns memory,roofline)
  --format VIEW                text (default: table, architecture, totals), table, arch, json, markdown, csv or html
  --json                       the same as --format json: every number behind the report, exact
  --totals                     three lines: parameters (trainable and frozen), FLOPs and activations
  --no-arch                    the text report without the architecture view
  --html FILE                  also write the self-contained HTML report to FILE (stdout prints as usual)
  --max-params N               exit 3 (after printing) when parameters exceed N (30M, 4.5G, 25557032)
  --max-flops N                exit 3 when FLOPs exceed N
  --max-activations N          exit 3 when activations exceed N
  --budget FILE                the same limits from a JSON file: {"flops": "5G", "params": "30M"}
  --convention NAME            count as another tool does: fvcore (default), ptflops, thop, torchinfo, deepspeed, calflops, pytorch
  --memory                     memory: parameter, buffer, peak activation and KV-cache bytes: totals after the report,
                               per module as columns of the table, the architecture view, CSV, HTML and JSON
  --train-step                 a training step: forward, backward and optimizer FLOPs, and its memory (weights, gradients, optimizer state, saved activations)
  --optimizer NAME             the optimizer of --train-step: sgd, momentum, adam or adamw (default)
  --roofline                   bytes moved, arithmetic intensity, bound and latency lower bound (needs a device):
                               totals after the report, per module as columns of the views
  --device NAME                the roofline's device (--list-devices lists them)
  --peak-flops F               a custom device's peak FLOP/s (989.5T, 3.35e12)
  --bandwidth B                a custom device's memory bandwidth in bytes/s (3.35T)
  --dtype D                    storage dtype of weights and activations: fp32 (default), fp16, bf16, fp8, int8, int4
  --weight-dtype D             the weights' dtype alone
  --act-dtype D                the activations' dtype alone
  --list                       list the zoo's models and their default inputs (with --json: as JSON)
  --list-devices               the roofline's devices: peak FLOP/s per dtype, bandwidth, source
  --help, -h                   this help
  --version, -V                the version of flopscope

In the text views, ops that have no FLOP counter (as in fvcore) are named on one
line on stderr with how often they ran; stdout is the reference's report.
Exit codes: 0 done, 1 an error in the model or its inputs, 2 a command-line mistake,
3 over budget, 70 an internal error, 74 the report could not be written.

Examples:
  flopscope resnet50                               the reference's report, training mode
  flopscope resnet50 --eval --totals               inference totals only
  flopscope resnet50 --columns shape,percent --depth 2 --no-arch
  flopscope vit_b_16 --html report.html            text on stdout, HTML report in report.html
  flopscope ./net.ts --inputs 8,3,32,32 --json     a model file at batch 8, as JSON
  flopscope gpt2 --inputs 1,1:int64 --past 127     one decode step after 127 cached tokens
  flopscope llama3_8b --inputs 1,T:int64 --at T=512 --at T=8192    FLOPs as a formula of the prompt length T
  flopscope resnet50 --inputs B,3,H,W --where H=32h,W=32w --at B=1,H=224,W=224
  flopscope diff resnet50 resnext50_32x4d --format markdown
  flopscope resnet50 --max-flops 4G                exit 3 in CI when over budget
  flopscope resnet50 --eval --convention thop      thop's MACs; flopscope compare resnet50 shows every tool's
  flopscope llama3_8b --inputs 1,128:int64 --eval --memory --roofline --device h100-sxm --dtype bf16
`;

// Exit codes: 1 for mistakes in the model or its inputs (FlopscopeErrors and
// errors of a model file), 2 for the command line, 3 for a report over its
// budget (printed, then one line on stderr), 70 (EX_SOFTWARE) for an
// error of flopscope itself, 74 (EX_IOERR) when the report cannot be written.
const EXIT_MODEL = 1;
const EXIT_USAGE = 2;
const EXIT_BUDGET = 3;
const EXIT_INTERNAL = 70;
const EXIT_IO = 74;

interface CliArgs {
  target: string | null;
  inputShapes: number[][];
  inputs: GivenInput[];
  evalMode: boolean;
  depth: number;
  list: boolean;
  help: boolean;
  /** `--past P`: a language model's KV cache of P tokens, its second input (a decode step); a size name makes it symbolic. */
  past: number | string | null;
  /** --where: constraints on named sizes (`H=32h`, `T>=16`). */
  where: string[];
  /** --at: points at which to evaluate a symbolic analysis (`T=512`, `B=2,H=224,W=160`). */
  at: Record<string, number>[];
  /** --totals: three lines, the totals alone. */
  totals: boolean;
  /** --no-arch: the text report without the architecture view. */
  noArch: boolean;
  /** --format: which view to print (--json is --format json). */
  format: Format;
  /** --max-params, --max-flops, --max-activations (and --budget FILE): the most each may be. */
  budget: Budget;
  /** --convention NAME: whose counting rules (null: fvcore's, the default, printed as always). */
  convention: string | null;
  /** --memory, --roofline and their options (issue 13). */
  estimates: EstimateArgs;
  /** --version: print the package's version. */
  version: boolean;
  /** --html FILE: also write the HTML report there. */
  html: string | null;
  /** --columns: the table's extra columns. */
  columns: Flopscope.TableColumn[];
  /** --depth when given: the architecture view's depth (it prints every level otherwise, as the reference). */
  archDepth: number | undefined;
}

// ------------------------------------------- memory and roofline (issue 13)

const STORAGE_DTYPES = ['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4'];
const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adamw'];

/** The memory and roofline flags. */
interface EstimateArgs {
  memory: boolean;
  trainStep: boolean;
  optimizer: string | undefined;
  roofline: boolean;
  device: string | undefined;
  peakFlops: number | undefined;
  bandwidth: number | undefined;
  dtype: string | undefined;
  weightDtype: string | undefined;
  actDtype: string | undefined;
  listDevices: boolean;
}

/** A rate like `989.5T`, `3.35e12` or `900G` (k, M, G, T, P: powers of 1,000). */
function parseRate(flag: string, text: string | undefined): number {
  const m = text === undefined ? null : /^(\d+(?:\.\d+)?(?:e\d+)?)([kMGTP]?)$/.exec(text.trim());
  const scale: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };
  const v = m === null ? NaN : Number(m[1]) * scale[m[2]!]!;
  if (!(v > 0) || !Number.isFinite(v)) throw new CliUsageError(`${flag} takes a positive rate like 989.5T or 3.35e12, got '${text ?? ''}'`);
  return v;
}

/** Parses one memory or roofline flag into `e`; false when `flag` is none of them. */
function parseEstimateFlag(flag: string, value: () => string | undefined, noValue: () => void, e: EstimateArgs): boolean {
  const choice = (list: readonly string[]): string => {
    const v = value();
    if (v === undefined || !list.includes(v)) throw new CliUsageError(`${flag} takes one of ${list.join(', ')}, got '${v ?? ''}'`);
    return v;
  };
  switch (flag) {
    case '--memory':
      noValue();
      e.memory = true;
      return true;
    case '--train-step':
      noValue();
      e.trainStep = e.memory = true;
      return true;
    case '--optimizer':
      e.optimizer = choice(OPTIMIZERS);
      e.trainStep = e.memory = true;
      return true;
    case '--roofline':
      noValue();
      e.roofline = true;
      return true;
    case '--device':
      e.device = value();
      if (e.device === undefined || e.device.startsWith('--')) throw new CliUsageError('--device needs a name (--list-devices lists them)');
      e.roofline = true;
      return true;
    case '--peak-flops':
      e.peakFlops = parseRate(flag, value());
      e.roofline = true;
      return true;
    case '--bandwidth':
      e.bandwidth = parseRate(flag, value());
      e.roofline = true;
      return true;
    case '--dtype':
      e.dtype = choice(STORAGE_DTYPES);
      return true;
    case '--weight-dtype':
      e.weightDtype = choice(STORAGE_DTYPES);
      return true;
    case '--act-dtype':
      e.actDtype = choice(STORAGE_DTYPES);
      return true;
    case '--list-devices':
      noValue();
      e.listDevices = true;
      return true;
    default:
      return false;
  }
}

/** The memory and roofline flags' mistakes of combination. */
function checkEstimateArgs(args: CliArgs): void {
  const e = args.estimates;
  if (e.listDevices) {
    if (args.target !== null || args.list) throw new CliUsageError('--list-devices takes no model or other options');
    return;
  }
  const any = e.memory || e.roofline;
  if (!any && (e.dtype ?? e.weightDtype ?? e.actDtype) !== undefined) throw new CliUsageError('--dtype, --weight-dtype and --act-dtype go with --memory or --roofline');

  if (any && args.totals) throw new CliUsageError('--memory and --roofline cannot be combined with --totals');
  if (e.roofline && e.device === undefined && (e.peakFlops === undefined || e.bandwidth === undefined)) {
    throw new CliUsageError('--roofline needs --device NAME (--list-devices lists them) or both --peak-flops and --bandwidth');
  }
}

/** The memory and roofline sections of a run: text after the report, or the JSON objects. */
/** --train-step's FLOPs as text: the totals, each module to `depth` levels, and the rules of thumb apart. */
function trainStepText(lib: Library, step: Flopscope.TrainStepResult, depth: number): string {
  const exact = (n: bigint): string => `${lib.formatSize(n)} (${n})`;
  const lines = [
    `Training step FLOPs (2 per multiply-add; op costs: ${step.costs}, docs/costs.md; backward as FlopCounterMode counts it; optimizer ${step.optimizerName ?? 'none'}; ${step.trainableParameters} trainable parameters):`,
    `  forward:   ${exact(step.forward)} FLOPs`,
    `  backward:  ${exact(step.backward)} FLOPs`,
    `  optimizer: ${exact(step.optimizer)} FLOPs`,
    `  total:     ${exact(step.total)} FLOPs`,
  ];
  const rows = [...step.byModule].filter(([name]) => name !== '' && name.split('.').length <= depth);
  if (rows.length > 0) {
    const width = Math.max(6, ...rows.map(([name]) => name.length));
    lines.push(`  ${'module'.padEnd(width)}  ${['forward', 'backward', 'optimizer', 'total'].map((h) => h.padStart(10)).join('  ')}  (FLOPs)`);
    for (const [name, c] of rows) lines.push(`  ${name.padEnd(width)}  ${[c.forward, c.backward, c.optimizer, c.total].map((n) => lib.formatSize(n).padStart(10)).join('  ')}`);
  }
  for (const a of step.approximations) lines.push(`  approximation, not a count: ${a.name} = ${exact(a.flops)} FLOPs (${a.formula})`);
  return `${lines.join('\n')}\n`;
}

/** --train-step's FLOPs in the JSON report: exact integers, per module by canonical name. */
function trainStepJson(step: Flopscope.TrainStepResult): Flopscope.JsonValue {
  const counts = (c: Flopscope.TrainStepCounts): Flopscope.JsonValue => new Map<string, Flopscope.JsonValue>([['forward', c.forward], ['backward', c.backward], ['optimizer', c.optimizer], ['total', c.total]]);
  return new Map<string, Flopscope.JsonValue>([
    ['unit', step.unit],
    ['costs', step.costs],
    ['optimizer', step.optimizerName],
    ['forward', step.forward],
    ['backward', step.backward],
    ['optimizerFlops', step.optimizer],
    ['total', step.total],
    ['byModule', new Map([...step.byModule].map(([name, c]) => [name, counts(c)]))],
    ['approximations', step.approximations.map((a) => new Map<string, Flopscope.JsonValue>([['name', a.name], ['flops', a.flops], ['formula', a.formula]]))],
  ]);
}

/** The estimates of a run: the sections printed after the text report, the Report with them attached (its views show them as columns), --train-step's JSON. */
interface RunEstimates {
  text: string;
  report: Flopscope.Report;
  trainStep?: Flopscope.JsonValue;
}

function estimatesOf(lib: Library, result: Flopscope.AnalysisResult, args: CliArgs): RunEstimates {
  const e = args.estimates;
  const dtypes = { dtype: e.dtype, weightDtype: e.weightDtype, actDtype: e.actDtype } as Flopscope.DtypeOptions;
  const out: RunEstimates = { text: '', report: result.report };
  const attached: { -readonly [K in keyof Flopscope.ReportEstimates]: Flopscope.ReportEstimates[K] } = {};
  if (e.memory) {
    const memory = lib.memoryOf(result, dtypes);
    const training = e.trainStep ? lib.trainingMemoryOf(result, { ...dtypes, optimizer: e.optimizer as Flopscope.Optimizer | undefined }) : undefined;
    // The per-module numbers are the table's and the architecture view's columns; the section says the totals and assumptions.
    out.text += `\n${lib.memoryText(memory, args.depth, training, false)}`;
    attached.memory = memory;
    if (training !== undefined) attached.training = training;
  }
  if (e.trainStep) {
    const step = lib.trainStepFlops(result.flopAnalyzer.trace, { optimizer: (e.optimizer ?? 'adamw') as Flopscope.Optimizer });
    out.text += `\n${trainStepText(lib, step, args.depth)}`;
    out.trainStep = trainStepJson(step);
  }
  if (e.roofline) {
    let device = e.device === undefined ? lib.customDevice(e.peakFlops!, e.bandwidth!) : lib.deviceNamed(e.device);
    if (e.device !== undefined && (e.peakFlops !== undefined || e.bandwidth !== undefined)) {
      const custom = lib.customDevice(e.peakFlops ?? device.peakFlops.fp32!, e.bandwidth ?? device.bandwidth, device.name);
      device = { ...device, peakFlops: e.peakFlops === undefined ? device.peakFlops : custom.peakFlops, bandwidth: custom.bandwidth };
    }
    const roofline = lib.rooflineOf(result, { ...dtypes, device });
    // A language model's prompt: its per-token decode after that prompt too.
    const model = result.flopAnalyzer.analyzedModel;
    const g = result.report.generation;
    let decode: Flopscope.RooflineReport | undefined;
    if (g !== undefined && g.phase === 'prefill' && lib.takesKVCache(model)) {
      const step = lib.analyze(model, { inputs: [new lib.Tensor([g.batch, 1], 'int64'), model.makeKVCache(g.batch, g.newTokens)] }, { showTable: false, showArch: false });
      decode = lib.rooflineOf(step, { ...dtypes, device });
    }
    out.text += `\n${lib.rooflineText(roofline, args.depth, decode, false)}`;
    attached.roofline = roofline;
    if (decode !== undefined) attached.decode = decode;
  }
  out.report = lib.withEstimates(result.report, attached);
  return out;
}

function parseDims(flag: string, text: string | undefined): number[] {
  if (text === undefined || text.startsWith('--')) throw new CliUsageError(`${flag} needs a value like 3,224,224`);
  const dims = text.split(',').map((s) => s.trim());
  if (dims.some((d) => !/^\d+$/.test(d) || Number(d) < 1 || !Number.isSafeInteger(Number(d)))) {
    throw new CliUsageError(`${flag} takes positive integers separated by commas, got '${text}'`);
  }
  return dims.map(Number);
}

/** One `--inputs` value: a full shape and, after a colon, a dtype (`2,12:int64`). */
interface GivenInput {
  /** Whole numbers, or size names (`B`, `T`): a symbolic analysis. */
  shape: (number | string)[];
  dtype: string | undefined;
}

const INPUT_DTYPES = ['float32', 'float16', 'bfloat16', 'float64', 'int64', 'int32', 'bool'];

function parseInput(text: string | undefined): GivenInput {
  const colon = text === undefined ? -1 : text.lastIndexOf(':');
  if (text === undefined || colon < 0) return { shape: parseNamedDims(text), dtype: undefined };
  const dtype = text.slice(colon + 1);
  if (!INPUT_DTYPES.includes(dtype)) throw new CliUsageError(`--inputs takes a shape and optionally ':' and a dtype (${INPUT_DTYPES.join(', ')}), got '${text}'`);
  return { shape: parseNamedDims(text.slice(0, colon)), dtype };
}

const SIZE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `--inputs` dimensions: positive integers or size names (`B,3,H,W`). */
function parseNamedDims(text: string | undefined): (number | string)[] {
  if (text === undefined || text.startsWith('--')) throw new CliUsageError('--inputs needs a value like 1,3,224,224 (or B,3,H,W with size names)');
  const dims = text.split(',').map((s) => s.trim());
  if (dims.some((d) => !SIZE_NAME.test(d) && (!/^\d+$/.test(d) || Number(d) < 1 || !Number.isSafeInteger(Number(d))))) {
    throw new CliUsageError(`--inputs takes positive integers separated by commas, got '${text}' (size names such as B, T or H are allowed too)`);
  }
  return dims.map((d) => (SIZE_NAME.test(d) ? d : Number(d)));
}

/** One `--at` point: `T=512` or `B=2,H=224,W=160`. */
function parseAt(text: string | undefined): Record<string, number> {
  const point: Record<string, number> = {};
  for (const part of (text ?? '').split(',')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\d+)\s*$/.exec(part);
    if (m === null || !Number.isSafeInteger(Number(m[2]))) throw new CliUsageError(`--at takes size values like T=512 or B=2,H=224,W=160, got '${text ?? ''}'`);
    point[m[1]!] = Number(m[2]);
  }
  return point;
}

/** The views --format prints: text (the table, the architecture view and the totals, as the reference prints them), or one of them, or JSON, markdown, CSV. */
const FORMATS = ['text', 'table', 'arch', 'json', 'markdown', 'csv', 'html'] as const;
type Format = (typeof FORMATS)[number];

/** What a budget limits: the report's three totals. */
type BudgetKey = 'params' | 'flops' | 'activations';
type Budget = Partial<Record<BudgetKey, bigint>>;
const BUDGET_KEYS: readonly BudgetKey[] = ['params', 'flops', 'activations'];
const UNITS: Readonly<Record<string, number>> = { '': 0, K: 3, M: 6, G: 9, T: 12, P: 15 };

/**
 * A count as the reports print it: a whole number, or a decimal with a
 * K/M/G/T/P suffix (powers of 1,000, as formatSize prints them): `30M`,
 * `4.5G`, `25557032`. The result is exact; a fraction of one is refused.
 */
function parseAmount(flag: string, text: string | undefined | number): bigint {
  const t = typeof text === 'number' ? String(text) : text;
  const m = t === undefined ? null : /^(\d+)(?:\.(\d+))?([KMGTP]?)$/i.exec(t.trim());
  const shift = m === null ? 0 : UNITS[m[3]!.toUpperCase()]! - (m[2]?.length ?? 0);
  if (m === null || (shift < 0 && !/^0*$/.test(m[2]!.slice(m[2]!.length + shift)))) {
    throw new CliUsageError(`${flag} takes a count like 30M, 4.5G or 25557032 (K, M, G, T, P: powers of 1,000), got '${t ?? ''}'`);
  }
  const digits = BigInt(`${m[1]}${m[2] ?? ''}`);
  return shift >= 0 ? digits * 10n ** BigInt(shift) : digits / 10n ** BigInt(-shift);
}

/** `--budget FILE`: a JSON object with any of "params", "flops", "activations", each a count (`"30M"` or 30000000). */
function readBudgetFile(path: string | undefined, into: Budget): void {
  if (path === undefined || path.startsWith('--')) throw new CliUsageError('--budget needs a JSON file like {"flops": "5G", "params": "30M"}');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (e) {
    throw new CliUsageError(`--budget: cannot read '${path}' as JSON: ${(e as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CliUsageError(`--budget: '${path}' must hold a JSON object like {"flops": "5G", "params": "30M"}`);
  for (const [key, v] of Object.entries(json)) {
    if (!(BUDGET_KEYS as readonly string[]).includes(key)) throw new CliUsageError(`--budget: '${path}' has '${key}'; the keys are ${BUDGET_KEYS.join(', ')}`);
    if (typeof v !== 'string' && typeof v !== 'number') throw new CliUsageError(`--budget: '${key}' in '${path}' must be a count like "30M" or 30000000`);
    into[key as BudgetKey] ??= parseAmount(`--budget's ${key}`, v);
  }
}

/** The totals over their budget, as one line; null when every total is within it. */
function overBudget(lib: Library, budget: Budget, totals: Record<BudgetKey, bigint>): string | null {
  const over: string[] = [];
  for (const key of BUDGET_KEYS) {
    const max = budget[key];
    const value = totals[key];
    if (max === undefined || value <= max) continue;
    const percent = max === 0n ? '' : ` (+${(Number(((value - max) * 100000n) / max) / 1000).toFixed(1)}%)`;
    over.push(`${key} ${lib.formatSize(value)} (${value}) is over --max-${key} ${lib.formatSize(max)} (${max}) by ${lib.formatSize(value - max)} (${value - max})${percent}`);
  }
  return over.length === 0 ? null : `over budget: ${over.join('; ')}`;
}

/** What --columns takes (the library's TableColumn values). */
const COLUMNS: readonly Flopscope.TableColumn[] = ['shape', 'percent', 'memory', 'roofline'];

function parseColumns(text: string | undefined): Flopscope.TableColumn[] {
  const names = text === undefined || text.startsWith('--') ? [] : text.split(',').map((c) => c.trim());
  const bad = names.find((c) => !(COLUMNS as readonly string[]).includes(c));
  if (names.length === 0 || bad !== undefined) throw new CliUsageError(`--columns takes a comma-separated list of ${COLUMNS.join(', ')}, got '${text ?? ''}'`);
  return [...new Set(names)] as Flopscope.TableColumn[];
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = {
    target: null, inputShapes: [], inputs: [], evalMode: false, depth: 3, list: false, help: false, past: null, where: [], at: [], budget: {}, format: 'text', totals: false, noArch: false,
    version: false, html: null, columns: [], archDepth: undefined, convention: null,
    estimates: { memory: false, trainStep: false, optimizer: undefined, roofline: false, device: undefined, peakFlops: undefined, bandwidth: undefined, dtype: undefined, weightDtype: undefined, actDtype: undefined, listDevices: false },
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    // A switch takes no value: `--eval=false` would otherwise turn eval on.
    const noValue = (): void => {
      if (inline !== undefined) throw new CliUsageError(`${flag} takes no value, got '${a}'`);
    };
    switch (flag) {
      case '--input-shape':
        args.inputShapes.push(parseDims(flag, value()));
        break;
      case '--inputs':
        args.inputs.push(parseInput(value()));
        break;
      case '--eval':
        noValue();
        args.evalMode = true;
        break;
      case '--json':
        noValue();
        args.format = 'json';
        break;
      case '--totals':
        noValue();
        args.totals = true;
        break;
      case '--no-arch':
        noValue();
        args.noArch = true;
        break;
      case '--format': {
        const v = value();
        if (v === undefined || !(FORMATS as readonly string[]).includes(v)) throw new CliUsageError(`--format takes one of ${FORMATS.join(', ')}, got '${v ?? ''}'`);
        args.format = v as Format;
        break;
      }
      case '--list':
        noValue();
        args.list = true;
        break;
      case '--help':
      case '-h':
        noValue();
        args.help = true;
        break;
      case '--version':
      case '-V':
        noValue();
        args.version = true;
        break;
      case '--html': {
        const v = value();
        if (v === undefined || v === '' || v.startsWith('--')) throw new CliUsageError('--html needs a file to write, like --html report.html');
        args.html = v;
        break;
      }
      case '--columns':
        args.columns = parseColumns(value());
        break;
      case '--past': {
        const v = value();
        if (v !== undefined && SIZE_NAME.test(v)) {
          args.past = v;
          break;
        }
        if (v === undefined || !/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) < 1) throw new CliUsageError(`--past takes the number of cached tokens, a positive integer, got '${v ?? ''}' (or a size name such as P)`);
        args.past = Number(v);
        break;
      }
      case '--where': {
        const v = value();
        if (v === undefined || v.startsWith('--')) throw new CliUsageError('--where needs constraints like H=32h,W=32w or T>=16');
        args.where.push(v);
        break;
      }
      case '--at':
        args.at.push(parseAt(value()));
        break;
      case '--max-params':
      case '--max-flops':
      case '--max-activations':
        args.budget[flag.slice(6) as BudgetKey] = parseAmount(flag, value());
        break;
      case '--budget':
        readBudgetFile(value(), args.budget);
        break;
      case '--convention': {
        const v = value();
        if (v === undefined || v.startsWith('--')) throw new CliUsageError('--convention needs a name (fvcore, ptflops, thop, torchinfo, deepspeed, calflops, pytorch, full)');
        args.convention = v;
        break;
      }
      case '--depth': {
        const v = value();
        if (v === undefined || !/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new CliUsageError(`--depth takes a whole number, got '${v ?? ''}'`);
        args.depth = Number(v);
        args.archDepth = args.depth;
        break;
      }
      default:
        if (parseEstimateFlag(flag, value, noValue, args.estimates)) break;
        if (a.startsWith('-')) throw new CliUsageError(`unknown option '${a}'; ${USAGE}`);
        if (args.target !== null) throw new CliUsageError(`one model at a time, got '${args.target}' and '${a}'`);
        args.target = a;
    }
  }
  if (args.help || args.version) return args;
  // `--columns memory` (or roofline) asks for the estimate its columns show.
  if (args.columns.includes('memory')) args.estimates.memory = true;
  if (args.columns.includes('roofline')) args.estimates.roofline = true;
  checkEstimateArgs(args);
  if (args.estimates.listDevices) return args;
  const others = argv.filter((a) => a !== '--list' && a !== '--json');
  if (args.list && others.length > 0) throw new CliUsageError(`--list takes no other arguments than --json, got '${others.join(' ')}'`);
  if (args.inputShapes.length > 0 && args.inputs.length > 0) throw new CliUsageError('--input-shape and --inputs cannot be combined');
  if (args.past !== null && args.inputShapes.length > 0) throw new CliUsageError('--past goes with token ids (--inputs B,T:int64), not --input-shape');
  if (args.past !== null && args.inputs.length > 1) throw new CliUsageError('--past makes the KV cache the second input; give one --inputs (the token ids B,T:int64)');
  if (args.totals && args.format !== 'text') throw new CliUsageError(`--totals prints the three totals alone; it cannot be combined with --format ${args.format}`);
  if (args.noArch && args.format !== 'text') throw new CliUsageError(`--no-arch is for the text report; it cannot be combined with --format ${args.format}`);
  if (args.columns.length > 0 && !['text', 'table', 'markdown'].includes(args.format)) throw new CliUsageError(`--columns adds columns to the table (text, table or markdown); it cannot be combined with --format ${args.format}`);
  if (args.columns.length > 0 && args.totals) throw new CliUsageError('--columns adds columns to the table; --totals prints no table');
  if (!args.list && args.target === null) throw new CliUsageError(`no model given; ${USAGE}`);
  if (isSymbolic(args)) {
    if (args.convention !== null || args.estimates.memory || args.estimates.roofline || args.estimates.trainStep || args.columns.length > 0 || args.html !== null) {
      throw new CliUsageError('size names (a symbolic analysis) count with the default convention and print formulas; --convention, --memory, --roofline, --train-step, --columns and --html need concrete sizes');
    }
    if (!['text', 'json', 'table', 'arch'].includes(args.format)) throw new CliUsageError(`a symbolic analysis prints text or JSON, not --format ${args.format}`);
  } else if (args.where.length > 0 || args.at.length > 0) {
    throw new CliUsageError(`${args.where.length > 0 ? '--where' : '--at'} goes with size names in --inputs (B,3,H,W) or --past P`);
  }
  return args;
}

interface LoadedModel {
  model: Module;
  defaultInput: InputSpec | undefined;
}

/** Extensions of model files; any other target is a zoo name unless it is a path (has a `/`) or an existing file. */
const MODEL_FILE = /\.(js|mjs|cjs|ts|mts|cts)$/;
const TYPESCRIPT_FILE = /\.(ts|mts|cts)$/;

/** A Hugging Face config.json: the model its `model_type` names (fromHFConfig). */
const CONFIG_FILE = /\.json$/;

function isModelFile(target: string): boolean {
  if (CONFIG_FILE.test(target)) return false;
  if (MODEL_FILE.test(target) || target.includes('/')) return true;
  try {
    // Without an exception for the usual zoo name: making one captures a stack (0.1 ms).
    return statSync(target, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/**
 * Imports a TypeScript model file. Where Node strips types itself (22.6+ with
 * type stripping on; `process.features.typescript`), the file is imported as
 * it is. Otherwise the user's own `typescript` package (found from the file's
 * directory) transpiles it, to a module written beside it (so its imports
 * resolve as they would from the file) and removed after loading. Relative
 * imports of other .ts files are not transpiled: write them as .js files, or
 * use a Node that strips types.
 */
async function importTypeScript(path: string, target: string): Promise<Record<string, unknown>> {
  const features = (process as { features?: { typescript?: unknown } }).features;
  if (features?.typescript) return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  let ts: { transpileModule(source: string, options: object): { outputText: string }; ModuleKind: { ESNext: number }; ScriptTarget: { ES2022: number } };
  try {
    // node:module when needed: loading it loads Node's ES module loader too (0.6 ms of every run).
    const { createRequire } = await import('node:module');
    ts = createRequire(path)('typescript') as typeof ts;
  } catch {
    throw new CliUsageError(
      `cannot run the TypeScript model file '${target}': Node ${process.version} does not strip types; install typescript where the file is (npm install --save-dev typescript), or use Node 22.6+ with type stripping`,
    );
  }
  const { outputText } = ts.transpileModule(readFileSync(path, 'utf8'), {
    fileName: path,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  });
  const out = join(dirname(path), `.${basename(path)}.flopscope-${process.pid}.mjs`);
  writeFileSync(out, outputText);
  try {
    return (await import(pathToFileURL(out).href)) as Record<string, unknown>;
  } finally {
    rmSync(out, { force: true });
  }
}

/** The model file being run, as the command line gave it (null for a zoo name). */
let modelFile: string | null = null;

/** `e` as one line of text: an Error's class and message, anything else as itself. */
function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name || e.constructor?.name || 'Error'}: ${e.message}`;
  try {
    return typeof e === 'string' ? e : `${typeof e} ${String(e)}`;
  } catch {
    return `a thrown ${typeof e}`;
  }
}

/** An error raised by the model file's own code: `error in model file 'x'[ at module]: ...`. */
function modelFileError(e: unknown, where = ''): ModelFileError {
  return new ModelFileError(`error in model file '${modelFile ?? ''}'${where}: ${errorText(e)}`);
}

/** A description of a value the model file exported, for messages. */
function exportedText(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'function') {
    return /^class\b/.test(Function.prototype.toString.call(value)) ? `the class ${value.name} (export an instance, or a factory: export default () => new ${value.name || 'Net'}())` : `the function ${value.name}`;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
    if (proto === null || proto === Object.prototype) return `an object {${Object.keys(value).slice(0, 6).join(', ')}}`;
    return `a ${String(proto.constructor?.name ?? 'class-less')} object`;
  }
  return `${typeof value} ${String(value)}`;
}

/** Token ids [1, 128], the default input of a language model. */
function tokenIds(lib: Library, shape: readonly number[]): InputSpec {
  return { inputs: [new lib.Tensor([1, ...shape], 'int64')] };
}

/** The model of a Hugging Face config.json (read as text; fromHFConfig parses and checks it). */
function loadConfig(lib: Library, target: string): LoadedModel {
  let text: string;
  try {
    text = readFileSync(resolve(target), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliUsageError(`cannot load '${target}': ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'not a file' : errorText(e)}`);
  }
  return { model: lib.fromHFConfig(text), defaultInput: tokenIds(lib, [128]) };
}

async function loadModel(lib: Library, target: string): Promise<LoadedModel> {
  if (CONFIG_FILE.test(target)) return loadConfig(lib, target);
  if (!isModelFile(target)) {
    // Only the zoo's own names: not `constructor` or `toString`, which every object has.
    const entry = Object.hasOwn(lib.ZOO, target) ? lib.ZOO[target] : undefined;
    if (entry === undefined) throw unknownModel(lib, target);
    // Token ids (a language model's entry): a full int64 batch of 1, as `--inputs 1,128:int64`.
    const defaultInput: InputSpec = entry.inputDtype === undefined ? entry.inputShape : { inputs: [new lib.Tensor([1, ...entry.inputShape], entry.inputDtype)] };
    return { model: entry.build(), defaultInput };
  }
  modelFile = target;
  const path = resolve(target);
  let kind: 'file' | 'other' | 'missing';
  try {
    kind = statSync(path).isFile() ? 'file' : 'other';
  } catch {
    kind = 'missing';
  }
  if (kind !== 'file') throw new CliUsageError(`cannot load '${target}': ${kind === 'missing' ? 'no such file' : 'not a file'}`);
  let mod: Record<string, unknown>;
  try {
    mod = TYPESCRIPT_FILE.test(path) ? await importTypeScript(path, target) : ((await import(pathToFileURL(path).href)) as Record<string, unknown>);
  } catch (e) {
    if (e instanceof CliUsageError) throw e;
    throw modelFileError(e);
  }
  const exported = mod.default;
  let model: unknown = exported;
  const isClass = typeof exported === 'function' && /^class\b/.test(Function.prototype.toString.call(exported));
  if (isClass && (exported as { prototype: unknown }).prototype instanceof lib.Module) {
    try {
      // `export default class Net extends Module`: made with no arguments.
      model = new (exported as new () => unknown)();
    } catch (e) {
      throw modelFileError(e, ' (constructing its default export)');
    }
  } else if (typeof exported === 'function' && !isClass) {
    try {
      // A factory; an async one is awaited.
      model = await (exported as () => unknown)();
    } catch (e) {
      throw modelFileError(e, ' (its default export)');
    }
  }
  if (!(model instanceof lib.Module)) {
    // A Module (or Module class) of another copy of the library: it has the
    // methods, but not this copy's class.
    const candidate = isClass ? (exported as { prototype: unknown }).prototype : model;
    const other = typeof candidate === 'object' && candidate !== null && typeof (candidate as { call?: unknown }).call === 'function' && typeof (candidate as { forward?: unknown }).forward === 'function';
    const got = typeof exported === 'function' && model !== exported ? `a function returning ${exportedText(model)}` : exportedText(model);
    throw new ModelFileError(
      other
        ? `error in model file '${target}': its model is a Module of another copy of flopscope; import the library from '${fileURLToPath(new URL('./index.js', import.meta.url))}'`
        : `error in model file '${target}': it must default-export a Module, a Module class or a function returning a Module, got ${got}`,
    );
  }
  const spec = (mod.inputs !== undefined ? { inputs: mod.inputs } : mod.inputShape) as InputSpec | undefined;
  return { model, defaultInput: spec };
}

/** Edits (insertions, deletions, substitutions) that turn `a` into `b`: Levenshtein's distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * The `count` names closest to `name`, ignoring case: names it begins, then
 * the rest by edit distance (names containing it first among equals; ties
 * in the given order).
 */
export function closestNames(name: string, names: readonly string[], count = 5): string[] {
  const wanted = name.toLowerCase();
  const ranked = names.map((n, order) => {
    const lower = n.toLowerCase();
    return { n, order, prefix: lower.startsWith(wanted) ? 0 : 1, contains: lower.includes(wanted) ? 0 : 1, distance: editDistance(wanted, lower) };
  });
  ranked.sort((x, y) => x.prefix - y.prefix || x.distance - y.distance || x.contains - y.contains || x.order - y.order);
  return ranked.slice(0, count).map((r) => r.n);
}

/** An unknown zoo name (exit 1, as the library's UnknownNameError): its message names the closest names rather than all of them. */
function unknownModel(lib: Library, target: string): Error {
  const names = Object.keys(lib.ZOO);
  const closest = closestNames(target, names);
  const error = new lib.UnknownNameError('model', target, names);
  error.message = `unknown model '${target}'; known: ${closest.join(', ')} and ${names.length - closest.length} more, closest first (flopscope --list shows all)`;
  return error;
}

/** What kind of model a zoo entry is, by its default input: token ids, a clip (C, T, H, W) or an image. */
function zooKind(e: Flopscope.ZooEntry): 'language' | 'video' | 'image' {
  return e.inputDtype !== undefined ? 'language' : e.inputShape.length === 4 ? 'video' : 'image';
}

/** `--list --json`: per model, its name, kind and default input (as --input-shape or --inputs takes it). */
function listZooJson(lib: Library): string {
  const entries = Object.entries(lib.ZOO).map(([name, e]) => ({
    name,
    kind: zooKind(e),
    inputShape: e.inputShape,
    inputDtype: e.inputDtype ?? 'float32',
    batchIncluded: false,
    cliInput: e.inputDtype === undefined ? `--input-shape ${e.inputShape.join(',')}` : `--inputs ${[1, ...e.inputShape].join(',')}:${e.inputDtype}`,
  }));
  return `${JSON.stringify(entries, null, 2)}\n`;
}

/** The package's version, from the package.json beside dist/. */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error("package.json has no version");
  return pkg.version;
}

/** The text views' line on stderr naming the ops without a FLOP counter and how often each ran; null when every op was counted. */
function uncountedLine(report: Flopscope.Report): string | null {
  const ops = [...report.flops.unsupported];
  if (ops.length === 0) return null;
  const list = ops.map(([op, n]) => `${op} ${n} time(s)`).join(', ');
  return `warning: ${ops.length} kind${ops.length === 1 ? '' : 's'} of op not counted in the FLOPs (fvcore has no counter for them): ${list}`;
}

/** --html FILE: the HTML report written to FILE. */
function writeHtml(lib: Library, file: string, report: Flopscope.Report): void {
  try {
    writeFileSync(file, lib.htmlView(report));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new OutputFileError(`cannot write the HTML report to '${file}': ${err.code !== undefined ? `${err.code}: ` : ''}${err instanceof Error ? err.message.replace(`${err.code}: `, '') : String(e)}`);
  }
}

function listZoo(lib: Library): string {
  const names = Object.keys(lib.ZOO);
  const width = Math.max(...names.map((n) => n.length));
  // An image model's input as --input-shape takes it (3,224,224); token ids as --inputs takes them (1,128:int64).
  const input = (e: Flopscope.ZooEntry): string => (e.inputDtype === undefined ? e.inputShape.join(',') : `${[1, ...e.inputShape].join(',')}:${e.inputDtype}`);
  return names.map((n) => `${n.padEnd(width)}  ${input(lib.ZOO[n]!)}`).join('\n') + '\n';
}

/** The over-budget line of this run, said after the report (exit 3), or null. */
let budgetFailure: string | null = null;

/** The uncounted ops' line of this run, said on stderr after the report, or null. */
let uncountedWarning: string | null = null;

/** The library this run loaded, if any: errors are classified by its classes. */
let loaded: Library | null = null;

export async function run(argv: readonly string[]): Promise<string> {
  if (argv[0] === 'diff') return runDiff(argv.slice(1));
  if (argv[0] === 'compare') return runCompare(argv.slice(1));
  const args = parseArgs(argv);
  if (args.help) return HELP;
  if (args.version) return `${packageVersion()}\n`;
  const lib = (loaded = await loadLibrary(!args.list && !args.estimates.listDevices && isModelFile(args.target!)));
  if (args.list) return args.format === 'json' ? listZooJson(lib) : listZoo(lib);
  if (args.estimates.listDevices) return lib.devicesText();
  // An unknown convention is a command-line mistake (exit 2), found before the model is built.
  if (args.convention !== null && !lib.conventionNames().includes(args.convention)) {
    throw new CliUsageError(`unknown convention '${args.convention}'; known: ${lib.conventionNames().join(', ')}`);
  }
  if (isSymbolic(args)) return runSymbolic(lib, args);
  const result = await analyzeTarget(lib, args);
  const conv = args.convention === null ? null : result.convention;
  // --memory, --roofline: columns of the views, and sections of totals after the text report.
  const estimates = args.estimates.memory || args.estimates.roofline ? estimatesOf(lib, result, args) : null;
  const report = estimates?.report ?? result.report;
  if (args.html !== null) writeHtml(lib, args.html, report);
  if (estimates !== null && args.format === 'json') return `${lib.toJson(lib.jsonView(report, { tableDepth: args.depth, trainStep: estimates.trainStep }))}\n`;
  if (args.totals) {
    const size = (n: bigint): string => `${lib.formatSize(n)} (${n})`;
    if (conv !== null) return `params (${conv.name}): ${size(conv.params)}\n${conv.unit} (${conv.name}): ${size(conv.flops)}\nactivations: ${size(result.activations)}\n`;
    return `params: ${size(result.params)}; trainable: ${size(result.paramsTrainable)}, frozen: ${size(result.paramsFrozen)}\nflops: ${size(result.flops)}\nactivations: ${size(result.activations)}\n`;
  }
  if (args.format === 'json') return `${lib.toJson(lib.jsonView(report, { tableDepth: args.depth }))}\n`;
  if (args.format === 'markdown') return lib.markdownView(report, { maxDepth: args.depth, columns: args.columns });
  if (args.format === 'csv') return lib.csvView(report);
  if (args.format === 'html') return lib.htmlView(report);
  uncountedWarning = uncountedLine(report);
  // The reference's views, unless --columns, --depth or estimates ask for more or less.
  const outTable = args.columns.length === 0 && estimates === null ? result.outTable : `\n${lib.tableView(report, { maxDepth: args.depth, columns: args.columns })}`;
  const outArch = args.archDepth === undefined && estimates === null ? result.outArch : `\n${lib.archView(report, { maxDepth: args.archDepth })}`;
  if (args.format === 'table') return `${outTable}\n`;
  if (args.format === 'arch') return `${outArch}\n`;
  const g = result.report.generation;
  const generation =
    g === undefined ? '' : `Generation: ${g.phase}, batch ${g.batch}, ${g.newTokens} new token${g.newTokens === 1 ? '' : 's'}${g.phase === 'decode' ? ` after ${g.pastTokens} cached` : ''}${g.routing !== undefined ? `; expert routing ${g.routing}` : ''}\n`;
  if (conv !== null) {
    const macs = conv.macs === undefined ? '' : `Model MACs (${conv.name}):${lib.formatSize(conv.macs)}\n`;
    const header = `Convention: ${conv.name}; FLOP counts in ${conv.unit}\n`;
    return `${header}${outTable}\n${args.noArch ? '' : `${outArch}\n`}Model ${conv.unit} (${conv.name}):${result.flopsStr}\n${macs}Model Parameters (${conv.name}):${lib.formatSize(conv.params)}\n${generation}${estimates?.text ?? ''}`;
  }
  return `${outTable}\n${args.noArch ? '' : `${outArch}\n`}Model Flops:${result.flopsStr}\nModel Parameters:${result.paramsStr}\n${generation}${estimates?.text ?? ''}`;
}

/**
 * `flopscope compare MODEL`: the model counted by every convention, a row
 * each: its total and unit, the parameters it counts, and what it leaves out.
 */
async function runCompare(argv: readonly string[]): Promise<string> {
  const args = parseArgs(argv);
  if (args.help) return 'usage: flopscope compare <zoo-name | path/to/model.js|.ts | path/to/config.json> [--inputs ...] [--input-shape ...] [--eval]\n';
  if (args.convention !== null) throw new CliUsageError('compare counts every convention; --convention is for a single report');
  if (args.format !== 'text') throw new CliUsageError(`compare prints text, got --format ${args.format}`);
  const lib = (loaded = await loadLibrary(isModelFile(args.target!)));
  const rows: string[][] = [];
  for (const c of lib.conventions()) {
    const result = await analyzeTarget(lib, { ...args, convention: c.name });
    const t = result.convention;
    const macs = t.macs === undefined ? '' : ` (${lib.formatSize(t.macs)} MACs)`;
    rows.push([c.name, `${lib.formatSize(t.flops)} ${t.unit}${macs}`, String(t.flops), lib.formatSize(t.params), c.leavesOut]);
  }
  budgetFailure = null;
  const headers = ['convention', 'total (unit)', 'exact', 'parameters', 'leaves out'];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]): string => r.map((c, i) => (i === 4 ? c : i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [`compare: ${args.target!}`, line(headers), ...rows.map(line), ''].join('\n');
}

/** One side of a diff: its name, totals and per-module counts. */
interface DiffSide {
  name: string;
  totals: Record<BudgetKey, bigint>;
  modules: string[];
  counts: Record<BudgetKey, Map<string, bigint>>;
}

/** JSON text with integers of 16 digits or more kept exact (as strings), strings left as they are. */
function parseExactJson(text: string): unknown {
  return JSON.parse(text.replace(/"(?:[^"\\]|\\.)*"|-?\d{16,}/g, (m) => (m.startsWith('"') ? m : `"${m}"`))) as unknown;
}

/** A side from a --json report (saved, or of a fresh analysis). */
function diffSide(name: string, report: unknown, where: string): DiffSide {
  const r = report as Record<string, unknown> | null;
  const map = (key: string): Map<string, bigint> => {
    const v = r?.[key];
    if (typeof v !== 'object' || v === null) throw new CliUsageError(`diff: ${where} is not a flopscope --json report (no '${key}')`);
    return new Map(Object.entries(v).map(([k, n]) => [k, BigInt(n as number | string)]));
  };
  const counts = { params: map('paramsByName'), flops: map('flopsByModule'), activations: map('activationsByModule') };
  const total = (key: BudgetKey): bigint => BigInt((r?.[key] as number | string | undefined) ?? 0);
  return { name, totals: { params: total('params'), flops: total('flops'), activations: total('activations') }, modules: [...counts.flops.keys()], counts };
}

/**
 * `flopscope diff A B`: per-module deltas of parameters, flops and
 * activations between two models (zoo names, model files, config.json files)
 * or saved `--json` reports, as a text table or markdown (`--format
 * markdown`), modules to `--depth` (3) levels, only those that differ.
 */
async function runDiff(argv: readonly string[]): Promise<string> {
  const [a, b, ...rest] = argv;
  if (a === undefined || b === undefined || a.startsWith('-') || b.startsWith('-')) throw new CliUsageError('usage: flopscope diff <A> <B> [--format text|markdown] [--depth N] [--eval] [--inputs ...]: A and B are zoo names, model files or saved --json reports');
  const args = parseArgs([a, ...rest]);
  if (args.format !== 'text' && args.format !== 'markdown') throw new CliUsageError(`diff prints text or markdown, got --format ${args.format}`);
  if (args.html !== null || args.columns.length > 0) throw new CliUsageError(`diff prints its own table; --html and --columns are for one model's report`);
  const isSaved = (t: string): boolean => {
    if (!t.endsWith('.json')) return false;
    try {
      return readFileSync(t, 'utf8').includes('"flopsByModule"');
    } catch {
      return false;
    }
  };
  const live = [a, b].filter((t) => !isSaved(t));
  const lib = (loaded = await loadLibrary(live.some(isModelFile)));
  const side = async (target: string): Promise<DiffSide> => {
    if (isSaved(target)) return diffSide(target, parseExactJson(readFileSync(target, 'utf8')), `'${target}'`);
    const result = await analyzeTarget(lib, { ...args, target });
    return diffSide(target, parseExactJson(lib.toJson(lib.jsonView(result.report))), `'${target}'`);
  };
  const [left, right] = [await side(a), await side(b)];
  budgetFailure = null;
  const names = [...left.modules, ...right.modules.filter((m) => !left.counts.flops.has(m))].filter((m) => m === '' || m.split('.').length <= args.depth);
  const signed = (d: bigint): string => (d > 0n ? `+${lib.formatSize(d)}` : d < 0n ? `-${lib.formatSize(-d)}` : '0');
  const cell = (key: BudgetKey, m: string): string => {
    const x = m === '' ? left.totals[key] : left.counts[key].get(m);
    const y = m === '' ? right.totals[key] : right.counts[key].get(m);
    const show = (v: bigint | undefined): string => (v === undefined ? '-' : lib.formatSize(v));
    return `${show(x)} -> ${show(y)} (${signed((y ?? 0n) - (x ?? 0n))})`;
  };
  const changed = (m: string): boolean =>
    m === '' || BUDGET_KEYS.some((k) => left.counts[k].get(m) !== right.counts[k].get(m)) || left.counts.flops.has(m) !== right.counts.flops.has(m);
  const rows = names.filter(changed).map((m) => [m === '' ? 'model' : m, cell('params', m), cell('flops', m), cell('activations', m)]);
  const headers = ['module', '#parameters', '#flops', '#activations'];
  const title = `${left.name} -> ${right.name}`;
  if (args.format === 'markdown') {
    return [`## ${title}`, '', `| ${headers.join(' | ')} |`, `|:--|--:|--:|--:|`, ...rows.map((r) => `| \`${r[0]}\` | ${r.slice(1).join(' | ')} |`), ''].join('\n');
  }
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [`diff: ${title}`, line(headers), ...rows.map(line), ''].join('\n');
}

/** Builds (or loads) the target's model and analyses it at the inputs the arguments give (or its default input). */
async function analyzeTarget(lib: Library, args: CliArgs): Promise<Flopscope.AnalysisResult> {
  const { model, defaultInput } = await loadModel(lib, args.target!);
  if (args.evalMode) model.eval();
  const given: InputSpec | undefined =
    args.inputs.length > 0 ? { inputs: args.inputs.map((i) => (i.dtype === undefined ? (i.shape as number[]) : new lib.Tensor(i.shape as number[], i.dtype as Flopscope.DType))) } : args.inputShapes.length > 0 ? (args.inputShapes.length === 1 ? args.inputShapes[0]! : args.inputShapes) : undefined;
  let spec = given;
  if (spec === undefined) {
    if (defaultInput === undefined) throw new CliUsageError(`'${args.target!}' exports no inputShape or inputs; pass --input-shape or --inputs`);
    spec = defaultInput;
  }
  let inputs: Flopscope.Tensor[];
  try {
    inputs = lib.resolveInputs(spec);
  } catch (e) {
    // The model file's own default input: its mistake, named as such.
    if (given === undefined && modelFile !== null && e instanceof lib.FlopscopeError) throw modelFileError(e, ' (its exported input)');
    throw e;
  }
  const result = lib.analyze(
    model,
    { inputs: args.past === null ? inputs : [...inputs, kvCache(lib, model, args.target!, inputs, args.past as number)] },
    { tableDepth: args.depth, name: args.target!, ...(args.convention !== null ? { convention: args.convention } : {}) },
  );
  budgetFailure = overBudget(lib, args.budget, { params: result.params, flops: result.flops, activations: result.activations });
  return result;
}

/** Whether the arguments name sizes: --inputs with a name, or --past with one. */
function isSymbolic(args: CliArgs): boolean {
  return typeof args.past === 'string' || args.inputs.some((i) => i.shape.some((d) => typeof d === 'string'));
}

/**
 * A symbolic analysis (--inputs B,3,H,W, --past P): the views with formulas,
 * the totals as exact formulas, the conditions they hold under, and the
 * values at each --at point; --json gives `formula` and `at`.
 */
async function runSymbolic(lib: Library, args: CliArgs): Promise<string> {
  const { model } = await loadModel(lib, args.target!);
  if (args.evalMode) model.eval();
  const inputs: Flopscope.SymbolicInputs = args.inputs.map((i) => (i.dtype === undefined ? i.shape : lib.symbolicTensor(i.shape, i.dtype as Flopscope.DType, args.where)));
  let spec: Flopscope.SymbolicInputs = inputs;
  if (args.past !== null) {
    checkTakesKVCache(lib, model, args.target!);
    const ids = args.inputs[0];
    if (ids === undefined || ids.shape.length !== 2) throw new CliUsageError('--past needs token ids of shape B,T (--inputs B,T:int64)');
    spec = [...inputs, lib.symbolicKVCache(model, ids.shape[0]!, args.past, args.where)];
  }
  const s = lib.analyzeSymbolic(model, { inputs: spec }, { where: args.where, name: args.target! });
  const points = args.at.map((values) => ({ values, result: s.at(values) }));
  const past = typeof args.past === 'string' ? args.past : undefined;
  if (args.format === 'json') {
    const at = points.map(({ values, result }) => new Map<string, Flopscope.JsonValue>([['values', values as unknown as Flopscope.JsonValue], ...lib.jsonView(result.report, { tableDepth: args.depth })]));
    const out = new Map<string, Flopscope.JsonValue>([
      ['version', lib.JSON_SCHEMA_VERSION],
      ['model', args.target!],
      ['mode', model.training ? 'train' : 'eval'],
      ['formula', s.formulaJson() as unknown as Flopscope.JsonValue],
      ['at', at],
    ]);
    if (past !== undefined) out.set('generation', lib.generationFormulaJson(s, past) as unknown as Flopscope.JsonValue);
    return `${lib.toJson(out)}\n`;
  }
  const outTable = `\n${lib.tableView(s.report, { maxDepth: args.depth })}`;
  const outArch = `\n${lib.archView(s.report, { maxDepth: args.archDepth })}`;
  if (args.format === 'table') return `${outTable}\n`;
  if (args.format === 'arch') return `${outArch}\n`;
  return `${outTable}\n${args.noArch ? '' : `${outArch}\n`}${lib.symbolicSummary(s, args.at, past)}`;
}

/** `--past` needs a model that takes a KV cache: else a usage error naming the ones that do. */
function checkTakesKVCache(lib: Library, model: Module, target: string): asserts model is Module & Flopscope.KVCacheModel {
  if (!lib.takesKVCache(model)) throw new CliUsageError(`--past: '${target}' (${model.typeName()}) takes no KV cache; --past is for language models that do (${lib.cacheModelTypes().join(', ')})`);
}

/** `--past P`: the model's KV cache of P tokens for the token ids' batch (its own layout: layers, key-value heads, head size). */
function kvCache(lib: Library, model: Module, target: string, inputs: readonly Flopscope.Tensor[], past: number): Flopscope.KVCache {
  checkTakesKVCache(lib, model, target);
  const ids = inputs[0]!;
  if (ids.rank !== 2) throw new CliUsageError(`--past needs token ids of shape B,T (--inputs B,T:int64), got ${ids.shape.join(',')}`);
  return model.makeKVCache(lib.concreteSize(ids.shape[0]!, '--past batch'), past);
}

/**
 * `message` on one line (line breaks and other control characters escaped,
 * at most 4,000 characters): the CLI's promise is one line on stderr.
 */
export function oneLine(message: string): string {
  // eslint-disable-next-line no-control-regex
  const text = message.replace(/\r\n|[\u0000-\u001f\u007f\u2028\u2029]/g, (c) =>
    c === '\n' || c === '\r\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return text.length <= 4000 ? text : `${text.slice(0, 4000)}…`;
}

/** Whether the run has ended (its report written or being written, or its error said). */
let ended = false;

function fail(message: string, code: number): void {
  ended = true;
  try {
    writeSync(2, `flopscope: ${oneLine(message)}\n`);
  } catch {
    // stderr is gone too: the exit code is all there is.
  }
  process.exitCode = code;
}

/** The message and exit code for an error of a run. */
function report(e: unknown): void {
  if (e instanceof CliUsageError || (loaded !== null && e instanceof loaded.UsageError)) return fail(e.message, EXIT_USAGE);
  if (e instanceof ModelFileError) return fail(e.message, EXIT_MODEL);
  if (e instanceof OutputFileError) return fail(e.message, EXIT_IO);
  if (loaded !== null && e instanceof loaded.FlopscopeError) return fail(e.message, EXIT_MODEL);
  if (modelFile !== null) {
    // Raised by the model file's code while it ran (its forward, its repr
    // hooks): the tracer notes which module it came from.
    const at = typeof e === 'object' && e !== null ? (e as Record<symbol, unknown>)[Symbol.for('flopscope.modulePath')] : undefined;
    return fail(modelFileError(e, typeof at === 'string' ? ` at module ${at}` : '').message, EXIT_MODEL);
  }
  fail(`internal error: ${errorText(e)}`, EXIT_INTERNAL);
}

/** The write error's one line, and exit EX_IOERR (EPIPE, a reader that stopped early, is not an error). */
function writeFailed(e: unknown): void {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'EPIPE') process.exit(0);
  const message = err instanceof Error ? err.message : String(e);
  fail(`cannot write the report: ${err?.code !== undefined && !message.includes(err.code) ? `${err.code}: ` : ''}${message}`, EXIT_IO);
  process.exit();
}

/**
 * Writes the report with write(2) on fd 1, then exits. process.stdout would
 * load Node's stream and socket modules for a pipe, and the report is done;
 * Node's orderly teardown of the heap is all that would be left.
 */
function printAndExit(text: string): void {
  ended = true;
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EAGAIN') return writeFailed(e);
    // A non-blocking stdout (shared with a parent that made it so) that is
    // full: Node's stream waits for it, and the process ends when it is written.
    process.stdout.on('error', writeFailed);
    process.stdout.write(bytes.subarray(done));
    warnUncounted();
    if (budgetFailure !== null) fail(budgetFailure, EXIT_BUDGET);
    return;
  }
  warnUncounted();
  if (budgetFailure !== null) fail(budgetFailure, EXIT_BUDGET);
  process.exit();
}

/**
 * The uncounted ops' line, once the report is written (a report that cannot
 * be written gets its one error line alone). The build's runs that record
 * the code cache (scripts/bundle.mjs) say nothing.
 */
function warnUncounted(): void {
  if (uncountedWarning === null || RECORD_CODE_CACHE) return;
  try {
    writeSync(2, `flopscope: ${oneLine(uncountedWarning)}\n`);
  } catch {
    // stderr is gone: the report is written, and the exit code says the rest.
  }
}

// Whatever the model file's code does (a timer that throws, a promise it
// leaves rejected), the run ends with one line and an exit code.
process.on('uncaughtException', (e) => {
  report(e);
  process.exit();
});
process.on('unhandledRejection', (e) => {
  report(e);
  process.exit();
});
// A model file that never finishes loading (a top-level await or a factory
// whose promise never settles) would otherwise end the process with nothing
// said and exit 0.
process.on('beforeExit', () => {
  if (ended) return;
  fail(modelFile !== null ? `error in model file '${modelFile}': it never finished loading (a promise that never settles)` : 'internal error: the run never finished', modelFile !== null ? EXIT_MODEL : EXIT_INTERNAL);
});

run(process.argv.slice(2)).then(printAndExit, (e: unknown) => {
  report(e);
  // Timers the model file left would keep the process alive.
  process.exit();
});
