// Training memory of one step: weights, gradients, optimizer state (and
// fp32 master weights in mixed precision), and the activations each op saves
// for its gradient, with and without activation checkpointing per block
// (docs/memory.md: the rules, and the checks against the 16-bytes-per-
// parameter rule and Korthikanti et al.'s per-layer formula).

import { ArgumentError, UnknownNameError } from '../core/errors.js';
import { numel } from '../core/shape.js';
import { Parameter, Tensor } from '../core/tensor.js';
import type { OpNode } from '../trace/graph.js';
import type { TraceDataflow } from '../trace/dataflow.js';
import { forEachTensor, type Trace } from '../trace/tracer.js';
import type { AnalysisResult } from './analyze.js';
import { provideEstimateColumns } from './estimate_columns.js';
import { bytesColumn, bytesOf, dataflowOf, dtypesOf, forEachScope, livenessOf, storageOf, tensorBytes, type DtypeOptions, type Dtypes } from './memory.js';

/** An optimizer, by its torch.optim name: plain SGD, SGD with momentum, Adam, AdamW. */
export type Optimizer = 'sgd' | 'momentum' | 'adam' | 'adamw';

/** fp32 state bytes per trainable parameter: momentum keeps one buffer, Adam and AdamW two (exp_avg, exp_avg_sq). */
export const OPTIMIZER_STATE_BYTES: Readonly<Record<Optimizer, number>> = { sgd: 0, momentum: 4, adam: 8, adamw: 8 };

/** The optimizers, as `--optimizer` lists them. */
export const OPTIMIZERS: readonly Optimizer[] = Object.keys(OPTIMIZER_STATE_BYTES) as Optimizer[];

/** `name` as an Optimizer; an UnknownNameError lists the known ones. */
export function optimizerNamed(name: string): Optimizer {
  if (!Object.prototype.hasOwnProperty.call(OPTIMIZER_STATE_BYTES, name)) throw new UnknownNameError('optimizer', name, OPTIMIZERS);
  return name as Optimizer;
}

/** Options of {@link trainingMemoryOf}: dtypes, the optimizer, and which modules are checkpointed blocks. */
export interface TrainingOptions extends DtypeOptions {
  /** adamw by default. */
  optimizer?: Optimizer;
  /** Canonical names of the modules checkpointed one by one; by default the repeated blocks (see `blocksOf`). */
  checkpointBlocks?: readonly string[];
}

// ------------------------------------------------- what each op saves

/**
 * What an op keeps for its backward (PyTorch's derivatives.yaml, reduced to
 * the tensors that count): its result; named inputs; for a product, each
 * operand when the other needs a gradient; a dropout's mask (1 byte an
 * element); a max pool's input and int64 indices.
 */
type SaveRule =
  | { readonly save: 'output' }
  | { readonly save: 'inputs'; readonly names: readonly string[] }
  | { readonly save: 'pair'; readonly a: string; readonly b: string }
  | { readonly save: 'mask' }
  | { readonly save: 'maxpool' }
  | { readonly save: 'nothing' };

const OUTPUT: SaveRule = { save: 'output' };
const NOTHING: SaveRule = { save: 'nothing' };
const inputs = (...names: string[]): SaveRule => ({ save: 'inputs', names });
const pair = (a: string, b: string): SaveRule => ({ save: 'pair', a, b });

