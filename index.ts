// flopscope's public entry.

/**
 * PyTorch's `torch.nn`: `Module`, the layers by their PyTorch names and
 * arguments, and the functional ops as `nn.F`.
 */
export * as nn from './nn/index.js';
/** PyTorch's `torch` and `torch.nn.functional` ops in one namespace, on shape-only tensors. */
export { F } from './nn/index.js';
export { Module, Parameter, Tensor } from './nn/index.js';
export { TracedInt, intValue, type IntLike, type SizeArgs, type TensorTuple, type ValuesIndices } from './core/tensor.js';
export * from './core/errors.js';
export type { DType } from './core/dtype.js';
export { numel, type Shape, type Dim } from './core/shape.js';
export { setTraceSink, emit, emitOne, type OpEvent, type OpArgs, type TraceSink } from './core/dispatch.js';
export { defineOp, knownOps, opSchema, OpSchema, type OpArgSpec } from './core/op_schema.js';
export { traceModel, isTraceInput, type Trace, type TraceInput } from './trace/tracer.js';
export type { ModuleCall, OpNode, TraceGraph } from './trace/graph.js';
export { ancestorIds, ancestorNames, buildModelTree, ModelTree, type TreeModule, type TreeParameter, type TreeBuffer } from './trace/model_tree.js';
export { ModelAnalysis, type AncestorMode } from './analysis/model_analysis.js';
export { FlopAnalyzer, ActivationAnalyzer } from './analysis/analyzers.js';
export * as handles from './analysis/handles.js';
export { FloatCount, type OpHandle, type OpCount, type CountValue } from './analysis/handles.js';
export { DEFAULT_FLOP_HANDLES, DEFAULT_ACTIVATION_HANDLES, IGNORED_OPS } from './analysis/registry.js';
export { parameterCount, parameterCountTable, parameterCountTableOf } from './analysis/parameter_count.js';
export { complexityStatsTable, type StatsTableOptions } from './analysis/stats_table.js';
export { complexityStatsStr } from './analysis/stats_str.js';
export { formatSize } from './analysis/format.js';
// Loading conventions/builtin.ts lets analyze() take their names (docs/architecture.md, "Loading").
export { conventionByName, conventionNames, conventions } from './analysis/conventions/builtin.js';
export type { Convention, ConventionCounts, ConventionTotals, ConventionUnit } from './analysis/conventions/convention.js';
export { analyze, resolveInputs, resolveInputValues, inputShapeOf, type AnalyzeOptions, type AnalysisResult, type InputSpec, type InputValue, type NestedInput } from './analysis/analyze.js';
export { buildReport } from './analysis/report.js';
export { createReport, reportOf, moduleDataOf, countsOf, outputShapesOf, withEstimates } from './analysis/report_build.js';
export {
  totalOf,
  totalIsFloat,
  totalParams,
  byName,
  namesWhere,
  outputShapeOf,
  outputShapeText,
  type OutputShape,
  type Report,
  type ReportInput,
  type ReportStructure,
  type ModuleData,
  type ModuleEntry,
  type ReprNode,
  type CountStats,
  type CountsInput,
  type InputShape,
  type GenerationPhase,
  type ReportConvention,
  type ReportConventionInput,
  type ReportEstimates,
  flopsLabel,
} from './analysis/report_model.js';
export { tableView, tableRows, TABLE_COLUMNS, type TableViewOptions, type TableRows, type TableColumn } from './views/table.js';
export { archView, type ArchViewOptions } from './views/arch.js';
export { jsonView, toJson, JSON_SCHEMA_VERSION, type JsonViewOptions, type JsonValue, type JsonMap } from './views/json.js';
export { markdownView } from './views/markdown.js';
export { csvView } from './views/csv.js';
export { htmlView, renderHtml } from './views/html.js';
/**
 * torchvision 0.14's model zoo: every builder by its torchvision name
 * (`models.resnet50()`), the families as namespaces (`models.resnet.Bottleneck`),
 * and `ZOO` / `buildModel` by name.
 */
