// Python's text for the values that appear in reprs (`True`, `1e-05`, `(3, 3)`),
// so that `toString()` matches PyTorch's repr character for character.

import { pyTuple } from '../core/shape.js';

/** Python's `repr(bool)`: `True` or `False`. */
export function pyBool(v: boolean): string {
  return v ? 'True' : 'False';
}

/** Python's `repr(float)`: shortest round-trip digits, exponent outside [1e-4, 1e16). */
export function pyFloat(x: number): string {
  if (x === 0) return pyFloatUncached(x); // the cache cannot tell 0 from -0
  let s = FLOAT_TEXT.get(x);
  if (s === undefined) {
    if (FLOAT_TEXT.size > 10000) FLOAT_TEXT.clear();
    s = pyFloatUncached(x);
    FLOAT_TEXT.set(x, s);
  }
  return s;
}

// A memo of a pure function, keyed by the number itself: nothing can change
// underneath it (bounded; cleared when large).
const FLOAT_TEXT = new Map<number, string>();

function pyFloatUncached(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const sign = mant.startsWith('-') ? '-' : '';
  const digits = mant.replace('-', '').replace('.', '');
  if (exp >= -4 && exp < 16) {
    let s: string;
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      const frac = digits.slice(exp + 1);
      s = `${intPart}.${frac || '0'}`;
    } else {
      s = `0.${'0'.repeat(-exp - 1)}${digits}`;
    }
    return sign + s;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = Math.abs(exp).toString().padStart(2, '0');
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
}

/** An int or an int list as Python prints what the user passed. */
export function pyIntOrTuple(v: number | readonly (number | null)[]): string {
  return typeof v === 'number' ? String(v) : pyTuple(v.map((e) => (e === null ? 'None' : e)));
}

/** A float or a float list (`2.0`, `(2.0, 2.0)`). */
export function pyFloatOrTuple(v: number | readonly number[]): string {
  return typeof v === 'number' ? pyFloat(v) : pyTuple(v.map(pyFloat));
}

/** A float as `pyFloat` prints it, or `None` for null. */
export function pyOptionalFloat(v: number | null): string {
  return v === null ? 'None' : pyFloat(v);
}
