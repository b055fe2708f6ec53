// The machine-readable report (`--json`), rendered from a Report: every number
// behind the printed views, keyed like the reference's outputs. bigint counts
// are written as exact JSON integers, however large.

import { ArgumentError } from '../core/errors.js';
import { formatSize } from '../analysis/format.js';
import { shownText } from '../nn/module.js';
import { byName, frozenParams, moduleCount, outputShapeOf, type OutputShape, namesWhere, totalIsFloat, totalOf, totalParams, trainableParams, type CountStats, type Report } from '../analysis/report_model.js';
import { archView } from './arch.js';
import { tableView } from './table.js';
import { checkReport } from './memo.js';
import { memoryJson, rooflineJson } from '../analysis/memory_text.js';

/**
 * A value of the JSON report: bigints are written as exact JSON integers, Maps
 * as objects with their keys in order.
 */
export type JsonValue = bigint | number | string | boolean | null | JsonValue[] | JsonMap | { [k: string]: JsonValue };
/** A JSON object whose keys keep their order. */
export type JsonMap = ReadonlyMap<string, JsonValue>;

/**
 * Options of {@link jsonView}: the table's depth, or the views already rendered
 * from the same Report.
 */
export interface JsonViewOptions {
  /** Depth of the table in `outTable` (3 by default). */
  tableDepth?: number;
  /** `outTable` as already rendered from this Report (or '' for none); rendered here when absent. */
  outTable?: string;
  /** `outArch` as already rendered from this Report (or '' for none); rendered here when absent. */
  outArch?: string;
  /** A `memory` object to add; by default the one of the estimates the Report carries (withEstimates), if any. */
  memory?: JsonValue;
  /** A `roofline` object to add; by default the one of the estimates the Report carries, if any. */
  roofline?: JsonValue;
  /** A `trainStep` object to add (the CLI's --train-step: forward, backward and optimizer FLOPs). */
  trainStep?: JsonValue;
}

/**
 * The version of the JSON report's layout (docs/json-schema.md): raised when
 * a field changes meaning or is removed, not when one is added.
 */
export const JSON_SCHEMA_VERSION = 1;

/** An output's shapes as a JSON value. */
function outputJson(shape: OutputShape | null): JsonValue {
  if (shape === null) return null;
  if (Array.isArray(shape)) return (shape as readonly (number | OutputShape | null)[]).map((d) => (typeof d === 'number' ? d : outputJson(d)));
  return new Map(Object.entries(shape as { readonly [key: string]: OutputShape | null }).map(([k, v]) => [k, outputJson(v)]));
}

/**
 * The report as an ordered map (the keys of test/golden_check.ts's FIELD_MAP
 * and more). Without activations in the Report, their fields are null.
 */