export * as models from './models/index.js';
export { ZOO, buildModel, type ZooEntry } from './models/index.js';
export { Buffer, type BufferOptions } from './nn/index.js';
export { parameterCountSplit, frozenParameterCountOf, type ParameterSplit } from './analysis/parameter_count.js';
export { frozenParams, trainableParams } from './analysis/report_model.js';
// Language models from a Hugging Face config.json, and their KV caches (docs/llm.md).
export { cacheModelTypes, fromHFConfig, knownModelTypes } from './models/llm/hf_config.js';
export { takesKVCache, makeKVCache, type KVCache, type KVPair, type KVCacheLayout, type KVCacheModel } from './models/llm/cache.js';
// The `full` convention: every op costed (docs/costs.md).
export { FULL_FLOP_HANDLES, FULL_ZERO_COST_OPS, fullFlopAnalyzer, opsWithoutFullRule, matrixProductFlops, recurrentLayers, type RecurrentLayer } from './analysis/conventions/full.js';
// The training step: forward, backward and optimizer FLOPs (docs/training.md).
export {
  trainStepFlops,
  OPTIMIZER_FLOPS_PER_PARAMETER,
  type TrainStepCosts,
  type TrainStepOptions,
  type TrainStepCounts,
  type TrainStepApproximation,
  type TrainStepResult,
} from './analysis/train_step.js';
// Memory (issue 13, docs/memory.md): bytes by dtype, peak activations by liveness, the KV cache.
export {
  memoryOf,
  memoryOfTrace,
  livenessOf,
  kvCacheBytes,
  bytesOf,
  tensorBytes,
  storageDtype,
  dtypesOf,
  STORAGE_DTYPES,
  STORAGE_DTYPE_BITS,
  type StorageDtype,
  type DtypeOptions,
  type Dtypes,
  type CacheLayout,
  type KVCacheMemory,
  type Liveness,
  type ModuleMemory,
  type MemoryReport,
} from './analysis/memory.js';
export { traceDataflow, type TraceDataflow } from './trace/dataflow.js';
// The roofline on named devices (issue 13, docs/memory.md).
export { DEVICES, deviceNamed, deviceNames, customDevice, peakFlopsOf, type Device } from './analysis/devices.js';
export { rooflineOf, rooflineOfTrace, opFlops, opBytesRead, type Bound, type RooflinePoint, type RooflineReport, type RooflineOptions } from './analysis/roofline.js';
// Training memory (issue 13, docs/memory.md).
export { trainingMemoryOf, trainingMemoryOfTrace, blocksOf, optimizerNamed, OPTIMIZERS, OPTIMIZER_STATE_BYTES, type Optimizer, type TrainingOptions, type TrainingMemory } from './analysis/memory_training.js';
export { memoryText, rooflineText, devicesText, memoryJson, rooflineJson, bytesText, rateText, secondsText, type MemoryJsonValue } from './analysis/memory_text.js';
// Symbolic sizes (issue 14, docs/symbolic.md): counts as exact formulas of named sizes.
export { symbol, evaluate, evaluateWhole, substitute, sumOver, structured, Expr, type Point, type StructuredExpr } from './core/symbolic.js';
// Arithmetic on sizes that may be symbolic; isExpr needs no engine (SymbolicError comes with core/errors.js above).
export { isExpr, type SymSize, type SymCount } from './core/sizes.js';
export { analyzeSymbolic, parseWhere, SymbolicAnalysis, type SymbolicInputSpec, type SymbolicInputs, type TypedDims, type SymbolicDim, type WhereSpec, type EvaluatedAnalysis, type SymbolicJson, type FormulaJson, type SizeSymbol, type SymbolicCounts } from './analysis/symbolic_analysis.js';
export { namesSizes, type SymbolicOptions } from './analysis/analyze.js';
export type { Condition } from './core/dispatch.js';
export { symbolicTensor, symbolicKVCache } from './analysis/symbolic_analysis.js';
export { symbolicSummary, generationFormulaJson } from './analysis/symbolic_text.js';
export { concrete as concreteSize } from './core/shape.js';
export { symbolicBytes, type SymbolicBytes } from './analysis/symbolic_bytes.js';
