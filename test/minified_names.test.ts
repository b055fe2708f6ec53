// Class names that survive a minifier. Every class whose name the library
// prints (layers, zoo modules, errors, tensors) carries it as a static
// `typeName`, so a bundler that renames classes (esbuild's or terser's
// `minify` without keepNames) prints the same tables, reprs and errors; a
// user's own subclass prints its own class name.

import { build } from 'esbuild';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, ArgumentError, buildModel, FlopscopeError, Module, nn, typeNameOf, ZOO, type Tensor } from '../index.js';
import { resnet18 } from '../models/index.js';
import { fixture, ROOT } from './helpers.js';

const t = suite('minified names');

/** The class names of PyTorch 1.13's torch.nn modules and torchvision 0.14's models and ops (pytorch_class_names.py). */
const PYTORCH = fixture<{ 'torch.nn': string[]; torchvision: string[] }>('pytorch_class_names.json');

/**
 * The app bundled here: a small CNN (scripts/browser_app.js's), resnet18 from
 * the zoo, and two bad arguments, each giving the texts a user sees.
 */
const ENTRY = `
import { analyze } from './index.js';
import { BatchNorm2d, Buffer, Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from './nn/index.js';
import { resnet18 } from './models/resnet.js';
function errorOf(f) {
  try { f(); } catch (e) { return { name: e.name, message: e.message }; }
  return null;
}
export function texts() {
  const cnn = analyze(new Sequential(new Conv2d(3, 8, 3), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(8 * 15 * 15, 10)), [3, 32, 32]);
  const zoo = analyze(resnet18(), [3, 224, 224]);
  return {
    cnnTable: cnn.outTable, cnnArch: cnn.outArch, zooTable: zoo.outTable, zooArch: zoo.outArch,
    badKernel: errorOf(() => new Conv2d(3, 8, 0)),
    badModule: errorOf(() => new Sequential(new ReLU()).registerModule('w', new Buffer([2, 3]))),
    badParameter: errorOf(() => new Sequential(new ReLU()).registerParameter('w', new Conv2d(3, 8, 1))),
  };
}
export const conv2dClassName = Conv2d.name;
`;

interface Texts {
  cnnTable: string;
  cnnArch: string;
  zooTable: string;
  zooArch: string;
  badKernel: { name: string; message: string } | null;
  badModule: { name: string; message: string } | null;
  badParameter: { name: string; message: string } | null;
}

function errorOf(f: () => unknown): { name: string; message: string } | null {
  try {
    f();
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  return null;
}

/** The same texts from the library as tsc built it (class names intact). */
function textsInNode(): Texts {
  const cnn = analyze(new nn.Sequential(new nn.Conv2d(3, 8, 3), new nn.BatchNorm2d(8), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(8 * 15 * 15, 10)), [3, 32, 32]);
  const zoo = analyze(resnet18(), [3, 224, 224]);
  return {
    cnnTable: cnn.outTable,
    cnnArch: cnn.outArch,
    zooTable: zoo.outTable,
    zooArch: zoo.outArch,
    badKernel: errorOf(() => new nn.Conv2d(3, 8, 0)),
    badModule: errorOf(() => new nn.Sequential(new nn.ReLU()).registerModule('w', new nn.Buffer([2, 3]) as unknown as Module)),
    badParameter: errorOf(() => new nn.Sequential(new nn.ReLU()).registerParameter('w', new nn.Conv2d(3, 8, 1) as unknown as nn.Parameter)),
  };
}

t('bundled with minify and without keepNames, the views and errors print the PyTorch names, as the unminified library does', async () => {
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: join(ROOT, 'dist'), sourcefile: 'minified-entry.js', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    minify: true,
    keepNames: false,
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0]!.text;
  const app = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as { texts: () => Texts; conv2dClassName: string };
  // The minifier did rename the classes: without the static names this would print them.
  assert.is.not(app.conv2dClassName, 'Conv2d');
  const minified = app.texts();
  const node = textsInNode();
  assert.equal(minified, node);
  for (const name of ['Sequential', 'Conv2d', 'BatchNorm2d', 'ReLU', 'MaxPool2d', 'Linear']) assert.ok(minified.cnnArch.includes(`${name}(`), name);
  for (const name of ['ResNet', 'BasicBlock', 'Sequential', 'Conv2d', 'BatchNorm2d', 'AdaptiveAvgPool2d']) assert.ok(minified.zooArch.includes(`${name}(`), name);
  assert.equal(minified.badKernel, { name: 'ArgumentError', message: 'Conv2d: kernel_size must be a positive integer, got 0' });
  assert.equal(minified.badModule, { name: 'ArgumentError', message: "Sequential: module 'w' must be a Module or null, got a Buffer of shape [2,3]" });
  assert.equal(minified.badParameter, { name: 'ArgumentError', message: "Sequential: parameter 'w' must be a Parameter or null, got a Conv2d module" });
});

