// A roofline of one traced call on a device: per op, the bytes it reads
// (inputs and weights) and writes (results), its FLOPs, arithmetic intensity,
// whether compute or memory bounds it, and the least time it can take;
// summed per module and for the model (docs/memory.md).

import { symNumel } from '../core/shape.js';
import { DTYPE_BYTES } from '../core/dtype.js';
import { SymbolicError } from '../core/errors.js';
import { countAdd, countFloorDiv, countMul, type SymCount } from '../core/sizes.js';
import { Tensor } from '../core/tensor.js';
import type { OpNode } from '../trace/graph.js';
import type { Trace } from '../trace/tracer.js';
import type { ModelTree } from '../trace/model_tree.js';
import type { AnalysisResult } from './analyze.js';
import { secondsText } from './byte_units.js';
import { peakFlopsOf, type Device } from './devices.js';
import { provideEstimateColumns } from './estimate_columns.js';
import { countTotal } from './handles.js';
import { bytesColumn, bytesOf, dtypesOf, forEachScope, isFloating, isIdentity, outputBytes, STORAGE_DTYPE_BITS, type DtypeOptions, type Dtypes, type StorageDtype } from './memory.js';
import { FULL_FLOP_HANDLES } from './conventions/full.js';
import type { GenerationPhase } from './report_model.js';

/** What limits an op: its math, its memory traffic, or nothing (an op that moves no bytes and does no math, a view). */
export type Bound = 'compute' | 'memory' | 'none';

/** One op's (or module's, or the model's) place on the roofline. */
export interface RooflinePoint {
  /** Floating-point operations: every op's cost under `full` (2 per multiply-add, elementwise work too; docs/costs.md). */
  readonly flops: bigint;
  /** Bytes read: tensor inputs (activations in the activation dtype, parameters and buffers in the weight dtype). */
  readonly bytesRead: bigint;
  /** Bytes written: the op's results, in the activation dtype. */
  readonly bytesWritten: bigint;
  /** bytesRead + bytesWritten. */
  readonly bytesMoved: bigint;
  /** FLOPs per byte moved (0 when nothing moves). */
  readonly intensity: number;
  readonly bound: Bound;
  /** The least time: max(flops / peak FLOP/s, bytes moved / bandwidth), in seconds; summed over ops for a module. */
  readonly latencySeconds: number;
}

/** The roofline of one traced call, per op, per module and in total. */
export interface RooflineReport {
  readonly device: Device;
  readonly dtypes: Dtypes;
  /** The peak FLOP/s used (the activation dtype's, or the rate the device runs it at). */
  readonly peakFlops: number;
  /** The dtype whose rate `peakFlops` is (the activation dtype unless the device lacks it). */
  readonly peakDtype: StorageDtype;
  /** Bytes per second. */
  readonly bandwidth: number;
  /** peakFlops / bandwidth: the intensity (FLOPs per byte) above which an op is compute-bound. */
  readonly ridgeIntensity: number;
  /** Per op of the trace, in order. */
  readonly ops: readonly RooflinePoint[];
  /** Canonical module names, in the trace's ModelTree order. */
  readonly moduleNames: readonly string[];
  /** Per module (ops of its submodules included); latency is the sum of its ops'. */
  readonly modules: readonly RooflinePoint[];
  /** The model's total: the root module's. */
  readonly total: RooflinePoint;
  /** Bytes of all parameters in the weight dtype. */
  readonly weightBytes: bigint;
  /** weightBytes / bandwidth: the time to read every weight once (a decode step reads nearly all). */
  readonly weightLatencySeconds: number;
  /** A language model's step (prefill or decode), when the model says. */
  readonly generation?: GenerationPhase | undefined;
  /** For a language model: the total latency per new token (a decode step of 1 token: the step's latency). */
  readonly latencyPerTokenSeconds?: number | undefined;
}

/** FLOPs of an op: its cost under `full` (every op costed, 2 per multiply-add; docs/costs.md). */
export function opFlops(node: OpNode): bigint {
  const handle = FULL_FLOP_HANDLES[node.kind];
  return handle === undefined ? 0n : countTotal(handle(node));
}

