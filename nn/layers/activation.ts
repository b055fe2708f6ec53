// Activation layers. Each records the aten op PyTorch's module runs (ReLU6 is
// hardtanh, inplace variants end in `_`), and prints PyTorch's repr.

import { ArgumentError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import * as E from '../functional/elementwise.js';
import { intArg } from '../functional/util.js';
import { Module } from '../module.js';

abstract class InplaceActivation extends Module {
  // Declared, not defined: the constructor's assignment makes it (see Linear).
  declare readonly inplace: boolean;
  constructor(inplace = false) {
    super();
    this.inplace = inplace;
  }
  override extraRepr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

export class ReLU extends InplaceActivation {
  override forward(x: Tensor): Tensor {
    return E.relu(x, this.inplace);
  }
}

export class ReLU6 extends InplaceActivation {
  override forward(x: Tensor): Tensor {
    return E.relu6(x, this.inplace);
  }
}

export class SiLU extends InplaceActivation {
  override forward(x: Tensor): Tensor {
    return E.silu(x, this.inplace);
  }
}

/** PyTorch's Hardswish has no extra repr, even when in place. */
export class Hardswish extends InplaceActivation {
  override forward(x: Tensor): Tensor {
    return E.hardswish(x, this.inplace);
  }
  override extraRepr(): string {
    return '';
  }
}

export class Hardsigmoid extends InplaceActivation {
  override forward(x: Tensor): Tensor {
    return E.hardsigmoid(x, this.inplace);
  }
  override extraRepr(): string {
    return '';
  }
}

export class GELU extends Module {
  declare readonly approximate: 'none' | 'tanh';
  constructor(approximate: 'none' | 'tanh' = 'none') {
    super();
    // PyTorch refuses another value in forward, which could then never run.
    if (approximate !== 'none' && approximate !== 'tanh') throw new ArgumentError('GELU', 'approximate', approximate, "'none' or 'tanh'");
    this.approximate = approximate;
  }
  override forward(x: Tensor): Tensor {
    return E.gelu(x, this.approximate);
  }
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

export class Sigmoid extends Module {
  override forward(x: Tensor): Tensor {
    return E.sigmoid(x);
  }
}

export class Tanh extends Module {
  override forward(x: Tensor): Tensor {
    return E.tanh(x);
  }
}

export class Softmax extends Module {
  declare readonly dim: number | null;
  constructor(dim: number | null = null) {
    super();
    // An int or None; a dimension out of range for the input is refused in forward.
    if (dim !== null) intArg('Softmax', 'dim', dim, -Infinity);
    this.dim = dim;
  }
  override forward(x: Tensor): Tensor {
    // PyTorch's legacy default picks dim 1 for 4-D input and the last otherwise.
    const dim = this.dim ?? (x.rank === 0 || x.rank === 1 || x.rank === 3 ? 0 : 1);
    return E.softmax(x, dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim === null ? 'None' : this.dim}`;
  }
}