const RULES: Readonly<Record<string, SaveRule>> = {
  'aten::linear': pair('input', 'weight'),
  'aten::_convolution': pair('input', 'weight'),
  'aten::matmul': pair('self', 'other'),
  'aten::mm': pair('self', 'mat2'),
  'aten::bmm': pair('self', 'mat2'),
  'aten::addmm': pair('mat1', 'mat2'),
  'aten::baddbmm': pair('batch1', 'batch2'),
  'aten::mul': pair('self', 'other'),
  'aten::mul_': pair('self', 'other'),
  'aten::div': pair('self', 'other'),
  'aten::div_': pair('self', 'other'),
  'aten::einsum': inputs('tensors'),
  'aten::bilinear': inputs('input1', 'input2'),
  'aten::layer_norm': inputs('input'),
  'aten::batch_norm': inputs('input'),
  'aten::group_norm': inputs('input'),
  'aten::instance_norm': inputs('input'),
  'aten::gelu': inputs('self'),
  'aten::silu': inputs('self'),
  'aten::silu_': inputs('self'),
  'aten::hardswish': inputs('self'),
  'aten::hardswish_': inputs('self'),
  'aten::hardsigmoid': inputs('self'),
  'aten::hardsigmoid_': inputs('self'),
  'aten::hardtanh': inputs('self'),
  'aten::hardtanh_': inputs('self'),
  'aten::mish': inputs('self'),
  'aten::mish_': inputs('self'),
  'aten::leaky_relu': inputs('self'),
  'aten::leaky_relu_': inputs('self'),
  'aten::softplus': inputs('self'),
  'aten::log_sigmoid': inputs('self'),
  'aten::elu': OUTPUT,
  'aten::elu_': OUTPUT,
  'aten::prelu': inputs('self', 'weight'),
  'aten::pow': inputs('self'),
  'aten::log': inputs('self'),
  'aten::sin': inputs('self'),
  'aten::cos': inputs('self'),
  'aten::abs': inputs('self'),
  'aten::clamp': inputs('self'),
  'aten::clamp_min': inputs('self'),
  'aten::relu': OUTPUT,
  'aten::relu_': OUTPUT,
  'aten::threshold': OUTPUT,
  'aten::threshold_': OUTPUT,
  'aten::sigmoid': OUTPUT,
  'aten::sigmoid_': OUTPUT,
  'aten::tanh': OUTPUT,
  'aten::tanh_': OUTPUT,
  'aten::exp': OUTPUT,
  'aten::sqrt': OUTPUT,
  'aten::rsqrt': OUTPUT,
  'aten::reciprocal': OUTPUT,
  'aten::softmax': OUTPUT,
  'aten::log_softmax': OUTPUT,
  'aten::masked_fill': inputs('mask'),
  'aten::masked_fill_': inputs('mask'),
  'aten::avg_pool1d': inputs('self'),
  'aten::avg_pool2d': inputs('self'),
  'aten::avg_pool3d': inputs('self'),
  'aten::adaptive_avg_pool1d': inputs('self'),
  'aten::adaptive_avg_pool2d': inputs('self'),
  'aten::adaptive_avg_pool3d': inputs('self'),
  'aten::max_pool1d': { save: 'maxpool' },
  'aten::max_pool2d': { save: 'maxpool' },
  'aten::max_pool3d': { save: 'maxpool' },
  'aten::dropout': { save: 'mask' },
  'aten::dropout_': { save: 'mask' },
  'aten::feature_dropout': { save: 'mask' },
  'aten::feature_dropout_': { save: 'mask' },
  'aten::alpha_dropout': { save: 'mask' },
  'aten::feature_alpha_dropout': { save: 'mask' },
};

// Ops whose gradient needs no tensor of the forward: sums, concatenations,
// copies, sign changes, index arithmetic, constants.
const SAVES_NOTHING = new Set([
  'aten::add', 'aten::add_', 'aten::sub', 'aten::rsub', 'aten::neg', 'aten::cat', 'aten::stack', 'aten::sum', 'aten::mean',
  'aten::clone', 'aten::repeat', 'aten::constant_pad_nd', 'aten::pad', 'aten::roll', 'aten::zeros', 'aten::ones', 'aten::empty',
  'aten::arange', 'aten::new_zeros', 'aten::zeros_like', 'aten::fill_', 'aten::copy_', 'aten::zero_', 'aten::eq', 'aten::ne',
  'aten::gt', 'aten::logical_or', 'aten::sign', 'aten::size', 'aten::numel', 'aten::Int', 'aten::Float', 'aten::ScalarImplicit',
  'aten::embedding', 'aten::upsample_nearest2d', 'aten::upsample_bilinear2d', 'aten::pixel_shuffle', 'aten::pixel_unshuffle',
  'aten::channel_shuffle', 'aten::floor_divide', 'aten::remainder', 'aten::bernoulli_', 'aten::repeat_interleave',
]);

/** The save rule of an op; null for an op the table does not know (it is then listed, and saves nothing). */
function ruleOf(node: OpNode): SaveRule | null {
  if (node.schema.aliasesInput || SAVES_NOTHING.has(node.kind)) return NOTHING;
  return RULES[node.kind] ?? null;
}