/** `elements` in `dtype`, in whole bytes (rounded up): exact, an expression for a symbolic count. */
function bytesOfCount(elements: SymCount, dtype: StorageDtype): SymCount {
  if (typeof elements === 'bigint') return bytesOf(elements, dtype);
  return countFloorDiv(countAdd(countMul(elements, BigInt(STORAGE_DTYPE_BITS[dtype])), 7n), 8n);
}

/** A tensor's bytes: floating point in `floatDtype`, integers and bools at their own size. */
function tensorBytesOf(t: Tensor, floatDtype: StorageDtype): SymCount {
  const n = symNumel(t.shape);
  return isFloating(t.dtype) ? bytesOfCount(n, floatDtype) : countMul(n, BigInt(DTYPE_BYTES[t.dtype]));
}

/** The tensors read in the weight dtype: every parameter and buffer of the tree. */
export function weightTensorsOf(tree: ModelTree): Set<Tensor> {
  const weights = new Set<Tensor>();
  for (const p of tree.parameters) weights.add(p.parameter);
  for (const b of tree.buffers) weights.add(b.buffer);
  return weights;
}

/** Whether an op moves data: a view (or a dropout outside training) does not, nor an op returning a Python number. */
export function movesData(node: OpNode): boolean {
  return !node.schema.aliasesInput && !isIdentity(node) && node.outputs.some((s) => s !== null);
}

/**
 * Bytes an op reads: each tensor argument once; an embedding reads only the
 * rows it gathers. Exact; an expression in a symbolic analysis.
 */
export function opBytesReadOf(node: OpNode, dtypes: Dtypes, weights: ReadonlySet<Tensor>): SymCount {
  if (node.kind === 'aten::embedding') {
    const w = node.args.weight;
    const idx = node.args.indices;
    if (w instanceof Tensor && idx instanceof Tensor) {
      const rows = countMul(symNumel(idx.shape), w.shape[w.shape.length - 1] ?? 1);
      return countAdd(bytesOfCount(rows, weights.has(w) ? dtypes.weight : dtypes.act), tensorBytesOf(idx, dtypes.act));
    }
  }
  const seen = new Set<Tensor>();
  let total: SymCount = 0n;
  const add = (t: unknown): void => {
    if (!(t instanceof Tensor) || seen.has(t)) return;
    seen.add(t);
    total = countAdd(total, tensorBytesOf(t, weights.has(t) ? dtypes.weight : dtypes.act));
  };
  for (const name in node.args) {
    const v = node.args[name];
    if (Array.isArray(v)) for (const e of v) add(e);
    else add(v);
  }
  return total;
}

/** Bytes an op's results take, in the activation dtype. Exact; an expression in a symbolic analysis. */
export function opBytesWrittenOf(node: OpNode, act: StorageDtype): SymCount {
  let total: SymCount = 0n;
  for (const s of node.outputs) if (s !== null) total = countAdd(total, bytesOfCount(symNumel(s), act));
  return total;
}

/** {@link opBytesReadOf} of a concrete trace, as a bigint (a symbolic one is a SymbolicError naming the op). */
export function opBytesRead(node: OpNode, dtypes: Dtypes, weights: ReadonlySet<Tensor>): bigint {
  const r = opBytesReadOf(node, dtypes, weights);
  if (typeof r !== 'bigint') throw new SymbolicError(`${node.kind}: the bytes it reads must be a concrete number, got ${r.toString()}`, r.symbols());
  return r;
}

/** A point from its FLOPs, bytes and the time it takes at best. */
function point(flops: bigint, bytesRead: bigint, bytesWritten: bigint, computeSeconds: number, memorySeconds: number, latencySeconds: number): RooflinePoint {
  const bytesMoved = bytesRead + bytesWritten;
  const bound: Bound = computeSeconds === 0 && memorySeconds === 0 ? 'none' : computeSeconds > memorySeconds ? 'compute' : 'memory';
  return { flops, bytesRead, bytesWritten, bytesMoved, intensity: bytesMoved === 0n ? 0 : Number(flops) / Number(bytesMoved), bound, latencySeconds };
}

