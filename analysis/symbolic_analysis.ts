// A symbolic analysis: the model traced once with named sizes (`B`, `T`, `H`),
// every count an exact expression in them (core/symbolic.ts), and any point
// evaluated into the Report a concrete analysis at that point gives.
//
// The trace, the handles and the charging of ops to modules are the concrete
// analysis's own (fvcore's rules); only the sums are expressions.

import { ArgumentError } from '../core/errors.js';
import type { Condition } from '../core/dispatch.js';
import type { Shape } from '../core/shape.js';
import { countAdd, evaluate, Expr, exactQuotient, isExpr, sizeAdd, sizeMul, structured, substitute, sumOver, symbol, wholeEvaluator, SymbolicError, type Point, type StructuredExpr, type SymCount, type Value } from '../core/symbolic.js';
import { Tensor } from '../core/tensor.js';
import type { DType } from '../core/dtype.js';
import { shownValue, type Module } from '../nn/module.js';
import { buildModelTree, checkModel, type ModelTree } from '../trace/model_tree.js';
import { traceModel, type Trace, type TraceInput } from '../trace/tracer.js';
import { FloatCount, type OpCount } from './handles.js';
import { formulaText } from './format.js';
import { ReportResult } from './report_result.js';
import { frozenParameterCountOf, parameterCount } from './parameter_count.js';
import { DEFAULT_ACTIVATION_HANDLES, DEFAULT_FLOP_HANDLES, IGNORED_OPS, simplifyOpName } from './registry.js';
import { createReport, moduleDataOf, outputShapesOf } from './report_build.js';
import { type CountsInput, type GenerationPhase, type InputShape, type OutputShape, type Report } from './report_model.js';
import { TraceIndexes } from './trace_index.js';
import { generationOf, inputShapeOf, provideSymbolicAnalysis } from './analyze.js';
import { symbolicBytes } from './symbolic_bytes.js';
import { archView } from '../views/arch.js';
import { tableView } from '../views/table.js';

/** A dimension of a symbolic input: a whole number, or a size name (`'B'`, `'T'`). */
export type SymbolicDim = number | string;

/**
 * Constraints on the named sizes, as the CLI's `--where` writes them:
 * `H=32h` (H is 32 times a whole h >= 1; also `H=32h+3`), `T>=16` (a least
 * value), `P>=0` (a size that may be 0).
 */
export type WhereSpec = string | readonly string[];

/** Per module: its counts as expressions, by operator in the order they first ran. */
export interface SymbolicCounts {
  /** Per module id (named_modules order), the total. */
  readonly perModule: readonly SymCount[];
  /** Per module id, per operator. */
  readonly byOperator: readonly ReadonlyMap<string, SymCount>[];
  /** Per module id, whether the reference holds its total as a float. */
  readonly isFloat: readonly boolean[];
}

/** One named size of the result: its name, least value and how it is written in terms of the traced symbols. */
export interface SizeSymbol {
  readonly name: string;
  readonly min: number;
  /** Given by a `--where` as `coefficient * inner + offset` (`H=32h`): the traced symbol. */
  readonly via?: { readonly symbol: string; readonly coefficient: number; readonly offset: number };
}

/** A count as JSON: its text and its exact structured value. */
export interface FormulaJson {
  readonly text: string;
  readonly value: StructuredExpr;
}

/** What `--json` gives as `formula`. */
export interface SymbolicJson {
  readonly sizes: readonly { readonly name: string; readonly min: number; readonly multipleOf?: number; readonly offset?: number }[];
  readonly conditions: readonly { readonly text: string; readonly why: string }[];
  readonly flops: FormulaJson;
  readonly activations: FormulaJson;
  /** Bytes read and written by the model's ops, fp32 (as the roofline counts them). */
  readonly bytesMoved: FormulaJson;
  readonly params: string;
  readonly modules: readonly {
    readonly name: string;
    readonly flops: FormulaJson;
    readonly activations: FormulaJson;
    readonly bytesRead: FormulaJson;
    readonly bytesWritten: FormulaJson;
    readonly flopsByOperator: Readonly<Record<string, FormulaJson>>;
  }[];
}

/** Counts at one point: what {@link SymbolicAnalysis.at} returns, equal to a concrete analysis at that point. */
export interface EvaluatedAnalysis extends ReportResult {
  /** The point, by size name. */
  readonly values: Readonly<Record<string, number>>;
}

