/**
 * The FLOPs of one training step: forward, backward and the optimizer's
 * update, per module. Backward follows PyTorch's `FlopCounterMode`
 * (torch/utils/flop_counter.py): for a matrix product or convolution, the
 * gradient of each input that requires one costs the forward's product; a
 * frozen weight has no gradient, nor has an input that depends on no
 * trainable parameter (the first layer's input). Every other op follows
 * `full`'s table (docs/training.md lists the rules and constants).
 *
 * @module
 */

import { setTraceSink, type OpArgs, type TraceSink } from '../core/dispatch.js';
import { ArgumentError, UnknownNameError } from '../core/errors.js';
import type { OpSchema } from '../core/op_schema.js';
import { Parameter, Tensor } from '../core/tensor.js';
import { shownValue, type Module } from '../nn/module.js';
import type { OpNode } from '../trace/graph.js';
import type { Trace } from '../trace/tracer.js';
import { FULL_FLOP_HANDLES, FULL_ZERO_COST_OPS, matrixProductFlops, recurrentLayers } from './conventions/full.js';
import { outputShape, tensorShape } from './conventions/tally.js';
import type { OpCount } from './handles.js';
import { OPTIMIZERS, type Optimizer } from './memory_training.js';

/**
 * FLOPs per trainable parameter element of one optimizer step, counted from
 * PyTorch's single-tensor update (torch/optim/sgd.py, adam.py, adamw.py;
 * defaults: no weight decay for SGD and Adam, no dampening, no Nesterov):
 * - `sgd`: `param.add_(grad, alpha=-lr)`: multiply, add = 2.
 * - `momentum`: `buf.mul_(momentum).add_(grad)` 2, then `param.add_(buf, alpha=-lr)` 2 = 4.
 * - `adam`: `exp_avg.lerp_(grad, 1-beta1)` 3; `exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1-beta2)` 4;
 *   `denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)` 3; `param.addcdiv_(exp_avg, denom, value=-step_size)` 3 = 13.
 * - `adamw`: Adam's 13 + the decoupled decay `param.mul_(1 - lr * weight_decay)` 1 = 14.
 * (The bias corrections are per-tensor scalars, not per element.)
 */
export const OPTIMIZER_FLOPS_PER_PARAMETER: Readonly<Record<Optimizer, number>> = Object.freeze({
  sgd: 2,
  momentum: 4,
  adam: 13,
  adamw: 14,
});

/**
 * Which op costs a training step counts: `full` (every op, docs/costs.md) or
 * `pytorch` (FlopCounterMode's: matrix products and convolutions only, and
 * its convolution weight gradient, which multiplies by `groups`).
 */
export type TrainStepCosts = 'full' | 'pytorch';

/** Options of {@link trainStepFlops}. */
export interface TrainStepOptions {
  /** The optimizer whose update is counted (`adamw` by default); null counts none. */
  readonly optimizer?: Optimizer | null;
  /** `full` (the default) or `pytorch` (FlopCounterMode's rules, forward and backward). */
  readonly costs?: TrainStepCosts;
  /**
   * Tokens in the step, for the 6·N·tokens rule of thumb; by default the
   * elements of the model's first input when it holds token ids (int64).
   */
  readonly tokens?: number;
}

/** Forward, backward and optimizer FLOPs, and their sum. */
export interface TrainStepCounts {
  /** FLOPs of the forward pass. */
  readonly forward: bigint;
  /** FLOPs of the backward pass. */
  readonly backward: bigint;
  /** FLOPs of the optimizer's update of the trainable parameters. */
  readonly optimizer: bigint;
  /** forward + backward + optimizer. */
  readonly total: bigint;
}

/** A rule-of-thumb total, for comparison: an approximation, not a count. */
export interface TrainStepApproximation {
  /** What it is called, e.g. `6·N·tokens`. */
  readonly name: string;
  /** Its value in FLOPs. */
  readonly flops: bigint;
  /** How it is computed, with the numbers used. */
  readonly formula: string;
}

/** What {@link trainStepFlops} returns. */
export interface TrainStepResult extends TrainStepCounts {
  /** Every count is in FLOPs (2 per multiply-add). */
  readonly unit: 'FLOPs';
  /** The op costs used. */
  readonly costs: TrainStepCosts;
  /** The optimizer counted, or null. */
  readonly optimizerName: Optimizer | null;
  /** Per module (canonical name, '' for the model), its counts: an op counts in every module whose call encloses it. */
  readonly byModule: ReadonlyMap<string, TrainStepCounts>;
  /** Elements of the parameters that require gradients. */
  readonly trainableParameters: bigint;
  /** Tokens in the step (given, or the model's int64 first input), or null. */
  readonly tokens: bigint | null;
  /** Ops of the trace without a rule under `full`, with how often each ran (counted 0). */
  readonly uncounted: ReadonlyMap<string, number>;
  /** Rule-of-thumb totals, clearly approximations. */
  readonly approximations: readonly TrainStepApproximation[];
}