/** Options of {@link rooflineOf}: the device and the dtypes. */
export interface RooflineOptions extends DtypeOptions {
  readonly device: Device;
}

/**
 * The roofline of a traced call (what {@link rooflineOf} reads from an
 * analysis); `generation` is a language model's step, when known.
 */
export function rooflineOfTrace(trace: Trace, generation: GenerationPhase | undefined, options: RooflineOptions): RooflineReport {
  const dtypes = dtypesOf(options);
  const device = options.device;
  const peak = peakFlopsOf(device, dtypes.act);
  const bandwidth = device.bandwidth;
  const tree = trace.tree;
  const weights = weightTensorsOf(tree);
  const size = tree.size;
  const sums = Array.from({ length: size }, () => ({ flops: 0n, read: 0n, written: 0n, compute: 0, memory: 0, latency: 0 }));
  const ops = trace.nodes.map((node) => {
    const moves = movesData(node);
    const flops = opFlops(node);
    const read = moves ? opBytesRead(node, dtypes, weights) : 0n;
    const written = moves ? outputBytes(node, dtypes.act) : 0n;
    const compute = Number(flops) / peak.flops;
    const memory = Number(read + written) / bandwidth;
    const latency = Math.max(compute, memory);
    forEachScope(node, tree.parents, (id) => {
      const s = sums[id]!;
      s.flops += flops;
      s.read += read;
      s.written += written;
      s.compute += compute;
      s.memory += memory;
      s.latency += latency;
    });
    return point(flops, read, written, compute, memory, latency);
  });
  const modules = sums.map((s) => point(s.flops, s.read, s.written, s.compute, s.memory, s.latency));
  let weightElements = 0n;
  for (const p of tree.parameters) weightElements += p.numel;
  const weightBytes = bytesOf(weightElements, dtypes.weight);
  const total = modules[0] ?? point(0n, 0n, 0n, 0, 0, 0);
  return {
    device,
    dtypes,
    peakFlops: peak.flops,
    peakDtype: peak.dtype,
    bandwidth,
    ridgeIntensity: peak.flops / bandwidth,
    ops,
    moduleNames: tree.canonicalNames,
    modules,
    total,
    weightBytes,
    weightLatencySeconds: Number(weightBytes) / bandwidth,
    generation,
    latencyPerTokenSeconds: generation === undefined ? undefined : total.latencySeconds / generation.newTokens,
  };
}

/**
 * The roofline of an analysis on `options.device`: per op and per module,
 * bytes read and written, FLOPs (2 per multiply-add), arithmetic intensity,
 * the bound and the least latency; the math runs at the device's rate for
 * the activation dtype.
 * @example
 * ```ts
 * const r = rooflineOf(analyze(models.llama3_8b().eval(), { inputs: [ids, cache] }), { device: deviceNamed('h100-sxm'), dtype: 'bf16' });
 * r.weightLatencySeconds; // 0.004794: 8,030,261,248 params * 2 bytes / 3.35e12 B/s
 * ```
 */
export function rooflineOf(result: AnalysisResult, options: RooflineOptions): RooflineReport {
  return rooflineOfTrace(result.flopAnalyzer.trace, result.report.generation, options);
}

// The views' roofline columns (analysis/estimate_columns.ts).
provideEstimateColumns('roofline', (estimates) => {
  const modules = estimates.roofline!.modules;
  const point = (m: number): RooflinePoint => modules[m]!;
  return [
    bytesColumn('bytes moved', 'bytes_moved', (m) => point(m).bytesMoved),
    { header: 'FLOP/byte', csvHeader: 'flop_per_byte', text: (m) => point(m).intensity.toFixed(2), exact: (m) => String(point(m).intensity) },
    { header: 'bound', csvHeader: 'bound', text: (m) => point(m).bound, exact: (m) => point(m).bound },
    { header: 'min latency', csvHeader: 'latency_seconds', text: (m) => secondsText(point(m).latencySeconds), exact: (m) => String(point(m).latencySeconds) },
  ];
});
