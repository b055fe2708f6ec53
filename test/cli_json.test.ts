// The JSON report's layout (issue 11): a `version`, every key it emits
// described in docs/json-schema.md (for resnet50 and for a GPT-2 decode
// step, which adds `generation`), nothing described that it does not emit,
// and the output shapes per module (by hand, from the models' definitions).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, JSON_SCHEMA_VERSION, jsonView, Module, nn, outputShapeText, Tensor, toJson } from '../index.js';
import { ROOT, runCli } from './helpers.js';

const t = suite('cli json');

/** The keys the schema page describes: the first column of its tables, per section. */
function documented(): { top: string[]; generation: string[] } {
  const text = readFileSync(join(ROOT, 'docs', 'json-schema.md'), 'utf8');
  const keysOf = (section: string): string[] => [...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]!);
  const at = text.indexOf('## `generation`');
  return { top: keysOf(text.slice(0, at)), generation: keysOf(text.slice(at, text.indexOf('\n## ', at + 1))) };
}

const json = (args: string[]): Record<string, unknown> => {
  const r = runCli(args);
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};

t('every key of resnet50\'s and a gpt2 decode step\'s JSON is documented, in order, and nothing else', () => {
  const doc = documented();
  const resnet = json(['resnet50', '--json']);
  const decode = json(['gpt2', '--eval', '--inputs', '1,1:int64', '--past', '8', '--json', '--depth', '1']);
  for (const report of [resnet, decode]) {
    const keys = Object.keys(report);
    // In the documented order (generation, last, only when present).
    assert.equal(keys, doc.top.filter((k) => keys.includes(k)));
    assert.is(report.version, 1);
  }
  assert.equal(doc.top.filter((k) => !(k in resnet)), ['generation']);
  assert.equal(Object.keys(decode.generation as object), doc.generation.filter((k) => k !== 'routing'));
  assert.equal(decode.generation, { phase: 'decode', batch: 1, newTokens: 1, pastTokens: 8 });
  assert.is(JSON_SCHEMA_VERSION, 1);
});

t('outputShapeByModule: each module\'s first call\'s output, tuples as lists; text form in the table', () => {
  const report = json(['resnet50', '--eval', '--json']);
  const shapes = report.outputShapeByModule as Record<string, unknown>;
  assert.equal(Object.keys(shapes), Object.keys(report.flopsByModule as object));
  // Bottleneck blocks expand channels 4x: layer1 64*4 = 256 at 56x56 ... layer4 2048 at 7x7.
  assert.equal([shapes[''], shapes.conv1, shapes.layer1, shapes['layer2.0.conv1'], shapes.layer3, shapes.layer4, shapes.avgpool], [
    [1, 1000], [1, 64, 112, 112], [1, 256, 56, 56], [1, 128, 56, 56], [1, 1024, 14, 14], [1, 2048, 7, 7], [1, 2048, 1, 1],
  ]);
  // A GPT-2 block returns (hidden states, (key, value)): 12 heads of 64, 1 new + 8 cached tokens.
  const decode = json(['gpt2', '--eval', '--inputs', '1,1:int64', '--past', '8', '--json', '--depth', '1']);
  const gpt = decode.outputShapeByModule as Record<string, unknown>;
  assert.equal(gpt['transformer.h.0'], [[1, 1, 768], [[1, 12, 9, 64], [1, 12, 9, 64]]]);
  assert.equal(gpt['transformer.ln_f'], [1, 1, 768]);
  assert.equal(gpt.lm_head, [1, 1, 50257]);
});

class Pair extends Module {
  fc = new nn.Linear(4, 3);
  unused = new nn.Linear(4, 2);
  override forward(x: Tensor): Tensor {
    return this.fc.call(x);
  }
}

class Twice extends Module {
  inner = new Pair();
  override forward(x: Tensor): [Tensor, Tensor] {
    // The module is called twice; the first call's output is the one kept.
    const a = this.inner.call(x);
    this.inner.call(x.view(2, 2, 4));
    return [a, a];
  }
}

t('API: a module called twice keeps its first output; an uncalled one is null; a tuple is a list', () => {
  const r = analyze(new Twice(), { inputs: [[4, 4]] });
  const shapes = r.report.outputShapes!;
  assert.equal([...shapes], [[[4, 3], [4, 3]], [4, 3], [4, 3], null]);
  assert.is(outputShapeText(shapes[0]!), '([4, 3], [4, 3])');
  assert.is(outputShapeText(shapes[1]!), '[4, 3]');
  assert.is(outputShapeText(null), '');
  const view = JSON.parse(toJson(jsonView(r.report))) as { outputShapeByModule: Record<string, unknown> };
  assert.equal(view.outputShapeByModule, { '': [[4, 3], [4, 3]], inner: [4, 3], 'inner.fc': [4, 3], 'inner.unused': null });
  // A Report written without module calls has null output shapes.
  assert.is(jsonView({ ...r.report, outputShapes: undefined }).get('outputShapeByModule'), null);
});

t.run();
