// The HTML report (issue 11), checked in a real browser (headless Chromium,
// as test/browser.test.ts runs it): the totals shown are the reference's
// (resnet18's golden), a collapsed row expands, a header sorts the children,
// the treemap has one box per module with FLOPs, and the file is
// self-contained and small. Also writes docs/img/report.png (the README's
// screenshot).

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fixture, ROOT, runCli } from './helpers.js';

const run = promisify(execFile);
const CHROMIUM = process.env.FLOPSCOPE_CHROMIUM ?? 'chromium';
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--virtual-time-budget=10000'];
const g = fixture<{ flops: number; params: number; activations: number; flops_by_module: Record<string, number> }>('golden/resnet18.json');
const dir = mkdtempSync(join(tmpdir(), 'flopscope-html-'));
const t = suite('html report');

// Run in the page after the report's own script: interactions, then the findings as JSON.
const PROBE = `<pre id="probe"></pre><script>
const visible=()=>[...document.querySelectorAll('#tree tbody tr')].filter((r)=>!r.hidden).map((r)=>r.dataset.module);
const before=visible();
document.querySelector('#tree tr[data-module="layer1"] .toggle').click();
const expanded=visible();
document.querySelector('#tree th[data-key="flops"]').click();
const sorted=visible();
const cards=Object.fromEntries([...document.querySelectorAll('.card')].map((c)=>[c.dataset.total,c.querySelector('b').textContent+' '+c.querySelectorAll('small')[1].textContent]));
const boxes=[...document.querySelectorAll('#treemap rect.box')].map((b)=>b.dataset.module);
document.getElementById('probe').textContent=JSON.stringify({ready:document.body.dataset.ready,before,expanded,sorted,sortedBy:document.body.dataset.sorted,cards,boxes,scripts:[...document.scripts].filter((s)=>s.src).length,links:document.querySelectorAll('link[href]').length});
</script>`;

t('resnet18 --format html in headless Chromium: totals, expanding, sorting, one treemap box per module with FLOPs', async () => {
  const r = runCli(['resnet18', '--format', 'html']);
  assert.is(r.status, 0, r.stderr);
  const page = join(dir, 'probe.html');
  writeFileSync(page, r.stdout.replace('</body></html>', `${PROBE}</body></html>`));
  const { stdout } = await run(CHROMIUM, [...FLAGS, '--dump-dom', `file://${page}`], { encoding: 'utf8', timeout: 60_000, maxBuffer: 16 << 20 });
  const text = /<pre id="probe">([\s\S]*?)<\/pre>/.exec(stdout)?.[1] ?? '';
  const got = JSON.parse(text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as {
    ready: string; before: string[]; expanded: string[]; sorted: string[]; sortedBy: string; cards: Record<string, string>; boxes: string[]; scripts: number; links: number;
  };
  assert.is(got.ready, '1');
  // The totals, rounded and exact, are the reference's.
  assert.equal(got.cards, { parameters: `11.69M ${g.params} elements`, flops: `1.827G ${g.flops} fvcore flops`, activations: `2.485M ${g.activations} output elements` });
  // Collapsed to the root's children at first; layer1 opens to its two blocks.
  assert.equal(got.before, ['', 'conv1', 'bn1', 'relu', 'maxpool', 'layer1', 'layer2', 'layer3', 'layer4', 'avgpool', 'fc']);
  assert.equal(got.expanded.slice(0, 8), ['', 'conv1', 'bn1', 'relu', 'maxpool', 'layer1', 'layer1.0', 'layer1.1']);
  // Sorted by flops, largest first, among the root's children (the reference's per-module flops).
  const top = got.sorted.filter((m) => m !== '' && !m.includes('.'));
  const byFlops = [...top].sort((a, b) => (g.flops_by_module[b] ?? 0) - (g.flops_by_module[a] ?? 0));
  assert.equal(top.map((m) => g.flops_by_module[m] ?? 0), byFlops.map((m) => g.flops_by_module[m] ?? 0));
  assert.is(got.sortedBy, 'flops desc');
  // One box per module with FLOPs, and none for the others.
  const withFlops = Object.keys(g.flops_by_module).filter((m) => g.flops_by_module[m]! > 0).sort();
  assert.equal([...got.boxes].sort(), withFlops);
  // Self-contained: no external script or stylesheet.
  assert.equal([got.scripts, got.links], [0, 0]);
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