// ------------------------------------------------------------ which tensors need gradients

/** One op of the replayed forward, and which of its arguments need gradients. */
interface GradEvent {
  readonly schema: OpSchema;
  readonly args: OpArgs;
  readonly outputs: readonly Tensor[];
  /** Names of the arguments holding a tensor that requires a gradient. */
  readonly gradArgs: ReadonlySet<string>;
  /** For list arguments, which elements require one. */
  readonly listGrads: ReadonlyMap<string, readonly boolean[]>;
  /** Whether the op's results require gradients (some input does and a result is floating point). */
  readonly outputGrad: boolean;
}

const FLOATING = new Set(['float32', 'float64', 'float16', 'bfloat16']);

/**
 * Hears a second run of the model's forward and marks, tensor by tensor,
 * which require gradients: trainable parameters, and every floating-point
 * result of an op with such an input (autograd's rule).
 */
class GradientRecorder implements TraceSink {
  readonly events: GradEvent[] = [];
  private readonly needsGrad = new WeakSet<Tensor>();

  enterModule(): void {}
  exitModule(): void {}

  requiresGrad(t: Tensor): boolean {
    return t instanceof Parameter ? t.requiresGrad : this.needsGrad.has(t);
  }

  record(schema: OpSchema, args: OpArgs, outputs: readonly Tensor[]): void {
    const gradArgs = new Set<string>();
    const listGrads = new Map<string, boolean[]>();
    for (const name in args) {
      const v = args[name];
      if (v instanceof Tensor) {
        if (this.requiresGrad(v)) gradArgs.add(name);
      } else if (Array.isArray(v)) {
        const flags = v.map((e: unknown) => e instanceof Tensor && this.requiresGrad(e));
        if (flags.some((f) => f)) {
          gradArgs.add(name);
          listGrads.set(name, flags);
        }
      }
    }
    let outputGrad = false;
    if (gradArgs.size > 0) {
      for (const o of outputs) {
        if (FLOATING.has(o.dtype)) {
          this.needsGrad.add(o);
          outputGrad = true;
        }
      }
    }
    this.events.push({ schema, args, outputs, gradArgs, listGrads, outputGrad });
  }
}

/** The tracer's own conversions of traced numbers: not ops of the forward, never differentiable. */
const CONVERSIONS = new Set(['aten::Int', 'aten::Float', 'aten::ScalarImplicit']);

/**
 * Per node of the trace, its gradient event: the model's forward is run
 * again on the root call's arguments with a recorder of gradients, and the
 * trace's executed ops (dead ones included) are paired, in order, with the
 * ops of that run (the tracer's own int conversions have none).
 */
function gradientEvents(trace: Trace): Map<OpNode, GradEvent> {
  const root = trace.calls.find((c) => c.parent === -1 && c.id === 0);
  if (root === undefined) throw new ArgumentError('trainStepFlops', 'trace', 'a trace without the root call', 'a trace made by traceModel');
  const recorder = new GradientRecorder();
  const previous = setTraceSink(recorder);
  try {
    (trace.model.call as (this: Module, ...a: unknown[]) => unknown).apply(trace.model, root.args as unknown[]);
  } finally {
    setTraceSink(previous);
  }
  const events = recorder.events;
  const byNode = new Map<OpNode, GradEvent>();
  let next = 0;
  for (const node of trace.executed) {
    const e = events[next];
    if (e !== undefined && e.schema === node.schema) {
      byNode.set(node, e);
      next++;
    } else if (!CONVERSIONS.has(node.kind)) {
      throw new ArgumentError('trainStepFlops', 'trace', `${node.kind} not run again by ${trace.model.typeName()}'s forward`, 'a model whose forward runs the same ops on the same inputs each time');
    }
  }
  return byNode;
}

// ------------------------------------------------------------ forward and backward costs

/** A handle's count as one bigint (a count by name summed). */
function total(c: OpCount): bigint {
  if (typeof c === 'bigint') return c;
  if (typeof c === 'number') return BigInt(c);
  if (typeof c === 'object' && c !== null && 'value' in c && typeof (c as { value: unknown }).value === 'bigint') return (c as { value: bigint }).value;
  let sum = 0n;
  for (const v of Object.values(c as Readonly<Record<string, OpCount>>)) sum += total(v);
  return sum;
}

