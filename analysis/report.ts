// buildReport(name, model, inputs, result): the JSON report's former entry,
// kept as a thin wrapper over the analysis's Report and views/json.ts.

import type { Module } from '../nn/module.js';
import { jsonView, type JsonValue } from '../views/json.js';
import type { AnalysisResult } from './analyze.js';
import type { InputShape } from './report_model.js';

export { toJson, type JsonMap, type JsonValue } from '../views/json.js';

/**
 * The JSON report (`--json`) of an {@link analyze} result as an ordered map:
 * the Report with the model's name, its mode and its input shapes, rendered by
 * {@link jsonView}; write it out with {@link toJson}. Kept from the former API.
 */
export function buildReport(
  name: string,
  model: Module,
  inputs: readonly InputShape[],
  result: AnalysisResult,
): Map<string, JsonValue> {
  const report = { ...result.report, model: name, mode: model.training ? 'train' : 'eval', inputs } as const;
  return jsonView(report, { outTable: result.outTable, outArch: result.outArch });
}
