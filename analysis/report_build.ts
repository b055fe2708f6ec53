// Building the Report (report_model.ts) of an analysis: from the analyzers'
// results and the model's module and parameter data. `moduleDataOf` is the
// one place that reads the Module API for it; anything that lists modules and
// parameters the same way can fill a ModuleData instead.

import { moduleTarget, type Module } from '../nn/module.js';
import type { ModelTree } from '../trace/model_tree.js';
import type { ModelAnalysis } from './model_analysis.js';
import type { CountStats, CountsInput, ModuleData, ModuleEntry, Report, ReportInput, ReportStructure, ReprNode } from './report_model.js';

/** A Report of one analysis. Reads user code (extra_repr) only through the structure, once per structure. */
export function createReport(input: ReportInput): Report {
  const structure = reportStructure(input.modules);
  return Object.freeze({
    model: input.model,
    mode: input.mode,
    inputs: Object.freeze(input.inputs.map((s) => Object.freeze([...s]))),
    structure,
    flops: countStats(structure, input.flops),
    activations: input.activations === null ? null : countStats(structure, input.activations),
  });
}

// Keyed by ModuleData, which is immutable (one per model snapshot); a module's
// repr text can still change without its structure changing, so a cached
// structure is used only while every module's text reads the same.
const STRUCTURES = new WeakMap<ModuleData, { readonly structure: ReportStructure; readonly objects: readonly Module[] }>();

/** The structure of a ModuleData, built once per ModuleData object while its modules' repr texts stay the same. */
export function reportStructure(data: ModuleData): ReportStructure {
  const hit = STRUCTURES.get(data);
  if (hit !== undefined && sameTexts(hit.structure, hit.objects)) return hit.structure;
  const objects: Module[] = [];
  const structure = buildStructure(data, objects);
  STRUCTURES.set(data, { structure, objects });
  return structure;
}

function sameTexts(s: ReportStructure, objects: readonly Module[]): boolean {
  for (let i = 0; i < objects.length; i++) {
    const m = objects[i]!;
    const e = s.modules[i]!;
    if (m.extraRepr() !== e.extraRepr || m.customRepr() !== e.customRepr) return false;
  }
  return true;
}

function buildStructure(data: ModuleData, objects: Module[]): ReportStructure {
  const modules: ModuleEntry[] = [];
  const moduleIndex = new Map<string, number>();
  const byObject = new Map<Module, number>();
  const nodeOf = new Map<string, number>();
  const repr: ReprNode[] = [];
  const targets: Module[] = [];
  for (const [path, proxied] of data.modules) {
    const m = moduleTarget(proxied);
    let index = byObject.get(m);
    const canonical = data.canonical.get(path) ?? path;
    if (index === undefined) {
      index = modules.length;
      byObject.set(m, index);
      modules.push(Object.freeze({ name: canonical, type: m.typeName(), extraRepr: m.extraRepr(), customRepr: m.customRepr() }));
      objects.push(m);
      moduleIndex.set(canonical, index);
    }
    nodeOf.set(path, repr.length);
    repr.push({ path, module: index, repeat: canonical !== path, children: [] });
    targets.push(m);
  }
  // Children, with None entries, from each module's registry.
  for (let n = 0; n < repr.length; n++) {
    const node = repr[n]!;
    const children: [string, number | null][] = [];
    for (const [key, sub] of targets[n]!._modules) {
      children.push([key, sub === null ? null : (nodeOf.get(node.path ? `${node.path}.${key}` : key) ?? null)]);
    }
    repr[n] = Object.freeze({ ...node, children: Object.freeze(children) });
  }
  return Object.freeze({
    modules: Object.freeze(modules),
    moduleIndex,
    repr: Object.freeze(repr),
    params: data.paramCounts,
    paramShapes: data.paramShapes,
  });
}

function countStats(structure: ReportStructure, c: CountsInput): CountStats {
  const n = structure.modules.length;
  if (c.perModule.length !== n) throw new Error('report: counts and structure list different modules');
  let byOperator: readonly ReadonlyMap<string, bigint>[] | undefined;
  return Object.freeze({
    perModule: c.perModule,
    // Only the JSON view reads these: made on first use, then fixed.
    get byOperator(): readonly ReadonlyMap<string, bigint>[] {
      return (byOperator ??= Object.freeze(Array.from({ length: n }, (_, i) => c.operatorsOf(i))));
    },
    isFloat: c.isFloat,
    uncalled: c.uncalled,
    anyUncalled: c.uncalled.includes(true),
    unsupported: c.unsupportedOps,
  });
}

// ---------------------------------------------------------------- adapters

/** An analyzer's results as a CountsInput (per module id of its tree, the Report's module order). */
export function countsOf(analyzer: ModelAnalysis): CountsInput {
  return {
    perModule: analyzer.moduleTotals(),
    operatorsOf: (id) => analyzer.operatorsOf(id),
    isFloat: analyzer.moduleIsFloat(),
    uncalled: analyzer.moduleUncalled(),
    unsupportedOps: analyzer.unsupportedOps(''),
  };
}

const MODULE_DATA = new WeakMap<ModelTree, ModuleData>();

/** The ModuleData of a model snapshot (one per tree: the tree cannot change, so neither can it). */
export function moduleDataOf(tree: ModelTree): ModuleData {
  let data = MODULE_DATA.get(tree);
  if (data === undefined) {
    const paramShapes = new Map<string, readonly number[]>();
    for (const p of tree.parameters) paramShapes.set(p.name, p.shape);
    data = { modules: tree.entries, canonical: tree.canonical, paramCounts: tree.parameterCounts, paramShapes };
    MODULE_DATA.set(tree, data);
  }
  return data;
}

/** The Report of two analyzers of one model, as the views print it. */
export function reportOf(
  flops: ModelAnalysis,
  activations: ModelAnalysis | null,
  meta: { model?: string; inputs?: readonly (readonly number[])[]; params?: ReadonlyMap<string, bigint> } = {},
): Report {
  const model = flops.analyzedModel;
  let data = moduleDataOf(flops.modelTree);
  if (meta.params !== undefined && meta.params !== data.paramCounts) data = { ...data, paramCounts: meta.params };
  return createReport({
    modules: data,
    flops: countsOf(flops),
    activations: activations === null ? null : countsOf(activations),
    model: meta.model ?? model.typeName(),
    mode: model.training ? 'train' : 'eval',
    inputs: meta.inputs ?? [],
  });
}
