// The HTML report (issue 11), checked in a real browser (headless Chromium,
// as test/browser.test.ts runs it): the totals shown are the reference's
// (resnet18's golden), a collapsed row expands, a header sorts the children,
// output shapes (derived by hand) are shown, the FLOPs treemap has one box
// per module with FLOPs and the parameters treemap one per module with
// parameters, a click zooms into a box and back, and the file is
// self-contained and small. Also writes docs/img/report.png (the README's
// screenshot).

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, buildModel, htmlView, renderHtml } from '../index.js';
import { fixture, ROOT, runCli } from './helpers.js';

const run = promisify(execFile);
const CHROMIUM = process.env.FLOPSCOPE_CHROMIUM ?? 'chromium';
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--virtual-time-budget=10000'];
const g = fixture<{ flops: number; params: number; activations: number; flops_by_module: Record<string, number>; params_by_name: Record<string, number>; flops_unsupported_ops: Record<string, number> }>(
  'golden/resnet18.json',
);
const dir = mkdtempSync(join(tmpdir(), 'flopscope-html-'));
const t = suite('html report');

// Run in the page after the report's own script: interactions, then the findings as JSON.
const PROBE = `<pre id="probe"></pre><script>
const visible=()=>[...document.querySelectorAll('#tree tbody tr')].filter((r)=>!r.hidden).map((r)=>r.dataset.module);
const boxes=()=>[...document.querySelectorAll('#treemap rect.box')].map((b)=>b.dataset.module);
const click=(el)=>el.dispatchEvent(new MouseEvent('click',{bubbles:true}));
const before=visible();
document.querySelector('#tree tr[data-module="layer1"] .toggle')?.click();
const expanded=visible();
const outputs=Object.fromEntries([...document.querySelectorAll('#tree tbody tr')].map((r)=>[r.dataset.module,r.querySelector('td.output').textContent]));
document.querySelector('#tree th[data-key="flops"]').click();
const sorted=visible();
const cards=Object.fromEntries([...document.querySelectorAll('.card')].map((c)=>[c.dataset.total,[c.querySelector('b').textContent,c.dataset.exact,...[...c.querySelectorAll('small')].slice(1).map((s)=>s.textContent)]]));
const flopBoxes=boxes();
const layer1Title=document.querySelector('#treemap rect.box[data-module="layer1"] title')?.textContent;
const layer1Box=document.querySelector('#treemap rect.box[data-module="layer1"]');if(layer1Box)click(layer1Box);
const zoomed={boxes:boxes(),zoom:document.body.dataset.zoom,path:document.getElementById('zoom-path').textContent};
click(document.getElementById('zoom-out'));
const unzoomed={boxes:boxes(),zoom:document.body.dataset.zoom};
click(document.querySelector('[data-metric="params"]'));
const paramBoxes=boxes();
const fcTitle=document.querySelector('#treemap rect.box[data-module="fc"] title')?.textContent;
document.getElementById('probe').textContent=JSON.stringify({ready:document.body.dataset.ready,before,expanded,outputs,sorted,sortedBy:document.body.dataset.sorted,cards,flopBoxes,layer1Title,zoomed,unzoomed,paramBoxes,fcTitle,
  unsupported:[...document.querySelectorAll('#unsupported li')].map((l)=>l.textContent),scripts:[...document.scripts].filter((s)=>s.src).length,links:document.querySelectorAll('link[href]').length});
</script>`;

interface Probe {
  ready: string; before: string[]; expanded: string[]; outputs: Record<string, string>; sorted: string[]; sortedBy: string; cards: Record<string, string[]>;
  flopBoxes: string[]; layer1Title: string; zoomed: { boxes: string[]; zoom: string; path: string }; unzoomed: { boxes: string[]; zoom: string }; paramBoxes: string[]; fcTitle: string;
  unsupported: string[]; scripts: number; links: number;
}

