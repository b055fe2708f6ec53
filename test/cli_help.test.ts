// A CLI that helps (issue 11): --help describes every option the parser
// takes (read from cli.ts itself) and so does the README; --version is
// package.json's; an unknown model suggests the closest zoo names; --list
// --json; a switch given a value is an error; the text views name the ops
// that were not counted on one line of stderr, stdout staying the
// reference's report; --html FILE. Expected values: resnet18's golden.

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TABLE_COLUMNS } from '../index.js';
import { fixture, ROOT, type CliResult } from './helpers.js';

const t = suite('cli help');
const g = fixture<{ out_table: string; out_arch: string; flops_str: string; params_str: string; flops_unsupported_ops: Record<string, number> }>('golden/resnet18.json');
const dir = mkdtempSync(join(tmpdir(), 'flopscope-help-'));

/** Every option the argument parser takes: its `case '--x':` labels. */
const OPTIONS = [...readFileSync(join(ROOT, 'cli.ts'), 'utf8').matchAll(/case '(--?[a-zA-Z][\w-]*)':/g)].map((m) => m[1]!);
/** The options that take no value. */
const SWITCHES = ['--eval', '--json', '--totals', '--no-arch', '--list', '--help', '--version', '--memory', '--train-step', '--roofline', '--list-devices'];

/**
 * The CLI run asynchronously: these tests run many, and a synchronous run
 * would hold up the event loop of the whole test process (the fuzz suite's
 * children time out waiting for it).
 */
function runCli(args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'dist', 'cli.cjs'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ status: code, stdout, stderr });
    });
  });
}

/** A run that must fail with one line on stderr, nothing on stdout, and `status`. */
async function fails(args: string[], status: number, message: RegExp): Promise<string> {
  const r = await runCli(args);
  assert.is(r.status, status, `${args.join(' ')}: ${r.stderr}`);
  assert.is(r.stdout, '');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.is(lines.length, 1, r.stderr);
  assert.match(lines[0]!, message);
  return lines[0]!;
}

t('--help: one line for every option the parser takes, examples, and what --eval changes', async () => {
  const r = await runCli(['--help']);
  assert.is(r.status, 0);
  assert.is(r.stderr, '');
  assert.ok(OPTIONS.length >= 20, OPTIONS.join(' '));
  const lines = r.stdout.split('\n');
  for (const option of OPTIONS) {
    const line = lines.find((l) => new RegExp(`^ {2}(-\\w, )?[-\\w, ]*${option}\\b`).test(l));
    assert.ok(line !== undefined, `--help does not describe ${option}`);
    // The option, then a description after the spaces.
    assert.match(line!, / {2,}\S.{10,}$/);
  }
  const examples = lines.slice(lines.indexOf('Examples:') + 1).filter((l) => l.startsWith('  flopscope '));
  assert.ok(examples.length >= 5, r.stdout);
  assert.match(r.stdout, /training mode by default, as a new PyTorch module/);
  assert.match(r.stdout, /--eval switches it to eval mode first: batch norm[\s\S]*running statistics \(2 FLOPs per element/);
  assert.match(r.stdout, /dropout/);
  assert.is((await runCli(['-h'])).stdout, r.stdout);
});

t('the README\'s CLI section names every option and says the model runs in training mode unless --eval', async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const cli = readme.slice(readme.indexOf('## CLI'), readme.indexOf('\n## ', readme.indexOf('## CLI') + 1));
  for (const option of OPTIONS) assert.ok(cli.includes(`\`${option}`) || cli.includes(` ${option}`), `README's CLI section does not name ${option}`);
  assert.match(cli, /training mode/);
  assert.match(cli, /--eval/);
  assert.match(cli, /dropout/);
});

t('--version prints package.json\'s version', async () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const r = await runCli([flag]);
    assert.is(r.status, 0);
    assert.is(r.stdout, `${version}\n`);
  }
});

t('a switch given a value is a command-line error, whatever the value', async () => {
  for (const flag of SWITCHES) {
    await Promise.all(['false', 'true', ''].map((value) => fails(['resnet18', `${flag}=${value}`], 2, new RegExp(`^flopscope: ${flag} takes no value, got '${flag}=${value}'$`))));
  }
  // Every switch the parser checks is in the list above.
  const source = readFileSync(join(ROOT, 'cli.ts'), 'utf8');
  const checked = [...source.matchAll(/case '(--[\w-]+)':(?:\s*case '-\w':)?\s*noValue\(\);/g)].map((m) => m[1]!);
  assert.equal([...checked].sort(), [...SWITCHES].sort());
});

