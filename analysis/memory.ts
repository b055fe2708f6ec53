// Inference memory of one traced call: bytes of the parameters and buffers
// in the chosen dtypes, the peak of live activations found by liveness over
// the trace's dataflow, the inputs, and a language model's KV cache
// (docs/memory.md explains every rule).

import { ArgumentError, UnknownNameError } from '../core/errors.js';
import { DTYPE_BYTES, type DType } from '../core/dtype.js';
import { numel } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import type { OpNode } from '../trace/graph.js';
import { traceDataflow, type TraceDataflow } from '../trace/dataflow.js';
import { forEachTensor, type Trace } from '../trace/tracer.js';
import type { AnalysisResult } from './analyze.js';
import { bytesCell } from './byte_units.js';
import { provideEstimateColumns, type EstimateColumn } from './estimate_columns.js';
import type { GenerationPhase } from './report_model.js';

/** A storage type of weights or activations, by its short name: 32-bit float down to 4-bit integer. */
export type StorageDtype = 'fp32' | 'fp16' | 'bf16' | 'fp8' | 'int8' | 'int4';

/** Bits per element of each storage dtype (int4 packs two elements in a byte). */
export const STORAGE_DTYPE_BITS: Readonly<Record<StorageDtype, number>> = { fp32: 32, fp16: 16, bf16: 16, fp8: 8, int8: 8, int4: 4 };

/** The storage dtypes in order of size, as `--dtype` lists them. */
export const STORAGE_DTYPES: readonly StorageDtype[] = Object.keys(STORAGE_DTYPE_BITS) as StorageDtype[];

/** `name` as a StorageDtype; an UnknownNameError lists the known ones. */
export function storageDtype(name: string): StorageDtype {
  if (!Object.prototype.hasOwnProperty.call(STORAGE_DTYPE_BITS, name)) throw new UnknownNameError('dtype', name, STORAGE_DTYPES);
  return name as StorageDtype;
}

/** Bytes of `elements` elements of `dtype`, rounded up to a whole byte (int4: two per byte). */
export function bytesOf(elements: bigint, dtype: StorageDtype): bigint {
  return (elements * BigInt(STORAGE_DTYPE_BITS[dtype]) + 7n) / 8n;
}

/**
 * Which dtypes weights and activations are stored in: `dtype` sets both,
 * `weightDtype` and `actDtype` override it for one side (fp32 by default).
 */
export interface DtypeOptions {
  /** Weights and activations (fp32 by default). */
  dtype?: StorageDtype;
  /** Parameters and floating-point buffers; `dtype` when absent. */
  weightDtype?: StorageDtype;
  /** Inputs and op results (activations); `dtype` when absent. */
  actDtype?: StorageDtype;
}

/** The dtypes a memory estimate assumed. */
export interface Dtypes {
  readonly weight: StorageDtype;
  readonly act: StorageDtype;
}

/** The options' dtypes, checked: an unknown name is an UnknownNameError. */
export function dtypesOf(options: DtypeOptions = {}): Dtypes {
  if (typeof options !== 'object' || options === null) throw new ArgumentError('memory', 'options', options, 'an object of options');
  const pick = (v: unknown, fallback: StorageDtype): StorageDtype => (v === undefined ? fallback : storageDtype(String(v)));
  const dtype = pick(options.dtype, 'fp32');
  return { weight: pick(options.weightDtype, dtype), act: pick(options.actDtype, dtype) };
}

/** Whether a tensor dtype holds floating-point values (stored in the chosen dtype; integers and bools keep their own size). */
export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float16' || dtype === 'bfloat16' || dtype === 'float64';
}

/** Bytes of one tensor: floating point in `floatDtype`, integers and bools at their own size. */
export function tensorBytes(t: Tensor, floatDtype: StorageDtype): bigint {
  const n = numel(t.shape);
  return isFloating(t.dtype) ? bytesOf(n, floatDtype) : n * BigInt(DTYPE_BYTES[t.dtype]);
}

/** Bytes an op's results take, all in the activation dtype (the trace keeps their shapes, not their dtypes). */
export function outputBytes(node: OpNode, act: StorageDtype): bigint {
  let total = 0n;
  for (const s of node.outputs) if (s !== null) total += bytesOf(numel(s), act);
  return total;
}

// ------------------------------------------------------------- the KV cache

/** The layout of a decoder's KV cache (what `kvCacheLayout()` of the language models returns). */
export interface CacheLayout {
  readonly layers: number;
  /** Key-value heads (grouped-query attention: fewer than the query heads). */
  readonly heads: number;
  readonly headDim: number;
}