/** The page in headless Chromium with PROBE added; its findings. */
async function probe(html: string): Promise<Probe> {
  const page = join(dir, 'probe.html');
  writeFileSync(page, html.replace('</body></html>', `${PROBE}</body></html>`));
  const { stdout } = await run(CHROMIUM, [...FLAGS, '--dump-dom', `file://${page}`], { encoding: 'utf8', timeout: 60_000, maxBuffer: 16 << 20 });
  const text = /<pre id="probe">([\s\S]*?)<\/pre>/.exec(stdout)?.[1] ?? '';
  return JSON.parse(text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as Probe;
}

const modules = Object.keys(g.flops_by_module);
const byName = (names: string[]): string[] => [...names].sort();

t('resnet18 --format html in headless Chromium: cards, expanding, sorting, output shapes, treemaps of FLOPs and parameters, zoom', async () => {
  const r = runCli(['resnet18', '--format', 'html']);
  assert.is(r.status, 0, r.stderr);
  const got = await probe(r.stdout);
  assert.is(got.ready, '1');
  // The totals, rounded and exact, are the reference's; all of resnet18's parameters are trainable.
  assert.equal(got.cards.parameters, ['11.69M', String(g.params), `${g.params} elements`, 'trainable 11.69M, frozen 0']);
  assert.equal(got.cards.flops, ['1.827G', String(g.flops), `${g.flops} FLOPs`, 'fvcore, 1 multiply-add = 1 FLOP']);
  assert.equal(got.cards.activations?.slice(0, 3), ['2.485M', String(g.activations), `${g.activations} elements`]);
  assert.equal(got.cards.inputs?.slice(0, 2), ['1×3×224×224', '[[1,3,224,224]]']);
  assert.equal(got.cards.mode?.slice(0, 2), ['train', 'train']);
  assert.not.ok('generation' in got.cards);
  // Collapsed to the root's children at first; layer1 opens to its two blocks.
  assert.equal(got.before, ['', 'conv1', 'bn1', 'relu', 'maxpool', 'layer1', 'layer2', 'layer3', 'layer4', 'avgpool', 'fc']);
  assert.equal(got.expanded.slice(0, 8), ['', 'conv1', 'bn1', 'relu', 'maxpool', 'layer1', 'layer1.0', 'layer1.1']);
  // Output shapes, by hand: 224 -> conv1 (stride 2) 112 -> maxpool (stride 2) 56; layer2..4 halve it
  // (28, 14, 7) with 128, 256, 512 channels; avgpool to 1x1; fc to 1000 classes.
  assert.equal(
    [got.outputs[''], got.outputs.conv1, got.outputs.maxpool, got.outputs.layer1, got.outputs['layer2.0.downsample'], got.outputs.layer3, got.outputs.layer4, got.outputs.avgpool, got.outputs.fc],
    ['[1, 1000]', '[1, 64, 112, 112]', '[1, 64, 56, 56]', '[1, 64, 56, 56]', '[1, 128, 28, 28]', '[1, 256, 14, 14]', '[1, 512, 7, 7]', '[1, 512, 1, 1]', '[1, 1000]'],
  );
  // Sorted by flops, largest first, among the root's children (the reference's per-module flops).
  const top = got.sorted.filter((m) => m !== '' && !m.includes('.'));
  const byFlops = [...top].sort((a, b) => (g.flops_by_module[b] ?? 0) - (g.flops_by_module[a] ?? 0));
  assert.equal(top.map((m) => g.flops_by_module[m] ?? 0), byFlops.map((m) => g.flops_by_module[m] ?? 0));
  assert.is(got.sortedBy, 'flops desc');
  // The FLOPs treemap: one box per module with FLOPs, none for the others; hover shows the exact count.
  const withFlops = modules.filter((m) => g.flops_by_module[m]! > 0);
  assert.equal(byName(got.flopBoxes), byName(withFlops));
  assert.ok(got.layer1Title.includes(`FLOPs: 0.466G (${g.flops_by_module.layer1}, `) && got.layer1Title.includes('output: [1, 64, 56, 56]'), got.layer1Title);
  // Clicking layer1 zooms into it: its own box and its descendants with FLOPs; zoom out brings all back.
  assert.equal(byName(got.zoomed.boxes), byName(withFlops.filter((m) => m === 'layer1' || m.startsWith('layer1.'))));
  assert.equal([got.zoomed.zoom, got.zoomed.path], ['layer1', 'model / layer1']);
  assert.equal([byName(got.unzoomed.boxes), got.unzoomed.zoom], [byName(withFlops), '']);
  // The parameters treemap: one box per module with parameters (the reference's parameter_count by module).
  const withParams = modules.filter((m) => (g.params_by_name[m] ?? 0) > 0);
  assert.equal(byName(got.paramBoxes), byName(withParams));
  assert.ok(!got.paramBoxes.includes('relu') && got.paramBoxes.includes('fc'));
  assert.ok(got.fcTitle.includes(`parameters: 0.513M (${g.params_by_name.fc}`), got.fcTitle);
  // The uncounted ops, as the reference lists them.
  assert.equal(got.unsupported, Object.entries(g.flops_unsupported_ops).map(([op, n]) => `${op} × ${n}`));
  // Self-contained: no external script or stylesheet.
  assert.equal([got.scripts, got.links], [0, 0]);
});

t('a decode step of gpt2 shows its generation card; --html FILE writes the same page while stdout prints the text report', async () => {
  const file = join(dir, 'gpt2.html');
  const r = runCli(['gpt2', '--inputs', '1,1:int64', '--past', '4', '--eval', '--html', file]);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /\nModel Flops:[^\n]+\nModel Parameters:[^\n]+\nGeneration: decode, batch 1, 1 new token after 4 cached\n$/);
  const html = readFileSync(file, 'utf8');
  assert.is(html, runCli(['gpt2', '--inputs', '1,1:int64', '--past', '4', '--eval', '--format', 'html']).stdout);
  const got = await probe(html);
  assert.equal(got.cards.generation, ['decode', 'decode', 'batch 1, 1 new token after 4 cached']);
  // The token ids, then GPT-2's KV cache: a key and a value per layer (12), each 12 heads x 4 tokens x 64.
  assert.is(got.cards.inputs?.[0], '1×1, 24 tensors of 1×12×4×64');
  assert.equal(got.cards.mode?.slice(0, 2), ['eval', 'eval']);
});

