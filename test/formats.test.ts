// The CLI's --format views (issue 11): table and arch alone (the reference's
// own text), CSV with exact per-module counts, markdown with the totals and
// the table, the table's extra columns, the architecture view to a depth.
// Expected values: resnet18's golden (training mode), the reference's
// numbers per module and its printed views; CSV and markdown are compared in
// full with text built from them.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fixture, ROOT, runCli } from './helpers.js';

interface Golden {
  flops: number;
  params: number;
  activations: number;
  flops_by_module: Record<string, number>;
  acts_by_module: Record<string, number>;
  params_by_name: Record<string, number>;
  out_table: string;
  out_arch: string;
  table_depth1: string;
  flops_str: string;
  params_str: string;
  activations_str: string;
  flops_unsupported_ops: Record<string, number>;
  uncalled_modules: string[];
  modules: Record<string, { type: string; canonical: string }>;
}
const g = fixture<Golden>('golden/resnet18.json');
const shapes = fixture<Record<string, number[] | null>>('resnet18_output_shapes.json');
const t = suite('formats');

const cli = (args: string[]): string => {
  const r = runCli(['resnet18', ...args]);
  assert.is(r.status, 0, r.stderr);
  return r.stdout;
};

t('--format table and --format arch print the reference\'s table and architecture view alone', () => {
  assert.is(cli(['--format', 'table']), `${g.out_table}\n`);
  assert.is(cli(['--format', 'arch']), `${g.out_arch}\n`);
  assert.is(cli(['--format', 'json']), cli(['--json']));
});

t('--format csv: the golden text, one row per module (named_modules order) with the reference\'s exact counts', () => {
  // Built from the reference alone: its modules in order, their classes, parameter_count, by_module() of both analyzers, uncalled modules.
  // Output shapes: PyTorch's own, from forward hooks (fixtures/resnet18_output_shapes.py), quoted (they hold commas).
  const names = Object.keys(g.flops_by_module);
  const shape = (m: string): string => (shapes[m] === null ? '' : `"[${shapes[m]!.join(', ')}]"`);
  const expected = [
    'module,type,parameters,flops,activations,uncalled,output_shape',
    ...names.map((m) => [m, g.modules[m]!.type, g.params_by_name[m] ?? 0, g.flops_by_module[m], g.acts_by_module[m], g.uncalled_modules.includes(m), shape(m)].join(',')),
  ];
  assert.equal(Object.keys(shapes), names);
  assert.is(cli(['--format', 'csv']), `${expected.join('\r\n')}\r\n`);
  assert.is(names[0], '');
  assert.is(g.modules['layer1.0']!.type, 'BasicBlock');
});

/** The rows of one of the reference's printed tables: per row, its indentation and its cells (trimmed). */
function referenceRows(table: string): { indent: number; cells: string[] }[] {
  return table
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| module'))
    .map((l) => {
      const cells = l.slice(1, -1).split('|').map((c) => c.slice(1));
      return { indent: cells[0]!.length - cells[0]!.trimStart().length, cells: cells.map((c) => c.trim()) };
    });
}

t('--format markdown: the golden text, totals and the table\'s rows at depth 1 from the reference\'s numbers', () => {
  const rows = referenceRows(g.table_depth1).map(({ indent, cells: [name, ...rest] }) => `| ${'&nbsp;&nbsp;'.repeat(indent)}\`${name}\` | ${rest.join(' | ')} |`);
  const expected = [
    '## resnet18',
    '',
    'Input `[1,3,224,224]`, train mode.',
    '',
    '| total | count | exact |',
    '|:--|--:|--:|',
    `| parameters | ${g.params_str} | ${g.params} |`,
    // torchvision's builders leave every parameter trainable (requires_grad).
    `| trainable parameters | ${g.params_str} | ${g.params} |`,
    '| frozen parameters | 0 | 0 |',
    `| flops (fvcore: 1 multiply-add = 1) | ${g.flops_str} | ${g.flops} |`,
    `| activations (output elements of counted ops) | ${g.activations_str} | ${g.activations} |`,
    '',
    '| module | #parameters or shape | #flops | #activations |',
    '|:--|--:|--:|--:|',
    ...rows,
    '',
  ].join('\n');
  assert.is(cli(['--format', 'markdown', '--depth', '1']), expected);
  assert.is(rows.length, 9); // the root and its eight children with statistics (relu and maxpool have none)
});

/** Module m's share of resnet18's FLOPs as the reference counts them, to two decimals. */
const share = (m: string): string => `${((100 * g.flops_by_module[m]!) / g.flops).toFixed(2)}%`;

