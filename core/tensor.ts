// A tensor that carries a shape and a dtype and never any data: a 400B-parameter
// model or a 4K image costs what its shape list costs.

import type { DType } from './dtype.js';
import { ShapeError } from './errors.js';
import { numel, type Shape } from './shape.js';

export class Tensor {
  readonly shape: Shape;
  readonly dtype: DType;

  constructor(shape: Shape, dtype: DType = 'float32') {
    this.shape = shape;
    this.dtype = dtype;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** Exact element count. */
  numel(): bigint {
    return numel(this.shape);
  }

  /** PyTorch's `x.size(dim)` with negative indices. */
  size(dim: number): number {
    const d = dim < 0 ? dim + this.shape.length : dim;
    const v = this.shape[d];
    if (v === undefined || !Number.isInteger(dim)) {
      throw new ShapeError('aten::size', `dimension ${dim} out of range for rank ${this.shape.length}`, { input: this.shape });
    }
    return v;
  }
}

/** A learnable tensor: counted by parameter_count, registered by Module. */
export class Parameter extends Tensor {}
