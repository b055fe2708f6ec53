// The reference counts a general einsum with numpy's `einsum_path(...,
// optimize='optimal')`: it reads the "Optimized FLOP count" line (printed with
// '%.3e', so rounded to 4 significant digits), halves it and floors it. This
// reproduces that number exactly, rounding included.
//
// numpy's 'optimal' search enumerates every sequence of pairwise contractions
// (n!(n-1)!/2^(n-1) of them: 18 s for 10 operands, hours for 12). The same
// answer comes from dynamic programming over subsets of the operands (3^n
// steps: milliseconds for 12), because what numpy reports depends only on
// which operands each intermediate holds:
// - an intermediate of the operands S keeps the indices of S that the output
//   or an operand outside S has, whatever the order of the contractions; so a
//   pairwise contraction's cost (numpy's _flop_count) and its size (checked
//   against the memory limit, the largest input or output) depend on S's two
//   halves alone;
// - when some full contraction tree fits the memory limit, numpy's result is
//   the least total cost over such trees (ties cost the same);
// - otherwise numpy stops at the deepest level any sequence reaches, takes the
//   first sequence of least cost in its enumeration order (lexicographic in
//   the positions it contracts), and contracts what remains in one step. That
//   step's cost depends on which forest was chosen, so the same choice is made
//   here: position pairs in numpy's order, the first one that some least-cost
//   forest continues, found with inside/outside tables over the current terms.

import { ArgumentError } from '../core/errors.js';
import { concreteShape, type Shape } from '../core/shape.js';

type IndexSet = ReadonlySet<string>;

/**
 * The most operands whose optimal path is searched: 3^16 steps take seconds;
 * numpy's own search would not finish in a lifetime.
 */
export const MAX_EINSUM_OPERANDS = 16;

function sizeOf(indices: Iterable<string>, dims: ReadonlyMap<string, number>): bigint {
  let r = 1n;
  for (const i of indices) r *= BigInt(dims.get(i)!);
  return r;
}

/** numpy's cost of contracting the terms `sets` in one step into `output`. */
function oneStep(sets: readonly IndexSet[], output: IndexSet, dims: ReadonlyMap<string, number>): bigint {
  const contract = new Set(sets.flatMap((x) => [...x]));
  return sizeOf(contract, dims) * BigInt(Math.max(1, sets.length - 1) + ([...contract].some((c) => !output.has(c)) ? 1 : 0));
}

/**
 * A forest's number of terms and cost in one bigint: count * BIG + cost (BIG
 * is past any cost), so that fewer terms compare first, then less cost.
 */
const BIG = 1n << 3000n;

/** Each subset `sub` of `set` (a bitmask) that holds `set`'s lowest bit, `set` itself included. */
function withLowest(set: number, f: (sub: number) => void): void {
  const low = set & -set;
  const rest = set ^ low;
  for (let sub = rest; ; sub = (sub - 1) & rest) {
    f(sub | low);
    if (!sub) return;
  }
}

/**
 * The total cost numpy's `_optimal_path` reports (before its `+ 1`) for
 * contracting `inputs` into `output` under `limit`. Index sets are bitmasks
 * over the letters (at most 52, in two 26-bit halves), per subset of operands.
 */
