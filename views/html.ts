// The report as one self-contained HTML file (no network, no dependency):
// summary cards, treemaps of FLOPs and of parameters by module (click a box
// to zoom into it, hover for numbers), the module tree as a collapsible,
// sortable table with output shapes and shares of the total, and the ops the
// convention leaves uncounted. The data is embedded as JSON; a small script
// draws the treemap and makes the table interactive. A pure renderer of a
// Report.

import { formatSize } from '../analysis/format.js';
import { flopsLabel, frozenParams, outputShapeOf, outputShapeText, totalParams, trainableParams, type Report } from '../analysis/report_model.js';
import type { AnalysisResult } from '../analysis/analyze.js';
import { checkReport } from './memo.js';
import { carriedEstimates, estimateColumns } from '../analysis/estimate_columns.js';

/** How the Report's FLOPs were counted: fvcore's rules by default, else the convention named at analysis time. */
function conventionText(report: Report): string {
  const c = report.convention;
  if (c === undefined) return 'fvcore, 1 multiply-add = 1 FLOP';
  return `${c.name}, 1 multiply-add = ${c.unit === 'MACs' ? '1 MAC' : '2 FLOPs'}`;
}

interface Row {
  name: string;
  type: string;
  depth: number;
  parent: number;
  params: bigint;
  flops: bigint;
  acts: bigint | null;
  /** Output shapes of the first call ('' when never called or not recorded). */
  output: string;
  uncalled: boolean;
}

