// The einsum cost's path search (dynamic programming over subsets of the
// operands) against numpy's `_optimal_path` itself: the exhaustive search the
// library used before, kept here as the oracle, on the cases the zoo and the
// tests use, on random equations (memory-limited ones among them, where numpy
// stops early and its tie-breaking decides the cost), and on 12 operands,
// which the exhaustive search could not finish (against the matrix-chain order).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { einsumPathCost, optimalEinsumFlops } from '../analysis/einsum_cost.js';
import type { Shape } from '../core/shape.js';
import { oracleCost, range } from './einsum_oracle.js';

const t = suite('einsum path');

// --- cases --------------------------------------------------------------------

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random equation over `n` operands, each index in two of them (as in a
 * tensor network; some of these only fit the memory limit partly), a few in
 * the output, and shapes for it.
 */
function randomCase(rand: () => number, n: number): [string, Shape[]] | undefined {
  const letters = 'abcdefghijklmnop';
  const nLetters = 5 + Math.floor(rand() * 6);
  const dims = new Map<string, number>();
  for (let i = 0; i < nLetters; i++) dims.set(letters[i]!, 1 + Math.floor(rand() * 4));
  const terms = new Array<string>(n).fill('');
  for (let i = 0; i < nLetters; i++) {
    const p = Math.floor(rand() * n);
    let q = Math.floor(rand() * n);
    if (q === p) q = (p + 1) % n;
    for (const k of [p, q]) if (!terms[k]!.includes(letters[i]!)) terms[k] += letters[i]!;
  }
  if (terms.some((x) => x === '')) return undefined;
  const out = [...new Set(terms.join(''))].filter(() => rand() < 0.1).join('');
  return [`${terms.join(',')}->${out}`, terms.map((x) => [...x].map((c) => dims.get(c)!))];
}

t('the zoo and test equations: the same cost as the exhaustive search', () => {
  const cases: [string, Shape[]][] = [
    ['i,i->', [[123457], [123457]]],
    ['abcdef,dgf->abcdeg', [[8, 56, 56, 96, 7, 1], [56, 7, 96]]], // MViT's rel-pos einsum, renamed
    ['abc,bd,cd->a', [[4, 5, 6], [5, 7], [6, 7]]],
    ['ab,bc,cd,de->ae', [[10, 20], [20, 5], [5, 30], [30, 2]]],
    ['ij,jk,kl,lm,mn,no->io', [[2, 3], [3, 4], [4, 5], [5, 6], [6, 7], [7, 8]]],
    ['abc,cd,de,ea->b', [[3, 4, 5], [5, 6], [6, 2], [2, 3]]],
  ];
  for (const [eq, shapes] of cases) assert.is(einsumPathCost(eq, shapes), oracleCost(eq, shapes).cost, eq);
});

t('random equations of 4 to 6 operands, memory-limited ones among them', () => {
  const rand = rng(20240611);
  let stopped = 0;
  for (let k = 0; k < 1200; k++) {
    const c = randomCase(rand, 4 + (k % 3));
    if (c === undefined) continue;
    const [eq, shapes] = c;
    const want = oracleCost(eq, shapes);
    if (want.stopped) stopped++;
    assert.is(einsumPathCost(eq, shapes), want.cost, `${eq} ${JSON.stringify(shapes)}`);
  }
  // The early stop (and numpy's tie-breaking in it) is exercised, not just the common case.
  assert.ok(stopped >= 2, `only ${stopped} memory-limited cases`);
});

t('memory-limited equations: no pair fits, or the stop level has least-cost forests of different final costs', () => {
  const cases: [string, Shape[]][] = [
    // every pair of terms shares one index (K4): each pairwise intermediate exceeds every input
    ['abc,ade,bdf,cef->', [[2, 2, 2], [2, 2, 2], [2, 2, 2], [2, 2, 2]]],
    // ties at the stop level whose one-step remainders cost differently: numpy's first wins
    ['afhi,deg,bgh,bcefi,acd->a', [[4, 3, 4, 3], [4, 3, 3], [3, 3, 4], [3, 3, 3, 3, 3], [4, 3, 4]]],
    ['beg,dfh,cgh,abd,acf,e->', [[3, 2, 2], [2, 4, 3], [2, 2, 3], [3, 3, 2], [3, 2, 4], [2]]],
    ['d,acfgh,bcdi,egi,aj,befhj->de', [[2], [4, 1, 2, 3, 1], [4, 1, 2, 4], [3, 3, 4], [4, 1], [4, 3, 2, 1, 1]]],
    ['afhi,deg,adi,be,cfg,bch->h', [[2, 4, 4, 4], [3, 4, 4], [2, 3, 4], [4, 4], [3, 4, 4], [4, 3, 4]]],
  ];
  for (const [eq, shapes] of cases) {
    const want = oracleCost(eq, shapes);
    assert.ok(want.stopped, eq);
    assert.is(einsumPathCost(eq, shapes), want.cost, eq);
  }
  assert.is(einsumPathCost('abc,ade,bdf,cef->', [[2, 2, 2], [2, 2, 2], [2, 2, 2], [2, 2, 2]]), 64n * 4n); // all at once: 2^6 * (4-1 + 1)
});

t('12 operands: a matrix chain (the classic chain order, 2*p*q*r per product) and a ring', () => {
  const letters = 'abcdefghijklm';
  const p = range(13).map((i) => 2 + i); // letter i has size 2 + i
  const chain = `${range(12).map((i) => letters[i]! + letters[i + 1]!).join(',')}->am`;
  const chainShapes = range(12).map((i) => [p[i]!, p[i + 1]!]);
  // Matrix-chain order: best[i][j] over the matrices i..j.
  const best: bigint[][] = range(12).map(() => new Array<bigint>(12).fill(0n));
  for (let len = 2; len <= 12; len++) {
    for (let i = 0; i + len - 1 < 12; i++) {
      const j = i + len - 1;
      let m: bigint | undefined;
      for (let k = i; k < j; k++) {
        const c = best[i]![k]! + best[k + 1]![j]! + 2n * BigInt(p[i]! * p[k + 1]! * p[j + 1]!);
        if (m === undefined || c < m) m = c;
      }
      best[i]![j] = m!;
    }
  }
  assert.is(einsumPathCost(chain, chainShapes), best[0]![11]!);
  const ring = `${range(12).map((i) => letters[i]! + letters[(i + 1) % 12]!).join(',')}->`;
  const ringShapes = range(12).map((i) => [2 + (i % 3), 2 + ((i + 1) % 3)]);
  // Sizes 2,3,4 round the ring; every intermediate holds two ring indices. The
  // cost is the least over the ring's contraction trees; checked against the
  // 6-operand ring the exhaustive search can finish.
  assert.ok(optimalEinsumFlops(ring, ringShapes) > 0n);
  const ring6 = `${range(6).map((i) => letters[i]! + letters[(i + 1) % 6]!).join(',')}->`;
  const ring6Shapes = range(6).map((i) => [2 + (i % 3), 2 + ((i + 1) % 3)]);
  assert.is(einsumPathCost(ring6, ring6Shapes), oracleCost(ring6, ring6Shapes).cost);
});

t.run();
