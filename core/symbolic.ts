// Named sizes and exact expressions in them: the one place symbolic arithmetic
// lives (tinygrad keeps its symbolic shapes as one concept in one file).
//
// An `Expr` is a polynomial with rational coefficients whose variables are
// *atoms*: named sizes (`B`, `T`, `H`) and floors of a polynomial over a
// positive integer (`floor((H - 1)/2)`), which convolution and pooling
// arithmetic needs. Every Expr is kept in one canonical form and interned, so
// two equal canonical expressions are the same object and `a === b` compares
// them (the shape checks of the layers are written that way). A constant is
// never an Expr: arithmetic that cancels every symbol gives a plain number
// (sizes) or bigint (counts), so code that checks `d === 1` keeps working.
//
// An Expr cannot silently become a number: using one in JS arithmetic or a
// comparison (`h * 2`, `h > 0`) throws a SymbolicError naming its symbols. So
// a model whose forward needs a concrete size says which one, instead of
// computing with NaN.

import { FlopscopeError } from './errors.js';

/** A symbolic size was used where only a concrete one works (control flow on it, a data-dependent shape, an undecidable check). */
export class SymbolicError extends FlopscopeError {
  static override readonly typeName: string = 'SymbolicError';
  /** The symbols involved. */
  readonly symbols: readonly string[];
  constructor(detail: string, symbols: readonly string[]) {
    const names = symbols.length === 0 ? 'a symbolic size' : symbols.join(', ');
    super(`${detail}; give ${symbols.length > 1 ? 'these sizes' : names} a concrete value (e.g. --inputs with a number for ${names}, or a --where constraint that decides it)`);
    this.symbols = symbols;
  }
}

// ---------------------------------------------------------------------------
// Rationals: [numerator, denominator], denominator > 0, in lowest terms.

type Rational = readonly [bigint, bigint];

const abs = (a: bigint): bigint => (a < 0n ? -a : a);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
function rat(n: bigint, d: bigint): Rational {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return g > 1n ? [n / g, d / g] : [n, d];
}
const radd = (a: Rational, b: Rational): Rational => (a[1] === b[1] ? rat(a[0] + b[0], a[1]) : rat(a[0] * b[1] + b[0] * a[1], a[1] * b[1]));
const rmul = (a: Rational, b: Rational): Rational => rat(a[0] * b[0], a[1] * b[1]);
/** floor(n / d) for d > 0, exact. */
const floorDiv = (n: bigint, d: bigint): bigint => (n >= 0n ? n / d : -((-n + d - 1n) / d));

// ---------------------------------------------------------------------------
// Atoms and monomials.

/** A named size, with the least value it can take (1 unless said otherwise). */
interface SymbolAtom {
  readonly kind: 'symbol';
  readonly key: string;
  readonly name: string;
  readonly min: bigint;
}
/** floor(inner / den): inner has integer coefficients and is no constant, den >= 2. */
interface FloorAtom {
  readonly kind: 'floor';
  readonly key: string;
  readonly inner: Expr;
  readonly den: bigint;
}
type Atom = SymbolAtom | FloorAtom;

/** A product of atoms to positive powers, sorted by atom key. */
interface Monomial {
  readonly key: string;
  readonly factors: readonly (readonly [Atom, number])[];
}
interface Term {
  readonly mono: Monomial;
  readonly coef: Rational;
}

const ONE: Monomial = { key: '', factors: [] };

function monoOf(factors: (readonly [Atom, number])[]): Monomial {
  factors.sort((a, b) => (a[0].key < b[0].key ? -1 : a[0].key > b[0].key ? 1 : 0));
  return { key: factors.map(([a, p]) => (p === 1 ? a.key : `${a.key}^${p}`)).join('*'), factors };
}

function monoMul(a: Monomial, b: Monomial): Monomial {
  if (a.factors.length === 0) return b;
  if (b.factors.length === 0) return a;
  const powers = new Map<string, [Atom, number]>();
  for (const [atom, p] of [...a.factors, ...b.factors]) {
    const had = powers.get(atom.key);
    powers.set(atom.key, [atom, (had?.[1] ?? 0) + p]);
  }
  return monoOf([...powers.values()]);
}

// ---------------------------------------------------------------------------
// Expressions.

/**
 * An exact expression in named sizes, canonical and interned (see the top of
 * this file). Build them with {@link symbol} and the arithmetic below; print
 * them with `toString()`; evaluate them with {@link evaluate}.
 */
