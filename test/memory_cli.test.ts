// The CLI's memory and roofline flags: the default report is unchanged, the
// sections say their units and assumptions, the JSON objects have the
// issue's keys, and mistakes are one line with exit 2.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './helpers.js';

const test = suite('memory_cli');

test('the default report has no memory; --memory adds columns to the views and a section of totals after them', () => {
  const plain = runCli(['resnet18', '--eval', '--depth', '1']);
  const memory = runCli(['resnet18', '--eval', '--memory', '--dtype', 'fp16', '--depth', '1']);
  assert.is(plain.status, 0);
  assert.is(memory.status, 0);
  assert.ok(!plain.stdout.includes('Memory (') && !plain.stdout.includes('param bytes'));
  const totalsAt = memory.stdout.indexOf('Memory (');
  assert.ok(totalsAt > 0);
  const views = memory.stdout.slice(0, totalsAt);
  const extra = memory.stdout.slice(totalsAt);
  // The table: the reference's columns, then the memory ones.
  assert.match(views, /\| module +\| #parameters or shape \| #flops +\| #activations \| param bytes \| buffer bytes \| results made \| peak live +\|/);
  // The model row: 11,689,512 parameters * 2 bytes = 23,379,024 bytes.
  assert.match(views, /\| model +\| 11\.69M +\| 1\.819G +\| 2\.485M +\| 23\.38 MB +\|/);
  // The architecture view: conv1 holds 64*3*7*7 = 9,408 weights * 2 bytes = 18,816 bytes; its result is 64*112*112 * 2 bytes = 1,605,632.
  assert.match(views, /\n {4}#params: 9\.41K, #flops: 0\.12G, #acts: 0\.8M, #param bytes: 18\.82 kB, #buffer bytes: 0 B, #results made: 1\.61 MB, #peak live: /);
  // The per-module numbers are the views' columns: the section has no table of its own.
  assert.ok(!extra.includes('(model total)'));
  // resnet18: 11,689,512 parameters * 2 bytes (fp16).
  assert.match(extra, /Memory \(weights fp16, activations fp16; 1 kB = 1000 bytes\):/);
  assert.match(extra, /parameters: +23\.38 MB \(23,379,024 bytes\)/);
  // Input 3*224*224 * 2 bytes = 301,056; the stem's conv and batch norm results, 64*112*112 * 2 bytes each, are the peak.
  assert.match(extra, /inputs: +301\.06 kB \(301,056 bytes\)/);
  assert.match(extra, /peak activations: +3\.21 MB \(3,211,264 bytes\)/);
});

test('--train-step and --optimizer: the training section names the optimizer and precision', () => {
  const r = runCli(['resnet18', '--optimizer', 'adam', '--dtype', 'bf16', '--depth', '0']);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /Training step \(optimizer adam, mixed precision: fp32 master weights; 11689512 trainable parameters\):/);
  // 2 + 2 + 4 + 8 = 16 bytes a parameter.
  assert.match(r.stdout, /bytes per parameter: +16 /);
  assert.match(r.stdout, /saved activations: /);
});

test('--roofline on a device: the device, its source and the bound; a language model gets its decode step', () => {
  const r = runCli(['gpt2', '--roofline', '--device', 'h100-sxm', '--dtype', 'bf16', '--depth', '1']);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /Roofline on h100-sxm \(NVIDIA H100 SXM5 80GB\): peak 989\.5 TFLOP\/s bf16, 3\.35 TB\/s; ridge 295\.4 FLOP\/byte; source: NVIDIA H100/);
  assert.match(r.stdout, /prefill: 128 tokens \* batch 1: latency >= /);
  assert.match(r.stdout, /decode: 1 token after 128 cached \* batch 1: latency >= .* memory-bound/);
  // GPT-2: 124,439,808 parameters * 2 bytes = 248,879,616 bytes; / 3.35e12 B/s = 74.29 us.
  assert.match(r.stdout, /reading every weight once: 248\.88 MB \(248,879,616 bytes\) \/ 3\.35 TB\/s = 74\.29 us/);
  const custom = runCli(['resnet18', '--roofline', '--peak-flops', '100T', '--bandwidth', '1T', '--depth', '0']);
  assert.is(custom.status, 0, custom.stderr);
  assert.match(custom.stdout, /Roofline on custom \(given peak FLOP\/s and bandwidth\): peak 100 TFLOP\/s fp32, 1 TB\/s; ridge 100\.0 FLOP\/byte/);
});

test('--json: memory and roofline objects with the issue keys', () => {
  const r = runCli(['resnet18', '--eval', '--json', '--train-step', '--roofline', '--device', 'a100-80gb']);
  assert.is(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout) as Record<string, Record<string, unknown>>;
  const memory = json.memory!;
  for (const key of ['paramBytes', 'bufferBytes', 'peakActivationBytes', 'kvCacheBytes', 'gradientBytes', 'optimizerBytes', 'savedActivationBytes', 'totalBytes']) assert.ok(key in memory, key);
  // fp32: 11,689,512 * 4 bytes; AdamW (default): 8 bytes of state a parameter, no master copy.
  assert.is(memory.paramBytes, 46_758_048);
  assert.is(memory.optimizerBytes, 93_516_096);
  assert.ok('layer1' in (memory.byModule as object));
  const roofline = json.roofline!;
  for (const key of ['device', 'bytesMoved', 'intensity', 'bound', 'latencySeconds']) assert.ok(key in roofline, key);
  assert.is(roofline.device, 'a100-80gb');
  const plain = JSON.parse(runCli(['resnet18', '--eval', '--json']).stdout) as Record<string, unknown>;
  assert.ok(!('memory' in plain) && !('roofline' in plain));
});

test('--list-devices prints the table with sources', () => {
  const r = runCli(['--list-devices']);
  assert.is(r.status, 0);
  assert.match(r.stdout, /^device +fp32 +fp16 +bf16 +fp8 +int8 +int4 +bandwidth +description/);
  assert.match(r.stdout, /h100-sxm +67 TFLOP\/s +989\.5 TFLOP\/s/);
  assert.match(r.stdout, /Sources:\n {2}a100-40gb: NVIDIA A100/);
});

test('mistakes: one line, exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['resnet18', '--dtype', 'fp16'], /--dtype, --weight-dtype and --act-dtype go with --memory or --roofline/],
    [['resnet18', '--roofline'], /--roofline needs --device NAME/],
    [['resnet18', '--memory', '--dtype', 'fp12'], /--dtype takes one of fp32, fp16, bf16, fp8, int8, int4, got 'fp12'/],
    [['resnet18', '--optimizer', 'lion'], /--optimizer takes one of sgd, momentum, adam, adamw/],
    [['resnet18', '--memory', '--totals'], /--memory and --roofline cannot be combined with --totals/],
    [['resnet18', '--roofline', '--peak-flops', 'fast', '--bandwidth', '1T'], /--peak-flops takes a positive rate/],
  ];
  for (const [args, message] of cases) {
    const r = runCli(args);
    assert.is(r.status, 2, args.join(' '));
    assert.match(r.stderr, message);
    assert.is(r.stdout, '');
  }
  const unknown = runCli(['resnet18', '--device', 'h300']);
  assert.is(unknown.status, 1);
  assert.match(unknown.stderr, /unknown device 'h300'; known: a100-40gb/);
});

test.run();
