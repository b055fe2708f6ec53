// Issue 14: what has no formula says so. A size used as a loop bound or as a
// plain number in the model's own code (not through flopscope's shape rules)
// is one SymbolicError naming the size and asking for a concrete value, with
// the module it happened in; an undecidable branch names its reason.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, ArgumentError, buildModel, F, Module, nn, SymbolicError, symbolicKVCache, tableView, type Tensor } from '../index.js';

const t = suite('symbolic_errors');

/** A recurrent loop written in forward: one step per token. */
class StepLoop extends Module<(x: Tensor) => Tensor> {
  cell = new nn.Linear(8, 8);
  override forward(x: Tensor): Tensor {
    let h = F.select(x, 1, 0);
    for (let i = 1; i < (x.shape[1] as number); i++) h = this.cell.call(F.add(h, F.select(x, 1, i)));
    return h;
  }
}

/** A size computed with JavaScript arithmetic instead of a traced size. */
class PlainArithmetic extends Module<(x: Tensor) => Tensor> {
  override forward(x: Tensor): Tensor {
    const rows = (x.shape[0] as number) * (x.shape[1] as number);
    return F.reshape(x, [rows, -1]);
  }
}

function symbolicError(f: () => unknown): SymbolicError {
  try {
    f();
  } catch (e) {
    assert.instance(e, SymbolicError, String(e));
    return e as SymbolicError;
  }
  return assert.unreachable('no SymbolicError') as never;
}

t('a size as a loop bound in forward: names the size and asks for a concrete value', () => {
  const e = symbolicError(() => analyze(new StepLoop(), ['B', 'T', 8]));
  assert.equal(e.symbols, ['T']);
  assert.match(e.message, /the symbolic size T was used as a plain number/);
  assert.match(e.message, /give T a concrete value/);
  // Concrete, the same model runs: 3 steps of Linear(8, 8) on batch 2.
  assert.is(analyze(new StepLoop(), { inputs: [[2, 4, 8]] }).flops, 3n * 2n * 8n * 8n);
});

t('a size used in JavaScript arithmetic: names both sizes', () => {
  const e = symbolicError(() => analyze(new PlainArithmetic(), ['B', 'T', 8]));
  assert.equal(e.symbols, ['B']);
  assert.match(e.message, /give B a concrete value/);
});

t('a branch the sizes cannot decide (Swin v1 at small sizes) names its reason and the size', () => {
  const e = symbolicError(() => analyze(buildModel('swin_t'), ['B', 3, 'H', 'W'], { where: 'H=224h,W=224w' }));
  assert.match(e.message, /Swin: no shift where the window covers the map: which way it goes depends on whether/);
  assert.ok(e.symbols.includes('h'), e.symbols.join(','));
});

t('mistakes in a symbolic call are ArgumentErrors naming the argument: an option it would ignore, a constraint on no input size, a value for no size', () => {
  const m = new nn.Sequential(new nn.Linear(8, 4));
  const argumentError = (f: () => unknown, ...words: string[]): void => {
    try {
      f();
      assert.unreachable('no error');
    } catch (e) {
      assert.instance(e, ArgumentError, String(e));
      for (const w of words) assert.ok((e as Error).message.includes(w), `${(e as Error).message} lacks ${w}`);
    }
  };
  argumentError(() => analyze(m, ['B', 8], { convention: 'thop' } as never), 'analyze: convention', 'absent with size names');
  argumentError(() => analyze(m, ['B', 8], { where: 'Q=32q' }), 'analyze: where', "'Q'", '(B)');
  argumentError(() => analyze(m, ['B', 8], { where: 'B=4b,b>=2' }).at({ B: 8, X: 1 }), 'at: values', "'X'", 'B');
  argumentError(() => analyze(m, ['B', 8], { where: 'B=0b' }), 'analyze: where', 'B=0b');
  // The constraint holds, then breaks.
  assert.is(analyze(m, ['B', 8], { where: 'B=4b,b>=2' }).at({ B: 8 }).flops, 8n * 8n * 4n);
  assert.throws(() => analyze(m, ['B', 8], { where: 'B=4b,b>=2' }).at({ B: 4 }), (e: unknown) => e instanceof SymbolicError && /below/.test((e as Error).message));
});

t('the symbolic API refuses what has no meaning: a KV cache for a model without one, a sum over a size it lacks, bad points for countsAt', () => {
  const m = new nn.Sequential(new nn.Linear(8, 4));
  assert.throws(() => symbolicKVCache(m, 'B', 'P'), (e: unknown) => e instanceof ArgumentError && /analyze: past .*KV cache/.test((e as Error).message));
  const s = analyze(m, ['B', 8]);
  assert.throws(() => s.generationTotal('P'), (e: unknown) => e instanceof SymbolicError && /no size named P/.test((e as Error).message));
  assert.throws(() => s.perToken('P'), (e: unknown) => e instanceof SymbolicError && /no size named P/.test((e as Error).message));
  assert.throws(() => s.generationTotal('B', 'B'), (e: unknown) => e instanceof SymbolicError && /B is already a size/.test((e as Error).message));
  assert.throws(() => s.countsAt([] as never), (e: unknown) => e instanceof ArgumentError && /countsAt: values/.test((e as Error).message));
  // countsAt agrees with at(): Linear(8, 4) on B rows is 32*B FLOPs and 4*B activations.
  assert.equal(s.countsAt({ B: 3 }), { flops: [96n, 96n], activations: [12n, 12n] });
  // The percent column of a formula table is blank: a share of formulas is no one number.
  // (The one child stands for the model, as the reference's table prints it.)
  const table = tableView(s.report, { columns: ['percent'] });
  const row = table.split('\n').find((l) => l.includes('32*B'));
  assert.ok(table.includes('% of flops') && row !== undefined, table);
  assert.ok(!row.includes('%'), row);
});

t.run();
