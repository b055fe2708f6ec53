// nn.Embedding (padding_idx, negative padding_idx, max_norm, norm_type,
// scale_grad_by_freq) on int64 token ids, passed to analyze as Tensors.
// Expected values: the reference tool on PyTorch 1.13 (fixture
// golden/layers/embedding.json, written by shared/reference/gen.py for the
// model ported below, ids drawn as int64).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { F, Module, nn, type Tensor } from '../index.js';
import { ArgumentError } from '../core/errors.js';
import { assertModulesMatchGolden, assertOpsMatchGolden, type Golden } from './golden_check.js';
import { analyzers, fixture } from './helpers.js';

const t = suite('layers: sparse');

class Emb extends Module {
  tok = new nn.Embedding(100, 16, { paddingIdx: 0 });
  tok_maxnorm = new nn.Embedding(100, 16, { maxNorm: 1.0 });
  neg = new nn.Embedding(64, 8, -1, 2.0, 1.0, true);

  override forward(ids: Tensor): [Tensor, Tensor] { // (B, L) int64
    return [F.add(this.tok.call(ids), this.tok_maxnorm.call(ids)), this.neg.call(ids)];
  }
}

const golden = fixture<Golden>('golden/layers/embedding.json');
const ids = (): { inputs: Tensor[] } => ({ inputs: [new nn.Tensor([2, 8], 'int64')] });

t('Embedding: ops, modules and counts as the reference (int64 ids)', () => {
  const m = new Emb().eval();
  const [flops, acts] = analyzers(m, ids());
  assertOpsMatchGolden(golden, flops);
  assertModulesMatchGolden(golden, m, flops);
  assert.is(flops.total(), 0n);
  assert.is(acts.total(), 0n);
  assert.equal(Object.fromEntries(flops.unsupportedOps()), golden.flops_unsupported_ops);
});

t('Embedding: argument checks', () => {
  assert.throws(() => new nn.Embedding(10, 3, { paddingIdx: 10 }), (e: unknown) => e instanceof ArgumentError);
  assert.throws(() => new nn.Embedding(10, 3, { paddingIdx: -11 }), (e: unknown) => e instanceof ArgumentError);
  assert.is(new nn.Embedding(10, 3, { paddingIdx: -1 }).paddingIdx, 9);
  // Float ids are refused, as PyTorch refuses them.
  assert.throws(() => analyzers(new nn.Embedding(10, 3), { inputs: [[2, 4]] }), (e: unknown) => e instanceof ArgumentError);
});

t.run();