type Dims = readonly SymbolicDim[];
/** Inputs as shapes with size names, Tensors (whose shapes may hold expressions), or nested lists of them (a KV cache). */
export type SymbolicInputs = readonly (Dims | Tensor | TypedDims | SymbolicInputs)[];

/** A shape with its dtype: `{ shape: ['B', 'T'], dtype: 'int64' }` (token ids). */
export interface TypedDims {
  readonly shape: Dims;
  readonly dtype: DType;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses `--where` constraints: substitutions (`H=32h`, `H=32h+3`) and least values (`T>=16`). */
export function parseWhere(where: WhereSpec | undefined): Map<string, SizeSymbol> {
  const out = new Map<string, SizeSymbol>();
  if (where === undefined) return out;
  if (typeof where !== 'string' && !(Array.isArray(where) && where.every((w) => typeof w === 'string'))) {
    throw new ArgumentError('analyze', 'where', shownValue(where), "constraints such as 'H=32h,W=32w' (a string, or a list of them)");
  }
  const items = (typeof where === 'string' ? where.split(',') : [...where].flatMap((w) => String(w).split(','))).map((s) => s.trim()).filter((s) => s !== '');
  for (const item of items) {
    const bound = /^([A-Za-z_][A-Za-z0-9_]*)\s*>=\s*(-?\d+)$/.exec(item);
    const multiple = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\d+)\s*\*?\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:([+-])\s*(\d+))?$/.exec(item);
    if (bound !== null) {
      const name = bound[1]!;
      const had = out.get(name);
      out.set(name, { ...had, name, min: Number(bound[2]) });
    } else if (multiple !== null) {
      const [, name, coefficient, inner, sign, offset] = multiple;
      if (Number(coefficient) < 1) throw new ArgumentError('analyze', 'where', item, 'a positive multiple (H=32h)');
      const had = out.get(name!);
      out.set(name!, { name: name!, min: had?.min ?? 1, via: { symbol: inner!, coefficient: Number(coefficient), offset: sign === '-' ? -Number(offset) : Number(offset ?? 0) } });
    } else {
      throw new ArgumentError('analyze', 'where', item, "a constraint such as H=32h, H=32h+3 or T>=16 (comma-separated)");
    }
  }
  return out;
}

/** The expression a size name stands for, given the constraints. */
function sizeExpr(name: string, where: ReadonlyMap<string, SizeSymbol>): Expr | number {
  const s = where.get(name);
  if (s?.via === undefined) return symbol(name, s?.min ?? 1);
  const { symbol: inner, coefficient, offset } = s.via;
  // The inner symbol's least value: the least whole value giving at least the size's least value, and at least 1.
  const min = Math.max(1, Math.ceil((s.min - offset) / coefficient));
  return sizeAdd(sizeMul(coefficient, symbol(inner, where.get(inner)?.min ?? min)), offset);
}

/** The input tensors of a symbolic analysis: size names become symbols; a first dimension that is a number keeps the shape as given. */
function symbolicInputs(inputs: SymbolicInputs, where: ReadonlyMap<string, SizeSymbol>, depth = 0, dtype: DType = 'float32'): TraceInput[] {
  if (depth > 8) throw new ArgumentError('analyze', 'inputs', shownValue(inputs), 'shapes or Tensors, nested at most 8 deep');
  return inputs.map((v): TraceInput => {
    if (v instanceof Tensor) return v;
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && Array.isArray((v as TypedDims).shape)) {
      const { shape, dtype } = v as TypedDims;
      return symbolicInputs([shape], where, depth, dtype)[0]!;
    }
    if (!Array.isArray(v) || v.length === 0) throw new ArgumentError('analyze', 'inputs', shownValue(v), 'a shape of whole numbers and size names, a Tensor, or a list of them');
    if (v.every((d) => typeof d === 'number' || typeof d === 'string')) {
      return new Tensor(
        (v as Dims).map((d): number | Expr => {
          if (typeof d === 'number') {
            if (!Number.isSafeInteger(d) || d < 0) throw new ArgumentError('analyze', 'inputs', shownValue(v), 'sizes that are whole numbers >= 0 or size names');
            return d;
          }
          if (!NAME.test(d)) throw new ArgumentError('analyze', 'inputs', shownValue(v), "size names such as 'B', 'T' or 'H' (a letter, then letters, digits or _)");
          return sizeExpr(d, where);
        }),
        dtype,
      );
    }
    return symbolicInputs(v as SymbolicInputs, where, depth + 1);
  });
}

