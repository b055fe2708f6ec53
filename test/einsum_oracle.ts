// numpy's `_optimal_path` as einsum_cost.ts had it before its dynamic
// programming: the exhaustive search over every sequence of pairwise
// contractions, kept as the oracle of test/einsum_path.test.ts.

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

function findContraction(positions: readonly number[], inputs: readonly IndexSet[], output: IndexSet) {
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

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** numpy's exhaustive search; `stopped` tells whether it ended early (memory limit). */
function oraclePath(inputs: IndexSet[], output: IndexSet, dims: ReadonlyMap<string, number>, memoryLimit: bigint): { path: number[][]; stopped: boolean } {
  type State = { cost: bigint; path: number[][]; remaining: IndexSet[] };
  let full: State[] = [{ cost: 0n, path: [], remaining: inputs }];
  for (let it = 0; it < inputs.length - 1; it++) {
    const next: State[] = [];
    for (const cur of full) {
      for (let i = 0; i < inputs.length - it; i++) {
        for (let j = i + 1; j < inputs.length - it; j++) {
          const c = findContraction([i, j], cur.remaining, output);
          if (sizeOf(c.result, dims) > memoryLimit) continue;
          next.push({ cost: cur.cost + flopCount(c.contract, c.removed.size > 0, 2, dims), path: [...cur.path, [i, j]], remaining: c.remaining });
        }
      }
    }
    if (next.length > 0) full = next;
    else {
      let best = full[0]!;
      for (const x of full) if (x.cost < best.cost) best = x;
      return { path: [...best.path, range(inputs.length - it)], stopped: true };
    }
  }
  let best = full[0]!;
  for (const x of full) if (x.cost < best.cost) best = x;
  return { path: best.path, stopped: false };
}

/** The oracle's cost for an equation without ellipsis (explicit output), as einsum_cost.ts computed it. */
export function oracleCost(equation: string, shapes: readonly Shape[]): { cost: bigint; stopped: boolean } {
  const [l, rhs] = equation.split('->') as [string, string];
  const lhs = l.split(',');
  const dims = new Map<string, number>();
  lhs.forEach((term, k) =>
    [...term].forEach((ch, i) => {
      const known = dims.get(ch);
      if (known === undefined || known === 1) dims.set(ch, shapes[k]![i]! as number);
    }),
  );
  const inputSets = lhs.map((x) => new Set(x));
  const outputSet = new Set(rhs);
  const memoryLimit = [...lhs, rhs].map((x) => sizeOf(x, dims)).reduce((a, b) => (b > a ? b : a), 0n);
  const indices = new Set(lhs.join(''));
  let path: number[][];
  let stopped = false;
  if (lhs.length <= 2 || ([...indices].every((c) => outputSet.has(c)) && indices.size === outputSet.size)) path = [range(lhs.length)];
  else ({ path, stopped } = oraclePath(inputSets, outputSet, dims, memoryLimit));
  let sets: IndexSet[] = inputSets;
  let cost = 0n;
  for (const step of path) {
    const positions = [...step].sort((a, b) => b - a);
    const c = findContraction(positions, sets, outputSet);
    cost += flopCount(c.contract, c.removed.size > 0, positions.length, dims);
    sets = c.remaining;
  }
  return { cost, stopped };
}

