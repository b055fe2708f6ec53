// Matrix products: linear, matmul, mm, bmm, addmm and einsum.

import { ShapeError } from '../../core/errors.js';
import { broadcastShapes, matmulShape, type Shape } from '../../core/shape.js';
import type { Tensor } from '../../core/tensor.js';
import { record, schema } from './util.js';

const LINEAR = schema('aten::linear');
const MATMUL = schema('aten::matmul');
const MM = schema('aten::mm');
const BMM = schema('aten::bmm');
const ADDMM = schema('aten::addmm');
const EINSUM = schema('aten::einsum');

/** x @ W^T + b over the last dimension. */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const op = 'aten::linear';
  const inF = weight.shape[weight.rank - 1];
  if (x.rank < 1 || x.shape[x.rank - 1] !== inF) {
    throw new ShapeError(op, `expected ${inF} input features, got ${x.shape[x.rank - 1]}`, {
      input: x.shape,
      weight: weight.shape,
    });
  }
  const outShape = weight.rank === 1 ? x.shape.slice(0, -1) : [...x.shape.slice(0, -1), weight.shape[0]!];
  return record(LINEAR, { input: x, weight, bias }, outShape, x.dtype);
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  return record(MATMUL, { self: a, other: b }, matmulShape('aten::matmul', a.shape, b.shape), a.dtype);
}

export function mm(a: Tensor, b: Tensor): Tensor {
  const op = 'aten::mm';
  if (a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[0]) {
    throw new ShapeError(op, 'expected 2-D matrices with matching inner dimensions', { a: a.shape, b: b.shape });
  }
  return record(MM, { self: a, mat2: b }, [a.shape[0]!, b.shape[1]!], a.dtype);
}

export function bmm(a: Tensor, b: Tensor): Tensor {
  const op = 'aten::bmm';
  if (a.rank !== 3 || b.rank !== 3 || a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
    throw new ShapeError(op, 'expected 3-D batches [n,c,t] and [n,t,d]', { a: a.shape, b: b.shape });
  }
  return record(BMM, { self: a, mat2: b }, [a.shape[0]!, a.shape[1]!, b.shape[2]!], a.dtype);
}

/** bias + a @ b, with bias broadcast to the product. */
export function addmm(bias: Tensor, a: Tensor, b: Tensor): Tensor {
  const op = 'aten::addmm';
  if (a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[0]) {
    throw new ShapeError(op, 'expected 2-D matrices with matching inner dimensions', { a: a.shape, b: b.shape });
  }
  const shape = [a.shape[0]!, b.shape[1]!];
  const full = broadcastShapes(op, bias.shape, shape);
  if (full.length !== 2 || full[0] !== shape[0] || full[1] !== shape[1]) {
    throw new ShapeError(op, 'bias does not broadcast to the product', { bias: bias.shape, a: a.shape, b: b.shape });
  }
  return record(ADDMM, { self: bias, mat1: a, mat2: b }, shape, a.dtype);
}

/** Output shape of an einsum equation (explicit `->` or implicit), with `...`. */
export function einsumShape(equation: string, operands: readonly Shape[]): Shape {
  const op = 'aten::einsum';
  const eq = equation.replace(/ /g, '');
  const arrow = eq.indexOf('->');
  const lhs = arrow >= 0 ? eq.slice(0, arrow) : eq;
  const terms = lhs.split(',');
  const shown: Record<string, Shape> = {};
  operands.forEach((s, i) => (shown[`operand ${i}`] = s));
  if (terms.length !== operands.length) {
    throw new ShapeError(op, `equation '${equation}' has ${terms.length} operands, got ${operands.length}`, shown);
  }
  const sizes = new Map<string, number>();
  const counts = new Map<string, number>();
  let ellipsis: Shape = [];
  terms.forEach((term, i) => {
    const shape = operands[i]!;
    const parts = term.split('...');
    const letters = parts.join('');
    if (parts.length > 2 || (parts.length === 1 && letters.length !== shape.length) || letters.length > shape.length) {
      throw new ShapeError(op, `term '${term}' does not match a ${shape.length}-D operand`, shown);
    }
    const before = parts[0]!.length;
    const ellRank = shape.length - letters.length;
    if (parts.length === 2) ellipsis = broadcastShapes(op, ellipsis, shape.slice(before, before + ellRank));
    for (let j = 0; j < letters.length; j++) {
      const ch = letters[j]!;
      const dim = shape[j < before ? j : j + ellRank]!;
      const known = sizes.get(ch);
      if (known !== undefined && known !== dim && known !== 1 && dim !== 1) {
        throw new ShapeError(op, `subscript '${ch}' has sizes ${known} and ${dim}`, shown);
      }
      sizes.set(ch, known === undefined || known === 1 ? dim : known);
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
  });
  const rhs =
    arrow >= 0
      ? eq.slice(arrow + 2)
      : (lhs.includes('...') ? '...' : '') +
        [...counts.entries()]
          .filter(([, c]) => c === 1)
          .map(([ch]) => ch)
          .sort()
          .join('');
  const result: number[] = [];
  const rparts = rhs.split('...');
  for (let i = 0; i < rparts.length; i++) {
    if (i > 0) result.push(...ellipsis);
    for (const ch of rparts[i]!) {
      const size = sizes.get(ch);
      if (size === undefined) throw new ShapeError(op, `output subscript '${ch}' is not in the inputs`, shown);
      result.push(size);
    }
  }
  return result;
}

export function einsum(equation: string, ...operands: Tensor[]): Tensor {
  const shape = einsumShape(
    equation,
    operands.map((t) => t.shape),
  );
  // The reference sees the equation and a tensor list, neither of them a tensor.
  return record(EINSUM, { equation, tensors: operands }, shape, operands[0]?.dtype);
}
