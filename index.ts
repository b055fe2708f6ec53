// flopscope's public entry.

export * as nn from './nn/index.js';
export { F, Module, Parameter, Tensor } from './nn/index.js';
export * from './core/errors.js';
export type { DType } from './core/dtype.js';
export { numel, type Shape, type Dim } from './core/shape.js';
export { setTraceSink, type OpEvent, type OpAttrs, type TraceSink } from './core/dispatch.js';
export { traceModel, type Trace } from './trace/tracer.js';
export type { OpNode, TraceGraph } from './trace/graph.js';
export { buildModelTree, ModelTree, type TreeModule, type TreeParameter, type TreeBuffer } from './trace/model_tree.js';
export { ModelAnalysis, type AncestorMode } from './analysis/model_analysis.js';
export { FlopAnalyzer, ActivationAnalyzer } from './analysis/analyzers.js';
export * as handles from './analysis/handles.js';
export { FloatCount, type OpHandle, type OpCount, type CountValue } from './analysis/handles.js';
export { DEFAULT_FLOP_HANDLES, DEFAULT_ACTIVATION_HANDLES, IGNORED_OPS } from './analysis/registry.js';
export { parameterCount, parameterCountTable, parameterCountTableOf } from './analysis/parameter_count.js';
export { complexityStatsTable, type StatsTableOptions } from './analysis/stats_table.js';
export { complexityStatsStr } from './analysis/stats_str.js';
export { formatSize } from './analysis/format.js';
export { analyze, resolveInputs, type AnalyzeOptions, type AnalysisResult, type InputSpec } from './analysis/analyze.js';
export { buildReport, toJson } from './analysis/report.js';
export * as models from './models/index.js';
export { ZOO, buildModel } from './models/index.js';