/** The Report's modules in `named_modules` order, with their parents (by dotted name) and counts. */
function rowsOf(report: Report): Row[] {
  const { modules, params } = report.structure;
  const index = new Map<string, number>();
  return modules.map((m, i) => {
    index.set(m.name, i);
    // The nearest enclosing module: the longest dotted prefix that is a module, else the root.
    let parent = m.name === '' ? -1 : 0;
    for (let p = m.name.lastIndexOf('.'); p > 0; p = m.name.lastIndexOf('.', p - 1)) {
      const at = index.get(m.name.slice(0, p));
      if (at !== undefined) {
        parent = at;
        break;
      }
    }
    return {
      name: m.name,
      type: m.type,
      depth: m.name === '' ? 0 : m.name.split('.').length,
      parent,
      params: params.get(m.name) ?? 0n,
      flops: report.flops.perModule[i] ?? 0n,
      acts: report.activations === null ? null : (report.activations.perModule[i] ?? 0n),
      output: outputShapeText(outputShapeOf(report, i)),
      uncalled: report.flops.uncalled[i] === true,
    };
  });
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `part` of `total` in percent, two decimals, rounded half up ('0.00' when the total is 0). */
function percent(part: bigint, total: bigint): string {
  return total === 0n ? '0.00' : (Number((part * 20000n + total) / (2n * total)) / 100).toFixed(2);
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px;margin:0 0 12px}h2{font-size:16px;margin:20px 0 8px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:8px;padding:10px 14px;min-width:150px}
.card b{display:block;font-size:20px}.card small{display:block;color:#666}
table{border-collapse:collapse;width:100%}th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
th{cursor:pointer;background:#f6f6f6;position:sticky;top:0}td:nth-child(-n+3),th:nth-child(-n+3){text-align:left}
.toggle{display:inline-block;width:1.2em;cursor:pointer;color:#555}.bar{display:inline-block;height:8px;background:#6a9;margin-left:6px;vertical-align:middle}
.controls{display:flex;gap:8px;align-items:center;margin-bottom:6px}.controls button{font:inherit;padding:2px 10px;border:1px solid #bbb;border-radius:4px;background:#fff;cursor:pointer}
.controls button[aria-pressed=true]{background:#333;color:#fff}#treemap{border:1px solid #ddd;display:block}#treemap rect{cursor:zoom-in}
#treemap text{font-size:11px;pointer-events:none;fill:#222}ul{columns:3}code{font-size:13px}`;

// The page's behaviour. Treemap: nested boxes, one per module with a share of
// the chosen total (FLOPs or parameters); each box is split among its
// children by their share of it, along its longer side (what is left is the
// module's own); clicking a box zooms into it, clicking the outermost box or
// "zoom out" goes up a level. Table: rows collapse and expand (a module's
// descendants follow it), and a header sorts every module's children by
// that column.
const SCRIPT = `const data=JSON.parse(document.getElementById('data').textContent);const M=data.modules;
const kids=M.map(()=>[]);M.forEach((m,i)=>{if(m.parent>=0)kids[m.parent].push(i)});
const svg=document.getElementById('treemap');const W=1000,H=440,NS='http://www.w3.org/2000/svg';
let metric='flops',zoom=0;
const val=(i)=>Number(M[i][metric]);
function el(tag,attrs,parent){const e=document.createElementNS(NS,tag);for(const k in attrs)e.setAttribute(k,attrs[k]);parent.appendChild(e);return e}
function tip(i){const m=M[i];const pct=(f,t)=>Number(t)>0?(100*Number(f)/Number(t)).toFixed(2)+'%':'0%';
return (m.name||'model')+' ('+m.type+')\\n'+data.unit+': '+m.flopsText+' ('+m.flops+', '+pct(m.flops,M[0].flops)+' of the model)\\nparameters: '+m.paramsText+' ('+m.params+', '+pct(m.params,M[0].params)+')'+(m.output?'\\noutput: '+m.output:'')}
function place(i,x,y,w,h,depth){const g=el('g',{},svg);
const r=el('rect',{class:'box','data-module':M[i].name,x:x.toFixed(2),y:y.toFixed(2),width:Math.max(w,0).toFixed(2),height:Math.max(h,0).toFixed(2),fill:'hsl('+(depth*47+200)%360+' 55% '+(88-Math.min(depth,6)*6)+'%)',stroke:'#fff'},g);
el('title',{},r).textContent=tip(i);
const c=kids[i].filter((k)=>val(k)>0);const label=(M[i].name||'model').slice((M[i].name).lastIndexOf('.')+1)||'model';
const head=c.length&&h>30&&w>40?14:0;
if(w>50&&h>13){const t=el('text',{x:(x+3).toFixed(2),y:(y+11).toFixed(2)},g);t.textContent=label.length*6.5>w-6?label.slice(0,Math.max(1,Math.floor((w-6)/6.5))):label}
const total=Math.max(val(i),c.reduce((a,k)=>a+val(k),0));if(!c.length||total<=0)return;
const pad=depth===0?0:2,ix=x+pad,iy=y+pad+head,iw=w-2*pad,ih=h-2*pad-head;let at=0;
for(const k of c){const s=val(k)/total;if(iw>=ih)place(k,ix+at*iw,iy,s*iw,ih,depth+1);else place(k,ix,iy+at*ih,iw,s*ih,depth+1);at+=s}}
function draw(){svg.replaceChildren();if(val(zoom)>0)place(zoom,0,0,W,H,0);
const path=[];for(let i=zoom;i>=0;i=M[i].parent)path.unshift(M[i].name||'model');document.getElementById('zoom-path').textContent=path.join(' / ');
document.getElementById('zoom-out').disabled=zoom===0;document.querySelectorAll('[data-metric]').forEach((b)=>b.setAttribute('aria-pressed',String(b.dataset.metric===metric)));
document.body.dataset.zoom=M[zoom].name;document.body.dataset.metric=metric}
function zoomTo(i){zoom=i;draw()}
svg.addEventListener('click',(e)=>{const r=e.target.closest('rect.box');if(!r)return;const i=M.findIndex((m)=>m.name===r.dataset.module);zoomTo(i===zoom&&zoom>0?M[zoom].parent:i)});
document.getElementById('zoom-out').addEventListener('click',()=>{if(zoom>0)zoomTo(M[zoom].parent)});
document.querySelectorAll('[data-metric]').forEach((b)=>b.addEventListener('click',()=>{metric=b.dataset.metric;let i=zoom;while(i>0&&val(i)<=0)i=M[i].parent;zoom=i;draw()}));
const body=document.querySelector('#tree tbody');const rows=[...body.rows];const open=M.map((m)=>m.depth<1);
function show(){const vis=new Array(rows.length).fill(false);const walk=(i,v)=>{vis[i]=v;for(const k of kids[i])walk(k,v&&open[i])};walk(0,true);
rows.forEach((r,i)=>{r.hidden=!vis[i];const t=r.querySelector('.toggle');if(t)t.textContent=kids[i].length?(open[i]?'\\u25be':'\\u25b8'):''})}
body.addEventListener('click',(e)=>{const t=e.target.closest('.toggle');if(!t)return;const i=+t.closest('tr').dataset.index;open[i]=!open[i];show()});
let sortKey=null,desc=true;document.querySelectorAll('#tree th[data-key]').forEach((th)=>th.addEventListener('click',()=>{const key=th.dataset.key;desc=sortKey===key?!desc:true;sortKey=key;
const v=(i)=>key==='name'?M[i].name:Number(M[i][key]??0);const order=[];const walk=(i)=>{order.push(i);const c=[...kids[i]].sort((a,b)=>{const x=v(a),y=v(b);return (x<y?-1:x>y?1:0)*(desc?-1:1)});for(const k of c)walk(k)};walk(0);
for(const i of order)body.appendChild(rows[i]);document.body.dataset.sorted=key+(desc?' desc':' asc')}));
draw();show();document.body.dataset.ready='1';`;

/** A summary card: a label, a value and lines under it. */
function card(key: string, label: string, value: string, exact: string, notes: readonly string[]): string {
  return `<div class="card" data-total="${key}" data-exact="${esc(exact)}"><small>${esc(label)}</small><b>${esc(value)}</b>${notes.map((n) => `<small>${esc(n)}</small>`).join('')}</div>`;
}

type InputShape = Report['inputs'][number];

/** An input's shape as text: `1×3×224×224`; a nested input (a KV cache) as its tensors' count and shapes: `24 tensors of 1×12×8×64`. */
function inputText(shape: InputShape): string {
  if (shape.every((d) => typeof d === 'number')) return (shape as readonly number[]).join('×');
  const leaves: string[] = [];
  const walk = (s: InputShape): void => {
    if (s.every((d) => typeof d === 'number')) leaves.push((s as readonly number[]).join('×'));
    else for (const e of s as readonly InputShape[]) walk(e);
  };
  walk(shape);
  const kinds = [...new Set(leaves)];
  return `${leaves.length} tensor${leaves.length === 1 ? '' : 's'} of ${kinds.join(' or ')}`;
}

/**
 * The HTML report of a Report: one self-contained file (flops in fvcore's
 * convention: one multiply-add is one). The treemaps need the page's script;
 * the cards, the module table and the uncounted ops are plain HTML.
 */
export function htmlView(report: Report): string {
  checkReport('htmlView', report);
  const rows = rowsOf(report);
  const total = rows[0]?.flops ?? 0n;
  const params = totalParams(report);
  const acts = report.activations?.perModule[0];
  const g = report.generation;
  const convention = conventionText(report);
  const unit = flopsLabel(report);
  // Memory and roofline columns, when the Report carries them (sortable by their exact values, but for the bound).
  const estimates = estimateColumns(report, carriedEstimates(report), 'htmlView');
  const data = {
    model: report.model,
    mode: report.mode,
    inputs: report.inputs,
    convention,
    unit: report.convention?.unit ?? 'FLOPs',
    ...(g !== undefined ? { generation: g } : {}),
    modules: rows.map((r, i) => ({
      name: r.name,
      type: r.type,
      depth: r.depth,
      parent: r.parent,
      params: String(r.params),
      paramsText: formatSize(r.params),
      flops: String(r.flops),
      flopsText: formatSize(r.flops),
      activations: r.acts === null ? null : String(r.acts),
      output: r.output,
      ...Object.fromEntries(estimates.map((c) => [c.csvHeader, c.exact(i)])),
    })),
    unsupported: Object.fromEntries(report.flops.unsupported),
  };
  const cards = [
    card('parameters', 'parameters', formatSize(params), String(params), [`${params} elements`, `trainable ${formatSize(trainableParams(report))}, frozen ${formatSize(frozenParams(report))}`]),
    card('flops', report.convention === undefined ? 'FLOPs' : report.convention.unit, formatSize(total), String(total), [`${total} ${report.convention?.unit ?? 'FLOPs'}`, convention]),
    acts === undefined ? '' : card('activations', 'activations', formatSize(acts), String(acts), [`${acts} elements`, 'outputs of the counted ops']),
    card('inputs', 'inputs', report.inputs.map(inputText).join(', ') || 'none', JSON.stringify(report.inputs), ['shapes, batch included']),
    card('mode', 'mode', report.mode, report.mode, [report.mode === 'train' ? 'training mode, as a new PyTorch module' : 'eval mode (model.eval())']),
    g === undefined
      ? ''
      : card('generation', 'generation', g.phase, g.phase, [
          `batch ${g.batch}, ${g.newTokens} new token${g.newTokens === 1 ? '' : 's'}${g.phase === 'decode' ? ` after ${g.pastTokens} cached` : ''}`,
          ...(g.routing !== undefined ? [`expert routing ${g.routing}`] : []),
        ]),
  ].join('');
  const tr = rows
    .map((r, i) => {
      const share = percent(r.flops, total);
      return (
        `<tr data-index="${i}" data-module="${esc(r.name)}"><td style="padding-left:${8 + r.depth * 16}px"><span class="toggle"></span>${esc(r.name === '' ? 'model' : r.name.slice(r.name.lastIndexOf('.') + 1))}</td><td>${esc(r.type)}</td>` +
        `<td class="output">${esc(r.output)}</td><td>${formatSize(r.params)}</td><td>${r.uncalled ? '' : formatSize(r.flops)}</td><td>${r.acts === null || r.uncalled ? '' : formatSize(r.acts)}</td>` +
        `<td>${share}%<span class="bar" style="width:${Math.round(Number(share))}px"></span></td>${estimates.map((c) => `<td>${esc(c.text(i))}</td>`).join('')}</tr>`
      );
    })
    .join('\n');
  const unsupported = [...report.flops.unsupported].map(([op, n]) => `<li><code>${esc(op)}</code> &times; ${n}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>flopscope: ${esc(report.model)}</title><style>${STYLE}</style></head>
<body><h1>${esc(report.model)}</h1>
<div class="cards">${cards}</div>
<h2>By module</h2><div class="controls"><button data-metric="flops" aria-pressed="true">FLOPs</button><button data-metric="params" aria-pressed="false">parameters</button><button id="zoom-out">zoom out</button><span id="zoom-path"></span><small>click a box to zoom in; hover for numbers</small></div>
<svg id="treemap" viewBox="0 0 1000 440" width="100%" role="img" aria-label="treemap by module"></svg>
<h2>Modules</h2><table id="tree"><thead><tr><th data-key="name">module</th><th>type</th><th>output shape</th><th data-key="params">#parameters</th><th data-key="flops">#${unit}</th><th data-key="activations">#activations</th><th data-key="flops">% of ${unit}</th>${estimates.map((c) => `<th${c.csvHeader === 'bound' ? '' : ` data-key="${c.csvHeader}"`}>${esc(c.header)}</th>`).join('')}</tr></thead><tbody>
${tr}
</tbody></table>
<h2>Ops not counted</h2><p>No FLOP counter in the convention (${esc(convention)}); how often each ran:</p><ul id="unsupported">${unsupported || '<li>none</li>'}</ul>
<script type="application/json" id="data">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>
<script>${SCRIPT}</script></body></html>
`;
}

/** The HTML report of an {@link analyze} result (or of a Report): {@link htmlView} of its Report. */
export function renderHtml(result: AnalysisResult | Report): string {
  const report = typeof result === 'object' && result !== null && 'report' in result ? result.report : result;
  return htmlView(report);
}
