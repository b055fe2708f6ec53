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
import type { Shape } from '../core/shape.js';

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

/** (number of terms left, cost): compared count first, then cost. */
interface Tally {
  readonly count: number;
  readonly cost: bigint;
}

const better = (a: Tally, b: Tally | undefined): boolean => b === undefined || a.count < b.count || (a.count === b.count && a.cost < b.cost);

/**
 * Index sets of subsets of the operands, as bitmasks over the equation's
 * letters (at most 52, held in two 26-bit halves), with exact sizes.
 */
class Indices {
  readonly n: number;
  readonly full: number;
  /** Indices of the term holding the operands of mask S (the operand's own for one operand). */
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  private readonly dims: bigint[];
  private readonly sizes = new Map<number, bigint>();

  constructor(inputs: readonly IndexSet[], output: IndexSet, dims: ReadonlyMap<string, number>) {
    const letters = new Map<string, number>();
    this.dims = [];
    for (const [c, d] of dims) {
      letters.set(c, letters.size);
      this.dims.push(BigInt(d));
    }
    const bits = (set: IndexSet): [number, number] => {
      let lo = 0;
      let hi = 0;
      for (const c of set) {
        const b = letters.get(c)!;
        if (b < 26) lo |= 1 << b;
        else hi |= 1 << (b - 26);
      }
      return [lo, hi];
    };
    const n = inputs.length;
    this.n = n;
    this.full = n === 0 ? 0 : 2 ** n - 1;
    const count = 2 ** n;
    const unionLo = new Int32Array(count);
    const unionHi = new Int32Array(count);
    const own = inputs.map(bits);
    for (let s = 1; s < count; s++) {
      const low = s & -s;
      const i = 31 - Math.clz32(low);
      unionLo[s] = unionLo[s ^ low]! | own[i]![0];
      unionHi[s] = unionHi[s ^ low]! | own[i]![1];
    }
    const [outLo, outHi] = bits(output);
    this.lo = new Int32Array(count);
    this.hi = new Int32Array(count);
    for (let s = 1; s < count; s++) {
      if ((s & (s - 1)) === 0) {
        const i = 31 - Math.clz32(s);
        this.lo[s] = own[i]![0];
        this.hi[s] = own[i]![1];
      } else {
        const rest = this.full ^ s;
        this.lo[s] = unionLo[s]! & (outLo | unionLo[rest]!);
        this.hi[s] = unionHi[s]! & (outHi | unionHi[rest]!);
      }
    }
  }

  /** Exact size of the index set (lo, hi). */
  size(lo: number, hi: number): bigint {
    const key = (hi >>> 0) * 67108864 + (lo >>> 0);
    let r = this.sizes.get(key);
    if (r === undefined) {
      r = 1n;
      for (let b = 0; b < 26; b++) if (lo & (1 << b)) r *= this.dims[b]!;
      for (let b = 0; b < 26; b++) if (hi & (1 << b)) r *= this.dims[b + 26]!;
      this.sizes.set(key, r);
    }
    return r;
  }

  /** numpy's cost of contracting the terms of operand sets a and b (disjoint) in one pairwise step. */
  pairCost(a: number, b: number): bigint {
    const lo = this.lo[a]! | this.lo[b]!;
    const hi = this.hi[a]! | this.hi[b]!;
    const ab = a | b;
    const inner = lo !== this.lo[ab]! || hi !== this.hi[ab]!;
    const s = this.size(lo, hi);
    return inner ? 2n * s : s;
  }
}

/**
 * Tables over the subsets of the current terms (`leaves`: disjoint operand
 * masks): `inside[T]` the least cost of contracting the terms T into one
 * (undefined: no way under the memory limit); `forest[T]` the fewest terms T
 * can be contracted to and the least cost of doing so.
 */
class Tables {
  readonly k: number;
  readonly ops: Int32Array;
  readonly inside: (bigint | undefined)[];
  readonly forest: Tally[];

  constructor(
    readonly ix: Indices,
    leaves: readonly number[],
    readonly limit: bigint,
    withForest: boolean,
  ) {
    const k = leaves.length;
    this.k = k;
    const count = 2 ** k;
    this.ops = new Int32Array(count);
    for (let t = 1; t < count; t++) {
      const low = t & -t;
      this.ops[t] = this.ops[t ^ low]! | leaves[31 - Math.clz32(low)]!;
    }
    this.inside = new Array<bigint | undefined>(count);
    for (let t = 1; t < count; t++) {
      if ((t & (t - 1)) === 0) {
        this.inside[t] = 0n;
        continue;
      }
      const o = this.ops[t]!;
      if (ix.size(ix.lo[o]!, ix.hi[o]!) > limit) continue;
      // Halves A (holding t's lowest term) and B = t ^ A.
      const low = t & -t;
      const rest = t ^ low;
      let best: bigint | undefined;
      for (let sub = rest; ; sub = (sub - 1) & rest) {
        const a = sub | low;
        if (a !== t) {
          const ca = this.inside[a];
          const cb = this.inside[t ^ a];
          if (ca !== undefined && cb !== undefined) {
            const partial = ca + cb;
            if (best === undefined || partial < best) {
              const c = partial + ix.pairCost(this.ops[a]!, this.ops[t ^ a]!);
              if (best === undefined || c < best) best = c;
            }
          }
        }
        if (sub === 0) break;
      }
      this.inside[t] = best;
    }
    this.forest = [];
    if (!withForest) return;
    this.forest[0] = { count: 0, cost: 0n };
    for (let t = 1; t < count; t++) {
      const low = t & -t;
      const rest = t ^ low;
      let best: Tally | undefined;
      for (let sub = rest; ; sub = (sub - 1) & rest) {
        const g = sub | low;
        const c = this.inside[g];
        if (c !== undefined) {
          const f = this.forest[t ^ g]!;
          const cand = { count: f.count + 1, cost: f.cost + c };
          if (better(cand, best)) best = cand;
        }
        if (sub === 0) break;
      }
      this.forest[t] = best!;
    }
  }