export class Expr {
  /** The terms, sorted by monomial key (no zero coefficient, at least one non-constant term). */
  readonly terms: readonly Term[];
  /** The canonical text that identifies it. */
  readonly key: string;
  /** Whether every coefficient is an integer (its value is then an integer at every point). */
  readonly integral: boolean;
  private names: readonly string[] | undefined;
  /** @internal Arithmetic results with this on the left, by operation and operand (see `remembered`). */
  readonly memo = new Map<string, Rational | Expr>();
  /** @internal decideAtLeast's answers, by bound. */
  readonly decided = new Map<string, boolean | undefined>();

  /** @internal Use {@link symbol} and the arithmetic functions; this is called by interning only. */
  constructor(terms: readonly Term[], key: string) {
    this.terms = terms;
    this.key = key;
    this.integral = terms.every((t) => t.coef[1] === 1n);
  }

  /** The named sizes it depends on, sorted. */
  symbols(): readonly string[] {
    if (this.names === undefined) {
      const s = new Set<string>();
      const visit = (e: Expr): void => {
        for (const t of e.terms) for (const [a] of t.mono.factors) a.kind === 'symbol' ? s.add(a.name) : visit(a.inner);
      };
      visit(this);
      this.names = [...s].sort();
    }
    return this.names;
  }

  /** Readable exact text: `2*H*W + 3`, `floor((H - 1)/2) + 1`, `T^2/2 + T/2`. */
  toString(): string {
    return exprText(this, (c) => c.toString());
  }

  /** JSON holds its exact text. */
  toJSON(): string {
    return this.toString();
  }

  /** Any use as a number (arithmetic, `<`, `Math.max`) is a SymbolicError; as a string, its text. */
  [Symbol.toPrimitive](hint: string): string {
    if (hint === 'string') return this.toString();
    throw new SymbolicError(`the symbolic size ${this.toString()} was used as a plain number (arithmetic or a comparison outside flopscope's shape rules)`, this.symbols());
  }
}

// Interned expressions by canonical key: a memo of a pure function (equal keys
// are equal expressions), so that `===` compares expressions. It grows with
// the number of distinct expressions a process builds.
const INTERNED = new Map<string, Expr>();

function atomText(a: Atom, coefText: (c: bigint) => string): string {
  if (a.kind === 'symbol') return a.name;
  const inner = exprText(a.inner, coefText);
  return `floor(${a.inner.terms.length > 1 ? `(${inner})` : inner}/${a.den})`;
}

function monoText(m: Monomial, coefText: (c: bigint) => string): string {
  return m.factors.map(([a, p]) => (p === 1 ? atomText(a, coefText) : `${atomText(a, coefText)}^${p}`)).join('*');
}

/** Terms by total degree, lowest first, constant first: `3 + 2*H + H^2`. */
function degree(m: Monomial): number {
  let d = 0;
  for (const [, p] of m.factors) d += p;
  return d;
}

/** The text of an expression with coefficients written by `coefText` (exact digits, or `2.1G`). */
export function exprText(e: Expr, coefText: (c: bigint) => string): string {
  const terms = [...e.terms].sort((a, b) => degree(a.mono) - degree(b.mono) || (a.mono.key < b.mono.key ? -1 : a.mono.key > b.mono.key ? 1 : 0));
  let out = '';
  for (const { mono, coef } of terms) {
    const [n, d] = coef;
    const neg = n < 0n;
    const mag = neg ? -n : n;
    let body: string;
    if (mono.factors.length === 0) body = d === 1n ? coefText(mag) : `${coefText(mag)}/${d}`;
    else {
      const m = monoText(mono, coefText);
      body = mag === 1n ? m : `${coefText(mag)}*${m}`;
      if (d !== 1n) body = `${body}/${d}`;
    }
    out += out === '' ? (neg ? `-${body}` : body) : neg ? ` - ${body}` : ` + ${body}`;
  }
  return out;
}

/** A mutable sum of terms by monomial key, turned into a canonical value by `finish`. */
type Sum = Map<string, { mono: Monomial; coef: Rational }>;

function addTerm(sum: Sum, mono: Monomial, coef: Rational): void {
  if (coef[0] === 0n) return;
  const had = sum.get(mono.key);
  if (had === undefined) sum.set(mono.key, { mono, coef });
  else {
    const c = radd(had.coef, coef);
    if (c[0] === 0n) sum.delete(mono.key);
    else had.coef = c;
  }
}