// ------------------------------------------------- saved activations

/** What an op saves: storages of the trace (node indexes) and bytes of new tensors it keeps (masks, indices). */
interface Saved {
  readonly storages: readonly number[];
  readonly extraBytes: bigint;
}

/** Per node, whether its result needs a gradient: it reads a trainable parameter or a result that needs one. */
function requiresGradOf(trace: Trace, flow: TraceDataflow): Uint8Array {
  const rg = new Uint8Array(trace.nodes.length);
  trace.nodes.forEach((node, i) => {
    let needs = flow.producers[i]!.some((p) => rg[p] === 1);
    if (!needs) {
      for (const name in node.args) {
        const v = node.args[name];
        const list = Array.isArray(v) ? v : [v];
        if (list.some((t) => t instanceof Parameter && t.requiresGrad)) needs = true;
      }
    }
    rg[i] = needs ? 1 : 0;
  });
  return rg;
}

/** What each node saves for its backward (nothing for a node whose result needs no gradient). */
function savedByNode(trace: Trace, flow: TraceDataflow, storage: Int32Array, rg: Uint8Array, unruled: Map<string, number>): Saved[] {
  const at = (t: unknown, i: number): { storage: number; grad: boolean } | null => {
    if (!(t instanceof Tensor)) return null;
    const p = flow.producerOf(t);
    const s = p === -1 ? -1 : storage[p]!;
    const grad = t instanceof Parameter ? t.requiresGrad : p === -1 ? false : p < i ? rg[p] === 1 : true;
    return { storage: s, grad };
  };
  return trace.nodes.map((node, i) => {
    const none: Saved = { storages: [], extraBytes: 0n };
    const rule = ruleOf(node);
    if (rule === null) unruled.set(node.kind, (unruled.get(node.kind) ?? 0) + 1);
    if (rule === null || rg[i] === 0 || rule.save === 'nothing') return none;
    const storages: number[] = [];
    const keep = (s: number): void => {
      if (s >= 0 && !storages.includes(s)) storages.push(s);
    };
    const out = node.outputs[0];
    const outElements = out === null || out === undefined ? 0n : numel(out);
    switch (rule.save) {
      case 'output':
        keep(storage[i]!);
        return { storages, extraBytes: 0n };
      case 'inputs':
        for (const name of rule.names) {
          const v = node.args[name];
          for (const t of Array.isArray(v) ? v : [v]) keep(at(t, i)?.storage ?? -1);
        }
        return { storages, extraBytes: 0n };
      case 'pair': {
        const a = at(node.args[rule.a], i);
        const b = at(node.args[rule.b], i);
        if (a !== null && b?.grad === true) keep(a.storage);
        if (b !== null && a?.grad === true) keep(b.storage);
        return { storages, extraBytes: 0n };
      }
      case 'mask': {
        // A mask only when dropping: training mode and p > 0.
        const p = node.args.p;
        return node.args.train === true && typeof p === 'number' && p > 0 ? { storages, extraBytes: outElements } : none;
      }
      case 'maxpool':
        keep(at(node.args.self, i)?.storage ?? -1);
        return { storages, extraBytes: outElements * 8n };
    }
  });
}

