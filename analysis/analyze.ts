// analyze(): the reference's get_model_complexity_info. One trace feeds both
// analyzers (the reference traces twice; the numbers are the same).

import { ArgumentError } from '../core/errors.js';
import { checkShape } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import type { Module } from '../nn/module.js';
import { buildModelTree } from '../trace/model_tree.js';
import { traceModel } from '../trace/tracer.js';
import { ActivationAnalyzer, FlopAnalyzer } from './analyzers.js';
import { formatSize } from './format.js';
import { complexityStatsStr } from './stats_str.js';
import { complexityStatsTable } from './stats_table.js';

type ShapeList = readonly number[];

/** A shape (batch 1 is prepended), several shapes, or full inputs (batch included). */
export type InputSpec = ShapeList | readonly ShapeList[] | { readonly inputs: Tensor | readonly (Tensor | ShapeList)[] };

export interface AnalyzeOptions {
  showTable?: boolean;
  showArch?: boolean;
  /** Depth of the table (the reference's default is 3). */
  tableDepth?: number;
}

export interface AnalysisResult {
  flops: bigint;
  flopsStr: string;
  activations: bigint;
  activationsStr: string;
  params: bigint;
  paramsStr: string;
  outTable: string;
  outArch: string;
  flopAnalyzer: FlopAnalyzer;
  activationAnalyzer: ActivationAnalyzer;
}

/** Turns an input spec into the tensors the model is called with. */
export function resolveInputs(input: InputSpec): Tensor[] {
  if (!Array.isArray(input)) {
    const given = (input as { inputs: Tensor | readonly (Tensor | ShapeList)[] }).inputs;
    const list = given instanceof Tensor ? [given] : Array.isArray(given) && given.every((g) => typeof g === 'number') ? [given as unknown as ShapeList] : (given as readonly (Tensor | ShapeList)[]);
    if (list.length === 0) throw new ArgumentError('analyze', 'inputs', list, 'at least one tensor or shape');
    return list.map((t) => (t instanceof Tensor ? t : new Tensor(checkShape('analyze', 'inputs', t))));
  }
  if (input.length === 0) throw new ArgumentError('analyze', 'inputShape', input, 'a non-empty shape');
  if (input.every((d) => typeof d === 'number')) {
    return [new Tensor([1, ...checkShape('analyze', 'inputShape', input as ShapeList)])];
  }
  if (input.every((d) => Array.isArray(d))) {
    return (input as readonly ShapeList[]).map((s) => new Tensor([1, ...checkShape('analyze', 'inputShape', s)]));
  }
  throw new ArgumentError('analyze', 'inputShape', input, 'a list of integers or a list of such lists');
}

export function analyze(model: Module, input: InputSpec, options: AnalyzeOptions = {}): AnalysisResult {
  const { showTable = true, showArch = true, tableDepth = 3 } = options;
  // One snapshot of the model for the whole analysis: the trace, both
  // analyzers, the parameter counts and the views all read it.
  const tree = buildModelTree(model);
  const trace = traceModel(model, resolveInputs(input), tree);
  const flopAnalyzer = FlopAnalyzer.fromTrace(trace);
  const activationAnalyzer = ActivationAnalyzer.fromTrace(trace).shareTraceIndexes(flopAnalyzer);
  const flops = flopAnalyzer.total();
  const activations = activationAnalyzer.total();
  const paramCounts = tree.parameterCounts;
  const params = paramCounts.get('') ?? 0n;
  // Build both views before returning so a failure never leaves half a report.
  const outTable = showTable
    ? `\n${complexityStatsTable(flopAnalyzer, { activations: activationAnalyzer, showParamShapes: true, maxDepth: tableDepth, params: paramCounts })}`
    : '';
  const outArch = showArch ? `\n${complexityStatsStr(flopAnalyzer, activationAnalyzer, paramCounts)}` : '';
  return {
    flops,
    flopsStr: formatSize(flops, 3, false, flopAnalyzer.isFloat()),
    activations,
    activationsStr: formatSize(activations, 3, false, activationAnalyzer.isFloat()),
    params,
    paramsStr: formatSize(params),
    outTable,
    outArch,
    flopAnalyzer,
    activationAnalyzer,
  };
}
