// The CLI's symbolic analysis (issue 14): `--inputs B,3,H,W --where ... --at ...`
// prints formulas and values; `--json` gives `formula` (text and exact
// structure) and `at`, each entry equal to the concrete report at its point.
// The structured formula is evaluated here by its own rules (sum of
// coefficient * product of factors, floors of nested structures) and checked
// against the concrete totals.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './helpers.js';

const t = suite('cli symbolic');

interface Structured {
  text: string;
  terms: { coefficient: string; factors: ({ symbol: string; power: number } | { floor: Structured; over: string; power: number })[] }[];
}

/** The exact value of a structured formula at `point`, as a fraction [numerator, denominator]. */
function valueOf(s: Structured, point: Record<string, bigint>): [bigint, bigint] {
  let num = 0n;
  let den = 1n;
  for (const term of s.terms) {
    const [n, d] = term.coefficient.includes('/') ? term.coefficient.split('/').map(BigInt) : [BigInt(term.coefficient), 1n];
    let f = n!;
    for (const x of term.factors) {
      let base: bigint;
      if ('symbol' in x) base = point[x.symbol]!;
      else {
        const [a, b] = valueOf(x.floor, point);
        const q = b * BigInt(x.over);
        base = a >= 0n ? a / q : -((-a + q - 1n) / q);
      }
      f *= base ** BigInt(x.power);
    }
    num = num * d! + f * den;
    den *= d!;
  }
  return [num, den];
}

const run = (args: string[]): string => {
  const r = runCli(args);
  assert.is(r.status, 0, r.stderr);
  return r.stdout;
};

t('resnet18 in B, H, W: each --at entry equals the concrete JSON report there, and the formula evaluates to its totals', () => {
  const out = JSON.parse(run(['resnet18', '--eval', '--inputs', 'B,3,H,W', '--where', 'H=32h,W=32w', '--at', 'B=2,H=224,W=160', '--at', 'B=1,H=64,W=96', '--json'])) as {
    formula: { flops: { text: string; value: Structured }; activations: { text: string; value: Structured }; sizes: unknown[] };
    at: Record<string, unknown>[];
  };
  assert.equal(out.formula.sizes, [
    { name: 'B', min: 1 },
    { name: 'H', min: 1, multipleOf: 32, offset: 0 },
    { name: 'W', min: 1, multipleOf: 32, offset: 0 },
  ]);
  for (const [entry, [B, H, W]] of out.at.map((e, i) => [e, [[2, 224, 160], [1, 64, 96]][i]!] as const)) {
    const { values, ...report } = entry;
    assert.equal(values, { B, H, W });
    const concrete = JSON.parse(run(['resnet18', '--eval', '--inputs', `${B},3,${H},${W}`, '--json'])) as Record<string, unknown>;
    assert.equal(report, concrete);
    const point = { B: BigInt(B!), H: BigInt(H!), W: BigInt(W!) };
    const [fn, fd] = valueOf(out.formula.flops.value, point);
    assert.is(fn, BigInt(concrete.flops as number) * fd, 'the FLOP formula at the point');
    const [an, ad] = valueOf(out.formula.activations.value, point);
    assert.is(an, BigInt(concrete.activations as number) * ad, 'the activation formula at the point');
  }
});

t('gpt2 in T: the text report prints the formulas, the condition T <= 1024 and the values at each point', () => {
  const text = run(['gpt2', '--eval', '--inputs', '1,T:int64', '--at', 'T=16', '--at', 'T=1024']);
  assert.match(text, /Formulas \(fvcore's rules, exact; sizes: T >= 1\):\n {2}flops = /);
  assert.match(text, /Assuming: 1024 - T >= 0 \(GPT-2's 1024 positions\)/);
  const concrete16 = run(['gpt2', '--eval', '--inputs', '1,16:int64', '--totals']);
  const flops16 = /flops: .* \((\d+)\)/.exec(concrete16)![1]!;
  assert.match(text, new RegExp(`T=16 +\\S+ \\(${flops16}\\)`));
  // A point past the positions breaks the condition: one clear line, exit 1.
  const r = runCli(['gpt2', '--eval', '--inputs', '1,T:int64', '--at', 'T=2048']);
  assert.is(r.status, 1);
  assert.match(r.stderr, /breaks a condition of the result: GPT-2's 1024 positions needs 1024 - T >= 0/);
});

t('a decode step in P: generation closed forms in the text and the JSON', () => {
  const out = JSON.parse(run(['gpt2', '--eval', '--inputs', '1,1:int64', '--past', 'P', '--json'])) as { generation: { totalOverTokens: { flops: { text: string } }; perToken: { flops: { text: string } } } };
  assert.match(out.generation.totalOverTokens.flops.text, /O/);
  assert.match(out.generation.perToken.flops.text, /T/);
  const text = run(['gpt2', '--eval', '--inputs', '1,1:int64', '--past', 'P', '--at', 'P=127']);
  assert.match(text, /Generation: O tokens after P cached/);
  const concrete = run(['gpt2', '--eval', '--inputs', '1,1:int64', '--past', '127', '--totals']);
  assert.match(text, new RegExp(`P=127 +\\S+ \\(${/flops: .* \((\d+)\)/.exec(concrete)![1]!}\\)`));
});

t('command-line mistakes of a symbolic analysis: exit 2 with one line', () => {
  const cases: [string[], RegExp][] = [
    [['resnet18', '--inputs', '1,3,224,224', '--at', 'H=224'], /--at goes with size names/],
    [['resnet18', '--inputs', 'B,3,H,W', '--at', 'H=two'], /--at takes size values like T=512/],
    [['resnet18', '--inputs', 'B,3,H,W', '--convention', 'thop'], /need concrete sizes/],
    [['resnet18', '--inputs', 'B,3,H,W', '--where'], /--where needs constraints/],
    [['resnet18', '--inputs', 'B,3,224,224', '--past', 'P'], /takes no KV cache/],
  ];
  for (const [args, message] of cases) {
    const r = runCli(args);
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.is(r.stderr.trim().split('\n').length, 1);
  }
});

t('a size the model needs concrete: one line naming it (vit_b_16 in H and W)', () => {
  const r = runCli(['vit_b_16', '--inputs', '1,3,H,W']);
  assert.is(r.status, 1);
  assert.match(r.stderr, /wrong image size: expected 224x224, got Hx W|wrong image size/);
  assert.is(r.stderr.trim().split('\n').length, 1);
});

t.run();
