// Arithmetic on a size or a count that may be symbolic. Plain numbers and
// bigints are computed here, exactly; an operand that is an `Expr` is handed
// to the expression engine (core/symbolic.ts). An Expr exists only once that
// module has loaded (`symbol()` lives there), and it installs its arithmetic
// here when it loads, so concrete code never needs the engine's code: a
// tree-shaking bundler leaves core/symbolic.ts out of an app that builds no
// Expr (docs/architecture.md, "Loading").

import { SymbolicError } from './errors.js';
import type { Expr } from './symbolic.js';

/** A size: a whole number, or an expression in named sizes. */
export type SymSize = number | Expr;
/** A count: an exact whole number, or an expression in named sizes. */
export type SymCount = bigint | Expr;
/** What the arithmetic takes: a number (a whole or fractional JS number), a bigint, or an Expr. */
export type Value = number | bigint | Expr;

/** @internal A constant: [numerator, denominator], denominator > 0, in lowest terms. */
export type Rational = readonly [bigint, bigint];

/** @internal */
export const abs = (a: bigint): bigint => (a < 0n ? -a : a);
/** @internal */
export function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
/** @internal n/d in lowest terms, d > 0. */
export function rat(n: bigint, d: bigint): Rational {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return g > 1n ? [n / g, d / g] : [n, d];
}
/** @internal */
export const radd = (a: Rational, b: Rational): Rational => (a[1] === b[1] ? rat(a[0] + b[0], a[1]) : rat(a[0] * b[1] + b[0] * a[1], a[1] * b[1]));
/** @internal */
export const rmul = (a: Rational, b: Rational): Rational => rat(a[0] * b[0], a[1] * b[1]);
/** @internal floor(n / d) for d > 0, exact. */
export const floorDiv = (n: bigint, d: bigint): bigint => (n >= 0n ? n / d : -((-n + d - 1n) / d));

/** @internal A number or bigint as an exact rational; anything else (NaN, a string) is a SymbolicError. */
export function constantOf(v: unknown): Rational {
  if (typeof v === 'bigint') return [v, 1n];
  if (typeof v !== 'number') throw new SymbolicError(`${String(v)} in an expression with symbolic sizes`, []);
  if (Number.isSafeInteger(v)) return [BigInt(v), 1n];
  if (!Number.isFinite(v)) throw new SymbolicError(`${v} in an expression with symbolic sizes`, []);
  // A fractional JS number is the exact binary fraction it holds.
  let d = 1n;
  let x = v;
  while (!Number.isInteger(x)) {
    x *= 2;
    d *= 2n;
  }
  return rat(BigInt(x), d);
}

/** @internal A constant as a size: a whole number below 2^53 (a fraction is kept as a number too: `div` gives floats). */
export function sizeOfConstant(c: Rational): number {
  if (c[1] === 1n) {
    const n = Number(c[0]);
    if (!Number.isSafeInteger(n)) throw new SymbolicError(`the size ${c[0]} is past 2^53-1`, []);
    return n;
  }
  return Number(c[0]) / Number(c[1]);
}

/** @internal A constant as a count: a bigint; a fraction is a SymbolicError. */
export function countOfConstant(c: Rational): bigint {
  if (c[1] !== 1n) throw new SymbolicError(`the count ${c[0]}/${c[1]} is not whole`, []);
  return c[0];
}

/**
 * The engine's arithmetic, for operands of which at least one is an Expr
 * (each function also takes the plain operands beside it, with the results
 * and errors the functions below give them).
 */
export interface SymbolicArithmetic {
  isExpr(v: unknown): v is Expr;
  sizeAdd(a: Value, b: Value): SymSize;
  sizeSub(a: Value, b: Value): SymSize;
  sizeMul(a: Value, b: Value): SymSize;
  sizeFloorDiv(a: Value, k: Value): SymSize;
  sizeDiv(a: Value, b: Value): SymSize;
  countAdd(a: Value, b: Value): SymCount;
  countMul(a: Value, b: Value): SymCount;
  /** `k` is positive (checked before). */
  countFloorDiv(a: Value, k: bigint): SymCount;
  decideAtLeast(v: Value, bound: number): boolean | undefined;
  exactQuotient(a: Value, b: Value): SymSize | undefined;
  exprText(e: Expr, coefText: (c: bigint) => string): string;
}

