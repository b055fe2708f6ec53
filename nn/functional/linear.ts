// Matrix products: linear, matmul, mm, bmm, addmm and einsum.

import { ArgumentError, ShapeError, shapeText } from '../../core/errors.js';
import { matmulShape, type Dim, type Shape } from '../../core/shape.js';
import { checkTensor, type Tensor } from '../../core/tensor.js';
import { record, schema } from './util.js';

const LINEAR = schema('aten::linear');
const MATMUL = schema('aten::matmul');
const MM = schema('aten::mm');
const BMM = schema('aten::bmm');
const ADDMM = schema('aten::addmm');
const EINSUM = schema('aten::einsum');

/** Whether `bias` expands to `target` (PyTorch's expand: no more dimensions, each 1 or equal). */
function expandsTo(bias: Shape, target: Shape): boolean {
  if (bias.length > target.length) return false;
  const lead = target.length - bias.length;
  for (let i = 0; i < bias.length; i++) if (bias[i] !== 1 && bias[i] !== target[i + lead]) return false;
  return true;
}

/**
 * x @ W^T + b over the last dimension. The bias is applied as PyTorch 1.13's
 * at::linear applies it: a 2-D input (and a 3-D one, flattened to 2-D) goes
 * through addmm, where the bias expands to the 2-D product; any other input
 * adds the bias in place, where it must broadcast to the output's shape.
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const op = 'aten::linear';
  checkTensor(op, 'input', x);
  checkTensor(op, 'weight', weight);
  if (bias !== null && bias !== undefined) checkTensor(op, 'bias', bias);
  const shapes = { input: x.shape, weight: weight.shape };
  if (weight.rank > 2) throw new ShapeError(op, `weight must be 1-D or 2-D, got ${weight.rank}-D`, shapes);
  if (x.rank === 0 || weight.rank === 0) throw new ShapeError(op, `input and weight need at least 1 dimension, got ${x.rank}-D and ${weight.rank}-D`, shapes);
  const inF = weight.shape[weight.rank - 1]!;
  if (x.shape[x.rank - 1] !== inF) {
    throw new ShapeError(op, `expected ${inF} input features, got ${x.shape[x.rank - 1]}`, shapes);
  }
  const outShape = weight.rank === 1 ? x.shape.slice(0, -1) : [...x.shape.slice(0, -1), weight.shape[0]!];
  if (bias) {
    const withBias = { ...shapes, bias: bias.shape };
    if (x.rank === 2 || x.rank === 3) {
      if (weight.rank === 1) throw new ShapeError(op, 'a bias with a 1-D weight needs an input of other than 2 or 3 dimensions (addmm takes a 2-D weight)', withBias);
      // The rows of the 2-D product (N*L for a 3-D input), exact.
      const rows = x.rank === 2 ? BigInt(x.shape[0]!) : BigInt(x.shape[0]!) * BigInt(x.shape[1]!);
      if (!expandsTo(bias.shape, [rows > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(rows), weight.shape[0]!])) {
        throw new ShapeError(op, `bias does not expand to the product [${rows},${weight.shape[0]}]`, withBias);
      }
    } else if (!expandsTo(bias.shape, outShape)) {
      throw new ShapeError(op, `bias does not broadcast to the output ${shapeText(outShape)}`, withBias);
    }
  }
  return record(LINEAR, { input: x, weight, bias }, outShape, x.dtype);
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  const op = 'aten::matmul';
  checkTensor(op, 'self', a);
  checkTensor(op, 'other', b);
  return record(MATMUL, { self: a, other: b }, matmulShape(op, a.shape, b.shape), a.dtype);
}

export function mm(a: Tensor, b: Tensor): Tensor {
  const op = 'aten::mm';
  checkTensor(op, 'self', a);
  checkTensor(op, 'mat2', b);
  if (a.rank !== 2 || b.rank !== 2) throw new ShapeError(op, `expected 2-D matrices, got ${a.rank}-D and ${b.rank}-D`, { a: a.shape, b: b.shape });
  if (a.shape[1] !== b.shape[0]) {
    throw new ShapeError(op, `shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`, { a: a.shape, b: b.shape });
  }
  return record(MM, { self: a, mat2: b }, [a.shape[0]!, b.shape[1]!], a.dtype);
}

export function bmm(a: Tensor, b: Tensor): Tensor {
  const op = 'aten::bmm';
  checkTensor(op, 'self', a);
  checkTensor(op, 'mat2', b);
  if (a.rank !== 3 || b.rank !== 3) throw new ShapeError(op, `expected 3-D batches [n,c,t] and [n,t,d], got ${a.rank}-D and ${b.rank}-D`, { a: a.shape, b: b.shape });
  if (a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
    throw new ShapeError(op, `expected the second batch to start with [${a.shape[0]},${a.shape[2]}], got [${b.shape[0]},${b.shape[1]}]`, { a: a.shape, b: b.shape });
  }
  return record(BMM, { self: a, mat2: b }, [a.shape[0]!, a.shape[1]!, b.shape[2]!], a.dtype);
}

/** bias + a @ b, with bias expanded to the product. */
export function addmm(bias: Tensor, a: Tensor, b: Tensor): Tensor {
  const op = 'aten::addmm';
  checkTensor(op, 'self', bias);
  checkTensor(op, 'mat1', a);
  checkTensor(op, 'mat2', b);
  if (a.rank !== 2 || b.rank !== 2) throw new ShapeError(op, `expected 2-D matrices, got ${a.rank}-D and ${b.rank}-D`, { a: a.shape, b: b.shape });
  if (a.shape[1] !== b.shape[0]) {
    throw new ShapeError(op, `shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`, { a: a.shape, b: b.shape });
  }
  const shape = [a.shape[0]!, b.shape[1]!];
  if (!expandsTo(bias.shape, shape)) {
    throw new ShapeError(op, `bias does not expand to the product ${shapeText(shape)}`, { bias: bias.shape, a: a.shape, b: b.shape });
  }
  return record(ADDMM, { self: bias, mat1: a, mat2: b }, shape, a.dtype);
}

