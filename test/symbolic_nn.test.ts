// Symbolic sizes through the functional ops (nn/): an op on a tensor whose
// shape holds named sizes gives a symbolic output shape that, at any values
// of the names, is the shape the same op gives on the concrete tensor. Where a
// size must be concrete (a parameter's shape, a count of outputs, a dimension
// index), a symbolic one is one SymbolicError naming the symbol.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { F, nn, type Tensor } from '../index.js';
import type { Dim } from '../core/shape.js';
import { setTraceSink, type Condition } from '../core/dispatch.js';
import { evaluateWhole, isExpr, symbol, SymbolicError, type Point } from '../core/symbolic.js';

const t = suite('symbolic_nn');
const B = symbol('B');
const H = symbol('H');
const W = symbol('W');
const T = symbol('T');

/** Three points for every check: small, odd, and larger sizes. */
const POINTS: Point[] = [
  { B: 1, H: 7, W: 9, T: 5 },
  { B: 2, H: 16, W: 13, T: 12 },
  { B: 5, H: 33, W: 64, T: 31 },
];

const at = (shape: readonly Dim[], p: Point): number[] => shape.map((d) => Number(evaluateWhole(d, p)));
const outputs = (r: Tensor | readonly Tensor[]): readonly Tensor[] => (Array.isArray(r) ? r : [r as Tensor]);

/**
 * Runs `run` on tensors of the symbolic `shapes`, then at each point on the
 * concrete shapes; the symbolic output evaluated there must equal the
 * concrete output. At least one output size must stay symbolic.
 */
function agrees(name: string, shapes: readonly (readonly Dim[])[], run: (...xs: Tensor[]) => Tensor | readonly Tensor[]): void {
  // Checks the sizes leave open (floor(H/2) >= 1) are conditions a trace keeps; this sink keeps them (the points below meet them).
  const conditions: Condition[] = [];
  const previous = setTraceSink({ enterModule() {}, exitModule() {}, record() {}, assume: (c) => conditions.push(c) > 0 });
  let symbolic: readonly Tensor[];
  try {
    symbolic = outputs(run(...shapes.map((s) => new nn.Tensor(s))));
  } finally {
    setTraceSink(previous);
  }
  assert.ok(
    symbolic.some((y) => y.shape.some(isExpr)),
    `${name}: some output size is symbolic, got ${symbolic.map((y) => `[${y.shape.join(', ')}]`).join(' ')}`,
  );
  for (const p of POINTS) {
    const concrete = outputs(run(...shapes.map((s) => new nn.Tensor(at(s, p)))));
    assert.equal(
      symbolic.map((y) => at(y.shape, p)),
      concrete.map((y) => [...y.shape]),
      `${name} at ${JSON.stringify(p)}`,
    );
  }
}

/** `f` throws one SymbolicError that names `name`. */
function needsConcrete(what: string, name: string, f: () => unknown): void {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof SymbolicError, `${what}: a SymbolicError, got ${String(e)}`);
    assert.ok(e.symbols.includes(name), `${what}: names ${name}, got [${e.symbols.join(', ')}]`);
    return;
  }
  assert.unreachable(`${what}: no error`);
}

t('convolution, transposed convolution and pooling: spatial sizes as floor expressions', () => {
  const w = new nn.Tensor([8, 3, 3, 3]);
  agrees('conv2d stride 2 pad 1', [[B, 3, H, W]], (x) => F.conv2d(x, w, null, 2, 1));
  agrees('conv2d same', [[B, 3, H, W]], (x) => F.conv2d(x, w, null, 1, 'same'));
  agrees('conv1d dilation 2', [[B, 3, T]], (x) => F.conv1d(x, new nn.Tensor([4, 3, 3]), null, 1, 2, 2));
  agrees('conv_transpose2d', [[B, 8, H, W]], (x) => F.convTransposeNd(2, x, new nn.Tensor([8, 4, 4, 4]), null, 2, 1));
  agrees('max_pool2d 3/2/1', [[B, 3, H, W]], (x) => F.maxPool2d(x, 3, 2, 1));
  agrees('avg_pool2d 2', [[B, 3, H, W]], (x) => F.avgPool2d(x, 2));
  agrees('unfold 3x3 stride 2', [[B, 3, H, W]], (x) => F.unfold(x, 3, 1, 1, 2));
});