/** Training memory of one step, each part in bytes. */
export interface TrainingMemory {
  readonly dtypes: Dtypes;
  readonly optimizer: Optimizer;
  /** Weights in a dtype other than fp32: the optimizer keeps fp32 master weights. */
  readonly mixedPrecision: boolean;
  readonly trainableParams: bigint;
  /** Every parameter in the weight dtype. */
  readonly paramBytes: bigint;
  readonly bufferBytes: bigint;
  /** One gradient per trainable parameter, in the weight dtype. */
  readonly gradientBytes: bigint;
  /** fp32 master weights (mixed precision) plus the optimizer's fp32 state, per trainable parameter. */
  readonly optimizerBytes: bigint;
  readonly masterWeightBytes: bigint;
  readonly optimizerStateBytes: bigint;
  /** (weights + gradients + optimizer) / trainable parameters when all are trainable: 16 for Adam in mixed precision. */
  readonly bytesPerParameter: number;
  /** The model's inputs (held for the step). */
  readonly inputBytes: bigint;
  /** Results saved for the backward (each tensor once; views keep their whole tensor), masks and indices included. */
  readonly savedActivationBytes: bigint;
  /** The blocks checkpointed one by one. */
  readonly checkpointBlocks: readonly string[];
  /** Saved activations with those blocks checkpointed: outside them as before, each block's input, plus the largest block's own while it is recomputed. */
  readonly checkpointedActivationBytes: bigint;
  /** params + buffers + gradients + optimizer + inputs + saved activations. */
  readonly totalBytes: bigint;
  /** The same with the blocks checkpointed. */
  readonly totalCheckpointedBytes: bigint;
  readonly moduleNames: readonly string[];
  /** Per module: bytes saved by its ops (each tensor once). */
  readonly savedActivationBytesByModule: readonly bigint[];
  /** Ops the save table does not know, with how often each ran: counted as saving nothing. */
  readonly opsWithoutRule: ReadonlyMap<string, number>;
}

/**
 * The repeated blocks of a model, the usual unit of activation
 * checkpointing: modules registered under a number (`layers.3`, `h.0`) in a
 * container holding at least two children of their type, outermost only.
 */
export function blocksOf(trace: Trace): string[] {
  const tree = trace.tree;
  const names = tree.canonicalNames;
  const type = (id: number): string => tree.moduleList[id]!.typeName();
  // Children per (parent, type), for the "at least two alike" test.
  const alike = new Map<string, number>();
  for (let id = 1; id < tree.size; id++) {
    const key = `${tree.parents[id]!}:${type(id)}`;
    alike.set(key, (alike.get(key) ?? 0) + 1);
  }
  const out: number[] = [];
  const isBlock = new Set<number>();
  for (let id = 1; id < tree.size; id++) {
    if (!/^\d+$/.test(tree.keys[id]!)) continue;
    const parent = tree.parents[id]!;
    if ((alike.get(`${parent}:${type(id)}`) ?? 0) < 2) continue;
    let inner = false;
    for (let p = parent; p >= 0 && !inner; p = tree.parents[p]!) inner = isBlock.has(p);
    if (inner) continue;
    out.push(id);
    isBlock.add(id);
  }
  return out.map((id) => names[id]!);
}

/**
 * Training memory of one step of `trace`'s forward and its backward with
 * `options.optimizer` (adamw by default): weights, gradients, optimizer
 * state, fp32 master weights in mixed precision, and the activations saved
 * for the backward, with and without checkpointing each block.
 */
