// Size and count arithmetic (core/sizes.ts): plain numbers and bigints are
// computed there with Python's integer semantics and exact rationals (values
// worked out by hand below); an Expr operand goes to the expression engine,
// which core/symbolic.ts installs when it loads. A tree-shaken bundle that
// builds Exprs holds that engine and has it installed.

import { build } from 'esbuild';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SymbolicError as LibrarySymbolicError } from '../index.js';
import { SymbolicError } from '../core/errors.js';
import * as engine from '../core/symbolic.js';
import { evaluateWhole, symbol, type Expr } from '../core/symbolic.js';
import { countAdd, countFloorDiv, countMul, decideAtLeast, decideBranch, exactQuotient, exprText, isExpr, sizeAdd, sizeDiv, sizeFloorDiv, sizeMod, sizeMul, sizeSub } from '../core/sizes.js';
import { ROOT } from './helpers.js';

const t = suite('size arithmetic');
const H = symbol('H');
const T = symbol('T');

/** `f` throws a SymbolicError whose message starts with `detail` and that names `symbols`. */
function symbolicError(f: () => unknown, detail: string, symbols: readonly string[] = []): void {
  try {
    f();
  } catch (e) {
    assert.instance(e, SymbolicError);
    assert.ok((e as Error).message.startsWith(`${detail}; give `), (e as Error).message);
    assert.equal((e as SymbolicError).symbols, symbols);
    return;
  }
  assert.unreachable(`no SymbolicError: ${detail}`);
}

t('sizes of numbers: exact integer arithmetic, Python floor division and modulo', () => {
  assert.is(sizeAdd(2, 3), 5);
  assert.is(sizeSub(3, 5), -2);
  assert.is(sizeMul(6, 7), 42);
  // -7 / 2 = -3.5, floored: -4; 7 / -2 likewise; -7 / -2 = 3.5: 3.
  assert.is(sizeFloorDiv(-7, 2), -4);
  assert.is(sizeFloorDiv(7, -2), -4);
  assert.is(sizeFloorDiv(-7, -2), 3);
  assert.is(sizeFloorDiv(12, 4), 3);
  // Python: -7 % 3 = -7 - 3*(-3) = 2; 7 % -3 = 7 - (-3)*(-3) = -2.
  assert.is(sizeMod(-7, 3), 2);
  assert.is(sizeMod(7, -3), -2);
  // A zero is never JavaScript's -0: 0 * -5, 0 // -3, 0 / -5 are all 0.
  assert.ok(Object.is(sizeMul(0, -5), 0));
  assert.ok(Object.is(sizeFloorDiv(0, -3), 0));
  assert.ok(Object.is(sizeDiv(0, -5), 0));
  // 2^53 - 1 is the largest safe size: 2^52 + 2^52 - 1 fits.
  assert.is(sizeAdd(2 ** 52, 2 ** 52 - 1), 9007199254740991);
});

t('true division and fractional operands are exact rationals, then a float', () => {
  assert.is(sizeDiv(7, 2), 3.5);
  assert.is(sizeDiv(1, 3), 1 / 3);
  assert.is(sizeDiv(12, -4), -3);
  // 0.5 + 0.25 = 3/4; 0.5 * 4 = 2 (whole again); 2.5 // 1 = 2 (floor of 5/2); -2.5 // 1 = -3.
  assert.is(sizeAdd(0.5, 0.25), 0.75);
  assert.is(sizeMul(0.5, 4), 2);
  assert.is(sizeFloorDiv(2.5, 1), 2);
  assert.is(sizeFloorDiv(-2.5, 1), -3);
  // bigints take the same path: 3 + 4 = 7, a number.
  assert.is(sizeAdd(3n, 4), 7);
  assert.is(sizeFloorDiv(2n ** 60n, 2n ** 10n), 2 ** 50);
});

t('bad sizes: one SymbolicError each, as the engine gives them', () => {
  // 2^53 - 1 + 1 = 9007199254740992; 2^27 * 2^27 = 2^54 = 18014398509481984.
  symbolicError(() => sizeAdd(2 ** 53 - 1, 1), 'the size 9007199254740992 is past 2^53-1');
  symbolicError(() => sizeMul(2 ** 27, 2 ** 27), 'the size 18014398509481984 is past 2^53-1');
  symbolicError(() => sizeSub(0, 2n ** 60n), 'the size -1152921504606846976 is past 2^53-1');
  symbolicError(() => sizeFloorDiv(7, 2.5), 'division by 5/2: only whole constant divisors are supported');
  symbolicError(() => sizeFloorDiv(7, 0), 'floor division by 0');
  symbolicError(() => sizeMod(7, 0), 'floor division by 0');
  symbolicError(() => sizeDiv(1, 0), 'division by zero');
  symbolicError(() => sizeAdd(NaN, 1), 'NaN in an expression with symbolic sizes');
  symbolicError(() => sizeMul(2, Infinity), 'Infinity in an expression with symbolic sizes');
  symbolicError(() => sizeAdd(undefined as unknown as number, 1), 'undefined in an expression with symbolic sizes');
});

