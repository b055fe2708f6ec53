// Number formatting, Python's rounding included.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatSize } from '../index.js';
import { pyFixed } from '../analysis/format.js';
import { pyFloat } from '../nn/pyrepr.js';

const t = suite('format');

t('format_size thresholds and stripping', () => {
  assert.is(formatSize(40n), '40');
  assert.is(formatSize(100n), '100');
  assert.is(formatSize(101n), '0.101K');
  assert.is(formatSize(1000n), '1K');
  assert.is(formatSize(100000n), '100K');
  assert.is(formatSize(100001n), '0.1M');
  assert.is(formatSize(4144854528n), '4.145G');
  assert.is(formatSize(4144854528n, 2), '4.14G');
  assert.is(formatSize(690020352n), '0.69G');
  assert.is(formatSize(10n ** 12n), '1T');
  assert.is(formatSize(10n ** 15n), '1P');
  assert.is(formatSize(0n, 3, true), '');
});

t('ties round half to even, as Python formats them', () => {
  // 1062500 / 1e6 = 1.0625 exactly: Python's '{:.3f}' gives 1.062 (JS toFixed gives 1.063)
  assert.is(pyFixed(1.0625, 3), '1.062');
  assert.is(formatSize(1062500n), '1.062M');
  // 1.125 exactly, 2 decimals: 1.12
  assert.is(formatSize(1125000n, 2), '1.12M');
  // 1.375 exactly, 2 decimals: 1.38
  assert.is(formatSize(1375000n, 2), '1.38M');
  // not a tie: 0.1 + tiny
  assert.is(pyFixed(2.0005, 3), '2.001');
});

t('a count the reference holds as a float prints with .0 when small', () => {
  assert.is(formatSize(65n, 3, false, true), '65.0');
  assert.is(formatSize(6500n, 3, false, true), '6.5K');
});

t("Python's float repr", () => {
  assert.is(pyFloat(1e-5), '1e-05');
  assert.is(pyFloat(0.001), '0.001');
  assert.is(pyFloat(0.0001), '0.0001');
  assert.is(pyFloat(0.1), '0.1');
  assert.is(pyFloat(2), '2.0');
  assert.is(pyFloat(1e16), '1e+16');
  assert.is(pyFloat(123456.5), '123456.5');
  assert.is(pyFloat(1.5e-7), '1.5e-07');
});

t.run();
