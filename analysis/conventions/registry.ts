// The conventions by name: what `analyze(..., { convention })` and
// `--convention NAME` accept.
//
// fvcore, analyze()'s own counting, is built in (its name and unit: analyze()
// with no convention named reads nothing else). The other conventions, and
// fvcore's description, are not imported here, so that analyze() alone does
// not carry them (the CLI's start-up, a tree-shaken bundle): whoever loads the
// library says where they come from, once, with `provideConventions` --
// index.ts the built-in list (conventions/builtin.ts), the CLI's library
// script a loader of that module's script -- and the list is read the first
// time a convention is asked for by name, or the whole list. This source is,
// with the trace sink of core/dispatch.ts, the library's module-level state:
// set when the library loads, read-only afterwards.

import { ArgumentError, UnknownNameError } from '../../core/errors.js';
import type { Convention } from './convention.js';

/**
 * The default convention, fvcore's, as analyze() reads it: its name and
 * unit (analyze() counts fvcore's rules itself). Its description, which only
 * the list shows, is conventions/fvcore.ts's, read with the list.
 */
export const DEFAULT_CONVENTION: Convention = {
  name: 'fvcore',
  unit: 'MACs',
  tool: 'fvcore',
  source: 'analysis/handles.ts',
  leavesOut: '',
  count: () => {
    throw new ArgumentError('fvcore.count', 'trace', 'a trace', "analyze(), which counts fvcore's rules itself");
  },
};

/** Where the conventions (fvcore's description among them) come from: null once read (or if never given). */
let pending: (() => readonly Convention[]) | null = null;
/** The conventions read so far, by name, the default (fvcore) first. */
const known = new Map<string, Convention>([[DEFAULT_CONVENTION.name, DEFAULT_CONVENTION]]);

/**
 * Says where the conventions other than fvcore come from: `load` is called
 * once, the first time one of them (or the list) is asked for. Called by the
 * library's entry (index.ts) when it loads.
 */
export function provideConventions(load: () => readonly Convention[]): void {
  pending = load;
}

/** Every convention known, by name; reads the provided ones on first use. */
function knownConventions(): ReadonlyMap<string, Convention> {
  if (pending !== null) {
    const load = pending;
    pending = null;
    // (fvcore's described entry replaces the bare default.)
    for (const c of load()) if (!known.has(c.name) || c.name === DEFAULT_CONVENTION.name) known.set(c.name, c);
  }
  return known;
}

/** The conventions' names, the default (fvcore) first. */
export function conventionNames(): string[] {
  return [...knownConventions().keys()];
}

/** Every convention, the default first. */
export function conventions(): Convention[] {
  return [...knownConventions().values()];
}

/** The convention called `name`; an UnknownNameError listing the known ones otherwise. */
export function conventionByName(name: string): Convention {
  const c = typeof name === 'string' ? knownConventions().get(name) : undefined;
  if (c === undefined) throw new UnknownNameError('convention', String(name), conventionNames());
  return c;
}
