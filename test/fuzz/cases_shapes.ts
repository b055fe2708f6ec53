// Fuzz cases for shape ops, tensor methods, einsum and exact size arithmetic
// (part B of the robustness issue). Each expectation was checked against
// PyTorch 1.13: where it raises, one typed error naming the op or argument and
// the bad value or shape; where it accepts, its shape (and the count derived
// by hand in the comment).

import { throws, returns, type ApiCase, type Library } from './case.js';

type T = InstanceType<Library['Tensor']>;

/** The shapes of a list of tensors. */
const shapes = (ts: readonly T[]): (readonly number[])[] => ts.map((t) => t.shape as readonly number[]);

/** Letters for einsum chains. */
const LETTERS = 'abcdefghijklm';

export const CASES: readonly ApiCase[] = [
  // ---- hang: aborts of V8, endless loops, absurd numbers of outputs, exponential searches
  {
    name: 'shapes: split size 0 of a non-empty dimension',
    kind: 'hang',
    run: ({ F, Tensor }) => F.split(new Tensor([4, 6]), 0),
    expect: throws('ShapeError', 'aten::split', 'split_size 0 does not fit size 4', '[4,6]'),
  },
  {
    name: 'shapes: split size -1',
    kind: 'hang',
    run: ({ F, Tensor }) => F.split(new Tensor([4, 6]), -1, 1),
    expect: throws('ShapeError', 'aten::split', 'split_size -1 does not fit size 6', '[4,6]'),
  },
  {
    name: 'shapes: split with a negative size in the list',
    kind: 'hang',
    run: ({ F, Tensor }) => F.split(new Tensor([2, 3, 4]), [3, -1]),
    expect: throws('ShapeError', 'aten::split_with_sizes', '[3,-1]', '[2,3,4]'),
  },
  {
    name: 'shapes: chunk -1',
    kind: 'hang',
    run: ({ F, Tensor }) => F.chunk(new Tensor([2, 3, 4]), -1),
    expect: throws('ShapeError', 'aten::chunk', 'chunks must be positive, got -1', '[2,3,4]'),
  },
  {
    name: 'shapes: unbind into 2^30 pieces',
    kind: 'hang',
    run: ({ F, Tensor }) => F.unbind(new Tensor([2 ** 30, 2])).length,
    expect: throws('ShapeError', 'aten::unbind', '1073741824 outputs, past the limit of 2^20', '[1073741824,2]'),
  },
  {
    name: 'shapes: split into 2^40 pieces of 1',
    kind: 'hang',
    run: ({ F, Tensor }) => F.split(new Tensor([2 ** 40]), 1).length,
    expect: throws('ShapeError', 'aten::split', '1099511627776 outputs, past the limit of 2^20'),
  },
  {
    name: 'shapes: chunk of a size-2^40 dimension into 2^40 chunks',
    kind: 'hang',
    run: ({ F, Tensor }) => F.chunk(new Tensor([2 ** 40]), 2 ** 40).length,
    expect: throws('ShapeError', 'aten::chunk', '1099511627776 outputs, past the limit of 2^20'),
  },
  {
    name: 'shapes: chunk of an empty dimension into 2^30 empty chunks',
    kind: 'hang',
    run: ({ F, Tensor }) => F.chunk(new Tensor([0, 3]), 2 ** 30).length,
    expect: throws('ShapeError', 'aten::chunk', '1073741824 outputs', '[0,3]'),
  },
  {
    name: 'shapes: tensor_split into 2^30 sections',
    kind: 'hang',
    run: ({ F, Tensor }) => F.tensorSplit(new Tensor([5]), 2 ** 30).length,
    expect: throws('ShapeError', 'aten::tensor_split', '1073741824 outputs', '[5]'),
  },
  {
    name: 'shapes: einsum of a 12-matrix chain counted through analyze (numpy optimal path)',
    kind: 'hang',
    run: ({ F, Module, analyze }) => {
      // Sizes p[0..12]; matrix i is [p[i], p[i+1]]. numpy's optimal path here is the
      // matrix-chain order under the memory limit (the largest input, 60*8 = 480):
      // least sum of 2*p[i]*p[k+1]*p[j+1] = 16476 (worked out independently),
      // printed 1.648e+04, halved and floored: 8240.
      const p = [10, 30, 5, 60, 8, 20, 3, 40, 7, 25, 9, 50, 4];
      const eq = `${Array.from({ length: 12 }, (_, i) => LETTERS[i]! + LETTERS[i + 1]!).join(',')}->am`;
      class Chain extends Module {
        override forward(...xs: T[]): T {
          return F.einsum(eq, ...xs);
        }
      }
      const inputs = Array.from({ length: 12 }, (_, i) => [p[i]!, p[i + 1]!]);
      return analyze(new Chain(), { inputs }, { showTable: false, showArch: false }).flops;
    },
    expect: returns(8240n),
  },
  {
    name: 'shapes: einsum of an 11-tensor ring (all contracted) counted in time',
    kind: 'hang',
    run: ({ F, Module, analyze }) => {
      // A ring ab,bc,...,ka-> of 11 2x2 matrices (a trace of their product).
      // Every pairwise intermediate is 2x2 (4 elements, within the limit 4);
      // each of the 9 chain contractions costs 2*2*2*2 = 16 (i, j, k with a
      // summed index), the last pair of 2x2 terms 2*2*2 = 8: 9*16 + 8 = 152,
      // +1 = 153, halved and floored: 76.
      const eq = `${Array.from({ length: 11 }, (_, i) => LETTERS[i]! + LETTERS[(i + 1) % 11]!).join(',')}->`;
      class Ring extends Module {
        override forward(...xs: T[]): T {
          return F.einsum(eq, ...xs);
        }
      }
      const inputs = Array.from({ length: 11 }, () => [2, 2]);
      return analyze(new Ring(), { inputs }, { showTable: false, showArch: false }).flops;
    },
    expect: returns(76n),
  },

  // ---- silent: PyTorch raises, so must we
  {
    name: 'shapes: slice step 0',
    kind: 'silent',
    run: ({ F, Tensor }) => F.slice(new Tensor([2, 3, 4]), 1, 0, 3, 0).shape,
    expect: throws('ShapeError', 'aten::slice', 'step 0 must be positive', '[2,3,4]'),
  },
  {
    name: 'shapes: slice step -1',
    kind: 'silent',
    run: ({ F, Tensor }) => F.slice(new Tensor([2, 3, 4]), 1, 0, 3, -1).shape,
    expect: throws('ShapeError', 'aten::slice', 'step -1 must be positive'),
  },
  {
    name: 'shapes: chunk 0',
    kind: 'silent',
    run: ({ F, Tensor }) => shapes(F.chunk(new Tensor([2, 3, 4]), 0)),
    expect: throws('ShapeError', 'aten::chunk', 'chunks must be positive, got 0', '[2,3,4]'),
  },
  {
    name: 'shapes: expand to -2 at an existing dimension',
    kind: 'silent',
    run: ({ F, Tensor }) => F.expand(new Tensor([2, 3, 4]), [2, 3, -2]).shape,
    expect: throws('ShapeError', 'aten::expand', 'cannot expand to [2,3,-2]', '[2,3,4]'),
  },
  {
    name: 'shapes: expand with -1 in a new leading dimension',
    kind: 'silent',
    run: ({ F, Tensor }) => F.expand(new Tensor([2, 3, 4]), [-1, 2, 3, 4]).shape,
    expect: throws('ShapeError', 'aten::expand', 'cannot expand to [-1,2,3,4]', '[2,3,4]'),
  },
  {
    name: 'shapes: expand a size-1 dimension to -3',
    kind: 'silent',
    run: ({ F, Tensor }) => F.expand(new Tensor([2, 1, 4]), [2, -3, 4]).shape,
    expect: throws('ShapeError', 'aten::expand', 'cannot expand to [2,-3,4]', '[2,1,4]'),
  },
  {
    name: 'shapes: repeat with a negative count',
    kind: 'silent',
    run: ({ F, Tensor }) => F.repeat(new Tensor([2, 3, 4]), [2, -1, 1]).shape,
    expect: throws('ShapeError', 'aten::repeat', 'repeats [2,-1,1] are negative', '[2,3,4]'),
  },
  {
    name: 'shapes: repeat with fewer counts than dimensions',
    kind: 'silent',
    run: ({ F, Tensor }) => F.repeat(new Tensor([2, 3, 4]), [1, 1]).shape,
    expect: throws('ShapeError', 'aten::repeat', 'repeats [1,1] are too few', '[2,3,4]'),
  },
  {
    name: "shapes: einsum 'ij->ii' repeats an output subscript",
    kind: 'silent',
    run: ({ F, Tensor }) => F.einsum('ij->ii', new Tensor([2, 2])).shape,
    expect: throws('ShapeError', 'aten::einsum', "'ij->ii'", "invalid output subscript 'i'", '[2,2]'),
  },
  {
    name: 'shapes: einsum with fewer operands than terms',
    kind: 'silent',
    run: ({ F, Tensor }) => F.einsum('ij,jk->ik', new Tensor([2, 3])).shape,
    expect: throws('ShapeError', 'aten::einsum', "'ij,jk->ik'", '2 terms for 1 operands', '[2,3]'),
  },
  {
    name: 'shapes: einsum term rank differs from the operand',
    kind: 'silent',
    run: ({ F, Tensor }) => F.einsum('ijk->i', new Tensor([2, 3])).shape,
    expect: throws('ShapeError', 'aten::einsum', "'ijk->i'", 'term 0 does not fit operand 0', '[2,3]'),
  },
  {
    name: 'shapes: einsum subscript with sizes that do not broadcast',
    kind: 'silent',
    run: ({ F, Tensor }) => F.einsum('ij,jk->ik', new Tensor([2, 3]), new Tensor([4, 5])).shape,
    expect: throws('ShapeError', 'aten::einsum', "subscript 'j' has sizes 3 and 4", '[2,3]', '[4,5]'),
  },
  {
    name: 'shapes: einsum repeated subscript on unequal sizes in one operand',
    kind: 'silent',
    run: ({ F, Tensor }) => F.einsum('ii->i', new Tensor([1, 3])).shape,
    expect: throws('ShapeError', 'aten::einsum', "subscript 'i' has sizes 1 and 3", '[1,3]'),
  },
  {
    name: 'shapes: einsum output subscript not in the inputs',
    kind: 'silent',
    run: ({ F, Tensor }) => F.einsum('ij->k', new Tensor([3, 3])).shape,
    expect: throws('ShapeError', 'aten::einsum', "invalid output subscript 'k'"),
  },
  {
    name: 'shapes: einsum invalid subscript character',
    kind: 'silent',
    run: ({ F, Tensor }) => F.einsum('i1->i', new Tensor([3, 3])).shape,
    expect: throws('ShapeError', 'aten::einsum', "invalid term 'i1'"),
  },
  {
    name: 'shapes: einsum ellipsis dimensions that do not broadcast',
    kind: 'silent',
    run: ({ F, Tensor }) => F.einsum('...i,...i->...', new Tensor([5, 2, 3]), new Tensor([4, 3])).shape,
    expect: throws('ShapeError', 'aten::einsum', 'shapes cannot be broadcast (2 vs 4', '[5,2]', '[4]'),
  },
  {
    name: 'shapes: Parameter with a negative dimension',
    kind: 'silent',
    run: ({ Parameter }) => new Parameter([3, -1]).shape,
    expect: throws('ArgumentError', 'Parameter', 'shape must be a list of integers in [0, 2^53), got [3,-1]'),
  },
  {
    name: 'shapes: Tensor with a fractional dimension',
    kind: 'silent',
    run: ({ Tensor }) => new Tensor([2.5]).shape,
    expect: throws('ArgumentError', 'Tensor', 'shape', '[2.5]'),
  },
  {
    name: 'shapes: reshape with two -1',
    kind: 'silent',
    run: ({ F, Tensor }) => F.reshape(new Tensor([2, 3, 4]), [-1, -1]).shape,
    expect: throws('ShapeError', 'aten::reshape', 'only one dimension can be -1', '[-1,-1]', '[2,3,4]'),
  },
  {
    name: 'shapes: view to an incompatible element count',
    kind: 'silent',
    run: ({ F, Tensor }) => F.view(new Tensor([2, 3, 4]), [5, 5]).shape,
    expect: throws('ShapeError', 'aten::view', 'shape is invalid for input of size 24', 'input [2,3,4], shape [5,5]'),
  },
  {
    name: 'shapes: reshape of an empty tensor with -1 next to 0',
    kind: 'silent',
    run: ({ F, Tensor }) => F.reshape(new Tensor([0, 3]), [0, -1]).shape,
    expect: throws('ShapeError', 'aten::reshape', 'cannot infer -1', '[0,-1]', '[0,3]'),
  },
  {
    name: 'shapes: reshape with a size below -1',
    kind: 'silent',
    run: ({ F, Tensor }) => F.reshape(new Tensor([2, 3, 4]), [-2, 12]).shape,
    expect: throws('ShapeError', 'aten::reshape', 'invalid size -2', '[-2,12]'),
  },
  {
    name: 'shapes: cat of an empty list',
    kind: 'silent',
    run: ({ F }) => F.cat([]).shape,
    expect: throws('ShapeError', 'aten::cat', 'non-empty list'),
  },
  {
    name: 'shapes: cat with mismatched sizes',
    kind: 'silent',
    run: ({ F, Tensor }) => F.cat([new Tensor([2, 3, 4]), new Tensor([2, 4, 4])]).shape,
    expect: throws('ShapeError', 'aten::cat', 'sizes must match except in dimension 0', '[2,3,4]', '[2,4,4]'),
  },
  {
    name: 'shapes: cat of different ranks',
    kind: 'silent',
    run: ({ F, Tensor }) => F.cat([new Tensor([2, 3, 4]), new Tensor([2, 3])]).shape,
    expect: throws('ShapeError', 'aten::cat', 'sizes must match except in dimension 0', 'first [2,3,4], other [2,3]'),
  },
  {
    name: 'shapes: cat of 0-D tensors',
    kind: 'silent',
    run: ({ F, Tensor }) => F.cat([new Tensor([]), new Tensor([])]).shape,
    expect: throws('ShapeError', 'aten::cat', 'a 0-D tensor cannot be concatenated'),
  },
  {
    name: 'shapes: stack of an empty list',
    kind: 'silent',
    run: ({ F }) => F.stack([]).shape,
    expect: throws('ShapeError', 'aten::stack', 'non-empty list'),
  },
  {
    name: 'shapes: stack of unequal shapes',
    kind: 'silent',
    run: ({ F, Tensor }) => F.stack([new Tensor([2, 3, 4]), new Tensor([2, 3, 5])]).shape,
    expect: throws('ShapeError', 'aten::stack', 'equal shapes', '[2,3,4]', '[2,3,5]'),
  },
  {
    name: 'shapes: matmul with mismatched inner dimensions',
    kind: 'silent',
    run: ({ F, Tensor }) => F.matmul(new Tensor([2, 3, 4]), new Tensor([5, 2])).shape,
    expect: throws('ShapeError', 'aten::matmul', 'inner dimensions differ (4 vs 5)', '[2,3,4]', '[5,2]'),
  },
  {
    name: 'shapes: bmm with different batch sizes',
    kind: 'silent',
    run: ({ F, Tensor }) => F.bmm(new Tensor([2, 3, 4]), new Tensor([3, 4, 5])).shape,
    expect: throws('ShapeError', 'aten::bmm', 'expected 3-D batches [n,c,t] and [n,t,d]', 'a [2,3,4], b [3,4,5]'),
  },
  {
    name: 'shapes: mm of a vector',
    kind: 'silent',
    run: ({ F, Tensor }) => F.mm(new Tensor([3]), new Tensor([3, 5])).shape,
    expect: throws('ShapeError', 'aten::mm', 'expected 2-D matrices', 'a [3], b [3,5]'),
  },
  {
    name: 'shapes: linear bias of the wrong size',
    kind: 'silent',
    run: ({ F, Tensor }) => F.linear(new Tensor([2, 3, 4]), new Tensor([5, 4]), new Tensor([6])).shape,
    expect: throws('ShapeError', 'aten::linear', 'bias does not fit the product', 'input [2,3,4], weight [5,4], bias [6]'),
  },
  {
    name: 'shapes: linear with a 3-D weight',
    kind: 'silent',
    run: ({ F, Tensor }) => F.linear(new Tensor([2, 3, 4]), new Tensor([2, 5, 4])).shape,
    expect: throws('ShapeError', 'aten::linear', 'expected a 1-D or 2-D weight, got 3-D', '[2,5,4]'),
  },
  {
    name: 'shapes: addmm with a 3-D bias',
    kind: 'silent',
    run: ({ F, Tensor }) => F.addmm(new Tensor([1, 2, 5]), new Tensor([2, 4]), new Tensor([4, 5])).shape,
    expect: throws('ShapeError', 'aten::addmm', 'bias does not expand to the product', '[1,2,5]'),
  },
  {
    name: 'shapes: permute with a repeated dimension',
    kind: 'silent',
    run: ({ F, Tensor }) => F.permute(new Tensor([2, 3, 4]), [0, 0, 1]).shape,
    expect: throws('ShapeError', 'aten::permute', 'dims [0,0,1] are no permutation', '[2,3,4]'),
  },
  {
    name: 'shapes: permute with an out-of-range dimension',
    kind: 'silent',
    run: ({ F, Tensor }) => F.permute(new Tensor([2, 3, 4]), [0, 1, 3]).shape,
    expect: throws('ShapeError', 'aten::permute', 'dimension 3 out of range [-3, 2]', '[2,3,4]'),
  },
  {
    name: 'shapes: transpose with an out-of-range dimension',
    kind: 'silent',
    run: ({ F, Tensor }) => F.transpose(new Tensor([2, 3, 4]), -4, 0).shape,
    expect: throws('ShapeError', 'aten::transpose', 'dimension -4 out of range [-3, 2]', '[2,3,4]'),
  },
  {
    name: 'shapes: select index out of range',
    kind: 'silent',
    run: ({ F, Tensor }) => F.select(new Tensor([2, 3, 4]), 0, -3).shape,
    expect: throws('ShapeError', 'aten::select', 'index -3 out of range for dimension 0', '[2,3,4]'),
  },
  {
    name: 'shapes: select on a 0-D tensor',
    kind: 'silent',
    run: ({ F, Tensor }) => F.select(new Tensor([]), 0, 0).shape,
    expect: throws('ShapeError', 'aten::select', 'index 0 out of range', 'input []'),
  },
  {
    name: 'shapes: unbind of a 0-D tensor',
    kind: 'silent',
    run: ({ F, Tensor }) => shapes(F.unbind(new Tensor([]))),
    expect: throws('ShapeError', 'aten::unbind', 'expected at least a 1-D tensor', 'input []'),
  },
  {
    name: 'shapes: squeeze with an out-of-range dimension',
    kind: 'silent',
    run: ({ F, Tensor }) => F.squeeze(new Tensor([2, 3, 4]), 3).shape,
    expect: throws('ShapeError', 'aten::squeeze', 'dimension 3 out of range [-3, 2]', '[2,3,4]'),
  },
  {
    name: 'shapes: unsqueeze past the new rank',
    kind: 'silent',
    run: ({ F, Tensor }) => F.unsqueeze(new Tensor([2, 3, 4]), 4).shape,
    expect: throws('ShapeError', 'aten::unsqueeze', 'dimension 4 out of range [-4, 3]'),
  },
  {
    name: 'shapes: flatten of a 0-D tensor from dimension 1',
    kind: 'silent',
    run: ({ F, Tensor }) => F.flatten(new Tensor([]), 1).shape,
    expect: throws('ShapeError', 'aten::flatten', 'dimension 1 out of range [-1, 0]', 'input []'),
  },
  {
    name: 'shapes: pad with an odd-length list',
    kind: 'silent',
    run: ({ F, Tensor }) => F.pad(new Tensor([2, 3, 4]), [1, 1, 1]).shape,
    expect: throws('ShapeError', 'aten::pad', 'constant padding [1,1,1] does not fit', '[2,3,4]'),
  },
  {
    name: 'shapes: pad cropping more than the size',
    kind: 'silent',
    run: ({ F, Tensor }) => F.pad(new Tensor([2, 3, 4]), [-2, -3]).shape,
    expect: throws('ShapeError', 'aten::pad', 'constant padding (-2, -3) does not fit size 4', '[2,3,4]'),
  },
  {
    name: 'shapes: constant pad cropping past the start while padding the end',
    kind: 'silent',
    run: ({ F, Tensor }) => F.pad(new Tensor([4, 3]), [-4, 1]).shape,
    expect: throws('ShapeError', 'aten::pad', 'constant padding (-4, 1) does not fit size 3', '[4,3]'),
  },
  {
    name: 'shapes: reflect pad as large as the size',
    kind: 'silent',
    run: ({ F, Tensor }) => F.pad(new Tensor([2, 4, 3]), [3, 3], 'reflect').shape,
    expect: throws('ShapeError', 'aten::pad', 'reflect padding (3, 3) does not fit size 3', '[2,4,3]'),
  },
  {
    name: 'shapes: circular pad wrapping more than once',
    kind: 'silent',
    run: ({ F, Tensor }) => F.pad(new Tensor([2, 4, 3]), [3, 4], 'circular').shape,
    expect: throws('ShapeError', 'aten::pad', 'circular padding (3, 4) does not fit size 3', '[2,4,3]'),
  },
  {
    name: 'shapes: split sizes that do not add up',
    kind: 'silent',
    run: ({ F, Tensor }) => shapes(F.split(new Tensor([2, 3, 4]), [1, 1], 2)),
    expect: throws('ShapeError', 'aten::split_with_sizes', 'split_sizes [1,1] do not fit size 4', '[2,3,4]'),
  },
  {
    name: 'shapes: sum over a repeated dimension',
    kind: 'silent',
    run: ({ F, Tensor }) => F.sum(new Tensor([2, 3, 4]), [0, -3]).shape,
    expect: throws('ShapeError', 'aten::sum', 'dims [0,-3] repeat a dimension', '[2,3,4]'),
  },
  {
    name: 'shapes: dropout probability above 1',
    kind: 'silent',
    run: ({ F, Tensor }) => F.dropout(new Tensor([2, 3]), 1.5).shape,
    expect: throws('ArgumentError', 'aten::dropout', 'p must be a probability between 0 and 1, got 1.5'),
  },
  {
    name: 'shapes: tensor_split into 0 sections',
    kind: 'silent',
    run: ({ F, Tensor }) => shapes(F.tensorSplit(new Tensor([2, 3, 4]), 0, 1)),
    expect: throws('ShapeError', 'aten::tensor_split', 'sections must be positive, got 0'),
  },
  {
    name: 'shapes: repeat_interleave with negative repeats',
    kind: 'silent',
    run: ({ F, Tensor }) => F.repeatInterleave(new Tensor([2, 3, 4]), -1, 1).shape,
    expect: throws('ShapeError', 'aten::repeat_interleave', 'repeats must be non-negative, got -1'),
  },
  {
    name: 'shapes: zeros with a negative size',
    kind: 'silent',
    run: ({ F }) => F.zeros([2, -1]).shape,
    expect: throws('ArgumentError', 'aten::zeros', 'size', '[2,-1]'),
  },
  {
    name: 'shapes: arange to a negative end',
    kind: 'silent',
    run: ({ F }) => F.arange(-1).shape,
    expect: throws('ArgumentError', 'aten::arange', 'end', '-1'),
  },
  {
    name: 'shapes: reshape to a fractional size',
    kind: 'silent',
    run: ({ F, Tensor }) => F.reshape(new Tensor([2, 3, 4]), [2.5, 12]).shape,
    expect: throws('ArgumentError', 'aten::reshape', 'shape must be a list of integers', '[2.5,12]'),
  },
  {
    name: 'shapes: view to a traced size that is a fraction',
    kind: 'silent',
    run: ({ F, Tensor }) => {
      const x = new Tensor([3, 4]);
      return F.view(x, [x.size(0).div(2), -1]).shape;
    },
    expect: throws('ArgumentError', 'aten::view', 'size must be a list of integers', '[1.5,-1]'),
  },
  {
    name: 'shapes: expand to a fractional size',
    kind: 'silent',
    run: ({ F, Tensor }) => F.expand(new Tensor([2, 1, 4]), [2, 3.5, 4]).shape,
    expect: throws('ArgumentError', 'aten::expand', 'size', '[2,3.5,4]'),
  },
  {
    name: 'shapes: split into pieces of a fractional size',
    kind: 'silent',
    run: ({ F, Tensor }) => shapes(F.split(new Tensor([4, 6]), 1.5)),
    expect: throws('ArgumentError', 'aten::split', 'split_size must be an integer', 'got 1.5'),
  },
  {
    name: 'shapes: pad by a fractional amount',
    kind: 'silent',
    run: ({ F, Tensor }) => F.pad(new Tensor([2, 3, 4]), [1.5, 0]).shape,
    expect: throws('ArgumentError', 'aten::pad', 'pad', '[1.5,0]'),
  },
  {
    name: 'shapes: roll over an out-of-range dimension',
    kind: 'silent',
    run: ({ F, Tensor }) => F.roll(new Tensor([2, 3, 4]), [1], [5]).shape,
    expect: throws('ShapeError', 'aten::roll', 'dimension 5 out of range [-3, 2]', '[2,3,4]'),
  },

  // ---- silent, where PyTorch accepts: the right answer
  {
    name: 'shapes: split of an empty dimension is one empty piece',
    kind: 'silent',
    run: ({ F, Tensor }) => [shapes(F.split(new Tensor([0, 3]), 2)), shapes(F.split(new Tensor([0]), 0))],
    expect: returns([[[0, 3]], [[0]]]),
  },
  {
    name: 'shapes: split size larger than the dimension',
    kind: 'silent',
    run: ({ F, Tensor }) => shapes(F.split(new Tensor([2, 3, 4]), 5)),
    expect: returns([[2, 3, 4]]),
  },
  {
    name: 'shapes: chunk into more pieces than the size',
    kind: 'silent',
    // ceil(5/4) = 2 per piece: 2, 2, 1 (three pieces, not four); [2,3,4] into 5: ceil(2/5) = 1: two pieces
    run: ({ F, Tensor }) => [shapes(F.chunk(new Tensor([5]), 4)), shapes(F.chunk(new Tensor([2, 3, 4]), 5))],
    expect: returns([[[2], [2], [1]], [[1, 3, 4], [1, 3, 4]]]),
  },
  {
    name: 'shapes: chunk of an empty dimension gives that many empty pieces',
    kind: 'silent',
    run: ({ F, Tensor }) => shapes(F.chunk(new Tensor([0]), 3)),
    expect: returns([[0], [0], [0]]),
  },
  {
    name: 'shapes: expand with -1, to 0 and with new leading dimensions',
    kind: 'silent',
    run: ({ F, Tensor }) => [
      F.expand(new Tensor([2, 3, 4]), [2, -1, 4]).shape,
      F.expand(new Tensor([2, 1, 4]), [2, 0, 4]).shape,
      F.expand(new Tensor([2, 3, 4]), [0, 2, 3, 4]).shape,
    ],
    expect: returns([[2, 3, 4], [2, 0, 4], [0, 2, 3, 4]]),
  },
  {
    name: 'shapes: slice bounds past the size and reversed bounds clamp',
    kind: 'silent',
    run: ({ F, Tensor }) => [
      F.slice(new Tensor([2, 3, 4]), 1, 1, 10).shape,
      F.slice(new Tensor([2, 3, 4]), 1, 5).shape,
      F.slice(new Tensor([2, 3, 4]), 1, -10, 2).shape,
      F.slice(new Tensor([2, 3, 4]), 2, 0, 1e30, 3).shape,
    ],
    expect: returns([[2, 2, 4], [2, 0, 4], [2, 2, 4], [2, 3, 2]]),
  },
  {
    name: 'shapes: einsum with ellipsis broadcasting, output ellipsis and broadcast subscripts',
    kind: 'silent',
    run: ({ F, Tensor }) => [
      F.einsum('...i,...i->...', new Tensor([5, 1, 3]), new Tensor([4, 3])).shape,
      F.einsum('ij->...ij', new Tensor([3, 3])).shape,
      F.einsum('ij,jk->ik', new Tensor([2, 1]), new Tensor([4, 5])).shape,
      F.einsum('ba,AB', new Tensor([2, 3]), new Tensor([4, 5])).shape,
      F.einsum('ii->i', new Tensor([3, 3])).shape,
      F.einsum('b...a', new Tensor([2, 7, 3])).shape,
      F.einsum('ij -> ji', new Tensor([2, 3])).shape,
    ],
    expect: returns([[5, 4], [3, 3], [2, 5], [4, 5, 3, 2], [3], [7, 3, 2], [3, 2]]),
  },
  {
    name: 'shapes: cat skips 1-D empty tensors; stack of 0-D tensors',
    kind: 'silent',
    run: ({ F, Tensor }) => [
      F.cat([new Tensor([0]), new Tensor([2, 3, 4])], 1).shape,
      F.cat([new Tensor([0]), new Tensor([0])], 1).shape,
      F.stack([new Tensor([]), new Tensor([])]).shape,
    ],
    expect: returns([[2, 3, 4], [0], [2]]),
  },
  {
    name: 'shapes: 0-D reshape, view, flatten, transpose and unsqueeze',
    kind: 'silent',
    run: ({ F, Tensor }) => {
      const s = new Tensor([]);
      return [F.reshape(s, [1, 1]).shape, F.view(s, [-1]).shape, F.flatten(s).shape, F.transpose(s, 0, -1).shape, F.unsqueeze(s, -1).shape];
    },
    expect: returns([[1, 1], [1], [1], [], [1]]),
  },
  {
    name: 'shapes: pads PyTorch accepts (crop to 0, reflect crop, replicate, circular)',
    kind: 'silent',
    run: ({ F, Tensor }) => [
      F.pad(new Tensor([2, 3, 4]), [-2, -2]).shape,
      F.pad(new Tensor([4, 3]), [0, 0, -4, 1]).shape,
      F.pad(new Tensor([1, 4, 3]), [2, -4], 'reflect').shape,
      F.pad(new Tensor([2, 4, 3]), [10, 10], 'replicate').shape,
      F.pad(new Tensor([2, 4, 3]), [-4, 1], 'circular').shape,
      F.pad(new Tensor([3, 0]), [1, 1]).shape,
    ],
    expect: returns([[2, 3, 0], [1, 3], [1, 4, 1], [2, 4, 23], [2, 4, 0], [3, 2]]),
  },
  {
    name: 'shapes: tensor_split by sections and by unordered indices',
    kind: 'silent',
    run: ({ F, Tensor }) => [
      shapes(F.tensorSplit(new Tensor([2]), 5)),
      shapes(F.tensorSplit(new Tensor([7]), 3)),
      shapes(F.tensorSplit(new Tensor([2, 3, 4]), [2, 1], 1)),
      shapes(F.tensorSplit(new Tensor([2, 3, 4]), [-1, -5], 1)),
    ],
    expect: returns([[[1], [1], [0], [0], [0]], [[3], [2], [2]], [[2, 2, 4], [2, 0, 4], [2, 2, 4]], [[2, 2, 4], [2, 0, 4], [2, 3, 4]]]),
  },
  {
    name: 'shapes: repeat by -1 over an empty dimension, repeat_interleave without dim',
    kind: 'silent',
    run: ({ F, Tensor }) => [F.repeat(new Tensor([0]), [-1]).shape, F.repeat(new Tensor([2, 0]), [1, -1]).shape, F.repeatInterleave(new Tensor([2, 3, 4]), 2).shape],
    expect: returns([[0], [2, 0], [48]]),
  },
  {
    name: 'shapes: linear bias expanding to the flattened product; masked_fill broadcasts; sum over []',
    kind: 'silent',
    run: ({ F, Tensor }) => [
      F.linear(new Tensor([2, 3, 4]), new Tensor([5, 4]), new Tensor([6, 5])).shape,
      F.linear(new Tensor([1, 2, 3, 4]), new Tensor([5, 4]), new Tensor([2, 3, 5])).shape,
      F.maskedFill(new Tensor([2, 3, 4]), new Tensor([2, 2, 3, 4], 'bool'), 0).shape,
      F.sum(new Tensor([2, 3, 4]), []).shape,
      F.mean(new Tensor([2, 3, 4]), [], true).shape,
    ],
    expect: returns([[2, 3, 5], [1, 2, 3, 5], [2, 2, 3, 4], [], [1, 1, 1]]),
  },
  {
    name: 'shapes: empty sizes are tensors: zeros([0,3]), zeros([]), arange(0), arange(2.5)',
    kind: 'silent',
    run: ({ F, Tensor }) => [F.zeros([0, 3]).shape, F.zeros([]).shape, F.arange(0).shape, F.arange(2.5).shape, F.arange(2.5).dtype, new Tensor([0, 3]).numel()],
    expect: returns([[0, 3], [], [0], [3], 'float32', 0n]),
  },

  // ---- exactness: sizes past 2^53 are exact or a typed error with exact digits
  {
    name: 'shapes: conv1d over 2^53-1 with padding 1 keeps every element (exact length and FLOPs)',
    kind: 'exactness',
    run: ({ nn, analyze }) => {
      // L_out = floor((L + 2 - 2 - 1) / 1) + 1 = L = 2^53 - 1 (L + 2p passes 2^53 on the way);
      // FLOPs = L_out * C_out * C_in * k = (2^53 - 1) * 3 = 27021597764222973.
      return analyze(new nn.Conv1d(1, 1, 3, { padding: 1 }), { inputs: [[1, 1, 2 ** 53 - 1]] }, { showTable: false, showArch: false }).flops;
    },
    expect: returns(27021597764222973n),
  },
  {
    name: 'shapes: conv1d over 2^53-1 with padding 2 and stride 2 (exact output length)',
    kind: 'exactness',
    // floor((2^53 - 1 + 4 - 2 - 1) / 2) + 1 = floor((2^53) / 2) + 1 = 2^52 + 1
    run: ({ F, Tensor, Parameter }) => F.conv1d(new Tensor([1, 1, 2 ** 53 - 1]), new Parameter([1, 1, 3]), null, 2, 2).shape,
    expect: returns([1, 1, 4503599627370497]),
  },
  {
    name: 'shapes: conv_transpose1d output past 2^53 is a typed error with its exact value',
    kind: 'exactness',
    // (2^52 - 1) * 2 - 0 + 1 * (3 - 1) + 0 + 1 = 2^53 + 1
    // (PyTorch's own int64 sizes take it; here sizes stop at 2^53 - 1, and say so.)
    run: ({ nn, Tensor }) => new nn.ConvTranspose1d(1, 1, 3, { stride: 2 }).call(new Tensor([1, 1, 2 ** 52])).shape,
    expect: throws('ShapeError', 'the output length is 9007199254740993, too large'),
  },
  {
    name: 'shapes: flatten of [2^27+1, 2^27+1] is exact (a typed error: the size passes 2^53)',
    kind: 'exactness',
    // (2^27 + 1)^2 = 2^54 + 2^28 + 1 = 18014398777917441 (a double would give ...440)
    run: ({ F, Tensor }) => F.flatten(new Tensor([2 ** 27 + 1, 2 ** 27 + 1])).shape,
    expect: throws('ShapeError', 'aten::flatten', 'the flattened size is 18014398777917441, too large', '[134217729,134217729]'),
  },
  {
    name: 'shapes: reshape of an odd element count past 2^53 is not halved by rounding',
    kind: 'exactness',
    // 6004799503160661 * 3 = 18014398509481983 (odd; a double rounds it to ...984, which halves)
    run: ({ F, Tensor }) => F.reshape(new Tensor([6004799503160661, 3, 1]), [-1, 2]).shape,
    expect: throws('ShapeError', 'aten::reshape', 'shape is invalid for input of size 18014398509481983', 'shape [-1,2]'),
  },
  {
    name: 'shapes: element counts past 2^53 stay exact',
    kind: 'exactness',
    run: ({ F, Tensor }) => [new Tensor([2 ** 27 + 1, 2 ** 27 + 1]).numel(), F.flatten(new Tensor([2 ** 26, 2 ** 26])).shape, F.flatten(new Tensor([3, 3002399751580330])).shape],
    expect: returns([18014398777917441n, [4503599627370496], [9007199254740990]]),
  },
  {
    name: 'shapes: reshape to -1 past 2^53',
    kind: 'exactness',
    run: ({ F, Tensor }) => F.reshape(new Tensor([2 ** 27 + 1, 2 ** 27 + 1]), [-1]).shape,
    expect: throws('ShapeError', 'aten::reshape', 'the inferred size is 18014398777917441, too large'),
  },
  {
    name: 'shapes: traced numel past 2^53',
    kind: 'exactness',
    run: ({ F, Tensor }) => F.numel(new Tensor([2 ** 27 + 1, 2 ** 27 + 1])).value,
    expect: throws('ShapeError', 'aten::numel', 'the element count is 18014398777917441, too large'),
  },
  {
    name: 'shapes: traced size arithmetic past 2^53',
    kind: 'exactness',
    run: ({ Tensor }) => {
      const x = new Tensor([2 ** 27 + 1, 2 ** 27 + 1]);
      return x.size(0).mul(x.size(1)).value;
    },
    expect: throws('ShapeError', 'aten::mul', 'result of 134217729 and 134217729 is past 2^53-1'),
  },
  {
    name: 'shapes: cat whose summed size passes 2^53',
    kind: 'exactness',
    run: ({ F, Tensor }) => F.cat([new Tensor([2 ** 53 - 1, 2]), new Tensor([2, 2])]).shape,
    expect: throws('ShapeError', 'aten::cat', 'is 9007199254740993, too large'),
  },
  {
    name: 'shapes: repeat whose size passes 2^53',
    kind: 'exactness',
    run: ({ F, Tensor }) => F.repeat(new Tensor([2 ** 52 + 1]), [2]).shape,
    expect: throws('ShapeError', 'aten::repeat', 'the size of dimension 0 is 9007199254740994, too large', '[4503599627370497]'),
  },
  {
    name: 'shapes: pad whose size passes 2^53',
    kind: 'exactness',
    run: ({ F, Tensor }) => F.pad(new Tensor([1, 1]), [2 ** 52, 2 ** 52]).shape,
    expect: throws('ShapeError', 'aten::pad', 'is 9007199254740993, too large'),
  },
  {
    name: 'shapes: a size of 2^60 is printed exactly',
    kind: 'exactness',
    run: ({ Tensor }) => new Tensor([2 ** 60]).shape,
    expect: throws('ArgumentError', 'Tensor', 'shape must be a list of integers in [0, 2^53), got [1152921504606846976]'),
  },
  {
    name: 'shapes: a reshape to 2^60 is printed exactly',
    kind: 'exactness',
    run: ({ F, Tensor }) => F.reshape(new Tensor([4]), [2 ** 60]).shape,
    expect: throws('ArgumentError', 'aten::reshape', 'shape must be a list of integers of magnitude below 2^53, got [1152921504606846976]'),
  },
  {
    name: 'shapes: formatValue prints integers past 2^53 in full',
    kind: 'exactness',
    run: ({ formatValue, shapeText }) => [formatValue(2 ** 60), formatValue([2 ** 64, -(2 ** 55)]), shapeText([2 ** 53 + 2]), formatValue(0.1)],
    expect: returns(['1152921504606846976', '[18446744073709551616,-36028797018963968]', '[9007199254740994]', '0.1']),
  },
  {
    name: 'shapes: sizes up to 2^53-1 are exact shapes and counts',
    kind: 'exactness',
    run: ({ F, Tensor }) => [F.expand(new Tensor([1, 3]), [2 ** 53 - 1, 3]).numel(), F.select(new Tensor([2 ** 53 - 1, 2]), 0, -1).shape],
    expect: returns([27021597764222973n, [2]]),
  },

  // ---- raw: a wrong JavaScript value is a typed error, never a TypeError
  {
    name: 'shapes: cat with a null in the list',
    kind: 'raw',
    run: ({ F, Tensor }) => F.cat([new Tensor([2]), null as never]).shape,
    expect: throws('ArgumentError', 'aten::cat', 'tensors[1] must be a Tensor, got null'),
  },
  {
    name: 'shapes: reshape to a string',
    kind: 'raw',
    run: ({ F, Tensor }) => F.reshape(new Tensor([2, 3]), 'abc' as never).shape,
    expect: throws('ArgumentError', 'aten::reshape', "shape must be a list of integers, got 'abc'"),
  },
  {
    name: 'shapes: einsum with a non-string equation',
    kind: 'raw',
    run: ({ F, Tensor }) => F.einsum(42 as never, new Tensor([2])).shape,
    expect: throws('ArgumentError', 'aten::einsum', 'equation must be a string, got 42'),
  },
  {
    name: 'shapes: einsum with an undefined operand',
    kind: 'raw',
    run: ({ F, Tensor }) => F.einsum('i,i->', new Tensor([2]), undefined as never).shape,
    expect: throws('ArgumentError', 'aten::einsum', 'operand 1 must be a Tensor, got undefined'),
  },
  {
    name: 'shapes: einsum with no operands',
    kind: 'raw',
    run: ({ F }) => F.einsum('->').shape,
    expect: throws('ShapeError', 'aten::einsum', "equation '->': 1 terms for 0 operands"),
  },
  {
    name: 'shapes: matmul with a number',
    kind: 'raw',
    run: ({ F, Tensor }) => F.matmul(new Tensor([2, 3]), 3 as never).shape,
    expect: throws('ArgumentError', 'aten::matmul', 'other must be a Tensor, got 3'),
  },
  {
    name: 'shapes: add with a string',
    kind: 'raw',
    run: ({ F, Tensor }) => F.add(new Tensor([2, 3]), 'x' as never).shape,
    expect: throws('ArgumentError', 'aten::add', "other must be a Tensor, got 'x'"),
  },
  {
    name: 'shapes: Tensor of a non-list shape',
    kind: 'raw',
    run: ({ Tensor }) => new Tensor(null as never).shape,
    expect: throws('ArgumentError', 'Tensor', 'shape must be a list of integers in [0, 2^53), got null'),
  },
  {
    name: 'shapes: Tensor of an unknown dtype',
    kind: 'raw',
    run: ({ Tensor }) => new Tensor([2], 'float33' as never).dtype,
    expect: throws('ArgumentError', 'Tensor', "dtype must be a dtype name", "'float33'"),
  },
  {
    name: 'shapes: permute without dims',
    kind: 'raw',
    run: ({ F, Tensor }) => F.permute(new Tensor([2, 3]), undefined as never).shape,
    expect: throws('ArgumentError', 'aten::permute', 'dims must be a list of integers, got undefined'),
  },
  {
    name: 'shapes: pad with an unknown mode',
    kind: 'raw',
    run: ({ F, Tensor }) => F.pad(new Tensor([2, 4, 3]), [1, 1], 'foo' as never).shape,
    expect: throws('ArgumentError', 'aten::pad', "mode must be constant, reflect, replicate or circular, got 'foo'"),
  },
  {
    name: 'shapes: to an unknown dtype',
    kind: 'raw',
    run: ({ F, Tensor }) => F.to(new Tensor([2]), 'int8' as never).dtype,
    expect: throws('ArgumentError', 'dtype must be a dtype name', "'int8'"),
  },
  {
    name: 'shapes: sum over a string dim',
    kind: 'raw',
    run: ({ F, Tensor }) => F.sum(new Tensor([2, 3]), 'a' as never).shape,
    expect: throws('ShapeError', 'aten::sum', "dimension 'a' out of range [-2, 1]", '[2,3]'),
  },
  {
    name: 'shapes: slice to NaN',
    kind: 'raw',
    run: ({ F, Tensor }) => F.slice(new Tensor([2, 3]), 0, 0, NaN).shape,
    expect: throws('ArgumentError', 'aten::slice', 'end must be an integer, got NaN'),
  },
  {
    name: 'shapes: linear without a weight',
    kind: 'raw',
    run: ({ F, Tensor }) => F.linear(new Tensor([2, 3]), null as never).shape,
    expect: throws('ArgumentError', 'aten::linear', 'weight must be a Tensor, got null'),
  },
  {
    name: 'shapes: size of a fractional dimension',
    kind: 'raw',
    run: ({ Tensor }) => new Tensor([2, 3]).size(1.5).value,
    expect: throws('ShapeError', 'aten::size', 'dimension 1.5 out of range [-2, 1]', '[2,3]'),
  },
  {
    name: 'shapes: stack of a string',
    kind: 'raw',
    run: ({ F }) => F.stack('ab' as never).shape,
    expect: throws('ArgumentError', 'aten::stack', "tensors must be a list of Tensors, got 'ab'"),
  },
  {
    name: 'shapes: clamp with neither min nor max',
    kind: 'silent',
    run: ({ F, Tensor }) => F.clamp(new Tensor([2, 3])).shape,
    expect: throws('ArgumentError', 'aten::clamp', 'min or max'),
  },
  {
    name: 'shapes: gelu with an unknown approximation',
    kind: 'silent',
    run: ({ F, Tensor }) => F.gelu(new Tensor([2, 3]), 'foo' as never).shape,
    expect: throws('ArgumentError', 'aten::gelu', "approximate must be 'none' or 'tanh', got 'foo'"),
  },
  {
    name: 'shapes: traced size arithmetic with a string',
    kind: 'raw',
    run: ({ Tensor }) => new Tensor([2, 3]).size(0).mul('2' as never).value,
    expect: throws('ArgumentError', 'aten::mul', "other must be a number or a traced integer, got '2'"),
  },
  {
    name: 'shapes: einsum counts of equations PyTorch accepts (output ellipsis without input ones, summed ellipsis)',
    kind: 'raw',
    run: ({ F, Module, analyze }) =>
      (
        [
          // 'ij->...ij' over [3,3]: one contraction of 9 elements, nothing summed: 9, +1 = 10, halved: 5
          ['ij->...ij', [[3, 3]]],
          // '...ij->ji' over [5,3,3]: 45 elements, the ellipsis summed (x2): 90, +1 = 91, halved: 45
          ['...ij->ji', [[5, 3, 3]]],
        ] as const
      ).map(([eq, inputs]) => {
        class E extends Module {
          override forward(...xs: T[]): T {
            return F.einsum(eq, ...xs);
          }
        }
        return analyze(new E(), { inputs: inputs.map((x) => [...x]) }, { showTable: false, showArch: false }).flops;
      }),
    expect: returns([5n, 45n]),
  },
  {
    name: 'shapes: einsum of 17 operands: numpy optimal search would not finish, a typed error says so',
    kind: 'hang',
    run: ({ F, Module, analyze }) => {
      const letters = 'abcdefghijklmnopqr';
      const eq = `${Array.from({ length: 17 }, (_, i) => letters[i]! + letters[i + 1]!).join(',')}->ar`;
      class Chain extends Module {
        override forward(...xs: T[]): T {
          return F.einsum(eq, ...xs);
        }
      }
      return analyze(new Chain(), { inputs: Array.from({ length: 17 }, () => [2, 2]) }, { showTable: false, showArch: false }).flops;
    },
    expect: throws('ArgumentError', 'aten::einsum', 'operands must be at most 16', 'got 17'),
  },
  {
    name: 'shapes: what PyTorch accepts on empty tensors (roll dims unread, negative repeat_interleave) and reflect/replicate with one padded size 0',
    kind: 'silent',
    run: ({ F, Tensor }) => [
      F.roll(new Tensor([2, 0]), [1], [5]).shape,
      F.repeatInterleave(new Tensor([0, 2]), -1).shape,
      F.repeatInterleave(new Tensor([3, 0, 1]), -1, 1).shape,
      F.pad(new Tensor([1, 3, 3]), [0, -2, -1, -2], 'reflect').shape,
      F.pad(new Tensor([5, 4, 4]), [-2, 1, -5, 1], 'replicate').shape,
      F.pad(new Tensor([0, 3]), [1, 1], 'reflect').shape,
    ],
    expect: returns([[2, 0], [0], [3, 0, 1], [1, 0, 1], [5, 0, 3], [0, 5]]),
  },
  {
    name: 'shapes: replicate padding of an empty channel dimension',
    kind: 'silent',
    run: ({ F, Tensor }) => F.pad(new Tensor([1, 0, 3]), [1, 1], 'replicate').shape,
    expect: throws('ShapeError', 'aten::pad', 'replicate padding [1,1] does not fit', '[1,0,3]'),
  },
  {
    name: 'shapes: reflect padding with no values',
    kind: 'silent',
    run: ({ F, Tensor }) => F.pad(new Tensor([4, 2]), [], 'reflect').shape,
    expect: throws('ShapeError', 'aten::pad', 'reflect padding [] does not fit', '[4,2]'),
  },
  {
    name: 'shapes: repeat_interleave along a dimension of a 0-D tensor',
    kind: 'silent',
    run: ({ F, Tensor }) => F.repeatInterleave(new Tensor([]), 3, -1).shape,
    expect: throws('ShapeError', 'aten::repeat_interleave', '0-D tensor has no dimension -1'),
  },
  {
    name: 'shapes: roll of a 0-D tensor along dimension 0',
    kind: 'silent',
    run: ({ F, Tensor }) => F.roll(new Tensor([]), [4], [0]).shape,
    expect: throws('ShapeError', 'aten::roll', 'out of range', 'input []'),
  },
];
