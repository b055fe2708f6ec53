// analyze(): the reference's get_model_complexity_info. One trace feeds both
// analyzers (the reference traces twice; the numbers are the same).

import { ArgumentError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { shownValue, type Module } from '../nn/module.js';
import { buildModelTree, checkModel } from '../trace/model_tree.js';
import { traceModel, type TraceInput } from '../trace/tracer.js';
import { ActivationAnalyzer, FlopAnalyzer } from './analyzers.js';
import { ReportResult } from './report_result.js';
import { frozenParameterCountOf } from './parameter_count.js';
import { countsOf, createReport, moduleDataOf, outputShapesOf } from './report_build.js';
import type { ConventionCounts, ConventionTotals } from './conventions/convention.js';
import { conventionByName, DEFAULT_CONVENTION } from './conventions/registry.js';
import type { SymbolicAnalysis, SymbolicInputSpec, WhereSpec } from './symbolic_analysis.js';
import type { CountsInput } from './report_model.js';
import { totalOf, totalParams, type GenerationPhase, type InputShape, type Report } from './report_model.js';

type ShapeList = readonly number[];

/**
 * A nested input: a non-empty list of tensors or full shapes, or of such
 * lists (a KV cache: a list of [key, value] pairs per layer).
 */
export type NestedInput = readonly (Tensor | ShapeList | NestedInput)[];

/**
 * A shape (batch 1 is prepended), several shapes, or full inputs (batch
 * included): tensors, shapes, or nested lists of them (a KV cache).
 */
export type InputSpec = ShapeList | readonly ShapeList[] | { readonly inputs: Tensor | readonly (Tensor | ShapeList | NestedInput)[] };

/** A model input: a tensor, or a list of inputs (a KV cache: [key, value] per layer). */
export type InputValue = TraceInput;

/**
 * Options of {@link analyze}: which views to render, the table's depth, and the
 * model's name in the Report.
 */
export interface AnalyzeOptions {
  /** Render the per-module table into `outTable` (true by default). */
  showTable?: boolean;
  /** Render the architecture view into `outArch` (true by default). */
  showArch?: boolean;
  /** Depth of the table (the reference's default is 3). */
  tableDepth?: number;
  /** The model's name in the Report (its class name by default). */
  name?: string;
  /**
   * Whose counting rules: `fvcore` (the default, mmengine's numbers),
   * `ptflops`, `thop`, `torchinfo`, `deepspeed`, `calflops` or `pytorch`
   * (FlopCounterMode); see docs/conventions.md. The Report's FLOPs per module
   * are then that tool's numbers, in its unit. Names other than fvcore are
   * read from the conventions the library's entry provides
   * (`conventionNames()`): a bundle that imports `analyze` alone, tree-shaken,
   * knows fvcore only (docs/architecture.md, "Loading").
   */
  convention?: string;
}

/**
 * What {@link analyze} returns: the model's exact totals, as mmengine prints
 * them and as bigints, the two views, the Report behind them and the analyzers
 * that counted.
 */
export interface AnalysisResult {
  /**
   * Total FLOPs, fvcore's convention: one multiply-add counts 1, and only the
   * ops fvcore counts are counted.
   */
  flops: bigint;
  /** `flops` as mmengine prints it (`4.112G`). */
  flopsStr: string;
  /**
   * Total activations: output elements of the ops fvcore counts them for
   * (convolutions and matrix products).
   */
  activations: bigint;
  /** `activations` as mmengine prints it (`11.115M`). */
  activationsStr: string;
  /** Total parameter elements, each shared parameter counted once. */
  params: bigint;
  /** `params` as mmengine prints it (`25.557M`). */
  paramsStr: string;
  /** Elements of the parameters with `requiresGrad` true: `params - paramsFrozen`. */
  paramsTrainable: bigint;
  /** Elements of the parameters with `requiresGrad` false (each parameter once). */
  paramsFrozen: bigint;
  /** The table view ('' with `showTable: false`), rendered from `report` on first access. */
  readonly outTable: string;
  /** The architecture view ('' with `showArch: false`), rendered from `report` on first access. */
  readonly outArch: string;
  /** Everything the views print, fixed at analysis time. */
  readonly report: Report;
  /**
   * The counting convention and the tool's totals: `flops` above is its
   * headline (in `convention.unit`); `params` above stays the model's true
   * count, `convention.params` is the tool's.
   */
  readonly convention: ConventionTotals;
  /** The FLOP analyzer of the trace (fvcore's rules whatever the convention), for per-module and per-operator queries. */
  flopAnalyzer: FlopAnalyzer;
  /** The activation analyzer of the same trace. */
  activationAnalyzer: ActivationAnalyzer;
}

const INPUT_FORMS = 'a shape (a list of positive integers; batch 1 is prepended), a list of such shapes, or { inputs: [full shapes or Tensors, or nested lists of them] }';

/** `shape` as a checked shape: a non-empty list of positive safe integers (`scalar`: or empty). */
function shapeOf(argument: string, shape: unknown, scalar = false): readonly number[] {
  if (!Array.isArray(shape) || (shape.length === 0 && !scalar)) throw new ArgumentError('analyze', argument, shownValue(shape), 'a non-empty list of positive integers');
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1) throw new ArgumentError('analyze', argument, shownValue(shape), 'a list of positive integers');
  }
  return shape as readonly number[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Turns an input spec into the tensors the model is called with: a shape
 * (batch 1 prepended), a list of shapes, or `{ inputs }` with full shapes or
 * Tensors (one full shape alone is one input). Anything else, and any size
 * that is not a positive integer, is an ArgumentError.
 */
export function resolveInputs(input: InputSpec): Tensor[] {
  const values = resolveInputValues(input);
  if (!values.every((v) => v instanceof Tensor)) {
    throw new ArgumentError('resolveInputs', 'inputs', shownValue(values.map((v) => (v instanceof Tensor ? v : 'a list'))), 'tensors (nested inputs, a KV cache: resolveInputValues)');
  }
  return values as Tensor[];
}

/** The shape of an input: a nested input's as the list of its inputs' shapes. */
export function inputShapeOf(v: InputValue): InputShape {
  return v instanceof Tensor ? v.shape : (v as readonly InputValue[]).map(inputShapeOf);
}

/** A nested input (depth >= 1): tensors, full shapes (float32 tensors) and lists of them, each list non-empty. */
function nestedInput(given: unknown, value: unknown, depth: number): InputValue {
  if (value instanceof Tensor) return checkedTensor(value);
  if (!Array.isArray(value) || value.length === 0 || depth > 8) throw new ArgumentError('analyze', 'inputs', shownValue(given), 'full shapes or Tensors, or non-empty lists of them (a KV cache)');
  if (value.every((d) => typeof d === 'number')) return new Tensor(shapeOf('inputs', value));
  return value.map((v: unknown) => nestedInput(given, v, depth + 1));
}

/**
 * resolveInputs, with nested inputs: an element of `{ inputs }` may be a
 * list of tensors or full shapes, or of such lists (a KV cache, [key, value]
 * per layer), passed to the model as a list.
 */
export function resolveInputValues(input: InputSpec): InputValue[] {
  const spec: unknown = input;
  if (Array.isArray(spec)) {
    if (spec.length === 0) throw new ArgumentError('analyze', 'inputShape', shownValue(spec), 'a non-empty shape');
    if (spec.every((d) => typeof d === 'number')) return [new Tensor([1, ...shapeOf('inputShape', spec)])];
    if (spec.every((d) => Array.isArray(d))) return spec.map((s) => new Tensor([1, ...shapeOf('inputShape', s)]));
    throw new ArgumentError('analyze', 'inputShape', shownValue(spec), 'a list of integers or a list of such lists');
  }
  if (!isPlainObject(spec) || !('inputs' in spec)) throw new ArgumentError('analyze', 'input', shownValue(spec), INPUT_FORMS);
  const extra = Object.keys(spec).filter((k) => k !== 'inputs');
  if (extra.length > 0) throw new ArgumentError('analyze', 'input', shownValue(spec), `${INPUT_FORMS}; '${String(shownValue(extra[0]))}' is not one of its keys`);
  const given = spec.inputs;
  if (given instanceof Tensor) return [checkedTensor(given)];
  if (!Array.isArray(given)) throw new ArgumentError('analyze', 'inputs', shownValue(given), 'a Tensor, a full shape, or a list of full shapes or Tensors');
  if (given.length === 0) throw new ArgumentError('analyze', 'inputs', shownValue(given), 'at least one tensor or shape');
  if (given.every((g) => typeof g === 'number')) return [new Tensor(shapeOf('inputs', given))];
  return given.map((t: unknown) => {
    if (t instanceof Tensor) return checkedTensor(t);
    if (Array.isArray(t)) return t.every((d) => typeof d === 'number') ? new Tensor(shapeOf('inputs', t)) : nestedInput(given, t, 1);
    throw new ArgumentError('analyze', 'inputs', shownValue(given), 'a list of full shapes or Tensors');
  });
}

/** What a language model says of its inputs (prefill or decode): models with a `generationPhase` method (models/llm/cache.ts). */
export function generationOf(model: Module, inputs: readonly InputValue[]): GenerationPhase | undefined {
  const f = (model as { generationPhase?: unknown }).generationPhase;
  if (typeof f !== 'function') return undefined;
  const g = (f as (inputs: readonly InputValue[]) => GenerationPhase | null).call(model, inputs);
  return g === null || g === undefined ? undefined : g;
}

/** A Tensor given as an input: its shape must be whole sizes >= 1 (a 0-dim tensor is fine). */
function checkedTensor(t: Tensor): Tensor {
  shapeOf('inputs', t.shape, true);
  return t;
}

/** The options, checked: an ArgumentError names a bad one. */
function optionsOf(options: unknown): Required<Omit<AnalyzeOptions, 'name' | 'convention'>> & { name: string | undefined; convention: string } {
  if (options === undefined) return { showTable: true, showArch: true, tableDepth: 3, name: undefined, convention: 'fvcore' };
  if (!isPlainObject(options)) throw new ArgumentError('analyze', 'options', shownValue(options), 'an object of options');
  const { showTable = true, showArch = true, tableDepth = 3, name, convention = 'fvcore' } = options as AnalyzeOptions;
  if (typeof convention !== 'string') throw new ArgumentError('analyze', 'convention', shownValue(convention), 'the name of a convention');
  // An unknown name: an UnknownNameError listing the known ones.
  if (convention !== DEFAULT_CONVENTION.name) conventionByName(convention);
  if (typeof showTable !== 'boolean') throw new ArgumentError('analyze', 'showTable', shownValue(showTable), 'a boolean');
  if (typeof showArch !== 'boolean') throw new ArgumentError('analyze', 'showArch', shownValue(showArch), 'a boolean');
  if (typeof tableDepth !== 'number' || !(Number.isSafeInteger(tableDepth) || tableDepth === Infinity) || tableDepth < 0) {
    throw new ArgumentError('analyze', 'tableDepth', shownValue(tableDepth), 'a whole number >= 0 (or Infinity)');
  }
  if (name !== undefined && typeof name !== 'string') throw new ArgumentError('analyze', 'name', shownValue(name), 'a string');
  return { showTable, showArch, tableDepth, name, convention };
}

/** A convention's counts as the Report's FLOP counts (module ids are the Report's module indexes). */
function conventionCountsInput(counts: ConventionCounts, fvcoreCounts: CountsInput): CountsInput {
  const n = counts.perModule.length;
  return {
    perModule: counts.perModule,
    operatorsOf: (id) => counts.byRule[id]!,
    isFloat: new Array<boolean>(n).fill(false),
    uncalled: fvcoreCounts.uncalled,
    // What a tool does not count is listed by `flopscope compare`, not as unsupported ops.
    unsupportedOps: new Map(),
  };
}

/**
 * mmengine's `get_model_complexity_info`: traces one call of `model` on `input`
 * and counts its FLOPs, activations and parameters per module, with fvcore's
 * counting rules.
 *
 * The model is analysed in the mode it is in: a new module is in training mode,
 * as in PyTorch (batch norm then costs more); call `model.eval()` first for
 * inference numbers.
 * @param model The model; it is called once, through `model.call`, on tensors
 *   that carry shapes only.
 * @param input A shape without the batch (`[3, 224, 224]`: batch 1 is
 *   prepended), a list of such shapes for several inputs, or
 *   `{ inputs: [...] }` with full shapes or Tensors.
 * @param options Which views to render, the table's depth, the model's name.
 * @throws ShapeError when an op gets shapes that do not fit; ArgumentError for
 *   a bad input or option.
 * @example
 * ```ts
 * const r = analyze(models.resnet50().eval(), [3, 224, 224]);
 * r.flops; // 4111512576n
 * ```
 */
export function analyze(model: Module, input: InputSpec, options?: AnalyzeOptions): AnalysisResult;
/**
 * With named sizes (`['B', 3, 'H', 'W']`, `{ inputs: [['B', 'T']] }`, or
 * Tensors whose shapes hold `symbol(...)`s): one trace, every count an exact
 * formula, `at(values)` any point (docs/symbolic.md).
 */
export function analyze(model: Module, input: SymbolicInputSpec, options?: SymbolicOptions): SymbolicAnalysis;
export function analyze(model: Module, input: InputSpec | SymbolicInputSpec, options?: AnalyzeOptions | SymbolicOptions): AnalysisResult | SymbolicAnalysis {
  if (namesSizes(input)) {
    if (symbolicAnalysis === undefined) {
      throw new ArgumentError('analyze', 'input', shownValue(input), 'concrete sizes (size names need the symbolic analysis: import analyzeSymbolic where a bundler drops it)');
    }
    const { where, name } = (options ?? {}) as SymbolicOptions;
    if (options !== undefined && (typeof options !== 'object' || options === null)) throw new ArgumentError('analyze', 'options', shownValue(options), 'an object of options');
    // A symbolic analysis counts with fvcore's rules and renders its views on demand: any other option would be ignored, so it is refused.
    for (const key of Object.keys(options ?? {})) {
      if (key !== 'where' && key !== 'name') throw new ArgumentError('analyze', key, shownValue((options as Record<string, unknown>)[key]), 'absent with size names (a symbolic analysis takes where and name)');
    }
    return symbolicAnalysis(model, input as SymbolicInputSpec, { ...(where !== undefined ? { where } : {}), ...(name !== undefined ? { name } : {}) });
  }
  return analyzeConcrete(model, input as InputSpec, options as AnalyzeOptions | undefined);
}

/** Whether an input spec names a size anywhere (then the analysis is symbolic). */
export function namesSizes(input: unknown, depth = 0): boolean {
  if (typeof input === 'string') return true;
  if (input instanceof Tensor) return input.shape.some((d) => typeof d !== 'number');
  if (depth > 8) return false;
  if (Array.isArray(input)) return input.some((v) => namesSizes(v, depth + 1));
  if (typeof input === 'object' && input !== null && 'inputs' in input) return namesSizes((input as { inputs: unknown }).inputs, depth + 1);
  // A shape with its dtype: { shape: ['B', 'T'], dtype: 'int64' }.
  if (typeof input === 'object' && input !== null && 'shape' in input) return namesSizes((input as { shape: unknown }).shape, depth + 1);
  return false;
}

/**
 * The symbolic analysis, given by analysis/symbolic_analysis.ts when it loads
 * (index.ts loads it): analyze() does not import it, so an app that analyses
 * concrete sizes alone does not carry it (docs/architecture.md, Loading).
 */
let symbolicAnalysis: ((model: Module, input: SymbolicInputSpec, options: SymbolicOptions) => SymbolicAnalysis) | undefined;

/** Gives analyze() the symbolic analysis (called once, by analysis/symbolic_analysis.ts). */
export function provideSymbolicAnalysis(run: (model: Module, input: SymbolicInputSpec, options: SymbolicOptions) => SymbolicAnalysis): void {
  symbolicAnalysis = run;
}

/** The options of a symbolic analysis: `--where` constraints and the model's name. */
export interface SymbolicOptions {
  readonly where?: WhereSpec;
  readonly name?: string;
}

function analyzeConcrete(model: Module, input: InputSpec, options?: AnalyzeOptions): AnalysisResult {
  checkModel('analyze', model);
  const { showTable, showArch, tableDepth, name, convention } = optionsOf(options);
  const inputs = resolveInputValues(input);
  // One snapshot of the model for the whole analysis: the trace, both
  // analyzers, the parameter counts and the Report all read it.
  const tree = buildModelTree(model);
  const trace = traceModel(model, inputs, tree);
  const flopAnalyzer = FlopAnalyzer.fromTrace(trace);
  const activationAnalyzer = ActivationAnalyzer.fromTrace(trace).shareTraceIndexes(flopAnalyzer);
  // Everything that reads the model or runs user code (extra_repr) happens
  // here, so a failure surfaces from analyze(). The views only format the
  // Report's numbers and strings; they are rendered on first access and
  // kept (a model too large for a view's text fails there, as an
  // ArgumentError: views/memo.ts).
  const fvcoreCounts = countsOf(flopAnalyzer);
  const rules = convention === DEFAULT_CONVENTION.name ? DEFAULT_CONVENTION : conventionByName(convention);
  // fvcore's numbers are the usual path's; any other convention counts the same trace by its tool's rules.
  const counts = rules.name === 'fvcore' ? undefined : rules.count(trace);
  const report = createReport({
    modules: moduleDataOf(tree),
    flops: counts === undefined ? fvcoreCounts : conventionCountsInput(counts, fvcoreCounts),
    activations: countsOf(activationAnalyzer),
    model: name ?? model.typeName(),
    mode: model.training ? 'train' : 'eval',
    inputs: inputs.map(inputShapeOf),
    generation: generationOf(model, inputs),
    paramsFrozen: frozenParameterCountOf(tree),
    outputShapes: outputShapesOf(trace.calls, tree.size),
    // A convention asked for by name (even fvcore's) is named in the views; none asked for: the reference's views.
    ...((options as AnalyzeOptions | undefined)?.convention !== undefined
      ? { convention: { name: rules.name, unit: rules.unit, ...(counts !== undefined ? { params: counts.params, ...(counts.macs !== undefined ? { macs: counts.macs[0]! } : {}) } : {}) } }
      : {}),
  });
  const flops = totalOf(report.flops);
  const totals: ConventionTotals =
    counts === undefined
      ? { name: rules.name, unit: rules.unit, flops, params: totalParams(report) }
      : { name: rules.name, unit: rules.unit, flops, ...(counts.macs !== undefined ? { macs: counts.macs[0]! } : {}), params: counts.params, counts };
  return new Result(report, totals, flopAnalyzer, activationAnalyzer, showTable ? tableDepth : null, showArch);
}

/** analyze()'s result: the Report's totals and views, the convention's totals and the analyzers. */
class Result extends ReportResult implements AnalysisResult {
  constructor(
    report: Report,
    readonly convention: ConventionTotals,
    readonly flopAnalyzer: FlopAnalyzer,
    readonly activationAnalyzer: ActivationAnalyzer,
    tableDepth: number | null,
    showArch: boolean,
  ) {
    super(report, tableDepth, showArch);
  }
}