/** A value: a constant (rational) or an interned Expr. */
type Canonical = Rational | Expr;

function finish(sum: Sum): Canonical {
  const terms = [...sum.values()].sort((a, b) => (a.mono.key < b.mono.key ? -1 : a.mono.key > b.mono.key ? 1 : 0));
  if (terms.length === 0) return [0n, 1n];
  const first = terms[0]!;
  if (terms.length === 1 && first.mono.factors.length === 0) return first.coef;
  const key = terms.map((t) => `${t.coef[0]}${t.coef[1] === 1n ? '' : `/${t.coef[1]}`}${t.mono.key === '' ? '' : `·${t.mono.key}`}`).join('+');
  let e = INTERNED.get(key);
  if (e === undefined) INTERNED.set(key, (e = new Expr(terms, key)));
  return e;
}

function sumOf(v: Canonical): Sum {
  const s: Sum = new Map();
  if (v instanceof Expr) for (const t of v.terms) s.set(t.mono.key, { mono: t.mono, coef: t.coef });
  else addTerm(s, ONE, v);
  return s;
}

/** What the arithmetic takes: a number (a whole or fractional JS number), a bigint, or an Expr. */
export type Value = number | bigint | Expr;

/** What the internal arithmetic takes: a Value or a constant already made rational. */
type In = Value | Canonical;

