// complexity_stats_table: per-module parameters, FLOPs and activations as an
// ASCII table, with single-child chains folded into one row.
//
// The reference builds a dict of every parameter name and module name, drops
// rows whose statistics are all zero unless a child survives, formats the
// rest, blanks the FLOPs of uncalled modules, swaps in parameter shapes, and
// prints the tree. The rows and their tree come from the analysis's model
// tree (its snapshot of the model), laid out anew for each table.

import type { ModelTree } from '../trace/model_tree.js';
import type { ActivationAnalyzer, FlopAnalyzer } from './analyzers.js';
import { asciiTable } from './ascii_table.js';
import { formatSize, shapeTuple } from './format.js';

export interface StatsTableOptions {
  maxDepth?: number;
  activations?: ActivationAnalyzer | null;
  showParamShapes?: boolean;
  /** Precomputed `parameterCount(model)`, to avoid counting twice. */
  params?: ReadonlyMap<string, bigint>;
}

interface TableLayout {
  /** Rows in the reference's dict order: parameter names and prefixes, then modules without parameters. */
  readonly names: readonly string[];
  readonly children: readonly (readonly number[])[];
  readonly params: readonly (bigint | undefined)[];
  /** `(64, 3, 7, 7)` for rows that are parameters. */
  readonly shapes: readonly (string | undefined)[];
}

function tableLayout(tree: ModelTree, paramCounts: ReadonlyMap<string, bigint>, moduleKeys: Iterable<string>): TableLayout {
  const index = new Map<string, number>();
  const names: string[] = [];
  for (const k of paramCounts.keys()) {
    index.set(k, names.length);
    names.push(k);
  }
  for (const k of moduleKeys) {
    if (!index.has(k)) {
      index.set(k, names.length);
      names.push(k);
    }
  }
  const children: number[][] = names.map(() => []);
  names.forEach((name, i) => {
    if (name === '') return;
    const enclosing = tree.enclosingName(name);
    const parent = enclosing === undefined ? undefined : index.get(enclosing);
    if (parent !== undefined) children[parent]!.push(i);
  });
  const shapes = new Array<string | undefined>(names.length).fill(undefined);
  for (const p of tree.parameters) {
    const i = index.get(p.name);
    if (i !== undefined) shapes[i] = shapeTuple(p.shape);
  }
  return { names, children, params: names.map((n) => paramCounts.get(n)), shapes };
}

type Cells = (string | undefined)[];

/** `_try_combine`: merges two rows unless a cell conflicts (or their key sets differ). */
function tryCombine(a: Cells, b: Cells): Cells | null {
  const out: Cells = new Array<string | undefined>(a.length);
  for (let i = 0; i < a.length; i++) {
    const v1 = a[i];
    const v2 = b[i];
    if ((v1 === undefined) !== (v2 === undefined)) return null;
    if (v1 === undefined || v2 === undefined) continue;
    if (v1 !== v2 && v1.length > 0 && v2.length > 0) return null;
    out[i] = v1.length > 0 ? v1 : v2;
  }
  return out;
}

export function complexityStatsTable(flops: FlopAnalyzer, options: StatsTableOptions = {}): string {
  const { maxDepth = 3, activations = null, showParamShapes = true } = options;
  const tree = flops.modelTree;
  const flopCounts = flops.byModuleView();
  const actCounts = activations?.byModuleView();
  const layout = tableLayout(tree, options.params ?? tree.parameterCounts, flopCounts.keys());
  const { names, children, params, shapes } = layout;
  const n = names.length;
  const root = names.indexOf('');

  // `_remove_zero_statistics(require_trivial_children=True)`, post-order.
  const fl = new Array<bigint | undefined>(n);
  const ac = new Array<bigint | undefined>(n);
  const keep = new Uint8Array(n);
  const visit = (i: number): void => {
    let childKept = false;
    for (const c of children[i]!) {
      visit(c);
      if (keep[c] === 1) childKept = true;
    }
    const name = names[i]!;
    const f = (fl[i] = flopCounts.get(name));
    const a = (ac[i] = actCounts?.get(name));
    const p = params[i];
    const nonZero = (p !== undefined && p !== 0n) || (f !== undefined && f !== 0n) || (a !== undefined && a !== 0n);
    if (nonZero || i === root || childKept) keep[i] = 1;
  };
  visit(root);

  // Cells: formatted with 3 decimals; '' for uncalled modules' FLOPs and
  // activations; shapes for parameters, or no row without shapes.
  const flopFloats = flops.floatModules();
  const actFloats = activations?.floatModules();
  const flopsUncalled = flops.uncalledModules();
  const actsUncalled = activations?.uncalledModules();
  const cells: (Cells | undefined)[] = new Array<Cells | undefined>(n);
  for (let i = 0; i < n; i++) {
    if (keep[i] === 0) continue;
    const name = names[i]!;
    const shape = shapes[i];
    if (shape !== undefined && !showParamShapes) continue;
    const p = params[i];
    const f = fl[i];
    const a = ac[i];
    const row: Cells = [shape ?? (p === undefined ? undefined : formatSize(p, 3))];
    row.push(f === undefined ? undefined : flopsUncalled.has(name) ? '' : formatSize(f, 3, false, flopFloats.has(name)));
    if (actCounts !== undefined) {
      row.push(a === undefined ? undefined : actsUncalled!.has(name) ? '' : formatSize(a, 3, false, actFloats!.has(name)));
    }
    cells[i] = row;
  }

  const liveChildren = (i: number): number[] => children[i]!.filter((c) => cells[c] !== undefined);
  // `_fastforward`: follow single children whose statistics agree, merging them.
  const fastForward = (start: number): number => {
    let cur = start;
    for (;;) {
      const kids = liveChildren(cur);
      if (kids.length !== 1) return cur;
      const child = kids[0]!;
      const combined = tryCombine(cells[cur]!, cells[child]!);
      if (combined === null) return cur;
      cells[child] = combined;
      cur = child;
    }
  };
  const rows: string[][] = [];
  const row = (name: string, cellsOf: Cells, indent: number): string[] => {
    const pad = ' '.repeat(indent);
    const out = [pad + name];
    for (const c of cellsOf) out.push(c === undefined ? '' : pad + c);
    return out;
  };
  const top = fastForward(root);
  const rootName = names[top]!;
  rows.push(row(rootName || 'model', cells[top]!, 0));
  const rootPrefix = rootName ? `${rootName}.` : '';
  const fill = (indent: number, parent: number): void => {
    if (indent > maxDepth) return;
    for (const child of liveChildren(parent)) {
      const at = fastForward(child);
      const name = names[at]!;
      const shown = rootPrefix && name.startsWith(rootPrefix) ? name.slice(rootPrefix.length) : name;
      rows.push(row(shown, cells[at]!, indent));
      fill(indent + 1, at);
    }
  };
  fill(1, top);
  const headers = ['module', `#parameters${showParamShapes ? ' or shape' : ''}`, '#flops'];
  if (actCounts !== undefined) headers.push('#activations');
  return asciiTable(headers, rows);
}