/**
 * Bytes of a KV cache: `2 * layers * kv_heads * head_dim * bytes * tokens * batch`
 * (the 2: a key and a value per token, layer and head).
 */
export function kvCacheBytes(layout: CacheLayout, tokens: number, batch: number, dtype: StorageDtype): bigint {
  for (const [name, v] of [['tokens', tokens], ['batch', batch]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new ArgumentError('kvCacheBytes', name, v, 'a whole number >= 0');
  }
  return bytesOf(2n * BigInt(layout.layers) * BigInt(layout.heads) * BigInt(layout.headDim) * BigInt(tokens) * BigInt(batch), dtype);
}

/** The model's KV-cache layout, when it has one (a `kvCacheLayout()` method, as the language models do). */
export function cacheLayoutOf(model: unknown): CacheLayout | null {
  const f = (model as { kvCacheLayout?: unknown } | null)?.kvCacheLayout;
  return typeof f === 'function' ? (f.call(model) as CacheLayout) : null;
}

/** The KV cache of a language model's step: the cache after it (past and new tokens). */
export interface KVCacheMemory {
  readonly layout: CacheLayout;
  readonly batch: number;
  /** Past plus new tokens: what the cache holds after the step. */
  readonly tokens: number;
  /** Bytes per token and sequence: `2 * layers * kv_heads * head_dim * bytes`. */
  readonly bytesPerToken: bigint;
  readonly bytes: bigint;
}

// ------------------------------------------------------------ the liveness

/**
 * Liveness of the op results of a trace: each op that makes new memory (not
 * a view, not an in-place write) allocates its results' bytes; they are live
 * from that op to the last op that reads them or any view of them (to the
 * end for what the forward returns).
 */
export interface Liveness {
  /** Per node, the bytes of new memory its results take (0 for views, in-place writes and excluded results). */
  readonly allocated: readonly bigint[];
  /** Per node, the node whose memory its results are (itself, or the node a view or in-place write shares with; -1 when none of the trace's). */
  readonly storage: Int32Array;
  /** Per node that allocates, the last node that reads its memory. */
  readonly lastUse: Int32Array;
  /** Per node, the bytes of op results live while it runs (its inputs and its results included). */
  readonly liveBytes: readonly bigint[];
  /** The largest of `liveBytes`, and the first node where it is reached (-1 for an empty trace). */
  readonly peakBytes: bigint;
  readonly peakNode: number;
  /** Sum of `allocated`: the bytes if nothing were ever freed. */
  readonly totalAllocated: bigint;
}

/** The dataflow of a trace; an ArgumentError for a trace made by hand without one. */
export function dataflowOf(trace: Trace, where: string): TraceDataflow {
  return traceDataflow(trace, where);
}

/** Whether `node` returns its input itself: a dropout outside training (or of p = 0), as ATen's dropout does. */
export function isIdentity(node: OpNode): boolean {
  return node.kind.includes('dropout') && (node.args.train === false || node.args.p === 0);
}

/** Per node, the node whose memory its results are (-1: memory the trace did not make). */
export function storageOf(trace: Trace, flow: TraceDataflow): Int32Array {
  const n = flow.sharesWith.length;
  const storage = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const node = trace.nodes[i]!;
    let s = flow.sharesWith[i]!;
    if (s === -2 && isIdentity(node) && node.args.input instanceof Tensor) {
      const p = flow.producerOf(node.args.input);
      s = p >= 0 && p < i ? p : -1;
    }
    storage[i] = s === -2 ? i : s === -1 ? -1 : storage[s]!;
  }
  return storage;
}

/**
 * Liveness over `trace` with results in `act`; the results whose memory
 * `excluded` holds (node indexes of allocating nodes) count nothing (a KV
 * cache the forward returns is counted as the cache).
 */
export function livenessOf(trace: Trace, act: StorageDtype, excluded: ReadonlySet<number> = new Set()): Liveness {
  const flow = dataflowOf(trace, 'livenessOf');
  const nodes = trace.nodes;
  const n = nodes.length;
  const storage = storageOf(trace, flow);
  const allocated = nodes.map((node, i) => (storage[i] === i && !excluded.has(i) ? outputBytes(node, act) : 0n));
  const lastUse = new Int32Array(n);
  for (let i = 0; i < n; i++) lastUse[i] = i;
  for (let j = 0; j < n; j++) {
    for (const p of flow.producers[j]!) {
      const s = storage[p]!;
      if (s >= 0 && lastUse[s]! < j) lastUse[s] = j;
    }
  }
  forEachTensor(trace.output, (t) => {
    const p = flow.producerOf(t);
    const s = p === -1 ? -1 : storage[p]!;
    if (s >= 0) lastUse[s] = n - 1;
  });
  // A sweep: memory comes in at its node and goes after its last use.
  const freedAfter: bigint[] = new Array<bigint>(n).fill(0n);
  for (let i = 0; i < n; i++) freedAfter[lastUse[i]!]! += allocated[i]!;
  const liveBytes: bigint[] = [];
  let live = 0n;
  let peakBytes = 0n;
  let peakNode = -1;
  let totalAllocated = 0n;
  for (let i = 0; i < n; i++) {
    live += allocated[i]!;
    totalAllocated += allocated[i]!;
    liveBytes.push(live);
    if (peakNode === -1 || live > peakBytes) {
      peakBytes = live;
      peakNode = i;
    }
    live -= freedAfter[i]!;
  }
  return { allocated, storage, lastUse, liveBytes, peakBytes, peakNode, totalAllocated };
}

