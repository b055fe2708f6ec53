// analyze(): the reference's get_model_complexity_info. One trace feeds both
// analyzers (the reference traces twice; the numbers are the same).

import { ArgumentError } from '../core/errors.js';
import { checkShape } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import type { Module } from '../nn/module.js';
import { buildModelTree } from '../trace/model_tree.js';
import { traceModel } from '../trace/tracer.js';
import { ActivationAnalyzer, FlopAnalyzer } from './analyzers.js';
import { archView } from '../views/arch.js';
import { tableView } from '../views/table.js';
import { formatSize } from './format.js';
import { countsOf, createReport, moduleDataOf } from './report_build.js';
import { totalIsFloat, totalOf, totalParams, type Report } from './report_model.js';

type ShapeList = readonly number[];

/** A shape (batch 1 is prepended), several shapes, or full inputs (batch included). */
export type InputSpec = ShapeList | readonly ShapeList[] | { readonly inputs: Tensor | readonly (Tensor | ShapeList)[] };

export interface AnalyzeOptions {
  showTable?: boolean;
  showArch?: boolean;
  /** Depth of the table (the reference's default is 3). */
  tableDepth?: number;
  /** The model's name in the Report (its class name by default). */
  name?: string;
}

export interface AnalysisResult {
  flops: bigint;
  flopsStr: string;
  activations: bigint;
  activationsStr: string;
  params: bigint;
  paramsStr: string;
  /** The table view ('' with `showTable: false`), rendered from `report` on first access. */
  readonly outTable: string;
  /** The architecture view ('' with `showArch: false`), rendered from `report` on first access. */
  readonly outArch: string;
  /** Everything the views print, fixed at analysis time. */
  readonly report: Report;
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
  const inputs = resolveInputs(input);
  // One snapshot of the model for the whole analysis: the trace, both
  // analyzers, the parameter counts and the Report all read it.
  const tree = buildModelTree(model);
  const trace = traceModel(model, inputs, tree);
  const flopAnalyzer = FlopAnalyzer.fromTrace(trace);
  const activationAnalyzer = ActivationAnalyzer.fromTrace(trace).shareTraceIndexes(flopAnalyzer);
  // Everything that reads the model or runs user code (extra_repr) happens
  // here, so a failure surfaces from analyze(). The views only format the
  // Report's numbers and strings, which cannot fail on user input, so they are
  // rendered on first access and kept.
  const report = createReport({
    modules: moduleDataOf(tree),
    flops: countsOf(flopAnalyzer),
    activations: countsOf(activationAnalyzer),
    model: options.name ?? model.typeName(),
    mode: model.training ? 'train' : 'eval',
    inputs: inputs.map((t) => t.shape),
  });
  return new Result(report, flopAnalyzer, activationAnalyzer, showTable ? tableDepth : null, showArch);
}

// A class, not an object literal with getters: a literal's getters are new
// closures each time, which gives every result its own hidden class.
class Result implements AnalysisResult {
  readonly flops: bigint;
  readonly flopsStr: string;
  readonly activations: bigint;
  readonly activationsStr: string;
  readonly params: bigint;
  readonly paramsStr: string;
  private table: string | undefined;
  private arch: string | undefined;

  constructor(
    readonly report: Report,
    readonly flopAnalyzer: FlopAnalyzer,
    readonly activationAnalyzer: ActivationAnalyzer,
    private readonly tableDepth: number | null,
    private readonly showArch: boolean,
  ) {
    this.flops = totalOf(report.flops);
    this.activations = totalOf(report.activations!);
    this.params = totalParams(report);
    this.flopsStr = formatSize(this.flops, 3, false, totalIsFloat(report.flops));
    this.activationsStr = formatSize(this.activations, 3, false, totalIsFloat(report.activations!));
    this.paramsStr = formatSize(this.params);
  }

  get outTable(): string {
    return (this.table ??= this.tableDepth === null ? '' : `\n${tableView(this.report, { maxDepth: this.tableDepth })}`);
  }

  get outArch(): string {
    return (this.arch ??= this.showArch ? `\n${archView(this.report)}` : '');
  }
}
