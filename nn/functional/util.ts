// Helpers shared by the functional ops: output construction and the checks that
// every op family repeats.

import { emit, type OpArgs } from '../../core/dispatch.js';
import type { DType } from '../../core/dtype.js';
import { ShapeError } from '../../core/errors.js';
import { opSchema, type OpSchema } from '../../core/op_schema.js';
import type { Shape } from '../../core/shape.js';
import { Tensor } from '../../core/tensor.js';

export function out(shape: Shape, like?: Tensor): Tensor {
  return new Tensor(shape, like?.dtype ?? 'float32');
}

/** The built-in schema of an op; emitters look theirs up once, at load. */
export const schema = opSchema;

/** Records `op` with named arguments and returns its one output, a new tensor of `shape`. */
export function record(op: OpSchema, args: OpArgs, shape: Shape, dtype: DType = 'float32'): Tensor {
  const y = new Tensor(shape, dtype);
  emit(op, args, [y]);
  return y;
}

/** Records `op` with several outputs, one new tensor per shape. */
export function recordMany(op: OpSchema, args: OpArgs, shapes: readonly Shape[], dtype: DType = 'float32'): Tensor[] {
  const ys = shapes.map((s) => new Tensor(s, dtype));
  emit(op, args, ys);
  return ys;
}

/** Records an op that writes `target` in place and returns it. */
export function recordInPlace(op: OpSchema, args: OpArgs, target: Tensor): Tensor {
  emit(op, args, [target]);
  return target;
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