// ---------------------------------------------------------- the estimate

/** One module's memory (its submodules included). */
export interface ModuleMemory {
  /** Bytes of the parameters under it (each shared one once), in the weight dtype. */
  readonly paramBytes: bigint;
  /** Bytes of its buffers: floating ones in the weight dtype, integer ones at their own size. */
  readonly bufferBytes: bigint;
  /** Bytes of new memory its ops make (the sum, nothing freed). */
  readonly activationBytes: bigint;
  /** The most bytes of op results live at once while its ops run (the model's whole live set, not only its own); 0 when it ran no op. */
  readonly peakActivationBytes: bigint;
}

/** Inference memory of one traced call, each part in bytes. */
export interface MemoryReport {
  readonly dtypes: Dtypes;
  /** Every parameter once, in the weight dtype. */
  readonly paramBytes: bigint;
  /** Every buffer once: floating ones in the weight dtype, integer ones at their own size. */
  readonly bufferBytes: bigint;
  /** The model's inputs other than a KV cache: floating ones in the activation dtype, token ids at their own size. */
  readonly inputBytes: bigint;
  /** The peak of live op results (the KV cache the forward returns excluded: it is `kvCacheBytes`). */
  readonly peakActivationBytes: bigint;
  /** Where the peak is: the op's index in the trace, and the module it ran in ('' for the root). */
  readonly peakNode: number;
  readonly peakModule: string;
  /** Every op result's bytes summed, nothing freed: the most the peak can be. */
  readonly sumActivationBytes: bigint;
  /** The KV cache after the step, for a language model (null for other models). */
  readonly kvCache: KVCacheMemory | null;
  /** `kvCache.bytes`, or 0. */
  readonly kvCacheBytes: bigint;
  /** params + buffers + inputs + peak activations + KV cache. */
  readonly totalBytes: bigint;
  /** Canonical module names, in the trace's ModelTree order. */
  readonly moduleNames: readonly string[];
  /** Per module (the order of `moduleNames`). */
  readonly modules: readonly ModuleMemory[];
}

/**
 * The tensors of a KV-cache model's forward output that are its cache (every
 * output after the first: `[logits, cache]`), as the nodes that made them.
 */
function cacheOutputNodes(trace: Trace, flow: TraceDataflow, storage: Int32Array): Set<number> {
  const out = new Set<number>();
  const output = trace.output;
  if (!Array.isArray(output)) return out;
  for (let k = 1; k < output.length; k++) {
    forEachTensor(output[k], (t) => {
      const p = flow.producerOf(t);
      if (p >= 0 && storage[p]! >= 0) out.add(storage[p]!);
    });
  }
  return out;
}

/** Per module id, the sum of per-module values over it and its descendants (parents come before children). */
export function inclusive(own: readonly bigint[], parents: Int32Array): bigint[] {
  const total = [...own];
  for (let id = total.length - 1; id > 0; id--) {
    const p = parents[id]!;
    if (p >= 0) total[p]! += total[id]!;
  }
  return total;
}

/**
 * Calls `visit` with the id of the module the node ran in and of each of its
 * ancestors in the model's tree, innermost first (a ModuleList that is
 * never called is still its items' ancestor).
 */
export function forEachScope(node: OpNode, parents: Int32Array, visit: (id: number) => void): void {
  if (node.scope === null) return;
  for (let id = node.scope.id; id >= 0; id = parents[id]!) visit(id);
}

/**
 * The inference memory of a traced call (what {@link memoryOf} reads from an
 * analysis): `generation` is the language model's step, when known.
 */
