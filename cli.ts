#!/usr/bin/env node
// flopscope <zoo-name | path/to/module.js> [--input-shape 3,224,224]... [--inputs 4,3,160,160]...
//           [--eval] [--json] [--depth N] [--list]
// Prints the reference's report (table, architecture, totals) or, with --json,
// every number behind it. Errors are one line on stderr and nothing on stdout.

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FlopscopeError, UsageError } from './core/errors.js';
import { Module } from './nn/module.js';
import { analyze, resolveInputs, type InputSpec } from './analysis/analyze.js';
import { jsonView, toJson } from './views/json.js';
import { ZOO, zooEntry } from './models/index.js';

const USAGE =
  'usage: flopscope <zoo-name | path/to/module.js> [--input-shape 3,224,224]... [--inputs 4,3,160,160]... [--eval] [--json] [--depth N] | --list';

interface CliArgs {
  target: string | null;
  inputShapes: number[][];
  inputs: number[][];
  evalMode: boolean;
  json: boolean;
  depth: number;
  list: boolean;
  help: boolean;
}

function parseDims(flag: string, text: string | undefined): number[] {
  if (text === undefined || text.startsWith('--')) throw new UsageError(`${flag} needs a value like 3,224,224`);
  const dims = text.split(',').map((s) => s.trim());
  if (dims.some((d) => !/^\d+$/.test(d) || Number(d) < 1 || !Number.isSafeInteger(Number(d)))) {
    throw new UsageError(`${flag} takes positive integers separated by commas, got '${text}'`);
  }
  return dims.map(Number);
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { target: null, inputShapes: [], inputs: [], evalMode: false, json: false, depth: 3, list: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--input-shape':
        args.inputShapes.push(parseDims(flag, value()));
        break;
      case '--inputs':
        args.inputs.push(parseDims(flag, value()));
        break;
      case '--eval':
        args.evalMode = true;
        break;
      case '--json':
        args.json = true;
        break;
      case '--list':
        args.list = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      case '--depth': {
        const v = value();
        if (v === undefined || !/^\d+$/.test(v)) throw new UsageError(`--depth takes a whole number, got '${v ?? ''}'`);
        args.depth = Number(v);
        break;
      }
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option '${a}'; ${USAGE}`);
        if (args.target !== null) throw new UsageError(`one model at a time, got '${args.target}' and '${a}'`);
        args.target = a;
    }
  }
  if (args.inputShapes.length > 0 && args.inputs.length > 0) throw new UsageError('--input-shape and --inputs cannot be combined');
  if (!args.list && !args.help && args.target === null) throw new UsageError(`no model given; ${USAGE}`);
  return args;
}

interface LoadedModel {
  model: Module;
  defaultInput: InputSpec;
}

async function loadModel(target: string): Promise<LoadedModel> {
  const isPath = target.endsWith('.js') || target.endsWith('.mjs') || target.includes('/');
  if (!isPath) {
    const entry = zooEntry(target);
    return { model: entry.build(), defaultInput: entry.inputShape };
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(target)).href)) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`cannot load '${target}': ${(e as Error).message.split('\n')[0]}`);
  }
  const exported = mod.default;
  const model = typeof exported === 'function' ? (exported as () => unknown)() : exported;
  if (!(model instanceof Module)) throw new UsageError(`'${target}' must default-export a Module or a function returning one`);
  const spec = (mod.inputs !== undefined ? { inputs: mod.inputs } : mod.inputShape) as InputSpec | undefined;
  if (spec === undefined) throw new UsageError(`'${target}' exports no inputShape or inputs; pass --input-shape or --inputs`);
  return { model, defaultInput: spec };
}

function listZoo(): string {
  const names = Object.keys(ZOO);
  const width = Math.max(...names.map((n) => n.length));
  return names.map((n) => `${n.padEnd(width)}  ${ZOO[n]!.inputShape.join(',')}`).join('\n') + '\n';
}

export async function run(argv: readonly string[]): Promise<string> {
  const args = parseArgs(argv);
  if (args.help) return `${USAGE}\n`;
  if (args.list) return listZoo();
  const { model, defaultInput } = await loadModel(args.target!);
  if (args.evalMode) model.eval();
  const spec: InputSpec =
    args.inputs.length > 0 ? { inputs: args.inputs } : args.inputShapes.length > 0 ? (args.inputShapes.length === 1 ? args.inputShapes[0]! : args.inputShapes) : defaultInput;
  const inputs = resolveInputs(spec).map((t) => t.shape);
  const result = analyze(model, { inputs }, { tableDepth: args.depth, name: args.target! });
  if (args.json) return `${toJson(jsonView(result.report, { tableDepth: args.depth }))}\n`;
  return `${result.outTable}\n${result.outArch}\nModel Flops:${result.flopsStr}\nModel Parameters:${result.paramsStr}\n`;
}

function fail(message: string, code: number): void {
  process.stderr.write(`flopscope: ${message}\n`);
  process.exitCode = code;
}

// A reader that stops early (`flopscope resnet50 | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

run(process.argv.slice(2)).then(
  (text) => {
    process.stdout.write(text);
  },
  (e: unknown) => {
    if (e instanceof UsageError) fail(e.message, 2);
    else if (e instanceof FlopscopeError) fail(e.message, 1);
    else fail(`internal error: ${e instanceof Error ? e.message : String(e)}`, 70);
  },
);