export function jsonView(report: Report, options: JsonViewOptions = {}): Map<string, JsonValue> {
  checkReport('jsonView', report);
  const { flops, activations: acts } = report;
  const byModOp = (s: CountStats): JsonMap => new Map([...byName(report, s.byOperator)].map(([m, ops]) => [m, new Map(ops) as JsonMap]));
  const unsupported = (s: CountStats): JsonMap => new Map(s.unsupported);
  const params = totalParams(report);
  const outTable = options.outTable ?? `\n${tableView(report, { maxDepth: options.tableDepth ?? 3 })}`;
  const outArch = options.outArch ?? `\n${archView(report)}`;
  const e = report.estimates;
  const memory = options.memory ?? (e?.memory !== undefined ? memoryJson(e.memory, e.training) : undefined);
  const roofline = options.roofline ?? (e?.roofline !== undefined ? rooflineJson(e.roofline, e.decode) : undefined);
  const conv = report.convention;
  const outputs = report.outputShapes === undefined ? null : byName(report, Array.from({ length: moduleCount(report.structure) }, (_, i) => outputJson(outputShapeOf(report, i))));
  return new Map<string, JsonValue>([
    ['version', JSON_SCHEMA_VERSION],
    ['model', report.model],
    ['mode', report.mode],
    ['inputs', report.inputs.map((s) => [...s] as JsonValue)],
    // Under a named convention: its name and the unit of every FLOP count; `macs` where the tool reports both.
    ...(conv !== undefined ? ([['convention', conv.name], ['unit', conv.unit]] as [string, JsonValue][]) : []),
    ['flops', totalOf(flops)],
    ...(conv?.macs !== undefined ? [['macs', conv.macs] as [string, JsonValue]] : []),
    ['flopsStr', formatSize(totalOf(flops), 3, false, totalIsFloat(flops))],
    ['activations', acts === null ? null : totalOf(acts)],
    ['activationsStr', acts === null ? null : formatSize(totalOf(acts), 3, false, totalIsFloat(acts))],
    // Under a convention, the tool's own parameter count (`paramsStr` stays the model's).
    ['params', conv !== undefined ? conv.params : params],
    ['paramsStr', formatSize(params)],
    ['paramsTrainable', trainableParams(report)],
    ['paramsFrozen', frozenParams(report)],
    ['flopsByModule', byName(report, flops.perModule)],
    ['activationsByModule', acts === null ? null : byName(report, acts.perModule)],
    ['paramsByName', new Map(report.structure.params)],
    ['flopsByModuleAndOperator', byModOp(flops)],
    ['activationsByModuleAndOperator', acts === null ? null : byModOp(acts)],
    ['flopsUnsupportedOps', unsupported(flops)],
    ['activationsUnsupportedOps', acts === null ? null : unsupported(acts)],
    ['uncalledModules', namesWhere(report, flops.uncalled).sort()],
    ['outputShapeByModule', outputs],
    ['outTable', outTable],
    ['outArch', outArch],
    // A language model's generation step (prefill or decode), when the model says.
    ...(report.generation !== undefined ? [['generation', new Map<string, JsonValue>(Object.entries(report.generation))] as [string, JsonValue]] : []),
    // Memory and roofline estimates, when asked for (issue 13).
    ...(memory !== undefined ? [['memory', memory] as [string, JsonValue]] : []),
    ...(roofline !== undefined ? [['roofline', roofline] as [string, JsonValue]] : []),
    ...(options.trainStep !== undefined ? [['trainStep', options.trainStep] as [string, JsonValue]] : []),
  ]);
}

/** JSON text with Maps as objects (order kept) and bigints as exact integers. */
export function toJson(value: JsonValue, indent = 2, depth = 0): string {
  if (depth > 0) return jsonText(value, indent, depth);
  spent = 0;
  try {
    return jsonText(value, indent, depth);
  } catch (e) {
    if (e === TOO_LONG || (e instanceof RangeError && /string length/i.test(e.message))) {
      throw new ArgumentError('toJson', 'value', shownText('a report whose JSON text is longer than a JavaScript string can be'), 'a value whose JSON fits in a string (2^29 - 24 characters in V8)');
    }
    throw e;
  }
}

/** V8's longest string. */
const MAX_TEXT = 2 ** 29 - 24;
// The characters of strings written so far by one toJson: the keys of a
// deeply nested model's maps are its full dotted names (each a rope sharing
// its parent's, until written out), so their text can be quadratic in the
// depth; past the longest string, writing more is pointless.
let spent = 0;
const TOO_LONG = new Error('too long');

function stringText(s: string): string {
  if ((spent += s.length) > MAX_TEXT) throw TOO_LONG;
  return JSON.stringify(s);
}

function jsonText(value: JsonValue, indent: number, depth: number): string {
  const pad = ' '.repeat(indent * (depth + 1));
  const close = ' '.repeat(indent * depth);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return stringText(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => pad + jsonText(v, indent, depth + 1)).join(',\n')}\n${close}]`;
  }
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${pad}${stringText(k)}: ${jsonText(v as JsonValue, indent, depth + 1)}`).join(',\n')}\n${close}}`;
}
