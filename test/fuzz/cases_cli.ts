// Fuzz cases for the CLI: flags, zoo names and model files. Every mistake is
// one line on stderr, nothing on stdout, and an exit code: 2 for the command
// line, 1 for the model (a FlopscopeError, or an error of the model file's
// own code, named as such), 70 for flopscope itself.

import type { CliCase } from './case.js';

/** A model file: `body` after the library's import (`Module`, `nn`, `F`, `ArgumentError`). */
const file = (body: string): Readonly<Record<string, string>> => ({
  'm.mjs': `import { Module, nn, F, ArgumentError, setTraceSink } from '@LIB@';\n${body}\n`,
});

/** A model file whose default export is a factory of a Linear(3, 2) Net, input [3]. */
const NET = `class Net extends Module {
  constructor() { super(); this.fc = new nn.Linear(3, 2); }
  forward(x) { return this.fc.call(x); }
}
export const inputShape = [3];`;

export const CLI_CASES: readonly CliCase[] = [
  // Switches take no value; --list takes nothing else.
  { name: 'cli: --eval=false', kind: 'cli', argv: ['resnet18', '--eval=false'], expect: { code: 2, words: ['--eval takes no value', "'--eval=false'"] } },
  { name: 'cli: --json=no', kind: 'cli', argv: ['resnet18', '--json=no'], expect: { code: 2, words: ['--json takes no value'] } },
  { name: 'cli: --list=yes', kind: 'cli', argv: ['--list=yes'], expect: { code: 2, words: ['--list takes no value'] } },
  { name: 'cli: --help=1', kind: 'cli', argv: ['--help=1'], expect: { code: 2, words: ['--help takes no value'] } },
  { name: 'cli: --list with a model', kind: 'cli', argv: ['--list', 'resnet18'], expect: { code: 2, words: ['--list takes no other arguments', 'resnet18'] } },
  { name: 'cli: --list with --depth', kind: 'cli', argv: ['--list', '--depth', '2'], expect: { code: 2, words: ['--list takes no other arguments', '--depth 2'] } },

  // Flags and their values.
  { name: 'cli: an unknown flag', kind: 'cli', argv: ['resnet18', '--bogus'], expect: { code: 2, words: ["unknown option '--bogus'", 'usage:'] } },
  { name: 'cli: a single-dash flag', kind: 'cli', argv: ['resnet18', '-x'], expect: { code: 2, words: ["unknown option '-x'"] } },
  { name: 'cli: --depth without a value', kind: 'cli', argv: ['resnet18', '--depth'], expect: { code: 2, words: ['--depth takes a whole number'] } },
  { name: 'cli: --depth -1', kind: 'cli', argv: ['resnet18', '--depth', '-1'], expect: { code: 2, words: ["--depth takes a whole number, got '-1'"] } },
  { name: 'cli: --depth x', kind: 'cli', argv: ['resnet18', '--depth', 'x'], expect: { code: 2, words: ["got 'x'"] } },
  { name: 'cli: --depth beyond 2^53', kind: 'cli', argv: ['resnet18', '--depth', '99999999999999999999'], expect: { code: 2, words: ['--depth takes a whole number'] } },
  { name: 'cli: --input-shape 3,,224', kind: 'cli', argv: ['resnet18', '--input-shape', '3,,224'], expect: { code: 2, words: ["--input-shape takes positive integers separated by commas, got '3,,224'"] } },
  { name: 'cli: --inputs 0,3', kind: 'cli', argv: ['resnet18', '--inputs', '0,3'], expect: { code: 2, words: ["--inputs takes positive integers separated by commas, got '0,3'"] } },
  { name: 'cli: --inputs with an unknown dtype', kind: 'cli', argv: ['resnet18', '--inputs', '1,8:int8'], expect: { code: 2, words: ["--inputs takes a shape and optionally ':' and a dtype", 'int64', "got '1,8:int8'"] } },
  { name: 'cli: --inputs with an empty dtype', kind: 'cli', argv: ['resnet18', '--inputs', '1,8:'], expect: { code: 2, words: ["got '1,8:'"] } },
  { name: 'cli: --inputs with a dtype and a bad shape', kind: 'cli', argv: ['resnet18', '--inputs', '1,,8:int64'], expect: { code: 2, words: ["--inputs takes positive integers separated by commas, got '1,,8'"] } },
  { name: 'cli: --input-shape followed by a flag', kind: 'cli', argv: ['resnet18', '--input-shape', '--json'], expect: { code: 2, words: ['--input-shape needs a value'] } },
  { name: 'cli: --input-shape= empty', kind: 'cli', argv: ['resnet18', '--input-shape='], expect: { code: 2, words: ['--input-shape takes positive integers', "got ''"] } },

  // Zoo names every object inherits.
  { name: "cli: zoo name 'constructor'", kind: 'cli', argv: ['constructor'], expect: { code: 1, words: ["unknown model 'constructor'", 'resnet18'] } },
  { name: "cli: zoo name '__proto__'", kind: 'cli', argv: ['__proto__'], expect: { code: 1, words: ["unknown model '__proto__'"] } },
  { name: "cli: zoo name 'toString'", kind: 'cli', argv: ['toString'], expect: { code: 1, words: ["unknown model 'toString'"] } },

  // Model files that are not there or export no model.
  { name: 'cli: a model file that does not exist', kind: 'cli', argv: ['./missing.mjs'], expect: { code: 2, words: ["cannot load './missing.mjs'", 'no such file'] } },
  { name: 'cli: a directory for a model file', kind: 'cli', argv: ['./'], files: file(''), expect: { code: 2, words: ["cannot load './'", 'not a file'] } },
  { name: 'cli: a file that exports nothing', kind: 'cli', argv: ['m.mjs'], files: file('export const x = 1;'), expect: { code: 1, words: ["error in model file 'm.mjs'", 'default-export a Module', 'got nothing'] } },
  { name: 'cli: a file that exports a number', kind: 'cli', argv: ['m.mjs'], files: file('export default 5;'), expect: { code: 1, words: ["error in model file 'm.mjs'", 'got number 5'] } },
  // A Module class is made with no arguments: Linear(3, 2) on [1, 3] is 6 multiply-adds, 3x2 + 2 = 8 parameters.
  { name: 'cli: a file that exports a Module class', kind: 'cli', argv: ['m.mjs'], files: file(`${NET}\nexport default Net;`), expect: { code: 0, stdout: ['Model Flops:6\n', 'Model Parameters:8\n'] } },
  { name: 'cli: a file that exports a class that is not a Module', kind: 'cli', argv: ['m.mjs'], files: file('export default class Plain {}\nexport const inputShape = [3];'), expect: { code: 1, words: ["error in model file 'm.mjs'", 'the class Plain'] } },
  { name: 'cli: a file whose factory returns a plain object', kind: 'cli', argv: ['m.mjs'], files: file('export default () => ({ forward: 1 });'), expect: { code: 1, words: ["error in model file 'm.mjs'", 'a function returning an object {forward}'] } },
  { name: 'cli: a file without an input shape', kind: 'cli', argv: ['m.mjs'], files: file('export default () => new nn.Linear(3, 2);'), expect: { code: 2, words: ["'m.mjs' exports no inputShape or inputs"] } },
  { name: 'cli: a file with a bad exported input shape', kind: 'cli', argv: ['m.mjs'], files: file(`${NET}\nexport default () => new Net();`.replace('[3]', '[3, -1]')), expect: { code: 1, words: ["error in model file 'm.mjs' (its exported input)", '[3,-1]'] } },

  // Errors of the model file's own code.
  { name: 'cli: a file that throws a multi-line error on import', kind: 'cli', argv: ['m.mjs'], files: file("throw new Error('boom\\nsecond line');"), expect: { code: 1, words: ["error in model file 'm.mjs'", 'Error: boom\\nsecond line'] } },
  { name: 'cli: a bad layer argument in the factory', kind: 'cli', argv: ['m.mjs'], files: file('export const inputShape = [3];\nexport default () => new nn.Sequential(new nn.Linear(3, 2), 5);'), expect: { code: 1, words: ["error in model file 'm.mjs' (its default export)", 'ArgumentError', "Sequential: module '1'", 'got 5'] } },
  {
    name: 'cli: a bug in a module of the file',
    kind: 'cli',
    argv: ['m.mjs'],
    files: file(`class Inner extends Module { forward(x) { return x.bogus(); } }
class Net extends Module { constructor() { super(); this.body = new nn.Sequential(new nn.ReLU(), new Inner()); } forward(x) { return this.body.call(x); } }
export const inputShape = [3];
export default () => new Net();`),
    expect: { code: 1, words: ["error in model file 'm.mjs' at module body.1 (Inner)", 'TypeError', 'bogus'] },
  },
  {
    name: 'cli: a multi-line FlopscopeError raised by the model',
    kind: 'cli',
    argv: ['m.mjs'],
    files: file(`class Net extends Module { forward(x) { throw new ArgumentError('Net\\nline two', 'scale', 3, 'even'); } }
export const inputShape = [3];
export default () => new Net();`),
    expect: { code: 1, words: ['Net\\nline two: scale must be even, got 3'] },
  },
  {
    name: 'cli: a shape mismatch in the file names the module',
    kind: 'cli',
    argv: ['m.mjs', '--input-shape', '4'],
    files: file(`${NET}\nexport default () => new Net();`),
    expect: { code: 1, words: ['fc (Linear)', 'expected 3 input features, got 4'] },
  },
  { name: 'cli: a factory whose promise never settles', kind: 'cli', argv: ['m.mjs'], files: file('export const inputShape = [3];\nexport default () => new Promise(() => {});'), expect: { code: 1, words: ["error in model file 'm.mjs'", 'never finished'] } },
  { name: 'cli: a top-level await that never settles', kind: 'cli', argv: ['m.mjs'], files: file('await new Promise(() => {});'), expect: { code: 1, words: ["error in model file 'm.mjs'", 'never finished'] } },
  {
    name: 'cli: a timer of the file that throws',
    kind: 'cli',
    argv: ['m.mjs'],
    files: file(`${NET}\nsetTimeout(() => { throw new TypeError('late'); }, 0);\nexport default async () => { await new Promise((r) => setTimeout(r, 50)); return new Net(); };`),
    expect: { code: 1, words: ["error in model file 'm.mjs'", 'TypeError: late'] },
  },
  { name: 'cli: a promise of the file left rejected', kind: 'cli', argv: ['m.mjs'], files: file(`${NET}\nPromise.reject(new RangeError('nobody catches me'));\nexport default async () => { await new Promise((r) => setTimeout(r, 50)); return new Net(); };`), expect: { code: 1, words: ["error in model file 'm.mjs'", 'RangeError: nobody catches me'] } },
  {
    name: 'cli: an async forward in the file',
    kind: 'cli',
    argv: ['m.mjs'],
    files: file(`class Net extends Module { constructor() { super(); this.fc = new nn.Linear(3, 2); } async forward(x) { return this.fc.call(x); } }
export const inputShape = [3];
export default () => new Net();`),
    expect: { code: 1, words: ['Net: forward must be synchronous', 'async'] },
  },
  {
    name: 'cli: a model file with a cycle',
    kind: 'cli',
    argv: ['m.mjs'],
    files: file(`${NET}\nexport default () => { const n = new Net(); n.fc.registerModule('back', n); return n; };`),
    expect: { code: 1, words: ["'fc.back' is the model itself again", 'cycle'] },
  },
  {
    name: 'cli: a model file recursing 100,000 modules deep',
    kind: 'cli',
    argv: ['m.mjs'],
    files: file(`class Wrap extends Module { forward(x) { return this.inner.call(x); } }
export const inputShape = [1];
export default () => { let m = new nn.Linear(1, 1); for (let i = 0; i < 100000; i++) { const w = new Wrap(); w.inner = m; m = w; } return m; };`),
    expect: { code: 1, words: ['(Wrap): nesting of module calls', 'stack overflow at depth'] },
  },

  {
    name: 'cli: a model file nested 100,000 deep, called through its leaf',
    kind: 'cli',
    argv: ['m.mjs'],
    files: file(`class Wrap extends Module { forward(x) { return this.inner.call(x); } }
const leaf = new nn.Linear(1, 1);
class Outer extends Module { forward(x) { return leaf.call(x); } }
export const inputShape = [1];
export default () => { let m = leaf; for (let i = 0; i < 100000; i++) { const w = new Wrap(); w.inner = m; m = w; } const o = new Outer(); o.registerModule('c', m); return o; };`),
    // The table is fine; the architecture view, indented by depth, is some 2 * 10^10 characters.
    expect: { code: 1, words: ['m.mjs (arch view): text must be at most 2^29 - 24 characters'] },
  },
  // Valid inputs at the edges: the right answer.
  // Linear(3, 2) on [1, 3]: 3 * 2 = 6 FLOPs; 6 weights + 2 biases. An async factory is awaited.
  { name: 'cli: an async factory', kind: 'cli', argv: ['m.mjs'], files: file(`${NET}\nexport default async () => new Net();`), expect: { code: 0, stdout: ['Model Flops:6', 'Model Parameters:8'] } },
  { name: 'cli: --eval --json of a model file', kind: 'cli', argv: ['m.mjs', '--eval', '--json'], files: file(`${NET}\nexport default () => new Net();`), expect: { code: 0, stdout: ['"mode": "eval"', '"flops": 6,', '"params": 8,'] } },
  { name: 'cli: --help with a model', kind: 'cli', argv: ['--help', 'resnet18'], expect: { code: 0, stdout: ['usage: flopscope'] } },
];