export function trainingMemoryOfTrace(trace: Trace, options: TrainingOptions = {}): TrainingMemory {
  const dtypes = dtypesOf(options);
  const optimizer = options.optimizer === undefined ? 'adamw' : optimizerNamed(String(options.optimizer));
  const tree = trace.tree;
  const flow = dataflowOf(trace, 'trainingMemoryOf');
  const storage = storageOf(trace, flow);
  const liveness = livenessOf(trace, dtypes.act);
  const rg = requiresGradOf(trace, flow);
  const unruled = new Map<string, number>();
  const saved = savedByNode(trace, flow, storage, rg, unruled);
  const storageBytes = (s: number): bigint => liveness.allocated[s] ?? 0n;

  // Per module, the storages its ops save (each once) and the masks they keep.
  const size = tree.size;
  const sets = Array.from({ length: size }, () => new Set<number>());
  const extra = new Array<bigint>(size).fill(0n);
  trace.nodes.forEach((node, i) => {
    const sv = saved[i]!;
    if (sv.storages.length === 0 && sv.extraBytes === 0n) return;
    forEachScope(node, tree.parents, (id) => {
      for (const s of sv.storages) sets[id]!.add(s);
      extra[id]! += sv.extraBytes;
    });
  });
  const bytesOfSet = (set: ReadonlySet<number>): bigint => {
    let total = 0n;
    for (const s of set) total += storageBytes(s);
    return total;
  };
  const byModule = sets.map((set, id) => bytesOfSet(set) + extra[id]!);
  const savedTotal = byModule[0] ?? 0n;

  // Checkpointing: the blocks keep only their inputs; one block's saved
  // activations are back while it is recomputed for its backward.
  const blocks = options.checkpointBlocks ?? blocksOf(trace);
  const blockIds = blocks.map((name) => {
    const id = tree.canonicalNames.indexOf(name);
    if (id < 0) throw new ArgumentError('trainingMemoryOf', 'checkpointBlocks', name, 'canonical names of modules of the model');
    return id;
  });
  const blockSet = new Set(blockIds);
  const inBlock = (node: OpNode): boolean => {
    let found = false;
    forEachScope(node, tree.parents, (id) => (found ||= blockSet.has(id)));
    return found;
  };
  const kept = new Set<number>();
  let keptExtra = 0n;
  trace.nodes.forEach((node, i) => {
    if (inBlock(node)) return;
    for (const s of saved[i]!.storages) kept.add(s);
    keptExtra += saved[i]!.extraBytes;
  });
  for (const call of trace.calls) {
    if (!blockSet.has(call.id)) continue;
    forEachTensor(call.args, (t) => {
      const p = flow.producerOf(t);
      if (p >= 0 && storage[p]! >= 0) kept.add(storage[p]!);
    });
  }
  let largestBlock = 0n;
  for (const id of blockIds) if (byModule[id]! > largestBlock) largestBlock = byModule[id]!;
  const checkpointed = blockIds.length === 0 ? savedTotal : bytesOfSet(kept) + keptExtra + largestBlock;

  let params = 0n;
  let trainable = 0n;
  for (const p of tree.parameters) {
    params += p.numel;
    if (p.parameter.requiresGrad) trainable += p.numel;
  }
  let bufferBytes = 0n;
  for (const b of tree.buffers) bufferBytes += tensorBytes(b.buffer, dtypes.weight);
  let inputBytes = 0n;
  forEachTensor(trace.calls[0]?.args ?? [], (t) => (inputBytes += tensorBytes(t, dtypes.act)));
  const mixedPrecision = dtypes.weight !== 'fp32';
  const paramBytes = bytesOf(params, dtypes.weight);
  const gradientBytes = bytesOf(trainable, dtypes.weight);
  const masterWeightBytes = mixedPrecision ? trainable * 4n : 0n;
  const optimizerStateBytes = trainable * BigInt(OPTIMIZER_STATE_BYTES[optimizer]);
  const optimizerBytes = masterWeightBytes + optimizerStateBytes;
  const fixed = paramBytes + bufferBytes + gradientBytes + optimizerBytes + inputBytes;
  return {
    dtypes,
    optimizer,
    mixedPrecision,
    trainableParams: trainable,
    paramBytes,
    bufferBytes,
    gradientBytes,
    optimizerBytes,
    masterWeightBytes,
    optimizerStateBytes,
    bytesPerParameter: trainable === 0n ? 0 : Number(paramBytes + gradientBytes + optimizerBytes) / Number(trainable),
    inputBytes,
    savedActivationBytes: savedTotal,
    checkpointBlocks: blocks,
    checkpointedActivationBytes: checkpointed,
    totalBytes: fixed + savedTotal,
    totalCheckpointedBytes: fixed + checkpointed,
    moduleNames: tree.canonicalNames,
    savedActivationBytesByModule: byModule,
    opsWithoutRule: unruled,
  };
}

/**
 * Training memory of an analysis (analyse the model in training mode: its
 * dropouts then keep masks): weights, gradients, optimizer state, master
 * weights, and the activations saved for the backward, per module and with
 * activation checkpointing per block.
 * @example
 * ```ts
 * const t = trainingMemoryOf(analyze(model, input), { dtype: 'bf16', optimizer: 'adam' });
 * t.bytesPerParameter; // 16: 2 (bf16 weights) + 2 (gradients) + 4 (fp32 master) + 8 (Adam's two moments)
 * ```
 */
export function trainingMemoryOf(result: AnalysisResult, options?: TrainingOptions): TrainingMemory {
  return trainingMemoryOfTrace(result.flopAnalyzer.trace, options);
}

// The views' column of a training step's memory, after memory's (analysis/estimate_columns.ts).
provideEstimateColumns('training', (estimates) => {
  const saved = estimates.training!.savedActivationBytesByModule;
  return [bytesColumn('saved for backward', 'saved_activation_bytes', (m) => saved[m]!)];
});