t('views and joins: cat, split, chunk, narrow, select, slice, expand, repeat', () => {
  agrees('cat along T', [[B, T, 4], [B, 3, 4]], (a, b) => F.cat([a!, b!], 1));
  agrees('split_with_sizes [T, 3]', [[B, sizeOf(T, 3), 4]], (x) => F.split(x, [x.size(1).sub(3), 3], 1));
  agrees('chunk 2*H in 2', [[B, sizeOf(H, 0, 2), 4]], (x) => F.chunk(x, 2, 1));
  agrees('narrow the last T - 1', [[B, T, 4]], (x) => F.narrow(x, 1, 1, x.size(1).sub(1)));
  agrees('select the last token', [[B, T, 4]], (x) => F.select(x, 1, -1));
  agrees('slice x[:, 1:]', [[B, T, 4]], (x) => F.slice(x, 1, 1));
  agrees('slice x[:, :-1:2]', [[B, T, 4]], (x) => F.slice(x, 1, 0, -1, 2));
  agrees('expand a batch', [[1, 1, 4], [B, T]], (x, y) => F.expand(x, [y.size(0), y.size(1), -1]));
  agrees('repeat(B, 1, 1)', [[3, 4, 4], [B]], (x, y) => F.repeat(x, [y.size(0), 1, 1]));
  agrees('repeat_interleave 3 along T', [[B, T]], (x) => F.repeatInterleave(x, 3, 1));
  agrees('tensor_split 2*H in 2 sections', [[sizeOf(H, 0, 2), 4]], (x) => F.tensorSplit(x, 2, 0));
});

t('pad, arange, glu, pixel (un)shuffle, interpolate, linear', () => {
  agrees('pad constant (1, 2, 3, 0)', [[B, 3, H, W]], (x) => F.pad(x, [1, 2, 3, 0]));
  agrees('pad reflect (1, 1)', [[B, 3, sizeOf(T, 2)]], (x) => F.pad(x, [1, 1], 'reflect'));
  agrees('pad cropping -1', [[B, 3, sizeOf(T, 1)]], (x) => F.pad(x, [-1, 0]));
  agrees('arange(T)', [[B, T]], (x) => F.arange(x.size(1)));
  agrees('arange(1, T, 2)', [[B, T]], (x) => F.arange(1, x.size(1), 2));
  agrees('glu over 2*T', [[B, sizeOf(T, 0, 2)]], (x) => F.glu(x, 1));
  agrees('pixel_shuffle 2', [[B, 12, H, W]], (x) => F.pixelShuffle(x, 2));
  agrees('pixel_unshuffle 2', [[B, 3, sizeOf(H, 0, 2), sizeOf(W, 0, 2)]], (x) => F.pixelUnshuffle(x, 2));
  agrees('interpolate scale 2', [[B, 3, H, W]], (x) => F.interpolate(x, null, 2));
  agrees('interpolate scale 0.5', [[B, 3, H, W]], (x) => F.interpolate(x, null, 0.5));
  agrees('linear over (B, T, 4)', [[B, T, 4]], (x) => F.linear(x, new nn.Tensor([6, 4]), new nn.Tensor([6])));
});

/** `k*s + c`: a size built from a symbol (H + 2, 2*T). */
function sizeOf(s: Dim, c: number, k = 1): Dim {
  const x = new nn.Tensor([s]).size(0).mul(k).add(c);
  return x.value;
}

t('a size that fixes a parameter, a count of outputs or an index must be concrete', () => {
  needsConcrete('conv2d with a symbolic weight', 'H', () => F.conv2d(new nn.Tensor([1, 3, 8, 8]), new nn.Tensor([H, 3, 3, 3])));
  needsConcrete('chunk of T in 2', 'T', () => F.chunk(new nn.Tensor([B, T]), 2, 1));
  needsConcrete('unbind of T', 'T', () => F.unbind(new nn.Tensor([B, T]), 1));
  needsConcrete('split T by 4', 'T', () => F.split(new nn.Tensor([B, T]), 4, 1));
  needsConcrete('group_norm over H channels', 'H', () => F.groupNorm(new nn.Tensor([B, H, 4]), 2));
  needsConcrete('layer_norm over a symbolic shape', 'T', () => F.layerNorm(new nn.Tensor([B, T]), [T]));
  needsConcrete('interpolate scale 1.5', 'H', () => F.interpolate(new nn.Tensor([B, 3, H, W]), null, 1.5));
  needsConcrete('slice x[:, :10] of T (whether T > 10)', 'T', () => F.slice(new nn.Tensor([B, T]), 1, 0, 10));
  // ceil_mode's last-window rule is decided for a 2-wide, stride-2 window (the last window always starts inside).
  agrees('max_pool2d ceil_mode', [[B, 3, H, W]], (x) => F.maxPool2d(x, 2, 2, 0, 1, true));
  const x = new nn.Tensor([B, T]);
  needsConcrete('flip with a symbolic dim', 'B', () => F.flip(x, [x.size(0) as unknown as number]));
});

t('a symbolic shape that decidably breaks a rule is the ShapeError of the concrete op', () => {
  // Start 1 plus length H passes the size H at every H; index H is past it at every H.
  const x = new nn.Tensor([B, 3, H, W]);
  assert.throws(() => F.narrow(x, 2, 1, x.size(2)), (e: unknown) => e instanceof Error && !(e instanceof SymbolicError) && /exceeds dimension size/.test(String(e)));
  assert.throws(() => F.select(x, 2, x.size(2)), (e: unknown) => e instanceof Error && !(e instanceof SymbolicError) && /out of range/.test(String(e)));
});

t.run();