// Module-level state, set once: core/symbolic.ts installs itself when it
// loads, before any Expr can exist. Undefined while it is not loaded, and
// then no operand is an Expr.
let engine: SymbolicArithmetic | undefined;

/** @internal Called by core/symbolic.ts when it loads. */
export function installSymbolicArithmetic(arithmetic: SymbolicArithmetic): void {
  engine = arithmetic;
}

/** The engine, when `a` or `b` is an Expr. */
const engineFor = (a: unknown, b?: unknown): SymbolicArithmetic | undefined => (engine !== undefined && (engine.isExpr(a) || engine.isExpr(b)) ? engine : undefined);

/** Whether `v` is a symbolic expression (not a plain number). */
export const isExpr = (v: unknown): v is Expr => engine !== undefined && engine.isExpr(v);

/** Both safe integers: the JS arithmetic below is exact while its result is one too. */
const safe = (a: Value, b: Value): a is number => Number.isSafeInteger(a) && Number.isSafeInteger(b);

// `+ 0` turns JS's -0 into 0, as the exact arithmetic gives it.
export function sizeAdd(a: Value, b: Value): SymSize {
  if (safe(a, b)) {
    const r = a + (b as number);
    if (Number.isSafeInteger(r)) return r + 0;
  }
  return engineFor(a, b)?.sizeAdd(a, b) ?? sizeOfConstant(radd(constantOf(a), constantOf(b)));
}
export function sizeSub(a: Value, b: Value): SymSize {
  if (safe(a, b)) {
    const r = a - (b as number);
    if (Number.isSafeInteger(r)) return r + 0;
  }
  return engineFor(a, b)?.sizeSub(a, b) ?? sizeOfConstant(radd(constantOf(a), rmul(constantOf(b), [-1n, 1n])));
}
export function sizeMul(a: Value, b: Value): SymSize {
  if (safe(a, b)) {
    // A product past 2^53 rounds to a float past it: not a safe integer.
    const r = a * (b as number);
    if (Number.isSafeInteger(r)) return r + 0;
  }
  return engineFor(a, b)?.sizeMul(a, b) ?? sizeOfConstant(rmul(constantOf(a), constantOf(b)));
}

/** `a // k` (Python's floor division) for a whole `k` (negative too); a symbolic divisor is a SymbolicError unless the quotient is exact. */
export function sizeFloorDiv(a: Value, k: Value): SymSize {
  if (safe(a, k) && k !== 0) {
    const r = a % (k as number);
    // a - r is a multiple of k: the division is exact; JS's remainder has a's sign, Python's floor k's.
    return (a - r) / (k as number) - (r !== 0 && r < 0 !== (k as number) < 0 ? 1 : 0) + 0;
  }
  const symbolic = engineFor(a, k);
  if (symbolic !== undefined) return symbolic.sizeFloorDiv(a, k);
  const ck = constantOf(k);
  if (ck[1] !== 1n) throw new SymbolicError(`division by ${ck.join('/')}: only whole constant divisors are supported`, []);
  const ca = constantOf(a);
  if (ck[0] === 0n) throw new SymbolicError('floor division by 0', []);
  return sizeOfConstant([floorDiv(ck[0] < 0n ? -ca[0] : ca[0], ca[1] * abs(ck[0])), 1n]);
}
/** `a % k` with Python's sign, for a whole `k`: `a - k*floor(a/k)`. */
export function sizeMod(a: Value, k: Value): SymSize {
  return sizeSub(a, sizeMul(k, sizeFloorDiv(a, k)));
}
/** `a / b`, true division: a float for numbers, exact (rational coefficients) for an Expr over a constant. */
export function sizeDiv(a: Value, b: Value): SymSize {
  // Correctly rounded, as the exact quotient converted is.
  if (safe(a, b) && b !== 0) return a / (b as number) + 0;
  const symbolic = engineFor(a, b);
  if (symbolic !== undefined) return symbolic.sizeDiv(a, b);
  const cb = constantOf(b);
  if (cb[0] === 0n) throw new SymbolicError('division by zero', []);
  return sizeOfConstant(rmul(constantOf(a), rat(cb[1], cb[0])));
}

