#!/usr/bin/env node
// flopscope <zoo-name | path/to/module.js> [--input-shape 3,224,224]... [--inputs 4,3,160,160]...
//           [--eval] [--json] [--depth N] [--list]
// Prints the reference's report (table, architecture, totals) or, with --json,
// every number behind it. Errors are one line on stderr and nothing on stdout.

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Flopscope from './index.js';
import type { InputSpec, Module } from './index.js';

// One copy of the library per process. `npm run build` bundles this file into
// dist/cli.js with the library inside it, so that `flopscope resnet50` reads one
// file instead of some 65. A model file, though, imports the library from
// dist/index.js and the modules beneath it; a second copy would hold a second
// Module class (`instanceof` fails) and a second trace sink (the model's ops go
// unheard). So the CLI takes the library only through `loadLibrary`, and never
// imports its values at the top: for a model file it loads dist/index.js from
// disk, the very copy the file uses; for a zoo name or --list it loads the copy
// bundled here, which the bundle initialises only then. Unbundled (tsc's
// output), both are the same module.
type Library = typeof Flopscope;

function loadLibrary(forModelFile: boolean): Promise<Library> {
  // A computed specifier: the bundler leaves it as a run-time import of dist/index.js.
  if (forModelFile) return import(new URL('./index.js', import.meta.url).href) as Promise<Library>;
  return import('./index.js');
}

/** A mistake on the command line, found before the library is loaded (exit 2). */
class CliUsageError extends Error {}

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
  if (text === undefined || text.startsWith('--')) throw new CliUsageError(`${flag} needs a value like 3,224,224`);
  const dims = text.split(',').map((s) => s.trim());
  if (dims.some((d) => !/^\d+$/.test(d) || Number(d) < 1 || !Number.isSafeInteger(Number(d)))) {
    throw new CliUsageError(`${flag} takes positive integers separated by commas, got '${text}'`);
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
        if (v === undefined || !/^\d+$/.test(v)) throw new CliUsageError(`--depth takes a whole number, got '${v ?? ''}'`);
        args.depth = Number(v);
        break;
      }
      default:
        if (a.startsWith('-')) throw new CliUsageError(`unknown option '${a}'; ${USAGE}`);
        if (args.target !== null) throw new CliUsageError(`one model at a time, got '${args.target}' and '${a}'`);
        args.target = a;
    }
  }
  if (args.inputShapes.length > 0 && args.inputs.length > 0) throw new CliUsageError('--input-shape and --inputs cannot be combined');
  if (!args.list && !args.help && args.target === null) throw new CliUsageError(`no model given; ${USAGE}`);
  return args;
}

interface LoadedModel {
  model: Module;
  defaultInput: InputSpec;
}

function isModelFile(target: string): boolean {
  return target.endsWith('.js') || target.endsWith('.mjs') || target.includes('/');
}

async function loadModel(lib: Library, target: string): Promise<LoadedModel> {
  if (!isModelFile(target)) {
    const entry = lib.ZOO[target];
    if (entry === undefined) throw new lib.UnknownNameError('model', target, Object.keys(lib.ZOO));
    return { model: entry.build(), defaultInput: entry.inputShape };
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(target)).href)) as Record<string, unknown>;
  } catch (e) {
    throw new CliUsageError(`cannot load '${target}': ${(e as Error).message.split('\n')[0]}`);
  }
  const exported = mod.default;
  const model = typeof exported === 'function' ? (exported as () => unknown)() : exported;
  if (!(model instanceof lib.Module)) throw new CliUsageError(`'${target}' must default-export a Module or a function returning one`);
  const spec = (mod.inputs !== undefined ? { inputs: mod.inputs } : mod.inputShape) as InputSpec | undefined;
  if (spec === undefined) throw new CliUsageError(`'${target}' exports no inputShape or inputs; pass --input-shape or --inputs`);
  return { model, defaultInput: spec };
}

function listZoo(lib: Library): string {
  const names = Object.keys(lib.ZOO);
  const width = Math.max(...names.map((n) => n.length));
  return names.map((n) => `${n.padEnd(width)}  ${lib.ZOO[n]!.inputShape.join(',')}`).join('\n') + '\n';
}

/** The library this run loaded, if any: errors are classified by its classes. */
let loaded: Library | null = null;

export async function run(argv: readonly string[]): Promise<string> {
  const args = parseArgs(argv);
  if (args.help) return `${USAGE}\n`;
  const lib = (loaded = await loadLibrary(!args.list && isModelFile(args.target!)));
  if (args.list) return listZoo(lib);
  const { model, defaultInput } = await loadModel(lib, args.target!);
  if (args.evalMode) model.eval();
  const spec: InputSpec =
    args.inputs.length > 0 ? { inputs: args.inputs } : args.inputShapes.length > 0 ? (args.inputShapes.length === 1 ? args.inputShapes[0]! : args.inputShapes) : defaultInput;
  const inputs = lib.resolveInputs(spec).map((t) => t.shape);
  const result = lib.analyze(model, { inputs }, { tableDepth: args.depth, name: args.target! });
  if (args.json) return `${lib.toJson(lib.jsonView(result.report, { tableDepth: args.depth }))}\n`;
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
    if (e instanceof CliUsageError || (loaded !== null && e instanceof loaded.UsageError)) fail(e.message, 2);
    else if (loaded !== null && e instanceof loaded.FlopscopeError) fail(e.message, 1);
    else fail(`internal error: ${e instanceof Error ? e.message : String(e)}`, 70);
  },
);
