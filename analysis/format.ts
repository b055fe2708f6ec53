// Number formatting exactly as the reference prints it: Python's fixed-point
// formatting rounds half to even on the exact binary value, which JavaScript's
// toFixed does not, so ties are settled here.

import { exprText } from '../core/sizes.js';
import type { Expr } from '../core/symbolic.js';

/** Python's `'{:.Nf}'.format(x)` for a finite double. */
export function pyFixed(x: number, decimals: number): string {
  if (Math.abs(x) >= 1e21) return bigFixed(x, decimals);
  const scaled = Math.abs(x) * 10 ** decimals;
  const frac = scaled - Math.floor(scaled);
  // Only a value sitting on a half can round differently; check those exactly.
  if (Math.abs(frac - 0.5) > 1e-6) return x.toFixed(decimals);
  return exactHalfEven(x, decimals);
}

function exactHalfEven(x: number, decimals: number): string {
  const s = Math.abs(x).toFixed(decimals + 60); // exact expansion for the magnitudes printed
  const dot = s.indexOf('.');
  const keep = s.slice(0, dot + 1 + decimals);
  const rest = s.slice(dot + 1 + decimals);
  const first = rest[0] ?? '0';
  const tail = rest.slice(1);
  let digits = BigInt(keep.replace('.', ''));
  const tie = first === '5' && /^0*$/.test(tail);
  if (first > '5' || (first === '5' && !tie) || (tie && digits % 2n === 1n)) digits += 1n;
  let text = digits.toString().padStart(decimals + 1, '0');
  if (decimals > 0) text = `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
  return (x < 0 ? '-' : '') + text;
}

function bigFixed(x: number, decimals: number): string {
  const whole = BigInt(Math.trunc(x)); // doubles this large are whole numbers
  return decimals > 0 ? `${whole}.${'0'.repeat(decimals)}` : whole.toString();
}

/** Python's `'{:.Nf}'.format(x).rstrip('0').rstrip('.')` for x >= 0, on the hot path. */
export function pyFixedStripped(x: number, decimals: number): string {
  const y = x * 10 ** decimals;
  let text: string | undefined;
  if (y < 1e15) {
    const n = Math.round(y);
    // Away from a half the float product rounds like the exact value does;
    // near one, take the exact path.
    if (Math.abs(y - n) < 0.4999999) {
      const digits = String(n).padStart(decimals + 1, '0');
      const cut = digits.length - decimals;
      text = decimals > 0 ? `${digits.slice(0, cut)}.${digits.slice(cut)}` : digits;
    }
  }
  if (text === undefined) text = pyFixed(x, decimals);
  if (!text.includes('.')) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--;
  if (text.charCodeAt(end - 1) === 46) end--;
  return text.slice(0, end);
}

/**
 * `_format_size`: 'K', 'M', 'G', 'T', 'P' with `sigFigs` decimals, trailing
 * zeros stripped; small numbers as plain integers (`65.0` when the reference
 * holds the count as a float).
 */
export function formatSize(x: bigint, sigFigs = 3, hideZero = false, isFloat = false): string {
  if (hideZero && x === 0n) return '';
  if (isFloat || sigFigs !== 2 && sigFigs !== 3) return formatSizeUncached(x, sigFigs, isFloat);
  // The same counts recur across blocks and across calls; formatting is the
  // costly part of printing, so remember recent results.
  const cache = sigFigs === 2 ? SIZE_CACHE_2 : SIZE_CACHE_3;
  let s = cache.get(x);
  if (s === undefined) {
    if (cache.size > 50000) cache.clear();
    s = formatSizeUncached(x, sigFigs, false);
    cache.set(x, s);
  }
  return s;
}

// Module-level but safe: keyed by the count itself, whose text never changes.
const SIZE_CACHE_2 = new Map<bigint, string>();
const SIZE_CACHE_3 = new Map<bigint, string>();

function formatSizeUncached(x: bigint, sigFigs: number, isFloat: boolean): string {
  const fmt = (v: number): string => (v >= 0 ? pyFixedStripped(v, sigFigs) : `-${pyFixedStripped(-v, sigFigs)}`);
  const a = x < 0n ? -x : x;
  const f = Number(x); // int -> float, rounded to nearest as Python does
  if (a > 100000000000000n) return `${fmt(f / 1e15)}P`;
  if (a > 100000000000n) return `${fmt(f / 1e12)}T`;
  if (a > 100000000n) return `${fmt(f / 1e9)}G`;
  if (a > 100000n) return `${fmt(f / 1e6)}M`;
  if (a > 100n) return `${fmt(f / 1e3)}K`;
  return isFloat ? `${x}.0` : x.toString();
}

/** parameter_count_table's size format: one decimal, not stripped (`25.6M`, `0.1K`). */
export function formatParamSize(x: bigint): string {
  const f = Number(x);
  if (x > 100000000n) return `${pyFixed(f / 1e9, 1)}G`;
  if (x > 100000n) return `${pyFixed(f / 1e6, 1)}M`;
  if (x > 100n) return `${pyFixed(f / 1e3, 1)}K`;
  return x.toString();
}

/** Python's `str(tuple(shape))`: core's pyTuple, under its former name here. */
export { pyTuple as shapeTuple } from '../core/shape.js';

/**
 * A count that may be a formula (a symbolic analysis), as the views print it:
 * a number as formatSize does; a formula with its coefficients shortened the
 * same way (`2.1G*B*T + 12.6K*B*T^2`; JSON keeps them exact).
 */
export function formulaText(v: bigint | Expr, sigFigs = 3): string {
  if (typeof v === 'bigint') return formatSize(v, sigFigs);
  return exprText(v, (c) => (c < 1000n ? c.toString() : formatSize(c, sigFigs)));
}
