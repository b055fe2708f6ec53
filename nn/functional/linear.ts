// Matrix products: linear, matmul, mm, bmm, addmm and einsum.

import { LINEAR_OPS, MATMUL_OPS } from '../../core/op_schema.js';
import { ArgumentError, ShapeError } from '../../core/errors.js';
import { broadcastShapes, matmulShape, type Dim, type Shape } from '../../core/shape.js';
import { checkTensor, type Tensor } from '../../core/tensor.js';
import { dimMul, record, schema } from './util.js';

const LINEAR = /* @__PURE__ */ schema(LINEAR_OPS, 'aten::linear');
const MATMUL = /* @__PURE__ */ schema(MATMUL_OPS, 'aten::matmul');
const MM = /* @__PURE__ */ schema(MATMUL_OPS, 'aten::mm');
const BMM = /* @__PURE__ */ schema(MATMUL_OPS, 'aten::bmm');
const ADDMM = /* @__PURE__ */ schema(MATMUL_OPS, 'aten::addmm');
const EINSUM = /* @__PURE__ */ schema(MATMUL_OPS, 'aten::einsum');

/** Whether `bias` expands to `target` (PyTorch's expand: no more dimensions, each 1 or equal). */
const expandsTo = (bias: Shape, target: Shape): boolean => bias.length <= target.length && bias.every((v, i) => v === 1 || v === target[target.length - bias.length + i]);

/**
 * x @ W^T + b over the last dimension. The bias is applied as PyTorch 1.13's
 * at::linear applies it: a 2-D input (and a 3-D one, flattened to 2-D) goes
 * through addmm, where the bias expands to the 2-D product (a 1-D weight
 * fails there); any other input adds the bias in place, to the output's shape.
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const op = 'aten::linear';
  checkTensor(op, x, 'input');
  checkTensor(op, weight, 'weight');
  if (bias) checkTensor(op, bias, 'bias');
  const shapes = { input: x.shape, weight: weight.shape };
  const inF = weight.shape[weight.rank - 1];
  if (weight.rank === 0 || weight.rank > 2) throw new ShapeError(op, `expected a 1-D or 2-D weight, got ${weight.rank}-D`, shapes);
  if (x.rank === 0 || x.shape[x.rank - 1] !== inF) throw new ShapeError(op, `expected ${inF} input features, got ${x.shape[x.rank - 1]}`, shapes);
  const outShape = weight.rank === 1 ? x.shape.slice(0, -1) : [...x.shape.slice(0, -1), weight.shape[0]!];
  // The rows of addmm's product (N*L for a 3-D input); past 2^53 no bias size matches them but 1.
  const rows = x.rank === 3 ? dimMul(x.shape[0]!, x.shape[1]!) : x.shape[0]!; // read for a 2-D or 3-D input only
  if (bias && (x.rank === 2 || x.rank === 3 ? weight.rank === 1 || !expandsTo(bias.shape, [typeof rows !== 'number' || Number.isSafeInteger(rows) ? rows : -1, weight.shape[0]!]) : !expandsTo(bias.shape, outShape))) {
    throw new ShapeError(op, 'bias does not fit the product', { ...shapes, bias: bias.shape });
  }
  return record(LINEAR, { input: x, weight, bias }, outShape, x.dtype);
}

/** `torch.matmul(a, b)` / `a @ b`: PyTorch's 1-D, 2-D and batched (broadcast) product rules; `a`'s dtype. Records aten::matmul. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensor('aten::matmul', a);
  checkTensor('aten::matmul', b, 'other');
  return record(MATMUL, { self: a, other: b }, matmulShape('aten::matmul', a.shape, b.shape), a.dtype);
}

/** Checks the tensors of mm, bmm and addmm: `rank`-D, inner sizes equal (and batches, for bmm). */
function checkProduct(op: string, rank: number, a: Tensor, b: Tensor): void {
  checkTensor(op, a);
  checkTensor(op, b, 'mat2');
  if (a.rank !== rank || b.rank !== rank || a.shape[rank - 1] !== b.shape[rank - 2] || (rank === 3 && a.shape[0] !== b.shape[0])) {
    throw new ShapeError(op, `expected ${rank}-D ${rank === 3 ? 'batches [n,c,t] and [n,t,d]' : 'matrices [n,t] and [t,d]'}`, { a: a.shape, b: b.shape });
  }
}

/** `torch.mm(a, b)`: `(n, m) @ (m, p)` → `(n, p)`, `a`'s dtype. Records aten::mm. */
export function mm(a: Tensor, b: Tensor): Tensor {
  checkProduct('aten::mm', 2, a, b);
  return record(MM, { self: a, mat2: b }, [a.shape[0]!, b.shape[1]!], a.dtype);
}

