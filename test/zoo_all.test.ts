// Every torchvision builder: in the zoo, with torchvision's parameter count,
// and analysable at its default input in training and in eval mode.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, models } from '../index.js';
import { parameterCount } from '../analysis/parameter_count.js';
import { ZOO } from '../models/index.js';
import { torchvisionParams } from './helpers.js';

const t = suite('zoo: every builder');
const expected = torchvisionParams();

// The zoo's image models (its language models take token ids: test/llm_llama.test.ts).
const IMAGE_ZOO = Object.keys(ZOO).filter((n) => ZOO[n]!.inputDtype === undefined);

t('the zoo has exactly the 92 builders of the reference list', () => {
  assert.is(expected.size, 92);
  assert.equal(IMAGE_ZOO.sort(), [...expected.keys()].sort());
});

for (const [name, count] of expected) {
  t(`${name}: ${count} parameters; analyses in both modes`, () => {
    const entry = ZOO[name];
    assert.ok(entry, `${name} is in the zoo`);
    const model = entry!.build();
    assert.is(parameterCount(model).get(''), BigInt(count));
    // The same builder as `models.<name>()` (the README's form).
    const builder = (models as unknown as Record<string, unknown>)[name];
    assert.type(builder, 'function', `models.${name}`);
    assert.is(String((builder as () => unknown)()), String(model), `models.${name}() builds the zoo's ${name}`);
    const train = analyze(model, entry!.inputShape, { showTable: false, showArch: false });
    assert.ok(train.flops > 0n && train.activations > 0n);
    model.eval();
    const evaluation = analyze(model, entry!.inputShape);
    assert.ok(evaluation.flops > 0n && evaluation.activations > 0n);
    assert.ok(evaluation.outTable.length > 0 && evaluation.outArch.length > 0);
    // Batch norm costs 5x numel in training and 2x in eval: eval never costs more.
    assert.ok(evaluation.flops <= train.flops);
    assert.is(evaluation.params, BigInt(count));
  });
}

t.run();
