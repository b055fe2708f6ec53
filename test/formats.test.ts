// The CLI's --format views (issue 11): table and arch alone (the reference's
// own text), CSV with exact per-module counts, markdown with the totals and
// the table. Expected values: resnet18's golden (training mode), the
// reference's numbers per module and its printed table.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fixture, runCli } from './helpers.js';

interface Golden {
  flops: number;
  params: number;
  activations: number;
  flops_by_module: Record<string, number>;
  acts_by_module: Record<string, number>;
  params_by_name: Record<string, number>;
  out_table: string;
  out_arch: string;
}
const g = fixture<Golden>('golden/resnet18.json');
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

t('--format csv: one row per module, exact counts equal to the reference\'s per module', () => {
  const lines = cli(['--format', 'csv']).split('\r\n').filter((l) => l !== '');
  assert.is(lines[0], 'module,type,parameters,flops,activations,uncalled');
  const rows = lines.slice(1).map((l) => l.split(','));
  assert.equal(rows.map((r) => r[0]), Object.keys(g.flops_by_module));
  for (const [name, type, params, flops, acts] of rows) {
    assert.is(Number(flops), g.flops_by_module[name!], `flops of '${name}'`);
    assert.is(Number(acts), g.acts_by_module[name!], `activations of '${name}'`);
    assert.is(Number(params), g.params_by_name[name!] ?? 0, `parameters of '${name}'`);
    assert.ok(/^[A-Z]\w+$/.test(type!), type);
  }
  assert.equal(rows[0]!.slice(0, 5), ['', 'ResNet', String(g.params), String(g.flops), String(g.activations)]);
});

t('--format markdown: the totals (rounded and exact) and the table\'s rows at the same depth', () => {
  const md = cli(['--format', 'markdown', '--depth', '1']);
  assert.match(md, /^## resnet18\n/);
  assert.ok(md.includes(`| parameters | 11.69M | ${g.params} |`), md);
  assert.ok(md.includes(`| flops (fvcore: 1 multiply-add = 1) | 1.827G | ${g.flops} |`), md);
  assert.ok(md.includes(`| activations (output elements of counted ops) | 2.485M | ${g.activations} |`), md);
  // The text table at depth 1 (the reference's table_depth1 has the same rows) as markdown rows.
  const text = cli(['--format', 'table', '--depth', '1']).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| module'));
  const rows = md.split('\n').filter((l) => l.startsWith('| `') || l.startsWith('| &nbsp;'));
  assert.is(rows.length, text.length);
  const cells = (l: string): string[] => l.split('|').slice(1, -1).map((c) => c.trim().replace(/&nbsp;/g, '').replace(/`/g, ''));
  for (let i = 0; i < rows.length; i++) assert.equal(cells(rows[i]!), cells(text[i]!));
});

t('--totals: three lines, each total rounded as the report prints it and exact', () => {
  assert.is(cli(['--totals']), `params: 11.69M (${g.params})\nflops: 1.827G (${g.flops})\nactivations: 2.485M (${g.activations})\n`);
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
