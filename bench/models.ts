// The synthetic models of the scaling benchmarks, shared by the tasks and the
// memory child.

import { Module, nn, type InputSpec, type Tensor } from '../index.js';

/** A flat Sequential of `n` Linear(1,1): `n + 1` modules, analysed on input [1, 1]. */
export function wideModel(n: number): Module {
  const layers = new Map<string, Module>();
  for (let i = 0; i < n; i++) layers.set(String(i), new nn.Linear(1, 1));
  return new nn.Sequential(layers);
}
export const WIDE_INPUT: InputSpec = [1];

/** Each module wraps the next; the innermost is a Linear(8, 8). */
class Wrap extends Module {
  inner: Module;
  constructor(inner: Module) {
    super();
    this.inner = inner;
  }
  override forward(x: Tensor): Tensor {
    return this.inner.call(x) as Tensor;
  }
}

/** `depth` modules, each the only child of the one before: depth-1 Wraps around a Linear(8, 8). */
export function deepModel(depth: number): Module {
  let m: Module = new nn.Linear(8, 8);
  for (let i = 1; i < depth; i++) m = new Wrap(m);
  return m;
}
export const DEEP_INPUT: InputSpec = [8];
