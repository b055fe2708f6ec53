// Shape rules, derived from PyTorch's documented formulas.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { F, nn, ShapeError } from '../index.js';
import { broadcastShapes, convOutLength, convTransposeOutLength, matmulShape, poolOutLength, reshapeShape } from '../core/shape.js';

const t = suite('shapes');
const T = (...s: number[]): nn.Tensor => new nn.Tensor(s);

t('convolution lengths: floor((L + 2p - d(k-1) - 1) / s) + 1', () => {
  assert.is(convOutLength(224, 7, 2, 3, 1), 112);
  assert.is(convOutLength(16, 3, 1, 2, 2), 16);
  assert.is(convOutLength(32, 5, 2, 2, 1), 16);
  // transposed: (L-1)s - 2p + d(k-1) + output_padding + 1
  assert.is(convTransposeOutLength(16, 4, 2, 1, 1, 0), 32);
  assert.is(convTransposeOutLength(7, 3, 2, 1, 1, 1), 14);
});

t('pooling lengths with ceil_mode', () => {
  assert.is(poolOutLength(112, 3, 2, 1, 1, false), 56);
  assert.is(poolOutLength(7, 2, 2, 0, 1, false), 3);
  assert.is(poolOutLength(7, 2, 2, 0, 1, true), 4);
  // ceil mode, but the last window would start in the right padding: dropped
  assert.is(poolOutLength(5, 2, 2, 1, 1, true), 3);
});

t('broadcasting and matmul promotion', () => {
  assert.equal(broadcastShapes('x', [8, 1, 6, 1], [7, 1, 5]), [8, 7, 6, 5]);
  assert.throws(() => broadcastShapes('x', [3], [4]), (e: unknown) => e instanceof ShapeError);
  assert.equal(matmulShape('m', [3], [3]), []);
  assert.equal(matmulShape('m', [2, 3], [3]), [2]);
  assert.equal(matmulShape('m', [3], [3, 4]), [4]);
  assert.equal(matmulShape('m', [10, 1, 2, 3], [5, 3, 4]), [10, 5, 2, 4]);
});

t('reshape infers -1', () => {
  assert.equal(reshapeShape('r', [2, 10, 48], [20, -1]), [20, 48]);
  assert.throws(() => reshapeShape('r', [2, 10, 48], [7, -1]), (e: unknown) => e instanceof ShapeError);
});

t('functional ops', () => {
  assert.equal(F.einsum('bij,bjk->bik', T(2, 10, 10), T(2, 10, 48)).shape, [2, 10, 48]);
  assert.equal(F.einsum('ij,jk', T(3, 4), T(4, 5)).shape, [3, 5]);
  assert.equal(F.einsum('...ij,...jk->...ik', T(6, 3, 4), T(6, 4, 5)).shape, [6, 3, 5]);
  assert.equal(F.cat([T(1, 8), T(1, 8)], 1).shape, [1, 16]);
  assert.equal(F.stack([T(2, 3), T(2, 3)], -1).shape, [2, 3, 2]);
  assert.equal(F.permute(T(1, 3, 5, 7), [0, 2, 3, 1]).shape, [1, 5, 7, 3]);
  assert.equal(F.flatten(T(1, 512, 1, 1), 1).shape, [1, 512]);
  assert.equal(F.chunk(T(1, 10, 4), 3, 1).map((x) => x.shape[1]), [4, 4, 2]);
  assert.equal(F.interpolate(T(1, 8, 32, 32), null, 2, 'bilinear').shape, [1, 8, 64, 64]);
  assert.equal(F.pad(T(1, 3, 5, 5), [1, 2, 0, 1]).shape, [1, 3, 6, 8]);
  assert.equal(F.slice(T(1, 10), 1, 2, 100).shape, [1, 8]);
  assert.equal(F.select(T(4, 10), 1, -1).shape, [4]);
  assert.equal(F.adaptiveAvgPool2d(T(1, 8, 13, 13), [3, null]).shape, [1, 8, 3, 13]);
});

t('layers produce PyTorch shapes', () => {
  assert.equal(new nn.ConvTranspose2d(16, 8, 4, { stride: 2, padding: 1 }).call(T(1, 16, 16, 16)).shape, [1, 8, 32, 32]);
  assert.equal(new nn.Conv3d(2, 4, 3, { padding: 1 }).call(T(1, 2, 6, 8, 8)).shape, [1, 4, 6, 8, 8]);
  assert.equal(new nn.MaxPool2d(3, { stride: 2, padding: 1 }).call(T(1, 64, 112, 112)).shape, [1, 64, 56, 56]);
  assert.equal(new nn.InstanceNorm2d(8).call(T(8, 5, 5)).shape, [8, 5, 5]);
});

t.run();