t("a user's subclass prints its own class name, not the layer's it extends", () => {
  class Net extends nn.Conv2d {}
  const net = new Net(3, 8, 3);
  assert.is(net.typeName(), 'Net');
  assert.ok(analyze(net, [3, 8, 8]).outArch.includes('Net(\n  3, 8, kernel_size=(3, 3), stride=(1, 1)\n'));
  class Block extends Module {
    conv = new nn.Conv2d(3, 8, 3);
    override forward(x: Tensor): Tensor {
      return this.conv.call(x);
    }
  }
  assert.is(new Block().typeName(), 'Block');
  assert.is(typeNameOf(Block), 'Block');
});

t('a user class named as a layer prints its own name, wherever it sits', () => {
  // A class of the user's called Linear that is a convolution: its name is its own.
  class Linear extends nn.Conv2d {}
  assert.is(new Linear(3, 8, 1).typeName(), 'Linear');
  // One called Conv2d that is a plain Module.
  class Conv2d extends Module {
    override forward(x: Tensor): Tensor {
      return x;
    }
  }
  assert.is(new Conv2d().typeName(), 'Conv2d');
  // One that sets its own static name, as a user who minifies gives it.
  class Mangled extends Module {
    static override readonly typeName: string = 'MyBlock';
  }
  assert.is(new Mangled().typeName(), 'MyBlock');
  assert.is(typeNameOf(Mangled), 'MyBlock');
});

t("a user's error class and tensor class name themselves", () => {
  class MyError extends FlopscopeError {}
  assert.is(new MyError('x').name, 'MyError');
  assert.is(new ArgumentError('f', 'x', 1, 'a string').name, 'ArgumentError');
  class MyTensor extends nn.Tensor {}
  assert.throws(() => new MyTensor([-1]), (e: unknown) => e instanceof ArgumentError && e.message.startsWith('MyTensor: shape must be'));
  assert.throws(() => new nn.Parameter([-1]), (e: unknown) => e instanceof ArgumentError && e.message.startsWith('Parameter: shape must be'));
});

/** The class's own static typeName, or undefined when it has none. */
function ownTypeName(c: object): unknown {
  return Object.getOwnPropertyDescriptor(c, 'typeName')?.value;
}

t("every nn layer names itself with its own static typeName, torch.nn's class name", () => {
  const torchNames = new Set(PYTORCH['torch.nn']);
  const unnamed: string[] = [];
  let layers = 0;
  for (const [key, value] of Object.entries(nn)) {
    if (typeof value !== 'function' || !(value.prototype instanceof Module)) continue;
    const own = ownTypeName(value);
    if (own === undefined) {
      unnamed.push(key);
      continue;
    }
    layers++;
    assert.is(own, key, key);
    assert.ok(torchNames.has(key), `${key} is not a torch.nn class`);
  }
  // The abstract bases nn exports are never instantiated, so never printed.
  assert.equal(unnamed, ['RNNBase', 'RNNCellBase']);
  assert.ok(layers > 100, `${layers} layers`);
  assert.is(ownTypeName(Module), 'Module');
});

t('every module of every zoo model names itself: its own static typeName, its class name, torchvision\'s for the vision models', () => {
  const torchvision = new Set([...PYTORCH['torch.nn'], ...PYTORCH.torchvision]);
  // Hugging Face's classes are not in the fixture (transformers is not installed where it was made).
  const huggingFace = /^(GPT2|Bert|Llama|Mixtral)|^(Conv1D|NewGELUActivation|GELUActivation)$/;
  const seen = new Set<Function>();
  for (const name of Object.keys(ZOO)) {
    for (const [, m] of buildModel(name).namedModules()) {
      const c = m.constructor;
      if (seen.has(c)) continue;
      seen.add(c);
      assert.is(ownTypeName(c), c.name, `${name}: ${c.name}`);
      assert.ok(torchvision.has(c.name) || huggingFace.test(c.name), `${name}: ${c.name} is neither torchvision's nor Hugging Face's`);
    }
  }
  assert.ok(seen.size > 150, `${seen.size} classes`);
});

t('every error class the library exports names itself', async () => {
  const lib = (await import('../index.js')) as Record<string, unknown>;
  const errors = Object.entries(lib).filter(([, v]) => typeof v === 'function' && (v === FlopscopeError || v.prototype instanceof FlopscopeError));
  assert.ok(errors.length >= 7, errors.map(([k]) => k).join(' '));
  for (const [key, value] of errors) assert.is(ownTypeName(value as object), key, key);
});

t.run();
