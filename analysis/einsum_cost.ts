// The reference counts a general einsum with numpy's `einsum_path(...,
// optimize='optimal')`: it reads the "Optimized FLOP count" line (printed with
// '%.3e', so rounded to 4 significant digits), halves it and floors it. This
// reproduces that number exactly, rounding included.

import type { Shape } from '../core/shape.js';

type IndexSet = ReadonlySet<string>;

function sizeOf(indices: Iterable<string>, dims: ReadonlyMap<string, number>): bigint {
  let r = 1n;
  for (const i of indices) r *= BigInt(dims.get(i)!);
  return r;
}

function flopCount(contract: IndexSet, inner: boolean, numTerms: number, dims: ReadonlyMap<string, number>): bigint {
  let factor = Math.max(1, numTerms - 1);
  if (inner) factor += 1;
  return sizeOf(contract, dims) * BigInt(factor);
}

interface Contraction {
  result: Set<string>;
  remaining: Set<string>[];
  removed: Set<string>;
  contract: Set<string>;
}

function findContraction(positions: readonly number[], inputs: readonly IndexSet[], output: IndexSet): Contraction {
  const contract = new Set<string>();
  const keep = new Set(output);
  const remaining: Set<string>[] = [];
  inputs.forEach((s, i) => {
    if (positions.includes(i)) for (const c of s) contract.add(c);
    else {
      remaining.push(new Set(s));
      for (const c of s) keep.add(c);
    }
  });
  const result = new Set([...contract].filter((c) => keep.has(c)));
  const removed = new Set([...contract].filter((c) => !result.has(c)));
  remaining.push(result);
  return { result, remaining, removed, contract };
}

function* pairs(n: number): Generator<[number, number]> {
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) yield [i, j];
}

/** numpy's `_optimal_path`: exhaustive pairwise search under a memory limit. */
function optimalPath(inputs: IndexSet[], output: IndexSet, dims: ReadonlyMap<string, number>, memoryLimit: bigint): number[][] {
  type State = { cost: bigint; path: number[][]; remaining: IndexSet[] };
  let full: State[] = [{ cost: 0n, path: [], remaining: inputs }];
  for (let it = 0; it < inputs.length - 1; it++) {
    const next: State[] = [];
    for (const cur of full) {
      for (const con of pairs(inputs.length - it)) {
        const c = findContraction(con, cur.remaining, output);
        if (sizeOf(c.result, dims) > memoryLimit) continue;
        const cost = cur.cost + flopCount(c.contract, c.removed.size > 0, 2, dims);
        next.push({ cost, path: [...cur.path, con], remaining: c.remaining });
      }
    }
    if (next.length > 0) full = next;
    else {
      const best = minByCost(full);
      return [...best.path, range(inputs.length - it)];
    }
  }
  if (full.length === 0) return [range(inputs.length)];
  return minByCost(full).path;
}

function minByCost<T extends { cost: bigint }>(xs: readonly T[]): T {
  let best = xs[0]!;
  for (const x of xs) if (x.cost < best.cost) best = x;
  return best;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Replaces `...` with letters unused in the equation, as numpy's parser does. */
function expandEllipsis(lhs: string[], rhs: string, shapes: readonly Shape[]): [string[], string] {
  if (!lhs.some((t) => t.includes('...'))) return [lhs, rhs];
  const used = new Set((lhs.join('') + rhs).replace(/[.,]/g, ''));
  const symbols = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').filter((c) => !used.has(c));
  let longest = 0;
  const terms = lhs.map((t, i) => {
    if (!t.includes('...')) return t;
    const n = shapes[i]!.length - (t.length - 3);
    longest = Math.max(longest, n);
    return t.replace('...', n > 0 ? symbols.slice(symbols.length - n).join('') : '');
  });
  const ell = longest > 0 ? symbols.slice(symbols.length - longest).join('') : '';
  return [terms, rhs.replace('...', ell)];
}

/** Python's `'%.3e' % float(n)` read back as a float: n rounded half-even to 4 significant digits. */
function roundTo4Significant(n: bigint): number {
  const exact = BigInt(Number(n)); // int -> float first, as Python does
  const digits = exact.toString();
  if (digits.length <= 4) return Number(exact);
  const drop = digits.length - 4;
  const scale = 10n ** BigInt(drop);
  let head = exact / scale;
  const rest = exact % scale;
  const twice = rest * 2n;
  if (twice > scale || (twice === scale && head % 2n === 1n)) head += 1n;
  return Number(`${head}e${drop}`);
}

/** The reference's einsum FLOPs for a general equation: a whole number held as a float there. */
export function optimalEinsumFlops(equation: string, shapes: readonly Shape[]): bigint {
  const eq = equation.replace(/ /g, '');
  const arrow = eq.indexOf('->');
  let lhs = (arrow >= 0 ? eq.slice(0, arrow) : eq).split(',');
  let rhs: string;
  if (arrow >= 0) rhs = eq.slice(arrow + 2);
  else {
    const counts = new Map<string, number>();
    for (const c of lhs.join('').replace(/\./g, '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    rhs = (lhs.some((t) => t.includes('...')) ? '...' : '') + [...counts].filter(([, k]) => k === 1).map(([c]) => c).sort().join('');
  }
  [lhs, rhs] = expandEllipsis(lhs, rhs, shapes);
  const dims = new Map<string, number>();
  lhs.forEach((term, t) => {
    [...term].forEach((ch, i) => {
      const d = shapes[t]![i]!;
      const known = dims.get(ch);
      if (known === undefined || known === 1) dims.set(ch, d);
    });
  });
  const inputSets = lhs.map((t) => new Set(t));
  const outputSet = new Set(rhs);
  const indices = new Set(lhs.join(''));
  const sizes = [...lhs, rhs].map((t) => sizeOf(t, dims));
  const memoryLimit = sizes.reduce((a, b) => (b > a ? b : a), 0n);
  let path: number[][];
  if (lhs.length <= 2 || [...indices].every((c) => outputSet.has(c)) && indices.size === outputSet.size) {
    path = [range(lhs.length)];
  } else {
    path = optimalPath(inputSets, outputSet, dims, memoryLimit);
  }
  let sets: IndexSet[] = inputSets;
  let cost = 0n;
  for (const step of path) {
    const positions = [...step].sort((a, b) => b - a);
    const c = findContraction(positions, sets, outputSet);
    cost += flopCount(c.contract, c.removed.size > 0, positions.length, dims);
    sets = c.remaining;
  }
  const printed = roundTo4Significant(cost + 1n);
  return BigInt(Math.floor(printed / 2));
}