// Shapes read concrete (tensorShape, outputShape): the training step is costed for concrete sizes only.
const numelOf = (shape: readonly number[] | null): bigint => (shape ?? []).reduce((p, d) => p * BigInt(d), 1n);
const outputCount = (node: OpNode): bigint => numelOf(outputShape(node));
/** Adds that sum a broadcast gradient back to an argument's shape: numel(out) - numel(arg). */
const broadcastSum = (node: OpNode, name: string): bigint => {
  const d = outputCount(node) - numelOf(tensorShape(node, name));
  return d > 0n ? d : 0n;
};

/** The products' operands: their argument names, per op. */
const PRODUCT_OPERANDS: Readonly<Record<string, readonly string[]>> = {
  'aten::mm': ['self', 'mat2'],
  'aten::matmul': ['self', 'other'],
  'aten::bmm': ['self', 'mat2'],
  'aten::addmm': ['mat1', 'mat2'],
  'aten::baddbmm': ['batch1', 'batch2'],
  'aten::linear': ['input', 'weight'],
  'aten::_convolution': ['input', 'weight'],
  'aten::_convolution_mode': ['input', 'weight'],
  'aten::bilinear': ['input1', 'input2', 'weight'],
};

/** The adds an op's bias-like argument's gradient takes (a sum over the other dims), per op. */
const BIAS_ARGUMENT: Readonly<Record<string, string>> = {
  'aten::addmm': 'self',
  'aten::baddbmm': 'self',
  'aten::linear': 'bias',
  'aten::_convolution': 'bias',
  'aten::_convolution_mode': 'bias',
  'aten::bilinear': 'bias',
};

const NORMS = new Set(['aten::batch_norm', 'aten::layer_norm', 'aten::group_norm', 'aten::instance_norm']);
const ADDS = new Set(['aten::add', 'aten::add_', 'aten::sub', 'aten::rsub']);
/** Zero-cost ops whose gradient accumulates into the source (a scatter-add): numel(out) adds. */
const GATHERS = new Set(['aten::embedding', 'aten::index', 'aten::gather', 'aten::index_select']);
/** Zero-cost ops whose output repeats input elements: the gradient sums the copies, numel(out) - numel(input) adds. */
const REPEATS = new Set(['aten::expand', 'aten::expand_as', 'aten::repeat', 'aten::repeat_interleave', 'aten::upsample_nearest1d', 'aten::upsample_nearest2d', 'aten::upsample_nearest3d']);
const MAX_POOLS = /^aten::(adaptive_)?max_pool\dd(_with_indices)?$/;

/** The backward of a recurrent op: per layer-direction, the gradients of its products and (full) its elementwise work. */
function recurrentBackward(node: OpNode, e: GradEvent, costs: TrainStepCosts): bigint {
  const params = e.listGrads.get('params') ?? [];
  const hxGrad = e.gradArgs.has('hx');
  let layerInputGrad = e.gradArgs.has('input');
  let currentLayer = 0;
  let layerOutputGrad = false;
  let sum = 0n;
  for (const l of recurrentLayers(node)) {
    if (l.layer !== currentLayer) {
      // A later layer reads the earlier one's output.
      layerInputGrad = layerOutputGrad;
      currentLayer = l.layer;
    }
    const paramGrad = l.params.map((i) => params[i] === true);
    const recurrenceGrad = layerInputGrad || hxGrad || paramGrad.some((g) => g);
    if (!recurrenceGrad) continue;
    layerOutputGrad = true;
    const timeSteps = l.batch === 0n ? 0n : l.steps / l.batch;
    if (paramGrad[0]) sum += l.steps * l.inputProduct;
    if (layerInputGrad) sum += l.steps * l.inputProduct;
    if (paramGrad[1]) sum += l.steps * l.hiddenProduct;
    // The hidden state's gradient at every step but the first, whose state is hx.
    sum += (timeSteps - 1n) * l.batch * l.hiddenProduct + (hxGrad ? l.batch * l.hiddenProduct : 0n);
    // The projection: its input's gradient, and its weight's (the layer-direction's last tensor).
    if (l.projection > 0n) sum += (paramGrad[paramGrad.length - 1] ? 2n : 1n) * l.steps * l.projection;
    if (costs === 'full') sum += l.steps * l.elementwise;
  }
  return sum;
}