/** A symbolic input: a shape with size names, or `{ inputs }` of such shapes, Tensors and nested lists. */
export type SymbolicInputSpec = Dims | { readonly inputs: SymbolicInputs };

/** A Tensor of `dtype` whose shape may name sizes (`['B', 'T']`, int64 token ids), under the `where` constraints. */
export function symbolicTensor(shape: Dims, dtype: DType, where?: WhereSpec): Tensor {
  return symbolicInputs([shape], parseWhere(where), 0, dtype)[0] as Tensor;
}

/**
 * A language model's KV cache whose batch and cached length may be size
 * names (`--past P`): [key, value] per layer of [batch, kv heads, past,
 * head dim], from the model's `kvCacheLayout()`. The cached length's least
 * value is 1 unless `where` says (`P>=0`).
 */
export function symbolicKVCache(model: Module, batch: SymbolicDim, past: SymbolicDim, where?: WhereSpec): TraceInput {
  const layoutOf = (model as { kvCacheLayout?: () => { layers: number; heads: number; headDim: number } }).kvCacheLayout;
  if (typeof layoutOf !== 'function') throw new ArgumentError('analyze', 'past', model.typeName(), 'a language model that takes a KV cache');
  const layout = layoutOf.call(model);
  const shape = symbolicTensor([batch, layout.heads, past, layout.headDim], 'float32', where).shape;
  return Array.from({ length: layout.layers }, () => [new Tensor(shape), new Tensor(shape)]);
}


/**
 * `analyze` with named sizes. `input`: a shape (its batch is prepended as 1
 * unless its first entry is a size name: `['B', 3, 'H', 'W']` is the full
 * shape, `[3, 'H', 'W']` gets batch 1), or `{ inputs: [...] }` with full
 * shapes, Tensors and nested lists of them.
 */
export function analyzeSymbolic(model: Module, input: SymbolicInputSpec, options: { readonly where?: WhereSpec; readonly name?: string } = {}): SymbolicAnalysis {
  checkModel('analyze', model);
  const where = parseWhere(options.where);
  let spec: SymbolicInputs;
  if (Array.isArray(input)) {
    const dims = input as Dims;
    if (!dims.every((d) => typeof d === 'number' || typeof d === 'string')) throw new ArgumentError('analyze', 'inputShape', shownValue(input), 'a shape of whole numbers and size names');
    spec = [typeof dims[0] === 'string' ? dims : [1, ...dims]];
  } else if (typeof input === 'object' && input !== null && Array.isArray((input as { inputs?: unknown }).inputs)) spec = (input as { inputs: SymbolicInputs }).inputs;
  else throw new ArgumentError('analyze', 'input', shownValue(input), "a shape with size names (['B', 3, 'H', 'W']) or { inputs: [...] }");
  const inputs = symbolicInputs(spec, where);
  // A constraint on a size the inputs do not name is a mistake (a typo would otherwise be ignored).
  const named = new Set<string>();
  const collect = (v: unknown, depth: number): void => {
    if (typeof v === 'string') named.add(v);
    else if (Array.isArray(v) && depth < 10) v.forEach((e) => collect(e, depth + 1));
    else if (v instanceof Tensor) v.shape.forEach((d) => isExpr(d) && d.symbols().forEach((n) => named.add(n)));
    else if (typeof v === 'object' && v !== null && Array.isArray((v as TypedDims).shape)) collect((v as TypedDims).shape, depth + 1);
  };
  collect(spec, 0);
  const inner = new Set([...where.values()].flatMap((s) => (s.via === undefined ? [] : [s.via.symbol])));
  for (const name of where.keys()) {
    if (!named.has(name) && !inner.has(name)) throw new ArgumentError('analyze', 'where', name, `a constraint on a size the inputs name (${[...named].sort().join(', ') || 'none'})`);
  }
  const tree = buildModelTree(model);
  const trace = traceModel(model, inputs, tree);
  return new SymbolicAnalysis(model, options.name ?? model.typeName(), tree, trace, inputs, where);
}