t('--columns shape,percent: the reference\'s table with output shapes and shares of the FLOPs after it', () => {
  const out = cli(['--format', 'table', '--depth', '1', '--columns', 'shape,percent']);
  assert.ok(out.startsWith('\n+---'), out.slice(0, 20)); // a line break first, as the reference's out_table
  const table = out.slice(1).split('\n');
  const reference = `${g.table_depth1}\n`.split('\n');
  assert.is(table.length, reference.length);
  // Every line starts with the reference's line: its columns are unchanged.
  reference.forEach((line, i) => assert.ok(table[i]!.startsWith(line), `${table[i]}\n${line}`));
  assert.match(table[1]!, /\| output shape +\| % of flops +\|$/);
  const extra = (name: string): string[] => {
    const line = table.find((l) => l.split('|')[1]?.trim() === name)!;
    return line.split('|').slice(5, 7).map((c) => c.trim());
  };
  // Output shapes by hand: conv1 (stride 2) 112x112, layer1 after the stride-2 maxpool 56x56, layer4 7x7, the classifier 1000.
  assert.equal(extra('model'), ['[1, 1000]', '100.00%']);
  assert.equal(extra('conv1'), ['[1, 64, 112, 112]', share('conv1')]);
  assert.equal(extra('layer1'), ['[1, 64, 56, 56]', share('layer1')]);
  assert.equal(extra('layer4'), ['[1, 512, 7, 7]', share('layer4')]);
  assert.equal(extra('avgpool'), ['[1, 512, 1, 1]', share('avgpool')]);
  // Markdown takes the same columns; the text report's table too.
  const md = cli(['--format', 'markdown', '--depth', '1', '--columns', 'percent']);
  assert.ok(md.includes('| module | #parameters or shape | #flops | #activations | % of flops |'), md);
  assert.ok(md.includes(`| &nbsp;&nbsp;\`layer2\` | 0.526M | 0.414G | 0.502M | ${share('layer2')} |`), md);
  const text = cli(['--columns', 'shape', '--no-arch']);
  assert.ok(text.includes('| output shape'), text.slice(0, 400));
  assert.ok(text.endsWith('Model Flops:1.827G\nModel Parameters:11.69M\n'));
});

t('--depth N limits the architecture view too; without --depth it is the reference\'s in full', () => {
  assert.is(cli(['--format', 'arch']), `${g.out_arch}\n`);
  const arch = cli(['--format', 'arch', '--depth', '1']);
  const reference = g.out_arch.split('\n');
  const lines = arch.split('\n').filter((l) => l !== '');
  // Nothing deeper than the root's children (their contents are indented 4 spaces).
  assert.ok(lines.every((l) => /^( {0,4}\S|\S)/.test(l) && !l.startsWith('     ')), arch);
  // Each line is the reference's, in order, except a child whose own children were cut: it prints on
  // one line with the reference's statistics of it.
  let at = 0;
  for (const line of lines) {
    const folded = /^ {2}\((\w+)\): (\w+)\((#params: .*)\)$/.exec(line);
    if (folded !== null) {
      const head = reference.findIndex((l, i) => i >= at && l === `  (${folded[1]}): ${folded[2]}(`);
      assert.ok(head >= 0, line);
      assert.is(reference[head + 1], `    ${folded[3]}`);
      at = head + 1;
      continue;
    }
    const found = reference.indexOf(line, at);
    assert.ok(found >= 0, `not in the reference's view, in order: ${line}`);
    at = found + 1;
  }
  assert.ok(lines.some((l) => l.startsWith('  (layer3): Sequential(#params: 2.1M')), arch);
});

t('--totals: three lines, each total rounded as the report prints it and exact, parameters also trainable and frozen', () => {
  assert.is(cli(['--totals']), `params: 11.69M (${g.params}); trainable: 11.69M (${g.params}), frozen: 0 (0)\nflops: 1.827G (${g.flops})\nactivations: 2.485M (${g.activations})\n`);
});

t('frozen parameters (requiresGrad false) apart from trainable ones: --totals, markdown, the HTML cards', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flopscope-frozen-'));
  const file = join(dir, 'frozen.mjs');
  const index = pathToFileURL(join(ROOT, 'dist', 'index.js')).href;
  writeFileSync(
    file,
    `import { Module, nn, F } from '${index}';\n` +
      `class Net extends Module { constructor() { super(); this.conv = new nn.Conv2d(3, 8, 3); this.fc = new nn.Linear(8, 4); this.conv.requiresGrad_(false); }\n` +
      `  forward(x) { return this.fc.call(F.flatten(F.adaptiveAvgPool2d(this.conv.call(x), 1), 1)); } }\n` +
      `export const inputShape = [3, 8, 8];\nexport default () => new Net();\n`,
  );
  // conv: 8 * 3 * 3 * 3 weights + 8 biases = 224, frozen; fc: 8 * 4 + 4 = 36, trainable. mmengine's
  // format prints a count above 100 in thousands (0.224K), one of 100 or less as it is.
  const r = runCli([file, '--totals']);
  assert.is(r.status, 0, r.stderr);
  assert.ok(r.stdout.startsWith('params: 0.26K (260); trainable: 36 (36), frozen: 0.224K (224)\n'), r.stdout);
  const md = runCli([file, '--format', 'markdown']).stdout;
  assert.ok(md.includes('| parameters | 0.26K | 260 |\n| trainable parameters | 36 | 36 |\n| frozen parameters | 0.224K | 224 |\n'), md);
  assert.ok(runCli([file, '--format', 'html']).stdout.includes('<small>trainable 36, frozen 0.224K</small>'));
});

t('--no-arch: the text report without the architecture view', () => {
  assert.is(cli(['--no-arch']), `${g.out_table}\nModel Flops:1.827G\nModel Parameters:11.69M\n`);
});

t('--format with an unknown view is a command-line error', () => {
  const r = runCli(['resnet18', '--format', 'pdf']);
  assert.is(r.status, 2);
  assert.match(r.stderr, /--format takes one of text, table, arch, json, markdown, csv, html, got 'pdf'/);
  for (const args of [['--totals', '--json'], ['--no-arch', '--format', 'csv']]) assert.is(runCli(['resnet18', ...args]).status, 2, args.join(' '));
});

t.run();