/** One side of an einsum equation's term: its subscripts and where `...` stands among them (-1: none). */
interface Term {
  readonly letters: string;
  readonly ellipsisAt: number;
}

const isLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

/** Parses one term, `from` being its offset in the equation (for messages). */
function parseTerm(op: string, equation: string, text: string, from: number, what: string, shown: Record<string, Shape>): Term {
  let letters = '';
  let ellipsisAt = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ') continue;
    if (c === '.') {
      if (text.slice(i, i + 3) !== '...') {
        throw new ShapeError(op, `equation '${equation}': '.' at index ${from + i} in ${what} is not part of an ellipsis '...'`, shown);
      }
      if (ellipsisAt >= 0) throw new ShapeError(op, `equation '${equation}': ${what} has more than one ellipsis '...'`, shown);
      ellipsisAt = letters.length;
      i += 2;
    } else if (isLetter(c)) letters += c;
    else throw new ShapeError(op, `equation '${equation}': invalid subscript '${c}' at index ${from + i}; subscripts must be in [a-zA-Z]`, shown);
  }
  return { letters, ellipsisAt };
}

/**
 * Output shape of an einsum equation (explicit `->` or implicit), with `...`,
 * as PyTorch 1.13 checks it: one term per operand, as many subscripts as
 * dimensions (fewer with an ellipsis), a subscript repeated within a term on
 * equal sizes, sizes of a subscript across operands equal or 1 (broadcast),
 * ellipsis dimensions broadcast, each output subscript once and from the inputs.
 */