export function memoryOfTrace(trace: Trace, generation: GenerationPhase | undefined, options?: DtypeOptions): MemoryReport {
  const dtypes = dtypesOf(options);
  const tree = trace.tree;
  const flow = dataflowOf(trace, 'memoryOf');
  const storage = storageOf(trace, flow);
  const layout = cacheLayoutOf(trace.model);
  const excluded = layout !== null ? cacheOutputNodes(trace, flow, storage) : new Set<number>();
  const liveness = livenessOf(trace, dtypes.act, excluded);

  const size = tree.size;
  const ownParams = new Array<bigint>(size).fill(0n);
  for (const p of tree.parameters) ownParams[p.owner]! += bytesOf(p.numel, dtypes.weight);
  const ownBuffers = new Array<bigint>(size).fill(0n);
  for (const b of tree.buffers) ownBuffers[b.owner]! += tensorBytes(b.buffer, dtypes.weight);
  const params = inclusive(ownParams, tree.parents);
  const buffers = inclusive(ownBuffers, tree.parents);

  const activation = new Array<bigint>(size).fill(0n);
  const peak = new Array<bigint>(size).fill(0n);
  trace.nodes.forEach((node, i) => {
    const live = liveness.liveBytes[i]!;
    const made = liveness.allocated[i]!;
    forEachScope(node, tree.parents, (id) => {
      activation[id]! += made;
      if (live > peak[id]!) peak[id] = live;
    });
  });
  // The root's peak is the model's, even for ops outside any module call.
  if (size > 0) peak[0] = liveness.peakBytes;

  // The root call's arguments: the inputs; a KV cache (the second input of a cache model) is the cache's part.
  const args = trace.calls[0]?.args ?? [];
  let inputBytes = 0n;
  args.forEach((a, k) => {
    if (layout !== null && k === 1) return;
    forEachTensor(a, (t) => (inputBytes += tensorBytes(t, dtypes.act)));
  });

  let kvCache: KVCacheMemory | null = null;
  if (layout !== null && generation !== undefined) {
    const tokens = generation.pastTokens + generation.newTokens;
    kvCache = { layout, batch: generation.batch, tokens, bytesPerToken: kvCacheBytes(layout, 1, 1, dtypes.act), bytes: kvCacheBytes(layout, tokens, generation.batch, dtypes.act) };
  }
  const kvBytes = kvCache?.bytes ?? 0n;
  const peakNode = liveness.peakNode;
  const peakScope = peakNode >= 0 ? trace.nodes[peakNode]!.scope : null;
  const paramBytes = params[0] ?? 0n;
  const bufferBytes = buffers[0] ?? 0n;
  return {
    dtypes,
    paramBytes,
    bufferBytes,
    inputBytes,
    peakActivationBytes: liveness.peakBytes,
    peakNode,
    peakModule: peakScope === null ? '' : peakScope.name,
    sumActivationBytes: liveness.totalAllocated,
    kvCache,
    kvCacheBytes: kvBytes,
    totalBytes: paramBytes + bufferBytes + inputBytes + liveness.peakBytes + kvBytes,
    moduleNames: tree.canonicalNames,
    modules: params.map((p, id) => ({ paramBytes: p, bufferBytes: buffers[id]!, activationBytes: activation[id]!, peakActivationBytes: peak[id]! })),
  };
}

/**
 * Inference memory of an analysis: parameters and buffers in the weight
 * dtype, the peak of live activations (by liveness over the trace), the
 * inputs, and for a language model its KV cache after the step; per module
 * and in total.
 * @example
 * ```ts
 * const m = memoryOf(analyze(models.resnet18().eval(), [3, 224, 224]), { dtype: 'fp16' });
 * m.paramBytes; // 23379024n: 11,689,512 parameters * 2 bytes
 * ```
 */
export function memoryOf(result: AnalysisResult, options?: DtypeOptions): MemoryReport {
  return memoryOfTrace(result.flopAnalyzer.trace, result.report.generation, options);
}

// ------------------------------------------------- the views' memory columns

/** A per-module column of bytes: `12.85 MB` to read, the integer exactly. */
export function bytesColumn(header: string, csvHeader: string, of: (m: number) => bigint): EstimateColumn {
  return { header, csvHeader, text: (m) => bytesCell(of(m)), exact: (m) => String(of(m)) };
}

provideEstimateColumns('memory', (estimates) => {
  const modules = estimates.memory!.modules;
  return [
    bytesColumn('param bytes', 'param_bytes', (m) => modules[m]!.paramBytes),
    bytesColumn('buffer bytes', 'buffer_bytes', (m) => modules[m]!.bufferBytes),
    bytesColumn('results made', 'activation_bytes', (m) => modules[m]!.activationBytes),
    bytesColumn('peak live', 'peak_activation_bytes', (m) => modules[m]!.peakActivationBytes),
  ];
});