t('an unknown model suggests the closest zoo names (case and edit distance), not all of them', async () => {
  const zoo = JSON.parse((await runCli(['--list', '--json'])).stdout) as unknown[];
  const more = zoo.length - 5;
  await fails(['Resnet5'], 1, new RegExp(`^flopscope: unknown model 'Resnet5'; known: resnet50, resnet18, resnet34, resnet152, resnet101 and ${more} more, closest first \\(flopscope --list shows all\\)$`));
  await fails(['VIT_B_16'], 1, /known: vit_b_16, /);
  await fails(['mobilenetv2'], 1, /known: mobilenet_v2, /);
  await fails(['gtp2'], 1, /known: gpt2, /);
});

t('--list --json: every zoo model with its kind and default input, as --list prints them', async () => {
  const r = await runCli(['--list', '--json']);
  assert.is(r.status, 0, r.stderr);
  const entries = JSON.parse(r.stdout) as { name: string; kind: string; inputShape: number[]; inputDtype: string; cliInput: string }[];
  const text = (await runCli(['--list'])).stdout.trim().split('\n').map((l) => l.split(/\s+/));
  assert.equal(entries.map((e) => e.name), text.map((l) => l[0]));
  // --list's input column: a shape as --input-shape takes it, or token ids as --inputs takes them.
  entries.forEach((e, i) => assert.is(e.cliInput.split(' ')[1], text[i]![1], e.name));
  const byName = new Map(entries.map((e) => [e.name, e]));
  assert.equal(byName.get('resnet50'), { name: 'resnet50', kind: 'image', inputShape: [3, 224, 224], inputDtype: 'float32', batchIncluded: false, cliInput: '--input-shape 3,224,224' });
  assert.equal(byName.get('gpt2'), { name: 'gpt2', kind: 'language', inputShape: [128], inputDtype: 'int64', batchIncluded: false, cliInput: '--inputs 1,128:int64' });
  assert.is(byName.get('r3d_18')?.kind, 'video');
  await fails(['--list', '--eval'], 2, /--list takes no other arguments than --json, got '--eval'/);
});

t('text views: one line on stderr naming the ops not counted and how often (the reference\'s), stdout the reference\'s report', async () => {
  const r = await runCli(['resnet18']);
  assert.is(r.status, 0);
  assert.is(r.stdout, `${g.out_table}\n${g.out_arch}\nModel Flops:${g.flops_str}\nModel Parameters:${g.params_str}\n`);
  const ops = Object.entries(g.flops_unsupported_ops); // aten::add_ 28 (residual adds and num_batches_tracked), aten::max_pool2d 1
  assert.is(r.stderr, `flopscope: warning: ${ops.length} kinds of op not counted in the FLOPs (fvcore has no counter for them): ${ops.map(([op, n]) => `${op} ${n} time(s)`).join(', ')}\n`);
  assert.is((await runCli(['resnet18', '--format', 'table'])).stderr, r.stderr);
  // The machine-readable formats say nothing on stderr: the JSON has the ops itself.
  const formats = ['json', 'csv', 'markdown'];
  const runs = await Promise.all(formats.map((format) => runCli(['resnet18', '--format', format])));
  runs.forEach((run, i) => assert.is(run.stderr, '', formats[i]));
});

t('--html FILE writes the HTML report and prints the text report; an unwritable file is exit 74', async () => {
  const file = join(dir, 'r.html');
  const r = await runCli(['resnet18', '--html', file, '--no-arch']);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, `${g.out_table}\nModel Flops:${g.flops_str}\nModel Parameters:${g.params_str}\n`);
  assert.ok(existsSync(file));
  assert.is(readFileSync(file, 'utf8'), (await runCli(['resnet18', '--format', 'html'])).stdout);
  await fails(['resnet18', '--html', join(dir, 'no', 'such', 'dir', 'r.html'), '--json'], 74, /^flopscope: cannot write the HTML report to '.*r\.html': ENOENT: /);
  await fails(['resnet18', '--html'], 2, /^flopscope: --html needs a file to write/);
});

t('--columns: shape, percent, memory, roofline, and only with a table', async () => {
  // The CLI's list is the library's.
  assert.equal([...TABLE_COLUMNS], ['shape', 'percent', 'memory', 'roofline']);
  await fails(['resnet18', '--columns', 'shape,bogus'], 2, /^flopscope: --columns takes a comma-separated list of shape, percent, memory, roofline, got 'shape,bogus'$/);
  // The roofline's columns need its device, as --roofline does.
  await fails(['resnet18', '--columns', 'roofline'], 2, /--roofline needs --device NAME/);
  await fails(['resnet18', '--columns', 'shape', '--format', 'csv'], 2, /--columns adds columns to the table/);
  await fails(['resnet18', '--columns', 'percent', '--totals'], 2, /--totals prints no table/);
});

t.run();
