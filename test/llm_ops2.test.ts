// The ops of nn/functional/llm_ops2.ts beyond what the language models'
// reference reports check (test/llm_llama.test.ts traces each of them
// against the reference): shape rules and dtypes as PyTorch 1.13 gives them
// (the shapes below are torch's), and one typed error for what PyTorch rejects.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ArgumentError, F, Module, ShapeError, Tensor, traceModel } from '../index.js';

const t = suite('llm ops: le, bitwiseOr_, topk, oneHot, whereTrue, indexTensors, indexAdd_');

const long = (...shape: number[]): Tensor => new Tensor(shape, 'int64');
const shape = (x: Tensor): number[] => [...x.shape] as number[];

t('indexTensors: adjacent index tensors replace their dimensions in place, separated ones go first', () => {
  const x = new Tensor([2, 3, 4, 5]);
  const i = long(6);
  assert.equal(shape(F.indexTensors(x, [i, null, i])), [6, 3, 5]);
  assert.equal(shape(F.indexTensors(x, [null, i, i])), [2, 6, 5]);
  assert.equal(shape(F.indexTensors(x, [null, i])), [2, 6, 4, 5]);
  assert.equal(shape(F.indexTensors(x, [i])), [6, 3, 4, 5]);
  assert.equal(shape(F.indexTensors(x, [null, null, long(6, 1)])), [2, 3, 6, 1, 5]);
  assert.equal(shape(F.indexTensors(x, [i, null, null, i])), [6, 3, 4]);
  assert.equal(shape(F.indexTensors(x, [long(2, 1), null, i])), [2, 6, 3, 5]);
  assert.throws(() => F.indexTensors(x, [new Tensor([6]), null]), (e: unknown) => e instanceof ArgumentError && /indices\[0\] must be an int64 or int32 tensor/.test((e as Error).message));
  assert.throws(() => F.indexTensors(x, [null, null]), (e: unknown) => e instanceof ArgumentError && /at least one index tensor/.test((e as Error).message));
  assert.throws(() => F.indexTensors(x, [long(2), long(3)]), (e: unknown) => e instanceof ShapeError);
  assert.throws(() => F.indexTensors(new Tensor([2]), [long(1), long(1)]), (e: unknown) => e instanceof ShapeError && /too many indices/.test((e as Error).message));
});

t('comparison and in-place or: dtypes and shapes', () => {
  const le = F.le(long(7), long(3, 1));
  assert.equal([shape(le), le.dtype], [[3, 7], 'bool']);
  const m = F.gt(long(7), long(3, 1));
  assert.is(F.bitwiseOr_(m, le), m);
  assert.throws(() => F.bitwiseOr_(new Tensor([3, 7]), le), (e: unknown) => e instanceof ArgumentError && /must be a bool or integer tensor/.test((e as Error).message));
  assert.throws(() => F.bitwiseOr_(F.gt(long(7), 1), le), (e: unknown) => e instanceof ShapeError);
});

t('routing ops: topk, oneHot, whereTrue, indexAdd_', () => {
  const [values, indices] = F.topk(new Tensor([3, 4]), 2, 0);
  assert.equal([shape(values), shape(indices), indices.dtype], [[2, 4], [2, 4], 'int64']);
  assert.throws(() => F.topk(new Tensor([3, 4]), 5), (e: unknown) => e instanceof ShapeError && /k \(5\) out of range/.test((e as Error).message));
  assert.equal(shape(F.oneHot(long(32, 2), 4)), [32, 2, 4]);
  assert.throws(() => F.oneHot(new Tensor([3]), 4), (e: unknown) => e instanceof ArgumentError && /int64 tensor/.test((e as Error).message));
  const [rows, cols] = F.whereTrue(F.gt(long(2, 32), 0), 18) as [Tensor, Tensor];
  assert.equal([shape(rows), shape(cols), cols.dtype], [[18], [18], 'int64']);
  assert.throws(() => F.whereTrue(F.gt(long(2, 3), 0), 7), (e: unknown) => e instanceof ArgumentError && /count must be the number of true elements, an integer in \[0, 6\]/.test((e as Error).message));
  const x = new Tensor([3, 4]);
  assert.is(F.indexAdd_(x, 1, long(2), new Tensor([3, 2])), x);
  assert.throws(() => F.indexAdd_(x, 1, long(2), new Tensor([3, 3])), (e: unknown) => e instanceof ShapeError && /source must have the shape of self/.test((e as Error).message));
});

t('traced as PyTorch 1.13 records them: names and the positional layout', () => {
  class Ops extends Module {
    override forward(x: Tensor): Tensor[] {
      const [w, i] = F.topk(x, 2, -1);
      const [r, c] = F.whereTrue(F.select(F.permute(F.oneHot(i, 4), [2, 1, 0]), 0, 0), 3) as [Tensor, Tensor];
      const acc = F.indexAdd_(F.zeros([5, 4]), 0, c, F.indexTensors(F.unsqueeze(x, 0), [null, c]).reshape(-1, 4));
      return [w, r, acc];
    }
  }
  const ops = traceModel(new Ops(), [new Tensor([5, 4])]).nodes.map((n) => [n.kind, n.inputs.map((s) => (s === null ? null : [...s])), n.outputs.map((s) => (s === null ? null : [...s]))]);
  assert.equal(ops, [
    ['aten::topk', [[5, 4], null, null, null, null], [[5, 2], [5, 2]]],
    ['aten::one_hot', [[5, 2], null], [[5, 2, 4]]],
    ['aten::permute', [[5, 2, 4], null], [[4, 2, 5]]],
    ['aten::select', [[4, 2, 5], null, null], [[2, 5]]],
    ['aten::where', [[2, 5]], [null]],
    ['aten::zeros', [null, null, null, null, null], [[5, 4]]],
    ['aten::unsqueeze', [[5, 4], null], [[1, 5, 4]]],
    ['aten::index', [[1, 5, 4], null], [[1, 3, 4]]],
    ['aten::reshape', [[1, 3, 4], null], [[3, 4]]],
    ['aten::index_add_', [[5, 4], null, [3], [3, 4], null], [[5, 4]]],
  ]);
});

t.run();