function canonical(v: In): Canonical {
  if (v instanceof Expr || Array.isArray(v)) return v as Canonical;
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

/** The memo key of an operand: an Expr's canonical key, a constant's digits. */
const keyOf = (c: Canonical): string => (c instanceof Expr ? c.key : c[1] === 1n ? `${c[0]}` : `${c[0]}/${c[1]}`);

/**
 * `f(a, b)` remembered on `a` (interned, immutable) by `op` and `b`'s key:
 * a model repeats the same size arithmetic in every block.
 */
function remembered(a: Expr, op: string, b: Canonical, f: () => Canonical): Canonical {
  const key = `${op}${keyOf(b)}`;
  let r = a.memo.get(key);
  if (r === undefined) a.memo.set(key, (r = f()));
  return r;
}

function linear(a: In, b: In, sign: bigint): Canonical {
  const ca = canonical(a);
  const cb = canonical(b);
  if (ca instanceof Expr) return remembered(ca, sign > 0n ? '+' : '-', cb, () => linearOf(ca, cb, sign));
  return linearOf(ca, cb, sign);
}

function linearOf(ca: Canonical, cb: Canonical, sign: bigint): Canonical {
  const s = sumOf(ca);
  if (cb instanceof Expr) for (const t of cb.terms) addTerm(s, t.mono, [t.coef[0] * sign, t.coef[1]]);
  else addTerm(s, ONE, [cb[0] * sign, cb[1]]);
  return finish(s);
}

function times(a: In, b: In): Canonical {
  const ca = canonical(a);
  const cb = canonical(b);
  if (!(ca instanceof Expr) && !(cb instanceof Expr)) return rmul(ca, cb);
  if (ca instanceof Expr) return remembered(ca, '*', cb, () => timesOf(ca, cb));
  return remembered(cb as Expr, '*', ca, () => timesOf(ca, cb));
}

function timesOf(ca: Canonical, cb: Canonical): Canonical {
  const s: Sum = new Map();
  const ta = ca instanceof Expr ? ca.terms : [{ mono: ONE, coef: ca }];
  const tb = cb instanceof Expr ? cb.terms : [{ mono: ONE, coef: cb }];
  for (const x of ta) for (const y of tb) addTerm(s, monoMul(x.mono, y.mono), rmul(x.coef, y.coef));
  return finish(s);
}

/** floor(a / k) for a positive integer k, canonical: whole parts taken out, common factors cancelled, floors of floors merged. */
function floorOf(a: Canonical, k: bigint): Canonical {
  if (k <= 0n) throw new SymbolicError(`floor division by ${k}`, a instanceof Expr ? a.symbols() : []);
  if (!(a instanceof Expr)) return [floorDiv(a[0], a[1] * k), 1n];
  if (!a.integral) {
    // floor((p/m)/k) = floor(p/(m*k)), p with integer coefficients.
    let m = 1n;
    for (const t of a.terms) m = (m * t.coef[1]) / gcd(m, t.coef[1]);
    return floorOf(times(a, m) as Canonical, k * m);
  }
  if (k === 1n) return a;
  const whole: Sum = new Map();
  const rest: Sum = new Map();
  for (const t of a.terms) {
    const q = floorDiv(t.coef[0], k);
    addTerm(whole, t.mono, [q, 1n]);
    addTerm(rest, t.mono, [t.coef[0] - q * k, 1n]);
  }
  const r = finish(rest);
  // 0 <= the constant remainder < k: its floor is 0.
  if (!(r instanceof Expr)) return finish(whole);
  let g = k;
  for (const t of r.terms) g = gcd(g, t.coef[0]);
  let den = k / g;
  let inner: Canonical = g === 1n ? r : times(r, rat(1n, g));
  if (den === 1n) return linear(finish(whole), inner, 1n);
  // floor((floor(F/j) + c)/den) = floor((F + c*j)/(j*den)).
  if (inner instanceof Expr) {
    const nonConst = inner.terms.filter((t) => t.mono.factors.length > 0);
    const only = nonConst[0];
    if (nonConst.length === 1 && only !== undefined && only.coef[0] === 1n && only.mono.factors.length === 1 && only.mono.factors[0]![1] === 1) {
      const atom = only.mono.factors[0]![0];
      if (atom.kind === 'floor') {
        const c = inner.terms.find((t) => t.mono.factors.length === 0)?.coef[0] ?? 0n;
        const merged = floorOf(linear(atom.inner, c * atom.den, 1n), atom.den * den);
        return linear(finish(whole), merged, 1n);
      }
    }
  }
  const innerExpr = inner as Expr;
  const key = `⌊${innerExpr.key}/${den}⌋`;
  const atom: FloorAtom = { kind: 'floor', key, inner: innerExpr, den };
  return linear(finish(whole), atomExpr(atom), 1n);
}

// Atoms as expressions, by key (a memo of a pure function, like INTERNED).
const ATOMS = new Map<string, Expr>();

function atomExpr(atom: Atom): Expr {
  let e = ATOMS.get(atom.key);
  if (e === undefined) {
    e = finish(new Map([[atom.key, { mono: monoOf([[atom, 1]]), coef: [1n, 1n] as Rational }]])) as Expr;
    ATOMS.set(atom.key, e);
  }
  return e;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The named size `name` (a letter or `_`, then letters, digits, `_`), an
 * integer >= `min` (1 by default: a size; 0 for a length that may be empty,
 * such as the cached tokens of a first decode step).
 */
export function symbol(name: string, min = 1): Expr {
  if (typeof name !== 'string' || !NAME.test(name)) throw new SymbolicError(`'${String(name)}' is not a size name (a letter, then letters, digits or _)`, []);
  if (!Number.isSafeInteger(min)) throw new SymbolicError(`the least value of ${name} must be an integer, got ${String(min)}`, [name]);
  const key = min === 1 ? name : `${name}≥${min}`;
  return atomExpr({ kind: 'symbol', key, name, min: BigInt(min) });
}

/** Whether `v` is a symbolic expression (not a plain number). */
export const isExpr = (v: unknown): v is Expr => v instanceof Expr;

// ---------------------------------------------------------------------------
// Arithmetic on sizes (number | Expr) and on counts (bigint | Expr).

/** A size: a whole number, or an expression in named sizes. */
export type SymSize = number | Expr;
/** A count: an exact whole number, or an expression in named sizes. */
export type SymCount = bigint | Expr;

/** A constant as a size: a whole number below 2^53 (a fraction is kept as a number too: `div` gives floats). */
function toSize(c: Canonical): SymSize {
  if (c instanceof Expr) return c;
  if (c[1] === 1n) {
    const n = Number(c[0]);
    if (!Number.isSafeInteger(n)) throw new SymbolicError(`the size ${c[0]} is past 2^53-1`, []);
    return n;
  }
  return Number(c[0]) / Number(c[1]);
}

function toCount(c: Canonical): SymCount | Rational {
  if (c instanceof Expr) return c;
  return c[1] === 1n ? c[0] : c;
}

export const sizeAdd = (a: Value, b: Value): SymSize => toSize(linear(a, b, 1n));
export const sizeSub = (a: Value, b: Value): SymSize => toSize(linear(a, b, -1n));
export const sizeMul = (a: Value, b: Value): SymSize => toSize(times(a, b));
/** `a // k` (Python's floor division) for a positive whole `k`; a symbolic divisor is a SymbolicError. */
export function sizeFloorDiv(a: Value, k: Value): SymSize {
  const ck = canonical(k);
  if (ck instanceof Expr || ck[1] !== 1n) {
    // An exact quotient (B*h*w // (h*w)) is the floor.
    const q = ck instanceof Expr ? exactQuotient(a, ck) : undefined;
    if (q !== undefined) return q;
    throw new SymbolicError(`division by ${ck instanceof Expr ? ck.toString() : ck.join('/')}: only whole constant divisors are supported`, ck instanceof Expr ? ck.symbols() : []);
  }
  if (ck[0] < 0n) return toSize(floorOf(times(a, -1), -ck[0]));
  return toSize(floorOf(canonical(a), ck[0]));
}
/** `a % k` with Python's sign, for a positive whole `k`: `a - k*floor(a/k)`. */
export function sizeMod(a: Value, k: Value): SymSize {
  return sizeSub(a, sizeMul(k, sizeFloorDiv(a, k)));
}
/** `a / b`, true division: exact (rational coefficients) for a constant divisor. */
export function sizeDiv(a: Value, b: Value): SymSize {
  const cb = canonical(b);
  if (cb instanceof Expr) {
    if (cb === canonical(a)) return 1;
    throw new SymbolicError(`division by ${cb.toString()}`, cb.symbols());
  }
  if (cb[0] === 0n) throw new SymbolicError('division by zero', []);
  return toSize(times(a, rat(cb[1], cb[0])));
}

/** Whether `v` is a whole number (a bigint, or a safe-integer number): the counts' plain path. */
const whole = (v: Value): v is bigint | number => typeof v === 'bigint' || Number.isSafeInteger(v);

// Whole operands take bigint arithmetic directly: concrete counts pass through here too.
export const countAdd = (a: Value, b: Value): SymCount => (whole(a) && whole(b) ? BigInt(a) + BigInt(b) : wholeCount(linear(a, b, 1n)));
export const countMul = (a: Value, b: Value): SymCount => (whole(a) && whole(b) ? BigInt(a) * BigInt(b) : wholeCount(times(a, b)));

function wholeCount(c: Canonical): SymCount {
  const v = toCount(c);
  if (Array.isArray(v)) throw new SymbolicError(`the count ${v[0]}/${v[1]} is not whole`, []);
  return v as SymCount;
}

/** `Σ_{x = from}^{to} e`, exactly (Faulhaber's sums), for `e` a polynomial in `x` (no floor of `x`). */
export function sumOver(e: Value, x: string, from: Value, to: Value): SymCount {
  const ce = canonical(e);
  if (!(ce instanceof Expr)) return wholeCount(times(ce, linear(linear(to, from, -1n), 1, 1n)));
  // Split e by powers of x: e = Σ_p c_p(other atoms) x^p.
  const byPower = new Map<number, Sum>();
  for (const t of ce.terms) {
    let p = 0;
    const rest: (readonly [Atom, number])[] = [];
    for (const f of t.mono.factors) {
      if (f[0].kind === 'symbol' && f[0].name === x) p = f[1];
      else {
        if (f[0].kind === 'floor' && exprHas(f[0].inner, x)) throw new SymbolicError(`a sum over ${x} of an expression with a floor of ${x}`, [x]);
        rest.push(f);
      }
    }
    let s = byPower.get(p);
    if (s === undefined) byPower.set(p, (s = new Map()));
    addTerm(s, monoOf(rest), t.coef);
  }
  let total: Canonical = [0n, 1n];
  for (const [p, s] of byPower) {
    // Σ_{x=from}^{to} x^p = S_p(to) - S_p(from - 1), S_p(n) = Σ_{x=0}^{n} x^p (0^0 = 1).
    const diff = linear(powerSum(p, to), powerSum(p, linear(from, 1, -1n)), -1n);
    total = linear(total, times(finish(s), diff), 1n);
  }
  return wholeCount(total);
}

function exprHas(e: Expr, name: string): boolean {
  return e.symbols().includes(name);
}

/** Σ_{x=0}^{n} x^p as a polynomial in n (p >= 0), by Faulhaber's formula with Bernoulli numbers. */
function powerSum(p: number, n: In): Canonical {
  if (p === 0) return linear(n, 1, 1n);
  // Σ_{x=1}^{n} x^p = 1/(p+1) Σ_{j=0}^{p} C(p+1, j) B_j n^(p+1-j), with B_1 = +1/2.
  const b = bernoulli(p);
  let total: Canonical = [0n, 1n];
  let binom = 1n;
  for (let j = 0; j <= p; j++) {
    if (j > 0) binom = (binom * BigInt(p + 2 - j)) / BigInt(j);
    const coef = rmul(rat(binom, BigInt(p + 1)), b[j]!);
    let pow: Canonical = [1n, 1n];
    for (let k = 0; k < p + 1 - j; k++) pow = times(pow, n);
    total = linear(total, times(pow, coef), 1n);
  }
  return total;
}

function bernoulli(p: number): Rational[] {
  const b: Rational[] = [[1n, 1n]];
  for (let m = 1; m <= p; m++) {
    // B_m = -1/(m+1) Σ_{k<m} C(m+1, k) B_k (B_1 = -1/2 here; flipped below).
    let s: Rational = [0n, 1n];
    let binom = 1n;
    for (let k = 0; k < m; k++) {
      if (k > 0) binom = (binom * BigInt(m + 2 - k)) / BigInt(k);
      s = radd(s, rmul([binom, 1n], b[k]!));
    }
    b.push(rmul(s, rat(-1n, BigInt(m + 1))));
  }
  if (p >= 1) b[1] = [1n, 2n];
  return b;
}

// ---------------------------------------------------------------------------
// Evaluation.

/** Values of named sizes at one point. */
export type Point = Readonly<Record<string, number | bigint>>;

function evalCanonical(e: Expr, point: Point, memo: Map<string, bigint>): Rational {
  let n = 0n;
  let d = 1n;
  for (const t of e.terms) {
    let m = t.coef[0];
    for (const [atom, p] of t.mono.factors) {
      const v = atomValue(atom, point, memo);
      m *= p === 1 ? v : v ** BigInt(p);
    }
    if (t.coef[1] === d) n += m;
    else {
      n = n * t.coef[1] + m * d;
      d *= t.coef[1];
    }
  }
  return rat(n, d);
}

function atomValue(atom: Atom, point: Point, memo: Map<string, bigint>): bigint {
  let v = memo.get(atom.key);
  if (v !== undefined) return v;
  if (atom.kind === 'symbol') {
    const given = point[atom.name];
    if (given === undefined) throw new SymbolicError(`no value given for ${atom.name}`, [atom.name]);
    if (typeof given === 'number' && !Number.isSafeInteger(given)) throw new SymbolicError(`${atom.name} = ${given} is not a whole number`, [atom.name]);
    v = BigInt(given);
    if (v < atom.min) throw new SymbolicError(`${atom.name} = ${v} is below its least value ${atom.min}`, [atom.name]);
  } else {
    const [n, d] = evalCanonical(atom.inner, point, memo);
    v = floorDiv(n, d * atom.den);
  }
  memo.set(atom.key, v);
  return v;
}

/** The exact value of `v` at `point`: a bigint when whole, else `[numerator, denominator]`. */
export function evaluate(v: Value, point: Point): bigint | readonly [bigint, bigint] {
  if (!(v instanceof Expr)) {
    const c = canonical(v) as Rational;
    return c[1] === 1n ? c[0] : c;
  }
  const [n, d] = evalCanonical(v, point, new Map());
  return d === 1n ? n : [n, d];
}

/** The value of a size or count at `point` as a whole number (a bigint); a fraction is a SymbolicError. */
export function evaluateWhole(v: Value, point: Point): bigint {
  const r = evaluate(v, point);
  if (typeof r === 'bigint') return r;
  throw new SymbolicError(`${String(v)} is ${r[0]}/${r[1]} at ${JSON.stringify(point, (_, x: unknown) => (typeof x === 'bigint' ? Number(x) : x))}, not a whole number`, v instanceof Expr ? v.symbols() : []);
}

/** `v` with some named sizes replaced by values or expressions (`H -> 32*h`). */
export function substitute(v: Value, values: Readonly<Record<string, Value>>): Value {
  if (!(v instanceof Expr)) return v;
  const c = substituteCanonical(v, values);
  if (c instanceof Expr) return c;
  return c[1] === 1n ? c[0] : Number(c[0]) / Number(c[1]);
}

function substituteCanonical(e: Expr, values: Readonly<Record<string, Value>>): Canonical {
  let total: Canonical = [0n, 1n];
  for (const t of e.terms) {
    let m: Canonical = t.coef;
    for (const [atom, p] of t.mono.factors) {
      let a: Canonical;
      if (atom.kind === 'symbol') {
        const given = values[atom.name];
        a = given === undefined ? atomExpr(atom) : canonical(given);
      } else a = floorOf(substituteCanonical(atom.inner, values), atom.den);
      for (let k = 0; k < p; k++) m = times(m, a);
    }
    total = linear(total, m, 1n);
  }
  return total;
}

// ---------------------------------------------------------------------------
// Deciding inequalities.

/**
 * Whether `v >= bound` for every value of its symbols (each at least its
 * `min`): true or false when that follows from monotonicity, undefined when
 * it depends on the values.
 */
export function decideAtLeast(v: Value, bound: number): boolean | undefined {
  const c = canonical(v);
  if (!(c instanceof Expr)) return c[0] >= BigInt(bound) * c[1];
  const key = `>=${bound}`;
  if (c.decided.has(key)) return c.decided.get(key);
  const d = decideExpr(c, bound);
  c.decided.set(key, d);
  return d;
}

function decideExpr(c: Expr, bound: number): boolean | undefined {
  // Nondecreasing in every symbol when every coefficient is >= 0 and every atom
  // is >= 0 and nondecreasing: the least value is at the symbols' least values.
  // A floor that appears linearly is first replaced by the side of
  // x/k - (k-1)/k <= floor(x/k) <= x/k that bounds v from below (or above).
  const b = BigInt(bound);
  for (const e of [c, relaxFloors(c, 'below')]) {
    const least = e instanceof Expr ? leastValue(e) : e;
    if (least !== undefined && least[0] >= b * least[1]) return true;
  }
  for (const e of [c, relaxFloors(c, 'above')]) {
    // -v nondecreasing: v's largest value is at the least point.
    const most = e instanceof Expr ? leastValue(times(e, -1) as Expr) : e === undefined ? undefined : ([-e[0], e[1]] as Rational);
    if (most !== undefined && -most[0] < b * most[1]) return false;
  }
  return undefined;
}

/** `e` with each floor that appears linearly (power 1, alone in its term) replaced by a bound on the side `side` of `e`; undefined if a floor appears otherwise. */
function relaxFloors(e: Expr, side: 'below' | 'above'): Canonical | undefined {
  let total: Canonical = [0n, 1n];
  for (const t of e.terms) {
    const floors = t.mono.factors.filter(([a]) => a.kind === 'floor');
    if (floors.length === 0) {
      total = linear(total, finish(new Map([[t.mono.key, { mono: t.mono, coef: t.coef }]])), 1n);
      continue;
    }
    const [f] = floors;
    if (floors.length > 1 || t.mono.factors.length > 1 || f === undefined || f[1] !== 1) return undefined;
    const atom = f[0] as FloorAtom;
    // A positive coefficient is bounded below by the floor's lower side; a negative one by its upper side.
    const lowerSide = (t.coef[0] > 0n) === (side === 'below');
    const x = times(atom.inner, rat(1n, atom.den));
    const bound = lowerSide ? linear(x, rat(atom.den - 1n, atom.den), -1n) : x;
    total = linear(total, times(bound, t.coef), 1n);
  }
  return total;
}

/** The least value of `e` when it is nondecreasing in its symbols from their least values up, else undefined. */
function leastValue(e: Expr): Rational | undefined {
  const point: Record<string, bigint> = {};
  const ok = (x: Expr): boolean =>
    x.terms.every((t) => {
      if (t.mono.factors.length > 0 && t.coef[0] < 0n) return false;
      return t.mono.factors.every(([a]) => {
        if (a.kind === 'symbol') {
          if (a.min < 0n) return false;
          point[a.name] = a.min;
          return true;
        }
        return ok(a.inner);
      });
    });
  if (!ok(e)) return undefined;
  const memo = new Map<string, bigint>();
  for (const t of e.terms) for (const [a] of t.mono.factors) if (atomValue(a, point, memo) < 0n) return undefined;
  return evalCanonical(e, point, memo);
}

/**
 * `a / b` when it is exact as a polynomial (`B*T*C / (B*T) = C`, `12*H / 4 =
 * 3*H`), else undefined: a view's inferred size. The divisor must be a
 * constant or a single term.
 */
export function exactQuotient(a: Value, b: Value): SymSize | undefined {
  const ca = canonical(a);
  const cb = canonical(b);
  if (ca === cb) return 1;
  let q: Canonical;
  if (!(cb instanceof Expr)) {
    if (cb[0] === 0n) return undefined;
    q = times(ca, rat(cb[1], cb[0]));
  } else {
    const [t] = cb.terms;
    if (cb.terms.length !== 1 || t === undefined || !(ca instanceof Expr)) return undefined;
    const s: Sum = new Map();
    for (const x of ca.terms) {
      const left = new Map(x.mono.factors.map(([atom, p]) => [atom.key, [atom, p] as [Atom, number]]));
      for (const [atom, p] of t.mono.factors) {
        const had = left.get(atom.key);
        if (had === undefined || had[1] < p) return undefined;
        if (had[1] === p) left.delete(atom.key);
        else left.set(atom.key, [atom, had[1] - p]);
      }
      addTerm(s, monoOf([...left.values()]), rmul(x.coef, rat(t.coef[1], t.coef[0])));
    }
    q = finish(s);
  }
  if (q instanceof Expr ? !q.integral : q[1] !== 1n) return undefined;
  return toSize(q);
}

/**
 * Whether `v >= bound`, for a branch that must be taken one way for every
 * value (`if window >= height`): undecidable from the symbols' least values
 * is a SymbolicError naming `why` (a --where lower bound can decide it).
 */
export function decideBranch(v: Value, bound: number, why: string): boolean {
  const d = decideAtLeast(v, bound);
  if (d !== undefined) return d;
  const e = canonical(v) as Expr;
  throw new SymbolicError(`${why}: which way it goes depends on whether ${e.toString()} >= ${bound}`, e.symbols());
}

/** An expression as exact data: `{ text, terms: [{ coefficient: '3/2', factors: [{ symbol: 'T', power: 2 }] }] }`; a floor factor is `{ floor: <structured>, over: k, power }`. */
export interface StructuredExpr {
  readonly text: string;
  readonly terms: readonly { readonly coefficient: string; readonly factors: readonly StructuredFactor[] }[];
}
export type StructuredFactor = { readonly symbol: string; readonly power: number } | { readonly floor: StructuredExpr; readonly over: string; readonly power: number };

/** `v` as exact data for JSON (a constant has no factors). */
export function structured(v: Value): StructuredExpr {
  const c = canonical(v);
  if (!(c instanceof Expr)) return { text: c[1] === 1n ? `${c[0]}` : `${c[0]}/${c[1]}`, terms: c[0] === 0n ? [] : [{ coefficient: c[1] === 1n ? `${c[0]}` : `${c[0]}/${c[1]}`, factors: [] }] };
  return {
    text: c.toString(),
    terms: c.terms.map((t) => ({
      coefficient: t.coef[1] === 1n ? `${t.coef[0]}` : `${t.coef[0]}/${t.coef[1]}`,
      factors: t.mono.factors.map(([a, p]): StructuredFactor => (a.kind === 'symbol' ? { symbol: a.name, power: p } : { floor: structured(a.inner), over: `${a.den}`, power: p })),
    })),
  };
}

/**
 * An evaluator of many expressions at one point: each distinct expression
 * (interned: equal ones are one object) and each atom is evaluated once.
 * Whole values as bigints; a fraction is a SymbolicError.
 */
export function wholeEvaluator(point: Point): (v: Value) => bigint {
  const atoms = new Map<string, bigint>();
  const done = new Map<Expr, bigint>();
  return (v) => {
    if (!(v instanceof Expr)) {
      if (typeof v === 'bigint') return v;
      return evaluateWhole(v, point);
    }
    let r = done.get(v);
    if (r === undefined) {
      const [n, d] = evalCanonical(v, point, atoms);
      if (d !== 1n) throw new SymbolicError(`${v.toString()} is ${n}/${d} at this point, not a whole number`, v.symbols());
      done.set(v, (r = n));
    }
    return r;
  };
}

/** `a // k` for a count (bigint | Expr) and a positive whole constant `k`: exact past 2^53. */
export function countFloorDiv(a: Value, k: bigint): SymCount {
  if (k <= 0n) throw new SymbolicError(`floor division by ${k}`, []);
  return wholeCount(floorOf(canonical(a), k));
}
