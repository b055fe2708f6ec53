// Bad input gets one clear error naming the module path, the op and the
// shapes; the CLI prints one line on stderr and nothing on stdout.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, ArgumentError, Module, nn, ShapeError, UnknownNameError, type Tensor } from '../index.js';
import { buildModel } from '../models/index.js';
import { ROOT, runCli } from './helpers.js';

const t = suite('errors');

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

function assertOneLineFailure(args: string[], expected: RegExp): void {
  const r = runCli(args);
  assert.is.not(r.status, 0, `exit status for ${args.join(' ')}`);
  assert.is(r.stdout, '', 'nothing on stdout');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.is(lines.length, 1, `one line on stderr, got: ${r.stderr}`);
  assert.match(lines[0]!, expected);
}

t('channel mismatch names the module, the op and both shapes', () => {
  const e = catchError(() => analyze(buildModel('resnet18'), [4, 224, 224]));
  assert.instance(e, ShapeError);
  const s = e as ShapeError;
  assert.is(s.message, 'conv1 (Conv2d): expected 3 input channels, got 4; input [1,4,224,224], weight [64,3,7,7]');
  assert.is(s.modulePath, 'conv1');
  assert.is(s.moduleType, 'Conv2d');
  assert.is(s.op, 'aten::_convolution');
  assert.equal(s.shapes, { input: [1, 4, 224, 224], weight: [64, 3, 7, 7] });
});

t('the same mistake through the CLI: one line, non-zero exit, empty stdout', () => {
  assertOneLineFailure(['resnet18', '--input-shape', '4,224,224'], /^flopscope: conv1 \(Conv2d\): expected 3 input channels, got 4; input \[1,4,224,224\], weight \[64,3,7,7\]$/);
});

t('a nested module is named by its full path', () => {
  class Wrapper extends Module {
    body = new nn.Sequential(new nn.Linear(8, 8), new nn.Linear(16, 4));
    override forward(x: Tensor): Tensor {
      return this.body.call(x) as Tensor;
    }
  }
  const e = catchError(() => analyze(new Wrapper(), [8])) as ShapeError;
  assert.instance(e, ShapeError);
  assert.is(e.message, 'body.1 (Linear): expected 16 input features, got 8; input [1,8], weight [4,16]');
});

t('wrong rank', () => {
  const e = catchError(() => analyze(buildModel('resnet18'), [224])) as ShapeError;
  assert.instance(e, ShapeError);
  assert.is(e.message, 'conv1 (Conv2d): expected 3-D (C, H, W) or 4-D (N, C, H, W) input to conv2d, got 2-D; input [1,224]');
  assertOneLineFailure(['resnet18', '--input-shape', '224'], /expected 3-D \(C, H, W\) or 4-D \(N, C, H, W\) input to conv2d, got 2-D/);
  // A 3-D input is an unbatched one (PyTorch 1.13 runs it as a batch of one): here one channel, not three.
  const u = catchError(() => analyze(buildModel('resnet18'), [224, 224])) as ShapeError;
  assert.instance(u, ShapeError);
  assert.is(u.message, 'conv1 (Conv2d): expected 3 input channels, got 1; input [1,1,224,224], weight [64,3,7,7]');
});

t('zero, negative and non-integer sizes', () => {
  for (const bad of [[3, 0, 224], [3, -1, 224], [3, 2.5, 224]]) {
    const e = catchError(() => analyze(buildModel('resnet18'), bad));
    assert.instance(e, ArgumentError);
    assert.match((e as Error).message, /inputShape must be a list of positive integers/);
  }
  assertOneLineFailure(['resnet18', '--input-shape', '3,0,224'], /--input-shape takes positive integers separated by commas, got '3,0,224'/);
  assertOneLineFailure(['resnet18', '--input-shape', '3,-4,224'], /--input-shape takes positive integers/);
  assertOneLineFailure(['resnet18', '--inputs', '1,3,2.5,224'], /--inputs takes positive integers/);
});

t('an output size below 1', () => {
  class Tiny extends Module {
    conv = new nn.Conv2d(3, 8, 7);
    override forward(x: Tensor): Tensor {
      return this.conv.call(x);
    }
  }
  const e = catchError(() => analyze(new Tiny(), [3, 5, 5])) as ShapeError;
  assert.instance(e, ShapeError);
  assert.is(e.message, 'conv (Conv2d): output size -1 at dimension 2 is below 1 (computed output [1,8,-1,-1]); input [1,3,5,5], weight [8,3,7,7]');
  const dir = mkdtempSync(join(tmpdir(), 'flopscope-'));
  const file = join(dir, 'tiny.mjs');
  const index = pathToFileURL(join(ROOT, 'dist', 'index.js')).href;
  writeFileSync(
    file,
    `import { Module, nn } from '${index}';\n` +
      `class Tiny extends Module { constructor() { super(); this.conv = new nn.Conv2d(3, 8, 7); } forward(x) { return this.conv.call(x); } }\n` +
      `export const inputShape = [3, 5, 5];\nexport default () => new Tiny();\n`,
  );
  assertOneLineFailure([file], /^flopscope: conv \(Conv2d\): output size -1 at dimension 2 is below 1/);
});

t('an unknown model lists the known ones', () => {
  const e = catchError(() => buildModel('resnet19'));
  assert.instance(e, UnknownNameError);
  assert.match((e as Error).message, /^unknown model 'resnet19'; known: .*resnet18, resnet34, resnet50/);
  assertOneLineFailure(['resnet19'], /^flopscope: unknown model 'resnet19'; known: .*resnet18/);
});

t('bad CLI flags', () => {
  assertOneLineFailure(['resnet18', '--bogus'], /^flopscope: unknown option '--bogus'/);
  assertOneLineFailure(['resnet18', '--depth', 'deep'], /^flopscope: --depth takes a whole number, got 'deep'$/);
  assertOneLineFailure(['resnet18', '--input-shape'], /^flopscope: --input-shape needs a value like 3,224,224$/);
  assertOneLineFailure([], /^flopscope: no model given; usage:/);
  assertOneLineFailure(['resnet18', 'resnet34'], /^flopscope: one model at a time/);
  assertOneLineFailure(['resnet18', '--input-shape', '3,224,224', '--inputs', '1,3,224,224'], /cannot be combined/);
  assertOneLineFailure(['./no/such/model.js'], /^flopscope: cannot load '\.\/no\/such\/model\.js'/);
});

t('bad layer arguments name the argument', () => {
  const e = catchError(() => new nn.Conv2d(3, 8, 3, { groups: 2 })) as ArgumentError;
  assert.instance(e, ArgumentError);
  assert.is(e.message, 'Conv2d: in_channels must be divisible by groups (2), got 3');
  assert.is(e.argument, 'in_channels');
});

t.run();
