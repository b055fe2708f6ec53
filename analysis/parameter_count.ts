// parameter_count and parameter_count_table.

import { currentStructureVersion, type Module } from '../nn/module.js';
import { asciiTable } from './ascii_table.js';
import { formatParamSize, shapeTuple } from './format.js';

const COUNTS = new WeakMap<Module, { version: number; counts: ReadonlyMap<string, bigint> }>();

/** Elements per parameter name and per every prefix of it ('' is the total). */
export function parameterCount(model: Module): Map<string, bigint> {
  return new Map(cachedParameterCount(model));
}

/** parameterCount, shared until the model's structure changes (read-only). */
export function cachedParameterCount(model: Module): ReadonlyMap<string, bigint> {
  const hit = COUNTS.get(model);
  if (hit !== undefined && hit.version === currentStructureVersion()) return hit.counts;
  const counts = countParameters(model);
  COUNTS.set(model, { version: currentStructureVersion(), counts });
  return counts;
}

function countParameters(model: Module): Map<string, bigint> {
  // Summed as doubles while every sum is a safe integer (always, in practice),
  // exactly in bigint otherwise.
  const sums = new Map<string, number>();
  const params = model.namedParameters();
  // Like the reference's defaultdict: no '' key at all without parameters.
  if (params.length === 0) return new Map();
  sums.set('', 0);
  let safe = true;
  for (const [name, p] of params) {
    const size = Number(p.numel());
    let dot = -1;
    sums.set('', sums.get('')! + size);
    do {
      dot = name.indexOf('.', dot + 1);
      const prefix = dot === -1 ? name : name.slice(0, dot);
      const v = (sums.get(prefix) ?? 0) + size;
      if (!Number.isSafeInteger(v)) safe = false;
      sums.set(prefix, v);
    } while (dot !== -1);
  }
  if (!Number.isSafeInteger(sums.get('')!)) safe = false;
  const count = new Map<string, bigint>();
  if (safe) {
    for (const [k, v] of sums) count.set(k, BigInt(v));
    return count;
  }
  for (const k of sums.keys()) count.set(k, 0n);
  for (const [name, p] of params) {
    const size = p.numel();
    let dot = -1;
    count.set('', count.get('')! + size);
    do {
      dot = name.indexOf('.', dot + 1);
      const prefix = dot === -1 ? name : name.slice(0, dot);
      count.set(prefix, count.get(prefix)! + size);
    } while (dot !== -1);
  }
  return count;
}

/** Parameters per module and parameter down to `maxDepth`, with shapes for parameters. */
export function parameterCountTable(model: Module, maxDepth = 3): string {
  const count = cachedParameterCount(model);
  const shapes = new Map<string, readonly number[]>();
  for (const [name, p] of model.namedParameters()) shapes.set(name, p.shape);
  const children = childIndex(count.keys());
  const rows: string[][] = [['model', formatParamSize(count.get('') ?? 0n)]];
  const fill = (lvl: number, parent: string): void => {
    if (lvl >= maxDepth) return;
    for (const name of children.get(parent) ?? []) {
      const indent = ' '.repeat(lvl + 1);
      const shape = shapes.get(name);
      if (shape !== undefined) rows.push([indent + name, indent + shapeTuple(shape)]);
      else {
        rows.push([indent + name, indent + formatParamSize(count.get(name)!)]);
        fill(lvl + 1, name);
      }
    }
  };
  fill(0, '');
  return asciiTable(['name', '#elements or shape'], rows, `parameter count of ${model.typeName()}`);
}

const PARENTS = new Map<string, string>();

/** 'a.b' for 'a.b.c', '' for 'a'; remembered, as the same names recur on every call. */
export function parentName(name: string): string {
  let p = PARENTS.get(name);
  if (p === undefined) {
    if (PARENTS.size > 200000) PARENTS.clear();
    const dot = name.lastIndexOf('.');
    p = dot === -1 ? '' : name.slice(0, dot);
    PARENTS.set(name, p);
  }
  return p;
}

/** Children of each name, by dotted path, in the order the names come. */
export function childIndex(names: Iterable<string>): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const name of names) {
    if (name === '') continue;
    const parent = parentName(name);
    let list = children.get(parent);
    if (list === undefined) children.set(parent, (list = []));
    list.push(name);
  }
  return children;
}