/** Backward FLOPs of one node, given which of its arguments require gradients. */
function backwardFlops(node: OpNode, e: GradEvent, forward: bigint, costs: TrainStepCosts): bigint {
  if (!e.outputGrad) return 0n;
  const kind = node.kind;
  if (kind === 'aten::rnn_tanh' || kind === 'aten::rnn_relu' || kind === 'aten::lstm' || kind === 'aten::gru') return recurrentBackward(node, e, costs);
  const product = matrixProductFlops(node);
  if (product !== null) {
    let sum = 0n;
    if (kind === 'aten::einsum') {
      for (const g of e.listGrads.get('tensors') ?? []) if (g) sum += product;
      return sum;
    }
    for (const name of PRODUCT_OPERANDS[kind] ?? []) {
      if (!e.gradArgs.has(name)) continue;
      // FlopCounterMode's convolution weight gradient (conv_backward_flop) does not divide by groups.
      const groups = costs === 'pytorch' && name === 'weight' && kind.startsWith('aten::_convolution') ? BigInt(Number(node.arg('groups') ?? 1)) : 1n;
      sum += product * groups;
    }
    const bias = BIAS_ARGUMENT[kind];
    if (costs === 'full' && bias !== undefined && e.gradArgs.has(bias)) sum += broadcastSum(node, bias);
    return sum;
  }
  if (costs === 'pytorch') return 0n;
  if (FULL_ZERO_COST_OPS.has(kind)) {
    if (GATHERS.has(kind)) return e.gradArgs.has(kind === 'aten::embedding' ? 'weight' : 'self') ? outputCount(node) : 0n;
    if (REPEATS.has(kind)) return e.gradArgs.has('self') || e.gradArgs.has('input') ? broadcastSum(node, kind.startsWith('aten::upsample') ? 'input' : 'self') : 0n;
    return 0n;
  }
  if (ADDS.has(kind)) {
    // The gradient passes through; a broadcast operand sums it back, and sub negates its other operand.
    let sum = 0n;
    for (const name of ['self', 'other']) {
      if (!e.gradArgs.has(name)) continue;
      sum += broadcastSum(node, name);
      if ((kind === 'aten::sub' && name === 'other') || (kind === 'aten::rsub' && name === 'self')) sum += numelOf(tensorShape(node, name));
    }
    return sum;
  }
  if (NORMS.has(kind)) {
    // The input's gradient costs the forward; the weight's is a product and a sum (2 per element), the bias's a sum.
    const n = numelOf(tensorShape(node, 'input'));
    return (e.gradArgs.has('input') ? forward : 0n) + (e.gradArgs.has('weight') ? 2n * n : 0n) + (e.gradArgs.has('bias') ? n : 0n);
  }
  // Max pooling routes each output's gradient to its maximum: one add per output (windows may overlap).
  if (MAX_POOLS.test(kind)) return e.gradArgs.has('self') ? outputCount(node) : 0n;
  // Any other op: the gradient with respect to each input that requires one costs what the op costs.
  let inputs = 0n;
  for (const name of e.gradArgs) inputs += BigInt((e.listGrads.get(name) ?? [true]).filter((g) => g).length);
  return forward * inputs;
}

/** Forward FLOPs of one node under `costs`; null when `full` has no rule for it. */
function forwardFlops(node: OpNode, costs: TrainStepCosts): bigint | null {
  if (costs === 'pytorch') return matrixProductFlops(node) ?? 0n;
  const handle = Object.hasOwn(FULL_FLOP_HANDLES, node.kind) ? FULL_FLOP_HANDLES[node.kind] : undefined;
  if (handle !== undefined) return total(handle(node));
  return FULL_ZERO_COST_OPS.has(node.kind) ? 0n : null;
}

// ------------------------------------------------------------ the step

interface Sums {
  forward: bigint[];
  backward: bigint[];
  optimizer: bigint[];
}

/**
 * The FLOPs of one training step of the traced call: forward, backward
 * (PyTorch's FlopCounterMode rules for products and convolutions, `full`'s
 * table for every other op; see docs/training.md) and the optimizer's update,
 * in total and per module, with rule-of-thumb totals as labelled
 * approximations. The forward counts every op the forward executed (as
 * FlopCounterMode sees them, dead code included); only ops whose results
 * reach the output have a backward. Gradients follow `requiresGrad` of the model's parameters
 * (`trace.tree`): frozen ones get none, and nothing that depends only on
 * the inputs does (the first layer's input gradient is not computed).
 * The model's forward is run once more to see which tensors need gradients.
 *
 * @example
 * ```ts
 * const step = trainStepFlops(traceModel(model, [x]), { optimizer: 'adam' });
 * step.forward; step.backward; step.optimizer; step.byModule.get('fc');
 * ```
 */