/** Sums of handle results per module, as expressions (the charge groups of the concrete analysis). */
function countSymbolic(trace: Trace, tree: ModelTree, indexes: TraceIndexes, handles: Readonly<Record<string, unknown>>): { counts: SymbolicCounts; unsupported: Map<string, number> } {
  const index = indexes.get('owner');
  const n = tree.size;
  const byOperator = Array.from({ length: n }, () => new Map<string, SymCount>());
  const isFloat = new Array<boolean>(n).fill(false);
  const members = new Int32Array(index.maxMembers);
  const unsupported = new Map<string, number>();
  const charge = (g: number, name: string, v: unknown, float: boolean): void => {
    if (typeof v === 'number') v = BigInt(v);
    if (typeof v === 'bigint' && v <= 0n) return;
    if (typeof v !== 'bigint' && !isExpr(v)) throw new SymbolicError(`the count of ${name} is ${String(v)}`, []);
    for (let k = index.membersOf(g, members), j = 0; j < k; j++) {
      const m = byOperator[members[j]!]!;
      const had = m.get(name);
      m.set(name, had === undefined ? (v as SymCount) : countAdd(had, v as SymCount));
      if (float) isFloat[members[j]!] = true;
    }
  };
  trace.nodes.forEach((node, i) => {
    const handle = handles[node.kind] as ((n: typeof node) => OpCount) | undefined;
    if (handle === undefined) {
      if (!IGNORED_OPS.has(node.kind)) unsupported.set(node.kind, (unsupported.get(node.kind) ?? 0) + 1);
      return;
    }
    const g = index.groupOf[i]!;
    const r = handle(node);
    if (r instanceof FloatCount) charge(g, simplifyOpName(node.kind), r.value, true);
    else if (typeof r === 'bigint' || typeof r === 'number' || isExpr(r)) charge(g, simplifyOpName(node.kind), r, false);
    else for (const k in r) charge(g, k, r[k] instanceof FloatCount ? (r[k] as FloatCount).value : r[k], r[k] instanceof FloatCount);
  });
  const perModule = byOperator.map((m) => {
    let t: SymCount = 0n;
    for (const v of m.values()) t = countAdd(t, v);
    return t;
  });
  return { counts: { perModule, byOperator, isFloat }, unsupported };
}