t('API: renderHtml of an analysis is htmlView of its Report', () => {
  const r = analyze(buildModel('resnet18'), [3, 224, 224], { name: 'resnet18' });
  const html = renderHtml(r);
  assert.is(html, htmlView(r.report));
  assert.is(renderHtml(r.report), html);
  assert.is(html, runCli(['resnet18', '--format', 'html']).stdout);
  assert.throws(() => htmlView({} as never), /htmlView/);
});

t('resnet50: under 300 KB; a screenshot for the README', async () => {
  const r = runCli(['resnet50', '--format', 'html']);
  assert.is(r.status, 0, r.stderr);
  assert.ok(Buffer.byteLength(r.stdout) < 300 * 1024, `${Buffer.byteLength(r.stdout)} bytes`);
  const page = join(dir, 'resnet50.html');
  writeFileSync(page, r.stdout);
  const png = join(dir, 'report.png');
  await run(CHROMIUM, [...FLAGS, '--window-size=1200,1000', `--screenshot=${png}`, `file://${page}`], { encoding: 'utf8', timeout: 60_000 });
  const image = readFileSync(png);
  assert.equal([...image.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
  if (process.env.FLOPSCOPE_WRITE_SCREENSHOT === '1') writeFileSync(join(ROOT, 'docs', 'img', 'report.png'), image);
});

t.run();