export function einsumShape(equation: string, operands: readonly Shape[]): Shape {
  const op = 'aten::einsum';
  const shown: Record<string, Shape> = {};
  operands.forEach((s, i) => (shown[`operand ${i}`] = s));
  if (typeof equation !== 'string') throw new ArgumentError(op, 'equation', equation, 'a string');
  if (operands.length === 0) throw new ShapeError(op, `equation '${equation}' needs at least one operand, got none`, shown);
  const arrow = equation.indexOf('->');
  const lhs = arrow >= 0 ? equation.slice(0, arrow) : equation;
  const rawTerms = lhs.split(',');
  if (rawTerms.length !== operands.length) {
    throw new ShapeError(op, `equation '${equation}' has ${rawTerms.length} operand term(s), got ${operands.length} operand(s)`, shown);
  }
  const sizes = new Map<string, Dim>();
  const counts = new Map<string, number>();
  let anyEllipsis = false;
  let ellipsis: Shape = [];
  let from = 0;
  for (let t = 0; t < rawTerms.length; t++) {
    const shape = operands[t]!;
    const term = parseTerm(op, equation, rawTerms[t]!, from, `operand ${t}`, shown);
    from += rawTerms[t]!.length + 1;
    const n = term.letters.length;
    if (term.ellipsisAt < 0 ? n !== shape.length : n > shape.length) {
      throw new ShapeError(
        op,
        `equation '${equation}': term ${t} has ${n} subscript(s) for a ${shape.length}-D operand${term.ellipsisAt < 0 ? ' and no ellipsis' : ''}`,
        shown,
      );
    }
    const ellRank = shape.length - n;
    if (term.ellipsisAt >= 0) {
      anyEllipsis = true;
      const covered = shape.slice(term.ellipsisAt, term.ellipsisAt + ellRank);
      const m = Math.max(ellipsis.length, covered.length);
      const merged = new Array<Dim>(m);
      for (let i = 0; i < m; i++) {
        const a = ellipsis[ellipsis.length - m + i] ?? 1;
        const b = covered[covered.length - m + i] ?? 1;
        if (a !== b && a !== 1 && b !== 1) {
          throw new ShapeError(op, `equation '${equation}': dimensions covered by the ellipsis of operand ${t} ${shapeText(covered)} do not broadcast with ${shapeText(ellipsis)}`, shown);
        }
        merged[i] = a === 1 ? b : a;
      }
      ellipsis = merged;
    }
    const inTerm = new Map<string, Dim>();
    for (let j = 0; j < n; j++) {
      const ch = term.letters[j]!;
      const dim = shape[term.ellipsisAt >= 0 && j >= term.ellipsisAt ? j + ellRank : j]!;
      const same = inTerm.get(ch);
      if (same !== undefined) {
        if (same !== dim) throw new ShapeError(op, `equation '${equation}': subscript '${ch}' is repeated in operand ${t} on sizes ${same} and ${dim}`, shown);
        continue;
      }
      inTerm.set(ch, dim);
      const known = sizes.get(ch);
      if (known !== undefined && known !== dim && known !== 1 && dim !== 1) {
        throw new ShapeError(op, `equation '${equation}': subscript '${ch}' has size ${dim} in operand ${t}, which does not broadcast with size ${known}`, shown);
      }
      sizes.set(ch, known === undefined || known === 1 ? dim : known);
    }
    for (let j = 0; j < n; j++) counts.set(term.letters[j]!, (counts.get(term.letters[j]!) ?? 0) + 1);
  }
  let out: Term;
  if (arrow >= 0) {
    out = parseTerm(op, equation, equation.slice(arrow + 2), arrow + 2, 'the output', shown);
    const seen = new Set<string>();
    for (const ch of out.letters) {
      if (seen.has(ch)) throw new ShapeError(op, `equation '${equation}': output subscript '${ch}' appears more than once`, shown);
      seen.add(ch);
      if (!sizes.has(ch)) throw new ShapeError(op, `equation '${equation}': output subscript '${ch}' is not in any input term`, shown);
    }
  } else {
    const once = [...counts.entries()].filter(([, c]) => c === 1).map(([ch]) => ch).sort();
    out = { letters: once.join(''), ellipsisAt: anyEllipsis ? 0 : -1 };
  }
  const result: Dim[] = [];
  for (let j = 0; j <= out.letters.length; j++) {
    if (j === out.ellipsisAt) result.push(...ellipsis);
    if (j < out.letters.length) result.push(sizes.get(out.letters[j]!)!);
  }
  return result;
}

export function einsum(equation: string, ...operands: Tensor[]): Tensor {
  const op = 'aten::einsum';
  if (typeof equation !== 'string') throw new ArgumentError(op, 'equation', equation, 'a string');
  for (let i = 0; i < operands.length; i++) checkTensor(op, `operand ${i}`, operands[i]);
  const shape = einsumShape(
    equation,
    operands.map((t) => t.shape),
  );
  // The reference sees the equation and a tensor list, neither of them a tensor.
  return record(EINSUM, { equation, tensors: operands }, shape, operands[0]?.dtype);
}
