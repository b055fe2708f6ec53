// Reductions that keep the extreme values: amax, and max / min in PyTorch's
// three forms (over everything, over one dimension with the indices, or
// elementwise against another tensor).

import { emit } from '../../core/dispatch.js';
import { ArgumentError } from '../../core/errors.js';
import { broadcastShapes, normDim } from '../../core/shape.js';
import { checkTensor, Tensor, type ValuesIndices } from '../../core/tensor.js';
import { reducedShape } from './elementwise.js';
import { record, schema } from './util.js';

/** `torch.amax(x, dim, keepdim)`: the maximum over `dim` (every dimension for `[]`, PyTorch's default). */
export function amax(x: Tensor, dim: number | readonly number[] = [], keepdim = false): Tensor {
  const op = schema('aten::amax');
  checkTensor(op.kind, x);
  return record(op, { self: x, dim, keepdim }, reducedShape(op.kind, x, dim, keepdim), x.dtype);
}


function extreme(name: 'max' | 'min', x: Tensor, dim?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
  const kind = `aten::${name}`;
  checkTensor(kind, x);
  if (dim === undefined) return record(schema(kind), { self: x }, [], x.dtype);
  if (dim instanceof Tensor) {
    const op = schema(`${kind}.other`);
    return record(op, { self: x, other: dim }, broadcastShapes(kind, x.shape, dim.shape), x.dtype);
  }
  if (!Number.isInteger(dim)) throw new ArgumentError(kind, 'dim', dim, 'an integer or a Tensor');
  normDim(kind, dim, x.rank, x.shape);
  const shape = reducedShape(kind, x, dim, keepdim);
  const values = new Tensor(shape, x.dtype);
  const indices = new Tensor(shape, 'int64');
  emit(schema(`${kind}.dim`), { self: x, dim, keepdim }, [values, indices]);
  return Object.assign([values, indices] as [Tensor, Tensor], { values, indices });
}

/** `torch.max(x)`: the maximum of every element, a 0-dim tensor. */
export function max(x: Tensor): Tensor;
/** `torch.max(x, dim, keepdim)`: `[values, indices]` (also `.values`, `.indices`). */
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
/** `torch.max(x, other)`: the elementwise maximum, broadcast. */
export function max(x: Tensor, other: Tensor): Tensor;
export function max(x: Tensor, dim?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
  return extreme('max', x, dim, keepdim);
}

/** `torch.min(x)`: the minimum of every element, a 0-dim tensor. */
export function min(x: Tensor): Tensor;
/** `torch.min(x, dim, keepdim)`: `[values, indices]` (also `.values`, `.indices`). */
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
/** `torch.min(x, other)`: the elementwise minimum, broadcast. */
export function min(x: Tensor, other: Tensor): Tensor;
export function min(x: Tensor, dim?: number | Tensor, keepdim = false): Tensor | ValuesIndices {
  return extreme('min', x, dim, keepdim);
}