/** `torch.bmm(a, b)`: `(b, n, m) @ (b, m, p)` → `(b, n, p)`, `a`'s dtype. Records aten::bmm. */
export function bmm(a: Tensor, b: Tensor): Tensor {
  checkProduct('aten::bmm', 3, a, b);
  return record(BMM, { self: a, mat2: b }, [a.shape[0]!, a.shape[1]!, b.shape[2]!], a.dtype);
}

/** `torch.addmm(bias, a, b, beta=1, alpha=1)`: beta * bias + alpha * (a @ b), with bias expanded to the product. */
export function addmm(bias: Tensor, a: Tensor, b: Tensor, beta = 1, alpha = 1): Tensor {
  const op = 'aten::addmm';
  checkTensor(op, bias, 'bias');
  checkProduct(op, 2, a, b);
  const shape = [a.shape[0]!, b.shape[1]!];
  if (!expandsTo(bias.shape, shape)) throw new ShapeError(op, 'bias does not expand to the product', { bias: bias.shape, a: a.shape, b: b.shape });
  return record(ADDMM, { self: bias, mat1: a, mat2: b, beta, alpha }, shape, a.dtype);
}

/**
 * Output shape of an einsum equation (explicit `->` or implicit), with `...`,
 * as PyTorch 1.13 checks it: subscripts in [a-zA-Z], one term per operand, as
 * many subscripts as dimensions (fewer with one ellipsis), a subscript
 * repeated within a term on equal sizes, across terms on equal sizes or 1
 * (broadcast), ellipsis dimensions broadcast, output subscripts once each
 * and from the inputs.
 */
export function einsumShape(equation: string, operands: readonly Shape[]): Shape {
  const op = 'aten::einsum';
  const shown: Record<string, Shape> = {};
  operands.forEach((s, i) => (shown[`operand ${i}`] = s));
  const fail = (why: string): never => {
    throw new ShapeError(op, `equation '${equation}': ${why}`, shown);
  };
  const eq = equation.replace(/ /g, '');
  const arrow = eq.indexOf('->');
  const terms = (arrow < 0 ? eq : eq.slice(0, arrow)).split(',');
  if (terms.length !== operands.length || !operands.length) fail(`${terms.length} terms for ${operands.length} operands`);
  const parsed = [...terms, arrow < 0 ? '' : eq.slice(arrow + 2)].map((t) => {
    if (!/^[a-zA-Z]*(\.\.\.)?[a-zA-Z]*$/.test(t)) fail(`invalid term '${t}'`);
    const [before, after] = t.split('...');
    return { letters: before! + (after ?? ''), at: after === undefined ? -1 : before!.length };
  });
  const sizes = new Map<string, Dim>();
  const counts = new Map<string, number>();
  let ellipsis: Shape = [];
  operands.forEach((shape, t) => {
    const { letters, at } = parsed[t]!;
    const extra = shape.length - letters.length;
    if (at < 0 ? extra !== 0 : extra < 0) fail(`term ${t} does not fit operand ${t}`);
    if (at >= 0) ellipsis = broadcastShapes(op, ellipsis, shape.slice(at, at + extra));
    const own = new Map<string, Dim>();
    [...letters].forEach((ch, j) => {
      const dim = shape[at >= 0 && j >= at ? j + extra : j]!;
      const known = sizes.get(ch);
      if ((own.get(ch) ?? dim) !== dim || (!own.has(ch) && known !== undefined && known !== dim && known !== 1 && dim !== 1)) {
        fail(`subscript '${ch}' has sizes ${own.get(ch) ?? known} and ${dim}`);
      }
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
      own.set(ch, dim);
      if (known === undefined || known === 1) sizes.set(ch, dim);
    });
  });
  let out = parsed[operands.length]!;
  if (arrow < 0) {
    out = { letters: [...counts].filter(([, c]) => c === 1).map(([ch]) => ch).sort().join(''), at: parsed.some((p) => p.at >= 0) ? 0 : -1 };
  }
  const result: Dim[] = [];
  [...out.letters, ''].forEach((ch, j) => {
    if (j === out.at) result.push(...ellipsis);
    if (ch === '') return;
    if (!sizes.has(ch) || out.letters.indexOf(ch) !== j) fail(`invalid output subscript '${ch}'`);
    result.push(sizes.get(ch)!);
  });
  return result;
}

/** `torch.einsum(equation, *operands)`: the output shape from the subscripts (`...` broadcast), the first operand's dtype. Records aten::einsum (the equation and the tensor list). */
export function einsum(equation: string, ...operands: Tensor[]): Tensor {
  if (typeof equation !== 'string') throw new ArgumentError('aten::einsum', 'equation', equation, 'a string');
  operands.forEach((t, i) => checkTensor('aten::einsum', t, `operand ${i}`));
  const shape = einsumShape(
    equation,
    operands.map((t) => t.shape),
  );
  // The reference sees the equation and a tensor list, neither of them a tensor.
  return record(EINSUM, { equation, tensors: operands }, shape, operands[0]?.dtype);
}
