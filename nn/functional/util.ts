// Helpers shared by the functional ops: output construction and the checks that
// every op family repeats.

import { ShapeError } from '../../core/errors.js';
import type { Shape } from '../../core/shape.js';
import { Tensor } from '../../core/tensor.js';

export function out(shape: Shape, like?: Tensor): Tensor {
  return new Tensor(shape, like?.dtype ?? 'float32');
}

/** Throws unless `x` has one of the given ranks; `what` describes the layout. */
export function expectRank(op: string, x: Tensor, ranks: readonly number[], what: string): void {
  if (!ranks.includes(x.rank)) {
    const want = ranks.map((r) => `${r}-D`).join(' or ');
    throw new ShapeError(op, `expected ${want} input ${what}, got ${x.rank}-D`, { input: x.shape });
  }
}

/** Throws when a computed output size is below 1. */
export function expectPositive(op: string, outShape: Shape, shapes: Record<string, Shape | null>): void {
  for (let i = 0; i < outShape.length; i++) {
    const d = outShape[i]!;
    if (!(d >= 1)) {
      throw new ShapeError(op, `output size ${d} at dimension ${i} is below 1 (computed output ${'[' + outShape.join(',') + ']'})`, shapes);
    }
  }
}
