// torch.linspace and torch.flip, as PyTorch 1.13 traces them: `aten::linspace`
// (its `steps` is an int, so a traced count reaches it through aten::Int) and
// `aten::flip`. Neither is counted by the reference (both are unsupported ops).

import { TENSOR_FUNCTION_OPS } from '../../core/op_schema.js';
import type { DType } from '../../core/dtype.js';
import { ArgumentError, ShapeError } from '../../core/errors.js';
import { concrete, normDim } from '../../core/shape.js';
import { checkDType, checkTensor, intArg, intListArg, TracedInt, type IntLike, type Tensor } from '../../core/tensor.js';
import { record, schema, sizeAtLeast } from './util.js';

/** `torch.linspace`'s keyword arguments. */
export interface LinspaceOptions {
  /** The result's dtype (default float32, PyTorch's default dtype). */
  dtype?: DType;
}

/**
 * `torch.linspace(start, end, steps)`: `steps` evenly spaced values from
 * `start` to `end`, a 1-D float32 tensor (or `dtype`). Any bound may be traced.
 */
export function linspace(start: number | TracedInt, end: number | TracedInt, steps: IntLike, options: LinspaceOptions = {}): Tensor {
  const op = 'aten::linspace';
  for (const [name, v] of [['start', start], ['end', end]] as const) {
    const n = v instanceof TracedInt ? v.value : v;
    if (typeof n !== 'number' || !Number.isFinite(n)) throw new ArgumentError(op, name, n, 'a finite number');
  }
  const n = intArg(op, 'steps', steps);
  if (!sizeAtLeast(op, 'steps', n, 0)) throw new ArgumentError(op, 'steps', n, 'non-negative (number of steps must be non-negative)');
  const dtype = options.dtype ?? 'float32';
  checkDType(op, dtype);
  return record(schema(TENSOR_FUNCTION_OPS, op), { start, end, steps, dtype: options.dtype ?? null }, [n], dtype);
}

/**
 * `torch.flip(x, dims)` (`x.flip(1)`, `x.flip(0, 1)`): the same shape with the
 * given dimensions reversed; a dimension twice is an error, as in PyTorch.
 */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  const op = 'aten::flip';
  checkTensor(op, x);
  const list = typeof dims === 'number' ? [dims] : dims;
  const norm = intListArg(op, 'dims', list).map((d) => normDim(op, concrete(d, `${op}: dims`), x.rank, x.shape));
  const twice = norm.find((d, i) => norm.indexOf(d) !== i);
  if (twice !== undefined) throw new ShapeError(op, `dim ${twice} appears multiple times in the list of dims [${list.join(',')}]`, { input: x.shape });
  return record(schema(TENSOR_FUNCTION_OPS, op), { self: x, dims: list }, x.shape, x.dtype);
}
