// Memory and roofline estimates as columns of every view (withEstimates), and
// the convention a Report was counted by named in its views. Expected numbers
// are derived by hand in each test; the default views are the golden tests'.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, archView, ArgumentError, csvView, customDevice, htmlView, jsonView, markdownView, memoryOf, nn, rooflineOf, tableView, toJson, withEstimates } from '../index.js';

const t = suite('memory_views');

/** Linear(8 -> 4) then ReLU, on a [2, 8] input, in fp32 on a device of 1 TFLOP/s and 1 GB/s. */
function estimated() {
  const model = new nn.Sequential(new nn.Linear(8, 4), new nn.ReLU()).eval();
  const r = analyze(model, { inputs: [[2, 8]] }, { showTable: false, showArch: false });
  const memory = memoryOf(r);
  const roofline = rooflineOf(r, { device: customDevice(1e12, 1e9) });
  return { r, report: withEstimates(r.report, { memory, roofline }) };
}

// By hand: Linear holds 8*4 + 4 = 36 fp32 parameters = 144 bytes. It reads its
// input (2*8*4 = 64 bytes), weight (128) and bias (16) and writes [2, 4]
// (32 bytes): 240 bytes moved, 240 ns at 1 GB/s (its 2*2*8*4 + 8 = 136 FLOPs
// take 0.136 ns at 1 TFLOP/s: memory-bound). ReLU reads 32 and writes 32
// bytes: 64 ns. The model: 64 bytes of results, both live at the ReLU (64),
// 304 bytes moved, 304 ns.

