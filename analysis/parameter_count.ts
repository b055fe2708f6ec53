// parameter_count and parameter_count_table.

import type { Module } from '../nn/module.js';
import { buildModelTree, type ModelTree } from '../trace/model_tree.js';
import { asciiTable } from './ascii_table.js';
import { formatParamSize, shapeTuple } from './format.js';

/** Elements per parameter name and per every prefix of it ('' is the total). */
export function parameterCount(model: Module): Map<string, bigint> {
  return new Map(buildModelTree(model).parameterCounts);
}

/** Parameters per module and parameter down to `maxDepth`, with shapes for parameters. */
export function parameterCountTable(model: Module, maxDepth = 3): string {
  return parameterCountTableOf(buildModelTree(model), maxDepth);
}

/** parameterCountTable of a snapshot already taken. */
export function parameterCountTableOf(tree: ModelTree, maxDepth = 3): string {
  const count = tree.parameterCounts;
  const children = childIndex(tree, count.keys());
  const rows: string[][] = [['model', formatParamSize(count.get('') ?? 0n)]];
  const fill = (lvl: number, parent: string): void => {
    if (lvl >= maxDepth) return;
    for (const name of children.get(parent) ?? []) {
      const indent = ' '.repeat(lvl + 1);
      const param = tree.parameter(name);
      if (param !== undefined) rows.push([indent + name, indent + shapeTuple(param.shape)]);
      else {
        rows.push([indent + name, indent + formatParamSize(count.get(name)!)]);
        fill(lvl + 1, name);
      }
    }
  };
  fill(0, '');
  return asciiTable(['name', '#elements or shape'], rows, `parameter count of ${tree.root.typeName()}`);
}

/** Children of each name (by the tree's parent links), in the order the names come. */
function childIndex(tree: ModelTree, names: Iterable<string>): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const name of names) {
    const parent = tree.enclosingName(name);
    if (parent === undefined) continue;
    let list = children.get(parent);
    if (list === undefined) children.set(parent, (list = []));
    list.push(name);
  }
  return children;
}
