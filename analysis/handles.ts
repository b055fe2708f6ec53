// Per-op counters (the reference's jit_handles): each turns one traced op's
// shapes into a count. Handles are plain functions so users can add their own
// with `setOpHandle`.

import { CounterError } from '../core/errors.js';
import { numel, type Shape } from '../core/shape.js';
import type { OpNode } from '../trace/graph.js';
import { optimalEinsumFlops } from './einsum_cost.js';

/** A count the reference holds as a Python float (einsum's general path). */
export class FloatCount {
  constructor(readonly value: bigint) {}
}

export type CountValue = bigint | number | FloatCount;
/** A single count (named after the op) or counts by name. */
export type OpCount = CountValue | Readonly<Record<string, CountValue>>;
export type OpHandle = (node: OpNode) => OpCount;

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
    const n = numel(firstOutput(node));
    return name === undefined ? n : { [name]: n };
  };
}

/** N * prod(weight) * prod(out spatial); transposed uses the input's spatial size. */
export const convFlops: OpHandle = (node) => {
  const x = shapeOf(node, 'input');
  const w = shapeOf(node, 'weight');
  const spatial = (node.arg('transposed') === true ? x : firstOutput(node)).slice(2);
  return { conv: BigInt(x[0]!) * numel(w) * numel(spatial) };
};

export const linearFlops: OpHandle = (node) => {
  const w = shapeOf(node, 'weight');
  return numel(shapeOf(node, 'input')) * BigInt(w[0]!);
};

export const addmmFlops: OpHandle = (node) => {
  const a = shapeOf(node, 'mat1');
  const b = shapeOf(node, 'mat2');
  return BigInt(a[0]!) * BigInt(a[1]!) * BigInt(b[1]!);
};

export const bmmFlops: OpHandle = (node) => {
  const a = shapeOf(node, 'self');
  const b = shapeOf(node, 'mat2');
  return BigInt(a[0]!) * BigInt(a[1]!) * BigInt(a[2]!) * BigInt(b[b.length - 1]!);
};

/** matmul and mm: 1-D operands promoted; prod(a) * b[-1]. */
export const matmulFlops: OpHandle = (node) => {
  let a = shapeOf(node, 'self');
  let b = node.tensor('other') ?? shapeOf(node, 'mat2');
  if (a.length === 1) a = [1, a[0]!];
  if (b.length === 1) b = [b[0]!, 1];
  return numel(a) * BigInt(b[b.length - 1]!);
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
    return BigInt(first[0]!) * BigInt(first[1]!) * BigInt(first[2]!) * BigInt(last[last.length - 1]!);
  }
  if (renamed === 'abc,adc->adb' && first && last) {
    return BigInt(first[0]!) * BigInt(first[1]!) * BigInt(first[2]!) * BigInt(last[1]!);
  }
  return new FloatCount(optimalEinsumFlops(renamed, shapes));
};

/** group_norm, layer_norm, instance_norm: numel(input) * (5 with a weight, else 4). */
export const normFlops: OpHandle = (node) => numel(shapeOf(node, 'input')) * (node.tensor('weight') !== null ? 5n : 4n);

/** Training (batch statistics): like other norms; eval: 2x (affine) or 1x numel. */
export const batchNormFlops: OpHandle = (node) => {
  if (node.arg('training') === true) return normFlops(node);
  return numel(shapeOf(node, 'input')) * (node.tensor('weight') !== null ? 2n : 1n);
};

/** `input` numel * inputScale + output numel * outputScale; `input` names the op's tensor argument. */
export function elementwiseFlops(input: string, inputScale: number, outputScale: number): OpHandle {
  return (node) => {
    let r = 0n;
    if (inputScale !== 0) r += BigInt(inputScale) * numel(shapeOf(node, input));
    if (outputScale !== 0) r += BigInt(outputScale) * numel(firstOutput(node));
    return r;
  };
}