t('the table: the reference\'s columns, then memory and roofline per module', () => {
  const { r, report } = estimated();
  const text = tableView(report);
  assert.match(text, /\| module +\| #parameters or shape \| #flops \| #activations \| param bytes \| buffer bytes \| results made \| peak live \| bytes moved \| FLOP\/byte \| bound +\| min latency \|/);
  // The root folds into its single child's row (the reference's rule): Linear's numbers.
  assert.match(text, /\| 0 +\| 36 +\| 64 +\| 8 +\| 144 B +\| 0 B +\| 32 B +\| 32 B +\| 240 B +\| 0\.57 +\| memory \| 240\.0 ns +\|/);
  // Without estimates: the reference's table, unchanged.
  assert.is(tableView(r.report), tableView(r.report, { columns: [] }));
  assert.ok(!tableView(r.report).includes('param bytes'));
  // Asked for by name on a Report without them: an ArgumentError naming the column.
  assert.throws(() => tableView(r.report, { columns: ['memory'] }), (e: unknown) => e instanceof ArgumentError && /columns/.test(e.message) && /memory/.test(e.message));
  // Markdown shares the table's rows.
  assert.match(markdownView(report), /\| param bytes \| buffer bytes \| results made \| peak live \| bytes moved \| FLOP\/byte \| bound \| min latency \|/);
});

t('the architecture view: the estimates after each statistics line', () => {
  const { r, report } = estimated();
  const text = archView(report);
  assert.match(text, /^Sequential\(\n {2}#params: 36, #flops: 64, #acts: 8, #param bytes: 144 B, #buffer bytes: 0 B, #results made: 64 B, #peak live: 64 B, #bytes moved: 304 B, #FLOP\/byte: 0\.47, #bound: memory, #min latency: 304\.0 ns\n/);
  assert.match(text, /\n {4}#params: 36, #flops: 64, #acts: 8, #param bytes: 144 B, #buffer bytes: 0 B, #results made: 32 B, #peak live: 32 B, #bytes moved: 240 B, #FLOP\/byte: 0\.57, #bound: memory, #min latency: 240\.0 ns\n/);
  assert.ok(!archView(r.report).includes('#param bytes'));
});

t('CSV: exact bytes and seconds per module; JSON: memory and roofline objects from the Report', () => {
  const { report } = estimated();
  const lines = csvView(report).split('\r\n');
  assert.is(lines[0], 'module,type,parameters,flops,activations,uncalled,output_shape,param_bytes,buffer_bytes,activation_bytes,peak_activation_bytes,bytes_moved,flop_per_byte,bound,latency_seconds');
  // 136 FLOPs / 240 bytes; 240 bytes / 1e9 B/s.
  assert.is(lines[2], `0,Linear,36,64,8,false,"[2, 4]",144,0,32,32,240,${136 / 240},memory,${240 / 1e9}`);
  assert.is(lines[3], `1,ReLU,0,0,0,false,"[2, 4]",0,0,32,64,64,${64 / 512},memory,${64 / 1e9}`);
  const json = JSON.parse(toJson(jsonView(report))) as { memory: Record<string, unknown>; roofline: Record<string, unknown>; outTable: string };
  assert.is(json.memory.paramBytes, 144);
  assert.is(json.memory.peakActivationBytes, 64);
  assert.is(json.roofline.bytesMoved, 304);
  assert.is(json.roofline.bound, 'memory');
  assert.ok(json.outTable.includes('param bytes'));
});

t('HTML: estimate columns in the module table, sortable by their exact values', () => {
  const { r, report } = estimated();
  const html = htmlView(report);
  assert.match(html, /<th data-key="param_bytes">param bytes<\/th>/);
  assert.match(html, /<th>bound<\/th>/);
  assert.match(html, /<td>144 B<\/td><td>0 B<\/td><td>32 B<\/td><td>32 B<\/td><td>240 B<\/td><td>0\.57<\/td><td>memory<\/td><td>240\.0 ns<\/td><\/tr>/);
  assert.ok(!htmlView(r.report).includes('param bytes'));
});

t('withEstimates: estimates of another model are an ArgumentError', () => {
  const { r } = estimated();
  const other = analyze(new nn.Linear(8, 4), { inputs: [[2, 8]] }, { showTable: false, showArch: false });
  assert.throws(() => withEstimates(r.report, { memory: memoryOf(other) }), (e: unknown) => e instanceof ArgumentError && /withEstimates/.test(e.message) && /memory/.test(e.message));
});

t('a named convention: its unit in the table, the architecture view, CSV and HTML; its name and totals in the JSON', () => {
  // Linear(8 -> 4) on [2, 8]: thop counts in_features * output elements = 8 * (2*4) = 64 MACs.
  const model = new nn.Sequential(new nn.Linear(8, 4)).eval();
  const plain = analyze(model, { inputs: [[2, 8]] });
  const thop = analyze(model, { inputs: [[2, 8]] }, { convention: 'thop' });
  const pytorch = analyze(model, { inputs: [[2, 8]] }, { convention: 'pytorch' });
  assert.match(tableView(thop.report), /\| module +\| #parameters or shape \| #MACs \| #activations \|/);
  assert.match(tableView(pytorch.report), /\| #FLOPs \|/);
  assert.match(tableView(plain.report), /\| #flops \|/);
  assert.match(archView(thop.report), /#params: 36, #MACs: 64, #acts: 8/);
  // FlopCounterMode counts 2 FLOPs a multiply-add: 128.
  assert.match(archView(pytorch.report), /#params: 36, #FLOPs: 0\.13K, #acts: 8/);
  assert.match(archView(plain.report), /#params: 36, #flops: 64, #acts: 8/);
  assert.is(csvView(thop.report).split('\r\n')[0], 'module,type,parameters,macs_thop,activations,uncalled,output_shape');
  const json = jsonView(pytorch.report);
  assert.equal([...json.keys()].slice(0, 8), ['version', 'model', 'mode', 'inputs', 'convention', 'unit', 'flops', 'flopsStr']);
  assert.is(json.get('convention'), 'pytorch');
  assert.is(json.get('unit'), 'FLOPs');
  assert.is(json.get('flops'), 128n);
  assert.is(json.get('params'), 36n);
  assert.ok(!jsonView(plain.report).has('convention') && !jsonView(plain.report).has('unit'));
  const html = htmlView(thop.report);
  assert.match(html, /<small>MACs<\/small><b>64<\/b><small>64 MACs<\/small><small>thop, 1 multiply-add = 1 MAC<\/small>/);
  assert.match(htmlView(pytorch.report), /<small>pytorch, 1 multiply-add = 2 FLOPs<\/small>/);
  assert.match(htmlView(plain.report), /<small>FLOPs<\/small><b>64<\/b><small>64 FLOPs<\/small><small>fvcore, 1 multiply-add = 1 FLOP<\/small>/);
});

t.run();