export function trainStepFlops(trace: Trace, options: TrainStepOptions = {}): TrainStepResult {
  if (typeof trace !== 'object' || trace === null || !Array.isArray(trace.nodes) || trace.tree === undefined || !Array.isArray(trace.calls)) {
    throw new ArgumentError('trainStepFlops', 'trace', shownValue(trace), 'a trace made by traceModel');
  }
  const costs = options.costs ?? 'full';
  if (costs !== 'full' && costs !== 'pytorch') throw new UnknownNameError('training-step costs', String(shownValue(costs)), ['full', 'pytorch']);
  const optimizer = options.optimizer === undefined ? 'adamw' : options.optimizer;
  if (optimizer !== null && !OPTIMIZERS.includes(optimizer)) throw new UnknownNameError('optimizer', String(shownValue(optimizer)), OPTIMIZERS);
  if (options.tokens !== undefined && !(Number.isSafeInteger(options.tokens) && options.tokens > 0)) {
    throw new ArgumentError('trainStepFlops', 'tokens', shownValue(options.tokens), 'a positive integer');
  }
  const tree = trace.tree;
  const n = tree.size;
  const sums: Sums = { forward: new Array<bigint>(n).fill(0n), backward: new Array<bigint>(n).fill(0n), optimizer: new Array<bigint>(n).fill(0n) };
  const charge = (ids: readonly number[], column: bigint[], value: bigint): void => {
    if (value !== 0n) for (const id of ids) column[id] = column[id]! + value;
  };
  const events = gradientEvents(trace);
  const uncounted = new Map<string, number>();
  // Forward: every op the forward executed (a training step runs dead code too); backward: only the ops whose
  // results reach the output (the rest receive no gradient).
  const live = new Set(trace.nodes);
  for (const node of trace.executed) {
    const ids = enclosingModules(node);
    const forward = forwardFlops(node, costs);
    if (forward === null) {
      uncounted.set(node.kind, (uncounted.get(node.kind) ?? 0) + 1);
      continue;
    }
    charge(ids, sums.forward, forward);
    const e = events.get(node);
    if (e !== undefined && live.has(node)) charge(ids, sums.backward, backwardFlops(node, e, forward, costs));
  }
  // The optimizer updates each trainable parameter once (a shared one too), charged to its owner and the owner's ancestors.
  let trainable = 0n;
  const perElement = optimizer === null ? 0n : BigInt(OPTIMIZER_FLOPS_PER_PARAMETER[optimizer]);
  for (const p of tree.parameters) {
    if (!p.parameter.requiresGrad) continue;
    trainable += p.numel;
    const ids: number[] = [];
    for (let id = p.owner; id !== -1; id = tree.parents[id]!) ids.push(id);
    charge(ids, sums.optimizer, perElement * p.numel);
  }
  const counts = (id: number): TrainStepCounts => {
    const forward = sums.forward[id]!;
    const backward = sums.backward[id]!;
    const opt = sums.optimizer[id]!;
    return { forward, backward, optimizer: opt, total: forward + backward + opt };
  };
  const byModule = new Map(tree.canonicalNames.map((name, id) => [name, counts(id)]));
  const whole = counts(0);
  const tokens = options.tokens !== undefined ? BigInt(options.tokens) : tokensOf(trace);
  const approximations: TrainStepApproximation[] = [
    { name: '3 × forward', flops: 3n * whole.forward, formula: `3 × ${whole.forward} (backward taken as 2 × forward)` },
  ];
  if (tokens !== null) {
    approximations.push({ name: '6·N·tokens', flops: 6n * trainable * tokens, formula: `6 × ${trainable} trainable parameters × ${tokens} tokens (forward 2·N, backward 4·N per token)` });
  }
  return { unit: 'FLOPs', costs, optimizerName: optimizer, ...whole, byModule, trainableParameters: trainable, tokens, uncounted, approximations };
}

/** The ids of the modules whose calls enclose a node, innermost first, the model last. */
function enclosingModules(node: OpNode): number[] {
  const ids: number[] = [];
  for (let s = node.scope; s !== null; s = s.parent) if (!ids.includes(s.id)) ids.push(s.id);
  if (!ids.includes(0)) ids.push(0);
  return ids;
}

/** Token ids in the model's first input (an int64 tensor), or null. */
function tokensOf(trace: Trace): bigint | null {
  const root = trace.calls.find((c) => c.parent === -1 && c.id === 0);
  const first = root?.args[0];
  return first instanceof Tensor && first.dtype === 'int64' ? first.numel() : null;
}
