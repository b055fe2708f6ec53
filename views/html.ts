// The report as one self-contained HTML file (no network, no dependency):
// summary cards, the module tree as a collapsible, sortable table, a treemap
// of FLOPs by module (nested boxes, hover for numbers) and the ops the
// convention leaves uncounted. The data is embedded as JSON; a small script
// makes the table interactive. A pure renderer of a Report.

import { formatSize } from '../analysis/format.js';
import type { Report } from '../analysis/report_model.js';

interface Row {
  name: string;
  type: string;
  depth: number;
  parent: number;
  params: bigint;
  flops: bigint;
  acts: bigint | null;
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
    };
  });
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Nested boxes, one per module with FLOPs: each box split among its children by FLOPs, across then down by depth. */
function treemap(rows: readonly Row[], width: number, height: number): string {
  const children = rows.map(() => [] as number[]);
  rows.forEach((r, i) => r.parent >= 0 && r.flops > 0n && children[r.parent]!.push(i));
  const total = rows[0]?.flops ?? 0n;
  const boxes: string[] = [];
  const place = (i: number, x: number, y: number, w: number, h: number, depth: number): void => {
    const r = rows[i]!;
    const pct = total === 0n ? 0 : Number((r.flops * 10000n) / total) / 100;
    const hue = (depth * 47) % 360;
    boxes.push(
      `<rect class="box" data-module="${esc(r.name)}" x="${x.toFixed(2)}" y="${y.toFixed(2)}" width="${Math.max(w, 0).toFixed(2)}" height="${Math.max(h, 0).toFixed(2)}" fill="hsl(${hue} 55% ${88 - Math.min(depth, 6) * 6}%)" stroke="#fff"><title>${esc(r.name || 'model')} (${esc(r.type)}): ${formatSize(r.flops)} flops (${pct}%)</title></rect>`,
    );
    const kids = children[i]!;
    const sum = kids.reduce((a, k) => a + rows[k]!.flops, 0n);
    if (sum === 0n) return;
    const pad = depth === 0 ? 0 : 2;
    let offset = 0;
    for (const k of kids) {
      const share = Number((rows[k]!.flops * 1_000_000n) / sum) / 1_000_000;
      if (depth % 2 === 0) place(k, x + pad + offset * (w - 2 * pad), y + pad, share * (w - 2 * pad), h - 2 * pad, depth + 1);
      else place(k, x + pad, y + pad + offset * (h - 2 * pad), w - 2 * pad, share * (h - 2 * pad), depth + 1);
      offset += share;
    }
  };
  if (rows.length > 0 && total > 0n) place(0, 0, 0, width, height, 0);
  return `<svg id="treemap" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="FLOPs by module">${boxes.join('')}</svg>`;
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{border:1px solid #ddd;border-radius:8px;padding:10px 14px;min-width:150px}.card b{display:block;font-size:20px}.card small{color:#666}
table{border-collapse:collapse;margin-top:16px;width:100%}th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
th{cursor:pointer;background:#f6f6f6;position:sticky;top:0}td:first-child,th:first-child,td:nth-child(2),th:nth-child(2){text-align:left}
.toggle{display:inline-block;width:1.2em;cursor:pointer;color:#555}.bar{display:inline-block;height:8px;background:#6a9;margin-left:6px;vertical-align:middle}
#treemap{margin-top:16px;border:1px solid #ddd}ul{columns:3}`;

// The table's behaviour: rows collapse and expand (a module's descendants
// follow it), and a header sorts every module's children by that column.
const SCRIPT = `const data=JSON.parse(document.getElementById('data').textContent);const body=document.querySelector('#tree tbody');
const rows=[...body.rows];const kids=data.modules.map(()=>[]);data.modules.forEach((m,i)=>{if(m.parent>=0)kids[m.parent].push(i)});
const open=data.modules.map((m)=>m.depth<1);
function show(){const vis=new Array(rows.length).fill(false);const walk=(i,v)=>{vis[i]=v;for(const k of kids[i])walk(k,v&&open[i])};walk(0,true);
rows.forEach((r,i)=>{r.hidden=!vis[i];const t=r.querySelector('.toggle');if(t)t.textContent=kids[i].length?(open[i]?'\\u25be':'\\u25b8'):''})}
body.addEventListener('click',(e)=>{const t=e.target.closest('.toggle');if(!t)return;const i=+t.closest('tr').dataset.index;open[i]=!open[i];show()});
let sortKey=null,desc=true;document.querySelectorAll('#tree th[data-key]').forEach((th)=>th.addEventListener('click',()=>{const key=th.dataset.key;desc=sortKey===key?!desc:true;sortKey=key;
const val=(i)=>key==='name'?data.modules[i].name:Number(data.modules[i][key]??0);const order=[];const walk=(i)=>{order.push(i);const c=[...kids[i]].sort((a,b)=>{const x=val(a),y=val(b);return (x<y?-1:x>y?1:0)*(desc?-1:1)});for(const k of c)walk(k)};walk(0);
for(const i of order)body.appendChild(rows[i]);document.body.dataset.sorted=key+(desc?' desc':' asc')}));show();document.body.dataset.ready='1';`;

/** The HTML report of a Report (self-contained; flops in fvcore's convention: one multiply-add is one). */
export function htmlView(report: Report): string {
  const rows = rowsOf(report);
  const root = rows[0];
  const total = root?.flops ?? 0n;
  const pct = (f: bigint): string => (total === 0n ? '0' : (Number((f * 10000n) / total) / 100).toFixed(2));
  const data = {
    model: report.model,
    mode: report.mode,
    inputs: report.inputs,
    convention: 'fvcore (one multiply-add = 1 flop)',
    modules: rows.map((r) => ({ name: r.name, type: r.type, depth: r.depth, parent: r.parent, params: String(r.params), flops: String(r.flops), activations: r.acts === null ? null : String(r.acts) })),
    unsupported: Object.fromEntries(report.flops.unsupported),
  };
  const card = (label: string, n: bigint | undefined, unit: string): string =>
    n === undefined ? '' : `<div class="card" data-total="${label}"><small>${label}</small><b>${formatSize(n)}</b><small>${n} ${unit}</small></div>`;
  const tr = rows
    .map(
      (r, i) =>
        `<tr data-index="${i}" data-module="${esc(r.name)}"><td style="padding-left:${8 + r.depth * 16}px"><span class="toggle"></span>${esc(r.name === '' ? 'model' : r.name.slice(r.name.lastIndexOf('.') + 1))}</td><td>${esc(r.type)}</td>` +
        `<td>${formatSize(r.params)}</td><td>${formatSize(r.flops)}</td><td>${r.acts === null ? '' : formatSize(r.acts)}</td><td>${pct(r.flops)}%<span class="bar" style="width:${Math.round(Number(pct(r.flops)))}px"></span></td></tr>`,
    )
    .join('\n');
  const unsupported = [...report.flops.unsupported].map(([op, n]) => `<li><code>${esc(op)}</code> &times; ${n}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>flopscope: ${esc(report.model)}</title><style>${STYLE}</style></head>
<body><h1>${esc(report.model)}</h1>
<p>Input ${report.inputs.map((s) => `<code>${esc(JSON.stringify(s))}</code>`).join(', ')}, ${report.mode} mode. FLOPs as fvcore counts them (one multiply-add = 1).</p>
<div class="cards">${card('parameters', report.structure.params.get('') ?? 0n, 'elements')}${card('flops', total, 'fvcore flops')}${card('activations', report.activations?.perModule[0], 'output elements')}</div>
<h2>FLOPs by module</h2>${treemap(rows, 1000, 420)}
<h2>Modules</h2><table id="tree"><thead><tr><th data-key="name">module</th><th>type</th><th data-key="params">#parameters</th><th data-key="flops">#flops</th><th data-key="activations">#activations</th><th data-key="flops">% flops</th></tr></thead><tbody>
${tr}
</tbody></table>
<h2>Uncounted ops</h2><ul id="unsupported">${unsupported || '<li>none</li>'}</ul>
<script type="application/json" id="data">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>
<script>${SCRIPT}</script></body></html>
`;
}