function optimalCost(inputs: readonly IndexSet[], output: IndexSet, dims: ReadonlyMap<string, number>, limit: bigint): bigint {
  const n = inputs.length;
  if (n > MAX_EINSUM_OPERANDS) {
    throw new ArgumentError('aten::einsum', 'operands', n, `at most ${MAX_EINSUM_OPERANDS} for numpy's optimal path`);
  }
  const letters = [...dims.keys()];
  const bits = (set: IndexSet): number[] => [0, 26].map((o) => letters.reduce((m, c, b) => (set.has(c) && b >= o && b < o + 26 ? m | (1 << (b - o)) : m), 0));
  const own = inputs.map(bits);
  const out = bits(output);
  const full = 2 ** n - 1;
  // lo/hi: the indices of the term holding the operands of a mask (an operand's
  // own; for several, those the output or an operand outside still needs).
  const union = [new Int32Array(full + 1), new Int32Array(full + 1)];
  const idx = [new Int32Array(full + 1), new Int32Array(full + 1)];
  for (let s = 1; s <= full; s++) {
    const low = s & -s;
    for (const h of [0, 1]) union[h]![s] = union[h]![s ^ low]! | own[31 - Math.clz32(low)]![h]!;
  }
  for (let s = 1; s <= full; s++) for (const h of [0, 1]) idx[h]![s] = s & (s - 1) ? union[h]![s]! & (out[h]! | union[h]![full ^ s]!) : union[h]![s]!;
  const sizes = new Map<number, bigint>();
  const size = (lo: number, hi: number): bigint => {
    const key = (hi >>> 0) * 2 ** 26 + (lo >>> 0);
    let r = sizes.get(key);
    if (r === undefined) {
      r = 1n;
      letters.forEach((c, b) => {
        if ((b < 26 ? lo >> b : hi >> (b - 26)) & 1) r! *= BigInt(dims.get(c)!);
      });
      sizes.set(key, r);
    }
    return r;
  };
  // numpy's cost of contracting the terms of operand masks a and b in one pairwise step.
  const pairCost = (a: number, b: number): bigint => {
    const lo = idx[0]![a]! | idx[0]![b]!;
    const hi = idx[1]![a]! | idx[1]![b]!;
    return size(lo, hi) * (lo !== idx[0]![a | b]! || hi !== idx[1]![a | b]! ? 2n : 1n);
  };
  /**
   * Over the subsets of the current terms (`leaves`, disjoint operand masks):
   * `inside[t]`, the least cost of contracting the terms t into one (undefined:
   * not within the memory limit); `forest[t]`, the fewest terms t contracts to
   * within the limit and the least cost of that; `ops[t]`, t's operands.
   */
  const tables = (leaves: readonly number[], withForest: boolean) => {
    const count = 2 ** leaves.length;
    const ops = new Int32Array(count);
    const inside: (bigint | undefined)[] = [];
    const forest = [0n];
    for (let t = 1; t < count; t++) {
      const low = t & -t;
      const o = (ops[t] = ops[t ^ low]! | leaves[31 - Math.clz32(low)]!);
      let best: bigint | undefined = t === low ? 0n : undefined;
      if (t !== low && size(idx[0]![o]!, idx[1]![o]!) <= limit) {
        withLowest(t, (a) => {
          const ca = inside[a];
          const cb = inside[t ^ a];
          if (a !== t && ca !== undefined && cb !== undefined && (best === undefined || ca + cb < best)) {
            const c = ca + cb + pairCost(ops[a]!, ops[t ^ a]!);
            if (best === undefined || c < best) best = c;
          }
        });
      }
      inside[t] = best;
      if (withForest) {
        let f = BIG * BIG;
        withLowest(t, (g) => {
          const c = inside[g];
          if (c !== undefined && BIG + c + forest[t ^ g]! < f) f = BIG + c + forest[t ^ g]!;
        });
        forest[t] = f;
      }
    }
    return { ops, inside, forest };
  };
  let groups = Array.from({ length: n }, (_, i) => 1 << i);
  const whole = tables(groups, false).inside[full];
  if (whole !== undefined) return whole;
  // No full contraction fits the memory limit: numpy stops at the deepest
  // level, takes its first least-cost sequence there (position pairs in
  // lexicographic order) and contracts the rest at once. Pair by pair, the
  // first that a best forest continues, found with `outside[t]`: the best
  // completion of all but t's own contraction, given t is one term.
  let tab = tables(groups, true);
  const target = tab.forest[full]!;
  let rest = target;
  while (groups.length > target / BIG) {
    const all = 2 ** groups.length - 1;
    const outside: bigint[] = [];
    for (let t = all; t; t--) {
      if (tab.inside[t] === undefined) continue;
      outside[t] = BIG + tab.forest[all ^ t]!;
      for (let u = all ^ t; u; u = (u - 1) & (all ^ t)) {
        const cu = tab.inside[u];
        const c = cu === undefined || outside[t | u] === undefined ? undefined : outside[t | u]! + cu + pairCost(tab.ops[t]!, tab.ops[u]!);
        if (c !== undefined && c < outside[t]!) outside[t] = c;
      }
    }
    let pair = 0;
    for (let i = 0; i < groups.length && !pair; i++) {
      for (let j = i + 1; j < groups.length && !pair; j++) {
        const m = (1 << i) | (1 << j);
        if (tab.inside[m] !== undefined && tab.inside[m]! + outside[m]! === rest) pair = m;
      }
    }
    rest -= tab.inside[pair]!;
    groups = [...groups.filter((_, p) => !((pair >> p) & 1)), groups.filter((_, p) => (pair >> p) & 1).reduce((x, y) => x | y)];
    tab = tables(groups, true);
  }
  const sets = groups.map((g) => new Set(letters.filter((_, b) => (b < 26 ? idx[0]![g]! >> b : idx[1]![g]! >> (b - 26)) & 1)));
  return (target % BIG) + oneStep(sets, output, dims);
}

/** Replaces `...` with letters unused in the equation, as numpy's parser does. */
function expandEllipsis(lhs: string[], rhs: string, shapes: readonly (readonly unknown[])[]): [string[], string] {
  // An output ellipsis with none in the inputs stands for no dimensions.
  if (!lhs.some((t) => t.includes('...'))) return [lhs, rhs.replace('...', '')];
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
  const printed = roundTo4Significant(einsumPathCost(equation, shapes) + 1n);
  return BigInt(Math.floor(printed / 2));
}

/**
 * The summed cost of numpy's 'optimal' path (its "Optimized FLOP count" is this + 1), exact.
 * Concrete sizes only: the path search compares costs, and the reference rounds the count.
 */
export function einsumPathCost(equation: string, symbolicShapes: readonly Shape[]): bigint {
  const shapes = symbolicShapes.map((s, t) => concreteShape(s, `aten::einsum: operand ${t}`));
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
  let cost: bigint;
  if (lhs.length <= 2 || ([...indices].every((c) => outputSet.has(c)) && indices.size === outputSet.size)) {
    // One contraction of every operand, as numpy leaves it to einsum.
    cost = oneStep(inputSets, outputSet, dims);
  } else {
    cost = optimalCost(inputSets, outputSet, dims, memoryLimit);
  }
  return cost;
}
