// complexity_stats_str, rendered from a Report: PyTorch's repr of the model
// with a statistics line added to every module that has any.
//
// The repr is PyTorch's `Module.__repr__` over the Report's captured walk:
// each module's class name and extra_repr, its `_modules` (None entries and
// shared modules included), lines written with their final indentation. The
// reference rebuilds every module's repr from extra_repr, so custom reprs are
// not used here. Everything but the statistics lines is fixed per structure
// and prepared once per Report structure.

import { formatSize } from '../analysis/format.js';
import type { CountStats, Report, ReportStructure } from '../analysis/report_model.js';

export const UNCALLED_NOTE =
  "N/A indicates a possibly missing statistic due to how the module was called. Missing values are still included in the parent's total.\n";

export interface ArchViewOptions {
  /** The `#acts` field; defaults to whether the Report has activations. */
  activations?: boolean;
}

/** One repr node's fixed text. */
interface NodeText {
  /** `  (key): TypeName(` with its indentation. */
  readonly open: string;
  /** The extra_repr lines, indented inside the node. */
  readonly extra: readonly string[];
  /** The first extra_repr line as is ('' without one), for one-line reprs. */
  readonly first: string;
  /** The indentation of the node's inner lines. */
  readonly inner: string;
  /** `)` with the node's indentation. */
  readonly close: string;
  /** `_modules` entries: a node index, or the text of a None entry. */
  readonly children: readonly (number | string)[];
  /** The module whose statistics print here; -1 for a shared module's repeat. */
  readonly stats: number;
}

const SKELETONS = new WeakMap<ReportStructure, readonly NodeText[]>();

function skeleton(s: ReportStructure): readonly NodeText[] {
  const hit = SKELETONS.get(s);
  if (hit !== undefined) return hit;
  const out = new Array<NodeText>(s.repr.length);
  const prepare = (n: number, indent: string, head: string): void => {
    const node = s.repr[n]!;
    const module = s.modules[node.module]!;
    const inner = `${indent}  `;
    const children: (number | string)[] = [];
    for (const [key, child] of node.children) {
      if (child === null) children.push(`${inner}(${key}): None`);
      else {
        children.push(child);
        prepare(child, inner, `(${key}): `);
      }
    }
    out[n] = {
      open: `${indent}${head}${module.type}(`,
      extra: module.extraRepr ? module.extraRepr.split('\n').map((l) => inner + l) : [],
      first: module.extraRepr.split('\n')[0]!,
      inner,
      close: `${indent})`,
      children,
      stats: node.repeat ? -1 : node.module,
    };
  };
  if (s.repr.length > 0) prepare(0, '', '');
  SKELETONS.set(s, out);
  return out;
}

/**
 * The statistics line of every module, as the reference writes it: missing
 * statistics are zero, modules whose statistics are all zero are dropped
 * (uncalled ones kept), 2 decimals, N/A for uncalled modules. Without the
 * "trivial children" rule each module's fate is its own.
 */
function statLines(report: Report, acts: CountStats | null): (string | undefined)[] {
  const { modules, params } = report.structure;
  const flops = report.flops;
  const anyUncalled = flops.anyUncalled || (acts !== null && acts.anyUncalled);
  const lines = new Array<string | undefined>(modules.length);
  for (let i = 0; i < modules.length; i++) {
    const name = modules[i]!.name;
    const flopsUncalled = flops.uncalled[i] === true;
    const actsUncalled = acts !== null && acts.uncalled[i] === true;
    // The reference keeps the root by default only when nothing is forced.
    const forced = anyUncalled ? flopsUncalled || actsUncalled : i === 0;
    const p = params.get(name) ?? 0n;
    const f = flops.perModule[i]!;
    const a = acts === null ? 0n : acts.perModule[i]!;
    const keep = p !== 0n || f !== 0n || a !== 0n || forced;
    const flopCell = flopsUncalled ? 'N/A' : keep ? formatSize(f, 2, false, flops.isFloat[i] === true) : null;
    if (keep) {
      let line = `#params: ${formatSize(p, 2)}, #flops: ${flopCell}`;
      if (acts !== null) line += `, #acts: ${actsUncalled ? 'N/A' : formatSize(a, 2, false, acts.isFloat[i] === true)}`;
      lines[i] = line;
    } else if (flopCell !== null) {
      // Dropped, but marked uncalled by one analyzer only.
      lines[i] = `#flops: ${flopCell}`;
    } else if (actsUncalled) {
      lines[i] = '#acts: N/A';
    }
  }
  return lines;
}

/** The architecture view of a Report, as `complexity_stats_str` prints it. */
export function archView(report: Report, options: ArchViewOptions = {}): string {
  const acts = options.activations === false ? null : report.activations;
  const nodes = skeleton(report.structure);
  const stats = statLines(report, acts);
  const out: string[] = [];
  const emit = (n: number): void => {
    const t = nodes[n]!;
    const line = t.stats < 0 ? undefined : stats[t.stats];
    const count = t.extra.length + (line === undefined ? 0 : 1);
    if (t.children.length === 0 && count <= 1) {
      out.push(`${t.open}${t.extra.length > 0 ? t.first : (line ?? '')})`);
      return;
    }
    out.push(t.open);
    for (const l of t.extra) out.push(l);
    if (line !== undefined) out.push(t.inner + line);
    for (const c of t.children) {
      if (typeof c === 'string') out.push(c);
      else emit(c);
    }
    out.push(t.close);
  };
  if (nodes.length > 0) emit(0);
  const anyUncalled = report.flops.anyUncalled || (acts !== null && acts.anyUncalled);
  return (anyUncalled ? UNCALLED_NOTE : '') + out.join('\n');
}
