// parameter_count and parameter_count_table.

import { ArgumentError } from '../core/errors.js';
import { shownValue, type Module } from '../nn/module.js';
import { checkModel, modelSnapshot, ModelTree, type TreeParameter } from '../trace/model_tree.js';
import { asciiTable, centredTitle } from './ascii_table.js';
import { formatParamSize, shapeTuple } from './format.js';

/**
 * Elements per parameter name and per every prefix of it ('' is the total).
 * A model with a module that contains itself has counts too (PyTorch's
 * named_parameters ends on it); only its walk with repeats does not.
 */
export function parameterCount(model: Module): Map<string, bigint> {
  checkModel('parameterCount', model);
  return new Map(modelSnapshot(model).parameterCounts);
}

/** A model's parameter elements, split by `requiresGrad`. */
export interface ParameterSplit {
  /** Every parameter once (`parameterCount(model).get('')`). */
  readonly total: bigint;
  /** Parameters with `requiresGrad` true (the default). */
  readonly trainable: bigint;
  /** Parameters with `requiresGrad` false (`model.requiresGrad_(false)`, `new Parameter(shape, dtype, false)`). */
  readonly frozen: bigint;
}

/**
 * The parameter total split into trainable and frozen elements, each
 * parameter once (a tied weight is counted once, trainable unless it is
 * frozen): PyTorch's `sum(p.numel() for p in m.parameters() if p.requires_grad)`
 * and its complement.
 */
export function parameterCountSplit(model: Module): ParameterSplit {
  checkModel('parameterCountSplit', model);
  const tree = modelSnapshot(model);
  const total = tree.parameterTotals.module[0] ?? 0n;
  const frozen = frozenParameterCountOf(tree);
  return { total, trainable: total - frozen, frozen };
}

/**
 * Elements of the parameters of a snapshot whose `requiresGrad` is false now
 * (read live: requiresGrad is not part of a snapshot's structure, so a
 * snapshot reused for an unchanged model still sees it change).
 */
export function frozenParameterCountOf(tree: ModelTree): bigint {
  const params = tree.params.tensor;
  let counts: readonly bigint[] | undefined;
  let frozen = 0n;
  for (let i = 0; i < params.length; i++) {
    if (params[i]!.requiresGrad !== false) continue;
    counts ??= tree.parameterTotals.parameter;
    frozen += counts[i]!;
  }
  return frozen;
}

/** Parameters per module and parameter down to `maxDepth`, with shapes for parameters. */
export function parameterCountTable(model: Module, maxDepth = 3): string {
  checkModel('parameterCountTable', model);
  checkDepth(maxDepth);
  return parameterCountTableOf(modelSnapshot(model), maxDepth);
}

/** V8's longest string (2^29 - 24 characters). */
const MAX_TEXT = 2 ** 29 - 24;

function checkDepth(maxDepth: unknown): void {
  if (typeof maxDepth !== 'number' || Number.isNaN(maxDepth) || maxDepth < 0) {
    throw new ArgumentError('parameterCountTable', 'maxDepth', shownValue(maxDepth), 'a number >= 0 (or Infinity)');
  }
}

/** parameterCountTable of a snapshot already taken. */
export function parameterCountTableOf(tree: ModelTree, maxDepth = 3): string {
  if (!(tree instanceof ModelTree)) throw new ArgumentError('parameterCountTableOf', 'tree', shownValue(tree), 'a ModelTree (buildModelTree)');
  checkDepth(maxDepth);
  const count = tree.parameterCounts;
  const parameters = new Map(tree.parameters.map((p) => [p.name, p]));
  const children = childIndex(tree, parameters, count.keys());
  const rows: string[][] = [['model', formatParamSize(count.get('') ?? 0n)]];
  // Indentation is cut from one string of spaces (a slice costs no copy: a
  // deep model's rows are indented by their depth).
  let spaces = '';
  let w0 = 0;
  let w1 = 0;
  // Depth first, children in order, down to maxDepth: a walk with the next
  // child of each open name on a stack (a model may be nested 100,000 deep).
  const open: string[] = [''];
  const next: number[] = [0];
  while (open.length > 0 && maxDepth > 0) {
    const lvl = open.length - 1;
    const list = children.get(open[lvl]!) ?? [];
    const at = next[lvl]!;
    if (at >= list.length) {
      open.pop();
      next.pop();
      continue;
    }
    next[lvl] = at + 1;
    const name = list[at]!;
    if (spaces.length < lvl + 1) spaces = ' '.repeat(Math.max(2 * spaces.length, lvl + 1, 64));
    const indent = spaces.slice(0, lvl + 1);
    const param = parameters.get(name);
    const row = [indent + name, indent + (param !== undefined ? shapeTuple(param.shape) : formatParamSize(count.get(name)!))];
    rows.push(row);
    w0 = Math.max(w0, row[0]!.length);
    w1 = Math.max(w1, row[1]!.length);
    // Every row is padded to the widest: past the engine's longest string,
    // the table cannot be made.
    if (rows.length * (w0 + w1 + 7) > MAX_TEXT) {
      throw new ArgumentError('parameterCountTable', 'maxDepth', maxDepth, `a depth whose table fits in a JavaScript string (${rows.length} rows of ${w0 + w1 + 7} characters are too many)`);
    }
    if (param === undefined) {
      if (lvl + 1 < maxDepth) {
        open.push(name);
        next.push(0);
      }
    }
  }
  return asciiTable(['name', '#elements or shape'], rows, centredTitle(`parameter count of ${tree.root.typeName()}`));
}

/** Children of each name (by the tree's parent links), in the order the names come. */
function childIndex(tree: ModelTree, parameters: ReadonlyMap<string, TreeParameter>, names: Iterable<string>): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const name of names) {
    const parent = enclosingName(tree, parameters, name);
    if (parent === undefined) continue;
    let list = children.get(parent);
    if (list === undefined) children.set(parent, (list = []));
    list.push(name);
  }
  return children;
}

/**
 * The name `name` is listed under in a tree of names: a parameter's module
 * (`parameters`: the tree's, by name), a module's parent ('' for the root's
 * children); undefined for the root and for names not in the model.
 */
function enclosingName(tree: ModelTree, parameters: ReadonlyMap<string, TreeParameter>, name: string): string | undefined {
  const p = parameters.get(name);
  if (p !== undefined) return tree.canonicalNames[p.owner]!;
  const id = tree.ids.get(name);
  if (id === undefined) return undefined;
  const parent = tree.parents[id]!;
  return parent === -1 ? undefined : tree.canonicalNames[parent]!;
}
