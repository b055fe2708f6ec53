/**
 * The per-op counters (fvcore's `jit_handles`): each turns one traced op's
 * shapes into a count. Handles are plain functions, so users can build their
 * own from these and add them with `setOpHandle`.
 *
 * @module
 */

import { CounterError, SymbolicError } from '../core/errors.js';
import { isSymbolicShape, numel, symNumel, type Dim, type Shape } from '../core/shape.js';
import { countAdd, countMul, isExpr } from '../core/sizes.js';
import type { Expr } from '../core/symbolic.js';
import type { OpNode } from '../trace/graph.js';
import { optimalEinsumFlops } from './einsum_cost.js';

/** A count the reference holds as a Python float (einsum's general path). */
export class FloatCount {
  constructor(readonly value: bigint) {}
}

/**
 * One count a handle returns: a whole number >= 0 (a bigint beyond 2^53), or a
 * {@link FloatCount} for one fvcore holds as a float.
 */
export type CountValue = bigint | number | FloatCount | Expr;
/** A single count (named after the op) or counts by name. */
export type OpCount = CountValue | Readonly<Record<string, CountValue>>;
/**
 * A counter for one op, fvcore's op handle: it gets the traced node (argument
 * and output shapes) and returns the op's count, or counts by name. Register
 * one with `setOpHandle`.
 */
export type OpHandle = (node: OpNode) => OpCount;

/** A handle's count as one exact number: a FloatCount as its value, several named counts (an op's parts) added up. */
export function countTotal(c: OpCount): bigint {
  const one = (v: CountValue): bigint => (v instanceof FloatCount ? v.value : isExpr(v) ? concreteCount(v) : BigInt(v));
  if (typeof c === 'number' || typeof c === 'bigint' || c instanceof FloatCount || isExpr(c)) return one(c);
  let total = 0n;
  for (const k in c) total += one(c[k]!);
  return total;
}

/** A symbolic count where a number is needed: a SymbolicError. */
function concreteCount(e: Expr): never {
  throw new SymbolicError(`the count ${e.toString()} where a number is needed`, e.symbols());
}

/**
 * The exact product of `factors` (whole numbers >= 0) and of every dimension
 * of `shapes`: a number while it is a safe integer (no partial product can
 * then have lost a digit), else a bigint. Counting in numbers spares a heap
 * bigint per multiplication on the common path.
 */
export function product(factors: readonly Dim[], ...shapes: Shape[]): bigint | number | Expr {
  let p = 1;
  // Index loops: counters run mostly before the JIT warms up, and for-of
  // allocates an iterator result per element there. A symbolic size (a
  // symbolic analysis) leaves the number path for the exact expression.
  for (let i = 0; i < factors.length; i++) {
    const f = factors[i]!;
    if (typeof f !== 'number') return symbolicProduct(factors, shapes);
    p *= f;
  }
  for (let j = 0; j < shapes.length; j++) {
    const s = shapes[j]!;
    for (let i = 0; i < s.length; i++) {
      const d = s[i]!;
      if (typeof d !== 'number') return symbolicProduct(factors, shapes);
      p *= d;
    }
  }
  if (Number.isSafeInteger(p)) return p;
  let big = 1n;
  for (const f of factors) big *= BigInt(f as number);
  for (const s of shapes) for (const d of s) big *= BigInt(d as number);
  return big;
}

/** {@link product} where a size is symbolic: an expression. */
function symbolicProduct(factors: readonly Dim[], shapes: readonly Shape[]): bigint | Expr {
  let e: bigint | Expr = 1n;
  for (const f of factors) e = countMul(e, f);
  for (const s of shapes) e = countMul(e, symNumel(s));
  return e;
}

/** The shape of a named tensor argument; a counter asking for a missing one is a CounterError. */
function shapeOf(node: OpNode, name: string): Shape {
  const s = node.tensor(name);
  if (s === null) throw new CounterError(node.kind, `argument '${name}' is not a tensor`);
  return s;
}

function firstOutput(node: OpNode): Shape {
  const s = node.outputs[0];
  if (s === null || s === undefined) throw new CounterError(node.kind, 'has no tensor output');
  return s;
}

/** Activations: elements of the first output, optionally under a fixed name. */
export function genericActivation(name?: string): OpHandle {
  return (node) => {
    const n = product([], firstOutput(node));
    return name === undefined ? n : { [name]: n };
  };
}

