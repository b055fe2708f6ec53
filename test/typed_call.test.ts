// The typed call boundary: containers give their elements' types, `call`
// returns the forward's return type, and the container accessors fail like
// PyTorch's (IndexError, KeyError) with typed errors.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ArgumentError, FlopscopeError, Module, nn, Tensor, UnknownNameError } from '../index.js';

const t = suite('typed_call');

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

/** Exact type equality (not mere assignability). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only when `A` and `B` are the same type. */
function expectType<A, B>(_equal: Equal<A, B>): void {}

// ---- compile-time checks: these functions compile without casts ------------

class Net extends Module {
  readonly features = new nn.Sequential(new nn.Linear(8, 16), new nn.ReLU());
  readonly blocks = new nn.ModuleList([new nn.Linear(16, 16), new nn.Linear(16, 16)]);
  readonly heads = new nn.ModuleDict({ a: new nn.Linear(16, 4), b: new nn.Linear(16, 2) });
  downsample: nn.TensorModule | null = null;
  readonly skip = new nn.Identity();

  override forward(x: Tensor): Tensor {
    let y = this.features.call(x);
    for (const block of this.blocks) y = block.call(y);
    if (this.downsample !== null) y = this.downsample.call(y);
    return this.heads.get('a').call(this.skip.call(y));
  }
}

function shapeAfter(seq: nn.Sequential, x: Tensor): readonly number[] {
  return seq.call(x).shape as readonly number[];
}

function lastWidth(list: nn.ModuleList<nn.Linear>): number {
  return list.at(-1).outFeatures;
}

// A tensor-to-tensor field accepts tensor modules, not modules returning something else.
const tensorModules: nn.TensorModule[] = [new nn.Conv2d(3, 8, 3), new nn.Sequential(), new nn.Identity(), new Net()];
// @ts-expect-error MultiheadAttention returns [output, weights], not a tensor
const notTensorModule: nn.TensorModule = new nn.MultiheadAttention(16, 4);

t('call returns the forward return type, with no casts', () => {
  const x = new Tensor([2, 8]);
  expectType<ReturnType<nn.Sequential['forward']>, Tensor>(true);
  expectType<ReturnType<nn.Sequential<[Tensor, Tensor]>['forward']>, [Tensor, Tensor]>(true);
  expectType<ReturnType<nn.ModuleList<nn.Linear>['at']>, nn.Linear>(true);
  expectType<ReturnType<nn.ModuleDict<nn.Conv2d>['get']>, nn.Conv2d>(true);
  expectType<ReturnType<nn.Identity['forward']>, Tensor>(true);
  // Any module is still a Module, whatever its forward.
  const all: Module[] = [...tensorModules, notTensorModule, new nn.MultiheadAttention(16, 4)];
  assert.is(all.length, 6);

  const net = new Net();
  const y = net.call(x);
  expectType<typeof y, Tensor>(true);
  const fromList = net.blocks.at(0).call(net.features.call(x));
  expectType<typeof fromList, Tensor>(true);
  assert.equal(y.shape, [2, 4]);
  assert.equal(fromList.shape, [2, 16]);
  assert.equal(shapeAfter(net.features, x), [2, 16]);
  assert.is(lastWidth(net.blocks), 16);
  // @ts-expect-error a Sequential takes a tensor
  assert.throws(() => net.features.call('x'));
});

// ---- runtime behaviour of the accessors --------------------------------------

t('ModuleList.at: positions, negative positions from the end (list[-1]), typed error out of range', () => {
  const a = new nn.Linear(1, 2);
  const b = new nn.Linear(2, 3);
  const c = new nn.Linear(3, 4);
  const list = new nn.ModuleList([a, b, c]);
  assert.ok(list.at(0) === a);
  assert.ok(list.at(2) === c);
  assert.ok(list.at(-1) === c);
  assert.ok(list.at(-3) === a);
  assert.equal([...list], [a, b, c]);
  for (const index of [3, -4, 1.5]) {
    const e = catchError(() => list.at(index));
    assert.instance(e, ArgumentError);
    assert.instance(e, FlopscopeError);
    assert.is((e as ArgumentError).value, index);
  }
  assert.instance(
    catchError(() => new nn.ModuleList().at(0)),
    ArgumentError,
  );
  // append keeps the element type
  list.append(new nn.Linear(4, 5));
  assert.is(list.at(-1).outFeatures, 5);
});

t('ModuleDict.get: the module, or an UnknownNameError naming the key and the known keys (KeyError)', () => {
  const conv = new nn.Conv2d(3, 8, 3);
  const dict = new nn.ModuleDict({ conv, pool: new nn.MaxPool2d(2) });
  assert.ok(dict.get('conv') === conv);
  const e = catchError(() => dict.get('fc'));
  assert.instance(e, UnknownNameError);
  assert.instance(e, FlopscopeError);
  const u = e as UnknownNameError;
  assert.is(u.requested, 'fc');
  assert.equal(u.known, ['conv', 'pool']);
  assert.is(u.message, "unknown ModuleDict key 'fc'; known: conv, pool");
  // a key registered as None holds no module
  dict.addModule('none', null);
  assert.equal((catchError(() => dict.get('none')) as UnknownNameError).known, ['conv', 'pool']);
});

t('Sequential.forward runs the children in order; Identity returns its input', () => {
  const seq = new nn.Sequential(new nn.Linear(8, 4), new nn.ReLU(), new nn.Linear(4, 2));
  const x = new Tensor([3, 8]);
  assert.equal(seq.call(x).shape, [3, 2]);
  const id = new nn.Identity();
  assert.ok(id.call(x) === x);
});

t.run();