  /**
   * `outside[T]`: the best completion (fewest final terms, then least cost)
   * of everything but T's own contraction, given that T is contracted into
   * one term on the way.
   */
  outside(): (Tally | undefined)[] {
    const count = 2 ** this.k;
    const full = count - 1;
    const out = new Array<Tally | undefined>(count);
    for (let t = full; t >= 1; t--) {
      if (this.inside[t] === undefined) continue;
      const comp = full ^ t;
      const root = this.forest[comp]!;
      let best: Tally | undefined = { count: root.count + 1, cost: root.cost };
      for (let u = comp; u !== 0; u = (u - 1) & comp) {
        const cu = this.inside[u];
        const up = out[t | u];
        if (cu === undefined || up === undefined) continue;
        const cand = { count: up.count, cost: up.cost + cu + this.ix.pairCost(this.ops[t]!, this.ops[u]!) };
        if (better(cand, best)) best = cand;
      }
      out[t] = best;
    }
    return out;
  }
}

/**
 * The total cost numpy's `_optimal_path` reports (before its `+ 1`) for
 * contracting `inputs` into `output` under `memoryLimit`.
 */
function optimalCost(inputs: readonly IndexSet[], output: IndexSet, dims: ReadonlyMap<string, number>, memoryLimit: bigint): bigint {
  const n = inputs.length;
  if (n > MAX_EINSUM_OPERANDS) {
    throw new ArgumentError(
      'aten::einsum',
      'operands',
      n,
      `at most ${MAX_EINSUM_OPERANDS} for numpy's optimal contraction path, which the reference counts with (its search grows as n!(n-1)!/2^(n-1))`,
    );
  }
  const ix = new Indices(inputs, output, dims);
  const singles = Array.from({ length: n }, (_, i) => 1 << i);
  const whole = new Tables(ix, singles, memoryLimit, false);
  const tree = whole.inside[ix.full];
  if (tree !== undefined) return tree;

  // No full contraction fits the memory limit: numpy's first least-cost
  // forest at the deepest level, then one contraction of what remains.
  let groups = singles;
  let spent = 0n;
  let tables = new Tables(ix, groups, memoryLimit, true);
  const target = tables.forest[2 ** n - 1]!;
  while (groups.length > target.count) {
    const out = tables.outside();
    let chosen: [number, number] | undefined;
    for (let i = 0; i < groups.length && chosen === undefined; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        const pair = (1 << i) | (1 << j);
        const c = tables.inside[pair];
        const rest = out[pair];
        if (c === undefined || rest === undefined) continue;
        if (rest.count === target.count && spent + c + rest.cost === target.cost) {
          chosen = [i, j];
          break;
        }
      }
    }
    const [i, j] = chosen!;
    spent += tables.inside[(1 << i) | (1 << j)]!;
    groups = [...groups.filter((_, p) => p !== i && p !== j), groups[i]! | groups[j]!];
    tables = new Tables(ix, groups, memoryLimit, true);
  }
  const sets = groups.map((g) => indexSetOf(ix, g, dims));
  const last = findContraction(range(groups.length), sets, output);
  return spent + flopCount(last.contract, last.removed.size > 0, groups.length, dims);
}

/** The letters of the term holding the operands of mask g. */
function indexSetOf(ix: Indices, g: number, dims: ReadonlyMap<string, number>): Set<string> {
  const letters = [...dims.keys()];
  const s = new Set<string>();
  letters.forEach((c, b) => {
    if (b < 26 ? ix.lo[g]! & (1 << b) : ix.hi[g]! & (1 << (b - 26))) s.add(c);
  });
  return s;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Replaces `...` with letters unused in the equation, as numpy's parser does. */
function expandEllipsis(lhs: string[], rhs: string, shapes: readonly Shape[]): [string[], string] {
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

/** The summed cost of numpy's 'optimal' path (its "Optimized FLOP count" is this + 1), exact. */
export function einsumPathCost(equation: string, shapes: readonly Shape[]): bigint {
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
    const c = findContraction(range(lhs.length), inputSets, outputSet);
    cost = flopCount(c.contract, c.removed.size > 0, lhs.length, dims);
  } else {
    cost = optimalCost(inputSets, outputSet, dims, memoryLimit);
  }
  return cost;
}