/** N * prod(weight) * prod(out spatial); transposed uses the input's spatial size. */
export const convFlops: OpHandle = (node) => {
  const x = shapeOf(node, 'input');
  const w = shapeOf(node, 'weight');
  const spatial = (node.arg('transposed') === true ? x : firstOutput(node)).slice(2);
  return { conv: product([x[0]!], w, spatial) };
};

/**
 * `aten::linear` FLOPs: `prod(input.shape) * out_features` (one multiply-add
 * counts 1; the bias is free).
 */
export const linearFlops: OpHandle = (node) => {
  const w = shapeOf(node, 'weight');
  return product([w[0]!], shapeOf(node, 'input'));
};

/** `aten::addmm(bias, A[m,k], B[k,n])` FLOPs: `m * k * n`. */
export const addmmFlops: OpHandle = (node) => {
  const a = shapeOf(node, 'mat1');
  const b = shapeOf(node, 'mat2');
  return product([a[0]!, a[1]!, b[1]!]);
};

/** `aten::bmm(a[n,c,t], b[n,t,d])` FLOPs: `n * c * t * d`. */
export const bmmFlops: OpHandle = (node) => {
  const a = shapeOf(node, 'self');
  const b = shapeOf(node, 'mat2');
  return product([a[0]!, a[1]!, a[2]!, b[b.length - 1]!]);
};

/** matmul and mm: 1-D operands promoted; prod(a) * b[-1]. */
export const matmulFlops: OpHandle = (node) => {
  let a = shapeOf(node, 'self');
  let b = node.tensor('other') ?? shapeOf(node, 'mat2');
  if (a.length === 1) a = [1, a[0]!];
  if (b.length === 1) b = [b[0]!, 1];
  return product([b[b.length - 1]!], a);
};

/** Two equations are special-cased by the reference; the rest go through numpy's optimiser. */
export const einsumFlops: OpHandle = (node) => {
  const equation = String(node.arg('equation') ?? '').replace(/ /g, '');
  const shapes = (node.arg('tensors') ?? []) as readonly Shape[];
  const order: string[] = [];
  for (const ch of equation) if (/[a-zA-Z]/.test(ch) && !order.includes(ch)) order.push(ch);
  const renamed = [...equation].map((ch) => (order.includes(ch) ? String.fromCharCode(97 + order.indexOf(ch)) : ch)).join('');
  const first = shapes[0];
  const last = shapes[shapes.length - 1];
  if (renamed === 'abc,abd->acd' && first && last) {
    return product([first[0]!, first[1]!, first[2]!, last[last.length - 1]!]);
  }
  if (renamed === 'abc,adc->adb' && first && last) {
    return product([first[0]!, first[1]!, first[2]!, last[1]!]);
  }
  const symbolic = shapes.flatMap((s) => s.filter(isExpr));
  if (symbolic.length > 0) {
    // fvcore counts numpy's printed path estimate, rounded to 4 significant figures: no polynomial is that.
    throw new SymbolicError(`aten::einsum '${equation}': fvcore counts numpy's printed FLOP estimate, rounded to 4 significant figures, which no exact formula gives`, [...new Set(symbolic.flatMap((e) => e.symbols()))]);
  }
  return new FloatCount(optimalEinsumFlops(renamed, shapes as readonly (readonly number[])[]));
};

/** group_norm, layer_norm, instance_norm: numel(input) * (5 with a weight, else 4). */
export const normFlops: OpHandle = (node) => product([node.tensor('weight') !== null ? 5 : 4], shapeOf(node, 'input'));

/** Training (batch statistics): like other norms; eval: 2x (affine) or 1x numel. */
export const batchNormFlops: OpHandle = (node) => {
  if (node.arg('training') === true) return normFlops(node);
  return product([node.tensor('weight') !== null ? 2 : 1], shapeOf(node, 'input'));
};

/** `input` numel * inputScale + output numel * outputScale; `input` names the op's tensor argument. */
export function elementwiseFlops(input: string, inputScale: number, outputScale: number): OpHandle {
  return (node) => {
    const x = shapeOf(node, input);
    const out = firstOutput(node);
    if (isSymbolicShape(x) || isSymbolicShape(out)) {
      let e: bigint | Expr = 0n;
      if (inputScale !== 0) e = countAdd(e, countMul(BigInt(inputScale), symNumel(x)));
      if (outputScale !== 0) e = countAdd(e, countMul(BigInt(outputScale), symNumel(out)));
      return e;
    }
    let r = 0n;
    if (inputScale !== 0) r += BigInt(inputScale) * numel(x);
    if (outputScale !== 0) r += BigInt(outputScale) * numel(out);
    return Number.isSafeInteger(Number(r)) ? Number(r) : r;
  };
}