t('counts: bigints past 2^53, whole results only', () => {
  assert.is(countMul(3, 4n), 12n);
  assert.is(countAdd(2n ** 60n, 1), 1152921504606846977n);
  assert.is(countMul(2 ** 40, 2 ** 40), 2n ** 80n);
  // 0.5 * 4 = 2 is whole; 0.5 * 3 = 3/2 is not.
  assert.is(countMul(0.5, 4), 2n);
  symbolicError(() => countMul(0.5, 3), 'the count 3/2 is not whole');
  symbolicError(() => countAdd(0.5, 1), 'the count 3/2 is not whole');
  // -7 // 2 = -4; 2^64 // 3 = 6148914691236517205 (3 * 6148914691236517205 = 2^64 - 1).
  assert.is(countFloorDiv(-7n, 2n), -4n);
  assert.is(countFloorDiv(2n ** 64n, 3n), 6148914691236517205n);
  symbolicError(() => countFloorDiv(7n, 0n), 'floor division by 0');
});

t('decisions and exact quotients of numbers', () => {
  assert.is(decideAtLeast(3, 3), true);
  assert.is(decideAtLeast(2, 3), false);
  assert.is(decideAtLeast(2.5, 3), false);
  assert.is(decideAtLeast(10n ** 30n, 1), true);
  assert.is(decideBranch(5, 3, 'window'), true);
  assert.is(exactQuotient(12, 4), 3);
  assert.is(exactQuotient(7, 2), undefined);
  assert.is(exactQuotient(7, 0), undefined);
  symbolicError(() => exactQuotient(2n ** 60n, 1), 'the size 1152921504606846976 is past 2^53-1');
  assert.is(isExpr(3), false);
  assert.is(isExpr(3n), false);
});

t('an Expr operand goes to the engine: interned results, Python semantics at every point', () => {
  assert.ok(isExpr(H));
  assert.is(sizeSub(sizeAdd(H, 1), H), 1);
  assert.is(sizeMul(H, 2), sizeAdd(H, H));
  assert.is(sizeFloorDiv(sizeMul(H, 4), 2), sizeMul(H, 2));
  assert.is(sizeFloorDiv(sizeMul(H, T), T), H);
  assert.is(sizeDiv(sizeMul(H, 3), 3), H);
  assert.is(sizeDiv(H, H), 1);
  assert.is(countMul(H, 3n), sizeMul(3, H));
  assert.is(countAdd(H, 0n), H);
  assert.is(countFloorDiv(sizeMul(H, 4), 2n), sizeMul(H, 2));
  // floor((8 - 1) / 2) = 3; 8 % 3 = 2; (-8) // 3 at H = 8: -3.
  assert.is(evaluateWhole(sizeFloorDiv(sizeSub(H, 1), 2), { H: 8 }), 3n);
  assert.is(evaluateWhole(sizeMod(H, 3), { H: 8 }), 2n);
  assert.is(evaluateWhole(sizeFloorDiv(H, -3), { H: 8 }), -3n);
  // H >= 1: H + 1 >= 2 always; H - 2 >= 0 depends on H.
  assert.is(decideAtLeast(sizeAdd(H, 1), 2), true);
  assert.is(decideAtLeast(sizeSub(H, 2), 0), undefined);
  symbolicError(() => decideBranch(sizeMul(H, T), 2, 'pad'), `pad: which way it goes depends on whether ${String(sizeMul(H, T))} >= 2`, ['H', 'T']);
  symbolicError(() => sizeFloorDiv(H, T), 'division by T: only whole constant divisors are supported', ['T']);
  symbolicError(() => sizeDiv(H, T), 'division by T', ['T']);
  assert.is(exactQuotient(sizeMul(H, T), T), H);
  assert.is(exactQuotient(sizeAdd(H, 1), T), undefined);
  // 2000*H with coefficients written in thousands.
  assert.is(exprText(sizeMul(H, 2000) as Expr, (c) => (c >= 1000n ? `${c / 1000n}K` : `${c}`)), '2K*H');
});

t('core/symbolic.ts exports the same functions and the same error class', () => {
  assert.is(engine.sizeAdd, sizeAdd);
  assert.is(engine.countFloorDiv, countFloorDiv);
  assert.is(engine.decideBranch, decideBranch);
  assert.is(engine.isExpr, isExpr);
  assert.is(engine.SymbolicError, SymbolicError);
  assert.is(LibrarySymbolicError, SymbolicError);
});

t('a tree-shaken bundle of the symbolic analysis holds the engine, installed: formulas come out', async () => {
  const result = await build({
    stdin: { contents: "export { analyzeSymbolic, nn } from './index.js';", resolveDir: join(ROOT, 'dist'), sourcefile: 'symbolic-entry.js', loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    minify: true,
    metafile: true,
    logLevel: 'warning',
  });
  const modules = Object.values(result.metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([m]) => m));
  assert.ok(modules.some((m) => m.endsWith('core/symbolic.js')), modules.join(' '));
  const bundle = (await import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0]!.text).toString('base64')}`)) as typeof import('../index.js');
  // Conv2d(3, 8, 3) on B x 3 x H x W: B * 8 * (H-2) * (W-2) outputs, 27 multiply-adds each:
  // 216*B*(H*W - 2*H - 2*W + 4) = 216*B*H*W - 432*B*H - 432*B*W + 864*B.
  const s = bundle.analyzeSymbolic(new bundle.nn.Conv2d(3, 8, 3), ['B', 3, 'H', 'W']);
  assert.is(String(s.flops), '864*B - 432*B*H - 432*B*W + 216*B*H*W');
});

t.run();