/** Shapes with their expressions evaluated at `point`. */
function evaluateShapes<T>(value: T, at: (v: Expr) => bigint, depth = 0): T {
  if (isExpr(value)) return Number(at(value)) as T;
  if (depth > 16 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    // A shape of plain numbers (most of them) is kept as it is.
    if (value.every((v) => typeof v === 'number')) return value;
    return value.map((v: unknown) => evaluateShapes(v, at, depth + 1)) as T;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = evaluateShapes(v, at, depth + 1);
  return out as T;
}

/**
 * The result of a symbolic analysis: every count as an exact expression in
 * the named sizes, the conditions it holds under, and `at(values)` giving the
 * Report of a concrete analysis at any point.
 */
export class SymbolicAnalysis {
  /** FLOPs per module (fvcore's rules), as expressions. */
  readonly flopCounts: SymbolicCounts;
  /** Activations per module, as expressions. */
  readonly activationCounts: SymbolicCounts;
  /** Ops with no FLOP handle, with how often each ran (sizes do not change this). */
  readonly unsupportedOps: ReadonlyMap<string, number>;
  /** Ops with no activation handle, with how often each ran. */
  readonly activationUnsupportedOps: ReadonlyMap<string, number>;
  /** What the formulas assume (checks the symbols' least values do not decide): `expr >= bound`. */
  readonly conditions: readonly Condition[];
  /** The named sizes, with their constraints. */
  readonly sizes: readonly SizeSymbol[];
  /** Total parameters (sizes do not change them). */
  readonly params: bigint;
  private readonly uncalled: readonly boolean[];
  private readonly outputShapes: readonly (OutputShape | null)[];
  private formulaReport: Report | undefined;

  constructor(
    readonly model: Module,
    readonly name: string,
    readonly tree: ModelTree,
    readonly trace: Trace,
    private readonly inputs: readonly TraceInput[],
    private readonly where: ReadonlyMap<string, SizeSymbol>,
  ) {
    const indexes = new TraceIndexes(trace);
    const flops = countSymbolic(trace, tree, indexes, DEFAULT_FLOP_HANDLES);
    this.flopCounts = flops.counts;
    const activations = countSymbolic(trace, tree, indexes, DEFAULT_ACTIVATION_HANDLES);
    this.activationCounts = activations.counts;
    this.unsupportedOps = flops.unsupported;
    this.activationUnsupportedOps = activations.unsupported;
    this.conditions = trace.conditions ?? [];
    this.uncalled = Array.from(indexes.get('owner').called, (c) => c === 0);
    this.outputShapes = outputShapesOf(trace.calls, tree.size);
    this.params = parameterCount(model).get('') ?? 0n;
    const names = new Set<string>();
    const visit = (v: unknown): void => {
      if (v instanceof Tensor) for (const d of v.shape) if (isExpr(d)) for (const s of d.symbols()) names.add(s);
      if (Array.isArray(v)) v.forEach(visit);
    };
    visit(inputs);
    const viaOf = new Map([...where.values()].filter((s) => s.via !== undefined).map((s) => [s.via!.symbol, s]));
    this.sizes = [...names].sort().map((n) => viaOf.get(n) ?? { name: n, min: where.get(n)?.min ?? 1 });
  }

  /** Total FLOPs as an expression. */
  get flops(): SymCount {
    return this.flopCounts.perModule[0]!;
  }

  /** Total activations as an expression. */
  get activations(): SymCount {
    return this.activationCounts.perModule[0]!;
  }

  /**
   * The traced symbols' values at a point given by size names (`{ H: 224 }`
   * gives h = 7 when `H=32h`); a value that breaks a constraint is a
   * SymbolicError naming it.
   */
  pointOf(values: Readonly<Record<string, number | bigint>>): Point {
    const point: Record<string, bigint> = {};
    const known = this.sizes.map((s) => s.name);
    for (const [k, raw] of Object.entries(values)) {
      if (!known.includes(k)) throw new ArgumentError('at', 'values', k, `values of the sizes ${known.join(', ')}`);
      if (!Number.isSafeInteger(Number(raw))) throw new SymbolicError(`${k} = ${String(raw)} is not a whole number`, [k]);
      const v = BigInt(raw);
      const s = this.where.get(k);
      if (s?.via !== undefined) {
        const q = exactQuotient(v - BigInt(s.via.offset), BigInt(s.via.coefficient));
        if (typeof q !== 'number') throw new SymbolicError(`${k} = ${v} does not satisfy ${k}=${s.via.coefficient}${s.via.symbol}${s.via.offset === 0 ? '' : s.via.offset > 0 ? `+${s.via.offset}` : s.via.offset}`, [k]);
        point[s.via.symbol] = BigInt(q);
      } else point[k] = v;
      if (s !== undefined && v < BigInt(s.min)) throw new SymbolicError(`${k} = ${v} is below its least value ${s.min}`, [k]);
    }
    for (const c of this.conditions) {
      const v = evaluate(c.expr, point);
      const ok = typeof v === 'bigint' ? v >= BigInt(c.bound) : v[0] >= BigInt(c.bound) * v[1];
      if (!ok) throw new SymbolicError(`the point breaks a condition of the result: ${c.why} needs ${c.expr.toString()} >= ${c.bound}`, c.expr.symbols());
    }
    return point;
  }

  /** An expression with the `--where` substitutions undone: in the size names the user gave (`H`, not `h`). */
  inSizeNames(v: SymCount): Value {
    if (!isExpr(v)) return v;
    const back: Record<string, Value> = {};
    for (const s of this.where.values()) {
      if (s.via === undefined) continue;
      // h = (H - offset) / coefficient: exact wherever the constraint holds.
      back[s.via.symbol] = sizeMul(sizeAdd(symbol(s.name, s.min), -s.via.offset), 1 / s.via.coefficient);
    }
    return Object.keys(back).length === 0 ? v : substitute(v, back);
  }

  /**
   * The Report whose per-module counts are formulas (in the size names the
   * user gave): the table and architecture views print them.
   */
  get report(): Report {
    if (this.formulaReport === undefined) {
      const countsOf = (c: SymbolicCounts): CountsInput => ({
        // The views read numbers only to drop modules that count nothing (0); the formulas are what they print.
        perModule: c.perModule.map((v) => (v === 0n ? 0n : 1n)),
        operatorsOf: () => new Map(),
        isFloat: c.isFloat,
        uncalled: this.uncalled,
        unsupportedOps: c === this.flopCounts ? this.unsupportedOps : this.activationUnsupportedOps,
        formulas: c.perModule.map((v) => formulaText(this.inSizeNames(v) as SymCount)),
      });
      this.formulaReport = createReport({
        modules: moduleDataOf(this.tree),
        flops: countsOf(this.flopCounts),
        activations: countsOf(this.activationCounts),
        model: this.name,
        mode: this.model.training ? 'train' : 'eval',
        inputs: this.inputs.map(inputShapeOf),
        paramsFrozen: frozenParameterCountOf(this.tree),
      });
    }
    return this.formulaReport;
  }

  /** The table view with formulas. */
  get outTable(): string {
    return `\n${tableView(this.report, { maxDepth: 3 })}`;
  }

  /** The architecture view with formulas. */
  get outArch(): string {
    return `\n${archView(this.report)}`;
  }

  /**
   * The formulas as JSON data: per total and per module, each count as text
   * and as an exact structured value, in the size names given.
   */
  formulaJson(): SymbolicJson {
    const exact = (v: SymCount): FormulaJson => {
      const e = this.inSizeNames(v);
      return { text: typeof e === 'bigint' ? e.toString() : String(e), value: structured(e) };
    };
    const names = this.tree.canonicalNames;
    const bytes = symbolicBytes(this);
    return {
      sizes: this.sizes.map((s) => ({ name: s.name, min: s.min, ...(s.via !== undefined ? { multipleOf: s.via.coefficient, offset: s.via.offset } : {}) })),
      conditions: this.conditions.map((c) => ({ text: `${String(this.inSizeNames(c.expr as SymCount))} >= ${c.bound}`, why: c.why })),
      flops: exact(this.flops),
      activations: exact(this.activations),
      bytesMoved: exact(countAdd(bytes.bytesRead[0]!, bytes.bytesWritten[0]!)),
      params: this.params.toString(),
      modules: names.map((name, id) => ({
        name,
        flops: exact(this.flopCounts.perModule[id]!),
        activations: exact(this.activationCounts.perModule[id]!),
        bytesRead: exact(bytes.bytesRead[id]!),
        bytesWritten: exact(bytes.bytesWritten[id]!),
        flopsByOperator: Object.fromEntries([...this.flopCounts.byOperator[id]!].map(([k, v]) => [k, exact(v)])),
      })),
    };
  }

  /**
   * A decode step traced with a symbolic cache length `past` (`--past P`):
   * the exact total over generating `tokens` tokens after a prompt of `past`,
   * i.e. the sum of the decode steps whose cache holds past, past+1, ...,
   * past+tokens-1 tokens, by Faulhaber's sums (no loop over steps). The result
   * is in the size names plus `tokens` (a new name, `O` by default).
   */
  generationTotal(past: string, tokens = 'O'): { readonly flops: SymCount; readonly activations: SymCount } {
    const p = this.sizes.find((s) => s.name === past);
    if (p === undefined || p.via !== undefined) throw new SymbolicError(`no size named ${past} to sum over (the cache length of a decode step: --past ${past})`, [past]);
    if (this.sizes.some((s) => s.name === tokens)) throw new SymbolicError(`${tokens} is already a size of this analysis; name the generated tokens otherwise`, [tokens]);
    const start = symbol(past, p.min);
    const last = sizeAdd(start, sizeAdd(symbol(tokens), -1));
    const sum = (v: SymCount): SymCount => sumOver(v, past, start, last);
    return { flops: sum(this.flops), activations: sum(this.activations) };
  }

  /**
   * The cost of the token at position `position` (1-based: the first token
   * has an empty cache): the decode formula with `past = position - 1`.
   */
  perToken(past: string, position = 'T'): { readonly flops: SymCount; readonly activations: SymCount } {
    const p = this.sizes.find((s) => s.name === past);
    if (p === undefined || p.via !== undefined) throw new SymbolicError(`no size named ${past} (the cache length of a decode step: --past ${past})`, [past]);
    const shift = { [past]: sizeAdd(symbol(position, Math.max(1, p.min + 1)), -1) };
    const at = (v: SymCount): SymCount => substitute(v, shift) as SymCount;
    return { flops: at(this.flops), activations: at(this.activations) };
  }

  /**
   * Every module's FLOPs and activations at a point (by module id, named_modules
   * order), without building a Report: what a sweep over many points needs.
   * Equal to `at(values).report`'s per-module counts.
   */
  countsAt(values: Readonly<Record<string, number | bigint>>): { readonly flops: readonly bigint[]; readonly activations: readonly bigint[] } {
    if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new ArgumentError('countsAt', 'values', shownValue(values), 'an object of size values ({ B: 4, T: 2048 })');
    const value = wholeEvaluator(this.pointOf(values));
    // A module's total is the sum of its operators' positive counts, as a concrete analysis keeps them.
    const totals = (c: SymbolicCounts): bigint[] =>
      c.byOperator.map((m) => {
        let t = 0n;
        for (const v of m.values()) {
          const x = value(v);
          if (x > 0n) t += x;
        }
        return t;
      });
    return { flops: totals(this.flopCounts), activations: totals(this.activationCounts) };
  }

  /** The Report at `values`, identical to a concrete analysis's there. */
  private reportAt(point: Point): Report {
    const value = wholeEvaluator(point);
    const countsAt = (c: SymbolicCounts): CountsInput => {
      const ops = c.byOperator.map((m) => {
        const out = new Map<string, bigint>();
        for (const [k, v] of m) {
          const x = value(v);
          if (x > 0n) out.set(k, x);
        }
        return out;
      });
      return {
        perModule: ops.map((m) => {
          let t = 0n;
          for (const v of m.values()) t += v;
          return t;
        }),
        operatorsOf: (id) => ops[id]!,
        isFloat: c.isFloat,
        uncalled: this.uncalled,
        unsupportedOps: c === this.flopCounts ? this.unsupportedOps : this.activationUnsupportedOps,
      };
    };
    const inputs = evaluateShapes(this.inputs.map(inputShapeOf), value);
    const generation = generationAt(this.model, inputs);
    return createReport({
      modules: moduleDataOf(this.tree),
      flops: countsAt(this.flopCounts),
      activations: countsAt(this.activationCounts),
      model: this.name,
      mode: this.model.training ? 'train' : 'eval',
      inputs,
      generation,
      paramsFrozen: frozenParameterCountOf(this.tree),
      outputShapes: evaluateShapes(this.outputShapes, value),
    });
  }

  /**
   * The analysis at one point (`{ B: 4, T: 2048 }`, every size named): its
   * Report, totals and views, equal to a concrete analysis there.
   */
  at(values: Readonly<Record<string, number | bigint>>): EvaluatedAnalysis {
    if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new ArgumentError('at', 'values', shownValue(values), 'an object of size values ({ B: 4, T: 2048 })');
    const missing = [...this.sizes].map((s) => s.name).filter((n) => !(n in values));
    if (missing.length > 0) throw new SymbolicError(`no value given for ${missing.join(', ')}`, missing);
    const point = this.pointOf(values);
    const report = this.reportAt(point);
    return new Evaluated(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(v)])), report);
  }
}

/** The shape of an input: a nested input's as the list of its inputs' shapes. */
/** What a language model says of concrete inputs of these shapes (prefill or decode); token ids (the first input) are int64. */
function generationAt(model: Module, shapes: readonly InputShape[]): GenerationPhase | undefined {
  const toTensor = (s: InputShape, first: boolean): TraceInput =>
    s.every((d) => typeof d === 'number') ? new Tensor(s as Shape, first ? 'int64' : 'float32') : (s as readonly InputShape[]).map((x) => toTensor(x, false));
  return generationOf(model, shapes.map((s, i) => toTensor(s, i === 0)));
}

/** at()'s result: the Report at a point with its totals and views (the reference's table depth, 3). */
class Evaluated extends ReportResult implements EvaluatedAnalysis {
  constructor(
    readonly values: Readonly<Record<string, number>>,
    report: Report,
  ) {
    super(report, 3, true);
  }
}

// analyze() with size names runs this (it does not import this module itself).
provideSymbolicAnalysis(analyzeSymbolic);