/** Whether `v` is a whole number (a bigint, or a safe-integer number): the counts' plain path. */
const whole = (v: Value): v is bigint | number => typeof v === 'bigint' || Number.isSafeInteger(v);

// Whole operands take bigint arithmetic directly: concrete counts pass through here too.
export function countAdd(a: Value, b: Value): SymCount {
  if (whole(a) && whole(b)) return BigInt(a) + BigInt(b);
  return engineFor(a, b)?.countAdd(a, b) ?? countOfConstant(radd(constantOf(a), constantOf(b)));
}
export function countMul(a: Value, b: Value): SymCount {
  if (whole(a) && whole(b)) return BigInt(a) * BigInt(b);
  return engineFor(a, b)?.countMul(a, b) ?? countOfConstant(rmul(constantOf(a), constantOf(b)));
}
/** `a // k` for a count (bigint | Expr) and a positive whole constant `k`: exact past 2^53. */
export function countFloorDiv(a: Value, k: bigint): SymCount {
  if (k <= 0n) throw new SymbolicError(`floor division by ${k}`, []);
  const symbolic = engineFor(a);
  if (symbolic !== undefined) return symbolic.countFloorDiv(a, k);
  const ca = constantOf(a);
  return floorDiv(ca[0], ca[1] * k);
}

/**
 * Whether `v >= bound` for every value of its symbols (each at least its
 * `min`): true or false when that follows from monotonicity, undefined when
 * it depends on the values (never for a number).
 */
export function decideAtLeast(v: Value, bound: number): boolean | undefined {
  const symbolic = engineFor(v);
  if (symbolic !== undefined) return symbolic.decideAtLeast(v, bound);
  const c = constantOf(v);
  return c[0] >= BigInt(bound) * c[1];
}

/**
 * Whether `v >= bound`, for a branch that must be taken one way for every
 * value (`if window >= height`): undecidable from the symbols' least values
 * is a SymbolicError naming `why` (a --where lower bound can decide it).
 */
export function decideBranch(v: Value, bound: number, why: string): boolean {
  const d = decideAtLeast(v, bound);
  if (d !== undefined) return d;
  // Only an Expr leaves it open.
  const e = v as Expr;
  throw new SymbolicError(`${why}: which way it goes depends on whether ${e.toString()} >= ${bound}`, e.symbols());
}

/**
 * `a / b` when it is exact (`B*T*C / (B*T) = C`, `12*H / 4 = 3*H`, `12 / 4 =
 * 3`), else undefined: a view's inferred size. A symbolic divisor must be a
 * single term.
 */
export function exactQuotient(a: Value, b: Value): SymSize | undefined {
  const symbolic = engineFor(a, b);
  if (symbolic !== undefined) return symbolic.exactQuotient(a, b);
  const ca = constantOf(a);
  const cb = constantOf(b);
  if (cb[0] === 0n) return undefined;
  const q = rmul(ca, rat(cb[1], cb[0]));
  return q[1] === 1n ? sizeOfConstant(q) : undefined;
}

/** The text of an expression with coefficients written by `coefText` (exact digits, or `2.1G`). */
export function exprText(e: Expr, coefText: (c: bigint) => string): string {
  // An Expr exists only once the engine has installed itself.
  return engine!.exprText(e, coefText);
}
